//! What the zip guard looks at while it inflates a member: the xlsx shared strings counted (the real
//! entries, not the header's claim), the xlsb record framing walked (with its shared strings counted and,
//! in a sheet, the error codes calamine does not know found), and whether an xlsx sheet holds error values
//! at all, and if so which of them calamine does not know.

use std::ops::Range;

use quick_xml::events::Event;

use super::{count, Limits, ReadError, SheetErrors};

/// What is looked at while a member is inflated.
#[derive(Clone)]
pub(super) enum Inspect {
    None,
    /// xlsx shared strings: the real entries counted, the header's claim read.
    SharedStrings,
    /// An xlsb part of records: the framing walked; for a sheet read, its error values found.
    Records(Option<String>),
    /// An xlsx sheet read: whether it holds error cells at all (then its XML is looked at closely).
    ErrorCells(String),
    /// Kept whole (the ods content and manifest).
    Keep,
}

/// Looks at a member while it is inflated.
pub(super) enum Inspector {
    None,
    SharedStrings(SharedStrings),
    Records(RecordWalker),
    ErrorCells(ErrorPrefilter),
    Keep(Vec<u8>),
}

impl Inspector {
    pub(super) fn new(inspect: &Inspect, name: &str, limits: &Limits) -> Inspector {
        match inspect {
            Inspect::None => Inspector::None,
            Inspect::SharedStrings => Inspector::SharedStrings(SharedStrings::new(name, limits.max_cells)),
            Inspect::Records(sheet) => Inspector::Records(RecordWalker {
                sheet: sheet.is_some(),
                max_strings: limits.max_cells,
                name: name.to_owned(),
                ..RecordWalker::default()
            }),
            Inspect::ErrorCells(_) => Inspector::ErrorCells(ErrorPrefilter::default()),
            Inspect::Keep => Inspector::Keep(Vec::new()),
        }
    }

    pub(super) fn feed(&mut self, chunk: &[u8]) -> Result<(), ReadError> {
        match self {
            Inspector::None => Ok(()),
            Inspector::SharedStrings(counter) => counter.feed(chunk),
            Inspector::Records(walker) => walker.feed(chunk),
            Inspector::ErrorCells(scan) => {
                scan.feed(chunk);
                Ok(())
            }
            Inspector::Keep(data) => {
                data.extend_from_slice(chunk);
                Ok(())
            }
        }
    }

    /// Why the member is damaged, if what was seen says so.
    pub(super) fn finish(&self) -> Result<(), String> {
        match self {
            Inspector::Records(walker) if !walker.is_clean() => {
                Err("its last record runs past the end of the part".into())
            }
            _ => Ok(()),
        }
    }
}

/// How much of sharedStrings.xml to keep to find the `<sst>` element.
const SST_HEAD: usize = 64 * 1024;

/// Counts the entries of xlsx shared strings as they are inflated (the `si` elements, whatever their
/// prefix), and reads the header's claim.
pub(super) struct SharedStrings {
    name: String,
    max: u64,
    entries: u64,
    head: Vec<u8>,
    /// What the header claims.
    pub(super) claim: Option<u64>,
    /// The name of the tag being read, after a `<`: its first [`TAG_KEPT`] bytes and how many of them there
    /// are; `None` outside a tag.
    tag: Option<([u8; TAG_KEPT], usize)>,
}

/// How much of a tag's name [`SharedStrings`] keeps: tag names that matter are short, and a longer one is
/// not `si`.
const TAG_KEPT: usize = 16;

