//! The PDF technical-discovery report: everything a lead engineer needs to prepare and run the discovery
//! session from one document.
//!
//! [`render`] turns a profile, its analysis and its diagnostics into PDF bytes; [`render_report`] does the
//! same for a [`Checked`](crate::Checked) questionnaire. The parts, in order: a cover (who, what, when,
//! completeness and gap counts), the contents, a one-page summary with charts and key facts, the gaps to
//! chase (high first, each with the question, what is wrong, the cell and the follow-up question), the
//! requested engagements, every section's questions and answers in questionnaire order with a flag beside
//! each gap, the component and data-store tables, the technology stack as a grid, the dates on a
//! timeline, and an appendix with every diagnostic, the text that matched no question and the source
//! file's fingerprint. The same input gives the same bytes: no clock, no random id.

use std::collections::BTreeSet;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::analyse::{Analysis, Gap, GapSeverity};
use crate::diagnostic::{Diagnostic, Severity};
use crate::profile::catalogue::{self, question, Table, COMPONENTS, DATA_STORES, ENGAGEMENTS, MILESTONES};
use crate::profile::Choice;
use crate::profile::{
    grouped_number, label_of, lower_first, value_text, AnswerKind, Answers, Date, Importance, IsoDuration, Profile,
    Section, State, UnmatchedReason, YesNo, QUESTIONS,
};
use crate::render::fonts::Fonts;
use crate::render::layout::{
    palette, Align, Callout, CellContent, Column, DocOptions, Rgb, Span, TableSpec, TextStyle, Writer, CONTENT_WIDTH,
    MARGIN_X, PAGE_WIDTH, TABLE_STYLE,
};
use crate::{Error, ErrorKind, Result};

/// Colour of a high-severity gap and of an error.
pub const HIGH: Rgb = Rgb::hex(0xC0392B);
/// Colour of a medium-severity gap and of a warning.
pub const MEDIUM: Rgb = Rgb::hex(0xD68910);
/// Colour of a low-severity gap and of an informational diagnostic.
pub const LOW: Rgb = Rgb::hex(0x2E86C1);
/// Colour of what is complete and fine.
pub const GOOD: Rgb = Rgb::hex(0x2E7D32);

const HIGH_TINT: Rgb = Rgb::hex(0xFBECEA);
const MEDIUM_TINT: Rgb = Rgb::hex(0xFDF4E3);
const LOW_TINT: Rgb = Rgb::hex(0xEAF3FA);
const CARD: Rgb = Rgb::hex(0xF6F8FA);

/// How to render a report. The defaults give the same bytes for the same questionnaire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportOptions {
    /// The document title, instead of "Technical discovery: company — solution".
    pub title: Option<String>,
    /// A creation date to write into the document's metadata, in seconds since the Unix epoch (UTC).
    /// `None` (the default) writes no date, so rendering never reads the clock.
    pub created_unix: Option<i64>,
}

/// A rendered document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rendered {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Characters that no embedded font has; each is drawn as `?`. A caller should warn about them.
    pub missing_chars: BTreeSet<char>,
}

/// What a report is rendered from: the profile, its analysis and diagnostics, and the source file.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ReportInput<'a> {
    /// The vendor's answers.
    pub profile: &'a Profile,
    /// Its gaps and completeness.
    pub analysis: &'a Analysis,
    /// What was wrong or assumed while reading it.
    pub diagnostics: &'a [Diagnostic],
    /// The source file's name.
    pub file_name: &'a str,
    /// The source file's format (`xlsx`, `json`).
    pub format: &'a str,
    /// The SHA-256 of the source file's bytes, as lowercase hex.
    pub sha256: &'a str,
}

impl<'a> ReportInput<'a> {
    /// The input of a profile and its analysis, with no diagnostics and no source file; set the other
    /// fields as needed.
    pub fn new(profile: &'a Profile, analysis: &'a Analysis) -> ReportInput<'a> {
        ReportInput { profile, analysis, diagnostics: &[], file_name: "", format: "", sha256: "" }
    }
}

#[cfg(feature = "import")]
impl<'a> ReportInput<'a> {
    /// The input of a checked questionnaire.
    pub fn from_checked(checked: &'a crate::Checked) -> ReportInput<'a> {
        ReportInput {
            profile: &checked.imported.profile,
            analysis: &checked.analysis,
            diagnostics: &checked.imported.diagnostics,
            file_name: &checked.imported.file_name,
            format: checked.imported.format.name(),
            sha256: &checked.imported.sha256,
        }
    }
}

/// Renders the report of a checked questionnaire; see [`render`].
///
/// ```
/// use discovery::render::{fonts::Fonts, report::{render_report, ReportOptions}};
/// let checked = discovery::Converter::new().check("samples/mueller-soen-partial.json")?;
/// let fonts = Fonts::load()?;
/// let rendered = render_report(&checked, &fonts, &ReportOptions::default())?;
/// assert!(rendered.pdf.starts_with(b"%PDF-"));
/// assert!(rendered.missing_chars.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the PDF cannot be serialised (an [`ErrorKind::Render`] error).
#[cfg(feature = "import")]
pub fn render_report(checked: &crate::Checked, fonts: &Fonts, options: &ReportOptions) -> Result<Rendered> {
    render(&ReportInput::from_checked(checked), fonts, options)
}

/// Renders the report of a profile with its analysis and diagnostics to PDF bytes.
///
/// Invalid answers are shown with their raw text and flagged, never dropped; unknown and not-applicable
/// answers are shown as such. Characters no embedded font has come back in
/// [`Rendered::missing_chars`].
///
/// # Errors
/// When the PDF cannot be serialised (an [`ErrorKind::Render`] error).
pub fn render(input: &ReportInput<'_>, fonts: &Fonts, options: &ReportOptions) -> Result<Rendered> {
    let profile = input.profile;
    let company = name_or(profile.meta.company_name.as_deref(), "Unnamed company");
    let solution = name_or(profile.meta.solution_name.as_deref(), "unnamed solution");
    let title = options.title.clone().unwrap_or_else(|| format!("Technical discovery: {company} — {solution}"));
    let mut seed = Sha256::new();
    seed.update(input.sha256.as_bytes());
    seed.update(serde_json::to_vec(profile).expect("a profile always serialises"));
    seed.update(title.as_bytes());
    let analysis = input.analysis;
    let doc = DocOptions {
        title,
        subject: format!(
            "Technical discovery report on {solution} by {company}: {:.1} % complete, {} high, {} medium and {} low gaps",
            analysis.completeness.overall,
            analysis.count(GapSeverity::High),
            analysis.count(GapSeverity::Medium),
            analysis.count(GapSeverity::Low),
        ),
        author: profile.meta.completed_by.clone().unwrap_or_default(),
        creator: format!("discovery {}", env!("CARGO_PKG_VERSION")),
        keywords: vec![company.clone(), solution.clone(), "technical discovery".into(), "questionnaire".into()],
        header_left: format!("{company} — {solution}"),
        header_right: "Technical discovery report".into(),
        document_id_seed: seed.finalize().to_vec(),
        created_unix: options.created_unix,
        first_page_is_cover: true,
    };
    let mut report = Report { w: Writer::new(fonts, doc), input, answers: Answers::new(profile), company, solution };
    report.cover();
    report.w.page_break();
    report.w.toc_placeholder("Contents");
    report.summary();
    report.gaps();
    report.engagements();
    report.answers_part();
    report.tables_part();
    report.technology();
    report.timeline();
    report.appendix();
    let missing_chars = report.w.missing_chars().clone();
    let pdf = report.w.finish().map_err(|e| Error::new(ErrorKind::Render, e.to_string()).with_source(e))?;
    Ok(Rendered { pdf, missing_chars })
}

fn name_or(name: Option<&str>, fallback: &str) -> String {
    match name.map(str::trim) {
        Some(n) if !n.is_empty() => n.to_owned(),
        _ => fallback.to_owned(),
    }
}

/// The colour of a gap severity.
pub fn severity_color(severity: GapSeverity) -> Rgb {
    match severity {
        GapSeverity::High => HIGH,
        GapSeverity::Medium => MEDIUM,
        GapSeverity::Low => LOW,
    }
}

fn severity_tint(severity: GapSeverity) -> Rgb {
    match severity {
        GapSeverity::High => HIGH_TINT,
        GapSeverity::Medium => MEDIUM_TINT,
        GapSeverity::Low => LOW_TINT,
    }
}

fn severity_label(severity: GapSeverity) -> &'static str {
    match severity {
        GapSeverity::High => "High",
        GapSeverity::Medium => "Medium",
        GapSeverity::Low => "Low",
    }
}

