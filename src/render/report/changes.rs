//! The part "Changes since the previous return", right after the summary when the report is rendered with
//! a previous return to compare with: completeness before and after (in words and as a chart by section),
//! the gaps the new return closed and opened, and every answer that changed. And the mark beside a changed
//! answer in part 4.

use serde_json::Value;

use super::values::{capped, format_value, state_spans, Bounds};
use super::{Report, SMALL};
use crate::analyse::Gap;
use crate::diff::{Change, ChangeKind, Diff};
use crate::profile::catalogue::{describe_key, kind_of, split_key, TABLES};
use crate::profile::{AnswerKind, State};
use crate::render::layout::{palette, Align, CellContent, Column, Span, TableSpec, TextStyle, TABLE_STYLE};
use crate::render::style::{cell, severity_color, severity_label, t, GOOD, HIGH};

/// The part's title, as the contents and the outline show it.
pub(super) const TITLE: &str = "Changes since the previous return";

impl Report<'_, '_> {
    /// The part "Changes since the previous return".
    pub(super) fn changes(&mut self, diff: &Diff) {
        self.w.heading(1, TITLE, true);
        let (old, new) = (&diff.completeness.old, &diff.completeness.new);
        let change = diff.completeness_change();
        let direction = if change > 0.0 {
            format!("rose from {:.1} % to {:.1} % ({change:+.1} points)", old.overall, new.overall)
        } else if change < 0.0 {
            format!("fell from {:.1} % to {:.1} % ({change:+.1} points)", old.overall, new.overall)
        } else {
            format!("stayed at {:.1} %", new.overall)
        };
        let answers = diff.answers_changed();
        let notes = match diff.notes_changed() {
            0 => String::new(),
            1 => "; the notes on one other question changed".to_owned(),
            n => format!("; the notes on {n} other questions changed"),
        };
        self.w.paragraph(&[Span::body(format!(
            "Compared with the previous return, completeness {direction}. This return closed {} of the previous \
             return's gaps and opened {}; {} {} still open. {} changed{notes}.",
            diff.gaps.closed.len(),
            diff.gaps.opened.len(),
            diff.gaps.still_open.len(),
            if diff.gaps.still_open.len() == 1 { "is" } else { "are" },
            match answers {
                0 => "No answer".to_owned(),
                1 => "One answer".to_owned(),
                n => format!("{n} answers"),
            },
        ))]);
        let bars: Vec<(&str, f32, f32)> = old
            .sections
            .iter()
            .zip(&new.sections)
            .map(|(o, n)| (n.title.as_str(), o.percent as f32, n.percent as f32))
            .collect();
        self.w.paired_bar_chart("Completeness by section, before and after", ("Previous return", "This return"), &bars);

        self.w.heading(2, "Gaps closed", true);
        if diff.gaps.closed.is_empty() {
            self.w.paragraph(&[Span::new("None of the previous return's gaps was closed.", MUTED_BODY)]);
        } else {
            let rows = diff.gaps.closed.iter().map(|gap| self.closed_gap_row(gap)).collect();
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Severity".into(), width: 0.13, align: Align::Left },
                    Column { header: "Gap".into(), width: 0.42, align: Align::Left },
                    Column { header: "Now".into(), width: 0.45, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
        }

        self.w.heading(2, "Gaps opened", true);
        if diff.gaps.opened.is_empty() {
            self.w.paragraph(&[Span::new("This return opened no gap the previous one did not have.", MUTED_BODY)]);
        } else {
            let rows = diff.gaps.opened.iter().map(|gap| self.opened_gap_row(gap)).collect();
            self.w.table(&TableSpec {
                columns: vec![
                    Column { header: "Gap".into(), width: 0.13, align: Align::Left },
                    Column { header: "What is wrong".into(), width: 0.62, align: Align::Left },
                    Column { header: "Where".into(), width: 0.25, align: Align::Left },
                ],
                rows,
                zebra: true,
            });
        }

        self.w.heading(2, "Answers changed", true);
        if diff.changes.is_empty() {
            self.w.paragraph(&[Span::new("No answer changed.", MUTED_BODY)]);
            return;
        }
        let drawn = diff.changes.len().min(self.bounds.diagnostics);
        let rows = diff.changes[..drawn].iter().map(|change| change_row(change, self.bounds)).collect();
        self.w.table(&TableSpec {
            columns: vec![
                Column { header: "Question".into(), width: 0.34, align: Align::Left },
                Column { header: "Previous return".into(), width: 0.33, align: Align::Left },
                Column { header: "This return".into(), width: 0.33, align: Align::Left },
            ],
            rows,
            zebra: true,
        });
        if drawn < diff.changes.len() {
            let more = diff.changes.len() - drawn;
            self.more_note(&format!(
                "The first {drawn} of {} changed answers; {more} more {} listed by `discovery diff`.",
                diff.changes.len(),
                if more == 1 { "is" } else { "are" }
            ));
        }
    }

    /// A closed gap: its severity, what it was, and what its keys hold now.
    fn closed_gap_row(&self, gap: &Gap) -> Vec<CellContent> {
        let color = severity_color(gap.severity);
        let mut now = Vec::new();
        for key in &gap.keys {
            if !now.is_empty() {
                now.push(t("\n"));
            }
            // The gap is the previous return's: its table rows as this return numbers them.
            let Some(key) = self.input.changes.map_or(Some(key.clone()), |diff| diff.now_key(key)) else {
                now.push(Span::new("Row removed", TABLE_STYLE.italic().colored(palette::MUTED)));
                continue;
            };
            let kind = kind_of(&key).unwrap_or(AnswerKind::Text);
            match kind {
                AnswerKind::Table(_) => now.extend(self.table_answer(&key)),
                kind => now.extend(self.answer_spans(&key, kind)),
            }
        }
        vec![
            CellContent {
                left_bar: Some(GOOD),
                ..cell(vec![Span::new(severity_label(gap.severity), TABLE_STYLE.bold().colored(color))])
            },
            cell(vec![t(gap.title.clone()), Span::new(format!("\n{}", gap.id), SMALL.colored(palette::MUTED))]),
            cell(now),
        ]
    }

    /// A table question's answer in a few words: how many rows, or its state.
    fn table_answer(&self, key: &str) -> Vec<Span> {
        let (base, row, _) = split_key(key);
        match (TABLES.iter().find(|t| t.key == base), row) {
            (Some(table), None) => {
                let rows = self.table_rows(table).len();
                if rows > 0 {
                    vec![t(format!("{rows} row{} on the {} sheet", if rows == 1 { "" } else { "s" }, table.sheet))]
                } else {
                    let raw = self.profile().answer_states.get(key).map_or("", |s| s.raw.as_str());
                    state_spans(self.answers.state(key), raw, AnswerKind::Table(table), true, self.bounds)
                }
            }
            _ => vec![t(describe_key(key))],
        }
    }

    /// An opened gap: its number in this report, what is wrong, and where.
    fn opened_gap_row(&self, gap: &Gap) -> Vec<CellContent> {
        let number = self.analysis().gaps.iter().position(|g| g == gap).map(|i| i + 1);
        let flag = match number {
            Some(n) => Self::flag_cell(&[(n, gap)], self.bounds.flags),
            None => cell(vec![Span::new(severity_label(gap.severity), TABLE_STYLE.bold())]),
        };
        let place = if gap.locations.is_empty() { gap.keys.join("\n") } else { gap.locations.join("\n") };
        vec![
            flag,
            cell(vec![Span::new(gap.title.clone(), TABLE_STYLE.bold()), t(format!("\n{}", gap.detail))]),
            cell(vec![t(place)]),
        ]
    }

    /// The mark beside an answer in part 4 that changed since the previous return, with what it was; empty
    /// when it did not change or there is no previous return.
    pub(super) fn changed_mark(&self, key: &str, kind: AnswerKind) -> Vec<Span> {
        let Some(diff) = self.input.changes else { return Vec::new() };
        let changes: Vec<&Change> = diff.changes_to(key).collect();
        let Some(first) = changes.first() else { return Vec::new() };
        let label = Span::new("\nChanged", SMALL.bold().colored(palette::ACCENT));
        let what = match kind {
            AnswerKind::Table(_) => {
                let rows = |k: ChangeKind| {
                    changes.iter().filter(|c| c.kind == k && matches!(split_key(&c.key), (_, Some(_), None))).count()
                };
                let cells = changes.iter().filter(|c| split_key(&c.key).2.is_some()).count();
                let mut parts = Vec::new();
                // The table answered as a whole (N/A), before or now.
                if let Some(whole) = changes.iter().find(|c| c.key == key) {
                    parts.push(format!("previously {}", plain(kind, whole.old.as_ref(), whole.old_state, self.bounds)));
                }
                for (n, word) in [(rows(ChangeKind::Added), "added"), (rows(ChangeKind::Removed), "removed")] {
                    if n > 0 {
                        parts.push(format!("{n} row{} {word}", if n == 1 { "" } else { "s" }));
                    }
                }
                if cells > 0 {
                    parts.push(format!("{cells} cell{} changed", if cells == 1 { "" } else { "s" }));
                }
                if parts.is_empty() {
                    String::new()
                } else {
                    format!(": {}", parts.join(", "))
                }
            }
            _ if first.notes_only() => " · the vendor's note".to_owned(),
            kind => format!(" · previously {}", plain(kind, first.old.as_ref(), first.old_state, self.bounds)),
        };
        vec![label, Span::new(what, SMALL.colored(palette::MUTED))]
    }
}

const MUTED_BODY: TextStyle = TextStyle { color: palette::MUTED, ..TextStyle::BODY };

/// An answer of the previous or this return in a few words: its value by label, or its state with the text
/// as written.
fn plain(kind: AnswerKind, value: Option<&Value>, state: State, bounds: Bounds) -> String {
    match (state, value) {
        (State::Answered, Some(value)) => format_value(kind, value, bounds).replace('\n', " ").replace("• ", ""),
        (State::Missing, _) => "no answer".to_owned(),
        (state, Some(Value::String(raw))) => {
            format!("{} (“{}”)", state.as_str().replace('_', " "), capped(raw, bounds.text_chars))
        }
        (state, _) => state.as_str().replace('_', " "),
    }
}

/// The cells of one change: the question (or the table row), then the answer before and after.
fn change_row(change: &Change, bounds: Bounds) -> Vec<CellContent> {
    let (base, row, field) = split_key(&change.key);
    let kind = kind_of(&change.key).unwrap_or(AnswerKind::Text);
    let table = TABLES.iter().find(|t| t.key == base);
    let mut question = vec![t(describe_key(&change.key))];
    let mut meta = change.key.clone();
    if let Some(location) = &change.location {
        meta.push_str(&format!(" · {location}"));
    }
    question.push(Span::new(format!("\n{meta}"), SMALL.colored(palette::MUTED)));
    let side = |value: Option<&Value>, state: State| -> Vec<Span> {
        match (table, row, field, value) {
            // A whole row added or removed: its cells, by column.
            (Some(table), Some(_), None, Some(Value::Object(cells))) => {
                let lines: Vec<String> = table
                    .columns
                    .iter()
                    .filter_map(|c| {
                        cells.get(c.field).map(|v| format!("{}: {}", c.header, format_value(c.kind, v, bounds)))
                    })
                    .collect();
                vec![t(lines.join("\n"))]
            }
            _ => match (state, value) {
                (State::Answered, Some(value)) => vec![t(format_value(kind, value, bounds))],
                (State::Missing, _) => vec![Span::new("No answer", TABLE_STYLE.italic().colored(palette::MUTED))],
                (state, value) => state_spans(state, value.and_then(Value::as_str).unwrap_or(""), kind, true, bounds),
            },
        }
    };
    let bar = match change.kind {
        ChangeKind::Added => GOOD,
        ChangeKind::Removed => HIGH,
        _ => palette::ACCENT,
    };
    // The vendor's notes below each side, when they changed.
    let with_notes = |mut spans: Vec<Span>, notes: Option<&String>| {
        if change.notes.is_some() {
            let (label, text) = match notes {
                Some(text) => ("\nNote: ", capped(text, bounds.text_chars)),
                None => ("\nNo note", String::new()),
            };
            spans.push(Span::new(label, SMALL.bold().italic().colored(palette::MUTED)));
            spans.push(Span::new(text, SMALL.italic().colored(palette::MUTED)));
        }
        spans
    };
    let notes = change.notes.as_ref();
    vec![
        CellContent { left_bar: Some(bar), ..cell(question) },
        cell(with_notes(side(change.old.as_ref(), change.old_state), notes.and_then(|n| n.old.as_ref()))),
        cell(with_notes(side(change.new.as_ref(), change.new_state), notes.and_then(|n| n.new.as_ref()))),
    ]
}
