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

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, DataRef, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::limits::Limits;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

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
    /// JSON; recognised so the caller can route it, not read by [`read_workbook`].
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
    /// The message, as `Display` prints it.
    pub fn message(&self) -> &str {
        &self.message
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
}

impl Sheet {
    /// The cell at (row, col), if non-empty. A position inside a merged region
    /// reads as the region's top-left cell, as Excel shows it.
    pub fn get(&self, row: u32, col: u32) -> Option<&CellValue> {
        self.get_cell(row, col).map(|c| &c.value)
    }

    /// Like [`Sheet::get`], returning the whole [`Cell`] (for `percent`).
    pub fn get_cell(&self, row: u32, col: u32) -> Option<&Cell> {
        let (row, col) = self
            .merged
            .iter()
            .find(|&&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
            .map_or((row, col), |&(r0, c0, _, _)| (r0, c0));
        self.cells.binary_search_by(|c| (c.row, c.col).cmp(&(row, col))).ok().map(|i| &self.cells[i])
    }

    /// The highest row index holding a non-empty cell, `None` for an empty sheet.
    pub fn max_row(&self) -> Option<u32> {
        self.cells.last().map(|c| c.row)
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

impl Workbook {
    /// The sheet with this name, compared case-insensitively as Excel does.
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name.to_lowercase() == name.to_lowercase())
    }
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

// ---------------------------------------------------------------------------
// Sniffing
// ---------------------------------------------------------------------------

const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Decide the format from the content: magic bytes and zip members or
/// compound-file streams. The file name is only a tie-break (xlsm vs xlsx when
/// the content types do not say, and text that does not look tabular).
///
/// The error says what the bytes look like instead (empty file, PDF, image,
/// HTML, a Word document, a zip holding other files, ...).
pub fn sniff(bytes: &[u8], file_name: Option<&str>) -> Result<Format, ReadError> {
    let ext = file_name.and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if bytes.is_empty() {
        return Err(ReadError::not_workbook("the file is empty"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, &ext);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return sniff_cfb(bytes);
    }
    let signatures: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"{\\rtf", "an RTF document"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"PK", "a damaged or unusual zip archive"),
    ];
    for (magic, what) in signatures {
        if bytes.starts_with(magic) {
            return Err(ReadError::not_workbook(format!("the file is {what}, not a workbook")));
        }
    }
    let Some(text) = decode_text(bytes) else {
        return Err(ReadError::not_workbook(format!(
            "the file is binary data of an unknown kind (it starts with {}), not a workbook",
            hex_prefix(bytes)
        )));
    };
    let trimmed = text.trim_start();
    let head: String = trimmed.chars().take(512).collect::<String>().to_lowercase();
    if head.starts_with('{') || head.starts_with('[') {
        return Ok(Format::Json);
    }
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<html") {
        return Err(ReadError::not_workbook(
            "the file is an HTML page, not a workbook (some programs save HTML under an .xls name; save it as .xlsx)",
        ));
    }
    if head.starts_with("<?xml") || head.starts_with('<') {
        if head.contains("urn:schemas-microsoft-com:office:spreadsheet") || head.contains("<?mso-application") {
            return Err(ReadError::unsupported(
                "the file is an Excel 2003 XML spreadsheet, which is not supported; save it as .xlsx",
            ));
        }
        return Err(ReadError::not_workbook("the file is an XML document, not a workbook"));
    }
    if looks_like_csv(&text) || matches!(ext.as_str(), "csv" | "tsv" | "txt") {
        return Ok(Format::Csv);
    }
    Err(ReadError::not_workbook(
        "the file is plain text without comma, semicolon or tab separated columns, not a workbook",
    ))
}

fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(8).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

fn sniff_zip(bytes: &[u8], ext: &str) -> Result<Format, ReadError> {
    let mut zip = open_zip(bytes, &Limits::default())?;
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.into_owned()).collect();
    let has = |n: &str| names.iter().any(|m| m.eq_ignore_ascii_case(n));
    if has("mimetype") {
        let mut mime = Vec::new();
        if let Ok(f) = zip.by_name("mimetype") {
            // A mimetype member is a few dozen bytes; cap the read anyway.
            let _ = f.take(200).read_to_end(&mut mime);
        }
        let mime_text = String::from_utf8_lossy(&mime).trim().to_string();
        if mime.starts_with(ODS_MIME) {
            return Ok(Format::Ods);
        }
        let what = match mime_text.as_str() {
            "application/vnd.oasis.opendocument.text" => "an OpenDocument text document (.odt)".to_string(),
            "application/vnd.oasis.opendocument.presentation" => "an OpenDocument presentation (.odp)".to_string(),
            "application/epub+zip" => "an EPUB e-book".to_string(),
            other => format!("a zip archive of type \"{}\"", other.chars().take(80).collect::<String>()),
        };
        return Err(ReadError::not_workbook(format!("the file is {what}, not a spreadsheet")));
    }
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if has("xl/workbook.xml") || names.iter().any(|n| n.to_ascii_lowercase().ends_with("/workbook.xml")) {
        let mut types = Vec::new();
        if let Ok(f) = zip.by_name("[Content_Types].xml") {
            let _ = f.take(1 << 20).read_to_end(&mut types);
        }
        let types = String::from_utf8_lossy(&types).to_ascii_lowercase();
        if types.contains("sheet.macroenabled") || (!types.contains("spreadsheetml.sheet.main") && ext == "xlsm") {
            return Ok(Format::Xlsm);
        }
        return Ok(Format::Xlsx);
    }
    if has("word/document.xml") {
        return Err(ReadError::not_workbook("the file is a Word document (.docx), not a workbook"));
    }
    if has("ppt/presentation.xml") {
        return Err(ReadError::not_workbook("the file is a PowerPoint presentation (.pptx), not a workbook"));
    }
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    let more = names.len().saturating_sub(shown.len());
    Err(ReadError::not_workbook(if names.is_empty() {
        "the file is an empty zip archive, not a workbook".to_string()
    } else {
        format!(
            "the file is a zip archive that holds no workbook (it holds {}{})",
            shown.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        )
    }))
}

fn sniff_cfb(bytes: &[u8]) -> Result<Format, ReadError> {
    let cfb = cfb::Cfb::parse(bytes)
        .map_err(|e| ReadError::corrupt(format!("the file is a damaged Office 97–2003 (compound) file: {e}")))?;
    if cfb.has("Workbook") || cfb.has("Book") {
        return Ok(Format::Xls);
    }
    if cfb.has("EncryptedPackage") {
        return Err(ReadError::unsupported(
            "the file is a password-protected (encrypted) Office document; remove the password and save it again",
        ));
    }
    if cfb.has("WordDocument") {
        return Err(ReadError::not_workbook("the file is an old Word document (.doc), not a workbook"));
    }
    if cfb.has("PowerPoint Document") {
        return Err(ReadError::not_workbook("the file is an old PowerPoint presentation (.ppt), not a workbook"));
    }
    Err(ReadError::not_workbook(
        "the file is an Office 97–2003 compound file without a Workbook stream, not a workbook",
    ))
}

