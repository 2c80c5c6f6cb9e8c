//! What the vendor wrote beside the answers ([`Profile::extras`](crate::profile::Profile::extras)), written
//! back so that a filled or follow-up workbook keeps it and import reads it again: text in columns of their
//! own as extra columns under their headers, right of the questionnaire's; comments as cell notes with
//! their author; hyperlinks on a cell of the row that shows other text.
//!
//! Cells may move, but what comes back is the same. Comments go first on the row's Notes cell, then on
//! other cells of the row without a note (a marked cell keeps only its own note); links go on the row's
//! text cells, the answer first. A link that no cell can carry (no text cell left, or a target the
//! workbook cannot hold) is written as a comment `Link: <target>` rather than lost.

use rust_xlsxwriter::{Format, FormatAlign, Note, Url, Worksheet, XlsxError};

use crate::profile::{ExtraSource, ExtraText};

/// The width of an extra column.
const WIDTH: u16 = 30;

/// Excel's limit on a note's author name, in UTF-16 units; a longer name goes into the note's text.
const MAX_AUTHOR: usize = 52;

/// The extra columns of one sheet: a column for each header the vendor used, as many of them as one row
/// needs (two columns both called `Comments` stay two), in an order that keeps every row's own order, as
/// import reads a row's columns from left to right.
pub(super) struct ExtraColumns {
    /// The first column right of the questionnaire's.
    first: u16,
    /// The headers, in order; `None` for a column without one.
    headers: Vec<Option<String>>,
}

impl ExtraColumns {
    /// The columns that the rows' extras need, from column `first` on.
    pub(super) fn new<'e>(first: u16, rows: impl IntoIterator<Item = &'e [ExtraText]>) -> Self {
        let mut columns = ExtraColumns { first, headers: Vec::new() };
        for extras in rows {
            // Each header of the row goes to the next column of that name to the right of the last one
            // used, or into a new column there: the headers hold every row's sequence of headers in order.
            let mut next = 0;
            for extra in extras.iter().filter(|e| e.from == ExtraSource::Column) {
                match columns.headers[next..].iter().position(|h| *h == extra.column) {
                    Some(at) => next += at + 1,
                    None => {
                        columns.headers.insert(next, extra.column.clone());
                        next += 1;
                    }
                }
            }
        }
        columns
    }

    /// The columns of a row's column extras, in the same walk as [`ExtraColumns::new`]; `None` for one the
    /// columns were not made for.
    fn of(&self, extras: &[ExtraText]) -> Vec<Option<u16>> {
        let mut next = 0;
        let mut out = Vec::new();
        for extra in extras.iter().filter(|e| e.from == ExtraSource::Column) {
            match self.headers[next.min(self.headers.len())..].iter().position(|h| *h == extra.column) {
                Some(at) => {
                    next += at + 1;
                    out.push(Some(self.first + (next - 1) as u16));
                }
                None => out.push(None),
            }
        }
        out
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
    /// Cells that show text, with their text and format; links go on them, on the first of them when they
    /// can.
    pub(super) texts: Vec<(u16, &'a str, Format)>,
    /// Cells that take a comment, the first of them preferred; every column right of the questionnaire's
    /// takes one too.
    pub(super) free: Vec<u16>,
}

/// Writes the extras of one row: column text into the extra columns, links onto its text cells, comments
/// as notes on its free cells (then on the cells right of the questionnaire's).
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
    // Text in the vendor's own columns.
    let input = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_unlocked();
    let mut lost: Vec<String> = Vec::new();
    let own = extras.iter().filter(|e| e.from == ExtraSource::Column);
    for (extra, col) in own.zip(columns.of(extras)) {
        let Some(col) = col else {
            // The columns were counted from these same extras; should one be missing all the same, the text
            // is kept as a note.
            let header = extra.column.as_deref().map_or(String::new(), |h| format!("{h}: "));
            lost.push(format!("{header}{}", extra.text));
            continue;
        };
        sheet.write_string_with_format(row, col, &extra.text, &input)?;
        cells.texts.push((col, &extra.text, input.clone()));
    }

    // Comments and links, in their order: import reads them by column, a comment before a link on the same
    // cell, so each goes on a cell at or right of the one before.
    let annotations: Vec<&ExtraText> = extras.iter().filter(|e| e.from != ExtraSource::Column).collect();
    let first_free = columns.first;
    let places = Places { texts: &cells.texts, free: &cells.free, beyond: first_free };
    let mut after = None;
    let mut notes: Vec<(u16, String, Option<&str>)> = Vec::new();
    for (i, extra) in annotations.iter().enumerate() {
        match places.choose(extra, after, &annotations[i + 1..]) {
            Some(col) => {
                after = Some((col, extra.from));
                match extra.from {
                    ExtraSource::Link => {
                        let (_, text, format) = cells.texts.iter().find(|(c, _, _)| *c == col).expect("a text cell");
                        // The writer checks the target before it writes anything, so a failure leaves the cell
                        // as it is.
                        let url = Url::new(url_of(&extra.text)).set_text(*text);
                        if sheet.write_url_with_format(row, col, url, format).is_err() {
                            lost.push(format!("Link: {}", extra.text));
                        }
                    }
                    _ => notes.push((col, extra.text.clone(), extra.author.as_deref())),
                }
            }
            None => lost.push(match extra.from {
                ExtraSource::Link => format!("Link: {}", extra.text),
                _ => extra.text.clone(),
            }),
        }
    }
    // What found no place of its own is written as notes after the rest rather than lost.
    let last = notes.iter().map(|(col, _, _)| *col + 1).chain(after.map(|(col, _)| col + 1)).max().unwrap_or(0);
    let mut spare = last.max(first_free)..u16::MAX;
    for text in lost {
        if let Some(col) = spare.next() {
            notes.push((col, text, None));
        }
    }
    for (col, text, author) in notes {
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

/// Where in a row comments and links can go.
struct Places<'p, 'a> {
    texts: &'p [(u16, &'a str, Format)],
    free: &'p [u16],
    /// The first column right of the questionnaire's: from there on, every cell takes a comment.
    beyond: u16,
}

