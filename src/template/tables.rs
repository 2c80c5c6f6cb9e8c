//! The table sheets (Components, Data stores, Engagements, Milestones): the catalogue's columns as the
//! header row, one row per item when filled, and formatted, unlocked rows to spare.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};
use serde_json::Value;

use super::cells::{answer_value, column_width, row_height, write_value, CellValue};
use super::lists::OptionLists;
use super::style::{header_format, protection, GRID};
use super::{TemplateOptions, VALIDATED_TABLE_ROWS};
use crate::profile::catalogue::Table;
use crate::profile::{AnswerKind, Answers};

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
    let formatted = rows.len() as u32 + options.table_rows;
    for row in 0..formatted {
        for (column, spec) in table.columns.iter().enumerate() {
            let (r, c) = (row + 1, column as u16);
            let value = rows.get(row as usize).and_then(|cells| cells.get(spec.field));
            match value {
                Some(value) => write_value(sheet, r, c, value, &input, &date_input)?,
                None if spec.kind == AnswerKind::Date => {
                    sheet.write_blank(r, c, &date_input)?;
                }
                None => {
                    sheet.write_blank(r, c, &input)?;
                }
            };
        }
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

/// The table's rows as cells by field, including rows the profile keeps only as recorded states.
fn filled_rows(answers: &Answers, table: &Table) -> Vec<BTreeMap<&'static str, CellValue>> {
    let items: &[Value] = answers.value(table.key).and_then(Value::as_array).map_or(&[], Vec::as_slice);
    let prefix = format!("{}[", table.key);
    let recorded = answers
        .profile()
        .answer_states
        .keys()
        .filter_map(|k| k.strip_prefix(&prefix)?.split_once(']')?.0.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0);
    (0..items.len().max(recorded))
        .map(|i| {
            table
                .columns
                .iter()
                .filter_map(|column| {
                    let value = items.get(i).and_then(|item| item.get(column.field));
                    let cell = answer_value(answers, &table_cell_key(table, i, column.field), column.kind, value)?;
                    Some((column.field, cell))
                })
                .collect()
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
}
