//! One zip member inflated under the limits. The zip crate refuses to inflate past the size a member's header
//! declares, but spreadsheet programs open a member that is a few bytes longer than its header says, and so
//! should we: the member's raw bytes are inflated here (flate2), capped by what the limits leave of the
//! workbook's budget and by the compression ratio, and checked against the header's CRC-32, which a writer
//! that got the size wrong still computed over all the data. The caller learns the real size, and a member
//! longer than declared is handed to calamine rebuilt with its true size.

use std::cell::RefCell;
use std::io::{Cursor, Read};

use libdeflater::{DecompressionError, Decompressor};

use zip::{CompressionMethod, ZipArchive};

use super::{count, Limits, ReadError};

/// Members that decompress to less than this skip the ratio check: small XML
/// parts legitimately compress far better than 200:1.
pub(super) const RATIO_FLOOR: u64 = 1 << 20;

/// Why a member could not be inflated.
pub(super) enum Failure {
    /// It broke a limit (the workbook's budget, the compression ratio): the error to report.
    Limit(ReadError),
    /// Its data is damaged (a corrupt deflate stream, a wrong checksum): why, in lowercase.
    Damaged(String),
    /// The caller's inspector refused what it saw: the error to report.
    Refused(ReadError),
}

/// What inflating a member found.
pub(super) struct Inflated {
    /// The real size, in bytes.
    pub(super) size: u64,
    /// The size its header declares.
    pub(super) declared: u64,
}

impl Inflated {
    /// The member is longer than its header says.
    pub(super) fn longer(&self) -> bool {
        self.size > self.declared
    }
}

/// Checks a member's declared ratio before it is inflated (the same check runs again on the real size).
pub(super) fn check_ratio(name: &str, size: u64, compressed: u64, limits: &Limits) -> Result<(), ReadError> {
    if size > RATIO_FLOOR && size / compressed.max(1) > limits.max_compression_ratio {
        return Err(ReadError::too_large(format!(
            "zip member \"{name}\" decompresses {}:1 ({size} bytes from {compressed}), more than the limit of {}:1",
            size / compressed.max(1),
            limits.max_compression_ratio
        )));
    }
    Ok(())
}

/// The error for a workbook whose inflated members pass the budget.
pub(super) fn over_budget(limits: &Limits) -> ReadError {
    ReadError::too_large(format!(
        "the zip members decompress to more than {}, the limit",
        count(limits.max_uncompressed_bytes, "byte")
    ))
}

/// Inflates member `index`, handing each chunk to `sink`, never more than `budget` bytes in all (what the
/// workbook's limit leaves) nor past the compression-ratio limit.
pub(super) fn inflate(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limits: &Limits,
    budget: u64,
    mut sink: impl FnMut(&[u8]) -> Result<(), ReadError>,
) -> Result<Inflated, Failure> {
    let (name, declared, compressed, crc, method) = {
        let raw = zip.by_index_raw(index).map_err(|e| Failure::Damaged(e.to_string().to_lowercase()))?;
        if raw.encrypted() {
            return Err(Failure::Refused(ReadError::password_protected()));
        }
        let name = raw.name().map(|n| n.into_owned()).unwrap_or_default();
        (name, raw.size(), raw.compressed_size(), raw.crc32(), raw.compression())
    };
    if method == CompressionMethod::Deflated && declared <= budget.min(WHOLE_MAX) {
        if let Some(inflated) = inflate_whole(zip, index, &name, limits, (declared, compressed, crc), &mut sink)? {
            return Ok(inflated);
        }
    }
    let raw = zip.by_index_raw(index).map_err(|e| Failure::Damaged(e.to_string().to_lowercase()))?;
    let mut reader: Box<dyn Read + '_> = match raw.compression() {
        CompressionMethod::Stored => Box::new(raw),
        // std's buffer is not zeroed first, unlike the one `flate2::read` makes, and is no larger than the
        // compressed data: most parts are a few kilobytes, and zeroing 32 KiB for each cost more than
        // inflating them.
        CompressionMethod::Deflated => Box::new(flate2::bufread::DeflateDecoder::new(
            std::io::BufReader::with_capacity(compressed.clamp(1024, 32 * 1024) as usize, raw),
        )),
        other => {
            return Err(Failure::Refused(ReadError::unsupported(format!(
                "zip member \"{name}\" uses a compression we cannot read ({other:?})"
            ))))
        }
    };
    let mut hasher = crc32fast::Hasher::new();
    // Chunks of at most 64 KiB, no larger than the declared size needs; never below 4 KiB, so that a member
    // that understates its size is not read a few bytes at a time.
    let mut buf = vec![0u8; declared.saturating_add(1).clamp(4 * 1024, 64 * 1024) as usize];
    let mut size = 0u64;
    loop {
        // One byte past the budget proves the member is over it, without inflating more.
        let room = budget.saturating_sub(size).saturating_add(1).min(buf.len() as u64) as usize;
        let k = match reader.read(&mut buf[..room]) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) => return Err(Failure::Damaged(e.to_string().to_lowercase())),
        };
        size += k as u64;
        if size > budget {
            return Err(Failure::Limit(over_budget(limits)));
        }
        check_ratio(&name, size, compressed, limits).map_err(Failure::Limit)?;
        hasher.update(&buf[..k]);
        sink(&buf[..k]).map_err(Failure::Refused)?;
    }
    if hasher.finalize() != crc {
        return Err(Failure::Damaged("invalid checksum".into()));
    }
    Ok(Inflated { size, declared })
}