/// Decode text as UTF-8 (BOM optional), UTF-16 with a BOM, or Windows-1252.
/// `None` when the bytes do not look like text (NULs or many control bytes).
fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Some(text.into_owned());
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if sample.contains(&0) || controls * 100 > sample.len() {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Some(s.to_owned()),
        // Not UTF-8: Excel on Windows writes CSV in the ANSI code page, which
        // is Windows-1252 for Western Europe. Every byte maps, nothing is lost.
        Err(_) => Some(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()),
    }
}

fn looks_like_csv(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    if lines.is_empty() {
        return false;
    }
    [b',', b';', b'\t'].iter().any(|&d| lines.iter().filter(|l| l.as_bytes().contains(&d)).count() * 2 >= lines.len())
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

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
    let sheets = match format {
        Format::Json => {
            return Err(ReadError::unsupported("a JSON file is not a workbook; it goes to the JSON importer"))
        }
        Format::Csv => vec![read_csv(bytes, limits)?],
        Format::Xlsx | Format::Xlsm => {
            check_zip(bytes, limits, ZipFlavour::Xlsx)?;
            guarded(format, || read_xlsx(bytes, limits))?
        }
        Format::Xlsb => {
            check_zip(bytes, limits, ZipFlavour::Xlsb)?;
            guarded(format, || read_xlsb(bytes, limits))?
        }
        Format::Ods => {
            check_zip(bytes, limits, ZipFlavour::Ods)?;
            let scan = prescan_ods(bytes, limits)?;
            guarded(format, || read_ods(bytes, limits, &scan))?
        }
        Format::Xls => {
            prescan_xls(bytes, limits)?;
            guarded(format, || read_xls(bytes, limits))?
        }
    };
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

    fn push(&mut self, row: u32, col: u32, value: Option<CellValue>, percent: bool) -> Result<(), ReadError> {
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
        let percent = percent && matches!(value, CellValue::Number(_));
        self.cells.push(Cell { row, col, value, percent });
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
        Ok(Sheet { name: self.name, cells: self.cells, merged, truncated: self.truncated })
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

fn worksheet_names(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets.iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

/// True for a number format that displays a percentage: a `%` outside quotes
/// and backslash escapes (`0.00%`, `0%;[Red]-0%`, but not `0 "%"`).
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// calamine's merged regions as (first row, first column, last row, last column).
fn merged_regions(dimensions: Vec<calamine::Dimensions>) -> Vec<(u32, u32, u32, u32)> {
    dimensions.into_iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect()
}

fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Xlsx;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    for name in names {
        let merged = wb.merge_cells_by_sheet_name(&name).map(merged_regions).map_err(|e| calamine_error(format, e))?;
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| calamine_error(format, e))?;
        let dim = reader.dimensions();
        builder.check_claim(dim.end.0 as u64 + 1, dim.end.1 as u64 + 1)?;
        let styles = reader.styles();
        let percent_styles: HashSet<usize> = styles
            .iter()
            .enumerate()
            .filter(|(_, s)| s.number_format.as_ref().is_some_and(|f| is_percent_format(&f.format_code)))
            .map(|(i, _)| i)
            .collect();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| calamine_error(format, e))? {
            let (row, col) = cell.get_position();
            builder.push(row, col, normalise_ref(cell.get_value()), percent_styles.contains(&style))?;
        }
        sheets.push(builder.finish(merged)?);
    }
    Ok(sheets)
}

fn read_xlsb(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Xlsb;
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    for name in names {
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| calamine_error(format, e))?;
        let dim = reader.dimensions();
        builder.check_claim(dim.end.0 as u64 + 1, dim.end.1 as u64 + 1)?;
        while let Some(cell) = reader.next_cell().map_err(|e| calamine_error(format, e))? {
            let (row, col) = cell.get_position();
            builder.push(row, col, normalise_ref(cell.get_value()), false)?;
        }
        // calamine 0.38 reads no merged regions from xlsb.
        sheets.push(builder.finish(Vec::new())?);
    }
    Ok(sheets)
}

fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Xls;
    // Safe only after prescan_xls: calamine loads every sheet densely here.
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    for name in names {
        let merged = wb.merge_cells_by_sheet_name(&name).map(merged_regions).map_err(|e| calamine_error(format, e))?;
        let range = wb.worksheet_range(&name).map_err(|e| calamine_error(format, e))?;
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            // used_cells() positions are relative to range.start().
            builder.push(r0 + r as u32, c0 + c as u32, normalise(v), false)?;
        }
        sheets.push(builder.finish(merged)?);
    }
    Ok(sheets)
}

fn read_ods(bytes: &[u8], limits: &Limits, scan: &OdsScan) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Ods;
    // Safe only after prescan_ods: calamine loads every table densely here.
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    let empty = OdsTable::default();
    for name in names {
        let hints = scan.tables.get(&name).unwrap_or(&empty);
        let range = wb.worksheet_range(&name).map_err(|e| calamine_error(format, e))?;
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            let kind = hints.kinds.get(&(row, col)).copied();
            // calamine gives ods booleans as numbers and errors as text; the
            // value type from content.xml puts them right.
            let value = match (kind, v) {
                (Some(OdsKind::Boolean), Data::Float(f)) => Some(CellValue::Bool(*f != 0.0)),
                (Some(OdsKind::Boolean), Data::Int(i)) => Some(CellValue::Bool(*i != 0)),
                (Some(OdsKind::Error), Data::String(s)) => Some(CellValue::Error(s.trim().to_string())),
                _ => normalise(v),
            };
            builder.push(row, col, value, kind == Some(OdsKind::Percent))?;
        }
        sheets.push(builder.finish(hints.merged.clone())?);
    }
    Ok(sheets)
}

// ---------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------

const MS_PER_DAY: f64 = 86_400_000.0;

fn days_to_ms_precision(days: f64) -> f64 {
    (days * MS_PER_DAY).round() / MS_PER_DAY
}

fn text(s: &str) -> Option<CellValue> {
    if s.is_empty() {
        None
    } else if s.contains('\r') {
        Some(CellValue::Text(s.replace("\r\n", "\n").replace('\r', "\n")))
    } else {
        Some(CellValue::Text(s.to_string()))
    }
}

fn normalise(v: &Data) -> Option<CellValue> {
    match v {
        Data::Int(i) => Some(CellValue::Number(*i as f64)),
        Data::Float(f) => Some(CellValue::Number(*f)),
        Data::String(s) => text(s),
        Data::Bool(b) => Some(CellValue::Bool(*b)),
        Data::DateTime(dt) => Some(excel_datetime(dt)),
        Data::DateTimeIso(s) => Some(iso_datetime(s)),
        Data::DurationIso(s) => Some(iso_duration(s)),
        Data::Error(e) => Some(CellValue::Error(e.to_string())),
        Data::Empty => None,
    }
}

fn normalise_ref(v: &DataRef<'_>) -> Option<CellValue> {
    match v {
        DataRef::Int(i) => Some(CellValue::Number(*i as f64)),
        DataRef::Float(f) => Some(CellValue::Number(*f)),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Some(CellValue::Bool(*b)),
        DataRef::DateTime(dt) => Some(excel_datetime(dt)),
        DataRef::DateTimeIso(s) => Some(iso_datetime(s)),
        DataRef::DurationIso(s) => Some(iso_duration(s)),
        DataRef::Error(e) => Some(CellValue::Error(e.to_string())),
        DataRef::Empty => None,
    }
}

