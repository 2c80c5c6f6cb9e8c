//! The converter: what a bulk run builds once and shares between files and threads.

use std::path::Path;

use crate::import::{self, ImportOptions, Imported};
use crate::validate::Validator;
use crate::Result;

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

    /// Reads a questionnaire from bytes; see [`import::read_bytes`].
    ///
    /// # Errors
    /// When the bytes cannot be read as a questionnaire.
    pub fn import_bytes(&self, bytes: &[u8], file_name: &str) -> Result<Imported> {
        import::read_bytes(bytes, file_name, &self.validator, &self.options)
    }
}
