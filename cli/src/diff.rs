//! `discovery diff`: what changed between two returns of the same vendor.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use discovery::analyse::{Gap, GapSeverity};
use discovery::diff::{diff, Change, ChangeKind, Diff};
use discovery::profile::{Profile, State};
use serde_json::Value;

use crate::files::Input;
use crate::{common, Global};

/// Arguments of `discovery diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Both files may be in any format discovery reads (a workbook, a CSV, a profile JSON). \
    Table rows are matched by name (components, data stores, milestones) or by type and focus area \
    (engagements); a gap is the same gap in both returns when its rule and its keys match.\n\n\
    Exit codes: 0 compared (whatever changed); 2 a file could not be read.")]
pub struct Args {
    /// The earlier return (`-`: standard input).
    old: OsString,
    /// The later return (`-`: standard input).
    new: OsString,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A short changelog, most important first: gaps closed and opened, answers changed, completeness.
    Human,
    /// `{"changes": [...], "gaps": {"closed", "opened", "still_open"}, "completeness": {"old", "new"}}`.
    Json,
}

pub fn run(args: Args, global: Global) -> anyhow::Result<ExitCode> {
    let inputs = [Input::new(&args.old), Input::new(&args.new)];
    if inputs.iter().all(|i| matches!(i, Input::Stdin)) {
        anyhow::bail!(common::ONE_STDIN);
    }
    let converter = discovery::Converter::new();
    let mut profiles = Vec::new();
    for input in &inputs {
        match common::import(&converter, input) {
            Ok(imported) => profiles.push(imported.profile),
            Err(message) => return Ok(common::unreadable(&message)),
        }
    }
    if let Some(warning) = common::other_vendor(&profiles[0], &profiles[1]) {
        common::warning(&warning, global.quiet);
    }
    let changes = diff(&profiles[0], &profiles[1]);
    // Written whole, then once to standard output: a closed pipe (`| head`) ends the command quietly.
    let written = match args.format {
        Format::Json => {
            let mut json = serde_json::to_vec_pretty(&changes)?;
            json.push(b'\n');
            crate::files::write_stdout(&json)
        }
        Format::Human => {
            let mut text = Vec::new();
            write_human(&mut text, &profiles[1], &changes)?;
            common::write_styled_stdout(&text)
        }
    };
    if let Err(error) = written {
        return Ok(common::unreadable(&error));
    }
    Ok(ExitCode::SUCCESS)
}

