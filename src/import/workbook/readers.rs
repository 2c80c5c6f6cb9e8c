//! The calamine-backed readers of xlsx, xlsm, xlsb, xls and ods: one loop over calamine's [`Reader`]
//! trait ([`read_sheets`]) reads the worksheets a [`SheetChoice`] takes into [`Sheet`]s through the
//! [`SheetBuilder`], which enforces the per-cell limits, and each format brings only what differs as hooks.
//! xlsx and xlsb cells are streamed, so a far cell is refused before calamine builds a range, and a sheet
//! not read is never parsed; xls and ods are only opened after their pre-scans, because calamine loads them
//! densely while opening.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, SheetType, Xls, Xlsb, Xlsx};

use super::normalise::{normalise, normalise_ref, shows_time, shows_time_ref};
use super::ods::{OdsKind, OdsScan, OdsTable};
use super::xls::XlsScan;
use super::{
    calamine_error, calamine_open_error, check_sheet_count, CellValue, ErrorCells, Format, Limits, MergedRegions,
    ReadError, Role, Sheet, SheetBuilder, SheetChoice,
};

fn worksheet_names(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets.iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

/// The characters of a number format, each with whether it is literal text (inside quotes, or escaped
/// with a backslash); the quotes and backslashes themselves left out.
fn format_chars(code: &str) -> impl Iterator<Item = (char, bool)> + '_ {
    let (mut quoted, mut escaped) = (false, false);
    code.chars().filter_map(move |ch| match ch {
        _ if escaped => {
            escaped = false;
            Some((ch, true))
        }
        '"' => {
            quoted = !quoted;
            None
        }
        _ if quoted => Some((ch, true)),
        '\\' => {
            escaped = true;
            None
        }
        _ => Some((ch, false)),
    })
}

/// True for a number format that displays a percentage: a `%` outside quotes
/// and backslash escapes (`0.00%`, `0%;[Red]-0%`, but not `0 "%"`).
fn is_percent_format(code: &str) -> bool {
    format_chars(code).any(|(ch, literal)| ch == '%' && !literal)
}

/// The unit of data size a number format writes after the number (`0.0 "TB"`, `#,##0\ \G\B`), if its
/// first section's literal text is one: the vendor sees `5.8 TB`, not 5.8. A format that scales the number
/// (`0.0, "TB"` shows 5800 as 5.8) has none here: the cell's number is then read as it is.
fn size_unit_of_format(code: &str) -> Option<&'static str> {
    const UNITS: &[&str] = &["KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut literal = String::new();
    // The format's own characters, outside quotes and escapes, spaces left out.
    let mut format = String::new();
    for (ch, is_literal) in format_chars(code) {
        match ch {
            _ if is_literal => literal.push(ch),
            ';' => break,
            ' ' => {}
            _ => format.push(ch),
        }
    }
    // A comma not followed by a digit placeholder scales by a thousand (`#,##0` only groups).
    let scales = format.match_indices(',').any(|(i, _)| !format[i + 1..].starts_with(['0', '#', '?']));
    if scales {
        return None;
    }
    let literal = literal.trim();
    UNITS.iter().find(|unit| unit.eq_ignore_ascii_case(literal)).copied()
}

/// A sheet's merged regions as (first row, first column, last row, last column), inclusive and 0-based.
type Regions = Vec<(u32, u32, u32, u32)>;

/// The date system of a workbook calamine opened: whether it counts its dates from 1904.
trait DateSystem {
    fn date_1904(&self) -> bool;
}

impl<RS: std::io::Read + std::io::Seek> DateSystem for Xlsx<RS> {
    fn date_1904(&self) -> bool {
        self.has_1904_epoch()
    }
}

impl<RS: std::io::Read + std::io::Seek> DateSystem for Xlsb<RS> {
    fn date_1904(&self) -> bool {
        self.has_1904_epoch()
    }
}

impl<RS: std::io::Read + std::io::Seek> DateSystem for Xls<RS> {
    fn date_1904(&self) -> bool {
        self.has_1904_epoch()
    }
}

/// calamine reads no null date from an ods; the pre-scan does (see [`read_ods`]).
impl<RS> DateSystem for Ods<RS> {
    fn date_1904(&self) -> bool {
        false
    }
}

/// What a reader gives: the sheets read, the name of every worksheet, and whether the workbook counts its
/// dates from 1904.
pub(super) struct Read {
    pub(super) sheets: Vec<Sheet>,
    pub(super) names: Vec<String>,
    pub(super) date_1904: bool,
}

/// calamine's merged regions as (first row, first column, last row, last column).
fn merged_regions(dimensions: Vec<calamine::Dimensions>) -> Regions {
    dimensions.into_iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect()
}

