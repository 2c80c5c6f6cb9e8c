//! One file of a batch: read (bounded, regular files only), converted, its report and profile written, and
//! nothing kept but its index row.

use std::path::Path;

use discovery::portfolio::{IndexRow, Skipped};
use discovery::{Converter, ErrorKind};

use super::walker::Candidate;
use super::Outcome;
use crate::common;
use crate::files::{self, Input};

/// Converts one file and writes its `NAME.json` and `NAME.pdf` into `out_dir`; any failure becomes the
/// row's error. A JSON that is no profile at all is skipped, not failed.
pub fn convert_one(converter: &Converter, candidate: &Candidate, name: &str, out_dir: &Path) -> Outcome {
    let shown = files::shown(&candidate.path);
    if let Some(problem) = &candidate.problem {
        return Outcome::Row(IndexRow::failed(&shown, problem));
    }
    let read = match files::read_input(&Input::Path(candidate.path.clone()), common::max_file_bytes()) {
        Ok(read) => read,
        Err(error) => return Outcome::Row(IndexRow::failed(&shown, &error.message)),
    };
    let converted = match converter.convert_bytes(&read.bytes, &read.file_name) {
        Ok(converted) => converted,
        Err(error) if error.kind() == ErrorKind::NotAQuestionnaire && looks_like_json(&candidate.path, &read.bytes) => {
            return Outcome::Skipped(Skipped::new(shown, "not a discovery profile"));
        }
        Err(error) => return Outcome::Row(IndexRow::failed(&shown, error.message())),
    };
    drop(read);
    let json_name = format!("{name}.json");
    let pdf_name = format!("{name}.pdf");
    let written = files::write_atomically(&out_dir.join(&json_name), &converted.profile_json)
        .and_then(|()| files::write_atomically(&out_dir.join(&pdf_name), &converted.pdf));
    match written {
        Ok(()) => Outcome::Row(IndexRow::converted(&shown, &converted.checked, &pdf_name, &json_name)),
        Err(error) => Outcome::Row(IndexRow::failed(&shown, &error.to_string())),
    }
}

/// Whether a file is JSON, by its name or its first character.
fn looks_like_json(path: &Path, bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || bytes.trim_ascii_start().first().is_some_and(|b| *b == b'{' || *b == b'[')
}
