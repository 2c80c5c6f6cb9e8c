//! Finding the questionnaire in a workbook: the Profile sheet's header row and columns, its rows matched to
//! questions by key or by question text, and the four table sheets. Everything here is by name, case- and
//! space-insensitive and in any order, because vendors move, rename and delete columns. How the header row
//! and a renamed Answer column are found is in `header`; what else the vendor wrote on the sheets (other
//! columns, comments, links) and how a cell reads as the vendor sees it is in `extras`.

mod extras;
mod header;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::cells::{self, CellValue, Finding, Outcome};
use super::workbook::{cell_ref, sheet_cell_ref, Format, Sheet, SheetChoice, Workbook};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::follow_up::note;
use crate::profile::catalogue::{self, AnswerKind, Question, Table, TABLES};
use crate::profile::{AnswerState, ExtraText, Profile, RecordedState, Unmatched, UnmatchedReason};
use crate::{Error, ErrorKind, Result};
use extras::{note_line, shown, shown_text, Rows};
use header::{ProfileColumns, TemplateColumn};

/// How far down a sheet its header row may stand (title rows above it are common).
const HEADER_SEARCH_ROWS: u32 = 30;

/// The name of the questionnaire's main sheet.
const PROFILE_SHEET: &str = "Profile";

/// Letters, digits and nothing else, lowercased: how names and question texts are compared.
pub(crate) fn normalise(text: &str) -> String {
    // Most texts are ASCII: their letters and digits lowercase a byte each, into a string of known room.
    if text.is_ascii() {
        let mut out = String::with_capacity(text.len());
        out.extend(text.bytes().filter(u8::is_ascii_alphanumeric).map(|b| char::from(b.to_ascii_lowercase())));
        return out;
    }
    normalised(text).collect()
}

/// The characters of [`normalise`]`(text)`, for comparing without building the string.
fn normalised(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
}

