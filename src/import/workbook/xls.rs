//! The xls pre-scan: the compound file and the BIFF records of its workbook stream checked the way
//! calamine reads them, before calamine opens the file. calamine loads every sheet densely while opening
//! an xls, sized by the records' claims, and slices records by lengths it does not check; so the record
//! walk here mirrors calamine's (xls.rs `parse_workbook`), collecting only sheet offsets, names and cell
//! positions, and refuses what would make calamine allocate beyond the limits or read out of bounds.

use super::cfb;
use super::{check_claim, check_position, check_sheet_count, Limits, ReadError};

/// Validate an xls file the way calamine will read it: the compound file
/// (sector chains that end, a FAT no bigger than the file) and every BIFF
/// record calamine turns into a cell, so the dense ranges calamine builds
/// while opening stay within the limits.
pub(super) fn prescan_xls(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let cfb = cfb::Cfb::parse(bytes).map_err(|e| ReadError::corrupt(format!("the xls file is damaged: {e}")))?;
    // calamine tries "Workbook", then "Book" (BIFF5).
    let stream = match cfb.stream(bytes, "Workbook") {
        Ok(Some(s)) => s,
        Ok(None) | Err(_) => match cfb.stream(bytes, "Book") {
            Ok(Some(s)) => s,
            Ok(None) => {
                return Err(ReadError::not_workbook(
                    "the file is an Office 97–2003 compound file without a Workbook stream, not a workbook",
                ))
            }
            Err(e) => return Err(ReadError::corrupt(format!("the xls file is damaged: {e}"))),
        },
    };
    scan(&stream, limits)
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

/// Walk the workbook stream as calamine does: the globals for the sheets (their offsets and names, and
/// the records calamine slices unchecked), then each sheet's dimension and cell records, each checked
/// against the limits, and the dense area of all sheets together.
fn scan(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut sheets: Vec<usize> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for rec in records(stream) {
        let (typ, data) = rec?;
        match typ {
            0x002F if u16_at(data, 0).unwrap_or(0) != 0 => {
                return Err(ReadError::unsupported(
                    "the xls file is password protected; remove the password and save it again",
                ))
            }
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
                names.push(name);
                sheets.push(u32_at(data, 0).unwrap_or(u32::MAX) as usize);
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
            0x000A => break,
            _ => {}
        }
    }
    let mut total_area = 0u64;
    for (i, pos) in sheets.into_iter().enumerate() {
        // calamine slices the stream at this offset without a check.
        if pos >= stream.len() {
            return Err(ReadError::corrupt(format!(
                "the xls file is damaged: sheet {} starts at offset {pos}, past the end of the workbook stream ({} bytes)",
                i + 1,
                stream.len()
            )));
        }
        let name = names.get(i).cloned().unwrap_or_else(|| format!("#{}", i + 1));
        let mut depth = 0usize;
        let mut seen_bof = false;
        let mut min = (u64::MAX, u64::MAX);
        let mut max = (0u64, 0u64);
        let mut any = false;
        let mut see = |r: u32, c: u32| -> Result<(), ReadError> {
            check_position(&name, r as u64, c as u64, limits)?;
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
                    // DIMENSIONS: calamine reserves rows x cols cells from it.
                    let (rf, rl, cf, cl) = match d.len() {
                        10 => (rc().0, rc().1, u16_at(d, 4).unwrap_or(0), u16_at(d, 6).unwrap_or(0)),
                        14 | 16 => (
                            u32_at(d, 0).unwrap_or(0),
                            u32_at(d, 4).unwrap_or(0),
                            u16_at(d, 8).unwrap_or(0),
                            u16_at(d, 10).unwrap_or(0),
                        ),
                        _ => continue, // calamine rejects it
                    };
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    let rows = (rl as u64).saturating_sub(rf as u64);
                    let cols = (cl as u64).saturating_sub(cf as u64);
                    check_claim(&name, rows, cols, limits)?;
                }
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x0201 => {
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
                // MulBlank: calamine skips blanks, but check anyway.
                0x00BE if d.len() >= 6 => {
                    let (r, c0) = rc();
                    see(r, c0)?;
                }
                0x000A => break,
                _ => {}
            }
        }
        if any {
            // calamine builds a dense range over the used area (value and
            // formula ranges), every sheet at once.
            total_area += (max.0 - min.0 + 1) * (max.1 - min.1 + 1);
            if total_area > limits.max_cells {
                return Err(ReadError::too_large(format!(
                    "sheet \"{name}\" spans {} cells, which takes the workbook over the limit of {} cells",
                    (max.0 - min.0 + 1) * (max.1 - min.1 + 1),
                    limits.max_cells
                )));
            }
        }
    }
    Ok(())
}
