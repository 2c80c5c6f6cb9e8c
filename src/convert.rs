//! The converter: what a bulk run builds once and shares between files and threads.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::analyse::{self, Analysis};
use crate::diagnostic::Diagnostic;
use crate::diff::Diff;
use crate::import::{self, Document, Format, ImportOptions};
use crate::profile::Profile;
use crate::validate::Validator;
use crate::Result;
#[cfg(feature = "render")]
use crate::{
    portfolio::IndexRow,
    render::fonts::{FontError, Fonts},
    render::report::{self, Rendered, ReportInput, ReportOptions},
};

/// A questionnaire read and validated: its profile, and every diagnostic of reading and validating it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Imported {
    /// The answers, their states, notes and source cells.
    pub profile: Profile,
    /// What was wrong or assumed, in sheet and row order (in questionnaire order for a profile JSON).
    pub diagnostics: Vec<Diagnostic>,
    /// The format the file turned out to be.
    pub format: Format,
    /// The SHA-256 of the file's bytes, as lowercase hex.
    pub sha256: String,
    /// The file's name, as diagnostics name it.
    pub file_name: String,
}

/// A questionnaire read, validated and analysed: everything `discovery check` reports.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Checked {
    /// The questionnaire as read, with the import's and the validation's diagnostics.
    pub imported: Imported,
    /// Its gaps and completeness.
    pub analysis: Analysis,
}

/// What `discovery check --format json` prints, and what a program reads it back into:
/// `{"diagnostics": [...], "gaps": [...], "completeness": {...}}`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let checked = discovery::Converter::new().check("samples/mueller-soen-partial.json")?;
/// let json = serde_json::to_string(&checked.output())?;
/// let read: discovery::CheckOutput = serde_json::from_str(&json)?;
/// assert_eq!(read, checked.output());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CheckOutput {
    /// Every diagnostic.
    pub diagnostics: Vec<Diagnostic>,
    /// Every gap, high first.
    pub gaps: Vec<analyse::Gap>,
    /// Completeness per section and overall.
    pub completeness: analyse::Completeness,
}

impl Checked {
    /// What changed since the vendor's `previous` return: [`diff`](crate::diff::diff) with this
    /// questionnaire's own analysis.
    ///
    /// ```
    /// # fn main() -> Result<(), discovery::Error> {
    /// let converter = discovery::Converter::new();
    /// let previous = converter.import("samples/mueller-soen-partial.json")?.profile;
    /// let checked = converter.check("samples/fabrikam-routewise.xlsx")?;
    /// let changes = checked.changes_since(&previous);
    /// assert!(changes.completeness_change() > 0.0);
    /// let report = converter.report_with_changes(&checked, Some(&changes))?;
    /// assert!(report.pdf.starts_with(b"%PDF-"));
    /// # Ok(()) }
    /// ```
    pub fn changes_since(&self, previous: &Profile) -> Diff {
        crate::diff::diff_analysed(previous, &analyse::analyse(previous), &self.imported.profile, &self.analysis)
    }

