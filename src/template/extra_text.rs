//! What the vendor wrote beside the answers ([`Profile::extras`](crate::profile::Profile::extras)), written
//! back so that a filled or follow-up workbook keeps it and import reads it again: text in columns of their
//! own as extra columns under their headers, right of the questionnaire's; comments as cell notes with
//! their author; hyperlinks on a cell of the row that shows other text.
//!
//! Cells may move, but what comes back is the same. Comments go first on the row's Notes cell, then on
//! other cells of the row without a note (a marked cell keeps only its own note); links go on the row's
//! text cells, the answer first. A link that no cell can carry (no text cell left, or a target the
//! workbook cannot hold) is written as a comment `Link: <target>` rather than lost.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, FormatAlign, Note, Url, Worksheet, XlsxError};

use crate::profile::{ExtraSource, ExtraText};

/// The width of an extra column.
const WIDTH: u16 = 30;

/// Excel's limit on a note's author name, in UTF-16 units; a longer name goes into the note's text.
const MAX_AUTHOR: usize = 52;

/// The extra columns of one sheet: a column for each header the vendor used, as many of them as one row
/// needs (two columns both called `Comments` stay two).
pub(super) struct ExtraColumns {
    /// The first column right of the questionnaire's.
    first: u16,
    /// The headers, in order; `None` for a column without one.
    headers: Vec<Option<String>>,
}

impl ExtraColumns {
    /// The columns that the rows' extras need, from column `first` on.
    pub(super) fn new<'e>(first: u16, rows: impl IntoIterator<Item = &'e [ExtraText]>) -> Self {
        let mut headers: Vec<Option<String>> = Vec::new();
        for extras in rows {
            let mut seen: BTreeMap<&Option<String>, usize> = BTreeMap::new();
            for extra in extras.iter().filter(|e| e.from == ExtraSource::Column) {
                let nth = seen.entry(&extra.column).or_default();
                *nth += 1;
                if headers.iter().filter(|h| **h == extra.column).count() < *nth {
                    headers.push(extra.column.clone());
                }
            }
        }
        ExtraColumns { first, headers }
    }

    /// Writes the headers into row `row` in `format`, and sizes the columns.
    pub(super) fn write_headers(&self, sheet: &mut Worksheet, row: u32, format: &Format) -> Result<(), XlsxError> {
        for (i, header) in self.headers.iter().enumerate() {
            let col = self.first + i as u16;
            sheet.set_column_width(col, WIDTH)?;
            if let Some(header) = header {
                sheet.write_string_with_format(row, col, header, format)?;
            }
        }
        Ok(())
    }
}

/// The cells of one row that can carry the vendor's extra text.
pub(super) struct RowCells<'a> {
    /// Cells that show text, with their text and format, in the order links go on them.
    pub(super) texts: Vec<(u16, &'a str, Format)>,
    /// Cells without a note of their own, in the order comments go on them.
    pub(super) free: Vec<u16>,
}

