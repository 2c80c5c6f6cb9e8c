//! The PDF report and the portfolio overview, tested by what a reader gets out of them: the text poppler
//! extracts, page count, fonts, outline, metadata, and the same bytes for the same input. The checks that read
//! a PDF back need poppler-utils, qpdf and mupdf-tools; where one is not installed they say so on standard
//! error and are skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use discovery::analyse::analyse;
use discovery::portfolio::IndexRow;
use discovery::profile::{AnswerKind, Answers, Choice, Component, Profile, State, YesNo, QUESTIONS};
use discovery::render::report::{render, ReportInput, ReportOptions};
use discovery::{Checked, Converter};
use serde_json::Value;

use crate::crate_file;

fn converter() -> &'static Converter {
    static CONVERTER: OnceLock<Converter> = OnceLock::new();
    CONVERTER.get_or_init(Converter::new)
}

/// A folder for the PDFs under test, inside the build's target folder, so they can be looked at after a
/// run and never litter the system's temporary folder.
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("render");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

pub(crate) fn write_pdf(name: &str, pdf: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// Runs a PDF tool and returns its standard output, or `None` when the tool is not installed: it then says
/// on standard error which package to install, and the caller skips the checks that need it. A tool that
/// runs and fails panics with what it printed.
fn tool(name: &str, args: &[&str]) -> Option<String> {
    let out = match Command::new(name).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let package = match name {
                "qpdf" => "qpdf",
                "mutool" => "mupdf-tools",
                _ => "poppler-utils",
            };
            eprintln!("skipped: {name} not found; install {package}");
            return None;
        }
        Err(e) => panic!("{name} not runnable: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{name} {args:?} failed: {stdout}{}", String::from_utf8_lossy(&out.stderr));
    Some(stdout)
}

pub(crate) fn text(path: &Path, extra: &[&str]) -> Option<String> {
    let mut args = vec!["-enc", "UTF-8"];
    args.extend_from_slice(extra);
    args.extend([path.to_str().unwrap(), "-"]);
    tool("pdftotext", &args)
}

/// The text of the flow area only: the crop leaves out the running header and footer.
fn body_text(path: &Path) -> Option<String> {
    text(path, &["-layout", "-x", "0", "-y", "72", "-W", "596", "-H", "696"])
}

struct Sample {
    checked: Checked,
    pdf: Vec<u8>,
    path: PathBuf,
}

fn sample(name: &str) -> Sample {
    let checked = converter().check(crate_file(&format!("samples/{name}"))).unwrap();
    let rendered = converter().report(&checked).unwrap();
    assert!(rendered.missing_chars.is_empty(), "{:?}", rendered.missing_chars);
    let path = write_pdf(&format!("{name}.pdf"), &rendered.pdf);
    Sample { checked, pdf: rendered.pdf, path }
}

fn fabrikam() -> &'static Sample {
    static S: OnceLock<Sample> = OnceLock::new();
    S.get_or_init(|| sample("fabrikam-routewise.xlsx"))
}

fn mueller() -> &'static Sample {
    static S: OnceLock<Sample> = OnceLock::new();
    S.get_or_init(|| sample("mueller-soen-partial.json"))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `1,800` for 1800; fractions as written.
