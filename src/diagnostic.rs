//! Diagnostics: what is wrong with an answer, where it stands, and how to fix it.
//!
//! A [`Diagnostic`] never stops a run on its own; it is collected and reported. Problems that stop one file
//! from being read at all are [`Error`](crate::Error)s instead. Every diagnostic has a stable kebab-case
//! [`Code`]; the codes, with what each means and how to fix it, are one table here, from which the
//! reference documentation is generated.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The answer is wrong or lost; `check` exits 1.
    Error,
    /// Worth a look; the answer was read, perhaps with an assumption.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Documentation of one diagnostic code, for the reference.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CodeInfo {
    /// The code as printed (`invalid-choice`).
    pub id: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What it means.
    pub meaning: &'static str,
    /// An example of a message.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

macro_rules! codes {
    ($($variant:ident = ($id:literal, $severity:ident, $meaning:literal, $example:literal, $fix:literal)),+ $(,)?) => {
        /// A stable diagnostic code. See [`Code::info`] for what each one means.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum Code {
            $(#[doc = $meaning] #[serde(rename = $id)] $variant),+
        }

        impl Code {
            /// Every code, in reference order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code's documentation.
            pub fn info(self) -> &'static CodeInfo {
                match self {
                    $(Code::$variant => &CodeInfo {
                        id: $id,
                        severity: Severity::$severity,
                        meaning: $meaning,
                        example: $example,
                        fix: $fix,
                    }),+
                }
            }
        }
    };
}

