//! Answers as a person reads them: a value by its label and unit, a list one item per line, a duration in
//! words, a date that no locale misreads, and an answer without a value by its state (none, not
//! applicable, unknown, missing, unreadable) with the text as the vendor wrote it.

use serde_json::Value;

use super::{MUTED, SMALL};
use crate::profile::{
    grouped_number, label_of, lower_first, value_text, AnswerKind, Choice, Date, IsoDuration, State, YesNo,
};
use crate::render::layout::{palette, Span, TABLE_STYLE};
use crate::render::style::{t, HIGH, MEDIUM};

/// How much of a long list or text the report draws. A questionnaire within the import limits can hold
/// tables of 9,998 rows, thousands of gaps and diagnostics, and answers of 100 000 characters; drawn whole
/// that is thousands of pages and many seconds. So each long list draws its first entries and says how many
/// more there are and where (the profile JSON keeps everything; `discovery check` lists every gap and
/// diagnostic), unless [`ReportOptions::complete`](super::ReportOptions::complete) asks for everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Bounds {
    /// Characters of one text: an answer, a note, the text as written.
    pub text_chars: usize,
    /// Entries of one list answer.
    pub list_items: usize,
    /// Rows of each table (parts 3 and 5).
    pub table_rows: usize,
    /// Gap callouts in part 2.
    pub gaps: usize,
    /// Diagnostics in the appendix.
    pub diagnostics: usize,
    /// Entries of unmatched text in the appendix.
    pub unmatched: usize,
    /// Dates on the timeline of part 6, and milestones listed without a date.
    pub events: usize,
    /// Row names a table question's answer cell lists in part 4, and engagements the summary lists.
    pub names: usize,
    /// Gap flags (`G3 high`) beside one answer or row.
    pub flags: usize,
}

impl Bounds {
    /// What a report draws by default: enough for any real questionnaire, a few dozen pages at most for
    /// the largest file the limits accept.
    pub const DEFAULT: Bounds = Bounds {
        text_chars: 5_000,
        list_items: 100,
        table_rows: 100,
        gaps: 100,
        diagnostics: 200,
        unmatched: 100,
        events: 100,
        names: 20,
        flags: 12,
    };

    /// Everything, however long.
    pub const NONE: Bounds = Bounds {
        text_chars: usize::MAX,
        list_items: usize::MAX,
        table_rows: usize::MAX,
        gaps: usize::MAX,
        diagnostics: usize::MAX,
        unmatched: usize::MAX,
        events: usize::MAX,
        names: usize::MAX,
        flags: usize::MAX,
    };
}

/// A text as the report draws it: at most `max` characters, then how many more there are.
pub(super) fn capped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => {
            let more = text[end..].chars().count();
            format!("{}… ({more} more characters in the profile JSON)", &text[..end])
        }
        None => text.to_owned(),
    }
}

/// How an answer without a value reads: none, not applicable, unknown, missing or unreadable, with the raw
/// text.
pub(super) fn state_spans(state: State, raw: &str, kind: AnswerKind, required: bool, bounds: Bounds) -> Vec<Span> {
    let quoted = |s: &str| format!("“{}”", capped(s, bounds.text_chars));
    match state {
        State::Answered => vec![t(raw)],
        State::NotApplicable | State::None => {
            let word = if state == State::None { "None" } else { "Not applicable" };
            let mut spans = vec![Span::new(word, TABLE_STYLE.italic().colored(palette::MUTED))];
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
pub(super) fn format_value(kind: AnswerKind, value: &Value, bounds: Bounds) -> String {
    capped(&format_whole(kind, value, bounds.list_items), bounds.text_chars)
}

fn format_whole(kind: AnswerKind, value: &Value, max_items: usize) -> String {
    let items = |v: &Value, f: &dyn Fn(&str) -> String| -> String {
        match v {
            Value::Array(all) => {
                let items: Vec<String> =
                    all.iter().take(max_items).map(|i| f(i.as_str().unwrap_or_default())).collect();
                if items.len() > 1 {
                    let mut lines = items.iter().map(|i| format!("• {i}")).collect::<Vec<_>>().join("\n");
                    if all.len() > items.len() {
                        lines.push_str(&format!("\n… and {} more in the profile JSON", all.len() - items.len()));
                    }
                    lines
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
        AnswerKind::Choice(set) => label_of(set.options, &value_text(value)).to_owned(),
        AnswerKind::Choices(set) => items(value, &|s| label_of(set.options, s).to_owned()),
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
pub(super) fn long_date(date: Date) -> String {
    date.0.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::catalogue::question;

    #[test]
    fn numbers_read_like_a_person_writes_them() {
        assert_eq!(grouped_number(1800.0), "1,800");
        assert_eq!(grouped_number(99.95), "99.95");
        assert_eq!(grouped_number(1_234_567.5), "1,234,567.5");
        assert_eq!(grouped_number(0.0), "0");
        // Never rounded to a figure the vendor did not give: five nines are not 100 %, 1 MB is not 0 GB.
        assert_eq!(grouped_number(99.999), "99.999");
        assert_eq!(grouped_number(99.99999), "99.99999");
        assert_eq!(grouped_number(0.001), "0.001");
        assert_eq!(grouped_number(5.8), "5.8");
        assert_eq!(grouped_number(0.1 + 0.2), "0.3");
        assert_eq!(IsoDuration::from_seconds(900).human(), "15 minutes");
        assert_eq!(IsoDuration::from_seconds(3600).human(), "1 hour");
    }

    #[test]
    fn values_are_shown_by_label_with_units() {
        let hosting = question("architecture.current_hosting").unwrap().kind;
        assert_eq!(format_value(hosting, &Value::from("on_premises"), Bounds::DEFAULT), "On premises");
        let rps = question("requirements.performance.min_throughput_rps").unwrap().kind;
        assert_eq!(format_value(rps, &Value::from(400), Bounds::DEFAULT), "400 rps");
        let rpo = question("requirements.disaster_recovery.rpo").unwrap().kind;
        assert_eq!(format_value(rpo, &Value::from("PT15M"), Bounds::DEFAULT), "15 minutes (PT15M)");
        let regions = question("architecture.regions").unwrap().kind;
        assert_eq!(
            format_value(regions, &serde_json::json!(["UK South", "West Europe"]), Bounds::DEFAULT),
            "• UK South\n• West Europe"
        );
    }

    #[test]
    fn long_texts_and_lists_are_drawn_in_part() {
        let overview = question("solution.overview").unwrap().kind;
        let text = format_value(overview, &Value::from("a".repeat(Bounds::DEFAULT.text_chars + 7)), Bounds::DEFAULT);
        assert!(text.ends_with("a… (7 more characters in the profile JSON)"), "{}", &text[text.len() - 60..]);
        let regions = question("architecture.regions").unwrap().kind;
        let list: Vec<String> = (0..Bounds::DEFAULT.list_items + 3).map(|i| format!("r{i}")).collect();
        let text = format_value(regions, &serde_json::json!(list), Bounds::DEFAULT);
        assert_eq!(text.lines().count(), Bounds::DEFAULT.list_items + 1);
        assert!(text.ends_with("\n… and 3 more in the profile JSON"), "{text}");
    }
}
