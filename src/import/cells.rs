//! Reading one spreadsheet cell as an answer of a given type.
//!
//! Every reader of a format (xlsx, xls, ods, csv) turns its cells into [`CellValue`]s and hands each one,
//! with its question's [`AnswerKind`], to [`read_cell`]; the profile JSON's raw text of an invalid answer
//! goes through [`read_text`]. Both give a [`Reading`]: the answer's state with its JSON value, warnings,
//! and any explanation the vendor wrote beside the answer, which the importer appends to the question's
//! notes. The rules are the contract's "Answer types" and "Answer states" tables; this module is the one
//! place they are implemented, and the value types' own constructors ([`IsoDuration::from_seconds`],
//! [`Date`], [`Email`]) decide what is valid.
//!
//! # Decisions where the contract is silent
//! - A lone dash (`-`, `–`, `—`) means not applicable, as it does on paper forms. `n.a.`, `not relevant`
//!   and `does not apply` do too.
//! - `none` is not applicable for every type except free text (where "None" is the vendor's answer, e.g.
//!   to "data residency constraints") and a choice that has a `none` option (the DR strategy), where it is
//!   that option.
//! - Besides the contract's list, `unsure`, `no idea`, `undecided`, `to be defined` (decided, determined,
//!   confirmed, clarified) and any run of `?` are unknown.
//! - An answer followed by an explanation keeps the explanation: `Yes, across three zones`, `N/A - we do
//!   not migrate`, `Azure (West Europe)`, `Jane Doe <jane@example.com>` are read as the answer, and the rest
//!   goes to [`Reading::comment`] with a `comment-moved` warning. Free text and lists take the whole text.
//!   A single-letter or digit answer (`y`, `n`, `x`, `1`, `0`) counts only alone, so that `1 zone` is not
//!   read as yes.
//! - yes/no also takes `✓ ✔ ☑ ✅` (yes), `✗ ✘ ❌` (no), and `on the roadmap`, `in progress`, `in
//!   development`, `coming soon` (planned): work that is under way is not done yet.
//! - A number, percentage, size or duration may be qualified (`~300 ms`, `< 200 ms`, `up to 2 TB`,
//!   `1,000+ users`): the number is read and the whole text is kept as a comment, so the qualifier is not
//!   lost. A number question also takes `k`, `thousand` and `million` (`10k rps`), and a question in ms
//!   takes seconds (`0.3 s` is 300).
//! - A comma followed by exactly three digits is a thousands separator (`1,000`), except after a lone `0`
//!   (`0,125` is a decimal comma); a single dot is always a decimal point; several dots or commas group
//!   thousands (`1.000.000`).
//! - A numeric cell for a percentage that is at most 1 is a fraction (`0.9995` is 99.95 %): readers cannot
//!   see a cell's number format, and an availability of 1 % or less is not a real answer. Text is read as
//!   written (`0.5` is 0.5 %).
//! - A duration is whole seconds (`500 ms` is `PT1S`); ISO 8601 input is kept as written (upper-cased), or
//!   rewritten canonically if it has a fraction the schema does not allow (`PT1.5H` becomes `PT1H30M`).
//!   `1h30` is 1 h 30 min. Months count 30 days and years 365, as [`IsoDuration`] compares them.
//! - A time-of-day cell (Excel's day zero, 1899-12-30 or -31) is written as `H:MM`, which a duration
//!   question reads as hours and minutes.
//! - A date cell, the date of a date-time cell, an Excel serial number from 1990-01-01 to 2200-12-31 (the
//!   1900 system; the 1904 system of old Mac workbooks is not detected), `YYYYMMDD`, and written dates in
//!   English or German month names. Two-digit years follow Excel: `00`–`29` are 2000–2029, `30`–`99` are
//!   1930–1999. Dates with dots (`03.04.2026`) are day first without a warning, as in the countries that
//!   write them; with `/` or `-` an order that reads both ways is read day first with an `ambiguous-date`
//!   warning; month first is used when only it is a date (`04/15/2026`).
//! - An e-mail address may carry `mailto:` and a display name (`Jane Doe <jane@example.com>`,
//!   `jane@example.com (Jane Doe)`); the name goes to the comment. Two addresses are invalid.
//! - A list or a set of choices that holds nothing but separators (`;;`) is missing.
//! - A table question has no cell of its own (its sheet is read column by column, each column with its own
//!   kind); given one anyway, it is read as free text.
//! - A choice's "unambiguous prefix" is an abbreviation (`on prem`, `H` for high, `Google`); a prefix one
//!   letter short of a whole word (`Azur`) is taken for a typo and gets a did-you-mean instead.
//! - A choice also takes a few well-known names of an option (`Microsoft Azure`, `Amazon Web Services`,
//!   `Google Cloud Platform`, `k8s`), and a set of choices also takes labels that contain a comma
//!   (`IaaS, virtual machines, Kubernetes`).

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Timelike};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::profile::catalogue::AnswerKind;
use crate::profile::{
    AdvisoryArea, ApplicationStatus, Choice, ChoiceOption, CloudExperience, CommercialModel, ComputeApproach,
    DataShape, DataStoreKind, Date, DrStrategy, Email, EngagementType, FocusArea, Hosting, IsoDuration,
    PortabilityStrategy, Priority, Regulation, State, UsagePattern,
};

pub use super::workbook::CellValue;

/// A problem found in one cell; the caller adds the question's key and the cell's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The stable code, which also gives the severity.
    pub code: Code,
    /// What is wrong, quoting the text as written (`"Azur" is not a hosting option`).
    pub message: String,
    /// How to fix it (`did you mean "azure"?`), when there is something to say.
    pub hint: Option<String>,
}

impl Finding {
    fn new(code: Code, message: String) -> Finding {
        Finding { code, message, hint: None }
    }

    fn with_hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// The code's severity.
    pub fn severity(&self) -> Severity {
        self.code.info().severity
    }

    /// The finding as a diagnostic, without key or location; add them with
    /// [`Diagnostic::with_key`] and [`Diagnostic::at`].
    ///
    /// ```
    /// use discovery::import::cells::{read_text, Outcome};
    /// use discovery::profile::{AnswerKind, Hosting, Choice};
    /// let reading = read_text(AnswerKind::Choice(Hosting::OPTIONS), "Azur");
    /// let Outcome::Invalid(finding) = reading.outcome else { panic!("Azur is not an option") };
    /// let diagnostic = finding.into_diagnostic().with_key("architecture.current_hosting");
    /// assert_eq!(
    ///     diagnostic.to_string(),
    ///     "error[invalid-choice]: architecture.current_hosting: \"Azur\" is not a hosting option; did you mean \"azure\"?"
    /// );
    /// ```
    pub fn into_diagnostic(self) -> Diagnostic {
        let diagnostic = Diagnostic::new(self.code, self.message);
        match self.hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }
}

/// What a cell says about its question.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A value that parsed, exactly as the profile's field takes it in JSON (`"azure"`, `["saas"]`,
    /// `99.95`, `"PT4H"`, `"2026-03-15"`).
    Answered(Value),
    /// `N/A`, `not applicable`, `-`, or `none` where none is not an answer.
    NotApplicable,
    /// `TBD`, `unknown`, `?`, `not sure` and the like.
    Unknown,
    /// The cell is empty or holds only spaces.
    Missing,
    /// The text does not parse as the question's type, or the cell holds a spreadsheet error.
    Invalid(Finding),
}

