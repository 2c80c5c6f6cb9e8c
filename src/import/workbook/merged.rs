//! The merged regions of an xlsx sheet, read from the sheet's XML the zip guard has just inflated, so that
//! calamine does not inflate and parse the whole sheet a second time to find them (its
//! `merge_cells_by_sheet_name` scans every cell event for the one `<mergeCells>` element after them).
//!
//! The answer must be calamine's, or none: [`merged_regions`] reads only the part of the sheet after its
//! cells, and only when it can be sure that calamine's scan of the whole sheet would find the same regions.
//! In any other case (a comment, CDATA section or processing instruction anywhere in the sheet, a
//! `mergeCells` before the end of the cells, a reference or an attribute written in a way calamine might read
//! differently, damaged XML after the cells) it gives `None`, and calamine reads them as before, errors
//! included. The cells before the end of `<sheetData>` are parsed by calamine's cell reader in any case, so
//! damage there still refuses the file.

use memchr::memmem;
use quick_xml::events::Event;

/// Merged regions as (first row, first column, last row, last column), inclusive and 0-based.
pub(super) type Regions = Vec<(u32, u32, u32, u32)>;

/// The merged regions calamine would read from this sheet XML, or `None` when that cannot be told without
/// asking calamine.
pub(super) fn merged_regions(xml: &[u8]) -> Option<Regions> {
    // Outside comments, CDATA sections, processing instructions and a DTD, a raw `<` is always markup, so
    // the searches below find tags and nothing else. Excel and LibreOffice write none of those in a sheet
    // but the XML declaration at its start.
    if memmem::find(xml, b"<!").is_some() {
        return None;
    }
    let declaration = xml.len() - xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml).trim_ascii_start().len();
    if memmem::find_iter(xml, b"<?").any(|at| at != declaration) {
        return None;
    }
    let tail = end_of_sheet_data(xml)?;
    // calamine takes the first `<mergeCells>` anywhere; when the word stands only after the cells, that one
    // is in the tail.
    if memmem::find(&xml[..tail], b"mergeCells").is_some() {
        return None;
    }
    let mut reader = quick_xml::Reader::from_reader(&xml[tail..]);
    // calamine's settings for sheet XML; the end tags around the tail come unpaired.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "mergeCells" => break,
            Ok(Event::Eof) => return Some(Vec::new()),
            Ok(_) => {}
            // The end tag of the worksheet, opened before the tail, is the one quick-xml sees unpaired; the
            // sheet ends there.
            Err(quick_xml::Error::IllFormed(quick_xml::errors::IllFormedError::UnmatchedEndTag(name)))
                if name.rsplit(':').next() == Some("worksheet") =>
            {
                return matches!(reader.read_event(), Ok(Event::Eof)).then(Vec::new);
            }
            Err(_) => return None,
        }
    }
    let mut regions = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(reference) = raw_attr(e.attributes_raw(), "ref")? {
                    regions.push(region(reference)?);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "mergeCells" => return Some(regions),
            // calamine refuses a sheet whose `<mergeCells>` does not end; let it say so.
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Where the sheet XML goes on after its cells: just after `</sheetData>` (any prefix) or an empty
/// `<sheetData/>`. `None` when there is no such tag, or it is written in a way not worth reading here.
fn end_of_sheet_data(xml: &[u8]) -> Option<usize> {
    for at in memmem::find_iter(xml, b"sheetData") {
        let after = at + b"sheetData".len();
        if !matches!(xml.get(after), Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')) {
            continue;
        }
        // Back over a namespace prefix (`x:`) to the `<` or `</` that opens the tag.
        let mut open = at;
        if open > 0 && xml[open - 1] == b':' {
            open -= 1;
            while open > 0 && (xml[open - 1].is_ascii_alphanumeric() || matches!(xml[open - 1], b'_' | b'-' | b'.')) {
                open -= 1;
            }
        }
        let end_tag = match open.checked_sub(1).map(|i| xml[i]) {
            Some(b'<') => false,
            Some(b'/') if open >= 2 && xml[open - 2] == b'<' => true,
            _ => continue,
        };
        let close = after + memchr::memchr(b'>', &xml[after..])?;
        // An attribute value may hold a `>`; a sheetData tag with attributes is left to calamine.
        if xml[after..close].iter().any(|b| matches!(b, b'"' | b'\'')) {
            return None;
        }
        if end_tag || xml[close - 1] == b'/' {
            return Some(close + 1);
        }
    }
    None
}

/// The raw (not unescaped) value of the attribute named exactly `name`, as calamine finds it: the
/// attributes are read in order up to that one, and one written without `=` or quotes before it is an
/// error (`None` here: calamine decides).
fn raw_attr<'a>(attributes: &'a str, name: &str) -> Option<Option<&'a str>> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_ascii_start();
        if rest.is_empty() {
            return Some(None);
        }
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_ascii_start();
        let quote = after.chars().next().filter(|q| matches!(q, '"' | '\''))?;
        let value = &after[1..];
        let (value, next) = value.split_once(quote).unwrap_or((value, ""));
        if key.trim_ascii_end() == name {
            return Some(Some(value));
        }
        rest = next;
    }
}

/// `A1:B2` (or `A1`) as (first row, first column, last row, last column), when it is written plainly enough
/// that calamine reads it the same: letters then digits, small enough not to overflow, first before last.
fn region(reference: &str) -> Option<(u32, u32, u32, u32)> {
    let mut parts = reference.split(':');
    let start = cell(parts.next()?)?;
    let end = match parts.next() {
        Some(end) => cell(end)?,
        None => start,
    };
    if parts.next().is_some() || end.0 < start.0 || end.1 < start.1 {
        return None;
    }
    Some((start.0, start.1, end.0, end.1))
}

