//! Which members of a zip workbook hold what, read the way calamine finds them: the sheet list (names, kinds
//! and parts) from the workbook and its relationships, and the parts that hold no answers. The guard checks
//! only what is read: the parts calamine opens, the sheets the questionnaire reads and anything that may hold
//! a vendor's text (comments, a sheet's links). Sheets not read and parts that hold no answers (VBA
//! projects, macro and dialog sheets, drawings, themes, document properties, printer settings) are never
//! inflated, so damage there costs nothing.
//!
//! Everything here is tolerant: a part that cannot be understood gives `None`, and the guard then falls back
//! to checking every sheet and leaving the workbook as it is, for calamine to judge.

use std::ops::Range;

use memchr::memmem;
use quick_xml::events::{BytesStart, Event};

use super::empty_cells::{every_lt_is_markup, spaces};

/// How a worksheet entry of the workbook is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SheetKind {
    /// A worksheet.
    Work,
    /// A chart or dialog sheet: calamine lists it, and nothing reads it.
    Other,
    /// A kind calamine refuses to open a workbook with (an Excel 4 macro sheet): left out of the
    /// workbook calamine sees.
    Unsupported,
}

/// One sheet of the workbook, in workbook order.
#[derive(Debug, Clone)]
pub(super) struct SheetEntry {
    /// Its name on the tab.
    pub(super) name: String,
    /// Its part, as [`normalise_path`] gives it.
    pub(super) part: String,
    pub(super) kind: SheetKind,
}

/// A zip member's name as calamine looks it up: forward slashes, lowercase.
pub(super) fn normalise_path(path: &str) -> String {
    path.replace('\\', "/").to_ascii_lowercase()
}

/// Whether a part holds no answers (and nothing calamine reads while opening, nor anything a reader of
/// comments or links needs), so the guard leaves it alone. `path` is normalised.
pub(super) fn holds_no_answers(path: &str) -> bool {
    const FOLDERS: &[&str] = &[
        "docprops/",
        "customxml/",
        "_xmlsignatures/",
        "xl/macrosheets/",
        "xl/dialogsheets/",
        "xl/chartsheets/",
        "xl/charts/",
        "xl/drawings/",
        "xl/media/",
        "xl/theme/",
        "xl/printersettings/",
        "xl/embeddings/",
        "xl/activex/",
        "xl/ctrlprops/",
        "xl/externallinks/",
        "xl/pivottables/",
        "xl/pivotcache/",
        "xl/querytables/",
        "xl/slicers/",
        "xl/slicercaches/",
        "xl/timelines/",
        "xl/timelinecaches/",
        "xl/model/",
        "xl/richdata/",
        "xl/webextensions/",
        "xl/diagrams/",
        "xl/revisions/",
        "xl/customproperties/",
        "xl/featurepropertybag/",
        "xl/namedsheetviews/",
        "xl/tables/",
    ];
    const PARTS: &[&str] = &[
        "[content_types].xml",
        "xl/calcchain.xml",
        "xl/calcchain.bin",
        "xl/connections.xml",
        "xl/connections.bin",
        "xl/metadata.xml",
        "xl/metadata.bin",
        "xl/volatiledependencies.xml",
        "xl/volatiledependencies.bin",
    ];
    FOLDERS.iter().any(|f| path.starts_with(f))
        || PARTS.contains(&path)
        || (path.starts_with("xl/vbaproject") && path.ends_with(".bin"))
}

/// An XML reader as lax as calamine's (it does not check that end tags match their start tags).
fn lax(xml: &[u8]) -> quick_xml::Reader<&[u8]> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    reader
}

/// The value of the attribute whose local name is `local` (any prefix), unescaped.
fn attr_local(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| quick_xml::escape::unescape(&a.value).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string()))
}

/// A relationship: its id, the last segment of its type (`worksheet`, `officeDocument`) and its target.
#[derive(Debug, Clone)]
pub(super) struct Relationship {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) target: String,
}