codes! {
    MissingSheet = ("missing-sheet", Warning,
        "A sheet the questionnaire has is not in the workbook. Without the Profile sheet nothing can be read.",
        "warning[missing-sheet]: the workbook has no \"Milestones\" sheet",
        "Keep the template's sheets; an unused table sheet may stay empty."),
    MissingColumn = ("missing-column", Error,
        "A sheet's header row lacks a column that is needed to read it (Answer on the Profile sheet, a table's required column).",
        "error[missing-column]: Profile: no \"Answer\" column in the header row",
        "Restore the template's header row; columns may be in any order."),
    AnswerColumnRenamed = ("answer-column-renamed", Warning,
        "The Profile sheet has no column headed Answer. The answers were read from a column with a common rename of it (Response, Your answer, Antwort, Réponse, ...) or, failing that, from the first column right of Question (or Key) that holds text; the message names the column.",
        "warning[answer-column-renamed]: Profile!D3: the Answer column is headed \"Response\"; the answers were read from column D",
        "Check that the column named holds the answers; restore the template's header Answer to silence this."),
    KeyByQuestion = ("key-by-question", Warning,
        "A row has no usable Key, so it was matched to a question by its text.",
        "warning[key-by-question]: Profile!B14: matched to requirements.availability.multi_zone by its question text",
        "Keep the hidden Key column of the template."),
    UnknownKey = ("unknown-key", Warning,
        "A row's Key is not a question of the questionnaire. Its text is kept in the profile's `unmatched` list.",
        "warning[unknown-key]: Profile!A80: \"requirements.availability.multizone\" is not a question key; did you mean \"requirements.availability.multi_zone\"?",
        "Correct the key, or move the text to the Notes of the question it belongs to."),
    DuplicateKey = ("duplicate-key", Warning,
        "A question is answered in two rows. The first row wins; the second is kept in `unmatched`.",
        "warning[duplicate-key]: Profile!D40 (meta.company_name): answered again; Profile!D4 is used",
        "Delete one of the rows."),
    NoQuestion = ("no-question", Warning,
        "A row has an answer (or other text, or a comment) but neither a key nor a question that matches one, or a comment or link stands outside the questionnaire's rows. Its text is kept in `unmatched`.",
        "warning[no-question]: Profile!D75: \"We also use Redis\" stands in a row with no key and no known question",
        "Move the text to the Notes of the question it belongs to."),
    InvalidYesNo = ("invalid-yesno", Error,
        "A yes/no question's answer is not yes, no or planned.",
        "error[invalid-yesno]: Profile!D27 (requirements.availability.multi_zone): \"maybe\" is not yes, no or planned",
        "Answer Yes, No or Planned; put the nuance in Notes."),
    InvalidChoice = ("invalid-choice", Error,
        "A choice question's answer is not one of its options.",
        "error[invalid-choice]: Profile!D17 (architecture.current_hosting): \"Azur\" is not a hosting option; did you mean \"Azure\"?",
        "Pick an option from the drop-down; put anything else in Notes."),
    InvalidNumber = ("invalid-number", Error,
        "A number question's answer is not a number (with the question's unit, if any).",
        "error[invalid-number]: Profile!D34 (requirements.performance.max_latency_ms): \"fast\" is not a number",
        "Write a number such as 250 or 1,000."),
    InvalidPercent = ("invalid-percent", Error,
        "A percentage is not a number, or lies outside 0 to 100.",
        "error[invalid-percent]: Profile!D25 (requirements.availability.sla_target_percent): \"120 %\" is not a percentage from 0 to 100",
        "Write a percentage such as 99.95."),
    PercentFraction = ("percent-fraction", Warning,
        "A percentage was written as a fraction of 1 (`0.999`) without a percent sign; it was read as the percentage it stands for, as a number cell holding 0.999 is.",
        "warning[percent-fraction]: Profile!D25 (requirements.availability.sla_target_percent): \"0.999\" read as 99.9 %, a fraction of 1",
        "Write the percentage itself, such as 99.9, or 0.999 % if that is meant."),
    InvalidDuration = ("invalid-duration", Error,
        "A duration is not a number with a unit of time or an ISO 8601 duration.",
        "error[invalid-duration]: Profile!D29 (requirements.disaster_recovery.rpo): \"soon\" is not a duration",
        "Write a duration such as 15 min, 4 h, 1 day or PT4H."),
    InvalidSize = ("invalid-size", Error,
        "A size is not a number with an optional unit (MB, GB, TB).",
        "error[invalid-size]: Profile!D38 (requirements.migration.data_volume_gb): \"huge\" is not a size",
        "Write a size such as 500 GB or 2 TB."),
    InvalidDate = ("invalid-date", Error,
        "A date cannot be read, or does not exist in the calendar.",
        "error[invalid-date]: Profile!D7 (meta.completed_on): \"31.02.2026\" is not a date",
        "Write the date as 2026-03-15, or use a date cell."),
    AmbiguousDate = ("ambiguous-date", Warning,
        "A date such as 03/04/2026 reads both ways; it was read day first.",
        "warning[ambiguous-date]: Profile!D7 (meta.completed_on): \"03/04/2026\" is ambiguous; read as 2026-04-03 (day first)",
        "Write the date as 2026-04-03, or use a date cell."),
    CommentMoved = ("comment-moved", Warning,
        "An answer was followed by an explanation (`Yes, across three zones`); the answer was read and the rest moved to the question's notes, so nothing is lost.",
        "warning[comment-moved]: Profile!D27 (requirements.availability.multi_zone): \"Yes, across three zones\" read as yes; \"across three zones\" moved to the notes",
        "Put the answer alone in the Answer cell and the explanation in Notes."),
    InvalidEmail = ("invalid-email", Error,
        "An e-mail question's answer is not one e-mail address.",
        "error[invalid-email]: Profile!D6 (meta.contact_email): \"jane at contoso\" is not one e-mail address",
        "Write one address such as cto@example.com."),
    ErrorCell = ("error-cell", Error,
        "The cell holds a spreadsheet error (#N/A, #REF!, #DIV/0!) instead of an answer.",
        "error[error-cell]: Profile!D30 (requirements.disaster_recovery.rto): the cell holds the error #N/A",
        "Replace the formula's result with the answer."),
    IncompleteRow = ("incomplete-row", Warning,
        "A table row lacks a cell that every row needs.",
        "warning[incomplete-row]: Components!A5: the row has no Name",
        "Fill in the row's required cells, or clear the row."),
    TextTooLong = ("text-too-long", Warning,
        "A cell's text is longer than the limit (100 000 characters unless raised); the profile keeps the text up to the limit, the rest is left in the file.",
        "warning[text-too-long]: Profile!D12 (solution.overview): 120000 characters, more than the limit of 100000; the profile keeps the first 100000",
        "Shorten the answer, or attach a document and name it."),
    CommentsUnread = ("comments-unread", Warning,
        "Some cell comments, notes or hyperlinks of an answer sheet could not be read (a damaged comments part, a comment beyond the limits, the notes of an Excel 95 file, the comments and hyperlinks of an xlsb file). The answers were read; the message says what was left out.",
        "warning[comments-unread]: sheet \"Profile\": its comments or links could not be read: \"xl/comments1.xml\" is damaged: ill-formed document",
        "Open the file in a spreadsheet program, check its comments, and save it again."),
    DamagedPart = ("damaged-part", Warning,
        "Part of the file is damaged but holds no answers, so the answers were still read: a part such as the cell styles or a spreadsheet's manifest was left out or replaced, or a zip member longer than its header says was read in full.",
        "warning[damaged-part]: \"xl/styles.xml\" (the cell styles) is damaged (invalid checksum) and was left out; numbers formatted as dates or percentages may read as plain numbers",
        "Nothing is lost; saving the file again from the spreadsheet program repairs it."),
    NewerQuestionnaire = ("newer-questionnaire", Warning,
        "The workbook was made from a newer version of the questionnaire than this tool knows. Its answers are read as far as the tool knows the questions; rows of questions it does not know are kept as text that matched no question.",
        "warning[newer-questionnaire]: Profile!A1: the workbook was made from questionnaire version 1.1.0, newer than this tool's 1.0.0",
        "Read the workbook with a version of discovery that knows its questionnaire."),
    SchemaViolation = ("schema-violation", Error,
        "A profile JSON does not conform to the schema: an unknown key, a wrong type, a value out of range.",
        "error[schema-violation]: requirements.availability.sla_target_percent: 120 is greater than the maximum of 100",
        "Correct the JSON against schemas/discovery-profile.schema.json."),
}

