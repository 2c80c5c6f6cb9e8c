//! Part 4, the questions and answers: every section's questions in questionnaire order, each answer by its
//! label or its state with the text as written, the vendor's note, and a flag beside each gap it raises.

use super::values::{format_value, state_spans};
use super::{Report, SMALL};
use crate::profile::catalogue::Table;
use crate::profile::{AnswerKind, Importance, Section, State, QUESTIONS};
use crate::render::layout::{palette, Align, Column, Span, TableSpec, TextStyle, TABLE_STYLE};
use crate::render::style::{cell, t};

impl Report<'_, '_> {
    /// Part 4: every section's questions and answers, with a flag for each gap an answer raises.
    pub(super) fn questions(&mut self) {
        self.w.heading(1, "4. Questions and answers", true);
        self.w.paragraph(&[Span::body(
            "Every question in questionnaire order, with the vendor's answer (choices by their label) and notes. \
             Answers that say there is none, and answers marked not applicable, unknown, missing or unreadable, \
             are shown as such, with the text as written; a flag in the right column names the gap it raises.",
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
                // `key · source · importance` under the question, built in one string: a report has about 150.
                let source = self.input.profile.sources.get(q.key);
                let mut meta = String::with_capacity(24 + q.key.len() + source.map_or(0, String::len));
                meta.push('\n');
                meta.push_str(q.key);
                if let Some(source) = source {
                    meta.push_str(" · ");
                    meta.push_str(source);
                }
                if q.importance != Importance::Optional {
                    meta.push_str(" · ");
                    meta.push_str(q.importance.as_str());
                }
                let question_cell = cell(vec![t(q.text), Span::new(meta, SMALL.colored(palette::MUTED))]);
                let mut answer = match q.kind {
                    AnswerKind::Table(table) => self.table_summary(table),
                    kind => self.answer_with_note(q.key, kind),
                };
                answer.extend(self.changed_mark(q.key, q.kind));
                let flags = Self::flag_cell(&self.gaps_for_question(q.key), self.bounds.flags);
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
            let mut spans = state_spans(state, raw, AnswerKind::Table(table), true, self.bounds);
            if state == State::Missing {
                spans = vec![Span::new(
                    format!("No rows on the {} sheet", table.sheet),
                    TABLE_STYLE.italic().colored(palette::MUTED),
                )];
            }
            return spans;
        }
        let mut names: Vec<String> = rows
            .iter()
            .take(self.bounds.names)
            .filter_map(|r| {
                let field = table.columns[0].field;
                let v = r.get(field)?;
                Some(format_value(table.columns[0].kind, v, self.bounds))
            })
            .collect();
        if rows.len() > self.bounds.names {
            names.push(format!("… and {} more", rows.len() - self.bounds.names));
        }
        let mut spans =
            vec![t(format!("{} {noun}{}: {}", rows.len(), if rows.len() == 1 { "" } else { "s" }, names.join("; ")))];
        spans.push(Span::new(format!("\nListed in {part}"), SMALL.colored(palette::MUTED)));
        spans
    }
}
