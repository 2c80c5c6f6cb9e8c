//! The follow-up workbook read back: written from any readable return (xlsx, xls, ods, csv, profile JSON) and
//! imported unchanged, it gives the same answers, states, notes and gaps; the same after LibreOffice re-saves
//! it as xlsx and as ods. And the questionnaire version it records.

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use rust_xlsxwriter::{Note, Url, Workbook, Worksheet};
use serde_json::Value;

use discovery::analyse::Gap;
use discovery::follow_up::{write, FollowUpOptions};
use discovery::profile::{Profile, QUESTIONS, SCHEMA_VERSION};
use discovery::template::{write_template, TemplateOptions};
use discovery::{Checked, Code, Converter};

use crate::crate_file;

fn converter() -> &'static Converter {
    static CONVERTER: std::sync::OnceLock<Converter> = std::sync::OnceLock::new();
    CONVERTER.get_or_init(Converter::new)
}

fn follow_up(checked: &Checked) -> Vec<u8> {
    write(&checked.imported.profile, &checked.analysis, &FollowUpOptions::default()).unwrap()
}

/// What a round trip must keep: the answers, their states, the notes and the vendor's other text (not where
/// they came from, nor the questionnaire version, which only the follow-up workbook records, nor the text
/// that matched no question, whose cells move). The vendor's other text (`extras`: their own columns,
/// comments, links) is compared without its `cell`: the follow-up workbook keeps every piece with its
/// question or row, but in its own layout, so an extra column or a comment may stand in another cell.
fn answers(profile: &Profile) -> Value {
    let mut json = serde_json::to_value(profile).unwrap();
    let root = json.as_object_mut().unwrap();
    for field in ["sources", "unmatched", "questionnaire_version"] {
        root.remove(field);
    }
    for extra in root.get_mut("extras").and_then(Value::as_object_mut).into_iter().flat_map(|e| e.values_mut()) {
        for item in extra.as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("cell");
        }
    }
    json
}

/// A profile as LibreOffice gives it back: it drops a note's author, and the note then begins with the
/// author's line (`Jane Doe:`), which import keeps as part of the text when no author is named.
fn without_authors(profile: &Profile) -> Profile {
    let mut profile = profile.clone();
    for extra in profile.extras.values_mut().flatten() {
        if let Some(author) = extra.author.take() {
            extra.text = format!("{author}:\n{}", extra.text);
        }
    }
    profile
}

/// A gap as a round trip keeps it: everything but its cells, which name the follow-up workbook's own.
fn gap(gap: &Gap) -> Value {
    let mut json = serde_json::to_value(gap).unwrap();
    json.as_object_mut().unwrap().remove("locations");
    json
}

/// Asserts that `after` has the answers, states, notes and gaps of `before`, and keeps its unmatched text.
fn assert_same(before: &Checked, after: &Checked, what: &str) {
    assert_eq!(answers(&after.imported.profile), answers(&before.imported.profile), "{what}: answers");
    let gaps = |c: &Checked| c.analysis.gaps.iter().map(gap).collect::<Vec<_>>();
    assert_eq!(gaps(after), gaps(before), "{what}: gaps");
    let kept: Vec<&str> = after.imported.profile.unmatched.iter().map(|u| u.answer.as_str()).collect();
    for entry in &before.imported.profile.unmatched {
        assert!(kept.contains(&entry.answer.as_str()), "{what}: unmatched {:?} is lost", entry.answer);
    }
}

/// The returns the round trip starts from: every sample, the workbook in three formats, a workbook with
/// the vendor's own columns, comments and links (in two formats), and a CSV of the Profile sheet with an
/// invalid answer, an unknown one and notes.
fn returns() -> Vec<(String, Checked)> {
    let mut out: Vec<(String, Checked)> = [
        "samples/fabrikam-routewise.xlsx",
        "samples/fabrikam-routewise.ods",
        "samples/fabrikam-routewise.json",
        "samples/mueller-soen-partial.json",
        "tests/fixtures/fabrikam-routewise.xls",
        "tests/fixtures/comments-links.xlsx",
        "tests/fixtures/comments-links.ods",
    ]
    .iter()
    .map(|path| (path.to_string(), converter().check(crate_file(path)).unwrap()))
    .collect();
    let csv = "Key,Question,Answer,Notes\n\
               meta.company_name,Company (ISV) name,Tailspin Toys,\n\
               meta.contact_email,Contact e-mail,ops at tailspin,\n\
               requirements.disaster_recovery.rpo,Recovery point objective (RPO),TBD,ask the DBA\n\
               requirements.availability.multi_zone,Is the application designed ...,\"Yes, across three zones\",\n\
               technology.data.event_streaming,Event streaming,N/A - not used,\n";
    out.push(("tailspin.csv".to_owned(), converter().check_bytes(csv.as_bytes(), "tailspin.csv").unwrap()));
    out
}

