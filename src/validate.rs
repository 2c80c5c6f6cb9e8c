//! Validation of a profile JSON against the committed JSON Schema, with every problem reported at its key
//! and, through the profile's `sources`, at its cell.
//!
//! A [`Validator`] compiles the schema once and is shared: a bulk run validates hundreds of profiles with
//! one. Reading a profile JSON never fails over a wrong answer: the offending value is taken out, kept as an
//! invalid answer (or, for an unknown key, in `unmatched`), and reported, so the rest of the profile still
//! reaches analysis and the report.

pub(crate) mod json;

use serde_json::{Map, Value};

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::profile::{catalogue, value_text, AnswerState, Profile, RecordedState, Unmatched, UnmatchedReason};
use crate::{Error, ErrorKind, Result};

/// `schemas/discovery-profile.schema.json`, as committed.
const COMMITTED_SCHEMA: &str = include_str!("../schemas/discovery-profile.schema.json");

/// The compiled profile schema. Build it once and share it (it is `Send + Sync`).
pub struct Validator {
    schema: jsonschema::Validator,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator").finish_non_exhaustive()
    }
}

impl Default for Validator {
    fn default() -> Self {
        Validator::new()
    }
}

/// A profile validated: what the schema let through, with a diagnostic for everything it did not.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Validated {
    /// The profile; values that broke the schema are recorded as invalid answers instead.
    pub profile: Profile,
    /// One diagnostic per schema violation.
    pub diagnostics: Vec<Diagnostic>,
}

/// One way a JSON document breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// Where, as a JSON pointer (`/requirements/availability/sla_target_percent`).
    pub pointer: String,
    /// Where, as a dotted key (`requirements.availability.sla_target_percent`, `engagements[1].priority`).
    pub key: String,
    /// What is wrong.
    pub message: String,
    /// Property names that the schema does not allow at `pointer` (empty for other violations).
    pub unexpected: Vec<String>,
}

