//! Safe, format-normalising reader for returned questionnaires (xlsx, xlsm,
//! xlsb, xls, ods, csv) over calamine 0.38.
//!
//! calamine trusts its input: declared sheet dimensions, shared-string counts,
//! compound-file sector chains and ODS repeat counts all drive allocations, and
//! an allocation failure aborts the process (no `catch_unwind` can stop that).
//! So every format is checked *before* calamine sees it. What is judged is what
//! the questionnaire reads, as it really is: the questionnaire's sheets (chosen
//! by a [`SheetChoice`]), their non-empty cells and the parts calamine reads to
//! open the file. Other sheets, and parts that hold no answers (VBA projects,
//! macro sheets, drawings, themes, document properties), are not parsed where
//! the format allows it and never judged; a claim (a declared dimension, a
//! shared-string count) is not data.
//!
//! * all formats: the file size;
//! * zip formats (xlsx, xlsm, xlsb, ods): the member count, then every member
//!   that is read is inflated once through a capped reader, its declared and
//!   actual size and its compression ratio checked; the xlsx shared strings
//!   are counted and the xlsb record framing walked in the same pass. Damage to
//!   a part that holds no answers drops that part with a warning; a member a
//!   little longer than its header says is read in full, within the limits.
//!   calamine reads the members the guard inflated from a rebuilt archive that
//!   holds them uncompressed, so no member is inflated twice;
//! * xlsx and xlsb: cells are streamed (never `worksheet_range`), every
//!   position checked as it comes; error values calamine does not know
//!   (`#SPILL!`, ...) are found first and handed to it as ones it knows;
//! * xls: the compound file (sector chains, FAT size) and every BIFF cell
//!   record are validated by our own code first, because calamine loads every
//!   sheet densely while opening the file; sheets the questionnaire does not
//!   read are pointed at an empty substream, and declared dimensions that would
//!   make calamine reserve more than the limits are replaced by a small one;
//! * ods: `content.xml` is scanned first for the extent of real content
//!   (repeat attributes included), because calamine also loads every table
//!   densely while opening; tables the questionnaire does not read are cut
//!   out before calamine sees the file.
//!
//! calamine calls run under `catch_unwind` with a quiet panic hook as a last
//! line of defence against panics on malformed data.
//!
//! Values are normalised so that the same content saved by Excel or
//! LibreOffice as xlsx, xls, xlsb or ods reads as the same [`CellValue`].
//!
//! The guard and the readers live in one file per job:
//!
//! * [`sniff`](mod@sniff): the format from the content (magic bytes, zip members,
//!   compound-file streams), with the file name only as a tie-break;
//! * [`zip_guard`]: the checks of a zip-based workbook's members (counts,
//!   sizes, ratios), over [`parts`] (which members hold what, and the
//!   workbook's sheet list), [`inflate`] (one member inflated under the
//!   limits), [`inspect`] (what is looked at while it inflates: the
//!   shared-strings count, xlsb record framing, error values), [`empty_cells`]
//!   (the empty cells of an xlsx sheet, left out of what calamine parses) and
//!   [`rezip`] (the archive calamine reads: the members inflated stored, those
//!   that had to be left out or mended left out or mended);
//! * [`ods`] and [`xls`] (over [`cfb`], the compound file): the pre-scans
//!   that bound what calamine materialises while it opens those formats;
//! * [`readers`]: the one loop over calamine's sheets, with each format's
//!   differences as hooks; [`normalise`] turns calamine's values into
//!   [`CellValue`]s; [`delimited`] reads CSV;
//! * [`guard`]: the panic guard around calamine, with its quiet hook;
//! * this file: the workbook, sheet and cell types, [`read_workbook_with`],
//!   which sheets are read ([`SheetChoice`]), and the sheet builder that
//!   enforces the per-cell limits.

mod annotations;
mod cfb;
mod delimited;
mod empty_cells;
mod guard;
mod inflate;
mod inspect;
mod merged;
mod normalise;
mod ods;
mod parts;
mod readers;
mod rezip;
mod sniff;
mod xls;
mod zip_guard;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};