/// Green when nearly complete, through amber, to red when less than half is answered.
pub fn completeness_color(percent: f64) -> Rgb {
    if percent >= 90.0 {
        GOOD
    } else if percent >= 70.0 {
        Rgb::hex(0x7CB342)
    } else if percent >= 50.0 {
        MEDIUM
    } else {
        HIGH
    }
}

const SMALL: TextStyle = TextStyle { size: 7.3, ..TABLE_STYLE };
const MUTED: TextStyle = TextStyle { color: palette::MUTED, ..TABLE_STYLE };

fn t(text: impl Into<String>) -> Span {
    Span::new(text, TABLE_STYLE)
}

fn cell(spans: Vec<Span>) -> CellContent {
    CellContent { spans, ..Default::default() }
}

/// A technology card: its heading, its answer, its most severe gap and the answer's state.
type Card = (Vec<Span>, Vec<Span>, Option<GapSeverity>, State);

struct Report<'a, 'f> {
    w: Writer<'f>,
    input: &'a ReportInput<'a>,
    answers: Answers<'a>,
    company: String,
    solution: String,
}

impl Report<'_, '_> {
    fn profile(&self) -> &Profile {
        self.input.profile
    }

    fn analysis(&self) -> &Analysis {
        self.input.analysis
    }

    // ---- gaps by key ------------------------------------------------------------------------------------

    /// The gaps (with their number, from 1) that rest on question `key`, on its table's rows or cells.
    fn gaps_for_question(&self, key: &str) -> Vec<(usize, &Gap)> {
        let row_prefix = format!("{key}[");
        self.numbered_gaps(|k| k == key || k.starts_with(&row_prefix))
    }

    /// The gaps that rest on one table cell (or its whole row).
    fn gaps_for_cell(&self, table: &str, row: usize, field: &str) -> Vec<(usize, &Gap)> {
        let row_key = format!("{table}[{row}]");
        let cell_key = format!("{row_key}.{field}");
        self.numbered_gaps(|k| k == cell_key || k == row_key)
    }

    fn numbered_gaps(&self, matches: impl Fn(&str) -> bool) -> Vec<(usize, &Gap)> {
        self.analysis()
            .gaps
            .iter()
            .enumerate()
            .filter(|(_, g)| g.keys.iter().any(|k| matches(k)))
            .map(|(i, g)| (i + 1, g))
            .collect()
    }

    /// `G3 high` markers, one per line, in the gaps' colours.
    fn flag_spans(gaps: &[(usize, &Gap)], style: TextStyle) -> Vec<Span> {
        let mut spans = Vec::new();
        for (k, (n, gap)) in gaps.iter().enumerate() {
            let color = severity_color(gap.severity);
            let sep = if k == 0 { "" } else { "\n" };
            spans.push(Span::new(format!("{sep}G{n}"), style.bold().colored(color)));
            spans.push(Span::new(format!(" {}", gap.severity.as_str()), style.sized(style.size - 1.0).colored(color)));
        }
        spans
    }

    /// A table cell of gap flags: a bar and tint in the most severe gap's colour.
    fn flag_cell(gaps: &[(usize, &Gap)]) -> CellContent {
        let Some(worst) = gaps.iter().map(|(_, g)| g.severity).min() else {
            return CellContent::default();
        };
        CellContent {
            spans: Self::flag_spans(gaps, TABLE_STYLE),
            background: Some(severity_tint(worst)),
            left_bar: Some(severity_color(worst)),
        }
    }

    // ---- answers as text --------------------------------------------------------------------------------

    /// An answer as spans: its value (choices by label), or its state when it has none.
    fn answer_spans(&self, key: &str, kind: AnswerKind) -> Vec<Span> {
        let state = self.answers.state(key);
        if state == State::Answered {
            let value = self.answers.value(key).expect("an answered question has a value");
            return vec![t(format_value(kind, value))];
        }
        if state == State::Missing && !crate::analyse::applies(self.profile(), key) {
            return vec![Span::new(
                "Not asked of a greenfield application",
                TABLE_STYLE.italic().colored(palette::MUTED),
            )];
        }
        let raw = self.profile().answer_states.get(key).map_or("", |s| s.raw.as_str());
        state_spans(state, raw, kind, true)
    }

    /// The answer with the vendor's note below it.
    fn answer_with_note(&self, key: &str, kind: AnswerKind) -> Vec<Span> {
        let mut spans = self.answer_spans(key, kind);
        if let Some(note) = self.profile().notes.get(key) {
            spans.push(Span::new("\nVendor's note: ", SMALL.bold().italic().colored(palette::MUTED)));
            spans.push(Span::new(note.clone(), SMALL.italic().colored(palette::MUTED)));
        }
        spans
    }

    /// A table cell's spans: value, or state with raw text.
    fn cell_spans(&self, table: &Table, row: usize, rows: &[Value], field: &str) -> Vec<Span> {
        let column = table.column(field).expect("the field is the table's");
        let cell_key = format!("{}[{row}].{field}", table.key);
        if let Some(recorded) = self.profile().answer_states.get(&cell_key) {
            return state_spans(recorded.state.into(), &recorded.raw, column.kind, column.required);
        }
        match rows.get(row).and_then(|r| r.get(field)).filter(|v| !v.is_null()) {
            Some(value) => vec![t(format_value(column.kind, value))],
            None => state_spans(State::Missing, "", column.kind, column.required),
        }
    }

    fn table_rows(&self, table: &Table) -> Vec<Value> {
        match self.answers.value(table.key) {
            Some(Value::Array(rows)) => rows.clone(),
            _ => Vec::new(),
        }
    }

    // ---- parts ------------------------------------------------------------------------------------------

