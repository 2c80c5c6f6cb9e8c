//! How every command treats files at their edges: inputs never overwritten, only regular files read,
//! bounded reads, symlinks written through, `-` for standard input and output, closed pipes, one message per
//! error. One test per row of the table of hostile situations in docs/bad-input.md.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;

use crate::crate_file;

/// Long enough for a debug build on a loaded machine; a command that blocks or reads forever never ends.
const TIMEOUT: Duration = Duration::from_secs(60);

fn discovery() -> Command {
    let mut command = Command::cargo_bin("discovery").unwrap();
    command.timeout(TIMEOUT);
    command
}

fn copy_sample(to: &Path) {
    std::fs::copy(crate_file("samples/fabrikam-routewise.xlsx"), to).unwrap();
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn import_never_overwrites_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("returned.xlsx");
    copy_sample(&input);
    let before = std::fs::read(&input).unwrap();
    let output = discovery().arg("import").arg(&input).arg("-o").arg(&input).assert().code(2).get_output().clone();
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert!(stderr_of(&output).contains("is the command's input and would be overwritten"), "{}", stderr_of(&output));
    // The same file by another name: a hard link.
    let link = dir.path().join("link.json");
    std::fs::hard_link(&input, &link).unwrap();
    discovery().arg("import").arg(&input).arg("-o").arg(&link).assert().code(2);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn an_output_of_another_kind_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let (returned, profile) = (dir.path().join("returned.xlsx"), dir.path().join("profile.json"));
    copy_sample(&returned);
    std::fs::copy(crate_file("samples/mueller-soen-partial.json"), &profile).unwrap();
    let (workbook, json) = (std::fs::read(&returned).unwrap(), std::fs::read(&profile).unwrap());
    // A report or a profile over a vendor's workbook, the schema over a profile: kept, exit 2.
    for (args, target, kept) in [
        (vec!["report", "samples/mueller-soen-partial.json", "-o"], &returned, &workbook),
        (vec!["import", "samples/mueller-soen-partial.json", "-o"], &returned, &workbook),
        (vec!["schema", "-o"], &profile, &json),
    ] {
        let output = discovery().current_dir(crate_file(".")).args(&args).arg(target).assert().code(2);
        let stderr = stderr_of(output.get_output());
        assert!(
            stderr.contains("it is kept (name another file with -o, or --force replaces it)"),
            "{args:?}: {stderr}"
        );
        assert_eq!(&std::fs::read(target).unwrap(), kept, "{args:?}");
    }
    // The last run's output of the same kind is replaced, and --force replaces anything.
    let pdf = dir.path().join("report.pdf");
    for _ in 0..2 {
        discovery()
            .current_dir(crate_file("."))
            .args(["report", "samples/fabrikam-routewise.json", "-o"])
            .arg(&pdf)
            .assert()
            .code(0);
    }
    discovery().args(["schema", "--force", "-o"]).arg(&profile).assert().code(0);
    assert!(std::fs::read_to_string(&profile).unwrap().contains("\"$schema\""));
}

#[test]
fn template_keeps_a_filled_workbook_unless_forced_and_replaces_a_blank_one() {
    let dir = tempfile::tempdir().unwrap();
    let returned = dir.path().join("returned.xlsx");
    copy_sample(&returned);
    let before = std::fs::read(&returned).unwrap();
    let output = discovery().args(["template", "-o"]).arg(&returned).assert().code(2).get_output().clone();
    assert!(stderr_of(&output).contains("is a returned questionnaire with answers"), "{}", stderr_of(&output));
    assert_eq!(std::fs::read(&returned).unwrap(), before);
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, b"my notes").unwrap();
    discovery().args(["template", "-o"]).arg(&other).assert().code(2);
    assert_eq!(std::fs::read(&other).unwrap(), b"my notes");

    let blank = dir.path().join("blank.xlsx");
    discovery().args(["template", "-o"]).arg(&blank).assert().success();
    discovery().args(["template", "--program", "Again", "-o"]).arg(&blank).assert().success();
    discovery().args(["template", "--force", "-o"]).arg(&returned).assert().success();
    assert_ne!(std::fs::read(&returned).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn devices_are_refused_at_once_even_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let output = discovery().args(["import", "/dev/zero"]).assert().code(2).get_output().clone();
    assert!(
        stderr_of(&output).contains("/dev/zero: is a character device, not a regular file"),
        "{}",
        stderr_of(&output)
    );
    let link = dir.path().join("zero.csv");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    for command in ["import", "check", "report"] {
        discovery().arg(command).arg(&link).assert().code(2);
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    rustix::fs::mknodat(rustix::fs::CWD, path, rustix::fs::FileType::Fifo, rustix::fs::Mode::from_raw_mode(0o644), 0)
        .unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("q.xlsx");
    mkfifo(&fifo);
    let output = discovery().arg("import").arg(&fifo).assert().code(2).get_output().clone();
    assert!(stderr_of(&output).contains("is a FIFO (named pipe), not a regular file"), "{}", stderr_of(&output));
    discovery().arg("check").arg(&fifo).assert().code(2);
}

/// A FIFO named as output is written through once a reader opens it, even one started after the command;
/// with no reader at all the command gives up after a wait instead of hanging, and leaves the FIFO a FIFO.
#[cfg(unix)]
#[test]
fn a_fifo_as_output_is_written_through_to_its_reader_and_never_waited_on_for_ever() {
    use std::os::unix::fs::FileTypeExt;

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.pdf");
    mkfifo(&fifo);
    let sample = crate_file("samples/fabrikam-routewise.xlsx");

    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(500));
            std::fs::read(&fifo).unwrap()
        })
    };
    discovery().arg("report").arg(&sample).arg("-o").arg(&fifo).timeout(Duration::from_secs(60)).assert().success();
    let through_fifo = reader.join().unwrap();
    let file = dir.path().join("file.pdf");
    discovery().arg("report").arg(&sample).arg("-o").arg(&file).assert().success();
    assert!(through_fifo == std::fs::read(&file).unwrap(), "the FIFO's reader got the report");

    let output = discovery()
        .arg("report")
        .arg(&sample)
        .arg("-o")
        .arg(&fifo)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        stderr_of(&output)
            .contains("report.pdf: is a FIFO (named pipe) that nothing opened for reading within 5 seconds"),
        "{}",
        stderr_of(&output)
    );
    assert!(fifo.symlink_metadata().unwrap().file_type().is_fifo(), "the FIFO was replaced");
}