fn grouped(n: f64) -> String {
    if n.fract() != 0.0 {
        return format!("{n}");
    }
    let digits = (n as i64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The words a reader must find for an answered question: its text, items, labels or number.
fn expected_words(kind: AnswerKind, value: &Value) -> Vec<String> {
    let label = |options: &[discovery::profile::ChoiceOption], v: &Value| {
        let v = v.as_str().unwrap();
        options.iter().find(|o| o.value == v).unwrap().label.to_owned()
    };
    let phrases: Vec<String> = match kind {
        AnswerKind::Text | AnswerKind::Email | AnswerKind::Date | AnswerKind::List => match value {
            Value::Array(items) => items.iter().map(|i| i.as_str().unwrap().to_owned()).collect(),
            v => vec![v.as_str().unwrap().to_owned()],
        },
        AnswerKind::YesNo => vec![label(YesNo::OPTIONS, value)],
        AnswerKind::Choice(set) => vec![label(set.options, value)],
        AnswerKind::Choices(set) => value.as_array().unwrap().iter().map(|v| label(set.options, v)).collect(),
        AnswerKind::Number { .. } | AnswerKind::Percent | AnswerKind::SizeGb => vec![grouped(value.as_f64().unwrap())],
        AnswerKind::Duration => vec![format!("({})", value.as_str().unwrap())],
        AnswerKind::Table(_) => Vec::new(),
        other => panic!("no expected words for a {} answer", other.name()),
    };
    phrases.iter().flat_map(|p| p.split_whitespace().map(str::to_owned).collect::<Vec<_>>()).collect()
}

/// Finds `words` in order in `tokens` from `from`; returns where the last one stood.
fn find_in_order(tokens: &[&str], from: usize, words: &[String], what: &str) -> usize {
    let mut at = from;
    for word in words {
        let found = tokens[at..].iter().position(|t| t == word);
        at += found.unwrap_or_else(|| panic!("{what}: {word:?} not found in order after token {at}")) + 1;
    }
    at
}

#[test]
fn the_sample_report_holds_company_gaps_and_every_answer_in_order() {
    let s = fabrikam();
    let profile = &s.checked.imported.profile;
    let Some(body) = body_text(&s.path) else { return };
    let flat = squash(&body);
    assert!(flat.contains("Fabrikam Freight Systems Ltd"), "company");
    assert!(flat.contains("RouteWise TMS"), "solution");
    assert!(!s.checked.analysis.gaps.is_empty());
    for gap in &s.checked.analysis.gaps {
        assert!(flat.contains(gap.id.as_str()), "gap id {}", gap.id);
        assert!(flat.contains(&squash(&gap.follow_up)), "follow-up of {}: {}", gap.id, gap.follow_up);
        for location in &gap.locations {
            assert!(flat.contains(location.as_str()), "location {location}");
        }
    }
    // Every answered question's value or label, in questionnaire order, after part 4's heading.
    let tokens: Vec<&str> = body.split_whitespace().collect();
    let start = body[..body.rfind("4. Questions and answers").unwrap()].split_whitespace().count();
    let answers = Answers::new(profile);
    let mut at = start;
    let mut checked = 0;
    for q in QUESTIONS {
        if answers.state(q.key) != State::Answered || matches!(q.kind, AnswerKind::Table(_)) {
            continue;
        }
        let words = expected_words(q.kind, answers.value(q.key).unwrap());
        at = find_in_order(&tokens, at, &words, q.key);
        checked += 1;
    }
    assert!(checked > 60, "only {checked} answers checked");
    // Unknown answers show as such, with the text as written.
    assert!(flat.contains("Unknown — written “TBD”"), "unknown state");
    // The tables and the timeline.
    for c in &profile.architecture.components {
        assert!(flat.contains(c.name.as_deref().unwrap()), "component {:?}", c.name);
    }
    for m in &profile.schedule.milestones {
        assert!(flat.contains(m.milestone.as_deref().unwrap()), "milestone {:?}", m.milestone);
    }
    // Table cells wrap beside each other, so their words are found in order rather than side by side.
    for e in &profile.engagements {
        let words: Vec<String> = e.success_criteria.as_deref().unwrap().split_whitespace().map(str::to_owned).collect();
        find_in_order(&tokens, 0, &words, "an engagement's success criteria");
    }
    assert!(flat.contains(&s.checked.imported.sha256), "the source file's SHA-256");
}

#[test]
fn the_sample_report_is_a_sound_pdf_of_reasonable_size() {
    let s = fabrikam();
    let path = s.path.to_str().unwrap();
    assert!(s.pdf.len() < 150_000, "{} bytes", s.pdf.len());
    if let Some(info) = tool("pdfinfo", &[path]) {
        check_info(&info);
    }
    if let Some(check) = tool("qpdf", &["--check", path]) {
        assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    }
    if let Some(fonts) = tool("pdffonts", &[path]) {
        check_fonts(&fonts);
    }
    if let Some(outline) = tool("mutool", &["show", path, "outline"]) {
        check_outline_and_contents(path, &outline);
    }
}

fn check_info(info: &str) {
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!((12..=22).contains(&pages), "{pages} pages");
    assert!(
        info.contains("Title:           Technical discovery: Fabrikam Freight Systems Ltd — RouteWise TMS"),
        "{info}"
    );
    assert!(info.contains("Author:          Priya Raman, Head of Platform Engineering"), "{info}");
    assert!(info.contains(&format!("Creator:         discovery {}", env!("CARGO_PKG_VERSION"))), "{info}");
    assert!(info.contains("Keywords:") && info.contains("technical discovery"), "{info}");
    assert!(!info.contains("CreationDate"), "no clock in the file: {info}");
    // printpdf writes an empty /GTS_PDFXVersion, which the report's own info dictionary leaves out.
    assert!(!info.contains("PDF/X"), "the report does not claim to be PDF/X: {info}");
}

fn check_fonts(fonts: &str) {
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "embedded, subset, unicode: {row}");
    }
}

