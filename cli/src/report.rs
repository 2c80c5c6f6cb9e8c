//! `discovery report`: the PDF report a lead engineer prepares the discovery session from.

use std::ffi::OsString;
use std::process::ExitCode;

use discovery::Severity;

use crate::files::{self, Input, Output};
use crate::{common, Global};

/// Arguments of `discovery report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Without -o, the report is written beside the input with the extension .pdf \
    (in/acme.xlsx -> in/acme.pdf). The input itself is never overwritten; the report is written to a \
    temporary file and renamed into place, so a reader never sees half a PDF. `-o -` writes it to standard \
    output.\n\n\
    Exit codes: 0 written; 1 with --strict and answers that could not be read (nothing written); \
    2 the file could not be read or the report not written.")]
pub struct Args {
    /// The returned questionnaire: .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or a profile .json (`-`: standard input).
    file: OsString,
    /// Write the report to FILE.pdf instead of beside the input.
    #[arg(short, long, value_name = "FILE.pdf")]
    output: Option<OsString>,
    /// Refuse to write a report when any answer could not be read (error diagnostics); exit 1 instead.
    /// Without it, unreadable answers are flagged in the report.
    #[arg(long)]
    strict: bool,
    /// The vendor's previous return (any format discovery reads): the report gains a part "Changes since the
    /// previous return" and marks each changed answer.
    #[arg(long, value_name = "OLD")]
    previous: Option<OsString>,
    /// Replace FILE.pdf even when it holds something other than a PDF (a workbook, a profile JSON, text).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, global: Global) -> anyhow::Result<ExitCode> {
    let input = Input::new(&args.file);
    let output = match (&args.output, &input) {
        (Some(output), _) => Output::new(output),
        (None, Input::Path(path)) => Output::Path(path.with_extension("pdf")),
        (None, Input::Stdin) => {
            anyhow::bail!("standard input: name the report's file with -o (`-o -` for standard output)")
        }
    };
    let previous = args.previous.as_deref().map(Input::new);
    if matches!((&input, &previous), (Input::Stdin, Some(Input::Stdin))) {
        anyhow::bail!(common::ONE_STDIN);
    }
    let inputs: Vec<files::Identity> =
        [Some(&input), previous.as_ref()].into_iter().flatten().filter_map(Input::identity).collect();
    files::check_output(&output, &inputs)?;
    if let Some(code) = common::keep_other_kind(&output, files::Kind::Pdf, args.force) {
        return Ok(code);
    }
    let converter = discovery::Converter::new();
    let checked = match common::check(&converter, &input) {
        Ok(checked) => checked,
        Err(message) => return Ok(common::unreadable(&message)),
    };
    let changes = match &previous {
        Some(previous) => match common::import(&converter, previous) {
            Ok(previous) => {
                if let Some(warning) = common::other_vendor(&previous.profile, &checked.imported.profile) {
                    common::warning(&warning, global.quiet);
                }
                Some(checked.changes_since(&previous.profile))
            }
            Err(message) => return Ok(common::unreadable(&message)),
        },
        None => None,
    };
    let diagnostics = &checked.imported.diagnostics;
    common::print_diagnostics(diagnostics, global.quiet);
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    if args.strict && errors > 0 {
        common::error(&format!(
            "{}: {errors} answer{} could not be read; no report written (--strict)",
            input.shown(),
            if errors == 1 { "" } else { "s" }
        ));
        return Ok(ExitCode::from(common::EXIT_ERRORS));
    }
    let rendered = match converter.report_with_changes(&checked, changes.as_ref()) {
        Ok(rendered) => rendered,
        Err(error) => return Ok(common::unreadable(&common::library_error(&input, &error))),
    };
    if !rendered.missing_chars.is_empty() {
        let listed: Vec<String> =
            rendered.missing_chars.iter().map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect();
        common::warning(
            &format!("no embedded font has these characters; they are drawn as ?: {}", listed.join(", ")),
            global.quiet,
        );
    }
    if let Err(error) = files::write_output(&output, &rendered.pdf) {
        return Ok(common::unreadable(&error));
    }
    let a = &checked.analysis;
    if files::stdout_closed() {
        return Ok(ExitCode::SUCCESS);
    }
    let place = output.shown();
    common::note(
        &format!(
            "wrote {place}: {:.1} % complete; gaps: {} high, {} medium, {} low",
            a.completeness.overall,
            a.count(discovery::analyse::GapSeverity::High),
            a.count(discovery::analyse::GapSeverity::Medium),
            a.count(discovery::analyse::GapSeverity::Low)
        ),
        global.quiet,
    );
    if let Some(changes) = &changes {
        common::note(
            &format!(
                "since the previous return: {:+.1} points of completeness; gaps: {} closed, {} opened; {} answers \
                 changed{}",
                changes.completeness_change(),
                changes.gaps.closed.len(),
                changes.gaps.opened.len(),
                changes.answers_changed(),
                match changes.notes_changed() {
                    0 => String::new(),
                    n => format!(", {n} notes"),
                }
            ),
            global.quiet,
        );
    }
    Ok(ExitCode::SUCCESS)
}
