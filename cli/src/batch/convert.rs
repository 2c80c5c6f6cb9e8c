//! One file of a batch: read (bounded, regular files only), converted, its report and profile written, and
//! nothing kept but its index row.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;

use discovery::portfolio::{IndexRow, Skipped};
use discovery::{Converter, ErrorKind};

use super::walker::Candidate;
use super::Outcome;
use crate::common;
use crate::files::{self, Input};
use crate::previous::Previous;

/// Converts one file and writes its `NAME.json` and `NAME.pdf` into `out_dir`; any failure becomes the
/// row's error. A JSON that is no profile at all is skipped, not failed.
///
/// With a previous round, the report also shows the changes since the file's previous return, and the row
/// says what changed. A report that draws characters no embedded font has (as `?`) adds the file and the
/// characters to `unprintable`.
pub fn convert_one(
    converter: &Converter,
    previous: Option<&Previous>,
    candidate: &Candidate,
    name: &str,
    out_dir: &Path,
    unprintable: &Mutex<Vec<(String, BTreeSet<char>)>>,
) -> Outcome {
    let shown = files::shown(&candidate.path);
    if let Some(problem) = &candidate.problem {
        return Outcome::Row(IndexRow::failed(&shown, problem));
    }
    let read = match files::read_input(&Input::Path(candidate.path.clone()), common::max_file_bytes()) {
        Ok(read) => read,
        Err(error) => return Outcome::Row(IndexRow::failed(&shown, &error.message)),
    };
    let checked = match converter.check_bytes(&read.bytes, &read.file_name) {
        Ok(checked) => checked,
        Err(error) if error.kind() == ErrorKind::NotAQuestionnaire && looks_like_json(&candidate.path, &read.bytes) => {
            return Outcome::Skipped(Skipped::new(shown, "not a discovery profile"));
        }
        Err(error) => return Outcome::Row(IndexRow::failed(&shown, error.message())),
    };
    drop(read);
    let compared = previous.and_then(|p| p.compare(&checked, name));
    let converted = match converter.convert_checked(checked, compared.as_ref().map(|(_, diff)| diff)) {
        Ok(converted) => converted,
        Err(error) => return Outcome::Row(IndexRow::failed(&shown, error.message())),
    };
    if !converted.missing_chars.is_empty() {
        let mut unprintable = unprintable.lock().unwrap_or_else(|e| e.into_inner());
        unprintable.push((shown.clone(), converted.missing_chars.clone()));
    }
    let json_name = format!("{name}.json");
    let pdf_name = format!("{name}.pdf");
    // A batch does not wait for the disk file by file (see `write_unsynced`): only the index, written last,
    // is synced.
    let written = files::write_unsynced(&out_dir.join(&json_name), &converted.profile_json)
        .and_then(|()| files::write_unsynced(&out_dir.join(&pdf_name), &converted.pdf));
    match written {
        Ok(()) => Outcome::Row(crate::previous::annotate(
            IndexRow::converted(&shown, &converted.checked, &pdf_name, &json_name),
            compared,
        )),
        Err(error) => Outcome::Row(IndexRow::failed(&shown, &error.to_string())),
    }
}

/// Whether a file is JSON, by its name or its first character.
fn looks_like_json(path: &Path, bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || bytes.trim_ascii_start().first().is_some_and(|b| *b == b'{' || *b == b'[')
}
