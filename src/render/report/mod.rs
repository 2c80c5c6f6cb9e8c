//! The PDF technical-discovery report: everything a lead engineer needs to prepare and run the discovery
//! session from one document.
//!
//! [`render`] turns a [`ReportInput`] (a profile, its analysis, its diagnostics and where it came from) into
//! PDF bytes. The parts, in order, each drawn by its own file: a cover (who, what, when, completeness and gap
//! counts) and a one-page summary with charts and key facts (`cover`), the contents, the gaps to chase, high
//! first, each with the question, what is wrong, the cell and the follow-up question (`gaps`), the requested
//! engagements (`engagements`), every section's questions and answers in questionnaire order with a flag
//! beside each gap (`questions`), the component and data-store tables and the technology stack as a grid
//! (`technology`), the dates on a timeline (`milestones`), and an appendix with every diagnostic, the text
//! that matched no question and the source file's fingerprint (`appendix`). Given the changes since the
//! vendor's previous return, a part after the summary shows them and part 4 marks each changed answer
//! (`changes`). How an answer reads as text is in `values`. The same input gives the same bytes: no clock, no random id.

mod appendix;
mod changes;
mod cover;
mod engagements;
mod gaps;
mod milestones;
mod questions;
mod technology;
mod values;

use std::collections::BTreeSet;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::analyse::{Analysis, Gap, GapSeverity};
use crate::diagnostic::Diagnostic;
use crate::diff::Diff;
use crate::profile::catalogue::Table;
use crate::profile::{AnswerKind, Answers, Profile, State};
use crate::render::fonts::Fonts;
use crate::render::layout::{
    palette, Align, CellContent, Column, DocOptions, Span, TableSpec, TextStyle, Writer, TABLE_STYLE,
};
use crate::render::style::{cell, severity_color, severity_tint, t, HIGH, LOW, MEDIUM};
use crate::{Error, ErrorKind, Result};
use values::{capped, format_value, state_spans, Bounds};

/// How to render a report. The defaults give the same bytes for the same questionnaire.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportOptions {
    /// The document title, instead of "Technical discovery: company — solution".
    pub title: Option<String>,
    /// A creation date to write into the document's metadata, in seconds since the Unix epoch (UTC).
    /// `None` (the default) writes no date, so rendering never reads the clock.
    pub created_unix: Option<i64>,
    /// Draw every table row, list entry, gap, diagnostic and character, however many there are. By default
    /// (`false`) a long list draws its first entries (100 table rows, 100 gaps, 200 diagnostics, 100 entries
    /// of a list answer, 5,000 characters of a text) and says how many more there are and where, so that
    /// the largest questionnaire the import limits accept renders in well under two seconds.
    pub complete: bool,
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
///
/// Build one with [`ReportInput::new`] and set the other fields; the converter builds one for every file it
/// checks.
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
    /// What changed since the vendor's previous return ([`diff`](crate::diff::diff) of the previous profile
    /// and this one). With it the report gains a part "Changes since the previous return" after the summary
    /// and marks each changed answer in part 4; without it (the default) the report is as before.
    pub changes: Option<&'a Diff>,
    /// The profile's JSON as [`profile_json`] writes it, when the caller has written it already; the
    /// document's id is derived from it.
    pub(crate) profile_json: Option<&'a [u8]>,
}

impl<'a> ReportInput<'a> {
    /// The input of a profile and its analysis, with no diagnostics and no source file; set the other
    /// fields as needed.
    pub fn new(profile: &'a Profile, analysis: &'a Analysis) -> ReportInput<'a> {
        ReportInput {
            profile,
            analysis,
            diagnostics: &[],
            file_name: "",
            format: "",
            sha256: "",
            changes: None,
            profile_json: None,
        }
    }
}

/// A profile's JSON as a batch writes it and the report's document id is derived from: pretty, ending in a
/// line break.
pub(crate) fn profile_json(profile: &Profile) -> Vec<u8> {
    // Room for a full questionnaire's profile (about 16 KB), so that it is written without growing.
    let mut json = Vec::with_capacity(32 << 10);
    serde_json::to_writer_pretty(&mut json, profile).expect("a profile always serialises");
    json.push(b'\n');
    json
}

