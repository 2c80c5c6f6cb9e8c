//! `discovery batch --previous` over two rounds of generated workbooks: each questionnaire matched to its
//! previous return, the index's columns about the previous round, and the overview's progress part.

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use discovery::diff::diff;
use discovery::profile::{Profile, Quantity};
use discovery::template::{write_filled, TemplateOptions};

use crate::crate_file;

fn sample(name: &str) -> Profile {
    serde_json::from_slice(&std::fs::read(crate_file(&format!("samples/{name}"))).unwrap()).unwrap()
}

fn named(mut profile: Profile, company: &str, solution: &str) -> Profile {
    profile.meta.company_name = Some(company.to_owned());
    profile.meta.solution_name = Some(solution.to_owned());
    profile
}

fn write(dir: &Path, file: &str, profile: &Profile) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(file), write_filled(profile, &TemplateOptions::default()).unwrap()).unwrap();
}

fn batch(inbox: &Path, out: &Path, previous: Option<&Path>) -> String {
    let mut command = Command::cargo_bin("discovery").unwrap();
    command.arg("batch").arg(inbox).arg("-o").arg(out).args(["--jobs", "2"]);
    if let Some(previous) = previous {
        command.arg("--previous").arg(previous);
    }
    String::from_utf8(command.assert().code(0).get_output().stderr.clone()).unwrap()
}

