//! The questionnaire workbook a vendor fills in: written blank from the question catalogue, or filled with
//! a profile's answers the way a vendor would have typed them.
//!
//! The blank template is what the partner program sends out; the filled form serves samples, tests and
//! anyone who wants to hand a profile back to its vendor for corrections. Both have the same layout, which
//! the importer relies on: the sheets `Instructions`, `Profile`, `Components`, `Data stores`,
//! `Engagements`, `Milestones` and a hidden `Lists` sheet that holds the drop-down options; on the Profile
//! sheet a title row, an instruction row, the header row (`Key`, `Section`, `Question`, `Answer`, `Notes`,
//! `Importance`, `Guidance`) and then one row per question in catalogue order. The sheets are protected
//! without a password so that only the answer cells take input, and the file carries a fixed creation date
//! so that the same input always gives the same bytes.

use std::collections::BTreeMap;

use chrono::Datelike;

use rust_xlsxwriter::{
    utility::column_number_to_name, Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use serde_json::Value;

use crate::profile::catalogue::{profile_sheet_questions, Table, TABLES};
use crate::profile::{
    label_of, value_text, AnswerKind, Answers, Choice, ChoiceOption, Date, Importance, IsoDuration, Profile, Question,
    Section, YesNo, SCHEMA_VERSION,
};
use crate::{Error, ErrorKind};

/// The Profile sheet's header row, in column order. Column A (`Key`) is hidden.
pub const PROFILE_HEADERS: [&str; 7] = ["Key", "Section", "Question", "Answer", "Notes", "Importance", "Guidance"];

/// The workbook's sheets, in order. `Lists` is hidden.
pub const SHEETS: [&str; 7] =
    ["Instructions", "Profile", "Components", "Data stores", "Engagements", "Milestones", "Lists"];

/// The 0-based row of the Profile sheet's header row (row 3 as people count); questions start below it.
pub const PROFILE_HEADER_ROW: u32 = 2;

/// The fixed creation date written into every workbook, so that the same input gives the same bytes.
const CREATED: (u16, u8, u8) = (2026, 1, 1);

/// How many rows of a table sheet the drop-downs cover, well beyond the formatted rows.
const VALIDATED_TABLE_ROWS: u32 = 1000;

// The Profile sheet's columns.
const COL_KEY: u16 = 0;
const COL_SECTION: u16 = 1;
const COL_QUESTION: u16 = 2;
const COL_ANSWER: u16 = 3;
const COL_NOTES: u16 = 4;
const COL_IMPORTANCE: u16 = 5;
const COL_GUIDANCE: u16 = 6;

/// The Profile sheet's column widths, by column.
const PROFILE_WIDTHS: [u16; 7] = [44, 22, 60, 50, 40, 14, 42];

/// The width of the Instructions sheet's text column.
const INSTRUCTIONS_WIDTH: u16 = 100;

/// Choices for the workbook that are not part of the questionnaire itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TemplateOptions {
    /// The partner program's name, printed in the title row (`Contoso ISV Program: technical discovery
    /// questionnaire`). Without one the title is generic.
    pub program_name: Option<String>,
    /// How many empty, formatted input rows each table sheet offers (after any filled rows).
    pub table_rows: u32,
}

impl Default for TemplateOptions {
    fn default() -> Self {
        TemplateOptions { program_name: None, table_rows: 50 }
    }
}

impl TemplateOptions {
    /// The title printed at the top of the Instructions and Profile sheets.
    fn title(&self) -> String {
        match self.program_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("{name}: technical discovery questionnaire"),
            _ => "Technical discovery questionnaire".to_owned(),
        }
    }
}

/// The blank questionnaire, generated from the catalogue. Same bytes every run.
///
/// ```
/// use discovery::template::{write_template, TemplateOptions};
/// let bytes = write_template(&TemplateOptions::default())?;
/// assert!(bytes.starts_with(b"PK"));
/// assert_eq!(bytes, write_template(&TemplateOptions::default())?);
/// # Ok::<(), discovery::Error>(())
/// ```
///
/// # Errors
/// Only when the workbook writer fails, which the fixed layout does not provoke; the error's kind is
/// [`ErrorKind::Output`].
pub fn write_template(options: &TemplateOptions) -> Result<Vec<u8>, Error> {
    build(None, options)
}

/// The questionnaire filled with a profile's answers, written as a vendor would type them.
///
/// Choices appear as their labels and yes/no answers as `Yes`, `No` or `Planned`; dates are date cells;
/// durations read `15 min`, `4 h` or `1 day` (ISO 8601 for anything else); sizes `2 TB` or `800 GB`;
/// numbers are numeric cells; lists and multiple choices have one item per line. Where the profile
/// records an answer state (none, not applicable, unknown, invalid) the cell holds the raw text as written, the
/// Notes column the vendor's notes, and text that matched no question follows the questions so that
/// nothing is lost. Reading the workbook back gives the same profile, apart from `sources` and the
/// locations of unmatched text, which then name the cells of this workbook.
///
/// ```
/// use discovery::profile::{Profile, YesNo};
/// use discovery::template::{write_filled, TemplateOptions};
/// let mut profile = Profile::default();
/// profile.meta.company_name = Some("Contoso Analytics".into());
/// profile.requirements.availability.multi_zone = Some(YesNo::Planned);
/// let bytes = write_filled(&profile, &TemplateOptions::default())?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), discovery::Error>(())
/// ```
///
/// # Errors
/// Only when the workbook writer fails, for example on a text longer than a cell holds (32,767
/// characters); the error's kind is [`ErrorKind::Output`].
pub fn write_filled(profile: &Profile, options: &TemplateOptions) -> Result<Vec<u8>, Error> {
    build(Some(profile), options)
}