/// The last comment or link placed: its column and kind.
type After = Option<(u16, ExtraSource)>;

impl Places<'_, '_> {
    /// Whether `extra` may go on column `col` after `after`: right of it, or on the same cell when a link
    /// follows a comment; a comment on a free cell, a link on a cell that shows other text.
    fn fits(&self, extra: &ExtraText, col: u16, after: After) -> bool {
        let in_order = match after {
            None => true,
            Some((last, kind)) => {
                col > last || (col == last && kind == ExtraSource::Comment && extra.from == ExtraSource::Link)
            }
        };
        in_order
            && match extra.from {
                ExtraSource::Link => self.texts.iter().any(|(c, text, _)| *c == col && shows_other(text, &extra.text)),
                _ => self.free.contains(&col) || col >= self.beyond,
            }
    }

    /// The leftmost column `extra` fits on after `after`.
    fn leftmost(&self, extra: &ExtraText, after: After) -> Option<u16> {
        match extra.from {
            ExtraSource::Link => self.texts.iter().map(|(c, _, _)| *c).filter(|c| self.fits(extra, *c, after)).min(),
            _ => {
                let free = self.free.iter().copied().filter(|c| self.fits(extra, *c, after)).min();
                let start = after.map_or(self.beyond, |(last, _)| self.beyond.max(last.saturating_add(1)));
                free.or_else(|| (start < u16::MAX).then_some(start))
            }
        }
    }

    /// Whether every one of `rest` still finds a place after `after`.
    fn feasible(&self, rest: &[&ExtraText], mut after: After) -> bool {
        for extra in rest {
            match self.leftmost(extra, after) {
                Some(col) => after = Some((col, extra.from)),
                None => return false,
            }
        }
        true
    }

    /// The column for `extra` after `after`: the first preferred cell (the first free cell for a comment,
    /// the first text cell for a link) that leaves room for the `rest`, else the leftmost that fits.
    fn choose(&self, extra: &ExtraText, after: After, rest: &[&ExtraText]) -> Option<u16> {
        let preferred: Vec<u16> = match extra.from {
            ExtraSource::Link => self.texts.iter().map(|(c, _, _)| *c).collect(),
            _ => self.free.to_vec(),
        };
        preferred
            .into_iter()
            .filter(|c| self.fits(extra, *c, after))
            .find(|c| self.feasible(rest, Some((*c, extra.from))))
            .or_else(|| self.leftmost(extra, after))
    }
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
        let expected = [None, Some("Owner"), Some("Comments"), Some("Comments")].map(|h| h.map(str::to_owned));
        assert_eq!(columns.headers, expected);
        // Each row's texts stand in its own order, left to right.
        assert_eq!(columns.of(&rows[0]), [Some(8), Some(9), Some(10)]);
        assert_eq!(columns.of(&rows[1]), [Some(7), Some(8)]);
        assert_eq!(columns.of(&[column(Some("Target"), "x")]), [None]);
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
