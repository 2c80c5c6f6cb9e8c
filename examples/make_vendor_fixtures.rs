//! Writes the xlsx sources of two fixture families that show how vendors fill in a questionnaire beyond
//! its answer cells (converted to xls, ods and LibreOffice's own xlsx with LibreOffice, see
//! tests/fixtures/README.md):
//!
//! * `tests/fixtures/time-cells.xlsx`: RPO and RTO typed as `0:15` and `4:00`, which a spreadsheet stores as
//!   day fractions in time formats (`h:mm`, `[h]:mm`, `h:mm:ss`), and time cells in text questions;
//! * `tests/fixtures/comments-links.xlsx`: columns the questionnaire does not read (`Owner`, `Target state
//!   (Azure)`, a second comments column), notes on answer, question and header cells, and hyperlinks that
//!   show friendly text or the address itself, on the Profile and Components sheets.
//!
//! Run it with `cargo run --example make_vendor_fixtures`.

use rust_xlsxwriter::{ExcelDateTime, Format, Note, Url, Workbook, XlsxError};

fn main() -> Result<(), XlsxError> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    time_cells()?.save(format!("{dir}/time-cells.xlsx"))?;
    comments_links()?.save(format!("{dir}/comments-links.xlsx"))?;
    println!("wrote {dir}/time-cells.xlsx and {dir}/comments-links.xlsx");
    Ok(())
}

/// A fixed creation date, so the same program gives the same bytes.
fn workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    Ok(workbook)
}

fn time_cells() -> Result<Workbook, XlsxError> {
    let mut workbook = workbook()?;
    let sheet = workbook.add_worksheet().set_name("Profile")?;
    for (col, header) in ["Key", "Question", "Answer", "Notes"].into_iter().enumerate() {
        sheet.write_string(0, col as u16, header)?;
    }
    let clock = Format::new().set_num_format("h:mm");
    let hours = Format::new().set_num_format("[h]:mm");
    let seconds = Format::new().set_num_format("h:mm:ss");
    let rows: [(&str, &str, f64, &Format); 5] = [
        ("requirements.disaster_recovery.rpo", "Recovery point objective (RPO)", 15.0 / 1440.0, &clock),
        ("requirements.disaster_recovery.rto", "Recovery time objective (RTO)", 4.0 / 24.0, &hours),
        ("requirements.availability.maintenance_windows", "Maintenance windows", 2.0 / 24.0, &clock),
        ("requirements.disaster_recovery.business_continuity", "Business continuity", 1.5, &hours),
        ("requirements.migration.plan", "Migration plan summary", 5415.0 / 86_400.0, &seconds),
    ];
    for (i, (key, question, days, format)) in rows.into_iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, key)?;
        sheet.write_string(row, 1, question)?;
        sheet.write_number_with_format(row, 2, days, format)?;
    }
    // A time in the Notes column reads as the vendor sees it too.
    sheet.write_number_with_format(1, 3, 0.5, &clock)?;
    Ok(workbook)
}

fn comments_links() -> Result<Workbook, XlsxError> {
    let mut workbook = workbook()?;
    let sheet = workbook.add_worksheet().set_name("Profile")?;
    let headers = ["Key", "Section", "Question", "Answer", "Notes", "Owner", "Target state (Azure)", "Comments"];
    for (col, header) in headers.into_iter().enumerate() {
        sheet.write_string(0, col as u16, header)?;
    }
    let note = |text: &str| Note::new(text).set_author("Jane Doe");
    sheet.insert_note(0, 3, &note("All answers as of March 2026."))?;

    sheet.write_string(1, 0, "meta.company_name")?;
    sheet.write_string(1, 1, "About this questionnaire")?;
    sheet.write_string(1, 2, "Company (ISV) name")?;
    sheet.write_string(1, 3, "Contoso Ltd")?;
    sheet.write_string(1, 5, "Jane Doe")?;

    sheet.write_string(2, 0, "meta.architecture_diagram")?;
    sheet.write_string(2, 2, "Architecture diagram: file name or link")?;
    sheet.write_url(2, 3, Url::new("https://contoso.example/diagram.pdf").set_text("Our architecture diagram"))?;

    sheet.write_string(3, 0, "meta.contact_email")?;
    sheet.write_string(3, 2, "Contact e-mail")?;
    sheet.write_url(3, 3, Url::new("mailto:cto@contoso.example").set_text("cto@contoso.example"))?;

    sheet.write_string(4, 0, "architecture.current_hosting")?;
    sheet.write_string(4, 2, "Where is the solution hosted today?")?;
    sheet.write_string(4, 3, "AWS")?;
    sheet.insert_note(4, 3, &note("Moving to Azure in Q3."))?;
    sheet.write_string(4, 6, "AKS in West Europe")?;
    sheet.write_string(4, 7, "Ask about the EKS add-ons")?;

    sheet.write_string(5, 0, "requirements.usage.pattern")?;
    sheet.write_string(5, 2, "Usage pattern")?;
    sheet.write_string(5, 3, "Consumers, 24x7")?;
    sheet.insert_note(5, 2, &note("Peaks on Sunday evenings."))?;

    // A row of the vendor's own, with text in an extra column.
    sheet.write_string(6, 0, "meta.project_code")?;
    sheet.write_string(6, 3, "PX-7")?;
    sheet.write_string(6, 5, "Bob")?;

    let components = workbook.add_worksheet().set_name("Components")?;
    let headers = ["Name", "Purpose", "Technology", "Hosting", "Notes", "Owner"];
    for (col, header) in headers.into_iter().enumerate() {
        components.write_string(0, col as u16, header)?;
    }
    components.write_string(1, 0, "API")?;
    components.write_string(1, 2, "Java")?;
    components.insert_note(1, 2, &note("Java 21 from May."))?;
    components.write_string(1, 5, "Team A")?;
    components.write_string(2, 0, "Web")?;
    components.write_url(2, 4, Url::new("https://wiki.contoso.example/web").set_text("Wiki page"))?;
    Ok(workbook)
}
