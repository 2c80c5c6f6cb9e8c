//! The portfolio overview: one PDF for a whole batch, so the program office sees at a glance which vendor
//! needs chasing for what.
//!
//! [`render_portfolio`] draws one [`PortfolioRow`] per questionnaire (completeness, gaps by severity,
//! engagements), the files that failed with their error, and a gap matrix of rules against questionnaires.
//! The matrix is split into pages of twelve questionnaires, numbered as in the first table, so it stays
//! readable on A4 portrait however large the batch. The rows are the overview's own input: the batch that
//! read the files builds them from its index, and this module only draws them.
//!
//! A batch may hold thousands of questionnaires, so the overview is drawn from any `OverviewRow` (the
//! batch's index rows as they are, without a copy), and each table's rows are made as they are laid out.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analyse::{GapSeverity, RULES};
use crate::diff::Progress;
use crate::render::fonts::Fonts;
use crate::render::layout::{palette, Align, CellContent, Column, DocOptions, Span, TextStyle, Writer, TABLE_STYLE};
use crate::render::style::{cell, completeness_color, severity_color, t, GOOD, HIGH, LOW};
use crate::{Error, ErrorKind, Result};

/// How many questionnaires one page of the gap matrix shows.
const MATRIX_COLUMNS: usize = 12;

/// One questionnaire of a batch as the overview shows it: who, how complete, its gaps and the engagements
/// asked for, or the error that stopped it.
///
/// Build one with [`PortfolioRow::converted`] or [`PortfolioRow::failed`], then set the counts and lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PortfolioRow {
    /// The input file as given.
    pub file: String,
    /// The vendor's company name; empty when it was not read.
    pub company: String,
    /// The solution's name; empty when it was not read.
    pub solution: String,
    /// Why the file failed; `None` when it converted.
    pub error: Option<String>,
    /// Overall completeness in percent; `None` when the file failed.
    pub completeness: Option<f64>,
    /// High-severity gaps.
    pub gaps_high: usize,
    /// Medium-severity gaps.
    pub gaps_medium: usize,
    /// Low-severity gaps.
    pub gaps_low: usize,
    /// The engagements requested, one line each (`Architecture review (high)`).
    pub engagements: Vec<String>,
    /// The ids of the gap rules that fired (`sla-without-zones`), each once.
    pub gap_rules: Vec<String>,
    /// Since the previous round: the previous round's profile this one was compared with; empty when new.
    pub previous_file: String,
    /// Since the previous round: the change of completeness, in points.
    pub completeness_change: Option<f64>,
    /// Since the previous round: the previous return's gaps this one closed.
    pub gaps_closed: Option<usize>,
    /// Since the previous round: the gaps this return opened.
    pub gaps_opened: Option<usize>,
}

impl PortfolioRow {
    /// The row of a questionnaire that converted, `completeness` percent complete, with no gaps and no
    /// engagements yet.
    pub fn converted(file: &str, company: &str, solution: &str, completeness: f64) -> PortfolioRow {
        PortfolioRow {
            file: file.to_owned(),
            company: company.to_owned(),
            solution: solution.to_owned(),
            error: None,
            completeness: Some(completeness),
            gaps_high: 0,
            gaps_medium: 0,
            gaps_low: 0,
            engagements: Vec::new(),
            gap_rules: Vec::new(),
            previous_file: String::new(),
            completeness_change: None,
            gaps_closed: None,
            gaps_opened: None,
        }
    }

    /// The row of a file that could not be converted, with the reason.
    pub fn failed(file: &str, error: &str) -> PortfolioRow {
        PortfolioRow { error: Some(error.to_owned()), completeness: None, ..PortfolioRow::converted(file, "", "", 0.0) }
    }
}

/// What the overview reads of one questionnaire: a [`PortfolioRow`], or a row the layers above keep anyway
/// (a batch's index row), read where it is.
pub(crate) trait OverviewRow {
    /// The input file as given.
    fn file(&self) -> &str;
    /// The vendor's company name; empty when it was not read.
    fn company(&self) -> &str;
    /// The solution's name; empty when it was not read.
    fn solution(&self) -> &str;
    /// Why the file failed; `None` when it converted.
    fn error(&self) -> Option<&str>;
    /// Overall completeness in percent; `None` when the file failed.
    fn completeness(&self) -> Option<f64>;
    /// Its gaps of one severity.
    fn gaps(&self, severity: GapSeverity) -> usize;
    /// The engagements requested, one line each.
    fn engagements(&self) -> impl Iterator<Item = &str>;
    /// The ids of the gap rules that fired, each once.
    fn gap_rules(&self) -> impl Iterator<Item = &str>;
    /// The previous round's profile this one was compared with; empty when new.
    fn previous_file(&self) -> &str;
    /// The change of completeness since the previous round, in points.
    fn completeness_change(&self) -> Option<f64>;
    /// The previous return's gaps this one closed.
    fn gaps_closed(&self) -> Option<usize>;
    /// The gaps this return opened.
    fn gaps_opened(&self) -> Option<usize>;