#[test]
fn a_follow_up_workbook_imported_unchanged_gives_the_same_answers_and_gaps() {
    for (name, before) in returns() {
        let bytes = follow_up(&before);
        let after = converter().check_bytes(&bytes, "follow-up.xlsx").unwrap();
        assert_same(&before, &after, &name);
        assert!(
            after.imported.profile.extras.values().flatten().all(|e| e.author.as_deref() != Some("discovery")),
            "{name}: the follow-up workbook's own notes are no comments of the vendor's"
        );
        assert_eq!(after.imported.profile.questionnaire_version.as_deref(), Some(SCHEMA_VERSION), "{name}");
        // The gaps now name the follow-up workbook's cells.
        for gap in &after.analysis.gaps {
            assert_eq!(gap.locations.len(), gap.keys.len(), "{name}: {}", gap.id);
        }
        // A second round changes nothing.
        assert_eq!(follow_up(&after), bytes, "{name}: the follow-up of the follow-up");
    }
}

/// Runs LibreOffice headless, or returns `None` (having said so) when it is not installed.
fn soffice(args: &[&str], profile_dir: &Path) -> Option<()> {
    let profile = format!("-env:UserInstallation=file://{}", profile_dir.display());
    let output = match Command::new("soffice").arg(profile).args(["--headless", "--norestore"]).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: soffice not found; install libreoffice to test re-saved follow-up workbooks");
            return None;
        }
        Err(e) => panic!("soffice not runnable: {e}"),
    };
    assert!(output.status.success(), "soffice {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    Some(())
}

#[test]
fn a_follow_up_workbook_re_saved_by_libreoffice_as_xlsx_and_ods_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let mut written: Vec<(String, PathBuf, Checked)> = Vec::new();
    for (name, before) in returns().into_iter().filter(|(n, _)| n.ends_with(".xlsx") || n.ends_with("partial.json")) {
        let stem = Path::new(&name).file_stem().unwrap().to_string_lossy().into_owned();
        let path = dir.path().join(format!("{stem}-follow-up.xlsx"));
        std::fs::write(&path, follow_up(&before)).unwrap();
        written.push((name, path, before));
    }
    let files: Vec<&str> = written.iter().map(|(_, p, _)| p.to_str().unwrap()).collect();
    let lo = dir.path().join("lo-profile");
    for format in ["xlsx", "ods"] {
        let out = dir.path().join(format);
        let mut args = vec!["--convert-to", format, "--outdir", out.to_str().unwrap()];
        args.extend(&files);
        if soffice(&args, &lo).is_none() {
            return;
        }
        for (name, path, before) in &written {
            let resaved = out.join(path.with_extension(format).file_name().unwrap());
            let after = converter().check(&resaved).unwrap_or_else(|e| panic!("{name} as {format}: {e}"));
            let what = format!("{name} re-saved as {format}");
            let mut expected = before.clone();
            expected.imported.profile = without_authors(&before.imported.profile);
            assert_same(&expected, &after, &what);
            assert_eq!(after.imported.profile.questionnaire_version.as_deref(), Some(SCHEMA_VERSION));
        }
    }
}

