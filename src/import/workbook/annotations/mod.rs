//! What vendors attach to cells besides their values: comments and notes, and hyperlink targets. calamine
//! 0.38 reads none of them, so each format's parts are read here, after the guard has vetted the file and
//! calamine has read the cells, and attached to the sheets as [`Annotation`]s.
//!
//! * xlsx and xlsm ([`xlsx`]): legacy notes (`xl/comments*.xml`), threaded comments
//!   (`xl/threadedComments/*.xml`, their authors from `xl/persons/person.xml`) and the sheet's
//!   `<hyperlinks>` (an external target from the sheet's relationships, or a `location` in the workbook);
//! * ods ([`ods`]): `office:annotation` elements and `text:a` links in the cells of `content.xml`;
//! * xls ([`xls`]): notes (the NOTE records with the text of their TXO objects) and hyperlinks (HLINK
//!   records), from a walk of the BIFF8 workbook stream; the notes of BIFF5 files (Excel 95) are not read.
//! * xlsb keeps its comments in binary parts and its hyperlinks in binary records, which nothing here reads:
//!   when its sheets have any, every sheet says so ([`xlsb_warning`]). csv has none.
//!
//! Reading them never refuses a workbook: the answers are already read, so a damaged comments part, a part
//! over the limits or a comment beyond them becomes a sentence in [`Sheet::annotations_unread`], which the
//! importer reports. Every zip member is opened through the guarded zip access after [`check_zip`] has
//! vetted the archive, and read through a size-capped reader; the XML is streamed, with entities other than
//! XML's own left unexpanded. Only the sheets calamine read are looked at.
//!
//! [`check_zip`]: super::zip_guard::check_zip

mod ods;
mod xls;
mod xlsx;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::zip_guard::open_zip;
use super::{cell_ref, Annotation, AnnotationKind, Format, Limits, LinkHints, Sheet};

/// Reads the comments, notes and hyperlinks of the workbook's `sheets` from its bytes and attaches them.
/// Never fails: what cannot be read is recorded in each sheet's `annotations_unread`.
pub(super) fn attach(bytes: &[u8], format: Format, limits: &Limits, links: &LinkHints, sheets: &mut [Sheet]) {
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let mut found = Collector::new(limits, &names);
    match format {
        Format::Xlsx | Format::Xlsm => xlsx::read(bytes, limits, links, &mut found),
        Format::Ods => ods::read(bytes, limits, &mut found),
        Format::Xls => xls::read(bytes, &mut found),
        Format::Xlsb => xlsb_warning(bytes, limits, &mut found),
        Format::Csv | Format::Json => {}
    }
    for sheet in sheets {
        if let Some(mut one) = found.sheets.remove(&sheet.name) {
            // A stable sort keeps the file's order at one cell (a thread's replies after its comment).
            one.annotations.sort_by_key(|a| (a.row, a.col, a.kind));
            sheet.annotations = one.annotations;
            sheet.annotations_unread = one.unread;
        }
    }
}

/// xlsb keeps comments in binary parts and hyperlinks in the sheets' binary records, which nothing here
/// reads; when the workbook's sheets have any (their relationships, which are XML, say so), say that they
/// were not read rather than leave them out silently.
fn xlsb_warning(bytes: &[u8], limits: &Limits, found: &mut Collector) {
    let Ok(mut parts) = Parts::open(bytes, limits) else { return };
    let rels: Vec<String> = parts
        .zip
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("xl/worksheets/_rels/") && n.ends_with(".rels"))
        .map(|n| n.into_owned())
        .collect();
    let mut kinds = BTreeSet::new();
    for name in rels {
        let text = parts.text(&name).ok().flatten().unwrap_or_default();
        for (marker, kind) in
            [("/comments\"", "comments"), ("/threadedComment\"", "comments"), ("/hyperlink\"", "hyperlinks")]
        {
            if text.contains(marker) {
                kinds.insert(kind);
            }
        }
    }
    if !kinds.is_empty() {
        let what = kinds.into_iter().collect::<Vec<_>>().join(" and ");
        found.unread_everywhere(&format!("the {what} of an xlsb workbook are not read; save it as xlsx to keep them"));
    }
}

/// What was found on one sheet.
#[derive(Default)]
struct Found {
    annotations: Vec<Annotation>,
    unread: Vec<String>,
}

/// Collects annotations by sheet name, within the limits: positions inside the sheet limits, text cut at
/// [`Limits::max_cell_chars`], and at most [`Limits::max_cells`] annotations in the workbook.
struct Collector<'l> {
    limits: &'l Limits,
    sheets: BTreeMap<String, Found>,
    total: u64,
}

impl<'l> Collector<'l> {
    fn new(limits: &'l Limits, names: &[String]) -> Self {
        let sheets = names.iter().map(|n| (n.clone(), Found::default())).collect();
        Collector { limits, sheets, total: 0 }
    }

    /// Whether annotations of this sheet are wanted (calamine read the sheet).
    fn wants(&self, sheet: &str) -> bool {
        self.sheets.contains_key(sheet)
    }

