//! The `Follow-up` sheet: a greeting to the vendor by company and solution, and one row per gap with its
//! severity, the question, what is wrong, what to ask, and a link to the answer cell.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline, Url, Worksheet, XlsxError};

use super::{severity_colors, severity_word};
use crate::analyse::{Analysis, GapSeverity};
use crate::profile::catalogue::describe_key;
use crate::profile::Profile;
use crate::template::{answer_cell, rgb, TemplateOptions};

/// The sheet's name.
pub(crate) const NAME: &str = super::note::SHEET;

/// The 0-based row of the header row of the list of gaps; the gaps follow it.
pub(crate) const HEADER_ROW: u32 = 6;

/// The column that links to a gap's answer cell.
pub(crate) const COL_CELL: u16 = 5;

/// The list's columns: header and width.
const COLUMNS: [(&str, u16); 6] =
    [("#", 6), ("Severity", 11), ("Question", 40), ("What is wrong", 52), ("What to ask", 52), ("Cell", 18)];

/// The width the greeting spans: every column but the first.
const TEXT_WIDTH: u16 = 6 + 11 + 40 + 52 + 52 + 18;

const NAVY: u32 = 0x1F3864;
const GRID: u32 = 0xBFBFBF;

/// The vendor as the sheet names them: `Company — Solution`, or whichever of the two is known.
fn who(profile: &Profile) -> Option<String> {
    let name = |n: &Option<String>| n.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned);
    match (name(&profile.meta.company_name), name(&profile.meta.solution_name)) {
        (Some(company), Some(solution)) => Some(format!("{company} — {solution}")),
        (Some(one), None) | (None, Some(one)) => Some(one),
        (None, None) => None,
    }
}