fn build(profile: Option<&Profile>, options: &TemplateOptions) -> Result<Vec<u8>, Error> {
    write_workbook(profile, options).map_err(|e| {
        Error::new(ErrorKind::Output, format!("cannot write the questionnaire workbook: {e}")).with_source(e)
    })
}

fn write_workbook(profile: Option<&Profile>, options: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(options.title())
            .set_subject("Technical discovery questionnaire")
            .set_keywords("technical discovery, questionnaire")
            .set_custom_property("Questionnaire version", SCHEMA_VERSION)
            .set_creation_datetime(&created),
    );

    let lists = OptionLists::from_catalogue();
    let answers = profile.map(Answers::new);

    instructions_sheet(workbook.add_worksheet(), options)?;
    profile_sheet(workbook.add_worksheet(), options, &lists, answers.as_ref())?;
    for table in TABLES {
        table_sheet(workbook.add_worksheet(), table, options, &lists, answers.as_ref())?;
    }
    lists.write(workbook.add_worksheet())?;

    workbook.save_to_buffer()
}

// ---------------------------------------------------------------------------------------------------------
// Styles

const NAVY: u32 = 0x1F3864;
const GRID: u32 = 0xBFBFBF;
const INPUT_FILL: u32 = 0xFFF8E1;
const BAND_FILLS: [u32; 2] = [0xEEF3F8, 0xFFFFFF];

fn title_format() -> Format {
    Format::new().set_bold().set_font_size(16).set_font_color(Color::RGB(NAVY))
}

fn subtitle_format() -> Format {
    Format::new().set_italic().set_font_color(Color::RGB(0x595959))
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(NAVY))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(GRID))
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// A cell of the Profile sheet: wrapped, top-aligned, thinly ruled, filled with its section's band colour,
/// and with a heavier rule above the first question of a section.
fn profile_cell(band: usize, first_of_section: bool) -> Format {
    let format = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(GRID))
        .set_background_color(Color::RGB(BAND_FILLS[band % 2]));
    if first_of_section {
        format.set_border_top(FormatBorder::Medium).set_border_top_color(Color::RGB(NAVY))
    } else {
        format
    }
}

/// A cell the vendor types into: unlocked in the protected sheet and tinted like a form field.
fn input_cell(first_of_section: bool) -> Format {
    profile_cell(0, first_of_section).set_background_color(Color::RGB(INPUT_FILL)).set_unlocked()
}

fn date_input_cell(first_of_section: bool) -> Format {
    input_cell(first_of_section).set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left)
}

fn importance_color(importance: Importance) -> Color {
    match importance {
        Importance::Required => Color::RGB(0xC00000),
        Importance::Recommended => Color::RGB(0x9C5700),
        Importance::Optional => Color::RGB(0x595959),
    }
}

fn importance_label(importance: Importance) -> &'static str {
    match importance {
        Importance::Required => "Required",
        Importance::Recommended => "Recommended",
        Importance::Optional => "Optional",
    }
}

/// The protection of the input sheets: no password (it guards against slips, not people), and resizing
/// columns and rows stays allowed because long answers need room.
fn protection(table: bool) -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: table,
        delete_rows: table,
        ..ProtectionOptions::default()
    }
}

// ---------------------------------------------------------------------------------------------------------
// Drop-down lists

/// The option sets behind the drop-downs, one column each on the hidden Lists sheet, in the order the
/// questionnaire first uses them.
struct OptionLists {
    /// Each set with the name of its first user, which heads its column.
    sets: Vec<(&'static [ChoiceOption], String)>,
}

impl OptionLists {
    fn from_catalogue() -> OptionLists {
        let mut sets: Vec<(&'static [ChoiceOption], String)> = vec![(YesNo::OPTIONS, "Yes / No / Planned".to_owned())];
        let mut add = |options: &'static [ChoiceOption], name: String| {
            if !sets.iter().any(|(known, _)| *known == options) {
                sets.push((options, name));
            }
        };
        for question in profile_sheet_questions() {
            if let AnswerKind::Choice(set) = question.kind {
                add(set.options, question.key.to_owned());
            }
        }
        for table in TABLES {
            for column in table.columns {
                if let AnswerKind::Choice(set) = column.kind {
                    add(set.options, format!("{}: {}", table.sheet, column.header));
                }
            }
        }
        OptionLists { sets }
    }

    /// The drop-down for a cell of this kind, if it has one. Multiple choices get none, because a drop-down
    /// holds one value; their guidance lists the options instead.
    fn validation(&self, kind: AnswerKind) -> Result<Option<DataValidation>, XlsxError> {
        let options = match kind {
            AnswerKind::YesNo => YesNo::OPTIONS,
            AnswerKind::Choice(set) => set.options,
            _ => return Ok(None),
        };
        let column = self.sets.iter().position(|(known, _)| *known == options).expect("every option set is listed");
        let name = column_number_to_name(column as u16);
        let range = format!("=Lists!${name}$2:${name}${}", options.len() + 1);
        // The information style lets any other text through after one confirmation: N/A and TBD are
        // legitimate answers, and an answer the list lacks is better typed than lost.
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_error_style(DataValidationErrorStyle::Information)
            .set_error_title("Not one of the listed options")?
            .set_error_message(
                "Pick an option from the list if one fits. N/A, TBD or your own words are fine too: press OK to keep what you typed.",
            )?;
        Ok(Some(validation))
    }

