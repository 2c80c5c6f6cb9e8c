//! Reading a profile JSON's bytes into a document, with the same care the workbook reader takes: a UTF-8
//! byte-order mark is accepted, a key given twice never silently drops the first answer, texts are cut at
//! the workbook's cell limit with `text-too-long`, and lists, tables, objects and the document as a whole are
//! bounded before they are built.
//!
//! `serde_json::Value` keeps the last of two equal keys and drops the first without a word, so the bytes
//! go through a visitor of our own that builds the `Value` itself: two objects under one key are merged, and
//! where two answers clash the first is kept and the second goes to `unmatched` as a `duplicate_key`, as a
//! workbook's second row for a key does. Limits are checked while the document is read, so a 50 MiB array of
//! zeros never becomes 25 million values in memory.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::profile::catalogue::TABLES;
use crate::profile::value_text;
use crate::{Error, ErrorKind, Result};

/// How large a profile JSON may be. The defaults match the workbook limits
/// (`discovery::import::Limits`), so a profile exported from any workbook the tool accepts reads back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonLimits {
    /// Longest text, in characters: longer texts are cut with `text-too-long` (a workbook cell's limit).
    pub max_text_chars: usize,
    /// Most rows of a table (`engagements`, `architecture.components`, ...) and entries of `unmatched`: a
    /// table sheet's row limit.
    pub max_table_rows: usize,
    /// Most entries of any other list: as many as one cell of `max_text_chars` characters can hold.
    pub max_list_items: usize,
    /// Most values in the whole document: the workbook's cell limit.
    pub max_values: usize,
}

impl Default for JsonLimits {
    fn default() -> Self {
        // The workbook defaults: 100 000 characters per cell, 10 000 rows per sheet, 500 000 cells.
        JsonLimits { max_text_chars: 100_000, max_table_rows: 10_000, max_list_items: 50_000, max_values: 500_000 }
    }
}

/// The top-level keys of a profile; a JSON object with none of them is not a profile at all.
pub(crate) const PROFILE_KEYS: [&str; 13] = [
    "schema_version",
    "meta",
    "solution",
    "architecture",
    "requirements",
    "readiness",
    "schedule",
    "technology",
    "engagements",
    "answer_states",
    "notes",
    "sources",
    "unmatched",
];

/// Reads a profile JSON's bytes into its document and the diagnostics of reading it (texts cut). Keys given
/// twice are merged, or the second answer is moved to `unmatched` (reported as `duplicate-key` by the
/// validation, like a workbook's second row for a key).
///
/// # Errors
/// `Malformed` when the bytes are not JSON; `Limit` when a list, a table or the document is larger than the
/// limits; `NotAQuestionnaire` when the JSON is not an object, or an object with none of a profile's keys.
pub(crate) fn read(bytes: &[u8], file: &str, limits: &JsonLimits) -> Result<(Value, Vec<Diagnostic>)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut ctx =
        Context { limits: *limits, path: Vec::new(), values: 0, limit: None, cut: Vec::new(), twice: Vec::new() };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = Node { ctx: &mut ctx }.deserialize(&mut deserializer).and_then(|v| deserializer.end().map(|()| v));
    let mut json = match parsed {
        Ok(json) => json,
        Err(e) => {
            if let Some(message) = ctx.limit.take() {
                return Err(Error::new(ErrorKind::Limit, message).with_path(file));
            }
            return Err(Error::new(ErrorKind::Malformed, format!("not valid JSON: {e}"))
                .with_path(file)
                .with_source(e));
        }
    };
    let Some(root) = json.as_object_mut() else {
        return Err(Error::new(
            ErrorKind::NotAQuestionnaire,
            "the JSON is not a discovery profile: expected an object",
        )
        .with_path(file));
    };
    if !root.keys().any(|k| PROFILE_KEYS.contains(&k.as_str())) {
        let mut keys: Vec<&str> = root.keys().take(5).map(String::as_str).collect();
        if root.len() > 5 {
            keys.push("…");
        }
        let has = if keys.is_empty() { "nothing".to_owned() } else { keys.join(", ") };
        return Err(Error::new(
            ErrorKind::NotAQuestionnaire,
            format!(
                "the JSON is not a discovery profile: it has no schema_version and none of the profile's sections \
                 (it has {has})"
            ),
        )
        .with_path(file));
    }
    if !ctx.twice.is_empty() {
        let list = root.entry("unmatched").or_insert_with(|| Value::Array(Vec::new()));
        if !list.is_array() {
            // A wrong `unmatched` is the validation's to report; the duplicates still need a place.
            *list = Value::Array(Vec::new());
        }
        let list = list.as_array_mut().expect("made an array");
        for (key, value) in ctx.twice.drain(..) {
            let mut entry = Map::new();
            entry.insert("reason".into(), "duplicate_key".into());
            entry.insert("key".into(), key.into());
            entry.insert("answer".into(), value_text(&value).into());
            entry.insert("location".into(), "".into());
            list.push(Value::Object(entry));
        }
    }
    let sources = root.get("sources").and_then(Value::as_object);
    let diagnostics = ctx
        .cut
        .iter()
        .map(|(key, chars)| {
            let location =
                sources.and_then(|s| s.get(key)).and_then(Value::as_str).and_then(|s| Location::parse(file, s));
            let max = limits.max_text_chars;
            Diagnostic::new(
                Code::TextTooLong,
                format!("{chars} characters, more than the limit of {max}; the profile keeps the first {max}"),
            )
            .with_key(key.clone())
            .at(location)
        })
        .collect();
    Ok((json, diagnostics))
}