impl SharedStrings {
    fn new(name: &str, max: u64) -> SharedStrings {
        SharedStrings { name: name.to_owned(), max, entries: 0, head: Vec::new(), claim: None, tag: None }
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), ReadError> {
        if self.head.len() < SST_HEAD {
            let room = SST_HEAD - self.head.len();
            self.head.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if self.claim.is_none() {
                self.claim = unique_count(&self.head).map(|(claim, _)| claim);
            }
        }
        let mut at = 0;
        while at < chunk.len() {
            let Some((name, len)) = &mut self.tag else {
                // Outside a tag only the next `<` matters: jump to it rather than look at every byte.
                match memchr::memchr(b'<', &chunk[at..]) {
                    Some(k) => {
                        self.tag = Some(([0; TAG_KEPT], 0));
                        at += k + 1;
                        continue;
                    }
                    None => break,
                }
            };
            let b = chunk[at];
            at += 1;
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/') {
                let local = name[..*len].rsplit(|&c| c == b':').next().unwrap_or_default();
                if local == b"si" {
                    self.entries += 1;
                    if self.entries > self.max {
                        return Err(ReadError::too_large(format!(
                            "\"{}\" holds more strings than the limit of {}",
                            self.name,
                            count(self.max, "cell")
                        )));
                    }
                }
                self.tag = None;
            } else if *len < TAG_KEPT {
                name[*len] = b;
                *len += 1;
            }
        }
        Ok(())
    }

    /// The part with the header's claim set to the real count.
    pub(super) fn with_true_count(&self, mut data: Vec<u8>) -> Vec<u8> {
        if let Some((_, digits)) = unique_count(&data[..data.len().min(SST_HEAD)]) {
            data.splice(digits, self.entries.to_string().into_bytes());
        }
        data
    }
}

/// The `uniqueCount` of the `<sst>` element in the head of shared strings, with where its digits stand.
fn unique_count(head: &[u8]) -> Option<(u64, Range<usize>)> {
    const ATTR: &[u8] = b"uniqueCount=";
    let pos = head.windows(ATTR.len()).position(|w| w == ATTR)?;
    let mut start = pos + ATTR.len();
    if matches!(head.get(start), Some(b'"' | b'\'')) {
        start += 1;
    }
    let end = start + head.get(start..)?.iter().take_while(|b| b.is_ascii_digit()).count();
    // Only a claim whose quote closes was read whole.
    if end == start || !matches!(head.get(end), Some(b'"' | b'\'')) {
        return None;
    }
    let digits = std::str::from_utf8(&head[start..end]).ok()?;
    // More digits than a u64 holds is a claim over any limit.
    let claim = if digits.len() > 19 { u64::MAX } else { digits.parse().ok()? };
    Some((claim, start..end))
}

/// The xlsb error codes calamine knows (MS-XLSB BErr).
const XLSB_KNOWN_ERRORS: [u8; 8] = [0x00, 0x07, 0x0F, 0x17, 0x1D, 0x24, 0x2A, 0x2B];

/// `#N/A`, which a code calamine does not know is swapped for.
pub(super) const XLSB_NA: u8 = 0x2A;

/// The text of an xlsb error code calamine does not know: the codes newer Excel writes for its newer error
/// values, as observed in files (MS-XLSB lists only the classic ones).
pub(super) fn xlsb_error_literal(code: u8) -> String {
    match code {
        0x2C => "#SPILL!".into(),
        0x2D => "#CALC!".into(),
        0x2E => "#FIELD!".into(),
        0x2F => "#CONNECT!".into(),
        0x30 => "#BLOCKED!".into(),
        0x31 => "#UNKNOWN!".into(),
        other => format!("#ERROR({other:#04x})"),
    }
}

/// Streaming walk of xlsb records (MS-XLSB 2.1.4: a 1–2 byte type and a 1–4 byte length, 7 bits per byte),
/// so that no record claims more bytes than the part holds; it counts the shared strings and, in a sheet,
/// finds the error cells whose code calamine does not know.
#[derive(Default)]
pub(super) struct RecordWalker {
    name: String,
    /// The part is a sheet that is read.
    sheet: bool,
    max_strings: u64,
    /// Bytes of the part seen.
    offset: u64,
    /// Header bytes of the current record: the type's first byte, if it has a second.
    type_first: Option<u8>,
    typ: Option<u16>,
    len_bytes: u8,
    len: u64,
    /// Body bytes of the current record still to come, and where it started.
    remaining: u64,
    body_start: u64,
    in_body: bool,
    /// The first bytes of the current body.
    body: Vec<u8>,
    /// The row of the cells that follow (`BrtRowHdr`).
    row: u32,
    strings: u64,
    /// Error cells calamine does not know: (row, column, code, offset of the code in the part).
    pub(super) errors: Vec<(u32, u32, u8, u64)>,
}

