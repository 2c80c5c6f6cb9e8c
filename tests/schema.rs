//! The profile model and its committed JSON Schema.

use serde_json::{json, Value};

use discovery::profile::{self, Profile, QUESTIONS};

use crate::{crate_file, samples};

const COMMITTED: &str = "schemas/discovery-profile.schema.json";

fn committed() -> Value {
    serde_json::from_str(&std::fs::read_to_string(crate_file(COMMITTED)).unwrap()).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::options().should_validate_formats(true).build(&committed()).unwrap()
}

fn sample(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(crate_file(&format!("samples/{name}"))).unwrap()).unwrap()
}

#[test]
fn the_committed_schema_is_what_the_code_generates() {
    let generated = profile::schema_json();
    let on_disk = std::fs::read_to_string(crate_file(COMMITTED)).unwrap();
    // Validation reads the committed file, so a stale one rejects what the types now hold.
    assert!(generated == on_disk, "{COMMITTED} is out of date; refresh it with: cargo run -- schema -o {COMMITTED}");
}

#[test]
fn the_schema_is_valid_draft_2020_12() {
    let schema = committed();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    jsonschema::draft202012::meta::validate(&schema).unwrap();
}

#[test]
fn every_catalogue_key_resolves_to_an_annotated_property() {
    let schema = committed();
    for q in QUESTIONS {
        let pointer = format!("/properties/{}", q.key.replace('.', "/properties/"));
        let property = schema.pointer(&pointer).unwrap_or_else(|| panic!("{} is not in the schema", q.key));
        assert_eq!(property["x-question"], q.text, "{}", q.key);
        assert_eq!(property["title"], q.text, "{}", q.key);
    }
    // And the other way round: every annotated property of the schema is a question of the catalogue.
    fn annotated(value: &Value) -> usize {
        match value {
            Value::Object(map) => {
                usize::from(map.contains_key("x-question")) + map.values().map(annotated).sum::<usize>()
            }
            Value::Array(items) => items.iter().map(annotated).sum(),
            _ => 0,
        }
    }
    assert_eq!(annotated(&schema), QUESTIONS.len());
}

#[test]
fn every_sample_profile_validates_and_loads() {
    let validator = validator();
    let files = samples("json");
    assert!(files.len() >= 2, "the complete and the partial sample");
    for path in files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        let profile: Profile = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&profile).unwrap(), value, "{} does not round-trip", path.display());
    }
}

#[test]
fn the_complete_sample_answers_every_question() {
    let profile: Profile = serde_json::from_value(sample("fabrikam-routewise.json")).unwrap();
    let answers = profile::Answers::new(&profile);
    for (q, state) in answers.states() {
        assert!(matches!(state, profile::State::Answered | profile::State::NotApplicable), "{} is {state:?}", q.key);
    }
}

/// The complete sample with one change applied at a JSON pointer.
fn complete_with(pointer: &str, value: Value) -> Value {
    let mut doc = sample("fabrikam-routewise.json");
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent).unwrap().as_object_mut().unwrap().insert(last.to_owned(), value);
    doc
}

#[test]
fn the_schema_rejects_what_is_wrong() {
    let validator = validator();
    let cases = [
        ("a misspelled key", complete_with("/requirements/availability/multizone", json!("yes"))),
        ("a wrong enum value", complete_with("/architecture/current_hosting", json!("azur"))),
        ("a 120 % SLA", complete_with("/requirements/availability/sla_target_percent", json!(120))),
        ("a malformed date", complete_with("/meta/completed_on", json!("15.03.2026"))),
        ("a date not in the calendar", complete_with("/meta/completed_on", json!("2026-02-30"))),
        ("a duration without unit", complete_with("/requirements/disaster_recovery/rpo", json!("15"))),
        ("two e-mail addresses", complete_with("/meta/contact_email", json!("a@b.com; c@d.com"))),
        ("a null answer", complete_with("/meta/company_name", Value::Null)),
        (
            "an unknown answer state",
            complete_with("/answer_states/meta.company_name", json!({"state": "maybe", "raw": "x"})),
        ),
        ("a yes/no as a boolean", complete_with("/requirements/availability/multi_region", json!(false))),
    ];
    for (what, doc) in cases {
        assert!(!validator.is_valid(&doc), "the schema accepts {what}");
    }
    assert!(validator.is_valid(&sample("fabrikam-routewise.json")));
}

#[test]
fn serde_rejects_what_the_schema_rejects_for_types_it_owns() {
    for (pointer, value) in [
        ("/requirements/availability/multizone", json!("yes")),
        ("/architecture/current_hosting", json!("azur")),
        ("/meta/completed_on", json!("15.03.2026")),
        ("/requirements/disaster_recovery/rpo", json!("15")),
    ] {
        let doc = complete_with(pointer, value);
        assert!(serde_json::from_value::<Profile>(doc).is_err(), "serde accepts {pointer}");
    }
}
