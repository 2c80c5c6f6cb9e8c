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
    assert!(stderr.contains("6 files: 4 converted, 2 failed, 2 skipped"), "{stderr}");
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
    assert_eq!(index["files"].as_array().unwrap().len(), 6);
    let skipped: Vec<(&str, &str)> = index["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["file"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped[0].0.ends_with("readme.txt") && skipped[0].1 == "not a questionnaire (.txt)", "{skipped:?}");
    assert!(skipped[1].0.ends_with("~$fabrikam.xlsx") && skipped[1].1 == "an Office lock file", "{skipped:?}");
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

fn batch() -> Command {
    let mut command = Command::cargo_bin("discovery").unwrap();
    command.arg("batch").timeout(std::time::Duration::from_secs(120));
    command
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn index_json(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("index.json")).unwrap()).unwrap()
}

fn statuses(out: &Path) -> Vec<(String, String)> {
    let index = index_json(out);
    index["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["file"].as_str().unwrap().to_owned(), r["status"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn an_input_index_in_the_output_folder_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    copy("samples/mueller-soen-partial.json", &out.join("index.json"));
    let before = std::fs::read(out.join("index.json")).unwrap();
    let output = batch().arg(out.join("index.json")).arg("-o").arg(&out).assert().code(2).get_output().clone();
    assert!(stderr_of(&output).contains("the batch would write its index.json over it"), "{}", stderr_of(&output));
    assert_eq!(std::fs::read(out.join("index.json")).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_in_a_folder_are_failed_rows_and_the_rest_converts() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    copy("samples/fabrikam-routewise.xlsx", &inbox.join("good.xlsx"));
    std::os::unix::fs::symlink("/dev/zero", inbox.join("zero.csv")).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        inbox.join("q.xlsx"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
    let out = dir.path().join("out");
    batch().arg(&inbox).arg("-o").arg(&out).assert().code(1);
    let rows = statuses(&out);
    let status = |name: &str| rows.iter().find(|(f, _)| f.ends_with(name)).map(|(_, s)| s.as_str());
    assert_eq!(status("good.xlsx"), Some("ok"));
    assert_eq!(status("zero.csv"), Some("failed"));
    assert_eq!(status("q.xlsx"), Some("failed"));
}

#[cfg(unix)]
#[test]
fn symlinked_folders_are_not_followed_and_every_file_converts_once() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    copy("samples/fabrikam-routewise.xlsx", &inbox.join("sub/a.xlsx"));
    std::os::unix::fs::symlink("..", inbox.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("../..", inbox.join("sub/up2")).unwrap();
    let out = dir.path().join("out");
    batch().current_dir(dir.path()).args(["in", "./in", "-o", "out"]).assert().success();
    assert_eq!(statuses(&out).len(), 1, "{:?}", statuses(&out));
    let skipped = index_json(&out)["skipped"].as_array().unwrap().len();
    assert_eq!(skipped, 2, "the two links, once each");
}

#[test]
fn a_missing_input_is_a_failed_row_and_the_rest_converts() {
    let dir = tempfile::tempdir().unwrap();
    copy("samples/fabrikam-routewise.xlsx", &dir.path().join("a.xlsx"));
    let out = dir.path().join("out");
    let output = batch()
        .current_dir(dir.path())
        .args(["a.xlsx", "missing.xlsx", "-o", "out"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    assert_eq!(statuses(&out), [("a.xlsx".into(), "ok".into()), ("missing.xlsx".into(), "failed".into())]);
    assert!(stderr_of(&output).contains("error: missing.xlsx: does not exist"), "{}", stderr_of(&output));
}

#[cfg(unix)]
#[test]
fn a_second_batch_into_a_locked_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy("samples/fabrikam-routewise.xlsx", &dir.path().join("in/a.xlsx"));
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A batch holding the lock, as the first of two batches does while it runs.
    let lock = std::fs::File::create(out.join(".discovery-batch.lock")).unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    let output = batch().arg(dir.path().join("in")).arg("-o").arg(&out).assert().code(2).get_output().clone();
    assert!(stderr_of(&output).contains("another batch"), "{}", stderr_of(&output));
    assert!(!out.join("index.json").exists() && !out.join("a.pdf").exists(), "nothing written");
    // A lock left by a killed batch (the file without the kernel's lock) is no lock.
    drop(lock);
    batch().arg(dir.path().join("in")).arg("-o").arg(&out).assert().success();
    assert!(!out.join(".discovery-batch.lock").exists(), "the lock is released at the end");
}

#[cfg(unix)]
#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    copy("samples/fabrikam-routewise.xlsx", &dir.path().join("in/a.xlsx"));
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // The id of a process that has ended.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let leftover = out.join(format!(".a.pdf.{dead}.partial"));
    std::fs::write(&leftover, b"half a PDF").unwrap();
    batch().arg(dir.path().join("in")).arg("-o").arg(&out).assert().success();
    assert!(!leftover.exists());
}

#[test]
fn an_output_folder_that_cannot_be_made_fails_before_any_conversion() {
    let dir = tempfile::tempdir().unwrap();
    copy("samples/fabrikam-routewise.xlsx", &dir.path().join("in/a.xlsx"));
    std::fs::write(dir.path().join("file"), b"").unwrap();
    let output = batch().current_dir(dir.path()).args(["in", "-o", "file/out"]).assert().code(2).get_output().clone();
    let stderr = stderr_of(&output);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: file/out: the output folder cannot be created: "), "{stderr}");
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn an_earlier_batch_output_among_the_inputs_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    copy("samples/fabrikam-routewise.xlsx", &inbox.join("a.xlsx"));
    batch().arg(&inbox).arg("-o").arg(inbox.join("out-monday")).assert().success();
    let tuesday = inbox.join("out-tuesday");
    batch().arg(&inbox).arg("-o").arg(&tuesday).assert().success();
    assert_eq!(statuses(&tuesday).len(), 1, "Monday's profiles are not converted again");
    let skipped = &index_json(&tuesday)["skipped"];
    assert!(skipped[0]["file"].as_str().unwrap().ends_with("out-monday"), "{skipped}");
    assert_eq!(skipped[0]["reason"], "an earlier batch's output folder (it holds index.json)");
}

#[test]
fn a_batch_that_finds_no_questionnaire_exits_2_and_names_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    let output = batch().current_dir(dir.path()).args(["empty", "-o", "out"]).assert().code(2).get_output().clone();
    assert!(stderr_of(&output).contains("no questionnaire found"), "{}", stderr_of(&output));
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    for name in ["notes.pdf", "letter.docx", "~$acme.xlsx"] {
        std::fs::write(other.join(name), b"x").unwrap();
    }
    std::fs::write(other.join("package.json"), br#"{"name": "left-pad"}"#).unwrap();
    let output = batch().current_dir(dir.path()).args(["other", "-o", "out"]).assert().code(2).get_output().clone();
    let stderr = stderr_of(&output);
    assert!(stderr.contains("no questionnaire found: 4 skipped"), "{stderr}");
    assert!(stderr.contains("other/letter.docx: not a questionnaire (.docx)"), "{stderr}");
    let skipped = index_json(&dir.path().join("out"))["skipped"].clone();
    assert!(skipped.as_array().unwrap().iter().any(|s| s["reason"] == "not a discovery profile"), "{skipped}");
}

#[test]
fn a_blank_return_is_blank_not_ok() {
    let dir = tempfile::tempdir().unwrap();
    copy("samples/questionnaire-template.xlsx", &dir.path().join("in/blank.xlsx"));
    let out = dir.path().join("out");
    let output = batch().arg(dir.path().join("in")).arg("-o").arg(&out).assert().success().get_output().clone();
    assert_eq!(statuses(&out)[0].1, "blank");
    assert!(stderr_of(&output).contains("0 converted, 1 blank, 0 failed"), "{}", stderr_of(&output));
}

#[test]
fn formulas_are_neutralised_in_the_csv_index() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("evil.json"),
        br#"{"meta": {"company_name": "=HYPERLINK(\"http://x\", \"click\")", "solution_name": "@SUM(A1)"}}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    batch().arg(&inbox).arg("-o").arg(&out).assert().success();
    let rows = read_index(&out);
    assert_eq!(&rows[0][1], "'=HYPERLINK(\"http://x\", \"click\")");
    assert_eq!(&rows[0][2], "'@SUM(A1)");
    assert_eq!(
        index_json(&out)["files"][0]["company"],
        "=HYPERLINK(\"http://x\", \"click\")",
        "the JSON keeps the text"
    );
}

#[test]
fn a_long_cjk_name_is_cut_by_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.xlsx", "株".repeat(83));
    copy("samples/fabrikam-routewise.xlsx", &dir.path().join("in").join(&name));
    let out = dir.path().join("out");
    batch().arg(dir.path().join("in")).arg("-o").arg(&out).assert().success();
    let rows = read_index(&out);
    assert_eq!(&rows[0][3], "ok");
    assert!(rows[0][12].len() <= 104, "{}", &rows[0][12]);
    assert!(out.join(&rows[0][12]).is_file());
}

#[test]
fn too_many_jobs_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let output = batch().arg(dir.path()).args(["-o", "out", "--jobs", "1000000"]).assert().code(2).get_output().clone();
    assert!(stderr_of(&output).contains("1000000 is not in 1..=64"), "{}", stderr_of(&output));
}

