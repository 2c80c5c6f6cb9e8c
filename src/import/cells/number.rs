//! Numbers, percentages and sizes: a number written with thousands separators or a decimal comma, maybe
//! qualified (`~300 ms`, `up to 2 TB`) and followed by a unit or a multiplier, converted to the unit the
//! question asks for. The number reading here also serves durations.

use super::{
    format_number, json_number, match_prefix, matches_whole, quote, tidy, trim, Code, Finding, Outcome, Reading,
};

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\'' | '’')
}

/// Splits `s` into its leading number (digits with `.`, `,` and grouping spaces between them) and the rest.
pub(super) fn split_number(s: &str) -> (&str, &str) {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            end = i + 1;
            continue;
        }
        let separator = c == '.' || c == ',' || is_group_space(c);
        let digit_follows = chars.peek().is_some_and(|(_, next)| next.is_ascii_digit());
        if separator && digit_follows && (end > 0 || c == '.' || c == ',') {
            continue;
        }
        break;
    }
    (&s[..end], &s[end..])
}

/// Reads a number without sign: `1,000`, `1 000`, `99.95`, `99,5`, `1.000.000`, `1,000.5`, `1.000,5`.
pub(super) fn parse_decimal(num: &str) -> Option<f64> {
    let dots = num.matches('.').count();
    let commas = num.matches(',').count();
    let decimal = match (dots, commas) {
        (0, 0) | (2.., 0) | (0, 2..) => None,
        (1, 0) => Some('.'),
        (0, 1) => {
            let (before, after) = num.split_once(',')?;
            let thousands = after.len() == 3
                && after.bytes().all(|b| b.is_ascii_digit())
                && !before.is_empty()
                && before.trim_start_matches('0').chars().any(|c| c.is_ascii_digit());
            (!thousands).then_some(',')
        }
        _ => {
            let mark = if num.rfind('.') > num.rfind(',') { '.' } else { ',' };
            if num.matches(mark).count() > 1 {
                return None;
            }
            Some(mark)
        }
    };
    let (int, frac) = match decimal {
        Some(mark) => num.split_once(mark)?,
        None => (num, ""),
    };
    if decimal.is_some() && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut clean = String::with_capacity(num.len());
    let (mut groups, mut group_len) = (0, 0);
    for c in int.chars() {
        if c.is_ascii_digit() {
            clean.push(c);
            group_len += 1;
        } else if is_group_space(c) || c == '.' || c == ',' {
            let bad_group = if groups == 0 { group_len == 0 || group_len > 3 } else { group_len != 3 };
            if bad_group {
                return None;
            }
            groups += 1;
            group_len = 0;
        } else {
            return None;
        }
    }
    if (groups > 0 && group_len != 3) || (clean.is_empty() && frac.is_empty()) {
        return None;
    }
    if !frac.is_empty() {
        clean.push('.');
        clean.push_str(frac);
    }
    clean.parse().ok()
}

/// Words that qualify a number (`~300 ms`, `< 200 ms`, `up to 2 TB`), longest first where one begins
/// another.
pub(super) const QUALIFIERS: &[&str] = &[
    "approximately",
    "approx.",
    "approx",
    "about",
    "around",
    "circa",
    "ca.",
    "roughly",
    "up to",
    "at least",
    "at most",
    "more than",
    "less than",
    "minimum",
    "maximum",
    "min.",
    "max.",
    "min",
    "max",
    "under",
    "below",
    "over",
    "above",
    "<=",
    ">=",
    "≤",
    "≥",
    "~",
    "≈",
    "<",
    ">",
];

/// A number read from the start of a text, with what surrounds it.
struct Lead<'t> {
    /// Whether a qualifier (`~`, `< `, `up to`, a trailing `+`) was written.
    qualified: bool,
    negative: bool,
    /// The number, if the digits read as one.
    value: Option<f64>,
    /// What follows the number (a unit), trimmed, without a trailing `.` or `+`.
    rest: &'t str,
}

fn lead_number(t: &str) -> Lead<'_> {
    let mut s = t;
    let mut qualified = false;
    for q in QUALIFIERS {
        if let Some(n) = match_prefix(s, q) {
            let rest = s[n..].trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
                s = rest;
                qualified = true;
                break;
            }
        }
    }
    let mut negative = false;
    if let Some(r) = s.strip_prefix(['-', '−']) {
        negative = true;
        s = r.trim_start();
    } else if let Some(r) = s.strip_prefix('+') {
        s = r.trim_start();
    }
    let (num, rest) = split_number(s);
    let mut rest = trim(rest);
    if let Some(r) = rest.strip_prefix('+') {
        qualified = true;
        rest = trim(r);
    }
    let rest = rest.strip_suffix('.').map_or(rest, trim);
    let value = if num.is_empty() { None } else { parse_decimal(num) };
    Lead { qualified, negative, value, rest }
}