/// Reads the worksheets `choice` takes with calamine's reader `R`: the one loop all four formats share.
/// Gives the sheets read, the names of all worksheets and the workbook's date system.
///
/// What differs between the formats comes in as two hooks, called once per sheet read in this order:
/// `merged` gives the sheet's merged regions (calamine has them only on the concrete xlsx and xls types,
/// the ods pre-scan found them for ods, xlsb has none), then `cells` feeds the sheet's cells to the
/// builder. For xlsx and xlsb that hook streams them, so every position is checked before calamine
/// allocates; xls and ods can only give the range calamine built while opening, which their pre-scans have
/// already bounded. A hook stops early when the builder is [`done`](SheetBuilder::done): it was reading a
/// sheet's first rows only, to tell whether it is the questionnaire's.
fn read_sheets<'b, R>(
    bytes: &'b [u8],
    format: Format,
    limits: &Limits,
    choice: &SheetChoice,
    errors: &ErrorCells,
    mut merged: impl FnMut(&mut R, &str) -> Result<Regions, R::Error>,
    mut cells: impl FnMut(&mut R, &str, &mut SheetBuilder<'_>) -> Result<(), ReadError>,
) -> Result<Read, ReadError>
where
    R: Reader<Cursor<&'b [u8]>> + DateSystem,
    R::Error: fmt::Display,
{
    let mut workbook = R::new(Cursor::new(bytes)).map_err(|e| calamine_open_error(format, e))?;
    let date_1904 = workbook.date_1904();
    let names = worksheet_names(workbook.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    let mut main_found = false;
    for (name, role) in names.iter().zip(choice.roles(&names)) {
        match role {
            Role::Skip => continue,
            Role::Probe if main_found => continue,
            Role::Probe => {
                let mut none = 0u64;
                let mut head = SheetBuilder::head(name, limits, &mut none, choice.head_rows);
                // Damage past the first rows is not seen here; damage within them only matters when the sheet
                // turns out to be the questionnaire's, and is then met again below.
                let _ = cells(&mut workbook, name, &mut head);
                if !(choice.by_head)(&head.finish(Vec::new())?) {
                    continue;
                }
                main_found = true;
            }
            Role::Read => {}
        }
        let regions = merged(&mut workbook, name).map_err(|e| calamine_error(format, e))?;
        let mut builder = SheetBuilder::new(name, limits, &mut total).with_errors(errors.get(name));
        cells(&mut workbook, name, &mut builder)?;
        sheets.push(builder.finish(regions)?);
    }
    Ok(Read { sheets, names, date_1904 })
}

/// Feeds every non-empty cell of a range calamine built to `push`, at its position in the sheet.
/// `push` says whether to go on.
fn used_cells(
    range: &Range<Data>,
    mut push: impl FnMut(u32, u32, &Data) -> Result<bool, ReadError>,
) -> Result<(), ReadError> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        // used_cells() positions are relative to range.start().
        if !push(r0 + r as u32, c0 + c as u32, v)? {
            break;
        }
    }
    Ok(())
}

/// xlsx and xlsm: cells streamed with their style, which tells a percentage. The declared dimension is a
/// claim, not data, and is not looked at.
pub(super) fn read_xlsx(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
    choice: &SheetChoice,
    errors: &ErrorCells,
    merged: &MergedRegions,
) -> Result<Read, ReadError> {
    read_sheets::<Xlsx<_>>(
        bytes,
        format,
        limits,
        choice,
        errors,
        // The guard has read most sheets' merged regions already; asking calamine costs another pass over
        // the whole sheet.
        |wb, name| match merged.get(name) {
            Some(regions) => Ok(regions.clone()),
            None => wb.merge_cells_by_sheet_name(name).map(merged_regions),
        },
        |wb, name, builder| {
            let mut reader = wb.worksheet_cells_reader(name).map_err(|e| calamine_error(format, e))?;
            let styles = reader.styles();
            let percent_styles: HashSet<usize> = styles
                .iter()
                .enumerate()
                .filter(|(_, s)| s.number_format.as_ref().is_some_and(|f| is_percent_format(&f.format_code)))
                .map(|(i, _)| i)
                .collect();
            let size_units: HashMap<usize, &str> = styles
                .iter()
                .enumerate()
                .filter_map(|(i, s)| Some((i, size_unit_of_format(&s.number_format.as_ref()?.format_code)?)))
                .collect();
            while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| calamine_error(format, e))? {
                let (row, col) = cell.get_position();
                let value = cell.get_value();
                let normalised = match (normalise_ref(value), size_units.get(&style)) {
                    // Read as the vendor sees it: `5.8 TB` is 5,800 GB, not 5.8.
                    (Some(CellValue::Number(n)), Some(unit)) => Some(CellValue::Text(format!("{n} {unit}"))),
                    (normalised, _) => normalised,
                };
                builder.push(row, col, normalised, percent_styles.contains(&style), shows_time_ref(value))?;
                if builder.done() {
                    break;
                }
            }
            Ok(())
        },
    )
}

