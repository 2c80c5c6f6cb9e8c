//! A flow writer over printpdf: A4 portrait pages, wrapped text with per-character font
//! fallback, tables that repeat their header and split tall rows, callout boxes, vector
//! bar charts, a clickable table of contents, running header/footer, outline and
//! reproducible bytes.
//!
//! All public positions are in points (1/72 in); public `y` values are measured from
//! the top edge of the page, downwards. Internally everything is in PDF coordinates
//! (origin bottom-left).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, FontId, LinkAnnotation, Mm, Op, PaintMode, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem, TextMatrix,
};
use sha2::{Digest, Sha256};

use crate::render::fonts::{Face, Fonts, Glyph};

/// A4 width in points.
pub const PAGE_WIDTH: f32 = 595.276;
/// A4 height in points.
pub const PAGE_HEIGHT: f32 = 841.89;
/// Left and right margin.
pub const MARGIN_X: f32 = 62.0;
/// Width available to the flow.
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Top of the flow area (PDF y), below the running header.
const CONTENT_TOP: f32 = PAGE_HEIGHT - 84.0;
/// Bottom of the flow area (PDF y), above the running footer.
const CONTENT_BOTTOM: f32 = 74.0;
/// Line height as a multiple of the largest font size on the line.
const LEADING: f32 = 1.38;
/// Space after a paragraph.
const PARAGRAPH_GAP: f32 = 7.0;

/// An sRGB colour with 8-bit channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
}

impl Rgb {
    /// From `0xRRGGBB`.
    pub const fn hex(v: u32) -> Rgb {
        Rgb { r: (v >> 16) as u8, g: (v >> 8) as u8, b: v as u8 }
    }

    fn to_color(self) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: f32::from(self.r) / 255.0,
            g: f32::from(self.g) / 255.0,
            b: f32::from(self.b) / 255.0,
            icc_profile: None,
        })
    }
}

/// Palette used by the built-in elements; callers may use it for consistency.
pub mod palette {
    use super::Rgb;
    /// Body text.
    pub const TEXT: Rgb = Rgb::hex(0x1F2933);
    /// Secondary text (captions, header, footer).
    pub const MUTED: Rgb = Rgb::hex(0x616E7C);
    /// Headings.
    pub const HEADING: Rgb = Rgb::hex(0x1B365D);
    /// Accent (rules under part titles).
    pub const ACCENT: Rgb = Rgb::hex(0x2E75B6);
    /// Thin rules.
    pub const RULE: Rgb = Rgb::hex(0xD5DBE1);
    /// Table header background.
    pub const TABLE_HEADER: Rgb = Rgb::hex(0x24405F);
    /// Zebra stripe.
    pub const ZEBRA: Rgb = Rgb::hex(0xF3F5F8);
    /// Chart track.
    pub const TRACK: Rgb = Rgb::hex(0xE9EDF1);
    /// White.
    pub const WHITE: Rgb = Rgb::hex(0xFFFFFF);
}

/// Which face a span asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    /// Noto Sans Regular.
    Regular,
    /// Noto Sans Bold.
    Bold,
    /// Noto Sans Italic.
    Italic,
}

impl Weight {
    fn face(self) -> Face {
        match self {
            Weight::Regular => Face::Regular,
            Weight::Bold => Face::Bold,
            Weight::Italic => Face::Italic,
        }
    }
}

/// Font, size (points) and colour of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Face.
    pub weight: Weight,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
}

impl TextStyle {
    /// 10 pt regular body text.
    pub const BODY: TextStyle = TextStyle { weight: Weight::Regular, size: 10.0, color: palette::TEXT };

    /// The same style in bold.
    pub const fn bold(self) -> TextStyle {
        TextStyle { weight: Weight::Bold, ..self }
    }

    /// The same style in italic.
    pub const fn italic(self) -> TextStyle {
        TextStyle { weight: Weight::Italic, ..self }
    }

    /// The same style at another size.
    pub const fn sized(self, size: f32) -> TextStyle {
        TextStyle { size, ..self }
    }

    /// The same style in another colour.
    pub const fn colored(self, color: Rgb) -> TextStyle {
        TextStyle { color, ..self }
    }
}

/// A piece of text in one style. `'\n'` forces a line break; runs of other whitespace
/// collapse to one space.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Its style.
    pub style: TextStyle,
}

impl Span {
    /// A span of `text` in `style`.
    pub fn new(text: impl Into<String>, style: TextStyle) -> Span {
        Span { text: text.into(), style }
    }

    /// A span of body text.
    pub fn body(text: impl Into<String>) -> Span {
        Span::new(text, TextStyle::BODY)
    }
}

/// Horizontal alignment of text within its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

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

impl CellContent {
    /// A cell holding plain body text at table size.
    pub fn text(text: impl Into<String>) -> CellContent {
        CellContent { spans: vec![Span::new(text, TABLE_STYLE)], ..Default::default() }
    }
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

/// A box with a coloured left bar, a title and body paragraphs; it may break across
/// pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Callout {
    /// Title, usually bold; wraps.
    pub title: Vec<Span>,
    /// Body paragraphs.
    pub body: Vec<Vec<Span>>,
    /// Colour of the left bar.
    pub accent: Rgb,
    /// Box background.
    pub background: Rgb,
}

/// A position in the document (a heading) that links and the outline can point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Anchor(usize);

/// Document-wide settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocOptions {
    /// Info dictionary /Title.
    pub title: String,
    /// Info dictionary /Subject.
    pub subject: String,
    /// Info dictionary /Author.
    pub author: String,
    /// Info dictionary /Creator (the producing application).
    pub creator: String,
    /// Info dictionary /Keywords.
    pub keywords: Vec<String>,
    /// Running header, left.
    pub header_left: String,
    /// Running header, right.
    pub header_right: String,
    /// Bytes identifying everything the document shows (e.g. a hash of the questionnaire and the
    /// options); the trailer /ID is derived from them, so equal input gives equal bytes and
    /// different documents different ids.
    pub document_id_seed: Vec<u8>,
    /// Creation date written to the metadata, as seconds since the Unix epoch (UTC).
    /// `None` writes no date: the writer never reads the clock.
    pub created_unix: Option<i64>,
    /// Leave the first page without running header and footer (a cover).
    pub first_page_is_cover: bool,
}

/// Serialising the document failed.
#[derive(Debug)]
pub struct RenderError(String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PDF serialisation failed: {}", self.0)
    }
}

