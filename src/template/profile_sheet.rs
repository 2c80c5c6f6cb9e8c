//! The Profile sheet: a title, an instruction, the header row and one row per question in catalogue order,
//! the answers (when filled) in the tinted, unlocked Answer column, and any text that matched no question
//! below the questions.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Worksheet, XlsxError};

use super::cells::{answer_value, notes_beside, row_height, write_value, CellValue};
use super::extra_text::{write_row, ExtraColumns, RowCells};
use super::lists::OptionLists;
use super::style::{
    date_input_cell, header_format, importance_color, importance_label, input_cell, marked, profile_cell, protection,
    subtitle_format, title_format, write_note,
};
use super::*;
use crate::profile::catalogue::profile_sheet_questions;
use crate::profile::{
    AnswerKind, Answers, ExtraText, Importance, Question, Section, QUESTIONNAIRE_VERSION_LABEL, SCHEMA_VERSION,
};

pub(super) fn profile_sheet(
    sheet: &mut Worksheet,
    options: &TemplateOptions,
    lists: &OptionLists,
    answers: Option<&Answers>,
    marks: &BTreeMap<String, Mark>,
) -> Result<(), XlsxError> {
    sheet.set_name("Profile")?;
    for (column, width) in PROFILE_WIDTHS.into_iter().enumerate() {
        sheet.set_column_width(column as u16, width)?;
    }
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(PROFILE_HEADER_ROW, PROFILE_HEADER_ROW)?;
    // The key is for the importer, not for people; hiding it keeps vendors from editing it by accident.
    sheet.set_column_hidden(COL_KEY)?;

    sheet.write_string_with_format(0, COL_SECTION, options.title(), &title_format())?;
    // The questionnaire's version, where the importer looks for it: in the hidden Key column, above the
    // header row, so that it travels with the sheet through any spreadsheet program and into a CSV export.
    sheet.write_string(0, COL_KEY, format!("{QUESTIONNAIRE_VERSION_LABEL} {SCHEMA_VERSION}"))?;
    sheet.set_row_height(0, 24)?;
    sheet.write_string_with_format(
        1,
        COL_SECTION,
        "Answer in the tinted Answer column, one item per line where a question asks for several; write N/A where a \
         question does not apply and TBD where you do not know yet. The Instructions sheet explains the rest.",
        &subtitle_format(),
    )?;
    for (column, header) in PROFILE_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(PROFILE_HEADER_ROW, column as u16, *header, &header_format())?;
    }
    // What the vendor wrote in columns of their own comes back in columns right of the questionnaire's.
    let extras = |q: &Question| answers.and_then(|a| a.profile().extras.get(q.key)).map_or(&[][..], Vec::as_slice);
    let extra_columns = ExtraColumns::new(PROFILE_HEADERS.len() as u16, profile_sheet_questions().map(extras));
    extra_columns.write_headers(sheet, PROFILE_HEADER_ROW, &header_format())?;
    sheet.set_row_height(PROFILE_HEADER_ROW, 20)?;
    sheet.set_freeze_panes(PROFILE_HEADER_ROW + 1, 0)?;

    let mut row = PROFILE_HEADER_ROW + 1;
    let mut section: Option<Section> = None;
    let mut band = 0;
    for question in profile_sheet_questions() {
        let first = section != Some(question.section);
        if first && section.is_some() {
            band += 1;
        }
        section = Some(question.section);
        let mark = marks.get(question.key);
        question_row(sheet, row, question, band, first, lists, answers, mark, (extras(question), &extra_columns))?;
        row += 1;
    }

    if let Some(answers) = answers {
        // Text that matched no question goes below the questions, so that a round trip keeps it.
        let unmatched = &answers.profile().unmatched;
        for (i, item) in unmatched.iter().enumerate() {
            let first = i == 0;
            let cell = profile_cell(band + 1, first);
            sheet.write_string_with_format(row, COL_KEY, &item.key, &cell)?;
            sheet.write_string_with_format(row, COL_SECTION, "Not in this questionnaire", &cell.clone().set_bold())?;
            sheet.write_string_with_format(row, COL_QUESTION, &item.question, &cell)?;
            sheet.write_string_with_format(row, COL_ANSWER, &item.answer, &input_cell(first))?;
            sheet.write_string_with_format(row, COL_NOTES, &item.notes, &input_cell(first))?;
            sheet.write_blank(row, COL_IMPORTANCE, &cell)?;
            sheet.write_blank(row, COL_GUIDANCE, &cell)?;
            let texts = [
                (item.question.as_str(), PROFILE_WIDTHS[COL_QUESTION as usize]),
                (item.answer.as_str(), PROFILE_WIDTHS[COL_ANSWER as usize]),
                (item.notes.as_str(), PROFILE_WIDTHS[COL_NOTES as usize]),
            ];
            sheet.set_row_height(row, row_height(texts, 1))?;
            row += 1;
        }
    }

    sheet.protect_with_options(&protection(false));
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn question_row(
    sheet: &mut Worksheet,
    row: u32,
    question: &Question,
    band: usize,
    first: bool,
    lists: &OptionLists,
    answers: Option<&Answers>,
    mark: Option<&Mark>,
    (extras, extra_columns): (&[ExtraText], &ExtraColumns),
) -> Result<(), XlsxError> {
    let cell = profile_cell(band, first);
    let guidance_format = cell.clone().set_font_color(Color::RGB(0x595959)).set_italic();
    let importance = cell.clone().set_font_color(importance_color(question.importance));
    let importance = if question.importance == Importance::Required { importance.set_bold() } else { importance };
    let section = if first { cell.clone().set_bold() } else { cell.clone().set_font_color(Color::RGB(0x7F7F7F)) };

    sheet.write_string_with_format(row, COL_KEY, question.key, &cell)?;
    sheet.write_string_with_format(row, COL_SECTION, question.section.title(), &section)?;
    sheet.write_string_with_format(row, COL_QUESTION, question.text, &cell)?;
    sheet.write_string_with_format(row, COL_IMPORTANCE, importance_label(question.importance), &importance)?;
    sheet.write_string_with_format(row, COL_GUIDANCE, question.kind.guidance(), &guidance_format)?;

    let (input, date_input) = (marked(&input_cell(first), mark), marked(&date_input_cell(first), mark));
    let value = answers.and_then(|a| answer_value(a, question.key, question.kind, a.value(question.key)));
    let note = answers.and_then(|a| notes_beside(a, question.key, question.kind, value.as_ref()));
    match &value {
        Some(value) => write_value(sheet, row, COL_ANSWER, value, &input, &date_input)?,
        None => {
            sheet.write_blank(row, COL_ANSWER, if question.kind == AnswerKind::Date { &date_input } else { &input })?;
        }
    };
    if let Some(mark) = mark {
        write_note(sheet, row, COL_ANSWER, mark)?;
    }
    match note {
        Some(note) => sheet.write_string_with_format(row, COL_NOTES, note, &input_cell(first))?,
        None => sheet.write_blank(row, COL_NOTES, &input_cell(first))?,
    };

    // A blank questionnaire leaves two lines for every answer, so it reads as a form to fill in.
    let guidance = question.kind.guidance();
    let answer = match &value {
        Some(CellValue::Text(text)) => text.as_str(),
        _ => "",
    };
    let texts = [
        (question.text, PROFILE_WIDTHS[COL_QUESTION as usize]),
        (guidance.as_str(), PROFILE_WIDTHS[COL_GUIDANCE as usize]),
        (answer, PROFILE_WIDTHS[COL_ANSWER as usize]),
        (note.unwrap_or(""), PROFILE_WIDTHS[COL_NOTES as usize]),
    ];
    sheet.set_row_height(row, row_height(texts, if answers.is_some() { 1 } else { 2 }))?;

    if let Some(validation) = lists.validation(question.kind)? {
        sheet.add_data_validation(row, COL_ANSWER, row, COL_ANSWER, &validation)?;
    }

    // The vendor's comments go on the Notes cell first; the answer cell keeps a mark's note alone.
    let mut free = vec![COL_NOTES, COL_QUESTION, COL_SECTION, COL_GUIDANCE, COL_IMPORTANCE];
    if mark.is_none() {
        free.insert(1, COL_ANSWER);
    }
    let mut texts = vec![
        (COL_NOTES, note.unwrap_or(""), input_cell(first)),
        (COL_QUESTION, question.text, cell.clone()),
        (COL_SECTION, question.section.title(), section),
        (COL_GUIDANCE, guidance.as_str(), guidance_format),
        (COL_IMPORTANCE, importance_label(question.importance), importance),
    ];
    // Links go on the answer first, where the vendor put them, when it is written as text.
    if let Some(CellValue::Text(text)) = &value {
        texts.insert(0, (COL_ANSWER, text.as_str(), input));
    }
    write_row(sheet, row, extras, extra_columns, RowCells { texts, free })?;
    Ok(())
}

