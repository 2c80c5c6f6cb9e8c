//! Answer cells: an answer's JSON value (or its recorded state's raw text) as a vendor would have typed it,
//! written as text, number or date cell, and the row heights and column widths that make it readable.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet, XlsxError};
use serde_json::Value;

use crate::profile::{label_of, value_text, AnswerKind, Answers, Choice, Date, IsoDuration, YesNo};

/// What goes into an answer cell.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum CellValue {
    Text(String),
    Number(f64),
    Date(Date),
}

/// The cell for a recorded state's raw text, or else for the answer's value, or none.
pub(super) fn answer_value(answers: &Answers, key: &str, kind: AnswerKind, value: Option<&Value>) -> Option<CellValue> {
    if let Some(state) = answers.profile().answer_states.get(key) {
        return Some(CellValue::Text(state.raw.clone()));
    }
    value.and_then(|v| cell_value(kind, v))
}

/// An answer's JSON value as a vendor would have typed it.
pub(super) fn cell_value(kind: AnswerKind, value: &Value) -> Option<CellValue> {
    let text = |s: &str| Some(CellValue::Text(s.to_owned()));
    match (kind, value) {
        (_, Value::Null) => None,
        (AnswerKind::YesNo, Value::String(v)) => text(label_of(YesNo::OPTIONS, v)),
        (AnswerKind::Choice(set), Value::String(v)) => text(label_of(set.options, v)),
        (AnswerKind::Choices(set), Value::Array(items)) => {
            let values: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            match values.as_slice() {
                // A lone label with a comma or semicolon ("PaaS, web apps") would be split into two items
                // when read back; its snake_case value is accepted too and cannot be split.
                [only] if label_of(set.options, only).contains([',', ';']) => text(only),
                _ => text(&values.iter().map(|v| label_of(set.options, v)).collect::<Vec<_>>().join("\n")),
            }
        }
        (AnswerKind::List, Value::Array(items)) => {
            let items: Vec<String> = items.iter().map(|item| guard_marker(value_text(item))).collect();
            match items.as_slice() {
                // One item with a comma ("Kubernetes, managed") would be read back as two; a semicolon after it
                // makes the semicolon the separator, and keeps the item whole.
                [only] if only.contains(',') && !only.contains([';', '\n']) => text(&format!("{only};")),
                _ => text(&items.join("\n")),
            }
        }
        (AnswerKind::Number { .. }, Value::Number(n)) => n.as_f64().map(CellValue::Number),
        // A number cell up to 1 could be read as a fraction (0.9995 for 99.95 %), so small percentages
        // are written as text with the sign.
        (AnswerKind::Percent, Value::Number(n)) => {
            n.as_f64().map(|p| if p > 1.0 { CellValue::Number(p) } else { CellValue::Text(format!("{p} %")) })
        }
        (AnswerKind::SizeGb, Value::Number(n)) => n.as_f64().map(|gb| CellValue::Text(size_text(gb))),
        (AnswerKind::Duration, Value::String(iso)) => {
            text(&iso.parse::<IsoDuration>().map_or_else(|_| iso.clone(), |d| d.typed()))
        }
        (AnswerKind::Date, Value::String(date)) => match date.parse::<Date>() {
            Ok(date) => Some(CellValue::Date(date)),
            Err(_) => text(date),
        },
        (_, other) => text(&value_text(other)),
    }
}

/// A list item as written into a cell, with a bullet in front when it starts with what the importer takes
/// for a bullet or a number (`- `, `• `, `1. `, `2) `) and strips once: `0. a` stays `0. a`.
fn guard_marker(item: String) -> String {
    const BULLETS: [char; 15] = ['-', '*', '•', '·', '–', '—', '‣', '◦', '▪', '●', '○', '■', '□', '►', '➢'];
    let digits = item.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = (1..=2).contains(&digits)
        && item[digits..].starts_with(['.', ')'])
        && item[digits + 1..].starts_with(char::is_whitespace);
    if item.starts_with(BULLETS) || numbered {
        format!("- {item}")
    } else {
        item
    }
}