impl Outcome {
    /// The answer state this outcome puts the question in.
    pub fn state(&self) -> State {
        match self {
            Outcome::Answered(_) => State::Answered,
            Outcome::NotApplicable => State::NotApplicable,
            Outcome::Unknown => State::Unknown,
            Outcome::Missing => State::Missing,
            Outcome::Invalid(_) => State::Invalid,
        }
    }
}

/// A cell read as an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The answer's state and value.
    pub outcome: Outcome,
    /// Warnings about an answer that was read: `ambiguous-date`, `comment-moved`.
    pub warnings: Vec<Finding>,
    /// Text the vendor wrote beside the answer (`across three zones` of `Yes, across three zones`), for
    /// the importer to append to the question's notes.
    pub comment: Option<String>,
}

impl Reading {
    fn of(outcome: Outcome) -> Reading {
        Reading { outcome, warnings: Vec::new(), comment: None }
    }

    fn answered(value: Value) -> Reading {
        Reading::of(Outcome::Answered(value))
    }

    fn invalid(finding: Finding) -> Reading {
        Reading::of(Outcome::Invalid(finding))
    }

    /// The outcome, with `comment` moved aside and a `comment-moved` warning saying what `text` was read as.
    fn with_comment(outcome: Outcome, text: &str, read_as: &str, comment: &str) -> Reading {
        let mut reading = Reading::of(outcome);
        let comment = comment.trim();
        if !comment.is_empty() {
            let message = if comment == text {
                format!("{} read as {read_as}; the text as written is kept in the notes", quote(text))
            } else {
                format!("{} read as {read_as}; {} moved to the notes", quote(text), quote(comment))
            };
            reading.warnings.push(Finding::new(Code::CommentMoved, message));
            reading.comment = Some(comment.to_owned());
        }
        reading
    }

    /// The answer state the cell puts its question in.
    pub fn state(&self) -> State {
        self.outcome.state()
    }
}

/// Reads a cell (`None` = empty) as an answer of `kind`. Never panics, whatever the input.
///
/// A typed cell is read by its value where the type allows (a number for a number, a date cell for a
/// date, an Excel serial for a date, a fraction for a percentage); otherwise, and whenever the value does
/// not fit, the cell is read as its [`raw_text`], so an invalid cell gets the same finding as the text
/// kept for it in the profile JSON.
///
/// ```
/// use discovery::import::cells::{read_cell, CellValue, Outcome};
/// use discovery::profile::AnswerKind;
/// use serde_json::json;
///
/// let sla = read_cell(AnswerKind::Percent, Some(&CellValue::Number(0.9995)));
/// assert_eq!(sla.outcome, Outcome::Answered(json!(99.95)));
///
/// let zones = read_cell(AnswerKind::YesNo, Some(&CellValue::Text("Yes, across three zones".into())));
/// assert_eq!(zones.outcome, Outcome::Answered(json!("yes")));
/// assert_eq!(zones.comment.as_deref(), Some("across three zones"));
///
/// assert_eq!(read_cell(AnswerKind::Duration, None).outcome, Outcome::Missing);
/// ```
pub fn read_cell(kind: AnswerKind, cell: Option<&CellValue>) -> Reading {
    let Some(cell) = cell else {
        return Reading::of(Outcome::Missing);
    };
    match cell {
        CellValue::Text(text) => read_text(kind, text),
        CellValue::Error(error) => Reading::invalid(error_cell(error.trim())),
        CellValue::Number(n) => match read_number_cell(kind, *n) {
            Some(reading) => reading,
            None => read_text(kind, &raw_text(cell)),
        },
        CellValue::Date(d) if kind == AnswerKind::Date && plausible_year(d.year()) => {
            Reading::answered(Value::String(Date(*d).to_string()))
        }
        CellValue::DateTime(dt) if kind == AnswerKind::Date && plausible_year(dt.year()) => {
            Reading::answered(Value::String(Date(dt.date()).to_string()))
        }
        _ => read_text(kind, &raw_text(cell)),
    }
}

/// Reads text as an answer of `kind`: a text cell, or the raw text of an invalid answer kept in a profile
/// JSON, so a workbook and its exported JSON report the same problem with the same message.
///
/// ```
/// use discovery::import::cells::{read_text, Outcome};
/// use discovery::profile::AnswerKind;
/// use serde_json::json;
///
/// assert_eq!(read_text(AnswerKind::Duration, "1.5 h").outcome, Outcome::Answered(json!("PT1H30M")));
/// assert_eq!(read_text(AnswerKind::SizeGb, "2 TB").outcome, Outcome::Answered(json!(2000)));
/// assert_eq!(read_text(AnswerKind::List, "TBD").outcome, Outcome::Unknown);
/// let Outcome::Invalid(finding) = read_text(AnswerKind::Duration, "soon").outcome else { panic!() };
/// assert_eq!(finding.message, "\"soon\" is not a duration");
/// ```
pub fn read_text(kind: AnswerKind, text: &str) -> Reading {
    let t = trim(text);
    if t.is_empty() {
        return Reading::of(Outcome::Missing);
    }
    if is_error_literal(t) {
        return Reading::invalid(error_cell(t));
    }
    let none_is_option = match kind {
        AnswerKind::Choice(options) | AnswerKind::Choices(options) => options.iter().any(|o| o.value == "none"),
        _ => false,
    };
    let free_text = matches!(kind, AnswerKind::Text | AnswerKind::Table(_));
    let whole_only = free_text || kind == AnswerKind::List;
    if let Some((outcome, comment)) = answer_state(t, !whole_only, !free_text && !none_is_option) {
        let read_as = if outcome == Outcome::Unknown { "unknown" } else { "not applicable" };
        return Reading::with_comment(outcome, t, read_as, comment);
    }
    match kind {
        AnswerKind::Text | AnswerKind::Table(_) => Reading::answered(Value::String(text_value(t))),
        AnswerKind::List => read_list(t),
        AnswerKind::YesNo => read_yes_no(t),
        AnswerKind::Choice(options) => read_choice(options, t),
        AnswerKind::Choices(options) => read_choices(options, t),
        AnswerKind::Number { unit } => read_number(t, unit),
        AnswerKind::Percent => read_percent(t),
        AnswerKind::Duration => read_duration(t),
        AnswerKind::SizeGb => read_size(t),
        AnswerKind::Date => read_date(t),
        AnswerKind::Email => read_email(t),
    }
}

