//! Import: every format read alike, hostile files refused, damaged files survived, questionnaires mapped to
//! profiles.

mod extras;
mod files;
mod formats;
mod hostile;
mod mutation;
mod questionnaire;
mod returns;