/// A size as people write it: whole terabytes as `2 TB`, anything else in GB.
pub(super) fn size_text(gb: f64) -> String {
    if gb >= 1000.0 && gb % 1000.0 == 0.0 {
        format!("{} TB", gb / 1000.0)
    } else {
        format!("{gb} GB")
    }
}

/// Writes `value` with `format`, dates as date cells in `date_format`.
pub(super) fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &CellValue,
    format: &Format,
    date_format: &Format,
) -> Result<(), XlsxError> {
    match value {
        CellValue::Text(text) => sheet.write_string_with_format(row, column, text, format)?,
        CellValue::Number(number) => sheet.write_number_with_format(row, column, *number, format)?,
        CellValue::Date(date) => {
            // Excel's calendar starts in 1900; a year outside what it can show is written as text instead.
            match date.0.year() {
                year @ 1900..=9999 => {
                    let cell = ExcelDateTime::from_ymd(year as u16, date.0.month() as u8, date.0.day() as u8)?;
                    sheet.write_datetime_with_format(row, column, &cell, date_format)?
                }
                _ => sheet.write_string_with_format(row, column, date.to_string(), format)?,
            }
        }
    };
    Ok(())
}

/// The notes to write beside an answer cell: the profile's notes on `key`, less the explanation the
/// importer will move to the notes again from the cell's own text (`N/A - not used` keeps its raw text in
/// the cell, and reading it moves `not used` to the notes), so that a round trip does not say it twice.
pub(super) fn notes_beside<'a>(
    answers: &'a Answers,
    key: &str,
    kind: AnswerKind,
    cell: Option<&CellValue>,
) -> Option<&'a str> {
    let notes = answers.profile().notes.get(key)?.as_str();
    let derived = match cell {
        Some(CellValue::Text(text)) => derived_comment(kind, text),
        _ => None,
    };
    let Some(derived) = derived else { return Some(notes) };
    if notes == derived {
        return None;
    }
    Some(notes.strip_prefix(derived.as_str()).and_then(|rest| rest.strip_prefix('\n')).unwrap_or(notes))
}

/// The explanation the importer moves out of a cell holding `text` into the notes, if any.
#[cfg(feature = "import")]
fn derived_comment(kind: AnswerKind, text: &str) -> Option<String> {
    crate::import::cells::read_text(kind, text).comment
}

/// Without the importer there is nothing to tell what reading a cell will move to the notes.
#[cfg(not(feature = "import"))]
fn derived_comment(_kind: AnswerKind, _text: &str) -> Option<String> {
    None
}

/// The cell that reads back as `value`, written as `cell`, with `note` moved to the notes: the cell's text
/// followed by the note in one of the forms the importer takes as an explanation (`Cache, mostly
/// sessions`), if reading it back gives exactly that.
#[cfg(feature = "import")]
pub(super) fn with_comment(kind: AnswerKind, value: &Value, cell: &CellValue, note: &str) -> Option<CellValue> {
    use crate::import::cells::{read_text, Outcome};
    let text = match cell {
        CellValue::Text(text) => text.clone(),
        CellValue::Number(n) => n.to_string(),
        CellValue::Date(date) => date.to_string(),
    };
    // The last candidate is the note alone: where reading kept the whole text as the note (`about 50 GB` reads
    // as 50 with its words kept), the text itself reads back so.
    [format!("{text}, {note}"), format!("{text} ({note})"), format!("{text} - {note}"), note.to_owned()]
        .into_iter()
        .find_map(|candidate| {
            let reading = read_text(kind, &candidate);
            let same = matches!(&reading.outcome, Outcome::Answered(read) if read == value);
            (same && reading.comment.as_deref() == Some(note)).then_some(CellValue::Text(candidate))
        })
}

