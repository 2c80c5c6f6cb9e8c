//! The empty cells of an xlsx sheet, left out of the sheet calamine reads. Spreadsheet programs write an
//! element for every formatted cell, empty or not (the template formats and unlocks every answer cell), and
//! calamine parses each of them only for the reader to skip it: in a returned questionnaire two cells in
//! three are such. A cell is left out only where calamine would read it as nothing and its absence moves
//! no other cell:
//!
//! * it is written `<c r="D7" s="12"/>`: no value and no attribute but its reference (one calamine reads,
//!   `A1` to `XFD1048576`) and its style;
//! * the next element after it is the end of its row or a cell that names its own reference (calamine
//!   places a cell without one just after the cell before it);
//! * the sheet holds no comment, CDATA section, DTD or processing instruction other than the XML
//!   declaration, so that every `<` in it is markup, and its cells are written `<c` in `<sheetData>`, with
//!   no namespace prefix.
//!
//! Anything else is left as written, for calamine to read as before.

use memchr::memmem;

/// The sheet XML without the empty cells calamine would only skip; `None` when there are none to leave out,
/// or the sheet is written in a way this does not read.
pub(super) fn without_empty_cells(xml: &[u8]) -> Option<Vec<u8>> {
    if !every_lt_is_markup(xml) {
        return None;
    }
    let start = memmem::find(xml, b"<sheetData>")? + b"<sheetData>".len();
    let end = start + memmem::find(&xml[start..], b"</sheetData>")?;
    let mut out: Option<Vec<u8>> = None;
    let mut copied = start;
    // Only the cells are looked at: a cell written `<c` and a line break is kept.
    for open in memmem::find_iter(&xml[start..end], b"<c ").map(|k| start + k) {
        let Some(len) = empty_cell(&xml[open..end]) else { continue };
        if !next_is_placed(&xml[open + len..end]) {
            continue;
        }
        let out = out.get_or_insert_with(|| {
            let mut out = Vec::with_capacity(xml.len());
            out.extend_from_slice(&xml[..start]);
            out
        });
        out.extend_from_slice(&xml[copied..open]);
        copied = open + len;
    }
    let mut out = out?;
    out.extend_from_slice(&xml[copied..]);
    Some(out)
}

/// Whether every `<` of an XML part starts a tag: it holds no comment, CDATA section, DTD or processing
/// instruction other than the XML declaration (attribute values cannot hold a `<`).
pub(super) fn every_lt_is_markup(xml: &[u8]) -> bool {
    if memmem::find(xml, b"<!").is_some() {
        return false;
    }
    let declaration = xml.len() - xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml).trim_ascii_start().len();
    memmem::find_iter(xml, b"<?").all(|at| at == declaration)
}

/// The length of the empty cell element `tag` starts with (`<c r="D7" s="12"/>`), if it starts with one.
fn empty_cell(tag: &[u8]) -> Option<usize> {
    let (mut at, mut reference, mut style) = (2, false, false);
    loop {
        let spaced = spaces(&tag[at..]);
        at += spaced;
        if tag[at..].starts_with(b"/>") {
            return reference.then_some(at + 2);
        }
        if spaced == 0 {
            return None;
        }
        let (name, value, next) = attribute(&tag[at..])?;
        match name {
            b"r" if !reference && is_reference(value) => reference = true,
            b"s" if !style && (1..=9).contains(&value.len()) && value.iter().all(u8::is_ascii_digit) => style = true,
            _ => return None,
        }
        at += next;
    }
}