    fn write(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        sheet.set_name("Lists")?;
        let header = Format::new().set_bold();
        for (column, (options, name)) in self.sets.iter().enumerate() {
            let column = column as u16;
            sheet.write_string_with_format(0, column, name, &header)?;
            for (row, option) in options.iter().enumerate() {
                sheet.write_string(row as u32 + 1, column, option.label)?;
            }
            sheet.set_column_width(column, 32)?;
        }
        sheet.set_hidden(true);
        sheet.protect();
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// Cell values

/// What goes into an answer cell.
#[derive(Debug, Clone, PartialEq)]
enum CellValue {
    Text(String),
    Number(f64),
    Date(Date),
}

/// The cell for a recorded state's raw text, or else for the answer's value, or none.
fn answer_value(answers: &Answers, key: &str, kind: AnswerKind, value: Option<&Value>) -> Option<CellValue> {
    if let Some(state) = answers.profile().answer_states.get(key) {
        return Some(CellValue::Text(state.raw.clone()));
    }
    value.and_then(|v| cell_value(kind, v))
}

/// An answer's JSON value as a vendor would have typed it.
fn cell_value(kind: AnswerKind, value: &Value) -> Option<CellValue> {
    let text = |s: &str| Some(CellValue::Text(s.to_owned()));
    match (kind, value) {
        (_, Value::Null) => None,
        (AnswerKind::YesNo, Value::String(v)) => text(label_of(YesNo::OPTIONS, v)),
        (AnswerKind::Choice(set), Value::String(v)) => text(label_of(set.options, v)),
        (AnswerKind::Choices(set), Value::Array(items)) => {
            let values: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            match values.as_slice() {
                // A lone label with a comma or semicolon ("PaaS, web apps") would be split into two items
                // when read back; its snake_case value is accepted too and cannot be split.
                [only] if label_of(set.options, only).contains([',', ';']) => text(only),
                _ => text(&values.iter().map(|v| label_of(set.options, v)).collect::<Vec<_>>().join("\n")),
            }
        }
        (AnswerKind::List, Value::Array(items)) => text(&items.iter().map(value_text).collect::<Vec<_>>().join("\n")),
        (AnswerKind::Number { .. }, Value::Number(n)) => n.as_f64().map(CellValue::Number),
        // A number cell up to 1 could be read as a fraction (0.9995 for 99.95 %), so small percentages
        // are written as text with the sign.
        (AnswerKind::Percent, Value::Number(n)) => {
            n.as_f64().map(|p| if p > 1.0 { CellValue::Number(p) } else { CellValue::Text(format!("{p} %")) })
        }
        (AnswerKind::SizeGb, Value::Number(n)) => n.as_f64().map(|gb| CellValue::Text(size_text(gb))),
        (AnswerKind::Duration, Value::String(iso)) => {
            text(&iso.parse::<IsoDuration>().map_or_else(|_| iso.clone(), |d| d.typed()))
        }
        (AnswerKind::Date, Value::String(date)) => match date.parse::<Date>() {
            Ok(date) => Some(CellValue::Date(date)),
            Err(_) => text(date),
        },
        (_, other) => text(&value_text(other)),
    }
}

/// A size as people write it: whole terabytes as `2 TB`, anything else in GB.
fn size_text(gb: f64) -> String {
    if gb >= 1000.0 && gb % 1000.0 == 0.0 {
        format!("{} TB", gb / 1000.0)
    } else {
        format!("{gb} GB")
    }
}

/// Writes `value` with `format`, dates as date cells in `date_format`.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &CellValue,
    format: &Format,
    date_format: &Format,
) -> Result<(), XlsxError> {
    match value {
        CellValue::Text(text) => sheet.write_string_with_format(row, column, text, format)?,
        CellValue::Number(number) => sheet.write_number_with_format(row, column, *number, format)?,
        CellValue::Date(date) => {
            // Excel's calendar starts in 1900; a year outside what it can show is written as text instead.
            match date.0.year() {
                year @ 1900..=9999 => {
                    let cell = ExcelDateTime::from_ymd(year as u16, date.0.month() as u8, date.0.day() as u8)?;
                    sheet.write_datetime_with_format(row, column, &cell, date_format)?
                }
                _ => sheet.write_string_with_format(row, column, date.to_string(), format)?,
            }
        }
    };
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------
// Sheets

fn instructions_sheet(sheet: &mut Worksheet, options: &TemplateOptions) -> Result<(), XlsxError> {
    sheet.set_name("Instructions")?;
    sheet.set_screen_gridlines(false);
    sheet.set_column_width(0, 2)?;
    sheet.set_column_width(1, INSTRUCTIONS_WIDTH)?;
    sheet.set_print_fit_to_pages(1, 0);

    let heading = Format::new().set_bold().set_font_size(13).set_font_color(Color::RGB(NAVY));
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bullet = body.clone().set_indent(1);

    let mut lines: Vec<(&Format, String)> = Vec::new();
    let mut para = |format, text: &str| lines.push((format, text.to_owned()));
    para(&heading, "What this questionnaire is for");
    para(
        &body,
        "It prepares your technical discovery session with the partner program's lead engineer, who will be your \
         main technical contact and brings in other engineers where needed. In the session you walk the lead \
         engineer through your solution and its architecture, and together you agree on the engagements where you \
         want advice: what each covers, how urgent it is, and how you will both know it succeeded.",
    );
    para(
        &body,
        "Your answers let the lead engineer arrive prepared, so the session goes into your questions rather than \
         into collecting facts. Not every question fits every solution: answer what you can. A partial answer \
         helps more than none.",
    );
    para(&heading, "How to fill it in");
    for text in [
        "• Answer on the Profile sheet, in the tinted Answer column. Add context, caveats or plans in the Notes column beside it.",
        "• Importance says what the session needs most (Required, then Recommended, then Optional); Guidance says what form the answer takes.",
        "• Where a cell offers a drop-down, pick from it. You can still type your own words: confirm the message and your text is kept.",
        "• Several items (regions, languages, tools, or several options) go into the same cell, one item per line: press Alt+Enter in Excel (Ctrl+Enter in LibreOffice) for a new line. Separating items with a semicolon works too.",
        "• Write None where there is nothing to name (no monitoring tool yet, no regulation that applies), N/A where a question does not apply, and TBD where you do not know yet. A short explanation may follow after a comma (None yet, planned for Q3). All three are better than an empty cell: None and N/A show the question was considered, TBD tells the lead engineer to ask in the session.",
        "• Dates as dates, e.g. 2026-03-15 or 15.03.2026.",
        "• Durations such as recovery objectives as 15 min, 4 h or 1 day.",
        "• Sizes as 500 GB or 2 TB; percentages as 99.95 or 99.95 %; other numbers as plain numbers in the unit the question names.",
    ] {
        para(&bullet, text);
    }
    para(&heading, "The table sheets");
    para(
        &body,
        "Components, Data stores, Engagements and Milestones take one row per item: one application component, one \
         database or storage service, one engagement you request, one milestone. Use as many rows as you need and \
         leave the rest empty.",
    );
    for table in TABLES {
        let columns: Vec<String> = table
            .columns
            .iter()
            .map(|c| if c.required { format!("{} (needed)", c.header) } else { c.header.to_owned() })
            .collect();
        para(&bullet, &format!("• {}: {}.", table.sheet, columns.join(", ")));
    }
    para(
        &body,
        "For each engagement, give its type (an architecture design session, an architecture review, a review \
         focused on one area, or a deep dive), its focus area, its priority, and a success criterion you and the \
         lead engineer can check together.",
    );
    para(&heading, "Before the session");
    para(
        &body,
        "Have your architecture diagram ready to present in the session, and please e-mail it to the lead engineer \
         two to three days beforehand. Note its file name or link, and the date you shared it, in the first section \
         of the Profile sheet.",
    );
    para(&heading, "Please keep the layout");
    para(
        &body,
        "The answers are read automatically. Please do not rename the sheets, move the columns or change the hidden \
         Key column of the Profile sheet. Save the workbook as .xlsx (other spreadsheet formats work too) and send \
         it back to the lead engineer.",
    );

    sheet.write_string_with_format(0, 1, options.title(), &title_format())?;
    sheet.set_row_height(0, 24)?;
    let mut row = 2;
    for (format, text) in lines {
        if std::ptr::eq(format, &heading) && row > 2 {
            row += 1;
        }
        sheet.write_string_with_format(row, 1, &text, format)?;
        // Bullets are indented, which costs a few characters per line.
        sheet.set_row_height(row, row_height([(text.as_str(), INSTRUCTIONS_WIDTH - 4)], 1))?;
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 1, format!("Questionnaire version {SCHEMA_VERSION}"), &subtitle_format())?;
    Ok(())
}

fn profile_sheet(
    sheet: &mut Worksheet,
    options: &TemplateOptions,
    lists: &OptionLists,
    answers: Option<&Answers>,
) -> Result<(), XlsxError> {
    sheet.set_name("Profile")?;
    for (column, width) in PROFILE_WIDTHS.into_iter().enumerate() {
        sheet.set_column_width(column as u16, width)?;
    }
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(PROFILE_HEADER_ROW, PROFILE_HEADER_ROW)?;
    // The key is for the importer, not for people; hiding it keeps vendors from editing it by accident.
    sheet.set_column_hidden(COL_KEY)?;

    sheet.write_string_with_format(0, COL_SECTION, options.title(), &title_format())?;
    sheet.set_row_height(0, 24)?;
    sheet.write_string_with_format(
        1,
        COL_SECTION,
        "Answer in the tinted Answer column, one item per line where a question asks for several; write N/A where a \
         question does not apply and TBD where you do not know yet. The Instructions sheet explains the rest.",
        &subtitle_format(),
    )?;
    for (column, header) in PROFILE_HEADERS.iter().enumerate() {
        sheet.write_string_with_format(PROFILE_HEADER_ROW, column as u16, *header, &header_format())?;
    }
    sheet.set_row_height(PROFILE_HEADER_ROW, 20)?;
    sheet.set_freeze_panes(PROFILE_HEADER_ROW + 1, 0)?;

    let mut row = PROFILE_HEADER_ROW + 1;
    let mut section: Option<Section> = None;
    let mut band = 0;
    for question in profile_sheet_questions() {
        let first = section != Some(question.section);
        if first && section.is_some() {
            band += 1;
        }
        section = Some(question.section);
        question_row(sheet, row, question, band, first, lists, answers)?;
        row += 1;
    }

    if let Some(answers) = answers {
        // Text that matched no question goes below the questions, so that a round trip keeps it.
        let unmatched = &answers.profile().unmatched;
        for (i, item) in unmatched.iter().enumerate() {
            let first = i == 0;
            let cell = profile_cell(band + 1, first);
            sheet.write_string_with_format(row, COL_KEY, &item.key, &cell)?;
            sheet.write_string_with_format(row, COL_SECTION, "Not in this questionnaire", &cell.clone().set_bold())?;
            sheet.write_string_with_format(row, COL_QUESTION, &item.question, &cell)?;
            sheet.write_string_with_format(row, COL_ANSWER, &item.answer, &input_cell(first))?;
            sheet.write_string_with_format(row, COL_NOTES, &item.notes, &input_cell(first))?;
            sheet.write_blank(row, COL_IMPORTANCE, &cell)?;
            sheet.write_blank(row, COL_GUIDANCE, &cell)?;
            let texts = [
                (item.question.as_str(), PROFILE_WIDTHS[COL_QUESTION as usize]),
                (item.answer.as_str(), PROFILE_WIDTHS[COL_ANSWER as usize]),
                (item.notes.as_str(), PROFILE_WIDTHS[COL_NOTES as usize]),
            ];
            sheet.set_row_height(row, row_height(texts, 1))?;
            row += 1;
        }
    }

    sheet.protect_with_options(&protection(false));
    Ok(())
}

fn question_row(
    sheet: &mut Worksheet,
    row: u32,
    question: &Question,
    band: usize,
    first: bool,
    lists: &OptionLists,
    answers: Option<&Answers>,
) -> Result<(), XlsxError> {
    let cell = profile_cell(band, first);
    let guidance = cell.clone().set_font_color(Color::RGB(0x595959)).set_italic();
    let importance = cell.clone().set_font_color(importance_color(question.importance));
    let importance = if question.importance == Importance::Required { importance.set_bold() } else { importance };
    let section = if first { cell.clone().set_bold() } else { cell.clone().set_font_color(Color::RGB(0x7F7F7F)) };

    sheet.write_string_with_format(row, COL_KEY, question.key, &cell)?;
    sheet.write_string_with_format(row, COL_SECTION, question.section.title(), &section)?;
    sheet.write_string_with_format(row, COL_QUESTION, question.text, &cell)?;
    sheet.write_string_with_format(row, COL_IMPORTANCE, importance_label(question.importance), &importance)?;
    sheet.write_string_with_format(row, COL_GUIDANCE, question.kind.guidance(), &guidance)?;

    let answer_format = if question.kind == AnswerKind::Date { date_input_cell(first) } else { input_cell(first) };
    let value = answers.and_then(|a| answer_value(a, question.key, question.kind, a.value(question.key)));
    let note = answers.and_then(|a| a.profile().notes.get(question.key));
    match &value {
        Some(value) => write_value(sheet, row, COL_ANSWER, value, &input_cell(first), &date_input_cell(first))?,
        None => {
            sheet.write_blank(row, COL_ANSWER, &answer_format)?;
        }
    };
    match note {
        Some(note) => sheet.write_string_with_format(row, COL_NOTES, note, &input_cell(first))?,
        None => sheet.write_blank(row, COL_NOTES, &input_cell(first))?,
    };

    // A blank questionnaire leaves two lines for every answer, so it reads as a form to fill in.
    let guidance = question.kind.guidance();
    let answer = match &value {
        Some(CellValue::Text(text)) => text.as_str(),
        _ => "",
    };
    let texts = [
        (question.text, PROFILE_WIDTHS[COL_QUESTION as usize]),
        (guidance.as_str(), PROFILE_WIDTHS[COL_GUIDANCE as usize]),
        (answer, PROFILE_WIDTHS[COL_ANSWER as usize]),
        (note.map_or("", String::as_str), PROFILE_WIDTHS[COL_NOTES as usize]),
    ];
    sheet.set_row_height(row, row_height(texts, if answers.is_some() { 1 } else { 2 }))?;

    if let Some(validation) = lists.validation(question.kind)? {
        sheet.add_data_validation(row, COL_ANSWER, row, COL_ANSWER, &validation)?;
    }
    Ok(())
}

/// The key under which `answer_states` records a table cell: `engagements[0].priority`, rows counted
/// from 0 like the profile JSON's arrays.
fn table_cell_key(table: &Table, row: usize, field: &str) -> String {
    format!("{}[{row}].{field}", table.key)
}

fn table_sheet(
    sheet: &mut Worksheet,
    table: &Table,
    options: &TemplateOptions,
    lists: &OptionLists,
    answers: Option<&Answers>,
) -> Result<(), XlsxError> {
    sheet.set_name(table.sheet)?;
    let header = header_format();
    let input = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(GRID))
        .set_unlocked();
    let date_input = input.clone().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left);
    // Rows below the formatted ones take input too, for vendors with long lists.
    let spare = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_unlocked();
    let spare_date = spare.clone().set_num_format("yyyy-mm-dd");

