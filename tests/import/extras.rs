//! What vendors write beside the answers: columns of their own, cell comments and notes, hyperlinks, time
//! cells and a renamed Answer column, read from files that spreadsheet programs wrote (see
//! tests/fixtures/README.md).

use rust_xlsxwriter::{Format as CellFormat, Workbook};
use serde_json::{json, Value};

use discovery::{Code, Converter, Imported};

use super::files::{fixture, make_zip};

fn import(name: &str) -> Imported {
    Converter::new().import_bytes(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn extras(imported: &Imported) -> Value {
    serde_json::to_value(&imported.profile.extras).unwrap()
}

/// Every member of a zip, in order.
fn members(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut member = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            member.read_to_end(&mut data).unwrap();
            (member.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, Vec<u8>)> = members.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    make_zip(&refs)
}

fn edit(members: &mut [(String, Vec<u8>)], name: &str, from: &str, to: &str) {
    let member = members.iter_mut().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}"));
    let text = String::from_utf8(member.1.clone()).unwrap();
    assert!(text.contains(from), "{from} not in {name}");
    member.1 = text.replacen(from, to, 1).into_bytes();
}

/// `tests/fixtures/comments-links.xlsx`, written by rust_xlsxwriter: every kind of extra text at its cell.
#[test]
fn columns_comments_and_links_are_kept_with_their_questions() {
    let imported = import("comments-links.xlsx");
    let comment = |cell: &str, text: &str| json!({"from": "comment", "author": "Jane Doe", "cell": cell, "text": text});
    let column =
        |header: &str, cell: &str, text: &str| json!({"from": "column", "column": header, "cell": cell, "text": text});
    assert_eq!(
        extras(&imported),
        json!({
            "architecture.components[0]": [column("Owner", "Components!F2", "Team A"), comment("Components!C2", "Java 21 from May.")],
            "architecture.components[1]": [{"from": "link", "cell": "Components!E3", "text": "https://wiki.contoso.example/web"}],
            "architecture.current_hosting": [
                column("Target state (Azure)", "Profile!G5", "AKS in West Europe"),
                column("Comments", "Profile!H5", "Ask about the EKS add-ons"),
                comment("Profile!D5", "Moving to Azure in Q3."),
            ],
            "meta.architecture_diagram": [{"from": "link", "cell": "Profile!D3", "text": "https://contoso.example/diagram.pdf"}],
            "meta.company_name": [column("Owner", "Profile!F2", "Jane Doe")],
            "requirements.usage.pattern": [comment("Profile!C6", "Peaks on Sunday evenings.")],
        })
    );
    // The answers themselves are untouched; a link whose cell shows its address adds nothing.
    let profile = &imported.profile;
    assert_eq!(profile.meta.architecture_diagram.as_deref(), Some("Our architecture diagram"));
    assert_eq!(profile.meta.contact_email.as_ref().map(|e| e.to_string()).as_deref(), Some("cto@contoso.example"));
    assert!(profile.notes.is_empty(), "{:?}", profile.notes);
    // A comment on the header row and the extra column of a row of the vendor's own stay with the text
    // that matched no question, each with its diagnostic.
    let unmatched = serde_json::to_value(&profile.unmatched).unwrap();
    assert_eq!(
        unmatched,
        json!([
            {"reason": "unknown_key", "key": "meta.project_code", "answer": "PX-7", "notes": "Owner: Bob", "location": "Profile!D7"},
            {"reason": "no_question", "notes": "Comment by Jane Doe: All answers as of March 2026.", "location": "Profile!D1"},
        ])
    );
    let lines: Vec<String> = imported.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        lines.contains(&"warning[no-question]: Profile!D1: \"Comment by Jane Doe: All answers as of March 2026.\" stands in a row with no key and no known question; it is kept".to_owned()),
        "{lines:#?}"
    );
}

