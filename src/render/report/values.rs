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

/// How an answer without a value reads: none, not applicable, unknown, missing or unreadable, with the raw
/// text.
pub(super) fn state_spans(state: State, raw: &str, kind: AnswerKind, required: bool) -> Vec<Span> {
    let quoted = |s: &str| format!("“{s}”");
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
pub(super) fn format_value(kind: AnswerKind, value: &Value) -> String {
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
}