fn check_outline_and_contents(path: &str, outline: &str) {
    let parts: Vec<&str> = outline
        .lines()
        .filter(|l| !l.starts_with("|\t\t") && !l.starts_with("+\t\t"))
        .map(|l| l.split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        parts,
        [
            "1. Summary",
            "2. Gaps to chase",
            "3. Requested engagements",
            "4. Questions and answers",
            "5. Components, data stores and technology",
            "6. Milestones and dates",
            "7. Appendix"
        ],
        "{outline}"
    );
    // Sections are nested under their part: 4.1 to 4.8 under part 4, and so on.
    let sections: Vec<&str> = outline.lines().filter(|l| l.starts_with("|\t\t") || l.starts_with("+\t\t")).collect();
    assert!(
        sections.iter().any(|l| l.contains("\"4.1 ")) && sections.iter().any(|l| l.contains("\"7.3 ")),
        "{outline}"
    );
    assert!(sections.iter().all(|l| !l.contains("\"1. ") && !l.contains("\"7. ")), "{outline}");
    // The contents page links to every part and section, without the border printpdf draws by default.
    let Some(annots) = tool("mutool", &["show", path, "pages/2/Annots"]) else { return };
    let links = annots.matches("/GoTo").count();
    assert_eq!(links, outline.lines().count(), "one link per outline entry: {annots}");
    assert_eq!(annots.matches("/Border [ 0 0 0 ]").count(), links, "borderless links: {annots}");
}

#[test]
fn every_page_of_the_sample_report_draws_without_error() {
    let s = fabrikam();
    let path = s.path.to_str().unwrap();
    let dir = scratch().join("fabrikam-pages");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("page-%d.png");
    let Some(out) = tool("mutool", &["draw", "-q", "-r", "20", "-o", png.to_str().unwrap(), path]) else { return };
    assert!(!out.to_lowercase().contains("error"), "{out}");
    let Some(pages) = tool("mutool", &["show", path, "trailer/Root/Pages/Count"]) else { return };
    let drawn = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(drawn.to_string(), pages.trim(), "one picture per page");
}

/// Regression: part 5.3's heading and its first group's heading ended page 14 of the sample report with
/// their cards on page 15. No sub-heading may end a page of either sample report.
#[test]
fn no_sub_heading_ends_a_page() {
    let mut headings: Vec<String> = discovery::profile::Section::ALL
        .iter()
        .enumerate()
        .map(|(n, s)| format!("4.{} {}", n + 1, s.title()))
        .collect();
    headings.extend(
        [
            "5.1 Components",
            "5.2 Data stores",
            "5.3 Technology stack",
            "Platform",
            "Operations",
            "Data",
            "Key facts",
            "7.1 Diagnostics",
            "7.2 Text that matched no question",
            "7.3 Source file",
        ]
        .map(str::to_owned),
    );
    for sample in [fabrikam(), mueller()] {
        let path = sample.path.to_str().unwrap();
        let Some(info) = tool("pdfinfo", &[path]) else { return };
        let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
        for page in 1..=pages {
            let n = page.to_string();
            let Some(text) = text(&sample.path, &["-layout", "-f", &n, "-l", &n, "-y", "72", "-H", "696", "-W", "596"])
            else {
                return;
            };
            let last = text.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or_default();
            assert!(!headings.iter().any(|h| h == last), "{path}: page {page} ends with the heading {last:?}");
        }
        assert!(pages > 10);
    }
}