/// The text as the vendor wrote it, for `answer_states[key].raw` and messages: numbers as a spreadsheet
/// shows them (`12`, not `12.0`; at most 15 significant digits), dates `YYYY-MM-DD`, date-times
/// `YYYY-MM-DD HH:MM`, times of day `H:MM`, `TRUE`/`FALSE`, error cells as their error (`#N/A`).
///
/// ```
/// use discovery::import::cells::{raw_text, CellValue};
/// assert_eq!(raw_text(&CellValue::Number(12.0)), "12");
/// assert_eq!(raw_text(&CellValue::Number(0.1 + 0.2)), "0.3");
/// assert_eq!(raw_text(&CellValue::Bool(true)), "TRUE");
/// ```
pub fn raw_text(cell: &CellValue) -> String {
    match cell {
        CellValue::Text(text) | CellValue::Error(text) => text.clone(),
        CellValue::Number(n) => format_number(*n),
        CellValue::Bool(true) => "TRUE".to_owned(),
        CellValue::Bool(false) => "FALSE".to_owned(),
        CellValue::Date(d) => format_date(*d),
        CellValue::DateTime(dt) => {
            let mut out = String::new();
            let day_zero = (dt.year(), dt.month()) == (1899, 12) && dt.day() >= 30;
            if day_zero {
                let _ = write!(out, "{}:{:02}", dt.hour(), dt.minute());
            } else {
                out = format_date(dt.date());
                if dt.time() != chrono::NaiveTime::MIN {
                    let _ = write!(out, " {:02}:{:02}", dt.hour(), dt.minute());
                }
            }
            if dt.second() != 0 {
                let _ = write!(out, ":{:02}", dt.second());
            }
            out
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces: trimming, phrases, states, quoting, numbers.

/// Trims whitespace, including the no-break and zero-width spaces that pasted text brings along.
fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
}

/// Quotes text for a message, escaped onto one line and cut after 100 characters.
fn quote(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((cut, _)) => format!("{:?}", format!("{}…", &s[..cut])),
        None => format!("{s:?}"),
    }
}

/// Matches `phrase` (lowercase ASCII, except for symbols, with single spaces) at the start of `text`,
/// ignoring ASCII case and letting a space match any run of whitespace. Returns the length matched.
fn match_prefix(text: &str, phrase: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    for &p in phrase.as_bytes() {
        if p == b' ' {
            let rest = text.get(i..)?;
            let skipped = rest.len() - rest.trim_start().len();
            if skipped == 0 {
                return None;
            }
            i += skipped;
        } else if bytes.get(i).is_some_and(|b| b.eq_ignore_ascii_case(&p)) {
            i += 1;
        } else {
            return None;
        }
    }
    // Matching whole characters of a valid phrase leaves `i` on a character boundary; `get` checks anyway.
    text.get(i..).map(|_| i)
}

/// Whether `text` is exactly `phrase`, in the sense of [`match_prefix`].
fn matches_whole(text: &str, phrase: &str) -> bool {
    match_prefix(text, phrase) == Some(text.len())
}

/// Whether what follows a leading answer separates it from an explanation (`Yes, ...`, `No - ...`).
fn is_boundary(rest: &str) -> bool {
    rest.chars().next().is_none_or(|c| c.is_whitespace() || ",;:.!-–—()".contains(c))
}

/// The explanation after a leading answer, without the separator (and without its parentheses).
fn clean_comment(rest: &str) -> &str {
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ",;:.!-–—".contains(c));
    let rest = match rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) => inner,
        _ => rest,
    };
    trim(rest)
}

/// A leading phrase from `phrases` (with its meaning): the first that matches at a word boundary, with the
/// explanation after it. A phrase marked whole-only matches only when nothing but punctuation follows.
fn leading<'t, T: Copy>(text: &'t str, phrases: &[(&str, T, bool)], explain: bool) -> Option<(T, &'t str)> {
    phrases.iter().find_map(|&(phrase, meaning, whole_only)| {
        let rest = &text[match_prefix(text, phrase)?..];
        if !is_boundary(rest) {
            return None;
        }
        let comment = clean_comment(rest);
        (comment.is_empty() || (explain && !whole_only)).then_some((meaning, comment))
    })
}

const ERROR_LITERALS: &[&str] = &[
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
];

fn is_error_literal(t: &str) -> bool {
    t.starts_with('#') && ERROR_LITERALS.iter().any(|e| e.eq_ignore_ascii_case(t))
}

fn error_cell(error: &str) -> Finding {
    let message = if error.is_empty() {
        "the cell holds a spreadsheet error".to_owned()
    } else {
        format!("the cell holds the error {error}")
    };
    Finding::new(Code::ErrorCell, message)
}

#[derive(Clone, Copy, PartialEq)]
enum StateWord {
    NotApplicable,
    Unknown,
    NoneWord,
}

/// The answer-state words, longest first where one begins another.
const STATE_WORDS: &[(&str, StateWord, bool)] = &[
    ("not applicable", StateWord::NotApplicable, false),
    ("not relevant", StateWord::NotApplicable, false),
    ("does not apply", StateWord::NotApplicable, false),
    ("doesn't apply", StateWord::NotApplicable, false),
    ("doesn’t apply", StateWord::NotApplicable, false),
    ("n/a", StateWord::NotApplicable, false),
    ("n.a.", StateWord::NotApplicable, false),
    ("n.a", StateWord::NotApplicable, false),
    ("na", StateWord::NotApplicable, false),
    ("none", StateWord::NoneWord, false),
    ("tbd", StateWord::Unknown, false),
    ("tbc", StateWord::Unknown, false),
    ("t.b.d.", StateWord::Unknown, false),
    ("t.b.c.", StateWord::Unknown, false),
    ("to be defined", StateWord::Unknown, false),
    ("to be decided", StateWord::Unknown, false),
    ("to be determined", StateWord::Unknown, false),
    ("to be confirmed", StateWord::Unknown, false),
    ("to be clarified", StateWord::Unknown, false),
    ("unknown", StateWord::Unknown, false),
    ("not known", StateWord::Unknown, false),
    ("not sure", StateWord::Unknown, false),
    ("unsure", StateWord::Unknown, false),
    ("undecided", StateWord::Unknown, false),
    ("not decided", StateWord::Unknown, false),
    ("no idea", StateWord::Unknown, false),
    ("don't know", StateWord::Unknown, false),
    ("don’t know", StateWord::Unknown, false),
    ("dont know", StateWord::Unknown, false),
    ("do not know", StateWord::Unknown, false),
];

/// The answer state `t` states, if any, with the explanation after it. `explain` allows an explanation
/// (not for text and lists, whose whole text is the answer); `none_is_state` says whether `none` means not
/// applicable.
fn answer_state(t: &str, explain: bool, none_is_state: bool) -> Option<(Outcome, &str)> {
    if t.chars().all(|c| matches!(c, '-' | '–' | '—' | '‐')) {
        return Some((Outcome::NotApplicable, ""));
    }
    if t.chars().all(|c| c == '?' || c == '？') {
        return Some((Outcome::Unknown, ""));
    }
    match leading(t, STATE_WORDS, explain)? {
        (StateWord::NotApplicable, comment) => Some((Outcome::NotApplicable, comment)),
        (StateWord::Unknown, comment) => Some((Outcome::Unknown, comment)),
        (StateWord::NoneWord, comment) if none_is_state => Some((Outcome::NotApplicable, comment)),
        (StateWord::NoneWord, _) => None,
    }
}

/// Free text with line breaks normalised to `\n`.
fn text_value(t: &str) -> String {
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_owned()
    }
}

/// A number rounded to the 15 significant digits a spreadsheet shows, which also removes float noise
/// (`0.9995 * 100` is 99.95, not 99.94999999999999).
fn tidy(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    format!("{x:.14e}").parse().unwrap_or(x)
}

/// A number as JSON: whole numbers without a fraction (`2000`, not `2000.0`).
fn json_number(x: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: every integer below it is exact in an f64
    if x.fract() == 0.0 && x.abs() < EXACT {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// A number as a spreadsheet shows it: at most 15 significant digits, no needless `.0`.
fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    let r = tidy(n);
    if r.fract() == 0.0 && r.abs() < 1e15 {
        (r as i64).to_string()
    } else if r.abs() >= 1e15 || r.abs() < 1e-6 {
        format!("{r:e}")
    } else {
        r.to_string()
    }
}

fn format_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn plausible_year(year: i32) -> bool {
    (1000..=9999).contains(&year)
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\'' | '’')
}

