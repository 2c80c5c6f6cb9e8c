//! The report of a second return with the changes since the first: the part after the summary and the marks
//! in part 4, read back with pdftotext; and the report without a previous return, byte for byte as before.

use std::path::PathBuf;
use std::process::Command;

use sha2::{Digest, Sha256};

use discovery::{Checked, Converter};

use crate::crate_file;
use crate::diff::{first_return, second_return};

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of the reports of the samples as they were before a report could show changes (the
/// Fabrikam report since, with part 5.3's headings kept with their cards on page 15, both written as
/// shorter content streams that draw the same pixels, and long keys broken after a dot or underscore; both
/// since deflated by libdeflate, with every printable ASCII glyph in their fonts, the same pixels again;
/// then with positions written to a thousandth of a point, which moves a few glyphs' antialiasing by a
/// fraction of a pixel and nothing else; then with each contents entry's dot leader drawn as one dashed
/// line instead of a square per dot, the same squares within antialiasing; then with shorter content
/// streams: a page's text runs sharing one text object, each placed from the run before it, a table row's
/// fills drawn before its text, glyphs written in one byte for fonts of at most 256 glyphs, fill colours as
/// indexes into a page palette and fonts by one-letter names, which draws the same but for a glyph here and
/// there moved by a fraction of a pixel where a reader's sum of the offsets rounds the other way, and for
/// mupdf drawing the palette's exact colours where it truncated the fractions to a level below; then with
/// the document's id derived from the profile JSON as a batch writes it, which changes the trailer's /ID and
/// nothing else).
/// Rendering without a previous return must give exactly these bytes. A change to the report's layout or wording changes them
/// on purpose: look at the new PDFs, then put their hashes here.
const SAMPLE_REPORTS: [(&str, &str); 2] = [
    ("samples/fabrikam-routewise.xlsx", "c8144143f7d5ae5d4fc8b67638d4dd270a2a90f1987546667e929fd41e335c64"),
    ("samples/mueller-soen-partial.json", "e648c9b1d50e54b0f6b01768b6aa50cacdcdfc4a0a901af34f6a94679c891b74"),
];

#[test]
fn without_a_previous_return_the_report_is_byte_for_byte_as_before() {
    let converter = Converter::new();
    for (sample, expected) in SAMPLE_REPORTS {
        let checked = converter.check(crate_file(sample)).unwrap();
        let pdf = converter.report(&checked).unwrap().pdf;
        assert_eq!(hex(&pdf), expected, "{sample}");
        assert_eq!(converter.report_with_changes(&checked, None).unwrap().pdf, pdf, "{sample}");
    }
}

/// The second return checked, and its report with the changes since the first.
fn report_with_changes() -> (Checked, Vec<u8>) {
    let converter = Converter::new();
    let bytes = discovery::template::write_filled(&second_return(), &Default::default()).unwrap();
    let checked = converter.check_bytes(&bytes, "fabrikam-second-return.xlsx").unwrap();
    let changes = checked.changes_since(&first_return());
    let pdf = converter.report_with_changes(&checked, Some(&changes)).unwrap().pdf;
    (checked, pdf)
}

/// The PDF's text as pdftotext lays it out (a table row on one line), or `None` when poppler-utils is not
/// installed.
fn pdftotext(pdf: &[u8], name: &str) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("changes");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    let output = match Command::new("pdftotext").args(["-enc", "UTF-8", "-layout"]).arg(&path).arg("-").output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: pdftotext not found; install poppler-utils");
            return None;
        }
        Err(e) => panic!("pdftotext not runnable: {e}"),
    };
    assert!(output.status.success());
    Some(String::from_utf8(output.stdout).unwrap())
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_report_of_a_second_return_shows_what_changed_after_the_summary() {
    let (checked, pdf) = report_with_changes();
    assert_eq!(pdf, report_with_changes().1, "the same input gives the same bytes");
    let Some(layout) = pdftotext(&pdf, "second-return.pdf") else { return };
    let text = squash(&layout);
    let part = |title: &str| text.rfind(title).unwrap_or_else(|| panic!("no {title:?} in the report"));
    // After the summary, before the gaps; listed in the contents too.
    assert!(part("1. Summary") < part("Changes since the previous return"));
    assert!(part("Changes since the previous return") < part("2. Gaps to chase"));
    assert!(text.matches("Changes since the previous return").count() >= 2, "in the contents and as the part");
    assert!(
        text.contains(
            "completeness rose from 96.8 % to 97.9 % (+1.1 points). This return closed 1 of the previous return's \
             gaps and opened 1; 2 are still open. 3 answers changed."
        ),
        "{text}"
    );
    assert!(text.contains("Completeness by section, before and after"));
    assert!(text.contains("Requirements 94% → 97%"), "the requirements section's bars");

    // Each table row of the part on one line: the gap closed, the gap opened under its number in this
    // report, and the answers changed with before and after.
    let start = layout.rfind("Changes since the previous return").unwrap();
    let end = layout.rfind("2. Gaps to chase").unwrap();
    let lines: Vec<String> = layout[start..end].lines().map(squash).collect();
    let line = |first: &str| {
        lines.iter().find(|l| l.starts_with(first)).unwrap_or_else(|| panic!("no line {first:?} in {lines:#?}"))
    };
    assert!(line("Medium Recommended answer unknown: Maximum").ends_with("250 ms"));
    let opened = checked.analysis.gaps.iter().position(|g| g.id.as_str() == "sla-without-zones").unwrap() + 1;
    assert!(line(&format!("G{opened} high")).contains("High SLA target on a single availability zone"));
    assert_eq!(line("Target availability (SLA), in percent"), "Target availability (SLA), in percent 99.9 % 99.95 %");
    assert!(line("Is the application designed to run").ends_with("Planned No"));
    assert_eq!(line("Maximum latency, milliseconds"), "Maximum latency, milliseconds Unknown — written “TBD” 250 ms");
    assert_eq!(lines.iter().filter(|l| l.starts_with("requirements.")).count(), 3, "three answers changed");

    // Part 4 marks the changed answers, and only those.
    let questions = &text[part("4. Questions and answers")..part("5. Components, data stores and technology")];
    assert_eq!(questions.matches("Changed · previously").count(), 3, "{questions}");
    assert!(questions.contains("Changed · previously 99.9 %"));
    assert!(questions.contains("Changed · previously Planned"));
    assert!(questions.contains("Changed · previously unknown (“TBD”)"));
}
