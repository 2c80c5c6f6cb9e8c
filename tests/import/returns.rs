//! Returns as vendors really send them: the sample with what real workbooks carry besides the questionnaire
//! (a sheet of their own, styled cells far out, a dimension that claims more than is there, macros, a zip
//! header a few bytes off, spreadsheet errors outside the answers). Each imports exactly like the sample,
//! or with the one diagnostic it says; before the guard judged only what the questionnaire reads, each was
//! refused.

use discovery::{Code, Converter, Imported, Severity};

use super::files;
use crate::crate_file;

fn import(bytes: &[u8], name: &str) -> Imported {
    Converter::new().import_bytes(bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The sample itself, imported under `name`.
fn sample(name: &str) -> Imported {
    import(&files::sample_xlsx(), name)
}

/// `bytes` import exactly like `reference`: the same profile, the same diagnostics.
fn imports_like(bytes: &[u8], reference: &[u8], name: &str) {
    let expected = import(reference, name);
    let imported = import(bytes, name);
    assert_eq!(imported.diagnostics, expected.diagnostics, "{name}");
    assert_eq!(imported.profile, expected.profile, "{name}");
}

/// `bytes` import exactly like the sample: the same profile, the same diagnostics (none).
fn imports_like_the_sample(bytes: &[u8], name: &str) {
    imports_like(bytes, &files::sample_xlsx(), name);
}

#[test]
fn a_sheet_of_the_vendors_own_with_200_columns_is_not_read() {
    imports_like_the_sample(&files::xlsx_with_cost_model(), "fabrikam.xlsx");
}

/// The same, saved by LibreOffice as xls and ods (see tests/fixtures/README.md): xls and ods are loaded
/// whole by calamine, so the sheet is cut out before it sees them.
#[test]
fn a_sheet_of_the_vendors_own_is_not_read_in_xls_and_ods_either() {
    for (with, without) in [
        ("tests/fixtures/fabrikam-cost-model.xls", "tests/fixtures/fabrikam-routewise.xls"),
        ("tests/fixtures/fabrikam-cost-model.ods", "tests/fixtures/fabrikam-routewise.ods"),
    ] {
        let read = |path: &str| std::fs::read(crate_file(path)).unwrap();
        imports_like(&read(with), &read(without), with.rsplit('/').next().unwrap());
    }
}

#[test]
fn a_styled_empty_cell_far_out_is_not_data() {
    imports_like_the_sample(&files::xlsx_bold_far_cell(), "fabrikam.xlsx");
}

#[test]
fn a_dimension_that_claims_65536_rows_over_a_few_cells_is_not_data() {
    imports_like_the_sample(&files::xlsx_tall_dimension(), "fabrikam.xlsx");
}

#[test]
fn an_xlsm_with_an_excel_4_macro_sheet_and_a_vba_project_is_read() {
    let bytes = files::xlsm_with_macro_sheet();
    assert_eq!(Converter::new().import_bytes(&bytes, "fabrikam.xlsm").unwrap().format, discovery::import::Format::Xlsm);
    imports_like_the_sample(&bytes, "fabrikam.xlsm");
}

#[test]
fn a_member_a_few_bytes_longer_than_its_header_says_is_read_with_a_warning() {
    let name = "fabrikam.xlsx";
    let imported = import(&files::xlsx_member_longer_than_declared(), name);
    assert_eq!(imported.profile, sample(name).profile);
    let size = files::declared_size(&files::sample_xlsx(), "xl/worksheets/sheet2.xml");
    let [warning] = imported.diagnostics.as_slice() else { panic!("{:#?}", imported.diagnostics) };
    assert_eq!((warning.code, warning.severity), (Code::DamagedPart, Severity::Warning));
    assert_eq!(
        warning.message,
        format!(
            "zip member \"xl/worksheets/sheet2.xml\" holds {size} bytes, more than the {} its header declares; it \
             was read in full",
            size - 3
        )
    );
}

#[test]
fn a_shared_strings_header_that_overstates_is_not_believed() {
    // calamine reserves room for the claim; the guard sets it to the real count and the file reads.
    let bytes = files::xlsx_with_strings(&files::sample_xlsx(), 0, 4_000_000_000);
    imports_like_the_sample(&bytes, "fabrikam.xlsx");
}

#[test]
fn errors_calamine_does_not_know_on_a_sheet_not_read_cost_nothing() {
    imports_like_the_sample(&files::xlsx_spill_on_instructions(), "fabrikam.xlsx");
}

#[test]
fn an_error_calamine_does_not_know_in_an_answer_is_an_error_cell_there() {
    let name = "fabrikam.xlsx";
    let imported = import(&files::xlsx_error_in_answer("D4", "#SPILL!"), name);
    let errors: Vec<_> = imported.diagnostics.iter().filter(|d| d.code == Code::ErrorCell).collect();
    let [error] = errors.as_slice() else { panic!("{:#?}", imported.diagnostics) };
    assert_eq!(error.key.as_deref(), Some("meta.company_name"));
    assert_eq!(error.location.as_ref().map(|l| l.reference()), Some("Profile!D4".to_owned()));
    assert!(error.message.contains("#SPILL!"), "{}", error.message);
    assert_eq!(imported.profile.answer_states["meta.company_name"].raw, "#SPILL!");
    // Everything else is read as in the sample.
    let mut expected = sample(name).profile;
    expected.meta.company_name = None;
    expected.answer_states = imported.profile.answer_states.clone();
    assert_eq!(imported.profile, expected);
}

#[test]
fn an_xlsb_with_a_vba_project_that_is_noise_reads_like_one_without() {
    let plain = import(&files::sample_xlsb(&[], "xl/_rels/workbook.bin.rels"), "fabrikam.xlsb");
    assert_eq!(plain.profile.meta.company_name.as_deref(), Some("Fabrikam Freight Systems Ltd"));
    let with_vba = import(&files::xlsb_with_garbage_vba(), "fabrikam.xlsb");
    assert_eq!(with_vba.profile, plain.profile);
    assert_eq!(with_vba.diagnostics, plain.diagnostics);
}

#[test]
fn an_xlsb_error_code_calamine_does_not_know_is_an_error_cell() {
    let mut sheets = files::xlsb_cells_of(&files::sample_xlsx());
    let profile = sheets.iter_mut().find(|(name, _)| name == "Profile").unwrap();
    // D4, the company name, as Excel writes a #SPILL! result (code 0x2C); and one on the Instructions sheet.
    let cell = profile.1.iter_mut().find(|(r, c, _)| (*r, *c) == (3, 3)).unwrap();
    cell.2 = files::XlsbValue::Error(0x2C);
    let instructions = sheets.iter_mut().find(|(name, _)| name == "Instructions").unwrap();
    instructions.1.push((60, 1, files::XlsbValue::Error(0x2D)));
    let refs: Vec<(&str, Vec<_>)> = sheets.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
    let imported = import(&files::xlsb(&refs, &[], "xl/_rels/workbook.bin.rels"), "fabrikam.xlsb");
    let errors: Vec<_> = imported.diagnostics.iter().filter(|d| d.code == Code::ErrorCell).collect();
    let [error] = errors.as_slice() else { panic!("{:#?}", imported.diagnostics) };
    assert_eq!(error.location.as_ref().map(|l| l.reference()), Some("Profile!D4".to_owned()));
    assert!(error.message.contains("#SPILL!"), "{}", error.message);
}

/// `bytes` (an xlsx) with its Profile sheet renamed.
fn renamed_profile(bytes: &[u8], name: &str) -> Vec<u8> {
    files::rewrite_zip(bytes, |part, data| {
        if part == "xl/workbook.xml" {
            String::from_utf8(data).unwrap().replacen("name=\"Profile\"", &format!("name=\"{name}\""), 1).into_bytes()
        } else {
            data
        }
    })
}

/// Without a Profile sheet the reader looks at the first rows of the other sheets for the Profile sheet's
/// header; it reads the one it finds, and the vendor's own sheet still is not read.
#[test]
fn a_renamed_profile_sheet_is_found_by_its_header_and_other_sheets_still_are_not_read() {
    let renamed = import(&renamed_profile(&files::sample_xlsx(), "Questionnaire"), "fabrikam.xlsx");
    assert_eq!(renamed.profile.meta.company_name.as_deref(), Some("Fabrikam Freight Systems Ltd"));
    assert_eq!(renamed.profile.sources["meta.company_name"], "Questionnaire!D4");
    assert_eq!(
        renamed.diagnostics.iter().map(|d| (d.code, d.message.as_str())).collect::<Vec<_>>(),
        [(Code::MissingSheet, "the workbook has no \"Profile\" sheet; the answers were read from \"Questionnaire\"")]
    );
    let with_cost_model = import(&renamed_profile(&files::xlsx_with_cost_model(), "Questionnaire"), "fabrikam.xlsx");
    assert_eq!(with_cost_model.profile, renamed.profile);
    assert_eq!(with_cost_model.diagnostics, renamed.diagnostics);
}

/// A workbook that holds no questionnaire names every sheet it has, read or not.
#[test]
fn no_questionnaire_lists_every_sheet() {
    let bytes = renamed_profile(&files::xlsx_with_cost_model(), "Answers of 2025");
    // The header row is renamed away too: no sheet says which column holds what.
    let bytes = files::rewrite_zip(&bytes, |part, data| {
        if part == "xl/sharedStrings.xml" {
            let text = String::from_utf8(data).unwrap();
            let text = ["Key", "Question", "Answer"]
                .iter()
                .fold(text, |t, h| t.replace(&format!("<t>{h}</t>"), &format!("<t>Column {}</t>", h.len())));
            text.into_bytes()
        } else {
            data
        }
    });
    let err = Converter::new().import_bytes(&bytes, "fabrikam.xlsx").unwrap_err();
    assert_eq!(err.kind(), discovery::ErrorKind::NotAQuestionnaire);
    assert_eq!(
        err.message(),
        "no questionnaire found: there is no \"Profile\" sheet and no sheet with an \"Answer\" column (sheets: \
         Instructions, Answers of 2025, Components, Data stores, Engagements, Milestones, Lists, Cost model)"
    );
}

/// Damage to parts that hold no answers: the document properties, the theme and a VBA project are never
/// looked at; the cell styles, which calamine reads while opening, are left out with a warning.
#[test]
fn damaged_parts_that_hold_no_answers_cost_no_answer() {
    let name = "fabrikam.xlsx";
    imports_like_the_sample(&files::damage_member(&files::sample_xlsx(), "docProps/app.xml"), name);
    imports_like_the_sample(&files::damage_member(&files::sample_xlsx(), "xl/theme/theme1.xml"), name);

    // Without its styles a workbook loses only its number formats: dates may read as numbers, and say so.
    for styles in [
        files::damage_member(&files::sample_xlsx(), "xl/styles.xml"),
        files::rewrite_zip(&files::sample_xlsx(), |part, data| {
            if part == "xl/styles.xml" {
                data[..data.len() / 2].to_vec()
            } else {
                data
            }
        }),
    ] {
        let imported = import(&styles, name);
        assert_eq!(imported.profile.meta.company_name.as_deref(), Some("Fabrikam Freight Systems Ltd"));
        let warning = &imported.diagnostics[0];
        assert_eq!(warning.code, Code::DamagedPart, "{:#?}", imported.diagnostics);
        assert!(warning.message.starts_with("\"xl/styles.xml\" (the cell styles)"), "{}", warning.message);
        assert!(warning.message.ends_with("may read as plain numbers"), "{}", warning.message);
    }
}
