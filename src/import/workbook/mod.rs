//! Safe, format-normalising reader for returned questionnaires (xlsx, xlsm,
//! xlsb, xls, ods, csv) over calamine 0.38.
//!
//! calamine trusts its input: declared sheet dimensions, shared-string counts,
//! compound-file sector chains and ODS repeat counts all drive allocations, and
//! an allocation failure aborts the process (no `catch_unwind` can stop that).
//! So every format is checked *before* calamine sees it:
//!
//! * all formats: the file size;
//! * zip formats (xlsx, xlsm, xlsb, ods): entry count, declared sizes and
//!   compression ratios, then every member is decompressed once through a
//!   size-capped reader so a header that lies about its size is caught; the
//!   xlsx shared-string count and the xlsb record lengths are checked in the
//!   same pass;
//! * xlsx and xlsb: cells are streamed (never `worksheet_range`), and the
//!   declared dimension and every cell position are checked as they come;
//! * xls: the compound file (sector chains, FAT size) and every BIFF cell
//!   record are validated by our own code first, because calamine loads every
//!   sheet densely while opening the file;
//! * ods: `content.xml` is scanned first for the extent of real content
//!   (repeat attributes included), because calamine also loads every table
//!   densely while opening.
//!
//! calamine calls run under `catch_unwind` as a last line of defence against
//! panics on malformed data.
//!
//! Values are normalised so that the same content saved by Excel or
//! LibreOffice as xlsx, xls, xlsb or ods reads as the same [`CellValue`].
//!
//! The guard and the readers live in one file per job:
//!
//! * [`sniff`](mod@sniff): the format from the content (magic bytes, zip members,
//!   compound-file streams), with the file name only as a tie-break;
//! * [`zip_guard`]: the checks of a zip-based workbook's members (counts,
//!   sizes, ratios, the shared-strings count and xlsb record framing);
//! * [`ods`] and [`xls`] (over [`cfb`], the compound file): the pre-scans
//!   that bound what calamine materialises while it opens those formats;
//! * [`readers`]: the one loop over calamine's sheets, with each format's
//!   differences as hooks; [`normalise`] turns calamine's values into
//!   [`CellValue`]s; [`delimited`] reads CSV;
//! * this file: the workbook, sheet and cell types, [`read_workbook`], the
//!   panic guard, and the sheet builder that enforces the per-cell limits.

mod annotations;
mod cfb;
mod delimited;
mod normalise;
mod ods;
mod readers;
mod sniff;
mod xls;
mod zip_guard;

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::{NaiveDate, NaiveDateTime};

use super::limits::Limits;
use zip_guard::{check_zip, ZipFlavour};

pub use sniff::sniff;

/// A file format the importer recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Office Open XML workbook.
    Xlsx,
    /// Office Open XML workbook with macros (read like xlsx; macros are ignored).
    Xlsm,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97–2003 workbook (BIFF in a compound file).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Comma, semicolon or tab separated text.
    Csv,
    /// A profile JSON: recognised so that it is read against the JSON Schema, not as a workbook.
    Json,
}

