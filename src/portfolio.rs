//! The portfolio: one row per converted questionnaire, written as `index.csv` and `index.json` and drawn as
//! the overview PDF, so the program office sees at a glance who needs chasing for what.

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};

#[cfg(feature = "render")]
use sha2::{Digest, Sha256};

use crate::analyse::GapSeverity;
use crate::diff::{Diff, Progress};
use crate::profile::{Answers, Engagement, Profile, State, QUESTIONS};
#[cfg(feature = "render")]
use crate::render::{
    portfolio::{draw_overview, render_overview, write_drawn, OverviewRow, PortfolioRow},
    Fonts,
};
use crate::{Checked, Error, ErrorKind, Result};

mod rows;

pub use rows::IndexRows;

/// Whether a file converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// A report and a profile were written.
    Ok,
    /// A report and a profile were written, but the questionnaire holds no answer at all: the blank
    /// template sent back.
    Blank,
    /// The file could not be read or written; see the row's error.
    Failed,
}

impl Status {
    /// The word the index uses: `ok`, `blank`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Blank => "blank",
            Status::Failed => "failed",
        }
    }
}

/// Whether a profile holds no answer at all: every question empty, no table row, no note and no unmatched
/// text. A blank template sent back reads so; so does a template `discovery template` may overwrite.
///
/// ```
/// let mut profile = discovery::profile::Profile::default();
/// assert!(discovery::portfolio::is_blank(&profile));
/// profile.meta.company_name = Some("Contoso".into());
/// assert!(!discovery::portfolio::is_blank(&profile));
/// ```
pub fn is_blank(profile: &Profile) -> bool {
    let answers = Answers::new(profile);
    profile.notes.is_empty()
        && profile.unmatched.is_empty()
        && QUESTIONS.iter().all(|q| answers.state(q.key) == State::Missing)
}

/// A file a batch found but did not convert, because it is no questionnaire: its path and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Skipped {
    /// The file or folder, as found.
    pub file: String,
    /// Why it was skipped: `not a questionnaire extension (.pdf)`, `not a discovery profile`.
    pub reason: String,
}

impl Skipped {
    /// A file skipped for `reason`.
    pub fn new(file: impl Into<String>, reason: impl Into<String>) -> Skipped {
        Skipped { file: file.into(), reason: reason.into() }
    }
}

/// A batch's `index.json`: a row per questionnaire, and the files skipped.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Index {
    /// One row per questionnaire, converted or failed, in the order of their paths.
    pub files: Vec<IndexRow>,
    /// The files found that are no questionnaire, with why.
    pub skipped: Vec<Skipped>,
}

/// One input file of a batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IndexRow {
    /// The input file as given.
    pub file: String,
    /// The vendor's company name, when it was read.
    pub company: String,
    /// The solution's name, when it was read.
    pub solution: String,
    /// Whether it converted.
    pub status: Status,
    /// Why it failed (empty when it converted).
    pub error: String,
    /// Overall completeness in percent.
    pub completeness: Option<f64>,
    /// High-severity gaps.
    pub gaps_high: usize,
    /// Medium-severity gaps.
    pub gaps_medium: usize,
    /// Low-severity gaps.
    pub gaps_low: usize,
    /// Error diagnostics (answers that could not be read).
    pub errors: usize,
    /// The engagements requested, each as [`Engagement::label`] gives it: `type (priority)`.
    pub engagements: Vec<String>,
    /// The ids of the gap rules that fired, each once, in rule order.
    pub gap_rules: Vec<String>,
    /// The report's file name in the output folder.
    pub report: String,
    /// The profile JSON's file name in the output folder.
    pub profile: String,
    /// Since the previous round (`batch --previous`): the previous round's profile JSON this questionnaire
    /// was compared with; empty when it is new, or when there was no previous round.
    pub previous_file: String,
    /// Since the previous round: the change of completeness, in points (`6.4`, `-2.0`).
    pub completeness_change: Option<f64>,
    /// Since the previous round: the previous return's gaps this one closed.
    pub gaps_closed: Option<usize>,
    /// Since the previous round: the gaps this return opened.
    pub gaps_opened: Option<usize>,
}

/// The index's columns about the previous round, after the others; one place for the CSV's header and rows.
const PREVIOUS_COLUMNS: [&str; 4] = ["previous_file", "completeness_change", "gaps_closed", "gaps_opened"];