#[test]
fn a_second_round_is_compared_with_the_first_in_the_index_and_the_overview() {
    let dir = tempfile::tempdir().unwrap();
    let (round1, round2) = (dir.path().join("round1"), dir.path().join("round2"));
    let (out1, out2) = (dir.path().join("out1"), dir.path().join("out2"));

    // Round 1: three vendors.
    let mut partial = sample("mueller-soen-partial.json");
    let contoso = named(sample("fabrikam-routewise.json"), "Contoso Ltd", "Contoso ERP");
    let mut tailspin = named(sample("mueller-soen-partial.json"), "Tailspin Toys", "Toybox");
    write(&round1, "mueller.xlsx", &partial);
    write(&round1, "contoso.xlsx", &contoso);
    write(&round1, "tailspin.xlsx", &tailspin);
    batch(&round1, &out1, None);
    let before = |file: &str| -> Profile { serde_json::from_slice(&std::fs::read(out1.join(file)).unwrap()).unwrap() };

    // Round 2: Müller found out two answers, under another file name (matched by company and solution);
    // Contoso lost one (went backwards); Tailspin renamed its company but kept its file name (matched by it,
    // unchanged otherwise); Northwind is new.
    partial.answer_states.remove("requirements.disaster_recovery.rto");
    partial.requirements.disaster_recovery.rto = Some("PT8H".parse().unwrap());
    partial.answer_states.remove("requirements.performance.max_latency_ms");
    partial.requirements.performance.max_latency_ms = Some(Quantity::new(300.0).unwrap());
    let mut worse = contoso.clone();
    worse.architecture.network_topology = None;
    tailspin.meta.company_name = Some("Tailspin Toys Holding".to_owned());
    let northwind = named(sample("fabrikam-routewise.json"), "Northwind Traders", "Northwind Logistics");
    write(&round2, "mueller-second-return.xlsx", &partial);
    write(&round2, "contoso.xlsx", &worse);
    write(&round2, "tailspin.xlsx", &tailspin);
    write(&round2, "northwind.xlsx", &northwind);
    let stderr = batch(&round2, &out2, Some(&out1));
    assert!(
        stderr.contains("since the previous round (3 profiles): 1 improved, 1 went backwards, 1 unchanged, 1 new"),
        "{stderr}"
    );

    let mut reader = csv::Reader::from_path(out2.join("index.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[14..], ["previous_file", "completeness_change", "gaps_closed", "gaps_opened"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |name: &str| rows.iter().find(|r| r[0].ends_with(name)).unwrap().clone();
    // Each compared row says what the library's diff of the two profiles says.
    for (file, previous) in [
        ("mueller-second-return.xlsx", "mueller.json"),
        ("contoso.xlsx", "contoso.json"),
        ("tailspin.xlsx", "tailspin.json"),
    ] {
        let now: Profile = serde_json::from_slice(&std::fs::read(out2.join(&row(file)[13])).unwrap()).unwrap();
        let expected = diff(&before(previous), &now);
        let got = row(file);
        assert_eq!(&got[14], previous, "{file}");
        assert_eq!(got[15], format!("{:.1}", expected.completeness_change()), "{file}");
        assert_eq!(got[16], expected.gaps.closed.len().to_string(), "{file}");
        assert_eq!(got[17], expected.gaps.opened.len().to_string(), "{file}");
    }
    assert!(row("mueller-second-return.xlsx")[15].parse::<f64>().unwrap() > 0.0);
    assert_eq!(&row("mueller-second-return.xlsx")[16], "2", "the RTO and the latency gaps closed");
    assert!(row("contoso.xlsx")[15].parse::<f64>().unwrap() < 0.0);
    assert_eq!(&row("contoso.xlsx")[17], "1", "the network topology gap opened");
    let new = row("northwind.xlsx");
    assert_eq!((&new[14], &new[15], &new[16], &new[17]), ("", "", "", ""), "new in this round");

    let index: serde_json::Value = serde_json::from_slice(&std::fs::read(out2.join("index.json")).unwrap()).unwrap();
    let contoso_row = index["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"].as_str().unwrap().ends_with("contoso.xlsx"))
        .unwrap();
    assert_eq!(contoso_row["previous_file"], "contoso.json");
    assert_eq!(contoso_row["gaps_opened"], 1);

    // Each compared report has its change part; the new one has none.
    let text = |pdf: &str| -> Option<String> {
        let output = Process::new("pdftotext").args(["-enc", "UTF-8"]).arg(out2.join(pdf)).arg("-").output().ok()?;
        Some(String::from_utf8(output.stdout).unwrap())
    };
    if let Some(report) = text(&row("contoso.xlsx")[12]) {
        assert!(report.contains("Changes since the previous return"));
        assert!(!text(&row("northwind.xlsx")[12]).unwrap().contains("Changes since the previous return"));
        let overview = text("portfolio.pdf").unwrap();
        assert!(overview.contains("Progress since the previous round"), "{overview}");
        assert!(overview.contains(
            "3 questionnaires compared with their previous return: 1 improved, 1 went backwards and 1 stayed"
        ));
    } else {
        eprintln!("skipped: pdftotext not found; install poppler-utils");
    }

    // Without --previous the index has the columns, empty, and the overview no progress part.
    let out3 = dir.path().join("out3");
    batch(&round2, &out3, None);
    let mut reader = csv::Reader::from_path(out3.join("index.csv")).unwrap();
    assert_eq!(reader.headers().unwrap().len(), 18);
    assert!(reader.records().map(Result::unwrap).all(|r| r[14].is_empty() && r[15].is_empty()));
}

#[test]
fn the_previous_round_is_never_overwritten_and_must_be_a_batch_output() {
    let dir = tempfile::tempdir().unwrap();
    let (round, out1) = (dir.path().join("round"), dir.path().join("out1"));
    write(&round, "contoso.xlsx", &named(sample("fabrikam-routewise.json"), "Contoso Ltd", "Contoso ERP"));
    batch(&round, &out1, None);
    let before = std::fs::read(out1.join("index.json")).unwrap();
    let refused = |previous: &Path, out: &Path| -> String {
        let mut command = Command::cargo_bin("discovery").unwrap();
        command.arg("batch").arg(&round).arg("-o").arg(out).arg("--previous").arg(previous);
        String::from_utf8(command.assert().code(2).get_output().stderr.clone()).unwrap()
    };
    // Its own output folder as the previous round: refused before anything is written.
    let stderr = refused(&out1, &out1);
    assert!(stderr.contains("is the previous round's folder and would be overwritten"), "{stderr}");
    assert_eq!(std::fs::read(out1.join("index.json")).unwrap(), before);
    // A folder of returns, not a batch's output: refused, and no output folder made.
    let out2 = dir.path().join("out2");
    let stderr = refused(&round, &out2);
    assert!(stderr.contains("is not the output folder of an earlier batch (it holds no index.json)"), "{stderr}");
    assert!(!out2.exists());
}