/// Each question of the Profile sheet with its text normalised, made once: every Profile sheet read
/// matches its rows' question texts against them.
fn profile_questions() -> &'static [(String, &'static Question)] {
    static QUESTIONS: OnceLock<Vec<(String, &'static Question)>> = OnceLock::new();
    QUESTIONS.get_or_init(|| catalogue::profile_sheet_questions().map(|q| (normalise(q.text), q)).collect())
}

/// The guidance the template writes beside a question, made once per question: every row of a Profile sheet
/// with the template's Guidance column compares its text with it.
fn guidance(question: &'static Question) -> &'static str {
    static GUIDANCE: OnceLock<BTreeMap<&'static str, String>> = OnceLock::new();
    let texts = GUIDANCE.get_or_init(|| catalogue::QUESTIONS.iter().map(|q| (q.key, q.kind.guidance())).collect());
    texts.get(question.key).map_or("", String::as_str)
}

fn is_blank(value: Option<&CellValue>) -> bool {
    match value {
        None => true,
        Some(CellValue::Text(t)) => t.trim().is_empty(),
        Some(_) => false,
    }
}

/// The profile under construction: answers as a JSON tree, plus the bookkeeping maps.
struct Builder<'a> {
    file: &'a str,
    answers: Value,
    profile: Profile,
    diagnostics: Vec<Diagnostic>,
    /// The workbook counts its dates from 1904 (see [`Workbook::date_1904`]).
    date_1904: bool,
}

impl<'a> Builder<'a> {
    fn new(file: &'a str, date_1904: bool) -> Self {
        Builder {
            file,
            answers: Value::Object(Map::new()),
            profile: Profile::default(),
            diagnostics: Vec::new(),
            date_1904,
        }
    }

    fn location(&self, sheet: &str, row: u32, col: u32) -> Location {
        Location { file: self.file.to_owned(), sheet: sheet.to_owned(), cell: cell_ref(row, col) }
    }

    /// Records what one answer cell says about `key`, its value in the answers tree.
    fn answer(&mut self, key: &str, kind: AnswerKind, cell: Option<&CellValue>, sheet: &str, row: u32, col: u32) {
        if let Some(value) = self.answer_value(key, kind, cell, sheet, row, col) {
            set_path(&mut self.answers, key, value);
        }
    }

    /// Records what one answer cell says about `key`, like [`Builder::answer`], but hands back its value
    /// instead of putting it in the answers tree: a table row's cells go into the row.
    fn answer_value(
        &mut self,
        key: &str,
        kind: AnswerKind,
        cell: Option<&CellValue>,
        sheet: &str,
        row: u32,
        col: u32,
    ) -> Option<Value> {
        self.profile.sources.insert(key.to_owned(), sheet_cell_ref(sheet, row, col));
        // A date as its serial number in a workbook that counts from 1904: the reader counts from 1900. The
        // raw text stays what the vendor sees.
        let from_1904 =
            cell.filter(|_| self.date_1904 && kind == AnswerKind::Date).and_then(cells::date_serial_from_1904);
        let reading = cells::read_cell(kind, from_1904.as_ref().or(cell));
        let raw = || cell.map(cells::raw_text).unwrap_or_default();
        let mut answered = None;
        match reading.outcome {
            Outcome::Answered(value) => answered = Some(value),
            Outcome::Missing => {}
            Outcome::NotApplicable => self.record(key, RecordedState::NotApplicable, raw()),
            Outcome::None => self.record(key, RecordedState::None, raw()),
            Outcome::Unknown => self.record(key, RecordedState::Unknown, raw()),
            // The diagnostic is derived from the recorded raw text afterwards, the same way for a workbook
            // and for the profile JSON exported from it.
            Outcome::Invalid(_) => self.record(key, RecordedState::Invalid, raw()),
        }
        for warning in reading.warnings {
            let location = self.location(sheet, row, col);
            self.diagnostics.push(finding_diagnostic(warning, key, Some(location)));
        }
        if let Some(comment) = reading.comment {
            self.add_note(key, &comment);
        }
        answered
    }

    fn record(&mut self, key: &str, state: RecordedState, raw: String) {
        self.profile.answer_states.insert(key.to_owned(), AnswerState { state, raw });
    }

    fn add_note(&mut self, key: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.profile
            .notes
            .entry(key.to_owned())
            .and_modify(|existing| {
                existing.push('\n');
                existing.push_str(text);
            })
            .or_insert_with(|| text.to_owned());
    }

    /// Keeps other text the vendor wrote about a question or a table row.
    fn add_extras(&mut self, key: &str, extras: Vec<ExtraText>) {
        if !extras.is_empty() {
            self.profile.extras.entry(key.to_owned()).or_default().extend(extras);
        }
    }

    /// One `comments-unread` warning for each reason some comments or links of an answer sheet were not
    /// read; a reason that concerns the whole workbook is reported once.
    fn report_unread(&mut self, sheet: &Sheet) {
        for why in &sheet.annotations_unread {
            let known = self.diagnostics.iter().any(|d| d.code == Code::CommentsUnread && d.message == *why);
            if !known {
                self.diagnostics.push(Diagnostic::new(Code::CommentsUnread, why.clone()));
            }
        }
    }

    /// The profile's JSON document: the answers, with the bookkeeping maps beside them.
    fn finish(mut self) -> (Value, Vec<Diagnostic>) {
        let mut answers = self.answers;
        let root = answers.as_object_mut().expect("built as an object");
        // The bookkeeping maps as the profile serialises them (each left out when empty), moved rather than
        // serialised with the rest of the profile and copied.
        let Profile { answer_states, notes, sources, unmatched, extras, .. } = self.profile;
        let texts = |map: BTreeMap<String, String>| {
            Value::Object(map.into_iter().map(|(key, text)| (key, Value::String(text))).collect())
        };
        let to_value = |value: Result<Value, serde_json::Error>| value.expect("bookkeeping serialises");
        if !answer_states.is_empty() {
            root.insert("answer_states".to_owned(), to_value(serde_json::to_value(answer_states)));
        }
        if !notes.is_empty() {
            root.insert("notes".to_owned(), texts(notes));
        }
        if !sources.is_empty() {
            root.insert("sources".to_owned(), texts(sources));
        }
        if !unmatched.is_empty() {
            root.insert("unmatched".to_owned(), to_value(serde_json::to_value(unmatched)));
        }
        if !extras.is_empty() {
            root.insert("extras".to_owned(), to_value(serde_json::to_value(extras)));
        }
        sort_diagnostics(&mut self.diagnostics);
        (answers, self.diagnostics)
    }
}

/// Sets `value` at a dotted key (`a.b.c`) in a JSON object tree, creating objects on the way.
fn set_path(root: &mut Value, key: &str, value: Value) {
    let mut node = root;
    let mut segments = key.split('.').peekable();
    while let Some(segment) = segments.next() {
        let object = node.as_object_mut().expect("answers are nested objects");
        if segments.peek().is_none() {
            object.insert(segment.to_owned(), value);
            return;
        }
        // The key's own string is made only for a new object: most segments lead into one made before.
        if !object.contains_key(segment) {
            object.insert(segment.to_owned(), Value::Object(Map::new()));
        }
        node = object.get_mut(segment).expect("present or just inserted");
    }
}

fn finding_diagnostic(finding: Finding, key: &str, location: Option<Location>) -> Diagnostic {
    let diagnostic = Diagnostic::new(finding.code, finding.message).with_key(key).at(location);
    match finding.hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// The value of an answer cell as the vendor sees it (see [`shown`]), empty cells as `None`.
fn answer_cell(sheet: &Sheet, row: u32, col: u32) -> Option<CellValue> {
    sheet.get_cell(row, col).filter(|c| !is_blank(Some(&c.value))).map(shown)
}

/// Reads the questionnaire from a workbook.
///
/// `max_cell_chars` is the limit the workbook reader cut long texts to, for the `text-too-long` messages.
pub(crate) fn read_questionnaire(
    workbook: &Workbook,
    file: &str,
    max_cell_chars: usize,
) -> Result<(Value, Vec<Diagnostic>)> {
    let mut builder = Builder::new(file, workbook.date_1904);
    let asked = follow_up_asked(workbook);
    read_profile_sheet(workbook, &asked, &mut builder)?;
    for table in TABLES {
        read_table(workbook, table, &asked, &mut builder);
    }
    report_truncated(workbook, max_cell_chars, &mut builder);
    Ok(builder.finish())
}

/// One `text-too-long` warning per cell the reader cut, wherever it stands: a cell that long is worth a look
/// even on a sheet the questionnaire does not read. A cut answer names its question.
fn report_truncated(workbook: &Workbook, max_cell_chars: usize, builder: &mut Builder) {
    let keys: BTreeMap<&str, &str> =
        builder.profile.sources.iter().map(|(key, source)| (source.as_str(), key.as_str())).collect();
    let mut found = Vec::new();
    for sheet in &workbook.sheets {
        for &(row, col, chars) in &sheet.truncated {
            let location = builder.location(&sheet.name, row, col);
            let diagnostic = Diagnostic::new(
                Code::TextTooLong,
                format!(
                    "{chars} characters, more than the limit of {max_cell_chars}; the profile keeps the first \
                     {max_cell_chars}"
                ),
            );
            let diagnostic = match keys.get(format!("{}!{}", sheet.name, location.cell).as_str()) {
                Some(key) => diagnostic.with_key(*key),
                None => diagnostic,
            };
            found.push(diagnostic.at(Some(location)));
        }
    }
    builder.diagnostics.extend(found);
}

/// What each gap's note asks, as a follow-up workbook's `Follow-up` sheet lists it (`G<n>` in the first
/// column); empty for any other workbook.
fn follow_up_asked(workbook: &Workbook) -> note::Asked {
    let Some(sheet) = find_sheet(workbook, note::SHEET) else { return note::Asked::new() };
    let column = u32::from(note::ASK_COLUMN);
    sheet
        .cells
        .iter()
        .filter(|cell| cell.col == 0)
        .filter_map(|cell| {
            let number = note::gap_number(&shown_text(Some(cell)))?;
            let asked = note::one_line(&shown_text(sheet.get_cell(cell.row, column)));
            (!asked.is_empty()).then_some((number, asked))
        })
        .collect()
}

fn find_sheet<'w>(workbook: &'w Workbook, name: &str) -> Option<&'w Sheet> {
    let wanted = normalise(name);
    workbook.sheets.iter().find(|s| normalise(&s.name) == wanted)
}