/// The workbook's title: `Follow-up: Company — Solution`.
pub(crate) fn title(profile: &Profile) -> String {
    match who(profile) {
        Some(who) => format!("Follow-up: {who}"),
        None => "Follow-up on the technical discovery questionnaire".to_owned(),
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The greeting: who it is for, why it came back, and what to do with it.
fn greeting(profile: &Profile, analysis: &Analysis, options: &TemplateOptions) -> String {
    let company = profile.meta.company_name.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let solution = profile.meta.solution_name.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let program = options.program_name.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let mut text = match company {
        Some(company) => format!("Dear {company} team,\n\n"),
        None => "Dear team,\n\n".to_owned(),
    };
    text.push_str("thank you for returning the technical discovery questionnaire");
    if let Some(program) = program {
        text.push_str(&format!(" of the {program}"));
    }
    match solution {
        Some(solution) => text.push_str(&format!(" for {solution}. ")),
        None => text.push_str(". "),
    }
    let n = analysis.gaps.len();
    if n == 0 {
        text.push_str(
            "Everything the session needs is answered. This workbook holds your answers as you gave them; correct \
             or add anything you like and send it back.",
        );
        return text;
    }
    text.push_str(&format!(
        "Before the discovery session, the lead engineer would like to settle {} with you. They are listed below, \
         most urgent first. Each row links to the cell to complete or correct: it is shaded in the row's colour and \
         carries the question as a note. Everything you wrote before is already filled in, so only what is asked \
         needs changing; write N/A where a question does not apply. Please keep the layout and send the workbook \
         back when you are done.",
        if n == 1 { "one point".to_owned() } else { format!("{n} points") }
    ));
    text
}

/// The counts below the greeting.
fn summary(analysis: &Analysis) -> String {
    if analysis.gaps.is_empty() {
        return format!(
            "The questionnaire is {:.1} % complete; there is nothing to follow up.",
            analysis.completeness.overall
        );
    }
    let counts: Vec<String> =
        GapSeverity::ALL.iter().map(|&s| format!("{} {}", analysis.count(s), s.as_str())).collect();
    format!(
        "The questionnaire is {:.1} % complete. {} to follow up: {}.",
        analysis.completeness.overall,
        plural(analysis.gaps.len(), "point"),
        counts.join(", ")
    )
}

/// Lines a text of `chars` characters takes in a column `width` characters wide, for the row heights (the
/// template's estimate: a little more than `width` characters per line).
fn lines(text: &str, width: u16) -> u32 {
    let per_line = (usize::from(width) * 23 / 20).max(1);
    text.split('\n').map(|line| line.chars().count().div_ceil(per_line).max(1)).sum::<usize>() as u32
}

/// The `Follow-up` sheet of a profile and its analysis.
pub(crate) fn follow_up_sheet(
    profile: &Profile,
    analysis: &Analysis,
    options: &TemplateOptions,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(NAME)?;
    sheet.set_screen_gridlines(false);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    for (column, (_, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }

    let title = Format::new().set_bold().set_font_size(16).set_font_color(rgb(NAVY));
    let subtitle = Format::new().set_bold().set_font_size(12);
    let body = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let muted = body.clone().set_italic().set_font_color(rgb(0x595959));
    let last = COLUMNS.len() as u16 - 1;

    sheet.write_string_with_format(0, 0, "Follow-up on your technical discovery questionnaire", &title)?;
    sheet.set_row_height(0, 24)?;
    sheet.write_string_with_format(1, 0, who(profile).unwrap_or_default(), &subtitle)?;
    let greeting = greeting(profile, analysis, options);
    sheet.merge_range(3, 0, 3, last, &greeting, &body)?;
    sheet.set_row_height(3, f64::from(lines(&greeting, TEXT_WIDTH)) * 15.0)?;
    sheet.merge_range(4, 0, 4, last, &summary(analysis), &muted)?;

    if !analysis.gaps.is_empty() {
        let header = Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(rgb(NAVY))
            .set_border(FormatBorder::Thin)
            .set_border_color(rgb(GRID))
            .set_align(FormatAlign::VerticalCenter);
        for (column, (name, _)) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(HEADER_ROW, column as u16, *name, &header)?;
        }
        sheet.set_row_height(HEADER_ROW, 20)?;
        sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
        sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    }
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(rgb(GRID));
    let link = cell.clone().set_font_color(rgb(0x0563C1)).set_underline(FormatUnderline::Single);
    for (i, gap) in analysis.gaps.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        let (fill, edge) = severity_colors(gap.severity);
        let number = cell.clone().set_bold().set_font_color(rgb(edge));
        let severity = cell.clone().set_bold().set_font_color(rgb(edge)).set_background_color(rgb(fill));
        let mut questions: Vec<String> = Vec::new();
        for key in &gap.keys {
            let described = describe_key(key);
            if !questions.contains(&described) {
                questions.push(described);
            }
        }
        let question = questions.join("\n");
        sheet.write_string_with_format(row, 0, format!("G{}", i + 1), &number)?;
        sheet.write_string_with_format(row, 1, severity_word(gap.severity), &severity)?;
        sheet.write_string_with_format(row, 2, &question, &cell)?;
        sheet.write_string_with_format(row, 3, &gap.detail, &cell)?;
        // Import reads this column to tell our words in the notes from the vendor's (note.rs).
        sheet.write_string_with_format(row, super::note::ASK_COLUMN, &gap.follow_up, &cell)?;
        match gap.keys.iter().find_map(|k| answer_cell(k)) {
            Some(target) => {
                let reference = target.reference();
                let location = format!("internal:'{}'!{}", target.sheet, &reference[target.sheet.len() + 1..]);
                let url = Url::new(location).set_text(&reference).set_tip("Go to the answer");
                sheet.write_url_with_format(row, COL_CELL, url, &link)?;
            }
            None => {
                sheet.write_blank(row, COL_CELL, &cell)?;
            }
        }
        let height = [(question.as_str(), 2), (gap.detail.as_str(), 3), (gap.follow_up.as_str(), 4)]
            .iter()
            .map(|(text, column)| lines(text, COLUMNS[*column].1))
            .max()
            .unwrap_or(1);
        sheet.set_row_height(row, f64::from(height) * 15.0 + 3.0)?;
    }
    // The list is for reading and following links; the answers go into the questionnaire's sheets.
    sheet.protect();
    Ok(sheet)
}
