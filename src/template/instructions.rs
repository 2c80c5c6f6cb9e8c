//! The Instructions sheet: what the questionnaire is for and how to fill it in.

use rust_xlsxwriter::{Color, Format, FormatAlign, Worksheet, XlsxError};

use super::cells::row_height;
use super::style::{subtitle_format, title_format, NAVY};
use super::{TemplateOptions, INSTRUCTIONS_WIDTH};
use crate::profile::catalogue::TABLES;
use crate::profile::SCHEMA_VERSION;

pub(super) fn instructions_sheet(sheet: &mut Worksheet, options: &TemplateOptions) -> Result<(), XlsxError> {
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
