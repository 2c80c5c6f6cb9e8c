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
//! [`IsoDuration::from_seconds`]: crate::profile::IsoDuration::from_seconds
//! [`IsoDuration`]: crate::profile::IsoDuration
//! [`Email`]: crate::profile::Email
//!
//! # Decisions where the contract is silent
//! - The none state belongs to free text, lists (and a table answered as a whole) and sets of choices:
//!   `none`, `no`, `nothing`, `not used`, `none yet`, `not yet`, a lone dash (`-`, `–`, `—`), a few
//!   phrasings of the same (`none so far`, `not in use`), and the same in German, French, Spanish,
//!   Portuguese and Dutch (`keine`, `noch keine`, `nein`, `aucun`, `rien`, `pas encore`, `ninguno`, `nada`,
//!   `todavía no`, `nenhum`, `ainda não`, `geen`, `nog geen`, `niets`, `nee`). For every other type a lone
//!   dash and the word `none` mean not applicable, as on paper forms, except for a choice that has a `none`
//!   option of its own (the DR strategy), where `none` is that option.
//! - `n.a.`, `not relevant` and `does not apply` are not applicable too, and so are `non applicable`, `sans
//!   objet`, `nicht zutreffend`, `entfällt`, `no aplica`, `não se aplica`, `niet van toepassing` and
//!   `n.v.t.`; `unbekannt`, `inconnu`, `desconocido`, `desconhecido` and `onbekend` are unknown.
//! - In free text and lists the vendor's own words are the answer, so a state word is followed by an
//!   explanation only after a separator (`N/A - we do not migrate`, `None yet, planned for Q3`, `TBD (after
//!   the pilot)`): `No personal data leaves the EU` and `None of the data is personal` are answers, not the
//!   none state; and `NA` is the state only alone (`NA, EMEA, APAC` names North America). The none words
//!   take an explanation only after a separator for every type (`No Kubernetes, only VMs` is not none).
//!   The unknown words other than `unknown` and its translations, which may begin a name (`Unknown
//!   Worlds`), take a few words after a space too (`TBD by sales`, `Not sure yet`: up to four, without a
//!   sentence of their own; `Not sure what you mean; we use Entra ID` is an answer). The explanation goes
//!   to the notes.
//! - In free text and lists, `no`, `none`, `nothing` or `not` followed only by words for what is missing,
//!   since when and until when (`No monitoring yet`, `No dedicated APM tool`, `Not in place so far`, `None
//!   required`, `None yet planned for Q3`, `No tooling until 2027`), perhaps after `we have` or `there is`
//!   (`We have none yet`), is none too; the text stays as written, with nothing moved to the notes. A word
//!   that may be a name (`No SSO yet`, `No Kubernetes tooling`) or any separator (`No replication, we copy
//!   the files`) keeps the text the vendor's answer; the words are English only.
//! - The leading word decides: `N/A - not yet` is not applicable (with `not yet` in the notes), `None - not
//!   applicable to us` is none.
//! - A spreadsheet's error value is an `error-cell` finding, whether the cell holds it as an error or as
//!   text (ods files and CSV exports carry errors as text): Excel's `#N/A`, `#REF!`, `#DIV/0!`, `#VALUE!`,
//!   `#NAME?`, `#NUM!`, `#NULL!`, `#DATA!`, the newer `#SPILL!`, `#CALC!`, `#FIELD!`, `#BLOCKED!`,
//!   `#BUSY!`, `#CONNECT!`, `#UNKNOWN!`, `#GETTING_DATA`, `#PYTHON!`, and LibreOffice's `Err:502`.
//! - Besides the contract's list, `unsure`, `no idea`, `undecided`, `to be defined` (decided, determined,
//!   confirmed, clarified) and any run of `?` are unknown.
//! - An answer followed by an explanation keeps the explanation: `Yes, across three zones`, `N/A - we do
//!   not migrate`, `Azure (West Europe)`, `Jane Doe <jane@example.com>` are read as the answer, and the rest
//!   goes to [`Reading::comment`] with a `comment-moved` warning. Free text and lists take the whole text
//!   (but for a state word and its explanation, above). A single-letter or digit answer (`y`, `n`, `x`,
//!   `1`, `0`) counts only alone, so that `1 zone` is not read as yes.
//! - yes/no also takes `✓ ✔ ☑ ✅` (yes), `✗ ✘ ❌` (no), and `on the roadmap`, `in progress`, `in
//!   development`, `coming soon` (planned): work that is under way is not done yet. In German, French,
//!   Spanish, Portuguese and Dutch: `ja`, `oui`, `sí`, `si`, `sim` (yes); `nein`, `non`, `no`, `não`,
//!   `nao`, `nee` (no); `geplant`, `in Planung`, `prévu`, `planifié`, `planificado`, `previsto`,
//!   `planejado`, `planeado`, `gepland` (planned); and a spreadsheet's localised booleans (`WAHR`, `VRAI`,
//!   `VERDADERO`, `VERDADEIRO`, `WAAR` and their false). `si`, `sim` and `non` take an explanation only
//!   after a separator (`Si, en tres zonas`), since French `si` is also "if" and `non-` begins words.
//! - A number, percentage, size or duration may be qualified (`~300 ms`, `< 200 ms`, `up to 2 TB`,
//!   `1,000+ users`): the number is read and the whole text is kept as a comment, so the qualifier is not
//!   lost. A number question also takes `k`, `thousand` and `million` (`10k rps`), and a question in ms
//!   takes seconds (`0.3 s` is 300).
//! - A comma followed by exactly three digits is a thousands separator (`1,000`), except after a lone `0`
//!   (`0,125` is a decimal comma); a single dot is always a decimal point; several dots or commas group
//!   thousands (`1.000.000`).
//! - A numeric cell for a percentage that is at most 1 is a fraction (`0.9995` is 99.95 %): readers cannot
//!   see a cell's number format, and an availability of 1 % or less is not a real answer. Text reads the
//!   same way when it is a bare number with a decimal point or comma, above 0 and at most 1 (`0.999`,
//!   `0,9995`, `1.0`), with a `percent-fraction` warning, since the vendor sees the fraction as typed; a
//!   percent sign or a whole number is read as written (`0.5 %` is 0.5 %, `1` is 1 %). A number cell gets
//!   no warning: it is most often formatted as a percentage, and then the vendor sees 99.95 %.
//! - A duration is whole seconds (`500 ms` is `PT1S`); ISO 8601 input is kept as written (upper-cased), or
//!   rewritten canonically if it has a fraction the schema does not allow (`PT1.5H` becomes `PT1H30M`).
//!   `1h30` is 1 h 30 min. Months count 30 days and years 365, as [`IsoDuration`] compares them.
//! - A time-of-day cell (Excel's day zero, 1899-12-30 or -31) is written as `H:MM`, which a duration
//!   question reads as hours and minutes.
//! - A date cell, the date of a date-time cell, an Excel serial number from 1990-01-01 to 2200-12-31 (the
//!   1900 system; in a workbook in the 1904 system of old Mac workbooks the importer moves a serial, in a
//!   number cell or typed as text, into it first), `YYYYMMDD`, and written dates in
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
//! - A choice's value or label with its words in another order names it (`24x7 consumers` for "Consumers,
//!   24x7", `machines virtual IaaS` for "IaaS, virtual machines"): words are compared by their letters and
//!   digits, lowercased, as a whole set (no word left over, none missing). Words that name two options
//!   this way name neither, and get a did-you-mean naming both.
//! - A did-you-mean and the list of options name the labels the vendor sees in the template's drop-down
//!   (`did you mean "Azure"?`), not the values the profile stores.
//! - A choice also takes a few well-known names of an option (`Microsoft Azure`, `Amazon Web Services`,
//!   `Google Cloud Platform`, `k8s`), and a set of choices also takes labels that contain a comma
//!   (`IaaS, virtual machines, Kubernetes`).
//!
//! # Where each kind is read
//! This file holds what every kind shares: the [`Reading`] and its [`Outcome`], the dispatch of
//! [`read_cell`] and [`read_text`], and the helpers that trim, match and quote text and format numbers.
//! [`state`] holds the answer-state words (not applicable, unknown, none) and the spreadsheet error
//! values. Each answer kind has its own file: [`list`], [`yesno`], [`choice`] (one option and a set),
//! [`number`] (numbers, percentages, sizes), [`duration`], [`date`] and [`email`].