/// LibreOffice keeps the notes, links and columns when it saves the workbook as xls, ods or xlsx; it drops
/// the notes' author and keeps the author line Excel-style notes begin with as part of the text.
#[test]
fn libreoffice_copies_keep_the_same_extra_text() {
    let original = import("comments-links.xlsx");
    // (key, from, column, cell, text) with the author left out.
    let tuples = |imported: &Imported| -> Vec<(String, String, Value, String, String)> {
        let mut out = Vec::new();
        for (key, list) in &imported.profile.extras {
            for extra in list {
                let value = serde_json::to_value(extra).unwrap();
                let text = extra.text.strip_prefix("Jane Doe:\n").unwrap_or(&extra.text).to_owned();
                out.push((key.clone(), value["from"].to_string(), value["column"].clone(), extra.cell.clone(), text));
            }
        }
        out
    };
    for name in ["comments-links.xls", "comments-links.ods", "comments-links-libreoffice.xlsx"] {
        let copy = import(name);
        assert_eq!(tuples(&copy), tuples(&original), "{name}");
        let author_free = |imported: &Imported| {
            let mut profile = imported.profile.clone();
            profile.extras.clear();
            profile.unmatched.clear();
            profile
        };
        assert_eq!(author_free(&copy), author_free(&original), "{name}: the answers");
        assert_eq!(copy.profile.unmatched.len(), 2, "{name}");
        assert!(copy.diagnostics.iter().all(|d| d.code != Code::CommentsUnread), "{name}: {:#?}", copy.diagnostics);
    }
}

#[test]
fn a_profile_with_extras_reads_back_from_json_unchanged() {
    let converter = Converter::new();
    let workbook = import("comments-links.xlsx");
    let json = serde_json::to_vec_pretty(&workbook.profile).unwrap();
    let from_json = converter.import_bytes(&json, "comments-links.json").unwrap();
    assert_eq!(from_json.profile, workbook.profile);
    let text = |imported: &Imported| imported.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    let workbook_recorded: Vec<String> =
        text(&workbook).into_iter().filter(|l| !l.starts_with("warning[missing-sheet]")).collect();
    assert_eq!(text(&from_json), workbook_recorded);
    let gaps = |imported: Imported| serde_json::to_value(converter.check_imported(imported).analysis.gaps).unwrap();
    assert_eq!(gaps(from_json), gaps(workbook));
}

/// Excel writes a threaded comment twice: in xl/threadedComments and as a legacy note for older readers.
/// The thread (with its replies and the authors from xl/persons) is kept, the legacy copy is not.
#[test]
fn threaded_comments_are_kept_with_their_authors_and_replace_their_legacy_copy() {
    let mut parts = members(&fixture("comments-links.xlsx"));
    let rels = "xl/worksheets/_rels/sheet1.xml.rels";
    edit(
        &mut parts,
        rels,
        "</Relationships>",
        "<Relationship Id=\"rId90\" Type=\"http://schemas.microsoft.com/office/2017/10/relationships/threadedComment\" Target=\"../threadedComments/threadedComment1.xml\"/></Relationships>",
    );
    edit(
        &mut parts,
        "xl/_rels/workbook.xml.rels",
        "</Relationships>",
        "<Relationship Id=\"rId91\" Type=\"http://schemas.microsoft.com/office/2017/10/relationships/person\" Target=\"persons/person.xml\"/></Relationships>",
    );
    parts.push((
        "xl/threadedComments/threadedComment1.xml".into(),
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">
<threadedComment ref="D5" dT="2026-03-01T10:00:00.00" personId="{A1}" id="{C1}"><text>We move to Azure in Q3 &amp; keep AWS for backups.</text></threadedComment>
<threadedComment ref="D5" dT="2026-03-02T10:00:00.00" personId="{B2}" id="{C2}" parentId="{C1}"><text>Which region?</text></threadedComment>
</ThreadedComments>"#
            .to_vec(),
    ));
    parts.push((
        "xl/persons/person.xml".into(),
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Jane Doe" id="{A1}" userId="jane@contoso.example" providerId="AD"/><person displayName="Omar Haddad" id="{B2}" userId="omar" providerId="None"/></personList>"#
            .to_vec(),
    ));
    let imported = Converter::new().import_bytes(&zip_of(&parts), "threaded.xlsx").unwrap();
    let comments: Vec<Value> = imported.profile.extras["architecture.current_hosting"]
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .filter(|v| v["from"] == "comment")
        .collect();
    assert_eq!(
        comments,
        [
            json!({"from": "comment", "author": "Jane Doe", "cell": "Profile!D5", "text": "We move to Azure in Q3 & keep AWS for backups."}),
            json!({"from": "comment", "author": "Omar Haddad", "cell": "Profile!D5", "text": "Which region?"}),
        ]
    );
}