impl Format {
    /// Short lowercase name, as used in messages ("xlsx", "ods", ...).
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of problem a [`ReadError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The bytes are not a workbook at all (empty, PDF, image, Word, ...).
    NotAWorkbook,
    /// A workbook we cannot read: password protected, JSON, unsupported compression.
    Unsupported,
    /// A workbook that is damaged or truncated.
    Corrupt,
    /// A limit from [`Limits`] was exceeded.
    TooLarge,
}

/// Why a file could not be sniffed or read.
///
/// `Display` gives a lowercase sentence without a trailing period that says
/// what is wrong, e.g. `sheet "Profile" claims 1048576 rows, more than the
/// limit of 10000`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    kind: ReadErrorKind,
    message: String,
}

impl ReadError {
    fn new(kind: ReadErrorKind, message: impl Into<String>) -> Self {
        ReadError { kind, message: message.into() }
    }
    fn not_workbook(message: impl Into<String>) -> Self {
        Self::new(ReadErrorKind::NotAWorkbook, message)
    }
    fn corrupt(message: impl Into<String>) -> Self {
        Self::new(ReadErrorKind::Corrupt, message)
    }
    fn too_large(message: impl Into<String>) -> Self {
        Self::new(ReadErrorKind::TooLarge, message)
    }
    fn unsupported(message: impl Into<String>) -> Self {
        Self::new(ReadErrorKind::Unsupported, message)
    }
    /// The kind of problem.
    pub fn kind(&self) -> ReadErrorKind {
        self.kind
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReadError {}

/// A normalised cell value.
///
/// * Numbers are always `f64` (calamine's `Int` included).
/// * Dates whose time is midnight are [`CellValue::Date`], other date-times
///   [`CellValue::DateTime`] (xlsx/xls/xlsb serials and ods ISO strings alike).
/// * Times of day (an Excel date-time serial below 1, or an ods `time` value)
///   and durations (Excel `[h]:mm` formats, ods `PT..` values) are
///   [`CellValue::Number`] in days, rounded to the millisecond, which is what
///   Excel stores: 14:30 is `0.6041666…`.
/// * Booleans are [`CellValue::Bool`] in every format (ods TRUE included).
/// * Formula errors are [`CellValue::Error`] holding Excel's text (`#DIV/0!`),
///   in every format (ods error strings included).
/// * Text has `\r\n` normalised to `\n`; empty text is treated as an empty cell.
/// * Formulas read as the value last calculated and saved by the writer.
/// * CSV cells are always [`CellValue::Text`]: CSV carries no types, and the
///   importer knows better how to parse an answer than a generic reader.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Text.
    Text(String),
    /// A number (also times of day and durations, in days).
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date without time (or at midnight).
    Date(NaiveDate),
    /// A date with a time other than midnight.
    DateTime(NaiveDateTime),
    /// A formula error such as `#DIV/0!` or `#N/A`.
    Error(String),
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Absolute 0-based row as in the sheet (row 14 in Excel is 13).
    pub row: u32,
    /// Absolute 0-based column (column D is 3).
    pub col: u32,
    /// The normalised value.
    pub value: CellValue,
    /// The file shows this number as a percentage (xlsx/xlsm: the cell's
    /// number format contains `%`; ods: `office:value-type="percentage"`).
    /// Always false for xls, xlsb and csv, where calamine does not expose the
    /// number format; the value is the stored fraction in every case (0.9995
    /// for 99.95%).
    pub percent: bool,
    /// The file shows this number as a time or a duration (xlsx, xlsm, xlsb
    /// and xls: a time format without a date such as `h:mm`, `[h]:mm` or
    /// `h:mm:ss`, as calamine recognises it; ods: a `time` value). The value
    /// is the stored day fraction (0.0104166… for 0:15); the vendor sees the
    /// clock text. Always false for csv.
    pub time: bool,
}

/// What a cell carries besides its value: a comment or note, or the target of a hyperlink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Absolute 0-based row of the cell it is attached to (the top-left cell of a hyperlink's range).
    pub row: u32,
    /// Absolute 0-based column of that cell.
    pub col: u32,
    /// A comment or a link.
    pub kind: AnnotationKind,
    /// Who wrote a comment, when the file names them.
    pub author: Option<String>,
    /// The comment's text, or the link's target (a URL, a file path, or a place in the workbook such as
    /// `Diagram!A1`).
    pub text: String,
}

/// What an [`Annotation`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AnnotationKind {
    /// A cell comment or note (xlsx legacy notes and threaded comments, ods annotations, xls notes).
    Comment,
    /// The target of a hyperlink on the cell.
    Link,
}

