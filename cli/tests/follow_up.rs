//! The follow-up loop as the office runs it: `follow-up` back to the vendor, `diff` of the next return against
//! the first, and `report --previous`.

use std::path::Path;

use assert_cmd::Command;
use discovery::profile::{Percent, Profile, Quantity, YesNo};
use discovery::template::{write_filled, TemplateOptions};

use crate::crate_file;

fn discovery_cli() -> Command {
    let mut command = Command::cargo_bin("discovery").unwrap();
    command.current_dir(crate_file("."));
    command.env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR");
    command
}

/// The sample's second return, as a workbook: SLA raised to 99.95 % with multi-zone now no (a new high gap),
/// the maximum latency found out (a medium gap closed).
fn write_second_return(path: &Path) {
    let first = discovery::Converter::new().import(crate_file("samples/fabrikam-routewise.xlsx")).unwrap();
    let mut profile: Profile = first.profile;
    profile.requirements.availability.sla_target_percent = Some(Percent::new(99.95).unwrap());
    profile.requirements.availability.multi_zone = Some(YesNo::No);
    profile.answer_states.remove("requirements.performance.max_latency_ms");
    profile.requirements.performance.max_latency_ms = Some(Quantity::new(250.0).unwrap());
    std::fs::write(path, write_filled(&profile, &TemplateOptions::default()).unwrap()).unwrap();
}

#[test]
fn follow_up_writes_beside_the_input_and_never_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mueller.json");
    std::fs::copy(crate_file("samples/mueller-soen-partial.json"), &input).unwrap();
    let output = discovery_cli().arg("follow-up").arg(&input).assert().code(0).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("mueller-follow-up.xlsx: 37 gaps to follow up (14 high, 22 medium, 1 low)"), "{stderr}");
    assert!(stderr.contains("error[invalid-email]"), "the diagnostics are shown: {stderr}");
    let written = dir.path().join("mueller-follow-up.xlsx");
    let back = discovery::Converter::new().check(&written).unwrap();
    assert_eq!(back.analysis.gaps.len(), 37);
    // -o onto the input is refused, and the input kept.
    let before = std::fs::read(&written).unwrap();
    discovery_cli().arg("follow-up").arg(&written).arg("-o").arg(&written).assert().code(2);
    assert_eq!(std::fs::read(&written).unwrap(), before);
    // An unreadable input is exit 2.
    std::fs::write(dir.path().join("broken.xlsx"), b"not a workbook").unwrap();
    discovery_cli().arg("follow-up").arg(dir.path().join("broken.xlsx")).assert().code(2);
}

#[test]
fn follow_up_keeps_a_workbook_the_vendor_may_have_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mueller.json");
    std::fs::copy(crate_file("samples/mueller-soen-partial.json"), &input).unwrap();
    let written = dir.path().join("mueller-follow-up.xlsx");
    discovery_cli().arg("follow-up").arg(&input).assert().code(0);
    // The same run again writes the same bytes over its own workbook.
    let first = std::fs::read(&written).unwrap();
    discovery_cli().arg("follow-up").arg(&input).assert().code(0);
    assert_eq!(std::fs::read(&written).unwrap(), first);
    // The vendor's return under that name holds other answers: kept, unless --force.
    write_second_return(&written);
    let returned = std::fs::read(&written).unwrap();
    let output = discovery_cli().arg("follow-up").arg(&input).assert().code(2).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("is a returned questionnaire with answers"), "{stderr}");
    assert!(stderr.contains("it is kept (--force replaces it)"), "{stderr}");
    assert_eq!(std::fs::read(&written).unwrap(), returned);
    discovery_cli().arg("follow-up").arg(&input).arg("--force").assert().code(0);
    assert_eq!(std::fs::read(&written).unwrap(), first);
}

/// `discovery diff` of the sample workbook and `second`: what it prints.
fn diff_against_the_sample(second: &Path) -> String {
    let output = discovery_cli()
        .args(["diff", "samples/fabrikam-routewise.xlsx"])
        .arg(second)
        .assert()
        .code(0)
        .get_output()
        .clone();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn diff_prints_a_changelog_most_important_first() {
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("fabrikam-second.xlsx");
    write_second_return(&second);
    insta::assert_snapshot!(diff_against_the_sample(&second));

    let json = discovery_cli()
        .args(["diff", "samples/fabrikam-routewise.xlsx"])
        .arg(&second)
        .args(["--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let read: discovery::diff::Diff = serde_json::from_slice(&json).unwrap();
    assert_eq!(read.changes.len(), 3);
    assert_eq!((read.gaps.closed.len(), read.gaps.opened.len()), (1, 1));
    discovery_cli().args(["diff", "samples/fabrikam-routewise.xlsx", "no-such-file.xlsx"]).assert().code(2);
}

/// A vendor who answers in the Notes column changed the return: `diff` says so, though no answer changed.
#[test]
fn diff_shows_a_note_changed_beside_an_unchanged_answer() {
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("fabrikam-second.xlsx");
    let mut profile =
        discovery::Converter::new().import(crate_file("samples/fabrikam-routewise.xlsx")).unwrap().profile;
    profile.notes.insert("solution.overview".into(), "Customer count doubled\nsince March".into());
    std::fs::write(&second, write_filled(&profile, &TemplateOptions::default()).unwrap()).unwrap();
    let stdout = diff_against_the_sample(&second);
    assert!(stdout.contains("answers changed (0)\n  none"), "{stdout}");
    assert!(stdout.contains("notes changed (1)"), "{stdout}");
    assert!(
        stdout.contains("~ Profile!D12 (solution.overview): notes none -> \"Customer count doubled / since March\""),
        "{stdout}"
    );
    assert!(stdout.contains("gaps: 0 closed, 0 opened"), "{stdout}");
}

#[test]
fn report_previous_adds_the_changes_and_says_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("fabrikam-second.xlsx");
    write_second_return(&second);
    let out = dir.path().join("report.pdf");
    let output = discovery_cli()
        .arg("report")
        .arg(&second)
        .args(["--previous", "samples/fabrikam-routewise.xlsx", "-o"])
        .arg(&out)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "since the previous return: +1.1 points of completeness; gaps: 1 closed, 1 opened; 3 answers changed"
        ),
        "{stderr}"
    );
    let with = std::fs::read(&out).unwrap();
    discovery_cli().arg("report").arg(&second).arg("-o").arg(&out).assert().code(0);
    let without = std::fs::read(&out).unwrap();
    assert!(with.len() > without.len(), "the change part adds to the report");
    discovery_cli()
        .arg("report")
        .arg(&second)
        .args(["--previous", "no-such-file.json", "-o"])
        .arg(&out)
        .assert()
        .code(2);
}

#[test]
fn diff_warns_when_the_two_returns_name_different_vendors() {
    let output = discovery_cli()
        .args(["diff", "samples/mueller-soen-partial.json", "samples/fabrikam-routewise.json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("warning: the two returns name different vendors"), "{stderr}");
    let same = discovery_cli()
        .args(["diff", "samples/fabrikam-routewise.xlsx", "samples/fabrikam-routewise.json"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert!(!String::from_utf8(same.stderr).unwrap().contains("different vendors"));
}