/// How much of a record's body the walker keeps: enough for a cell's column and value.
const RECORD_HEAD: usize = 16;

impl RecordWalker {
    fn feed(&mut self, mut chunk: &[u8]) -> Result<(), ReadError> {
        while !chunk.is_empty() {
            if self.in_body {
                let take = self.remaining.min(chunk.len() as u64) as usize;
                let keep = take.min(RECORD_HEAD.saturating_sub(self.body.len()));
                self.body.extend_from_slice(&chunk[..keep]);
                self.remaining -= take as u64;
                self.offset += take as u64;
                chunk = &chunk[take..];
                if self.remaining == 0 {
                    self.record()?;
                }
                continue;
            }
            let b = chunk[0];
            chunk = &chunk[1..];
            self.offset += 1;
            self.header_byte(b)?;
        }
        Ok(())
    }

    fn header_byte(&mut self, b: u8) -> Result<(), ReadError> {
        // Type: one byte, or two when the first has the high bit (calamine's `read_type`).
        if self.typ.is_none() {
            match self.type_first.take() {
                None if b & 0x80 != 0 => self.type_first = Some(b),
                None => self.typ = Some(b as u16),
                Some(first) => self.typ = Some((first & 0x7F) as u16 + (((b & 0x7F) as u16) << 7)),
            }
            return Ok(());
        }
        // Length: up to four bytes, 7 bits each, little end first.
        self.len |= ((b & 0x7F) as u64) << (7 * self.len_bytes as u64);
        self.len_bytes += 1;
        if b & 0x80 == 0 || self.len_bytes == 4 {
            self.remaining = self.len;
            self.body_start = self.offset;
            self.in_body = true;
            if self.remaining == 0 {
                self.record()?;
            }
        }
        Ok(())
    }

