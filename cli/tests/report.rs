//! `discovery report` as users run it: where it writes, `--strict`, and characters no font has.

use assert_cmd::Command;

use crate::crate_file;

fn discovery_cli() -> Command {
    Command::cargo_bin("discovery").unwrap()
}

#[test]
fn discovery_report_writes_beside_the_input_and_strict_refuses_unreadable_answers() {
    let dir = tempfile::tempdir().unwrap();
    let partial = dir.path().join("partial.json");
    std::fs::copy(crate_file("samples/mueller-soen-partial.json"), &partial).unwrap();
    // Unreadable answers are flagged, not fatal.
    discovery_cli().arg("report").arg(&partial).assert().success();
    let written = std::fs::read(dir.path().join("partial.pdf")).unwrap();
    assert!(written.starts_with(b"%PDF-"));
    std::fs::remove_file(dir.path().join("partial.pdf")).unwrap();
    // --strict: exit 1, nothing written.
    discovery_cli().arg("report").arg(&partial).arg("--strict").assert().code(1);
    assert!(!dir.path().join("partial.pdf").exists());
    // -o names the output; the input is never overwritten.
    let out = dir.path().join("out.pdf");
    discovery_cli()
        .arg("report")
        .arg(crate_file("samples/fabrikam-routewise.xlsx"))
        .arg("-o")
        .arg(&out)
        .arg("--strict")
        .assert()
        .success();
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    discovery_cli().arg("report").arg(&partial).arg("-o").arg(&partial).assert().code(2);
    assert!(std::fs::read_to_string(&partial).unwrap().contains("PraxisCloud"));
    // An unreadable file: exit 2.
    let junk = dir.path().join("junk.xlsx");
    std::fs::write(&junk, b"not a workbook").unwrap();
    discovery_cli().arg("report").arg(&junk).assert().code(2);
    assert!(!dir.path().join("junk.pdf").exists());
}

#[test]
fn discovery_report_warns_about_characters_no_font_has() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(crate_file("samples/mueller-soen-partial.json")).unwrap();
    let input = dir.path().join("emoji.json");
    std::fs::write(&input, json.replace("PraxisCloud", "PraxisCloud 😀")).unwrap();
    let assert = discovery_cli().arg("report").arg(&input).assert().success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("warning") && stderr.contains("😀") && stderr.contains("U+1F600"), "{stderr}");
}
