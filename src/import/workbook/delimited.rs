//! CSV: a Profile sheet saved as comma, semicolon or tab separated text, in UTF-8, UTF-16 with a byte
//! order mark, or the Windows-1252 that Excel writes on Western European machines. calamine reads no CSV,
//! so the `csv` crate does, with the delimiter picked from the first lines. CSV carries no types: every
//! cell is text, and the importer parses the answer as its question's type.

use std::collections::HashMap;

use super::normalise::text;
use super::sniff::decode_text;
use super::{Limits, ReadError, Sheet, SheetBuilder};

pub(super) fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Sheet, ReadError> {
    let decoded = match decode_text(bytes) {
        Some(t) => t,
        None => return Err(ReadError::not_workbook("the file is binary data, not CSV text")),
    };
    let delimiter = pick_delimiter(&decoded);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded.as_bytes());
    let mut total = 0u64;
    let mut builder = SheetBuilder::new("Profile", limits, &mut total);
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(ReadError::corrupt(format!(
                    "the csv file cannot be parsed at row {}: {}",
                    row + 1,
                    e.to_string().to_lowercase()
                )))
            }
        }
        if row >= limits.max_rows {
            return Err(ReadError::too_large(format!(
                "the csv file has more than {} rows, the limit",
                limits.max_rows
            )));
        }
        if record.len() as u64 > limits.max_cols as u64 {
            // Trailing empty fields (";;;;") are common and harmless.
            if let Some((last, _)) = record.iter().enumerate().filter(|(_, f)| !f.is_empty()).last() {
                builder.check_position(row, last as u32)?;
            }
        }
        for (col, field) in record.iter().enumerate() {
            if !field.is_empty() {
                builder.push(row, col as u32, text(field), false, false)?;
            }
        }
        row += 1;
    }
    builder.finish(Vec::new())
}

/// Pick `,`, `;` or tab: the one giving the same field count (> 1) on the
/// most of the first lines.
fn pick_delimiter(text: &str) -> u8 {
    let sample: String = text.lines().take(50).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b';', b'\t'] {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        let mut rdr =
            csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(d).from_reader(sample.as_bytes());
        for rec in rdr.records().flatten() {
            if rec.len() > 1 {
                *counts.entry(rec.len()).or_default() += 1;
            }
        }
        if let Some((&fields, &lines)) = counts.iter().max_by_key(|(f, l)| (**l, **f)) {
            if (lines, fields) > (best.1, best.2) {
                best = (d, lines, fields);
            }
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::super::{read_workbook, sniff, CellValue, Format, Limits, Sheet};

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn csv_sheet(bytes: &[u8]) -> Sheet {
        assert_eq!(sniff(bytes, Some("answers.csv")), Ok(Format::Csv));
        let mut wb = read_workbook(bytes, Format::Csv, &Limits::default()).unwrap();
        assert_eq!(wb.sheets.len(), 1);
        wb.sheets.remove(0)
    }

    #[test]
    fn csv_delimiters_and_encodings() {
        for src in [
            "Name,Acme GmbH\nUptime,99.95%\n\"Address\",\"Line 1\nLine 2\"\n",
            "Name;Acme GmbH\nUptime;99.95%\nAddress;\"Line 1\nLine 2\"\n",
            "Name\tAcme GmbH\nUptime\t99.95%\nAddress\t\"Line 1\r\nLine 2\"\n",
            "\u{feff}Name,Acme GmbH\nUptime,99.95%\nAddress,\"Line 1\nLine 2\"\n",
        ] {
            let s = csv_sheet(src.as_bytes());
            assert_eq!(s.name, "Profile");
            assert_eq!(s.get(0, 0), Some(&text("Name")), "{src:?}");
            assert_eq!(s.get(0, 1), Some(&text("Acme GmbH")), "{src:?}");
            assert_eq!(s.get(1, 1), Some(&text("99.95%")));
            assert_eq!(s.get(2, 1), Some(&text("Line 1\nLine 2")));
        }
        // UTF-16 LE with BOM, as Excel's "Unicode text" writes.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "City\tZürich 東京\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(csv_sheet(&utf16).get(0, 1), Some(&text("Zürich 東京")));
        // Windows-1252 (not UTF-8): nothing is dropped.
        let cp1252 = b"City;Z\xFCrich \x80 5\n";
        assert_eq!(csv_sheet(cp1252).get(0, 1), Some(&text("Zürich € 5")));
    }

    #[test]
    fn csv_limits() {
        let limits = Limits { max_rows: 3, ..Limits::default() };
        let err = read_workbook(b"a,b\nc,d\ne,f\ng,h\n", Format::Csv, &limits).unwrap_err();
        assert_eq!(err.to_string(), "the csv file has more than 3 rows, the limit");
        let long = format!("a,{}\n", "x".repeat(200_000));
        // A text over the limit is cut to it, and the cut recorded for a text-too-long warning.
        let sheet = read_workbook(long.as_bytes(), Format::Csv, &Limits::default()).unwrap().sheets.remove(0);
        assert_eq!(sheet.truncated, vec![(0, 1, 200_000)]);
        assert_eq!(sheet.get(0, 1), Some(&text(&"x".repeat(100_000))));
    }
}