/// A link to a place in the workbook (`location`, no relationship) is kept as that place.
#[test]
fn a_link_to_a_place_in_the_workbook_is_kept() {
    let mut parts = members(&fixture("comments-links.xlsx"));
    edit(
        &mut parts,
        "xl/worksheets/sheet1.xml",
        "<hyperlinks>",
        "<hyperlinks><hyperlink ref=\"D2\" location=\"'Components'!A1\" display=\"see Components\"/>",
    );
    let imported = Converter::new().import_bytes(&zip_of(&parts), "place.xlsx").unwrap();
    let links: Vec<Value> = imported.profile.extras["meta.company_name"]
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .filter(|v| v["from"] == "link")
        .collect();
    assert_eq!(links, [json!({"from": "link", "cell": "Profile!D2", "text": "'Components'!A1"})]);
}

/// A comments part that is no longer XML costs its comments, with a warning; the answers are read.
#[test]
fn a_damaged_comments_part_is_a_warning_not_a_refusal() {
    let mut parts = members(&fixture("comments-links.xlsx"));
    edit(&mut parts, "xl/comments1.xml", "</commentList>", "</commentLis");
    let imported = Converter::new().import_bytes(&zip_of(&parts), "damaged.xlsx").unwrap();
    assert_eq!(imported.profile.meta.company_name.as_deref(), Some("Contoso Ltd"));
    let unread: Vec<String> =
        imported.diagnostics.iter().filter(|d| d.code == Code::CommentsUnread).map(|d| d.to_string()).collect();
    assert_eq!(unread.len(), 1, "{unread:#?}");
    assert!(
        unread[0].starts_with("warning[comments-unread]: sheet \"Profile\": its comments or links could not be read: \"xl/comments1.xml\" is damaged"),
        "{unread:#?}"
    );
    // The links and columns of the sheet are still kept.
    assert!(imported.profile.extras.contains_key("meta.architecture_diagram"));
}

/// RPO typed as 0:15 and RTO as 4:00: spreadsheets store day fractions shown in time formats. Each is read
/// as the clock text the vendor sees, in the rust_xlsxwriter original and LibreOffice's xls, ods and xlsx.
#[test]
fn time_cells_read_as_the_vendor_sees_them_in_every_format() {
    for name in ["time-cells.xlsx", "time-cells.xls", "time-cells.ods", "time-cells-libreoffice.xlsx"] {
        let imported = import(name);
        let json = serde_json::to_value(&imported.profile).unwrap();
        assert_eq!(
            json["requirements"],
            json!({
                "availability": {"maintenance_windows": "2:00"},
                "disaster_recovery": {"rpo": "PT15M", "rto": "PT4H", "business_continuity": "36:00"},
                "migration": {"plan": "1:30:15"},
            }),
            "{name}"
        );
        assert_eq!(imported.profile.notes["requirements.disaster_recovery.rpo"], "12:00", "{name}");
        assert!(imported.profile.answer_states.is_empty(), "{name}: {:?}", imported.profile.answer_states);
        assert!(
            imported.diagnostics.iter().all(|d| d.code == Code::MissingSheet),
            "{name}: {:#?}",
            imported.diagnostics
        );
    }
}

/// A Profile sheet with the given header row and one answered row of RPO (a text answer).
/// A size whose cell shows its unit through the number format (`0.0 "TB"`) is read as the vendor sees it:
/// 5.8 TB is 5,800 GB, not 5.8.
#[test]
fn a_size_formatted_with_its_unit_reads_as_the_vendor_sees_it() {
    for (number, format, gb) in [
        (5.8, "0.0 \"TB\"", 5800.0),
        (5.8, "0.0\\ \\T\\B", 5800.0),
        (750.0, "#,##0\" GB\";-#,##0\" GB\"", 750.0),
        (2.0, "0 \"PB\"", 2_000_000.0),
        (250.0, "General", 250.0),
        (250.0, "#,##0", 250.0),
    ] {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
        for (col, header) in ["Key", "Question", "Answer"].into_iter().enumerate() {
            sheet.write(0, col as u16, header).unwrap();
        }
        sheet.write(1, 0, "requirements.migration.data_volume_gb").unwrap();
        sheet.write(1, 1, "Volume of data to migrate").unwrap();
        sheet.write_with_format(1, 2, number, &CellFormat::new().set_num_format(format)).unwrap();
        let imported = Converter::new().import_bytes(&workbook.save_to_buffer().unwrap(), "size.xlsx").unwrap();
        let read = imported.profile.requirements.migration.data_volume_gb.map(|size| size.get());
        assert_eq!(read, Some(gb), "{number} formatted {format}");
    }
}

