//! The ods pre-scan: `content.xml` walked the way calamine walks it, before calamine opens the file.
//! calamine materialises every table densely while opening, sized by the repeat attributes, so the extent
//! of real content is bounded here first; and since calamine loses some value types (booleans read as
//! numbers, errors as text, percentages as plain numbers) and gives no merged regions for ods, the scan
//! also records those for the reader.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use super::zip_guard::open_zip;
use super::{check_position, check_sheet_count, Limits, ReadError};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum OdsKind {
    Boolean,
    Percent,
    Error,
}

/// What the pre-scan learnt about one table.
#[derive(Default)]
pub(super) struct OdsTable {
    pub(super) merged: Vec<(u32, u32, u32, u32)>,
    /// Value types calamine loses (booleans, percentages, errors).
    pub(super) kinds: HashMap<(u32, u32), OdsKind>,
}

pub(super) struct OdsScan {
    pub(super) tables: HashMap<String, OdsTable>,
}

/// Walk `content.xml` the way calamine does (same element names, same repeat
/// attributes) and reject content beyond the limits before calamine
/// materialises it. Empty repeated cells and rows (LibreOffice writes
/// `number-rows-repeated="1048553"` after the data) cost calamine nothing and
/// are allowed; a non-empty cell repeated far is not.
pub(super) fn prescan_ods(bytes: &[u8], limits: &Limits) -> Result<OdsScan, ReadError> {
    let mut zip = open_zip(bytes, limits)?;
    let file = zip.by_name("content.xml").map_err(|_| ReadError::corrupt("the ods file has no content.xml"))?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    // calamine's ods reader loops until it meets the end tag it waits for and never stops at the end of
    // the file: a content.xml cut short or with tags that do not pair up makes it spin forever. So the
    // XML must be well formed here: end tags match their start tags (checked by quick-xml) and every
    // element is closed when the file ends (`open` below).
    xml.config_mut().check_end_names = true;
    let mut open = 0u64;
    let mut tables = HashMap::new();
    let mut buf = Vec::new();
    let mut current: Option<(String, OdsTable)> = None;
    let mut row: u64 = 0;
    let mut col: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut depth_in_cell = 0u32;
    let mut sheets = 0usize;
    let mut area = 0u64;
    let mut sheet_max: (u64, u64) = (0, 0);
    let mut sheet_has_content = false;
    let mut bool_data_styles: HashSet<String> = HashSet::new();
    let mut bool_cell_styles: HashSet<String> = HashSet::new();
    let bad = |e: quick_xml::Error| {
        ReadError::corrupt(format!("the ods content.xml is damaged: {}", e.to_string().to_lowercase()))
    };
    loop {
        buf.clear();
        let ev = xml.read_event_into(&mut buf).map_err(bad)?;
        match &ev {
            Event::Start(_) => open += 1,
            Event::End(_) => open = open.saturating_sub(1),
            Event::Eof if open > 0 => {
                return Err(ReadError::corrupt(format!(
                    "the ods content.xml is damaged: it ends with {open} element(s) still open (the file is truncated)"
                )))
            }
            _ => {}
        }
        let (start, empty) = match &ev {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            if depth_in_cell > 0 {
                if !empty {
                    depth_in_cell += 1;
                }
                continue;
            }
            match e.name().as_ref() {
                "number:boolean-style" => {
                    if let Some(n) = attr(e, "style:name") {
                        bool_data_styles.insert(n);
                    }
                }
                "style:style" => {
                    if let (Some(n), Some(d)) = (attr(e, "style:name"), attr(e, "style:data-style-name")) {
                        if bool_data_styles.contains(&d) {
                            bool_cell_styles.insert(n);
                        }
                    }
                }
                "table:table" => {
                    sheets += 1;
                    check_sheet_count(sheets, limits)?;
                    let name = attr(e, "table:name").unwrap_or_default();
                    current = Some((name, OdsTable::default()));
                    row = 0;
                    sheet_max = (0, 0);
                    sheet_has_content = false;
                }
                "table:table-row" => {
                    row_repeat = attr_u64(e, "table:number-rows-repeated")?.unwrap_or(1).max(1);
                    col = 0;
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let col_repeat = attr_u64(e, "table:number-columns-repeated")?.unwrap_or(1).max(1);
                    let value_type = attr(e, "office:value-type");
                    let has_content = !empty || value_type.is_some() || attr(e, "table:formula").is_some();
                    if let Some((name, table)) = current.as_mut() {
                        if has_content {
                            let last_row = row.saturating_add(row_repeat - 1);
                            let last_col = col.saturating_add(col_repeat - 1);
                            check_position(name, last_row, last_col, limits)?;
                            sheet_has_content = true;
                            sheet_max = (sheet_max.0.max(last_row), sheet_max.1.max(last_col));
                            let calc_type = attr(e, "calcext:value-type");
                            // Booleans: a boolean value type; or, as LibreOffice
                            // writes converted xlsx booleans, a float from
                            // TRUE()/FALSE() or in a boolean-formatted style.
                            let formula = attr(e, "table:formula").unwrap_or_default().to_ascii_uppercase();
                            let boolean_style =
                                attr(e, "table:style-name").is_some_and(|n| bool_cell_styles.contains(&n));
                            let boolean_formula = matches!(formula.as_str(), "OF:=TRUE()" | "OF:=FALSE()");
                            let kind = match (value_type.as_deref(), calc_type.as_deref()) {
                                (_, Some("error")) => Some(OdsKind::Error),
                                (Some("boolean"), _) => Some(OdsKind::Boolean),
                                (Some("float"), _) if boolean_style || boolean_formula => Some(OdsKind::Boolean),
                                (Some("percentage"), _) => Some(OdsKind::Percent),
                                _ => None,
                            };
                            if let Some(kind) = kind {
                                // Bounded: positions are within max_rows x max_cols.
                                for r in row..=last_row {
                                    for c in col..=last_col {
                                        table.kinds.insert((r as u32, c as u32), kind);
                                    }
                                }
                            }
                            let rows = attr_u64(e, "table:number-rows-spanned")?.unwrap_or(1);
                            let cols = attr_u64(e, "table:number-columns-spanned")?.unwrap_or(1);
                            merge_span(name, table, (row, col), (rows, cols), limits)?;
                        } else if let Some(rows) = attr_u64(e, "table:number-rows-spanned")? {
                            // An empty merged cell still merges.
                            let cols = attr_u64(e, "table:number-columns-spanned")?.unwrap_or(1);
                            merge_span(name, table, (row, col), (rows, cols), limits)?;
                        }
                    }
                    col = col.saturating_add(col_repeat);
                    if !empty {
                        depth_in_cell = 1;
                    }
                }
                _ => {}
            }
        } else {
            match &ev {
                Event::End(e) => {
                    if depth_in_cell > 0 {
                        depth_in_cell -= 1;
                        continue;
                    }
                    match e.name().as_ref() {
                        "table:table-row" => row = row.saturating_add(row_repeat),
                        "table:table" => {
                            if let Some((name, table)) = current.take() {
                                if sheet_has_content {
                                    // calamine holds each table densely (value +
                                    // formula per slot), all tables at once.
                                    area += (sheet_max.0 + 1) * (sheet_max.1 + 1);
                                    if area > limits.max_cells {
                                        return Err(ReadError::too_large(format!(
                                            "sheet \"{name}\" spans {} cells ({} rows x {} columns), which takes the workbook over the limit of {} cells",
                                            (sheet_max.0 + 1) * (sheet_max.1 + 1),
                                            sheet_max.0 + 1,
                                            sheet_max.1 + 1,
                                            limits.max_cells
                                        )));
                                    }
                                }
                                tables.insert(name, table);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(OdsScan { tables })
}

/// Record the merged region an ods cell spans, checked against the limits. A span of 0 is read as 1 (the
/// attribute's minimum), and a huge one saturates rather than overflows, so the limit check catches it.
fn merge_span(
    name: &str,
    table: &mut OdsTable,
    (row, col): (u64, u64),
    (rows, cols): (u64, u64),
    limits: &Limits,
) -> Result<(), ReadError> {
    if rows > 1 || cols > 1 {
        let (r1, c1) = (row.saturating_add(rows.max(1) - 1), col.saturating_add(cols.max(1) - 1));
        check_position(name, r1, c1, limits)?;
        table.merged.push((row as u32, col as u32, r1 as u32, c1 as u32));
    }
    Ok(())
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| quick_xml::escape::unescape(&a.value).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string()))
}

fn attr_u64(e: &BytesStart<'_>, key: &str) -> Result<Option<u64>, ReadError> {
    match attr(e, key) {
        None => Ok(None),
        Some(v) => v.trim().parse::<u64>().map(Some).map_err(|_| {
            ReadError::corrupt(format!(
                "the ods content.xml has an invalid {} value \"{}\"",
                key,
                v.chars().take(40).collect::<String>()
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};
    use std::panic::catch_unwind;

    use zip::ZipArchive;

    use super::super::{fixture, read_workbook, Format, Limits, ReadErrorKind};

    /// `tests/fixtures/cell-values.ods` with `attributes` added to its first cell.
    fn ods_with_first_cell(attributes: &str) -> Vec<u8> {
        use std::io::Write;
        let original = fixture("cell-values.ods");
        let mut zip = ZipArchive::new(Cursor::new(&original[..])).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut member = zip.by_index(i).unwrap();
            let name = member.name().unwrap().into_owned();
            let mut data = Vec::new();
            member.read_to_end(&mut data).unwrap();
            if name == "content.xml" {
                let xml = String::from_utf8(data).unwrap();
                data = xml.replacen("<table:table-cell ", &format!("<table:table-cell {attributes} "), 1).into_bytes();
            }
            let method =
                if name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
            out.start_file(name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    /// Found by reading the ods pre-scan: a merged cell spanning 0 rows in the first row made
    /// `row + rows - 1` overflow (a panic in debug builds, a wrapped number in release).
    #[test]
    fn regression_ods_zero_span_overflow() {
        let read = |bytes: &[u8]| {
            catch_unwind(|| read_workbook(bytes, Format::Ods, &Limits::default())).expect("the ods reader panicked")
        };
        // A span of 0 counts as 1, the attribute's minimum.
        let bytes = ods_with_first_cell("table:number-rows-spanned=\"0\" table:number-columns-spanned=\"2\"");
        assert_eq!(read(&bytes).unwrap().sheets[0].merged[0], (0, 0, 0, 1));
        let bytes = ods_with_first_cell("table:number-rows-spanned=\"2\" table:number-columns-spanned=\"0\"");
        assert_eq!(read(&bytes).unwrap().sheets[0].merged[0], (0, 0, 1, 0));
        let huge = "table:number-rows-spanned=\"18446744073709551615\" table:number-columns-spanned=\"2\"";
        let err = read(&ods_with_first_cell(huge)).unwrap_err();
        assert_eq!(err.kind(), ReadErrorKind::TooLarge);
        assert!(err.to_string().contains("beyond the limit of 10000 rows"), "{err}");
    }
}