use super::limits::Limits;
use guard::guarded;
use zip_guard::{prepare_zip, ZipFlavour};

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
    /// calamine failed while opening the file (reading the parts it reads up front), not while reading a
    /// sheet: leaving out a part that holds no answers may then let it open.
    at_open: bool,
}

impl ReadError {
    fn new(kind: ReadErrorKind, message: impl Into<String>) -> Self {
        ReadError { kind, message: message.into(), at_open: false }
    }
    /// An encrypted file, in any format: one wording, so a vendor recognises it whatever they sent.
    fn password_protected() -> Self {
        Self::unsupported("the file is password-protected; remove the password and save it again")
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

/// A workbook as read: the worksheets chosen by a [`SheetChoice`], with the names of all of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The format it was read as.
    pub format: Format,
    /// The worksheets read (visible and hidden alike), in workbook order. Chart, dialog and macro sheets
    /// are never read; the other worksheets only when the [`SheetChoice`] takes them.
    pub sheets: Vec<Sheet>,
    /// The name of every worksheet, read or not, in workbook order.
    pub sheet_names: Vec<String>,
    /// What was worked around without losing an answer, one sentence each (a damaged part that holds no
    /// answers left out, a zip member longer than its header says read in full): `damaged-part` warnings.
    pub warnings: Vec<String>,
    /// Whether the workbook counts its dates from 1904 (old Mac workbooks: `date1904` in an xlsx, the
    /// DATEMODE record of an xls, an ods whose null date is 1904-01-01): a serial number is then 1,462 days
    /// short of the same date in the usual 1900 system. Date cells are read in the right system already;
    /// the importer counts a bare number in a date question in this one.
    pub date_1904: bool,
}

#[cfg(test)]
impl Workbook {
    /// An xlsx workbook of one sheet named Profile holding `cells` (row, column, value), for tests.
    pub(crate) fn of_profile_cells(
        cells: impl IntoIterator<Item = (u32, u32, CellValue)>,
        date_1904: bool,
    ) -> Workbook {
        let cells = cells.into_iter().map(|(row, col, value)| Cell { row, col, value, percent: false, time: false });
        let sheet = Sheet {
            name: "Profile".to_owned(),
            cells: cells.collect(),
            merged: Vec::new(),
            truncated: Vec::new(),
            annotations: Vec::new(),
            annotations_unread: Vec::new(),
        };
        Workbook {
            format: Format::Xlsx,
            sheets: vec![sheet],
            sheet_names: vec!["Profile".to_owned()],
            warnings: Vec::new(),
            date_1904,
        }
    }
}

/// Which worksheets [`read_workbook_with`] reads. A sheet is read when `by_name` takes its name; when no
/// sheet's name satisfies `main_by_name` (the Profile sheet was renamed), the first `head_rows` rows of the
/// other sheets are read in workbook order until `by_head` takes one, which is then read in full. Sheets
/// not read are not parsed where the format allows it, and never held against the limits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SheetChoice {
    /// Whether a sheet is read for its name.
    pub(crate) by_name: fn(&str) -> bool,
    /// Whether a name is the main sheet's: when no sheet has one, the others are looked at.
    pub(crate) main_by_name: fn(&str) -> bool,
    /// How many rows of a sheet `by_head` looks at.
    pub(crate) head_rows: u32,
    /// Whether a sheet, of which only its first `head_rows` rows were read, is the main sheet.
    pub(crate) by_head: fn(&Sheet) -> bool,
}

impl SheetChoice {
    /// Every worksheet.
    #[cfg(any(test, feature = "fuzzing"))]
    pub(crate) const EVERY: SheetChoice =
        SheetChoice { by_name: |_| true, main_by_name: |_| true, head_rows: 0, by_head: |_| false };

    /// What happens to each of the worksheets `names` (in workbook order).
    pub(crate) fn roles(&self, names: &[String]) -> Vec<Role> {
        let probe = !names.iter().any(|n| (self.main_by_name)(n));
        names
            .iter()
            .map(|n| {
                if (self.by_name)(n) {
                    Role::Read
                } else if probe {
                    Role::Probe
                } else {
                    Role::Skip
                }
            })
            .collect()
    }
}

/// What [`SheetChoice::roles`] decides for one worksheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Read in full.
    Read,
    /// Its first rows are read, and the whole sheet if they show it is the main sheet.
    Probe,
    /// Not read.
    Skip,
}

