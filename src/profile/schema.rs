//! The JSON Schema of the profile, generated from the Rust types and annotated from the catalogue.
//!
//! schemars derives the structure (types, enums, ranges, patterns); this module then writes each
//! question's text, section, importance and answer type onto its property as `title`, `description` and
//! `x-` keywords, so the schema documents the questionnaire and stays in step with the catalogue.

use serde_json::{json, Map, Value};

use super::catalogue::{AnswerKind, QUESTIONS};
use super::types::{Profile, SCHEMA_VERSION};

/// The `$id` of the schema: a stable name, not a location to fetch.
pub const SCHEMA_ID: &str = "urn:discovery:profile:1";

/// The JSON Schema (draft 2020-12) of the profile JSON.
///
/// Every question of the [catalogue](super::catalogue::QUESTIONS) is a property, reachable by its dotted
/// key, carrying `title` (the question), `x-question`, `x-section`, `x-importance` and `x-type`.
///
/// ```
/// let schema = discovery::profile::schema();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// let multi_zone = &schema["properties"]["requirements"]["properties"]["availability"]
///     ["properties"]["multi_zone"];
/// assert_eq!(multi_zone["x-importance"], "required");
/// ```
pub fn schema() -> Value {
    let generator =
        schemars::generate::SchemaSettings::draft2020_12().with(|s| s.inline_subschemas = true).into_generator();
    let mut root = generator.into_root_schema_for::<Profile>().to_value();
    forbid_null(&mut root);
    let object = root.as_object_mut().expect("a struct's schema is an object");
    object.insert("$id".into(), json!(SCHEMA_ID));
    object.insert("x-schema-version".into(), json!(SCHEMA_VERSION));
    for question in QUESTIONS {
        let Some(property) = property_mut(&mut root, question.key) else {
            // A catalogue key without a property is caught by the catalogue/types test.
            continue;
        };
        let property = property.as_object_mut().expect("a property schema is an object");
        // The field's rustdoc came through as a description; the question's guidance replaces it, after the
        // title as a reader expects.
        property.shift_remove("description");
        property.insert("title".into(), json!(question.text));
        property.insert("description".into(), json!(question.kind.guidance()));
        property.insert("x-question".into(), json!(question.text));
        property.insert("x-section".into(), json!(question.section.id()));
        property.insert("x-importance".into(), json!(question.importance.as_str()));
        property.insert("x-type".into(), json!(question.kind.name()));
        if let AnswerKind::Table(table) = question.kind {
            property.insert("x-sheet".into(), json!(table.sheet));
            for column in table.columns {
                if let Some(column_schema) = property
                    .get_mut("items")
                    .and_then(|items| items.pointer_mut(&format!("/properties/{}", column.field)))
                    .and_then(Value::as_object_mut)
                {
                    column_schema.insert("title".into(), json!(column.header));
                    column_schema.insert("x-type".into(), json!(column.kind.name()));
                    column_schema.insert("x-required-in-row".into(), json!(column.required));
                }
            }
        }
    }
    root
}

/// Removes `null` from every schema that allows it.
///
/// schemars lets an `Option` field be `null`; in a profile an unanswered question is simply absent, so a
/// `null` is rejected like any other wrong type.
fn forbid_null(node: &mut Value) {
    match node {
        Value::Object(object) => {
            if let Some(Value::Array(types)) = object.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.pop().expect("one type is left");
                    object.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(alternatives)) = object.get("anyOf") {
                let kept: Vec<Value> =
                    alternatives.iter().filter(|a| a.get("type") != Some(&json!("null"))).cloned().collect();
                // `Option<T>` is `anyOf: [T, null]`, perhaps beside the field's own description: what is left is
                // T, with the field's annotations over T's own.
                let annotations_only = object.keys().all(|k| k == "anyOf" || k == "description" || k == "title");
                if let ([Value::Object(only)], true) = (kept.as_slice(), annotations_only) {
                    let mut merged = only.clone();
                    for (key, value) in object.iter().filter(|(k, _)| *k != "anyOf") {
                        merged.insert(key.clone(), value.clone());
                    }
                    *node = Value::Object(merged);
                    return forbid_null(node);
                }
            }
            object.values_mut().for_each(forbid_null);
        }
        Value::Array(items) => items.iter_mut().for_each(forbid_null),
        _ => {}
    }
}

/// The schema as committed under `schemas/`: pretty-printed, with a final newline.
pub fn schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a JSON value always serialises");
    text.push('\n');
    text
}

/// The property schema at a dotted key, walking nested `properties`.
pub(crate) fn property_mut<'a>(root: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    key.split('.').try_fold(root, |node, segment| node.get_mut("properties")?.get_mut(segment))
}

/// The keys of every leaf property of the schema: what the Rust types can hold, as dotted keys.
///
/// Objects nest; arrays of objects (the tables) and everything else are leaves. The bookkeeping maps
/// (`answer_states`, `notes`, `sources`, `unmatched`, `extras`), `schema_version` and `questionnaire_version`
/// are not answers and are left out.
pub fn answer_keys(schema: &Value) -> Vec<String> {
    fn walk(node: &Map<String, Value>, prefix: &str, out: &mut Vec<String>) {
        let Some(properties) = node.get("properties").and_then(Value::as_object) else {
            return;
        };
        for (name, property) in properties {
            let key = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
            match property.as_object() {
                Some(object) if object.get("type") == Some(&json!("object")) && object.contains_key("properties") => {
                    walk(object, &key, out)
                }
                _ => out.push(key),
            }
        }
    }
    let mut out = Vec::new();
    if let Some(root) = schema.as_object() {
        walk(root, "", &mut out);
    }
    const BOOKKEEPING: [&str; 7] =
        ["schema_version", "questionnaire_version", "answer_states", "notes", "sources", "unmatched", "extras"];
    out.retain(|k| !BOOKKEEPING.contains(&k.as_str()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn catalogue_and_types_list_the_same_keys() {
        let from_types: BTreeSet<String> = answer_keys(&schema()).into_iter().collect();
        let from_catalogue: BTreeSet<String> = QUESTIONS.iter().map(|q| q.key.to_owned()).collect();
        assert_eq!(
            from_types.difference(&from_catalogue).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "fields of the types that the catalogue does not list"
        );
        assert_eq!(
            from_catalogue.difference(&from_types).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "catalogue keys that the types do not have"
        );
        assert_eq!(from_types.len(), QUESTIONS.len(), "a key the catalogue lists twice");
    }

    #[test]
    fn every_question_is_annotated_in_the_schema() {
        let mut schema = schema();
        for q in QUESTIONS {
            let property = property_mut(&mut schema, q.key).unwrap_or_else(|| panic!("{} has no property", q.key));
            assert_eq!(property["x-question"], q.text);
            assert_eq!(property["x-importance"], q.importance.as_str());
            assert_eq!(property["x-section"], q.section.id());
        }
    }
}
