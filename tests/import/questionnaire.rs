//! Questionnaires read from workbooks: the samples, the round trip through the template in three formats,
//! and the promise that nothing the vendor wrote is lost.

use std::collections::BTreeSet;

use proptest::prelude::*;
use rust_xlsxwriter::{Note, Url, Workbook};
use serde_json::Value;

use discovery::profile::{Profile, RecordedState, UnmatchedReason, QUESTIONS};
use discovery::template::{write_filled, TemplateOptions};
use discovery::Imported;
use discovery::{Code, Converter};

use crate::crate_file;

fn import(path: &str) -> Imported {
    Converter::new().import(crate_file(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn sample_profile(name: &str) -> Profile {
    serde_json::from_str(&std::fs::read_to_string(crate_file(&format!("samples/{name}"))).unwrap()).unwrap()
}

/// The profile without where its answers came from (nor the questionnaire version the workbook records),
/// for comparing across formats.
fn answers_only(mut profile: Profile) -> Profile {
    profile.sources.clear();
    profile.questionnaire_version = None;
    profile
}

#[test]
fn the_sample_workbook_imports_to_the_sample_profile_but_for_its_deliberate_gaps() {
    let imported = import("samples/fabrikam-routewise.xlsx");
    assert!(imported.diagnostics.is_empty(), "{:#?}", imported.diagnostics);
    let mut expected = sample_profile("fabrikam-routewise.json");
    // The gaps examples/make_samples.rs leaves in the workbook: an empty answer and two TBDs.
    expected.solution.customers = None;
    expected.requirements.performance.max_latency_ms = None;
    expected.requirements.security.authorization = None;
    for key in ["requirements.performance.max_latency_ms", "requirements.security.authorization"] {
        expected
            .answer_states
            .insert(key.to_owned(), discovery::profile::AnswerState::new(RecordedState::Unknown, "TBD"));
    }
    assert_eq!(answers_only(imported.profile.clone()), expected);
    // Every question of the Profile sheet records its answer cell, in the Answer column D, from row 4 on.
    assert_eq!(imported.profile.sources["meta.company_name"], "Profile!D4");
    assert_eq!(imported.profile.sources["engagements[1].success_criteria"], "Engagements!D3");
    let answers = discovery::profile::Answers::new(&imported.profile);
    let cells: usize = discovery::profile::catalogue::TABLES
        .iter()
        .map(|t| answers.value(t.key).and_then(Value::as_array).map_or(0, Vec::len) * t.columns.len())
        .sum();
    assert_eq!(imported.profile.sources.len(), QUESTIONS.len() + cells, "one per question, table and table cell");
}

#[test]
fn the_same_workbook_saved_as_xls_and_ods_imports_to_the_same_profile() {
    let xlsx = import("samples/fabrikam-routewise.xlsx");
    for other in [
        "tests/fixtures/fabrikam-routewise.xls",
        "tests/fixtures/fabrikam-routewise.ods",
        "samples/fabrikam-routewise.ods",
    ] {
        let imported = import(other);
        assert_eq!(imported.profile, xlsx.profile, "{other}");
        assert_eq!(imported.diagnostics, xlsx.diagnostics, "{other}");
    }
}

/// Every XML member of an xlsx, one after the other, to look for what a fixture must hold.
fn xlsx_xml(path: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(crate_file(path)).unwrap()).unwrap();
    let mut xml = String::new();
    for i in 0..zip.len() {
        std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut xml).unwrap();
    }
    xml
}

/// The profile's dates: questions on the Profile sheet and the milestones table's.
fn dates(p: &Profile) -> Vec<Option<discovery::profile::Date>> {
    let mut dates = vec![p.meta.session_date, p.schedule.go_live, p.schedule.next_meeting];
    dates.extend(p.schedule.milestones.iter().map(|m| m.date));
    dates
}

/// Old Mac workbooks count their dates from 1904, not 1900: the same date is a serial 1,462 days smaller.
/// Read with the 1900 epoch, every date in such a return would be four years and a day early, silently.
#[test]
fn a_workbook_that_counts_dates_from_1904_reads_the_same_dates() {
    let path = "tests/fixtures/fabrikam-routewise-1904.xlsx";
    assert!(xlsx_xml(path).contains("date1904=\"1\""), "the fixture counts from 1904");

    let xlsx = import("samples/fabrikam-routewise.xlsx");
    let imported = import(path);
    assert!(dates(&xlsx.profile).iter().all(Option::is_some), "the sample answers every date");
    assert_eq!(dates(&imported.profile), dates(&xlsx.profile));
    assert_eq!(imported.profile, xlsx.profile);
    assert_eq!(imported.diagnostics, xlsx.diagnostics);
}

/// A date whose cell lost its date format shows its serial number, and in a workbook that counts from 1904
/// that serial is 1,462 days smaller than the same date's in the usual system: read as a 1900 serial, it
/// would be a date four years and a day early, silently. The fixtures hold two such dates (the go-live
/// question and a milestone's date in its table) as plain numbers: openpyxl wrote the xlsx, LibreOffice
/// re-saved it as xls and ods (an ods says so with its null date).
#[test]
fn a_date_typed_as_its_serial_in_a_1904_workbook_reads_as_that_date() {
    let path = "tests/fixtures/fabrikam-routewise-1904-serials.xlsx";
    let xml = xlsx_xml(path);
    assert!(xml.contains("date1904=\"1\""), "the fixture counts from 1904");
    // 2027-04-30 and 2027-02-12 as 1904 serials.
    for serial in ["<v>45045</v>", "<v>44968</v>"] {
        assert!(xml.contains(serial), "the fixture holds {serial}");
    }

    let sample = import("samples/fabrikam-routewise.xlsx");
    for path in [
        path,
        "tests/fixtures/fabrikam-routewise-1904-serials.xls",
        "tests/fixtures/fabrikam-routewise-1904-serials.ods",
    ] {
        let imported = import(path);
        assert_eq!(dates(&imported.profile), dates(&sample.profile), "{path}");
        assert_eq!(imported.profile, sample.profile, "{path}");
    }
}

/// A question answered twice keeps its second answer in `unmatched`, noting where the first is; the
/// follow-up workbook writes that row back, and reading it again notes it once, not twice.
#[test]
fn a_second_answer_to_a_question_round_trips_through_the_follow_up_unchanged() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
    for (col, header) in ["Key", "Answer", "Notes"].into_iter().enumerate() {
        sheet.write(0, col as u16, header).unwrap();
    }
    for (row, (answer, note)) in [("No", ""), ("Yes", "second answer")].into_iter().enumerate() {
        sheet.write(row as u32 + 1, 0, "requirements.availability.multi_zone").unwrap();
        sheet.write(row as u32 + 1, 1, answer).unwrap();
        sheet.write(row as u32 + 1, 2, note).unwrap();
    }
    let converter = Converter::new();
    let first = converter.import_bytes(&workbook.save_to_buffer().unwrap(), "q.xlsx").unwrap().profile;
    let notes = |p: &Profile| p.unmatched.iter().map(|u| u.notes.clone()).collect::<Vec<_>>();
    assert_eq!(notes(&first), ["second answer (first answered at Profile!B2)"]);
    let mut profile = first;
    for round in 1..=2 {
        let bytes = write_filled(&profile, &TemplateOptions::default()).unwrap();
        let again = converter.import_bytes(&bytes, "follow-up.xlsx").unwrap().profile;
        assert_eq!(notes(&again).len(), 1, "round {round}");
        assert!(notes(&again)[0].matches("first answered at").count() == 1, "round {round}: {:?}", notes(&again));
        profile = again;
    }
}