/// Finds the unit `word` (the whole of it) in a table of spellings and factors.
pub(super) fn unit_factor(word: &str, units: &[(&str, f64)]) -> Option<f64> {
    units.iter().find(|(spelling, _)| matches_whole(word, spelling)).map(|&(_, factor)| factor)
}

/// Spellings of the units the catalogue's number questions name, with the factor to that unit.
fn number_units(unit: &str) -> &'static [(&'static str, f64)] {
    match unit {
        "ms" => &[
            ("ms", 1.0),
            ("msec", 1.0),
            ("msecs", 1.0),
            ("millisecond", 1.0),
            ("milliseconds", 1.0),
            ("s", 1000.0),
            ("sec", 1000.0),
            ("secs", 1000.0),
            ("second", 1000.0),
            ("seconds", 1000.0),
        ],
        "rps" => &[
            ("rps", 1.0),
            ("req/s", 1.0),
            ("req/sec", 1.0),
            ("reqs/s", 1.0),
            ("request/s", 1.0),
            ("requests/s", 1.0),
            ("requests/sec", 1.0),
            ("requests per second", 1.0),
            ("requests per sec", 1.0),
            ("requests a second", 1.0),
            ("req per second", 1.0),
            ("qps", 1.0),
            ("queries per second", 1.0),
            ("r/s", 1.0),
            ("/s", 1.0),
            ("per second", 1.0),
        ],
        "tps" => &[
            ("tps", 1.0),
            ("tx/s", 1.0),
            ("txn/s", 1.0),
            ("txns/s", 1.0),
            ("transactions/s", 1.0),
            ("transactions/sec", 1.0),
            ("transactions per second", 1.0),
            ("transactions per sec", 1.0),
            ("transactions a second", 1.0),
            ("/s", 1.0),
            ("per second", 1.0),
        ],
        "users" => &[("users", 1.0), ("user", 1.0), ("concurrent users", 1.0), ("concurrent", 1.0), ("ccu", 1.0)],
        _ => &[],
    }
}

/// A multiplier written after a number (`10k`, `2 million`), and what follows it.
fn multiplier(rest: &str) -> (f64, &str) {
    const WORDS: &[(&str, f64)] =
        &[("thousand", 1e3), ("million", 1e6), ("mio", 1e6), ("billion", 1e9), ("bn", 1e9), ("k", 1e3)];
    for &(word, factor) in WORDS {
        if let Some(n) = match_prefix(rest, word) {
            let after = &rest[n..];
            if !after.starts_with(|c: char| c.is_alphabetic()) {
                return (factor, trim(after));
            }
        }
    }
    // A capital M alone is a million; a lowercase m is too easily a unit.
    if let Some(after) = rest.strip_prefix('M') {
        if !after.starts_with(|c: char| c.is_alphabetic()) {
            return (1e6, trim(after));
        }
    }
    (1.0, rest)
}

pub(super) fn read_number(t: &str, unit: &str) -> Reading {
    let lead = lead_number(t);
    let Some(value) = lead.value else {
        return Reading::invalid(Finding::new(Code::InvalidNumber, format!("{} is not a number", quote(t))));
    };
    let (factor, rest) = multiplier(lead.rest);
    let unit_factor = if rest.is_empty() {
        Some(1.0)
    } else if unit.is_empty() {
        None
    } else {
        unit_factor(rest, number_units(unit)).or_else(|| matches_whole(rest, unit).then_some(1.0))
    };
    let Some(unit_factor) = unit_factor else {
        let message = if unit.is_empty() {
            format!("{} is not a number", quote(t))
        } else {
            format!("{} is not a number of {unit}", quote(t))
        };
        let hint = if unit.is_empty() {
            "write a number such as 250".to_owned()
        } else {
            format!("write a number such as 250 or 250 {unit}")
        };
        return Reading::invalid(Finding::new(Code::InvalidNumber, message).with_hint(hint));
    };
    if lead.negative && value != 0.0 {
        return Reading::invalid(Finding::new(
            Code::InvalidNumber,
            format!("{} is not a number of zero or more", quote(t)),
        ));
    }
    let value = tidy(value * factor * unit_factor);
    if !value.is_finite() {
        return Reading::invalid(Finding::new(Code::InvalidNumber, format!("{} is not a number", quote(t))));
    }
    let comment = if lead.qualified { t } else { "" };
    Reading::with_comment(Outcome::Answered(json_number(value)), t, &format_number(value), comment)
}

