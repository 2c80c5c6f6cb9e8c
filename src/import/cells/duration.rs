//! A duration: ISO 8601 (`PT4H`), a clock (`4:00`), or numbers with units (`1 h 30 min`, `2 days, 4
//! hours`), in whole seconds as the profile's [`IsoDuration`] holds it.

use serde_json::Value;

use super::number::{parse_decimal, split_number, unit_factor, QUALIFIERS};
use super::{match_prefix, quote, trim, Code, Finding, Outcome, Reading};
use crate::profile::IsoDuration;

const DURATION_UNITS: &[(&str, f64)] = &[
    ("ms", 0.001),
    ("msec", 0.001),
    ("millisecond", 0.001),
    ("milliseconds", 0.001),
    ("s", 1.0),
    ("sec", 1.0),
    ("secs", 1.0),
    ("second", 1.0),
    ("seconds", 1.0),
    ("m", 60.0),
    ("mn", 60.0),
    ("min", 60.0),
    ("mins", 60.0),
    ("minute", 60.0),
    ("minutes", 60.0),
    ("minuten", 60.0),
    ("h", 3600.0),
    ("hr", 3600.0),
    ("hrs", 3600.0),
    ("hour", 3600.0),
    ("hours", 3600.0),
    ("std", 3600.0),
    ("stunde", 3600.0),
    ("stunden", 3600.0),
    ("d", 86_400.0),
    ("day", 86_400.0),
    ("days", 86_400.0),
    ("tag", 86_400.0),
    ("tage", 86_400.0),
    ("w", 604_800.0),
    ("wk", 604_800.0),
    ("wks", 604_800.0),
    ("week", 604_800.0),
    ("weeks", 604_800.0),
    ("mo", 2_592_000.0),
    ("month", 2_592_000.0),
    ("months", 2_592_000.0),
    ("y", 31_536_000.0),
    ("yr", 31_536_000.0),
    ("yrs", 31_536_000.0),
    ("year", 31_536_000.0),
    ("years", 31_536_000.0),
];

/// Why a duration did not read.
enum DurationError {
    NotADuration,
    NoUnit,
}

pub(super) fn read_duration(t: &str) -> Reading {
    let (s, qualified) = match QUALIFIERS.iter().find_map(|q| {
        let rest = t[match_prefix(t, q)?..].trim_start();
        rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == 'P' || c == 'p').then_some(rest)
    }) {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    let iso = if s.starts_with(['P', 'p']) {
        let upper = s.to_ascii_uppercase();
        upper.parse::<IsoDuration>().ok().map(|d| {
            // The schema allows a fraction only in the seconds; otherwise write the canonical form.
            let last_unit = upper[..upper.len() - 1].rfind(|c: char| c.is_ascii_alphabetic()).unwrap_or(0);
            let fraction_ok = upper.find('.').is_none_or(|dot| dot > last_unit && upper.ends_with('S'));
            if fraction_ok {
                upper
            } else {
                IsoDuration::from_seconds(d.seconds().round() as u64).to_string()
            }
        })
    } else {
        None
    };
    let result = match iso {
        Some(iso) => Ok(iso),
        None => duration_seconds(s).map(|secs| IsoDuration::from_seconds(secs.round() as u64).to_string()),
    };
    match result {
        Ok(iso) => {
            let comment = if qualified { t } else { "" };
            Reading::with_comment(Outcome::Answered(Value::String(iso.clone())), t, &iso, comment)
        }
        Err(error) => {
            let finding = Finding::new(Code::InvalidDuration, format!("{} is not a duration", quote(t)));
            Reading::invalid(match error {
                DurationError::NoUnit => finding.with_hint("add a unit, e.g. 15 min or 4 h"),
                DurationError::NotADuration => finding,
            })
        }
    }
}

