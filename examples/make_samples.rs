//! Writes the sample workbooks in `samples/`: the blank questionnaire and Fabrikam's returned one.
//!
//! Run it with `cargo run --example make_samples`; the output is byte-identical on every run, so the
//! committed files only change when the template or the sample profile does.
//!
//! `samples/fabrikam-routewise.xlsx` is `samples/fabrikam-routewise.json` written back into the
//! questionnaire, then made to look like a real vendor's return: a few answers typed the way people type
//! them rather than in the template's tidy forms ([`TYPED`]), and a few deliberate gaps ([`GAPS`]). Every
//! typed answer is still valid, so importing the workbook gives the JSON's values, except for the gaps.
//!
//! The `.ods` and `.xls` copies (`samples/fabrikam-routewise.ods`, `tests/fixtures/fabrikam-routewise.ods`
//! and `.xls`) are LibreOffice conversions of the `.xlsx`; `tests/fixtures/README.md` says how to remake
//! them.

use std::path::Path;

use discovery::profile::Profile;
use discovery::template::{write_filled, write_template, TemplateOptions};
use serde_json::{json, Value};

/// Answers the vendor typed differently from the JSON's values: (key, what is in the cell, how it differs).
/// Each still reads back to the JSON's value.
#[rustfmt::skip]
const TYPED: &[(&str, &str, &str)] = &[
    ("meta.completed_on",                             "02.11.2026",                         "a date typed as text, day first"),
    ("solution.demo_available",                       "yes",                                "lowercase"),
    ("architecture.current_hosting",                  "On-premises",                        "hyphenated; the label is \"On premises\""),
    ("architecture.regions",                          "UK South; West Europe; North Europe", "one line, separated by ;"),
    ("requirements.availability.sla_target_percent",  "99.9%",                              "text with a percent sign"),
    ("requirements.disaster_recovery.rpo",            "15 minutes",                         "words, not PT15M"),
    ("requirements.disaster_recovery.rto",            "4 hours",                            "words, not PT4H"),
    ("requirements.migration.data_volume_gb",         "5.8 TB",                             "TB with a fraction, not 5800"),
    ("architecture.data_stores[0].size",              "1.8 TB",                             "the same in a table cell"),
];

/// Recommended answers the vendor left open: (key, what is in the cell; empty for an empty cell).
#[rustfmt::skip]
const GAPS: &[(&str, &str)] = &[
    ("solution.customers",                      ""),
    ("requirements.performance.max_latency_ms", "TBD"),
    ("requirements.security.authorization",     "TBD"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let options = TemplateOptions::default();

    let blank = samples.join("questionnaire-template.xlsx");
    std::fs::write(&blank, write_template(&options)?)?;
    println!("wrote {}", blank.display());

    let json: Value = serde_json::from_str(&std::fs::read_to_string(samples.join("fabrikam-routewise.json"))?)?;
    let messy = as_the_vendor_typed_it(json)?;
    let filled = samples.join("fabrikam-routewise.xlsx");
    std::fs::write(&filled, write_filled(&messy, &options)?)?;
    println!("wrote {}", filled.display());
    Ok(())
}

/// The profile with [`TYPED`] and [`GAPS`] applied.
///
/// `write_filled` writes a recorded answer state's raw text into the cell verbatim, so each edit removes
/// the value and records the text to type instead. The state recorded here only steers the writer: the
/// importer decides each answer's real state when it reads the workbook (`15 minutes` reads as `PT15M`).
fn as_the_vendor_typed_it(mut json: Value) -> Result<Profile, Box<dyn std::error::Error>> {
    let edits =
        TYPED.iter().map(|(key, text, _)| (key, text, "invalid")).chain(GAPS.iter().map(|(k, t)| (k, t, "unknown")));
    for (key, text, state) in edits {
        remove(&mut json, key).ok_or_else(|| format!("{key} has no value in the sample"))?;
        if !text.is_empty() {
            json["answer_states"][*key] = json!({ "state": state, "raw": text });
        }
    }
    Ok(serde_json::from_value(json)?)
}

/// Removes the value at a dotted key (`architecture.data_stores[0].size`), returning it.
fn remove(json: &mut Value, key: &str) -> Option<Value> {
    let (parents, last) = key.rsplit_once('.')?;
    let mut node = json;
    for segment in parents.split('.') {
        node = match segment.split_once('[') {
            Some((name, index)) => node.get_mut(name)?.get_mut(index.trim_end_matches(']').parse::<usize>().ok()?)?,
            None => node.get_mut(segment)?,
        };
    }
    node.as_object_mut()?.remove(last)
}