    /// How it moved since the previous round: new when it was not compared with a previous return.
    fn progress(&self) -> Progress {
        match (self.completeness_change(), self.gaps_closed(), self.gaps_opened()) {
            (Some(change), Some(closed), Some(opened)) => Progress::of(change, closed, opened),
            _ => Progress::New,
        }
    }
}

impl OverviewRow for PortfolioRow {
    fn file(&self) -> &str {
        &self.file
    }
    fn company(&self) -> &str {
        &self.company
    }
    fn solution(&self) -> &str {
        &self.solution
    }
    fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }
    fn completeness(&self) -> Option<f64> {
        self.completeness
    }
    fn gaps(&self, severity: GapSeverity) -> usize {
        match severity {
            GapSeverity::High => self.gaps_high,
            GapSeverity::Medium => self.gaps_medium,
            GapSeverity::Low => self.gaps_low,
        }
    }
    fn engagements(&self) -> impl Iterator<Item = &str> {
        self.engagements.iter().map(String::as_str)
    }
    fn gap_rules(&self) -> impl Iterator<Item = &str> {
        self.gap_rules.iter().map(String::as_str)
    }
    fn previous_file(&self) -> &str {
        &self.previous_file
    }
    fn completeness_change(&self) -> Option<f64> {
        self.completeness_change
    }
    fn gaps_closed(&self) -> Option<usize> {
        self.gaps_closed
    }
    fn gaps_opened(&self) -> Option<usize> {
        self.gaps_opened
    }
}

/// How to render the overview. The defaults give the same bytes for the same rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PortfolioOptions {
    /// Bytes that identify the batch (a hash of its index, say); the PDF's trailer `/ID` is derived from
    /// them. `None` (the default) derives it from the rows.
    pub document_id: Option<Vec<u8>>,
    /// Add a part on each questionnaire's progress since the previous round (which improved, which went
    /// backwards, which are new), from the rows' comparison with their previous returns.
    pub progress: bool,
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Renders the overview of a batch to PDF bytes. The same rows and options give the same bytes.
///
/// ```
/// use discovery::render::portfolio::{render_portfolio, PortfolioOptions, PortfolioRow};
/// use discovery::render::Fonts;
/// let mut row = PortfolioRow::converted("contoso.xlsx", "Contoso Ltd", "Contoso Cloud", 82.5);
/// row.gaps_high = 2;
/// row.engagements = vec!["Architecture review (high)".to_owned()];
/// row.gap_rules = vec!["sla-without-zones".to_owned()];
/// let rows = [row, PortfolioRow::failed("broken.xlsx", "this looks like a PDF document, not a spreadsheet")];
/// let pdf = render_portfolio(&rows, &Fonts::load()?, &PortfolioOptions::default())?;
/// assert!(pdf.starts_with(b"%PDF-"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the PDF cannot be serialised (an [`ErrorKind::Render`] error).
pub fn render_portfolio(rows: &[PortfolioRow], fonts: &Fonts, options: &PortfolioOptions) -> Result<Vec<u8>> {
    let document_id = match &options.document_id {
        Some(id) => id.clone(),
        None => Sha256::digest(serde_json::to_vec(rows).expect("rows serialise")).to_vec(),
    };
    render_overview(rows, fonts, document_id, options.progress)
}

/// [`render_portfolio`] over any [`OverviewRow`]s, with the trailer `/ID` derived from `document_id`.
///
/// # Errors
/// When the PDF cannot be serialised (an [`ErrorKind::Render`] error).
pub(crate) fn render_overview<R: OverviewRow>(
    rows: &[R],
    fonts: &Fonts,
    document_id: Vec<u8>,
    progress: bool,
) -> Result<Vec<u8>> {
    draw_overview(rows, fonts, document_id, progress).finish().map_err(render_error)
}

