//! The discovery profile: the questionnaire's answers as Rust types, the question catalogue, and the JSON
//! Schema generated from both.
//!
//! [`Profile`] is the one document model every stage works on: import writes it, validation checks its
//! JSON, analysis reads it and the report renders it.

mod access;
pub mod catalogue;
mod choices;
mod schema;
mod text;
mod types;
mod values;

pub use access::Answers;
pub use catalogue::{AnswerKind, Importance, Question, Section, QUESTIONS};
pub use choices::*;
pub use schema::{answer_keys, schema, schema_json, SCHEMA_ID};
#[cfg(all(test, feature = "import"))]
pub(crate) use text::SPREADSHEET_ERRORS;
pub(crate) use text::{and_list, is_spreadsheet_error, lower_first};
pub use text::{grouped_number, value_text};
pub use types::*;
#[cfg(feature = "import")]
pub(crate) use values::iso_duration_seconds;
pub use values::*;