fn date_or_datetime(dt: NaiveDateTime) -> CellValue {
    if dt.time() == NaiveTime::MIN {
        CellValue::Date(dt.date())
    } else {
        CellValue::DateTime(dt)
    }
}

/// Excel serial → Date / DateTime; times of day (serial < 1) and durations
/// become days, see [`CellValue`].
fn excel_datetime(dt: &calamine::ExcelDateTime) -> CellValue {
    let serial = dt.as_f64();
    if dt.is_duration() || (0.0..1.0).contains(&serial) {
        return CellValue::Number(days_to_ms_precision(serial));
    }
    match dt.as_datetime() {
        Some(d) => date_or_datetime(d),
        None => CellValue::Number(serial),
    }
}

fn iso_datetime(s: &str) -> CellValue {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return CellValue::Date(d);
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, f) {
            // Round to the millisecond as Excel serials are.
            let ms = dt.and_utc().timestamp_subsec_millis();
            let dt = dt.with_nanosecond(ms * 1_000_000).unwrap_or(dt);
            return date_or_datetime(dt);
        }
    }
    CellValue::Text(s.to_string())
}

/// ISO 8601 duration (`PT14H30M00S`, `P1DT2H`, `-PT1H`) → days. Years and months have no fixed length in a
/// cell's value, so such a duration stays text.
fn iso_duration(s: &str) -> CellValue {
    let s = s.trim();
    let calendar = s.trim_start_matches('-').strip_prefix('P').and_then(|r| r.split('T').next()).unwrap_or("");
    if calendar.contains(['Y', 'M']) {
        return CellValue::Text(s.to_string());
    }
    crate::profile::iso_duration_seconds(s)
        .map(|seconds| CellValue::Number(days_to_ms_precision(seconds / 86_400.0)))
        .unwrap_or_else(|| CellValue::Text(s.to_string()))
}

// ---------------------------------------------------------------------------
// Zip checks
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum ZipFlavour {
    Xlsx,
    Xlsb,
    Ods,
}

/// Members that decompress to less than this skip the ratio check: small XML
/// parts legitimately compress far better than 200:1.
const RATIO_FLOOR: u64 = 1 << 20;

fn open_zip<'a>(bytes: &'a [u8], limits: &Limits) -> Result<ZipArchive<Cursor<&'a [u8]>>, ReadError> {
    // The zip crate indexes every central-directory entry up front; count the
    // entry signatures first (an upper bound) so that costs nothing unbounded.
    let entries = bytes.windows(4).filter(|w| *w == b"PK\x01\x02").count() as u64;
    if entries > limits.max_zip_entries {
        return Err(ReadError::too_large(format!(
            "the zip archive has about {entries} members, more than the limit of {}",
            limits.max_zip_entries
        )));
    }
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ReadError::corrupt(format!("the file is a damaged or truncated zip archive: {}", e.to_string().to_lowercase()))
    })
}

/// Validate a zip-based workbook before calamine opens it: declared sizes and
/// ratios, then actual decompressed sizes (headers can lie), plus the
/// shared-string count (xlsx) and record framing (xlsb) that calamine
/// allocates from.
fn check_zip(bytes: &[u8], limits: &Limits, flavour: ZipFlavour) -> Result<(), ReadError> {
    let mut zip = open_zip(bytes, limits)?;
    let mut declared_total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(zip_error)?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        if f.encrypted() {
            return Err(ReadError::unsupported(
                "the workbook is password protected (encrypted zip); remove the password and save it again",
            ));
        }
        declared_total = declared_total.saturating_add(f.size());
        if declared_total > limits.max_uncompressed_bytes {
            return Err(ReadError::too_large(format!(
                "the zip members claim to decompress to at least {declared_total} bytes, more than the limit of {}",
                limits.max_uncompressed_bytes
            )));
        }
        check_ratio(&name, f.size(), f.compressed_size(), limits)?;
    }
    let mut actual_total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(zip_error)?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = f.size();
        let compressed = f.compressed_size();
        let lower = name.to_ascii_lowercase();
        let mut inspector = match flavour {
            ZipFlavour::Xlsx if lower.ends_with("sharedstrings.xml") => Inspector::SharedStrings(Vec::new()),
            ZipFlavour::Xlsb if lower.ends_with(".bin") => Inspector::Records(RecordWalker::default()),
            _ => Inspector::None,
        };
        // Read one byte past the claim: getting it proves the header lied.
        let mut reader = f.take(declared.saturating_add(1));
        let mut n = 0u64;
        loop {
            let k = reader.read(&mut buf).map_err(|e| {
                ReadError::corrupt(format!("zip member \"{name}\" is damaged: {}", e.to_string().to_lowercase()))
            })?;
            if k == 0 {
                break;
            }
            n += k as u64;
            inspector.feed(&buf[..k]);
        }
        if n > declared {
            return Err(ReadError::corrupt(format!(
                "zip member \"{name}\" decompresses to more than the {declared} bytes its header claims"
            )));
        }
        check_ratio(&name, n, compressed, limits)?;
        actual_total += n;
        if actual_total > limits.max_uncompressed_bytes {
            return Err(ReadError::too_large(format!(
                "the zip members decompress to more than {} bytes, the limit",
                limits.max_uncompressed_bytes
            )));
        }
        inspector.finish(&name, limits)?;
    }
    Ok(())
}

fn zip_error(e: zip::result::ZipError) -> ReadError {
    let text = e.to_string().to_lowercase();
    if text.contains("password") || text.contains("encrypt") {
        return ReadError::unsupported("the workbook is password protected (encrypted zip)");
    }
    if text.contains("unsupported") {
        return ReadError::unsupported(format!("the zip archive uses a feature we cannot read: {text}"));
    }
    ReadError::corrupt(format!("the file is a damaged zip archive: {text}"))
}

fn check_ratio(name: &str, size: u64, compressed: u64, limits: &Limits) -> Result<(), ReadError> {
    if size > RATIO_FLOOR && size / compressed.max(1) > limits.max_compression_ratio {
        return Err(ReadError::too_large(format!(
            "zip member \"{name}\" decompresses {}:1 ({size} bytes from {compressed}), more than the limit of {}:1",
            size / compressed.max(1),
            limits.max_compression_ratio
        )));
    }
    Ok(())
}

/// Looks at a zip member while it is decompressed in [`check_zip`].
enum Inspector {
    None,
    /// First bytes of xlsx `sharedStrings.xml`: calamine reserves
    /// `uniqueCount` strings up front.
    SharedStrings(Vec<u8>),
    /// xlsb record framing: calamine allocates a record's declared length
    /// before reading it.
    Records(RecordWalker),
}

/// How much of sharedStrings.xml to keep to find the `<sst>` element.
const SST_HEAD: usize = 64 * 1024;

