//! `discovery batch` over a folder of good and broken questionnaires.

use std::path::Path;

use assert_cmd::Command;

use crate::crate_file;

fn copy(from: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(crate_file(from), to).unwrap();
}

fn read_index(out: &Path) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(out.join("index.csv")).unwrap();
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn batch_converts_the_good_files_lists_the_broken_ones_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    copy("samples/fabrikam-routewise.xlsx", &inbox.join("fabrikam.xlsx"));
    copy("samples/fabrikam-routewise.ods", &inbox.join("nested/fabrikam.ods"));
    copy("samples/mueller-soen-partial.json", &inbox.join("mueller.json"));
    copy("tests/fixtures/fabrikam-routewise.xls", &inbox.join("nested/deeper/fabrikam old.xls"));
    std::fs::write(inbox.join("broken.xlsx"), b"%PDF-1.7 not a workbook").unwrap();
    std::fs::write(inbox.join("empty.ods"), b"").unwrap();
    std::fs::write(inbox.join("~$fabrikam.xlsx"), b"lock file").unwrap();
    std::fs::write(inbox.join("readme.txt"), b"not picked up").unwrap();
    let out = dir.path().join("out");

    let run = || {
        Command::cargo_bin("discovery")
            .unwrap()
            .args(["batch"])
            .arg(&inbox)
            .arg("-o")
            .arg(&out)
            .args(["--jobs", "2"])
            .assert()
            .code(1)
            .get_output()
            .clone()
    };
    let output = run();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("6 files: 4 converted, 2 failed"), "{stderr}");
    assert!(stderr.contains("broken.xlsx") && stderr.contains("empty.ods"), "{stderr}");

    let rows = read_index(&out);
    assert_eq!(rows.len(), 6, "one row per input file, lock files and other files skipped");
    let by_file =
        |name: &str| rows.iter().find(|r| r[0].ends_with(name)).unwrap_or_else(|| panic!("{name} not in the index"));
    for name in ["fabrikam.xlsx", "fabrikam.ods", "mueller.json", "fabrikam old.xls"] {
        let row = by_file(name);
        assert_eq!(&row[3], "ok", "{name}: {row:?}");
        let pdf = std::fs::read(out.join(&row[12])).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        let profile: discovery::profile::Profile =
            serde_json::from_slice(&std::fs::read(out.join(&row[13])).unwrap()).unwrap();
        assert!(profile.meta.company_name.is_some(), "{name}");
    }
    assert_eq!(&by_file("fabrikam.xlsx")[1], "Fabrikam Freight Systems Ltd");
    assert_eq!(&by_file("mueller.json")[1], "Müller & Søn Software GmbH");
    assert_ne!(by_file("fabrikam.xlsx")[12], by_file("fabrikam.ods")[12], "same stems get distinct outputs");
    for name in ["broken.xlsx", "empty.ods"] {
        let row = by_file(name);
        assert_eq!(&row[3], "failed");
        assert!(!row[4].is_empty(), "{name} says why");
        assert!(row[12].is_empty());
    }
    let index: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("index.json")).unwrap()).unwrap();
    assert_eq!(index.as_array().unwrap().len(), 6);
    let portfolio = std::fs::read(out.join("portfolio.pdf")).unwrap();
    assert!(portfolio.starts_with(b"%PDF-"));

    // Same input, same bytes; the inputs are untouched.
    let first: Vec<(String, Vec<u8>)> = outputs(&out);
    run();
    assert_eq!(outputs(&out), first);
    assert_eq!(
        std::fs::read(inbox.join("fabrikam.xlsx")).unwrap(),
        std::fs::read(crate_file("samples/fabrikam-routewise.xlsx")).unwrap()
    );
}

fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn batch_never_overwrites_an_input_in_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mueller.json");
    copy("samples/mueller-soen-partial.json", &input);
    let before = std::fs::read(&input).unwrap();
    Command::cargo_bin("discovery").unwrap().arg("batch").arg(&input).arg("-o").arg(dir.path()).assert().code(0);
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let rows = read_index(dir.path());
    assert_eq!(&rows[0][13], "mueller-2.json");
}
