//! The xls pre-scan: the compound file and the BIFF records of its workbook stream checked the way
//! calamine reads them, before calamine opens the file. calamine loads every sheet densely while opening
//! an xls, sized by the records' claims, and slices records by lengths it does not check; so the record
//! walk here mirrors calamine's (xls.rs `parse_workbook`), collecting only sheet offsets, names and cell
//! positions, and refuses what would make calamine allocate beyond the limits or read out of bounds.
//!
//! What the questionnaire does not read is not judged: a sheet it does not read (and every chart or macro
//! sheet) is pointed at an empty substream in the copy calamine reads, so calamine never parses it; a
//! declared dimension (DIMENSIONS) is a claim, not data, and one that would make calamine reserve more than
//! the limits allow is replaced by a one-cell claim. Only the real cells of the sheets read count.

use std::borrow::Cow;

use super::cfb;
use super::{check_position, check_sheet_count, count, Limits, ReadError, Role, SheetChoice};

/// An xls checked, and the bytes calamine reads: the vendor's, or a copy with sheets not read emptied and
/// oversized claims replaced.
pub(super) struct XlsScan<'a> {
    bytes: Cow<'a, [u8]>,
}

impl XlsScan<'_> {
    /// The file calamine reads.
    pub(super) fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Validate an xls file the way calamine will read it: the compound file
/// (sector chains that end, a FAT no bigger than the file) and every BIFF
/// record calamine turns into a cell, so the dense ranges calamine builds
/// while opening stay within the limits.
pub(super) fn prescan_xls<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    choice: &SheetChoice,
) -> Result<XlsScan<'a>, ReadError> {
    let cfb = cfb::Cfb::parse(bytes).map_err(|e| ReadError::corrupt(format!("the xls file is damaged: {e}")))?;
    // calamine tries "Workbook", then "Book" (BIFF5).
    let (stream, stream_name) = match cfb.stream(bytes, "Workbook") {
        Ok(Some(s)) => (s, "Workbook"),
        Ok(None) | Err(_) => match cfb.stream(bytes, "Book") {
            Ok(Some(s)) => (s, "Book"),
            Ok(None) => {
                return Err(ReadError::not_workbook(
                    "the file is an Office 97–2003 compound file without a Workbook stream, not a workbook",
                ))
            }
            Err(e) => return Err(ReadError::corrupt(format!("the xls file is damaged: {e}"))),
        },
    };
    let patches = scan(&stream, limits, choice)?;
    if patches.is_empty() {
        return Ok(XlsScan { bytes: Cow::Borrowed(bytes) });
    }
    let map =
        cfb.stream_map(bytes, stream_name).map_err(|e| ReadError::corrupt(format!("the xls file is damaged: {e}")))?;
    let mut copy = bytes.to_vec();
    for (at, data) in patches {
        for (k, &byte) in data.iter().enumerate() {
            if let Some(slot) = map.file_offset(at + k).and_then(|o| copy.get_mut(o)) {
                *slot = byte;
            }
        }
    }
    Ok(XlsScan { bytes: Cow::Owned(copy) })
}

fn u16_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Records (type, data) as calamine's `RecordIter` cuts them, CONTINUE
/// records folded in (their content does not matter here).
fn records(mut s: &[u8]) -> impl Iterator<Item = Result<(u32, &[u8]), ReadError>> {
    std::iter::from_fn(move || {
        if s.is_empty() {
            return None;
        }
        let damaged = || {
            Some(Err(ReadError::corrupt("the xls file is damaged: a record runs past the end of the workbook stream")))
        };
        let (Some(typ), Some(len)) = (u16_at(s, 0), u16_at(s, 2)) else {
            s = &[];
            return damaged();
        };
        let len = len as usize;
        if s.len() < len + 4 {
            s = &[];
            return damaged();
        }
        let data = &s[4..4 + len];
        s = &s[4 + len..];
        while s.len() > 4 && u16_at(s, 0) == Some(0x003C) {
            let l = u16_at(s, 2).unwrap_or(0) as usize;
            if s.len() < l + 4 {
                s = &[];
                return damaged();
            }
            s = &s[4 + l..];
        }
        Some(Ok((typ, data)))
    })
}

