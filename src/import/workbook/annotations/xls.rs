//! xls (BIFF8): notes and hyperlinks from a walk of the workbook stream, which the pre-scan has already
//! checked record by record. A note is a NOTE record (its cell, its author and the id of its drawing
//! object) whose text stands in the TXO record of that object and the CONTINUE records after it
//! ([MS-XLS] 2.4.179, 2.4.181, 2.4.329); a hyperlink is an HLINK record (2.4.140) whose target is a URL or
//! file moniker, a string, or a place in the workbook. BIFF5 files (Excel 95) keep the text of a note in
//! the NOTE record in a different layout: their notes are left unread, and so said when there are any.

use std::collections::BTreeMap;

use super::Collector;
use crate::import::workbook::cfb::Cfb;
use crate::import::workbook::AnnotationKind;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const OBJ: u16 = 0x005D;
const TXO: u16 = 0x01B6;
const CONTINUE: u16 = 0x003C;
const NOTE: u16 = 0x001C;
const HLINK: u16 = 0x01B8;

/// The object type of a note's drawing object in its OBJ record (ftCmo.ot).
const OBJECT_NOTE: u16 = 0x0019;

/// The class ids of the monikers a hyperlink names its target with, as stored (little-endian fields).
const URL_MONIKER: [u8; 16] =
    [0xE0, 0xC9, 0xEA, 0x79, 0xF9, 0xBA, 0xCE, 0x11, 0x8C, 0x82, 0x00, 0xAA, 0x00, 0x4B, 0xA9, 0x0B];
const FILE_MONIKER: [u8; 16] = [0x03, 0x03, 0, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46];

pub(super) fn read(bytes: &[u8], found: &mut Collector) {
    let cfb = match Cfb::parse(bytes) {
        Ok(cfb) => cfb,
        Err(e) => return found.unread_everywhere(&format!("the notes and links could not be read: {e}")),
    };
    let stream = match cfb.stream(bytes, "Workbook") {
        Ok(Some(stream)) => stream,
        // A BIFF5 file has a "Book" stream instead; its notes are not read, and said so if it has any.
        Ok(None) => {
            if let Ok(Some(book)) = cfb.stream(bytes, "Book") {
                if records(&book).any(|(typ, _)| typ == NOTE) {
                    found.unread_everywhere(
                        "the notes of an Excel 95 workbook are not read; save it as xlsx to keep them",
                    );
                }
            }
            return;
        }
        Err(e) => return found.unread_everywhere(&format!("the notes and links could not be read: {e}")),
    };
    for (name, offset) in sheets(&stream) {
        if found.wants(&name) {
            if let Some(rest) = stream.get(offset..) {
                read_sheet(rest, &name, found);
            }
        }
    }
}

/// The records of a stream as (type, data), until the stream ends or a record runs past it.
fn records(mut s: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || {
        let typ = u16_at(s, 0)?;
        let len = u16_at(s, 2)? as usize;
        let data = s.get(4..4 + len)?;
        s = &s[4 + len..];
        Some((typ, data))
    })
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The worksheets of the globals (BoundSheet8 records), with the offset of each one's substream.
fn sheets(stream: &[u8]) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            // BoundSheet8: offset(4) state(1) type(1, 0 = worksheet) then a ShortXLUnicodeString.
            BOUND_SHEET if data.get(5) == Some(&0) => {
                let count = data.get(6).copied().unwrap_or(0) as usize;
                let (name, _) = chars(data.get(7..).unwrap_or_default(), count);
                out.push((name, u32_at(data, 0).unwrap_or(u32::MAX) as usize));
            }
            EOF => break,
            _ => {}
        }
    }
    out
}

/// `count` characters after a one-byte flag (bit 0: two bytes a character, else one), as far as `data`
/// holds them; with the number of characters read.
fn chars(data: &[u8], count: usize) -> (String, usize) {
    let Some((&flag, rest)) = data.split_first() else { return (String::new(), 0) };
    if flag & 1 == 1 {
        let units: Vec<u16> = rest.chunks_exact(2).take(count).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
        (String::from_utf16_lossy(&units), units.len())
    } else {
        // Compressed: the low bytes of UTF-16 code units, that is Latin-1.
        let text: String = rest.iter().take(count).map(|&b| char::from(b)).collect();
        let n = text.chars().count();
        (text, n)
    }
}

