//! ods: the `office:annotation` (a comment, with its author in `dc:creator`) and the `text:a` links inside
//! the cells of `content.xml`, at the positions calamine gives the cells: rows and cells counted with their
//! repeat attributes, covered (merged-away) cells included. An annotation on a repeated cell is attached to
//! the first cell of the run.

use quick_xml::events::Event;

use super::{attr, local, push_text, Collector, Parts};
use crate::import::workbook::{AnnotationKind, Limits};

/// What is being read inside a cell.
enum InCell {
    /// The cell's own content.
    Content,
    /// An annotation: its author (from `dc:creator`) and text so far, and whether the text is inside
    /// `dc:creator`, `dc:date` or a paragraph.
    Annotation { author: String, text: String, field: Field },
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Creator,
    Date,
    Paragraph,
}

pub(super) fn read(bytes: &[u8], limits: &Limits, found: &mut Collector) {
    let xml = match Parts::open(bytes, limits).and_then(|mut parts| parts.text("content.xml")) {
        Ok(Some(xml)) => xml,
        Ok(None) => return,
        Err(e) => return found.unread_everywhere(&format!("the comments and links could not be read: {e}")),
    };
    // Most returns have neither: without the words an annotation or a link needs, there is nothing to walk.
    if !xml.contains("annotation") && !xml.contains("href") {
        return;
    }
    if let Err(e) = walk(&xml, found) {
        found.unread_everywhere(&format!("some comments or links could not be read: content.xml is damaged: {e}"));
    }
}

fn walk(xml: &str, found: &mut Collector) -> Result<(), quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut table: Option<String> = None;
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    // The cell being read: its position, the depth of elements inside it, and what is being read there.
    let mut cell: Option<(u64, u64)> = None;
    let mut depth = 0u32;
    let mut inside = InCell::Content;
    let mut paragraphs = 0u32;
    loop {
        let event = reader.read_event()?;
        if let Some(position) = cell {
            match &event {
                Event::Start(e) => {
                    depth += 1;
                    let name = local(e);
                    match (&mut inside, name) {
                        (InCell::Content, "annotation") => {
                            inside =
                                InCell::Annotation { author: String::new(), text: String::new(), field: Field::None };
                            paragraphs = 0;
                        }
                        (InCell::Content, "a") => {
                            if let (Some(table), Some(href)) = (&table, attr(e, "href")) {
                                found.add(table, position, AnnotationKind::Link, None, &href);
                            }
                        }
                        (InCell::Annotation { field, text, .. }, _) => match name {
                            "creator" => *field = Field::Creator,
                            "date" => *field = Field::Date,
                            "p" | "h" => {
                                if paragraphs > 0 {
                                    text.push('\n');
                                }
                                paragraphs += 1;
                                *field = Field::Paragraph;
                            }
                            _ => {}
                        },
                        _ => {}
                    }
                }
                Event::Empty(e) => {
                    if let InCell::Annotation { text, field: Field::Paragraph, .. } = &mut inside {
                        match local(e) {
                            "s" => {
                                let n = attr(e, "c").and_then(|c| c.trim().parse::<usize>().ok()).unwrap_or(1);
                                text.extend(std::iter::repeat_n(' ', n.min(1000)));
                            }
                            "tab" => text.push('\t'),
                            "line-break" => text.push('\n'),
                            _ => {}
                        }
                    } else if let (InCell::Content, "a") = (&inside, local(e)) {
                        if let (Some(table), Some(href)) = (&table, attr(e, "href")) {
                            found.add(table, position, AnnotationKind::Link, None, &href);
                        }
                    }
                }
                Event::End(e) => {
                    if depth == 0 {
                        // The cell's own end tag.
                        cell = None;
                        continue;
                    }
                    depth -= 1;
                    let name = e.local_name().into_inner();
                    if let InCell::Annotation { author, text, field } = &mut inside {
                        match name {
                            "annotation" => {
                                if let Some(table) = &table {
                                    let author = Some(author.clone());
                                    found.add(table, position, AnnotationKind::Comment, author, text);
                                }
                                inside = InCell::Content;
                            }
                            "creator" | "date" | "p" | "h" => *field = Field::None,
                            _ => {}
                        }
                    }
                }
                Event::Eof => return Ok(()),
                other => {
                    if let InCell::Annotation { author, text, field } = &mut inside {
                        match field {
                            Field::Creator => push_text(author, other),
                            Field::Paragraph => push_text(text, other),
                            Field::None | Field::Date => {}
                        }
                    }
                }
            }
            continue;
        }
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match local(e) {
                    "table" => {
                        table = attr(e, "name").filter(|n| found.wants(n));
                        row = 0;
                    }
                    "table-row" => {
                        row_repeat = repeat(e, "number-rows-repeated");
                        col = 0;
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        let here = (row, col);
                        col = col.saturating_add(repeat(e, "number-columns-repeated"));
                        if !empty {
                            cell = Some(here);
                            depth = 0;
                            inside = InCell::Content;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "table-row" => row = row.saturating_add(row_repeat),
                "table" => table = None,
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A repeat attribute's count, at least 1; a value that is no number counts as 1 (the pre-scan has
/// already refused such a file before calamine read it).
fn repeat(e: &quick_xml::events::BytesStart<'_>, key: &str) -> u64 {
    attr(e, key).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::workbook::Annotation;

    fn annotations(xml: &str) -> Vec<Annotation> {
        let limits = Limits::default();
        let mut found = Collector::new(&limits, &["Profile".to_owned()]);
        walk(xml, &mut found).unwrap();
        found.sheets.remove("Profile").unwrap().annotations
    }

    #[test]
    fn annotations_and_links_at_their_cells() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
            <table:table table:name="Other"><table:table-row><table:table-cell>
              <office:annotation><text:p>not wanted</text:p></office:annotation></table:table-cell></table:table-row></table:table>
            <table:table table:name="Profile">
              <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="2"/>
                <table:covered-table-cell/>
                <table:table-cell office:value-type="string">
                  <office:annotation><dc:creator>Jane Doe</dc:creator><dc:date>2026-01-01T00:00:00</dc:date>
                    <text:p>First line</text:p><text:p>Second<text:s text:c="2"/>line &amp; more</text:p></office:annotation>
                  <text:p><text:a xlink:href="https://example.com/diagram.pdf">Our diagram</text:a></text:p>
                </table:table-cell>
              </table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>"#;
        let found = annotations(xml);
        assert_eq!(
            found,
            [
                Annotation {
                    row: 2,
                    col: 3,
                    kind: AnnotationKind::Comment,
                    author: Some("Jane Doe".into()),
                    text: "First line\nSecond  line & more".into()
                },
                Annotation {
                    row: 2,
                    col: 3,
                    kind: AnnotationKind::Link,
                    author: None,
                    text: "https://example.com/diagram.pdf".into()
                },
            ]
        );
    }
}