    /// One record seen whole.
    fn record(&mut self) -> Result<(), ReadError> {
        let u32_at = |b: &[u8], i: usize| b.get(i..i + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
        match self.typ {
            // BrtRowHdr: the row of the cells that follow.
            Some(0x0000) if self.sheet => self.row = u32_at(&self.body, 0).unwrap_or(self.row),
            // BrtCellError: column, style, then the error code.
            Some(0x0003) if self.sheet => {
                if let (Some(col), Some(&code)) = (u32_at(&self.body, 0), self.body.get(8)) {
                    if !XLSB_KNOWN_ERRORS.contains(&code) {
                        self.errors.push((self.row, col, code, self.body_start + 8));
                    }
                }
            }
            // BrtSSTItem: one shared string.
            Some(0x0013) => {
                self.strings += 1;
                if self.strings > self.max_strings {
                    return Err(ReadError::too_large(format!(
                        "\"{}\" holds more strings than the limit of {}",
                        self.name,
                        count(self.max_strings, "cell")
                    )));
                }
            }
            _ => {}
        }
        self.typ = None;
        self.len = 0;
        self.len_bytes = 0;
        self.in_body = false;
        self.body.clear();
        Ok(())
    }

    fn is_clean(&self) -> bool {
        self.typ.is_none() && self.type_first.is_none() && !self.in_body
    }
}

/// Notices, while a sheet's XML is inflated, whether any cell holds an error value (`t="e"`): only then is
/// the sheet read again, closely, for values calamine does not know.
#[derive(Default)]
pub(super) struct ErrorPrefilter {
    /// The end of the previous chunk, for a match across two chunks.
    tail: Vec<u8>,
    pub(super) found: bool,
}

impl ErrorPrefilter {
    fn feed(&mut self, chunk: &[u8]) {
        if self.found {
            return;
        }
        let mut window = std::mem::take(&mut self.tail);
        window.extend_from_slice(&chunk[..chunk.len().min(8)]);
        let hit = |bytes: &[u8]| {
            memchr::memmem::find(bytes, b"t=\"e\"").is_some() || memchr::memmem::find(bytes, b"t='e'").is_some()
        };
        self.found = hit(&window) || hit(chunk);
        self.tail = chunk[chunk.len().saturating_sub(4)..].to_vec();
    }
}

/// The error values calamine's xlsx reader knows; any other (`#SPILL!`, `#CALC!`, `#GETTING_DATA`, ...) makes
/// it give up on the whole file.
const XLSX_KNOWN_ERRORS: [&str; 7] = ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"];

/// A sheet's XML with every error value calamine does not know replaced by `#N/A`, and the real values by
/// position; `None` when there is none. Positions are found the way calamine's cell reader finds them (a
/// cell's `r`, or counting rows and cells).
pub(super) fn swap_unknown_errors(xml: &[u8]) -> Option<(Vec<u8>, SheetErrors)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let (mut row, mut col) = (0u32, 0u32);
    let mut cell: Option<((u32, u32), bool)> = None;
    let mut in_value = false;
    let mut swaps: Vec<(Range<usize>, (u32, u32), String)> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                if let Some(r) = attr(&e, "r").and_then(|r| cell_position(&r)) {
                    row = r.0;
                }
                if matches!(closes_itself(xml, before), Some(true)) {
                    row = row.saturating_add(1);
                    col = 0;
                }
            }
            Event::End(e) if e.local_name().as_ref() == "row" => {
                row = row.saturating_add(1);
                col = 0;
            }
            Event::Start(e) if e.local_name().as_ref() == "c" => {
                if let Some((r, c)) = attr(&e, "r").and_then(|r| cell_position(&r)) {
                    col = c.unwrap_or(col);
                    cell = Some(((r, col), attr(&e, "t").as_deref() == Some("e")));
                } else {
                    cell = Some(((row, col), attr(&e, "t").as_deref() == Some("e")));
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "c" => {
                if let Some((_, Some(c))) = attr(&e, "r").and_then(|r| cell_position(&r)) {
                    col = c;
                }
                col = col.saturating_add(1);
            }
            Event::End(e) if e.local_name().as_ref() == "c" => {
                cell = None;
                col = col.saturating_add(1);
            }
            Event::Start(e) if e.local_name().as_ref() == "v" => in_value = cell.is_some_and(|(_, error)| error),
            Event::Text(text) if in_value => {
                in_value = false;
                let raw: &str = &text;
                if let Some((position, _)) = cell {
                    if !XLSX_KNOWN_ERRORS.contains(&raw) {
                        swaps.push((before..after, position, raw.to_owned()));
                    }
                }
            }
            _ => in_value = false,
        }
    }
    if swaps.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(xml.len());
    let mut cells = SheetErrors::new();
    let mut at = 0;
    for (range, position, text) in swaps {
        out.extend_from_slice(&xml[at..range.start]);
        out.extend_from_slice(b"#N/A");
        at = range.end;
        cells.insert(position, text);
    }
    out.extend_from_slice(&xml[at..]);
    Some((out, cells))
}

/// Whether the tag at `at` closes itself (`<row .../>`), which calamine reads as a row that ends at once.
fn closes_itself(xml: &[u8], at: usize) -> Option<bool> {
    let end = at + xml.get(at..)?.iter().position(|&b| b == b'>')?;
    Some(end > 0 && xml.get(end - 1) == Some(&b'/'))
}

fn attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.to_string())
}