    /// The shape `discovery check --format json` prints.
    pub fn output(&self) -> CheckOutput {
        CheckOutput {
            diagnostics: self.imported.diagnostics.clone(),
            gaps: self.analysis.gaps.clone(),
            completeness: self.analysis.completeness.clone(),
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
/// let imported = converter.import("samples/fabrikam-routewise.json")?;
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

    /// Reads and validates a questionnaire file: [`import::read_path`], then [`Validator::validate`].
    ///
    /// # Errors
    /// When the file cannot be read as a questionnaire.
    pub fn import(&self, path: impl AsRef<Path>) -> Result<Imported> {
        let path = path.as_ref();
        let document = import::read_path(path, &self.options)?;
        self.validate(document).map_err(|e| e.with_path(path))
    }

    /// Reads and validates a questionnaire from bytes: [`import::read_bytes`], then [`Validator::validate`].
    ///
    /// # Errors
    /// When the bytes cannot be read as a questionnaire.
    pub fn import_bytes(&self, bytes: &[u8], file_name: &str) -> Result<Imported> {
        self.validate(import::read_bytes(bytes, file_name, &self.options)?)
    }

    /// Validates a document read from any format, the one place where every format is validated: the
    /// schema's repairs and diagnostics, then the diagnostics the profile itself records (invalid answers,
    /// incomplete rows, unmatched text), worded as the cell readers word them, in sheet and row order.
    fn validate(&self, document: Document) -> Result<Imported> {
        let Document { json, mut diagnostics, format, sha256, file_name } = document;
        let validated = self.validator.validate(json, &file_name)?;
        // A value the schema refused was just recorded as invalid and reported; the profile's own record of it
        // would say the same again.
        let reported = validated.diagnostics.iter().filter_map(|d| d.key.clone()).collect();
        diagnostics.extend(validated.diagnostics);
        diagnostics.extend(import::recorded_diagnostics(&validated.profile, &file_name, &reported));
        import::sort_diagnostics(&mut diagnostics);
        Ok(Imported { profile: validated.profile, diagnostics, format, sha256, file_name })
    }

    /// Reads, validates and analyses a questionnaire file.
    ///
    /// ```
    /// # fn main() -> Result<(), discovery::Error> {
    /// let checked = discovery::Converter::new().check("samples/mueller-soen-partial.json")?;
    /// assert!(checked.analysis.gaps.iter().any(|g| g.id.to_string() == "sla-without-zones"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// When the file cannot be read as a questionnaire.
    pub fn check(&self, path: impl AsRef<Path>) -> Result<Checked> {
        Ok(self.check_imported(self.import(path)?))
    }

    /// Reads, validates and analyses a questionnaire from bytes; `file_name` names it in diagnostics.
    ///
    /// ```
    /// # fn main() -> Result<(), discovery::Error> {
    /// let bytes = std::fs::read("samples/fabrikam-routewise.xlsx").unwrap();
    /// let checked = discovery::Converter::new().check_bytes(&bytes, "fabrikam.xlsx")?;
    /// assert_eq!(checked.imported.profile.sources["meta.company_name"], "Profile!D4");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// When the bytes cannot be read as a questionnaire.
    pub fn check_bytes(&self, bytes: &[u8], file_name: &str) -> Result<Checked> {
        Ok(self.check_imported(self.import_bytes(bytes, file_name)?))
    }

    /// Analyses a questionnaire already read and validated.
    pub fn check_imported(&self, imported: Imported) -> Checked {
        let analysis = analyse::analyse(&imported.profile);
        Checked { imported, analysis }
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
    /// let checked = converter.check("samples/fabrikam-routewise.xlsx")?;
    /// let report = converter.report(&checked)?;
    /// assert!(report.pdf.starts_with(b"%PDF-"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// When the fonts cannot be parsed or the PDF cannot be serialised.
    #[cfg(feature = "render")]
    pub fn report(&self, checked: &Checked) -> Result<Rendered> {
        self.report_with_changes(checked, None)
    }

    /// Renders the PDF report of a checked questionnaire with the changes since the vendor's previous return
    /// ([`Checked::changes_since`]): a part after the summary and a mark beside each changed answer. With
    /// `None` it is [`Converter::report`].
    ///
    /// # Errors
    /// When the fonts cannot be parsed or the PDF cannot be serialised.
    #[cfg(feature = "render")]
    pub fn report_with_changes(&self, checked: &Checked, changes: Option<&Diff>) -> Result<Rendered> {
        self.render_checked(checked, changes, None)
    }

    /// The report of `checked`, its document id derived from `profile_json` when the caller has written the
    /// profile already.
    #[cfg(feature = "render")]
    fn render_checked(
        &self,
        checked: &Checked,
        changes: Option<&Diff>,
        profile_json: Option<&[u8]>,
    ) -> Result<Rendered> {
        let mut input = checked.report_input();
        input.changes = changes;
        input.profile_json = profile_json;
        report::render(&input, self.fonts()?, &self.report_options)
    }

    /// Reads, validates and analyses a questionnaire file, and renders its profile JSON and PDF report:
    /// what a bulk run writes for each file.
    ///
    /// # Errors
    /// When the file cannot be read as a questionnaire, or the report cannot be rendered.
    #[cfg(feature = "render")]
    pub fn convert(&self, path: impl AsRef<Path>) -> Result<Converted> {
        self.converted(self.check(path)?)
    }

    /// Reads, validates and analyses a questionnaire from bytes, and renders its profile JSON and PDF report.
    ///
    /// # Errors
    /// When the bytes cannot be read as a questionnaire, or the report cannot be rendered.
    #[cfg(feature = "render")]
    pub fn convert_bytes(&self, bytes: &[u8], file_name: &str) -> Result<Converted> {
        self.converted(self.check_bytes(bytes, file_name)?)
    }

    #[cfg(feature = "render")]
    fn converted(&self, checked: Checked) -> Result<Converted> {
        self.convert_checked(checked, None)
    }

    /// Renders the profile JSON and the PDF report of a questionnaire already checked, the report with the
    /// changes since the vendor's previous return when given ([`Converter::report_with_changes`]): what a bulk
    /// run that compares with a previous round writes for each file.
    ///
    /// # Errors
    /// When the report cannot be rendered.
    #[cfg(feature = "render")]
    pub fn convert_checked(&self, checked: Checked, changes: Option<&Diff>) -> Result<Converted> {
        let profile_json = report::profile_json(&checked.imported.profile);
        let Rendered { pdf, missing_chars } = self.render_checked(&checked, changes, Some(&profile_json))?;
        Ok(Converted { checked, profile_json, pdf, missing_chars })
    }

    /// Renders the portfolio overview PDF of a batch from its index; see
    /// [`render_portfolio`](crate::render::portfolio::render_portfolio).
    ///
    /// # Errors
    /// When the fonts cannot be parsed or the PDF cannot be serialised.
    #[cfg(feature = "render")]
    pub fn portfolio_pdf(&self, rows: &[IndexRow]) -> Result<Vec<u8>> {
        crate::portfolio::overview_pdf(rows, self.fonts()?, false)
    }

    /// Renders the portfolio overview PDF of a batch compared with a previous round: the overview with a
    /// part on each vendor's progress since ([`IndexRow::progress`]).
    ///
    /// # Errors
    /// When the fonts cannot be parsed or the PDF cannot be serialised.
    #[cfg(feature = "render")]
    pub fn portfolio_pdf_since_previous(&self, rows: &[IndexRow]) -> Result<Vec<u8>> {
        crate::portfolio::overview_pdf(rows, self.fonts()?, true)
    }

    /// Writes the portfolio overview PDF of a batch to `out` as it is made: the bytes of
    /// [`Converter::portfolio_pdf`] (or, with `since_previous`, of
    /// [`Converter::portfolio_pdf_since_previous`]) for the same rows. The rows are taken, packed, and freed
    /// once they are drawn, so that the overview of thousands of files never holds its index, its pages and
    /// its file at once. `out` is written in pieces: give it a buffered writer.
    ///
    /// ```
    /// use discovery::portfolio::{IndexRow, IndexRows};
    /// let converter = discovery::Converter::new();
    /// let rows = vec![IndexRow::failed("broken.xlsx", "the file is a PDF document, not a workbook")];
    /// let pdf = converter.portfolio_pdf(&rows)?;
    /// let mut written = Vec::new();
    /// converter.write_portfolio_pdf(rows.iter().collect(), false, &mut written)?;
    /// assert!(written == pdf);
    /// # Ok::<(), discovery::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `out` cannot be written (an [`ErrorKind::Output`](crate::ErrorKind::Output) error whose source
    /// is the writer's error), or the fonts cannot be parsed or the PDF serialised.
    #[cfg(feature = "render")]
    pub fn write_portfolio_pdf(
        &self,
        rows: crate::portfolio::IndexRows,
        since_previous: bool,
        out: impl std::io::Write,
    ) -> Result<()> {
        crate::portfolio::write_overview_pdf(rows, self.fonts()?, since_previous, out)
    }
}
