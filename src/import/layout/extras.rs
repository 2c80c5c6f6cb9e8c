//! Everything else the vendor wrote on an answer sheet, kept with its question or table row
//! ([`Profile::extras`](crate::profile::Profile::extras)): text in columns the questionnaire does not read,
//! cell comments and notes, and hyperlink targets the cell does not show, less the notes the follow-up
//! workbook itself put on the cells it marks ([`note`]). And how a cell reads as the vendor sees it: a number
//! formatted as a percentage or a time is the text the spreadsheet shows.

use std::collections::BTreeMap;

use crate::follow_up::note;
use crate::import::cells::{self, CellValue};
use crate::import::workbook::{sheet_cell_ref, Annotation, AnnotationKind, Cell, Sheet};
use crate::profile::{ExtraSource, ExtraText};

/// A cell's value as the vendor sees it: a number the file shows as a percentage is that percentage
/// (`120 %`, not the stored 1.2), and one it shows as a time or a duration is the clock text (`0:15`, not
/// the stored day fraction 0.0104166…), which only the file's format can tell.
pub(super) fn shown(cell: &Cell) -> CellValue {
    match cell.value {
        CellValue::Number(fraction) if cell.percent => {
            let percent = (fraction * 100.0 * 1e9).round() / 1e9;
            CellValue::Text(format!("{percent} %"))
        }
        CellValue::Number(days) if cell.time => clock_text(days).map_or_else(|| cell.value.clone(), CellValue::Text),
        _ => cell.value.clone(),
    }
}

/// A day fraction as a spreadsheet shows a time or a duration: hours (past 24 for a duration), minutes,
/// and seconds when there are any (`0:15`, `4:00`, `36:00`, `0:00:30`, `-1:30`).
fn clock_text(days: f64) -> Option<String> {
    // Beyond a million hours a number is no clock reading; show it as the number it is.
    if !days.is_finite() || days.abs() > 1e6 / 24.0 {
        return None;
    }
    let seconds = (days.abs() * 86_400.0).round() as u64;
    let sign = if days < 0.0 && seconds > 0 { "-" } else { "" };
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    Some(match seconds {
        0 => format!("{sign}{hours}:{minutes:02}"),
        _ => format!("{sign}{hours}:{minutes:02}:{seconds:02}"),
    })
}

/// The text of a cell as the vendor sees it, trimmed; empty for an empty cell.
pub(super) fn shown_text(cell: Option<&Cell>) -> String {
    match cell {
        None => String::new(),
        // Text is shown as it is: trimmed straight from the cell, rather than copied twice on the way.
        Some(Cell { value: CellValue::Text(text) | CellValue::Error(text), .. }) => text.trim().to_owned(),
        Some(c) => cells::raw_text(&shown(c)).trim().to_owned(),
    }
}

/// A sheet's cells and annotations by row, built once: sheets may hold thousands of rows.
pub(super) struct Rows<'s> {
    pub(super) sheet: &'s Sheet,
    /// What the follow-up workbook's notes ask, to tell our words from the vendor's.
    asked: &'s note::Asked,
    pub(super) cells: BTreeMap<u32, &'s [Cell]>,
    pub(super) annotations: BTreeMap<u32, Vec<&'s Annotation>>,
}

impl<'s> Rows<'s> {
    pub(super) fn new(sheet: &'s Sheet, asked: &'s note::Asked) -> Self {
        // The sheet's cells are sorted by row: each row is a slice of them.
        let cells = sheet.cells.chunk_by(|a, b| a.row == b.row).map(|row| (row[0].row, row)).collect();
        let mut annotations: BTreeMap<u32, Vec<&Annotation>> = BTreeMap::new();
        for annotation in &sheet.annotations {
            annotations.entry(annotation.row).or_default().push(annotation);
        }
        Rows { sheet, asked, cells, annotations }
    }