/// The overview drawn by [`draw_overview`], written to `out` as the file is made.
///
/// # Errors
/// When the PDF cannot be serialised or `out` cannot be written (an [`ErrorKind::Render`] error).
// Only the batch's overview file (`portfolio`, with the import feature) writes as it goes.
#[cfg(feature = "import")]
pub(crate) fn write_drawn(drawn: Writer<'_>, out: &mut impl std::io::Write) -> Result<()> {
    drawn.finish_to(out).map_err(render_error)
}

fn render_error(e: crate::render::layout::RenderError) -> Error {
    Error::new(ErrorKind::Render, e.to_string()).with_source(e)
}

/// Every part of the overview, laid out on its pages, ready to be finished ([`write_drawn`]). What is drawn
/// no longer refers to the rows: they can go before the document is written.
pub(crate) fn draw_overview<'f, R: OverviewRow>(
    rows: &[R],
    fonts: &'f Fonts,
    document_id: Vec<u8>,
    progress: bool,
) -> Writer<'f> {
    let converted: Vec<&R> = rows.iter().filter(|r| r.error().is_none()).collect();
    let failed: Vec<&R> = rows.iter().filter(|r| r.error().is_some()).collect();
    let mut w = Writer::new(
        fonts,
        DocOptions {
            title: format!("Technical discovery portfolio: {}", plural(rows.len(), "questionnaire")),
            subject: "Completeness, gaps and requested engagements of a batch of technical discovery questionnaires"
                .into(),
            creator: format!("discovery {}", env!("CARGO_PKG_VERSION")),
            keywords: vec!["technical discovery".into(), "portfolio".into(), "questionnaire".into()],
            header_left: "Technical discovery portfolio".into(),
            header_right: plural(rows.len(), "questionnaire"),
            document_id_seed: document_id,
            ..Default::default()
        },
    );

    w.heading(1, "Portfolio overview", true);
    let total = |s: GapSeverity| converted.iter().map(|r| r.gaps(s)).sum::<usize>();
    let completeness: Vec<f64> = converted.iter().filter_map(|r| r.completeness()).collect();
    let mut intro = format!(
        "{} read: {} converted, {} failed.",
        plural(rows.len(), "questionnaire"),
        converted.len(),
        failed.len()
    );
    if !completeness.is_empty() {
        let mean = completeness.iter().sum::<f64>() / completeness.len() as f64;
        intro.push_str(&format!(
            " Average completeness {mean:.1} %; {} high, {} medium and {} low gaps in all.",
            total(GapSeverity::High),
            total(GapSeverity::Medium),
            total(GapSeverity::Low)
        ));
    }
    w.paragraph(&[Span::body(intro)]);
    let counts: Vec<(&str, u32, _)> =
        [("High", GapSeverity::High), ("Medium", GapSeverity::Medium), ("Low", GapSeverity::Low)]
            .into_iter()
            .map(|(label, s)| (label, total(s) as u32, severity_color(s)))
            .collect();
    w.stacked_count_bar("Gaps by severity, all questionnaires", &counts);
    w.heading(2, "Questionnaires", true);
    if converted.is_empty() {
        w.paragraph(&[Span::body("No questionnaire converted.")]);
    } else {
        let number = |n: usize, s: GapSeverity| {
            let style =
                if n > 0 { TABLE_STYLE.bold().colored(severity_color(s)) } else { TABLE_STYLE.colored(palette::MUTED) };
            cell(vec![Span::new(n.to_string(), style)])
        };
        let body = converted.iter().enumerate().map(|(i, r)| {
            let c = r.completeness().unwrap_or(0.0);
            let mut who =
                vec![Span::new(or_dash(r.company()), TABLE_STYLE.bold()), t(format!("\n{}", or_dash(r.solution())))];
            who.push(Span::new(format!("\n{}", r.file()), TABLE_STYLE.sized(7.0).colored(palette::MUTED)));
            vec![
                cell(vec![Span::new((i + 1).to_string(), TABLE_STYLE.colored(palette::MUTED))]),
                cell(who),
                CellContent {
                    left_bar: Some(completeness_color(c)),
                    ..cell(vec![Span::new(format!("{c:.1} %"), TABLE_STYLE.bold())])
                },
                number(r.gaps(GapSeverity::High), GapSeverity::High),
                number(r.gaps(GapSeverity::Medium), GapSeverity::Medium),
                number(r.gaps(GapSeverity::Low), GapSeverity::Low),
                cell({
                    let engagements: Vec<&str> = r.engagements().collect();
                    if engagements.is_empty() {
                        vec![Span::new("none requested", TABLE_STYLE.italic().colored(HIGH))]
                    } else {
                        vec![t(engagements.join("\n"))]
                    }
                }),
            ]
        });
        let columns = [
            Column { header: "#".into(), width: 0.05, align: Align::Right },
            Column { header: "Company and solution".into(), width: 0.32, align: Align::Left },
            Column { header: "Complete".into(), width: 0.12, align: Align::Left },
            Column { header: "High".into(), width: 0.08, align: Align::Right },
            Column { header: "Med.".into(), width: 0.08, align: Align::Right },
            Column { header: "Low".into(), width: 0.08, align: Align::Right },
            Column { header: "Engagements requested".into(), width: 0.27, align: Align::Left },
        ];
        w.table_rows(&columns, body, true);
    }
    if !failed.is_empty() {
        w.heading(2, "Files that failed", true);
        let body = failed.iter().map(|r| {
            vec![
                CellContent { left_bar: Some(HIGH), ..cell(vec![t(r.file().to_owned())]) },
                cell(vec![t(r.error().unwrap_or_default().to_owned())]),
            ]
        });
        let columns = [
            Column { header: "File".into(), width: 0.4, align: Align::Left },
            Column { header: "Error".into(), width: 0.6, align: Align::Left },
        ];
        w.table_rows(&columns, body, true);
    }

    if progress {
        progress_part(&mut w, &converted);
    }

    if !converted.is_empty() {
        gap_matrix(&mut w, &converted);
    }
    w
}