    fn cover(&mut self) {
        let p = self.input.profile;
        let w = &mut self.w;
        w.rect(0.0, 0.0, PAGE_WIDTH, 205.0, palette::HEADING);
        w.rect(0.0, 205.0, PAGE_WIDTH, 4.0, palette::ACCENT);
        let kicker = TextStyle::BODY.bold().sized(9.5).colored(Rgb::hex(0xAFC6E0));
        w.text_at(MARGIN_X, 60.0, CONTENT_WIDTH, &[Span::new("TECHNICAL DISCOVERY REPORT", kicker)], Align::Left);
        let name_style = TextStyle::BODY.bold().sized(26.0).colored(palette::WHITE);
        let h = w.text_at(MARGIN_X, 82.0, CONTENT_WIDTH, &[Span::new(self.company.clone(), name_style)], Align::Left);
        let solution_style = TextStyle::BODY.sized(15.0).colored(Rgb::hex(0xDCE6F2));
        w.text_at(
            MARGIN_X,
            82.0 + h + 4.0,
            CONTENT_WIDTH,
            &[Span::new(self.solution.clone(), solution_style)],
            Align::Left,
        );

        let date = |d: Option<Date>| d.map(long_date);
        let facts: [(&str, Option<String>, &str); 6] = [
            ("Completed by", p.meta.completed_by.clone(), "meta.completed_by"),
            ("Completed on", date(p.meta.completed_on), "meta.completed_on"),
            ("Contact", p.meta.contact_email.as_ref().map(|e| e.as_str().to_owned()), "meta.contact_email"),
            ("Discovery session", date(p.meta.session_date), "meta.session_date"),
            ("Architecture diagram", p.meta.architecture_diagram.clone(), "meta.architecture_diagram"),
            ("Source file", Some(format!("{} ({})", self.input.file_name, self.input.format)), ""),
        ];
        let mut y = 240.0;
        let label_style = TextStyle::BODY.sized(9.5).colored(palette::MUTED);
        for (label, value, key) in facts {
            let value_spans = match value {
                Some(v) => vec![Span::new(v, TextStyle::BODY.sized(11.0))],
                None => {
                    let state = self.answers.state(key);
                    let raw = p.answer_states.get(key).map_or("", |s| s.raw.as_str());
                    let kind = question(key).map_or(AnswerKind::Text, |q| q.kind);
                    state_spans(state, raw, kind, true)
                        .into_iter()
                        .map(|s| Span { style: s.style.sized(11.0), ..s })
                        .collect()
                }
            };
            self.w.text_at(MARGIN_X, y + 1.5, 140.0, &[Span::new(label, label_style)], Align::Left);
            let h = self.w.text_at(MARGIN_X + 140.0, y, CONTENT_WIDTH - 140.0, &value_spans, Align::Left);
            y += h + 9.0;
        }

        // Four figures: completeness and the gaps by severity.
        let a = self.input.analysis;
        let overall = a.completeness.overall;
        let boxes = [
            (format!("{overall:.1} %"), "complete".to_owned(), completeness_color(overall)),
            (a.count(GapSeverity::High).to_string(), "high-severity gaps".to_owned(), HIGH),
            (a.count(GapSeverity::Medium).to_string(), "medium-severity gaps".to_owned(), MEDIUM),
            (a.count(GapSeverity::Low).to_string(), "low-severity gaps".to_owned(), LOW),
        ];
        let gap = 10.0;
        let bw = (CONTENT_WIDTH - 3.0 * gap) / 4.0;
        let top = y + 16.0;
        for (i, (figure, label, color)) in boxes.into_iter().enumerate() {
            let x = MARGIN_X + i as f32 * (bw + gap);
            self.w.rect(x, top, bw, 78.0, CARD);
            self.w.rect(x, top, bw, 3.0, color);
            self.w.text_at(
                x + 10.0,
                top + 14.0,
                bw - 20.0,
                &[Span::new(figure, TextStyle::BODY.bold().sized(22.0).colored(color))],
                Align::Left,
            );
            self.w.text_at(
                x + 10.0,
                top + 50.0,
                bw - 20.0,
                &[Span::new(label, TextStyle::BODY.sized(8.5).colored(palette::MUTED))],
                Align::Left,
            );
        }
        let mut y = top + 78.0 + 24.0;
        let errors = self.input.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        if errors > 0 {
            let text = format!(
                "{errors} answer{} could not be read as written; {} flagged in the report and listed in the appendix.",
                if errors == 1 { "" } else { "s" },
                if errors == 1 { "it is" } else { "they are" }
            );
            y += self.w.text_at(
                MARGIN_X,
                y,
                CONTENT_WIDTH,
                &[Span::new(text, TextStyle::BODY.bold().colored(HIGH))],
                Align::Left,
            ) + 12.0;
        }
        // What the session is about: the engagements asked for and the most urgent gaps.
        const LIMIT: f32 = 742.0;
        let section = TextStyle::BODY.bold().sized(8.5).colored(palette::MUTED);
        let line = TextStyle::BODY.sized(9.5);
        y += self.w.text_at(MARGIN_X, y, CONTENT_WIDTH, &[Span::new("REQUESTED ENGAGEMENTS", section)], Align::Left)
            + 3.0;
        if p.engagements.is_empty() {
            y += self.w.text_at(
                MARGIN_X,
                y,
                CONTENT_WIDTH,
                &[Span::new("None requested", line.bold().colored(HIGH))],
                Align::Left,
            );
        }
        for e in &p.engagements {
            let mut spans = vec![Span::new(e.kind.map_or("Engagement", |k| k.label()), line.bold())];
            if let Some(focus) = e.focus_area {
                spans.push(Span::new(format!(" · {}", focus.label()), line));
            }
            if let Some(priority) = e.priority {
                let color = match priority {
                    crate::profile::Priority::High => HIGH,
                    crate::profile::Priority::Medium => MEDIUM,
                    crate::profile::Priority::Low => LOW,
                };
                spans.push(Span::new(format!("  {} priority", priority.value()), line.sized(8.5).colored(color)));
            }
            let h = self.w.measure(&spans, CONTENT_WIDTH);
            if y + h > LIMIT - 40.0 {
                break;
            }
            y += self.w.text_at(MARGIN_X, y, CONTENT_WIDTH, &spans, Align::Left);
        }
        let gaps = &a.gaps;
        if !gaps.is_empty() {
            y += 14.0;
            y += self.w.text_at(MARGIN_X, y, CONTENT_WIDTH, &[Span::new("MOST URGENT GAPS", section)], Align::Left)
                + 3.0;
            let mut shown = 0;
            for (i, g) in gaps.iter().enumerate().take(6) {
                let spans = vec![
                    Span::new(format!("G{}  ", i + 1), line.bold().colored(severity_color(g.severity))),
                    Span::new(g.title.clone(), line),
                ];
                let h = self.w.measure(&spans, CONTENT_WIDTH);
                if y + h > LIMIT - 14.0 {
                    break;
                }
                y += self.w.text_at(MARGIN_X, y, CONTENT_WIDTH, &spans, Align::Left);
                shown += 1;
            }
            if shown < gaps.len() {
                let more = format!("and {} more in part 2", gaps.len() - shown);
                self.w.text_at(
                    MARGIN_X,
                    y,
                    CONTENT_WIDTH,
                    &[Span::new(more, line.italic().colored(palette::MUTED))],
                    Align::Left,
                );
            }
        }
        let foot = format!(
            "Prepared by discovery {} from the vendor's questionnaire, {} (SHA-256 {}…). The gaps, their follow-up \
             questions and every flagged answer are the agenda for the session.",
            env!("CARGO_PKG_VERSION"),
            self.input.file_name,
            &self.input.sha256.get(..16).unwrap_or(self.input.sha256),
        );
        self.w.text_at(
            MARGIN_X,
            752.0,
            CONTENT_WIDTH,
            &[Span::new(foot, TextStyle::BODY.sized(8.0).colored(palette::MUTED))],
            Align::Left,
        );
    }