/// Seconds in `1 h 30 min`, `15m`, `4:00`, `2 days, 4 hours`, `0`.
fn duration_seconds(s: &str) -> Result<f64, DurationError> {
    use DurationError::*;
    if s.contains(':') {
        return clock_seconds(s).ok_or(NotADuration);
    }
    let mut rest = s;
    let mut total = 0.0;
    let mut pairs = 0;
    let mut last_factor = 0.0;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',' || c == '+' || c == '&');
        if let Some(n) = match_prefix(rest, "and ") {
            rest = &rest[n..];
        }
        if rest.is_empty() {
            break;
        }
        let (num, after) = split_number(rest);
        let value = parse_decimal(num).ok_or(NotADuration)?;
        let after = trim(after);
        let word_len = after.find(|c: char| !c.is_alphabetic()).unwrap_or(after.len());
        if word_len == 0 {
            if !after.is_empty() {
                return Err(NotADuration);
            }
            // A bare number: `0`, or the minutes of `1h30`; any other has no unit.
            return match (pairs, last_factor) {
                (0, _) if value == 0.0 => Ok(0.0),
                (0, _) => Err(NoUnit),
                (_, f) if f == 3600.0 && value < 60.0 => Ok(total + value * 60.0),
                _ => Err(NotADuration),
            };
        }
        let factor = unit_factor(&after[..word_len], DURATION_UNITS).ok_or(NotADuration)?;
        total += value * factor;
        pairs += 1;
        last_factor = factor;
        rest = after[word_len..].strip_prefix('.').unwrap_or(&after[word_len..]);
    }
    if pairs == 0 || !total.is_finite() || total > 1e12 {
        return Err(NotADuration);
    }
    Ok(total)
}

/// Seconds in `h:mm` or `h:mm:ss`.
fn clock_seconds(s: &str) -> Option<f64> {
    let mut parts = s.split(':');
    let hours = parts.next()?;
    if hours.is_empty() || hours.len() > 5 || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut total: f64 = hours.parse::<f64>().ok()? * 3600.0;
    let mut factor = 60.0;
    let mut count = 0;
    for part in parts {
        if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) || factor < 1.0 {
            return None;
        }
        let n: f64 = part.parse().ok()?;
        if n >= 60.0 {
            return None;
        }
        total += n * factor;
        factor /= 60.0;
        count += 1;
    }
    (count > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use crate::profile::catalogue::AnswerKind;
    use chrono::NaiveDate;
    use serde_json::json;

    #[test]
    fn durations() {
        for (text, expected) in [
            ("15 min", "PT15M"),
            ("15m", "PT15M"),
            ("15 mins", "PT15M"),
            ("4 h", "PT4H"),
            ("4 hours", "PT4H"),
            ("4hrs", "PT4H"),
            ("1 day", "P1D"),
            ("2 days", "P2D"),
            ("1 week", "P7D"),
            ("30 s", "PT30S"),
            ("1.5 h", "PT1H30M"),
            ("1,5 h", "PT1H30M"),
            ("0", "PT0S"),
            ("PT4H", "PT4H"),
            ("pt4h", "PT4H"),
            ("P1W", "P1W"),
            ("PT1.5H", "PT1H30M"),
            ("00:15", "PT15M"),
            ("4:00", "PT4H"),
            ("1 h 30 min", "PT1H30M"),
            ("1h30", "PT1H30M"),
            ("2 days, 4 hours", "P2DT4H"),
            ("< 15 min", "PT15M"),
        ] {
            assert_eq!(value(AnswerKind::Duration, text), json!(expected), "{text}");
        }
        assert_eq!(
            read_cell(AnswerKind::Duration, Some(&CellValue::Number(0.0))).outcome,
            Outcome::Answered(json!("PT0S"))
        );
        // A time-of-day cell, as calamine gives an Excel time.
        let time = NaiveDate::from_ymd_opt(1899, 12, 31).unwrap().and_hms_opt(0, 15, 0).unwrap();
        assert_eq!(raw_text(&CellValue::DateTime(time)), "0:15");
        assert_eq!(
            read_cell(AnswerKind::Duration, Some(&CellValue::DateTime(time))).outcome,
            Outcome::Answered(json!("PT15M"))
        );
    }

    #[test]
    fn duration_failures() {
        let f = finding(AnswerKind::Duration, "15");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidDuration, "\"15\" is not a duration"));
        assert_eq!(f.hint.as_deref(), Some("add a unit, e.g. 15 min or 4 h"));
        let Outcome::Invalid(cell) = read_cell(AnswerKind::Duration, Some(&CellValue::Number(15.0))).outcome else {
            panic!()
        };
        assert_eq!(cell, f, "a numeric cell and its text report the same problem");
        for bad in ["soon", "near zero", "15 parsecs", "4:75", "P", "PT", "-5 min", "15-30 min"] {
            let f = finding(AnswerKind::Duration, bad);
            assert_eq!((f.code, f.hint), (Code::InvalidDuration, None), "{bad}");
        }
    }
}