    for (column, spec) in table.columns.iter().enumerate() {
        let column = column as u16;
        sheet.write_string_with_format(0, column, spec.header, &header)?;
        sheet.set_column_width(column, column_width(spec.header, spec.kind))?;
        let is_date = spec.kind == AnswerKind::Date;
        sheet.set_column_format(column, if is_date { &spare_date } else { &spare })?;
        if let Some(validation) = lists.validation(spec.kind)? {
            sheet.add_data_validation(1, column, VALIDATED_TABLE_ROWS, column, &validation)?;
        }
    }
    sheet.set_row_height(0, 20)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;

    let rows: Vec<BTreeMap<&str, CellValue>> = answers.map(|a| filled_rows(a, table)).unwrap_or_default();
    let formatted = rows.len() as u32 + options.table_rows;
    for row in 0..formatted {
        for (column, spec) in table.columns.iter().enumerate() {
            let (r, c) = (row + 1, column as u16);
            let value = rows.get(row as usize).and_then(|cells| cells.get(spec.field));
            match value {
                Some(value) => write_value(sheet, r, c, value, &input, &date_input)?,
                None if spec.kind == AnswerKind::Date => {
                    sheet.write_blank(r, c, &date_input)?;
                }
                None => {
                    sheet.write_blank(r, c, &input)?;
                }
            };
        }
        if let Some(cells) = rows.get(row as usize) {
            let texts = table.columns.iter().filter_map(|spec| match cells.get(spec.field) {
                Some(CellValue::Text(text)) => Some((text.as_str(), column_width(spec.header, spec.kind))),
                _ => None,
            });
            sheet.set_row_height(row + 1, row_height(texts, 1))?;
        }
    }

