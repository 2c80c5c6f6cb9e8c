//! Writes every hostile input into the directory given (default /tmp/hostile)
//! for measuring with `/usr/bin/time -v target/release/discovery import FILE`, and the returns that real
//! workbooks make of the sample (a sheet of the vendor's own, macros, claims larger than the content), which
//! must import like the sample; `cost-model.xlsx` is what tests/fixtures/fabrikam-cost-model.{xls,ods}
//! are converted from, and `panics.xlsb` is tests/fixtures/xlsb-calamine-panics.xlsb.
#[path = "../tests/import/files.rs"]
mod common;

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "/tmp/hostile".into());
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("empty.xlsx", common::empty()),
        ("truncated.xlsx", common::truncated_xlsx()),
        ("random.bin", common::random_bytes()),
        ("doc.pdf", common::pdf()),
        ("image.png", common::png()),
        ("page.html", common::html()),
        ("nowb.zip", common::zip_without_workbook()),
        ("letter.docx", common::docx()),
        ("bomb.xlsx", common::zip_bomb()),
        ("lying.xlsx", common::lying_zip()),
        ("dimension.xlsx", common::xlsx_huge_dimension()),
        ("farcell.xlsx", common::xlsx_far_cell()),
        ("laughs.xlsx", common::xlsx_billion_laughs()),
        ("laughs.ods", common::ods_billion_laughs()),
        ("uniquecount.xlsx", common::xlsx_huge_unique_count()),
        ("truncated.xls", common::truncated_xls()),
        ("cyclic.xls", common::xls_cyclic_fat()),
        ("corrupted.xls", common::corrupted_xls()),
        ("dimensions.xls", common::xls_huge_dimensions()),
        ("farcell.xls", common::xls_far_cell()),
        ("repeat.ods", common::ods_huge_repeat()),
        ("unclosed.ods", common::ods_unclosed()),
        ("record.xlsb", common::xlsb_huge_record()),
        ("lbl.xls", common::xls_lbl_overrun()),
        ("longtext.xlsx", common::xlsx_long_text()),
        ("strings.xlsx", common::xlsx_understated_strings(11_000_000)),
        ("encrypted.xlsx", common::encrypted_ooxml()),
        ("panics.xlsb", common::xlsb_calamine_panics()),
        ("cost-model.xlsx", common::xlsx_with_cost_model()),
        ("bold.xlsx", common::xlsx_bold_far_cell()),
        ("tall.xlsx", common::xlsx_tall_dimension()),
        ("macros.xlsm", common::xlsm_with_macro_sheet()),
        ("longer.xlsx", common::xlsx_member_longer_than_declared()),
        ("spill.xlsx", common::xlsx_spill_on_instructions()),
        ("vba.xlsb", common::xlsb_with_garbage_vba()),
        ("largest.xlsx", common::xlsx_largest_accepted()),
    ];
    for (name, bytes) in files {
        let path = format!("{dir}/{name}");
        std::fs::write(&path, &bytes).unwrap();
        println!("{path} {} bytes", bytes.len());
    }
}