/// The number of ASCII white-space bytes `text` starts with.
pub(super) fn spaces(text: &[u8]) -> usize {
    text.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// One attribute written `name="value"` (or with single quotes) at the start of `text`: its name, its
/// value, and the length of the whole.
fn attribute(text: &[u8]) -> Option<(&[u8], &[u8], usize)> {
    let eq = text.iter().position(|&b| matches!(b, b'=' | b' ' | b'\t' | b'\r' | b'\n' | b'<' | b'>' | b'/'))?;
    let quote = *text.get(eq + 1).filter(|&&q| text[eq] == b'=' && matches!(q, b'"' | b'\''))?;
    let value = &text[eq + 2..];
    let len = value.iter().position(|&b| b == quote)?;
    (eq > 0).then_some((&text[..eq], &value[..len], eq + 2 + len + 1))
}

/// A cell reference calamine reads as a position: one to three capital letters up to `XFD`, then a row
/// from 1 to 1048576 without a leading zero.
fn is_reference(value: &[u8]) -> bool {
    let letters = value.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let digits = &value[letters..];
    if !(1..=3).contains(&letters) || !(1..=7).contains(&digits.len()) || digits[0] == b'0' {
        return false;
    }
    let col = value[..letters].iter().fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    let row = digits.iter().try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')));
    col <= 16_384 && row.is_some_and(|row| row <= 1_048_576)
}

/// Whether what follows a cell, past white space, is the end of its row or a cell that names its own
/// reference: then leaving the cell out moves nothing.
fn next_is_placed(after: &[u8]) -> bool {
    let next = &after[spaces(after)..];
    if next.starts_with(b"</row>") {
        return true;
    }
    if !next.starts_with(b"<c") {
        return false;
    }
    let mut at = 2;
    loop {
        let spaced = spaces(&next[at..]);
        at += spaced;
        if spaced == 0 {
            return false;
        }
        let Some((name, _, len)) = attribute(&next[at..]) else { return false };
        if name == b"r" {
            return true;
        }
        at += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &str) -> Vec<u8> {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet><dimension ref=\"A1:E9\"/>\
             <sheetData>{cells}</sheetData><mergeCells count=\"0\"/></worksheet>"
        )
        .into_bytes()
    }

    fn slim(cells: &str) -> Option<String> {
        without_empty_cells(&sheet(cells)).map(|xml| String::from_utf8(xml).unwrap())
    }

    #[test]
    fn empty_formatted_cells_are_left_out() {
        let cells = r#"<row r="4"><c r="A4" s="7" t="s"><v>33</v></c><c r="D4" s="11"/><c r="E4" s="16" /></row>"#;
        assert_eq!(
            slim(cells),
            Some(String::from_utf8(sheet(r#"<row r="4"><c r="A4" s="7" t="s"><v>33</v></c></row>"#)).unwrap())
        );
        // Before a cell that names its reference, and with the attributes in another order.
        let cells = r#"<row r="4"><c s='3' r="B4"/><c r="C4"><v>1</v></c></row>"#;
        assert_eq!(slim(cells), Some(String::from_utf8(sheet(r#"<row r="4"><c r="C4"><v>1</v></c></row>"#)).unwrap()));
    }

    #[test]
    fn a_cell_another_cell_is_placed_after_is_kept() {
        // calamine places a cell without a reference just after the one before it.
        assert_eq!(slim(r#"<row><c r="B4" s="1"/><c t="s"><v>2</v></c></row>"#), None);
        assert_eq!(slim(r#"<row><c r="B4" s="1"/><c s="1"/><c t="s"><v>2</v></c></row>"#), None);
        // Nor anything that is not an empty cell with a reference and a style.
        for kept in [
            r#"<c r="B4" s="1" t="s"/>"#,
            r#"<c r="B4" s="1"></c>"#,
            r#"<c s="1"/>"#,
            r#"<c r="B4" r="B5"/>"#,
            r#"<c r="b4"/>"#,
            r#"<c r="B0"/>"#,
            r#"<c r="B04"/>"#,
            r#"<c r="XFE4"/>"#,
            r#"<c r="B1048577"/>"#,
            r#"<c r="B4" s="x"/>"#,
            r#"<c r="B4" cm="1"/>"#,
            r#"<c r = "B4"/>"#,
            r#"<x:c r="B4"/>"#,
            r#"<col r="B4"/>"#,
        ] {
            assert_eq!(slim(&format!("<row>{kept}</row>")), None, "{kept}");
        }
    }

    #[test]
    fn a_sheet_whose_markup_cannot_be_told_from_text_is_left_alone() {
        for cells in [
            r#"<row><c r="B4" t="inlineStr"><is><t><![CDATA[<c r="A1"/>]]></t></is></c><c r="B5"/></row>"#,
            r#"<!-- a comment --><row><c r="B4"/></row>"#,
            r#"<?pi?><row><c r="B4"/></row>"#,
        ] {
            assert_eq!(slim(cells), None, "{cells}");
        }
        assert_eq!(without_empty_cells(b"<worksheet><sheetData/></worksheet>"), None);
    }

    #[test]
    fn references() {
        assert!(is_reference(b"A1") && is_reference(b"XFD1048576") && is_reference(b"AA10"));
        for bad in [&b""[..], b"A", b"1", b"ABCD1", b"XFE1", b"A1048577", b"A01", b"A1B", b"a1"] {
            assert!(!is_reference(bad), "{}", String::from_utf8_lossy(bad));
        }
    }
}
