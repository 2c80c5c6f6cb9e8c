//! The workbook's look: colours, the formats of titles, headers, question cells and the cells a vendor types
//! into, and the protection of the input sheets.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Note, ProtectionOptions, Worksheet, XlsxError};

use super::{Mark, NOTE_AUTHOR};
use crate::profile::Importance;

pub(super) const NAVY: u32 = 0x1F3864;
pub(super) const GRID: u32 = 0xBFBFBF;
pub(super) const INPUT_FILL: u32 = 0xFFF8E1;
pub(super) const BAND_FILLS: [u32; 2] = [0xEEF3F8, 0xFFFFFF];

pub(super) fn title_format() -> Format {
    Format::new().set_bold().set_font_size(16).set_font_color(Color::RGB(NAVY))
}

pub(super) fn subtitle_format() -> Format {
    Format::new().set_italic().set_font_color(Color::RGB(0x595959))
}

pub(super) fn header_format() -> Format {
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
pub(super) fn profile_cell(band: usize, first_of_section: bool) -> Format {
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
pub(super) fn input_cell(first_of_section: bool) -> Format {
    profile_cell(0, first_of_section).set_background_color(Color::RGB(INPUT_FILL)).set_unlocked()
}

pub(super) fn date_input_cell(first_of_section: bool) -> Format {
    input_cell(first_of_section).set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left)
}

pub(super) fn importance_color(importance: Importance) -> Color {
    match importance {
        Importance::Required => Color::RGB(0xC00000),
        Importance::Recommended => Color::RGB(0x9C5700),
        Importance::Optional => Color::RGB(0x595959),
    }
}

pub(super) fn importance_label(importance: Importance) -> &'static str {
    match importance {
        Importance::Required => "Required",
        Importance::Recommended => "Recommended",
        Importance::Optional => "Optional",
    }
}

/// The protection of the input sheets: no password (it guards against slips, not people), and resizing
/// columns and rows stays allowed because long answers need room.
pub(super) fn protection(table: bool) -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: table,
        delete_rows: table,
        ..ProtectionOptions::default()
    }
}

/// A colour from `0xRRGGBB`.
pub(crate) fn rgb(hex: u32) -> Color {
    Color::RGB(hex)
}

/// An answer cell's format with a [`Mark`]: shaded in its fill and edged in its colour, so that the cell
/// stands out among the tinted answer cells.
pub(super) fn marked(format: &Format, mark: Option<&Mark>) -> Format {
    match mark {
        Some(mark) => format
            .clone()
            .set_background_color(rgb(mark.fill))
            .set_border(FormatBorder::Medium)
            .set_border_color(rgb(mark.edge)),
        None => format.clone(),
    }
}

/// Attaches a mark's note to a cell, sized for its text. The note names [`NOTE_AUTHOR`] as its author
/// without printing it in the text, so the vendor reads only the question.
pub(super) fn write_note(sheet: &mut Worksheet, row: u32, col: u16, mark: &Mark) -> Result<(), XlsxError> {
    const WIDTH: u32 = 340;
    // About 52 characters fit on a line of a note this wide; a line takes 15 pixels.
    let lines: usize = mark.note.split('\n').map(|line| line.chars().count().div_ceil(52).max(1)).sum();
    let height = (lines as u32 * 15 + 12).clamp(60, 600);
    let note =
        Note::new(&mark.note).set_author(NOTE_AUTHOR).add_author_prefix(false).set_width(WIDTH).set_height(height);
    sheet.insert_note(row, col, &note)?;
    Ok(())
}
