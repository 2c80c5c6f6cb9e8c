//! Writes tests/fixtures/cell-values.xlsx, the source of the xls and ods cell-value fixtures
//! (converted with LibreOffice, see tests/fixtures/README.md).
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, XlsxError};

fn main() -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0.00%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let time = Format::new().set_num_format("hh:mm");
    let wrap = Format::new().set_text_wrap();
    let ws = wb.add_worksheet().set_name("Profile")?;
    ws.write_string(0, 0, "Name")?;
    ws.write_string(0, 1, "Acme GmbH")?;
    ws.write_string(1, 0, "Uptime")?;
    ws.write_number_with_format(1, 1, 0.9995, &pct)?;
    ws.write_string(2, 0, "Founded")?;
    ws.write_datetime_with_format(2, 1, ExcelDateTime::from_ymd(2024, 5, 17)?, &date)?;
    ws.write_string(3, 0, "Certified")?;
    ws.write_boolean(3, 1, true)?;
    ws.write_string(4, 0, "Ratio")?;
    ws.write_formula(4, 1, Formula::new("=1/0").set_result("#DIV/0!"))?;
    ws.write_string(5, 0, "Sum")?;
    ws.write_formula(5, 1, Formula::new("=B7+1").set_result("43"))?;
    ws.write_string(6, 0, "Count")?;
    ws.write_number(6, 1, 42)?;
    ws.write_string(7, 0, "Address")?;
    ws.write_string_with_format(7, 1, "Line 1\nLine 2", &wrap)?;
    ws.write_string(8, 0, "Unicode")?;
    ws.write_string(8, 1, "Zürich – 東京 ✓ 🙂")?;
    ws.merge_range(9, 0, 9, 2, "Merged title", &Format::new())?;
    ws.write_string(10, 0, "Meeting")?;
    ws.write_datetime_with_format(10, 1, ExcelDateTime::from_ymd(2024, 5, 17)?.and_hms(14, 30, 0)?, &datetime)?;
    ws.write_string(11, 0, "Time")?;
    ws.write_datetime_with_format(11, 1, ExcelDateTime::from_hms(14, 30, 0)?, &time)?;
    ws.write_string(12, 0, "Decimal")?;
    ws.write_number(12, 1, 1234.5)?;
    let lists = wb.add_worksheet().set_name("Lists")?;
    lists.write_string(0, 0, "Yes")?;
    lists.write_string(1, 0, "No")?;
    lists.set_hidden(true);
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cell-values.xlsx");
    wb.save(out)?;
    println!("wrote {out}");
    Ok(())
}