/// One sheet: its name, its non-empty cells and its merged regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Sheet name as shown on its tab.
    pub name: String,
    /// Non-empty cells, sorted by row then column.
    pub cells: Vec<Cell>,
    /// Merged regions as (first row, first column, last row, last column),
    /// inclusive and 0-based. Empty for xlsb and csv (calamine gives none).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Cells whose text was longer than [`Limits::max_cell_chars`] and was cut
    /// to that many characters, as (row, column, characters in the file),
    /// sorted. The importer reports each as `text-too-long`.
    pub truncated: Vec<(u32, u32, usize)>,
    /// The comments, notes and hyperlink targets of the sheet's cells, sorted by row then column (in the
    /// file's order at one cell). Read from xlsx, xlsm, xls and ods; xlsb and csv have none.
    pub annotations: Vec<Annotation>,
    /// Why some of the sheet's comments or links could not be read (a damaged part, a limit), one
    /// sentence each, naming the sheet where it concerns only this one. The answers are read all the same;
    /// the importer reports each sentence once, as `comments-unread`.
    pub annotations_unread: Vec<String>,
}

impl Sheet {
    /// The cell at (row, col), if non-empty. A position inside a merged region
    /// reads as the region's top-left cell, as Excel shows it.
    // The importer reads whole cells (their value as the vendor sees it needs the number format); the
    // value alone serves the reader's tests and the fuzz targets.
    #[allow(dead_code)]
    pub fn get(&self, row: u32, col: u32) -> Option<&CellValue> {
        self.get_cell(row, col).map(|c| &c.value)
    }

    /// Like [`Sheet::get`], returning the whole [`Cell`] (for `percent` and `time`).
    pub fn get_cell(&self, row: u32, col: u32) -> Option<&Cell> {
        let (row, col) = self
            .merged
            .iter()
            .find(|&&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
            .map_or((row, col), |&(r0, c0, _, _)| (r0, c0));
        self.cells.binary_search_by(|c| (c.row, c.col).cmp(&(row, col))).ok().map(|i| &self.cells[i])
    }
}

/// A whole workbook: every sheet, visible and hidden, in workbook order.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The format it was read as.
    pub format: Format,
    /// The worksheets (chart and macro sheets are left out).
    pub sheets: Vec<Sheet>,
}

/// Excel-style reference of a 0-based position: `(13, 3)` is `"D14"`.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap_or_default(), row as u64 + 1)
}

/// Read every worksheet (visible and hidden) of a workbook in `format`.
///
/// CSV gives one sheet named `Profile`. [`Format::Json`] is refused: it is
/// not a workbook. Every limit in `limits` is enforced; hostile files give a
/// [`ReadError`], never a panic or an unbounded allocation.
pub fn read_workbook(bytes: &[u8], format: Format, limits: &Limits) -> Result<Workbook, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::too_large(format!(
            "the file is {} bytes, more than the limit of {}",
            bytes.len(),
            limits.max_file_bytes
        )));
    }
    let mut sheets = match format {
        Format::Json => {
            return Err(ReadError::unsupported("a JSON file is not a workbook; it goes to the JSON importer"))
        }
        Format::Csv => vec![delimited::read_csv(bytes, limits)?],
        Format::Xlsx | Format::Xlsm => {
            check_zip(bytes, limits, ZipFlavour::Xlsx)?;
            guarded(format, || readers::read_xlsx(bytes, limits))?
        }
        Format::Xlsb => {
            check_zip(bytes, limits, ZipFlavour::Xlsb)?;
            guarded(format, || readers::read_xlsb(bytes, limits))?
        }
        Format::Ods => {
            check_zip(bytes, limits, ZipFlavour::Ods)?;
            let scan = ods::prescan_ods(bytes, limits)?;
            guarded(format, || readers::read_ods(bytes, limits, &scan))?
        }
        Format::Xls => {
            xls::prescan_xls(bytes, limits)?;
            guarded(format, || readers::read_xls(bytes, limits))?
        }
    };
    // Comments, notes and links: read after the cells, from the parts the guard has vetted, and never a
    // reason to refuse the file. A panic in that reading would be a bug here; it costs only the comments.
    let read = guarded(format, || {
        annotations::attach(bytes, format, limits, &mut sheets);
        Ok(())
    });
    if let Err(e) = read {
        for sheet in &mut sheets {
            sheet.annotations_unread.push(format!("the comments and links could not be read: {e}"));
        }
    }
    Ok(Workbook { format, sheets })
}