/// Error values calamine does not know in one sheet, by (row, column): the real values, where the guard
/// handed calamine one it knows.
pub(crate) type SheetErrors = BTreeMap<(u32, u32), String>;

/// [`SheetErrors`] by sheet name: the reader puts the real values back.
pub(crate) type ErrorCells = BTreeMap<String, SheetErrors>;

/// Merged regions by sheet name, read by the zip guard (see [`merged`]).
pub(crate) type MergedRegions = BTreeMap<String, merged::Regions>;

/// Whether each xlsx sheet part the zip guard inflated may hold hyperlinks, by normalised part name: `false`
/// when the word `hyperlinks` is nowhere in it, so the reader of links need not inflate it again.
pub(crate) type LinkHints = BTreeMap<String, bool>;

/// Excel-style reference of a 0-based position: `(13, 3)` is `"D14"`.
pub fn cell_ref(row: u32, col: u32) -> String {
    let mut out = String::with_capacity(10);
    push_cell_ref(&mut out, row, col);
    out
}

/// `Sheet!D14`: a cell's place as sources and diagnostics name it, in one string of its size.
pub(crate) fn sheet_cell_ref(sheet: &str, row: u32, col: u32) -> String {
    let mut out = String::with_capacity(sheet.len() + 11);
    out.push_str(sheet);
    out.push('!');
    push_cell_ref(&mut out, row, col);
    out
}

/// Appends the reference of a 0-based position to `out`. Every answer's source and every diagnostic names
/// its cell: written straight into the string, without the formatting machinery.
fn push_cell_ref(out: &mut String, row: u32, col: u32) {
    let mut letters = [0u8; 7];
    let mut at = letters.len();
    let mut n = col as u64 + 1;
    while n > 0 {
        at -= 1;
        letters[at] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    let mut digits = [0u8; 10];
    let mut from = digits.len();
    let mut n = row as u64 + 1;
    while n > 0 {
        from -= 1;
        digits[from] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend(letters[at..].iter().chain(&digits[from..]).map(|&b| char::from(b)));
}

/// Reads every worksheet (visible and hidden) of a workbook in `format`: [`read_workbook_with`] and
/// [`SheetChoice::EVERY`].
#[cfg(any(test, feature = "fuzzing"))]
pub fn read_workbook(bytes: &[u8], format: Format, limits: &Limits) -> Result<Workbook, ReadError> {
    read_workbook_with(bytes, format, limits, &SheetChoice::EVERY)
}

/// Reads the worksheets `choice` takes of a workbook in `format`.
///
/// CSV gives one sheet named `Profile`. [`Format::Json`] is refused: it is
/// not a workbook. Every limit in `limits` is enforced on what is read; hostile
/// files give a [`ReadError`], never a panic or an unbounded allocation.
pub(crate) fn read_workbook_with(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    choice: &SheetChoice,
) -> Result<Workbook, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::too_large(format!(
            "the file is {} bytes, more than the limit of {}",
            bytes.len(),
            count(limits.max_file_bytes, "byte")
        )));
    }
    let mut warnings = Vec::new();
    let read = match format {
        Format::Json => {
            return Err(ReadError::unsupported("a JSON file is not a workbook; it goes to the JSON importer"))
        }
        Format::Csv => {
            let sheet = delimited::read_csv(bytes, limits)?;
            let name = sheet.name.clone();
            readers::Read { sheets: vec![sheet], names: vec![name], date_1904: false }
        }
        Format::Xlsx | Format::Xlsm | Format::Xlsb => {
            let flavour = if format == Format::Xlsb { ZipFlavour::Xlsb } else { ZipFlavour::Xlsx };
            let mut prepared = prepare_zip(bytes, limits, flavour, choice)?;
            let read = |prepared: &zip_guard::Prepared<'_>| {
                let (bytes, errors) = (prepared.bytes(), &prepared.errors);
                guarded(format, || match flavour {
                    ZipFlavour::Xlsb => readers::read_xlsb(bytes, limits, choice, errors),
                    _ => readers::read_xlsx(bytes, format, limits, choice, errors, &prepared.merged),
                })
            };
            let mut outcome = read(&prepared);
            // calamine reads the styles while it opens the file and gives up on any damage there; the styles
            // hold no answers (only number formats: dates may then read as numbers), so try once without.
            if matches!(&outcome, Err(e) if e.at_open) {
                if let Some(styles) = prepared.leave_out_styles()? {
                    let second = read(&prepared);
                    if second.is_ok() {
                        prepared.warnings.push(format!(
                            "\"{styles}\" (the cell styles) could not be read and was left out; numbers formatted as \
                             dates or percentages may read as plain numbers"
                        ));
                    }
                    outcome = second;
                }
            }
            warnings.append(&mut prepared.warnings);
            let mut read = outcome?;
            attach_annotations(prepared.bytes(), format, limits, &prepared.links, &mut read.sheets);
            read
        }
        Format::Ods => {
            let mut prepared = prepare_zip(bytes, limits, ZipFlavour::Ods, choice)?;
            let content =
                prepared.content.take().ok_or_else(|| ReadError::corrupt("the ods file has no content.xml"))?;
            let mut scan = ods::prescan_ods(&content, limits, choice)?;
            // One copy of the content at a time beside the archive calamine reads.
            drop(content);
            if let Some(stripped) = scan.stripped.take() {
                prepared.replace_content(stripped)?;
            }
            warnings.append(&mut prepared.warnings);
            let bytes = prepared.bytes();
            let mut read = guarded(format, || readers::read_ods(bytes, limits, choice, &scan))?;
            attach_annotations(bytes, format, limits, &LinkHints::new(), &mut read.sheets);
            read
        }
        Format::Xls => {
            let prepared = xls::prescan_xls(bytes, limits, choice)?;
            let mut read = guarded(format, || readers::read_xls(&prepared, limits, choice))?;
            attach_annotations(bytes, format, limits, &LinkHints::new(), &mut read.sheets);
            read
        }
    };
    let readers::Read { sheets, names: sheet_names, date_1904 } = read;
    Ok(Workbook { format, sheets, sheet_names, warnings, date_1904 })
}