#[test]
fn the_template_records_its_version_and_old_returns_without_one_still_import() {
    let template = write_template(&TemplateOptions::default()).unwrap();
    let imported = converter().import_bytes(&template, "blank.xlsx").unwrap();
    assert_eq!(imported.profile.questionnaire_version.as_deref(), Some(SCHEMA_VERSION));
    assert!(!imported.diagnostics.iter().any(|d| d.code == Code::NewerQuestionnaire));
    // The sample was made before the template recorded its version.
    let old = converter().import(crate_file("samples/fabrikam-routewise.xlsx")).unwrap();
    assert_eq!(old.profile.questionnaire_version, None);
    assert!(old.diagnostics.is_empty(), "{:?}", old.diagnostics);
    let json = serde_json::to_value(&old.profile).unwrap();
    assert!(json.get("questionnaire_version").is_none(), "no version, no field");
}

#[test]
fn a_workbook_from_a_newer_questionnaire_is_read_with_a_warning() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
    sheet.write(0, 0, "Questionnaire version 99.1").unwrap();
    for (col, header) in ["Key", "Question", "Answer"].iter().enumerate() {
        sheet.write(2, col as u16, *header).unwrap();
    }
    sheet.write(3, 0, "meta.company_name").unwrap();
    sheet.write(3, 2, "Tailspin Toys").unwrap();
    sheet.write(4, 0, "meta.carbon_footprint").unwrap();
    sheet.write(4, 2, "Low").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let imported = converter().import_bytes(&bytes, "newer.xlsx").unwrap();
    assert_eq!(imported.profile.questionnaire_version.as_deref(), Some("99.1"));
    assert_eq!(imported.profile.meta.company_name.as_deref(), Some("Tailspin Toys"));
    let lines: Vec<String> = imported.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        lines.iter().find(|l| l.contains("newer-questionnaire")).unwrap(),
        &format!(
            "warning[newer-questionnaire]: Profile!A1: the workbook was made from questionnaire version 99.1, newer \
             than this tool's {SCHEMA_VERSION}"
        )
    );
    assert_eq!(imported.profile.unmatched[0].answer, "Low", "a question the tool does not know is kept");
    // The profile JSON says which version it read, and reads back.
    let json = serde_json::to_vec(&imported.profile).unwrap();
    let back = converter().import_bytes(&json, "newer.json").unwrap();
    assert_eq!(back.profile.questionnaire_version.as_deref(), Some("99.1"));
}

/// Answers as vendors type them, right and wrong, with the explanations they add.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => "[A-Za-z0-9 ,;:/%.\\-]{1,24}",
        1 => Just("N/A".to_owned()),
        1 => Just("N/A - we do not use containers".to_owned()),
        1 => Just("TBD".to_owned()),
        1 => Just("TBD, ask the DBA".to_owned()),
        1 => Just("yes".to_owned()),
        1 => Just("Yes, across three zones".to_owned()),
        1 => Just("planned".to_owned()),
        1 => Just("4 hours".to_owned()),
        1 => Just("2 TB".to_owned()),
        1 => Just("0.5".to_owned()),
        1 => Just("99.95 %".to_owned()),
        1 => Just("1,000+ users".to_owned()),
        1 => Just("15/03/2026".to_owned()),
        1 => Just("03/04/2026".to_owned()),
        1 => Just("Azure".to_owned()),
        1 => Just("Azur".to_owned()),
        1 => Just("jane@example.com (Jane Doe)".to_owned()),
        1 => Just("#N/A".to_owned()),
        1 => Just("Kubernetes; PaaS, web apps".to_owned()),
        1 => Just("line one\nline two".to_owned()),
    ]
}

fn notes_text() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(String::new()), 1 => "[A-Za-z ]{1,20}"]
}

/// A few words of the vendor's, as import keeps them (trimmed, not empty).
fn words() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z ,.]{0,14}[A-Za-z.]"
}

/// What a vendor writes beside a row's answers: text in two columns of their own (`Owner`, `Comments`), a
/// note on one cell with or without an author, a note on another, and a link.
#[derive(Debug, Clone)]
struct Beside {
    owner: String,
    remark: String,
    comment: Option<(String, Option<String>)>,
    second_comment: Option<String>,
    link: Option<String>,
}

