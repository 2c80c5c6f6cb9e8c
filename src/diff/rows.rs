//! Table rows of two returns matched to each other: components, data stores and milestones by their name,
//! engagements by their type and focus area, so that a row that moved, or one inserted above it, is not
//! read as a change of every row below.

use serde_json::{Map, Value};

use crate::profile::catalogue::{Column, Table};
use crate::profile::{Answers, State};

/// One cell of a table row: its state, and its value or the text as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cell {
    pub(super) state: State,
    pub(super) value: Option<Value>,
}

/// A table's rows as the profile holds them: the items of its array, and rows that exist only as recorded
/// states of their cells (an engagement whose every cell was unreadable).
pub(super) fn rows(answers: &Answers, table: &Table) -> Vec<Vec<Cell>> {
    let items: &[Value] = answers.value(table.key).and_then(Value::as_array).map_or(&[], Vec::as_slice);
    (0..answers.table_rows(table.key))
        .map(|i| {
            table
                .columns
                .iter()
                .map(|column| {
                    let key = cell_key(table, i, column);
                    let value = items.get(i).and_then(|item| item.get(column.field)).filter(|v| !v.is_null());
                    cell(answers, &key, value)
                })
                .collect()
        })
        .collect()
}

/// The key of a table cell: `engagements[1].priority`.
pub(super) fn cell_key(table: &Table, row: usize, column: &Column) -> String {
    format!("{}[{row}].{}", table.key, column.field)
}

/// An answer's state with its value, or with the text as written when its state is recorded.
pub(super) fn cell(answers: &Answers, key: &str, value: Option<&Value>) -> Cell {
    match answers.profile().answer_states.get(key) {
        Some(recorded) => Cell { state: recorded.state.into(), value: Some(Value::String(recorded.raw.clone())) },
        None => match value {
            Some(value) => Cell { state: State::Answered, value: Some(value.clone()) },
            None => Cell { state: State::Missing, value: None },
        },
    }
}

/// The row as one JSON object, each cell's value or text as written, for a row added or removed.
pub(super) fn row_value(table: &Table, row: &[Cell]) -> Value {
    let mut object = Map::new();
    for (column, cell) in table.columns.iter().zip(row) {
        if let Some(value) = &cell.value {
            object.insert(column.field.to_owned(), value.clone());
        }
    }
    Value::Object(object)
}

/// What identifies a row across returns: its name (components, data stores, milestones), or its type and
/// focus area (engagements), compared trimmed and without regard to case. Empty when the row has none.
fn identity(table: &Table, row: &[Cell]) -> String {
    let fields: &[&str] = if table.key == "engagements" { &["type", "focus_area"] } else { &[table.columns[0].field] };
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|field| table.columns.iter().position(|c| c.field == *field))
        .map(|i| match row.get(i).and_then(|c| c.value.as_ref()) {
            Some(Value::String(s)) => s.trim().to_lowercase(),
            Some(other) => other.to_string(),
            None => String::new(),
        })
        .collect();
    if parts.iter().all(String::is_empty) {
        String::new()
    } else {
        parts.join("\u{1f}")
    }
}

/// Pairs the rows of the old return with those of the new, as (old index, new index): first rows with the
/// same identity, in order; then the rows without one, in order. Rows left unpaired were removed or added.
pub(super) fn pair(table: &Table, old: &[Vec<Cell>], new: &[Vec<Cell>]) -> Vec<(usize, usize)> {
    let old_ids: Vec<String> = old.iter().map(|r| identity(table, r)).collect();
    let new_ids: Vec<String> = new.iter().map(|r| identity(table, r)).collect();
    let mut taken = vec![false; new.len()];
    let mut pairs = Vec::new();
    for (i, id) in old_ids.iter().enumerate().filter(|(_, id)| !id.is_empty()) {
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && new_ids[j] == *id) {
            taken[j] = true;
            pairs.push((i, j));
        }
    }
    let unnamed_new: Vec<usize> = (0..new.len()).filter(|&j| !taken[j] && new_ids[j].is_empty()).collect();
    let unnamed_old = old_ids.iter().enumerate().filter(|(_, id)| id.is_empty()).map(|(i, _)| i);
    pairs.extend(unnamed_old.zip(unnamed_new));
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::catalogue::{COMPONENTS, ENGAGEMENTS};

    fn row(table: &Table, texts: &[&str]) -> Vec<Cell> {
        table
            .columns
            .iter()
            .enumerate()
            .map(|(i, _)| match texts.get(i).filter(|t| !t.is_empty()) {
                Some(t) => Cell { state: State::Answered, value: Some(Value::String((*t).to_owned())) },
                None => Cell { state: State::Missing, value: None },
            })
            .collect()
    }

    #[test]
    fn rows_pair_by_name_whatever_their_order_case_and_spacing() {
        let old = [row(&COMPONENTS, &["API"]), row(&COMPONENTS, &["Web app"]), row(&COMPONENTS, &["Worker"])];
        let new = [row(&COMPONENTS, &["Gateway"]), row(&COMPONENTS, &[" web APP "]), row(&COMPONENTS, &["API"])];
        assert_eq!(pair(&COMPONENTS, &old, &new), [(0, 2), (1, 1)], "the worker went, the gateway came");
    }

    #[test]
    fn engagements_pair_by_type_and_focus_area_and_unnamed_rows_in_order() {
        let old = [
            row(&ENGAGEMENTS, &["deep_dive", "security", "high"]),
            row(&ENGAGEMENTS, &["deep_dive", "networking", "low"]),
            row(&ENGAGEMENTS, &["", "", "", "a criterion"]),
        ];
        let new = [
            row(&ENGAGEMENTS, &["", "", "medium", "another"]),
            row(&ENGAGEMENTS, &["deep_dive", "networking", "high"]),
            row(&ENGAGEMENTS, &["deep_dive", "cost", "high"]),
        ];
        assert_eq!(pair(&ENGAGEMENTS, &old, &new), [(1, 1), (2, 0)]);
    }

    #[test]
    fn rows_with_the_same_name_pair_in_order() {
        let old = [row(&COMPONENTS, &["API", "v1"]), row(&COMPONENTS, &["API", "v2"])];
        let new = [row(&COMPONENTS, &["API", "v2"]), row(&COMPONENTS, &["API", "v3"]), row(&COMPONENTS, &["API"])];
        assert_eq!(pair(&COMPONENTS, &old, &new), [(0, 0), (1, 1)]);
    }
}
