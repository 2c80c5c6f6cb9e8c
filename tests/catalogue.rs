//! The question catalogue and every place a question must have: its follow-up for the gaps, its row in the
//! template, its place in the report. Adding a question touches the types, the catalogue and the generated
//! files; these tests make a place that was forgotten fail here, not in a vendor's hands. The report test
//! needs `pdftotext` (poppler-utils) and says so on stderr when it is not installed.

use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};

use discovery::profile::catalogue::{profile_sheet_questions, TABLES};
use discovery::profile::{AnswerKind, Importance, QUESTIONS};
use discovery::template::{write_template, TemplateOptions};
use discovery::Converter;

use crate::crate_file;

#[test]
fn every_required_and_recommended_question_has_its_own_follow_up() {
    let mut asked = 0;
    for q in QUESTIONS.iter().filter(|q| q.importance != Importance::Optional) {
        let follow_up = q
            .follow_up
            .unwrap_or_else(|| panic!("{} is {} but has no follow-up in the catalogue", q.key, q.importance.as_str()));
        assert!(follow_up.ends_with('?'), "{}: the follow-up is not a question: {follow_up}", q.key);
        assert_ne!(follow_up, q.text, "{}: the follow-up only repeats the question", q.key);
        assert_eq!(q.ask(), follow_up, "{}: a gap does not ask the follow-up", q.key);
        asked += 1;
    }
    assert!(asked > 0, "the catalogue has no required or recommended question");
}

/// A cell as text; numbers and other values are not keys or headers.
fn text(cell: &Data) -> &str {
    match cell {
        Data::String(text) => text.trim(),
        _ => "",
    }
}

#[test]
fn every_question_has_its_row_and_every_table_its_sheet_in_the_template() {
    let bytes = write_template(&TemplateOptions::default()).unwrap();
    let mut workbook = Xlsx::new(Cursor::new(bytes)).unwrap();

    let profile = workbook.worksheet_range("Profile").unwrap();
    let rows: Vec<&[Data]> = profile.rows().collect();
    let header = rows.iter().position(|row| row.iter().any(|c| text(c) == "Key")).expect("a header row with Key");
    let column = |name: &str| rows[header].iter().position(|c| text(c) == name);
    let key_column = column("Key").unwrap();
    let question_column = column("Question").expect("a Question column");
    for q in profile_sheet_questions() {
        let row = rows[header + 1..]
            .iter()
            .find(|row| row.get(key_column).map(text) == Some(q.key))
            .unwrap_or_else(|| panic!("{} has no row in the template's Profile sheet", q.key));
        assert_eq!(row.get(question_column).map(text), Some(q.text), "{}: the row asks another question", q.key);
    }
    let keys = rows[header + 1..].iter().filter(|row| row.get(key_column).is_some_and(|c| !text(c).is_empty()));
    assert_eq!(keys.count(), profile_sheet_questions().count(), "the Profile sheet has rows the catalogue lacks");

    for table in TABLES {
        let sheet = workbook
            .worksheet_range(table.sheet)
            .unwrap_or_else(|e| panic!("the template has no {} sheet for {}: {e}", table.sheet, table.key));
        let headers: Vec<&str> = sheet.rows().next().map(|row| row.iter().map(text).collect()).unwrap_or_default();
        for column in table.columns {
            assert!(
                headers.contains(&column.header),
                "the {} sheet has no \"{}\" column in its header row {headers:?}",
                table.sheet,
                column.header
            );
        }
    }
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_question_and_every_table_has_its_place_in_the_report() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        eprintln!("skipped: pdftotext (poppler-utils) is not installed, so the report's text cannot be read");
        return;
    }
    let converter = Converter::new();
    let checked = converter.check(crate_file("samples/fabrikam-routewise.json")).unwrap();
    let rendered = converter.report(&checked).unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("catalogue");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("fabrikam-routewise.pdf");
    std::fs::write(&pdf, &rendered.pdf).unwrap();
    // Without -layout, poppler keeps a table cell's lines together, so a wrapped question reads whole.
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&pdf).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let flat = squash(&text);

    // Part 4 shows every question in questionnaire order; searching after its heading, and each question
    // after the one before, keeps a question's words elsewhere (a key fact, an answer) from standing in.
    let mut at = flat.rfind("4. Questions and answers").expect("the report has a part 4");
    for q in QUESTIONS {
        let found = flat[at..].find(&squash(q.text));
        at += found
            .unwrap_or_else(|| panic!("{}: part 4 of the report does not show \"{}\" in its place", q.key, q.text));
    }
    // A heading is a line that opens with its part's number: `5.2 Data stores`, `3. Requested engagements`.
    let headings: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| line.split(' ').next().is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit())))
        .map(str::to_lowercase)
        .collect();
    for table in TABLES {
        assert!(QUESTIONS.iter().any(|q| q.kind == AnswerKind::Table(table)), "{} is no question", table.key);
        let sheet = table.sheet.to_lowercase();
        assert!(
            headings.iter().any(|h| h.contains(&sheet)),
            "no heading of the report names the {} sheet: {headings:#?}",
            table.sheet
        );
    }
}
