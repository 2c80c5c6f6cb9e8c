//! A date: a date cell, an Excel serial, ISO and compact forms, numeric dates in either order (day first
//! when both read, with a warning unless the dots of day-first countries say so), and written dates with
//! English or German month names.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use super::{plausible_year, quote, Code, Date, Finding, Reading};

/// The date of an Excel serial number in the 1900 date system, if it lies in a plausible range.
///
/// Excel counts 1900-02-29, which did not exist, so from serial 61 (1900-03-01) on the days are counted
/// from 1899-12-30; the plausible range lies entirely after that.
pub(super) fn excel_serial(n: f64) -> Option<NaiveDate> {
    const FIRST: f64 = 32_874.0; // 1990-01-01
    const LAST: f64 = 109_939.0; // 2200-12-31
    if !(FIRST..LAST + 1.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
];

/// Words a written date may hold beside its month: weekdays, ordinal suffixes, the `T` of ISO 8601.
const DATE_FILLERS: &[&str] = &[
    "st",
    "nd",
    "rd",
    "th",
    "of",
    "the",
    "t",
    "am",
    "pm",
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "den",
];

pub(super) fn read_date(t: &str) -> Reading {
    match parse_date(t) {
        Ok((date, warning)) => {
            let mut reading = Reading::answered(Value::String(Date(date).to_string()));
            reading.warnings.extend(warning);
            reading
        }
        Err(()) => Reading::invalid(Finding::new(Code::InvalidDate, format!("{} is not a date", quote(t)))),
    }
}

fn two_digit_year(digits: &str, n: u32) -> Option<i32> {
    match digits.len() {
        4 => Some(n as i32),
        2 if n < 30 => Some(2000 + n as i32),
        2 => Some(1900 + n as i32),
        _ => None,
    }
}

/// Whether `t` is written as a serial number or a compact `YYYYMMDD` may be: digits with at most one dot.
pub(super) fn serial_like(t: &str) -> bool {
    t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.bytes().filter(|&b| b == b'.').count() <= 1
}

fn parse_date(t: &str) -> Result<(NaiveDate, Option<Finding>), ()> {
    let in_calendar = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible_year(d.year()));
    // A serial number or a compact `YYYYMMDD`.
    if serial_like(t) {
        if t.len() == 8 && !t.contains('.') {
            let n = |r: std::ops::Range<usize>| t[r].parse::<u32>().ok();
            if let Some(date) = in_calendar(n(0..4).ok_or(())? as i32, n(4..6).ok_or(())?, n(6..8).ok_or(())?) {
                return Ok((date, None));
            }
        }
        if let Some(date) = t.parse::<f64>().ok().and_then(excel_serial) {
            return Ok((date, None));
        }
    }
    let mut numbers: Vec<(&str, u32)> = Vec::with_capacity(3);
    let mut month = None;
    let mut separator = None;
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let len = rest.bytes().take_while(u8::is_ascii_digit).count();
            if rest[len..].starts_with(':') {
                // The time of a date-time (`2026-03-15 14:30`): the date is what came before it.
                break;
            }
            if numbers.len() == 3 || len > 4 {
                return Err(());
            }
            numbers.push((&rest[..len], rest[..len].parse().map_err(|_| ())?));
            rest = &rest[len..];
        } else if c.is_alphabetic() {
            let len = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
            let word = &rest[..len];
            let lower = word.to_lowercase();
            if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| *name == lower) {
                if month.replace(m).is_some() {
                    return Err(());
                }
            } else if !DATE_FILLERS.contains(&lower.as_str()) {
                return Err(());
            }
            rest = &rest[len..];
        } else if c.is_whitespace() || matches!(c, ',' | '.' | '/' | '-') {
            if matches!(c, '.' | '/' | '-') && numbers.len() == 1 && separator.is_none() {
                separator = Some(c);
            }
            rest = &rest[c.len_utf8()..];
        } else {
            return Err(());
        }
    }
    if let Some(month) = month {
        let [(a, an), (b, bn)] = numbers.as_slice() else { return Err(()) };
        let (day, (year_digits, year)) = if a.len() == 4 { (*bn, (*a, *an)) } else { (*an, (*b, *bn)) };
        let year = two_digit_year(year_digits, year).ok_or(())?;
        return in_calendar(year, month, day).map(|d| (d, None)).ok_or(());
    }
    let [(a, an), (b, bn), (c, cn)] = numbers.as_slice() else { return Err(()) };
    if a.len() == 4 {
        if b.len() > 2 || c.len() > 2 {
            return Err(());
        }
        return in_calendar(*an as i32, *bn, *cn).map(|d| (d, None)).ok_or(());
    }
    if a.len() > 2 || b.len() > 2 {
        return Err(());
    }
    let year = two_digit_year(c, *cn).ok_or(())?;
    match (in_calendar(year, *bn, *an), in_calendar(year, *an, *bn)) {
        (Some(day_first), Some(month_first)) if day_first != month_first && separator != Some('.') => {
            let read = Date(day_first);
            let other = Date(month_first);
            let warning =
                Finding::new(Code::AmbiguousDate, format!("{} is ambiguous; read as {read} (day first)", quote(t)))
                    .with_hint(format!("if {other} was meant, write it as {other}"));
            Ok((day_first, Some(warning)))
        }
        (Some(day_first), _) => Ok((day_first, None)),
        (None, Some(month_first)) => Ok((month_first, None)),
        (None, None) => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use super::*;
    use crate::profile::catalogue::AnswerKind;
    use serde_json::json;

    #[test]
    fn dates() {
        for text in [
            "2026-03-15",
            "2026/03/15",
            "15.03.2026",
            "15/03/2026",
            "15-03-2026",
            "15.03.26",
            "15 March 2026",
            "March 15, 2026",
            "15-Mar-2026",
            "15-Mar-26",
            "15th March 2026",
            "Sunday, 15 March 2026",
            "15. März 2026",
            "2026-03-15T10:00:00",
            "2026-03-15 14:30",
            "20260315",
            "46096",
            "03/15/2026",
        ] {
            let reading = read_text(AnswerKind::Date, text);
            assert_eq!(reading.outcome, Outcome::Answered(json!("2026-03-15")), "{text}");
            assert!(reading.warnings.is_empty(), "{text}");
        }
        let date = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        for cell in [
            CellValue::Date(date),
            CellValue::DateTime(date.and_hms_opt(14, 30, 0).unwrap()),
            CellValue::Number(46096.0),
            CellValue::Number(46096.75),
        ] {
            assert_eq!(
                read_cell(AnswerKind::Date, Some(&cell)).outcome,
                Outcome::Answered(json!("2026-03-15")),
                "{cell:?}"
            );
        }
        // Serial 61 is 1900-03-01 in Excel; the plausible range begins long after the 1900 leap-year bug.
        assert_eq!(excel_serial(32_874.0), NaiveDate::from_ymd_opt(1990, 1, 1));
        assert_eq!(excel_serial(109_939.0), NaiveDate::from_ymd_opt(2200, 12, 31));
        assert_eq!(excel_serial(109_940.0), None);
        assert_eq!(excel_serial(61.0), None);
    }

    #[test]
    fn an_ambiguous_date_is_read_day_first_with_a_warning() {
        let reading = read_text(AnswerKind::Date, "03/04/2026");
        assert_eq!(reading.outcome, Outcome::Answered(json!("2026-04-03")));
        assert_eq!(reading.warnings.len(), 1);
        assert_eq!(reading.warnings[0].code, Code::AmbiguousDate);
        assert_eq!(reading.warnings[0].message, "\"03/04/2026\" is ambiguous; read as 2026-04-03 (day first)");
        assert!(read_text(AnswerKind::Date, "03.04.2026").warnings.is_empty(), "dots are day first");
        assert!(read_text(AnswerKind::Date, "03/03/2026").warnings.is_empty(), "both readings agree");
    }

    #[test]
    fn date_failures() {
        let f = finding(AnswerKind::Date, "31.02.2026");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidDate, "\"31.02.2026\" is not a date"));
        for bad in ["Q3 2026", "March 2026", "next week", "2026-13-01", "32/01/2026", "5", "15.03.2026.1", "2026"] {
            assert_eq!(finding(AnswerKind::Date, bad).code, Code::InvalidDate, "{bad}");
        }
        let Outcome::Invalid(f) = read_cell(AnswerKind::Date, Some(&CellValue::Number(5.0))).outcome else { panic!() };
        assert_eq!(f.message, "\"5\" is not a date");
    }
}