/// Walk the workbook stream as calamine does: the globals for the sheets (their offsets, names and kinds,
/// and the records calamine slices unchecked), then each sheet read: its cell records checked against the
/// limits, and the dense area of all sheets calamine loads together. Gives the bytes to change in the
/// stream, as (offset, new bytes).
fn scan(stream: &[u8], limits: &Limits, choice: &SheetChoice) -> Result<Vec<(usize, Vec<u8>)>, ReadError> {
    let offset_of = |data: &[u8]| data.as_ptr() as usize - stream.as_ptr() as usize;
    // (offset of the sheet's BOF, where that offset is written, name, is a worksheet)
    let mut sheets: Vec<(usize, usize, String, bool)> = Vec::new();
    let mut globals_end = None;
    for rec in records(stream) {
        let (typ, data) = rec?;
        match typ {
            0x002F if u16_at(data, 0).unwrap_or(0) != 0 => return Err(ReadError::password_protected()),
            0x0085 => {
                // BoundSheet8: offset(4) state(1) type(1) cch(1) flags(1) chars.
                let cch = data.get(6).copied().unwrap_or(0) as usize;
                let chars = data.get(8..).unwrap_or(&[]);
                let name = if data.get(7).is_some_and(|f| f & 1 == 1) {
                    let units: Vec<u16> =
                        chars.chunks_exact(2).take(cch).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
                    String::from_utf16_lossy(&units)
                } else {
                    chars.iter().take(cch).map(|&b| b as char).collect()
                };
                let worksheet = data.get(5) == Some(&0);
                sheets.push((u32_at(data, 0).unwrap_or(u32::MAX) as usize, offset_of(data), name, worksheet));
                check_sheet_count(sheets.len(), limits)?;
            }
            0x0018 => {
                // Lbl (a defined name): calamine slices the name from byte 14 and the formula from the
                // record's end by its declared length, without checking either.
                let cce = u16_at(data, 4).unwrap_or(0) as usize;
                if data.len() < 14 || cce > data.len() - 14 {
                    return Err(ReadError::corrupt(
                        "the xls file is damaged: a defined name's record is shorter than its formula",
                    ));
                }
            }
            0x000A => {
                // The globals' EOF record: a substream that ends at once, for the sheets not read.
                globals_end = Some(offset_of(data) - 4);
                break;
            }
            _ => {}
        }
    }
    let worksheet_names: Vec<String> = sheets.iter().filter(|s| s.3).map(|s| s.2.clone()).collect();
    let mut roles = choice.roles(&worksheet_names).into_iter();
    let mut patches = Vec::new();
    let mut total_area = 0u64;
    for (i, (pos, pos_at, name, worksheet)) in sheets.into_iter().enumerate() {
        // Chart and macro sheets hold no answers; calamine parses them all the same, unless pointed away.
        let role = if worksheet { roles.next().unwrap_or(Role::Skip) } else { Role::Skip };
        if role == Role::Skip {
            if let Some(end) = globals_end {
                patches.push((pos_at, (end as u32).to_le_bytes().to_vec()));
                continue;
            }
        }
        // calamine slices the stream at this offset without a check.
        if pos >= stream.len() {
            return Err(ReadError::corrupt(format!(
                "the xls file is damaged: sheet {} starts at offset {pos}, past the end of the workbook stream ({} bytes)",
                i + 1,
                stream.len()
            )));
        }
        let mut depth = 0usize;
        let mut seen_bof = false;
        let mut min = (u64::MAX, u64::MAX);
        let mut max = (0u64, 0u64);
        let mut any = false;
        let mut see = |r: u32, c: u32| -> Result<(), ReadError> {
            if role == Role::Read {
                check_position(&name, r as u64, c as u64, limits)?;
            }
            any = true;
            min = (min.0.min(r as u64), min.1.min(c as u64));
            max = (max.0.max(r as u64), max.1.max(c as u64));
            Ok(())
        };
        for rec in records(&stream[pos..]) {
            let (typ, d) = rec?;
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let rc = || (u16_at(d, 0).unwrap_or(0), u16_at(d, 2).unwrap_or(0));
            match typ {
                0x0809 => {
                    if seen_bof {
                        depth += 1
                    } else {
                        seen_bof = true
                    }
                }
                0x0200 => {
                    // DIMENSIONS: calamine reserves rows x cols cells from this claim. A claim is not data:
                    // one that would reserve more than the limits, or that calamine would compute wrongly,
                    // is replaced by a one-cell claim, and only the real cells count.
                    let (rf, rl, cf, cl, wide) = match d.len() {
                        10 => (rc().0, rc().1, u16_at(d, 4).unwrap_or(0), u16_at(d, 6).unwrap_or(0), false),
                        14 | 16 => (
                            u32_at(d, 0).unwrap_or(0),
                            u32_at(d, 4).unwrap_or(0),
                            u16_at(d, 8).unwrap_or(0),
                            u16_at(d, 10).unwrap_or(0),
                            true,
                        ),
                        _ => continue, // calamine rejects it
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    let (rows, cols) =
                        if rl >= 1 && cl >= 1 { (rl as i64 - rf as i64, cl as i64 - cf as i64) } else { (1, 1) };
                    if rows < 1 || cols < 1 || (rows as u64).saturating_mul(cols as u64) > limits.max_cells {
                        let one_cell: &[u8] =
                            if wide { &[0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0] } else { &[0, 0, 1, 0, 0, 0, 1, 0] };
                        patches.push((offset_of(d), one_cell.to_vec()));
                    }
                }
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: the records calamine makes cells
                // of. Blank and MulBlank (a formatted empty cell) it skips, and so does this.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    let (r, c) = rc();
                    see(r, c)?;
                }
                // MulRk: row, first column, ..., last column.
                0x00BD if d.len() >= 6 => {
                    let (r, c0) = rc();
                    let c1 = u16_at(d, d.len() - 2).unwrap_or(0);
                    see(r, c0)?;
                    see(r, c1.max(c0))?;
                }
                0x000A => break,
                _ => {}
            }
        }
        if any {
            // calamine builds a dense range over the used area (value and
            // formula ranges), every sheet at once.
            let spans = (max.0 - min.0 + 1) * (max.1 - min.1 + 1);
            total_area += spans;
            if total_area > limits.max_cells {
                return Err(ReadError::too_large(format!(
                    "sheet \"{name}\" spans {spans} cells, which takes the workbook over the limit of {}",
                    count(limits.max_cells, "cell")
                )));
            }
        }
    }
    Ok(patches)
}