    /// The rows below `header` that hold a cell or an annotation, in order.
    pub(super) fn below(&self, header: u32) -> Vec<u32> {
        let mut rows: Vec<u32> =
            self.cells.keys().chain(self.annotations.keys()).copied().filter(|&r| r > header).collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The other text of one row: each non-empty cell in a column `keep` accepts (given the column and the
    /// cell's text as the vendor sees it), named by its header in `headers`; then the row's comments, and
    /// the targets of its links that their cells do not show.
    pub(super) fn extras(
        &self,
        row: u32,
        headers: &BTreeMap<u32, String>,
        mut keep: impl FnMut(u32, &str) -> bool,
    ) -> Vec<ExtraText> {
        let mut out = Vec::new();
        for cell in self.cells.get(&row).copied().into_iter().flatten() {
            let text = shown_text(Some(cell));
            if text.is_empty() || !keep(cell.col, &text) {
                continue;
            }
            let mut extra = ExtraText::new(ExtraSource::Column, self.cell(row, cell.col), text);
            extra.column = headers.get(&cell.col).filter(|h| !h.is_empty()).cloned();
            out.push(extra);
        }
        out.extend(self.annotations_of(row));
        out
    }

    /// The comments of a row, and the targets of its links that their cells do not show.
    pub(super) fn annotations_of(&self, row: u32) -> Vec<ExtraText> {
        let mut out = Vec::new();
        for annotation in self.annotations.get(&row).into_iter().flatten() {
            let cell = self.cell(annotation.row, annotation.col);
            match annotation.kind {
                AnnotationKind::Comment => {
                    // The follow-up workbook's own notes ask the vendor; they are not the vendor's comments.
                    // What the vendor added to one is theirs, but its author is the note's, not theirs.
                    let Some(text) = note::vendor_text(&annotation.text, self.asked) else { continue };
                    let ours = text != annotation.text;
                    let mut extra = ExtraText::new(ExtraSource::Comment, cell, text);
                    extra.author = annotation.author.clone().filter(|a| !(ours && a == note::NOTE_AUTHOR));
                    out.push(extra);
                }
                AnnotationKind::Link => {
                    let shows = shown_text(self.sheet.get_cell(annotation.row, annotation.col));
                    if !shows_target(&shows, &annotation.text) {
                        out.push(ExtraText::new(ExtraSource::Link, cell, annotation.text.clone()));
                    }
                }
            }
        }
        out
    }

    /// `Sheet!D14`.
    fn cell(&self, row: u32, col: u32) -> String {
        sheet_cell_ref(&self.sheet.name, row, col)
    }
}

/// Whether a cell's text already is its link's target (`https://x.org` for `https://x.org/`, `jane@x.org`
/// for `mailto:jane@x.org`), so the link adds nothing.
fn shows_target(shown: &str, target: &str) -> bool {
    let tidy = |s: &str| {
        let s = s.trim().trim_end_matches('/');
        let s = s.strip_prefix("mailto:").unwrap_or(s);
        s.to_lowercase()
    };
    !shown.trim().is_empty() && tidy(shown) == tidy(target)
}

/// Extra text as a line of an unmatched row's notes (`Owner: Jane`, `Comment by Jane: ...`, `Link: ...`),
/// where it has no question to be kept with.
pub(super) fn note_line(extra: &ExtraText) -> String {
    match extra.from {
        ExtraSource::Column => match &extra.column {
            Some(header) => format!("{header}: {}", extra.text),
            None => extra.text.clone(),
        },
        ExtraSource::Comment => match &extra.author {
            Some(author) => format!("Comment by {author}: {}", extra.text),
            None => format!("Comment: {}", extra.text),
        },
        ExtraSource::Link => format!("Link: {}", extra.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_texts() {
        assert_eq!(clock_text(15.0 / 1440.0).as_deref(), Some("0:15"));
        assert_eq!(clock_text(4.0 / 24.0).as_deref(), Some("4:00"));
        assert_eq!(clock_text(1.5).as_deref(), Some("36:00"));
        assert_eq!(clock_text(30.0 / 86_400.0).as_deref(), Some("0:00:30"));
        assert_eq!(clock_text(-1.5 / 24.0).as_deref(), Some("-1:30"));
        assert_eq!(clock_text(0.0).as_deref(), Some("0:00"));
        assert_eq!(clock_text(f64::NAN), None);
        assert_eq!(clock_text(1e9), None);
    }

    #[test]
    fn a_cell_reads_as_the_vendor_sees_it() {
        let cell = |value: f64, percent: bool, time: bool| Cell {
            row: 0,
            col: 0,
            value: CellValue::Number(value),
            percent,
            time,
        };
        assert_eq!(shown(&cell(0.0104166666666667, false, true)), CellValue::Text("0:15".into()));
        assert_eq!(shown(&cell(0.9995, true, false)), CellValue::Text("99.95 %".into()));
        assert_eq!(shown(&cell(0.0104166666666667, false, false)), CellValue::Number(0.0104166666666667));
    }

    #[test]
    fn a_link_that_its_cell_shows_adds_nothing() {
        assert!(shows_target("https://example.com", "https://example.com/"));
        assert!(shows_target("jane@example.com", "mailto:jane@example.com"));
        assert!(!shows_target("Our diagram", "https://example.com/d.pdf"));
        assert!(!shows_target("", "https://example.com/d.pdf"));
    }
}
