//! The table sheets (Components, Data stores, Engagements, Milestones): the catalogue's columns as the
//! header row, one row per item when filled, and formatted, unlocked rows to spare.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};
use serde_json::Value;

use super::cells::{answer_value, column_width, notes_beside, row_height, with_comment, write_value, CellValue};
use super::extra_text::{write_row, ExtraColumns, RowCells};
use super::lists::OptionLists;
use super::style::{header_format, marked, protection, write_note, GRID};
use super::{Mark, TemplateOptions, VALIDATED_TABLE_ROWS};
use crate::profile::catalogue::{split_key, Table};
use crate::profile::{AnswerKind, Answers, ExtraText};

/// The key under which `answer_states` records a table cell: `engagements[0].priority`, rows counted
/// from 0 like the profile JSON's arrays.
fn table_cell_key(table: &Table, row: usize, field: &str) -> String {
    format!("{}[{row}].{field}", table.key)
}

pub(super) fn table_sheet(
    sheet: &mut Worksheet,
    table: &Table,
    options: &TemplateOptions,
    lists: &OptionLists,
    answers: Option<&Answers>,
    marks: &BTreeMap<String, Mark>,
) -> Result<(), XlsxError> {
    sheet.set_name(table.sheet)?;
    let header = header_format();
    let input = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(GRID))
        .set_unlocked();
    let date_input = input.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    // Rows below the formatted ones take input too, for vendors with long lists.
    let spare = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_unlocked();
    let spare_date = spare.clone().set_num_format("yyyy-mm-dd");

    for (column, spec) in table.columns.iter().enumerate() {
        let column = column as u16;
        sheet.write_string_with_format(0, column, spec.header, &header)?;
        sheet.set_column_width(column, column_width(spec.header, spec.kind))?;
        let is_date = spec.kind == AnswerKind::Date;
        sheet.set_column_format(column, if is_date { &spare_date } else { &spare })?;
        if let Some(validation) = lists.validation(spec.kind)? {
            sheet.add_data_validation(1, column, VALIDATED_TABLE_ROWS, column, &validation)?;
        }
    }
    sheet.set_row_height(0, 20)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;

    let rows: Vec<BTreeMap<&str, CellValue>> = answers.map(|a| filled_rows(a, table)).unwrap_or_default();
    // What the vendor wrote beside each row: under the row's key (`engagements[1]`), or under the table's
    // own key for a table answered as a whole, whose one cell stands in the first row.
    let extras = |row: usize| -> &[ExtraText] {
        let Some(answers) = answers else { return &[] };
        let all = &answers.profile().extras;
        let whole = answers.profile().answer_states.contains_key(table.key) && row == 0;
        let key = if whole { table.key.to_owned() } else { format!("{}[{row}]", table.key) };
        all.get(&key).map_or(&[][..], Vec::as_slice)
    };
    let extra_columns = ExtraColumns::new(table.columns.len() as u16, (0..rows.len()).map(extras));
    extra_columns.write_headers(sheet, 0, &header)?;
    // Every marked cell gets its row, even beyond the rows offered for input.
    let marked_rows = marks.keys().filter_map(|key| match split_key(key) {
        (base, Some(row), _) if base == table.key => u32::try_from(row + 1).ok(),
        _ => None,
    });
    let formatted = marked_rows.fold(rows.len() as u32 + options.table_rows, u32::max);
    for row in 0..formatted {
        let mut row_cells = RowCells { texts: Vec::new(), free: Vec::new() };
        for (column, spec) in table.columns.iter().enumerate() {
            let (r, c) = (row + 1, column as u16);
            let value = rows.get(row as usize).and_then(|cells| cells.get(spec.field));
            let mark = marks.get(&table_cell_key(table, row as usize, spec.field));
            let (input, date_input) = (marked(&input, mark), marked(&date_input, mark));
            // The vendor's comments go on the Notes cell first, and never on a marked cell.
            match (mark, spec.field) {
                (Some(_), _) => {}
                (None, "notes") => row_cells.free.insert(0, c),
                (None, _) => row_cells.free.push(c),
            }
            if let Some(CellValue::Text(text)) = value {
                row_cells.texts.push((c, text.as_str(), input.clone()));
            }
            match value {
                Some(value) => write_value(sheet, r, c, value, &input, &date_input)?,
                None if spec.kind == AnswerKind::Date => {
                    sheet.write_blank(r, c, &date_input)?;
                }
                None => {
                    sheet.write_blank(r, c, &input)?;
                }
            };
            if let Some(mark) = mark {
                write_note(sheet, r, c, mark)?;
            }
        }
        write_row(sheet, row + 1, extras(row as usize), &extra_columns, row_cells)?;
        if let Some(cells) = rows.get(row as usize) {
            let texts = table.columns.iter().filter_map(|spec| match cells.get(spec.field) {
                Some(CellValue::Text(text)) => Some((text.as_str(), column_width(spec.header, spec.kind))),
                _ => None,
            });
            sheet.set_row_height(row + 1, row_height(texts, 1))?;
        }
    }

    sheet.protect_with_options(&protection(true));
    Ok(())
}

