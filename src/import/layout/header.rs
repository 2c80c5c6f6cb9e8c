//! The Profile sheet's header row and columns. The Answer column is found by its header, by a common
//! rename (`Response`, `Your answer`, `Antwort`, `Réponse`, ...), or, when the Key or Question column
//! identifies the rows, as the column right of Question that holds the answers; the last two with an
//! `answer-column-renamed` warning naming the column used.

use std::collections::{BTreeMap, BTreeSet};

use super::{is_blank, normalise, HEADER_SEARCH_ROWS};
use crate::import::cells::{self, CellValue};
use crate::import::workbook::{cell_ref, Sheet};

/// Headers that name the Answer column under another name: whole headers, normalised.
const ANSWER_HEADERS: &[&str] = &[
    "answers",
    "response",
    "responses",
    "reply",
    "replies",
    "youranswer",
    "youranswers",
    "yourresponse",
    "yourreply",
    "vendoranswer",
    "vendorresponse",
    "isvanswer",
    "isvresponse",
    "antwort",
    "antworten",
    "ihreantwort",
    "réponse",
    "réponses",
    "reponse",
    "reponses",
    "votreréponse",
    "votrereponse",
    "respuesta",
    "respuestas",
    "surespuesta",
    "resposta",
    "respostas",
    "suaresposta",
    "antwoord",
    "antwoorden",
    "uwantwoord",
    "jouwantwoord",
    "risposta",
    "risposte",
];

/// Words that name the Answer column inside a longer header (`Answer (ISV)`, `Vendor's response`).
const ANSWER_WORDS: &[&str] = &[
    "answer",
    "answers",
    "response",
    "responses",
    "reply",
    "antwort",
    "antworten",
    "réponse",
    "reponse",
    "respuesta",
    "resposta",
    "antwoord",
    "risposta",
];

/// The columns the template writes that hold its own text rather than the vendor's: Section labels the
/// rows; Importance and Guidance are kept as extra text only where they differ from what the template
/// writes for the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TemplateColumn {
    Section,
    Importance,
    Guidance,
}

/// The Profile sheet's columns, by position, and every header as written.
#[derive(Debug, Default)]
pub(super) struct ProfileColumns {
    pub(super) key: Option<u32>,
    pub(super) question: Option<u32>,
    pub(super) answer: u32,
    pub(super) notes: Option<u32>,
    pub(super) template: BTreeMap<u32, TemplateColumn>,
    /// The header row's texts by column, as written and trimmed.
    pub(super) headers: BTreeMap<u32, String>,
}

impl ProfileColumns {
    /// The columns read as key, question, answer and notes; the template's columns are not among them.
    pub(super) fn is_read(&self, col: u32) -> bool {
        col == self.answer || [self.key, self.question, self.notes].contains(&Some(col))
    }
}

/// How the Answer column was found.
#[derive(Debug, PartialEq)]
pub(super) enum AnswerFound {
    /// By its header, `Answer`.
    Header,
    /// By a common rename; the header as written.
    Renamed(String),
    /// As the column right of Question (or Key) that holds answers; its header as written, if any.
    Position(Option<String>),
}

/// The Profile sheet's header row, found.
#[derive(Debug)]
pub(super) struct Header {
    pub(super) row: u32,
    pub(super) columns: ProfileColumns,
    pub(super) found: AnswerFound,
}

impl Header {
    /// The `answer-column-renamed` warning's message, when the Answer column was not found by its header.
    pub(super) fn warning(&self) -> Option<String> {
        let col = cell_ref(self.row, self.columns.answer);
        let letters = col.trim_end_matches(|c: char| c.is_ascii_digit());
        match &self.found {
            AnswerFound::Header => None,
            AnswerFound::Renamed(header) => {
                Some(format!("the Answer column is headed \"{header}\"; the answers were read from column {letters}"))
            }
            AnswerFound::Position(header) => {
                let anchor = if self.columns.question.is_some() { "Question" } else { "Key" };
                let headed =
                    header.as_ref().map_or_else(|| "without a header".to_owned(), |h| format!("headed \"{h}\""));
                Some(format!(
                    "no column is headed \"Answer\"; the answers were read from column {letters} ({headed}), the \
                     column right of {anchor} that holds them"
                ))
            }
        }
    }
}

/// The text cells of the rows near the top: (row, column, text as written).
fn header_candidates(sheet: &Sheet) -> BTreeMap<u32, BTreeMap<u32, String>> {
    let mut rows: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    for cell in sheet.cells.iter().filter(|c| c.row < HEADER_SEARCH_ROWS) {
        if let CellValue::Text(text) = &cell.value {
            rows.entry(cell.row).or_default().insert(cell.col, text.trim().to_owned());
        }
    }
    rows
}

