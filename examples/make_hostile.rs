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
        ("tablerows.xlsx", table_rows_xlsx()),
        ("tablerows.json", table_rows_json(9_998).into_bytes()),
        ("longname.json", long_name_json()),
        ("longlist.json", long_list_json()),
        ("zeros.json", zeros_json()),
        ("duplicates.json", duplicates_json()),
    ];
    for (name, bytes) in files {
        let path = format!("{dir}/{name}");
        std::fs::write(&path, &bytes).unwrap();
        println!("{path} {} bytes", bytes.len());
    }
}

/// The largest tables the limits accept, `n` rows in each table (a JSON takes 9,998; a table sheet of the
/// template holds 9,948 below its title and guidance rows), most rows with a gap to flag.
fn table_rows_json(n: usize) -> String {
    let rows = |make: &dyn Fn(usize) -> String| (0..n).map(make).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"meta": {{"company_name": "Tables Ltd", "solution_name": "Rows"}},
        "architecture": {{"components": [{}], "data_stores": [{}]}},
        "schedule": {{"milestones": [{}]}},
        "engagements": [{}]}}"#,
        rows(&|i| format!(r#"{{"name": "component {i}", "purpose": "purpose {i}", "technology": "Rust"}}"#)),
        rows(&|i| format!(r#"{{"name": "store {i}", "engine": "PostgreSQL"}}"#)),
        rows(&|i| format!(r#"{{"milestone": "milestone {i}", "date": "2027-{:02}-{:02}"}}"#, i % 12 + 1, i % 28 + 1)),
        rows(&|_| r#"{"type": "deep_dive", "priority": "high"}"#.to_owned()),
    )
}

fn table_rows_xlsx() -> Vec<u8> {
    let profile: discovery::profile::Profile = serde_json::from_str(&table_rows_json(9_948)).unwrap();
    discovery::template::write_filled(&profile, &discovery::template::TemplateOptions::default()).unwrap()
}

/// A company name of 50 million characters, just under the 50 MiB file limit.
fn long_name_json() -> Vec<u8> {
    let mut json = br#"{"meta": {"company_name": ""#.to_vec();
    json.resize(json.len() + 50_000_000, b'a');
    json.extend_from_slice(br#""}}"#);
    json
}

/// A list answer of 50,000 entries, the most one cell can hold.
fn long_list_json() -> Vec<u8> {
    let items = (0..50_000).map(|i| format!("\"region {i}\"")).collect::<Vec<_>>().join(",");
    format!(r#"{{"architecture": {{"regions": [{items}]}}}}"#).into_bytes()
}

/// 25 million zeros in one list, which a plain JSON parser would hold as 25 million values.
fn zeros_json() -> Vec<u8> {
    let mut json = br#"{"meta": {"company_name": "Zeros"}, "notes": ["#.to_vec();
    for _ in 0..25_000_000 {
        json.extend_from_slice(b"0,");
    }
    json.extend_from_slice(b"0]}");
    json
}

/// `meta` given twice: the second must not drop the first's answers.
fn duplicates_json() -> Vec<u8> {
    br#"{"meta": {"company_name": "First"}, "meta": {"solution_name": "Second", "company_name": "Other"}}"#.to_vec()
}