impl Validator {
    /// Compiles the profile schema.
    ///
    /// ```
    /// let validator = discovery::validate::Validator::new();
    /// let json = serde_json::json!({"requirements": {"availability": {"sla_target_percent": 120}}});
    /// let violations = validator.violations(&json);
    /// assert_eq!(violations[0].key, "requirements.availability.sla_target_percent");
    /// ```
    pub fn new() -> Validator {
        // The committed schema is what the code generates (a test compares them byte for byte), and
        // parsing it costs a quarter of generating it again in every process.
        let committed: Value = serde_json::from_str(COMMITTED_SCHEMA).expect("the committed schema is JSON");
        let schema = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&committed)
            .expect("the committed schema compiles; a test checks it against the meta-schema");
        Validator { schema }
    }

    /// Whether `json` conforms to the schema.
    pub fn is_valid(&self, json: &Value) -> bool {
        self.schema.is_valid(json)
    }

    /// Every way `json` breaks the schema, in document order.
    pub fn violations(&self, json: &Value) -> Vec<Violation> {
        self.schema
            .iter_errors(json)
            .map(|error| {
                let pointer = error.instance_path().as_str().to_owned();
                let unexpected = match error.kind() {
                    jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => unexpected.clone(),
                    _ => Vec::new(),
                };
                Violation {
                    key: dotted_key(&pointer),
                    message: describe(&error.to_string(), error.instance()),
                    pointer,
                    unexpected,
                }
            })
            .collect()
    }

    /// Checks a profile a program built or changed itself against the schema, and reports each violation at
    /// its cell in `file` (through the profile's `sources`).
    pub fn check_profile(&self, profile: &Profile, file: &str) -> Vec<Diagnostic> {
        let json = serde_json::to_value(profile).expect("a profile always serialises");
        self.violations(&json).into_iter().flat_map(|v| violation_diagnostics(&v, profile, file)).collect()
    }

    /// Reads a profile JSON, validating it on the way; see [`Validator::validate`].
    ///
    /// ```
    /// # fn main() -> Result<(), discovery::Error> {
    /// let validator = discovery::validate::Validator::new();
    /// let bytes = std::fs::read("samples/fabrikam-routewise.json").unwrap();
    /// let validated = validator.load(&bytes, "fabrikam-routewise.json")?;
    /// assert!(validated.diagnostics.is_empty());
    /// assert_eq!(validated.profile.meta.company_name.as_deref(), Some("Fabrikam Freight Systems Ltd"));
    /// # Ok(()) }
    /// ```
    ///
    /// The bytes are read as `discovery import` reads a profile JSON: a byte-order mark is accepted, a key
    /// given twice keeps its first answer (the second goes to `unmatched`), texts longer than 100 000
    /// characters are cut with a `text-too-long` diagnostic, and lists, tables and the document are bounded.
    ///
    /// # Errors
    /// When the bytes are not JSON, not a JSON object, an object with none of the profile's keys, or larger
    /// than the limits.
    pub fn load(&self, bytes: &[u8], file: &str) -> Result<Validated> {
        let (json, mut diagnostics) = json::read(bytes, file, &json::JsonLimits::default())?;
        let mut validated = self.validate(json, file)?;
        diagnostics.append(&mut validated.diagnostics);
        validated.diagnostics = diagnostics;
        Ok(validated)
    }

    /// Validates a profile's JSON document, whatever it was read from, and turns it into a [`Profile`].
    ///
    /// Values that break the schema become invalid answers (their text kept in `answer_states`), unknown keys
    /// go to `unmatched`, and each is reported as a `schema-violation` at its key and, through the document's
    /// `sources`, at its cell in `file`; the rest of the profile is kept.
    ///
    /// ```
    /// # fn main() -> Result<(), discovery::Error> {
    /// let validator = discovery::validate::Validator::new();
    /// let json = serde_json::json!({
    ///     "meta": {"company_name": "Contoso"},
    ///     "requirements": {"availability": {"sla_target_percent": 120}},
    ///     "sources": {"requirements.availability.sla_target_percent": "Profile!D24"}
    /// });
    /// let validated = validator.validate(json, "contoso.xlsx")?;
    /// assert_eq!(validated.profile.meta.company_name.as_deref(), Some("Contoso"));
    /// assert_eq!(validated.profile.answer_states["requirements.availability.sla_target_percent"].raw, "120");
    /// assert_eq!(validated.diagnostics[0].to_string(),
    ///     "error[schema-violation]: Profile!D24 (requirements.availability.sla_target_percent): \
    ///      120 is greater than the maximum of 100");
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// When the document is not a JSON object, or cannot be read as a profile even after every value the
    /// schema refused was taken out.
    pub fn validate(&self, mut json: Value, file: &str) -> Result<Validated> {
        if !json.is_object() {
            return Err(Error::new(
                ErrorKind::NotAQuestionnaire,
                "the JSON is not a discovery profile: expected an object",
            )
            .with_path(file));
        }
        let mut diagnostics = Vec::new();
        // Each pass takes out what the previous one found; a value removed cannot break the schema again, so
        // this ends. The bound guards against a schema keyword that removal cannot satisfy.
        for _ in 0..8 {
            let violations = self.violations(&json);
            if violations.is_empty() {
                break;
            }
            let sources = sources_of(&json);
            for violation in violations.iter().rev() {
                diagnostics.extend(repair(&mut json, violation, &sources, file));
            }
        }
        diagnostics.sort_by(|a, b| a.key.cmp(&b.key).then(a.message.cmp(&b.message)));
        let profile = serde_json::from_value(json).map_err(|e| {
            Error::new(ErrorKind::Malformed, format!("the profile cannot be read: {e}")).with_path(file).with_source(e)
        })?;
        Ok(Validated { profile, diagnostics })
    }
}

/// A JSON pointer as a dotted key: `/engagements/1/priority` is `engagements[1].priority`.
fn dotted_key(pointer: &str) -> String {
    let mut key = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.parse::<usize>().is_ok() && !key.is_empty() {
            key.push_str(&format!("[{segment}]"));
        } else {
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(&segment);
        }
    }
    key
}

/// A readable message from the validator's: the enum alternatives of a choice are summarised.
fn describe(message: &str, instance: &Value) -> String {
    if message.contains("'oneOf'") || message.contains("is not one of") {
        return format!("{} is not one of the options", value_text(instance));
    }
    message.to_owned()
}

fn sources_of(json: &Value) -> Map<String, Value> {
    json.get("sources").and_then(Value::as_object).cloned().unwrap_or_default()
}