impl std::error::Error for RenderError {}

/// One resolved character of laid-out text.
#[derive(Debug, Clone, Copy)]
struct Item {
    glyph: Glyph,
    /// Index into [`Laid::styles`].
    style: u16,
    kind: Kind,
    /// A line may break before this item even without a space (CJK).
    break_before: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Char,
    Space,
    Newline,
}

/// A line: a contiguous range of items, spaces at both ends trimmed.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    width: f32,
    height: f32,
    /// Largest font size on the line (positions the baseline).
    size: f32,
}

/// Text broken into lines for one width.
#[derive(Debug, Clone, Default)]
struct Laid {
    items: Vec<Item>,
    styles: Vec<TextStyle>,
    lines: Vec<Line>,
}

impl Laid {
    fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

/// A link rectangle waiting for its target's final page number.
#[derive(Debug, Clone, Copy)]
struct PendingLink {
    page: usize,
    rect: [f32; 4],
    target: Anchor,
}

#[derive(Debug, Clone)]
struct OutlineEntry {
    title: String,
    level: u8,
    anchor: Anchor,
}

/// Reserved table-of-contents page.
#[derive(Debug, Clone, Copy)]
struct TocSlot {
    page: usize,
    /// PDF y below the TOC title where entries start.
    top: f32,
}

/// Lays out a document page by page. See the module documentation.
pub struct Writer<'f> {
    fonts: &'f Fonts,
    opts: DocOptions,
    pages: Vec<Vec<Op>>,
    /// PDF y of the top of the next block on the last page.
    y: f32,
    /// Nothing has been placed on the last page yet.
    fresh: bool,
    glyph_cache: HashMap<(Face, char), Option<Glyph>>,
    missing: BTreeSet<char>,
    used_faces: BTreeSet<Face>,
    /// (page index, PDF y) of each anchor.
    anchors: Vec<(usize, f32)>,
    outline: Vec<OutlineEntry>,
    links: Vec<PendingLink>,
    toc: Option<TocSlot>,
    /// Page that drawing goes to when not the last one (TOC, header and footer are
    /// drawn at `finish`).
    target: Option<usize>,
}

impl<'f> Writer<'f> {
    /// A writer with one empty page.
    pub fn new(fonts: &'f Fonts, opts: DocOptions) -> Writer<'f> {
        Writer {
            fonts,
            opts,
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
            fresh: true,
            glyph_cache: HashMap::new(),
            missing: BTreeSet::new(),
            used_faces: BTreeSet::new(),
            anchors: Vec::new(),
            outline: Vec::new(),
            links: Vec::new(),
            toc: None,
            target: None,
        }
    }

    /// Characters that no embedded font has; each was drawn as `?`.
    pub fn missing_chars(&self) -> &BTreeSet<char> {
        &self.missing
    }

    /// Number of pages so far (the table-of-contents page may grow at `finish`).
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Distance of the flow cursor from the top edge of the page.
    pub fn cursor_y(&self) -> f32 {
        PAGE_HEIGHT - self.y
    }

    /// Moves the flow cursor to `y` points from the top edge (clamped to the flow area),
    /// e.g. to lay out a cover.
    pub fn set_cursor_y(&mut self, y: f32) {
        self.y = (PAGE_HEIGHT - y).clamp(CONTENT_BOTTOM, PAGE_HEIGHT);
    }

    /// Height `spans` take when wrapped to `width`, without drawing them; for custom
    /// drawings (a timeline row) that must know their height before placing it.
    pub fn measure(&mut self, spans: &[Span], width: f32) -> f32 {
        self.layout(spans, width).height()
    }

    /// Starts a new page unless `height` points fit between the flow cursor and the
    /// footer (an empty page always takes it); for custom drawings placed with
    /// [`Writer::text_at`] and [`Writer::rect`] at [`Writer::cursor_y`].
    pub fn ensure_space(&mut self, height: f32) {
        self.ensure(height);
    }

    /// Starts a new page.
    pub fn page_break(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
        self.fresh = true;
    }

    /// Vertical space; swallowed at the top of a page.
    pub fn spacer(&mut self, pts: f32) {
        if self.fresh {
            return;
        }
        if self.y - pts < CONTENT_BOTTOM {
            self.page_break();
        } else {
            self.y -= pts;
        }
    }

    /// A heading. Level 1 starts a new page (a part); levels 2 and 3 are section
    /// titles kept with the text that follows. With `outline`, the heading gets a
    /// bookmark (level 1 at the top of the outline, deeper levels nested under the
    /// preceding level-1 entry) and, for levels 1 and 2, a table-of-contents entry.
    pub fn heading(&mut self, level: u8, text: &str, outline: bool) -> Anchor {
        let (style, before, after) = match level {
            0 | 1 => (TextStyle { weight: Weight::Bold, size: 21.0, color: palette::HEADING }, 0.0, 6.0),
            2 => (TextStyle { weight: Weight::Bold, size: 14.0, color: palette::HEADING }, 16.0, 5.0),
            _ => (TextStyle { weight: Weight::Bold, size: 11.5, color: palette::TEXT }, 10.0, 3.0),
        };
        if level <= 1 && !self.fresh {
            self.page_break();
        }
        let laid = self.layout(&[Span::new(text, style)], CONTENT_WIDTH);
        // Keep the heading with about three lines of what follows.
        let keep = laid.height() + before + after + 3.0 * LEADING * TextStyle::BODY.size;
        if !self.fresh && self.y - keep < CONTENT_BOTTOM {
            self.page_break();
        }
        if !self.fresh {
            self.y -= before;
        }
        let anchor = self.anchor_here();
        let top = self.y;
        self.draw_lines(&laid, 0..laid.lines.len(), MARGIN_X, top, CONTENT_WIDTH, Align::Left);
        self.y -= laid.height();
        if level <= 1 {
            self.y -= 4.0;
            self.fill_pdf(MARGIN_X, self.y - 1.5, CONTENT_WIDTH, 1.5, palette::ACCENT);
            self.y -= 1.5 + 12.0;
        }
        self.y -= after;
        self.fresh = false;
        if outline {
            self.outline.push(OutlineEntry { title: text.to_string(), level: level.max(1), anchor });
        }
        anchor
    }

    /// A wrapped paragraph in the flow, breaking across pages line by line.
    pub fn paragraph(&mut self, spans: &[Span]) {
        self.paragraph_aligned(spans, Align::Left);
    }

    /// [`Writer::paragraph`] with an alignment.
    pub fn paragraph_aligned(&mut self, spans: &[Span], align: Align) {
        let laid = self.layout(spans, CONTENT_WIDTH);
        self.flow_lines(&laid, align);
        self.spacer(PARAGRAPH_GAP);
    }

    /// A paragraph that links to `target` (clickable over its whole text).
    pub fn link_paragraph(&mut self, spans: &[Span], target: Anchor) {
        let laid = self.layout(spans, CONTENT_WIDTH);
        for i in 0..laid.lines.len() {
            let line = laid.lines[i];
            self.ensure(line.height);
            let top = self.y;
            self.draw_lines(&laid, i..i + 1, MARGIN_X, top, CONTENT_WIDTH, Align::Left);
            self.links.push(PendingLink {
                page: self.pages.len() - 1,
                rect: [MARGIN_X, top - line.height, line.width, line.height],
                target,
            });
            self.y -= line.height;
            self.fresh = false;
        }
        self.spacer(PARAGRAPH_GAP);
    }

    /// Text at an absolute position on the current page, `y` from the top edge, wrapped
    /// to `width`; does not move the flow cursor. Returns the height used.
    pub fn text_at(&mut self, x: f32, y: f32, width: f32, spans: &[Span], align: Align) -> f32 {
        let laid = self.layout(spans, width);
        self.draw_lines(&laid, 0..laid.lines.len(), x, PAGE_HEIGHT - y, width, align);
        self.fresh = false;
        laid.height()
    }

    /// A filled rectangle at an absolute position on the current page (`y` from the top
    /// edge to the rectangle's top), e.g. a cover band.
    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, color: Rgb) {
        self.fill_pdf(x, PAGE_HEIGHT - y - height, width, height, color);
        self.fresh = false;
    }