/// One step of the path from the document's root to the value being read.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// What the reading has seen so far.
struct Context {
    limits: JsonLimits,
    path: Vec<Step>,
    /// Values read so far, in the whole document.
    values: usize,
    /// Why reading stopped at a limit (the deserializer's own error then says nothing useful).
    limit: Option<String>,
    /// Texts cut at the limit: their dotted key and their length in characters.
    cut: Vec<(String, usize)>,
    /// Second answers to a key already answered: the dotted key and the value.
    twice: Vec<(String, Value)>,
}

impl Context {
    /// The dotted key of the current path: `engagements[1].priority`.
    fn key(&self) -> String {
        dotted(&self.path)
    }

    fn count<E: de::Error>(&mut self) -> std::result::Result<(), E> {
        self.values += 1;
        if self.values > self.limits.max_values {
            return Err(self.stop(format!(
                "the JSON holds more than {} values, the limit (the workbook's cell limit)",
                self.limits.max_values
            )));
        }
        Ok(())
    }

    fn stop<E: de::Error>(&mut self, message: String) -> E {
        let error = E::custom(&message);
        self.limit = Some(message);
        error
    }

    /// A text as kept: cut at the limit, with the cut recorded.
    fn text(&mut self, text: &str) -> String {
        let max = self.limits.max_text_chars;
        match text.char_indices().nth(max) {
            Some((end, _)) => {
                let chars = max + text[end..].chars().count();
                let key = self.key();
                self.cut.push((if key.is_empty() { "(a key of the document)".into() } else { key }, chars));
                text[..end].to_owned()
            }
            None => text.to_owned(),
        }
    }

    /// Whether the list at the current path is a table (or `unmatched`): bounded by the row limit.
    fn list_limit(&self) -> (usize, &'static str) {
        let key = self.key();
        if key == "unmatched" || TABLES.iter().any(|t| t.key == key) {
            (self.limits.max_table_rows, "rows")
        } else {
            (self.limits.max_list_items, "entries")
        }
    }
}

fn dotted(path: &[Step]) -> String {
    let mut key = String::new();
    for step in path {
        match step {
            Step::Key(name) => {
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(name);
            }
            Step::Index(i) => key.push_str(&format!("[{i}]")),
        }
    }
    key
}

