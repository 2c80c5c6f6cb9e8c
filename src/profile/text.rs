//! How the profile's values read as text, in one place: a JSON value as the person wrote it, numbers with
//! thousands separators, and the small sentence helpers the messages, the gaps and the report share.

use serde_json::Value;

/// A JSON value as a person wrote it: a string without its quotes, anything else as JSON text.
///
/// ```
/// use discovery::profile::value_text;
/// assert_eq!(value_text(&serde_json::json!("Azur")), "Azur");
/// assert_eq!(value_text(&serde_json::json!(120)), "120");
/// ```
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `1,800`, `99.95`, `0.5`: thousands separated, at most six decimals, no trailing zeros.
///
/// ```
/// assert_eq!(discovery::profile::grouped_number(12345.678), "12,345.678");
/// assert_eq!(discovery::profile::grouped_number(99.999), "99.999");
/// assert_eq!(discovery::profile::grouped_number(0.5), "0.5");
/// ```
pub fn grouped_number(n: f64) -> String {
    let negative = n < 0.0;
    let n = n.abs();
    // Six decimals: a five-nines SLA (99.999) or a size of 1 MB (0.001 GB) is shown as it is, never
    // rounded to 100 % or 0 GB; a value read from a spreadsheet has no float noise left at that scale.
    let rounded = (n * 1e6).round() / 1e6;
    let whole = rounded.trunc() as u64;
    let mut digits = whole.to_string();
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    grouped = format!("{digits}{grouped}");
    let frac = ((rounded - rounded.trunc()) * 1e6).round() as u64;
    if frac > 0 {
        let f = format!("{frac:06}");
        grouped.push('.');
        grouped.push_str(f.trim_end_matches('0'));
    }
    if negative {
        grouped.insert(0, '-');
    }
    grouped
}

/// The text with its first letter in lower case, for use inside a sentence (`deep dive`).
pub(crate) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Joins phrases as a sentence does: `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The error values Excel shows in a cell in place of a value, older and newer.
pub(crate) const SPREADSHEET_ERRORS: &[&str] = &[
    "#N/A",
    "#REF!",
    "#DIV/0!",
    "#VALUE!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#DATA!",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
    "#BLOCKED!",
    "#CONNECT!",
    "#BUSY!",
    "#UNKNOWN!",
    "#GETTING_DATA",
    "#PYTHON!",
];

/// Whether the text is a spreadsheet's error value: Excel's (`#N/A`, `#SPILL!`, case aside), or
/// LibreOffice's `Err:502`, which its files and CSV exports carry as text.
pub(crate) fn is_spreadsheet_error(t: &str) -> bool {
    if t.starts_with('#') {
        return SPREADSHEET_ERRORS.iter().any(|e| e.eq_ignore_ascii_case(t));
    }
    t.strip_prefix("Err:").is_some_and(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_rounded() {
        assert_eq!(grouped_number(1800.0), "1,800");
        assert_eq!(grouped_number(99.95), "99.95");
        assert_eq!(grouped_number(-1234567.0), "-1,234,567");
        assert_eq!(grouped_number(1.0 / 3.0), "0.333333");
    }

    #[test]
    fn sentences_join_and_lower() {
        assert_eq!(and_list(&["a".into(), "b".into(), "c".into()]), "a, b and c");
        assert_eq!(lower_first("Deep dive"), "deep dive");
    }
}