    /// A thin horizontal rule across the flow.
    pub fn rule(&mut self) {
        self.ensure(10.0);
        self.y -= 4.0;
        self.fill_pdf(MARGIN_X, self.y - 0.6, CONTENT_WIDTH, 0.6, palette::RULE);
        self.y -= 6.0;
        self.fresh = false;
    }

    /// Reserves a page for the table of contents, titled `title`. It is filled at
    /// [`Writer::finish`] with every outlined level-1 and level-2 heading, each line a
    /// link to its page; it grows to more pages if needed.
    pub fn toc_placeholder(&mut self, title: &str) {
        self.heading(1, title, false);
        self.toc = Some(TocSlot { page: self.pages.len() - 1, top: self.y });
        self.page_break();
    }

    /// Two columns of key (bold) and value, without header or stripes.
    pub fn key_value(&mut self, pairs: &[(&str, &str)]) {
        let columns = [(0.3, Align::Left), (0.7, Align::Left)];
        let rows: Vec<Vec<CellContent>> = pairs
            .iter()
            .map(|(k, v)| {
                vec![
                    CellContent { spans: vec![Span::new(*k, TextStyle::BODY.bold())], ..Default::default() },
                    CellContent { spans: vec![Span::body(*v)], ..Default::default() },
                ]
            })
            .collect();
        self.table_inner(&columns, None, &rows, false);
        self.spacer(PARAGRAPH_GAP);
    }

    /// A table without a header row: `columns` give each column's share of the width
    /// and its alignment; rows flow and split across pages like [`Writer::table`]'s.
    /// For key-value blocks whose values need their own styles.
    pub fn grid(&mut self, columns: &[(f32, Align)], rows: &[Vec<CellContent>], zebra: bool) {
        self.table_inner(columns, None, rows, zebra);
        self.spacer(PARAGRAPH_GAP);
    }

    /// A table whose header repeats on every page; rows flow across pages and a row
    /// taller than the space left is split between pages, so no text is ever clipped.
    pub fn table(&mut self, spec: &TableSpec) {
        let columns: Vec<(f32, Align)> = spec.columns.iter().map(|c| (c.width, c.align)).collect();
        let header: Vec<CellContent> = spec
            .columns
            .iter()
            .map(|c| CellContent {
                spans: vec![Span::new(c.header.clone(), TABLE_STYLE.bold().colored(palette::WHITE))],
                background: Some(palette::TABLE_HEADER),
                left_bar: None,
            })
            .collect();
        self.table_inner(&columns, Some(&header), &spec.rows, spec.zebra);
        self.spacer(PARAGRAPH_GAP + 4.0);
    }

    /// A callout box (e.g. a gap card): coloured left bar, wrapped title, body
    /// paragraphs. Short boxes move to the next page whole; long ones break across
    /// pages, each piece with its own bar and background.
    pub fn callout(&mut self, c: &Callout) {
        const PAD_L: f32 = 14.0;
        const PAD_R: f32 = 12.0;
        const PAD_V: f32 = 9.0;
        const BAR: f32 = 4.0;
        let inner = CONTENT_WIDTH - BAR - PAD_L - PAD_R;
        // Each block is laid out once; gap is the space before it.
        let mut blocks: Vec<(Laid, f32)> = vec![(self.layout(&c.title, inner), 0.0)];
        for p in &c.body {
            blocks.push((self.layout(p, inner), 4.0));
        }
        let total: f32 = blocks.iter().map(|(l, g)| l.height() + g).sum::<f32>() + 2.0 * PAD_V;
        let body_height = CONTENT_TOP - CONTENT_BOTTOM;
        if total > self.y - CONTENT_BOTTOM && total <= body_height / 2.0 {
            self.page_break();
        }
        // (block, line) positions still to place.
        let mut queue: Vec<(usize, usize, f32)> = Vec::new();
        for (b, (laid, gap)) in blocks.iter().enumerate() {
            for i in 0..laid.lines.len() {
                queue.push((b, i, if i == 0 { *gap } else { 0.0 }));
            }
        }
        let mut next = 0;
        while next < queue.len() {
            // Need room for padding and at least one line here, else go to a new page.
            let first_h = blocks[queue[next].0].0.lines[queue[next].1].height;
            if !self.fresh && self.y - (2.0 * PAD_V + first_h) < CONTENT_BOTTOM {
                self.page_break();
            }
            let top = self.y;
            let mut used = PAD_V;
            let mut end = next;
            while end < queue.len() {
                let (b, i, gap) = queue[end];
                let gap = if end == next { 0.0 } else { gap };
                let h = blocks[b].0.lines[i].height + gap;
                if end > next && top - used - h - PAD_V < CONTENT_BOTTOM {
                    break;
                }
                used += h;
                end += 1;
            }
            used += PAD_V;
            self.fill_pdf(MARGIN_X, top - used, CONTENT_WIDTH, used, c.background);
            self.fill_pdf(MARGIN_X, top - used, BAR, used, c.accent);
            let mut y = top - PAD_V;
            for (k, &(b, i, gap)) in queue[next..end].iter().enumerate() {
                if k > 0 {
                    y -= gap;
                }
                let laid = &blocks[b].0;
                self.draw_lines(laid, i..i + 1, MARGIN_X + BAR + PAD_L, y, inner, Align::Left);
                y -= laid.lines[i].height;
            }
            self.y = top - used;
            self.fresh = false;
            next = end;
        }
        self.spacer(10.0);
    }