    sheet.protect_with_options(&protection(true));
    Ok(())
}

/// The table's rows as cells by field, including rows the profile keeps only as recorded states.
fn filled_rows(answers: &Answers, table: &Table) -> Vec<BTreeMap<&'static str, CellValue>> {
    let items: &[Value] = answers.value(table.key).and_then(Value::as_array).map_or(&[], Vec::as_slice);
    let prefix = format!("{}[", table.key);
    let recorded = answers
        .profile()
        .answer_states
        .keys()
        .filter_map(|k| k.strip_prefix(&prefix)?.split_once(']')?.0.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0);
    (0..items.len().max(recorded))
        .map(|i| {
            table
                .columns
                .iter()
                .filter_map(|column| {
                    let value = items.get(i).and_then(|item| item.get(column.field));
                    let cell = answer_value(answers, &table_cell_key(table, i, column.field), column.kind, value)?;
                    Some((column.field, cell))
                })
                .collect()
        })
        .collect()
}

/// The height of a row whose cells hold `texts` in columns of the given widths, in points.
///
/// Spreadsheet applications differ on whether they fit wrapped rows when opening a file (LibreOffice does
/// not), so rows get an explicit height estimated from their text: a column of width `w` holds a little
/// more than `w` characters of running text per line (the width counts digit widths, and most letters are
/// narrower), and a line of the default font takes 15 points. Resizing rows stays allowed.
fn row_height<'a>(texts: impl IntoIterator<Item = (&'a str, u16)>, min_lines: usize) -> f64 {
    let lines = texts
        .into_iter()
        .map(|(text, width)| {
            let per_line = (usize::from(width) * 23 / 20).max(1);
            text.split('\n').map(|line| line.chars().count().div_ceil(per_line).max(1)).sum::<usize>()
        })
        .fold(min_lines.max(1), usize::max);
    lines as f64 * 15.0
}