/// The first row near the top whose cells name all of `required` (normalised), with every named column.
fn header_row(sheet: &Sheet, required: &[&str]) -> Option<(u32, BTreeMap<String, u32>)> {
    let mut by_row: BTreeMap<u32, BTreeMap<String, u32>> = BTreeMap::new();
    for cell in sheet.cells.iter().filter(|c| c.row < HEADER_SEARCH_ROWS) {
        if let CellValue::Text(text) = &cell.value {
            by_row.entry(cell.row).or_default().entry(normalise(text)).or_insert(cell.col);
        }
    }
    by_row.into_iter().find(|(_, names)| required.iter().all(|r| names.contains_key(*r)))
}

/// The sheets the workbook reader reads: the questionnaire's by name, or, when there is no Profile sheet, the
/// first whose first rows hold the Profile sheet's header ([`holds_profile`]). Nothing else is parsed.
pub(super) fn sheet_choice() -> SheetChoice {
    SheetChoice {
        by_name: |name| {
            let name = normalise(name);
            // The follow-up workbook's own sheet too, for what its notes ask (`follow_up_asked`).
            [PROFILE_SHEET, note::SHEET].into_iter().chain(TABLES.iter().map(|t| t.sheet)).any(|s| normalise(s) == name)
        },
        main_by_name: |name| normalise(name) == normalise(PROFILE_SHEET),
        head_rows: HEADER_SEARCH_ROWS,
        by_head: holds_profile,
    }
}

/// Whether a sheet that is not named Profile holds the profile's questions (its header row has an Answer
/// column, or one of its common renames): the first such sheet is read instead. The reader asks the same of
/// a sheet's first rows.
fn holds_profile(sheet: &Sheet) -> bool {
    header::named_header(sheet).is_some()
}