mod choice;
mod date;
mod duration;
mod email;
mod list;
mod number;
mod state;
mod yesno;

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, Timelike};
use serde_json::Value;

use crate::diagnostic::Code;
use crate::profile::catalogue::AnswerKind;
use crate::profile::Date;

use choice::{read_choice, read_choices};
use date::{excel_serial, read_date, serial_like};
use duration::read_duration;
use email::read_email;
use list::read_list;
use number::{read_number, read_percent, read_size};
use state::{answer_state, error_cell, StateWords};
use yesno::read_yes_no;

pub use super::workbook::CellValue;

/// A problem found in one cell; the caller adds the question's key and the cell's location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The stable code, which also gives the severity.
    pub code: Code,
    /// What is wrong, quoting the text as written (`"Azur" is not a hosting option`).
    pub message: String,
    /// How to fix it (`did you mean "Azure"?`), when there is something to say.
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
}

/// What a cell says about its question.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A value that parsed, exactly as the profile's field takes it in JSON (`"azure"`, `["saas"]`,
    /// `99.95`, `"PT4H"`, `"2026-03-15"`).
    Answered(Value),
    /// `N/A`, `not applicable`, and for types without the none state `-` or `none`.
    NotApplicable,
    /// `none`, `no`, `none yet`, `not used`, `-` and the like, for free text, lists and sets of choices
    /// without a `none` option: the vendor answered that there is nothing.
    None,
    /// `TBD`, `unknown`, `?`, `not sure` and the like.
    Unknown,
    /// The cell is empty or holds only spaces.
    Missing,
    /// The text does not parse as the question's type, or the cell holds a spreadsheet error.
    Invalid(Finding),
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
}

