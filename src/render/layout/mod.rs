//! The layout engine under the report and the portfolio: a flow writer over printpdf's drawing operations
//! that turns headings, wrapped paragraphs, callouts and absolutely placed text and rectangles into A4
//! portrait pages, then adds the table of contents, the running header and footer and the outline, with the
//! same bytes for the same input.
//!
//! This file is the [`Writer`] core: the page flow (cursor, page breaks, headings kept with what follows:
//! a heading never ends a page alone),
//! the drawing of laid-out lines, the contents page and the running header and footer. The rest of the
//! engine lives beside it, each part an `impl Writer` of its own: [`text`] resolves fonts per character and
//! breaks lines (CJK rules included), [`table`] lays out tables whose rows split across pages, [`chart`]
//! draws the bar charts, and [`pdf`] turns the pages into the final file (stable font ids, trailer `/ID`,
//! info dictionary, two-level outline, stream compression).
//!
//! Pages are written as content-stream bytes while they are laid out ([`content`]); printpdf builds the
//! document around them.
//!
//! All public positions are in points (1/72 in); public `y` values are measured from the top edge of the
//! page, downwards. Internally everything is in PDF coordinates (origin bottom-left).

mod chart;
mod content;
mod pdf;
mod save;
mod table;
mod text;

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use printpdf::{Actions, BorderArray, ColorArray, Destination, LinkAnnotation, Op, Pt, Rect};

use crate::render::fonts::{Face, Fonts, Glyph};
use content::{Content, Mark};

pub use table::{CellContent, Column, TableSpec, TABLE_STYLE};
use text::Laid;

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
/// Pages kept as they were drawn while a document is short. Once it runs past them, they are sealed
/// ([`content::Content::seal`]), and each page after them when the next one starts. A report (twenty pages
/// or so) seals none and pays nothing; the overview of a large batch holds a fifth of the memory its pages
/// would take.
const OPEN_PAGES: usize = 32;

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

/// Headings just placed, one after another, with nothing drawn after them yet. When what follows them
/// starts a new page before drawing anything, they move to that page with it, so that a heading never ends
/// a page alone.
#[derive(Debug, Clone)]
struct Kept {
    /// The page they stand on.
    page: usize,
    /// The page's stream before the first of them.
    start: Mark,
    /// The page's stream after the last of them; anything drawn since moves on from it.
    end: Mark,
    /// Whether anything stands above them on the page: headings at the top of a page stay where they are.
    movable: bool,
    /// Each heading as laid out, with its level and anchor.
    headings: Vec<(Laid, u8, Anchor)>,
}

/// Reserved table-of-contents page.
#[derive(Debug, Clone, Copy)]
struct TocSlot {
    page: usize,
    /// PDF y below the TOC title where entries start.
    top: f32,
}

/// A page: its content stream and its link annotations.
#[derive(Debug, Default)]
struct Page {
    content: Content,
    links: Vec<Op>,
}

/// Lays out a document page by page. See the module documentation.
pub struct Writer<'f> {
    fonts: &'f Fonts,
    opts: DocOptions,
    pages: Vec<Page>,
    /// PDF y of the top of the next block on the last page.
    y: f32,
    /// Nothing has been placed on the last page yet.
    fresh: bool,
    /// How each ASCII character is drawn in each face, filled as the document first asks (`None` until then).
    ascii_glyphs: Box<[[Option<Option<Glyph>>; 128]; Face::ALL.len()]>,
    /// How characters past the fonts' shared tables (CJK, mostly) are drawn, looked up once per document.
    glyph_cache: HashMap<(Face, char), Option<Glyph>>,
    missing: BTreeSet<char>,
    /// Laid-out texts already drawn, whose buffers the next texts reuse.
    spare: Vec<text::LaidText>,
    /// (page index, PDF y) of each anchor.
    anchors: Vec<(usize, f32)>,
    outline: Vec<OutlineEntry>,
    links: Vec<PendingLink>,
    toc: Option<TocSlot>,
    /// Page that drawing goes to when not the last one (TOC, header and footer are
    /// drawn at `finish`).
    target: Option<usize>,
    /// Headings waiting for what follows them.
    kept: Option<Kept>,
    /// Pages kept open before the next ones are sealed: [`OPEN_PAGES`], or more in a test that compares.
    open_pages: usize,
    /// The glyphs each face has drawn, by glyph id, each with the character it stands for (where two
    /// characters share a glyph, the last one drawn): what the document's subset fonts hold, noted as
    /// glyphs are drawn rather than read back from every page at the end (which unpacked each sealed page
    /// once more).
    drawn: [Vec<Option<char>>; Face::ALL.len()],
}

