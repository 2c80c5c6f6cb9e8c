//! The same content saved as xlsx (rust_xlsxwriter and LibreOffice), xls and
//! ods reads as the same cells.

use chrono::NaiveDate;
use discovery::import::limits::Limits;
use discovery::import::workbook::{cell_ref, read_workbook, sniff, CellValue, Format, Workbook};

fn read(name: &str) -> Workbook {
    let bytes = super::files::fixture(name);
    let format = sniff(&bytes, Some(name)).unwrap();
    read_workbook(&bytes, format, &Limits::default()).unwrap()
}

fn text(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

fn expected() -> Vec<(&'static str, CellValue)> {
    let d = NaiveDate::from_ymd_opt(2024, 5, 17).unwrap();
    vec![
        ("B1", text("Acme GmbH")),
        ("B2", CellValue::Number(0.9995)),
        ("B3", CellValue::Date(d)),
        ("B4", CellValue::Bool(true)),
        ("B5", CellValue::Error("#DIV/0!".into())),
        ("B6", CellValue::Number(43.0)),
        ("B7", CellValue::Number(42.0)),
        ("B8", text("Line 1\nLine 2")),
        ("B9", text("Zürich – 東京 ✓ 🙂")),
        ("A10", text("Merged title")),
        ("C10", text("Merged title")), // inside the merge: reads as top-left
        ("B11", CellValue::DateTime(d.and_hms_opt(14, 30, 0).unwrap())),
        ("B12", CellValue::Number(14.5 / 24.0)),
        ("B13", CellValue::Number(1234.5)),
    ]
}

fn check(name: &str, format: Format, percent_known: bool) {
    let wb = read(name);
    assert_eq!(wb.format, format, "{name}");
    let names: Vec<&str> = wb.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Profile", "Lists"], "{name}: hidden sheets are read too");
    let sheet = wb.sheet("profile").unwrap();
    for (r, want) in expected() {
        let pos = (0..20u32)
            .flat_map(|row| (0..5u32).map(move |col| (row, col)))
            .find(|&(row, col)| cell_ref(row, col) == r)
            .unwrap();
        assert_eq!(sheet.get(pos.0, pos.1), Some(&want), "{name} {r}");
    }
    assert_eq!(sheet.merged, vec![(9, 0, 9, 2)], "{name}");
    assert_eq!(sheet.get(9, 1), Some(&text("Merged title")));
    assert_eq!(sheet.get(13, 1), None);
    assert_eq!(sheet.max_row(), Some(12));
    assert_eq!(sheet.get_cell(1, 1).unwrap().percent, percent_known, "{name} percent");
    assert!(!sheet.get_cell(6, 1).unwrap().percent);
    // row-major order
    assert!(sheet.cells.windows(2).all(|w| (w[0].row, w[0].col) < (w[1].row, w[1].col)));
    assert_eq!(wb.sheet("Lists").unwrap().get(1, 0), Some(&text("No")));
}

#[test]
fn xlsx_from_rust_xlsxwriter() {
    check("cell-values.xlsx", Format::Xlsx, true);
}

#[test]
fn xlsx_from_libreoffice() {
    check("cell-values-libreoffice.xlsx", Format::Xlsx, true);
}

#[test]
fn xls_from_libreoffice() {
    // xls number formats are not exposed by calamine: no percent flag.
    check("cell-values.xls", Format::Xls, false);
}

#[test]
fn ods_from_libreoffice() {
    check("cell-values.ods", Format::Ods, true);
}

#[test]
fn cell_refs() {
    assert_eq!(cell_ref(13, 3), "D14");
    assert_eq!(cell_ref(0, 0), "A1");
    assert_eq!(cell_ref(0, 25), "Z1");
    assert_eq!(cell_ref(0, 26), "AA1");
    assert_eq!(cell_ref(1_048_575, 16_383), "XFD1048576");
}

#[test]
fn xlsm_by_content_type_or_name() {
    let bytes = super::files::rewrite_zip(&super::files::fixture("cell-values.xlsx"), |name, data| {
        if name == "[Content_Types].xml" {
            String::from_utf8(data)
                .unwrap()
                .replace("spreadsheetml.sheet.main+xml", "sheet.macroEnabled.main+xml")
                .into_bytes()
        } else {
            data
        }
    });
    assert_eq!(sniff(&bytes, None), Ok(Format::Xlsm));
    let wb = read_workbook(&bytes, Format::Xlsm, &Limits::default()).unwrap();
    assert_eq!(wb.sheets.len(), 2);
    assert_eq!(sniff(&super::files::fixture("cell-values.xlsx"), Some("a.xlsx")), Ok(Format::Xlsx));
}

fn csv_sheet(bytes: &[u8]) -> discovery::import::workbook::Sheet {
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
    let mut limits = Limits::default();
    limits.max_rows = 3;
    let err = read_workbook(b"a,b\nc,d\ne,f\ng,h\n", Format::Csv, &limits).unwrap_err();
    assert_eq!(err.to_string(), "the csv file has more than 3 rows, the limit");
    let long = format!("a,{}\n", "x".repeat(200_000));
    // A text over the limit is cut to it, and the cut recorded for a text-too-long warning.
    let sheet = read_workbook(long.as_bytes(), Format::Csv, &Limits::default()).unwrap().sheets.remove(0);
    assert_eq!(sheet.truncated, vec![(0, 1, 200_000)]);
    assert_eq!(sheet.get(0, 1), Some(&text(&"x".repeat(100_000))));
}

#[test]
fn json_is_sniffed_but_not_read() {
    assert_eq!(sniff(b"  {\"answers\": []}", None), Ok(Format::Json));
    assert!(read_workbook(b"{}", Format::Json, &Limits::default()).is_err());
}
