//! The end of a batch: the failures named, the index and the overview written, one summary line.

use std::path::Path;
use std::process::ExitCode;

use discovery::analyse::GapSeverity;
use discovery::portfolio::{IndexRows, Skipped, Status};
use discovery::Converter;

use crate::files;
use crate::previous::Previous;
use crate::{common, Global};

/// How many skipped files the summary line names; the rest are in `index.json`.
const NAMED: usize = 3;

/// Names each failed file, writes `index.csv`, `index.json` and `portfolio.pdf`, prints the summary, and
/// gives the exit code: 0 all converted, 1 some failed, 2 no questionnaire or the index not written.
///
/// The rows and the previous round are taken: what the summary says of them is worked out first, and the
/// previous round is let go before the index is written and the rows once the overview has drawn them, so
/// that the end of a large batch needs little more memory than its rows.
pub fn finish(
    converter: &Converter,
    previous: Option<Previous>,
    rows: IndexRows,
    skipped: &[Skipped],
    out_dir: &Path,
    shown_out: &Path,
    global: Global,
) -> ExitCode {
    let (summary, failed) = failures_and_summary(&rows, skipped, shown_out);
    let since_previous = previous.as_ref().map(|previous| crate::previous::summary(previous, rows.iter()));
    drop(previous);
    let empty = rows.is_empty();
    if let Err(message) = write_index(converter, since_previous.is_some(), rows, skipped, out_dir) {
        common::error(&message);
        return ExitCode::from(common::EXIT_UNREADABLE);
    }
    if empty {
        common::error(&nothing_found(skipped));
        return ExitCode::from(common::EXIT_UNREADABLE);
    }
    common::note(&summary, global.quiet);
    if let Some(since_previous) = since_previous {
        common::note(&since_previous, global.quiet);
    }
    if failed > 0 {
        ExitCode::from(common::EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

/// Names each failed file, and gives the summary line (the files counted by status, the skipped ones, the
/// gaps by severity, where the output is) and how many failed. Each failure is said before the index is
/// written, so that none is lost if writing the index fails.
fn failures_and_summary(rows: &IndexRows, skipped: &[Skipped], shown_out: &Path) -> (String, usize) {
    // One pass: each row is made again from the packed rows to be read.
    let (mut ok, mut blank, mut failed, mut gaps) = (0, 0, 0, [0; 3]);
    for row in rows.iter() {
        match row.status {
            Status::Ok => ok += 1,
            Status::Blank => blank += 1,
            _ => {
                common::error(&format!("{}: {}", row.file, row.error));
                failed += 1;
            }
        }
        for (n, severity) in gaps.iter_mut().zip([GapSeverity::High, GapSeverity::Medium, GapSeverity::Low]) {
            *n += row.gaps(severity);
        }
    }
    let blank = if blank > 0 { format!(", {blank} blank") } else { String::new() };
    let line = format!(
        "{} files: {ok} converted{blank}, {failed} failed{}; gaps: {} high, {} medium, {} low; output in {}",
        rows.len(),
        skipped_summary(skipped, ", "),
        gaps[0],
        gaps[1],
        gaps[2],
        shown_out.display()
    );
    (line, failed)
}

fn write_index(
    converter: &Converter,
    since_previous: bool,
    rows: IndexRows,
    skipped: &[Skipped],
    out_dir: &Path,
) -> Result<(), String> {
    // The index and the overview go to their files as they are made: for thousands of files the index is
    // megabytes of text, and the overview hundreds of pages.
    files::write_atomically_with(&out_dir.join("index.csv"), |out| {
        discovery::portfolio::write_index_csv(rows.iter(), out)
    })
    .map_err(|e| e.to_string())?;
    files::write_atomically_with(&out_dir.join("index.json"), |out| {
        discovery::portfolio::write_index_json(rows.iter(), skipped, out)
    })
    .map_err(|e| e.to_string())?;
    // A failure to draw the overview is said as it is; a failure to write it, as any file's.
    let mut not_drawn = None;
    files::write_atomically_with(&out_dir.join("portfolio.pdf"), |out| {
        converter.write_portfolio_pdf(rows, since_previous, out).map_err(|error| {
            match std::error::Error::source(&error).and_then(|s| s.downcast_ref::<std::io::Error>()) {
                Some(io) => std::io::Error::new(io.kind(), io.to_string()),
                None => {
                    let io = std::io::Error::other(error.message().to_owned());
                    not_drawn = Some(error);
                    io
                }
            }
        })
    })
    .map_err(|e| not_drawn.map_or_else(|| e.to_string(), |error| error.to_string()))
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