    /// The names of the wanted sheets.
    fn names(&self) -> Vec<String> {
        self.sheets.keys().cloned().collect()
    }

    /// Records that some annotations of `sheet` could not be read, and why, as a sentence naming the sheet.
    fn unread(&mut self, sheet: &str, why: impl AsRef<str>) {
        let sentence = format!("sheet \"{sheet}\": {}", why.as_ref());
        self.note_unread(sheet, sentence);
    }

    /// Records that annotations of the whole workbook could not be read, and why, on every sheet (the
    /// importer reports the sentence once).
    fn unread_everywhere(&mut self, why: &str) {
        for name in self.names() {
            self.note_unread(&name, why.to_owned());
        }
    }

    fn note_unread(&mut self, sheet: &str, sentence: String) {
        if let Some(found) = self.sheets.get_mut(sheet) {
            if !found.unread.contains(&sentence) {
                found.unread.push(sentence);
            }
        }
    }

    /// Adds one annotation; empty text is no annotation.
    fn add(&mut self, sheet: &str, (row, col): (u64, u64), kind: AnnotationKind, author: Option<String>, text: &str) {
        let text = text.trim();
        if text.is_empty() || !self.wants(sheet) {
            return;
        }
        let what = match kind {
            AnnotationKind::Comment => "comment",
            AnnotationKind::Link => "hyperlink",
        };
        if row >= self.limits.max_rows as u64 || col >= self.limits.max_cols as u64 {
            let place = match (u32::try_from(row), u32::try_from(col)) {
                (Ok(r), Ok(c)) => cell_ref(r, c),
                _ => format!("row {row}, column {col}"),
            };
            self.unread(sheet, format!("a {what} at {place} lies beyond the sheet's limits and was not read"));
            return;
        }
        self.total += 1;
        if self.total > self.limits.max_cells {
            let limit = self.limits.max_cells;
            self.unread(
                sheet,
                format!("the workbook has more than {limit} comments and links; the rest were not read"),
            );
            return;
        }
        let max = self.limits.max_cell_chars;
        let mut text = text.to_owned();
        if text.len() > max {
            let chars = text.chars().count();
            if chars > max {
                let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
                text.truncate(end);
                let place = cell_ref(row as u32, col as u32);
                self.unread(sheet, format!("the {what} at {place} has {chars} characters; the first {max} are kept"));
            }
        }
        let author = author.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
        if let Some(found) = self.sheets.get_mut(sheet) {
            found.annotations.push(Annotation { row: row as u32, col: col as u32, kind, author, text });
        }
    }
}

/// The members of a zip-based workbook, opened through the guard's zip access. [`super::read_workbook`]
/// calls [`attach`] only after `check_zip` has vetted every member; each read here is capped all the same.
struct Parts<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
}

impl<'a> Parts<'a> {
    fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, String> {
        let zip = open_zip(bytes, limits).map_err(|e| e.to_string())?;
        Ok(Parts { zip, limits })
    }

    /// The text of the member `name` (matched without regard to case, as OPC part names are), `None` when
    /// there is none. A member larger than the limit, or not UTF-8, is an error naming it.
    fn text(&mut self, name: &str) -> Result<Option<String>, String> {
        let name = name.trim_start_matches('/');
        let index = self.zip.index_for_name(name).or_else(|| {
            let found = self.zip.file_names().flatten().find(|n| n.eq_ignore_ascii_case(name)).map(|n| n.into_owned());
            found.and_then(|n| self.zip.index_for_name(&n))
        });
        let Some(index) = index else { return Ok(None) };
        let cap = self.limits.max_uncompressed_bytes;
        let file = self.zip.by_index(index).map_err(|e| format!("\"{name}\" is damaged: {e}"))?;
        let declared = file.size();
        if declared > cap {
            return Err(format!("\"{name}\" claims {declared} bytes, more than the limit of {cap}"));
        }
        let mut bytes = Vec::new();
        file.take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("\"{name}\" is damaged: {}", e.to_string().to_lowercase()))?;
        if bytes.len() as u64 > cap {
            return Err(format!("\"{name}\" decompresses to more than {cap} bytes, the limit"));
        }
        String::from_utf8(bytes).map(Some).map_err(|_| format!("\"{name}\" is not UTF-8 text"))
    }
}

/// The value of the attribute whose local name (the name without a namespace prefix) is `key`, with XML's
/// own entities and character references resolved; other entities are left as written.
fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == key).map(|a| {
        let raw: &str = &a.value;
        quick_xml::escape::unescape(raw).map(|v| v.into_owned()).unwrap_or_else(|_| raw.to_owned())
    })
}

/// The local name of an element, without its namespace prefix.
fn local<'e>(e: &'e BytesStart<'_>) -> &'e str {
    e.local_name().into_inner()
}

