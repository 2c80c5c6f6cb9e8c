//! Import: returned questionnaires, in whatever format the vendor's spreadsheet program saved them, read
//! into the profile's JSON document with every answer's state, its source cell and what reading it found
//! ([`Document`]). Validation against the schema comes next, the same way for every format
//! ([`Validator::validate`](crate::validate::Validator::validate)); [`Converter`](crate::Converter) runs both.
//!
//! Reading happens in three layers: `workbook` turns bytes into format-independent sheets of cells,
//! guarding the process against damaged and hostile files; `cells` reads one cell as an answer of the
//! question's type; this module finds the questionnaire's sheets, rows and columns and assembles the
//! profile. Nothing the vendor wrote in an answer, a note or a table row is dropped: it lands in the profile
//! or, when it fits no question, in the profile's `unmatched` list with a diagnostic.

pub(crate) mod cells;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod layout;
mod limits;
mod version;
pub(crate) mod workbook;

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::profile::Profile;
use crate::{Error, ErrorKind, Result};

pub use limits::Limits;
pub use workbook::Format;

/// How to import.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ImportOptions {
    /// The limits that protect the process from enormous or hostile files.
    pub limits: Limits,
}

impl ImportOptions {
    /// The default options with other limits.
    pub fn with_limits(limits: Limits) -> ImportOptions {
        ImportOptions { limits }
    }
}

/// A questionnaire as read from a file, before validation: the profile's JSON document (answers, states,
/// notes, sources and unmatched text), with what reading the file found.
///
/// [`Validator::validate`](crate::validate::Validator::validate) turns the document into a
/// [`Profile`], whatever format it came from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Document {
    /// The profile as JSON, not yet checked against the schema.
    pub json: Value,
    /// What reading the file found (a workbook's shape, dates read one of two ways, text cut at a limit), in
    /// sheet and row order.
    pub diagnostics: Vec<Diagnostic>,
    /// The format the file turned out to be.
    pub format: Format,
    /// The SHA-256 of the file's bytes, as lowercase hex.
    pub sha256: String,
    /// The file's name, as diagnostics name it.
    pub file_name: String,
}

/// Reads the questionnaire at `path`: a workbook, a CSV of the Profile sheet, or a profile JSON.
///
/// ```
/// # fn main() -> Result<(), discovery::Error> {
/// use discovery::import::{read_path, ImportOptions};
/// let document = read_path("samples/fabrikam-routewise.xlsx", &ImportOptions::default())?;
/// assert_eq!(document.json["meta"]["company_name"], "Fabrikam Freight Systems Ltd");
/// assert_eq!(document.json["sources"]["meta.company_name"], "Profile!D4");
/// # Ok(()) }
/// ```
///
/// # Errors
/// When the file cannot be read, is not a format the tool reads, is damaged, exceeds a limit, or holds no
/// questionnaire. Wrong answers are diagnostics, not errors.
pub fn read_path(path: impl AsRef<Path>, options: &ImportOptions) -> Result<Document> {
    let path = path.as_ref();
    let metadata = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if metadata.is_dir() {
        return Err(Error::new(ErrorKind::Io, "is a folder, not a file").with_path(path));
    }
    // A FIFO would block the open and a device (`/dev/zero`) never ends: only regular files are read.
    if !metadata.is_file() {
        return Err(Error::new(ErrorKind::Io, "is not a regular file (a device, a FIFO or a socket)").with_path(path));
    }
    if metadata.len() > options.limits.max_file_bytes {
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "the file is {} bytes, more than the limit of {} bytes",
                metadata.len(),
                options.limits.max_file_bytes
            ),
        )
        .with_path(path));
    }
    // The size can change between the check and the read: never read more than the limit and one byte.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            std::io::Read::read_to_end(&mut std::io::Read::take(file, options.limits.max_file_bytes + 1), &mut bytes)
        })
        .map_err(|e| io_error(path, e))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    read_bytes(&bytes, &name, options).map_err(|e| e.with_path(path))
}

fn io_error(path: &Path, error: std::io::Error) -> Error {
    Error::new(ErrorKind::Io, format!("cannot read the file: {error}")).with_path(path).with_source(error)
}

/// Reads a questionnaire from bytes; `file_name` names it in diagnostics and breaks ties between formats
/// that look alike (xlsx and xlsm).
///
/// # Errors
/// As [`read_path`].
pub fn read_bytes(bytes: &[u8], file_name: &str, options: &ImportOptions) -> Result<Document> {
    // read_path checks the size before reading; bytes from elsewhere (and JSON, which the workbook reader's
    // own check never sees) are checked here.
    if bytes.len() as u64 > options.limits.max_file_bytes {
        return Err(Error::new(
            ErrorKind::Limit,
            format!(
                "the file is {} bytes, more than the limit of {} bytes",
                bytes.len(),
                options.limits.max_file_bytes
            ),
        ));
    }
    let sha256 = hex(&Sha256::digest(bytes));
    let format = workbook::sniff(bytes, Some(file_name))
        .map_err(|e| Error::new(ErrorKind::UnknownFormat, e.to_string()).with_source(e))?;
    let (json, diagnostics) = if format == Format::Json {
        crate::validate::json::read(bytes, file_name, &options.limits.json())?
    } else {
        let choice = layout::sheet_choice();
        let workbook = workbook::read_workbook_with(bytes, format, &options.limits, &choice).map_err(|e| {
            let kind = match e.kind() {
                workbook::ReadErrorKind::TooLarge => ErrorKind::Limit,
                workbook::ReadErrorKind::NotAWorkbook | workbook::ReadErrorKind::Unsupported => {
                    ErrorKind::UnknownFormat
                }
                _ => ErrorKind::Malformed,
            };
            Error::new(kind, e.to_string()).with_source(e)
        })?;
        let (mut json, mut diagnostics) =
            layout::read_questionnaire(&workbook, file_name, options.limits.max_cell_chars)?;
        version::stamp(&workbook, file_name, &mut json, &mut diagnostics);
        // What the reader worked around comes first: it concerns the whole file.
        let repaired =
            workbook.warnings.iter().map(|w| Diagnostic::new(crate::diagnostic::Code::DamagedPart, w.as_str()));
        diagnostics.splice(0..0, repaired);
        (json, diagnostics)
    };
    Ok(Document { json, diagnostics, format, sha256, file_name: file_name.to_owned() })
}

/// The diagnostics a validated profile itself carries, worded by the cell readers: one per invalid answer
/// (derived from its raw text), one per table row that lacks a required cell, one per piece of unmatched
/// text. A workbook and the profile JSON exported from it give the same ones. Keys in `reported` (already
/// reported by validation) are left out.
pub(crate) fn recorded_diagnostics(
    profile: &Profile,
    file: &str,
    reported: &std::collections::BTreeSet<String>,
) -> Vec<Diagnostic> {
    layout::recorded_diagnostics(profile, file)
        .into_iter()
        .filter(|d| d.key.as_ref().is_none_or(|key| !reported.contains(key)))
        .collect()
}

/// Orders diagnostics as a reader walks the workbook: by sheet, then row, then column.
pub(crate) fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    layout::sort_diagnostics(diagnostics);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