/// Renders the report of a profile with its analysis and diagnostics to PDF bytes.
///
/// Invalid answers are shown with their raw text and flagged, never dropped; unknown and not-applicable
/// answers are shown as such. Characters no embedded font has come back in
/// [`Rendered::missing_chars`].
///
/// ```
/// use discovery::analyse::analyse;
/// use discovery::profile::Profile;
/// use discovery::render::report::{render, ReportInput, ReportOptions};
/// use discovery::render::Fonts;
/// let mut profile = Profile::default();
/// profile.meta.company_name = Some("Contoso Ltd".to_owned());
/// let analysis = analyse(&profile);
/// let mut input = ReportInput::new(&profile, &analysis);
/// input.file_name = "contoso.json";
/// let rendered = render(&input, &Fonts::load()?, &ReportOptions::default())?;
/// assert!(rendered.pdf.starts_with(b"%PDF-"));
/// assert!(rendered.missing_chars.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    match input.profile_json {
        Some(json) => seed.update(json),
        None => seed.update(profile_json(profile)),
    }
    seed.update(title.as_bytes());
    if let Some(changes) = input.changes {
        seed.update(serde_json::to_vec(changes).expect("a diff always serialises"));
    }
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
    let bounds = if options.complete { Bounds::NONE } else { Bounds::DEFAULT };
    let mut report =
        Report { w: Writer::new(fonts, doc), input, answers: Answers::new(profile), company, solution, bounds };
    report.cover();
    report.w.page_break();
    report.w.toc_placeholder("Contents");
    report.summary();
    if let Some(changes) = input.changes {
        report.changes(changes);
    }
    report.gaps();
    report.engagements();
    report.questions();
    report.components();
    report.technology();
    report.milestones();
    report.appendix();
    let missing_chars = report.w.missing_chars().clone();
    let pdf = report.w.finish().map_err(|e| Error::new(ErrorKind::Render, e.to_string()).with_source(e))?;
    Ok(Rendered { pdf, missing_chars })
}

/// The name as given, trimmed, or `fallback` when there is none.
fn name_or(name: Option<&str>, fallback: &str) -> String {
    match name.map(str::trim) {
        Some(n) if !n.is_empty() => n.to_owned(),
        _ => fallback.to_owned(),
    }
}

/// Table text for what is said about an answer (where it was read, the vendor's note).
const SMALL: TextStyle = TextStyle { size: 7.3, ..TABLE_STYLE };
/// Table text that only fills a place (a dash for an optional answer left empty).
const MUTED: TextStyle = TextStyle { color: palette::MUTED, ..TABLE_STYLE };

/// A report being drawn: the writer, and what every part reads from the input. Each part is a method of
/// its own, in the file named after it.
struct Report<'a, 'f> {
    w: Writer<'f>,
    input: &'a ReportInput<'a>,
    /// The profile's answers by dotted key, with their states.
    answers: Answers<'a>,
    /// The company's name as the report shows it ("Unnamed company" when none was given).
    company: String,
    /// The solution's name as the report shows it.
    solution: String,
    /// How much of each long list and text is drawn.
    bounds: Bounds,
}

impl Report<'_, '_> {
    fn profile(&self) -> &Profile {
        self.input.profile
    }

    fn analysis(&self) -> &Analysis {
        self.input.analysis
    }

    /// The gaps (with their number, from 1) that rest on question `key`, on its table's rows or cells.
    fn gaps_for_question(&self, key: &str) -> Vec<(usize, &Gap)> {
        self.numbered_gaps(|k| k.strip_prefix(key).is_some_and(|rest| rest.is_empty() || rest.starts_with('[')))
    }

