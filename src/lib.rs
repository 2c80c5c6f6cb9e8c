//! `discovery` turns the technical discovery questionnaires that ISVs return to a partner program into
//! checked, analysed profiles and PDF reports for the lead engineer who prepares the discovery session.
//!
//! The pipeline, one module per stage:
//! 1. [`profile`]: the questionnaire as Rust types ([`profile::Profile`]), the question
//!    [catalogue](profile::catalogue), and the JSON Schema generated from them ([`profile::schema`]).
//!
//! Problems with answers are [`Diagnostic`]s, collected and never fatal; a file that cannot be read at all
//! is an [`Error`].
#![forbid(unsafe_code)]

pub mod diagnostic;
mod error;
#[cfg(feature = "import")]
pub mod import;
mod output;
pub mod profile;

pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use error::{Error, ErrorKind, Result};
pub use output::write_atomically;
