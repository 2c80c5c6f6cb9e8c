//! Minimal, validating reader of the Compound File Binary format, written
//! to mirror how calamine's private `cfb` module reads (same sector
//! numbering, FAT assembly and chain rules) so that anything accepted here
//! is bounded there. calamine follows sector chains without a cycle check
//! and builds the FAT from every DIFAT entry; a hostile file can make it
//! loop or allocate without bound.

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;

fn u16_at(d: &[u8], i: usize) -> u32 {
    u16::from_le_bytes([d[i], d[i + 1]]) as u32
}
fn u32_at(d: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]])
}

/// Where a stream's bytes stand in the file: the file offset of each of its sectors, in order.
pub(super) struct StreamMap {
    /// The size of its sectors: 64 for a stream in the mini stream, else the file's sector size.
    unit: usize,
    offsets: Vec<usize>,
}

impl StreamMap {
    /// The file offset of the stream's byte `at`.
    pub(super) fn file_offset(&self, at: usize) -> Option<usize> {
        self.offsets.get(at / self.unit).map(|start| start + at % self.unit)
    }
}

pub(super) struct Cfb {
    sector_size: usize,
    header_len: usize,
    /// calamine's `maxid`: file length / sector size.
    maxid: u32,
    fat: Vec<u32>,
    entries: Vec<(String, u32, u64)>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

impl Cfb {
    pub(super) fn parse(bytes: &[u8]) -> Result<Cfb, String> {
        if bytes.len() < 512 {
            return Err(format!("the file is only {} bytes, too short for its header", bytes.len()));
        }
        let sector_size = match u16_at(bytes, 30) {
            9 => 512,
            12 => 4096,
            s => return Err(format!("invalid sector size code {s}")),
        };
        if u16_at(bytes, 32) != 6 {
            return Err("invalid mini sector size".into());
        }
        let header_len = sector_size; // calamine skips a whole sector for 4096
        if bytes.len() < header_len {
            return Err("the header is truncated".into());
        }
        let maxid = (bytes.len() / sector_size) as u32;
        let mut cfb = Cfb {
            sector_size,
            header_len,
            maxid,
            fat: Vec::new(),
            entries: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors
        // whose last entry points at the next one.
        let mut difat: Vec<u32> = (76..512).step_by(4).map(|i| u32_at(bytes, i)).collect();
        let mut next = u32_at(bytes, 68);
        let mut steps = 0u64;
        while next < RESERVED {
            steps += 1;
            if steps > maxid as u64 + 1 {
                return Err("the DIFAT chain loops".into());
            }
            let sector = cfb.sector(bytes, next)?;
            difat.extend(sector.chunks_exact(4).map(|c| u32_at(c, 0)));
            next = difat.pop().unwrap_or(ENDOFCHAIN);
        }
        // calamine appends one FAT sector per DIFAT entry, repeats
        // included: a FAT longer than the file means a hostile DIFAT.
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        if fat_sectors.len() as u64 > maxid as u64 + 1 {
            return Err(format!("the file lists {} FAT sectors but has only {} sectors", fat_sectors.len(), maxid));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            let s = cfb.sector(bytes, id)?;
            fat.extend(s.chunks_exact(4).map(|c| u32_at(c, 0)));
        }
        cfb.fat = fat;
        let dirs = cfb.chain(bytes, u32_at(bytes, 48), u64::MAX, false)?;
        for c in dirs.chunks_exact(128) {
            let units: Vec<u16> = c[..64].chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(l) = name.find('\0') {
                name.truncate(l);
            }
            let start = u32_at(c, 116);
            let len = if sector_size == 512 {
                u32_at(c, 120) as u64
            } else {
                u64::from_le_bytes(c[120..128].try_into().unwrap_or([0; 8]))
            };
            cfb.entries.push((name, start, len));
        }
        if cfb.entries.is_empty() {
            return Err("the directory is empty".into());
        }
        let version = u16_at(bytes, 26);
        if version != 3 && cfb.entries[0].1 == ENDOFCHAIN {
            return Err("the root directory is empty".into());
        }
        let mini_fat_len = u32_at(bytes, 64) as u64;
        if mini_fat_len > 0 {
            let (_, root_start, root_len) = cfb.entries[0].clone();
            cfb.mini_stream = cfb.chain(bytes, root_start, root_len, false)?;
            let mini_fat =
                cfb.chain(bytes, u32_at(bytes, 60), mini_fat_len.saturating_mul(sector_size as u64), false)?;
            cfb.mini_fat = mini_fat.chunks_exact(4).map(|c| u32_at(c, 0)).collect();
        }
        Ok(cfb)
    }

    /// Where the bytes of the first stream of this name stand in the file, so that a copy of the file can be
    /// changed in place (the stream found as [`Cfb::stream`] finds it).
    pub(super) fn stream_map(&self, bytes: &[u8], name: &str) -> Result<StreamMap, String> {
        let Some((_, start, len)) = self.entries.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)) else {
            return Err(format!("there is no {name} stream"));
        };
        if *len < 4096 {
            // A small stream lives in 64-byte mini sectors, inside the mini stream, which is the root entry's
            // chain of ordinary sectors.
            let (_, root_start, root_len) = self.entries[0].clone();
            let root = self.chain_ids(bytes, root_start, root_len, false)?;
            let offsets = self
                .chain_ids(bytes, *start, *len, true)?
                .into_iter()
                .map(|id| {
                    let at = id as usize * 64;
                    root.get(at / self.sector_size)
                        .map(|&sector| self.header_len + sector as usize * self.sector_size + at % self.sector_size)
                })
                .collect::<Option<Vec<_>>>()
                .ok_or("a mini sector lies outside the mini stream")?;
            Ok(StreamMap { unit: 64, offsets })
        } else {
            let offsets = self
                .chain_ids(bytes, *start, *len, false)?
                .into_iter()
                .map(|id| self.header_len + id as usize * self.sector_size)
                .collect();
            Ok(StreamMap { unit: self.sector_size, offsets })
        }
    }