fn beside() -> impl Strategy<Value = Beside> {
    let author = proptest::option::of(prop_oneof![Just("Jane Doe".to_owned()), Just("Bob".to_owned())]);
    let link = prop_oneof![
        3 => "https://example\\.com/[a-z]{1,8}",
        1 => Just("mailto:jane@example.com".to_owned()),
        1 => Just("Diagram!A1".to_owned()),
    ];
    (
        prop_oneof![3 => Just(String::new()), 1 => words()],
        prop_oneof![5 => Just(String::new()), 1 => words()],
        proptest::option::weighted(0.25, (words(), author)),
        proptest::option::weighted(0.1, words()),
        proptest::option::weighted(0.2, link),
    )
        .prop_map(|(owner, remark, comment, second_comment, link)| Beside {
            owner,
            remark,
            comment,
            second_comment,
            link,
        })
}

impl Beside {
    /// Writes it into row `row`: the own columns at `own` and the one after, the note on `cell`, the
    /// second note on `second`, the link on `link` (a cell showing `shows`).
    fn write(&self, sheet: &mut Worksheet, row: u32, [own, cell, second]: [u16; 3], link: Option<(u16, &str)>) {
        for (col, text) in [(own, &self.owner), (own + 1, &self.remark)] {
            if !text.is_empty() {
                sheet.write(row, col, text.as_str()).unwrap();
            }
        }
        if let Some((text, author)) = &self.comment {
            let note = match author {
                Some(author) => Note::new(text).set_author(author),
                None => Note::new(text).add_author_prefix(false),
            };
            sheet.insert_note(row, cell, &note).unwrap();
        }
        if let Some(text) = &self.second_comment {
            sheet.insert_note(row, second, &Note::new(text).set_author("Jane Doe")).unwrap();
        }
        if let (Some(target), Some((col, shows))) = (&self.link, link) {
            sheet
                .write_url(row, col, Url::new(target.replace("Diagram!", "internal:Diagram!")).set_text(shows))
                .unwrap();
        }
    }
}

/// A generated return: answers, notes and other text for some questions of the Profile sheet (by catalogue
/// position), and rows of the Data stores (with other text too) and Engagements sheets.
#[derive(Debug, Clone)]
struct Generated {
    answers: Vec<(usize, String, String, Beside)>,
    stores: Vec<(Vec<String>, Beside)>,
    engagements: Vec<Vec<String>>,
}

fn generated() -> impl Strategy<Value = Generated> {
    let answer = (0..QUESTIONS.len(), cell_text(), notes_text(), beside());
    let store = proptest::collection::vec(
        prop_oneof![
            2 => Just(String::new()),
            2 => "[A-Za-z ]{1,12}",
            1 => Just("Relational database".to_owned()),
            1 => Just("cache, mostly sessions".to_owned()),
            1 => Just("800 MB".to_owned()),
            1 => Just("N/A".to_owned()),
        ],
        5,
    );
    let engagement = proptest::collection::vec(
        prop_oneof![
            2 => Just(String::new()),
            1 => Just("Architecture review".to_owned()),
            1 => Just("deep dive".to_owned()),
            1 => Just("Security".to_owned()),
            1 => Just("high".to_owned()),
            1 => Just("High - the board asks".to_owned()),
            1 => Just("urgent!".to_owned()),
            1 => "[A-Za-z ]{1,16}",
        ],
        5,
    );
    (
        proptest::collection::vec(answer, 0..30),
        proptest::collection::vec((store, beside()), 0..4),
        proptest::collection::vec(engagement, 0..4),
    )
        .prop_map(|(answers, stores, engagements)| Generated { answers, stores, engagements })
}