pub(super) fn read_percent(t: &str) -> Reading {
    const UNITS: &[(&str, f64)] = &[("%", 1.0), ("percent", 1.0), ("per cent", 1.0), ("pct", 1.0)];
    let lead = lead_number(t);
    let value = match lead.value {
        Some(v) if !lead.negative || v == 0.0 => (lead.rest.is_empty() || unit_factor(lead.rest, UNITS).is_some())
            .then_some(v)
            .filter(|v| (0.0..=100.0).contains(v)),
        _ => None,
    };
    match value {
        Some(v) => {
            let comment = if lead.qualified { t } else { "" };
            // A bare fraction of 1 is what a number cell formatted as a percentage holds, and is read the
            // same way; the vendor sees it as typed, so a warning says how it was read.
            let fraction = lead.rest.is_empty() && v > 0.0 && v <= 1.0 && t.contains(['.', ',']);
            let v = tidy(if fraction { v * 100.0 } else { v });
            let mut reading = Reading::with_comment(Outcome::Answered(json_number(v)), t, &format_number(v), comment);
            if fraction {
                let percent = format_number(v);
                reading.warnings.push(
                    Finding::new(Code::PercentFraction, format!("{} read as {percent} %, a fraction of 1", quote(t)))
                        .with_hint(format!(
                            "write {percent} % to say so, or {} % for a fraction of one percent",
                            trim(t)
                        )),
                );
            }
            reading
        }
        None => Reading::invalid(Finding::new(
            Code::InvalidPercent,
            format!("{} is not a percentage from 0 to 100", quote(t)),
        )),
    }
}

