//! `discovery` turns the technical discovery questionnaires that ISVs return to a partner program into
//! checked, analysed profiles and PDF reports for the lead engineer who prepares the discovery session.
//!
//! The pipeline, one module per stage, each a plain function from one typed value to the next:
//! 1. [`import`]: a returned questionnaire (xlsx, xlsm, xls, xlsb, ods, csv or the profile JSON) read into
//!    a profile with every answer's state, source cell and diagnostics (`import::read_path`).
//! 2. [`profile`]: the questionnaire as Rust types ([`profile::Profile`]), the question
//!    [catalogue](profile::catalogue), and the JSON Schema generated from them ([`profile::schema`]).
//! 3. [`validate`]: a profile JSON checked against the schema, each problem at its key and cell
//!    (`validate::Validator`).
//! 4. [`analyse`]: the gaps the lead engineer must chase and how complete the questionnaire is
//!    ([`analyse::analyse`]), from the [rule table](analyse::RULES).
//! 5. `render`: the PDF report a lead engineer runs the session from (`render::report::render`), and
//!    the portfolio overview of a batch (`render::portfolio::render_portfolio`).
//!
//! Beside the pipeline, [`template`] writes the questionnaire workbook vendors fill in, blank
//! ([`template::write_template`]) or filled with a profile's answers ([`template::write_filled`]), and
//! [`Converter`] holds what a bulk run builds once.
//!
//! Problems with answers are [`Diagnostic`]s, collected and never fatal; a file that cannot be read at all
//! is an [`Error`].
#![forbid(unsafe_code)]

pub mod analyse;
#[cfg(feature = "import")]
mod convert;
pub mod diagnostic;
mod error;
#[cfg(feature = "import")]
pub mod import;
mod output;
#[cfg(feature = "import")]
pub mod portfolio;
pub mod profile;
#[cfg(feature = "render")]
pub mod render;
#[cfg(feature = "template")]
pub mod template;
#[cfg(feature = "validate")]
pub mod validate;

#[cfg(all(feature = "import", feature = "render"))]
pub use convert::Converted;
#[cfg(feature = "import")]
pub use convert::{CheckOutput, Checked, Converter, Imported};
pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use error::{Error, ErrorKind, Result};
pub use output::write_atomically;