fn read_profile_sheet(workbook: &Workbook, asked: &note::Asked, builder: &mut Builder) -> Result<()> {
    let sheet = find_sheet(workbook, PROFILE_SHEET).or_else(|| workbook.sheets.iter().find(|s| holds_profile(s)));
    let Some(sheet) = sheet else {
        let names: Vec<&str> = workbook.sheet_names.iter().map(String::as_str).collect();
        return Err(Error::new(
            ErrorKind::NotAQuestionnaire,
            format!(
                "no questionnaire found: there is no \"Profile\" sheet and no sheet with an \"Answer\" column (sheets: {})",
                if names.is_empty() { "none".to_owned() } else { names.join(", ") }
            ),
        ));
    };
    if normalise(&sheet.name) != normalise(PROFILE_SHEET) {
        builder.diagnostics.push(Diagnostic::new(
            Code::MissingSheet,
            format!("the workbook has no \"Profile\" sheet; the answers were read from \"{}\"", sheet.name),
        ));
    }
    let Some(header) = header::find_header(sheet) else {
        return Err(Error::new(
            ErrorKind::NotAQuestionnaire,
            format!(
                "sheet \"{}\" has no header row with an \"Answer\" column, nor a \"Key\" or \"Question\" column with \
                 answers right of it, in its first {HEADER_SEARCH_ROWS} rows",
                sheet.name
            ),
        ));
    };
    let columns = &header.columns;
    if columns.key.is_none() && columns.question.is_none() {
        return Err(Error::new(
            ErrorKind::NotAQuestionnaire,
            format!(
                "sheet \"{}\" has neither a \"Key\" nor a \"Question\" column to match answers to questions",
                sheet.name
            ),
        ));
    }
    if let Some(message) = header.warning() {
        let location = builder.location(&sheet.name, header.row, columns.answer);
        builder.diagnostics.push(Diagnostic::new(Code::AnswerColumnRenamed, message).at(Some(location)));
    }
    builder.report_unread(sheet);
    let questions = profile_questions();
    let rows = Rows::new(sheet, asked);
    let mut seen: BTreeMap<&'static str, String> = BTreeMap::new();
    for row in rows.below(header.row) {
        read_profile_row(&rows, row, columns, questions, &mut seen, builder);
    }
    // Comments and links on the header row or above it belong to no question; keep them all the same.
    for row in rows.annotations.keys().copied().filter(|&r| r <= header.row) {
        for extra in rows.annotations_of(row) {
            builder.profile.unmatched.push(unmatched_extra(String::new(), &extra));
        }
    }
    Ok(())
}

/// Text from a comment or link that stands in no row of the questionnaire, kept in `unmatched`.
fn unmatched_extra(key: String, extra: &ExtraText) -> Unmatched {
    Unmatched {
        reason: UnmatchedReason::NoQuestion,
        key,
        question: String::new(),
        answer: String::new(),
        notes: note_line(extra),
        location: extra.cell.clone(),
    }
}

