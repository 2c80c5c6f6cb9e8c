//! Size limits applied to every imported workbook before and while it is read.
//!
//! calamine has no protection against hostile files (a 5 KB xlsx can make it
//! allocate hundreds of gigabytes and abort the process), so every limit here is
//! checked *before* the corresponding calamine call can allocate, wherever the
//! structure allows it. The defaults leave a wide margin over real
//! questionnaires (a Profile sheet of ~80 rows x 6 columns, answer tables of a
//! few thousand rows x 10–30 columns) while keeping the worst accepted file
//! within roughly 100 MB of memory.

/// The limits that protect the process from enormous and hostile files, checked before the file is
/// parsed wherever its structure allows: the file's size, the zip's members and expansion, and each
/// sheet's rows, columns, cells and text. A file over a limit is an [`Error`](crate::Error) of kind
/// [`Limit`](crate::ErrorKind::Limit), except a text over [`max_cell_chars`](Limits::max_cell_chars), which
/// is cut and reported as a `text-too-long` warning.
///
/// The defaults suit questionnaires; change a field (the struct is non-exhaustive, so start from the
/// default) and pass the limits in [`ImportOptions`](super::ImportOptions):
///
/// ```
/// use discovery::import::{ImportOptions, Limits};
///
/// let mut limits = Limits::default();
/// limits.max_file_bytes = 5 * 1024 * 1024;
/// limits.max_rows = 2_000;
/// let converter = discovery::Converter::with_options(ImportOptions::with_limits(limits));
/// # let _ = converter;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest accepted file, in bytes (default 50 MiB). Real questionnaires are
    /// well under 1 MiB; embedded pictures are what make files large.
    pub max_file_bytes: u64,
    /// Largest total of all zip members once decompressed, in bytes (default
    /// 200 MiB). Checked against the zip headers *and* while decompressing, as
    /// the headers can lie.
    pub max_uncompressed_bytes: u64,
    /// Largest decompressed/compressed ratio of one zip member (default 200).
    /// Only applied to members that decompress to more than 1 MiB: small XML
    /// parts legitimately compress very well. Spreadsheet XML rarely exceeds
    /// 30:1; zip bombs are at 1000:1 and beyond.
    pub max_compression_ratio: u64,
    /// Most zip members (default 10 000). calamine indexes every member up
    /// front; a workbook has a few dozen.
    pub max_zip_entries: u64,
    /// Highest accepted row count of a sheet (default 10 000): the row index of
    /// any cell, and a sheet's declared dimension, must stay below it.
    pub max_rows: u32,
    /// Highest accepted column count of a sheet (default 128, i.e. up to column
    /// `DX`). Questionnaire sheets use fewer than 30 columns; xls itself stops
    /// at 256.
    pub max_cols: u32,
    /// Most non-empty cells in the whole workbook (default 500 000).
    pub max_cells: u64,
    /// Longest text of one cell, in characters (default 100 000). Excel itself
    /// stops at 32 767; LibreOffice does not. A longer text is not refused: it
    /// is cut to this many characters and reported as `text-too-long`, so one
    /// runaway answer does not cost the whole file. (Its memory is already
    /// bounded by `max_uncompressed_bytes`; the cut bounds the profile and the
    /// report.) This also bounds a list answer, read from one cell, to at most
    /// half as many entries.
    pub max_cell_chars: usize,
    /// Most sheets in a workbook (default 100).
    pub max_sheets: usize,
}

/// Bytes in a MiB.
const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * MIB,
            max_uncompressed_bytes: 200 * MIB,
            max_compression_ratio: 200,
            max_zip_entries: 10_000,
            max_rows: 10_000,
            max_cols: 128,
            max_cells: 500_000,
            max_cell_chars: 100_000,
            max_sheets: 100,
        }
    }
}

impl Limits {
    /// The same limits for a profile JSON: texts cut at `max_cell_chars`, tables at `max_rows` rows, other
    /// lists at as many entries as one cell can hold, and the document at `max_cells` values.
    pub(crate) fn json(&self) -> crate::validate::json::JsonLimits {
        crate::validate::json::JsonLimits {
            max_text_chars: self.max_cell_chars,
            max_table_rows: self.max_rows as usize,
            max_list_items: self.max_cell_chars / 2,
            max_values: usize::try_from(self.max_cells).unwrap_or(usize::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_limits_match_the_workbook_limits() {
        assert_eq!(Limits::default().json(), crate::validate::json::JsonLimits::default());
    }
}