/// The part "Gap matrix": which rules fired for which questionnaire, [`MATRIX_COLUMNS`] questionnaires to a
/// table, and for each rule how many questionnaires of the whole batch it fired for.
fn gap_matrix<R: OverviewRow>(w: &mut Writer, converted: &[&R]) {
    w.heading(1, "Gap matrix", true);
    w.paragraph(&[Span::body(format!(
        "Which gap rules fired for which questionnaire: a mark in the rule's severity colour where it fired. \
         Columns are the questionnaires numbered as in the overview, {MATRIX_COLUMNS} to a table; the last \
         column counts the questionnaires of the whole batch the rule fired for."
    ))]);
    // Counted once: each of the matrix's tables shows the same counts.
    let fired = |r: &R, rule: &str| r.gap_rules().any(|id| id == rule);
    let all: Vec<usize> =
        RULES.iter().map(|rule| converted.iter().filter(|r| fired(r, rule.id.as_str())).count()).collect();
    let chunks = converted.len().div_ceil(MATRIX_COLUMNS);
    for (c, chunk) in converted.chunks(MATRIX_COLUMNS).enumerate() {
        let first = c * MATRIX_COLUMNS + 1;
        let last = first + chunk.len() - 1;
        if chunks > 1 {
            w.heading(2, &format!("Questionnaires {first}–{last}"), true);
        }
        let share = 0.6 / MATRIX_COLUMNS as f32;
        let mut columns = vec![Column { header: "Rule".into(), width: 0.32, align: Align::Left }];
        columns.extend((first..=last).map(|n| Column { header: n.to_string(), width: share, align: Align::Center }));
        columns.push(Column { header: "All".into(), width: 0.08, align: Align::Right });
        let body = RULES.iter().zip(&all).map(|(rule, &all)| {
            let color = severity_color(rule.severity);
            let mut row = vec![CellContent {
                left_bar: Some(color),
                ..cell(vec![Span::new(rule.id.as_str(), TABLE_STYLE.sized(7.8))])
            }];
            for r in chunk {
                row.push(cell(vec![if fired(r, rule.id.as_str()) {
                    Span::new("●", TABLE_STYLE.colored(color))
                } else {
                    Span::new("·", TABLE_STYLE.colored(palette::RULE))
                }]));
            }
            let style = if all > 0 { TABLE_STYLE.bold() } else { TABLE_STYLE.colored(palette::MUTED) };
            row.push(cell(vec![Span::new(all.to_string(), style)]));
            row
        });
        w.table_rows(&columns, body, true);
        let key: Vec<String> = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{} = {} ({})", first + i, or_dash(r.company()), or_dash(r.solution())))
            .collect();
        w.paragraph(&[Span::new(key.join(" · "), TextStyle::BODY.sized(8.0).colored(palette::MUTED))]);
    }
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_owned()
    } else {
        s.to_owned()
    }
}

