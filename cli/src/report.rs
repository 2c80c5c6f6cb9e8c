//! `discovery report`: the PDF report a lead engineer prepares the discovery session from.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use discovery::Severity;

use crate::common;

/// Arguments of `discovery report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Without -o, the report is written beside the input with the extension .pdf \
    (in/acme.xlsx -> in/acme.pdf). The input itself is never overwritten; the report is written to a \
    temporary file and renamed into place, so a reader never sees half a PDF.\n\n\
    Exit codes: 0 written; 1 with --strict and answers that could not be read (nothing written); \
    2 the file could not be read or the report not written.")]
pub struct Args {
    /// The returned questionnaire: .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or a profile .json.
    file: PathBuf,
    /// Write the report to FILE.pdf instead of beside the input.
    #[arg(short, long, value_name = "FILE.pdf")]
    output: Option<PathBuf>,
    /// Refuse to write a report when any answer could not be read (error diagnostics); exit 1 instead.
    /// Without it, unreadable answers are flagged in the report.
    #[arg(long)]
    strict: bool,
    /// The vendor's previous return (any format discovery reads): the report gains a part "Changes since the
    /// previous return" and marks each changed answer.
    #[arg(long, value_name = "OLD")]
    previous: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let output = args.output.clone().unwrap_or_else(|| args.file.with_extension("pdf"));
    if same_file(&output, &args.file) {
        anyhow::bail!("{}: the report would overwrite its input; name another file with -o", output.display());
    }
    let converter = discovery::Converter::new();
    let checked = match converter.check(&args.file) {
        Ok(checked) => checked,
        Err(error) => return Ok(common::unreadable(&error)),
    };
    let changes = match &args.previous {
        Some(previous) => match converter.import(previous) {
            Ok(previous) => Some(checked.changes_since(&previous.profile)),
            Err(error) => return Ok(common::unreadable(&error)),
        },
        None => None,
    };
    let diagnostics = &checked.imported.diagnostics;
    common::print_diagnostics(diagnostics);
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    if args.strict && errors > 0 {
        eprintln!(
            "error: {errors} answer{} could not be read; no report written (--strict)",
            if errors == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(common::EXIT_ERRORS));
    }
    let rendered = match converter.report_with_changes(&checked, changes.as_ref()) {
        Ok(rendered) => rendered,
        Err(error) => return Ok(common::unreadable(&error)),
    };
    if !rendered.missing_chars.is_empty() {
        let listed: Vec<String> =
            rendered.missing_chars.iter().map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect();
        eprintln!("warning: no embedded font has these characters; they are drawn as ?: {}", listed.join(", "));
    }
    if let Err(error) = crate::output::write_atomically(&output, &rendered.pdf) {
        return Ok(common::unreadable(&error));
    }
    let a = &checked.analysis;
    eprintln!(
        "wrote {}: {:.1} % complete; gaps: {} high, {} medium, {} low",
        output.display(),
        a.completeness.overall,
        a.count(discovery::analyse::GapSeverity::High),
        a.count(discovery::analyse::GapSeverity::Medium),
        a.count(discovery::analyse::GapSeverity::Low)
    );
    if let Some(changes) = &changes {
        eprintln!(
            "since the previous return: {:+.1} points of completeness; gaps: {} closed, {} opened; {} answers changed",
            changes.completeness_change(),
            changes.gaps.closed.len(),
            changes.gaps.opened.len(),
            changes.changes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether two paths name the same file (an output path that does not exist yet names no input).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
