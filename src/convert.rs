//! The converter: what a bulk run builds once and shares between files and threads.

use std::path::Path;

use serde::Serialize;

use crate::analyse::{self, Analysis};
use crate::diagnostic::Diagnostic;
use crate::import::{self, ImportOptions, Imported};
use crate::validate::Validator;
use crate::Result;

/// A questionnaire read, validated and analysed: everything `discovery check` reports.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The questionnaire as read, with the import's and the validation's diagnostics.
    pub imported: Imported,
    /// Its gaps and completeness.
    pub analysis: Analysis,
}

/// The JSON that `discovery check --format json` prints.
#[derive(Debug, Serialize)]
pub struct CheckOutput<'a> {
    /// Every diagnostic.
    pub diagnostics: &'a [Diagnostic],
    /// Every gap, high first.
    pub gaps: &'a [analyse::Gap],
    /// Completeness per section and overall.
    pub completeness: &'a analyse::Completeness,
}

impl Checked {
    /// The shape `discovery check --format json` prints.
    pub fn output(&self) -> CheckOutput<'_> {
        CheckOutput {
            diagnostics: &self.imported.diagnostics,
            gaps: &self.analysis.gaps,
            completeness: &self.analysis.completeness,
        }
    }
}

/// Holds the compiled schema validator (and, for reports, the parsed fonts) so that converting many files
/// pays for them once. It is `Send + Sync`: share one across threads.
///
/// ```
/// # fn main() -> Result<(), discovery::Error> {
/// let converter = discovery::Converter::new();
/// let imported = converter.import("samples/fabrikam-routewise.json".as_ref())?;
/// assert_eq!(imported.profile.meta.solution_name.as_deref(), Some("RouteWise TMS"));
/// # Ok(()) }
/// ```
#[derive(Debug, Default)]
pub struct Converter {
    validator: Validator,
    options: ImportOptions,
}

impl Converter {
    /// A converter with the default limits.
    pub fn new() -> Converter {
        Converter::default()
    }

    /// A converter with other import options (limits).
    pub fn with_options(options: ImportOptions) -> Converter {
        Converter { validator: Validator::new(), options }
    }

    /// The schema validator.
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// Reads a questionnaire file; see [`import::read_path`].
    ///
    /// # Errors
    /// When the file cannot be read as a questionnaire.
    pub fn import(&self, path: &Path) -> Result<Imported> {
        import::read_path(path, &self.validator, &self.options)
    }

    /// Reads, validates and analyses a questionnaire file.
    ///
    /// ```
    /// # fn main() -> Result<(), discovery::Error> {
    /// let checked = discovery::Converter::new().check("samples/mueller-soen-partial.json".as_ref())?;
    /// assert!(checked.analysis.gaps.iter().any(|g| g.id == "sla-without-zones"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// When the file cannot be read as a questionnaire.
    pub fn check(&self, path: &Path) -> Result<Checked> {
        let imported = self.import(path)?;
        Ok(self.check_imported(imported))
    }

    /// Validates and analyses a questionnaire already read.
    pub fn check_imported(&self, mut imported: Imported) -> Checked {
        if imported.format != import::Format::Json {
            // A profile JSON was validated while it was read; an imported workbook is validated here, as a
            // second line of defence behind the cell readers.
            let file = imported.file_name.clone();
            imported.diagnostics.extend(self.validator.check_profile(&imported.profile, &file));
        }
        let analysis = analyse::analyse(&imported.profile);
        Checked { imported, analysis }
    }

    /// Reads a questionnaire from bytes; see [`import::read_bytes`].
    ///
    /// # Errors
    /// When the bytes cannot be read as a questionnaire.
    pub fn import_bytes(&self, bytes: &[u8], file_name: &str) -> Result<Imported> {
        import::read_bytes(bytes, file_name, &self.validator, &self.options)
    }
}
