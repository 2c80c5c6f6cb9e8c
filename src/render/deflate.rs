//! Deflating the streams of a PDF (zlib format, for `/FlateDecode`), with libdeflate.
//!
//! A report holds about twenty small streams (a page's content is about 10 KB), each deflated once. zlib's
//! streaming design costs a full reset of its tables per stream, and its fast levels trade size for speed:
//! measured with callgrind over the 177 content streams of ten generated reports, zlib-rs (the previous
//! engine) took 12.7 M instructions a report at level 2 for 401 KB, and 7.8 M at level 1 for 523 KB;
//! libdeflate takes 5.8 M at level 1 for 383 KB, faster and smaller both. libdeflate compresses a whole
//! buffer in one call, which is all a PDF stream needs.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// How hard to compress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effort {
    /// For what every report deflates anew (page content): libdeflate's level 1.
    Fast,
    /// For what is deflated once and then shared between reports (subset fonts): level 9.
    Best,
}

thread_local! {
    /// One compressor per thread and effort: setting one up allocates its tables, which cost more than
    /// deflating a small page.
    static COMPRESSORS: RefCell<[Option<Compressor>; 2]> = const { RefCell::new([None, None]) };
    /// Room for the deflated bytes, kept between calls. libdeflate needs room for its worst case, about the
    /// size of the input; a stream returned in that room kept it all, so a document's deflated pages held
    /// several times their size until it was written (a batch of 4,000 questionnaires, whose overview has
    /// 684 pages, peaked at 58 MiB instead of 45).
    static ROOM: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The most room kept for the next call: a larger stream (a big font) gets its room, which goes when it is
/// done.
const ROOM_KEPT: usize = 1 << 20;

/// `data` deflated in zlib format.
pub(crate) fn deflate(data: &[u8], effort: Effort) -> Vec<u8> {
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.borrow_mut();
        let (slot, level) = match effort {
            Effort::Fast => (0, 1),
            Effort::Best => (1, 9),
        };
        let compressor = compressors[slot].get_or_insert_with(|| {
            Compressor::new(CompressionLvl::new(level).unwrap_or_else(|_| CompressionLvl::default()))
        });
        let bound = compressor.zlib_compress_bound(data.len());
        ROOM.with(|room| {
            let mut room = room.borrow_mut();
            if room.len() < bound {
                room.resize(bound, 0);
            }
            // The bound is libdeflate's own worst case for this length, so the call cannot run out of room.
            let written = compressor.zlib_compress(data, &mut room[..bound]).unwrap_or(0);
            let out = room[..written].to_vec();
            if room.len() > ROOM_KEPT {
                *room = Vec::new();
            }
            out
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_deflated_inflates_to_the_same_bytes() {
        let page = b"BT\n/NOTORG 10 Tf\n62 700.5 Td\n(\0B\\(\\() Tj\nET\n".repeat(200);
        for effort in [Effort::Fast, Effort::Best] {
            let packed = deflate(&page, effort);
            assert!(packed.len() < page.len() / 10, "{effort:?}: {} bytes", packed.len());
            let mut back = vec![0; page.len()];
            let n = libdeflater::Decompressor::new().zlib_decompress(&packed, &mut back).unwrap();
            assert_eq!(&back[..n], &page[..], "{effort:?}");
        }
        let nothing = deflate(b"", Effort::Fast);
        assert!(!nothing.is_empty(), "an empty stream is still a zlib stream");
    }

    #[test]
    fn a_deflated_stream_keeps_no_room_beyond_its_bytes() {
        // A document holds every page's deflated stream until it is written: room for the worst case kept
        // with each made the overview of a large batch hold six times its pages' size.
        let page = b"0 0 0 rg\n56.7 700 Td\n".repeat(2000);
        for effort in [Effort::Fast, Effort::Best] {
            let packed = deflate(&page, effort);
            assert_eq!(packed.capacity(), packed.len(), "{effort:?}");
        }
        // A stream larger than the room kept between calls deflates as well.
        let big: Vec<u8> = (0..3 * ROOM_KEPT as u32).map(|i| (i % 251) as u8).collect();
        let packed = deflate(&big, Effort::Fast);
        let mut back = vec![0; big.len()];
        let n = libdeflater::Decompressor::new().zlib_decompress(&packed, &mut back).unwrap();
        assert!(n == big.len() && back == big);
        assert_eq!(packed.capacity(), packed.len());
    }
}