impl Inspector {
    fn feed(&mut self, chunk: &[u8]) {
        match self {
            Inspector::None => {}
            Inspector::SharedStrings(head) => {
                let room = SST_HEAD.saturating_sub(head.len());
                head.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Inspector::Records(walker) => walker.feed(chunk),
        }
    }

    fn finish(&self, name: &str, limits: &Limits) -> Result<(), ReadError> {
        match self {
            Inspector::None => Ok(()),
            Inspector::SharedStrings(head) => {
                let head = String::from_utf8_lossy(head);
                let Some(pos) = head.find("uniqueCount=") else {
                    return Ok(());
                };
                // The attribute may be the last thing kept of the head, or quoted with a character other
                // than `"`: slice with `get` and skip any quote, so no byte of the file can cut a char.
                let value = head.get(pos + "uniqueCount=".len()..).unwrap_or_default();
                let digits: String =
                    value.trim_start_matches(['"', '\'']).chars().take_while(char::is_ascii_digit).collect();
                // More digits than a u64 holds is a count over any limit.
                let count: u64 = if digits.len() > 19 { u64::MAX } else { digits.parse().unwrap_or(0) };
                if count > limits.max_cells {
                    return Err(ReadError::too_large(format!(
                        "\"{name}\" claims {count} distinct strings, more than the limit of {} cells",
                        limits.max_cells
                    )));
                }
                Ok(())
            }
            Inspector::Records(walker) => {
                if walker.is_clean() {
                    Ok(())
                } else {
                    Err(ReadError::corrupt(format!(
                        "\"{name}\" is damaged: its last record runs past the end of the part"
                    )))
                }
            }
        }
    }
}

/// Streaming check of xlsb record framing (MS-XLSB 2.1.4: a 1–2 byte type and
/// a 1–4 byte length, 7 bits per byte), so no record claims more bytes than
/// the part holds.
#[derive(Default)]
struct RecordWalker {
    /// Bytes of the current record's header seen so far (type, then length).
    type_bytes: u8,
    len_bytes: u8,
    len: u64,
    /// Data bytes of the current record still to come.
    remaining: u64,
    in_data: bool,
}

impl RecordWalker {
    fn feed(&mut self, mut chunk: &[u8]) {
        while !chunk.is_empty() {
            if self.in_data {
                let take = (self.remaining.min(chunk.len() as u64)) as usize;
                self.remaining -= take as u64;
                chunk = &chunk[take..];
                if self.remaining == 0 {
                    *self = RecordWalker::default();
                }
                continue;
            }
            let b = chunk[0];
            chunk = &chunk[1..];
            self.header_byte(b);
        }
    }

    fn header_byte(&mut self, b: u8) {
        // Type: first byte, and a second one when the first has the high bit.
        if self.type_bytes == 0 {
            self.type_bytes = if b & 0x80 != 0 { 1 } else { 2 };
            return;
        }
        if self.type_bytes == 1 {
            self.type_bytes = 2;
            return;
        }
        // Length: up to four bytes, 7 bits each, little end first.
        self.len |= ((b & 0x7F) as u64) << (7 * self.len_bytes as u64);
        self.len_bytes += 1;
        if b & 0x80 == 0 || self.len_bytes == 4 {
            self.remaining = self.len;
            self.in_data = true;
            if self.remaining == 0 {
                *self = RecordWalker::default();
            }
        }
    }