    /// The gaps that rest on one table cell (or its whole row).
    fn gaps_for_cell(&self, table: &str, row: usize, field: &str) -> Vec<(usize, &Gap)> {
        // `table[row]` or `table[row].field`, read off the key rather than two keys formatted per cell.
        let names_cell = |key: &str| {
            let Some(rest) = key.strip_prefix(table).and_then(|k| k.strip_prefix('[')) else { return false };
            let Some((number, after)) = rest.split_once(']') else { return false };
            // The number as `{row}` writes it: no sign, no leading zero.
            let canonical = !number.starts_with('+') && (number == "0" || !number.starts_with('0'));
            canonical
                && number.parse::<usize>().ok() == Some(row)
                && (after.is_empty() || after.strip_prefix('.') == Some(field))
        };
        self.numbered_gaps(names_cell)
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

    /// `G3 high` markers, one per line, in the gaps' colours; at most `max`, then how many more.
    fn flag_spans(gaps: &[(usize, &Gap)], style: TextStyle, max: usize) -> Vec<Span> {
        let mut spans = Vec::new();
        for (k, (n, gap)) in gaps.iter().enumerate().take(max) {
            let color = severity_color(gap.severity);
            let sep = if k == 0 { "" } else { "\n" };
            spans.push(Span::new(format!("{sep}G{n}"), style.bold().colored(color)));
            spans.push(Span::new(format!(" {}", gap.severity.as_str()), style.sized(style.size - 1.0).colored(color)));
        }
        if gaps.len() > max {
            spans.push(Span::new(format!("\n… and {} more", gaps.len() - max), style.colored(palette::MUTED)));
        }
        spans
    }

    /// A table cell of gap flags: a bar and tint in the most severe gap's colour.
    fn flag_cell(gaps: &[(usize, &Gap)], max: usize) -> CellContent {
        let Some(worst) = gaps.iter().map(|(_, g)| g.severity).min() else {
            return CellContent::default();
        };
        CellContent {
            spans: Self::flag_spans(gaps, TABLE_STYLE, max),
            background: Some(severity_tint(worst)),
            left_bar: Some(severity_color(worst)),
        }
    }

    /// An answer as spans: its value (choices by label), or its state when it has none.
    fn answer_spans(&self, key: &str, kind: AnswerKind) -> Vec<Span> {
        let state = self.answers.state(key);
        if state == State::Answered {
            let value = self.answers.value(key).expect("an answered question has a value");
            return vec![t(format_value(kind, value, self.bounds))];
        }
        // Not asked, unless a gap rests on it all the same (zero downtime answered yes on a greenfield
        // application still asks for replication): then it is a missing answer like any other.
        if state == State::Missing
            && !crate::analyse::applies(self.profile(), key)
            && self.gaps_for_question(key).is_empty()
        {
            return vec![Span::new(
                "Not asked of a greenfield application",
                TABLE_STYLE.italic().colored(palette::MUTED),
            )];
        }
        let raw = self.profile().answer_states.get(key).map_or("", |s| s.raw.as_str());
        state_spans(state, raw, kind, true, self.bounds)
    }

    /// The answer with the vendor's note below it.
    fn answer_with_note(&self, key: &str, kind: AnswerKind) -> Vec<Span> {
        let mut spans = self.answer_spans(key, kind);
        if let Some(note) = self.profile().notes.get(key) {
            spans.push(Span::new("\nVendor's note: ", SMALL.bold().italic().colored(palette::MUTED)));
            spans.push(Span::new(capped(note, self.bounds.text_chars), SMALL.italic().colored(palette::MUTED)));
        }
        spans
    }

    /// A table cell's spans: value, or state with raw text.
    fn cell_spans(&self, table: &Table, row: usize, rows: &[Value], field: &str) -> Vec<Span> {
        let column = table.column(field).expect("the field is the table's");
        let cell_key = format!("{}[{row}].{field}", table.key);
        if let Some(recorded) = self.profile().answer_states.get(&cell_key) {
            return state_spans(recorded.state.into(), &recorded.raw, column.kind, column.required, self.bounds);
        }
        match rows.get(row).and_then(|r| r.get(field)).filter(|v| !v.is_null()) {
            Some(value) => vec![t(format_value(column.kind, value, self.bounds))],
            None => state_spans(State::Missing, "", column.kind, column.required, self.bounds),
        }
    }

    /// The rows of a table sheet, borrowed from the answers: counting them or drawing a few of them needs
    /// no copy of every row.
    fn table_rows(&self, table: &Table) -> &[Value] {
        match self.answers.value(table.key) {
            Some(Value::Array(rows)) => rows,
            _ => &[],
        }
    }

    /// A table sheet as a table: a row number, the catalogue's columns, and a gap column when a cell has one.
    fn sheet_table(&mut self, table: &'static Table, widths: &[f32]) {
        let (spec, total) = self.sheet_table_spec(table, widths);
        let drawn = spec.rows.len();
        self.w.table(&spec);
        if total > drawn {
            let more = total - drawn;
            self.more_note(&format!(
                "The first {drawn} of {total} rows of the {} sheet; {more} more row{} in the profile JSON.",
                table.sheet,
                if more == 1 { " is" } else { "s are" }
            ));
        }
    }

    /// The table [`Report::sheet_table`] draws, and how many rows the sheet has.
    fn sheet_table_spec(&self, table: &'static Table, widths: &[f32]) -> (TableSpec, usize) {
        let rows = self.table_rows(table);
        let flags: Vec<Vec<(usize, &Gap)>> = (0..rows.len().min(self.bounds.table_rows))
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
                let mut content = cell(self.cell_spans(table, i, rows, c.field));
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
                row.push(Self::flag_cell(flag, self.bounds.flags));
            }
            body.push(row);
        }
        (TableSpec { columns, rows: body, zebra: true }, rows.len())
    }

    /// The line under a list drawn in part: how many more entries there are, and where.
    fn more_note(&mut self, text: &str) {
        self.w.paragraph(&[Span::new(format!("… {text}"), TextStyle::BODY.italic().colored(palette::MUTED))]);
    }
}