#[test]
fn a_filled_template_round_trips_for_both_samples() {
    let converter = Converter::new();
    for name in ["fabrikam-routewise.json", "mueller-soen-partial.json"] {
        let profile = sample_profile(name);
        let bytes = write_filled(&profile, &TemplateOptions::default()).unwrap();
        let imported = converter.import_bytes(&bytes, "filled.xlsx").unwrap();
        assert_eq!(answers_only(imported.profile), profile, "{name}");
    }
}

#[test]
fn a_workbook_and_its_exported_profile_json_give_the_same_diagnostics_and_gaps() {
    let converter = Converter::new();
    let profile = sample_profile("mueller-soen-partial.json");
    let workbook =
        converter.import_bytes(&write_filled(&profile, &TemplateOptions::default()).unwrap(), "q.xlsx").unwrap();
    let json = serde_json::to_vec(&workbook.profile).unwrap();
    let from_json = converter.import_bytes(&json, "q.json").unwrap();
    let strip_file =
        |imported: &Imported| -> Vec<String> { imported.diagnostics.iter().map(|d| d.to_string()).collect() };
    assert_eq!(strip_file(&from_json), strip_file(&workbook));
    assert!(workbook.diagnostics.iter().any(|d| d.code == Code::InvalidEmail));
    let checked_workbook = converter.check_imported(workbook);
    let checked_json = converter.check_imported(from_json);
    assert_eq!(
        serde_json::to_value(&checked_json.analysis.gaps).unwrap(),
        serde_json::to_value(&checked_workbook.analysis.gaps).unwrap()
    );
    assert!(checked_json.analysis.gaps.iter().any(|g| g.locations == ["Profile!D7"]), "gaps keep their cells");
}