/// The notes and hyperlinks of one sheet's substream.
fn read_sheet(substream: &[u8], sheet: &str, found: &mut Collector) {
    let mut texts: BTreeMap<u16, String> = BTreeMap::new();
    let mut notes: Vec<((u64, u64), u16, String)> = Vec::new();
    // The id of the note object whose OBJ record came last, for the TXO record that follows it.
    let mut note_object: Option<u16> = None;
    // The TXO text being read from CONTINUE records: the object, the text so far, the characters to come.
    let mut reading: Option<(u16, String, usize)> = None;
    let mut depth = 0usize;
    let mut seen_bof = false;
    for (typ, data) in records(substream) {
        // Embedded chart substreams have their own BOF and EOF.
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF if depth > 0 => depth -= 1,
            EOF => break,
            _ => {}
        }
        if depth > 0 {
            continue;
        }
        if typ == CONTINUE {
            if let Some((id, text, remaining)) = reading.as_mut() {
                let (more, n) = chars(data, *remaining);
                text.push_str(&more);
                *remaining -= n.min(*remaining);
                if *remaining == 0 || n == 0 {
                    texts.insert(*id, std::mem::take(text));
                    reading = None;
                }
            }
            continue;
        }
        if let Some((id, text, _)) = reading.take() {
            texts.insert(id, text);
        }
        match typ {
            // ftCmo first: ft 0x15, cb, then the object type and id.
            OBJ if u16_at(data, 0) == Some(0x0015) => {
                note_object = (u16_at(data, 4) == Some(OBJECT_NOTE)).then(|| u16_at(data, 6)).flatten();
            }
            TXO => {
                if let Some(id) = note_object.take() {
                    let count = u16_at(data, 10).unwrap_or(0) as usize;
                    reading = (count > 0).then(|| (id, String::new(), count));
                }
            }
            // NoteSh: row, column, flags, object id, then the author as an XLUnicodeString.
            NOTE => {
                let (Some(row), Some(col), Some(id)) = (u16_at(data, 0), u16_at(data, 2), u16_at(data, 6)) else {
                    continue;
                };
                let count = u16_at(data, 8).unwrap_or(0) as usize;
                let (author, _) = chars(data.get(10..).unwrap_or_default(), count);
                notes.push(((row.into(), col.into()), id, author));
            }
            HLINK => {
                if let (Some(row), Some(col), Some(target)) = (u16_at(data, 0), u16_at(data, 4), link_target(data)) {
                    found.add(sheet, (row.into(), col.into()), AnnotationKind::Link, None, &target);
                }
            }
            _ => {}
        }
    }
    if let Some((id, text, _)) = reading {
        texts.insert(id, text);
    }
    let mut lost = 0;
    for (cell, id, author) in notes {
        match texts.get(&id) {
            Some(text) => found.add(sheet, cell, AnnotationKind::Comment, Some(author), text),
            None => lost += 1,
        }
    }
    if lost > 0 {
        found.unread(sheet, format!("{lost} note(s) without a text object could not be read"));
    }
}

/// A cursor over a record's bytes that fails softly at the end.
struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }

    fn u16(&mut self) -> Option<u16> {
        self.take(2).and_then(|b| u16_at(b, 0))
    }

    fn u32(&mut self) -> Option<u32> {
        self.take(4).and_then(|b| u32_at(b, 0))
    }

    /// UTF-16 text of `units` code units, up to its first NUL.
    fn utf16(&mut self, units: usize) -> Option<String> {
        let bytes = self.take(units.checked_mul(2)?)?;
        let units: Vec<u16> =
            bytes.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).take_while(|&u| u != 0).collect();
        Some(String::from_utf16_lossy(&units))
    }

    /// A HyperlinkString: a count of characters (with the closing NUL), then UTF-16.
    fn hyperlink_string(&mut self) -> Option<String> {
        let units = self.u32()? as usize;
        self.utf16(units)
    }
}

