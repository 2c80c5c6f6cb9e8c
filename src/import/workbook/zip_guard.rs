//! The guard of the zip-based formats (xlsx, xlsm, xlsb, ods), run before calamine opens the archive.
//! calamine indexes every member and allocates from sizes and counts the file declares, so the member
//! count, the declared and the actual decompressed sizes, and each member's compression ratio are checked
//! first, every member decompressed once through a size-capped reader (a header can lie). Members calamine
//! allocates from are inspected in the same pass: the xlsx shared-strings count and the xlsb record framing.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{Limits, ReadError};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ZipFlavour {
    Xlsx,
    Xlsb,
    Ods,
}

/// Members that decompress to less than this skip the ratio check: small XML
/// parts legitimately compress far better than 200:1.
const RATIO_FLOOR: u64 = 1 << 20;

pub(super) fn open_zip<'a>(bytes: &'a [u8], limits: &Limits) -> Result<ZipArchive<Cursor<&'a [u8]>>, ReadError> {
    // The zip crate indexes every central-directory entry up front; count the
    // entry signatures first (an upper bound) so that costs nothing unbounded.
    let entries = bytes.windows(4).filter(|w| *w == b"PK\x01\x02").count() as u64;
    if entries > limits.max_zip_entries {
        return Err(ReadError::too_large(format!(
            "the zip archive has about {entries} members, more than the limit of {}",
            limits.max_zip_entries
        )));
    }
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ReadError::corrupt(format!("the file is a damaged or truncated zip archive: {}", e.to_string().to_lowercase()))
    })
}

/// Validate a zip-based workbook before calamine opens it: declared sizes and
/// ratios, then actual decompressed sizes (headers can lie), plus the
/// shared-string count (xlsx) and record framing (xlsb) that calamine
/// allocates from.
pub(super) fn check_zip(bytes: &[u8], limits: &Limits, flavour: ZipFlavour) -> Result<(), ReadError> {
    let mut zip = open_zip(bytes, limits)?;
    let mut declared_total = 0u64;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(zip_error)?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        if f.encrypted() {
            return Err(ReadError::unsupported(
                "the workbook is password protected (encrypted zip); remove the password and save it again",
            ));
        }
        declared_total = declared_total.saturating_add(f.size());
        if declared_total > limits.max_uncompressed_bytes {
            return Err(ReadError::too_large(format!(
                "the zip members claim to decompress to at least {declared_total} bytes, more than the limit of {}",
                limits.max_uncompressed_bytes
            )));
        }
        check_ratio(&name, f.size(), f.compressed_size(), limits)?;
    }
    let mut actual_total = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let f = zip.by_index(i).map_err(zip_error)?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = f.size();
        let compressed = f.compressed_size();
        let lower = name.to_ascii_lowercase();
        let mut inspector = match flavour {
            ZipFlavour::Xlsx if lower.ends_with("sharedstrings.xml") => Inspector::SharedStrings(Vec::new()),
            ZipFlavour::Xlsb if lower.ends_with(".bin") => Inspector::Records(RecordWalker::default()),
            _ => Inspector::None,
        };
        // Read one byte past the claim: getting it proves the header lied.
        let mut reader = f.take(declared.saturating_add(1));
        let mut n = 0u64;
        loop {
            let k = reader.read(&mut buf).map_err(|e| {
                ReadError::corrupt(format!("zip member \"{name}\" is damaged: {}", e.to_string().to_lowercase()))
            })?;
            if k == 0 {
                break;
            }
            n += k as u64;
            inspector.feed(&buf[..k]);
        }
        if n > declared {
            return Err(ReadError::corrupt(format!(
                "zip member \"{name}\" decompresses to more than the {declared} bytes its header claims"
            )));
        }
        check_ratio(&name, n, compressed, limits)?;
        actual_total += n;
        if actual_total > limits.max_uncompressed_bytes {
            return Err(ReadError::too_large(format!(
                "the zip members decompress to more than {} bytes, the limit",
                limits.max_uncompressed_bytes
            )));
        }
        inspector.finish(&name, limits)?;
    }
    Ok(())
}

fn zip_error(e: zip::result::ZipError) -> ReadError {
    let text = e.to_string().to_lowercase();
    if text.contains("password") || text.contains("encrypt") {
        return ReadError::unsupported("the workbook is password protected (encrypted zip)");
    }
    if text.contains("unsupported") {
        return ReadError::unsupported(format!("the zip archive uses a feature we cannot read: {text}"));
    }
    ReadError::corrupt(format!("the file is a damaged zip archive: {text}"))
}