/// The first column of `headers` whose normalised text is `name`.
fn column_named(headers: &BTreeMap<u32, String>, name: &str) -> Option<u32> {
    headers.iter().find(|(_, h)| normalise(h) == name).map(|(c, _)| *c)
}

/// Whether a header names the Answer column under another name.
fn is_answer_rename(header: &str) -> bool {
    let whole = normalise(header);
    ANSWER_HEADERS.contains(&whole.as_str())
        || header.split(|c: char| !c.is_alphanumeric()).any(|word| ANSWER_WORDS.contains(&word.to_lowercase().as_str()))
}

/// The columns of a header row, with the Answer column given.
fn columns(headers: &BTreeMap<u32, String>, answer: u32) -> ProfileColumns {
    let key = column_named(headers, "key");
    let question = column_named(headers, "question");
    let notes = column_named(headers, "notes")
        .or_else(|| column_named(headers, "note"))
        .or_else(|| column_named(headers, "comments"))
        .filter(|&c| c != answer);
    let mut template = BTreeMap::new();
    for (name, column) in [
        ("section", TemplateColumn::Section),
        ("importance", TemplateColumn::Importance),
        ("guidance", TemplateColumn::Guidance),
    ] {
        if let Some(col) = column_named(headers, name).filter(|&c| c != answer) {
            template.insert(col, column);
        }
    }
    ProfileColumns { key, question, answer, notes, template, headers: headers.clone() }
}

/// The header row with a column headed `Answer`, or else one with a renamed Answer column beside a Key or
/// Question column: how a sheet that holds the questionnaire is recognised.
pub(super) fn named_header(sheet: &Sheet) -> Option<Header> {
    let rows = header_candidates(sheet);
    for (&row, headers) in &rows {
        if let Some(answer) = column_named(headers, "answer") {
            return Some(Header { row, columns: columns(headers, answer), found: AnswerFound::Header });
        }
    }
    for (&row, headers) in &rows {
        if column_named(headers, "key").is_none() && column_named(headers, "question").is_none() {
            continue;
        }
        let renamed = headers.iter().find(|(_, h)| normalise(h) != "question" && is_answer_rename(h));
        if let Some((&answer, header)) = renamed {
            return Some(Header {
                row,
                columns: columns(headers, answer),
                found: AnswerFound::Renamed(header.clone()),
            });
        }
    }
    None
}

/// The Profile sheet's header row: [`named_header`], or else the first row near the top with a Key or
/// Question column, whose Answer column is the first column right of Question (or of Key, without one)
/// that the questionnaire does not otherwise read and that holds text in a row below. `None` when the
/// sheet has no such row, or nothing right of it to read answers from.
pub(super) fn find_header(sheet: &Sheet) -> Option<Header> {
    if let Some(header) = named_header(sheet) {
        return Some(header);
    }
    let rows = header_candidates(sheet);
    let (&row, headers) =
        rows.iter().find(|(_, h)| column_named(h, "key").is_some() || column_named(h, "question").is_some())?;
    let probe = columns(headers, u32::MAX);
    let anchor = probe.question.or(probe.key)?;
    let known: BTreeSet<u32> =
        [probe.key, probe.question, probe.notes].into_iter().flatten().chain(probe.template.keys().copied()).collect();
    let mut right: BTreeSet<u32> = headers.keys().copied().filter(|&c| c > anchor && !known.contains(&c)).collect();
    let mut filled: BTreeSet<u32> = BTreeSet::new();
    for cell in sheet.cells.iter().filter(|c| c.row > row && c.col > anchor && !known.contains(&c.col)) {
        if !is_blank(Some(&cell.value)) && !cells::raw_text(&cell.value).trim().is_empty() {
            filled.insert(cell.col);
        }
    }
    right.extend(&filled);
    let answer = filled.first().or(right.first()).copied()?;
    let header = headers.get(&answer).filter(|h| !h.is_empty()).cloned();
    Some(Header { row, columns: columns(headers, answer), found: AnswerFound::Position(header) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_answer_headers() {
        for header in ["Response", "Your answer", "Reply", "Answers", "Antwort", "Réponse", "Respuesta", "Resposta"] {
            assert!(is_answer_rename(header), "{header}");
        }
        for header in ["Antwoord", "Answer (ISV)", "Vendor's response", "RESPONSE"] {
            assert!(is_answer_rename(header), "{header}");
        }
        for header in ["Question", "Notes", "Owner", "Target state (Azure)", "Responsible"] {
            assert!(!is_answer_rename(header), "{header}");
        }
    }
}