impl IndexRow {
    /// The same row, compared with the previous round's profile JSON `previous_file`.
    pub fn with_previous(mut self, previous_file: &str, changes: &Diff) -> IndexRow {
        self.previous_file = previous_file.to_owned();
        self.completeness_change = Some(changes.completeness_change());
        self.gaps_closed = Some(changes.gaps.closed.len());
        self.gaps_opened = Some(changes.gaps.opened.len());
        self
    }

    /// How the questionnaire moved since the previous round: new when it was not compared with a previous
    /// return; `None` for a file that failed.
    pub fn progress(&self) -> Option<Progress> {
        if self.status != Status::Ok {
            return None;
        }
        match (self.completeness_change, self.gaps_closed, self.gaps_opened) {
            (Some(change), Some(closed), Some(opened)) => Some(Progress::of(change, closed, opened)),
            _ => Some(Progress::New),
        }
    }

    /// The CSV cells of [`PREVIOUS_COLUMNS`].
    fn previous_cells(&self) -> [String; 4] {
        let count = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        [
            self.previous_file.clone(),
            self.completeness_change.map(|c| format!("{c:.1}")).unwrap_or_default(),
            count(self.gaps_closed),
            count(self.gaps_opened),
        ]
    }
}

impl IndexRow {
    /// The row of a file that converted.
    pub fn converted(file: &str, checked: &Checked, report: &str, profile: &str) -> IndexRow {
        let p = &checked.imported.profile;
        let analysis = &checked.analysis;
        let mut gap_rules: Vec<String> = Vec::new();
        for rule in crate::analyse::RULES {
            if analysis.gaps.iter().any(|g| g.id == rule.id) {
                gap_rules.push(rule.id.to_string());
            }
        }
        IndexRow {
            file: file.to_owned(),
            company: p.meta.company_name.clone().unwrap_or_default(),
            solution: p.meta.solution_name.clone().unwrap_or_default(),
            // The analysis has already found every question's state: blank when all are missing.
            status: if p.notes.is_empty()
                && p.unmatched.is_empty()
                && analysis.completeness.tally.missing as usize == QUESTIONS.len()
            {
                Status::Blank
            } else {
                Status::Ok
            },
            error: String::new(),
            completeness: Some(analysis.completeness.overall),
            gaps_high: analysis.count(GapSeverity::High),
            gaps_medium: analysis.count(GapSeverity::Medium),
            gaps_low: analysis.count(GapSeverity::Low),
            errors: checked.imported.diagnostics.iter().filter(|d| d.severity == crate::Severity::Error).count(),
            engagements: p.engagements.iter().map(Engagement::label).collect(),
            gap_rules,
            report: report.to_owned(),
            profile: profile.to_owned(),
            previous_file: String::new(),
            completeness_change: None,
            gaps_closed: None,
            gaps_opened: None,
        }
    }

    /// The row of a file that failed.
    pub fn failed(file: &str, error: &str) -> IndexRow {
        IndexRow {
            file: file.to_owned(),
            company: String::new(),
            solution: String::new(),
            status: Status::Failed,
            error: error.to_owned(),
            completeness: None,
            gaps_high: 0,
            gaps_medium: 0,
            gaps_low: 0,
            errors: 0,
            engagements: Vec::new(),
            gap_rules: Vec::new(),
            report: String::new(),
            profile: String::new(),
            previous_file: String::new(),
            completeness_change: None,
            gaps_closed: None,
            gaps_opened: None,
        }
    }

    /// Its gaps of one severity.
    pub fn gaps(&self, severity: GapSeverity) -> usize {
        match severity {
            GapSeverity::High => self.gaps_high,
            GapSeverity::Medium => self.gaps_medium,
            GapSeverity::Low => self.gaps_low,
        }
    }
}

/// The overview shows what the index holds about each file, less the names of the files written for it.
#[cfg(feature = "render")]
impl From<&IndexRow> for PortfolioRow {
    fn from(row: &IndexRow) -> PortfolioRow {
        let mut out = match row.status {
            Status::Failed => PortfolioRow::failed(&row.file, &row.error),
            _ => PortfolioRow::converted(&row.file, &row.company, &row.solution, row.completeness.unwrap_or(0.0)),
        };
        out.gaps_high = row.gaps_high;
        out.gaps_medium = row.gaps_medium;
        out.gaps_low = row.gaps_low;
        out.engagements.clone_from(&row.engagements);
        out.gap_rules.clone_from(&row.gap_rules);
        out.previous_file.clone_from(&row.previous_file);
        out.completeness_change = row.completeness_change;
        out.gaps_closed = row.gaps_closed;
        out.gaps_opened = row.gaps_opened;
        out
    }
}