/// The colour of a kind of progress.
fn progress_color(progress: Progress) -> crate::render::layout::Rgb {
    match progress {
        Progress::WentBackwards => HIGH,
        Progress::Improved => GOOD,
        Progress::New => LOW,
        _ => palette::MUTED,
    }
}

/// The part "Progress since the previous round": how many improved, went backwards, stayed the same or are
/// new, and each questionnaire with its completeness before and after and the gaps it closed and opened,
/// those that went backwards first. Numbers are those of the overview's table.
fn progress_part<R: OverviewRow>(w: &mut Writer, converted: &[&R]) {
    w.heading(1, "Progress since the previous round", true);
    let count = |p: Progress| converted.iter().filter(|r| r.progress() == p).count();
    let compared = converted.len() - count(Progress::New);
    w.paragraph(&[Span::body(format!(
        "{} compared with their previous return: {} improved, {} went backwards and {} stayed as they were; {} \
         new in this round. A questionnaire improved when it is more complete, or as complete with more gaps closed \
         than opened.",
        plural(compared, "questionnaire"),
        count(Progress::Improved),
        count(Progress::WentBackwards),
        count(Progress::Unchanged),
        count(Progress::New),
    ))]);
    let parts: Vec<(&str, u32, _)> =
        Progress::ALL.iter().map(|&p| (progress_label(p), count(p) as u32, progress_color(p))).collect();
    w.stacked_count_bar("Questionnaires by progress", &parts);
    if converted.is_empty() {
        return;
    }
    let mut order: Vec<(usize, &&R)> = converted.iter().enumerate().collect();
    order.sort_by_key(|(i, r)| (Progress::ALL.iter().position(|p| *p == r.progress()), *i));
    let body = order.into_iter().map(|(i, r)| {
        let progress = r.progress();
        let now = r.completeness().unwrap_or(0.0);
        let mut who =
            vec![Span::new(or_dash(r.company()), TABLE_STYLE.bold()), t(format!("\n{}", or_dash(r.solution())))];
        if !r.previous_file().is_empty() {
            who.push(Span::new(
                format!("\nsince {}", r.previous_file()),
                TABLE_STYLE.sized(7.0).colored(palette::MUTED),
            ));
        }
        let complete = match r.completeness_change() {
            Some(change) => vec![
                Span::new(format!("{:.1} % → ", now - change), TABLE_STYLE.colored(palette::MUTED)),
                Span::new(format!("{now:.1} %"), TABLE_STYLE.bold()),
                Span::new(format!("\n{change:+.1} points"), TABLE_STYLE.sized(7.5).colored(progress_color(progress))),
            ],
            None => vec![Span::new(format!("{now:.1} %"), TABLE_STYLE.bold())],
        };
        let number = |n: Option<usize>, color| match n {
            Some(n) if n > 0 => cell(vec![Span::new(n.to_string(), TABLE_STYLE.bold().colored(color))]),
            Some(n) => cell(vec![Span::new(n.to_string(), TABLE_STYLE.colored(palette::MUTED))]),
            None => cell(vec![Span::new("—", TABLE_STYLE.colored(palette::MUTED))]),
        };
        vec![
            cell(vec![Span::new((i + 1).to_string(), TABLE_STYLE.colored(palette::MUTED))]),
            cell(who),
            cell(complete),
            number(r.gaps_closed(), GOOD),
            number(r.gaps_opened(), HIGH),
            CellContent {
                left_bar: Some(progress_color(progress)),
                ..cell(vec![Span::new(progress_label(progress), TABLE_STYLE.bold().colored(progress_color(progress)))])
            },
        ]
    });
    let columns = [
        Column { header: "#".into(), width: 0.05, align: Align::Right },
        Column { header: "Company and solution".into(), width: 0.35, align: Align::Left },
        Column { header: "Complete".into(), width: 0.2, align: Align::Left },
        Column { header: "Closed".into(), width: 0.1, align: Align::Right },
        Column { header: "Opened".into(), width: 0.1, align: Align::Right },
        Column { header: "Progress".into(), width: 0.2, align: Align::Left },
    ];
    w.table_rows(&columns, body, true);
}

/// A kind of progress as the part's legend and table say it: `Went backwards`.
fn progress_label(progress: Progress) -> &'static str {
    match progress {
        Progress::WentBackwards => "Went backwards",
        Progress::Improved => "Improved",
        Progress::Unchanged => "Unchanged",
        _ => "New",
    }
}