/// Run a calamine-backed reader, turning a panic into a [`ReadError`]. This is
/// the last line of defence only: an allocation failure aborts and cannot be
/// caught, which is what the pre-checks are for.
fn guarded<T>(format: Format, f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_string());
        Err(ReadError::corrupt(format!("the {format} file is damaged: the reader failed ({why})")))
    })
}

fn calamine_error(format: Format, e: impl fmt::Display) -> ReadError {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ReadError::unsupported(format!(
            "the {format} file is password protected; remove the password and save it again"
        ));
    }
    ReadError::corrupt(format!("the {format} file is damaged or truncated: {}", lower.trim_end_matches('.')))
}

/// Collects the cells of one sheet and enforces the per-cell limits.
struct SheetBuilder<'a> {
    name: String,
    cells: Vec<Cell>,
    truncated: Vec<(u32, u32, usize)>,
    limits: &'a Limits,
    /// Cells already taken in earlier sheets, for the workbook-wide limit.
    total: &'a mut u64,
}

impl<'a> SheetBuilder<'a> {
    fn new(name: &str, limits: &'a Limits, total: &'a mut u64) -> Self {
        SheetBuilder { name: name.to_string(), cells: Vec::new(), truncated: Vec::new(), limits, total }
    }

    /// Reject a declared extent (xlsx/xlsb `dimension`, xls DIMENSIONS) before
    /// anything is read.
    fn check_claim(&self, rows: u64, cols: u64) -> Result<(), ReadError> {
        check_claim(&self.name, rows, cols, self.limits)
    }

    fn check_position(&self, row: u32, col: u32) -> Result<(), ReadError> {
        check_position(&self.name, row as u64, col as u64, self.limits)
    }

    fn push(
        &mut self,
        row: u32,
        col: u32,
        value: Option<CellValue>,
        percent: bool,
        time: bool,
    ) -> Result<(), ReadError> {
        let Some(value) = value else { return Ok(()) };
        self.check_position(row, col)?;
        *self.total += 1;
        if *self.total > self.limits.max_cells {
            return Err(ReadError::too_large(format!(
                "the workbook has more than {} non-empty cells, the limit",
                self.limits.max_cells
            )));
        }
        let mut value = value;
        if let CellValue::Text(t) | CellValue::Error(t) = &mut value {
            // Byte length bounds the char count from above: count only when needed. A text over the
            // limit is cut rather than refused, so one runaway answer does not lose the whole file; the
            // cut is recorded for a `text-too-long` diagnostic.
            if t.len() > self.limits.max_cell_chars {
                let chars = t.chars().count();
                if chars > self.limits.max_cell_chars {
                    let end = t.char_indices().nth(self.limits.max_cell_chars).map_or(t.len(), |(i, _)| i);
                    t.truncate(end);
                    self.truncated.push((row, col, chars));
                }
            }
        }
        let number = matches!(value, CellValue::Number(_));
        self.cells.push(Cell { row, col, value, percent: percent && number, time: time && number });
        Ok(())
    }

