//! Part 6, milestones and dates: the questionnaire's dates and the vendor's milestones on a timeline, each
//! placed relative to the discovery session, and the milestones without a readable date below it.

use super::values::{long_date, state_spans};
use super::{Report, SMALL};
use crate::analyse::{Gap, GapSeverity};
use crate::profile::catalogue::MILESTONES;
use crate::profile::{AnswerKind, Date, State};
use crate::render::layout::{
    palette, Align, Column, Rgb, Span, TableSpec, TextStyle, CONTENT_WIDTH, MARGIN_X, TABLE_STYLE,
};
use crate::render::style::{cell, severity_color, t, GOOD, HIGH};

impl Report<'_, '_> {
    /// Part 6: the dates on a timeline, then the milestones whose date could not be read.
    pub(super) fn milestones(&mut self) {
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
        for (i, m) in p.schedule.milestones.iter().enumerate().take(self.bounds.events) {
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
                        Some(r) => state_spans(r.state.into(), &r.raw, AnswerKind::Date, true, self.bounds),
                        None => state_spans(State::Missing, "", AnswerKind::Date, true, self.bounds),
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
                Self::flag_spans(&gaps, TextStyle::BODY, self.bounds.flags)
                    .into_iter()
                    .map(|s| Span { text: s.text.replace('\n', " ") + " ", ..s }),
            );
        }
        if p.schedule.milestones.is_empty() {
            let gaps = self.gaps_for_question(MILESTONES.key);
            intro.push(Span::new("The Milestones sheet has no rows. ", TextStyle::BODY.italic()));
            intro.extend(
                Self::flag_spans(&gaps, TextStyle::BODY, self.bounds.flags)
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
        let total_events = events.len();
        events.truncate(self.bounds.events);
        let count = events.len();
        for (k, e) in events.into_iter().enumerate() {
            let mut spans = vec![Span::new(e.title, TextStyle::BODY.bold().sized(10.0))];
            for (n, s) in &e.gaps {
                spans.push(Span::new(format!("  G{n}"), TextStyle::BODY.bold().sized(9.0).colored(severity_color(*s))));
            }
            if let Some(notes) = e.notes {
                spans.push(Span::new(
                    format!("\n{}", super::values::capped(&notes, self.bounds.text_chars)),
                    TABLE_STYLE.colored(palette::TEXT),
                ));
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
        if total_events > count || p.schedule.milestones.len() > self.bounds.events {
            self.more_note(&format!(
                "The first {} of {} milestones are drawn; the profile JSON holds every one.",
                self.bounds.events,
                p.schedule.milestones.len()
            ));
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
}