/// A cell reference such as `D14` as 0-based (row, column).
fn cell(reference: &str) -> Option<(u32, u32)> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = reference.split_at(letters);
    if !(1..=3).contains(&letters) || !(1..=7).contains(&row.len()) || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = column.bytes().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1);
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

    fn sheet(cells: &str, tail: &str) -> Vec<u8> {
        format!(r#"{DECLARATION}<worksheet xmlns="x"><dimension ref="A1:C3"/><sheetData>{cells}</sheetData>{tail}</worksheet>"#)
            .into_bytes()
    }

    #[test]
    fn regions_after_the_cells_are_read() {
        let xml = sheet(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>sheetData</t></is></c></row>"#,
            r#"<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="b3:c10"></mergeCell></mergeCells>"#,
        );
        assert_eq!(merged_regions(&xml), Some(vec![(0, 0, 0, 2), (2, 1, 9, 2)]));
        assert_eq!(merged_regions(&sheet("", "<pageMargins/>")), Some(vec![]));
        let prefixed =
            br#"<x:worksheet><x:sheetData/><x:mergeCells><x:mergeCell ref="D4"/></x:mergeCells></x:worksheet>"#;
        assert_eq!(merged_regions(prefixed), Some(vec![(3, 3, 3, 3)]));
    }

    #[test]
    fn whatever_calamine_might_read_differently_is_left_to_it() {
        let merge = r#"<mergeCells><mergeCell ref="A1:B2"/></mergeCells>"#;
        for xml in [
            // A comment or a CDATA section could hide a `<mergeCells>` from calamine.
            sheet("<!-- x -->", merge),
            sheet("<row><c><is><t><![CDATA[<mergeCells>]]></t></is></c></row>", merge),
            format!("<?pi?>{}", String::from_utf8(sheet("", merge)).unwrap()).into_bytes(),
            // A `mergeCells` before the end of the cells is calamine's to find.
            sheet(r#"<row><mergeCells><mergeCell ref="A1:A2"/></mergeCells></row>"#, merge),
            // References calamine reads its own way, or refuses.
            sheet("", r#"<mergeCells><mergeCell ref="$A$1:B2"/></mergeCells>"#),
            sheet("", r#"<mergeCells><mergeCell ref="B2:A1"/></mergeCells>"#),
            sheet("", r#"<mergeCells><mergeCell ref="A1:B2:C3"/></mergeCells>"#),
            sheet("", r#"<mergeCells><mergeCell ref="A0"/></mergeCells>"#),
            sheet("", r#"<mergeCells><mergeCell ref="ZZZZZZZZ1"/></mergeCells>"#),
            // A `<mergeCells>` that never ends, and no cells at all.
            sheet("", r#"<mergeCells><mergeCell ref="A1:B2"/>"#),
            br#"<worksheet><mergeCells><mergeCell ref="A1:B2"/></mergeCells></worksheet>"#.to_vec(),
        ] {
            assert_eq!(merged_regions(&xml), None, "{}", String::from_utf8_lossy(&xml));
        }
    }

    #[test]
    fn real_workbooks_give_what_calamine_gives() {
        use calamine::Reader;
        use std::io::Read;
        let root = env!("CARGO_MANIFEST_DIR");
        let files = ["samples/fabrikam-routewise.xlsx", "samples/questionnaire-template.xlsx"]
            .into_iter()
            .map(String::from)
            .chain(
                ["cell-values", "cell-values-libreoffice", "comments-links", "comments-links-libreoffice"]
                    .map(|f| format!("tests/fixtures/{f}.xlsx")),
            );
        let mut merged_somewhere = false;
        for file in files {
            let bytes = std::fs::read(format!("{root}/{file}")).unwrap();
            let mut workbook: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
            let mut theirs: Vec<Regions> = workbook
                .sheet_names()
                .iter()
                .map(|name| {
                    let regions = workbook.merge_cells_by_sheet_name(name).unwrap();
                    regions.into_iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect()
                })
                .collect();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let names: Vec<String> = zip
                .file_names()
                .flatten()
                .filter(|n| n.starts_with("xl/worksheets/sheet"))
                .map(|n| n.into_owned())
                .collect();
            let mut ours: Vec<Regions> = names
                .iter()
                .map(|name| {
                    let mut xml = Vec::new();
                    zip.by_name(name).unwrap().read_to_end(&mut xml).unwrap();
                    merged_regions(&xml).unwrap_or_else(|| panic!("{file} {name} left to calamine"))
                })
                .collect();
            merged_somewhere |= ours.iter().any(|r| !r.is_empty());
            theirs.sort();
            ours.sort();
            assert_eq!(ours, theirs, "{file}");
        }
        assert!(merged_somewhere, "some fixture has merged cells");
    }

    #[test]
    fn attributes_are_found_as_calamine_finds_them() {
        assert_eq!(raw_attr(r#" a="1"  ref = 'A1:B2' "#, "ref"), Some(Some("A1:B2")));
        assert_eq!(raw_attr(r#"x:ref="A1""#, "ref"), Some(None));
        assert_eq!(raw_attr(r#"ref="A1" broken"#, "ref"), Some(Some("A1")));
        assert_eq!(raw_attr(r#"broken ref="A1""#, "ref"), Some(None), "the key runs to the `=`");
        assert_eq!(raw_attr("a=1 ref=\"A1\"", "ref"), None);
    }
}