    fn is_clean(&self) -> bool {
        self.type_bytes == 0 && !self.in_data
    }
}

// ---------------------------------------------------------------------------
// ODS pre-scan
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum OdsKind {
    Boolean,
    Percent,
    Error,
}

/// What the pre-scan learnt about one table.
#[derive(Default)]
struct OdsTable {
    merged: Vec<(u32, u32, u32, u32)>,
    /// Value types calamine loses (booleans, percentages, errors).
    kinds: HashMap<(u32, u32), OdsKind>,
}

struct OdsScan {
    tables: HashMap<String, OdsTable>,
}

/// Walk `content.xml` the way calamine does (same element names, same repeat
/// attributes) and reject content beyond the limits before calamine
/// materialises it. Empty repeated cells and rows (LibreOffice writes
/// `number-rows-repeated="1048553"` after the data) cost calamine nothing and
/// are allowed; a non-empty cell repeated far is not.
fn prescan_ods(bytes: &[u8], limits: &Limits) -> Result<OdsScan, ReadError> {
    let mut zip = open_zip(bytes, limits)?;
    let file = zip.by_name("content.xml").map_err(|_| ReadError::corrupt("the ods file has no content.xml"))?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    // calamine's ods reader loops until it meets the end tag it waits for and never stops at the end of
    // the file: a content.xml cut short or with tags that do not pair up makes it spin forever. So the
    // XML must be well formed here: end tags match their start tags (checked by quick-xml) and every
    // element is closed when the file ends (`open` below).
    xml.config_mut().check_end_names = true;
    let mut open = 0u64;
    let mut tables = HashMap::new();
    let mut buf = Vec::new();
    let mut current: Option<(String, OdsTable)> = None;
    let mut row: u64 = 0;
    let mut col: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut depth_in_cell = 0u32;
    let mut sheets = 0usize;
    let mut area = 0u64;
    let mut sheet_max: (u64, u64) = (0, 0);
    let mut sheet_has_content = false;
    let mut bool_data_styles: HashSet<String> = HashSet::new();
    let mut bool_cell_styles: HashSet<String> = HashSet::new();
    let bad = |e: quick_xml::Error| {
        ReadError::corrupt(format!("the ods content.xml is damaged: {}", e.to_string().to_lowercase()))
    };
    loop {
        buf.clear();
        let ev = xml.read_event_into(&mut buf).map_err(bad)?;
        match &ev {
            Event::Start(_) => open += 1,
            Event::End(_) => open = open.saturating_sub(1),
            Event::Eof if open > 0 => {
                return Err(ReadError::corrupt(format!(
                    "the ods content.xml is damaged: it ends with {open} element(s) still open (the file is truncated)"
                )))
            }
            _ => {}
        }
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if depth_in_cell > 0 {
                if !empty {
                    depth_in_cell += 1;
                }
                continue;
            }
            match e.name().as_ref() {
                "number:boolean-style" => {
                    if let Some(n) = attr(e, "style:name") {
                        bool_data_styles.insert(n);
                    }
                }
                "style:style" => {
                    if let (Some(n), Some(d)) = (attr(e, "style:name"), attr(e, "style:data-style-name")) {
                        if bool_data_styles.contains(&d) {
                            bool_cell_styles.insert(n);
                        }
                    }
                }
                "table:table" => {
                    sheets += 1;
                    check_sheet_count(sheets, limits)?;
                    let name = attr(e, "table:name").unwrap_or_default();
                    current = Some((name, OdsTable::default()));
                    row = 0;
                    sheet_max = (0, 0);
                    sheet_has_content = false;
                }
                "table:table-row" => {
                    row_repeat = attr_u64(e, "table:number-rows-repeated")?.unwrap_or(1).max(1);
                    col = 0;
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let col_repeat = attr_u64(e, "table:number-columns-repeated")?.unwrap_or(1).max(1);
                    let value_type = attr(e, "office:value-type");
                    let has_content = !empty || value_type.is_some() || attr(e, "table:formula").is_some();
                    if let Some((name, table)) = current.as_mut() {
                        if has_content {
                            let last_row = row.saturating_add(row_repeat - 1);
                            let last_col = col.saturating_add(col_repeat - 1);
                            check_position(name, last_row, last_col, limits)?;
                            sheet_has_content = true;
                            sheet_max = (sheet_max.0.max(last_row), sheet_max.1.max(last_col));
                            let calc_type = attr(e, "calcext:value-type");
                            // Booleans: a boolean value type; or, as LibreOffice
                            // writes converted xlsx booleans, a float from
                            // TRUE()/FALSE() or in a boolean-formatted style.
                            let formula = attr(e, "table:formula").unwrap_or_default().to_ascii_uppercase();
                            let boolean_style =
                                attr(e, "table:style-name").is_some_and(|n| bool_cell_styles.contains(&n));
                            let boolean_formula = matches!(formula.as_str(), "OF:=TRUE()" | "OF:=FALSE()");
                            let kind = match (value_type.as_deref(), calc_type.as_deref()) {
                                (_, Some("error")) => Some(OdsKind::Error),
                                (Some("boolean"), _) => Some(OdsKind::Boolean),
                                (Some("float"), _) if boolean_style || boolean_formula => Some(OdsKind::Boolean),
                                (Some("percentage"), _) => Some(OdsKind::Percent),
                                _ => None,
                            };
                            if let Some(kind) = kind {
                                // Bounded: positions are within max_rows x max_cols.
                                for r in row..=last_row {
                                    for c in col..=last_col {
                                        table.kinds.insert((r as u32, c as u32), kind);
                                    }
                                }
                            }
                            let rows = attr_u64(e, "table:number-rows-spanned")?.unwrap_or(1);
                            let cols = attr_u64(e, "table:number-columns-spanned")?.unwrap_or(1);
                            merge_span(name, table, (row, col), (rows, cols), limits)?;
                        } else if let Some(rows) = attr_u64(e, "table:number-rows-spanned")? {
                            // An empty merged cell still merges.
                            let cols = attr_u64(e, "table:number-columns-spanned")?.unwrap_or(1);
                            merge_span(name, table, (row, col), (rows, cols), limits)?;
                        }
                    }
                    col = col.saturating_add(col_repeat);
                    if !empty {
                        depth_in_cell = 1;
                    }
                }
                _ => {}
            }
        } else {
            match &ev {
                Event::End(e) => {
                    if depth_in_cell > 0 {
                        depth_in_cell -= 1;
                        continue;
                    }
                    match e.name().as_ref() {
                        "table:table-row" => row = row.saturating_add(row_repeat),
                        "table:table" => {
                            if let Some((name, table)) = current.take() {
                                if sheet_has_content {
                                    // calamine holds each table densely (value +
                                    // formula per slot), all tables at once.
                                    area += (sheet_max.0 + 1) * (sheet_max.1 + 1);
                                    if area > limits.max_cells {
                                        return Err(ReadError::too_large(format!(
                                            "sheet \"{name}\" spans {} cells ({} rows x {} columns), which takes the workbook over the limit of {} cells",
                                            (sheet_max.0 + 1) * (sheet_max.1 + 1),
                                            sheet_max.0 + 1,
                                            sheet_max.1 + 1,
                                            limits.max_cells
                                        )));
                                    }
                                }
                                tables.insert(name, table);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(OdsScan { tables })
}

/// Record the merged region an ods cell spans, checked against the limits. A span of 0 is read as 1 (the
/// attribute's minimum), and a huge one saturates rather than overflows, so the limit check catches it.
fn merge_span(
    name: &str,
    table: &mut OdsTable,
    (row, col): (u64, u64),
    (rows, cols): (u64, u64),
    limits: &Limits,
) -> Result<(), ReadError> {
    if rows > 1 || cols > 1 {
        let (r1, c1) = (row.saturating_add(rows.max(1) - 1), col.saturating_add(cols.max(1) - 1));
        check_position(name, r1, c1, limits)?;
        table.merged.push((row as u32, col as u32, r1 as u32, c1 as u32));
    }
    Ok(())
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| quick_xml::escape::unescape(&a.value).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string()))
}

fn attr_u64(e: &BytesStart<'_>, key: &str) -> Result<Option<u64>, ReadError> {
    match attr(e, key) {
        None => Ok(None),
        Some(v) => v.trim().parse::<u64>().map(Some).map_err(|_| {
            ReadError::corrupt(format!(
                "the ods content.xml has an invalid {} value \"{}\"",
                key,
                v.chars().take(40).collect::<String>()
            ))
        }),
    }
}

// ---------------------------------------------------------------------------
// XLS pre-scan
// ---------------------------------------------------------------------------

/// Validate an xls file the way calamine will read it: the compound file
/// (sector chains that end, a FAT no bigger than the file) and every BIFF
/// record calamine turns into a cell, so the dense ranges calamine builds
/// while opening stay within the limits.
fn prescan_xls(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let cfb = cfb::Cfb::parse(bytes).map_err(|e| ReadError::corrupt(format!("the xls file is damaged: {e}")))?;
    // calamine tries "Workbook", then "Book" (BIFF5).
    let stream = match cfb.stream(bytes, "Workbook") {
        Ok(Some(s)) => s,
        Ok(None) | Err(_) => match cfb.stream(bytes, "Book") {
            Ok(Some(s)) => s,
            Ok(None) => {
                return Err(ReadError::not_workbook(
                    "the file is an Office 97–2003 compound file without a Workbook stream, not a workbook",
                ))
            }
            Err(e) => return Err(ReadError::corrupt(format!("the xls file is damaged: {e}"))),
        },
    };
    biff::scan(&stream, limits)
}

mod biff {
    //! Mirror of calamine's BIFF record walk (xls.rs `parse_workbook`), only
    //! collecting sheet offsets, names and cell positions.
    use super::{check_claim, check_position, check_sheet_count, ReadError};
    use crate::import::limits::Limits;

    fn u16_at(d: &[u8], i: usize) -> Option<u32> {
        d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
    }

    fn u32_at(d: &[u8], i: usize) -> Option<u32> {
        d.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Records (type, data) as calamine's `RecordIter` cuts them, CONTINUE
    /// records folded in (their content does not matter here).
    fn records(mut s: &[u8]) -> impl Iterator<Item = Result<(u32, &[u8]), ReadError>> {
        std::iter::from_fn(move || {
            if s.is_empty() {
                return None;
            }
            let damaged = || {
                Some(Err(ReadError::corrupt(
                    "the xls file is damaged: a record runs past the end of the workbook stream",
                )))
            };
            let (Some(typ), Some(len)) = (u16_at(s, 0), u16_at(s, 2)) else {
                s = &[];
                return damaged();
            };
            let len = len as usize;
            if s.len() < len + 4 {
                s = &[];
                return damaged();
            }
            let data = &s[4..4 + len];
            s = &s[4 + len..];
            while s.len() > 4 && u16_at(s, 0) == Some(0x003C) {
                let l = u16_at(s, 2).unwrap_or(0) as usize;
                if s.len() < l + 4 {
                    s = &[];
                    return damaged();
                }
                s = &s[4 + l..];
            }
            Some(Ok((typ, data)))
        })
    }

    pub(super) fn scan(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
        let mut sheets: Vec<usize> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        for rec in records(stream) {
            let (typ, data) = rec?;
            match typ {
                0x002F if u16_at(data, 0).unwrap_or(0) != 0 => {
                    return Err(ReadError::unsupported(
                        "the xls file is password protected; remove the password and save it again",
                    ))
                }
                0x0085 => {
                    // BoundSheet8: offset(4) state(1) type(1) cch(1) flags(1) chars.
                    let cch = data.get(6).copied().unwrap_or(0) as usize;
                    let chars = data.get(8..).unwrap_or(&[]);
                    let name = if data.get(7).is_some_and(|f| f & 1 == 1) {
                        let units: Vec<u16> =
                            chars.chunks_exact(2).take(cch).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
                        String::from_utf16_lossy(&units)
                    } else {
                        chars.iter().take(cch).map(|&b| b as char).collect()
                    };
                    names.push(name);
                    sheets.push(u32_at(data, 0).unwrap_or(u32::MAX) as usize);
                    check_sheet_count(sheets.len(), limits)?;
                }
                0x0018 => {
                    // Lbl (a defined name): calamine slices the name from byte 14 and the formula from the
                    // record's end by its declared length, without checking either.
                    let cce = u16_at(data, 4).unwrap_or(0) as usize;
                    if data.len() < 14 || cce > data.len() - 14 {
                        return Err(ReadError::corrupt(
                            "the xls file is damaged: a defined name's record is shorter than its formula",
                        ));
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        let mut total_area = 0u64;
        for (i, pos) in sheets.into_iter().enumerate() {
            // calamine slices the stream at this offset without a check.
            if pos >= stream.len() {
                return Err(ReadError::corrupt(format!(
                    "the xls file is damaged: sheet {} starts at offset {pos}, past the end of the workbook stream ({} bytes)",
                    i + 1,
                    stream.len()
                )));
            }
            let name = names.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
            let mut depth = 0usize;
            let mut seen_bof = false;
            let mut min = (u64::MAX, u64::MAX);
            let mut max = (0u64, 0u64);
            let mut any = false;
            let mut see = |r: u32, c: u32| -> Result<(), ReadError> {
                check_position(&name, r as u64, c as u64, limits)?;
                any = true;
                min = (min.0.min(r as u64), min.1.min(c as u64));
                max = (max.0.max(r as u64), max.1.max(c as u64));
                Ok(())
            };
            for rec in records(&stream[pos..]) {
                let (typ, d) = rec?;
                if depth > 0 {
                    match typ {
                        0x0809 => depth += 1,
                        0x000A => depth -= 1,
                        _ => {}
                    }
                    continue;
                }
                let rc = || (u16_at(d, 0).unwrap_or(0), u16_at(d, 2).unwrap_or(0));
                match typ {
                    0x0809 => {
                        if seen_bof {
                            depth += 1
                        } else {
                            seen_bof = true
                        }
                    }
                    0x0200 => {
                        // DIMENSIONS: calamine reserves rows x cols cells from it.
                        let (rf, rl, cf, cl) = match d.len() {
                            10 => (rc().0, rc().1, u16_at(d, 4).unwrap_or(0), u16_at(d, 6).unwrap_or(0)),
                            14 | 16 => (
                                u32_at(d, 0).unwrap_or(0),
                                u32_at(d, 4).unwrap_or(0),
                                u16_at(d, 8).unwrap_or(0),
                                u16_at(d, 10).unwrap_or(0),
                            ),
                            _ => continue, // calamine rejects it
                        };
                        let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                        let rows = (rl as u64).saturating_sub(rf as u64);
                        let cols = (cl as u64).saturating_sub(cf as u64);
                        check_claim(&name, rows, cols, limits)?;
                    }
                    0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => {
                        let (r, c) = rc();
                        see(r, c)?;
                    }
                    // MulRk: row, first column, ..., last column.
                    0x00BD if d.len() >= 6 => {
                        let (r, c0) = rc();
                        let c1 = u16_at(d, d.len() - 2).unwrap_or(0);
                        see(r, c0)?;
                        see(r, c1.max(c0))?;
                    }
                    // MulBlank: calamine skips blanks, but check anyway.
                    0x00BE if d.len() >= 6 => {
                        let (r, c0) = rc();
                        see(r, c0)?;
                    }
                    0x000A => break,
                    _ => {}
                }
            }
            if any {
                // calamine builds a dense range over the used area (value and
                // formula ranges), every sheet at once.
                total_area += (max.0 - min.0 + 1) * (max.1 - min.1 + 1);
                if total_area > limits.max_cells {
                    return Err(ReadError::too_large(format!(
                        "sheet \"{name}\" spans {} cells, which takes the workbook over the limit of {} cells",
                        (max.0 - min.0 + 1) * (max.1 - min.1 + 1),
                        limits.max_cells
                    )));
                }
            }
        }
        Ok(())
    }
}

mod cfb {
    //! Minimal, validating reader of the Compound File Binary format, written
    //! to mirror how calamine's private `cfb` module reads (same sector
    //! numbering, FAT assembly and chain rules) so that anything accepted here
    //! is bounded there. calamine follows sector chains without a cycle check
    //! and builds the FAT from every DIFAT entry; a hostile file can make it
    //! loop or allocate without bound.

    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    const DIFSECT: u32 = 0xFFFF_FFFC;
    const RESERVED: u32 = 0xFFFF_FFFA;

    fn u16_at(d: &[u8], i: usize) -> u32 {
        u16::from_le_bytes([d[i], d[i + 1]]) as u32
    }
    fn u32_at(d: &[u8], i: usize) -> u32 {
        u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]])
    }

    pub(super) struct Cfb {
        sector_size: usize,
        header_len: usize,
        /// calamine's `maxid`: file length / sector size.
        maxid: u32,
        fat: Vec<u32>,
        entries: Vec<(String, u32, u64)>,
        mini_fat: Vec<u32>,
        mini_stream: Vec<u8>,
    }

    impl Cfb {
        pub(super) fn parse(bytes: &[u8]) -> Result<Cfb, String> {
            if bytes.len() < 512 {
                return Err(format!("the file is only {} bytes, too short for its header", bytes.len()));
            }
            let sector_size = match u16_at(bytes, 30) {
                9 => 512,
                12 => 4096,
                s => return Err(format!("invalid sector size code {s}")),
            };
            if u16_at(bytes, 32) != 6 {
                return Err("invalid mini sector size".into());
            }
            let header_len = sector_size; // calamine skips a whole sector for 4096
            if bytes.len() < header_len {
                return Err("the header is truncated".into());
            }
            let maxid = (bytes.len() / sector_size) as u32;
            let mut cfb = Cfb {
                sector_size,
                header_len,
                maxid,
                fat: Vec::new(),
                entries: Vec::new(),
                mini_fat: Vec::new(),
                mini_stream: Vec::new(),
            };
            // DIFAT: 109 entries in the header, then a chain of DIFAT sectors
            // whose last entry points at the next one.
            let mut difat: Vec<u32> = (76..512).step_by(4).map(|i| u32_at(bytes, i)).collect();
            let mut next = u32_at(bytes, 68);
            let mut steps = 0u64;
            while next < RESERVED {
                steps += 1;
                if steps > maxid as u64 + 1 {
                    return Err("the DIFAT chain loops".into());
                }
                let sector = cfb.sector(bytes, next)?;
                difat.extend(sector.chunks_exact(4).map(|c| u32_at(c, 0)));
                next = difat.pop().unwrap_or(ENDOFCHAIN);
            }
            // calamine appends one FAT sector per DIFAT entry, repeats
            // included: a FAT longer than the file means a hostile DIFAT.
            let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
            if fat_sectors.len() as u64 > maxid as u64 + 1 {
                return Err(format!("the file lists {} FAT sectors but has only {} sectors", fat_sectors.len(), maxid));
            }
            let mut fat = Vec::new();
            for id in fat_sectors {
                let s = cfb.sector(bytes, id)?;
                fat.extend(s.chunks_exact(4).map(|c| u32_at(c, 0)));
            }
            cfb.fat = fat;
            let dirs = cfb.chain(bytes, u32_at(bytes, 48), u64::MAX, false)?;
            for c in dirs.chunks_exact(128) {
                let units: Vec<u16> = c[..64].chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
                let mut name = String::from_utf16_lossy(&units);
                if let Some(l) = name.find('\0') {
                    name.truncate(l);
                }
                let start = u32_at(c, 116);
                let len = if sector_size == 512 {
                    u32_at(c, 120) as u64
                } else {
                    u64::from_le_bytes(c[120..128].try_into().unwrap_or([0; 8]))
                };
                cfb.entries.push((name, start, len));
            }
            if cfb.entries.is_empty() {
                return Err("the directory is empty".into());
            }
            let version = u16_at(bytes, 26);
            if version != 3 && cfb.entries[0].1 == ENDOFCHAIN {
                return Err("the root directory is empty".into());
            }
            let mini_fat_len = u32_at(bytes, 64) as u64;
            if mini_fat_len > 0 {
                let (_, root_start, root_len) = cfb.entries[0].clone();
                cfb.mini_stream = cfb.chain(bytes, root_start, root_len, false)?;
                let mini_fat =
                    cfb.chain(bytes, u32_at(bytes, 60), mini_fat_len.saturating_mul(sector_size as u64), false)?;
                cfb.mini_fat = mini_fat.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
            }
            Ok(cfb)
        }

        /// Whether a stream of this name exists (case-insensitive, as calamine).
        pub(super) fn has(&self, name: &str) -> bool {
            self.entries.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(name))
        }

        /// The bytes of the first stream of this name, read as calamine does.
        pub(super) fn stream(&self, bytes: &[u8], name: &str) -> Result<Option<Vec<u8>>, String> {
            let Some((_, start, len)) = self.entries.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)) else {
                return Ok(None);
            };
            self.chain(bytes, *start, *len, *len < 4096).map(Some)
        }

        fn sector<'b>(&self, bytes: &'b [u8], id: u32) -> Result<&'b [u8], String> {
            if id > self.maxid {
                return Err(format!("sector {id} points past the end of the file"));
            }
            let start = self.header_len + id as usize * self.sector_size;
            let end = (start + self.sector_size).min(bytes.len());
            Ok(bytes.get(start..end).unwrap_or(&[]))
        }

        fn mini_sector(&self, id: u32) -> Result<&[u8], String> {
            // calamine allows ids up to maxid * 8 and reads past the mini
            // stream as zeros/garbage; an id beyond the stream is damage.
            let start = id as usize * 64;
            if id as u64 > self.maxid as u64 * 8 || start >= self.mini_stream.len() {
                return Err(format!("mini sector {id} points past the end of the mini stream"));
            }
            Ok(&self.mini_stream[start..(start + 64).min(self.mini_stream.len())])
        }

        /// Follow a chain like calamine's `get_chain` (stop at ENDOFCHAIN or
        /// once `len` bytes are collected), but refuse loops and ids outside
        /// the FAT, which make calamine spin, grow without bound or panic.
        fn chain(&self, bytes: &[u8], mut id: u32, len: u64, mini: bool) -> Result<Vec<u8>, String> {
            let (fat, max_steps) =
                if mini { (&self.mini_fat, self.maxid as u64 * 8 + 1) } else { (&self.fat, self.maxid as u64 + 1) };
            let mut out = Vec::new();
            let mut steps = 0u64;
            while id != ENDOFCHAIN {
                steps += 1;
                if steps > max_steps {
                    return Err("a sector chain loops".into());
                }
                let s = if mini { self.mini_sector(id)? } else { self.sector(bytes, id)? };
                let room = len.saturating_sub(out.len() as u64);
                out.extend_from_slice(&s[..(s.len() as u64).min(room) as usize]);
                if out.len() as u64 >= len {
                    break;
                }
                id = *fat.get(id as usize).ok_or_else(|| format!("sector {id} is outside the allocation table"))?;
            }
            Ok(out)
        }
    }
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Sheet, ReadError> {
    let decoded = match decode_text(bytes) {
        Some(t) => t,
        None => return Err(ReadError::not_workbook("the file is binary data, not CSV text")),
    };
    let delimiter = pick_delimiter(&decoded);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded.as_bytes());
    let mut total = 0u64;
    let mut builder = SheetBuilder::new("Profile", limits, &mut total);
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(ReadError::corrupt(format!(
                    "the csv file cannot be parsed at row {}: {}",
                    row + 1,
                    e.to_string().to_lowercase()
                )))
            }
        }
        if row >= limits.max_rows {
            return Err(ReadError::too_large(format!(
                "the csv file has more than {} rows, the limit",
                limits.max_rows
            )));
        }
        if record.len() as u64 > limits.max_cols as u64 {
            // Trailing empty fields (";;;;") are common and harmless.
            if let Some((last, _)) = record.iter().enumerate().filter(|(_, f)| !f.is_empty()).last() {
                builder.check_position(row, last as u32)?;
            }
        }
        for (col, field) in record.iter().enumerate() {
            if !field.is_empty() {
                builder.push(row, col as u32, text(field), false)?;
            }
        }
        row += 1;
    }
    builder.finish(Vec::new())
}