    /// A horizontal bar chart of percentages: one row per `(label, value 0..=100,
    /// colour)`, with a light track, the value printed at the end and gridlines at
    /// 0/25/50/75/100 %. Kept on one page.
    pub fn horizontal_bar_chart(&mut self, title: &str, bars: &[(&str, f32, Rgb)]) {
        const LABEL_W: f32 = 150.0;
        const VALUE_W: f32 = 38.0;
        const BAR_H: f32 = 11.0;
        const ROW_GAP: f32 = 7.0;
        let label_style = TextStyle::BODY.sized(9.0);
        let title_laid = self.layout(&[Span::new(title, TextStyle::BODY.bold().sized(11.0))], CONTENT_WIDTH);
        let labels: Vec<Laid> =
            bars.iter().map(|(l, _, _)| self.layout(&[Span::new(*l, label_style)], LABEL_W - 10.0)).collect();
        let rows_h: f32 = labels.iter().map(|l| l.height().max(BAR_H) + ROW_GAP).sum();
        let axis_h = 16.0;
        let total = title_laid.height() + 8.0 + rows_h + axis_h;
        self.ensure(total);
        let top = self.y;
        self.draw_lines(&title_laid, 0..title_laid.lines.len(), MARGIN_X, top, CONTENT_WIDTH, Align::Left);
        let plot_x = MARGIN_X + LABEL_W;
        let plot_w = CONTENT_WIDTH - LABEL_W - VALUE_W;
        let plot_top = top - title_laid.height() - 8.0;
        let plot_bottom = plot_top - rows_h;
        // Gridlines behind the bars, with their percentages under the axis.
        for k in 0..=4u8 {
            let x = plot_x + plot_w * f32::from(k) / 4.0;
            self.fill_pdf(x - 0.25, plot_bottom, 0.5, rows_h, palette::RULE);
            let tick = self.layout(
                &[Span::new(format!("{}%", u32::from(k) * 25), label_style.sized(7.5).colored(palette::MUTED))],
                40.0,
            );
            self.draw_lines(&tick, 0..tick.lines.len(), x - 20.0, plot_bottom - 3.0, 40.0, Align::Center);
        }
        let mut y = plot_top;
        for ((_, value, color), label) in bars.iter().zip(&labels) {
            let row_h = label.height().max(BAR_H);
            let mid = y - ROW_GAP / 2.0 - row_h / 2.0;
            self.draw_lines(
                label,
                0..label.lines.len(),
                MARGIN_X,
                mid + label.height() / 2.0,
                LABEL_W - 10.0,
                Align::Right,
            );
            let v = value.clamp(0.0, 100.0);
            self.fill_pdf(plot_x, mid - BAR_H / 2.0, plot_w, BAR_H, palette::TRACK);
            self.fill_pdf(plot_x, mid - BAR_H / 2.0, plot_w * v / 100.0, BAR_H, *color);
            let txt = self.layout(&[Span::new(format!("{v:.0}%"), label_style.bold())], VALUE_W - 4.0);
            self.draw_lines(
                &txt,
                0..txt.lines.len(),
                plot_x + plot_w + 4.0,
                mid + txt.height() / 2.0,
                VALUE_W - 4.0,
                Align::Right,
            );
            y -= row_h + ROW_GAP;
        }
        self.y = top - total;
        self.fresh = false;
        self.spacer(14.0);
    }

    /// A single stacked bar of counts (e.g. findings by severity) with counts inside
    /// the segments that are wide enough and a legend with every label and count below.
    /// Kept on one page.
    pub fn stacked_count_bar(&mut self, title: &str, parts: &[(&str, u32, Rgb)]) {
        const BAR_H: f32 = 24.0;
        let title_laid = self.layout(&[Span::new(title, TextStyle::BODY.bold().sized(11.0))], CONTENT_WIDTH);
        let total: u32 = parts.iter().map(|p| p.1).sum();
        let legend_style = TextStyle::BODY.sized(9.0);
        let legend: Vec<Laid> = parts
            .iter()
            .map(|(l, n, _)| self.layout(&[Span::new(format!("{l}: {n}"), legend_style)], CONTENT_WIDTH))
            .collect();
        // Legend entries flow left to right and wrap.
        let mut legend_pos = Vec::new();
        let (mut lx, mut ly) = (0.0f32, 0.0f32);
        let entry_h = LEADING * 9.0 + 4.0;
        for l in &legend {
            let w = 14.0 + l.lines.first().map_or(0.0, |x| x.width) + 18.0;
            if lx > 0.0 && lx + w > CONTENT_WIDTH {
                lx = 0.0;
                ly += entry_h;
            }
            legend_pos.push((lx, ly));
            lx += w;
        }
        let height = title_laid.height() + 8.0 + BAR_H + 10.0 + ly + entry_h;
        self.ensure(height);
        let top = self.y;
        self.draw_lines(&title_laid, 0..title_laid.lines.len(), MARGIN_X, top, CONTENT_WIDTH, Align::Left);
        let bar_top = top - title_laid.height() - 8.0;
        self.fill_pdf(MARGIN_X, bar_top - BAR_H, CONTENT_WIDTH, BAR_H, palette::TRACK);
        let mut x = MARGIN_X;
        for (_, n, color) in parts {
            if total == 0 || *n == 0 {
                continue;
            }
            let w = CONTENT_WIDTH * *n as f32 / total as f32;
            self.fill_pdf(x, bar_top - BAR_H, w, BAR_H, *color);
            let label = self.layout(&[Span::new(n.to_string(), legend_style.bold().colored(palette::WHITE))], w);
            if label.lines.len() == 1 && label.lines[0].width + 6.0 <= w {
                self.draw_lines(&label, 0..1, x, bar_top - (BAR_H - label.height()) / 2.0, w, Align::Center);
            }
            x += w;
        }
        let legend_top = bar_top - BAR_H - 10.0;
        for ((l, (lx, ly)), (_, _, color)) in legend.iter().zip(&legend_pos).zip(parts) {
            let row_top = legend_top - ly;
            let sq = 8.0;
            self.fill_pdf(MARGIN_X + lx, row_top - (LEADING * 9.0 + sq) / 2.0, sq, sq, *color);
            self.draw_lines(l, 0..1, MARGIN_X + lx + 14.0, row_top, CONTENT_WIDTH, Align::Left);
        }
        self.y = top - height;
        self.fresh = false;
        self.spacer(14.0);
    }