impl<'f> Writer<'f> {
    /// A writer with one empty page.
    pub fn new(fonts: &'f Fonts, opts: DocOptions) -> Writer<'f> {
        Writer {
            fonts,
            opts,
            pages: vec![Page::default()],
            y: CONTENT_TOP,
            fresh: true,
            ascii_glyphs: Box::new([[None; 128]; Face::ALL.len()]),
            glyph_cache: HashMap::new(),
            missing: BTreeSet::new(),
            spare: Vec::new(),
            anchors: Vec::new(),
            outline: Vec::new(),
            links: Vec::new(),
            toc: None,
            target: None,
            kept: None,
            open_pages: OPEN_PAGES,
            drawn: Default::default(),
        }
    }

    /// Characters that no embedded font has; each was drawn as `?`.
    pub fn missing_chars(&self) -> &BTreeSet<char> {
        &self.missing
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
        let laid = self.layout(spans, width);
        let height = laid.height();
        self.recycle(laid);
        height
    }

    /// Starts a new page unless `height` points fit between the flow cursor and the
    /// footer (an empty page always takes it); for custom drawings placed with
    /// [`Writer::text_at`] and [`Writer::rect`] at [`Writer::cursor_y`].
    pub fn ensure_space(&mut self, height: f32) {
        self.ensure(height);
    }

    /// Starts a new page. Headings with nothing after them yet move to it (see [`Writer::heading`]).
    pub fn page_break(&mut self) {
        let last = self.pages.len() - 1;
        let kept = self.kept.take().filter(|k| k.movable && k.page == last && self.pages[last].content.mark() == k.end);
        if let Some(kept) = &kept {
            self.pages[last].content.truncate(kept.start);
        }
        self.pages.push(Page::default());
        // The page just ended gets only its header and footer from now on: past the first pages, seal it.
        // The first page past them makes the document a long one (the overview of a large batch), whose
        // first pages held open would take as much memory as hundreds sealed: they are sealed too.
        let ended = self.pages.len() - 2;
        if ended == self.open_pages {
            self.pages[..ended].iter_mut().for_each(|page| page.content.seal());
        }
        if ended >= self.open_pages {
            self.pages[ended].content.seal();
        }
        self.y = CONTENT_TOP;
        self.fresh = true;
        if let Some(kept) = kept {
            let page = self.pages.len() - 1;
            for (laid, level, anchor) in &kept.headings {
                self.place_heading(laid, *level, Some(*anchor));
            }
            // At the top of their new page they stay, whatever follows.
            let start = Mark::default();
            let end = self.pages[page].content.mark();
            self.kept = Some(Kept { page, start, end, movable: false, ..kept });
        }
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
    /// titles kept with the text that follows: a heading that would leave less than
    /// about three lines below it starts a new page, and headings with nothing drawn
    /// after them move to the next page when what follows starts one, so a heading
    /// never ends a page alone. With `outline`, the heading gets a
    /// bookmark (level 1 at the top of the outline, deeper levels nested under the
    /// preceding level-1 entry) and, for levels 1 and 2, a table-of-contents entry.
    pub fn heading(&mut self, level: u8, text: &str, outline: bool) -> Anchor {
        let style = match level {
            0 | 1 => TextStyle { weight: Weight::Bold, size: 21.0, color: palette::HEADING },
            2 => TextStyle { weight: Weight::Bold, size: 14.0, color: palette::HEADING },
            _ => TextStyle { weight: Weight::Bold, size: 11.5, color: palette::TEXT },
        };
        if level <= 1 && !self.fresh {
            // A part starts its own page; whatever heading ended the last one stays there.
            self.kept = None;
            self.page_break();
        }
        let laid = self.layout(&[Span::new(text, style)], CONTENT_WIDTH);
        let (before, after) = heading_space(level);
        // Keep the heading with about three lines of what follows.
        let keep = laid.height() + before + after + 3.0 * LEADING * TextStyle::BODY.size;
        if !self.fresh && self.y - keep < CONTENT_BOTTOM {
            self.page_break();
        }
        // A heading right after another joins it; anything drawn in between starts anew.
        let page = self.pages.len() - 1;
        let here = self.pages[page].content.mark();
        if !matches!(&self.kept, Some(k) if k.page == page && k.end == here) {
            self.kept = Some(Kept { page, start: here, end: here, movable: !self.fresh, headings: Vec::new() });
        }
        let anchor = self.place_heading(&laid, level, None);
        let end = self.pages[page].content.mark();
        if let Some(kept) = &mut self.kept {
            kept.end = end;
            kept.headings.push((laid, level, anchor));
        }
        if outline {
            self.outline.push(OutlineEntry { title: text.to_string(), level: level.max(1), anchor });
        }
        anchor
    }

    /// Draws a laid-out heading at the cursor, with its space before (not at the top of a page) and after
    /// and, for a part, its rule; `anchor` is moved here, or a new one made.
    fn place_heading(&mut self, laid: &Laid, level: u8, anchor: Option<Anchor>) -> Anchor {
        let (before, after) = heading_space(level);
        if !self.fresh {
            self.y -= before;
        }
        let anchor = match anchor {
            Some(anchor) => {
                self.anchors[anchor.0] = (self.pages.len() - 1, self.y);
                anchor
            }
            None => self.anchor_here(),
        };
        let top = self.y;
        self.draw_lines(laid, 0..laid.lines.len(), MARGIN_X, top, CONTENT_WIDTH, Align::Left);
        self.y -= laid.height();
        if level <= 1 {
            self.y -= 4.0;
            self.fill_pdf(MARGIN_X, self.y - 1.5, CONTENT_WIDTH, 1.5, palette::ACCENT);
            self.y -= 1.5 + 12.0;
        }
        self.y -= after;
        self.fresh = false;
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
        self.recycle(laid);
        self.spacer(PARAGRAPH_GAP);
    }

    /// Text at an absolute position on the current page, `y` from the top edge, wrapped
    /// to `width`; does not move the flow cursor. Returns the height used.
    pub fn text_at(&mut self, x: f32, y: f32, width: f32, spans: &[Span], align: Align) -> f32 {
        let laid = self.layout(spans, width);
        self.draw_lines(&laid, 0..laid.lines.len(), x, PAGE_HEIGHT - y, width, align);
        self.fresh = false;
        let height = laid.height();
        self.recycle(laid);
        height
    }

    /// A filled rectangle at an absolute position on the current page (`y` from the top
    /// edge to the rectangle's top), e.g. a cover band.
    pub fn rect(&mut self, x: f32, y: f32, width: f32, height: f32, color: Rgb) {
        self.fill_pdf(x, PAGE_HEIGHT - y - height, width, height, color);
        self.fresh = false;
    }

    /// Reserves a page for the table of contents, titled `title`. It is filled at
    /// [`Writer::finish`] with every outlined level-1 and level-2 heading, each line a
    /// link to its page; it grows to more pages if needed.
    pub fn toc_placeholder(&mut self, title: &str) {
        self.heading(1, title, false);
        self.toc = Some(TocSlot { page: self.pages.len() - 1, top: self.y });
        // The contents page is filled at the end: its title stays on it.
        self.kept = None;
        self.page_break();
    }

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
        for (laid, _) in blocks {
            self.recycle(laid);
        }
        self.spacer(10.0);
    }

    /// Adds the table of contents, running header and footer, outline and metadata,
    /// and serialises. Same input gives the same bytes.
    pub fn finish(self) -> Result<Vec<u8>, RenderError> {
        // Room for a report (about 65 KB), so that writing one does not copy it over as it grows.
        let mut out = Vec::with_capacity(96 << 10);
        self.finish_to(&mut out)?;
        Ok(out)
    }

    /// [`Writer::finish`], writing the bytes to `out` as they are made instead of returning them, so that a
    /// document of hundreds of pages is never held as a file in memory beside the objects it is written
    /// from. `out` is written in pieces: give it a buffered writer.
    pub fn finish_to(mut self, out: &mut impl std::io::Write) -> Result<(), RenderError> {
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
            self.pages[link.page].links.push(Op::LinkAnnotation {
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
        self.serialize(out)
    }

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
        self.pages[i].content.fill_rect(x, y, w, h, color);
    }

    /// Draws `lines` of `laid` with the first line's top at PDF y `top`, each aligned
    /// within `[x, x + width]`.
    fn draw_lines(&mut self, laid: &Laid, lines: std::ops::Range<usize>, x: f32, top: f32, width: f32, align: Align) {
        let mut y = top;
        let index = self.page_index();
        let page = &mut self.pages[index].content;
        let drawn = &mut self.drawn;
        for line in &laid.lines[lines] {
            let baseline = y - (line.height - line.size) / 2.0 - line.size * 0.82;
            let mut pen = x + match align {
                Align::Left => 0.0,
                Align::Center => (width - line.width) / 2.0,
                Align::Right => width - line.width,
            };
            let items = &laid.items[line.start..line.end];
            // Runs: consecutive items in the same face and style.
            for run in items.chunk_by(|a, b| a.glyph.face == b.glyph.face && a.style == b.style) {
                let st = laid.styles[run[0].style as usize];
                let face = run[0].glyph.face;
                page.text_run(face, st.size, st.color, pen, baseline, run.iter().map(|it| it.glyph.gid));
                // One pass notes the glyphs drawn and adds up how far the run goes (from 0.0, in its order).
                let chars = &mut drawn[face as usize];
                let mut advance = 0.0f32;
                for it in run {
                    let gid = usize::from(it.glyph.gid);
                    if gid >= chars.len() {
                        chars.resize(gid + 1, None);
                    }
                    chars[gid] = Some(it.glyph.ch);
                    advance += it.glyph.advance;
                }
                pen += advance;
            }
            y -= line.height;
        }
    }

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
            self.pages.splice(at..at, std::iter::repeat_with(Page::default).take(extra));
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
            self.recycle(num);
            // Dots 4 pt apart from 6 pt after the title while one more fits 1 pt short of `to`.
            let from = x + last.width + 6.0;
            let mut dots = 0usize;
            while from + 4.0 * dots as f32 + 1.0 < to {
                dots += 1;
            }
            let i = self.page_index();
            self.pages[i].content.dot_row(from, baseline, dots, 0.9, 4.0, palette::MUTED);
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
        // The rules first, then the text in one text object: they do not overlap.
        let rule_y = header_top - LEADING * 8.0 - 4.0;
        self.fill_pdf(MARGIN_X, rule_y, CONTENT_WIDTH, 0.5, palette::RULE);
        self.fill_pdf(MARGIN_X, 56.0, CONTENT_WIDTH, 0.5, palette::RULE);
        self.draw_lines(&left, 0..left.lines.len(), MARGIN_X, header_top, half, Align::Left);
        self.draw_lines(&right, 0..right.lines.len(), PAGE_WIDTH - MARGIN_X - half, header_top, half, Align::Right);
        self.draw_lines(&footer, 0..footer.lines.len(), MARGIN_X, 50.0, CONTENT_WIDTH, Align::Right);
        self.target = None;
        for laid in [left, right, footer] {
            self.recycle(laid);
        }
    }
}

/// The space before and after a heading of `level`, in points.
fn heading_space(level: u8) -> (f32, f32) {
    match level {
        0 | 1 => (0.0, 6.0),
        2 => (16.0, 5.0),
        _ => (10.0, 3.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer(fonts: &Fonts) -> Writer<'_> {
        Writer::new(fonts, DocOptions::default())
    }

    /// Leaves `room` points between the cursor and the footer, below some text.
    fn fill_page(w: &mut Writer, room: f32) {
        w.paragraph(&[Span::body("Text above the headings.")]);
        w.set_cursor_y(PAGE_HEIGHT - CONTENT_BOTTOM - room);
    }

    #[test]
    fn headings_move_to_the_next_page_with_what_follows_them() {
        let fonts = Fonts::load().unwrap();
        let mut w = writer(&fonts);
        fill_page(&mut w, 150.0);
        let section = w.heading(2, "5.3 Technology stack", true);
        let group = w.heading(3, "Platform", false);
        assert_eq!((w.anchors[section.0].0, w.anchors[group.0].0), (0, 0), "both fit, with three lines below");
        // What follows needs more room than is left: the headings go with it.
        w.ensure_space(200.0);
        assert_eq!((w.anchors[section.0].0, w.anchors[group.0].0), (1, 1));
        assert_eq!(w.anchors[section.0].1, CONTENT_TOP, "at the top of the new page");
        assert!(w.anchors[group.0].1 < CONTENT_TOP);
        assert_eq!(
            w.pages[0].content.glyphs().len(),
            "Text above the headings.".len(),
            "only the text above stays on the first page"
        );
        // At the top of a page they stay, whatever follows.
        w.ensure_space(2000.0);
        assert_eq!(w.anchors[section.0].0, 1);
        assert_eq!(w.pages.len(), 3);
    }

    #[test]
    fn a_heading_with_text_below_it_stays_where_it_is() {
        let fonts = Fonts::load().unwrap();
        let mut w = writer(&fonts);
        fill_page(&mut w, 110.0);
        let heading = w.heading(2, "5.2 Data stores", true);
        w.paragraph(&[Span::body("One line under the heading.")]);
        w.ensure_space(200.0);
        assert_eq!(w.anchors[heading.0].0, 0);
        // A part's title starts its own page and never takes the heading before it along.
        let mut w = writer(&fonts);
        fill_page(&mut w, 110.0);
        let section = w.heading(2, "Last section", true);
        let part = w.heading(1, "6. Next part", true);
        assert_eq!((w.anchors[section.0].0, w.anchors[part.0].0), (0, 1));
    }

    /// A document that runs over many pages: a contents page, parts, and a table of `rows` rows.
    fn long_document(w: &mut Writer, rows: usize) {
        w.toc_placeholder("Contents");
        w.heading(1, "Overview", true);
        w.paragraph(&[Span::body("A table long enough to run over many pages, as a batch's overview does.")]);
        let columns = [
            Column { header: "#".into(), width: 0.1, align: Align::Right },
            Column { header: "Company".into(), width: 0.9, align: Align::Left },
        ];
        let body = (0..rows).map(|i| {
            vec![
                CellContent { spans: vec![Span::body(i.to_string())], ..CellContent::default() },
                CellContent {
                    spans: vec![Span::body(format!("Vendor {i} 株式会社 Ωμέγα\nSecond line"))],
                    left_bar: Some(palette::ACCENT),
                    ..CellContent::default()
                },
            ]
        });
        w.table_rows(&columns, body, true);
        w.heading(1, "After the table", true);
        w.paragraph(&[Span::body("The last part.")]);
    }

    #[test]
    fn pages_past_the_first_are_sealed_and_the_document_is_the_same_bytes() {
        let fonts = Fonts::load().unwrap();
        let mut sealed = writer(&fonts);
        long_document(&mut sealed, 1200);
        let pages = sealed.pages.len();
        assert!(pages > OPEN_PAGES + 20, "{pages} pages");
        assert!(sealed.pages[..pages - 1].iter().all(|p| p.content.is_sealed()), "the first pages are sealed too");
        assert!(!sealed.pages[pages - 1].content.is_sealed(), "the page being drawn stays open");
        let mut open = writer(&fonts);
        open.open_pages = usize::MAX;
        long_document(&mut open, 1200);
        assert!(open.pages.iter().all(|p| !p.content.is_sealed()));
        assert!(sealed.finish().unwrap() == open.finish().unwrap(), "sealing changed the document");
    }

    #[test]
    fn the_contents_title_stays_on_its_page() {
        let fonts = Fonts::load().unwrap();
        let mut w = writer(&fonts);
        w.paragraph(&[Span::body("Cover")]);
        w.page_break();
        w.toc_placeholder("Contents");
        let toc = w.toc.unwrap();
        assert_eq!(toc.page, 1);
        assert_eq!(w.pages.len(), 3);
        assert!(!w.pages[1].content.glyphs().is_empty(), "the title is drawn on the contents page");
    }
}