#[test]
fn a_profile_json_with_a_huge_answer_is_cut_as_a_workbook_cell_is() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("huge.json");
    let name = "a".repeat(2_000_000);
    std::fs::write(&input, format!(r#"{{"meta": {{"company_name": "{name}", "solution_name": "S"}}}}"#)).unwrap();
    let output = discovery().arg("import").arg(&input).assert().success().get_output().clone();
    assert!(stderr_of(&output).contains(
        "warning[text-too-long]: meta.company_name: 2000000 characters, more than the limit of 100000; the profile \
         keeps the first 100000"
    ));
    let profile: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(profile["meta"]["company_name"].as_str().unwrap().chars().count(), 100_000);
    let pdf = dir.path().join("huge.pdf");
    discovery().arg("report").arg(&input).arg("-o").arg(&pdf).assert().success();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn a_list_longer_than_a_cell_can_hold_is_refused_naming_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("list.json");
    let items = vec!["\"x\""; 50_001].join(",");
    std::fs::write(&input, format!(r#"{{"architecture": {{"regions": [{items}]}}}}"#)).unwrap();
    let output = discovery().arg("check").arg(&input).assert().code(2).get_output().clone();
    assert!(
        stderr_of(&output).contains("architecture.regions has more than 50000 entries, the limit"),
        "{}",
        stderr_of(&output)
    );
}

/// A profile JSON with 9,998 rows in each table sheet, the most a workbook within the limits holds.
pub fn table_rows_json(rows: usize) -> String {
    let list = |make: &dyn Fn(usize) -> String| (0..rows).map(make).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"meta": {{"company_name": "Tables Ltd"}},
        "architecture": {{"components": [{}], "data_stores": [{}]}},
        "schedule": {{"milestones": [{}]}},
        "engagements": [{}]}}"#,
        list(&|i| format!(r#"{{"name": "component {i}", "purpose": "p"}}"#)),
        list(&|i| format!(r#"{{"name": "store {i}"}}"#)),
        list(&|i| format!(r#"{{"milestone": "m {i}", "date": "2027-01-{:02}"}}"#, i % 28 + 1)),
        list(&|_| r#"{"type": "deep_dive"}"#.to_owned()),
    )
}

#[test]
fn a_report_of_the_largest_tables_draws_them_in_part() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tables.json");
    std::fs::write(&input, table_rows_json(9_998)).unwrap();
    let pdf = dir.path().join("tables.pdf");
    discovery().arg("report").arg(&input).arg("-o").arg(&pdf).assert().success();
    let bytes = std::fs::read(&pdf).unwrap();
    // 5,778 pages before the tables were bounded; a page is a few kilobytes.
    assert!(bytes.len() < 4_000_000, "{} bytes", bytes.len());
    if let Some(text) = pdf_text(&pdf) {
        assert!(text.contains("The first 100 of 9998 rows of the Components sheet"), "no note on the cut");
        assert!(text.contains("component 99") && !text.contains("component 100 "));
    }
}

/// The PDF's text, when pdftotext is installed.
fn pdf_text(pdf: &Path) -> Option<String> {
    let output = std::process::Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).replace('\n', " "))
}

#[test]
fn dev_stdout_and_dash_are_standard_output_and_a_symlink_stays_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("returned.xlsx");
    copy_sample(&input);
    let output =
        discovery().arg("report").arg(&input).args(["-o", "/dev/stdout"]).assert().success().get_output().clone();
    assert!(output.stdout.starts_with(b"%PDF-"));
    let output = discovery().arg("report").arg(&input).args(["-o", "-"]).assert().success().get_output().clone();
    assert!(output.stdout.starts_with(b"%PDF-"));
    assert!(!dir.path().join("-").exists());
    #[cfg(unix)]
    {
        let target = dir.path().join("target.pdf");
        std::fs::write(&target, b"%PDF-1.7 an older report").unwrap();
        let link = dir.path().join("link.pdf");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        discovery().arg("report").arg(&input).arg("-o").arg(&link).assert().success();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink(), "the link was replaced");
        assert!(std::fs::read(&target).unwrap().starts_with(b"%PDF-"));
    }
}

#[test]
fn dash_reads_standard_input() {
    let bytes = std::fs::read(crate_file("samples/fabrikam-routewise.xlsx")).unwrap();
    let output =
        discovery().args(["import", "-", "-o", "-"]).write_stdin(bytes).assert().success().get_output().clone();
    let profile: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(profile["meta"]["company_name"], "Fabrikam Freight Systems Ltd");
    let json = std::fs::read(crate_file("samples/mueller-soen-partial.json")).unwrap();
    discovery().args(["check", "-", "--format", "json"]).write_stdin(json).assert().code(1);
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly_with_the_normal_status() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tables.json");
    // Large enough that the profile JSON overflows the pipe's buffer.
    std::fs::write(&input, table_rows_json(3_000)).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("discovery");
    let script = r#""$0" import "$1" | head -c1 >/dev/null; echo "status ${PIPESTATUS[0]}""#;
    let output = std::process::Command::new("bash").args(["-c", script]).arg(&bin).arg(&input).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "status 0");
    assert!(
        !stderr_of(&output).contains("error") && !stderr_of(&output).contains("panicked"),
        "{}",
        stderr_of(&output)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_standard_output_is_one_error() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("discovery"))
        .arg("schema")
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr_of(&output), "error: standard output: cannot be written: no space left on the device\n");
}