#[test]
fn answers_are_found_by_question_text_when_the_key_column_is_gone() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
    sheet.write(0, 0, "Our answers").unwrap();
    for (col, header) in ["Question", "Notes", "Answer"].iter().enumerate() {
        sheet.write(2, col as u16, *header).unwrap();
    }
    sheet.write(3, 0, "company (ISV) name").unwrap();
    sheet.write(3, 2, "Tailspin Toys").unwrap();
    sheet.write(4, 0, "Where is the solution hosted today").unwrap();
    sheet.write(4, 2, "Azur").unwrap();
    sheet.write(5, 0, "Something we want to add").unwrap();
    sheet.write(5, 2, "We also run a Redis cache").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let imported = Converter::new().import_bytes(&bytes, "no-key.xlsx").unwrap();
    assert_eq!(imported.profile.meta.company_name.as_deref(), Some("Tailspin Toys"));
    let lines: Vec<String> = imported.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(lines.contains(&"error[invalid-choice]: Profile!C5 (architecture.current_hosting): \"Azur\" is not a hosting option; did you mean \"Azure\"?".to_owned()), "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.starts_with("warning[key-by-question]: Profile!A4 (meta.company_name)")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.starts_with("warning[no-question]: Profile!C6")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.starts_with("warning[missing-sheet]") && l.contains("Milestones")), "{lines:#?}");
    assert_eq!(imported.profile.unmatched[0].answer, "We also run a Redis cache");
}

/// What a generated Profile sheet row holds.
#[derive(Debug, Clone)]
enum RowKey {
    /// The key of catalogue question N.
    Known(usize),
    /// A key no question has.
    Unknown(String),
    /// No key and no question.
    Empty,
}

/// Text the vendor wrote beside a row's answer: an Owner column, a column without a header, a note on one
/// of the row's cells, and the target of a hyperlink on the answer (shown with the answer's text).
#[derive(Debug, Clone)]
struct Beside {
    owner: String,
    unnamed: String,
    note: Option<(u16, String)>,
    link: Option<String>,
}

fn beside_strategy(columns: u16) -> impl Strategy<Value = Beside> {
    let text = || prop_oneof![3 => Just(String::new()), 1 => "[A-Za-z][A-Za-z ]{0,15}"];
    let note = proptest::option::weighted(0.3, (0..columns, "[A-Za-z][A-Za-z .]{0,30}"));
    let link = proptest::option::weighted(0.2, "[a-z]{3,12}".prop_map(|p| format!("https://example.com/{p}")));
    (text(), text(), note, link).prop_map(|(owner, unnamed, note, link)| Beside { owner, unnamed, note, link })
}

fn row_strategy() -> impl Strategy<Value = (RowKey, String, String, Beside)> {
    let key = prop_oneof![
        6 => (0..QUESTIONS.len()).prop_map(RowKey::Known),
        1 => "[a-z]{3,8}\\.[a-z_]{3,10}".prop_map(RowKey::Unknown),
        1 => Just(RowKey::Empty),
    ];
    let text = prop_oneof![
        Just(String::new()),
        "[A-Za-z0-9 ,;:/%.\\-]{1,24}",
        Just("N/A".to_owned()),
        Just("TBD".to_owned()),
        Just("yes".to_owned()),
        Just("4 hours".to_owned()),
        Just("2 TB".to_owned()),
        Just("15/03/2026".to_owned()),
        Just("Azure".to_owned()),
        Just("line one\nline two".to_owned()),
    ];
    let notes = prop_oneof![3 => Just(String::new()), 1 => "[A-Za-z ]{1,20}"];
    (key, text, notes, beside_strategy(6))
}

fn table_row_strategy() -> impl Strategy<Value = (Vec<String>, Beside)> {
    let cells = proptest::collection::vec(
        prop_oneof![2 => Just(String::new()), 3 => "[A-Za-z0-9 ]{1,12}", 1 => Just("high".to_owned())],
        6,
    );
    (cells, beside_strategy(6))
}

/// Every string anywhere in the profile JSON and the diagnostics' messages.
fn everything_kept(imported: &Imported) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Object(map) => map.values().for_each(|v| walk(v, out)),
            other => out.push(other.to_string()),
        }
    }
    let mut out = Vec::new();
    walk(&serde_json::to_value(&imported.profile).unwrap(), &mut out);
    out.extend(imported.diagnostics.iter().map(|d| d.message.clone()));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Nothing the vendor wrote is dropped: every non-empty Answer and Notes cell, every cell of another
    /// column (with or without a header), every note on a cell (the header row's included), every hyperlink
    /// target, and every table cell, ends up in the profile (a value, a recorded state, a note, extra text,
    /// unmatched text) or in a diagnostic.
    #[test]
    fn nothing_the_vendor_wrote_is_lost(
        rows in proptest::collection::vec(row_strategy(), 1..40),
        table_rows in proptest::collection::vec(table_row_strategy(), 0..6),
        header_note in proptest::option::weighted(0.3, (0..6u16, "[A-Za-z][A-Za-z ]{0,20}")),
    ) {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
        for (col, header) in ["Key", "Question", "Answer", "Notes", "Owner"].iter().enumerate() {
            sheet.write(0, col as u16, *header).unwrap();
        }
        if let Some((col, text)) = &header_note {
            sheet.insert_note(0, *col, &Note::new(text.as_str())).unwrap();
        }
        for (i, (key, answer, notes, beside)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            match key {
                RowKey::Known(q) => sheet.write(r, 0, QUESTIONS[*q].key).map(|_| ()).unwrap(),
                RowKey::Unknown(k) => sheet.write(r, 0, k.as_str()).map(|_| ()).unwrap(),
                RowKey::Empty => {}
            }
            match (&beside.link, answer.is_empty()) {
                (Some(target), false) => {
                    sheet.write_url(r, 2, Url::new(target.as_str()).set_text(answer.as_str())).unwrap();
                }
                (_, false) => {
                    sheet.write(r, 2, answer.as_str()).unwrap();
                }
                (_, true) => {}
            }
            if !notes.is_empty() { sheet.write(r, 3, notes.as_str()).unwrap(); }
            if !beside.owner.is_empty() { sheet.write(r, 4, beside.owner.as_str()).unwrap(); }
            if !beside.unnamed.is_empty() { sheet.write(r, 5, beside.unnamed.as_str()).unwrap(); }
            if let Some((col, text)) = &beside.note {
                sheet.insert_note(r, *col, &Note::new(text.as_str()).set_author("Tester")).unwrap();
            }
        }
        let components = workbook.add_worksheet().set_name("Components").unwrap();
        for (col, header) in ["Name", "Purpose", "Technology", "Hosting", "Notes", "Owner"].iter().enumerate() {
            components.write(0, col as u16, *header).unwrap();
        }
        for (i, (cells, beside)) in table_rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (col, text) in cells.iter().enumerate() {
                match (&beside.link, text.is_empty(), col) {
                    (Some(target), false, 1) => {
                        components.write_url(r, 1, Url::new(target.as_str()).set_text(text.as_str())).unwrap();
                    }
                    (_, false, _) => {
                        components.write(r, col as u16, text.as_str()).unwrap();
                    }
                    (_, true, _) => {}
                }
            }
            if let Some((col, text)) = &beside.note {
                components.insert_note(r, *col, &Note::new(text.as_str())).unwrap();
            }
        }
        let bytes = workbook.save_to_buffer().unwrap();
        let imported = Converter::new().import_bytes(&bytes, "generated.xlsx").unwrap();
        let kept = everything_kept(&imported);
        let is_kept = |text: &str| {
            let text = text.trim();
            // A value may be normalised (a label to its value, "4 hours" to PT4H); then its question has a
            // state, checked below. Text is kept as written somewhere.
            kept.iter().any(|k| k.contains(text))
        };
        if let Some((_, text)) = &header_note {
            prop_assert!(is_kept(text), "the header row's note {text:?} is lost");
        }
        let mut answered_keys = BTreeSet::new();
        for (key, answer, notes, beside) in &rows {
            if let RowKey::Known(q) = key {
                let key = QUESTIONS[*q].key;
                if matches!(QUESTIONS[*q].kind, discovery::profile::AnswerKind::Table(_)) {
                    // A table key on the Profile sheet is no question of that sheet: its text is unmatched.
                    if !answer.trim().is_empty() { prop_assert!(is_kept(answer), "{answer:?} at table key {key}"); }
                } else if !answer.trim().is_empty() {
                    let state = discovery::profile::Answers::new(&imported.profile).state(key);
                    let first = answered_keys.insert(key);
                    prop_assert!(
                        (first && state != discovery::profile::State::Missing) || is_kept(answer),
                        "{answer:?} for {key} is lost (state {state:?})"
                    );
                }
            } else if !answer.trim().is_empty() {
                prop_assert!(is_kept(answer), "{answer:?} in a row without a known key is lost");
                let reasons: Vec<UnmatchedReason> = imported.profile.unmatched.iter().map(|u| u.reason).collect();
                prop_assert!(!reasons.is_empty());
            }
            if let RowKey::Unknown(k) = key {
                prop_assert!(is_kept(k), "the unknown key {k:?} is lost");
            }
            for text in [notes, &beside.owner, &beside.unnamed] {
                if !text.trim().is_empty() {
                    prop_assert!(is_kept(text), "{text:?} beside an answer is lost");
                }
            }
            if let Some((_, text)) = &beside.note {
                prop_assert!(is_kept(text), "the note {text:?} is lost");
            }
            if let (Some(target), false) = (&beside.link, answer.is_empty()) {
                prop_assert!(is_kept(target), "the link {target:?} is lost");
            }
        }
        for (cells, beside) in &table_rows {
            for text in cells.iter().filter(|t| !t.trim().is_empty()) {
                let lower = text.trim().to_lowercase();
                prop_assert!(is_kept(text) || kept.iter().any(|k| k.to_lowercase().contains(&lower)), "table cell {text:?} is lost");
            }
            if let Some((_, text)) = &beside.note {
                prop_assert!(is_kept(text), "the note {text:?} on a table row is lost");
            }
            if let (Some(target), false) = (&beside.link, cells[1].is_empty()) {
                prop_assert!(is_kept(target), "the link {target:?} on a table row is lost");
            }
        }
    }
}