    /// Adds the table of contents, running header and footer, outline and metadata,
    /// and serialises. Same input gives the same bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, RenderError> {
        self.fill_toc();
        let total = self.pages.len();
        for i in 0..total {
            if i == 0 && self.opts.first_page_is_cover {
                continue;
            }
            self.decorate(i, total);
        }
        for link in std::mem::take(&mut self.links) {
            let (page, y) = self.anchors[link.target.0];
            let [x, ly, w, h] = link.rect;
            self.pages[link.page].push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    Rect { x: Pt(x), y: Pt(ly), width: Pt(w), height: Pt(h), mode: None, winding_order: None },
                    Actions::Goto(Destination::Xyz { page: page + 1, left: Some(0.0), top: Some(y + 8.0), zoom: None }),
                    // printpdf draws a 1 pt border unless told otherwise.
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    None,
                ),
            });
        }
        self.serialize()
    }

    // ---- flow helpers -------------------------------------------------------------

    /// Starts a new page unless `height` fits below the cursor (or the page is empty).
    fn ensure(&mut self, height: f32) {
        if !self.fresh && self.y - height < CONTENT_BOTTOM {
            self.page_break();
        }
    }

    fn anchor_here(&mut self) -> Anchor {
        self.anchors.push((self.pages.len() - 1, self.y));
        Anchor(self.anchors.len() - 1)
    }

    /// Places lines in the flow, breaking pages between lines.
    fn flow_lines(&mut self, laid: &Laid, align: Align) {
        let mut i = 0;
        while i < laid.lines.len() {
            self.ensure(laid.lines[i].height);
            // As many lines as fit on this page go out in one batch.
            let top = self.y;
            let mut y = top;
            let mut end = i;
            while end < laid.lines.len() && (end == i || y - laid.lines[end].height >= CONTENT_BOTTOM) {
                y -= laid.lines[end].height;
                end += 1;
            }
            self.draw_lines(laid, i..end, MARGIN_X, top, CONTENT_WIDTH, align);
            self.y = y;
            self.fresh = false;
            i = end;
        }
    }

    /// Index of the page being drawn on.
    fn page_index(&self) -> usize {
        self.target.unwrap_or(self.pages.len() - 1)
    }

    fn fill_pdf(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        let i = self.page_index();
        fill_rect(&mut self.pages[i], x, y, w, h, color);
    }

    // ---- tables --------------------------------------------------------------------

    fn table_inner(
        &mut self,
        columns: &[(f32, Align)],
        header: Option<&[CellContent]>,
        rows: &[Vec<CellContent>],
        zebra: bool,
    ) {
        let share: f32 = columns.iter().map(|c| c.0.max(0.0)).sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = columns.iter().map(|c| CONTENT_WIDTH * c.0.max(0.0) / share).collect();
        let aligns: Vec<Align> = columns.iter().map(|c| c.1).collect();
        let header_row = header.map(|h| self.layout_row(h, &widths));
        let header_h = header_row.as_ref().map_or(0.0, |r| r.height());
        let body_height = CONTENT_TOP - CONTENT_BOTTOM - header_h;
        let empty = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            let cells = if row.is_empty() { &empty } else { row };
            let mut laid = self.layout_row(cells, &widths);
            let stripe = if zebra && r % 2 == 1 { Some(palette::ZEBRA) } else { None };
            let mut first_piece = true;
            loop {
                let need = laid.height();
                let room = self.y - CONTENT_BOTTOM;
                let at_table_start = r == 0 && first_piece;
                let head = if at_table_start { header_h } else { 0.0 };
                if need + head <= room {
                    if at_table_start {
                        self.draw_header(header_row.as_ref(), &widths, &aligns);
                    }
                    self.draw_row_piece(&mut laid, &widths, &aligns, stripe, f32::INFINITY);
                    break;
                }
                // It does not fit. A row of up to half a page moves to the next page
                // whole; a taller one is split here if a useful piece fits.
                let movable = need <= body_height * 0.5;
                if movable || head + laid.min_piece_height() > room {
                    self.page_break();
                    self.draw_header(header_row.as_ref(), &widths, &aligns);
                    first_piece = false;
                    continue;
                }
                if at_table_start {
                    self.draw_header(header_row.as_ref(), &widths, &aligns);
                }
                let limit = self.y - CONTENT_BOTTOM;
                self.draw_row_piece(&mut laid, &widths, &aligns, stripe, limit);
                if laid.done() {
                    break;
                }
                self.page_break();
                self.draw_header(header_row.as_ref(), &widths, &aligns);
                first_piece = false;
            }
        }
    }

    fn layout_row(&mut self, cells: &[CellContent], widths: &[f32]) -> RowLayout {
        let empty = CellContent::default();
        let cells = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let cell = cells.get(i).unwrap_or(&empty);
                let bar = if cell.left_bar.is_some() { CELL_BAR } else { 0.0 };
                RowCell {
                    laid: self.layout(&cell.spans, (w - 2.0 * CELL_PAD_X - bar).max(10.0)),
                    next: 0,
                    background: cell.background,
                    bar: cell.left_bar,
                }
            })
            .collect();
        RowLayout { cells }
    }

    fn draw_header(&mut self, header: Option<&RowLayout>, widths: &[f32], aligns: &[Align]) {
        if let Some(h) = header {
            let mut copy = h.clone();
            self.draw_row_piece(&mut copy, widths, aligns, None, f32::INFINITY);
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
        // Lines each cell can show in this piece.
        let takes: Vec<(usize, f32)> = row
            .cells
            .iter()
            .map(|c| {
                let mut h = 0.0;
                let mut end = c.next;
                while end < c.laid.lines.len() && h + c.laid.lines[end].height <= avail {
                    h += c.laid.lines[end].height;
                    end += 1;
                }
                (end, h)
            })
            .collect();
        let content_h = takes.iter().map(|t| t.1).fold(0.0, f32::max);
        let height = content_h + 2.0 * CELL_PAD_Y;
        let top = self.y;
        let mut x = MARGIN_X;
        for ((cell, (end, _)), (w, align)) in row.cells.iter_mut().zip(&takes).zip(widths.iter().zip(aligns)) {
            if let Some(bg) = cell.background.or(stripe) {
                self.fill_pdf(x, top - height, *w, height, bg);
            }
            let mut text_x = x + CELL_PAD_X;
            if let Some(bar) = cell.bar {
                self.fill_pdf(x, top - height, CELL_BAR, height, bar);
                text_x += CELL_BAR;
            }
            let laid = std::mem::take(&mut cell.laid);
            let inner = w - 2.0 * CELL_PAD_X - if cell.bar.is_some() { CELL_BAR } else { 0.0 };
            self.draw_lines(&laid, cell.next..*end, text_x, top - CELL_PAD_Y, inner, *align);
            cell.laid = laid;
            cell.next = *end;
            x += w;
        }
        self.fill_pdf(MARGIN_X, top - height - 0.25, CONTENT_WIDTH, 0.5, palette::RULE);
        self.y = top - height;
        self.fresh = false;
    }

    // ---- text ----------------------------------------------------------------------

    fn glyph(&mut self, face: Face, ch: char) -> Option<Glyph> {
        let fonts = self.fonts;
        *self.glyph_cache.entry((face, ch)).or_insert_with(|| fonts.resolve(face, ch))
    }

    /// Resolves fonts per character and breaks the spans into lines of at most `width`.
    fn layout(&mut self, spans: &[Span], width: f32) -> Laid {
        let mut laid = Laid::default();
        let mut prev_cjk = false;
        let mut prev_space = true;
        for span in spans {
            let style_idx = match laid.styles.iter().position(|s| *s == span.style) {
                Some(i) => i,
                None => {
                    laid.styles.push(span.style);
                    laid.styles.len() - 1
                }
            } as u16;
            let wanted = span.style.weight.face();
            let scale = span.style.size / 1000.0;
            for ch in span.text.chars() {
                let kind = match ch {
                    '\n' => Kind::Newline,
                    '\r' => continue,
                    c if c.is_whitespace() => Kind::Space,
                    _ => Kind::Char,
                };
                if kind == Kind::Space && prev_space {
                    continue; // collapse runs of whitespace
                }
                let shown = if kind == Kind::Char { ch } else { ' ' };
                let mut glyph = match self.glyph(wanted, shown) {
                    Some(g) => g,
                    None => {
                        self.missing.insert(ch);
                        self.glyph(wanted, '?').expect("every face has '?'")
                    }
                };
                if kind == Kind::Newline {
                    glyph.advance = 0.0;
                }
                glyph.advance *= scale;
                let cjk = kind == Kind::Char && is_cjk(ch);
                let break_before = kind == Kind::Char && (cjk || prev_cjk) && !no_break_before(ch);
                laid.items.push(Item { glyph, style: style_idx, kind, break_before });
                prev_cjk = cjk;
                prev_space = kind != Kind::Char;
            }
        }
        laid.lines =
            break_lines(&laid.items, &laid.styles, width, spans.first().map_or(TextStyle::BODY.size, |s| s.style.size));
        laid
    }

    /// Draws `lines` of `laid` with the first line's top at PDF y `top`, each aligned
    /// within `[x, x + width]`.
    fn draw_lines(&mut self, laid: &Laid, lines: std::ops::Range<usize>, x: f32, top: f32, width: f32, align: Align) {
        let mut y = top;
        let index = self.page_index();
        let page = &mut self.pages[index];
        for line in &laid.lines[lines] {
            let baseline = y - (line.height - line.size) / 2.0 - line.size * 0.82;
            let mut pen = x + match align {
                Align::Left => 0.0,
                Align::Center => (width - line.width) / 2.0,
                Align::Right => width - line.width,
            };
            let items = &laid.items[line.start..line.end];
            if !items.is_empty() {
                page.push(Op::StartTextSection);
                let mut i = 0;
                while i < items.len() {
                    // A run: consecutive items in the same face and style.
                    let (face, style) = (items[i].glyph.face, items[i].style);
                    let mut text = String::new();
                    let mut run_w = 0.0;
                    while i < items.len() && items[i].glyph.face == face && items[i].style == style {
                        text.push(items[i].glyph.ch);
                        run_w += items[i].glyph.advance;
                        i += 1;
                    }
                    let st = laid.styles[style as usize];
                    self.used_faces.insert(face);
                    page.push(Op::SetFont {
                        font: PdfFontHandle::External(FontId(face.resource_name().into())),
                        size: Pt(st.size),
                    });
                    page.push(Op::SetFillColor { col: st.color.to_color() });
                    page.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(pen), Pt(baseline)) });
                    page.push(Op::ShowText { items: vec![TextItem::Text(text)] });
                    pen += run_w;
                }
                page.push(Op::EndTextSection);
            }
            y -= line.height;
        }
    }

    // ---- finishing -----------------------------------------------------------------

    /// Fills the reserved TOC page(s), inserting pages when the entries need them.
    fn fill_toc(&mut self) {
        let Some(slot) = self.toc else { return };
        const NUM_W: f32 = 36.0;
        let entries: Vec<OutlineEntry> = self.outline.iter().filter(|e| e.level <= 2).cloned().collect();
        let mut laid_entries = Vec::new();
        for e in &entries {
            let (style, indent, gap) = if e.level == 1 {
                (TextStyle::BODY.bold().sized(10.5), 0.0, 7.0)
            } else {
                (TextStyle::BODY.sized(10.0), 16.0, 2.0)
            };
            let laid = self.layout(&[Span::new(e.title.clone(), style)], CONTENT_WIDTH - indent - NUM_W - 12.0);
            laid_entries.push((laid, style, indent, gap));
        }
        // Paginate: which TOC page each entry lands on, and its top.
        let mut placed = Vec::new();
        let (mut page, mut y) = (0usize, slot.top);
        for (laid, _, _, gap) in &laid_entries {
            let h = laid.height() + gap;
            if y - h < CONTENT_BOTTOM {
                page += 1;
                y = CONTENT_TOP;
            }
            placed.push((page, y - gap));
            y -= h;
        }
        let extra = page;
        if extra > 0 {
            let at = slot.page + 1;
            self.pages.splice(at..at, std::iter::repeat_with(Vec::new).take(extra));
            for a in &mut self.anchors {
                if a.0 >= at {
                    a.0 += extra;
                }
            }
            for l in &mut self.links {
                if l.page >= at {
                    l.page += extra;
                }
            }
        }
        for ((e, (laid, style, indent, _)), (p, top)) in entries.iter().zip(&laid_entries).zip(&placed) {
            let target_page = self.anchors[e.anchor.0].0;
            self.target = Some(slot.page + p);
            let x = MARGIN_X + indent;
            self.draw_lines(laid, 0..laid.lines.len(), x, *top, CONTENT_WIDTH - indent - NUM_W - 12.0, Align::Left);
            // The page number sits on the entry's last line, after a dot leader.
            let last = *laid.lines.last().expect("layout yields a line");
            let last_top = top - (laid.height() - last.height);
            let num = self.layout(&[Span::new((target_page + 1).to_string(), *style)], NUM_W);
            self.draw_lines(&num, 0..1, MARGIN_X + CONTENT_WIDTH - NUM_W, last_top, NUM_W, Align::Right);
            let baseline = last_top - (last.height - last.size) / 2.0 - last.size * 0.82;
            let to = MARGIN_X + CONTENT_WIDTH - num.lines[0].width - 6.0;
            let mut dx = x + last.width + 6.0;
            while dx + 1.0 < to {
                self.fill_pdf(dx, baseline, 0.9, 0.9, palette::MUTED);
                dx += 4.0;
            }
            self.links.push(PendingLink {
                page: slot.page + p,
                rect: [MARGIN_X, top - laid.height(), CONTENT_WIDTH, laid.height()],
                target: e.anchor,
            });
        }
        self.target = None;
    }

    /// Running header and footer on page `i` of `total`.
    fn decorate(&mut self, i: usize, total: usize) {
        let style = TextStyle::BODY.sized(8.0).colored(palette::MUTED);
        let half = CONTENT_WIDTH / 2.0 - 8.0;
        let left = self.one_line(&[Span::new(self.opts.header_left.clone(), style)], half);
        let right = self.one_line(&[Span::new(self.opts.header_right.clone(), style)], half);
        let footer = self.one_line(&[Span::new(format!("Page {} of {}", i + 1, total), style)], CONTENT_WIDTH);
        self.target = Some(i);
        let header_top = PAGE_HEIGHT - 40.0;
        self.draw_lines(&left, 0..left.lines.len(), MARGIN_X, header_top, half, Align::Left);
        self.draw_lines(&right, 0..right.lines.len(), PAGE_WIDTH - MARGIN_X - half, header_top, half, Align::Right);
        let rule_y = header_top - LEADING * 8.0 - 4.0;
        self.fill_pdf(MARGIN_X, rule_y, CONTENT_WIDTH, 0.5, palette::RULE);
        self.fill_pdf(MARGIN_X, 56.0, CONTENT_WIDTH, 0.5, palette::RULE);
        self.draw_lines(&footer, 0..footer.lines.len(), MARGIN_X, 50.0, CONTENT_WIDTH, Align::Right);
        self.target = None;
    }

    /// Lays out spans on a single line, cutting with an ellipsis if too long.
    fn one_line(&mut self, spans: &[Span], width: f32) -> Laid {
        let mut laid = self.layout(spans, width);
        if laid.lines.len() > 1 {
            let ellipsis = self.layout(&[Span::new("…", spans[0].style)], width);
            let mut line = laid.lines[0];
            while line.end > line.start && line.width + ellipsis.lines[0].width > width {
                line.end -= 1;
                line.width -= laid.items[line.end].glyph.advance;
            }
            laid.items.truncate(line.end);
            let style = laid.items.last().map_or(0, |it| it.style);
            laid.items.push(Item { style, ..ellipsis.items[0] });
            line.end += 1;
            line.width += ellipsis.lines[0].width;
            laid.lines = vec![line];
        }
        laid
    }

    fn serialize(self) -> Result<Vec<u8>, RenderError> {
        let mut doc = PdfDocument::new(&self.opts.title);
        // Own, stable font ids (printpdf's are drawn from a process-wide counter).
        for &face in &self.used_faces {
            doc.resources
                .fonts
                .map
                .insert(FontId(face.resource_name().into()), PdfFont::new(self.fonts.parsed(face).clone()));
        }
        doc.pages = self.pages.into_iter().map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops)).collect();
        let mut warnings = Vec::new();
        let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
        let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
        let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();

        // The trailer /ID comes from the seed alone, which the caller derives from everything the document
        // shows; hashing the rendered pages instead cost a tenth of the rendering time.
        let mut hasher = Sha256::new();
        hasher.update(&self.opts.document_id_seed);
        hasher.update((page_ids.len() as u64).to_le_bytes());
        let id = hasher.finalize()[..16].to_vec();
        lo.trailer.set(
            "ID",
            Object::Array(vec![
                Object::String(id.clone(), StringFormat::Hexadecimal),
                Object::String(id, StringFormat::Hexadecimal),
            ]),
        );

        match lo.trailer.get(b"Info").and_then(Object::as_reference) {
            Ok(info_id) => lo.set_object(info_id, info_dict(&self.opts)),
            Err(_) => {
                let info_id = lo.add_object(info_dict(&self.opts));
                lo.trailer.set("Info", Object::Reference(info_id));
            }
        }

        let outline: Vec<(String, u8, ObjectId, f32)> = self
            .outline
            .iter()
            .map(|e| {
                let (p, y) = self.anchors[e.anchor.0];
                (e.title.clone(), e.level, page_ids[p], y)
            })
            .collect();
        let outlines_id = (!outline.is_empty()).then(|| add_outline(&mut lo, &outline));
        let catalog = lo.catalog_mut().map_err(|e| RenderError(e.to_string()))?;
        match outlines_id {
            Some(id) => {
                catalog.set("Outlines", Object::Reference(id));
                // printpdf 0.12.8 writes /PageMode as a string; it must be a name.
                catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
            None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
        }
        compress_streams(&mut lo);
        let mut out = Vec::new();
        lo.save_to(&mut out).map_err(|e| RenderError(e.to_string()))?;
        Ok(out)
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
    background: Option<Rgb>,
    bar: Option<Rgb>,
}