/// Splits `s` into its leading number (digits with `.`, `,` and grouping spaces between them) and the rest.
fn split_number(s: &str) -> (&str, &str) {
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
fn parse_decimal(num: &str) -> Option<f64> {
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
const QUALIFIERS: &[&str] = &[
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
fn unit_factor(word: &str, units: &[(&str, f64)]) -> Option<f64> {
    units.iter().find(|(spelling, _)| matches_whole(word, spelling)).map(|&(_, factor)| factor)
}

// ---------------------------------------------------------------------------------------------------
// The types.

/// Splits a list: one item per line, else by `;`, else by `,`; items trimmed, bullets and numbering
/// stripped, empty items dropped. Returns the items and the separator used.
fn split_list(t: &str) -> (Vec<&str>, char) {
    let separator = if t.contains(['\n', '\r']) {
        '\n'
    } else if t.contains(';') {
        ';'
    } else {
        ','
    };
    fn items<'t>(pieces: impl Iterator<Item = &'t str>) -> Vec<&'t str> {
        pieces.map(strip_bullet).filter(|item| !item.is_empty()).collect()
    }
    let items = if separator == '\n' { items(t.split(['\n', '\r'])) } else { items(t.split(separator)) };
    (items, separator)
}

/// An item without its bullet (`-`, `*`, `•`, `·`, ...) or its number (`1.`, `2)`).
fn strip_bullet(item: &str) -> &str {
    let item = trim(item);
    if let Some(rest) = item.strip_prefix(['-', '*', '•', '·', '–', '—', '‣', '◦', '▪', '●', '○', '■', '□', '►', '➢'])
    {
        return trim(rest);
    }
    let digits = item.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &item[digits..];
        if let Some(after) = rest.strip_prefix(['.', ')']) {
            if after.starts_with(char::is_whitespace) {
                return trim(after);
            }
        }
    }
    item
}

fn read_list(t: &str) -> Reading {
    let (items, _) = split_list(t);
    if items.is_empty() {
        return Reading::of(Outcome::Missing);
    }
    Reading::answered(Value::Array(items.into_iter().map(|item| Value::String(text_value(item))).collect()))
}

const YES_NO: &[(&str, &str, bool)] = &[
    ("yes", "yes", false),
    ("true", "yes", false),
    ("✓", "yes", false),
    ("✔", "yes", false),
    ("☑", "yes", false),
    ("✅", "yes", false),
    ("y", "yes", true),
    ("x", "yes", true),
    ("1", "yes", true),
    ("no", "no", false),
    ("false", "no", false),
    ("✗", "no", false),
    ("✘", "no", false),
    ("❌", "no", false),
    ("n", "no", true),
    ("0", "no", true),
    ("planned", "planned", false),
    ("later", "planned", false),
    ("on the roadmap", "planned", false),
    ("on roadmap", "planned", false),
    ("roadmap", "planned", false),
    ("in progress", "planned", false),
    ("in development", "planned", false),
    ("coming soon", "planned", false),
];

fn read_yes_no(t: &str) -> Reading {
    match leading(t, YES_NO, true) {
        Some((value, comment)) => Reading::with_comment(Outcome::Answered(Value::from(value)), t, value, comment),
        None => Reading::invalid(Finding::new(Code::InvalidYesNo, format!("{} is not yes, no or planned", quote(t)))),
    }
}

/// Well-known names of options that are neither their value nor their label, nor a prefix of them.
const ALIASES: &[(&str, &str)] = &[
    ("microsoft azure", "azure"),
    ("ms azure", "azure"),
    ("amazon web services", "aws"),
    ("amazon", "aws"),
    ("google cloud platform", "gcp"),
    ("k8s", "kubernetes"),
];

/// The text's letters and digits, lowercased: how options are compared (`On-premises` is `onpremises`).
fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
}

fn norm_eq(a: &str, b: &str) -> bool {
    norm(a).eq(norm(b))
}

/// Whether `s`, normalised, is a non-empty prefix of `target`, normalised, that reads as an abbreviation
/// rather than a typo: one that stops exactly one letter short of a word (`Azur`) is a typo.
fn norm_prefix(s: &str, target: &str) -> bool {
    let mut target = target.chars().flat_map(char::to_lowercase).peekable();
    let mut any = false;
    for c in norm(s) {
        while target.next_if(|t| !t.is_alphanumeric()).is_some() {}
        if target.next() != Some(c) {
            return false;
        }
        any = true;
    }
    any && target.take_while(|t| t.is_alphanumeric()).count() != 1
}

enum Match {
    One(usize),
    Ambiguous(Vec<usize>),
    None,
}

/// The option `s` names: by value, label or alias; else by an unambiguous prefix of a value or label.
fn match_option(options: &[ChoiceOption], s: &str) -> Match {
    if let Some(i) = exact_option(options, s) {
        return Match::One(i);
    }
    let candidates: Vec<usize> =
        (0..options.len()).filter(|&i| norm_prefix(s, options[i].value) || norm_prefix(s, options[i].label)).collect();
    match candidates.len() {
        0 => Match::None,
        1 => Match::One(candidates[0]),
        _ => Match::Ambiguous(candidates),
    }
}

fn exact_option(options: &[ChoiceOption], s: &str) -> Option<usize> {
    options.iter().position(|o| norm_eq(s, o.value) || norm_eq(s, o.label)).or_else(|| {
        let (_, value) = ALIASES.iter().find(|(alias, _)| norm_eq(s, alias))?;
        options.iter().position(|o| o.value == *value)
    })
}

/// How messages name an option of each of the questionnaire's choice sets: singular with article, plural.
fn option_noun(options: &[ChoiceOption]) -> (&'static str, &'static str) {
    const NOUNS: &[(&[ChoiceOption], &str, &str)] = &[
        (Hosting::OPTIONS, "a hosting option", "hosting options"),
        (CommercialModel::OPTIONS, "a commercial model", "commercial models"),
        (DrStrategy::OPTIONS, "a disaster recovery strategy", "disaster recovery strategies"),
        (PortabilityStrategy::OPTIONS, "a portability strategy", "portability strategies"),
        (DataShape::OPTIONS, "a data shape", "data shapes"),
        (Regulation::OPTIONS, "a listed regulation or standard", "listed regulations or standards"),
        (UsagePattern::OPTIONS, "a usage pattern", "usage patterns"),
        (CloudExperience::OPTIONS, "a cloud experience option", "cloud experience options"),
        (ApplicationStatus::OPTIONS, "an application status", "application statuses"),
        (AdvisoryArea::OPTIONS, "an advisory area", "advisory areas"),
        (ComputeApproach::OPTIONS, "a compute approach", "compute approaches"),
        (DataStoreKind::OPTIONS, "a data store kind", "data store kinds"),
        (EngagementType::OPTIONS, "an engagement type", "engagement types"),
        (FocusArea::OPTIONS, "a focus area", "focus areas"),
        (Priority::OPTIONS, "a priority", "priorities"),
    ];
    NOUNS
        .iter()
        .find(|(set, ..)| *set == options)
        .map_or(("one of the options", "among the options"), |&(_, one, many)| (one, many))
}

