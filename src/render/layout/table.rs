//! Tables: columns sized by their share of the flow width, cells of wrapped spans with an optional
//! background and a coloured bar, a header repeated on every page, and rows that move to the next page
//! whole or, when taller than half a page, split between pages line by line, so no text is ever clipped.

use super::text::Laid;
use super::{
    palette, Align, Rgb, Span, TextStyle, Writer, CONTENT_BOTTOM, CONTENT_TOP, CONTENT_WIDTH, MARGIN_X, PARAGRAPH_GAP,
};

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text (repeated on every page the table spans).
    pub header: String,
    /// Share of the table width; shares are normalised, so they need not add up to 1.
    pub width: f32,
    /// Alignment of header and cells.
    pub align: Align,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CellContent {
    /// Text of the cell.
    pub spans: Vec<Span>,
    /// Background, overriding the zebra stripe.
    pub background: Option<Rgb>,
    /// A coloured bar along the left edge (e.g. severity).
    pub left_bar: Option<Rgb>,
}

/// Default style of table text.
pub const TABLE_STYLE: TextStyle = TextStyle { size: 8.8, ..TextStyle::BODY };

/// A table: columns, rows of cells (one per column), optional zebra stripes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableSpec {
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// Rows; a row shorter than `columns` gets empty cells, extra cells are ignored.
    pub rows: Vec<Vec<CellContent>>,
    /// Shade every other row.
    pub zebra: bool,
}