/// Days from 1899-12-30, day 0 of the 1900 date system (from serial 61 on), to 1904-01-01, day 0 of the
/// 1904 system.
const DAYS_1900_TO_1904: f64 = 1462.0;

/// A date question's cell in a workbook that counts its dates from 1904, moved into the 1900 system
/// [`read_cell`] knows: a serial number, in a number cell or typed as text (`45045`), is the same date
/// 1,462 days later. `None` for anything else, a `YYYYMMDD` number among it, which reads as in any
/// workbook.
pub(crate) fn date_serial_from_1904(cell: &CellValue) -> Option<CellValue> {
    let n = match cell {
        CellValue::Number(n) => *n,
        CellValue::Text(t) => Some(t.trim()).filter(|t| serial_like(t))?.parse().ok()?,
        _ => return None,
    };
    let shifted = n + DAYS_1900_TO_1904;
    excel_serial(shifted).map(|_| CellValue::Number(shifted))
}

/// Reads a cell (`None` = empty) as an answer of `kind`. Never panics, whatever the input.
///
/// A typed cell is read by its value where the type allows (a number for a number, a date cell for a
/// date, an Excel serial for a date, a fraction for a percentage); otherwise, and whenever the value does
/// not fit, the cell is read as its [`raw_text`], so an invalid cell gets the same finding as the text
/// kept for it in the profile JSON.
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
pub fn read_text(kind: AnswerKind, text: &str) -> Reading {
    let t = trim(text);
    if t.is_empty() {
        return Reading::of(Outcome::Missing);
    }
    if crate::profile::is_spreadsheet_error(t) {
        return Reading::invalid(error_cell(t));
    }
    if let Some((outcome, comment)) = answer_state(t, StateWords::of(kind)) {
        let read_as = match outcome {
            Outcome::Unknown => "unknown",
            Outcome::None => "none",
            _ => "not applicable",
        };
        return Reading::with_comment(outcome, t, read_as, comment);
    }
    match kind {
        AnswerKind::Text | AnswerKind::Table(_) => Reading::answered(Value::String(text_value(t))),
        AnswerKind::List => read_list(t),
        AnswerKind::YesNo => read_yes_no(t),
        AnswerKind::Choice(set) => read_choice(set, t),
        AnswerKind::Choices(set) => read_choices(set, t),
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

/// A numeric cell read by its value, where `kind` takes the number as it is (a fraction as a percentage, a
/// serial as a date); `None` sends the cell to the text reader.
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

/// Matches `phrase` (lowercase, with single spaces) at the start of `text`, ignoring case and letting a
/// space match any run of whitespace. Returns the length matched.
fn match_prefix(text: &str, phrase: &str) -> Option<usize> {
    let mut rest = text;
    for p in phrase.chars() {
        if p == ' ' {
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() {
                return None;
            }
            rest = trimmed;
            continue;
        }
        let mut chars = rest.chars();
        let c = chars.next()?;
        // Most text is ASCII, which needs no case tables; `Ã` still matches the `ã` of `não`.
        let same =
            if c.is_ascii() { c.eq_ignore_ascii_case(&p) } else { c == p || c.to_lowercase().eq(p.to_lowercase()) };
        if !same {
            return None;
        }
        rest = chars.as_str();
    }
    Some(text.len() - rest.len())
}

/// Whether `text` is exactly `phrase`, in the sense of [`match_prefix`].
fn matches_whole(text: &str, phrase: &str) -> bool {
    match_prefix(text, phrase) == Some(text.len())
}

/// Whether what follows a leading answer separates it from an explanation (`Yes, ...`, `No - ...`).
fn is_boundary(rest: &str) -> bool {
    rest.chars().next().is_none_or(|c| c.is_whitespace() || ",;:.!-–—()".contains(c))
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐')
}

/// Whether what follows a leading answer is set off by a separator, not just a space: a comma, semicolon,
/// colon, bracket, line break, a full stop or exclamation mark before a space, or a dash with a space on
/// either side (`None yet, planned`, `N/A - not yet`, `None (yet)`, but not `None of the data`, `No-SQL`).
fn is_separated(rest: &str) -> bool {
    let after = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '\n' && c != '\r');
    let spaced = after.len() < rest.len();
    let mut chars = after.chars();
    match chars.next() {
        None | Some(',' | ';' | ':' | '(' | '\n' | '\r') => true,
        Some('.' | '!') => chars.next().is_none_or(char::is_whitespace),
        Some(c) if is_dash(c) => spaced || chars.next().is_none_or(char::is_whitespace),
        Some(_) => false,
    }
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

/// Whether a leading answer may be followed by an explanation, and how it must be set off.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Explain {
    /// The answer must stand alone (punctuation after it is fine): `y`, `x`, `1`.
    Alone,
    /// Only after a separator ([`is_separated`]): `None yet, planned for Q3`.
    Separated,
    /// After a separator or a space: `Planned for Q3 2026`.
    Spaced,
}

/// The first byte of `text`, lowercased, when it is an ASCII character: see [`may_start`].
fn first_letter(text: &str) -> Option<u8> {
    text.bytes().next().filter(u8::is_ascii).map(|b| b.to_ascii_lowercase())
}

/// Whether [`match_prefix`] may match `phrase` at the start of a text whose [`first_letter`] is `first`.
/// Every answer is held against a hundred phrases: a text that starts with an ASCII character can only match
/// the phrases that start with it (ignoring case), which one byte tells. A text that starts otherwise is
/// held against them all, as `match_prefix` folds case beyond ASCII (the Kelvin sign is a `k`).
fn may_start(first: Option<u8>, phrase: &str) -> bool {
    first.is_none_or(|b| phrase.bytes().next().map(|p| p.to_ascii_lowercase()) == Some(b))
}

/// A leading phrase from `phrases` (with its meaning): the first that matches at a word boundary, with the
/// explanation after it. Each phrase says how far it allows an explanation, and `explain` may narrow that.
fn leading<'t, T: Copy>(text: &'t str, phrases: &[(&str, T, Explain)], explain: Explain) -> Option<(T, &'t str)> {
    let first = first_letter(text);
    phrases.iter().find_map(|&(phrase, meaning, most)| {
        if !may_start(first, phrase) {
            return None;
        }
        let rest = &text[match_prefix(text, phrase)?..];
        if !is_boundary(rest) {
            return None;
        }
        let comment = clean_comment(rest);
        let allowed = match explain.min(most) {
            Explain::Alone => false,
            Explain::Separated => is_separated(rest),
            Explain::Spaced => true,
        };
        (comment.is_empty() || allowed).then_some((meaning, comment))
    })
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

/// What the unit tests of every answer kind share: kinds of the catalogue's questions, and a text read as
/// one of them.
#[cfg(test)]
mod testing {
    use serde_json::Value;

    use super::{read_text, Finding, Outcome};
    use crate::profile::catalogue::AnswerKind;
    use crate::profile::{Choice, CommercialModel, ComputeApproach, DrStrategy, Hosting, State};

    pub(super) const HOSTING: AnswerKind = AnswerKind::Choice(&Hosting::SET);
    pub(super) const DR: AnswerKind = AnswerKind::Choice(&DrStrategy::SET);
    pub(super) const MODELS: AnswerKind = AnswerKind::Choices(&CommercialModel::SET);
    pub(super) const COMPUTE: AnswerKind = AnswerKind::Choices(&ComputeApproach::SET);
    pub(super) const LATENCY: AnswerKind = AnswerKind::Number { unit: "ms" };
    pub(super) const THROUGHPUT: AnswerKind = AnswerKind::Number { unit: "rps" };

    pub(super) fn value(kind: AnswerKind, text: &str) -> Value {
        match read_text(kind, text).outcome {
            Outcome::Answered(value) => value,
            other => panic!("{text:?} as {}: {other:?}", kind.name()),
        }
    }

    pub(super) fn finding(kind: AnswerKind, text: &str) -> Finding {
        match read_text(kind, text).outcome {
            Outcome::Invalid(finding) => finding,
            other => panic!("{text:?} as {} should be invalid: {other:?}", kind.name()),
        }
    }

    /// The answer state the text puts its question in.
    pub(super) fn state(kind: AnswerKind, text: &str) -> State {
        match read_text(kind, text).outcome {
            Outcome::Answered(_) => State::Answered,
            Outcome::NotApplicable => State::NotApplicable,
            Outcome::None => State::None,
            Outcome::Unknown => State::Unknown,
            Outcome::Missing => State::Missing,
            Outcome::Invalid(_) => State::Invalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::diagnostic::Severity;
    use crate::profile::catalogue::{QUESTIONS, TABLES};
    use crate::profile::{Profile, State};
    use proptest::prelude::*;
    use serde_json::json;

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
    fn raw_text_shows_what_the_spreadsheet_shows() {
        assert_eq!(raw_text(&CellValue::Number(12.0)), "12");
        assert_eq!(raw_text(&CellValue::Number(0.1 + 0.2)), "0.3");
        assert_eq!(raw_text(&CellValue::Bool(true)), "TRUE");
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

    #[test]
    fn a_cell_reads_by_its_value_and_its_text() {
        let sla = read_cell(AnswerKind::Percent, Some(&CellValue::Number(0.9995)));
        assert_eq!(sla.outcome, Outcome::Answered(json!(99.95)));
        let zones = read_cell(AnswerKind::YesNo, Some(&CellValue::Text("Yes, across three zones".into())));
        assert_eq!(zones.outcome, Outcome::Answered(json!("yes")));
        assert_eq!(zones.comment.as_deref(), Some("across three zones"));
        assert_eq!(read_cell(AnswerKind::Duration, None).outcome, Outcome::Missing);
    }

    #[test]
    fn text_reads_as_each_kind() {
        assert_eq!(read_text(AnswerKind::Duration, "1.5 h").outcome, Outcome::Answered(json!("PT1H30M")));
        assert_eq!(read_text(AnswerKind::SizeGb, "2 TB").outcome, Outcome::Answered(json!(2000)));
        assert_eq!(read_text(AnswerKind::List, "TBD").outcome, Outcome::Unknown);
        let Outcome::Invalid(finding) = read_text(AnswerKind::Duration, "soon").outcome else { panic!() };
        assert_eq!(finding.message, "\"soon\" is not a duration");
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
            prop::sample::select(crate::profile::SPREADSHEET_ERRORS).prop_map(|e| CellValue::Error(e.to_owned())),
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
                    prop_assert_eq!(warning.code.info().severity, Severity::Warning);
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
