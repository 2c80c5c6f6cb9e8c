//! `discovery check` and `discovery import` as users run them: output snapshots, exit codes, colour.

use assert_cmd::Command;

use crate::crate_file;

fn discovery() -> Command {
    let mut command = Command::cargo_bin("discovery").unwrap();
    command.current_dir(crate_file("."));
    command.env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR");
    command
}

fn stdout_of(args: &[&str], code: i32) -> String {
    let output = discovery().args(args).assert().code(code).get_output().stdout.clone();
    String::from_utf8(output).unwrap()
}

#[test]
fn check_human_output_for_the_sample_workbook() {
    insta::assert_snapshot!(stdout_of(&["check", "samples/fabrikam-routewise.xlsx"], 0));
}

#[test]
fn check_human_output_for_the_partial_profile() {
    insta::assert_snapshot!(stdout_of(&["check", "samples/mueller-soen-partial.json"], 1));
}

#[test]
fn check_json_output_for_the_sample_workbook() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["check", "samples/fabrikam-routewise.xlsx", "--format", "json"], 0)).unwrap();
    assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), ["diagnostics", "gaps", "completeness"]);
    insta::assert_json_snapshot!(json);
}

#[test]
fn check_json_output_for_the_partial_profile() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["check", "samples/mueller-soen-partial.json", "--format", "json"], 1))
            .unwrap();
    let diagnostic = &json["diagnostics"][0];
    let keys: Vec<&String> = diagnostic.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["severity", "code", "key", "location", "message"]);
    insta::assert_json_snapshot!(json);
}

#[test]
fn colour_only_when_asked_for_or_on_a_terminal() {
    let plain = stdout_of(&["check", "samples/mueller-soen-partial.json"], 1);
    assert!(!plain.contains('\u{1b}'), "no escape codes when the output is not a terminal");
    let output = discovery()
        .args(["check", "samples/mueller-soen-partial.json"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(output).unwrap().contains("\u{1b}["), "colour when forced");
}

#[test]
fn a_file_that_cannot_be_read_exits_2_naming_the_file_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.xlsx", b"", "empty"),
        ("report.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "PDF"),
        ("notes.csv", b"\x00\x01\x02\x03binary\xff\xfe", ""),
        ("profile.json", b"{\"meta\": ", "JSON"),
    ];
    for (name, bytes, says) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        for command in ["check", "import", "report"] {
            let output = discovery().arg(command).arg(&path).assert().code(2).get_output().clone();
            let stderr = String::from_utf8(output.stderr).unwrap();
            assert!(stderr.contains(name), "{command} {name}: {stderr}");
            assert!(stderr.contains(says), "{command} {name}: {stderr}");
            assert!(output.stdout.is_empty(), "{command} {name} printed to stdout");
        }
    }
    discovery().args(["check", "no/such/file.xlsx"]).assert().code(2);
}

#[test]
fn import_writes_the_profile_json_and_exits_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fabrikam.json");
    discovery().args(["import", "samples/fabrikam-routewise.xlsx", "-o"]).arg(&out).assert().code(0).stdout("");
    let profile: discovery::profile::Profile = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(profile.meta.company_name.as_deref(), Some("Fabrikam Freight Systems Ltd"));
    let stdout = stdout_of(&["import", "samples/mueller-soen-partial.json"], 1);
    assert!(stdout.contains("\"company_name\": \"Müller & Søn Software GmbH\""));
}

#[test]
fn template_writes_the_committed_blank_questionnaire() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q.xlsx");
    discovery().args(["template", "-o"]).arg(&out).assert().success();
    assert_eq!(std::fs::read(out).unwrap(), std::fs::read(crate_file("samples/questionnaire-template.xlsx")).unwrap());
}

#[test]
fn check_json_reads_back_into_the_crate_types() {
    for (file, code) in [("samples/mueller-soen-partial.json", 1), ("samples/fabrikam-routewise.xlsx", 0)] {
        let printed = stdout_of(&["check", file, "--format", "json"], code);
        let read: discovery::CheckOutput = serde_json::from_str(&printed).unwrap();
        let checked = discovery::Converter::new().check(crate_file(file)).unwrap();
        assert_eq!(read, checked.output(), "{file}");
        assert!(read.gaps.iter().all(|gap| gap.rule().id == gap.id), "{file}: every gap names its rule");
    }
}