impl Generated {
    fn workbook(&self) -> Vec<u8> {
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name("Profile").unwrap();
        for (col, header) in ["Key", "Question", "Answer", "Notes", "Owner", "Comments"].iter().enumerate() {
            sheet.write(0, col as u16, *header).unwrap();
        }
        for (i, (question, answer, notes, beside)) in self.answers.iter().enumerate() {
            let row = i as u32 + 1;
            let key = QUESTIONS[*question].key;
            sheet.write(row, 0, key).unwrap();
            if !answer.is_empty() {
                sheet.write(row, 2, answer.as_str()).unwrap();
            }
            if !notes.is_empty() {
                sheet.write(row, 3, notes.as_str()).unwrap();
            }
            // The link on the key, which always shows text; the notes on the answer and the question.
            beside.write(sheet, row, [4, 2, 1], Some((0, key)));
        }
        let stores = self.stores.iter().map(|(cells, beside)| (cells.clone(), Some(beside))).collect();
        let engagements = self.engagements.iter().map(|cells| (cells.clone(), None)).collect();
        for (name, headers, rows) in [
            ("Data stores", &["Name", "Kind", "Engine", "Size", "Notes", "Owner", "Comments"][..], stores),
            ("Engagements", &["Type", "Focus area", "Priority", "Success criteria", "Notes"][..], engagements),
        ] {
            let sheet = workbook.add_worksheet().set_name(name).unwrap();
            for (col, header) in headers.iter().enumerate() {
                sheet.write(0, col as u16, *header).unwrap();
            }
            let rows: Vec<(Vec<String>, Option<&Beside>)> = rows;
            for (r, (cells, beside)) in rows.iter().enumerate() {
                let row = r as u32 + 1;
                for (col, text) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                    sheet.write(row, col as u16, text.as_str()).unwrap();
                }
                // The link on the row's first cell with text, if it has one.
                let shows = cells.iter().enumerate().find(|(_, t)| !t.is_empty()).map(|(c, t)| (c as u16, t.as_str()));
                if let Some(beside) = beside {
                    beside.write(sheet, row, [5, 0, 2], shows);
                }
            }
        }
        workbook.save_to_buffer().unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Whatever a return holds (answers right and wrong, unknown and not applicable, explanations moved to
    /// the notes, table rows, the vendor's own columns, comments and links), its follow-up workbook reads back
    /// to the same answers, states, notes, other text and gaps.
    #[test]
    fn any_return_survives_its_follow_up(generated in generated()) {
        let before = converter().check_bytes(&generated.workbook(), "generated.xlsx").unwrap();
        let after = converter().check_bytes(&follow_up(&before), "follow-up.xlsx").unwrap();
        prop_assert_eq!(answers(&after.imported.profile), answers(&before.imported.profile));
        let gaps = |c: &Checked| c.analysis.gaps.iter().map(gap).collect::<Vec<_>>();
        prop_assert_eq!(gaps(&after), gaps(&before));
    }
}

/// The follow-up workbook with the text of one member replaced, as a spreadsheet program might save it.
fn edited(bytes: &[u8], member: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == member {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A vendor who answers in our note keeps what they wrote, as their comment on the question; our question
/// in it does not come back, whoever the note names as its author.
#[test]
fn what_a_vendor_adds_to_a_follow_up_note_is_their_comment() {
    let before = converter().check(crate_file("samples/mueller-soen-partial.json")).unwrap();
    let bytes = follow_up(&before);
    let added = "We use one shared mailbox.\nIt is read daily.";
    for author in ["discovery", "Jane Doe"] {
        let edited = edited(&bytes, "xl/comments1.xml", |xml| {
            let xml = xml.replacen("</t></r></text></comment>", &format!("\n\n{added}</t></r></text></comment>"), 1);
            xml.replace("<author>discovery</author>", &format!("<author>{author}</author>"))
        });
        let after = converter().check_bytes(&edited, "follow-up.xlsx").unwrap();
        let comments: Vec<(&str, &str, Option<&str>)> = after
            .imported
            .profile
            .extras
            .iter()
            .flat_map(|(key, list)| list.iter().map(move |e| (key.as_str(), e.text.as_str(), e.author.as_deref())))
            .collect();
        let author = (author != "discovery").then_some(author);
        assert_eq!(comments, [("meta.contact_email", added, author)], "notes by {author:?}");
        assert!(after.imported.profile.unmatched.is_empty());
    }
    // Typed at the end of our question, on its line, where a note opens for editing: the vendor's too.
    let typed = "New address: jonas@mueller.example";
    let edited = edited(&bytes, "xl/comments1.xml", |xml| {
        xml.replacen("</t></r></text></comment>", &format!(" {typed}</t></r></text></comment>"), 1)
    });
    let after = converter().check_bytes(&edited, "follow-up.xlsx").unwrap();
    let extras = &after.imported.profile.extras["meta.contact_email"];
    assert_eq!(extras.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(), [typed]);
}