/// Appends the character data of a text, entity or CDATA event to `out`: XML's five entities and character
/// references are resolved, any other entity is kept as written and never expanded.
fn push_text(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) => out.push_str(&t.xml10_content()),
        Event::CData(t) => out.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => out.push(c),
            _ => {
                let name = r.xml10_content();
                match quick_xml::escape::resolve_predefined_entity(&name) {
                    Some(s) => out.push_str(s),
                    None => {
                        out.push('&');
                        out.push_str(&name);
                        out.push(';');
                    }
                }
            }
        },
        _ => {}
    }
}

/// `A1`-style reference (`D14`, `$D$14`, or the first cell of `D14:E20`) as 0-based (row, column).
fn parse_ref(reference: &str) -> Option<(u64, u64)> {
    let first = reference.split(':').next()?.trim().replace('$', "");
    let letters = first.chars().take_while(char::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = first[..letters].bytes().fold(0u64, |acc, b| acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u64 = first[letters..].parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// Removes the author line spreadsheet programs put at the top of a note (`Jane Doe:` and a line break):
/// it names the author, who is kept apart, and is not what they wrote.
fn strip_author_prefix(text: &str, author: Option<&str>) -> String {
    if let Some(author) = author.map(str::trim).filter(|a| !a.is_empty()) {
        if let Some(rest) = text.trim_start().strip_prefix(author).and_then(|r| r.strip_prefix(':')) {
            if rest.is_empty() || rest.starts_with(['\n', '\r']) {
                return rest.trim().to_owned();
            }
        }
    }
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(parse_ref("D14"), Some((13, 3)));
        assert_eq!(parse_ref("$AA$1"), Some((0, 26)));
        assert_eq!(parse_ref("B2:C9"), Some((1, 1)));
        assert_eq!(parse_ref("D0"), None);
        assert_eq!(parse_ref("14"), None);
        assert_eq!(parse_ref("ABCD1"), None);
    }

    #[test]
    fn the_author_line_of_a_note_is_not_its_text() {
        assert_eq!(strip_author_prefix("Jane Doe:\nCheck this", Some("Jane Doe")), "Check this");
        assert_eq!(strip_author_prefix("Jane Doe: check this", Some("Jane Doe")), "Jane Doe: check this");
        assert_eq!(strip_author_prefix("Check this", Some("Jane Doe")), "Check this");
        assert_eq!(strip_author_prefix(" Author:\n", None), "Author:");
    }

    #[test]
    fn xlsb_comments_and_links_are_said_to_be_unread() {
        use std::io::Write;
        let zip_of = |rels: &str| {
            let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
            out.start_file("xl/worksheets/_rels/sheet1.bin.rels", zip::write::SimpleFileOptions::default()).unwrap();
            out.write_all(rels.as_bytes()).unwrap();
            out.finish().unwrap().into_inner()
        };
        let limits = Limits::default();
        let names = ["Profile".to_owned(), "Components".to_owned()];
        let with = zip_of(
            r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.bin"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://x.example" TargetMode="External"/></Relationships>"#,
        );
        let mut found = Collector::new(&limits, &names);
        xlsb_warning(&with, &limits, &mut found);
        let sentence = "the comments and hyperlinks of an xlsb workbook are not read; save it as xlsx to keep them";
        assert_eq!(found.sheets["Profile"].unread, [sentence]);
        assert_eq!(found.sheets["Components"].unread, [sentence]);
        let without = zip_of(
            r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>"#,
        );
        let mut found = Collector::new(&limits, &names);
        xlsb_warning(&without, &limits, &mut found);
        assert!(found.sheets["Profile"].unread.is_empty());
    }

    #[test]
    fn the_collector_keeps_within_the_limits() {
        let limits = Limits { max_cells: 2, max_cell_chars: 5, max_rows: 10, ..Limits::default() };
        let mut found = Collector::new(&limits, &["Profile".to_owned()]);
        found.add("Profile", (0, 0), AnnotationKind::Comment, Some(" Jo ".into()), "  Hello world ");
        found.add("Profile", (0, 1), AnnotationKind::Comment, None, "   ");
        found.add("Profile", (11, 0), AnnotationKind::Link, None, "https://x");
        found.add("Other", (0, 0), AnnotationKind::Link, None, "https://x");
        found.add("Profile", (1, 0), AnnotationKind::Link, None, "https://x");
        found.add("Profile", (2, 0), AnnotationKind::Link, None, "https://y");
        let profile = &found.sheets["Profile"];
        let texts: Vec<(&str, Option<&str>)> =
            profile.annotations.iter().map(|a| (a.text.as_str(), a.author.as_deref())).collect();
        assert_eq!(texts, [("Hello", Some("Jo")), ("https", None)]);
        assert_eq!(
            profile.unread,
            [
                "sheet \"Profile\": the comment at A1 has 11 characters; the first 5 are kept",
                "sheet \"Profile\": a hyperlink at A12 lies beyond the sheet's limits and was not read",
                "sheet \"Profile\": the hyperlink at A2 has 9 characters; the first 5 are kept",
                "sheet \"Profile\": the workbook has more than 2 comments and links; the rest were not read",
            ]
        );
    }
}