/// xlsb: cells streamed; calamine 0.38 reads no merged regions and no number formats from xlsb.
pub(super) fn read_xlsb(
    bytes: &[u8],
    limits: &Limits,
    choice: &SheetChoice,
    errors: &ErrorCells,
) -> Result<Read, ReadError> {
    let format = Format::Xlsb;
    read_sheets::<Xlsb<_>>(
        bytes,
        format,
        limits,
        choice,
        errors,
        |_, _| Ok(Vec::new()),
        |wb, name, builder| {
            let mut reader = wb.worksheet_cells_reader(name).map_err(|e| calamine_error(format, e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| calamine_error(format, e))? {
                let (row, col) = cell.get_position();
                let value = cell.get_value();
                builder.push(row, col, normalise_ref(value), false, shows_time_ref(value))?;
                if builder.done() {
                    break;
                }
            }
            Ok(())
        },
    )
}

/// xls: safe only after [`prescan_xls`](super::xls::prescan_xls), as calamine loads every sheet densely
/// while opening the file (the pre-scan's bytes point the sheets not read at an empty substream). calamine
/// exposes no number formats for xls, so no cell is a percentage.
pub(super) fn read_xls(scan: &XlsScan<'_>, limits: &Limits, choice: &SheetChoice) -> Result<Read, ReadError> {
    let format = Format::Xls;
    read_sheets::<Xls<_>>(
        scan.bytes(),
        format,
        limits,
        choice,
        &ErrorCells::new(),
        |wb, name| wb.merge_cells_by_sheet_name(name).map(merged_regions),
        |wb, name, builder| {
            let range = wb.worksheet_range(name).map_err(|e| calamine_error(format, e))?;
            used_cells(&range, |row, col, v| {
                builder.push(row, col, normalise(v), false, shows_time(v))?;
                Ok(!builder.done())
            })
        },
    )
}

/// ods: safe only after [`prescan_ods`](super::ods::prescan_ods), as calamine loads every table densely
/// while opening the file (the tables not read were cut out); the pre-scan's `scan` gives the merged
/// regions and the value types calamine loses.
pub(super) fn read_ods(bytes: &[u8], limits: &Limits, choice: &SheetChoice, scan: &OdsScan) -> Result<Read, ReadError> {
    let format = Format::Ods;
    let empty = OdsTable::default();
    let hints = |name: &str| scan.tables.get(name).unwrap_or(&empty);
    let read = read_sheets::<Ods<_>>(
        bytes,
        format,
        limits,
        choice,
        &ErrorCells::new(),
        |_, name| Ok(hints(name).merged.clone()),
        |wb, name, builder| {
            let hints = hints(name);
            let range = wb.worksheet_range(name).map_err(|e| calamine_error(format, e))?;
            used_cells(&range, |row, col, v| {
                let kind = hints.kinds.get(&(row, col)).copied();
                // calamine gives ods booleans as numbers and errors as text; the
                // value type from content.xml puts them right.
                let value = match (kind, v) {
                    (Some(OdsKind::Boolean), Data::Float(f)) => Some(CellValue::Bool(*f != 0.0)),
                    (Some(OdsKind::Boolean), Data::Int(i)) => Some(CellValue::Bool(*i != 0)),
                    (Some(OdsKind::Error), Data::String(s)) => Some(CellValue::Error(s.trim().to_string())),
                    _ => normalise(v),
                };
                builder.push(row, col, value, kind == Some(OdsKind::Percent), shows_time(v))?;
                Ok(!builder.done())
            })
        },
    )?;
    // calamine saw only the tables kept; the workbook's own list names them all. The pre-scan read the
    // null date.
    Ok(Read { names: scan.names.clone(), date_1904: scan.date_1904, ..read })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.00%"));
        assert!(is_percent_format("0%;[Red]-0%"));
        assert!(!is_percent_format("0 \"%\""));
        assert!(!is_percent_format("0\\%"));
        assert!(!is_percent_format("yyyy-mm-dd"));
    }

    #[test]
    fn size_units_in_number_formats() {
        assert_eq!(size_unit_of_format("0.0 \"TB\""), Some("TB"));
        assert_eq!(size_unit_of_format("#,##0\" GB\";-#,##0\" GB\""), Some("GB"));
        assert_eq!(size_unit_of_format("0.0\\ \\T\\B"), Some("TB"));
        assert_eq!(size_unit_of_format("0 \"tb\""), Some("TB"));
        assert_eq!(size_unit_of_format("0 \"rps\""), None);
        // Scaled by a thousand: the number is not what the unit says of it.
        assert_eq!(size_unit_of_format("0.0, \"TB\""), None);
        assert_eq!(size_unit_of_format("#,##0.0,\"TB\""), None);
        assert_eq!(size_unit_of_format("0.00%"), None);
        assert_eq!(size_unit_of_format("General"), None);
        assert_eq!(size_unit_of_format("yyyy-mm-dd"), None);
    }
}