#[cfg(all(test, feature = "import"))]
mod tests {
    use super::*;
    use crate::template::testing::*;

    #[test]
    fn the_profile_sheet_has_the_header_row_and_one_row_per_question() {
        let bytes =
            write_template(&TemplateOptions { program_name: Some("Contoso ISV Program".into()), ..Default::default() })
                .unwrap();
        let profile = sheet(&bytes, "Profile");
        assert_eq!(text(&profile, 0, COL_SECTION), "Contoso ISV Program: technical discovery questionnaire");
        let headers: Vec<String> = (0..7).map(|c| text(&profile, PROFILE_HEADER_ROW, c)).collect();
        assert_eq!(headers, PROFILE_HEADERS);
        let mut row = PROFILE_HEADER_ROW + 1;
        for q in profile_sheet_questions() {
            assert_eq!(text(&profile, row, COL_KEY), q.key);
            assert_eq!(text(&profile, row, COL_SECTION), q.section.title());
            assert_eq!(text(&profile, row, COL_QUESTION), q.text);
            assert_eq!(text(&profile, row, COL_ANSWER), "", "{} must be blank", q.key);
            assert_eq!(text(&profile, row, COL_IMPORTANCE), importance_label(q.importance));
            assert_eq!(text(&profile, row, COL_GUIDANCE), q.kind.guidance());
            row += 1;
        }
        assert_eq!(text(&profile, row, COL_KEY), "", "nothing follows the last question");
    }