fn column_width(header: &str, kind: AnswerKind) -> u16 {
    match (header, kind) {
        (_, AnswerKind::Date) => 14,
        (_, AnswerKind::SizeGb) => 14,
        (_, AnswerKind::Choice(_)) => 30,
        ("Name" | "Milestone", _) => 34,
        ("Notes" | "Success criteria" | "Purpose", _) => 50,
        _ => 30,
    }
}

#[cfg(all(test, feature = "import"))]
mod tests {
    use std::io::{Cursor, Read};

    use calamine::{Data, DataType, Range, Reader, Xlsx};

    use super::*;
    use crate::profile::{AnswerState, Engagement, Hosting, RecordedState, Unmatched, UnmatchedReason};

    fn fabrikam() -> Profile {
        serde_json::from_str(include_str!("../samples/fabrikam-routewise.json")).unwrap()
    }

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
    }

    fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
        open(bytes).worksheet_range(name).unwrap()
    }

    /// A part of the xlsx package, as text.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    fn text(range: &Range<Data>, row: u32, column: u16) -> String {
        range.get_value((row, column as u32)).and_then(|d| d.as_string()).unwrap_or_default()
    }

    /// The 0-based row of the Profile sheet that holds `key` in its Key column.
    fn row_of(range: &Range<Data>, key: &str) -> u32 {
        (0..range.end().unwrap().0 + 1).find(|&row| text(range, row, COL_KEY) == key).unwrap()
    }

    /// The attribute `name` of the first XML element that starts with `element`.
    fn attribute(xml: &str, element: &str, name: &str) -> Option<String> {
        let start = xml.find(element)?;
        let tag = &xml[start..start + xml[start..].find('>')?];
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_owned())
    }

    /// Whether the cell `reference` of the sheet part `sheet_xml` is unlocked, following its style index
    /// into the cell formats of styles.xml.
    fn unlocked(bytes: &[u8], sheet_xml: &str, reference: &str) -> bool {
        let style: usize =
            attribute(sheet_xml, &format!("<c r=\"{reference}\""), "s").map_or(0, |s| s.parse().unwrap());
        let styles = part(bytes, "xl/styles.xml");
        let cell_xfs = &styles[styles.find("<cellXfs").unwrap()..];
        let xf = cell_xfs.split("<xf ").nth(style + 1).unwrap();
        let xf = &xf[..xf.find("</xf>").or_else(|| xf.find("/>")).unwrap()];
        xf.contains("locked=\"0\"")
    }

    #[test]
    fn the_sheets_come_in_order_with_lists_hidden() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        assert_eq!(open(&bytes).sheet_names(), SHEETS.map(str::to_owned).to_vec());
        let workbook = part(&bytes, "xl/workbook.xml");
        assert_eq!(attribute(&workbook, "<sheet name=\"Lists\"", "state").as_deref(), Some("hidden"));
        assert_eq!(attribute(&workbook, "<sheet name=\"Profile\"", "state"), None);
    }

    #[test]
    fn the_profile_sheet_has_the_header_row_and_one_row_per_question() {
        let bytes =
            write_template(&TemplateOptions { program_name: Some("Contoso ISV Program".into()), ..Default::default() })
                .unwrap();
        let profile = sheet(&bytes, "Profile");
        assert_eq!(text(&profile, 0, COL_SECTION), "Contoso ISV Program: technical discovery questionnaire");
        let headers: Vec<String> = (0..7).map(|c| text(&profile, PROFILE_HEADER_ROW, c)).collect();
        assert_eq!(headers, PROFILE_HEADERS);
        let mut row = PROFILE_HEADER_ROW + 1;
        for q in profile_sheet_questions() {
            assert_eq!(text(&profile, row, COL_KEY), q.key);
            assert_eq!(text(&profile, row, COL_SECTION), q.section.title());
            assert_eq!(text(&profile, row, COL_QUESTION), q.text);
            assert_eq!(text(&profile, row, COL_ANSWER), "", "{} must be blank", q.key);
            assert_eq!(text(&profile, row, COL_IMPORTANCE), importance_label(q.importance));
            assert_eq!(text(&profile, row, COL_GUIDANCE), q.kind.guidance());
            row += 1;
        }
        assert_eq!(text(&profile, row, COL_KEY), "", "nothing follows the last question");
    }

    #[test]
    fn the_table_sheets_have_the_catalogue_headers_in_row_1() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        for table in TABLES {
            let range = sheet(&bytes, table.sheet);
            let headers: Vec<String> = (0..table.columns.len() as u16).map(|c| text(&range, 0, c)).collect();
            let expected: Vec<&str> = table.columns.iter().map(|c| c.header).collect();
            assert_eq!(headers, expected, "{}", table.sheet);
            assert_eq!(text(&range, 1, 0), "", "{} starts empty", table.sheet);
        }
    }

    #[test]
    fn choice_and_yes_no_answers_get_drop_downs_from_the_lists_sheet() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        let profile = sheet(&bytes, "Profile");
        let lists = sheet(&bytes, "Lists");
        let xml = part(&bytes, "xl/worksheets/sheet2.xml");
        let with_drop_down =
            profile_sheet_questions().filter(|q| matches!(q.kind, AnswerKind::YesNo | AnswerKind::Choice(_))).count();
        assert_eq!(xml.matches("<dataValidation ").count(), with_drop_down);
        assert_eq!(xml.matches("type=\"list\"").count(), with_drop_down);
        assert_eq!(xml.matches("errorStyle=\"information\"").count(), with_drop_down);

        // The hosting question's drop-down points at the Lists column that holds the hosting labels.
        let row = row_of(&profile, "architecture.current_hosting") + 1;
        let at = xml.find(&format!("sqref=\"D{row}\"")).expect("a drop-down on the hosting answer");
        let formula = &xml[at..];
        let formula = &formula[formula.find("<formula1>").unwrap() + 10..formula.find("</formula1>").unwrap()];
        assert!(formula.starts_with("Lists!$"), "{formula}");
        let column = calamine_column(formula.trim_start_matches("Lists!$"));
        let labels: Vec<String> = (1..=Hosting::OPTIONS.len() as u32).map(|r| text(&lists, r, column)).collect();
        assert_eq!(labels, Hosting::OPTIONS.iter().map(|o| o.label).collect::<Vec<_>>());
        assert_eq!(formula, format!("Lists!${0}$2:${0}${1}", column_number_to_name(column), labels.len() + 1));

        // A multiple-choice answer has none: a drop-down holds one value.
        let row = row_of(&profile, "technology.compute_approach") + 1;
        assert!(!xml.contains(&format!("sqref=\"D{row}\"")));

        // The Engagements sheet offers its types.
        let engagements = part(&bytes, "xl/worksheets/sheet5.xml");
        assert!(engagements.contains("sqref=\"A2:A1001\""), "{engagements}");
    }

    fn calamine_column(reference: &str) -> u16 {
        let letters: String = reference.chars().take_while(char::is_ascii_uppercase).collect();
        rust_xlsxwriter::utility::column_name_to_number(&letters)
    }

    #[test]
    fn the_key_column_is_hidden_and_only_answers_and_notes_are_unlocked() {
        let bytes = write_template(&TemplateOptions::default()).unwrap();
        let xml = part(&bytes, "xl/worksheets/sheet2.xml");
        assert_eq!(attribute(&xml, "<col min=\"1\" max=\"1\"", "hidden").as_deref(), Some("1"));
        assert!(xml.contains("<sheetProtection "), "the Profile sheet is protected");
        assert!(!xml.contains("password="), "without a password");
        assert_eq!(attribute(&xml, "<sheetProtection ", "formatColumns").as_deref(), Some("0"));
        for cell in ["D4", "E4", "D72", "E72"] {
            assert!(unlocked(&bytes, &xml, cell), "{cell} takes input");
        }
        for cell in ["A4", "B4", "C4", "F4", "G4", "D3"] {
            assert!(!unlocked(&bytes, &xml, cell), "{cell} is locked");
        }
        let components = part(&bytes, "xl/worksheets/sheet3.xml");
        assert!(components.contains("<sheetProtection "));
        assert!(unlocked(&bytes, &components, "A2"));
        assert!(!unlocked(&bytes, &components, "A1"));
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let options = TemplateOptions::default();
        assert_eq!(write_template(&options).unwrap(), write_template(&options).unwrap());
        let profile = fabrikam();
        assert_eq!(write_filled(&profile, &options).unwrap(), write_filled(&profile, &options).unwrap());
        let core = part(&write_template(&options).unwrap(), "docProps/core.xml");
        assert!(core.contains("2026-01-01T00:00:00Z"), "{core}");
    }

    #[test]
    fn a_filled_workbook_reads_as_a_vendor_would_have_typed_it() {
        let bytes = write_filled(&fabrikam(), &TemplateOptions::default()).unwrap();
        let profile = sheet(&bytes, "Profile");
        let answer = |key: &str| profile.get_value((row_of(&profile, key), COL_ANSWER as u32)).cloned().unwrap();
        let answer_text = |key: &str| answer(key).as_string().unwrap_or_default();

        assert_eq!(answer_text("meta.company_name"), "Fabrikam Freight Systems Ltd");
        assert_eq!(answer("meta.completed_on").as_date(), chrono::NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(answer_text("solution.demo_available"), "Yes");
        assert_eq!(answer_text("solution.commercial_model"), "Software as a service\nSold through a marketplace");
        assert_eq!(answer_text("architecture.current_hosting"), "On premises");
        assert_eq!(answer_text("architecture.regions"), "UK South\nWest Europe\nNorth Europe");
        assert_eq!(answer("requirements.availability.sla_target_percent"), Data::Float(99.9));
        assert_eq!(answer_text("requirements.availability.multi_zone"), "Planned");
        assert_eq!(answer_text("requirements.disaster_recovery.rpo"), "15 min");
        assert_eq!(answer_text("requirements.disaster_recovery.rto"), "4 h");
        assert_eq!(answer_text("requirements.disaster_recovery.strategy"), "Warm standby");
        assert_eq!(answer("requirements.performance.min_throughput_rps").get_float(), Some(400.0));
        assert_eq!(answer_text("requirements.migration.data_volume_gb"), "5800 GB");
        assert_eq!(answer_text("requirements.usage.pattern"), "Mixed");
        assert_eq!(answer_text("technology.compute_approach"), "Kubernetes\nPaaS, web apps");
        // A recorded state is written as its raw text, and the vendor's notes go beside it.
        let event_streaming = row_of(&profile, "technology.data.event_streaming");
        assert_eq!(text(&profile, event_streaming, COL_ANSWER), "N/A");
        assert_eq!(
            text(&profile, event_streaming, COL_NOTES),
            "Not used today; may come with live telematics in 2027."
        );
        assert_eq!(answer_text("technology.data.event_streaming"), "N/A");
        assert_eq!(answer("schedule.go_live").as_date(), chrono::NaiveDate::from_ymd_opt(2027, 4, 30));

        let stores = sheet(&bytes, "Data stores");
        assert_eq!(text(&stores, 1, 0), "Operational database");
        assert_eq!(text(&stores, 1, 1), "Relational database");
        assert_eq!(text(&stores, 1, 3), "1800 GB");
        assert_eq!(text(&stores, 1, 4), "About 300 tenant schemas");
        assert_eq!(text(&stores, 3, 3), "4 TB");
        let engagements = sheet(&bytes, "Engagements");
        assert_eq!(text(&engagements, 1, 0), "Architecture review");
        assert_eq!(text(&engagements, 1, 1), "Networking");
        assert_eq!(text(&engagements, 1, 2), "High");
        let milestones = sheet(&bytes, "Milestones");
        assert_eq!(milestones.get_value((2, 1)).unwrap().as_date(), chrono::NaiveDate::from_ymd_opt(2027, 2, 12));
        assert_eq!(text(&milestones, 2, 2), "Terraform, hub and spoke");
        assert_eq!(text(&milestones, 5, 0), "", "four milestones, then empty rows");
    }

    #[test]
    fn raw_texts_table_states_and_unmatched_rows_are_kept() {
        let mut profile = Profile::default();
        let state = |state, raw: &str| AnswerState { state, raw: raw.to_owned() };
        profile.answer_states.insert("requirements.disaster_recovery.rpo".into(), state(RecordedState::Unknown, "TBD"));
        profile.answer_states.insert("meta.completed_on".into(), state(RecordedState::Invalid, "last Tuesday"));
        profile.answer_states.insert("engagements[1].priority".into(), state(RecordedState::Invalid, "urgent!"));
        profile.engagements =
            vec![Engagement { success_criteria: Some("A reviewed design".into()), ..Default::default() }];
        profile.unmatched.push(Unmatched {
            reason: UnmatchedReason::UnknownKey,
            key: "meta.budget".into(),
            question: "Budget".into(),
            answer: "50k".into(),
            notes: "per year".into(),
            location: "Profile!D80".into(),
        });
        let bytes = write_filled(&profile, &TemplateOptions::default()).unwrap();

        let sheet_ = sheet(&bytes, "Profile");
        assert_eq!(text(&sheet_, row_of(&sheet_, "requirements.disaster_recovery.rpo"), COL_ANSWER), "TBD");
        assert_eq!(text(&sheet_, row_of(&sheet_, "meta.completed_on"), COL_ANSWER), "last Tuesday");
        let extra = row_of(&sheet_, "meta.budget");
        let questions = profile_sheet_questions().count() as u32;
        assert_eq!(extra, PROFILE_HEADER_ROW + 1 + questions, "unmatched text follows the questions");
        let row: Vec<String> = (0..5).map(|c| text(&sheet_, extra, c)).collect();
        assert_eq!(row, ["meta.budget", "Not in this questionnaire", "Budget", "50k", "per year"]);

        // The second engagement exists only as a recorded state; its row is written all the same.
        let engagements = sheet(&bytes, "Engagements");
        assert_eq!(text(&engagements, 1, 3), "A reviewed design");
        assert_eq!(text(&engagements, 2, 2), "urgent!");
        assert_eq!(text(&engagements, 2, 3), "");
    }

    fn typed(iso: &str) -> String {
        iso.parse::<IsoDuration>().unwrap().typed()
    }

    #[test]
    fn values_are_written_in_the_forms_the_contract_reads() {
        assert_eq!(typed("PT15M"), "15 min");
        assert_eq!(typed("PT4H"), "4 h");
        assert_eq!(typed("P1D"), "1 day");
        assert_eq!(typed("P2D"), "2 days");
        assert_eq!(typed("PT0S"), "0");
        assert_eq!(typed("P1DT12H"), "36 h");
        assert_eq!(typed("PT90M"), "PT90M", "a duration not in shortest form stays as written");
        assert_eq!(typed("PT1.5S"), "PT1.5S");
        assert_eq!(typed("P1M"), "P1M");
        assert_eq!(size_text(2000.0), "2 TB");
        assert_eq!(size_text(5800.0), "5800 GB");
        assert_eq!(size_text(800.0), "800 GB");
        assert_eq!(size_text(0.5), "0.5 GB");
        let compute = AnswerKind::Choices(&crate::profile::ComputeApproach::SET);
        let one = serde_json::json!(["paas_web"]);
        assert_eq!(cell_value(compute, &one), Some(CellValue::Text("paas_web".into())), "no comma to split on");
        assert_eq!(cell_value(AnswerKind::Percent, &serde_json::json!(0.5)), Some(CellValue::Text("0.5 %".into())));
    }
}
