//! The ods pre-scan: `content.xml` walked the way calamine walks it, before calamine opens the file.
//! calamine materialises every table densely while opening, sized by the repeat attributes, so the tables
//! the questionnaire does not read are cut out of `content.xml` first (never parsed, never judged), and the
//! extent of real content in the others is bounded; and since calamine loses some value types (booleans
//! read as numbers, errors as text, percentages as plain numbers) and gives no merged regions for ods, the
//! scan also records those for the reader.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use super::parts::drop_elements;
use super::{check_position, check_sheet_count, count, Limits, ReadError, Role, SheetChoice};

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
    /// The tables kept, by name.
    pub(super) tables: HashMap<String, OdsTable>,
    /// Every table's name, in document order.
    pub(super) names: Vec<String>,
    /// `content.xml` without the tables not read, when there were any.
    pub(super) stripped: Option<Vec<u8>>,
    /// Whether the document counts dates from 1904-01-01 (`<table:null-date table:date-value="1904-01-01">`,
    /// as LibreOffice writes a document set to the 1904 date system).
    pub(super) date_1904: bool,
}

fn damaged(e: quick_xml::Error) -> ReadError {
    ReadError::corrupt(format!("the ods content.xml is damaged: {}", e.to_string().to_lowercase()))
}

/// The name of every table, in document order, with the XML checked well formed, and whether the document
/// counts dates from 1904 (its null date).
///
/// calamine's ods reader loops until it meets the end tag it waits for and never stops at the end of the
/// file: a content.xml cut short or with tags that do not pair up makes it spin forever. So the XML must be
/// well formed: end tags match their start tags (checked by quick-xml) and every element is closed when the
/// file ends (`open` below).
fn table_names(content: &[u8], limits: &Limits) -> Result<(Vec<String>, bool), ReadError> {
    let mut xml = quick_xml::Reader::from_reader(content);
    xml.config_mut().check_end_names = true;
    let mut open = 0u64;
    let mut names = Vec::new();
    let mut date_1904 = false;
    loop {
        let event = xml.read_event().map_err(damaged)?;
        if let Event::Start(e) | Event::Empty(e) = &event {
            match e.name().as_ref() {
                "table:table" => {
                    names.push(attr(e, "table:name").unwrap_or_default());
                    check_sheet_count(names.len(), limits)?;
                }
                "table:null-date" => {
                    date_1904 = attr(e, "table:date-value").is_some_and(|d| d.trim().starts_with("1904-01-01"));
                }
                _ => {}
            }
        }
        match event {
            Event::Start(_) => open += 1,
            Event::End(_) => open = open.saturating_sub(1),
            Event::Eof if open > 0 => {
                return Err(ReadError::corrupt(format!(
                    "the ods content.xml is damaged: it ends with {open} element(s) still open (the file is truncated)"
                )))
            }
            Event::Eof => return Ok((names, date_1904)),
            _ => {}
        }
    }
}

