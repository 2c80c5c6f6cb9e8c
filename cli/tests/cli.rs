//! The command line as users run it.

use assert_cmd::Command;

use crate::crate_file;

fn discovery() -> Command {
    Command::cargo_bin("discovery").unwrap()
}

#[test]
fn schema_prints_exactly_the_committed_schema() {
    let committed = std::fs::read_to_string(crate_file("schemas/discovery-profile.schema.json")).unwrap();
    let output = discovery().arg("schema").assert().success().get_output().stdout.clone();
    assert_eq!(String::from_utf8(output).unwrap(), committed);
}

#[test]
fn schema_writes_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schema.json");
    discovery().args(["schema", "-o"]).arg(&out).assert().success().stdout("");
    let committed = std::fs::read_to_string(crate_file("schemas/discovery-profile.schema.json")).unwrap();
    assert_eq!(std::fs::read_to_string(out).unwrap(), committed);
}

#[test]
fn help_and_version_read_well() {
    let help = discovery().arg("--help").assert().success().get_output().stdout.clone();
    let help = String::from_utf8(help).unwrap();
    assert!(help.contains("schema"), "{help}");
    assert!(help.contains("questionnaire"), "{help}");
    discovery().arg("--version").assert().success().stdout(format!("discovery {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn wrong_arguments_exit_2() {
    discovery().arg("no-such-command").assert().code(2);
}

/// calamine 0.38 panics on a valid xlsb (tests/fixtures/README.md): the reader's guard catches the panic and
/// the user sees one line naming the file, never the panic or a backtrace, on one file or on many read at
/// once.
#[test]
fn a_panic_while_reading_prints_only_the_error() {
    let file = crate_file("tests/fixtures/xlsb-calamine-panics.xlsb");
    let output = discovery().arg("import").arg(&file).env("RUST_BACKTRACE", "1").assert().code(2).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        format!(
            "error: {}: the xlsb file could not be read: the reader failed (no entry found for key)\n",
            file.display()
        )
    );

    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    for i in 0..4 {
        std::fs::copy(&file, inbox.join(format!("vendor {i}.xlsb"))).unwrap();
        std::fs::copy(crate_file("samples/fabrikam-routewise.xlsx"), inbox.join(format!("fabrikam {i}.xlsx"))).unwrap();
    }
    let output = discovery()
        .arg("batch")
        .arg(&inbox)
        .arg("-o")
        .arg(dir.path().join("out"))
        .args(["--jobs", "4"])
        .env("RUST_BACKTRACE", "1")
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("8 files: 4 converted, 4 failed"), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
}