/// The overview reads an index row where it is, as the [`PortfolioRow`] made from it would show it: a batch
/// of thousands is drawn without a second copy of its index.
#[cfg(feature = "render")]
impl OverviewRow for IndexRow {
    fn file(&self) -> &str {
        &self.file
    }
    fn company(&self) -> &str {
        if self.status == Status::Failed {
            ""
        } else {
            &self.company
        }
    }
    fn solution(&self) -> &str {
        if self.status == Status::Failed {
            ""
        } else {
            &self.solution
        }
    }
    fn error(&self) -> Option<&str> {
        (self.status == Status::Failed).then_some(self.error.as_str())
    }
    fn completeness(&self) -> Option<f64> {
        (self.status != Status::Failed).then(|| self.completeness.unwrap_or(0.0))
    }
    fn gaps(&self, severity: GapSeverity) -> usize {
        IndexRow::gaps(self, severity)
    }
    fn engagements(&self) -> impl Iterator<Item = &str> {
        self.engagements.iter().map(String::as_str)
    }
    fn gap_rules(&self) -> impl Iterator<Item = &str> {
        self.gap_rules.iter().map(String::as_str)
    }
    fn previous_file(&self) -> &str {
        &self.previous_file
    }
    fn completeness_change(&self) -> Option<f64> {
        self.completeness_change
    }
    fn gaps_closed(&self) -> Option<usize> {
        self.gaps_closed
    }
    fn gaps_opened(&self) -> Option<usize> {
        self.gaps_opened
    }
}

/// The portfolio overview PDF of a batch, drawn from its index.
///
/// # Errors
/// When the PDF cannot be serialised (an [`ErrorKind::Render`] error).
#[cfg(feature = "render")]
pub(crate) fn overview_pdf(rows: &[IndexRow], fonts: &Fonts, progress: bool) -> Result<Vec<u8>> {
    // The PDF's identity is the whole index, as the batch wrote it, so that another round of the same files
    // (other output names, other error counts) never shares an /ID with this one. The index is hashed as it
    // is serialised, never held as text.
    let mut hasher = Sha256::new();
    serde_json::to_writer(Hashing(&mut hasher), rows).expect("rows serialise");
    render_overview(rows, fonts, hasher.finalize().to_vec(), progress)
}

/// [`overview_pdf`] of packed rows, written to `out` as the file is made: the same bytes. It takes the rows
/// so that their memory goes back to the system once they are drawn, before the fonts are subset and the
/// document is put together and written, when the overview of a batch of thousands needs the most.
///
/// # Errors
/// When `out` cannot be written (an [`ErrorKind::Output`] error whose source is the writer's own error), or
/// the PDF cannot be serialised (an [`ErrorKind::Render`] error).
#[cfg(feature = "render")]
pub(crate) fn write_overview_pdf(
    rows: IndexRows,
    fonts: &Fonts,
    progress: bool,
    out: impl std::io::Write,
) -> Result<()> {
    // The rows serialise as the `Vec<IndexRow>` they stand for: the same identity as `overview_pdf`'s.
    let mut hasher = Sha256::new();
    serde_json::to_writer(Hashing(&mut hasher), &rows).expect("rows serialise");
    let drawn = draw_overview(&rows.refs(), fonts, hasher.finalize().to_vec(), progress);
    drop(rows);
    let mut out = Recording { inner: out, error: None };
    let written = write_drawn(drawn, &mut out);
    // The PDF writer words a failed write as its own error; the writer's error says what went wrong.
    match (written, out.error) {
        (Err(_), Some(error)) => {
            Err(Error::new(ErrorKind::Output, format!("cannot write the overview: {error}")).with_source(error))
        }
        (written, _) => written,
    }
}

/// A writer that keeps the first error of the writer it wraps.
#[cfg(feature = "render")]
struct Recording<W> {
    inner: W,
    error: Option<std::io::Error>,
}

#[cfg(feature = "render")]
impl<W: std::io::Write> Recording<W> {
    fn kept<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        result.map_err(|error| {
            let kind = error.kind();
            // An interrupted write is tried again by whoever writes; it is no failure to report.
            if kind != std::io::ErrorKind::Interrupted {
                self.error.get_or_insert(error);
            }
            std::io::Error::from(kind)
        })
    }
}

#[cfg(feature = "render")]
impl<W: std::io::Write> std::io::Write for Recording<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(bytes);
        self.kept(result)
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let result = self.inner.write_all(bytes);
        self.kept(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.kept(result)
    }
}

/// Writes into a hash.
#[cfg(feature = "render")]
struct Hashing<'a>(&'a mut Sha256);