/// Walk `content` (the ods `content.xml`) the way calamine does (same element names, same repeat
/// attributes): the tables `choice` does not take are cut out, and the content of the others beyond the
/// limits is refused before calamine materialises it. Empty repeated cells and rows (LibreOffice writes
/// `number-rows-repeated="1048553"` after the data) cost calamine nothing and are allowed; a non-empty cell
/// repeated far is not.
pub(super) fn prescan_ods(content: &[u8], limits: &Limits, choice: &SheetChoice) -> Result<OdsScan, ReadError> {
    let (names, date_1904) = table_names(content, limits)?;
    let roles: HashMap<&str, Role> = names.iter().map(String::as_str).zip(choice.roles(&names)).collect();
    let role = |name: &str| roles.get(name).copied().unwrap_or(Role::Skip);
    let mut xml = quick_xml::Reader::from_reader(content);
    xml.config_mut().check_end_names = true;
    let mut tables = HashMap::new();
    let mut current: Option<(String, OdsTable)> = None;
    // Inside a table that is cut out: how deep.
    let mut skipping: Option<u32> = None;
    let mut row: u64 = 0;
    let mut col: u64 = 0;
    let mut row_repeat: u64 = 1;
    let mut depth_in_cell = 0u32;
    // The dense area calamine builds for the tables before this one.
    let mut area = 0u64;
    let mut sheet_max: (u64, u64) = (0, 0);
    let mut sheet_has_content = false;
    let mut bool_data_styles: HashSet<String> = HashSet::new();
    let mut bool_cell_styles: HashSet<String> = HashSet::new();
    loop {
        let ev = xml.read_event().map_err(damaged)?;
        if let Some(depth) = skipping.as_mut() {
            match &ev {
                Event::Start(_) => *depth += 1,
                Event::End(_) if *depth == 0 => skipping = None,
                Event::End(_) => *depth -= 1,
                _ => {}
            }
            continue;
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
                    let name = attr(e, "table:name").unwrap_or_default();
                    if role(&name) == Role::Skip {
                        if !empty {
                            skipping = Some(0);
                        }
                        continue;
                    }
                    if let Some((name, table)) = current.take() {
                        // A table inside a table: calamine would not read it either.
                        tables.insert(name, table);
                    }
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
                    // calamine keeps a cell only for its value or its formula: a styled cell, or one holding
                    // only an annotation, is empty to it, however far out it stands.
                    let has_content = value_type.is_some() || attr(e, "table:formula").is_some();
                    if let Some((name, table)) = current.as_mut() {
                        if has_content {
                            let last_row = row.saturating_add(row_repeat - 1);
                            let last_col = col.saturating_add(col_repeat - 1);
                            if role(name) == Role::Read {
                                check_position(name, last_row, last_col, limits)?;
                            }
                            sheet_has_content = true;
                            sheet_max = (sheet_max.0.max(last_row), sheet_max.1.max(last_col));
                            // calamine holds each table densely (value + formula per slot), all tables at
                            // once: refused as soon as the extent seen so far passes the limit.
                            let rows = sheet_max.0.saturating_add(1);
                            let cols = sheet_max.1.saturating_add(1);
                            let spans = rows.saturating_mul(cols);
                            if area.saturating_add(spans) > limits.max_cells {
                                return Err(ReadError::too_large(format!(
                                    "sheet \"{name}\" spans {spans} cells ({rows} rows x {cols} columns), which takes the \
                                     workbook over the limit of {}",
                                    count(limits.max_cells, "cell")
                                )));
                            }
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
                                // Bounded: the area check above caps the block at the cell limit.
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
                                    area = area.saturating_add(
                                        sheet_max.0.saturating_add(1).saturating_mul(sheet_max.1.saturating_add(1)),
                                    );
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
    let stripped = if names.iter().any(|n| role(n) == Role::Skip) {
        let cut = drop_elements(content, "table", |e| {
            e.name().as_ref() == "table:table" && role(&attr(e, "table:name").unwrap_or_default()) == Role::Skip
        });
        Some(cut.ok_or_else(|| ReadError::corrupt("the ods content.xml is damaged: its tables do not close"))?)
    } else {
        None
    };
    Ok(OdsScan { tables, names, stripped, date_1904 })
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

    #[test]
    fn the_null_date_says_whether_dates_count_from_1904() {
        let document = |settings: &str| {
            format!(
                "<office:document-content><office:body><office:spreadsheet>{settings}\
                 <table:table table:name=\"Profile\"/></office:spreadsheet></office:body></office:document-content>"
            )
        };
        let null_date = |date: &str| {
            format!("<table:calculation-settings><table:null-date table:date-value=\"{date}\"/></table:calculation-settings>")
        };
        for (settings, expected) in
            [(String::new(), false), (null_date("1899-12-30"), false), (null_date("1904-01-01"), true)]
        {
            let (names, date_1904) = super::table_names(document(&settings).as_bytes(), &Limits::default()).unwrap();
            assert_eq!(names, ["Profile"]);
            assert_eq!(date_1904, expected, "{settings}");
        }
    }

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