/// Comments, notes and links: read after the cells, only for the sheets read, from `source` (the archive as
/// the guard prepared it for calamine, so a member it repaired reads as repaired), and never a reason to refuse
/// the file. A panic in that reading would be a bug here; it costs only the comments.
fn attach_annotations(source: &[u8], format: Format, limits: &Limits, links: &LinkHints, sheets: &mut [Sheet]) {
    let read = guarded(format, || {
        annotations::attach(source, format, limits, links, sheets);
        Ok(())
    });
    if let Err(e) = read {
        for sheet in sheets.iter_mut() {
            sheet.annotations_unread.push(format!("the comments and links could not be read: {e}"));
        }
    }
}

/// An error from calamine while it opens a workbook (see [`ReadError::at_open`]).
fn calamine_open_error(format: Format, e: impl fmt::Display) -> ReadError {
    ReadError { at_open: true, ..calamine_error(format, e) }
}

fn calamine_error(format: Format, e: impl fmt::Display) -> ReadError {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        return ReadError::password_protected();
    }
    ReadError::corrupt(format!("the {format} file is damaged or truncated: {}", lower.trim_end_matches('.')))
}

/// `n` and a noun, singular or plural: limit messages name their unit, so a limit of 1 reads "1 column".
pub(super) fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Collects the cells of one sheet and enforces the per-cell limits.
///
/// A builder made by [`SheetBuilder::head`] reads only a sheet's first rows to tell what it is: it keeps no
/// cell beyond them or beyond the column limit, refuses nothing for its size, and says when it has seen
/// enough ([`SheetBuilder::done`]), so the reader can stop.
struct SheetBuilder<'a> {
    name: String,
    cells: Vec<Cell>,
    truncated: Vec<(u32, u32, usize)>,
    limits: &'a Limits,
    /// Cells already taken in earlier sheets, for the workbook-wide limit.
    total: &'a mut u64,
    /// Error values the guard swapped for ones calamine knows, by position: the real ones.
    errors: Option<&'a SheetErrors>,
    /// For a head: the first row not kept.
    head_rows: Option<u32>,
    done: bool,
}