/// The table's rows as cells by field, including rows the profile keeps only as recorded states. A table
/// answered as a whole (`N/A` in its first cell, which the importer records under the table's own key)
/// is that one cell again.
fn filled_rows(answers: &Answers, table: &Table) -> Vec<BTreeMap<&'static str, CellValue>> {
    let items: &[Value] = answers.value(table.key).and_then(Value::as_array).map_or(&[], Vec::as_slice);
    if let (true, Some(whole)) = (items.is_empty(), answers.profile().answer_states.get(table.key)) {
        return vec![BTreeMap::from([(table.columns[0].field, CellValue::Text(whole.raw.clone()))])];
    }
    (0..answers.table_rows(table.key))
        .map(|i| {
            let mut cells = BTreeMap::new();
            // Explanations the vendor wrote beside a table cell's answer that the cell alone cannot carry.
            let mut aside = Vec::new();
            for column in table.columns {
                let key = table_cell_key(table, i, column.field);
                let value = items.get(i).and_then(|item| item.get(column.field));
                let Some(mut cell) = answer_value(answers, &key, column.kind, value) else { continue };
                // Reading a table cell moves an explanation after its answer ("Cache, mostly sessions") to the
                // notes under the cell's key; the cell is written so that reading it does that again.
                if let Some(note) = notes_beside(answers, &key, column.kind, Some(&cell)) {
                    let recorded = answers.profile().answer_states.contains_key(&key);
                    match value.filter(|_| !recorded).and_then(|v| with_comment(column.kind, v, &cell, note)) {
                        Some(commented) => cell = commented,
                        None => aside.push(format!("{}: {note}", column.header)),
                    }
                }
                cells.insert(column.field, cell);
            }
            // What no cell could carry goes to the row's Notes, under its column's name, rather than be lost.
            if let (false, Some(notes)) = (aside.is_empty(), table.column("notes")) {
                let mut text: Vec<String> = match cells.remove(notes.field) {
                    Some(CellValue::Text(existing)) => vec![existing],
                    _ => Vec::new(),
                };
                text.extend(aside);
                cells.insert(notes.field, CellValue::Text(text.join("\n")));
            }
            cells
        })
        .collect()
}

#[cfg(all(test, feature = "import"))]
mod tests {
    use super::*;
    use crate::profile::catalogue::TABLES;
    use crate::template::testing::*;
    use crate::template::write_template;

    #[test]
    fn the_table_sheets_have_the_catalogue_headers_in_row_1() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        for table in TABLES {
            let range = sheet(&bytes, table.sheet);
            let headers: Vec<String> = (0..table.columns.len() as u16).map(|c| text(&range, 0, c)).collect();
            let expected: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
            assert_eq!(headers, expected, "{}", table.sheet);
            assert_eq!(text(&range, 1, 0), "", "{} starts empty", table.sheet);
        }
    }

    /// A table cell whose reading kept the vendor's whole text as its note (`about 50 GB`) is written as that
    /// text, so that the follow-up workbook reads back to the same profile rather than gain a row note.
    #[test]
    fn a_table_cell_read_with_its_words_kept_reads_back_the_same() {
        let return_ = {
            let mut workbook = rust_xlsxwriter::Workbook::new();
            let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
            for (col, text) in ["Key", "Answer"].into_iter().enumerate() {
                sheet.write(0, col as u16, text).unwrap();
            }
            sheet.write(1, 0, "meta.company_name").unwrap();
            sheet.write(1, 1, "Fabrikam").unwrap();
            let sheet = workbook.add_worksheet().set_name("Data stores").unwrap();
            for (col, header) in ["Name", "Size"].into_iter().enumerate() {
                sheet.write(0, col as u16, header).unwrap();
            }
            sheet.write(1, 0, "Search index").unwrap();
            sheet.write(1, 1, "about 50 GB").unwrap();
            workbook.save_to_buffer().unwrap()
        };
        let converter = crate::Converter::new();
        let first = converter.import_bytes(&return_, "q.xlsx").unwrap().profile;
        let key = "architecture.data_stores[0].size";
        assert_eq!(first.notes.get(key).map(String::as_str), Some("about 50 GB"));
        let bytes = crate::template::write_filled(&first, &Default::default()).unwrap();
        let again = converter.import_bytes(&bytes, "follow-up.xlsx").unwrap().profile;
        assert_eq!(again.architecture.data_stores, first.architecture.data_stores);
        assert_eq!(again.notes, first.notes);
    }

    #[test]
    fn a_table_answered_as_a_whole_reads_back_as_a_whole() {
        use crate::profile::{AnswerState, Profile, RecordedState};
        let mut profile = Profile::default();
        let state = AnswerState::new(RecordedState::NotApplicable, "N/A");
        profile.answer_states.insert("architecture.data_stores".into(), state.clone());
        let bytes = crate::template::write_filled(&profile, &Default::default()).unwrap();
        assert_eq!(text(&sheet(&bytes, "Data stores"), 1, 0), "N/A");
        let imported = crate::Converter::new().import_bytes(&bytes, "q.xlsx").unwrap();
        assert_eq!(imported.profile.answer_states.get("architecture.data_stores"), Some(&state));
    }
}