/// Reads one value at the context's path.
struct Node<'c> {
    ctx: &'c mut Context,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<Value, E> {
        self.ctx.count()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Value, E> {
        self.ctx.count()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Value, E> {
        self.ctx.count()?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Value, E> {
        self.ctx.count()?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Value, E> {
        self.ctx.count()?;
        Ok(Value::String(self.ctx.text(v)))
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<Value, E> {
        self.ctx.count()?;
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        self.ctx.count()?;
        let (max, noun) = self.ctx.list_limit();
        let mut items = Vec::new();
        loop {
            if items.len() == max {
                if seq.next_element::<IgnoredAny>()?.is_some() {
                    let key = self.ctx.key();
                    return Err(self.ctx.stop(format!("{key} has more than {max} {noun}, the limit")));
                }
                break;
            }
            self.ctx.path.push(Step::Index(items.len()));
            let item = seq.next_element_seed(Node { ctx: &mut *self.ctx });
            self.ctx.path.pop();
            match item? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> std::result::Result<Value, A::Error> {
        self.ctx.count()?;
        let mut map = Map::new();
        while let Some(name) = access.next_key::<String>()? {
            let name = self.ctx.text(&name);
            self.ctx.path.push(Step::Key(name.clone()));
            let value = access.next_value_seed(Node { ctx: &mut *self.ctx });
            let value = match value {
                Ok(value) => value,
                Err(e) => {
                    self.ctx.path.pop();
                    return Err(e);
                }
            };
            match map.get_mut(&name) {
                Some(first) => merge(first, value, &mut self.ctx.path, &mut self.ctx.twice),
                None => {
                    map.insert(name, value);
                }
            }
            self.ctx.path.pop();
        }
        Ok(Value::Object(map))
    }
}

/// Merges a second value given for one key into the first: objects key by key, anything else kept first,
/// the second recorded with its dotted key.
fn merge(first: &mut Value, second: Value, path: &mut Vec<Step>, twice: &mut Vec<(String, Value)>) {
    match (first, second) {
        (Value::Object(first), Value::Object(second)) => {
            for (name, value) in second {
                path.push(Step::Key(name.clone()));
                match first.get_mut(&name) {
                    Some(existing) => merge(existing, value, path, twice),
                    None => {
                        first.insert(name, value);
                    }
                }
                path.pop();
            }
        }
        (first, second) => {
            // Two equal values are one answer given twice: nothing is lost by keeping one.
            if *first != second {
                twice.push((dotted(path), second));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_default(text: &[u8]) -> Result<(Value, Vec<Diagnostic>)> {
        read(text, "f.json", &JsonLimits::default())
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let (json, diagnostics) = read_default(b"\xEF\xBB\xBF{\"meta\": {\"company_name\": \"A\"}}").unwrap();
        assert_eq!(json["meta"]["company_name"], "A");
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn a_section_given_twice_is_merged_and_a_clashing_answer_kept_in_unmatched() {
        let text = br#"{"meta": {"company_name": "A", "completed_by": "X"}, "meta": {"solution_name": "B", "company_name": "C"}}"#;
        let (json, _) = read_default(text).unwrap();
        assert_eq!(json["meta"]["company_name"], "A", "the first answer wins");
        assert_eq!(json["meta"]["solution_name"], "B", "the second section's other answers are kept");
        assert_eq!(json["meta"]["completed_by"], "X");
        assert_eq!(json["unmatched"][0]["key"], "meta.company_name");
        assert_eq!(json["unmatched"][0]["reason"], "duplicate_key");
        assert_eq!(json["unmatched"][0]["answer"], "C");
    }

    #[test]
    fn long_texts_are_cut_with_their_key() {
        let limits = JsonLimits { max_text_chars: 20, ..JsonLimits::default() };
        let text = br#"{"meta": {"company_name": "abcdefghijklmnopqrstuvwxy"}, "sources": {"meta.company_name": "Profile!D4"}}"#;
        let (json, diagnostics) = read(text, "f.json", &limits).unwrap();
        assert_eq!(json["meta"]["company_name"], "abcdefghijklmnopqrst");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            diagnostics[0].to_string(),
            "warning[text-too-long]: Profile!D4 (meta.company_name): 25 characters, more than the limit of 20; the \
             profile keeps the first 20"
        );
    }

    #[test]
    fn lists_tables_and_documents_are_bounded() {
        let limits = JsonLimits { max_table_rows: 2, max_list_items: 3, max_values: 20, ..JsonLimits::default() };
        let error = read(br#"{"engagements": [{}, {}, {}]}"#, "f.json", &limits).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Limit);
        assert_eq!(error.message(), "engagements has more than 2 rows, the limit");
        read(br#"{"architecture": {"regions": ["a", "b", "c"]}}"#, "f.json", &limits).unwrap();
        let error = read(br#"{"architecture": {"regions": ["a", "b", "c", "d"]}}"#, "f.json", &limits).unwrap_err();
        assert_eq!(error.message(), "architecture.regions has more than 3 entries, the limit");
        let many =
            format!("{{\"notes\": {{{}}}}}", (0..30).map(|i| format!("\"k{i}\": 1")).collect::<Vec<_>>().join(","));
        assert_eq!(read(many.as_bytes(), "f.json", &limits).unwrap_err().kind(), ErrorKind::Limit);
    }

    #[test]
    fn json_that_is_no_profile_is_said_so() {
        let error = read_default(br#"{"name": "left-pad", "version": "1.0.0"}"#).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::NotAQuestionnaire);
        assert!(error.message().contains("(it has name, version)"), "{}", error.message());
        assert_eq!(read_default(b"[1]").unwrap_err().kind(), ErrorKind::NotAQuestionnaire);
        assert_eq!(read_default(b"{not json").unwrap_err().kind(), ErrorKind::Malformed);
        assert_eq!(read_default(b"{} {}").unwrap_err().kind(), ErrorKind::Malformed);
    }
}