impl<'a> SheetBuilder<'a> {
    fn new(name: &str, limits: &'a Limits, total: &'a mut u64) -> Self {
        SheetBuilder {
            name: name.to_string(),
            cells: Vec::new(),
            truncated: Vec::new(),
            limits,
            total,
            errors: None,
            head_rows: None,
            done: false,
        }
    }

    /// A builder of the first `rows` rows of a sheet.
    fn head(name: &str, limits: &'a Limits, total: &'a mut u64, rows: u32) -> Self {
        SheetBuilder { head_rows: Some(rows), ..SheetBuilder::new(name, limits, total) }
    }

    /// The real error values at positions where the guard swapped them.
    fn with_errors(mut self, errors: Option<&'a SheetErrors>) -> Self {
        self.errors = errors;
        self
    }

    /// A head builder has seen a row past its head: the rest of the sheet need not be read.
    fn done(&self) -> bool {
        self.done
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
        let value = match self.errors.and_then(|errors| errors.get(&(row, col))) {
            Some(real) => CellValue::Error(real.clone()),
            None => value,
        };
        if let Some(rows) = self.head_rows {
            // Streams come row by row: a row past the head ends it. A cell beyond the column limit cannot be
            // read later either, so it tells nothing about the sheet.
            if row >= rows {
                self.done = true;
                return Ok(());
            }
            if col >= self.limits.max_cols {
                return Ok(());
            }
        } else {
            self.check_position(row, col)?;
            *self.total += 1;
            if *self.total > self.limits.max_cells {
                return Err(ReadError::too_large(format!(
                    "the questionnaire's sheets hold more non-empty cells than the limit of {}",
                    count(self.limits.max_cells, "cell")
                )));
            }
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
                count(self.limits.max_cells, "cell")
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

fn check_position(sheet: &str, row: u64, col: u64, limits: &Limits) -> Result<(), ReadError> {
    if row >= limits.max_rows as u64 || col >= limits.max_cols as u64 {
        let place = if row <= u32::MAX as u64 && col <= u32::MAX as u64 {
            format!("a cell at {}", cell_ref(row as u32, col as u32))
        } else {
            // u128: a saturated position is u64::MAX, and the message must not overflow on it.
            format!("a cell at row {} column {}", row as u128 + 1, col as u128 + 1)
        };
        let limit = if row >= limits.max_rows as u64 {
            count(limits.max_rows, "row")
        } else {
            count(limits.max_cols, "column")
        };
        return Err(ReadError::too_large(format!("sheet \"{sheet}\" has {place}, beyond the limit of {limit}")));
    }
    Ok(())
}

fn check_sheet_count(sheets: usize, limits: &Limits) -> Result<(), ReadError> {
    if sheets > limits.max_sheets {
        return Err(ReadError::too_large(format!(
            "the workbook has {sheets} sheets, more than the limit of {}",
            count(limits.max_sheets as u64, "sheet")
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

    #[test]
    fn the_date_system_is_read_from_xlsx_xls_and_ods() {
        for name in [
            "fabrikam-routewise-1904.xlsx",
            "fabrikam-routewise-1904-serials.xlsx",
            "fabrikam-routewise-1904-serials.xls",
            "fabrikam-routewise-1904-serials.ods",
        ] {
            assert!(read(name).date_1904, "{name}");
        }
        for name in ["fabrikam-routewise.xls", "fabrikam-routewise.ods", "cell-values.xlsx", "cell-values.ods"] {
            assert!(!read(name).date_1904, "{name}");
        }
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
        assert_eq!(cell_ref(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }

    #[test]
    fn the_reader_checks_the_file_size_itself() {
        let tiny = Limits { max_file_bytes: 100, ..Limits::default() };
        let err = read_workbook(&fixture("cell-values.xlsx"), Format::Xlsx, &tiny).unwrap_err();
        assert_eq!(err.kind(), ReadErrorKind::TooLarge);
        assert_eq!(err.to_string(), "the file is 6468 bytes, more than the limit of 100 bytes");
    }

    #[test]
    fn json_is_sniffed_but_not_read() {
        assert_eq!(sniff(b"  {\"answers\": []}", None), Ok(Format::Json));
        assert!(read_workbook(b"{}", Format::Json, &Limits::default()).is_err());
    }
}
