//! What an existing output file holds, so that a command never replaces a file of another kind: a report
//! over a vendor's returned workbook, the schema over a profile. A file of the kind the command writes (the
//! last run's output) is replaced; anything else is kept unless `--force` is given.

use std::fmt;
use std::path::Path;

use serde::de::{IgnoredAny, MapAccess, Visitor};

use super::{read_input, Input, Output};

/// What a command writes, and what an existing file is found to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A PDF (`%PDF-`).
    Pdf,
    /// A profile JSON (a top-level `"schema_version"` string).
    Profile,
    /// A JSON Schema (a top-level `"$schema"` or `"properties"`).
    Schema,
    /// A spreadsheet: a zip (xlsx, xlsm, xlsb, ods) or a compound file (xls).
    Workbook,
}

impl Kind {
    /// The kind as a message names it: `a PDF`, `a returned questionnaire (a spreadsheet)`.
    fn described(self) -> &'static str {
        match self {
            Kind::Pdf => "a PDF",
            Kind::Profile => "a profile JSON",
            Kind::Schema => "a JSON Schema",
            Kind::Workbook => "a spreadsheet (a returned questionnaire, maybe)",
        }
    }
}

/// The kind of the bytes of a file; `None` for anything else (`Some` never for an empty file).
fn kind_of_bytes(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Kind::Workbook);
    }
    let mut json = serde_json::Deserializer::from_slice(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let kind = serde::Deserializer::deserialize_any(&mut json, TopLevel).ok()?;
    json.end().ok()?;
    kind
}

/// Reads a JSON document's top-level keys for its kind, checking the whole document's syntax but building
/// none of it: the file left at an output path can be tens of megabytes, and a tree of it several times that.
struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Option<Kind>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Kind>, A::Error> {
        // Where a key comes twice, its last value counts, as in a parsed document.
        let (mut version, mut schema) = (false, false);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema_version" => version = map.next_value::<serde_json::Value>()?.is_string(),
                "$schema" | "properties" => {
                    schema = true;
                    map.next_value::<IgnoredAny>()?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(if version {
            Some(Kind::Profile)
        } else if schema {
            Some(Kind::Schema)
        } else {
            None
        })
    }
}

/// Why an existing `output` must not be replaced by a file of `writes`' kind: it holds something else
/// (another kind, or text that is none of them). `None` when nothing is there, it is empty, it is no regular
/// file (written through), or it is of the same kind.
pub fn kept(output: &Output, writes: Kind, limit: u64) -> Option<String> {
    let Output::Path(path) = output else { return None };
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > 0) {
        return None;
    }
    let found = match read_input(&Input::Path(path.clone()), limit) {
        Ok(read) => kind_of_bytes(&read.bytes),
        // Too large or unreadable to tell: not ours to replace.
        Err(_) => None,
    };
    if found == Some(writes) {
        return None;
    }
    let holds = found.map_or("a file that is not ".to_owned() + writes.described(), |k| k.described().to_owned());
    Some(format!(
        "{}: is {holds}; it is kept (name another file with -o, or --force replaces it)",
        super::shown(Path::new(path))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_known_by_their_bytes() {
        assert_eq!(kind_of_bytes(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(kind_of_bytes(b"PK\x03\x04rest"), Some(Kind::Workbook));
        assert_eq!(kind_of_bytes(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), Some(Kind::Workbook));
        assert_eq!(kind_of_bytes(br#"{"schema_version": "1.0.0", "meta": {}}"#), Some(Kind::Profile));
        assert_eq!(kind_of_bytes(br#"{"$schema": "x", "properties": {"schema_version": {}}}"#), Some(Kind::Schema));
        assert_eq!(kind_of_bytes(b"Notes for the session"), None);
        assert_eq!(kind_of_bytes(b"[1, 2]"), None);
        assert_eq!(kind_of_bytes(b"\xEF\xBB\xBF{\"schema_version\": \"1.0.0\"}\n"), Some(Kind::Profile));
        assert_eq!(kind_of_bytes(br#"{"schema_version": 1}"#), None, "a version that is no string");
        assert_eq!(kind_of_bytes(br#"{"schema_version": 1, "schema_version": "1.0.0"}"#), Some(Kind::Profile));
        assert_eq!(kind_of_bytes(br#"{"schema_version": "1.0.0"} trailing"#), None, "not JSON after all");
        assert_eq!(kind_of_bytes(br#"{"schema_version": "1.0.0", "meta": {"#), None, "cut short");
        assert_eq!(kind_of_bytes(br#"{"a": [{"properties": 1}]}"#), None, "only the top level counts");
    }
}