/// The largest member inflated in one call rather than in chunks: the declared size is allocated at once.
const WHOLE_MAX: u64 = 8 << 20;

thread_local! {
    /// One decompressor per thread (setting one up allocates its tables), and the buffer the compressed
    /// bytes of the member being inflated are read into, kept between calls up to 1 MiB.
    static WHOLE: RefCell<(Option<Decompressor>, Vec<u8>)> = const { RefCell::new((None, Vec::new())) };
}

/// Inflates a deflated member in one call, into a buffer of its declared size: libdeflate does that in
/// about half the instructions of a streaming inflater, and most parts of a workbook are a few kilobytes,
/// where a stream's set-up costs as much as the data. `None` when the member inflates to more than its
/// header says: the caller then streams it, which reads such a member in full.
fn inflate_whole(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    name: &str,
    limits: &Limits,
    (declared, compressed, crc): (u64, u64, u32),
    sink: &mut impl FnMut(&[u8]) -> Result<(), ReadError>,
) -> Result<Option<Inflated>, Failure> {
    let mut raw = zip.by_index_raw(index).map_err(|e| Failure::Damaged(e.to_string().to_lowercase()))?;
    WHOLE.with(|cell| {
        let (decompressor, packed) = &mut *cell.borrow_mut();
        packed.clear();
        raw.read_to_end(packed).map_err(|e| Failure::Damaged(e.to_string().to_lowercase()))?;
        let decompressor = decompressor.get_or_insert_with(Decompressor::new);
        let mut out = vec![0u8; declared as usize];
        let size = match decompressor.deflate_decompress(packed, &mut out) {
            Ok(size) => size,
            Err(DecompressionError::InsufficientSpace) => return Ok(None),
            Err(DecompressionError::BadData) => return Err(Failure::Damaged("corrupt deflate stream".into())),
        };
        if packed.capacity() > 1 << 20 {
            *packed = Vec::new();
        }
        let data = &out[..size];
        check_ratio(name, size as u64, compressed, limits).map_err(Failure::Limit)?;
        if crc32fast::hash(data) != crc {
            return Err(Failure::Damaged("invalid checksum".into()));
        }
        if !data.is_empty() {
            sink(data).map_err(Failure::Refused)?;
        }
        Ok(Some(Inflated { size: size as u64, declared }))
    })
}

/// Inflates member `index` whole, under the same limits; for the few members that are mended before calamine
/// reads them.
pub(super) fn inflate_to_vec(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limits: &Limits,
    budget: u64,
) -> Result<Vec<u8>, Failure> {
    let mut data = Vec::new();
    inflate(zip, index, limits, budget, |chunk| {
        data.extend_from_slice(chunk);
        Ok(())
    })?;
    Ok(data)
}
