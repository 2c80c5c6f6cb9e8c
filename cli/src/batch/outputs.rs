//! The end of a batch: the failures named, the index and the overview written, one summary line.

use std::path::Path;
use std::process::ExitCode;

use discovery::analyse::GapSeverity;
use discovery::portfolio::{IndexRow, Skipped, Status};
use discovery::Converter;

use crate::files;
use crate::previous::Previous;
use crate::{common, Global};

/// How many skipped files the summary line names; the rest are in `index.json`.
const NAMED: usize = 3;

/// Names each failed file, writes `index.csv`, `index.json` and `portfolio.pdf`, prints the summary, and
/// gives the exit code: 0 all converted, 1 some failed, 2 no questionnaire or the index not written.
pub fn finish(
    converter: &Converter,
    previous: Option<&Previous>,
    rows: &[IndexRow],
    skipped: &[Skipped],
    out_dir: &Path,
    shown_out: &Path,
    global: Global,
) -> ExitCode {
    // Each failure is said before the index is written, so that none is lost if writing the index fails.
    for row in rows.iter().filter(|r| r.status == Status::Failed) {
        common::error(&format!("{}: {}", row.file, row.error));
    }
    if let Err(message) = write_index(converter, previous.is_some(), rows, skipped, out_dir) {
        common::error(&message);
        return ExitCode::from(common::EXIT_UNREADABLE);
    }
    let count = |status: Status| rows.iter().filter(|r| r.status == status).count();
    let failed = count(Status::Failed);
    if rows.is_empty() {
        common::error(&nothing_found(skipped));
        return ExitCode::from(common::EXIT_UNREADABLE);
    }
    let gaps = |s: GapSeverity| rows.iter().map(|r| r.gaps(s)).sum::<usize>();
    let blank = count(Status::Blank);
    let blank = if blank > 0 { format!(", {blank} blank") } else { String::new() };
    common::note(
        &format!(
            "{} files: {} converted{blank}, {failed} failed{}; gaps: {} high, {} medium, {} low; output in {}",
            rows.len(),
            count(Status::Ok),
            skipped_summary(skipped, ", "),
            gaps(GapSeverity::High),
            gaps(GapSeverity::Medium),
            gaps(GapSeverity::Low),
            shown_out.display()
        ),
        global.quiet,
    );
    if let Some(previous) = previous {
        common::note(&crate::previous::summary(previous, rows), global.quiet);
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(common::EXIT_ERRORS)
    }
}

fn write_index(
    converter: &Converter,
    since_previous: bool,
    rows: &[IndexRow],
    skipped: &[Skipped],
    out_dir: &Path,
) -> Result<(), String> {
    // The index goes to its files as it is made: for thousands of files it is megabytes of text.
    files::write_atomically_with(&out_dir.join("index.csv"), |out| discovery::portfolio::write_index_csv(rows, out))
        .map_err(|e| e.to_string())?;
    files::write_atomically_with(&out_dir.join("index.json"), |out| {
        discovery::portfolio::write_index_json(rows, skipped, out)
    })
    .map_err(|e| e.to_string())?;
    let overview =
        if since_previous { converter.portfolio_pdf_since_previous(rows) } else { converter.portfolio_pdf(rows) };
    let overview = overview.map_err(|e| e.to_string())?;
    files::write_atomically(&out_dir.join("portfolio.pdf"), &overview).map_err(|e| e.to_string())
}

/// The message of a batch that found nothing to convert.
pub fn nothing_found(skipped: &[Skipped]) -> String {
    if skipped.is_empty() {
        "no questionnaire found: the inputs hold no .xlsx, .xlsm, .xls, .xlsb, .ods, .csv or .json file".to_owned()
    } else {
        format!("no questionnaire found{}", skipped_summary(skipped, ": "))
    }
}

/// `, 3 skipped (notes.pdf: not a questionnaire (.pdf), ...)`: the skipped files counted and the first few
/// named; empty when none was skipped.
pub fn skipped_summary(skipped: &[Skipped], lead: &str) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut named: Vec<String> = skipped.iter().take(NAMED).map(|s| format!("{}: {}", s.file, s.reason)).collect();
    if skipped.len() > NAMED {
        named.push(format!("and {} more, listed in index.json", skipped.len() - NAMED));
    }
    format!("{lead}{} skipped ({})", skipped.len(), named.join("; "))
}
