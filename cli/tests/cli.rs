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