    fn summary(&mut self) {
        self.w.heading(1, "1. Summary", true);
        let p = self.input.profile;
        let a = self.input.analysis;
        let mut intro =
            vec![Span::body(format!("{} answered the technical discovery questionnaire for ", self.company))];
        intro.push(Span::new(self.solution.clone(), TextStyle::BODY.bold()));
        if let Some(on) = p.meta.completed_on {
            intro.push(Span::body(format!(" on {}", long_date(on))));
        }
        intro.push(Span::body(format!(
            ". It is {:.1} % complete, and the analysis found {} gap{} to chase: {} high, {} medium and {} low.",
            a.completeness.overall,
            a.gaps.len(),
            if a.gaps.len() == 1 { "" } else { "s" },
            a.count(GapSeverity::High),
            a.count(GapSeverity::Medium),
            a.count(GapSeverity::Low)
        )));
        if let Some(session) = p.meta.session_date {
            intro.push(Span::body(format!(" The discovery session is planned for {}.", long_date(session))));
        }
        self.w.paragraph(&intro);
        let bars: Vec<(&str, f32, Rgb)> = a
            .completeness
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.percent as f32, completeness_color(s.percent)))
            .collect();
        self.w.horizontal_bar_chart("Completeness by section", &bars);
        let counts: Vec<(&str, u32, Rgb)> =
            GapSeverity::ALL.iter().map(|&s| (severity_label(s), a.count(s) as u32, severity_color(s))).collect();
        self.w.stacked_count_bar("Gaps by severity", &counts);

        self.w.heading(3, "Key facts", false);
        let facts: [(&str, &str); 10] = [
            ("Hosted today", "architecture.current_hosting"),
            ("Application", "readiness.application_status"),
            ("Usage pattern", "requirements.usage.pattern"),
            ("Target SLA", "requirements.availability.sla_target_percent"),
            ("Multiple zones", "requirements.availability.multi_zone"),
            ("Multiple regions", "requirements.availability.multi_region"),
            ("RPO", "requirements.disaster_recovery.rpo"),
            ("RTO", "requirements.disaster_recovery.rto"),
            ("DR strategy", "requirements.disaster_recovery.strategy"),
            ("Go-live", "schedule.go_live"),
        ];
        let mut cells: Vec<CellContent> = Vec::new();
        for (label, key) in facts {
            let kind = question(key).map_or(AnswerKind::Text, |q| q.kind);
            let mut spans = self.answer_spans(key, kind);
            let gaps = self.gaps_for_question(key);
            if !gaps.is_empty() {
                spans.push(t("  "));
                spans.extend(
                    gaps.iter().map(|(n, g)| {
                        Span::new(format!("G{n} "), TABLE_STYLE.bold().colored(severity_color(g.severity)))
                    }),
                );
            }
            cells.push(cell(vec![Span::new(label, TABLE_STYLE.bold().colored(palette::MUTED))]));
            cells.push(cell(spans));
        }
        let engagements = if p.engagements.is_empty() {
            vec![Span::new("None requested", TABLE_STYLE.bold().colored(HIGH))]
        } else {
            let list: Vec<String> = p
                .engagements
                .iter()
                .map(|e| {
                    let kind = e.kind.map_or("Engagement", |k| k.label());
                    match e.priority {
                        Some(pr) => format!("{kind} ({})", pr.value()),
                        None => kind.to_owned(),
                    }
                })
                .collect();
            vec![t(list.join("; "))]
        };
        cells.push(cell(vec![Span::new("Engagements", TABLE_STYLE.bold().colored(palette::MUTED))]));
        cells.push(CellContent { spans: engagements, ..Default::default() });
        let rows: Vec<Vec<CellContent>> = cells.chunks(4).map(<[CellContent]>::to_vec).collect();
        self.w.grid(&[(0.18, Align::Left), (0.32, Align::Left), (0.18, Align::Left), (0.32, Align::Left)], &rows, true);
    }

    fn gaps(&mut self) {
        let a = self.input.analysis;
        self.w.heading(1, "2. Gaps to chase", true);
        if a.gaps.is_empty() {
            self.w.paragraph(&[Span::body(
                "The analysis found no gaps: every required and recommended question is answered and no rule fired.",
            )]);
            return;
        }
        self.w.paragraph(&[Span::body(format!(
            "{} gap{}, most urgent first: {} high, {} medium, {} low. Each names the question, what is wrong, the \
             cell to look at and the question to ask the vendor. The numbers (G1, G2, …) flag the same gaps beside \
             the answers in part 4.{}",
            a.gaps.len(),
            if a.gaps.len() == 1 { "" } else { "s" },
            a.count(GapSeverity::High),
            a.count(GapSeverity::Medium),
            a.count(GapSeverity::Low),
            if self.input.profile.sources.is_empty() {
                " The answers were not read from a workbook, so each gap names the question's key rather than a cell."
            } else {
                ""
            }
        ))]);
        let label_style = TextStyle::BODY.sized(9.5).bold();
        let body = TextStyle::BODY.sized(9.5);
        for (i, gap) in a.gaps.iter().enumerate() {
            let color = severity_color(gap.severity);
            let questions = dedup_in_order(gap.keys.iter().map(|k| catalogue::describe_key(k)));
            let mut paragraphs = Vec::new();
            // The generic rules' titles already quote the question.
            if !(questions.len() == 1 && gap.title.contains(questions[0].as_str())) {
                let label = if questions.len() == 1 { "Question: " } else { "Questions: " };
                paragraphs.push(vec![Span::new(label, label_style), Span::new(questions.join(" · "), body)]);
            }
            paragraphs.push(vec![Span::new("What is wrong: ", label_style), Span::new(gap.detail.clone(), body)]);
            paragraphs.push(vec![Span::new("Where: ", label_style), Span::new(where_text(gap), body)]);
            paragraphs.push(vec![
                Span::new("Ask: ", label_style.colored(palette::HEADING)),
                Span::new(gap.follow_up.clone(), body.italic().colored(palette::HEADING)),
            ]);
            self.w.callout(&Callout {
                title: vec![
                    Span::new(format!("G{}  ", i + 1), TextStyle::BODY.bold().sized(10.5).colored(color)),
                    Span::new(
                        format!("{} · {}\n", severity_label(gap.severity).to_uppercase(), gap.id),
                        TextStyle::BODY.bold().sized(8.5).colored(color),
                    ),
                    Span::new(gap.title.clone(), TextStyle::BODY.bold().sized(10.5)),
                ],
                body: paragraphs,
                accent: color,
                background: CARD,
            });
        }
    }

    fn engagements(&mut self) {
        self.w.heading(1, "3. Requested engagements", true);
        let p = self.input.profile;
        if p.engagements.is_empty() {
            let gaps = self.gaps_for_question(ENGAGEMENTS.key);
            let mut spans =
                vec![Span::new("The vendor requested no engagement. ", TextStyle::BODY.bold().colored(HIGH))];
            spans.extend(
                Self::flag_spans(&gaps, TextStyle::BODY)
                    .into_iter()
                    .map(|s| Span { text: s.text.replace('\n', " "), ..s }),
            );
            self.w.paragraph(&spans);
            return;
        }
        self.w.paragraph(&[Span::body(format!(
            "{} engagement{} requested, as the vendor listed them on the Engagements sheet.",
            p.engagements.len(),
            if p.engagements.len() == 1 { "" } else { "s" }
        ))]);
        self.sheet_table(&ENGAGEMENTS, &[0.19, 0.15, 0.12, 0.33, 0.2]);
    }

    fn answers_part(&mut self) {
        self.w.heading(1, "4. Questions and answers", true);
        self.w.paragraph(&[Span::body(
            "Every question in questionnaire order, with the vendor's answer (choices by their label) and notes. \
             Answers marked unknown, not applicable, missing or unreadable are shown as such, with the text as \
             written; a flag in the right column names the gap it raises.",
        )]);
        for (n, section) in Section::ALL.iter().enumerate() {
            let heading = format!("4.{} {}", n + 1, section.title());
            // A section's heading, its figures and the table's first rows stay together.
            self.w.ensure_space(150.0);
            self.w.heading(2, &heading, true);
            if let Some(c) = self.input.analysis.completeness.sections.iter().find(|s| s.section == section.id()) {
                let mut parts = vec![format!("{:.1} % complete", c.percent), format!("{} answered", c.tally.answered)];
                for (count, word) in [
                    (c.tally.not_applicable, "not applicable"),
                    (c.tally.unknown, "unknown"),
                    (c.tally.missing, "missing"),
                    (c.tally.invalid, "unreadable"),
                ] {
                    if count > 0 {
                        parts.push(format!("{count} {word}"));
                    }
                }
                self.w.paragraph(&[Span::new(parts.join(" · "), TextStyle::BODY.sized(9.0).colored(palette::MUTED))]);
            }
            let mut rows = Vec::new();
            for q in QUESTIONS.iter().filter(|q| q.section == *section) {
                let mut meta = q.key.to_owned();
                if let Some(source) = self.input.profile.sources.get(q.key) {
                    meta.push_str(&format!(" · {source}"));
                }
                if q.importance != Importance::Optional {
                    meta.push_str(&format!(" · {}", q.importance.as_str()));
                }
                let question_cell =
                    cell(vec![t(q.text), Span::new(format!("\n{meta}"), SMALL.colored(palette::MUTED))]);
                let answer = match q.kind {
                    AnswerKind::Table(table) => self.table_summary(table),
                    kind => self.answer_with_note(q.key, kind),
                };
                let flags = Self::flag_cell(&self.gaps_for_question(q.key));
                rows.push(vec![question_cell, cell(answer), flags]);
            }
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Question".into(), width: 0.36, align: Align::Left },
                    Column { header: "Answer".into(), width: 0.48, align: Align::Left },
                    Column { header: "Gaps".into(), width: 0.16, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
        }
    }

    /// The answer cell of a table question: how many rows, and where they are shown.
    fn table_summary(&self, table: &'static Table) -> Vec<Span> {
        let rows = self.table_rows(table);
        let (noun, part) = match table.key {
            "engagements" => ("engagement", "part 3"),
            "schedule.milestones" => ("milestone", "part 6"),
            "architecture.components" => ("component", "part 5.1"),
            _ => ("data store", "part 5.2"),
        };
        if rows.is_empty() {
            let state = self.answers.state(table.key);
            let raw = self.profile().answer_states.get(table.key).map_or("", |s| s.raw.as_str());
            let mut spans = state_spans(state, raw, AnswerKind::Table(table), true);
            if state == State::Missing {
                spans = vec![Span::new(
                    format!("No rows on the {} sheet", table.sheet),
                    TABLE_STYLE.italic().colored(palette::MUTED),
                )];
            }
            return spans;
        }
        let names: Vec<String> = rows
            .iter()
            .filter_map(|r| {
                let field = table.columns[0].field;
                let v = r.get(field)?;
                Some(format_value(table.columns[0].kind, v))
            })
            .collect();
        let mut spans =
            vec![t(format!("{} {noun}{}: {}", rows.len(), if rows.len() == 1 { "" } else { "s" }, names.join("; ")))];
        spans.push(Span::new(format!("\nListed in {part}"), SMALL.colored(palette::MUTED)));
        spans
    }

    /// A table sheet as a table: a row number, the catalogue's columns, and a gap column when a cell has one.
    fn sheet_table(&mut self, table: &'static Table, widths: &[f32]) {
        let rows = self.table_rows(table);
        let flags: Vec<Vec<(usize, &Gap)>> = (0..rows.len())
            .map(|i| {
                let mut all: Vec<(usize, &Gap)> =
                    table.columns.iter().flat_map(|c| self.gaps_for_cell(table.key, i, c.field)).collect();
                all.sort_by_key(|(n, _)| *n);
                all.dedup_by_key(|(n, _)| *n);
                all
            })
            .collect();
        let with_flags = flags.iter().any(|f| !f.is_empty());
        let mut columns = vec![Column { header: "#".into(), width: 0.05, align: Align::Right }];
        for (c, w) in table.columns.iter().zip(widths) {
            columns.push(Column { header: c.header.into(), width: *w, align: Align::Left });
        }
        if with_flags {
            columns.push(Column { header: "Gaps".into(), width: 0.11, align: Align::Left });
        }
        let mut body = Vec::new();
        for (i, flag) in flags.iter().enumerate() {
            let mut row = vec![cell(vec![Span::new((i + 1).to_string(), MUTED)])];
            for c in table.columns {
                let mut content = cell(self.cell_spans(table, i, &rows, c.field));
                if c.field == "priority" {
                    content.left_bar = rows[i].get("priority").and_then(Value::as_str).and_then(|p| match p {
                        "high" => Some(HIGH),
                        "medium" => Some(MEDIUM),
                        "low" => Some(LOW),
                        _ => None,
                    });
                }
                row.push(content);
            }
            if with_flags {
                row.push(Self::flag_cell(flag));
            }
            body.push(row);
        }
        self.w.table(&TableSpec { columns, rows: body, zebra: true });
    }

    fn tables_part(&mut self) {
        self.w.heading(1, "5. Components, data stores and technology", true);
        for (n, (table, widths, title)) in [
            (&COMPONENTS, [0.19, 0.24, 0.18, 0.17, 0.17], "Components"),
            (&DATA_STORES, [0.22, 0.16, 0.17, 0.12, 0.28], "Data stores"),
        ]
        .into_iter()
        .enumerate()
        {
            self.w.ensure_space(120.0);
            self.w.heading(2, &format!("5.{} {title}", n + 1), true);
            if self.table_rows(table).is_empty() {
                let gaps = self.gaps_for_question(table.key);
                let mut spans = vec![Span::new(
                    format!("The {} sheet has no rows. ", table.sheet),
                    TextStyle::BODY.italic().colored(palette::MUTED),
                )];
                spans.extend(
                    Self::flag_spans(&gaps, TextStyle::BODY)
                        .into_iter()
                        .map(|s| Span { text: s.text.replace('\n', " "), ..s }),
                );
                self.w.paragraph(&spans);
                continue;
            }
            self.sheet_table(table, &widths);
        }
    }

    fn technology(&mut self) {
        self.w.ensure_space(160.0);
        self.w.heading(2, "5.3 Technology stack", true);
        let groups: [(&str, &[(&str, &str)]); 3] = [
            (
                "Platform",
                &[
                    ("technology.languages", "Languages and frameworks"),
                    ("technology.compute_approach", "Compute approach"),
                    ("technology.operating_systems", "Operating systems"),
                    ("technology.azure_services", "Azure services in use"),
                    ("technology.authentication", "Authentication and sign-in"),
                ],
            ),
            (
                "Operations",
                &[
                    ("technology.operations.iac", "Infrastructure as code"),
                    ("technology.operations.config_management", "Configuration and images"),
                    ("technology.operations.ci_cd", "CI/CD"),
                    ("technology.operations.kubernetes_cncf", "Kubernetes and CNCF"),
                    ("technology.operations.monitoring", "Monitoring"),
                    ("technology.operations.apm", "Application performance"),
                ],
            ),
            (
                "Data",
                &[
                    ("technology.data.relational", "Relational databases"),
                    ("technology.data.nosql", "NoSQL databases"),
                    ("technology.data.big_data", "Big data"),
                    ("technology.data.messaging", "Messaging and eventing"),
                    ("technology.data.event_streaming", "Event streaming"),
                ],
            ),
        ];
        const COLS: usize = 3;
        const GAP: f32 = 10.0;
        const PAD: f32 = 8.0;
        let card_w = (CONTENT_WIDTH - GAP * (COLS - 1) as f32) / COLS as f32;
        let inner = card_w - 2.0 * PAD - 3.0;
        for (group, items) in groups {
            self.w.heading(3, group, false);
            for chunk in items.chunks(COLS) {
                let cards: Vec<Card> = chunk
                    .iter()
                    .map(|(key, title)| {
                        let kind = question(key).map_or(AnswerKind::List, |q| q.kind);
                        let gaps = self.gaps_for_question(key);
                        let mut head = vec![Span::new(title.to_uppercase(), SMALL.bold().colored(palette::MUTED))];
                        for (n, g) in &gaps {
                            head.push(Span::new(format!("  G{n}"), SMALL.bold().colored(severity_color(g.severity))));
                        }
                        let state = self.answers.state(key);
                        let body = self.answer_with_note(key, kind);
                        (head, body, gaps.iter().map(|(_, g)| g.severity).min(), state)
                    })
                    .collect();
                let heights: Vec<f32> = cards
                    .iter()
                    .map(|(head, body, _, _)| self.w.measure(head, inner) + 3.0 + self.w.measure(body, inner))
                    .collect();
                let row_h = heights.iter().copied().fold(0.0, f32::max) + 2.0 * PAD;
                self.w.ensure_space(row_h + GAP);
                let top = self.w.cursor_y();
                for (i, (head, body, worst, state)) in cards.into_iter().enumerate() {
                    let x = MARGIN_X + i as f32 * (card_w + GAP);
                    let bar = match (worst, state) {
                        (Some(s), _) => severity_color(s),
                        (None, State::Answered) => palette::ACCENT,
                        _ => palette::RULE,
                    };
                    self.w.rect(x, top, card_w, row_h, CARD);
                    self.w.rect(x, top, 3.0, row_h, bar);
                    let h = self.w.text_at(x + 3.0 + PAD, top + PAD, inner, &head, Align::Left);
                    self.w.text_at(x + 3.0 + PAD, top + PAD + h + 3.0, inner, &body, Align::Left);
                }
                self.w.set_cursor_y(top + row_h + GAP);
            }
            self.w.spacer(4.0);
        }
    }

    fn timeline(&mut self) {
        self.w.heading(1, "6. Milestones and dates", true);
        let p = self.input.profile;
        struct Event {
            date: Date,
            title: String,
            notes: Option<String>,
            color: Rgb,
            gaps: Vec<(usize, GapSeverity)>,
        }
        let mut events: Vec<Event> = Vec::new();
        let mut undated: Vec<(String, Vec<Span>)> = Vec::new();
        let gap_list = |gaps: Vec<(usize, &Gap)>| gaps.into_iter().map(|(n, g)| (n, g.severity)).collect::<Vec<_>>();
        for (key, title, color) in [
            ("meta.completed_on", "Questionnaire completed", palette::MUTED),
            ("meta.diagram_shared_on", "Architecture diagram shared", palette::MUTED),
            ("meta.session_date", "Technical discovery session", GOOD),
            ("schedule.next_meeting", "Next meeting (proposed)", palette::ACCENT),
            ("schedule.go_live", "Go-live or most important deadline", HIGH),
        ] {
            let date = self.answers.value(key).and_then(|v| v.as_str()).and_then(|s| s.parse::<Date>().ok());
            if let Some(date) = date {
                events.push(Event {
                    date,
                    title: title.to_owned(),
                    notes: None,
                    color,
                    gaps: gap_list(self.gaps_for_question(key)),
                });
            }
        }
        for (i, m) in p.schedule.milestones.iter().enumerate() {
            let name = m.milestone.clone().unwrap_or_else(|| format!("Milestone {}", i + 1));
            let mut gaps: Vec<(usize, &Gap)> =
                MILESTONES.columns.iter().flat_map(|c| self.gaps_for_cell(MILESTONES.key, i, c.field)).collect();
            gaps.sort_by_key(|(n, _)| *n);
            gaps.dedup_by_key(|(n, _)| *n);
            match m.date {
                Some(date) => events.push(Event {
                    date,
                    title: name,
                    notes: m.notes.clone(),
                    color: palette::HEADING,
                    gaps: gap_list(gaps),
                }),
                None => {
                    let raw = p.answer_states.get(&format!("{}[{i}].date", MILESTONES.key));
                    let spans = match raw {
                        Some(r) => state_spans(r.state.into(), &r.raw, AnswerKind::Date, true),
                        None => state_spans(State::Missing, "", AnswerKind::Date, true),
                    };
                    undated.push((name, spans));
                }
            }
        }
        // A stable sort keeps the questionnaire's order among events on the same day.
        events.sort_by_key(|e| e.date);
        let reference = p.meta.session_date;
        let mut intro = Vec::new();
        match (events.first(), events.last()) {
            (Some(first), Some(last)) if first.date != last.date => intro.push(Span::body(format!(
                "{} dates from {} to {} ({} days). ",
                events.len(),
                long_date(first.date),
                long_date(last.date),
                first.date.days_until(last.date)
            ))),
            (Some(_), _) => intro.push(Span::body("One date from the questionnaire. ")),
            _ => intro.push(Span::body("The questionnaire gives no dates. ")),
        }
        if p.schedule.go_live.is_none() {
            let gaps = self.gaps_for_question("schedule.go_live");
            intro.push(Span::new("No go-live date is given. ", TextStyle::BODY.italic()));
            intro.extend(
                Self::flag_spans(&gaps, TextStyle::BODY)
                    .into_iter()
                    .map(|s| Span { text: s.text.replace('\n', " ") + " ", ..s }),
            );
        }
        if p.schedule.milestones.is_empty() {
            let gaps = self.gaps_for_question(MILESTONES.key);
            intro.push(Span::new("The Milestones sheet has no rows. ", TextStyle::BODY.italic()));
            intro.extend(
                Self::flag_spans(&gaps, TextStyle::BODY)
                    .into_iter()
                    .map(|s| Span { text: s.text.replace('\n', " "), ..s }),
            );
        }
        self.w.paragraph(&intro);
        if !events.is_empty() {
            // Legend.
            let mut legend = Vec::new();
            for (label, color) in [
                ("milestone", palette::HEADING),
                ("discovery session", GOOD),
                ("go-live", HIGH),
                ("questionnaire dates", palette::MUTED),
            ] {
                legend.push(Span::new("■ ", TextStyle::BODY.sized(9.0).colored(color)));
                legend.push(Span::new(format!("{label}    "), TextStyle::BODY.sized(8.5).colored(palette::MUTED)));
            }
            self.w.paragraph(&legend);
        }
        const DATE_W: f32 = 92.0;
        let line_x = MARGIN_X + DATE_W + 14.0;
        let text_x = line_x + 16.0;
        let text_w = MARGIN_X + CONTENT_WIDTH - text_x;
        let count = events.len();
        for (k, e) in events.into_iter().enumerate() {
            let mut spans = vec![Span::new(e.title, TextStyle::BODY.bold().sized(10.0))];
            for (n, s) in &e.gaps {
                spans.push(Span::new(format!("  G{n}"), TextStyle::BODY.bold().sized(9.0).colored(severity_color(*s))));
            }
            if let Some(notes) = e.notes {
                spans.push(Span::new(format!("\n{notes}"), TABLE_STYLE.colored(palette::TEXT)));
            }
            if let Some(session) = reference {
                let days = session.days_until(e.date);
                let rel = match days {
                    0 => "the day of the session".to_owned(),
                    d if d > 0 => format!("{d} day{} after the session", if d == 1 { "" } else { "s" }),
                    d => format!("{} day{} before the session", -d, if d == -1 { "" } else { "s" }),
                };
                spans.push(Span::new(format!("\n{rel}"), SMALL.colored(palette::MUTED)));
            }
            let h = self.w.measure(&spans, text_w).max(16.0);
            let row_h = h + 12.0;
            self.w.ensure_space(row_h);
            let top = self.w.cursor_y();
            let mid = top + 7.5;
            let (from, to) = (if k == 0 { mid } else { top }, if k + 1 == count { mid } else { top + row_h });
            self.w.rect(line_x - 0.75, from, 1.5, to - from, palette::RULE);
            self.w.rect(line_x - 5.0, mid - 5.0, 10.0, 10.0, palette::WHITE);
            self.w.rect(line_x - 4.0, mid - 4.0, 8.0, 8.0, e.color);
            self.w.text_at(
                MARGIN_X,
                top + 0.5,
                DATE_W,
                &[Span::new(long_date(e.date), TextStyle::BODY.bold().sized(9.5).colored(palette::HEADING))],
                Align::Right,
            );
            self.w.text_at(text_x, top, text_w, &spans, Align::Left);
            self.w.set_cursor_y(top + row_h);
        }
        if !undated.is_empty() {
            self.w.spacer(8.0);
            self.w.heading(3, "Milestones without a readable date", false);
            let rows = undated.into_iter().map(|(name, spans)| vec![cell(vec![t(name)]), cell(spans)]).collect();
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Milestone".into(), width: 0.5, align: Align::Left },
                    Column { header: "Date".into(), width: 0.5, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
        }
    }

    fn appendix(&mut self) {
        self.w.heading(1, "7. Appendix", true);
        self.w.heading(2, "7.1 Diagnostics", true);
        let diagnostics = self.input.diagnostics;
        if diagnostics.is_empty() {
            self.w.paragraph(&[Span::body("None: every answer was read as written.")]);
        } else {
            self.w.paragraph(&[Span::body(format!(
                "{} diagnostic{} from reading the file, in sheet and row order.",
                diagnostics.len(),
                if diagnostics.len() == 1 { "" } else { "s" }
            ))]);
            let rows = diagnostics
                .iter()
                .map(|d| {
                    let color = match d.severity {
                        Severity::Error => HIGH,
                        Severity::Warning => MEDIUM,
                        Severity::Info => LOW,
                    };
                    let mut place = Vec::new();
                    match (&d.location, &d.key) {
                        (Some(location), Some(key)) => {
                            place.push(t(location.reference()));
                            place.push(Span::new(format!("\n{key}"), SMALL.colored(palette::MUTED)));
                        }
                        (Some(location), None) => place.push(t(location.reference())),
                        (None, Some(key)) => place.push(t(key.clone())),
                        (None, None) => place.push(Span::new("—", MUTED)),
                    }
                    let mut message = vec![t(d.message.clone())];
                    if let Some(hint) = &d.hint {
                        message
                            .push(Span::new(format!("\nHint: {hint}"), TABLE_STYLE.italic().colored(palette::MUTED)));
                    }
                    vec![
                        CellContent {
                            left_bar: Some(color),
                            ..cell(vec![Span::new(d.severity.as_str(), TABLE_STYLE.bold().colored(color))])
                        },
                        cell(vec![t(d.code.as_str())]),
                        cell(place),
                        cell(message),
                    ]
                })
                .collect();
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Severity".into(), width: 0.11, align: Align::Left },
                    Column { header: "Code".into(), width: 0.19, align: Align::Left },
                    Column { header: "Cell".into(), width: 0.22, align: Align::Left },
                    Column { header: "Message".into(), width: 0.48, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
        }

        self.w.heading(2, "7.2 Text that matched no question", true);
        let unmatched = &self.input.profile.unmatched;
        if unmatched.is_empty() {
            self.w.paragraph(&[Span::body("None: every row of the workbook matched a question.")]);
        } else {
            let rows = unmatched
                .iter()
                .map(|u| {
                    let reason = match u.reason {
                        UnmatchedReason::UnknownKey => "Unknown key",
                        UnmatchedReason::DuplicateKey => "Key given twice",
                        UnmatchedReason::NoQuestion => "No key or question",
                    };
                    let mut what = Vec::new();
                    if !u.key.is_empty() {
                        what.push(t(u.key.clone()));
                    }
                    if !u.question.is_empty() {
                        let sep = if what.is_empty() { "" } else { "\n" };
                        what.push(Span::new(format!("{sep}{}", u.question), TABLE_STYLE.italic()));
                    }
                    let mut answer = vec![t(u.answer.clone())];
                    if !u.notes.is_empty() {
                        answer.push(Span::new(
                            format!("\nVendor's note: {}", u.notes),
                            SMALL.italic().colored(palette::MUTED),
                        ));
                    }
                    vec![cell(vec![t(reason)]), cell(vec![t(u.location.clone())]), cell(what), cell(answer)]
                })
                .collect();
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Why".into(), width: 0.16, align: Align::Left },
                    Column { header: "Cell".into(), width: 0.14, align: Align::Left },
                    Column { header: "Key or question".into(), width: 0.3, align: Align::Left },
                    Column { header: "Text as written".into(), width: 0.4, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
        }

        self.w.heading(2, "7.3 Source file", true);
        let label = |s: &str| cell(vec![Span::new(s, TABLE_STYLE.bold().colored(palette::MUTED))]);
        let rows = vec![
            vec![label("File"), cell(vec![t(self.input.file_name)])],
            vec![label("Format"), cell(vec![t(self.input.format)])],
            vec![label("SHA-256"), cell(vec![t(self.input.sha256)])],
            vec![label("Profile schema"), cell(vec![t(self.input.profile.schema_version.clone())])],
            vec![label("Report"), cell(vec![t(format!("discovery {}", env!("CARGO_PKG_VERSION")))])],
        ];
        self.w.grid(&[(0.2, Align::Left), (0.8, Align::Left)], &rows, true);
    }
}

fn dedup_in_order(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items.filter(|i| seen.insert(i.clone())).collect()
}

/// `Profile!D14 (meta.contact_email)` for each key; the keys alone when the profile came from JSON.
fn where_text(gap: &Gap) -> String {
    if gap.locations.len() == gap.keys.len() {
        gap.locations.iter().zip(&gap.keys).map(|(l, k)| format!("{l} ({k})")).collect::<Vec<_>>().join("; ")
    } else if gap.locations.is_empty() {
        gap.keys.join("; ")
    } else {
        format!("{} ({})", gap.locations.join("; "), gap.keys.join("; "))
    }
}

/// How an answer without a value reads: not applicable, unknown, missing or unreadable, with the raw text.
fn state_spans(state: State, raw: &str, kind: AnswerKind, required: bool) -> Vec<Span> {
    let quoted = |s: &str| format!("“{s}”");
    match state {
        State::Answered => vec![t(raw)],
        State::NotApplicable => {
            let mut spans = vec![Span::new("Not applicable", TABLE_STYLE.italic().colored(palette::MUTED))];
            if !raw.is_empty() {
                spans.push(Span::new(format!(" (written {})", quoted(raw)), MUTED));
            }
            spans
        }
        State::Unknown => {
            let mut spans = vec![Span::new("Unknown", TABLE_STYLE.bold().colored(MEDIUM))];
            if !raw.is_empty() {
                spans.push(t(format!(" — written {}", quoted(raw))));
            }
            spans
        }
        State::Missing if required => vec![Span::new("No answer", TABLE_STYLE.italic().colored(palette::MUTED))],
        State::Missing => vec![Span::new("—", MUTED)],
        State::Invalid => vec![
            Span::new("Unreadable: ", TABLE_STYLE.bold().colored(HIGH)),
            t(quoted(raw)),
            Span::new(format!("\nExpected {}", lower_first(&kind.guidance())), SMALL.colored(palette::MUTED)),
        ],
    }
}

/// An answer's value as a person reads it: choices by label, lists one item per line, numbers with their
/// unit, durations in words.
fn format_value(kind: AnswerKind, value: &Value) -> String {
    let items = |v: &Value, f: &dyn Fn(&str) -> String| -> String {
        match v {
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(|i| f(i.as_str().unwrap_or_default())).collect();
                if items.len() > 1 {
                    items.iter().map(|i| format!("• {i}")).collect::<Vec<_>>().join("\n")
                } else {
                    items.join("")
                }
            }
            other => f(other.as_str().unwrap_or_default()),
        }
    };
    match kind {
        AnswerKind::Text | AnswerKind::Email | AnswerKind::Date => value_text(value),
        AnswerKind::List => items(value, &|s| s.to_owned()),
        AnswerKind::YesNo => label_of(YesNo::OPTIONS, &value_text(value)).to_owned(),
        AnswerKind::Choice(options) => label_of(options, &value_text(value)).to_owned(),
        AnswerKind::Choices(options) => items(value, &|s| label_of(options, s).to_owned()),
        AnswerKind::Number { unit } => match value.as_f64() {
            Some(n) if unit.is_empty() => grouped_number(n),
            Some(n) => format!("{} {unit}", grouped_number(n)),
            None => value_text(value),
        },
        AnswerKind::Percent => value.as_f64().map_or_else(|| value_text(value), |n| format!("{} %", grouped_number(n))),
        AnswerKind::SizeGb => match value.as_f64() {
            Some(n) if n >= 1000.0 => format!("{} GB ({} TB)", grouped_number(n), grouped_number(n / 1000.0)),
            Some(n) => format!("{} GB", grouped_number(n)),
            None => value_text(value),
        },
        AnswerKind::Duration => match serde_json::from_value::<IsoDuration>(value.clone()) {
            Ok(d) => format!("{} ({})", d.human(), d.as_str()),
            Err(_) => value_text(value),
        },
        AnswerKind::Table(_) => value_text(value),
    }
}

/// `18 Nov 2026`: a date no reader misreads, whatever their locale.
pub(crate) fn long_date(date: Date) -> String {
    date.0.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_person_writes_them() {
        assert_eq!(grouped_number(1800.0), "1,800");
        assert_eq!(grouped_number(99.95), "99.95");
        assert_eq!(grouped_number(1_234_567.5), "1,234,567.5");
        assert_eq!(grouped_number(0.0), "0");
        assert_eq!(IsoDuration::from_seconds(900).human(), "15 minutes");
        assert_eq!(IsoDuration::from_seconds(3600).human(), "1 hour");
    }

    #[test]
    fn values_are_shown_by_label_with_units() {
        let hosting = question("architecture.current_hosting").unwrap().kind;
        assert_eq!(format_value(hosting, &Value::from("on_premises")), "On premises");
        let rps = question("requirements.performance.min_throughput_rps").unwrap().kind;
        assert_eq!(format_value(rps, &Value::from(400)), "400 rps");
        let rpo = question("requirements.disaster_recovery.rpo").unwrap().kind;
        assert_eq!(format_value(rpo, &Value::from("PT15M")), "15 minutes (PT15M)");
        let regions = question("architecture.regions").unwrap().kind;
        assert_eq!(format_value(regions, &serde_json::json!(["UK South", "West Europe"])), "• UK South\n• West Europe");
    }

    #[test]
    fn a_table_cell_key_names_its_sheet_item_and_column() {
        assert_eq!(
            catalogue::describe_key("engagements[1].success_criteria"),
            "Engagements sheet, item 2, Success criteria"
        );
        assert_eq!(catalogue::describe_key("meta.company_name"), "Company (ISV) name");
        assert_eq!(catalogue::describe_key("no.such.key"), "no.such.key");
    }
}
