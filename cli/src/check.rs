//! `discovery check`: diagnostics, gaps and completeness of a returned questionnaire.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use discovery::analyse::GapSeverity;
use discovery::Checked;

use crate::files::Input;
use crate::{common, Global};

/// Arguments of `discovery check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The returned questionnaire: .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or a profile .json (`-`: standard input).
    file: OsString,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Compiler-style lines, gaps grouped by severity, and a completeness line.
    Human,
    /// `{"diagnostics": [...], "gaps": [...], "completeness": {...}}`.
    Json,
}

pub fn run(args: Args, global: Global) -> anyhow::Result<ExitCode> {
    let checked = match common::check(&discovery::Converter::new(), &Input::new(&args.file)) {
        Ok(checked) => checked,
        Err(message) => return Ok(common::unreadable(&message)),
    };
    let mut text = Vec::new();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut text, &checked.output())?;
            text.push(b'\n');
        }
        Format::Human => write_human(&mut text, &checked, global.quiet)?,
    }
    common::write_styled_stdout(&text)?;
    Ok(common::exit_for(&checked.imported.diagnostics))
}

fn gap_style(severity: GapSeverity) -> Style {
    let color = match severity {
        GapSeverity::High => AnsiColor::Red,
        GapSeverity::Medium => AnsiColor::Yellow,
        GapSeverity::Low => AnsiColor::Blue,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// The human report: diagnostics, then gaps by severity, then completeness.
pub fn write_human(out: &mut dyn Write, checked: &Checked, quiet: bool) -> std::io::Result<()> {
    let diagnostics = &checked.imported.diagnostics;
    let shown: Vec<_> =
        diagnostics.iter().filter(|d| !quiet || d.severity == discovery::Severity::Error).cloned().collect();
    common::write_diagnostics(out, &shown)?;
    if !shown.is_empty() {
        writeln!(out)?;
    }
    let analysis = &checked.analysis;
    let bold = Style::new().bold();
    for severity in [GapSeverity::High, GapSeverity::Medium, GapSeverity::Low] {
        let gaps: Vec<_> = analysis.gaps.iter().filter(|g| g.severity == severity).collect();
        if gaps.is_empty() {
            continue;
        }
        let style = gap_style(severity);
        writeln!(out, "{style}{} gaps ({}){style:#}", severity.as_str(), gaps.len())?;
        for gap in gaps {
            let place = match (gap.locations.first(), gap.keys.first()) {
                (Some(location), Some(key)) => format!("{location} ({key})"),
                (None, Some(key)) => key.clone(),
                (Some(location), None) => location.clone(),
                (None, None) => String::new(),
            };
            let place = if place.is_empty() { String::new() } else { format!("{place}: ") };
            writeln!(out, "  {bold}[{}]{bold:#} {place}{}", gap.id, gap.detail)?;
            writeln!(out, "      ask: {}", gap.follow_up)?;
        }
        writeln!(out)?;
    }
    let c = &analysis.completeness;
    let sections: Vec<String> = c.sections.iter().map(|s| format!("{} {:.1} %", s.section, s.percent)).collect();
    writeln!(
        out,
        "{bold}completeness{bold:#}: {:.1} % ({}); gaps: {} high, {} medium, {} low; diagnostics: {} errors, {} warnings",
        c.overall,
        sections.join(", "),
        analysis.count(GapSeverity::High),
        analysis.count(GapSeverity::Medium),
        analysis.count(GapSeverity::Low),
        diagnostics.iter().filter(|d| d.severity == discovery::Severity::Error).count(),
        diagnostics.iter().filter(|d| d.severity == discovery::Severity::Warning).count(),
    )
}