/// The relationships of a `.rels` part.
pub(super) fn relationships(xml: &[u8]) -> Option<Vec<Relationship>> {
    let mut reader = lax(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr_local(&e, "Type").unwrap_or_default();
                found.push(Relationship {
                    id: attr_local(&e, "Id").unwrap_or_default(),
                    kind: kind.rsplit('/').next().unwrap_or_default().to_owned(),
                    target: attr_local(&e, "Target").unwrap_or_default(),
                });
            }
            Event::Eof => return Some(found),
            _ => {}
        }
    }
}

/// The workbook part of an xlsx, as calamine finds it from the package relationships: (folder, part name),
/// `("xl/", "workbook.xml")` unless the package says otherwise.
pub(super) fn xlsx_workbook_part(package_rels: &[u8]) -> Option<(String, String)> {
    let target = relationships(package_rels)?.into_iter().find(|r| r.kind == "officeDocument")?.target;
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let name = if name.is_empty() { "workbook.xml" } else { name };
    Some((dir.strip_prefix('/').unwrap_or(dir).to_owned(), name.to_owned()))
}

/// The sheets of an xlsx workbook part, resolved through its relationships the way calamine does.
pub(super) fn xlsx_sheets(workbook: &[u8], rels: &[Relationship], folder: &str) -> Option<Vec<SheetEntry>> {
    let mut reader = lax(workbook);
    let mut sheets = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let name = attr_local(&e, "name").unwrap_or_default();
                let id = attr_local(&e, "id").unwrap_or_default();
                // A sheet without its relationship makes calamine give up; so does this, leaving it to calamine.
                let rel = rels.iter().find(|r| r.id == id)?;
                let part = match rel.target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("{folder}{}", rel.target),
                };
                let kind = match rel.kind.as_str() {
                    "worksheet" => SheetKind::Work,
                    "chartsheet" | "dialogsheet" => SheetKind::Other,
                    _ => SheetKind::Unsupported,
                };
                sheets.push(SheetEntry { name, part: normalise_path(&part), kind });
            }
            Event::Eof => return Some(sheets),
            _ => {}
        }
    }
}