#[test]
fn the_same_questionnaire_gives_the_same_bytes() {
    let again = converter().report(&fabrikam().checked).unwrap();
    assert!(again.pdf == fabrikam().pdf, "two renders differ");
}

#[test]
fn a_report_does_not_depend_on_what_the_converter_rendered_before() {
    // The fonts keep the subsets they built for earlier reports; a report must come out the same either way.
    let fresh = Converter::new().report(&fabrikam().checked).unwrap();
    let busy = Converter::new();
    busy.report(&mueller().checked).unwrap();
    let mut profile = fabrikam().checked.imported.profile.clone();
    profile.meta.company_name = Some("株式会社テスト Ωμέγα".into());
    let analysis = analyse(&profile);
    render(&input_for(&profile, &analysis), busy.fonts().unwrap(), &ReportOptions::default()).unwrap();
    assert!(busy.report(&fabrikam().checked).unwrap().pdf == fresh.pdf, "the bytes differ");
    assert!(fresh.pdf == fabrikam().pdf, "and differ from the shared converter's");
}

#[test]
fn a_converted_report_is_the_report_of_the_checked_questionnaire() {
    // A conversion derives the document's id from the profile JSON it writes; a report rendered alone
    // derives it from the same JSON written anew, so the two are the same bytes.
    for sample in ["samples/fabrikam-routewise.xlsx", "samples/mueller-soen-partial.json"] {
        let converted = converter().convert(crate_file(sample)).unwrap();
        let reported = converter().report(&converted.checked).unwrap();
        assert!(converted.pdf == reported.pdf, "{sample}: the bytes differ");
        let with_changes = converter().convert_checked(converted.checked.clone(), None).unwrap();
        assert!(with_changes.pdf == reported.pdf, "{sample}: convert_checked differs");
    }
}

#[test]
fn the_partial_sample_shows_invalid_raw_text_and_unknown_answers() {
    let s = mueller();
    let Some(body) = body_text(&s.path) else { return };
    let flat = squash(&body);
    for shown in [
        "Unreadable: “fast enough”",
        "Unreadable: “jonas at mueller-soen”",
        "Unknown — written “not sure”",
        "Unknown — written “TBD”",
        "Unknown — written “?”",
        "Not asked of a greenfield application",
        "Müller & Søn Software GmbH",
    ] {
        assert!(flat.contains(shown), "{shown:?} not in the report");
    }
    let note = "Vendor's note: Hospitals ask for 99.95; we have never measured ours.";
    let words: Vec<String> = note.split_whitespace().map(str::to_owned).collect();
    find_in_order(&flat.split(' ').collect::<Vec<_>>(), 0, &words, "the vendor's note");
    for gap in &s.checked.analysis.gaps {
        assert!(flat.contains(gap.id.as_str()) && flat.contains(&squash(&gap.follow_up)), "gap {}", gap.id);
    }
    for d in &s.checked.imported.diagnostics {
        assert!(flat.contains(d.code.as_str()) && flat.contains(&squash(&d.message)), "diagnostic {d}");
    }
}