#[derive(Debug, Clone)]
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

fn fill_rect(page: &mut Vec<Op>, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
    if w <= 0.0 || h <= 0.0 {
        return;
    }
    page.push(Op::SetFillColor { col: color.to_color() });
    page.push(Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(y),
            width: Pt(w),
            height: Pt(h),
            mode: Some(PaintMode::Fill),
            winding_order: None,
        },
    });
}

/// Greedy line breaking at spaces and CJK boundaries; a word wider than the line is
/// broken between characters. `fallback_size` sizes empty lines.
fn break_lines(items: &[Item], styles: &[TextStyle], width: f32, fallback_size: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let n = items.len();
    let skip_spaces = |mut i: usize| {
        while i < n && items[i].kind == Kind::Space {
            i += 1;
        }
        i
    };
    let line = |start: usize, end: usize, at: usize| {
        let mut e = end;
        while e > start && items[e - 1].kind == Kind::Space {
            e -= 1;
        }
        let size = items[start..e].iter().map(|it| styles[it.style as usize].size).fold(0.0, f32::max);
        // An empty line (blank line in the text) takes the size of its newline.
        let size =
            if size > 0.0 { size } else { items.get(at).map_or(fallback_size, |it| styles[it.style as usize].size) };
        let width = items[start..e].iter().map(|it| it.glyph.advance).sum();
        Line { start, end: e, width, height: size * LEADING, size }
    };
    let mut start = skip_spaces(0);
    let mut i = start;
    let mut w = 0.0;
    // (end of line, where the next line resumes)
    let mut last_break: Option<(usize, usize)> = None;
    while i < n {
        let it = items[i];
        match it.kind {
            Kind::Newline => {
                lines.push(line(start, i, i));
                start = skip_spaces(i + 1);
                i = start;
                w = 0.0;
                last_break = None;
                continue;
            }
            Kind::Space => {
                last_break = Some((i, i + 1));
            }
            Kind::Char => {
                if it.break_before && i > start {
                    last_break = Some((i, i));
                }
                if i > start && w + it.glyph.advance > width {
                    let (end, resume) = match last_break {
                        Some((end, resume)) if end > start => (end, resume),
                        _ => (i, i), // a word longer than the line: break inside it
                    };
                    lines.push(line(start, end, end));
                    start = skip_spaces(resume);
                    i = start;
                    w = 0.0;
                    last_break = None;
                    continue;
                }
            }
        }
        w += it.glyph.advance;
        i += 1;
    }
    if start < n || lines.is_empty() {
        lines.push(line(start, n, n.saturating_sub(1)));
    }
    lines
}