fn location(sources: &Map<String, Value>, key: &str, file: &str) -> Option<Location> {
    sources.get(key).and_then(Value::as_str).and_then(|s| Location::parse(file, s))
}

fn violation_diagnostics(violation: &Violation, profile: &Profile, file: &str) -> Vec<Diagnostic> {
    let at = |key: &str| profile.sources.get(key).and_then(|s| Location::parse(file, s));
    if violation.unexpected.is_empty() {
        return vec![Diagnostic::new(Code::SchemaViolation, violation.message.clone())
            .with_key(violation.key.clone())
            .at(at(&violation.key))];
    }
    violation
        .unexpected
        .iter()
        .map(|name| {
            let key = join_key(&violation.key, name);
            unknown_key_diagnostic(&key).at(at(&key))
        })
        .collect()
}

fn join_key(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent}.{name}")
    }
}

fn unknown_key_diagnostic(key: &str) -> Diagnostic {
    let diagnostic =
        Diagnostic::new(Code::SchemaViolation, format!("\"{key}\" is not a key of the profile")).with_key(key);
    match catalogue::closest_key(key) {
        Some(candidate) => diagnostic.with_hint(format!("did you mean \"{candidate}\"?")),
        None => diagnostic,
    }
}

/// Takes the value that breaks the schema out of `json`, keeps its text, and reports it.
fn repair(json: &mut Value, violation: &Violation, sources: &Map<String, Value>, file: &str) -> Vec<Diagnostic> {
    if !violation.unexpected.is_empty() {
        let mut out = Vec::new();
        for name in &violation.unexpected {
            let key = join_key(&violation.key, name);
            let removed =
                json.pointer_mut(&violation.pointer).and_then(Value::as_object_mut).and_then(|o| o.remove(name));
            if let Some(value) = removed {
                push_unmatched(json, &key, &value, sources);
            }
            out.push(unknown_key_diagnostic(&key).at(location(sources, &key, file)));
        }
        return out;
    }
    let Some((parent, last)) = violation.pointer.rsplit_once('/') else {
        // The document itself breaks the schema; nothing can be taken out.
        return vec![Diagnostic::new(Code::SchemaViolation, violation.message.clone())];
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    let diagnostic = Diagnostic::new(Code::SchemaViolation, violation.message.clone())
        .with_key(violation.key.clone())
        .at(location(sources, &violation.key, file));
    if let Some(diagnostic) = repair_list_item(json, violation, parent, sources, file) {
        return vec![diagnostic];
    }
    let removed = match json.pointer_mut(parent) {
        Some(Value::Object(object)) => object.remove(&last),
        // Array items keep their place so later rows keep their index (and their cells).
        Some(Value::Array(items)) => last
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get_mut(i))
            .map(|item| std::mem::replace(item, Value::Object(Map::new()))),
        _ => None,
    };
    if let Some(value) = removed {
        if is_answer_key(&violation.key) {
            record_invalid(json, &violation.key, &value);
        } else if !is_bookkeeping(&violation.key) {
            push_unmatched(json, &violation.key, &value, sources);
        }
    }
    vec![diagnostic]
}