fn renamed(headers: &[&str], answer_col: u16) -> Imported {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
    for (col, header) in headers.iter().enumerate() {
        if !header.is_empty() {
            sheet.write(1, col as u16, *header).unwrap();
        }
    }
    let key = headers.iter().position(|h| *h == "Key");
    let question = headers.iter().position(|h| *h == "Question");
    if let Some(col) = key {
        sheet.write(2, col as u16, "requirements.disaster_recovery.rpo").unwrap();
    }
    if let Some(col) = question {
        sheet.write(2, col as u16, "Recovery point objective (RPO)").unwrap();
    }
    sheet.write(2, answer_col, "15 min").unwrap();
    let bold = CellFormat::new().set_bold();
    sheet.write_with_format(0, 0, "Our answers", &bold).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    Converter::new().import_bytes(&bytes, "renamed.xlsx").unwrap()
}

fn renamed_warning(imported: &Imported) -> Vec<String> {
    imported.diagnostics.iter().filter(|d| d.code == Code::AnswerColumnRenamed).map(|d| d.to_string()).collect()
}

#[test]
fn a_renamed_answer_column_is_found_by_its_new_name_with_a_warning() {
    for header in
        ["Response", "Your answer", "Reply", "Answers", "Antwort", "Réponse", "Respuesta", "Resposta", "Antwoord"]
    {
        let imported = renamed(&["Key", "Section", "Question", header, "Notes"], 3);
        assert_eq!(
            imported.profile.requirements.disaster_recovery.rpo.as_ref().map(|d| d.to_string()).as_deref(),
            Some("PT15M"),
            "{header}"
        );
        assert_eq!(
            renamed_warning(&imported),
            [format!("warning[answer-column-renamed]: Profile!D2: the Answer column is headed \"{header}\"; the answers were read from column D")],
        );
    }
}

#[test]
fn an_answer_column_with_another_header_is_the_one_right_of_question_that_holds_answers() {
    let imported = renamed(&["Key", "Question", "Vendor input", "Notes"], 2);
    assert_eq!(
        imported.profile.requirements.disaster_recovery.rpo.as_ref().map(|d| d.to_string()).as_deref(),
        Some("PT15M")
    );
    assert_eq!(
        renamed_warning(&imported),
        ["warning[answer-column-renamed]: Profile!C2: no column is headed \"Answer\"; the answers were read from column C (headed \"Vendor input\"), the column right of Question that holds them"],
    );
    // No header at all over the answers, and only the Key column to identify the rows.
    let imported = renamed(&["Key", "", ""], 2);
    assert_eq!(
        imported.profile.requirements.disaster_recovery.rpo.as_ref().map(|d| d.to_string()).as_deref(),
        Some("PT15M")
    );
    assert_eq!(
        renamed_warning(&imported),
        ["warning[answer-column-renamed]: Profile!C2: no column is headed \"Answer\"; the answers were read from column C (without a header), the column right of Key that holds them"],
    );
}

#[test]
fn a_sheet_with_nothing_right_of_question_is_still_refused() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
    sheet.write(0, 0, "Key").unwrap();
    sheet.write(0, 1, "Question").unwrap();
    sheet.write(1, 0, "meta.company_name").unwrap();
    let err = Converter::new().import_bytes(&workbook.save_to_buffer().unwrap(), "q.xlsx").unwrap_err();
    assert_eq!(err.kind(), discovery::ErrorKind::NotAQuestionnaire);
}

/// The sample workbook with its Answer header renamed `Response` imports exactly like the sample, with one
/// warning naming the column.
#[test]
fn the_sample_with_a_response_header_imports_like_the_sample() {
    let sample = std::fs::read(crate::crate_file("samples/fabrikam-routewise.xlsx")).unwrap();
    let mut parts = members(&sample);
    edit(&mut parts, "xl/sharedStrings.xml", "<t>Answer</t>", "<t>Response</t>");
    let converter = Converter::new();
    let renamed = converter.import_bytes(&zip_of(&parts), "fabrikam.xlsx").unwrap();
    let original = converter.import_bytes(&sample, "fabrikam.xlsx").unwrap();
    assert_eq!(renamed.profile, original.profile);
    assert_eq!(
        renamed.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
        ["warning[answer-column-renamed]: Profile!D3: the Answer column is headed \"Response\"; the answers were read from column D"]
    );
}
