//! End-to-end checks of the layout layer on a demonstration document. They need poppler-utils, qpdf and mupdf-tools.

use super::demo_doc;

use std::io::Write;
use std::process::Command;
use std::sync::OnceLock;

use crate::render::fonts::Fonts;

struct Rendered {
    pdf: Vec<u8>,
    words: Vec<String>,
    missing: Vec<char>,
    path: std::path::PathBuf,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::load().expect("embedded fonts parse"))
}

fn rendered() -> &'static Rendered {
    static R: OnceLock<Rendered> = OnceLock::new();
    R.get_or_init(|| {
        let (pdf, words, missing) = demo_doc::build(fonts());
        let path = std::env::temp_dir().join(format!("pdflayout-demo-{}.pdf", std::process::id()));
        std::fs::File::create(&path).and_then(|mut f| f.write_all(&pdf)).expect("write pdf");
        Rendered { pdf, words, missing, path }
    })
}

/// Runs a tool on the demo PDF and returns stdout; panics with a hint when missing.
fn run(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} not runnable ({e}); install poppler-utils, qpdf, mupdf-tools"));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

fn text() -> String {
    pdftotext(&[])
}

/// Text of the flow area only: the crop leaves out the running header and footer.
fn body_text() -> String {
    pdftotext(&["-x", "0", "-y", "70", "-W", "596", "-H", "705"])
}

fn pdftotext(extra: &[&str]) -> String {
    let r = rendered();
    let mut args = vec!["-enc", "UTF-8"];
    args.extend_from_slice(extra);
    args.extend([r.path.to_str().unwrap(), "-"]);
    let (ok, out) = run("pdftotext", &args);
    assert!(ok, "pdftotext failed: {out}");
    out
}

#[test]
fn all_appendix_words_in_order() {
    let r = rendered();
    let t = body_text();
    let start = t.rfind("4. Appendix: verbatim notes").expect("appendix heading") + "4. Appendix: verbatim notes".len();
    let end = t[start..].find("https://").expect("url after appendix") + start;
    let body: Vec<&str> = t[start..end].split_whitespace().collect();
    assert_eq!(body.len(), r.words.len(), "word count");
    for (i, (got, want)) in body.iter().zip(&r.words).enumerate() {
        assert_eq!(got, want, "word {i}");
    }
}

#[test]
fn all_table_rows_present() {
    let t = text();
    for i in 1..=250 {
        assert!(t.contains(&format!("Q-{i:04}")), "row Q-{i:04} missing");
    }
}

#[test]
fn multilingual_text_extracts() {
    let t = text();
    for s in ["Müller & Søn", "Η ομάδα απάντησε", "Поставщик ответил", "株式会社テスト"]
    {
        assert!(t.contains(s), "{s} not extracted");
    }
}

#[test]
fn missing_chars_are_reported() {
    let r = rendered();
    assert!(r.missing.contains(&'😀') && r.missing.contains(&'\u{1D11E}'), "{:?}", r.missing);
    assert!(text().contains("An\nemoji ? and a musical symbol ?") || text().contains("emoji ? and a musical symbol ?"));
}

#[test]
fn same_bytes_twice_in_one_process() {
    let (again, _, _) = demo_doc::build(fonts());
    assert!(again == rendered().pdf, "output differs between two renders");
    assert_eq!(demo_doc::build_typical(fonts()), demo_doc::build_typical(fonts()));
}

#[test]
fn qpdf_check_passes() {
    let (ok, out) = run("qpdf", &["--check", rendered().path.to_str().unwrap()]);
    assert!(ok && out.contains("No syntax or stream encoding errors"), "{out}");
}

#[test]
fn fonts_are_embedded_subsets() {
    let (ok, out) = run("pdffonts", &[rendered().path.to_str().unwrap()]);
    assert!(ok, "{out}");
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... encoding emb sub uni id gen
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{row}");
    }
}

#[test]
fn outline_and_metadata() {
    let path = rendered().path.to_str().unwrap().to_string();
    let (ok, out) = run("mutool", &["show", &path, "outline"]);
    assert!(ok, "{out}");
    for title in [
        "1. Executive summary",
        "1.1 Readiness by area",
        "2. Gaps",
        "2.3 Gaps 21–30",
        "3. All answers",
        "4. Appendix: verbatim notes",
    ] {
        assert!(out.contains(title), "outline lacks {title}: {out}");
    }
    let (ok, info) = run("pdfinfo", &[&path]);
    assert!(ok && info.contains("Title:           Technical discovery: 株式会社テスト"), "{info}");
    assert!(!info.contains("PDF/X"), "{info}");
}

#[test]
fn toc_links_point_at_parts() {
    let path = rendered().path.to_str().unwrap().to_string();
    // The TOC is page 2; its links must be borderless GoTo actions.
    let (ok, out) = run("mutool", &["show", &path, "pages/2/Annots"]);
    assert!(ok, "{out}");
    assert_eq!(out.matches("/S /GoTo").count() + out.matches("/S/GoTo").count(), 9, "{out}");
    assert!(out.contains("/Border [ 0 0 0 ]") || out.contains("/Border[0 0 0]"), "{out}");
}

#[test]
fn every_page_renders() {
    let path = rendered().path.to_str().unwrap().to_string();
    let png = std::env::temp_dir().join(format!("pdflayout-{}-%d.png", std::process::id()));
    let (ok, out) = run("mutool", &["draw", "-q", "-r", "20", "-o", png.to_str().unwrap(), &path]);
    assert!(ok && !out.to_lowercase().contains("error"), "{out}");
}
