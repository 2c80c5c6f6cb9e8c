//! The calamine-backed readers of xlsx, xlsm, xlsb, xls and ods: each format's sheets read into
//! [`Sheet`]s through the [`SheetBuilder`], which enforces the per-cell limits. xlsx and xlsb cells are
//! streamed, so a declared dimension or a far cell is refused before calamine builds a range; xls and ods
//! are only opened after their pre-scans, because calamine loads them densely while opening.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{Data, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};

use super::normalise::{normalise, normalise_ref};
use super::ods::{OdsKind, OdsScan, OdsTable};
use super::{calamine_error, check_sheet_count, CellValue, Format, Limits, ReadError, Sheet, SheetBuilder};

fn worksheet_names(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets.iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

/// True for a number format that displays a percentage: a `%` outside quotes
/// and backslash escapes (`0.00%`, `0%;[Red]-0%`, but not `0 "%"`).
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// calamine's merged regions as (first row, first column, last row, last column).
fn merged_regions(dimensions: Vec<calamine::Dimensions>) -> Vec<(u32, u32, u32, u32)> {
    dimensions.into_iter().map(|d| (d.start.0, d.start.1, d.end.0, d.end.1)).collect()
}

pub(super) fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Xlsx;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    for name in names {
        let merged = wb.merge_cells_by_sheet_name(&name).map(merged_regions).map_err(|e| calamine_error(format, e))?;
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| calamine_error(format, e))?;
        let dim = reader.dimensions();
        builder.check_claim(dim.end.0 as u64 + 1, dim.end.1 as u64 + 1)?;
        let styles = reader.styles();
        let percent_styles: HashSet<usize> = styles
            .iter()
            .enumerate()
            .filter(|(_, s)| s.number_format.as_ref().is_some_and(|f| is_percent_format(&f.format_code)))
            .map(|(i, _)| i)
            .collect();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| calamine_error(format, e))? {
            let (row, col) = cell.get_position();
            builder.push(row, col, normalise_ref(cell.get_value()), percent_styles.contains(&style))?;
        }
        sheets.push(builder.finish(merged)?);
    }
    Ok(sheets)
}

pub(super) fn read_xlsb(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Xlsb;
    let mut wb: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    for name in names {
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| calamine_error(format, e))?;
        let dim = reader.dimensions();
        builder.check_claim(dim.end.0 as u64 + 1, dim.end.1 as u64 + 1)?;
        while let Some(cell) = reader.next_cell().map_err(|e| calamine_error(format, e))? {
            let (row, col) = cell.get_position();
            builder.push(row, col, normalise_ref(cell.get_value()), false)?;
        }
        // calamine 0.38 reads no merged regions from xlsb.
        sheets.push(builder.finish(Vec::new())?);
    }
    Ok(sheets)
}

pub(super) fn read_xls(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Xls;
    // Safe only after prescan_xls: calamine loads every sheet densely here.
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    for name in names {
        let merged = wb.merge_cells_by_sheet_name(&name).map(merged_regions).map_err(|e| calamine_error(format, e))?;
        let range = wb.worksheet_range(&name).map_err(|e| calamine_error(format, e))?;
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            // used_cells() positions are relative to range.start().
            builder.push(r0 + r as u32, c0 + c as u32, normalise(v), false)?;
        }
        sheets.push(builder.finish(merged)?);
    }
    Ok(sheets)
}

pub(super) fn read_ods(bytes: &[u8], limits: &Limits, scan: &OdsScan) -> Result<Vec<Sheet>, ReadError> {
    let format = Format::Ods;
    // Safe only after prescan_ods: calamine loads every table densely here.
    let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| calamine_error(format, e))?;
    let names = worksheet_names(wb.sheets_metadata());
    check_sheet_count(names.len(), limits)?;
    let mut total = 0u64;
    let mut sheets = Vec::new();
    let empty = OdsTable::default();
    for name in names {
        let hints = scan.tables.get(&name).unwrap_or(&empty);
        let range = wb.worksheet_range(&name).map_err(|e| calamine_error(format, e))?;
        let mut builder = SheetBuilder::new(&name, limits, &mut total);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            let kind = hints.kinds.get(&(row, col)).copied();
            // calamine gives ods booleans as numbers and errors as text; the
            // value type from content.xml puts them right.
            let value = match (kind, v) {
                (Some(OdsKind::Boolean), Data::Float(f)) => Some(CellValue::Bool(*f != 0.0)),
                (Some(OdsKind::Boolean), Data::Int(i)) => Some(CellValue::Bool(*i != 0)),
                (Some(OdsKind::Error), Data::String(s)) => Some(CellValue::Error(s.trim().to_string())),
                _ => normalise(v),
            };
            builder.push(row, col, value, kind == Some(OdsKind::Percent))?;
        }
        sheets.push(builder.finish(hints.merged.clone())?);
    }
    Ok(sheets)
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
}