impl Code {
    /// The code as printed (`invalid-choice`).
    pub fn as_str(self) -> &'static str {
        self.info().id
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a diagnostic or an answer stands: a cell the vendor can find.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Location {
    /// The file's name as given.
    pub file: String,
    /// The sheet's name.
    pub sheet: String,
    /// The cell (`D14`).
    pub cell: String,
}

impl Location {
    /// Reads `Sheet!D14` (as the profile's `sources` hold it) into a location in `file`.
    pub fn parse(file: &str, source: &str) -> Option<Location> {
        let (sheet, cell) = source.rsplit_once('!')?;
        Some(Location { file: file.to_owned(), sheet: sheet.to_owned(), cell: cell.to_owned() })
    }

    /// `Sheet!D14`, as the profile's `sources` hold it.
    pub fn reference(&self) -> String {
        format!("{}!{}", self.sheet, self.cell)
    }
}

/// A problem with one answer, or with the shape of the workbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// The question's dotted key, when it concerns one.
    pub key: Option<String>,
    /// The cell, when it stands in one.
    pub location: Option<Location>,
    /// What is wrong, quoting the text as written.
    pub message: String,
    /// How to fix it (`did you mean "Azure"?`), when there is something to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.info().severity,
            code,
            key: None,
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// The same, about question `key`.
    pub fn with_key(mut self, key: impl Into<String>) -> Diagnostic {
        self.key = Some(key.into());
        self
    }

    /// The same, at `location`.
    pub fn at(mut self, location: Option<Location>) -> Diagnostic {
        self.location = location;
        self
    }

    /// The same, with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

/// One line, like a compiler's: `error[invalid-choice]: Profile!D17 (architecture.current_hosting): "Azur"
/// is not a hosting option; did you mean "Azure"?`
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: ", self.severity, self.code)?;
        match (&self.location, &self.key) {
            (Some(location), Some(key)) => write!(f, "{} ({key}): ", location.reference())?,
            (Some(location), None) => write!(f, "{}: ", location.reference())?,
            (None, Some(key)) => write!(f, "{key}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_kebab_case_and_serialise_as_printed() {
        let ids: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(ids.len(), Code::ALL.len());
        for code in Code::ALL {
            let id = code.as_str();
            assert!(id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{id}");
            assert_eq!(serde_json::to_value(code).unwrap(), id);
            assert!(code.info().example.contains(&format!("[{id}]")), "{id}'s example shows another code");
        }
    }

    #[test]
    fn displays_like_a_compiler() {
        let d = Diagnostic::new(Code::InvalidChoice, "\"Azur\" is not a hosting option")
            .with_key("architecture.current_hosting")
            .at(Location::parse("a.xlsx", "Profile!D17"))
            .with_hint("did you mean \"Azure\"?");
        assert_eq!(
            d.to_string(),
            "error[invalid-choice]: Profile!D17 (architecture.current_hosting): \"Azur\" is not a hosting option; did you mean \"Azure\"?"
        );
    }
}
