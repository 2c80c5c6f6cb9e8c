//! Not part of the API: the importer's internals that the fuzz targets in `fuzz/` drive directly, past the
//! public entry points, so that each format's guard and each answer kind's reader is reached on its own.
//! Compiled only with the `fuzzing` feature, and free to change in any release.

pub use super::cells::{read_text, CellValue, Finding, Outcome, Reading};
pub use super::workbook::{read_workbook, Cell, ReadError, ReadErrorKind, Sheet, Workbook};