fn read_profile_row(
    rows: &Rows,
    row: u32,
    columns: &ProfileColumns,
    questions: &[(String, &'static Question)],
    seen: &mut BTreeMap<&'static str, String>,
    builder: &mut Builder,
) {
    let sheet = rows.sheet;
    let text_at = |col: Option<u32>| col.map(|c| shown_text(sheet.get_cell(row, c))).unwrap_or_default();
    let key_text = text_at(columns.key);
    let question_text = text_at(columns.question);
    let answer = answer_cell(sheet, row, columns.answer);
    let answer = answer.as_ref();
    let notes = text_at(columns.notes);
    let answer_cell = sheet_cell_ref(&sheet.name, row, columns.answer);

    let by_key = catalogue::question(key_text.trim()).filter(|q| !matches!(q.kind, AnswerKind::Table(_)));
    let question = match by_key {
        Some(q) => Some(q),
        None => {
            let by_text = match_question(&question_text, questions);
            if let Some(q) = by_text {
                let reason = if key_text.is_empty() { "has no key" } else { "has a key that is not a question's" };
                builder.diagnostics.push(
                    Diagnostic::new(
                        Code::KeyByQuestion,
                        format!("the row {reason}; matched to {} by its question text", q.key),
                    )
                    .with_key(q.key)
                    .at(Some(builder.location(
                        &sheet.name,
                        row,
                        columns.question.unwrap_or(columns.answer),
                    ))),
                );
            }
            by_text
        }
    };
    // Every other column's text, the row's comments and its links' targets. The template's own columns
    // count only where they differ from what the template writes: Section labels the row, and Importance
    // and Guidance repeat the catalogue.
    let extras = rows.extras(row, &columns.headers, |col, text| {
        if columns.is_read(col) {
            return false;
        }
        let template_text = match (columns.template.get(&col), question) {
            (None, _) => return true,
            (Some(TemplateColumn::Section), _) => return false,
            (Some(_), None) => return true,
            (Some(TemplateColumn::Importance), Some(q)) => q.importance.as_str(),
            (Some(TemplateColumn::Guidance), Some(q)) => guidance(q),
        };
        // Mostly the template's own text, as written: equal without normalising either.
        !text.eq_ignore_ascii_case(template_text) && !normalised(text).eq(normalised(template_text))
    });
    let has_text = answer.is_some() || !notes.is_empty() || !extras.is_empty();
    let unmatched = |reason, key: String, mut notes: String| {
        for extra in &extras {
            if !notes.is_empty() {
                notes.push('\n');
            }
            notes.push_str(&note_line(extra));
        }
        Unmatched {
            reason,
            key,
            question: question_text.clone(),
            answer: answer.map(cells::raw_text).unwrap_or_default(),
            notes,
            location: answer_cell.clone(),
        }
    };

    let Some(question) = question else {
        // A row of its own: kept whenever it holds anything, even only a key or a question nobody answered.
        if has_text || !key_text.is_empty() || !question_text.is_empty() {
            let reason = if key_text.is_empty() { UnmatchedReason::NoQuestion } else { UnmatchedReason::UnknownKey };
            builder.profile.unmatched.push(unmatched(reason, key_text.clone(), notes.clone()));
        }
        return;
    };
    if let Some(first) = seen.get(question.key) {
        if has_text {
            // A follow-up workbook writes these notes back, where the first answer may stand elsewhere: what an
            // earlier reading said is replaced, not said again.
            let own = without_first_answered(&notes);
            let notes = match own.is_empty() {
                true => format!("{FIRST_ANSWERED}{first}"),
                false => format!("{own} ({FIRST_ANSWERED}{first})"),
            };
            builder.profile.unmatched.push(unmatched(UnmatchedReason::DuplicateKey, question.key.to_owned(), notes));
        }
        return;
    }
    seen.insert(question.key, answer_cell.clone());
    builder.answer(question.key, question.kind, answer, &sheet.name, row, columns.answer);
    if !notes.is_empty() {
        builder.add_note(question.key, &notes);
    }
    builder.add_extras(question.key, extras);
}

/// What the importer says of a second answer to a question, before the first answer's cell.
const FIRST_ANSWERED: &str = "first answered at ";

/// `notes` without what an earlier reading said of a second answer: a line `first answered at Profile!D23`,
/// or ` (first answered at Profile!D23)` at the end of a line. Every other line stays as it is.
fn without_first_answered(notes: &str) -> String {
    let is_cell = |text: &str| {
        text.split_once('!').is_some_and(|(sheet, cell)| {
            let digits = cell.trim_start_matches(|c: char| c.is_ascii_uppercase());
            !sheet.is_empty()
                && digits.len() < cell.len()
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
        })
    };
    let lines = notes.lines().filter_map(|line| {
        if line.strip_prefix(FIRST_ANSWERED).is_some_and(is_cell) {
            return None;
        }
        let own = line
            .strip_suffix(')')
            .and_then(|l| l.rsplit_once(&format!(" ({FIRST_ANSWERED}")))
            .filter(|(_, cell)| is_cell(cell))
            .map_or(line, |(own, _)| own);
        Some(own)
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// The question whose text matches `text`: exactly after normalising, else the one clearly closest.
fn match_question(text: &str, questions: &[(String, &'static Question)]) -> Option<&'static Question> {
    let wanted = normalise(text);
    if wanted.len() < 4 {
        return None;
    }
    if let Some((_, q)) = questions.iter().find(|(n, _)| *n == wanted) {
        return Some(q);
    }
    let mut scored: Vec<(f64, &'static Question)> =
        questions.iter().map(|(n, q)| (strsim::normalized_levenshtein(n, &wanted), *q)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(best, q), (second, _), ..] if *best >= 0.8 && best - second >= 0.1 => Some(q),
        _ => None,
    }
}

fn read_table(workbook: &Workbook, table: &'static Table, asked: &note::Asked, builder: &mut Builder) {
    let Some(sheet) = find_sheet(workbook, table.sheet) else {
        // A CSV holds one sheet, the Profile sheet: its tables are missing by nature (their gaps say so).
        if workbook.format == Format::Csv {
            return;
        }
        builder.diagnostics.push(
            Diagnostic::new(Code::MissingSheet, format!("the workbook has no \"{}\" sheet", table.sheet))
                .with_key(table.key),
        );
        return;
    };
    builder.report_unread(sheet);
    let rows = Rows::new(sheet, asked);
    let first_required = table.columns.iter().find(|c| c.required).map(|c| normalise(c.header)).unwrap_or_default();
    let Some((header, names)) = header_row(sheet, &[first_required.as_str()]) else {
        builder.diagnostics.push(
            Diagnostic::new(
                Code::MissingColumn,
                format!("sheet \"{}\": no header row with a \"{}\" column", sheet.name, table.columns[0].header),
            )
            .with_key(table.key),
        );
        // Nothing in the sheet can be placed in a column; keep its text rather than lose it.
        keep_sheet_text(&rows, table, builder);
        return;
    };
    let mapped: Vec<(&catalogue::Column, u32)> =
        table.columns.iter().filter_map(|c| names.get(&normalise(c.header)).map(|col| (c, *col))).collect();
    for column in table.columns.iter().filter(|c| c.required && !names.contains_key(&normalise(c.header))) {
        builder.diagnostics.push(
            Diagnostic::new(
                Code::MissingColumn,
                format!("sheet \"{}\": the header row has no \"{}\" column", sheet.name, column.header),
            )
            .with_key(table.key)
            .at(Some(builder.location(&sheet.name, header, 0))),
        );
    }
    let mapped_cols: BTreeSet<u32> = mapped.iter().map(|(_, col)| *col).collect();
    // The header row's texts name the columns the vendor added, whose text is kept with each row.
    let headers: BTreeMap<u32, String> =
        rows.cells.get(&header).copied().into_iter().flatten().map(|c| (c.col, shown_text(Some(c)))).collect();
    builder.profile.sources.insert(table.key.to_owned(), sheet_cell_ref(&sheet.name, header + 1, 0));

    // The rows below the header with a filled cell.
    let filled: BTreeMap<u32, Vec<&super::workbook::Cell>> = rows
        .cells
        .iter()
        .filter(|(&row, _)| row > header)
        .map(|(&row, cells)| (row, cells.iter().filter(|c| !is_blank(Some(&c.value))).collect::<Vec<_>>()))
        .filter(|(_, cells)| !cells.is_empty())
        .collect();
    // Comments and links outside the table's rows belong to no row; keep them all the same.
    for (&row, _) in rows.annotations.iter().filter(|(row, _)| !filled.contains_key(row)) {
        for extra in rows.annotations_of(row) {
            builder.profile.unmatched.push(unmatched_extra(table.key.to_owned(), &extra));
        }
    }
    let data_rows: Vec<u32> = filled.keys().copied().collect();
    // A table answered as a whole with N/A or TBD: one row, one cell.
    if let [row] = data_rows.as_slice() {
        if let [only] = filled[row].as_slice() {
            let reading = cells::read_cell(AnswerKind::List, Some(&only.value));
            let state = match reading.outcome {
                Outcome::NotApplicable => Some(RecordedState::NotApplicable),
                Outcome::None => Some(RecordedState::None),
                Outcome::Unknown => Some(RecordedState::Unknown),
                _ => None,
            };
            if let Some(state) = state {
                builder.profile.sources.insert(table.key.to_owned(), sheet_cell_ref(&sheet.name, only.row, only.col));
                builder.record(table.key, state, cells::raw_text(&only.value));
                builder.add_extras(table.key, rows.annotations_of(*row));
                return;
            }
        }
    }
    let mut items = Vec::new();
    for (index, row) in data_rows.into_iter().enumerate() {
        let prefix = format!("{}[{index}]", table.key);
        let mut item = Value::Object(Map::new());
        for (column, col) in &mapped {
            // `table[index].field`, in one string of its size.
            let mut key = String::with_capacity(prefix.len() + 1 + column.field.len());
            key.push_str(&prefix);
            key.push('.');
            key.push_str(column.field);
            let cell = answer_cell(sheet, row, *col);
            if let Some(value) = builder.answer_value(&key, column.kind, cell.as_ref(), &sheet.name, row, *col) {
                item.as_object_mut().expect("rows are objects").insert(column.field.to_owned(), value);
            }
        }
        // Columns the vendor added, the row's comments and its links' targets.
        let extras = rows.extras(row, &headers, |col, _| !mapped_cols.contains(&col));
        builder.add_extras(&prefix, extras);
        items.push(item);
    }
    if !items.is_empty() {
        set_path(&mut builder.answers, table.key, Value::Array(items));
    }
}

/// Keeps the text, comments and links of a table sheet that could not be read as a table, so none of it is
/// lost.
fn keep_sheet_text(rows: &Rows, table: &Table, builder: &mut Builder) {
    for cell in &rows.sheet.cells {
        if is_blank(Some(&cell.value)) {
            continue;
        }
        builder.profile.unmatched.push(Unmatched {
            reason: UnmatchedReason::NoQuestion,
            key: table.key.to_owned(),
            question: String::new(),
            answer: cells::raw_text(&shown(cell)),
            notes: String::new(),
            location: sheet_cell_ref(&rows.sheet.name, cell.row, cell.col),
        });
    }
    for &row in rows.annotations.keys() {
        for extra in rows.annotations_of(row) {
            builder.profile.unmatched.push(unmatched_extra(table.key.to_owned(), &extra));
        }
    }
}

/// The diagnostics a profile itself carries: one per invalid answer, derived from its raw text, and one per
/// piece of unmatched text. A workbook and the profile JSON exported from it give the same ones.
pub(crate) fn recorded_diagnostics(profile: &Profile, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (key, state) in &profile.answer_states {
        if state.state != RecordedState::Invalid {
            continue;
        }
        let location = profile.sources.get(key).and_then(|s| Location::parse(file, s));
        let Some(kind) = catalogue::kind_of(key) else { continue };
        let finding = match cells::read_text(kind, &state.raw).outcome {
            Outcome::Invalid(finding) => finding,
            // The text alone reads fine (the cell's type was what was wrong, e.g. a number cell for a date
            // far outside the calendar); say so plainly.
            _ => Finding {
                code: Code::SchemaViolation,
                message: format!("\"{}\" is not a valid {} answer", state.raw, kind.name()),
                hint: None,
            },
        };
        out.push(finding_diagnostic(finding, key, location));
    }
    // A table row without a cell every row needs (and no N/A or TBD in it either).
    for table in TABLES {
        for (index, row) in table_rows(profile, table.key).iter().enumerate() {
            for column in table.columns.iter().filter(|c| c.required) {
                let key = format!("{}[{index}].{}", table.key, column.field);
                if row.get(column.field).is_none() && !profile.answer_states.contains_key(&key) {
                    let location = profile.sources.get(&key).and_then(|s| Location::parse(file, s));
                    out.push(
                        Diagnostic::new(Code::IncompleteRow, format!("the row has no {}", column.header))
                            .with_key(key)
                            .at(location),
                    );
                }
            }
        }
    }
    for entry in &profile.unmatched {
        let location = Location::parse(file, &entry.location);
        // Quote what the vendor wrote: the answer, else the notes (other columns, comments, links), else the
        // question of a row nobody answered.
        let quoted = [&entry.answer, &entry.notes, &entry.question].into_iter().find(|t| !t.is_empty());
        let quoted = quoted.map_or("", String::as_str);
        let diagnostic = match entry.reason {
            UnmatchedReason::UnknownKey => {
                let kept = match quoted {
                    "" => "the row is kept".to_owned(),
                    text => format!("its text \"{}\" is kept", ellipsis(text)),
                };
                let d = Diagnostic::new(Code::UnknownKey, format!("\"{}\" is not a question key; {kept}", entry.key));
                match catalogue::closest_key(&entry.key) {
                    Some(candidate) => d.with_hint(format!("did you mean \"{candidate}\"?")),
                    None => d,
                }
            }
            UnmatchedReason::DuplicateKey => Diagnostic::new(
                Code::DuplicateKey,
                format!("{} is answered again (\"{}\"); the first answer is used", entry.key, ellipsis(quoted)),
            )
            .with_key(entry.key.clone()),
            UnmatchedReason::NoQuestion => Diagnostic::new(
                Code::NoQuestion,
                format!("\"{}\" stands in a row with no key and no known question; it is kept", ellipsis(quoted)),
            ),
        };
        out.push(diagnostic.at(location));
    }
    out
}

/// The rows of the table at `key` as the profile serialises them. The catalogue's tables are serialised
/// alone, not with the whole profile (every import asks); a table this does not know yet is found in the
/// whole profile's JSON, the same rows at a higher cost.
fn table_rows(profile: &Profile, key: &str) -> Vec<Value> {
    let rows = match key {
        "architecture.components" => serde_json::to_value(&profile.architecture.components),
        "architecture.data_stores" => serde_json::to_value(&profile.architecture.data_stores),
        "engagements" => serde_json::to_value(&profile.engagements),
        "schedule.milestones" => serde_json::to_value(&profile.schedule.milestones),
        _ => Ok(crate::profile::Answers::new(profile).value(key).cloned().unwrap_or_default()),
    };
    match rows {
        Ok(Value::Array(rows)) => rows,
        _ => Vec::new(),
    }
}

/// The first 80 characters of a text, for quoting it in a message.
fn ellipsis(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(80).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Orders diagnostics as a reader walks the workbook: by sheet, then row, then column.
pub(crate) fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    fn rank(d: &Diagnostic) -> (u8, String, u32, u32, usize, crate::Code) {
        // Without a cell, questionnaire order: the position of the key's question in the catalogue.
        let base = d.key.as_deref().map(|k| k.split('[').next().unwrap_or(k));
        let position = base.and_then(|k| catalogue::QUESTIONS.iter().position(|q| q.key == k)).unwrap_or(usize::MAX);
        let Some(location) = &d.location else { return (0, String::new(), 0, 0, position, d.code) };
        let sheet_rank = std::iter::once(PROFILE_SHEET)
            .chain(TABLES.iter().map(|t| t.sheet))
            .position(|s| normalise(s) == normalise(&location.sheet))
            .map_or(9, |p| p as u8 + 1);
        let (col, row) = split_cell(&location.cell);
        (sheet_rank, location.sheet.clone(), row, col, position, d.code)
    }
    diagnostics.sort_by_cached_key(rank);
}

/// `D14` as (column 3, row 14).
fn split_cell(cell: &str) -> (u32, u32) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .bytes()
        .fold(0u32, |acc, b| acc.saturating_mul(26).saturating_add((b.to_ascii_uppercase() - b'A' + 1) as u32));
    let row = cell[letters.len()..].parse().unwrap_or(0);
    (col, row)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows each catalogue table is read from are the rows of the whole profile's JSON, which is how any
    /// other table is found.
    #[test]
    fn table_rows_are_the_profiles_rows() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fabrikam-routewise.json"))
            .expect("the sample profile");
        let mut profile: Profile = serde_json::from_str(&text).expect("the sample is a profile");
        profile.architecture.components.push(Default::default());
        let answers = crate::profile::Answers::new(&profile);
        for table in TABLES {
            let whole = answers.value(table.key).and_then(Value::as_array).cloned().unwrap_or_default();
            assert!(!whole.is_empty(), "{}: the sample has rows", table.key);
            assert_eq!(table_rows(&profile, table.key), whole, "{}", table.key);
        }
        assert_eq!(table_rows(&Profile::default(), "architecture.components"), Vec::<Value>::new());
    }

    /// In a workbook that counts its dates from 1904, a date question's serial number (a number cell or a
    /// number typed as text) is a date 1,462 days later than in the 1900 system; a `YYYYMMDD` number and a
    /// written date read as in any workbook.
    #[test]
    fn date_serials_of_a_1904_workbook_read_as_their_dates() {
        let answers = [
            ("meta.session_date", CellValue::Number(45045.0)),
            ("schedule.go_live", CellValue::Text(" 45045 ".to_owned())),
            ("schedule.next_meeting", CellValue::Number(20270430.0)),
            ("meta.completed_on", CellValue::Text("2027-04-30".to_owned())),
        ];
        let read = |date_1904: bool| {
            let mut cells = Vec::new();
            for (col, header) in ["Key", "Question", "Answer"].into_iter().enumerate() {
                cells.push((0, col as u32, CellValue::Text(header.to_owned())));
            }
            for (row, (key, value)) in answers.iter().enumerate() {
                cells.push((row as u32 + 1, 0, CellValue::Text((*key).to_owned())));
                cells.push((row as u32 + 1, 2, value.clone()));
            }
            let workbook = Workbook::of_profile_cells(cells, date_1904);
            let (document, diagnostics) = read_questionnaire(&workbook, "q.xlsx", 100_000).unwrap();
            // Only the table sheets are missing: no date is refused or warned about.
            assert!(diagnostics.iter().all(|d| d.code == Code::MissingSheet), "{diagnostics:?}");
            answers.each_ref().map(|(key, _)| {
                let pointer = format!("/{}", key.replace('.', "/"));
                document.pointer(&pointer).and_then(Value::as_str).map(str::to_owned)
            })
        };
        let dates = |dates: [&str; 4]| dates.map(|d| Some(d.to_owned()));
        assert_eq!(read(true), dates(["2027-04-30"; 4]));
        assert_eq!(read(false), dates(["2023-04-29", "2023-04-29", "2027-04-30", "2027-04-30"]));
    }

    #[test]
    fn a_second_answers_earlier_note_is_replaced_and_nothing_else() {
        for (notes, own) in [
            ("second answer (first answered at Profile!B2)", "second answer"),
            ("first answered at Profile!B2", ""),
            ("first answered at Profile!B2\nOwner: Alice", "Owner: Alice"),
            ("second (first answered at Profile!B2)\nOwner: Alice", "second\nOwner: Alice"),
            ("first answered at the kickoff, revised since", "first answered at the kickoff, revised since"),
            ("as (first answered at the kickoff)", "as (first answered at the kickoff)"),
            ("", ""),
        ] {
            assert_eq!(without_first_answered(notes), own, "{notes:?}");
        }
    }

    #[test]
    fn texts_normalise_to_their_letters_and_digits_lowercased() {
        for (text, expected) in [
            ("Company name (legal)", "companynamelegal"),
            ("SLA target %: 99.9", "slatarget999"),
            ("Müller & Søn — İstanbul", "müllersøni\u{307}stanbul"),
            ("ΑΘΗΝΆ 株式会社", "αθηνά株式会社"),
            ("", ""),
        ] {
            assert_eq!(normalise(text), expected, "{text}");
            assert_eq!(normalise(text), normalised(text).collect::<String>(), "{text}");
        }
    }
}
