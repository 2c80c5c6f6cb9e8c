//! Where each answer stands in the questionnaire workbook: the Profile sheet's Answer cell of a question, or
//! a table sheet's cell of an item's column. The layout is fixed by the catalogue, so the place of a key is
//! known before anything is written; the follow-up workbook links its list of gaps to these cells.

use rust_xlsxwriter::utility::row_col_to_cell;

use super::{COL_ANSWER, PROFILE_HEADER_ROW};
use crate::profile::catalogue::{profile_sheet_questions, split_key, TABLES};

/// The cell that holds an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AnswerCell {
    /// The dotted key of the cell itself: the question's key, or a table cell's
    /// (`engagements[1].success_criteria`). A whole table or a whole row stands at its first cell.
    pub(crate) key: String,
    /// The sheet's name.
    pub(crate) sheet: &'static str,
    /// The 0-based row.
    pub(crate) row: u32,
    /// The 0-based column.
    pub(crate) col: u16,
}

impl AnswerCell {
    /// `Profile!D14`, as the profile's `sources` name a cell.
    pub(crate) fn reference(&self) -> String {
        format!("{}!{}", self.sheet, row_col_to_cell(self.row, self.col))
    }
}

/// The cell of the answer a dotted key names: a Profile sheet question (`meta.company_name`), a table cell
/// (`engagements[1].priority`), a table row (`engagements[1]`, its first cell) or a whole table
/// (`architecture.components`, the first cell of its first row). `None` for a key the questionnaire does
/// not have.
pub(crate) fn answer_cell(key: &str) -> Option<AnswerCell> {
    let (base, row, field) = split_key(key);
    if let Some(table) = TABLES.iter().find(|t| t.key == base) {
        let index = row.unwrap_or(0);
        let (col, column) = match field {
            Some(field) => table.columns.iter().enumerate().find(|(_, c)| c.field == field)?,
            None => (0, &table.columns[0]),
        };
        return Some(AnswerCell {
            key: format!("{}[{index}].{}", table.key, column.field),
            sheet: table.sheet,
            row: u32::try_from(index).ok()?.checked_add(1)?,
            col: col as u16,
        });
    }
    if row.is_some() {
        return None;
    }
    let position = profile_sheet_questions().position(|q| q.key == base)?;
    Some(AnswerCell {
        key: base.to_owned(),
        sheet: "Profile",
        row: PROFILE_HEADER_ROW + 1 + position as u32,
        col: COL_ANSWER,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(key: &str) -> Option<String> {
        answer_cell(key).map(|c| c.reference())
    }

    #[test]
    fn questions_stand_in_the_answer_column_and_table_cells_in_their_sheets() {
        assert_eq!(reference("meta.company_name").as_deref(), Some("Profile!D4"));
        assert_eq!(reference("engagements[1].success_criteria").as_deref(), Some("Engagements!D3"));
        assert_eq!(reference("engagements[1]").as_deref(), Some("Engagements!A3"));
        assert_eq!(reference("architecture.components").as_deref(), Some("Components!A2"));
        assert_eq!(answer_cell("architecture.components").unwrap().key, "architecture.components[0].name");
        assert_eq!(answer_cell("engagements[1]").unwrap().key, "engagements[1].type");
        assert_eq!(reference("no.such.key"), None);
        assert_eq!(reference("engagements[1].no_such_column"), None);
        assert_eq!(reference("meta.company_name[2]"), None);
    }

    #[test]
    fn every_profile_sheet_question_has_its_own_row() {
        let rows: std::collections::BTreeSet<u32> =
            profile_sheet_questions().map(|q| answer_cell(q.key).unwrap().row).collect();
        assert_eq!(rows.len(), profile_sheet_questions().count());
    }
}
