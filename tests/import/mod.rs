//! Import: every format read alike, hostile files refused, questionnaires mapped to profiles.

mod files;
mod formats;
mod hostile;
mod mutation;