/// Ideographs, kana, hangul and full-width forms: text without spaces that may break
/// between any two characters.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// Closing punctuation must not start a line (kinsoku).
fn no_break_before(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〉'
            | '》'
            | '！'
            | '？'
            | 'ー'
            | '・'
            | '：'
            | '；'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Deflates every stream at the default level (6). lopdf's own `compress` uses the best
/// level (9): measured on a 12-page report, 9 cost ~20 % more CPU than 6 for 0.5 % fewer
/// bytes; level 1 was ~20 % faster but 46 % bigger.
fn compress_streams(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            if enc.write_all(&stream.content).is_err() {
                continue;
            }
            if let Ok(packed) = enc.finish() {
                if packed.len() < stream.content.len() {
                    stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                    stream.set_content(packed);
                }
            }
        }
    }
}

fn utf16_text(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// The document information dictionary, replacing printpdf's (which has an empty
/// /GTS_PDFXVersion that makes pdfinfo claim PDF/X, and dates from the clock's epoch).
fn info_dict(o: &DocOptions) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Title", utf16_text(&o.title));
    d.set("Subject", utf16_text(&o.subject));
    d.set("Author", utf16_text(&o.author));
    d.set("Creator", utf16_text(&o.creator));
    d.set("Producer", utf16_text("printpdf 0.12.8"));
    d.set("Keywords", utf16_text(&o.keywords.join(", ")));
    if let Some(t) = o.created_unix {
        let date = pdf_date(t);
        d.set("CreationDate", Object::String(date.clone().into_bytes(), StringFormat::Literal));
        d.set("ModDate", Object::String(date.into_bytes(), StringFormat::Literal));
    }
    d
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix time (UTC), via the days-to-civil algorithm.
fn pdf_date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Writes a two-level outline (level-1 entries, deeper entries under the preceding
/// level-1 entry) and returns the /Outlines object id. printpdf's own bookmarks are
/// flat and sorted by page and then name, which reorders parts sharing a page.
fn add_outline(doc: &mut lopdf::Document, entries: &[(String, u8, ObjectId, f32)]) -> ObjectId {
    let root = doc.new_object_id();
    // Tree: top-level indices, each with its children.
    let mut tree: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match tree.last_mut() {
            Some(last) if e.1 > 1 => last.1.push(i),
            _ => tree.push((i, Vec::new())),
        }
    }
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let link_siblings = |doc: &mut lopdf::Document, siblings: &[usize], parent: ObjectId| {
        for (k, &i) in siblings.iter().enumerate() {
            let (title, _, page, y) = &entries[i];
            let mut d = Dictionary::new();
            d.set("Title", utf16_text(title));
            d.set("Parent", Object::Reference(parent));
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Real(0.0),
                    Object::Real(y + 8.0),
                    Object::Null,
                ]),
            );
            if k > 0 {
                d.set("Prev", Object::Reference(ids[siblings[k - 1]]));
            }
            if let Some(&n) = siblings.get(k + 1) {
                d.set("Next", Object::Reference(ids[n]));
            }
            doc.objects.insert(ids[i], Object::Dictionary(d));
        }
    };
    let top: Vec<usize> = tree.iter().map(|t| t.0).collect();
    link_siblings(doc, &top, root);
    for (parent, children) in &tree {
        if children.is_empty() {
            continue;
        }
        link_siblings(doc, children, ids[*parent]);
        if let Ok(d) = doc.get_dictionary_mut(ids[*parent]) {
            d.set("First", Object::Reference(ids[children[0]]));
            d.set("Last", Object::Reference(ids[*children.last().expect("non-empty")]));
            // Negative: children start collapsed.
            d.set("Count", Object::Integer(-(children.len() as i64)));
        }
    }
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", Object::Reference(ids[top[0]]));
    r.set("Last", Object::Reference(ids[*top.last().expect("non-empty")]));
    r.set("Count", Object::Integer(top.len() as i64));
    doc.objects.insert(root, Object::Dictionary(r));
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_709_251_199), "D:20240229235959Z");
    }
}
