//! The archive calamine reads, when it is not the vendor's own: members the guard left out are gone,
//! mended ones and the ones it already inflated are stored uncompressed (so calamine copies rather than
//! inflates them again), and every other member is copied as it is, still compressed (the zip crate's raw
//! copy). The members keep the vendor's order and names, so calamine finds the same parts.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::ReadError;

/// What changes between an archive and the one calamine reads.
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

/// An archive written member by member, in the order of the archive it is made from.
pub(super) struct Writer {
    out: ZipWriter<Cursor<Vec<u8>>>,
    /// Where each member of the source stands in the new archive; `None` while it is not (yet) in it.
    positions: Vec<Option<usize>>,
    written: usize,
}

impl Writer {
    /// A writer for a source of `members` members; `capacity` is a guess of the new archive's size.
    pub(super) fn new(members: usize, capacity: usize) -> Writer {
        Writer {
            out: ZipWriter::new(Cursor::new(Vec::with_capacity(capacity))),
            positions: vec![None; members],
            written: 0,
        }
    }

    /// Member `index` of `zip`, stored uncompressed with `data` as its content.
    pub(super) fn store(
        &mut self,
        zip: &mut ZipArchive<Cursor<&[u8]>>,
        index: usize,
        data: &[u8],
    ) -> Result<(), ReadError> {
        let name = zip.by_index_raw(index).map_err(failed)?.name().map_err(failed)?.into_owned();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .large_file(data.len() as u64 >= u32::MAX as u64);
        self.out.start_file(name, options).map_err(failed)?;
        self.out.write_all(data).map_err(failed)?;
        self.placed(index);
        Ok(())
    }

    /// Member `index` of `zip` copied as it is. One that cannot be read is refused, unless `unread` (nobody
    /// reads it): then it is left out, as it costs nothing.
    pub(super) fn copy(
        &mut self,
        zip: &mut ZipArchive<Cursor<&[u8]>>,
        index: usize,
        unread: bool,
    ) -> Result<(), ReadError> {
        match zip.by_index_raw(index) {
            Ok(member) => self.out.raw_copy_file(member).map_err(failed)?,
            Err(_) if unread => return Ok(()),
            Err(e) => return Err(failed(e)),
        }
        self.placed(index);
        Ok(())
    }

    fn placed(&mut self, index: usize) {
        if let Some(position) = self.positions.get_mut(index) {
            *position = Some(self.written);
        }
        self.written += 1;
    }

    /// The new archive, with where each member of the source stands in it.
    pub(super) fn finish(self) -> Result<(Vec<u8>, Vec<Option<usize>>), ReadError> {
        Ok((self.out.finish().map_err(failed)?.into_inner(), self.positions))
    }
}

/// The archive `bytes` with `plan` applied, with where each of its members stands in the new one.
pub(super) fn rezip(bytes: &[u8], plan: &Plan) -> Result<(Vec<u8>, Vec<Option<usize>>), ReadError> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(failed)?;
    let mut out = Writer::new(zip.len(), bytes.len());
    for index in 0..zip.len() {
        if plan.drop.contains(&index) {
            continue;
        }
        match plan.replace.get(&index) {
            Some(data) => out.store(&mut zip, index, data)?,
            None => out.copy(&mut zip, index, plan.unread.contains(&index))?,
        }
    }
    out.finish()
}