/// Writes the extras of one row: column text into the extra columns, links onto its text cells, comments
/// as notes on its free cells (then on the extra columns' cells, then further right).
pub(super) fn write_row<'a>(
    sheet: &mut Worksheet,
    row: u32,
    extras: &'a [ExtraText],
    columns: &ExtraColumns,
    mut cells: RowCells<'a>,
) -> Result<(), XlsxError> {
    if extras.is_empty() {
        return Ok(());
    }
    // Text in the vendor's own columns: the n-th text under a header goes into the n-th column of that name.
    let input = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_unlocked();
    let mut used: Vec<u16> = Vec::new();
    let mut comments: Vec<(String, Option<&str>)> = Vec::new();
    for extra in extras.iter().filter(|e| e.from == ExtraSource::Column) {
        let col = (0..columns.headers.len())
            .filter(|i| columns.headers[*i] == extra.column)
            .map(|i| columns.first + i as u16)
            .find(|col| !used.contains(col));
        let Some(col) = col else {
            // The columns were counted from these same extras; should one be missing all the same, the text
            // is kept as a note.
            let header = extra.column.as_deref().map_or(String::new(), |h| format!("{h}: "));
            comments.push((format!("{header}{}", extra.text), None));
            continue;
        };
        used.push(col);
        sheet.write_string_with_format(row, col, &extra.text, &input)?;
        cells.texts.push((col, &extra.text, input.clone()));
    }
    let beyond = columns.first + columns.headers.len() as u16;
    cells.free.extend(columns.first..beyond);

    let mut linked: Vec<u16> = Vec::new();
    for extra in extras.iter().filter(|e| e.from == ExtraSource::Link) {
        let target = extra.text.as_str();
        let cell = cells.texts.iter().find(|(col, text, _)| !linked.contains(col) && shows_other(text, target));
        let written = match cell {
            Some((col, text, format)) => {
                // The writer checks the target before it writes anything, so a failure leaves the cell as it is.
                let url = Url::new(url_of(target)).set_text(*text);
                sheet.write_url_with_format(row, *col, url, format).map(|_| *col).ok()
            }
            None => None,
        };
        match written {
            Some(col) => linked.push(col),
            None => comments.push((format!("Link: {target}"), None)),
        }
    }
    for extra in extras.iter().filter(|e| e.from == ExtraSource::Comment) {
        comments.push((extra.text.clone(), extra.author.as_deref()));
    }

    let mut free = cells.free.into_iter().chain(beyond..);
    for (text, author) in comments {
        let Some(col) = free.next() else { break };
        let note = match author {
            // As Excel writes a note: the author's name on its first line, which keeps it when a program
            // drops the author (LibreOffice does), and which import reads apart from the text again.
            Some(author) if author.encode_utf16().count() <= MAX_AUTHOR => Note::new(&text).set_author(author),
            Some(author) => Note::new(format!("{author}:\n{text}")).add_author_prefix(false),
            None => {
                // A note without an author would name the sheet's default one, `Author`.
                sheet.set_default_note_author("");
                Note::new(&text).add_author_prefix(false)
            }
        };
        sheet.insert_note(row, col, &note.set_width(300).set_height(note_height(&text)))?;
    }
    Ok(())
}

/// The height of a note 300 pixels wide that shows `text`: about 45 characters a line, 15 pixels each.
fn note_height(text: &str) -> u32 {
    let lines: usize = text.split('\n').map(|line| line.chars().count().div_ceil(45).max(1)).sum();
    (lines as u32 * 15 + 27).clamp(60, 600)
}

/// Whether a cell showing `shown` can carry a link to `target` that import reads as extra text again: it
/// shows something, and not the target itself (import takes such a link as adding nothing).
fn shows_other(shown: &str, target: &str) -> bool {
    let tidy = |s: &str| {
        let s = s.trim().trim_end_matches('/');
        s.strip_prefix("mailto:").unwrap_or(s).to_lowercase()
    };
    !shown.trim().is_empty() && tidy(shown) != tidy(target)
}

/// A link's target as the workbook writer takes it: a web or mail address as it is, a place in the workbook
/// (`Diagram!A1`) as an internal link, anything else as a file.
fn url_of(target: &str) -> String {
    if target.contains("://") || target.starts_with("mailto:") {
        target.to_owned()
    } else if target.contains('!') {
        format!("internal:{target}")
    } else {
        format!("file:///{target}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(header: Option<&str>, text: &str) -> ExtraText {
        let mut extra = ExtraText::new(ExtraSource::Column, "Profile!H4", text);
        extra.column = header.map(str::to_owned);
        extra
    }

    #[test]
    fn each_header_gets_as_many_columns_as_one_row_needs() {
        let rows = [
            vec![column(Some("Owner"), "Jane"), column(Some("Comments"), "a"), column(Some("Comments"), "b")],
            vec![column(None, "x"), column(Some("Owner"), "Bob"), ExtraText::new(ExtraSource::Link, "P!A1", "u")],
        ];
        let columns = ExtraColumns::new(7, rows.iter().map(Vec::as_slice));
        assert_eq!(columns.first, 7);
        let expected = [Some("Owner"), Some("Comments"), Some("Comments"), None].map(|h| h.map(str::to_owned));
        assert_eq!(columns.headers, expected);
    }

    #[test]
    fn link_targets_and_the_cells_that_carry_them() {
        assert_eq!(url_of("https://x.example/a#b"), "https://x.example/a#b");
        assert_eq!(url_of("mailto:jane@x.example"), "mailto:jane@x.example");
        assert_eq!(url_of("Diagram!A1"), "internal:Diagram!A1");
        assert_eq!(url_of("docs/design.pdf"), "file:///docs/design.pdf");
        assert!(shows_other("Our diagram", "https://x.example/d.pdf"));
        assert!(!shows_other("https://x.example/d.pdf", "https://x.example/d.pdf/"));
        assert!(!shows_other("jane@x.example", "mailto:jane@x.example"));
        assert!(!shows_other(" ", "https://x.example"));
    }
}
