//! The archive calamine reads, when the guard had to leave members out or mend them: every other member is
//! copied as it is, still compressed (the zip crate's raw copy, so nothing is inflated twice), and the mended
//! ones are stored uncompressed with their true sizes. Most workbooks need none of this and are handed to
//! calamine untouched.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::ReadError;

/// What changes between the vendor's archive and the one calamine reads.
#[derive(Debug, Default, Clone)]
pub(super) struct Plan {
    /// Members left out, by index.
    pub(super) drop: BTreeSet<usize>,
    /// Members replaced, by index: their new content.
    pub(super) replace: BTreeMap<usize, Vec<u8>>,
    /// Members the guard never looked at: one that cannot even be copied is left out rather than refused.
    pub(super) unread: BTreeSet<usize>,
}

impl Plan {
    /// Nothing to change.
    pub(super) fn is_empty(&self) -> bool {
        self.drop.is_empty() && self.replace.is_empty()
    }
}

fn failed(e: impl std::fmt::Display) -> ReadError {
    ReadError::corrupt(format!("the file is a damaged zip archive: {}", e.to_string().to_lowercase()))
}

/// The archive `bytes` with `plan` applied.
pub(super) fn rezip(bytes: &[u8], plan: &Plan) -> Result<Vec<u8>, ReadError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(failed)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for index in 0..zip.len() {
        if plan.drop.contains(&index) {
            continue;
        }
        if let Some(data) = plan.replace.get(&index) {
            let name = zip.by_index_raw(index).map_err(failed)?.name().map_err(failed)?.into_owned();
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Stored)
                .large_file(data.len() as u64 >= u32::MAX as u64);
            out.start_file(name, options).map_err(failed)?;
            out.write_all(data).map_err(failed)?;
            continue;
        }
        match zip.by_index_raw(index) {
            Ok(member) => out.raw_copy_file(member).map_err(failed)?,
            // A member nobody reads whose local header is damaged costs nothing when it is left out.
            Err(_) if plan.unread.contains(&index) => {}
            Err(e) => return Err(failed(e)),
        }
    }
    Ok(out.finish().map_err(failed)?.into_inner())
}
