//! The converter: what a bulk run builds once and shares between files and threads.

use std::path::Path;

use serde::Serialize;

use crate::analyse::{self, Analysis};
use crate::diagnostic::Diagnostic;
use crate::import::{self, ImportOptions, Imported};
use crate::validate::Validator;
use crate::Result;
#[cfg(feature = "render")]
use crate::{
    portfolio::IndexRow,
    render::fonts::{FontError, Fonts},
    render::report::{self, Rendered, ReportInput, ReportOptions},
};

/// A questionnaire read, validated and analysed: everything `discovery check` reports.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Checked {
    /// The questionnaire as read, with the import's and the validation's diagnostics.
    pub imported: Imported,
    /// Its gaps and completeness.
    pub analysis: Analysis,
}

/// The JSON that `discovery check --format json` prints.
#[derive(Debug, Serialize)]
#[non_exhaustive]
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

/// Holds the compiled schema validator and, for reports, the parsed fonts (parsed on first use, so a
/// program that only checks files never pays for them), so that converting many files pays for them once.
/// It is `Send + Sync`: share one across threads.
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
    #[cfg(feature = "render")]
    fonts: std::sync::OnceLock<std::result::Result<Fonts, FontError>>,
    #[cfg(feature = "render")]
    report_options: ReportOptions,
}

/// A questionnaire converted: checked, as profile JSON and as the PDF report.
#[cfg(feature = "render")]
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Converted {
    /// The questionnaire read, validated and analysed.
    pub checked: Checked,
    /// The profile as pretty-printed JSON, ending in a newline.
    pub profile_json: Vec<u8>,
    /// The PDF report.
    pub pdf: Vec<u8>,
    /// Characters of the questionnaire that no embedded font has; the report shows each as `?`.
    pub missing_chars: std::collections::BTreeSet<char>,
}

#[cfg(feature = "render")]
impl Checked {
    /// What the report of this questionnaire is rendered from: its profile, analysis and diagnostics, and the
    /// source file's name, format and SHA-256. For [`report::render`] with fonts or options of one's own;
    /// [`Converter::report`] does this for its own.
    pub fn report_input(&self) -> ReportInput<'_> {
        let mut input = ReportInput::new(&self.imported.profile, &self.analysis);
        input.diagnostics = &self.imported.diagnostics;
        input.file_name = &self.imported.file_name;
        input.format = self.imported.format.name();
        input.sha256 = &self.imported.sha256;
        input
    }
}

impl Converter {
    /// A converter with the default limits.
    pub fn new() -> Converter {
        Converter::default()
    }

    /// A converter with other import options (limits).
    pub fn with_options(options: ImportOptions) -> Converter {
        Converter { options, ..Converter::default() }
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

    /// The same converter, rendering reports with `options`.
    #[cfg(feature = "render")]
    pub fn with_report_options(mut self, options: ReportOptions) -> Converter {
        self.report_options = options;
        self
    }

    /// The embedded fonts, parsed on first use and then shared.
    ///
    /// # Errors
    /// When an embedded font cannot be parsed (an [`ErrorKind::Render`](crate::ErrorKind::Render) error;
    /// it would mean a broken build).
    #[cfg(feature = "render")]
    pub fn fonts(&self) -> Result<&Fonts> {
        self.fonts
            .get_or_init(Fonts::load)
            .as_ref()
            .map_err(|e| crate::Error::new(crate::ErrorKind::Render, e.to_string()).with_source(e.clone()))
    }

    /// Renders the PDF report of a checked questionnaire; see [`report::render`].
    ///
    /// ```
    /// # fn main() -> Result<(), discovery::Error> {
    /// let converter = discovery::Converter::new();
    /// let checked = converter.check("samples/fabrikam-routewise.xlsx".as_ref())?;
    /// let report = converter.report(&checked)?;
    /// assert!(report.pdf.starts_with(b"%PDF-"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// When the fonts cannot be parsed or the PDF cannot be serialised.
    #[cfg(feature = "render")]
    pub fn report(&self, checked: &Checked) -> Result<Rendered> {
        report::render(&checked.report_input(), self.fonts()?, &self.report_options)
    }

    /// Reads, validates and analyses a questionnaire file, and renders its profile JSON and PDF report:
    /// what a bulk run writes for each file.
    ///
    /// # Errors
    /// When the file cannot be read as a questionnaire, or the report cannot be rendered.
    #[cfg(feature = "render")]
    pub fn convert(&self, path: &Path) -> Result<Converted> {
        let checked = self.check(path)?;
        let mut profile_json =
            serde_json::to_vec_pretty(&checked.imported.profile).expect("a profile always serialises");
        profile_json.push(b'\n');
        let Rendered { pdf, missing_chars } = self.report(&checked)?;
        Ok(Converted { checked, profile_json, pdf, missing_chars })
    }

    /// Renders the portfolio overview PDF of a batch from its index; see
    /// [`render_portfolio`](crate::render::portfolio::render_portfolio).
    ///
    /// # Errors
    /// When the fonts cannot be parsed or the PDF cannot be serialised.
    #[cfg(feature = "render")]
    pub fn portfolio_pdf(&self, rows: &[IndexRow]) -> Result<Vec<u8>> {
        crate::portfolio::overview_pdf(rows, self.fonts()?)
    }
}