    /// Whether a stream of this name exists (case-insensitive, as calamine).
    pub(super) fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(name))
    }

    /// The bytes of the first stream of this name, read as calamine does.
    pub(super) fn stream(&self, bytes: &[u8], name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some((_, start, len)) = self.entries.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(name)) else {
            return Ok(None);
        };
        self.chain(bytes, *start, *len, *len < 4096).map(Some)
    }

    fn sector<'b>(&self, bytes: &'b [u8], id: u32) -> Result<&'b [u8], String> {
        if id > self.maxid {
            return Err(format!("sector {id} points past the end of the file"));
        }
        let start = self.header_len + id as usize * self.sector_size;
        let end = (start + self.sector_size).min(bytes.len());
        Ok(bytes.get(start..end).unwrap_or(&[]))
    }

    fn mini_sector(&self, id: u32) -> Result<&[u8], String> {
        // calamine allows ids up to maxid * 8 and reads past the mini
        // stream as zeros/garbage; an id beyond the stream is damage.
        let start = id as usize * 64;
        if id as u64 > self.maxid as u64 * 8 || start >= self.mini_stream.len() {
            return Err(format!("mini sector {id} points past the end of the mini stream"));
        }
        Ok(&self.mini_stream[start..(start + 64).min(self.mini_stream.len())])
    }

    /// Follow a chain like calamine's `get_chain` (stop at ENDOFCHAIN or once `len` bytes are collected),
    /// but refuse loops and ids outside the FAT, which make calamine spin, grow without bound or panic:
    /// the chain's sector (or mini sector) ids.
    fn chain_ids(&self, bytes: &[u8], mut id: u32, len: u64, mini: bool) -> Result<Vec<u32>, String> {
        let (fat, max_steps) =
            if mini { (&self.mini_fat, self.maxid as u64 * 8 + 1) } else { (&self.fat, self.maxid as u64 + 1) };
        let mut ids = Vec::new();
        let mut collected = 0u64;
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > max_steps {
                return Err("a sector chain loops".into());
            }
            let s = if mini { self.mini_sector(id)? } else { self.sector(bytes, id)? };
            ids.push(id);
            collected += (s.len() as u64).min(len.saturating_sub(collected));
            if collected >= len {
                break;
            }
            id = *fat.get(id as usize).ok_or_else(|| format!("sector {id} is outside the allocation table"))?;
        }
        Ok(ids)
    }

    /// The bytes of a chain followed as [`Cfb::chain_ids`] follows it, at most `len` of them.
    fn chain(&self, bytes: &[u8], id: u32, len: u64, mini: bool) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        for id in self.chain_ids(bytes, id, len, mini)? {
            let s = if mini { self.mini_sector(id)? } else { self.sector(bytes, id)? };
            let room = len.saturating_sub(out.len() as u64);
            out.extend_from_slice(&s[..(s.len() as u64).min(room) as usize]);
        }
        Ok(out)
    }
}
