//! Formats told apart by content through the public importer. How the same cells read alike in xlsx, xls,
//! ods and csv is tested beside the workbook reader (`src/import/workbook`), which those cells never leave.

use discovery::import::{Format, Limits};
use discovery::{Converter, ErrorKind};

use crate::crate_file;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(crate_file(name)).unwrap()
}

#[test]
fn xlsm_by_content_type_or_name() {
    let xlsx = sample("samples/fabrikam-routewise.xlsx");
    let xlsm = super::files::rewrite_zip(&xlsx, |name, data| {
        if name == "[Content_Types].xml" {
            String::from_utf8(data)
                .unwrap()
                .replace("spreadsheetml.sheet.main+xml", "sheet.macroEnabled.main+xml")
                .into_bytes()
        } else {
            data
        }
    });
    let converter = Converter::new();
    let imported = converter.import_bytes(&xlsm, "answers").unwrap();
    assert_eq!(imported.format, Format::Xlsm);
    assert_eq!(imported.profile.meta.company_name.as_deref(), Some("Fabrikam Freight Systems Ltd"));
    assert_eq!(converter.import_bytes(&xlsx, "a.xlsx").unwrap().format, Format::Xlsx);
    // Content types that do not say, as some writers leave them: the name breaks the tie.
    let unsaid = super::files::rewrite_zip(&xlsx, |name, data| {
        if name == "[Content_Types].xml" {
            String::from_utf8(data).unwrap().replace("spreadsheetml.sheet.main+xml", "unsaid+xml").into_bytes()
        } else {
            data
        }
    });
    assert_eq!(converter.import_bytes(&unsaid, "a.xlsm").unwrap().format, Format::Xlsm);
    assert_eq!(converter.import_bytes(&unsaid, "a.xlsx").unwrap().format, Format::Xlsx);
}

#[test]
fn csv_limits() {
    let mut limits = Limits::default();
    limits.max_rows = 3;
    let converter = Converter::with_options(discovery::import::ImportOptions::with_limits(limits));
    let err = converter.import_bytes(b"a,b\nc,d\ne,f\ng,h\n", "answers.csv").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit);
    assert_eq!(err.message(), "the csv file has more than 3 rows, the limit");
}

#[test]
fn a_csv_is_the_profile_sheet_alone_without_a_warning_per_table() {
    let csv = b"Key,Question,Answer\nmeta.company_name,Company,Acme\narchitecture.current_hosting,Hosting,Azur\n";
    let imported = Converter::new().import_bytes(csv, "answers.csv").unwrap();
    assert_eq!(imported.profile.meta.company_name.as_deref(), Some("Acme"));
    let codes: Vec<String> = imported.diagnostics.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(codes, ["invalid-choice"], "the tables a CSV cannot hold are gaps, not warnings");
}

#[test]
fn json_is_sniffed_and_read_as_a_profile() {
    let json = sample("samples/mueller-soen-partial.json");
    let mut padded = b"  ".to_vec();
    padded.extend(&json);
    let imported = Converter::new().import_bytes(&padded, "answers").unwrap();
    assert_eq!(imported.format, Format::Json);
}