    fn finish(mut self, mut merged: Vec<(u32, u32, u32, u32)>) -> Result<Sheet, ReadError> {
        self.cells.sort_by_key(|c| (c.row, c.col));
        // Streams can repeat a position (hand-made xml); the last value wins, as in calamine.
        self.cells.dedup_by(|later, earlier| {
            if (later.row, later.col) == (earlier.row, earlier.col) {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
        merged.retain(|&(r0, c0, r1, c1)| r0 <= r1 && c0 <= c1);
        merged.sort_unstable();
        merged.dedup();
        if merged.len() as u64 > self.limits.max_cells {
            return Err(ReadError::too_large(format!(
                "sheet \"{}\" has {} merged regions, more than the limit of {}",
                self.name,
                merged.len(),
                self.limits.max_cells
            )));
        }
        self.truncated.sort_unstable();
        self.truncated.dedup_by_key(|&mut (row, col, _)| (row, col));
        Ok(Sheet {
            name: self.name,
            cells: self.cells,
            merged,
            truncated: self.truncated,
            annotations: Vec::new(),
            annotations_unread: Vec::new(),
        })
    }
}

fn check_claim(sheet: &str, rows: u64, cols: u64, limits: &Limits) -> Result<(), ReadError> {
    if rows > limits.max_rows as u64 {
        return Err(ReadError::too_large(format!(
            "sheet \"{sheet}\" claims {rows} rows, more than the limit of {}",
            limits.max_rows
        )));
    }
    if cols > limits.max_cols as u64 {
        return Err(ReadError::too_large(format!(
            "sheet \"{sheet}\" claims {cols} columns, more than the limit of {}",
            limits.max_cols
        )));
    }
    Ok(())
}

fn check_position(sheet: &str, row: u64, col: u64, limits: &Limits) -> Result<(), ReadError> {
    if row >= limits.max_rows as u64 || col >= limits.max_cols as u64 {
        let place = if row <= u32::MAX as u64 && col <= u32::MAX as u64 {
            format!("a cell at {}", cell_ref(row as u32, col as u32))
        } else {
            // u128: a saturated position is u64::MAX, and the message must not overflow on it.
            format!("a cell at row {} column {}", row as u128 + 1, col as u128 + 1)
        };
        let limit = if row >= limits.max_rows as u64 {
            format!("{} rows", limits.max_rows)
        } else {
            format!("{} columns", limits.max_cols)
        };
        return Err(ReadError::too_large(format!("sheet \"{sheet}\" has {place}, beyond the limit of {limit}")));
    }
    Ok(())
}

fn check_sheet_count(count: usize, limits: &Limits) -> Result<(), ReadError> {
    if count > limits.max_sheets {
        return Err(ReadError::too_large(format!(
            "the workbook has {count} sheets, more than the limit of {}",
            limits.max_sheets
        )));
    }
    Ok(())
}

/// A file of `tests/fixtures`, for the unit tests of the reader.
#[cfg(test)]
fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_reader_becomes_an_error() {
        let err = guarded::<()>(Format::Xls, || panic!("index out of bounds")).unwrap_err();
        assert_eq!(err.kind(), ReadErrorKind::Corrupt);
        assert_eq!(err.to_string(), "the xls file is damaged: the reader failed (index out of bounds)");
    }

    /// Found by the mutation test (seed 12345, case 5362): an ods span saturated at u64::MAX made the
    /// limit message overflow while numbering the row from 1.
    #[test]
    fn regression_position_message_overflow() {
        let err = check_position("Profile", u64::MAX, 3, &Limits::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "sheet \"Profile\" has a cell at row 18446744073709551616 column 4, beyond the limit of 10000 rows"
        );
    }

    fn read(name: &str) -> Workbook {
        let bytes = fixture(name);
        let format = sniff(&bytes, Some(name)).unwrap();
        read_workbook(&bytes, format, &Limits::default()).unwrap()
    }

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    /// The cells of `tests/fixtures/cell-values.*`, the same content saved by different programs.
    fn expected() -> Vec<(&'static str, CellValue)> {
        let d = NaiveDate::from_ymd_opt(2024, 5, 17).unwrap();
        vec![
            ("B1", text("Acme GmbH")),
            ("B2", CellValue::Number(0.9995)),
            ("B3", CellValue::Date(d)),
            ("B4", CellValue::Bool(true)),
            ("B5", CellValue::Error("#DIV/0!".into())),
            ("B6", CellValue::Number(43.0)),
            ("B7", CellValue::Number(42.0)),
            ("B8", text("Line 1\nLine 2")),
            ("B9", text("Zürich – 東京 ✓ 🙂")),
            ("A10", text("Merged title")),
            ("C10", text("Merged title")), // inside the merge: reads as top-left
            ("B11", CellValue::DateTime(d.and_hms_opt(14, 30, 0).unwrap())),
            ("B12", CellValue::Number(14.5 / 24.0)),
            ("B13", CellValue::Number(1234.5)),
        ]
    }

    /// The same content saved as xlsx (rust_xlsxwriter and LibreOffice), xls and ods reads as the same cells.
    fn check(name: &str, format: Format, percent_known: bool) {
        let wb = read(name);
        assert_eq!(wb.format, format, "{name}");
        let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Profile", "Lists"], "{name}: hidden sheets are read too");
        let sheet = &wb.sheets[0];
        for (r, want) in expected() {
            let pos = (0..20u32)
                .flat_map(|row| (0..5u32).map(move |col| (row, col)))
                .find(|&(row, col)| cell_ref(row, col) == r)
                .unwrap();
            assert_eq!(sheet.get(pos.0, pos.1), Some(&want), "{name} {r}");
        }
        assert_eq!(sheet.merged, vec![(9, 0, 9, 2)], "{name}");
        assert_eq!(sheet.get(9, 1), Some(&text("Merged title")));
        assert_eq!(sheet.get(13, 1), None);
        assert_eq!(sheet.cells.last().map(|c| c.row), Some(12), "{name}: the last row");
        assert_eq!(sheet.get_cell(1, 1).unwrap().percent, percent_known, "{name} percent");
        assert!(!sheet.get_cell(6, 1).unwrap().percent);
        // The time of day in B12 is shown as a time in every format; the number in B7 and the date-time in
        // B11 are not.
        assert!(sheet.get_cell(11, 1).unwrap().time, "{name} time");
        assert!(!sheet.get_cell(6, 1).unwrap().time && !sheet.get_cell(10, 1).unwrap().time, "{name}");
        // row-major order
        assert!(sheet.cells.windows(2).all(|w| (w[0].row, w[0].col) < (w[1].row, w[1].col)));
        assert_eq!(wb.sheets[1].get(1, 0), Some(&text("No")));
    }

    #[test]
    fn xlsx_from_rust_xlsxwriter() {
        check("cell-values.xlsx", Format::Xlsx, true);
    }

    #[test]
    fn xlsx_from_libreoffice() {
        check("cell-values-libreoffice.xlsx", Format::Xlsx, true);
    }

    #[test]
    fn xls_from_libreoffice() {
        // xls number formats are not exposed by calamine: no percent flag.
        check("cell-values.xls", Format::Xls, false);
    }

    #[test]
    fn ods_from_libreoffice() {
        check("cell-values.ods", Format::Ods, true);
    }

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref(13, 3), "D14");
        assert_eq!(cell_ref(0, 0), "A1");
        assert_eq!(cell_ref(0, 25), "Z1");
        assert_eq!(cell_ref(0, 26), "AA1");
        assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn the_reader_checks_the_file_size_itself() {
        let tiny = Limits { max_file_bytes: 100, ..Limits::default() };
        let err = read_workbook(&fixture("cell-values.xlsx"), Format::Xlsx, &tiny).unwrap_err();
        assert_eq!(err.kind(), ReadErrorKind::TooLarge);
        assert_eq!(err.to_string(), "the file is 6468 bytes, more than the limit of 100");
    }

    #[test]
    fn json_is_sniffed_but_not_read() {
        assert_eq!(sniff(b"  {\"answers\": []}", None), Ok(Format::Json));
        assert!(read_workbook(b"{}", Format::Json, &Limits::default()).is_err());
    }
}
