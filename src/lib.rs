//! `discovery` turns the technical discovery questionnaires that ISVs return to a partner program into
//! checked, analysed profiles and PDF reports for the lead engineer who prepares the discovery session.
//!
//! ```
//! # fn main() -> Result<(), discovery::Error> {
//! use discovery::analyse::GapSeverity;
//!
//! // Build once, share across files and threads: it holds the compiled schema and the fonts.
//! let converter = discovery::Converter::new();
//! let checked = converter.check("samples/mueller-soen-partial.json")?;
//! for diagnostic in &checked.imported.diagnostics {
//!     println!("{diagnostic}"); // error[invalid-email]: meta.contact_email: "jonas at mueller-soen" is not ...
//! }
//! let high = checked.analysis.count(GapSeverity::High);
//! assert!(high > 0, "the partial sample has high gaps to chase");
//! let report = converter.report(&checked)?;
//! assert!(report.pdf.starts_with(b"%PDF-"));
//! # Ok(()) }
//! ```
//!
//! The pipeline, one module per stage, each a plain function from one typed value to the next:
//! 1. [`import`]: a returned questionnaire (xlsx, xlsm, xls, xlsb, ods, csv or the profile JSON) read into
//!    the profile's JSON document, with every answer's state, source cell and what reading it found
//!    ([`import::read_path`], [`import::read_bytes`]).
//! 2. [`profile`]: the questionnaire as Rust types ([`profile::Profile`]), the question
//!    [catalogue](profile::catalogue), and the JSON Schema generated from them ([`profile::schema`]).
//! 3. [`validate`]: any document checked against the schema and turned into a profile, each problem at its
//!    key and cell ([`validate::Validator::validate`]).
//! 4. [`analyse`]: the gaps the lead engineer must chase and how complete the questionnaire is
//!    ([`analyse::analyse`]).
//! 5. [`render`]: the PDF report a lead engineer runs the session from, and the portfolio overview of a
//!    batch.
//!
//! Beside the pipeline, [`template`] writes the questionnaire workbook vendors fill in, blank or filled with
//! a profile's answers, and [`Converter`] runs the stages with what a bulk run builds once. The follow-up
//! loop closes the circle: [`follow_up`] writes the questionnaire back to the vendor with every gap marked
//! ([`follow_up::write`]), and [`diff`] shows what changed in their next return ([`diff::diff`]).
//!
//! Problems with answers are [`Diagnostic`]s, collected and never fatal; a file that cannot be read at all
//! is an [`Error`].
//!
//! # Features
//!
//! | feature | default | what it adds | what it compiles |
//! | --- | --- | --- | --- |
//! | (none) | | [`profile`] (types, catalogue, schema), [`analyse`], [`diff`], [`diagnostic`] | serde, schemars, chrono |
//! | `validate` | yes | [`validate`]: the schema validator | jsonschema |
//! | `import` | yes | [`import`], [`Converter`], [`portfolio`] (implies `validate`) | calamine, zip, csv, quick-xml |
//! | `render` | yes | [`render`]: the PDF report and the portfolio overview | printpdf, lopdf |
//! | `template` | yes | [`template`]: the questionnaire workbook; [`follow_up`]: the follow-up workbook | rust_xlsxwriter |
//!
//! A program that needs only the types, the catalogue and the schema depends on `discovery` with
//! `default-features = false`. The command line is a separate crate, `discovery-cli`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod analyse;
#[cfg(feature = "import")]
mod convert;
pub mod diagnostic;
pub mod diff;
mod error;
#[cfg(feature = "template")]
#[cfg_attr(docsrs, doc(cfg(feature = "template")))]
pub mod follow_up;
// Without the workbook writer, import still needs to know the follow-up workbook's own notes to tell them
// from the vendor's comments; only that part of the module is built then.
#[cfg(all(feature = "import", not(feature = "template")))]
mod follow_up;
#[cfg(feature = "import")]
#[cfg_attr(docsrs, doc(cfg(feature = "import")))]
pub mod import;
#[cfg(feature = "import")]
#[cfg_attr(docsrs, doc(cfg(feature = "import")))]
pub mod portfolio;
pub mod profile;
#[cfg(feature = "render")]
#[cfg_attr(docsrs, doc(cfg(feature = "render")))]
pub mod render;
#[cfg(feature = "template")]
#[cfg_attr(docsrs, doc(cfg(feature = "template")))]
pub mod template;
#[cfg(feature = "validate")]
#[cfg_attr(docsrs, doc(cfg(feature = "validate")))]
pub mod validate;

#[cfg(all(feature = "import", feature = "render"))]
#[cfg_attr(docsrs, doc(cfg(all(feature = "import", feature = "render"))))]
pub use convert::Converted;
#[cfg(feature = "import")]
#[cfg_attr(docsrs, doc(cfg(feature = "import")))]
pub use convert::{CheckOutput, Checked, Converter, Imported};
pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use error::{Error, ErrorKind, Result};