#[cfg(feature = "render")]
impl std::io::Write for Hashing<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The index as CSV: one row per input file.
///
/// # Errors
/// Never in practice (the CSV is written to memory); a writer failure is reported as an output error.
pub fn index_csv(rows: &[IndexRow]) -> Result<Vec<u8>> {
    let mut csv = Vec::new();
    write_index_csv(rows, &mut csv)
        .map_err(|e| Error::new(ErrorKind::Output, format!("cannot write the index: {e}")).with_source(e))?;
    Ok(csv)
}

/// Writes the index as CSV, the bytes of [`index_csv`], to `out` as each row is made, so that the index of a
/// large batch is never held whole in memory. The rows are any rows in order: a slice of [`IndexRow`]s, or
/// [`IndexRows::iter`]. `out` is written in pieces: give it a buffered writer.
///
/// ```
/// use discovery::portfolio::{write_index_csv, IndexRow};
/// let rows = [IndexRow::failed("broken.xlsx", "the file is a PDF document, not a workbook")];
/// let mut csv = Vec::new();
/// write_index_csv(&rows, &mut csv)?;
/// assert!(csv.starts_with(b"file,company,solution,status,"));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
/// When `out` cannot be written: its own error, as it gave it.
pub fn write_index_csv<R: Borrow<IndexRow>>(
    rows: impl IntoIterator<Item = R>,
    out: impl std::io::Write,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let header = [
        "file",
        "company",
        "solution",
        "status",
        "error",
        "completeness",
        "gaps_high",
        "gaps_medium",
        "gaps_low",
        "errors",
        "engagements",
        "gap_rules",
        "report",
        "profile",
    ]
    .into_iter()
    .chain(PREVIOUS_COLUMNS);
    writer.write_record(header)?;
    for row in rows {
        let row = row.borrow();
        let previous = row.previous_cells();
        writer.write_record([
            neutralised(&row.file).as_ref(),
            &neutralised(&row.company),
            &neutralised(&row.solution),
            row.status.as_str(),
            &neutralised(&row.error),
            &row.completeness.map(|c| format!("{c:.1}")).unwrap_or_default(),
            &row.gaps_high.to_string(),
            &row.gaps_medium.to_string(),
            &row.gaps_low.to_string(),
            &row.errors.to_string(),
            &neutralised(&row.engagements.join("; ")),
            &row.gap_rules.join("; "),
            &neutralised(&row.report),
            &neutralised(&row.profile),
            // The previous file's name is the vendor's; the changes are numbers (`+4.5` is no formula).
            &neutralised(&previous[0]),
            &previous[1],
            &previous[2],
            &previous[3],
        ])?;
    }
    writer.flush()
}

/// Text a spreadsheet would run as a formula (a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return) with a `'` before it, so that opening `index.csv` in a spreadsheet shows a vendor's company name
/// `=HYPERLINK(...)` as text instead of running it.
///
/// ```
/// assert_eq!(discovery::portfolio::neutralised("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(discovery::portfolio::neutralised("Contoso"), "Contoso");
/// ```
pub fn neutralised(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The index as JSON, `{"files": [rows], "skipped": [{"file", "reason"}]}`, pretty-printed, ending in a
/// newline.
pub fn index_json(rows: &[IndexRow], skipped: &[Skipped]) -> Vec<u8> {
    let mut json = Vec::new();
    write_index_json(rows, skipped, &mut json).expect("rows serialise, and into memory");
    json
}

/// Writes the index as JSON, the bytes of [`index_json`], to `out` as it is made, so that the index of a
/// large batch is never held whole in memory. The rows are any rows in order: a slice of [`IndexRow`]s, or
/// [`IndexRows::iter`]. `out` is written in pieces: give it a buffered writer.
///
/// ```
/// use discovery::portfolio::{write_index_json, IndexRow, Skipped};
/// let rows = [IndexRow::failed("broken.xlsx", "the file is a PDF document, not a workbook")];
/// let skipped = [Skipped::new("notes.pdf", "not a questionnaire extension (.pdf)")];
/// let mut json = Vec::new();
/// write_index_json(&rows, &skipped, &mut json)?;
/// assert_eq!(json, discovery::portfolio::index_json(&rows, &skipped));
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
/// When `out` cannot be written: its own error, as it gave it.
pub fn write_index_json<R: Borrow<IndexRow>>(
    rows: impl IntoIterator<Item = R>,
    skipped: &[Skipped],
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct IndexRef<'a, F: Serialize> {
        files: F,
        skipped: &'a [Skipped],
    }
    let files = Once(std::cell::Cell::new(Some(rows.into_iter())));
    serde_json::to_writer_pretty(&mut out, &IndexRef { files, skipped })?;
    out.write_all(b"\n")
}