pub(super) fn read_size(t: &str) -> Reading {
    const UNITS: &[(&str, f64)] = &[
        ("gb", 1.0),
        ("g", 1.0),
        ("gigabyte", 1.0),
        ("gigabytes", 1.0),
        ("tb", 1e3),
        ("t", 1e3),
        ("terabyte", 1e3),
        ("terabytes", 1e3),
        ("mb", 1e-3),
        ("megabyte", 1e-3),
        ("megabytes", 1e-3),
        ("kb", 1e-6),
        ("kilobyte", 1e-6),
        ("kilobytes", 1e-6),
        ("pb", 1e6),
        ("petabyte", 1e6),
        ("petabytes", 1e6),
        ("gib", 1.073_741_824),
        ("tib", 1_099.511_627_776),
        ("mib", 0.001_048_576),
        ("kib", 0.000_001_024),
        ("pib", 1_125_899.906_842_624),
    ];
    let lead = lead_number(t);
    let value = match lead.value {
        Some(v) if !lead.negative || v == 0.0 => {
            let factor = if lead.rest.is_empty() { Some(1.0) } else { unit_factor(lead.rest, UNITS) };
            factor.map(|f| tidy(v * f)).filter(|v| v.is_finite())
        }
        _ => None,
    };
    match value {
        Some(v) => {
            let comment = if lead.qualified { t } else { "" };
            Reading::with_comment(Outcome::Answered(json_number(v)), t, &format!("{} GB", format_number(v)), comment)
        }
        None => Reading::invalid(Finding::new(Code::InvalidSize, format!("{} is not a size", quote(t)))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::*;
    use serde_json::json;

    #[test]
    fn numbers() {
        for (text, expected) in [
            ("1,000", json!(1000)),
            ("1 000", json!(1000)),
            ("1\u{a0}000", json!(1000)),
            ("1\u{202f}000", json!(1000)),
            ("99.95", json!(99.95)),
            ("99,5", json!(99.5)),
            ("0,125", json!(0.125)),
            ("1,000,000", json!(1_000_000)),
            ("1.000.000", json!(1_000_000)),
            ("1,000.5", json!(1000.5)),
            ("300", json!(300)),
            ("300 ms", json!(300)),
            ("300ms", json!(300)),
            ("300 msec", json!(300)),
            ("300 milliseconds", json!(300)),
            ("0.3 s", json!(300)),
            ("~300 ms", json!(300)),
        ] {
            assert_eq!(value(LATENCY, text), expected, "{text}");
        }
        for text in ["400 rps", "400 req/s", "400 requests per second", "400/s", "400", "10k rps"] {
            assert!(value(THROUGHPUT, text).is_number(), "{text}");
        }
        assert_eq!(value(THROUGHPUT, "10k rps"), json!(10_000));
        assert_eq!(value(AnswerKind::Number { unit: "tps" }, "250 transactions per second"), json!(250));
        assert_eq!(value(AnswerKind::Number { unit: "users" }, "5,000 concurrent users"), json!(5000));
        assert_eq!(read_cell(LATENCY, Some(&CellValue::Number(250.0))).outcome, Outcome::Answered(json!(250)));
        let reading = read_text(LATENCY, "< 200 ms");
        assert_eq!((reading.outcome, reading.comment.as_deref()), (Outcome::Answered(json!(200)), Some("< 200 ms")));
    }

    #[test]
    fn number_failures() {
        let f = finding(LATENCY, "fast");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidNumber, "\"fast\" is not a number"));
        assert_eq!(finding(LATENCY, "300 apples").message, "\"300 apples\" is not a number of ms");
        assert_eq!(finding(LATENCY, "-5").message, "\"-5\" is not a number of zero or more");
        assert_eq!(finding(LATENCY, "300 rps").code, Code::InvalidNumber);
        assert_eq!(finding(LATENCY, "100-200").code, Code::InvalidNumber);
        assert_eq!(finding(LATENCY, "1 2").code, Code::InvalidNumber);
        let Outcome::Invalid(f) = read_cell(LATENCY, Some(&CellValue::Number(-5.0))).outcome else { panic!() };
        assert_eq!(f.message, "\"-5\" is not a number of zero or more");
    }

    #[test]
    fn percentages() {
        for text in ["99.95", "99.95 %", "99,95%", "99.95%", "99.95 percent"] {
            assert_eq!(value(AnswerKind::Percent, text), json!(99.95), "{text}");
        }
        // A cell formatted as a percentage holds the fraction.
        let cell = CellValue::Number(0.9995);
        assert_eq!(read_cell(AnswerKind::Percent, Some(&cell)).outcome, Outcome::Answered(json!(99.95)));
        assert_eq!(
            read_cell(AnswerKind::Percent, Some(&CellValue::Number(1.0))).outcome,
            Outcome::Answered(json!(100))
        );
        assert_eq!(
            read_cell(AnswerKind::Percent, Some(&CellValue::Number(99.9))).outcome,
            Outcome::Answered(json!(99.9))
        );
        let f = finding(AnswerKind::Percent, "120 %");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidPercent, "\"120 %\" is not a percentage from 0 to 100"));
        for bad in ["-1", "high", "99.95 % uptime"] {
            assert_eq!(finding(AnswerKind::Percent, bad).code, Code::InvalidPercent, "{bad}");
        }
        let Outcome::Invalid(f) = read_cell(AnswerKind::Percent, Some(&CellValue::Number(150.0))).outcome else {
            panic!()
        };
        assert_eq!(f.message, "\"150\" is not a percentage from 0 to 100");
    }

    #[test]
    fn a_percentage_typed_as_a_fraction_reads_like_a_number_cell_with_a_warning() {
        for (text, cell, expected) in [
            ("0.999", 0.999, json!(99.9)),
            ("0,9995", 0.9995, json!(99.95)),
            ("0.5", 0.5, json!(50)),
            ("1.0", 1.0, json!(100)),
            (".95", 0.95, json!(95)),
        ] {
            let typed = read_text(AnswerKind::Percent, text);
            let number = read_cell(AnswerKind::Percent, Some(&CellValue::Number(cell)));
            assert_eq!(typed.outcome, Outcome::Answered(expected.clone()), "{text}");
            assert_eq!(number.outcome, typed.outcome, "{text}: the text and the number cell agree");
            assert_eq!(typed.warnings.len(), 1, "{text}");
            assert_eq!(typed.warnings[0].code, Code::PercentFraction);
            assert!(number.warnings.is_empty(), "a number cell is most often formatted as a percentage");
        }
        let warning = &read_text(AnswerKind::Percent, "0.999").warnings[0];
        assert_eq!(warning.message, "\"0.999\" read as 99.9 %, a fraction of 1");
        assert_eq!(warning.hint.as_deref(), Some("write 99.9 % to say so, or 0.999 % for a fraction of one percent"));
        // A percent sign, a whole number or zero is read as written.
        for (text, expected) in
            [("0.5 %", json!(0.5)), ("1", json!(1)), ("0", json!(0)), ("0.0", json!(0)), ("99.9", json!(99.9))]
        {
            let reading = read_text(AnswerKind::Percent, text);
            assert_eq!(reading.outcome, Outcome::Answered(expected), "{text}");
            assert!(reading.warnings.is_empty(), "{text}");
        }
    }

    #[test]
    fn sizes() {
        for (text, expected) in [
            ("500", json!(500)),
            ("500 GB", json!(500)),
            ("2 TB", json!(2000)),
            ("1.5TB", json!(1500)),
            ("800 MB", json!(0.8)),
            ("2 PB", json!(2_000_000)),
            ("1,5 TB", json!(1500)),
            ("1 TiB", json!(1099.511627776)),
        ] {
            assert_eq!(value(AnswerKind::SizeGb, text), expected, "{text}");
        }
        assert_eq!(
            read_cell(AnswerKind::SizeGb, Some(&CellValue::Number(750.0))).outcome,
            Outcome::Answered(json!(750))
        );
        let f = finding(AnswerKind::SizeGb, "huge");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidSize, "\"huge\" is not a size"));
        assert_eq!(finding(AnswerKind::SizeGb, "-2 TB").code, Code::InvalidSize);
        assert_eq!(finding(AnswerKind::SizeGb, "2 TB/day").code, Code::InvalidSize);
    }
}