/// A cell or row reference (`B5`, `5`) as calamine reads it: the 0-based row, and the column if there is one.
fn cell_position(reference: &str) -> Option<(u32, Option<u32>)> {
    let bytes = reference.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let mut col: u32 = 0;
    for &b in &bytes[..letters] {
        col = col.checked_mul(26)?.checked_add((b.to_ascii_uppercase() - b'A') as u32 + 1)?;
    }
    let digits = &reference[letters..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsb_record_walker() {
        let mut w = RecordWalker::default();
        // type 0x0083 (2 bytes), length 3, data; then type 1, length 0.
        w.feed(&[0x83, 0x01, 0x03, 1, 2]).unwrap();
        assert!(!w.is_clean());
        w.feed(&[3, 0x01, 0x00]).unwrap();
        assert!(w.is_clean());
    }

    #[test]
    fn xlsb_error_codes_calamine_does_not_know_are_found() {
        let mut w = RecordWalker { sheet: true, ..RecordWalker::default() };
        // BrtRowHdr for row 4, then BrtCellError at column 2 with #SPILL! (0x2C) and one with #N/A.
        let mut part = vec![0x00, 0x04, 4, 0, 0, 0];
        part.extend([0x03, 0x09, 2, 0, 0, 0, 0, 0, 0, 0, 0x2C]);
        part.extend([0x03, 0x09, 3, 0, 0, 0, 0, 0, 0, 0, 0x2A]);
        for byte in part.chunks(3) {
            w.feed(byte).unwrap();
        }
        assert!(w.is_clean());
        assert_eq!(w.errors, vec![(4, 2, 0x2C, 16)]);
        assert_eq!(part[16], 0x2C);
    }

    #[test]
    fn shared_strings_are_counted_not_believed() {
        let mut counter = SharedStrings::new("xl/sharedStrings.xml", 2);
        let xml = b"<sst uniqueCount=\"1\"><si><t>a</t></si><x:si><t>b</t></x:si><sis/>";
        counter.feed(xml).unwrap();
        assert_eq!((counter.entries, counter.claim), (2, Some(1)));
        let err = counter.feed(b"<si/>").unwrap_err();
        assert_eq!(err.to_string(), "\"xl/sharedStrings.xml\" holds more strings than the limit of 2 cells");
        let counter = SharedStrings { entries: 2, ..SharedStrings::new("s", 9) };
        let fixed = counter.with_true_count(b"<sst count=\"9\" uniqueCount=\"4000000000\"><si/><si/></sst>".to_vec());
        assert_eq!(fixed, b"<sst count=\"9\" uniqueCount=\"2\"><si/><si/></sst>");
    }

    #[test]
    fn shared_strings_are_counted_the_same_however_the_part_is_cut() {
        // Tags cut between chunks, prefixes, end tags, names past the kept length, a `<` inside a name.
        let xml = b"<sst><si><t>a</t></si><x:si>\n<t>b</t></x:si><a_very_long_name_with_si><a<si/><si\n/><ssi/></sst>";
        for size in 1..xml.len() {
            let mut counter = SharedStrings::new("s", 99);
            for chunk in xml.chunks(size) {
                counter.feed(chunk).unwrap();
            }
            assert_eq!(counter.entries, 3, "chunks of {size}");
        }
    }

    #[test]
    fn unknown_error_values_are_swapped_and_kept() {
        let xml = br#"<worksheet><sheetData><row r="2"><c r="A2" t="e"><v>#N/A</v></c><c t="e"><f>X()</f><v>#SPILL!</v></c></row><row><c t="e"><v>#CALC!</v></c></row></sheetData></worksheet>"#;
        let (out, cells) = swap_unknown_errors(xml).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("#N/A").count(), 3, "{out}");
        assert!(out.contains("<f>X()</f>"));
        let cells: Vec<_> = cells.into_iter().collect();
        assert_eq!(cells, vec![((1, 1), "#SPILL!".to_string()), ((2, 0), "#CALC!".to_string())]);
        assert!(swap_unknown_errors(br#"<sheetData><row><c t="e"><v>#REF!</v></c></row></sheetData>"#).is_none());
    }

    #[test]
    fn the_prefilter_sees_a_match_across_chunks() {
        let mut scan = ErrorPrefilter::default();
        scan.feed(b"<c r=\"A1\" t=");
        scan.feed(b"\"e\"><v>#SPILL!</v>");
        assert!(scan.found);
    }
}