/// Rows serialised as a sequence as they come, once.
struct Once<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = R>, R: Borrow<IndexRow>> Serialize for Once<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let rows = self.0.take().ok_or_else(|| serde::ser::Error::custom("the rows were already written"))?;
        serializer.collect_seq(rows.map(Borrowed))
    }
}

/// A row, borrowed or owned, serialised as the row.
struct Borrowed<R>(R);

impl<R: Borrow<IndexRow>> Serialize for Borrowed<R> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.borrow().serialize(serializer)
    }
}

#[cfg(all(test, feature = "render"))]
mod tests {
    use super::*;
    use crate::render::portfolio::{render_portfolio, PortfolioOptions};

    /// Rows of every kind the overview tells apart: converted and compared, converted and new, blank with
    /// no completeness, and failed with a company name left over (which the overview does not show).
    fn rows() -> Vec<IndexRow> {
        let rule = |i: usize| crate::analyse::RULES[i % crate::analyse::RULES.len()].id.to_string();
        let mut rows: Vec<IndexRow> = (0..30)
            .map(|i| {
                let mut row = IndexRow::failed(&format!("in/vendor-{i:02}.xlsx"), "");
                row.status = Status::Ok;
                row.company = format!("Vendor {i} 株式会社");
                row.solution = if i % 3 == 0 { String::new() } else { format!("Solution {i}") };
                row.completeness = Some(40.0 + i as f64 * 1.5);
                (row.gaps_high, row.gaps_medium, row.gaps_low) = (i % 4, i % 3, i % 2);
                row.engagements = (0..i % 3).map(|e| format!("Engagement {e} (high)")).collect();
                row.gap_rules = vec![rule(i), rule(i * 7 + 1)];
                if i % 2 == 0 {
                    row.previous_file = format!("prev/vendor-{i:02}.json");
                    row.completeness_change = Some(i as f64 - 10.0);
                    (row.gaps_closed, row.gaps_opened) = (Some(i % 5), Some(i % 3));
                }
                row
            })
            .collect();
        rows[5].status = Status::Blank;
        rows[5].completeness = None;
        let mut failed = IndexRow::failed("in/broken.xlsx", "the file is a PDF document, not a workbook");
        failed.company = "Left over".to_owned();
        failed.gap_rules = vec![rule(0)];
        rows.insert(12, failed);
        rows
    }

    #[test]
    fn the_overview_of_index_rows_is_the_overview_of_their_portfolio_rows() {
        let fonts = Fonts::load().unwrap();
        let rows = rows();
        let overview: Vec<PortfolioRow> = rows.iter().map(PortfolioRow::from).collect();
        // The identity the index had when it was hashed as one text.
        let id = Sha256::digest(serde_json::to_vec(&rows).unwrap()).to_vec();
        for progress in [false, true] {
            let options = PortfolioOptions { document_id: Some(id.clone()), progress };
            let from_rows = overview_pdf(&rows, &fonts, progress).unwrap();
            assert!(from_rows == render_portfolio(&overview, &fonts, &options).unwrap(), "progress: {progress}");
            let mut written = Vec::new();
            write_overview_pdf(rows.iter().collect(), &fonts, progress, &mut written).unwrap();
            assert!(written == from_rows, "written from packed rows, progress: {progress}");
        }
    }

    #[test]
    fn the_index_of_packed_rows_is_the_index_of_the_rows() {
        let rows = rows();
        let packed: IndexRows = rows.iter().collect();
        let skipped = [Skipped::new("notes.pdf", "not a questionnaire extension (.pdf)")];
        let mut csv = Vec::new();
        write_index_csv(packed.iter(), &mut csv).unwrap();
        assert!(csv == index_csv(&rows).unwrap());
        let mut json = Vec::new();
        write_index_json(packed.iter(), &skipped, &mut json).unwrap();
        assert!(json == index_json(&rows, &skipped));
    }

    /// A writer that takes `room` bytes, then fails as a full disk does.
    struct Full {
        room: usize,
    }

    impl std::io::Write for Full {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
            }
            let n = bytes.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn an_overview_that_cannot_be_written_says_why() {
        let fonts = Fonts::load().unwrap();
        let error = write_overview_pdf(rows().iter().collect(), &fonts, false, Full { room: 1000 }).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Output);
        let source = std::error::Error::source(&error).and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(source.map(std::io::Error::kind), Some(std::io::ErrorKind::StorageFull), "{error}");
    }
}