/// Pick `,`, `;` or tab: the one giving the same field count (> 1) on the
/// most of the first lines.
fn pick_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b';', b'\t'] {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let mut rdr =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(d).from_reader(sample.as_bytes());
        for rec in rdr.records().flatten() {
            if rec.len() > 1 {
                *counts.entry(rec.len()).or_default() += 1;
            }
        }
        if let Some((&fields, &lines)) = counts.iter().max_by_key(|(f, l)| (**l, **f)) {
            if (lines, fields) > (best.1, best.2) {
                best = (d, lines, fields);
            }
        }
    }
    best.0
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

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.00%"));
        assert!(is_percent_format("0%;[Red]-0%"));
        assert!(!is_percent_format("0 \"%\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("yyyy-mm-dd"));
    }

    #[test]
    fn iso_values() {
        assert_eq!(iso_duration("PT14H30M00S"), CellValue::Number(14.5 / 24.0));
        assert_eq!(iso_duration("P1DT12H"), CellValue::Number(1.5));
        assert_eq!(iso_duration("-PT6H"), CellValue::Number(-0.25));
        assert_eq!(iso_duration("P1Y"), CellValue::Text("P1Y".into()));
        let d = NaiveDate::from_ymd_opt(2024, 5, 17).unwrap();
        assert_eq!(iso_datetime("2024-05-17"), CellValue::Date(d));
        assert_eq!(iso_datetime("2024-05-17T00:00:00"), CellValue::Date(d));
        assert_eq!(iso_datetime("2024-05-17T14:30:00.000"), CellValue::DateTime(d.and_hms_opt(14, 30, 0).unwrap()));
    }

    #[test]
    fn xlsb_record_walker() {
        let mut w = RecordWalker::default();
        // type 0x0083 (2 bytes), length 3, data; then type 1, length 0.
        w.feed(&[0x83, 0x01, 0x03, 1, 2]);
        assert!(!w.is_clean());
        w.feed(&[3, 0x01, 0x00]);
        assert!(w.is_clean());
    }

    /// A file of `tests/fixtures`.
    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
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
        let sheet = wb.sheet("profile").unwrap();
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
        assert_eq!(sheet.max_row(), Some(12));
        assert_eq!(sheet.get_cell(1, 1).unwrap().percent, percent_known, "{name} percent");
        assert!(!sheet.get_cell(6, 1).unwrap().percent);
        // row-major order
        assert!(sheet.cells.windows(2).all(|w| (w[0].row, w[0].col) < (w[1].row, w[1].col)));
        assert_eq!(wb.sheet("Lists").unwrap().get(1, 0), Some(&text("No")));
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
        let mut tiny = Limits::default();
        tiny.max_file_bytes = 100;
        let err = read_workbook(&fixture("cell-values.xlsx"), Format::Xlsx, &tiny).unwrap_err();
        assert_eq!(err.kind(), ReadErrorKind::TooLarge);
        assert_eq!(err.to_string(), "the file is 6468 bytes, more than the limit of 100");
    }

    #[test]
    fn json_is_sniffed_but_not_read() {
        assert_eq!(sniff(b"  {\"answers\": []}", None), Ok(Format::Json));
        assert!(read_workbook(b"{}", Format::Json, &Limits::default()).is_err());
    }

    fn csv_sheet(bytes: &[u8]) -> Sheet {
        assert_eq!(sniff(bytes, Some("answers.csv")), Ok(Format::Csv));
        let mut wb = read_workbook(bytes, Format::Csv, &Limits::default()).unwrap();
        assert_eq!(wb.sheets.len(), 1);
        wb.sheets.remove(0)
    }

    #[test]
    fn csv_delimiters_and_encodings() {
        for src in [
            "Name,Acme GmbH\nUptime,99.95%\n\"Address\",\"Line 1\nLine 2\"\n",
            "Name;Acme GmbH\nUptime;99.95%\nAddress;\"Line 1\nLine 2\"\n",
            "Name\tAcme GmbH\nUptime\t99.95%\nAddress\t\"Line 1\r\nLine 2\"\n",
            "\u{feff}Name,Acme GmbH\nUptime,99.95%\nAddress,\"Line 1\nLine 2\"\n",
        ] {
            let s = csv_sheet(src.as_bytes());
            assert_eq!(s.name, "Profile");
            assert_eq!(s.get(0, 0), Some(&text("Name")), "{src:?}");
            assert_eq!(s.get(0, 1), Some(&text("Acme GmbH")), "{src:?}");
            assert_eq!(s.get(1, 1), Some(&text("99.95%")));
            assert_eq!(s.get(2, 1), Some(&text("Line 1\nLine 2")));
        }
        // UTF-16 LE with BOM, as Excel's "Unicode text" writes.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "City\tZürich 東京\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(csv_sheet(&utf16).get(0, 1), Some(&text("Zürich 東京")));
        // Windows-1252 (not UTF-8): nothing is dropped.
        let cp1252 = b"City;Z\xFCrich \x80 5\n";
        assert_eq!(csv_sheet(cp1252).get(0, 1), Some(&text("Zürich € 5")));
    }

    #[test]
    fn csv_limits() {
        let mut limits = Limits::default();
        limits.max_rows = 3;
        let err = read_workbook(b"a,b\nc,d\ne,f\ng,h\n", Format::Csv, &limits).unwrap_err();
        assert_eq!(err.to_string(), "the csv file has more than 3 rows, the limit");
        let long = format!("a,{}\n", "x".repeat(200_000));
        // A text over the limit is cut to it, and the cut recorded for a text-too-long warning.
        let sheet = read_workbook(long.as_bytes(), Format::Csv, &Limits::default()).unwrap().sheets.remove(0);
        assert_eq!(sheet.truncated, vec![(0, 1, 200_000)]);
        assert_eq!(sheet.get(0, 1), Some(&text(&"x".repeat(100_000))));
    }

    /// `tests/fixtures/cell-values.ods` with `attributes` added to its first cell.
    fn ods_with_first_cell(attributes: &str) -> Vec<u8> {
        use std::io::Write;
        let original = fixture("cell-values.ods");
        let mut zip = ZipArchive::new(Cursor::new(&original[..])).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut member = zip.by_index(i).unwrap();
            let name = member.name().unwrap().into_owned();
            let mut data = Vec::new();
            member.read_to_end(&mut data).unwrap();
            if name == "content.xml" {
                let xml = String::from_utf8(data).unwrap();
                data = xml.replacen("<table:table-cell ", &format!("<table:table-cell {attributes} "), 1).into_bytes();
            }
            let method =
                if name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
            out.start_file(name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// Found by reading the ods pre-scan: a merged cell spanning 0 rows in the first row made
    /// `row + rows - 1` overflow (a panic in debug builds, a wrapped number in release).
    #[test]
    fn regression_ods_zero_span_overflow() {
        let read = |bytes: &[u8]| {
            catch_unwind(|| read_workbook(bytes, Format::Ods, &Limits::default())).expect("the ods reader panicked")
        };
        // A span of 0 counts as 1, the attribute's minimum.
        let bytes = ods_with_first_cell("table:number-rows-spanned=\"0\" table:number-columns-spanned=\"2\"");
        assert_eq!(read(&bytes).unwrap().sheets[0].merged[0], (0, 0, 0, 1));
        let bytes = ods_with_first_cell("table:number-rows-spanned=\"2\" table:number-columns-spanned=\"0\"");
        assert_eq!(read(&bytes).unwrap().sheets[0].merged[0], (0, 0, 1, 0));
        let huge = "table:number-rows-spanned=\"18446744073709551615\" table:number-columns-spanned=\"2\"";
        let err = read(&ods_with_first_cell(huge)).unwrap_err();
        assert_eq!(err.kind(), ReadErrorKind::TooLarge);
        assert!(err.to_string().contains("beyond the limit of 10000 rows"), "{err}");
    }
}