/// An item of a list answer (`architecture.regions[0]`) or of `unmatched` that breaks the schema. A list
/// answer is one answer: the whole list becomes invalid, its text kept, reported at the question's key. A
/// wrong `unmatched` entry is replaced by one that keeps its text. `None` for anything else.
fn repair_list_item(
    json: &mut Value,
    violation: &Violation,
    parent: &str,
    sources: &Map<String, Value>,
    file: &str,
) -> Option<Diagnostic> {
    let (base, index, field) = catalogue::split_key(&violation.key);
    let is_table = catalogue::TABLES.iter().any(|t| t.key == base);
    if index.is_some() && field.is_none() && !is_table && catalogue::question(base).is_some() {
        // Several entries of one list may break the schema; the first repair takes out the whole list.
        let (list_parent, name) = parent.rsplit_once('/')?;
        let name = name.replace("~1", "/").replace("~0", "~");
        let removed = json.pointer_mut(list_parent).and_then(Value::as_object_mut).and_then(|o| o.remove(&name));
        if let Some(list) = removed {
            record_invalid(json, base, &list);
        }
        let item = index.map_or(1, |i| i + 1);
        return Some(
            Diagnostic::new(Code::SchemaViolation, format!("entry {item}: {}", violation.message))
                .with_key(base)
                .at(location(sources, base, file)),
        );
    }
    let rest = violation.key.strip_prefix("unmatched[")?;
    if rest.contains('.') || parent != "/unmatched" {
        return None;
    }
    let items = json.pointer_mut(parent)?.as_array_mut()?;
    let item = items.get_mut(index_of(rest)?)?;
    // An entry can break the schema in several ways at once; the first repair already replaced it.
    let replaced = item.get("reason").and_then(Value::as_str) == Some("unknown_key")
        && item.get("key").and_then(Value::as_str) == Some(violation.key.as_str());
    if replaced {
        return Some(Diagnostic::new(Code::SchemaViolation, violation.message.clone()).with_key(violation.key.clone()));
    }
    let entry = Unmatched {
        reason: UnmatchedReason::UnknownKey,
        key: violation.key.clone(),
        question: String::new(),
        answer: value_text(item),
        notes: String::new(),
        location: String::new(),
    };
    *item = serde_json::to_value(entry).expect("serialises");
    Some(Diagnostic::new(Code::SchemaViolation, violation.message.clone()).with_key(violation.key.clone()))
}

/// The index of `3]`.
fn index_of(rest: &str) -> Option<usize> {
    rest.strip_suffix(']')?.parse().ok()
}

/// Whether a dotted key names an answer: a catalogue question or a table cell (`engagements[1].priority`).
fn is_answer_key(key: &str) -> bool {
    catalogue::question(catalogue::split_key(key).0).is_some()
}

fn is_bookkeeping(key: &str) -> bool {
    ["schema_version", "answer_states", "notes", "sources", "unmatched"]
        .iter()
        .any(|b| key == *b || key.starts_with(&format!("{b}.")) || key.starts_with(&format!("{b}[")))
}

fn record_invalid(json: &mut Value, key: &str, value: &Value) {
    let state = AnswerState { state: RecordedState::Invalid, raw: value_text(value) };
    let root = json.as_object_mut().expect("checked to be an object");
    let states = root.entry("answer_states").or_insert_with(|| Value::Object(Map::new()));
    if !states.is_object() {
        *states = Value::Object(Map::new());
    }
    states
        .as_object_mut()
        .expect("made an object")
        .insert(key.to_owned(), serde_json::to_value(state).expect("serialises"));
}