/// Without the importer there is no telling how a cell reads back, so no explanation is written into one.
#[cfg(not(feature = "import"))]
pub(super) fn with_comment(_kind: AnswerKind, _value: &Value, _cell: &CellValue, _note: &str) -> Option<CellValue> {
    None
}

/// The height of a row whose cells hold `texts` in columns of the given widths, in points.
///
/// Spreadsheet applications differ on whether they fit wrapped rows when opening a file (LibreOffice does
/// not), so rows get an explicit height estimated from their text: a column of width `w` holds a little
/// more than `w` characters of running text per line (the width counts digit widths, and most letters are
/// narrower), and a line of the default font takes 15 points. Resizing rows stays allowed.
pub(super) fn row_height<'a>(texts: impl IntoIterator<Item = (&'a str, u16)>, min_lines: usize) -> f64 {
    let lines = texts
        .into_iter()
        .map(|(text, width)| {
            let per_line = (usize::from(width) * 23 / 20).max(1);
            text.split('\n').map(|line| line.chars().count().div_ceil(per_line).max(1)).sum::<usize>()
        })
        .fold(min_lines.max(1), usize::max);
    lines as f64 * 15.0
}

pub(super) fn column_width(header: &str, kind: AnswerKind) -> u16 {
    match (header, kind) {
        (_, AnswerKind::Date) => 14,
        (_, AnswerKind::SizeGb) => 14,
        (_, AnswerKind::Choice(_)) => 30,
        ("Name" | "Milestone", _) => 34,
        ("Notes" | "Success criteria" | "Purpose", _) => 50,
        _ => 30,
    }
}

#[cfg(all(test, feature = "import"))]
mod tests {
    use super::*;

    fn typed(iso: &str) -> String {
        iso.parse::<IsoDuration>().unwrap().typed()
    }

    #[test]
    fn values_are_written_in_the_forms_the_contract_reads() {
        assert_eq!(typed("PT15M"), "15 min");
        assert_eq!(typed("PT4H"), "4 h");
        assert_eq!(typed("P1D"), "1 day");
        assert_eq!(typed("P2D"), "2 days");
        assert_eq!(typed("PT0S"), "0");
        assert_eq!(typed("P1DT12H"), "36 h");
        assert_eq!(typed("PT90M"), "PT90M", "a duration not in shortest form stays as written");
        assert_eq!(typed("PT1.5S"), "PT1.5S");
        assert_eq!(typed("P1M"), "P1M");
        assert_eq!(size_text(2000.0), "2 TB");
        assert_eq!(size_text(5800.0), "5800 GB");
        assert_eq!(size_text(800.0), "800 GB");
        assert_eq!(size_text(0.5), "0.5 GB");
        let compute = AnswerKind::Choices(&crate::profile::ComputeApproach::SET);
        let one = serde_json::json!(["paas_web"]);
        assert_eq!(cell_value(compute, &one), Some(CellValue::Text("paas_web".into())), "no comma to split on");
        assert_eq!(cell_value(AnswerKind::Percent, &serde_json::json!(0.5)), Some(CellValue::Text("0.5 %".into())));
        let list = |items: serde_json::Value| cell_value(AnswerKind::List, &items);
        assert_eq!(list(serde_json::json!(["AKS", "Helm"])), Some(CellValue::Text("AKS\nHelm".into())));
        assert_eq!(
            list(serde_json::json!(["Kubernetes, managed"])),
            Some(CellValue::Text("Kubernetes, managed;".into()))
        );
        // Items that start like a bullet or a number keep it: the importer strips one.
        for item in ["0. a", "- dash", "• dot", "12) twelve", "1.5 GB", "123. no", "2)x"] {
            let Some(CellValue::Text(cell)) = list(serde_json::json!([item, "other"])) else { panic!() };
            let read = crate::import::cells::read_text(AnswerKind::List, &cell).outcome;
            assert!(
                matches!(&read, crate::import::cells::Outcome::Answered(v) if v == &serde_json::json!([item, "other"])),
                "{item:?} reads back as {read:?}"
            );
        }
    }
}