fn check_ratio(name: &str, size: u64, compressed: u64, limits: &Limits) -> Result<(), ReadError> {
    if size > RATIO_FLOOR && size / compressed.max(1) > limits.max_compression_ratio {
        return Err(ReadError::too_large(format!(
            "zip member \"{name}\" decompresses {}:1 ({size} bytes from {compressed}), more than the limit of {}:1",
            size / compressed.max(1),
            limits.max_compression_ratio
        )));
    }
    Ok(())
}

/// Looks at a zip member while it is decompressed in [`check_zip`].
enum Inspector {
    None,
    /// First bytes of xlsx `sharedStrings.xml`: calamine reserves
    /// `uniqueCount` strings up front.
    SharedStrings(Vec<u8>),
    /// xlsb record framing: calamine allocates a record's declared length
    /// before reading it.
    Records(RecordWalker),
}

/// How much of sharedStrings.xml to keep to find the `<sst>` element.
const SST_HEAD: usize = 64 * 1024;

impl Inspector {
    fn feed(&mut self, chunk: &[u8]) {
        match self {
            Inspector::None => {}
            Inspector::SharedStrings(head) => {
                let room = SST_HEAD.saturating_sub(head.len());
                head.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Inspector::Records(walker) => walker.feed(chunk),
        }
    }

    fn finish(&self, name: &str, limits: &Limits) -> Result<(), ReadError> {
        match self {
            Inspector::None => Ok(()),
            Inspector::SharedStrings(head) => {
                let head = String::from_utf8_lossy(head);
                let Some(pos) = head.find("uniqueCount=") else {
                    return Ok(());
                };
                // The attribute may be the last thing kept of the head, or quoted with a character other
                // than `"`: slice with `get` and skip any quote, so no byte of the file can cut a char.
                let value = head.get(pos + "uniqueCount=".len()..).unwrap_or_default();
                let digits: String =
                    value.trim_start_matches(['"', '\'']).chars().take_while(char::is_ascii_digit).collect();
                // More digits than a u64 holds is a count over any limit.
                let count: u64 = if digits.len() > 19 { u64::MAX } else { digits.parse().unwrap_or(0) };
                if count > limits.max_cells {
                    return Err(ReadError::too_large(format!(
                        "\"{name}\" claims {count} distinct strings, more than the limit of {} cells",
                        limits.max_cells
                    )));
                }
                Ok(())
            }
            Inspector::Records(walker) => {
                if walker.is_clean() {
                    Ok(())
                } else {
                    Err(ReadError::corrupt(format!(
                        "\"{name}\" is damaged: its last record runs past the end of the part"
                    )))
                }
            }
        }
    }
}

/// Streaming check of xlsb record framing (MS-XLSB 2.1.4: a 1–2 byte type and
/// a 1–4 byte length, 7 bits per byte), so no record claims more bytes than
/// the part holds.
#[derive(Default)]
struct RecordWalker {
    /// Bytes of the current record's header seen so far (type, then length).
    type_bytes: u8,
    len_bytes: u8,
    len: u64,
    /// Data bytes of the current record still to come.
    remaining: u64,
    in_data: bool,
}

impl RecordWalker {
    fn feed(&mut self, mut chunk: &[u8]) {
        while !chunk.is_empty() {
            if self.in_data {
                let take = (self.remaining.min(chunk.len() as u64)) as usize;
                self.remaining -= take as u64;
                chunk = &chunk[take..];
                if self.remaining == 0 {
                    *self = RecordWalker::default();
                }
                continue;
            }
            let b = chunk[0];
            chunk = &chunk[1..];
            self.header_byte(b);
        }
    }

    fn header_byte(&mut self, b: u8) {
        // Type: first byte, and a second one when the first has the high bit.
        if self.type_bytes == 0 {
            self.type_bytes = if b & 0x80 != 0 { 1 } else { 2 };
            return;
        }
        if self.type_bytes == 1 {
            self.type_bytes = 2;
            return;
        }
        // Length: up to four bytes, 7 bits each, little end first.
        self.len |= ((b & 0x7F) as u64) << (7 * self.len_bytes as u64);
        self.len_bytes += 1;
        if b & 0x80 == 0 || self.len_bytes == 4 {
            self.remaining = self.len;
            self.in_data = true;
            if self.remaining == 0 {
                *self = RecordWalker::default();
            }
        }
    }

    fn is_clean(&self) -> bool {
        self.type_bytes == 0 && !self.in_data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsb_record_walker() {
        let mut w = RecordWalker::default();
        // type 0x0083 (2 bytes), length 3, data; then type 1, length 0.
        w.feed(&[0x83, 0x01, 0x03, 1, 2]);
        assert!(!w.is_clean());
        w.feed(&[3, 0x01, 0x00]);
        assert!(w.is_clean());
    }
}