/// The target of an HLINK record: `url#place`, `url`, or `place`.
fn link_target(data: &[u8]) -> Option<String> {
    // ref8 (8 bytes) and the hyperlink's class id (16), then the Hyperlink Object: version and flags.
    let mut c = Cursor { data, at: 24 };
    let _version = c.u32()?;
    let flags = c.u32()?;
    let has = |bit: u32| flags & (1 << bit) != 0;
    if has(4) {
        c.hyperlink_string()?; // the display name
    }
    if has(7) {
        c.hyperlink_string()?; // the target frame
    }
    let mut url = None;
    if has(0) {
        url = if has(8) { c.hyperlink_string() } else { moniker(&mut c) };
    }
    let place = if has(3) { c.hyperlink_string() } else { None };
    let url = url.filter(|u| !u.trim().is_empty());
    let place = place.filter(|p| !p.trim().is_empty());
    match (url, place) {
        (Some(url), Some(place)) => Some(format!("{url}#{place}")),
        (url, place) => url.or(place),
    }
}

/// The target a URL or file moniker names; other monikers are not read.
fn moniker(c: &mut Cursor) -> Option<String> {
    let class = c.take(16)?;
    if class == URL_MONIKER {
        let bytes = c.u32()? as usize;
        return c.utf16(bytes / 2);
    }
    if class == FILE_MONIKER {
        let up = c.u16()? as usize;
        let ansi_len = c.u32()? as usize;
        let ansi: String = c.take(ansi_len)?.iter().take_while(|&&b| b != 0).map(|&b| char::from(b)).collect();
        // endServer, versionNumber, reserved (16 + 4 bytes), then the optional Unicode path.
        c.take(2 + 2 + 16 + 4)?;
        let unicode = match c.u32() {
            Some(size) if size > 0 => {
                let bytes = c.u32()? as usize;
                c.u16()?;
                c.utf16(bytes / 2)
            }
            _ => None,
        };
        let path = unicode.unwrap_or(ansi);
        return Some(format!("{}{path}", "../".repeat(up.min(64))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect()
    }

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn a_url_hyperlink_and_a_place() {
        let mut data = vec![3, 0, 3, 0, 2, 0, 2, 0];
        data.extend([0u8; 16]);
        data.extend(2u32.to_le_bytes());
        data.extend((1u32 | 1 << 3 | 1 << 4).to_le_bytes());
        let display = utf16("Our diagram");
        data.extend((display.len() as u32 / 2).to_le_bytes());
        data.extend(&display);
        data.extend(URL_MONIKER);
        let url = utf16("https://example.com/d.pdf");
        data.extend((url.len() as u32).to_le_bytes());
        data.extend(&url);
        let place = utf16("Page2");
        data.extend((place.len() as u32 / 2).to_le_bytes());
        data.extend(&place);
        assert_eq!(link_target(&data).as_deref(), Some("https://example.com/d.pdf#Page2"));
        // Cut anywhere, the record gives no target rather than a wrong one or a panic.
        for end in 0..data.len() - 1 {
            let target = link_target(&data[..end]);
            assert!(target.is_none() || target.as_deref() == Some("https://example.com/d.pdf"), "{end}");
        }
    }

    #[test]
    fn a_note_with_its_text_in_continue_records() {
        let mut obj = vec![0x15, 0, 0x12, 0, 0x19, 0, 7, 0];
        obj.extend([0u8; 14]);
        let mut txo = vec![0u8; 18];
        txo[10] = 11; // "Hello wörld": 11 characters
        let mut stream = record(BOF, &[0; 16]);
        stream.extend(record(OBJ, &obj));
        stream.extend(record(TXO, &txo));
        stream.extend(record(CONTINUE, b"\x00Hello "));
        stream.extend(record(CONTINUE, &[&[1u8][..], &utf16("wörld")[..10]].concat()));
        stream.extend(record(CONTINUE, &[0; 16]));
        let mut note = vec![3, 0, 1, 0, 0, 0, 7, 0, 4, 0, 0];
        note.extend(b"Jane\0");
        stream.extend(record(NOTE, &note));
        stream.extend(record(EOF, &[]));
        let limits = crate::import::Limits::default();
        let mut found = Collector::new(&limits, &["Profile".to_owned()]);
        read_sheet(&stream, "Profile", &mut found);
        let profile = &found.sheets["Profile"];
        assert_eq!(profile.unread, Vec::<String>::new());
        let got: Vec<(u32, u32, Option<&str>, &str)> =
            profile.annotations.iter().map(|a| (a.row, a.col, a.author.as_deref(), a.text.as_str())).collect();
        assert_eq!(got, [(3, 1, Some("Jane"), "Hello wörld")]);
    }
}