#[test]
fn a_missing_folder_is_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("returned.xlsx");
    copy_sample(&input);
    let output = discovery()
        .current_dir(dir.path())
        .args(["import", "returned.xlsx", "-o", "no/such/p.json"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert_eq!(
        stderr_of(&output),
        "error: no/such/p.json: cannot be written: the folder no/such does not exist; create it first\n"
    );
}

#[test]
fn no_escape_codes_in_a_pipe_or_under_no_color() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("partial.json");
    std::fs::copy(crate_file("samples/mueller-soen-partial.json"), &input).unwrap();
    let forced = discovery().arg("check").arg(&input).env("CLICOLOR_FORCE", "1").assert().code(1).get_output().clone();
    assert!(forced.stdout.contains(&0x1b), "CLICOLOR_FORCE colours, so the check below can fail");
    for env in [("NO_COLOR", "1"), ("TERM", "dumb")] {
        let output = discovery().arg("check").arg(&input).env(env.0, env.1).assert().code(1).get_output().clone();
        assert!(!output.stdout.contains(&0x1b) && !output.stderr.contains(&0x1b), "{env:?}");
    }
    let output = discovery()
        .arg("report")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("r.pdf"))
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(!output.stderr.contains(&0x1b));
}

#[test]
fn a_byte_order_mark_a_duplicate_section_and_a_wrong_shape_are_read_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("vendor.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        br#"{"meta": {"company_name": "First Ltd"}, "meta": {"solution_name": "Second", "company_name": "Other"},
        "architecture": {"regions": [{}]}}"#,
    );
    std::fs::write(&input, bytes).unwrap();
    let output = discovery().arg("check").arg(&input).args(["--format", "json"]).assert().code(1).get_output().clone();
    let check: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<(&str, &str)> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["key"].as_str().unwrap_or("")))
        .collect();
    assert!(keys.contains(&("duplicate-key", "meta.company_name")), "{keys:?}");
    assert!(keys.contains(&("schema-violation", "architecture.regions")), "{keys:?}");
    let profile = discovery().arg("import").arg(&input).assert().code(1).get_output().stdout.clone();
    let profile: serde_json::Value = serde_json::from_slice(&profile).unwrap();
    assert_eq!(profile["meta"]["company_name"], "First Ltd");
    assert_eq!(profile["meta"]["solution_name"], "Second");
    assert_eq!(profile["answer_states"]["architecture.regions"]["raw"], "[{}]");
}

#[test]
fn completions_and_the_man_page_are_generated() {
    let bash = discovery().args(["completions", "bash"]).assert().success().get_output().stdout.clone();
    assert!(String::from_utf8_lossy(&bash).contains("discovery"));
    let man = discovery().arg("man").assert().success().get_output().stdout.clone();
    let man = String::from_utf8_lossy(&man);
    assert!(man.starts_with(".ie") || man.contains(".TH discovery"), "{}", &man[..200.min(man.len())]);
}

#[test]
fn quiet_prints_only_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("returned.xlsx");
    copy_sample(&input);
    let output = discovery().arg("--quiet").arg("report").arg(&input).assert().success().get_output().clone();
    assert_eq!(stderr_of(&output), "");
    let output = discovery().arg("report").arg(&input).assert().success().get_output().clone();
    assert!(stderr_of(&output).starts_with("wrote "));
}
