//! `discovery` turns the technical discovery questionnaires that ISVs return to a partner program into
//! checked, analysed profiles and PDF reports for the lead engineer who prepares the discovery session.
//!
//! The pipeline, one module per stage:
//! 1. [`profile`]: the questionnaire as Rust types ([`profile::Profile`]), the question
//!    [catalogue](profile::catalogue), and the JSON Schema generated from them ([`profile::schema`]).
//! 2. [`analyse`]: the gaps the lead engineer must chase and how complete the questionnaire is
//!    ([`analyse::analyse`]), from the [rule table](analyse::RULES).
//!
//! Problems with answers are [`Diagnostic`]s, collected and never fatal; a file that cannot be read at all
//! is an [`Error`].
#![forbid(unsafe_code)]

pub mod analyse;
pub mod diagnostic;
mod error;
mod output;
pub mod profile;

pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use error::{Error, ErrorKind, Result};
pub use output::write_atomically;