fn severity_style(severity: GapSeverity) -> Style {
    let color = match severity {
        GapSeverity::High => AnsiColor::Red,
        GapSeverity::Medium => AnsiColor::Yellow,
        GapSeverity::Low => AnsiColor::Blue,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// `Profile!D14 (key)`, or the key alone.
fn place(location: Option<&str>, key: &str) -> String {
    match location {
        Some(location) => format!("{location} ({key})"),
        None => key.to_owned(),
    }
}

fn gap_line(out: &mut dyn Write, mark: &str, gap: &Gap) -> std::io::Result<()> {
    let bold = Style::new().bold();
    let key = gap.keys.first().map_or("", String::as_str);
    writeln!(
        out,
        "  {mark} {bold}[{}]{bold:#} {}: {}",
        gap.id,
        place(gap.locations.first().map(String::as_str), key),
        gap.title
    )
}

/// An answer as the changelog quotes it: its value, or its state with the text as written.
fn answer(value: Option<&Value>, state: State) -> String {
    let text = match value {
        None => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => {
            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect::<Vec<_>>().join("; ")
        }
        Some(Value::Object(fields)) => fields
            .values()
            .take(2)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    };
    let text = text.replace('\n', " ");
    let text =
        if text.chars().count() > 60 { format!("{}…", text.chars().take(59).collect::<String>()) } else { text };
    let quoted = matches!(value, Some(Value::String(_) | Value::Array(_) | Value::Object(_)));
    let text = if quoted { format!("\"{text}\"") } else { text };
    match state {
        State::Answered => text,
        State::Missing => "nothing".to_owned(),
        other => format!("{} {text}", other.as_str().replace('_', " ")),
    }
}

fn change_line(out: &mut dyn Write, change: &Change) -> std::io::Result<()> {
    let notes = change.notes.as_ref().map(|n| {
        let side = |text: Option<&String>| match text {
            Some(text) => format!("\"{}\"", text.replace('\n', " / ")),
            None => "none".to_owned(),
        };
        format!("notes {} -> {}", side(n.old.as_ref()), side(n.new.as_ref()))
    });
    if change.notes_only() {
        let notes = notes.unwrap_or_default();
        return writeln!(out, "  ~ {}: {notes}", place(change.location.as_deref(), &change.key));
    }
    let (mark, mut what) = match change.kind {
        ChangeKind::Added => ("+", format!("added {}", answer(change.new.as_ref(), change.new_state))),
        ChangeKind::Removed => ("-", format!("removed (was {})", answer(change.old.as_ref(), change.old_state))),
        _ => (
            "~",
            format!(
                "{} -> {}",
                answer(change.old.as_ref(), change.old_state),
                answer(change.new.as_ref(), change.new_state)
            ),
        ),
    };
    if let Some(notes) = notes {
        what.push_str(&format!("; {notes}"));
    }
    writeln!(out, "  {mark} {}: {what}", place(change.location.as_deref(), &change.key))
}

/// The changelog: the vendor and the completeness, then the gaps closed and opened by severity (high
/// first, closed before opened), the answers changed, the gaps still open, and completeness per section.
pub fn write_human(out: &mut dyn Write, new: &Profile, d: &Diff) -> std::io::Result<()> {
    let bold = Style::new().bold();
    let who: Vec<&str> =
        [new.meta.company_name.as_deref(), new.meta.solution_name.as_deref()].into_iter().flatten().collect();
    let (old_c, new_c) = (&d.completeness.old, &d.completeness.new);
    writeln!(
        out,
        "{bold}{}{bold:#}: {:.1} % -> {:.1} % complete ({:+.1}); gaps: {} closed, {} opened, {} still open",
        if who.is_empty() { "the questionnaire".to_owned() } else { who.join(" — ") },
        old_c.overall,
        new_c.overall,
        d.completeness_change(),
        d.gaps.closed.len(),
        d.gaps.opened.len(),
        d.gaps.still_open.len()
    )?;
    let green = Style::new().bold().fg_color(Some(AnsiColor::Green.into()));
    for severity in GapSeverity::ALL {
        let closed: Vec<&Gap> = d.gaps.closed.iter().filter(|g| g.severity == severity).collect();
        let opened: Vec<&Gap> = d.gaps.opened.iter().filter(|g| g.severity == severity).collect();
        if !closed.is_empty() {
            writeln!(out, "\n{green}closed {} gaps ({}){green:#}", severity.as_str(), closed.len())?;
            for gap in closed {
                gap_line(out, "✓", gap)?;
            }
        }
        if !opened.is_empty() {
            let style = severity_style(severity);
            writeln!(out, "\n{style}new {} gaps ({}){style:#}", severity.as_str(), opened.len())?;
            for gap in opened {
                gap_line(out, "!", gap)?;
            }
        }
    }
    writeln!(out, "\n{bold}answers changed ({}){bold:#}", d.answers_changed())?;
    if d.answers_changed() == 0 {
        writeln!(out, "  none")?;
    }
    for change in d.changes.iter().filter(|c| !c.notes_only()) {
        change_line(out, change)?;
    }
    if d.notes_changed() > 0 {
        writeln!(out, "\n{bold}notes changed ({}){bold:#}", d.notes_changed())?;
        for change in d.changes.iter().filter(|c| c.notes_only()) {
            change_line(out, change)?;
        }
    }
    if !d.gaps.still_open.is_empty() {
        let count = |s: GapSeverity| d.gaps.still_open.iter().filter(|g| g.severity == s).count();
        writeln!(
            out,
            "\n{bold}still open{bold:#}: {} high, {} medium, {} low",
            count(GapSeverity::High),
            count(GapSeverity::Medium),
            count(GapSeverity::Low)
        )?;
    }
    let sections: Vec<String> = old_c
        .sections
        .iter()
        .zip(&new_c.sections)
        .filter(|(a, b)| a.percent != b.percent)
        .map(|(a, b)| format!("{} {:.1} % -> {:.1} %", a.section, a.percent, b.percent))
        .collect();
    let sections = if sections.is_empty() { "no section changed".to_owned() } else { sections.join(", ") };
    writeln!(out, "\n{bold}completeness{bold:#}: {sections}")
}