/// A greenfield application is not asked the migration questions, and the report says so beside them; but
/// where a gap rests on one all the same (zero downtime answered yes, no replication named), that answer is
/// missing like any other, not "not asked" beside a flag that asks for it.
#[test]
fn a_question_a_gap_asks_for_is_never_shown_as_not_asked() {
    let mut profile = mueller().checked.imported.profile.clone();
    profile.requirements.migration.zero_downtime = Some(YesNo::Yes);
    profile.requirements.migration.replication = None;
    let analysis = analyse(&profile);
    let replication = "requirements.migration.replication";
    assert!(analysis.gaps.iter().any(|g| g.keys.iter().any(|k| k == replication)), "a gap asks for replication");
    let fonts = converter().fonts().unwrap();
    let rendered = render(&input_for(&profile, &analysis), fonts, &ReportOptions::default()).unwrap();
    let path = write_pdf("greenfield-zero-downtime.pdf", &rendered.pdf);
    let Some(body) = body_text(&path) else { return };
    let flat = squash(&body);
    // The question wraps beside its answer: "Replication options considered for the / migration".
    let row = flat.find("Replication options considered for the No answer").expect("the row says no answer");
    let end = row + flat[row..].find(replication).expect("the row's key");
    assert!(!flat[row..end].contains("Not asked"), "{}", &flat[row..end]);
}

/// Text the vendor wrote beside the answers (another column, a comment, a link) is listed in the appendix,
/// each with its question, cell and source, after the text that matched no question.
#[test]
fn the_appendix_lists_the_other_text_the_vendor_wrote() {
    let checked = converter().check(crate_file("tests/fixtures/comments-links.xlsx")).unwrap();
    let rendered = converter().report(&checked).unwrap();
    let path = write_pdf("comments-links.pdf", &rendered.pdf);
    let Some(body) = body_text(&path) else { return };
    let flat = squash(&body);
    let start = flat.find("7.3 Other text the vendor wrote 9 pieces of text").expect("the section");
    let end = flat[start..].find("7.4 Source file").map(|e| start + e).expect("the next section");
    let section = &flat[start..end];
    // The first line of each row, as the layout puts the cells side by side.
    for shown in [
        "meta.architecture_diagram Profile!D3 Link target https://contoso.example/diagram.pdf Architecture diagram",
        "architecture.current_hosting Profile!G5 Column AKS in West Europe Where is the solution hosted \"Target state",
        "Profile!D5 Comment by Moving to Azure in Q3. Where is the solution hosted Jane Doe",
        "architecture.components[0] Components!F2 Column Team A Components, item 1 \"Owner\"",
    ] {
        assert!(section.contains(shown), "{shown:?} not in {section}");
    }
    // A report of the sample, which has none, says so.
    let Some(sample) = body_text(&fabrikam().path) else { return };
    assert!(squash(&sample).contains("7.3 Other text the vendor wrote None: nothing was written in other columns"));
}

fn input_for<'a>(profile: &'a Profile, analysis: &'a discovery::analyse::Analysis) -> ReportInput<'a> {
    let mut input = ReportInput::new(profile, analysis);
    input.file_name = "generated.json";
    input.format = "json";
    input.sha256 = "00";
    input
}