/// The option `s` most likely means, for a did-you-mean: the one option whose value or label it contains,
/// else the closest by Jaro-Winkler similarity if it is close enough.
fn suggest(options: &[ChoiceOption], s: &str) -> Option<&'static str> {
    let s: String = norm(s).collect();
    if s.is_empty() {
        return None;
    }
    let forms = |o: &ChoiceOption| -> [String; 2] { [norm(o.value).collect(), norm(o.label).collect()] };
    let containing: Vec<&ChoiceOption> =
        options.iter().filter(|o| forms(o).iter().any(|f| f.len() >= 3 && s.contains(f.as_str()))).collect();
    if let [only] = containing.as_slice() {
        return Some(only.value);
    }
    let (best, score) = options
        .iter()
        .map(|o| (o.value, forms(o).iter().map(|f| strsim::jaro_winkler(&s, f)).fold(0.0, f64::max)))
        .fold((None, 0.0), |(best, top), (value, score)| if score > top { (Some(value), score) } else { (best, top) });
    if score >= 0.8 {
        best
    } else {
        None
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`.
fn or_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

fn options_hint(options: &[ChoiceOption]) -> String {
    let values: Vec<&str> = options.iter().map(|o| o.value).collect();
    format!("the options are {}", values.join(", "))
}

/// Why a text is not an option.
enum Miss {
    /// It matches none, or begins several (the candidates).
    NoOption(Vec<usize>),
    /// It names two options where one is asked for (`AWS, Azure`).
    TwoOptions,
}

/// One answer of a choice question: the option, with any explanation written after it (`Azure (West
/// Europe)`). `separators` are where an explanation may begin.
fn choose<'t>(options: &[ChoiceOption], t: &'t str, separators: &[char]) -> Result<(usize, &'t str), Miss> {
    let ambiguous = match match_option(options, t) {
        Match::One(i) => return Ok((i, "")),
        Match::Ambiguous(candidates) => candidates,
        Match::None => Vec::new(),
    };
    // An option followed by an explanation: try the longest head first, so that a label with a comma
    // (`Consumers, 24x7 (mostly EU)`) wins over its first word.
    // Only the first few separators are tried: an option's label is short, and a long paste must not cost
    // a comparison per separator.
    let mut cuts: Vec<usize> = t.match_indices(separators).map(|(i, _)| i).take(8).collect();
    for dash in [" - ", " – ", " — "] {
        cuts.extend(t.match_indices(dash).map(|(i, _)| i).take(8));
    }
    cuts.sort_unstable();
    cuts.truncate(8);
    for &cut in cuts.iter().rev() {
        let head = trim(&t[..cut]);
        if let Match::One(i) = match_option(options, head) {
            let comment = clean_comment(&t[cut..]);
            if exact_option(options, comment).is_some_and(|other| other != i) {
                return Err(Miss::TwoOptions);
            }
            return Ok((i, comment));
        }
    }
    Err(Miss::NoOption(ambiguous))
}

fn read_choice(options: &[ChoiceOption], t: &str) -> Reading {
    let miss = match choose(options, t, &['(', ',', ';', ':', '\n']) {
        Ok((i, comment)) => {
            let value = options[i].value;
            return Reading::with_comment(Outcome::Answered(Value::from(value)), t, value, comment);
        }
        Err(miss) => miss,
    };
    let (one, _) = option_noun(options);
    let finding = Finding::new(Code::InvalidChoice, format!("{} is not {one}", quote(t)));
    Reading::invalid(match miss {
        Miss::TwoOptions => finding.with_hint("pick one option; put the others in Notes"),
        Miss::NoOption(candidates) if candidates.len() > 1 => {
            let values: Vec<&str> = candidates.iter().map(|&i| options[i].value).collect();
            finding.with_hint(format!("did you mean {}?", or_list(&values)))
        }
        Miss::NoOption(_) => match suggest(options, t) {
            Some(value) => finding.with_hint(format!("did you mean \"{value}\"?")),
            None => finding.with_hint(options_hint(options)),
        },
    })
}

fn read_choices(options: &[ChoiceOption], t: &str) -> Reading {
    let (items, separator) = split_list(t);
    if items.is_empty() {
        return Reading::of(Outcome::Missing);
    }
    let mut chosen: Vec<&'static str> = Vec::with_capacity(items.len());
    let mut comments: Vec<&str> = Vec::new();
    let mut bad: Vec<&str> = Vec::new();
    let comma_labels = separator == ',' && options.iter().any(|o| o.label.contains(','));
    let mut i = 0;
    while i < items.len() {
        // A label with a comma in it (`IaaS, virtual machines`) was split in two by a comma-separated list.
        if comma_labels && i + 1 < items.len() {
            if let Some(k) = exact_option(options, &format!("{}, {}", items[i], items[i + 1])) {
                if !chosen.contains(&options[k].value) {
                    chosen.push(options[k].value);
                }
                i += 2;
                continue;
            }
        }
        match choose(options, items[i], &['(', ':']) {
            Ok((k, comment)) => {
                if !chosen.contains(&options[k].value) {
                    chosen.push(options[k].value);
                }
                if !comment.is_empty() {
                    comments.push(comment);
                }
            }
            Err(_) => bad.push(items[i]),
        }
        i += 1;
    }
    if !bad.is_empty() {
        let (one, many) = option_noun(options);
        let mut names: Vec<String> = bad.iter().take(5).map(|item| quote(item)).collect();
        if bad.len() > 5 {
            names.push(format!("{} more", bad.len() - 5));
        }
        let message = match names.as_slice() {
            [only] => format!("{only} is not {one}"),
            _ => format!("{} are not {many}", names.join(", ")),
        };
        // Suggestions only for the few items the message names: a long paste must not cost one each.
        let suggestions: Vec<Option<&str>> =
            if bad.len() <= 5 { bad.iter().map(|item| suggest(options, item)).collect() } else { Vec::new() };
        let hint = match suggestions.as_slice() {
            [Some(value)] => format!("did you mean \"{value}\"?"),
            all if !all.is_empty() && all.iter().all(Option::is_some) => {
                let pairs: Vec<String> = bad
                    .iter()
                    .zip(all)
                    .map(|(item, s)| format!("\"{}\" for {}", s.unwrap_or_default(), quote(item)))
                    .collect();
                format!("did you mean {}?", pairs.join(", "))
            }
            _ => options_hint(options),
        };
        return Reading::invalid(Finding::new(Code::InvalidChoice, message).with_hint(hint));
    }
    let value = Value::Array(chosen.iter().map(|&v| Value::from(v)).collect());
    Reading::with_comment(Outcome::Answered(value), t, &chosen.join(", "), &comments.join("; "))
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

fn read_number(t: &str, unit: &str) -> Reading {
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

fn read_number_cell(kind: AnswerKind, n: f64) -> Option<Reading> {
    if !n.is_finite() {
        return None;
    }
    let value = match kind {
        AnswerKind::Number { .. } | AnswerKind::SizeGb if n >= 0.0 => tidy(n),
        AnswerKind::Percent if (0.0..=1.0).contains(&n) => tidy(n * 100.0),
        AnswerKind::Percent if (0.0..=100.0).contains(&n) => tidy(n),
        AnswerKind::Date => return excel_serial(n).map(|d| Reading::answered(Value::String(Date(d).to_string()))),
        _ => return None,
    };
    Some(Reading::answered(json_number(value)))
}

fn read_percent(t: &str) -> Reading {
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
            let v = tidy(v);
            Reading::with_comment(Outcome::Answered(json_number(v)), t, &format_number(v), comment)
        }
        None => Reading::invalid(Finding::new(
            Code::InvalidPercent,
            format!("{} is not a percentage from 0 to 100", quote(t)),
        )),
    }
}

fn read_size(t: &str) -> Reading {
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

fn read_duration(t: &str) -> Reading {
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

/// The date of an Excel serial number in the 1900 date system, if it lies in a plausible range.
///
/// Excel counts 1900-02-29, which did not exist, so from serial 61 (1900-03-01) on the days are counted
/// from 1899-12-30; the plausible range lies entirely after that.
fn excel_serial(n: f64) -> Option<NaiveDate> {
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

fn read_date(t: &str) -> Reading {
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

fn parse_date(t: &str) -> Result<(NaiveDate, Option<Finding>), ()> {
    let in_calendar = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible_year(d.year()));
    // A serial number or a compact `YYYYMMDD`.
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.bytes().filter(|&b| b == b'.').count() <= 1 {
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

fn read_email(t: &str) -> Reading {
    let invalid = || Finding::new(Code::InvalidEmail, format!("{} is not one e-mail address", quote(t)));
    let mut address = t;
    let mut name = "";
    // `Jane Doe <jane@example.com>` and `jane@example.com (Jane Doe)`.
    if let Some(inner) = t.strip_suffix('>') {
        if let Some((before, addr)) = inner.rsplit_once('<') {
            address = addr;
            name = trim(before).trim_matches(['"', '\'', '“', '”']);
        }
    } else if let Some(inner) = t.strip_suffix(')') {
        if let Some((addr, after)) = inner.split_once('(') {
            address = addr;
            name = after;
        }
    }
    let address = trim(address);
    let address = match address.get(..7) {
        Some(prefix) if prefix.eq_ignore_ascii_case("mailto:") => trim(&address[7..]),
        _ => address,
    };
    let address = address.trim_end_matches(['.', ',', ';']);
    if address.matches('@').count() > 1 {
        return Reading::invalid(invalid().with_hint("keep one address and put the others in Notes"));
    }
    match address.parse::<Email>() {
        Ok(email) => {
            let email = email.to_string();
            Reading::with_comment(Outcome::Answered(Value::String(email.clone())), t, &email, trim(name))
        }
        Err(_) => Reading::invalid(invalid()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::catalogue::{QUESTIONS, TABLES};
    use crate::profile::Profile;
    use proptest::prelude::*;
    use serde_json::json;

    const HOSTING: AnswerKind = AnswerKind::Choice(Hosting::OPTIONS);
    const DR: AnswerKind = AnswerKind::Choice(DrStrategy::OPTIONS);
    const MODELS: AnswerKind = AnswerKind::Choices(CommercialModel::OPTIONS);
    const COMPUTE: AnswerKind = AnswerKind::Choices(ComputeApproach::OPTIONS);
    const LATENCY: AnswerKind = AnswerKind::Number { unit: "ms" };
    const THROUGHPUT: AnswerKind = AnswerKind::Number { unit: "rps" };

    fn value(kind: AnswerKind, text: &str) -> Value {
        match read_text(kind, text).outcome {
            Outcome::Answered(value) => value,
            other => panic!("{text:?} as {}: {other:?}", kind.name()),
        }
    }

    fn finding(kind: AnswerKind, text: &str) -> Finding {
        match read_text(kind, text).outcome {
            Outcome::Invalid(finding) => finding,
            other => panic!("{text:?} as {} should be invalid: {other:?}", kind.name()),
        }
    }

    fn state(kind: AnswerKind, text: &str) -> State {
        read_text(kind, text).state()
    }

    #[test]
    fn empty_cells_are_missing() {
        for kind in [AnswerKind::Text, AnswerKind::List, AnswerKind::YesNo, HOSTING, AnswerKind::Date] {
            assert_eq!(read_cell(kind, None).outcome, Outcome::Missing);
            for blank in ["", "   ", "\n\t", "\u{a0}", "\u{200b}"] {
                assert_eq!(state(kind, blank), State::Missing, "{blank:?}");
            }
        }
    }

    #[test]
    fn not_applicable_spellings() {
        for kind in [AnswerKind::Text, AnswerKind::List, AnswerKind::YesNo, HOSTING, MODELS, AnswerKind::Duration] {
            for text in ["N/A", "n/a", "na", "NA", "Not applicable", "not  applicable", "-", "–", "n.a.", "N/A."] {
                assert_eq!(state(kind, text), State::NotApplicable, "{text:?} as {}", kind.name());
            }
        }
    }

    #[test]
    fn unknown_spellings() {
        for kind in [AnswerKind::Text, AnswerKind::List, AnswerKind::YesNo, HOSTING, AnswerKind::SizeGb] {
            for text in [
                "TBD",
                "tbc",
                "Unknown",
                "?",
                "???",
                "not sure",
                "Don't know",
                "dont know",
                "don’t know",
                "No idea",
                "TBD.",
            ] {
                assert_eq!(state(kind, text), State::Unknown, "{text:?} as {}", kind.name());
            }
        }
    }

    #[test]
    fn none_depends_on_the_question() {
        assert_eq!(state(AnswerKind::List, "None"), State::NotApplicable);
        assert_eq!(state(MODELS, "none"), State::NotApplicable);
        assert_eq!(state(HOSTING, "none"), State::NotApplicable);
        assert_eq!(state(AnswerKind::Duration, "none"), State::NotApplicable);
        assert_eq!(value(DR, "None"), json!("none"), "the DR strategy has an option none");
        assert_eq!(value(AnswerKind::Text, "None"), json!("None"), "free text keeps the vendor's word");
    }

    #[test]
    fn a_state_with_an_explanation_keeps_it() {
        let reading = read_text(AnswerKind::SizeGb, "N/A - we do not migrate data");
        assert_eq!(reading.outcome, Outcome::NotApplicable);
        assert_eq!(reading.comment.as_deref(), Some("we do not migrate data"));
        assert_eq!(reading.warnings[0].code, Code::CommentMoved);
        let reading = read_text(AnswerKind::Duration, "TBD (depends on the customer)");
        assert_eq!(reading.outcome, Outcome::Unknown);
        assert_eq!(reading.comment.as_deref(), Some("depends on the customer"));
        // Free text is the answer as a whole.
        assert_eq!(value(AnswerKind::Text, "N/A for now, see notes"), json!("N/A for now, see notes"));
    }

    #[test]
    fn error_cells_and_error_text_are_invalid() {
        let reading = read_cell(AnswerKind::Duration, Some(&CellValue::Error("#N/A".into())));
        let Outcome::Invalid(f) = reading.outcome else { panic!("an error cell is invalid") };
        assert_eq!((f.code, f.message.as_str()), (Code::ErrorCell, "the cell holds the error #N/A"));
        for literal in ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#n/a"] {
            for kind in [AnswerKind::Text, AnswerKind::List, HOSTING] {
                assert_eq!(finding(kind, literal).code, Code::ErrorCell, "{literal}");
            }
        }
        assert_eq!(value(AnswerKind::Text, "#1 priority"), json!("#1 priority"));
    }

    #[test]
    fn text_is_trimmed_with_newlines_kept() {
        assert_eq!(value(AnswerKind::Text, "  Line one\r\nLine two \n"), json!("Line one\nLine two"));
        assert_eq!(read_cell(AnswerKind::Text, Some(&CellValue::Number(12.0))).outcome, Outcome::Answered(json!("12")));
        assert_eq!(
            read_cell(AnswerKind::Text, Some(&CellValue::Bool(false))).outcome,
            Outcome::Answered(json!("FALSE"))
        );
        let date = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        assert_eq!(
            read_cell(AnswerKind::Text, Some(&CellValue::Date(date))).outcome,
            Outcome::Answered(json!("2026-03-15"))
        );
    }

    #[test]
    fn lists_split_by_line_then_semicolon_then_comma() {
        assert_eq!(value(AnswerKind::List, "Kafka\nRabbitMQ, Redis"), json!(["Kafka", "RabbitMQ, Redis"]));
        assert_eq!(value(AnswerKind::List, "Kafka; RabbitMQ, Redis"), json!(["Kafka", "RabbitMQ, Redis"]));
        assert_eq!(value(AnswerKind::List, "Kafka, RabbitMQ , Redis"), json!(["Kafka", "RabbitMQ", "Redis"]));
        assert_eq!(value(AnswerKind::List, "Kafka"), json!(["Kafka"]));
        assert_eq!(
            value(AnswerKind::List, "- Terraform\r\n* Bicep\n\n• ARM\n· Pulumi\n1. Ansible\n2) Packer"),
            json!(["Terraform", "Bicep", "ARM", "Pulumi", "Ansible", "Packer"])
        );
        assert_eq!(value(AnswerKind::List, "Python 3.12; .NET 8"), json!(["Python 3.12", ".NET 8"]));
        assert_eq!(state(AnswerKind::List, ";;"), State::Missing);
    }

    #[test]
    fn yes_no_spellings() {
        for (texts, expected) in [
            (&["yes", "Y", "true", "x", "✓", "✔", "1", "YES"][..], "yes"),
            (&["no", "N", "false", "0", "No."][..], "no"),
            (&["planned", "Later", "roadmap", "on the roadmap", "In progress"][..], "planned"),
        ] {
            for text in texts {
                assert_eq!(value(AnswerKind::YesNo, text), json!(expected), "{text}");
            }
        }
        for (cell, expected) in [
            (CellValue::Bool(true), "yes"),
            (CellValue::Bool(false), "no"),
            (CellValue::Number(1.0), "yes"),
            (CellValue::Number(0.0), "no"),
        ] {
            assert_eq!(read_cell(AnswerKind::YesNo, Some(&cell)).outcome, Outcome::Answered(json!(expected)));
        }
    }

    #[test]
    fn yes_no_with_an_explanation_moves_it_to_the_notes() {
        let reading = read_text(AnswerKind::YesNo, "Yes, across three zones");
        assert_eq!(reading.outcome, Outcome::Answered(json!("yes")));
        assert_eq!(reading.comment.as_deref(), Some("across three zones"));
        assert_eq!(reading.warnings.len(), 1);
        assert_eq!(reading.warnings[0].code, Code::CommentMoved);
        assert_eq!(
            reading.warnings[0].message,
            "\"Yes, across three zones\" read as yes; \"across three zones\" moved to the notes"
        );
        let reading = read_text(AnswerKind::YesNo, "No - single region today");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("no")), Some("single region today"))
        );
        let reading = read_text(AnswerKind::YesNo, "Planned for Q3 2026");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("planned")), Some("for Q3 2026"))
        );
        assert_eq!(read_text(AnswerKind::YesNo, "Yes (three zones)").comment.as_deref(), Some("three zones"));
    }

    #[test]
    fn yes_no_failures() {
        for text in ["maybe", "1 zone", "Yesterday", "Yes/No", "Note: yes", "partly"] {
            let f = finding(AnswerKind::YesNo, text);
            assert_eq!(f.code, Code::InvalidYesNo, "{text}");
        }
        assert_eq!(finding(AnswerKind::YesNo, "maybe").message, "\"maybe\" is not yes, no or planned");
        assert_eq!(finding(AnswerKind::YesNo, "2").code, Code::InvalidYesNo);
    }

    #[test]
    fn choices_match_value_label_and_prefix() {
        for text in ["On-premises", "on premises", "ON_PREMISES", "on prem", "On Premises."] {
            assert_eq!(value(HOSTING, text), json!("on_premises"), "{text}");
        }
        assert_eq!(value(HOSTING, "AWS"), json!("aws"));
        assert_eq!(value(HOSTING, "Google Cloud"), json!("gcp"));
        assert_eq!(value(HOSTING, "Google Cloud Platform"), json!("gcp"));
        assert_eq!(value(HOSTING, "Microsoft Azure"), json!("azure"));
        assert_eq!(value(HOSTING, "azure"), json!("azure"));
        assert_eq!(value(AnswerKind::Choice(Priority::OPTIONS), "H"), json!("high"));
        assert_eq!(value(DR, "Backup & restore"), json!("backup_restore"));
        assert_eq!(value(DR, "active-active"), json!("active_active"));
        assert_eq!(value(AnswerKind::Choice(UsagePattern::OPTIONS), "Consumers, 24x7"), json!("consumer_24x7"));
    }

    #[test]
    fn a_choice_with_an_explanation_moves_it_to_the_notes() {
        let reading = read_text(HOSTING, "Azure (West Europe)");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("azure")), Some("West Europe"))
        );
        assert_eq!(reading.warnings[0].code, Code::CommentMoved);
        let reading = read_text(AnswerKind::Choice(UsagePattern::OPTIONS), "Consumers, 24x7 (mostly EU)");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("consumer_24x7")), Some("mostly EU"))
        );
        let reading = read_text(DR, "None - we rely on backups of the database");
        assert_eq!(reading.outcome, Outcome::Answered(json!("none")));
        // Two options where one is asked for is not an explanation.
        let f = finding(HOSTING, "AWS, Azure");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidChoice, "\"AWS, Azure\" is not a hosting option"));
    }

    #[test]
    fn choice_failures_suggest_the_closest_option() {
        let f = finding(HOSTING, "Azur");
        assert_eq!(f.message, "\"Azur\" is not a hosting option");
        assert_eq!(f.hint.as_deref(), Some("did you mean \"azure\"?"));
        let f = finding(HOSTING, "Mainframe");
        assert_eq!(
            f.hint.as_deref(),
            Some("the options are azure, aws, gcp, other_cloud, on_premises, hybrid, not_yet_hosted")
        );
        let f = finding(AnswerKind::Choice(ApplicationStatus::OPTIONS), "Migrating");
        assert_eq!(f.message, "\"Migrating\" is not an application status");
        assert_eq!(
            f.hint.as_deref(),
            Some("did you mean \"migrate_from_other_cloud\" or \"migrate_from_on_premises\"?")
        );
        let generic: &'static [ChoiceOption] = &[ChoiceOption { value: "red", label: "Red" }];
        assert_eq!(finding(AnswerKind::Choice(generic), "blue").message, "\"blue\" is not one of the options");
        assert_eq!(
            finding(AnswerKind::Choice(Priority::OPTIONS), "Mediu").hint.as_deref(),
            Some("did you mean \"medium\"?")
        );
        assert_eq!(value(AnswerKind::Choice(Priority::OPTIONS), "Med"), json!("medium"));
        let f = finding(HOSTING, "Yes");
        assert_eq!(f.code, Code::InvalidChoice);
    }

    #[test]
    fn choices_split_like_lists_and_drop_duplicates() {
        assert_eq!(value(MODELS, "SaaS\nSold through a marketplace"), json!(["saas", "marketplace"]));
        assert_eq!(value(MODELS, "saas; marketplace; SaaS"), json!(["saas", "marketplace"]));
        assert_eq!(value(MODELS, "Marketplace, saas"), json!(["marketplace", "saas"]));
        assert_eq!(value(COMPUTE, "IaaS, virtual machines, Kubernetes"), json!(["iaas_vms", "kubernetes"]));
        let reading = read_text(MODELS, "SaaS; Other (white label)");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!(["saas", "other"])), Some("white label"))
        );
        let f = finding(AnswerKind::Choices(AdvisoryArea::OPTIONS), "Security; Kafka; Redis");
        assert_eq!(f.message, "\"Kafka\", \"Redis\" are not advisory areas");
        let f = finding(AnswerKind::Choices(AdvisoryArea::OPTIONS), "Securty; Networking");
        assert_eq!(f.message, "\"Securty\" is not an advisory area");
        assert_eq!(f.hint.as_deref(), Some("did you mean \"security\"?"));
    }

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

    #[test]
    fn emails() {
        assert_eq!(value(AnswerKind::Email, "jane@contoso.com"), json!("jane@contoso.com"));
        assert_eq!(value(AnswerKind::Email, "mailto:jane@contoso.com"), json!("jane@contoso.com"));
        let reading = read_text(AnswerKind::Email, "Jane Doe <jane@contoso.com>");
        assert_eq!(
            (reading.outcome, reading.comment.as_deref()),
            (Outcome::Answered(json!("jane@contoso.com")), Some("Jane Doe"))
        );
        assert_eq!(read_text(AnswerKind::Email, "jane@contoso.com (CTO)").comment.as_deref(), Some("CTO"));
        let f = finding(AnswerKind::Email, "jane at contoso");
        assert_eq!((f.code, f.message.as_str()), (Code::InvalidEmail, "\"jane at contoso\" is not one e-mail address"));
        let f = finding(AnswerKind::Email, "a@contoso.com; b@contoso.com");
        assert_eq!(f.hint.as_deref(), Some("keep one address and put the others in Notes"));
    }

    #[test]
    fn raw_text_shows_what_the_spreadsheet_shows() {
        assert_eq!(raw_text(&CellValue::Number(12.0)), "12");
        assert_eq!(raw_text(&CellValue::Number(-0.0)), "0");
        assert_eq!(raw_text(&CellValue::Number(99.95)), "99.95");
        assert_eq!(raw_text(&CellValue::Number(0.9995 * 100.0)), "99.95");
        assert_eq!(raw_text(&CellValue::Number(1e20)), "1e20");
        let dt = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap().and_hms_opt(14, 30, 5).unwrap();
        assert_eq!(raw_text(&CellValue::DateTime(dt)), "2026-03-15 14:30:05");
        assert_eq!(raw_text(&CellValue::Text(" as written ".into())), " as written ");
        assert_eq!(raw_text(&CellValue::Error("#REF!".into())), "#REF!");
    }

    #[test]
    fn long_text_is_cut_in_messages() {
        let long = "x".repeat(500);
        let f = finding(AnswerKind::Date, &long);
        assert!(f.message.len() < 200 && f.message.contains('…'), "{}", f.message);
    }

    /// Every question and table column with its kind, and where its value goes in a profile JSON.
    fn fields() -> Vec<(String, AnswerKind)> {
        let mut fields: Vec<(String, AnswerKind)> = QUESTIONS
            .iter()
            .filter(|q| !matches!(q.kind, AnswerKind::Table(_)))
            .map(|q| (q.key.to_owned(), q.kind))
            .collect();
        for table in TABLES {
            for column in table.columns {
                fields.push((format!("{}[].{}", table.key, column.field), column.kind));
            }
        }
        fields
    }

    /// A profile JSON with `value` set at `key` (`a.b.c`, or `a.b[].c` for a table column).
    fn profile_with(key: &str, value: Value) -> Value {
        let (path, column) = match key.split_once("[].") {
            Some((path, column)) => (path, Some(column)),
            None => (key, None),
        };
        let mut node = match column {
            Some(column) => json!([{ column: value }]),
            None => value,
        };
        for segment in path.rsplit('.') {
            node = json!({ segment: node });
        }
        node
    }

    fn cell_strategy() -> impl Strategy<Value = CellValue> {
        let words = prop::sample::select(vec![
            "yes",
            "No",
            "planned",
            "N/A",
            "none",
            "TBD",
            "azure",
            "On-premises",
            "SaaS",
            "15",
            "min",
            "4",
            "h",
            "PT4H",
            "1,000",
            "99.95",
            "%",
            "ms",
            "rps",
            "2",
            "TB",
            "MB",
            "03/04/2026",
            "15.03.2026",
            "March",
            "2026",
            "jane@contoso.com",
            "<",
            ">",
            "(",
            ")",
            ",",
            ";",
            "\n",
            "-",
            "•",
            "k",
            "0",
            ":",
            "1.5",
            "Kubernetes",
            "IaaS, virtual machines",
            "Backup and restore",
            "high",
            "?",
            "#N/A",
            "mailto:",
            " ",
            "users",
            "30",
        ]);
        prop_oneof![
            ".{0,40}".prop_map(CellValue::Text),
            prop::collection::vec(words, 0..6).prop_map(|w| CellValue::Text(w.concat())),
            any::<f64>().prop_map(CellValue::Number),
            (-1.0e6..2.0e5f64).prop_map(CellValue::Number),
            any::<bool>().prop_map(CellValue::Bool),
            (-100_000..3_000_000i32)
                .prop_map(|d| CellValue::Date(NaiveDate::from_num_days_from_ce_opt(d).unwrap_or_default())),
            (0..3_000_000i32, 0..86_400u32).prop_map(|(d, s)| CellValue::DateTime(
                NaiveDate::from_num_days_from_ce_opt(d)
                    .unwrap_or_default()
                    .and_hms_opt(s / 3600, s / 60 % 60, s % 60)
                    .unwrap_or_default()
            )),
            prop::sample::select(ERROR_LITERALS).prop_map(|e| CellValue::Error(e.to_owned())),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        /// Whatever the cell, reading never panics, an answer always fits the profile's field, and an invalid
        /// cell reports the same problem as the raw text the profile JSON keeps for it.
        #[test]
        fn every_reading_fits_the_profile_and_matches_its_raw_text(cell in cell_strategy()) {
            for (key, kind) in fields() {
                let reading = read_cell(kind, Some(&cell));
                match &reading.outcome {
                    Outcome::Answered(value) => {
                        let json = profile_with(&key, value.clone());
                        let parsed = serde_json::from_value::<Profile>(json.clone());
                        prop_assert!(parsed.is_ok(), "{key}: {cell:?} gave {json}: {:?}", parsed.err());
                    }
                    Outcome::Invalid(finding) => {
                        let again = read_text(kind, &raw_text(&cell));
                        prop_assert_eq!(&again.outcome, &reading.outcome, "{}: {:?}", key, finding);
                    }
                    _ => {}
                }
                for warning in &reading.warnings {
                    prop_assert_eq!(warning.severity(), Severity::Warning);
                }
            }
        }

        #[test]
        fn read_text_never_panics(text in any::<String>()) {
            for (_, kind) in fields() {
                let _ = read_text(kind, &text);
            }
        }
    }
}
