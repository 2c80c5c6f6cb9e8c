//! The questionnaire version a workbook was made from. The template writes `Questionnaire version 1.0.0`
//! into a hidden cell above the Profile sheet's header row (and into a custom document property, which the
//! spreadsheet readers do not expose); this reads the cell back into the profile's `questionnaire_version`,
//! and warns when the workbook comes from a newer questionnaire than this tool's.

use serde_json::Value;

use super::layout::normalise;
use super::workbook::{cell_ref, CellValue, Workbook};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::profile::{QUESTIONNAIRE_VERSION_LABEL, SCHEMA_VERSION};

/// How far down the Profile sheet the version may stand: above the header row, which stands near the top.
const SEARCH_ROWS: u32 = 30;

/// Records the questionnaire version of `workbook` in the profile document `json`, and warns in
/// `diagnostics` when it is newer than this tool's. A workbook without one is left as it is.
pub(crate) fn stamp(workbook: &Workbook, file: &str, json: &mut Value, diagnostics: &mut Vec<Diagnostic>) {
    let Some((version, row, col)) = find(workbook) else { return };
    if let Some(root) = json.as_object_mut() {
        root.insert("questionnaire_version".to_owned(), Value::String(version.clone()));
    }
    if newer(&version, SCHEMA_VERSION) {
        let location = Location { file: file.to_owned(), sheet: "Profile".to_owned(), cell: cell_ref(row, col) };
        diagnostics.push(
            Diagnostic::new(
                Code::NewerQuestionnaire,
                format!(
                    "the workbook was made from questionnaire version {version}, newer than this tool's \
                     {SCHEMA_VERSION}"
                ),
            )
            .at(Some(location)),
        );
    }
}

/// The version the Profile sheet records, with its cell.
fn find(workbook: &Workbook) -> Option<(String, u32, u32)> {
    let sheet = workbook.sheets.iter().find(|s| normalise(&s.name) == "profile")?;
    let label = QUESTIONNAIRE_VERSION_LABEL.to_lowercase();
    sheet.cells.iter().filter(|c| c.row < SEARCH_ROWS).find_map(|cell| {
        let CellValue::Text(text) = &cell.value else { return None };
        let text = text.trim();
        let rest = text.get(..label.len()).filter(|head| head.eq_ignore_ascii_case(&label))?;
        let version = text[rest.len()..].trim();
        let plausible = !version.is_empty()
            && version.len() <= 32
            && version.starts_with(|c: char| c.is_ascii_digit())
            && !version.contains(char::is_whitespace);
        plausible.then(|| (version.to_owned(), cell.row, cell.col))
    })
}

/// Whether version `a` is newer than `b`, comparing the leading number of each dotted part (`1.10.0` is newer
/// than `1.9.2`; a missing part counts as 0).
fn newer(a: &str, b: &str) -> bool {
    fn parts(v: &str) -> Vec<u64> {
        let mut parts: Vec<u64> = v
            .split('.')
            .map(|p| p.chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap_or(0))
            .collect();
        while parts.last() == Some(&0) {
            parts.pop();
        }
        parts
    }
    parts(a) > parts(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(cells: &[(u32, u32, &str)]) -> Workbook {
        Workbook::of_profile_cells(
            cells.iter().map(|&(row, col, text)| (row, col, CellValue::Text(text.to_owned()))),
            false,
        )
    }

    fn stamped(cells: &[(u32, u32, &str)]) -> (Value, Vec<Diagnostic>) {
        let mut json = serde_json::json!({});
        let mut diagnostics = Vec::new();
        stamp(&workbook(cells), "q.xlsx", &mut json, &mut diagnostics);
        (json, diagnostics)
    }

    #[test]
    fn the_version_is_read_from_the_cell_above_the_header() {
        let (json, diagnostics) = stamped(&[(0, 0, "Questionnaire version 1.0.0"), (2, 3, "Answer")]);
        assert_eq!(json["questionnaire_version"], "1.0.0");
        assert!(diagnostics.is_empty());
        let (json, _) = stamped(&[(0, 0, "  questionnaire VERSION 0.9 ")]);
        assert_eq!(json["questionnaire_version"], "0.9");
    }

    #[test]
    fn a_workbook_without_a_version_is_left_as_it_is() {
        for cells in [&[][..], &[(0, 1, "Technical discovery questionnaire")], &[(0, 0, "Questionnaire version")]] {
            let (json, diagnostics) = stamped(cells);
            assert_eq!(json, serde_json::json!({}), "{cells:?}");
            assert!(diagnostics.is_empty());
        }
        // Far below the header it is an answer, not the version.
        assert_eq!(stamped(&[(40, 0, "Questionnaire version 1.0.0")]).0, serde_json::json!({}));
    }

    #[test]
    fn a_newer_version_is_warned_about_at_its_cell() {
        let (json, diagnostics) = stamped(&[(0, 0, "Questionnaire version 1.1.0")]);
        assert_eq!(json["questionnaire_version"], "1.1.0");
        let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            [format!(
                "warning[newer-questionnaire]: Profile!A1: the workbook was made from questionnaire version 1.1.0, \
                 newer than this tool's {SCHEMA_VERSION}"
            )]
        );
    }

    #[test]
    fn versions_compare_by_their_numbers() {
        assert!(newer("1.10.0", "1.9.2"));
        assert!(newer("2", "1.9"));
        assert!(!newer("1.0", "1.0.0"));
        assert!(!newer("0.9.9", "1.0.0"));
        assert!(newer("1.0.1-beta", "1.0.0"));
    }
}