#[test]
fn a_huge_answer_and_a_long_table_paginate_without_clipping() {
    const VOCABULARY: [&str; 8] = ["latency", "tenant", "Zürich", "failover", "the", "of", "replication", "queue"];
    let words: Vec<String> = (0..20_000)
        .map(|i| if i % 50 == 0 { format!("[{i}]") } else { VOCABULARY[(i * 7 + i / 3) % VOCABULARY.len()].to_owned() })
        .collect();
    let mut profile = Profile::default();
    profile.meta.company_name = Some("Contoso Analytics".into());
    profile.solution.overview = Some(words.join(" "));
    profile.architecture.components = (1..=250)
        .map(|i| {
            let mut component = Component::default();
            component.name = Some(format!("component-{i:04}"));
            component.purpose = Some(format!("Purpose of component {i}, long enough to wrap in its narrow column"));
            component
        })
        .collect();
    let analysis = analyse(&profile);
    let fonts = converter().fonts().unwrap();
    // Drawn whole: by default a report draws 200 rows of a table and 5,000 characters of an answer.
    let mut options = ReportOptions::default();
    options.complete = true;
    let rendered = render(&input_for(&profile, &analysis), fonts, &options).unwrap();
    let path = write_pdf("huge.pdf", &rendered.pdf);

    let Some(body) = body_text(&path) else { return };
    let tokens: Vec<&str> = body.split_whitespace().collect();
    // Every word of the answer, in order, each of the markers exactly once.
    let start = tokens.iter().position(|t| *t == "[0]").expect("the answer's first word");
    find_in_order(&tokens, start, &words, "the 20,000-word answer");
    for i in (0..20_000).step_by(50) {
        assert_eq!(tokens.iter().filter(|t| **t == format!("[{i}]")).count(), 1, "marker [{i}]");
    }
    // Every component, in order.
    let names: Vec<String> = (1..=250).map(|i| format!("component-{i:04}")).collect();
    find_in_order(&tokens, 0, &names, "the 250 components");

    // Nothing but the running footer in the footer band, nothing but the header in the header band.
    // From page 2: the cover has no running header or footer.
    let Some(footer) = text(&path, &["-f", "2", "-layout", "-x", "0", "-y", "770", "-W", "596", "-H", "72"]) else {
        return;
    };
    for line in footer.lines().map(str::trim).filter(|l| !l.is_empty() && *l != "\u{c}") {
        let line = line.trim_start_matches('\u{c}');
        assert!(line.starts_with("Page ") && line.contains(" of "), "text in the footer band: {line:?}");
    }
    let Some(header) = text(&path, &["-f", "2", "-layout", "-x", "0", "-y", "0", "-W", "596", "-H", "70"]) else {
        return;
    };
    for line in header.lines().map(|l| l.trim().trim_start_matches('\u{c}')).filter(|l| !l.is_empty()) {
        assert!(line.starts_with("Contoso Analytics — unnamed solution"), "text in the header band: {line:?}");
    }
}