    #[test]
    fn the_key_column_is_hidden_and_only_answers_and_notes_are_unlocked() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        let xml = part(&bytes, "xl/worksheets/sheet2.xml");
        assert_eq!(attribute(&xml, "<col min=\"1\" max=\"1\"", "hidden").as_deref(), Some("1"));
        assert!(xml.contains("<sheetProtection "), "the Profile sheet is protected");
        assert!(!xml.contains("password="), "without a password");
        assert_eq!(attribute(&xml, "<sheetProtection ", "formatColumns").as_deref(), Some("0"));
        for cell in ["D4", "E4", "D72", "E72"] {
            assert!(unlocked(&bytes, &xml, cell), "{cell} takes input");
        }
        for cell in ["A4", "B4", "C4", "F4", "G4", "D3"] {
            assert!(!unlocked(&bytes, &xml, cell), "{cell} is locked");
        }
        let components = part(&bytes, "xl/worksheets/sheet3.xml");
        assert!(components.contains("<sheetProtection "));
        assert!(unlocked(&bytes, &components, "A2"));
        assert!(!unlocked(&bytes, &components, "A1"));
    }

    #[test]
    fn the_questionnaire_version_stands_in_the_hidden_key_column_above_the_header() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        let profile = sheet(&bytes, "Profile");
        assert_eq!(text(&profile, 0, COL_KEY), format!("Questionnaire version {SCHEMA_VERSION}"));
        let custom = part(&bytes, "docProps/custom.xml");
        assert!(custom.contains("name=\"Questionnaire version\""), "{custom}");
        assert!(custom.contains(&format!("<vt:lpwstr>{SCHEMA_VERSION}</vt:lpwstr>")), "{custom}");
    }
}
