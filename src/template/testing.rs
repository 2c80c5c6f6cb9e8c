//! Reading a written workbook back in tests: its sheets through calamine, its parts (styles, validations,
//! notes, links) as XML.

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Range, Reader, Xlsx};

use super::COL_KEY;
use crate::profile::Profile;

/// The partial sample profile, rich in gaps.
pub(crate) fn mueller() -> Profile {
    serde_json::from_str(include_str!("../../samples/mueller-soen-partial.json")).unwrap()
}

/// The complete sample profile.
pub(crate) fn fabrikam() -> Profile {
    serde_json::from_str(include_str!("../../samples/fabrikam-routewise.json")).unwrap()
}

pub(crate) fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

pub(crate) fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    open(bytes).worksheet_range(name).unwrap()
}

/// A part of the xlsx package, as text.
pub(crate) fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

pub(crate) fn text(range: &Range<Data>, row: u32, column: u16) -> String {
    range.get_value((row, column as u32)).and_then(|d| d.as_string()).unwrap_or_default()
}

/// The 0-based row of the Profile sheet that holds `key` in its Key column.
pub(crate) fn row_of(range: &Range<Data>, key: &str) -> u32 {
    (0..range.end().unwrap().0 + 1).find(|&row| text(range, row, COL_KEY) == key).unwrap()
}

/// The attribute `name` of the first XML element that starts with `element`.
pub(crate) fn attribute(xml: &str, element: &str, name: &str) -> Option<String> {
    let start = xml.find(element)?;
    let tag = &xml[start..start + xml[start..].find('>')?];
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[at..at + tag[at..].find('"')?].to_owned())
}

/// Whether the cell `reference` of the sheet part `sheet_xml` is unlocked, following its style index
/// into the cell formats of styles.xml.
pub(crate) fn unlocked(bytes: &[u8], sheet_xml: &str, reference: &str) -> bool {
    let style: usize = attribute(sheet_xml, &format!("<c r=\"{reference}\""), "s").map_or(0, |s| s.parse().unwrap());
    let styles = part(bytes, "xl/styles.xml");
    let cell_xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = cell_xfs.split("<xf ").nth(style + 1).unwrap();
    let xf = &xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()];
    xf.contains("locked=\"0\"")
}

/// The cell format (`<xf>` of styles.xml) of the cell `reference` of the sheet part `sheet_xml`.
fn cell_format(bytes: &[u8], sheet_xml: &str, reference: &str) -> (String, String) {
    let style: usize = attribute(sheet_xml, &format!("<c r=\"{reference}\""), "s").map_or(0, |s| s.parse().unwrap());
    let styles = part(bytes, "xl/styles.xml");
    let cell_xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = cell_xfs.split("<xf ").nth(style + 1).unwrap();
    (xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()].to_owned(), styles)
}

/// The fill colour (`FFRRGGBB`) of the cell `reference` of the sheet part `sheet_xml`, if it has one.
pub(crate) fn fill(bytes: &[u8], sheet_xml: &str, reference: &str) -> Option<String> {
    let (xf, styles) = cell_format(bytes, sheet_xml, reference);
    let fill: usize = attribute(&format!("<x {xf}>"), "<x", "fillId")?.parse().ok()?;
    let fills = &styles[styles.find("<fills")?..styles.find("</fills>")?];
    let fill = fills.split("<fill>").nth(fill + 1)?;
    attribute(fill, "<fgColor", "rgb")
}