fn push_unmatched(json: &mut Value, key: &str, value: &Value, sources: &Map<String, Value>) {
    let entry = Unmatched {
        reason: UnmatchedReason::UnknownKey,
        key: key.to_owned(),
        question: String::new(),
        answer: value_text(value),
        notes: String::new(),
        location: sources.get(key).and_then(Value::as_str).unwrap_or_default().to_owned(),
    };
    let root = json.as_object_mut().expect("checked to be an object");
    let list = root.entry("unmatched").or_insert_with(|| Value::Array(Vec::new()));
    if !list.is_array() {
        *list = Value::Array(Vec::new());
    }
    list.as_array_mut().expect("made an array").push(serde_json::to_value(entry).expect("serialises"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        serde_json::from_str(include_str!("../samples/fabrikam-routewise.json")).unwrap()
    }

    #[test]
    fn pointers_become_dotted_keys() {
        assert_eq!(dotted_key("/requirements/availability/multi_zone"), "requirements.availability.multi_zone");
        assert_eq!(dotted_key("/engagements/1/priority"), "engagements[1].priority");
        assert_eq!(dotted_key("/answer_states/meta.company_name"), "answer_states.meta.company_name");
        assert_eq!(dotted_key(""), "");
    }

    #[test]
    fn a_wrong_value_becomes_an_invalid_answer_at_its_cell() {
        let mut json = sample();
        json["requirements"]["availability"]["sla_target_percent"] = json!(120);
        json["sources"] = json!({"requirements.availability.sla_target_percent": "Profile!D24"});
        let loaded = Validator::new().load(json.to_string().as_bytes(), "f.json").unwrap();
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        let d = &loaded.diagnostics[0];
        assert_eq!(d.code, Code::SchemaViolation);
        assert_eq!(d.key.as_deref(), Some("requirements.availability.sla_target_percent"));
        assert_eq!(d.location.as_ref().map(Location::reference).as_deref(), Some("Profile!D24"));
        assert!(d.message.contains("120"), "{}", d.message);
        let state = &loaded.profile.answer_states["requirements.availability.sla_target_percent"];
        assert_eq!((state.state, state.raw.as_str()), (RecordedState::Invalid, "120"));
        assert_eq!(loaded.profile.requirements.availability.sla_target_percent, None);
    }

    #[test]
    fn an_unknown_key_is_kept_in_unmatched_with_a_hint() {
        let mut json = sample();
        json["requirements"]["availability"]["multizone"] = json!("yes");
        let loaded = Validator::new().load(json.to_string().as_bytes(), "f.json").unwrap();
        let d = &loaded.diagnostics[0];
        assert_eq!(d.key.as_deref(), Some("requirements.availability.multizone"));
        assert_eq!(d.hint.as_deref(), Some("did you mean \"requirements.availability.multi_zone\"?"));
        assert_eq!(loaded.profile.unmatched[0].answer, "yes");
    }

    #[test]
    fn a_wrong_choice_and_a_bad_table_cell_are_both_reported() {
        let mut json = sample();
        json["architecture"]["current_hosting"] = json!("azur");
        json["engagements"][1]["priority"] = json!("urgent");
        let loaded = Validator::new().load(json.to_string().as_bytes(), "f.json").unwrap();
        let keys: Vec<_> = loaded.diagnostics.iter().filter_map(|d| d.key.as_deref()).collect();
        assert_eq!(keys, ["architecture.current_hosting", "engagements[1].priority"]);
        assert_eq!(loaded.profile.answer_states["engagements[1].priority"].raw, "urgent");
        assert_eq!(loaded.profile.engagements.len(), 3, "rows keep their place");
    }

    #[test]
    fn a_list_of_the_wrong_shape_is_an_invalid_answer_at_its_key() {
        let json = json!({"meta": {"company_name": "A"}, "architecture": {"regions": ["eu", {}]}});
        let loaded = Validator::new().validate(json, "f.json").unwrap();
        assert_eq!(loaded.profile.meta.company_name.as_deref(), Some("A"));
        let d = &loaded.diagnostics[0];
        assert_eq!(d.key.as_deref(), Some("architecture.regions"), "{d}");
        assert!(d.message.starts_with("entry 2: "), "{d}");
        let state = &loaded.profile.answer_states["architecture.regions"];
        assert_eq!((state.state, state.raw.as_str()), (RecordedState::Invalid, r#"["eu",{}]"#));
        assert_eq!(loaded.profile.architecture.regions, None);
    }

    #[test]
    fn a_wrong_unmatched_entry_keeps_its_text() {
        let json = json!({"meta": {"company_name": "A"}, "unmatched": [{}, "loose text", {"reason": "nonsense"}]});
        let loaded = Validator::new().validate(json, "f.json").unwrap();
        let answers: Vec<&str> = loaded.profile.unmatched.iter().map(|u| u.answer.as_str()).collect();
        assert_eq!(answers, ["{}", "loose text", "{}"]);
        assert!(loaded.diagnostics.iter().all(|d| d.key.as_deref().is_some_and(|k| k.starts_with("unmatched["))));
    }

    #[test]
    fn a_key_given_twice_never_drops_the_first_answer() {
        let text = br#"{"meta": {"company_name": "A"}, "meta": {"solution_name": "B"}}"#;
        let loaded = Validator::new().load(text, "f.json").unwrap();
        assert_eq!(loaded.profile.meta.company_name.as_deref(), Some("A"));
        assert_eq!(loaded.profile.meta.solution_name.as_deref(), Some("B"));
    }

    #[test]
    fn what_is_not_a_profile_is_an_error() {
        let validator = Validator::new();
        assert_eq!(validator.load(b"{not json", "x.json").unwrap_err().kind(), ErrorKind::Malformed);
        assert_eq!(validator.load(b"[1, 2]", "x.json").unwrap_err().kind(), ErrorKind::NotAQuestionnaire);
    }
}