impl Writer<'_> {
    /// A table without a header row: `columns` give each column's share of the width
    /// and its alignment; rows flow and split across pages like [`Writer::table`]'s.
    /// For key-value blocks whose values need their own styles.
    pub fn grid(&mut self, columns: &[(f32, Align)], rows: &[Vec<CellContent>], zebra: bool) {
        self.table_inner(columns, None, rows.iter(), zebra);
        self.spacer(PARAGRAPH_GAP);
    }

    /// A table whose header repeats on every page; rows flow across pages and a row
    /// taller than the space left is split between pages, so no text is ever clipped.
    pub fn table(&mut self, spec: &TableSpec) {
        self.table_rows(&spec.columns, spec.rows.iter(), spec.zebra);
    }

    /// [`Writer::table`] with its rows made one at a time as they are laid out, for a table too long to
    /// hold all its cells at once (the overview of a batch of thousands of questionnaires).
    pub fn table_rows<R: AsRef<[CellContent]>>(
        &mut self,
        columns: &[Column],
        rows: impl IntoIterator<Item = R>,
        zebra: bool,
    ) {
        let widths: Vec<(f32, Align)> = columns.iter().map(|c| (c.width, c.align)).collect();
        let header: Vec<CellContent> = columns
            .iter()
            .map(|c| CellContent {
                spans: vec![Span::new(c.header.clone(), TABLE_STYLE.bold().colored(palette::WHITE))],
                background: Some(palette::TABLE_HEADER),
                left_bar: None,
            })
            .collect();
        self.table_inner(&widths, Some(&header), rows, zebra);
        self.spacer(PARAGRAPH_GAP + 4.0);
    }

    /// A callout box (e.g. a gap card): coloured left bar, wrapped title, body
    fn table_inner<R: AsRef<[CellContent]>>(
        &mut self,
        columns: &[(f32, Align)],
        header: Option<&[CellContent]>,
        rows: impl IntoIterator<Item = R>,
        zebra: bool,
    ) {
        let share: f32 = columns.iter().map(|c| c.0.max(0.0)).sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = columns.iter().map(|c| CONTENT_WIDTH * c.0.max(0.0) / share).collect();
        let aligns: Vec<Align> = columns.iter().map(|c| c.1).collect();
        let mut header_row = header.map(|h| {
            let mut laid = RowLayout::default();
            self.layout_row(h, &widths, &mut laid);
            laid
        });
        let header_h = header_row.as_ref().map_or(0.0, |r| r.height());
        let body_height = CONTENT_TOP - CONTENT_BOTTOM - header_h;
        // One row's layout at a time, its buffers reused by the next row.
        let mut laid = RowLayout::default();
        for (r, row) in rows.into_iter().enumerate() {
            self.layout_row(row.as_ref(), &widths, &mut laid);
            let stripe = if zebra && r % 2 == 1 { Some(palette::ZEBRA) } else { None };
            let mut first_piece = true;
            loop {
                let need = laid.height();
                let room = self.y - CONTENT_BOTTOM;
                let at_table_start = r == 0 && first_piece;
                let head = if at_table_start { header_h } else { 0.0 };
                if need + head <= room {
                    if at_table_start {
                        self.draw_header(header_row.as_mut(), &widths, &aligns);
                    }
                    self.draw_row_piece(&mut laid, &widths, &aligns, stripe, f32::INFINITY);
                    break;
                }
                // It does not fit. A row of up to half a page moves to the next page
                // whole; a taller one is split here if a useful piece fits.
                let movable = need <= body_height * 0.5;
                if movable || head + laid.min_piece_height() > room {
                    self.page_break();
                    self.draw_header(header_row.as_mut(), &widths, &aligns);
                    first_piece = false;
                    continue;
                }
                if at_table_start {
                    self.draw_header(header_row.as_mut(), &widths, &aligns);
                }
                let limit = self.y - CONTENT_BOTTOM;
                self.draw_row_piece(&mut laid, &widths, &aligns, stripe, limit);
                if laid.done() {
                    break;
                }
                self.page_break();
                self.draw_header(header_row.as_mut(), &widths, &aligns);
                first_piece = false;
            }
        }
        for row in header_row.into_iter().chain([laid]) {
            self.recycle_row(row);
        }
    }

    /// Lays out a row's cells into `row`, whose cells (a row drawn before) are recycled first.
    fn layout_row(&mut self, cells: &[CellContent], widths: &[f32], row: &mut RowLayout) {
        for cell in row.cells.drain(..) {
            self.recycle(cell.laid);
        }
        let empty = CellContent::default();
        for (i, w) in widths.iter().enumerate() {
            let cell = cells.get(i).unwrap_or(&empty);
            let bar = if cell.left_bar.is_some() { CELL_BAR } else { 0.0 };
            row.cells.push(RowCell {
                laid: self.layout(&cell.spans, (w - 2.0 * CELL_PAD_X - bar).max(10.0)),
                next: 0,
                end: 0,
                background: cell.background,
                bar: cell.left_bar,
            });
        }
    }

    /// Gives back the buffers of a row's cells.
    fn recycle_row(&mut self, row: RowLayout) {
        for cell in row.cells {
            self.recycle(cell.laid);
        }
    }

    /// Draws the header row whole, and leaves it ready to be drawn again on the next page.
    fn draw_header(&mut self, header: Option<&mut RowLayout>, widths: &[f32], aligns: &[Align]) {
        if let Some(h) = header {
            self.draw_row_piece(h, widths, aligns, None, f32::INFINITY);
            for cell in &mut h.cells {
                cell.next = 0;
            }
        }
    }

    /// Draws the rest of a row, or as much as fits in `limit` points of height, and
    /// advances each cell's line cursor.
    fn draw_row_piece(
        &mut self,
        row: &mut RowLayout,
        widths: &[f32],
        aligns: &[Align],
        stripe: Option<Rgb>,
        limit: f32,
    ) {
        let avail = limit - 2.0 * CELL_PAD_Y;
        // Lines each cell can show in this piece, and the tallest cell's height.
        let mut content_h: f32 = 0.0;
        for c in &mut row.cells {
            let mut h = 0.0;
            c.end = c.next;
            while c.end < c.laid.lines.len() && h + c.laid.lines[c.end].height <= avail {
                h += c.laid.lines[c.end].height;
                c.end += 1;
            }
            content_h = content_h.max(h);
        }
        let height = content_h + 2.0 * CELL_PAD_Y;
        let top = self.y;
        // The row's fills first and then its text, rather than cell by cell: nothing of one overlaps the
        // other (text keeps its padding from every edge), so the page looks the same, but the row's text
        // is one text object and changes colour once rather than back and forth for every cell. The rule
        // under the row goes before the next row, whose fills cover half of it.
        let mut x = MARGIN_X;
        for (cell, w) in row.cells.iter().zip(widths) {
            if let Some(bg) = cell.background.or(stripe) {
                self.fill_pdf(x, top - height, *w, height, bg);
            }
            if let Some(bar) = cell.bar {
                self.fill_pdf(x, top - height, CELL_BAR, height, bar);
            }
            x += w;
        }
        self.fill_pdf(MARGIN_X, top - height - 0.25, CONTENT_WIDTH, 0.5, palette::RULE);
        let mut x = MARGIN_X;
        for (cell, (w, align)) in row.cells.iter_mut().zip(widths.iter().zip(aligns)) {
            let bar = if cell.bar.is_some() { CELL_BAR } else { 0.0 };
            let laid = std::mem::take(&mut cell.laid);
            let inner = w - 2.0 * CELL_PAD_X - bar;
            self.draw_lines(&laid, cell.next..cell.end, x + CELL_PAD_X + bar, top - CELL_PAD_Y, inner, *align);
            cell.laid = laid;
            cell.next = cell.end;
            x += w;
        }
        self.y = top - height;
        self.fresh = false;
    }
}

const CELL_PAD_X: f32 = 6.0;
const CELL_PAD_Y: f32 = 5.0;
const CELL_BAR: f32 = 3.5;

#[derive(Debug, Clone)]
struct RowCell {
    laid: Laid,
    /// First line not drawn yet.
    next: usize,
    /// End of the lines the piece being drawn shows.
    end: usize,
    background: Option<Rgb>,
    bar: Option<Rgb>,
}

#[derive(Debug, Clone, Default)]
struct RowLayout {
    cells: Vec<RowCell>,
}

impl RowLayout {
    /// Height of what is left to draw.
    fn height(&self) -> f32 {
        self.cells.iter().map(|c| c.laid.lines[c.next..].iter().map(|l| l.height).sum::<f32>()).fold(0.0, f32::max)
            + 2.0 * CELL_PAD_Y
    }

    /// Smallest useful piece: two lines of the tallest next line.
    fn min_piece_height(&self) -> f32 {
        self.cells
            .iter()
            .map(|c| c.laid.lines[c.next..].iter().take(2).map(|l| l.height).sum::<f32>())
            .fold(0.0, f32::max)
            + 2.0 * CELL_PAD_Y
    }

    fn done(&self) -> bool {
        self.cells.iter().all(|c| c.next >= c.laid.lines.len())
    }
}