#[test]
fn no_escape_codes_in_the_log_under_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("broken.xlsx"), b"%PDF-1.7").unwrap();
    for (name, value) in [("NO_COLOR", "1"), ("TERM", "xterm-256color")] {
        let output = batch()
            .arg(&inbox)
            .arg("-o")
            .arg(dir.path().join("out"))
            .env(name, value)
            .assert()
            .code(1)
            .get_output()
            .clone();
        assert!(!output.stderr.contains(&0x1b), "{}", stderr_of(&output));
    }
}

/// A report that draws characters no embedded font has (Arabic here) is written with `?` for them, and the
/// batch says which file and which characters, once, beside its summary.
#[test]
fn a_batch_names_the_reports_that_draw_characters_as_question_marks() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    copy("samples/fabrikam-routewise.json", &inbox.join("fabrikam.json"));
    let mut profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate_file("samples/fabrikam-routewise.json")).unwrap()).unwrap();
    profile["meta"]["company_name"] = "شركة النقل".into();
    std::fs::write(inbox.join("arabic.json"), profile.to_string()).unwrap();
    let out = dir.path().join("out");
    let output = batch().arg(&inbox).arg("-o").arg(&out).assert().code(0).get_output().clone();
    let stderr = stderr_of(&output);
    assert!(stderr.contains("warning: 1 report draws characters no embedded font has, drawn as ?"), "{stderr}");
    assert!(stderr.contains("arabic.json: ا (U+0627)"), "{stderr}");
    assert!(!stderr.contains("fabrikam.json:"), "{stderr}");
    assert!(out.join("arabic.pdf").exists());
}
