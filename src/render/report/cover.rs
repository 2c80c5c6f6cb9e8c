//! The report's first pages: the cover (the vendor and solution, who answered and when, completeness and
//! the gaps by severity, the engagements asked for and the most urgent gaps) and part 1, the summary (the
//! completeness of each section, the gaps by severity and the key facts at a glance).

use super::values::{long_date, state_spans};
use super::Report;
use crate::analyse::GapSeverity;
use crate::diagnostic::Severity;
use crate::profile::catalogue::question;
use crate::profile::{AnswerKind, Choice, Date, Engagement};
use crate::render::layout::{
    palette, Align, CellContent, Rgb, Span, TextStyle, CONTENT_WIDTH, MARGIN_X, PAGE_WIDTH, TABLE_STYLE,
};
use crate::render::style::{cell, completeness_color, severity_color, severity_label, t, CARD, HIGH, LOW, MEDIUM};

/// The height of the cover's band, from the top of the page, when the names fit it.
const COVER_BAND: f32 = 205.0;

impl Report<'_, '_> {
    /// The cover: who and what, the answers about the questionnaire itself, four figures, the engagements
    /// asked for and the most urgent gaps, all on one page without running header or footer.
    pub(super) fn cover(&mut self) {
        let p = self.input.profile;
        let w = &mut self.w;
        // The company's name in the largest size at which it and the solution's fit the band; a name too
        // long even in the smallest makes the band taller rather than be cut off.
        let solution_style = TextStyle::BODY.sized(15.0).colored(Rgb::hex(0xDCE6F2));
        let solution = [Span::new(self.solution.clone(), solution_style)];
        let solution_h = w.measure(&solution, CONTENT_WIDTH);
        let name =
            |size: f32| [Span::new(self.company.clone(), TextStyle::BODY.bold().sized(size).colored(palette::WHITE))];
        let (name_top, gap, padding) = (82.0, 4.0, 14.0);
        let sizes = [26.0, 22.0, 19.0, 16.0];
        let mut fitted = (sizes[sizes.len() - 1], 0.0);
        for size in sizes {
            let h = w.measure(&name(size), CONTENT_WIDTH);
            fitted = (size, h);
            if name_top + h + gap + solution_h + padding <= COVER_BAND {
                break;
            }
        }
        let (size, name_h) = fitted;
        let band = COVER_BAND.max(name_top + name_h + gap + solution_h + padding);
        w.rect(0.0, 0.0, PAGE_WIDTH, band, palette::HEADING);
        w.rect(0.0, band, PAGE_WIDTH, 4.0, palette::ACCENT);
        let kicker = TextStyle::BODY.bold().sized(9.5).colored(Rgb::hex(0xAFC6E0));
        w.text_at(MARGIN_X, 60.0, CONTENT_WIDTH, &[Span::new("TECHNICAL DISCOVERY REPORT", kicker)], Align::Left);
        let h = w.text_at(MARGIN_X, name_top, CONTENT_WIDTH, &name(size), Align::Left);
        w.text_at(MARGIN_X, name_top + h + gap, CONTENT_WIDTH, &solution, Align::Left);

        let date = |d: Option<Date>| d.map(long_date);
        let facts: [(&str, Option<String>, &str); 6] = [
            ("Completed by", p.meta.completed_by.clone(), "meta.completed_by"),
            ("Completed on", date(p.meta.completed_on), "meta.completed_on"),
            ("Contact", p.meta.contact_email.as_ref().map(|e| e.as_str().to_owned()), "meta.contact_email"),
            ("Discovery session", date(p.meta.session_date), "meta.session_date"),
            ("Architecture diagram", p.meta.architecture_diagram.clone(), "meta.architecture_diagram"),
            ("Source file", Some(format!("{} ({})", self.input.file_name, self.input.format)), ""),
        ];
        let mut y = band + 35.0;
        let label_style = TextStyle::BODY.sized(9.5).colored(palette::MUTED);
        for (label, value, key) in facts {
            let value_spans = match value {
                Some(v) => vec![Span::new(v, TextStyle::BODY.sized(11.0))],
                None => {
                    let state = self.answers.state(key);
                    let raw = p.answer_states.get(key).map_or("", |s| s.raw.as_str());
                    let kind = question(key).map_or(AnswerKind::Text, |q| q.kind);
                    state_spans(state, raw, kind, true, self.bounds)
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

    /// Part 1: the summary in words, completeness by section, gaps by severity, and the key facts.
    pub(super) fn summary(&mut self) {
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
                    gaps.iter().take(self.bounds.flags).map(|(n, g)| {
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
            let mut list: Vec<String> = p.engagements.iter().take(self.bounds.names).map(Engagement::label).collect();
            if p.engagements.len() > list.len() {
                list.push(format!("… and {} more", p.engagements.len() - list.len()));
            }
            vec![t(list.join("; "))]
        };
        cells.push(cell(vec![Span::new("Engagements", TABLE_STYLE.bold().colored(palette::MUTED))]));
        cells.push(CellContent { spans: engagements, ..Default::default() });
        let rows: Vec<Vec<CellContent>> = cells.chunks(4).map(<[CellContent]>::to_vec).collect();
        self.w.grid(&[(0.18, Align::Left), (0.32, Align::Left), (0.18, Align::Left), (0.32, Align::Left)], &rows, true);
    }
}