/// A long company name and solution name fit the cover's band: the name's type gets smaller, and past
/// that the band taller, so the solution's name never runs into the facts below it (nor, white, off the
/// band's bottom edge).
#[test]
fn long_names_fit_the_cover() {
    let mut profile = Profile::default();
    profile.meta.company_name = Some(
        "Müller & Søn Logistik und Spedition Gesellschaft mit beschränkter Haftung & Co. Kommanditgesellschaft, \
         Niederlassung Nordrhein-Westfalen"
            .into(),
    );
    profile.meta.solution_name =
        Some("RouteWise Transport Management System Enterprise Edition for Multi-Modal Freightage".into());
    profile.meta.completed_by = Some("Priya Raman".into());
    let analysis = analyse(&profile);
    let fonts = converter().fonts().unwrap();
    let rendered = render(&input_for(&profile, &analysis), fonts, &ReportOptions::default()).unwrap();
    let path = write_pdf("long-names.pdf", &rendered.pdf);
    let Some(boxes) = text(&path, &["-bbox", "-f", "1", "-l", "1"]) else { return };
    // Where a word of the cover starts and ends, from the top of the page.
    let top_bottom = |word: &str| -> (f32, f32) {
        let line = boxes.lines().find(|l| l.ends_with(&format!(">{word}</word>"))).unwrap_or_else(|| panic!("{word}"));
        let number = |attr: &str| -> f32 {
            let at = line.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        (number("yMin"), number("yMax"))
    };
    let (_, solution_bottom) = top_bottom("Freightage");
    let (facts_top, _) = top_bottom("Completed");
    let (name_top, _) = top_bottom("Müller");
    assert!(name_top < solution_bottom, "the name above the solution");
    // The band ends 14 points below the solution's name, the facts start 35 below the band.
    assert!(facts_top - solution_bottom > 40.0, "solution at {solution_bottom}, facts at {facts_top}");
}

#[test]
fn a_japanese_company_name_renders_and_a_character_no_font_has_is_reported() {
    let mut profile = Profile::default();
    profile.meta.company_name = Some("株式会社テスト".into());
    profile.meta.solution_name = Some("Müller Ωμέγα Сервис 😀".into());
    let analysis = analyse(&profile);
    let fonts = converter().fonts().unwrap();
    let rendered = render(&input_for(&profile, &analysis), fonts, &ReportOptions::default()).unwrap();
    assert_eq!(rendered.missing_chars.iter().copied().collect::<Vec<_>>(), ['😀']);
    let path = write_pdf("cjk.pdf", &rendered.pdf);
    if let Some(all) = text(&path, &[]) {
        assert!(all.contains("株式会社テスト"), "CJK name not extracted");
        assert!(all.contains("Müller Ωμέγα Сервис ?"), "Latin, Greek, Cyrillic, and ? for the missing one");
    }
    if let Some(fonts) = tool("pdffonts", &[path.to_str().unwrap()]) {
        assert!(fonts.contains("DroidSansFallback"), "{fonts}");
    }
}

fn rows(n: usize) -> Vec<IndexRow> {
    let fab = &fabrikam().checked;
    let mue = &mueller().checked;
    let mut rows: Vec<IndexRow> = (0..n)
        .map(|i| {
            let checked = if i % 2 == 0 { fab } else { mue };
            IndexRow::converted(&format!("in/vendor-{i:02}.xlsx"), checked, "r.pdf", "r.json")
        })
        .collect();
    rows.push(IndexRow::failed("in/broken.xlsx", "this looks like a PDF document, not a spreadsheet"));
    rows
}

#[test]
fn a_portfolio_of_hundreds_of_pages_shows_its_last_questionnaires_on_its_last_pages() {
    // Past its first pages the overview is kept packed until it is written (the layout engine's sealed
    // pages): what a reader gets from the late pages is what was drawn on them.
    let rows = rows(420);
    let pdf = converter().portfolio_pdf(&rows).unwrap();
    let path = write_pdf("portfolio-long.pdf", &pdf);
    if let Some(check) = tool("qpdf", &["--check", path.to_str().unwrap()]) {
        assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    }
    let Some(info) = tool("pdfinfo", &[path.to_str().unwrap()]) else { return };
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!(pages > 60, "{pages} pages");
    let page = |n: usize| text(&path, &["-layout", "-f", &n.to_string(), "-l", &n.to_string()]).unwrap();
    let last = squash(&page(pages));
    assert!(last.contains("Questionnaires 409–420") && last.contains("420 = Müller & Søn"), "{last}");
    assert!(last.contains(&format!("Page {pages} of {pages}")), "the footer of a packed page: {last}");
    let table = (1..pages).map(|n| squash(&page(n))).find(|t| t.contains("in/vendor-419.xlsx"));
    assert!(table.is_some_and(|t| t.contains("in/vendor-418.xlsx")), "the last rows of the first table");
}

#[test]
fn the_portfolio_lists_every_vendor_failures_and_the_gap_matrix() {
    let rows = rows(30);
    let pdf = converter().portfolio_pdf(&rows).unwrap();
    assert_eq!(pdf, converter().portfolio_pdf(&rows).unwrap(), "the same rows give the same bytes");
    let path = write_pdf("portfolio.pdf", &pdf);
    if let Some(check) = tool("qpdf", &["--check", path.to_str().unwrap()]) {
        assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    }
    if let Some(outline) = tool("mutool", &["show", path.to_str().unwrap(), "outline"]) {
        assert!(outline.contains("Gap matrix") && outline.contains("Portfolio overview"), "{outline}");
    }
    let Some(text) = text(&path, &["-layout"]) else { return };
    let flat = squash(&text);
    for needle in [
        "31 questionnaires read: 30 converted, 1 failed.",
        "in/broken.xlsx",
        "this looks like a PDF document, not a spreadsheet",
        "Fabrikam Freight Systems Ltd",
        "Müller & Søn Software GmbH",
        "in/vendor-29.xlsx",
        "Questionnaires 13–24",
        "Questionnaires 25–30",
        "sla-without-zones",
        "milestone-before-completion",
    ] {
        assert!(flat.contains(needle), "{needle:?} not in the portfolio");
    }
}