/// `xml` without the elements of local name `local` for which `drop` says so (with everything inside them):
/// the byte ranges are cut from the text, the rest is left exactly as it was.
pub(super) fn drop_elements(xml: &[u8], local: &str, mut drop: impl FnMut(&BytesStart<'_>) -> bool) -> Option<Vec<u8>> {
    drop_elements_where(xml, |e| e.local_name().as_ref() == local && drop(e))
}

/// What of an xlsx's cell styles calamine reads but the import does not use: calamine reads from the styles
/// which number format each cell format has (which cells hold dates, which percentages), and would also
/// parse every font, fill and border in them, with the theme's colours they name.
const STYLES_NOT_USED: [&str; 9] =
    ["fonts", "fills", "borders", "cellStyleXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"];

/// An xlsx's cell styles (`xl/styles.xml`) with only the number formats and the cell formats: what the
/// import reads of them. `None` when the part cannot be read as XML (calamine then judges it as it is).
pub(super) fn number_formats_only(styles: &[u8]) -> Option<Vec<u8>> {
    styles_cut_as_text(styles).or_else(|| styles_cut_as_xml(styles))
}

/// The cut made by reading the styles as XML, whatever their prefixes, comments and the like.
fn styles_cut_as_xml(styles: &[u8]) -> Option<Vec<u8>> {
    drop_elements_where(styles, |e| STYLES_NOT_USED.iter().any(|name| e.local_name().as_ref() == *name))
}

/// The same cut made by searching the text, as the styles are written by every spreadsheet program we know:
/// every `<` is markup (see [`every_lt_is_markup`]) and the elements are written without a namespace prefix.
/// `None` when the styles are written otherwise, or an element's end is not where this expects it.
fn styles_cut_as_text(xml: &[u8]) -> Option<Vec<u8>> {
    if !every_lt_is_markup(xml) || starts_of(xml, "cellXfs").len() != 1 {
        return None;
    }
    let mut cuts: Vec<Range<usize>> = Vec::new();
    for name in STYLES_NOT_USED {
        for start in starts_of(xml, name) {
            let open_end = tag_end(xml, start)?;
            let end = if xml[..open_end].ends_with(b"/>") {
                open_end
            } else {
                // The first end tag of the name closes it: none of these elements holds one of its own kind.
                let close = open_end + memmem::find(&xml[open_end..], format!("</{name}").as_bytes())?;
                let after = close + 2 + name.len();
                let gt = after + spaces(&xml[after..]);
                (xml.get(gt) == Some(&b'>')).then_some(gt + 1)?
            };
            cuts.push(start..end);
        }
    }
    cuts.sort_by_key(|cut| cut.start);
    let mut out = Vec::with_capacity(xml.len());
    let mut at = 0;
    for cut in cuts {
        if cut.end <= at {
            // Inside an element already cut (an extension list inside the differential formats).
            continue;
        }
        if cut.start < at {
            return None;
        }
        out.extend_from_slice(&xml[at..cut.start]);
        at = cut.end;
    }
    out.extend_from_slice(&xml[at..]);
    Some(out)
}

/// Where the start tags of the elements `name` (without prefix) begin.
fn starts_of(xml: &[u8], name: &str) -> Vec<usize> {
    let open = format!("<{name}");
    memmem::find_iter(xml, open.as_bytes())
        .filter(|&at| matches!(xml.get(at + open.len()), Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')))
        .collect()
}

/// Just past the `>` that ends the tag starting at `start`, outside quoted attribute values.
fn tag_end(xml: &[u8], start: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in xml.iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(i + 1),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// `xml` without the elements for which `drop` says so (with everything inside them): the byte ranges are cut
/// from the text, the rest is left exactly as it was.
fn drop_elements_where(xml: &[u8], mut drop: impl FnMut(&BytesStart<'_>) -> bool) -> Option<Vec<u8>> {
    let mut reader = lax(xml);
    let mut cuts: Vec<Range<usize>> = Vec::new();
    // The element being cut: where it starts, and how deep inside it the reader is.
    let mut cutting: Option<(usize, u32)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let after = reader.buffer_position() as usize;
        match (&event, cutting.as_mut()) {
            (Event::Eof, _) => break,
            (Event::Start(_), Some((_, depth))) => *depth += 1,
            (Event::End(_), Some((start, depth))) => {
                if *depth == 0 {
                    cuts.push(*start..after);
                    cutting = None;
                } else {
                    *depth -= 1;
                }
            }
            (Event::Start(e), None) if drop(e) => cutting = Some((before, 0)),
            (Event::Empty(e), None) if drop(e) => cuts.push(before..after),
            _ => {}
        }
    }
    if cutting.is_some() {
        return None;
    }
    let mut out = Vec::with_capacity(xml.len());
    let mut at = 0;
    for cut in cuts {
        out.extend_from_slice(&xml[at..cut.start]);
        at = cut.end;
    }
    out.extend_from_slice(&xml[at..]);
    Some(out)
}

/// The records of an xlsb part, read as calamine reads them: (type, the whole record, its body).
/// Stops at the first record that runs past the end.
pub(super) fn records(data: &[u8]) -> impl Iterator<Item = (u16, Range<usize>, Range<usize>)> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let start = at;
        let b0 = *data.get(at)?;
        at += 1;
        let typ = if b0 & 0x80 != 0 {
            let b1 = *data.get(at)?;
            at += 1;
            (b0 & 0x7F) as u16 + (((b1 & 0x7F) as u16) << 7)
        } else {
            b0 as u16
        };
        let mut len = 0usize;
        for i in 0..4 {
            let b = *data.get(at)?;
            at += 1;
            len += ((b & 0x7F) as usize) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        let body = at..at.checked_add(len).filter(|&end| end <= data.len())?;
        at = body.end;
        Some((typ, start..at, body))
    })
}

/// `BrtBundleSh`, a sheet of an xlsb workbook.
const BUNDLE_SHEET: u16 = 0x009C;

/// An xlsb UTF-16 string (a length, then that many code units) at the start of `data`, with the bytes it
/// took.
fn wide_str(data: &[u8]) -> Option<(String, usize)> {
    let len = u32::from_le_bytes(data.get(..4)?.try_into().ok()?) as usize;
    let end = len.checked_mul(2)?.checked_add(4)?;
    let units: Vec<u16> = data.get(4..end)?.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
    Some((String::from_utf16_lossy(&units), end))
}

/// The sheets of `xl/workbook.bin`, resolved through its relationships the way calamine does (every sheet
/// part is `xl/` and the target; its kind is the folder).
pub(super) fn xlsb_sheets(workbook: &[u8], rels: &[Relationship]) -> Option<Vec<SheetEntry>> {
    let mut sheets = Vec::new();
    for (typ, _, body) in records(workbook) {
        if typ != BUNDLE_SHEET {
            continue;
        }
        let body = &workbook[body];
        // hsState (4 bytes), iTabID (4), strRelID, strName. A sheet without a relationship id is skipped,
        // as calamine skips it.
        if body.get(8..12)? == [0xFF; 4] {
            continue;
        }
        let (id, used) = wide_str(body.get(8..)?)?;
        let (name, _) = wide_str(body.get(8 + used..)?)?;
        let rel = rels.iter().find(|r| r.id == id)?;
        let part = normalise_path(&format!("xl/{}", rel.target));
        let kind = match part.split('/').nth(1) {
            Some("worksheets") => SheetKind::Work,
            Some("chartsheets" | "dialogsheets") => SheetKind::Other,
            _ => SheetKind::Unsupported,
        };
        sheets.push(SheetEntry { name, part, kind });
    }
    Some(sheets)
}

/// `xl/workbook.bin` without the sheets (in workbook order, counting only those with a relationship) for
/// which `drop` says so.
pub(super) fn drop_xlsb_sheets(workbook: &[u8], mut drop: impl FnMut(usize) -> bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(workbook.len());
    let mut sheet = 0;
    let mut at = 0;
    for (typ, whole, body) in records(workbook) {
        at = whole.end;
        if typ == BUNDLE_SHEET && workbook.get(body.start + 8..body.start + 12) != Some(&[0xFF; 4]) {
            sheet += 1;
            if drop(sheet - 1) {
                continue;
            }
        }
        out.extend_from_slice(&workbook[whole]);
    }
    out.extend_from_slice(&workbook[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_are_cut_exactly() {
        let xml = br#"<wb><sheets><sheet name="A" r:id="1"/><sheet name="M" r:id="2"></sheet><sheet name="B" r:id="3"/></sheets></wb>"#;
        let out = drop_elements(xml, "sheet", |e| attr_local(e, "id").as_deref() == Some("2")).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<wb><sheets><sheet name="A" r:id="1"/><sheet name="B" r:id="3"/></sheets></wb>"#
        );
        let tables = br#"<t:doc><t:table n="1"><t:row><t:cell/></t:row></t:table><t:table n="2"/></t:doc>"#;
        let out = drop_elements(tables, "table", |e| attr_local(e, "n").as_deref() == Some("1")).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"<t:doc><t:table n="2"/></t:doc>"#);
    }

    #[test]
    fn the_styles_keep_only_their_number_formats() {
        let number_formats = r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>"#;
        let cell_formats = r#"<cellXfs count="2"><xf numFmtId="0" fontId="1"/><xf numFmtId="164" fontId="2" applyNumberFormat="1"><alignment wrapText="1"/></xf></cellXfs>"#;
        let styles = format!(
            r#"<?xml version="1.0"?><styleSheet xmlns="main">{number_formats}<fonts count="1"><font><b/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>{cell_formats}<cellStyles count="1"><cellStyle name="Normal" xfId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0"/><colors><indexedColors/></colors><extLst><ext uri="x"/></extLst></styleSheet>"#
        );
        let expected =
            format!(r#"<?xml version="1.0"?><styleSheet xmlns="main">{number_formats}{cell_formats}</styleSheet>"#);
        let cut = String::from_utf8(number_formats_only(styles.as_bytes()).unwrap()).unwrap();
        assert_eq!(cut, expected);
        assert_eq!(styles_cut_as_text(styles.as_bytes()), styles_cut_as_xml(styles.as_bytes()));
        // A `>` in an attribute value, and an extension list inside an element cut.
        let odd = styles
            .replace("<fonts count=\"1\">", "<fonts count=\"1\" note='a>b'>")
            .replace("<dxfs count=\"0\"/>", "<dxfs count=\"1\"><dxf><font/><extLst/></dxf></dxfs>");
        assert_eq!(String::from_utf8(styles_cut_as_text(odd.as_bytes()).unwrap()).unwrap(), expected);
        // A comment may hide an element's name: read as XML instead.
        let commented = styles.replace("<cellStyles", "<!-- <fonts> --><cellStyles");
        assert_eq!(styles_cut_as_text(commented.as_bytes()), None);
        let cut = String::from_utf8(number_formats_only(commented.as_bytes()).unwrap()).unwrap();
        assert_eq!(cut, expected.replace("</cellXfs>", "</cellXfs><!-- <fonts> -->"));
        // The same with a namespace prefix, as some programs write it.
        let prefixed = styles.replace("<", "<x:").replace("<x:/", "</x:").replace("<x:?", "<?");
        assert_eq!(styles_cut_as_text(prefixed.as_bytes()), None);
        let cut = String::from_utf8(number_formats_only(prefixed.as_bytes()).unwrap()).unwrap();
        assert!(cut.contains("<x:cellXfs count=\"2\">") && cut.contains("<x:numFmts count=\"1\">"), "{cut}");
        assert!(!cut.contains("<x:font") && !cut.contains("cellStyle") && !cut.contains("<x:ext"), "{cut}");
    }

    /// The styles of the workbooks rust_xlsxwriter, LibreOffice and openpyxl wrote are cut as text, the same
    /// as read as XML.
    #[test]
    fn real_styles_are_cut_as_text_as_they_are_as_xml() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join("samples/fabrikam-routewise.xlsx")];
        for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "xlsx") {
                files.push(path);
            }
        }
        assert!(files.len() > 5, "{files:?}");
        for path in files {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            let mut styles = Vec::new();
            std::io::Read::read_to_end(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
            let cut = styles_cut_as_text(&styles);
            assert!(cut.is_some(), "{path:?}");
            assert_eq!(cut, styles_cut_as_xml(&styles), "{path:?}");
            assert!(cut.unwrap().len() < styles.len(), "{path:?}");
        }
    }

    #[test]
    fn parts_that_hold_no_answers() {
        for part in ["xl/vbaproject.bin", "xl/macrosheets/sheet1.xml", "docprops/app.xml", "xl/theme/theme1.xml"] {
            assert!(holds_no_answers(part), "{part}");
        }
        for part in ["xl/worksheets/sheet1.xml", "xl/sharedstrings.xml", "xl/comments1.xml", "xl/workbook.xml"] {
            assert!(!holds_no_answers(part), "{part}");
        }
    }

    #[test]
    fn xlsb_records_and_sheets() {
        fn wide(s: &str) -> Vec<u8> {
            let mut out = (s.encode_utf16().count() as u32).to_le_bytes().to_vec();
            out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        let sheet = |id: &str, name: &str| {
            let mut body = vec![0u8; 8];
            body.extend(wide(id));
            body.extend(wide(name));
            let mut record = vec![0x9C, 0x01, body.len() as u8];
            record.extend(body);
            record
        };
        let mut bin = sheet("rId1", "Profile");
        bin.extend(sheet("rId2", "Macro1"));
        let rels = vec![
            Relationship { id: "rId1".into(), kind: "worksheet".into(), target: "worksheets/sheet1.bin".into() },
            Relationship { id: "rId2".into(), kind: "xlMacrosheet".into(), target: "macrosheets/sheet2.bin".into() },
        ];
        let sheets = xlsb_sheets(&bin, &rels).unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!((sheets[0].name.as_str(), sheets[0].kind), ("Profile", SheetKind::Work));
        assert_eq!(sheets[1].kind, SheetKind::Unsupported);
        let kept = drop_xlsb_sheets(&bin, |i| i == 1);
        assert_eq!(xlsb_sheets(&kept, &rels).unwrap().len(), 1);
    }
}
