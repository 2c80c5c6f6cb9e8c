//! Page content streams, written as bytes while the page is laid out: filled rectangles and runs of text in
//! the operators printpdf writes for them (`rg`, `re f`, `BT`, `Tf`, `Tj`, `ET`), but without building an
//! operation list, translating it and encoding it again at the end. That generic path was most of the cost
//! of a report (number formatting through `fmt`, an allocation per operand); here a number is formatted
//! once, straight into the stream, to a thousandth of a point (see [`number`]).
//!
//! The stream is shorter than printpdf's, which also makes it faster to compress, but draws the same: the
//! fill colour and the font are state the stream keeps (text state survives `ET`), so they are written only
//! when they change; runs drawn one after another share a text object, each placed with `Td` from where the
//! one before it started ([`Content::text_run`]); and glyph codes are written as two bytes each in a literal
//! string rather than four hex digits. Which code a glyph gets is only known once the document's
//! subset fonts are built, after the last page: [`Content`] notes where each run's string goes, and
//! [`Content::finish`] writes them.
//!
//! Until then every page is kept, which for a long document (the overview of a batch of thousands of
//! questionnaires runs to hundreds of pages) is most of its memory. So a page the writer will draw no more
//! on but its running header and footer can be sealed ([`Content::seal`]): what it holds is packed and
//! deflated, a fifth of its size, and unpacked again when the document is written. Drawing on a sealed page
//! goes on after what was sealed, with the same state, so the finished stream is the same bytes.

use crate::render::deflate::{deflate, Effort};
use crate::render::fonts::Face;

use super::Rgb;

/// A run's string, still to be written: where it goes in the stream, which of the page's glyphs it holds,
/// and their face.
#[derive(Debug, Clone, Copy)]
struct Run {
    at: u32,
    glyphs: (u32, u32),
    face: Face,
}

/// A page's content stream being written.
#[derive(Debug)]
pub(crate) struct Content {
    /// What was drawn before the page was sealed, packed and deflated ([`Content::seal`]); what is drawn
    /// after follows it.
    sealed: Option<Box<[u8]>>,
    bytes: Vec<u8>,
    /// The glyphs of the runs, each its id in the full font of its run's face.
    glyphs: Vec<u16>,
    runs: Vec<Run>,
    fill: Option<Rgb>,
    /// The fill colour space is the page's palette ([`Content::palette`]), set by `/P cs`.
    indexed: bool,
    /// The page's fill colours, in the order first used: a fill colour is written as its index in them.
    palette: Vec<Rgb>,
    /// Face and size (as bits, compared exactly) of the last `Tf`.
    font: Option<(Face, u32)>,
    /// The text object open, if one is: where its last run started, in thousandths of a point as written.
    text: Option<(i64, i64)>,
}

impl Default for Content {
    /// An empty stream, with room for a typical page (about 10 KB and 1,000 glyphs), so that it rarely grows.
    fn default() -> Content {
        Content {
            sealed: None,
            bytes: Vec::with_capacity(16 * 1024),
            glyphs: Vec::with_capacity(1024),
            runs: Vec::with_capacity(256),
            fill: None,
            indexed: false,
            palette: Vec::new(),
            font: None,
            text: None,
        }
    }
}

/// Where a page's stream stands (after what was sealed): what [`Content::truncate`] goes back to, the state
/// included (whether a text object is open, and where its last run started). Two marks are equal when
/// nothing was drawn between them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Mark {
    bytes: usize,
    glyphs: usize,
    runs: usize,
    fill: Option<Rgb>,
    indexed: bool,
    font: Option<(Face, u32)>,
    text: Option<(i64, i64)>,
}

impl Content {
    /// Where the stream stands now.
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            bytes: self.bytes.len(),
            glyphs: self.glyphs.len(),
            runs: self.runs.len(),
            fill: self.fill,
            indexed: self.indexed,
            font: self.font,
            text: self.text,
        }
    }

    /// Takes back everything drawn since `mark`, state included (the fill colour and font the stream holds).
    pub(crate) fn truncate(&mut self, mark: Mark) {
        self.bytes.truncate(mark.bytes);
        self.glyphs.truncate(mark.glyphs);
        self.runs.truncate(mark.runs);
        self.fill = mark.fill;
        self.indexed = mark.indexed;
        self.font = mark.font;
        self.text = mark.text;
    }

    /// A filled rectangle (`x y w h re f`), nothing when it has no area.
    pub(crate) fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        self.end_text();
        self.set_fill(color);
        for v in [x, y, w, h] {
            number(&mut self.bytes, v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(b"re f\n");
    }

    /// A row of `count` square dots of side `side`, `pitch` apart, the first with its lower left corner at
    /// `(x, y)`: one dashed line (butt caps, as wide as a dot is high) rather than a rectangle per dot,
    /// which draws the same squares in a tenth of the bytes. A contents page holds a few thousand dots.
    /// The line's width, dash and colour are set inside `q`/`Q`, so what is drawn next is unaffected.
    pub(crate) fn dot_row(&mut self, x: f32, y: f32, count: usize, side: f32, pitch: f32, color: Rgb) {
        if count == 0 || side <= 0.0 {
            return;
        }
        self.end_text();
        self.bytes.extend_from_slice(b"q\n");
        self.color(color, b"RG\n");
        number(&mut self.bytes, side);
        self.bytes.extend_from_slice(b" w [");
        number(&mut self.bytes, side);
        self.bytes.push(b' ');
        number(&mut self.bytes, pitch - side);
        self.bytes.extend_from_slice(b"] 0 d\n");
        let mid = y + side / 2.0;
        for (px, op) in [(x, b" m\n"), (x + pitch * (count - 1) as f32 + side, b" l\n")] {
            number(&mut self.bytes, px);
            self.bytes.push(b' ');
            number(&mut self.bytes, mid);
            self.bytes.extend_from_slice(op);
        }
        self.bytes.extend_from_slice(b"S\nQ\n");
    }

    /// Closes the text object open, if one is (`ET`): before anything but text is drawn, and at the end.
    fn end_text(&mut self) {
        if self.text.take().is_some() {
            self.bytes.extend_from_slice(b"ET\n");
        }
    }

    /// A run of glyphs in one face, size and colour, starting at `(x, y)`.
    ///
    /// Runs drawn one after another share a text object: the first opens it (`BT`) and is placed with
    /// `x y Td`, which from the identity matrix a text object starts with is exactly `1 0 0 1 x y Tm`; each
    /// next run moves from where the run before it started (`dx dy Td`), by the difference of the two
    /// positions as written, so that it lands on the very thousandth its own `x y Td` would have put it.
    /// Text objects on a page were one per line, each opened and closed again (`BT`, `ET`) around a
    /// position of its own: a tenth of a report's content bytes.
    pub(crate) fn text_run(
        &mut self,
        face: Face,
        size: f32,
        color: Rgb,
        x: f32,
        y: f32,
        glyphs: impl Iterator<Item = u16>,
    ) {
        if self.text.is_none() {
            self.bytes.extend_from_slice(b"BT\n");
        }
        if self.font != Some((face, size.to_bits())) {
            self.font = Some((face, size.to_bits()));
            self.bytes.push(b'/');
            self.bytes.extend_from_slice(font_key(face).as_bytes());
            self.bytes.push(b' ');
            number(&mut self.bytes, size);
            self.bytes.extend_from_slice(b" Tf\n");
        }
        self.set_fill(color);
        let at = (thousandths(x), thousandths(y));
        let (from_x, from_y) = self.text.unwrap_or((0, 0));
        self.text = Some(at);
        write_thousandths(&mut self.bytes, at.0 - from_x);
        self.bytes.push(b' ');
        write_thousandths(&mut self.bytes, at.1 - from_y);
        self.bytes.extend_from_slice(b" Td\n(");
        let start = self.glyphs.len();
        self.glyphs.extend(glyphs);
        let at = u32::try_from(self.bytes.len()).unwrap_or(u32::MAX);
        let end = self.glyphs.len();
        self.runs.push(Run { at, glyphs: (start as u32, end as u32), face });
        self.bytes.extend_from_slice(b") Tj\n");
    }

    /// The glyphs drawn since the page was sealed (all of them on a page never sealed), in drawing order.
    #[cfg(test)]
    pub(crate) fn glyphs(&self) -> &[u16] {
        &self.glyphs
    }

    /// Whether what the page holds was sealed.
    #[cfg(test)]
    pub(crate) fn is_sealed(&self) -> bool {
        self.sealed.is_some()
    }

    /// Every glyph drawn on the page, sealed or not, in drawing order, with its face.
    #[cfg(test)]
    pub(crate) fn all_glyphs(&self) -> Vec<(Face, u16)> {
        let of = |c: &Content| -> Vec<(Face, u16)> {
            c.runs
                .iter()
                .flat_map(|r| c.glyphs[r.glyphs.0 as usize..r.glyphs.1 as usize].iter().map(move |&g| (r.face, g)))
                .collect()
        };
        let mut all = self.sealed.as_ref().map(|s| of(&unpack(s))).unwrap_or_default();
        all.extend(of(self));
        all
    }

    /// Packs and deflates what the page holds, keeping the state that what is drawn next depends on (the
    /// fill colour, the font, whether a text object is open). For a page that will be drawn on no more but
    /// for its header and footer: marks taken before no longer apply.
    pub(crate) fn seal(&mut self) {
        let mut all = match self.sealed.take() {
            Some(sealed) => unpack(&sealed),
            None => Content::empty(),
        };
        all.append(std::mem::take(&mut self.bytes), &self.glyphs, &self.runs);
        self.glyphs = Vec::new();
        self.runs = Vec::new();
        self.sealed = Some(pack(&all));
    }

    /// The finished stream, each glyph written as the code `code(face, gid)` gives it, escaped as a literal
    /// string needs: one byte where `one_byte` says so for the face (a font with at most 256 glyphs), else
    /// two, big-endian.
    pub(crate) fn finish(
        mut self,
        one_byte: [bool; Face::ALL.len()],
        mut code: impl FnMut(Face, u16) -> u16,
    ) -> Vec<u8> {
        self.end_text();
        if let Some(sealed) = self.sealed.take() {
            let mut all = unpack(&sealed);
            drop(sealed);
            all.append(std::mem::take(&mut self.bytes), &self.glyphs, &self.runs);
            return all.finish(one_byte, code);
        }
        let mut out = Vec::with_capacity(self.bytes.len() + 2 * self.glyphs.len() + self.glyphs.len() / 16);
        let mut from = 0;
        for run in &self.runs {
            let at = (run.at as usize).min(self.bytes.len());
            out.extend_from_slice(&self.bytes[from..at]);
            from = at;
            // A run's codes are written as they come, and moved apart where one needs escaping.
            let glyphs = self.glyphs.get(run.glyphs.0 as usize..run.glyphs.1 as usize).unwrap_or_default();
            let face = run.face;
            let start = out.len();
            let mut escapes = 0;
            let mut note = |b: u8| {
                escapes += usize::from(ESCAPED[usize::from(b)]);
                b
            };
            if one_byte[face as usize] {
                out.extend(glyphs.iter().map(|&gid| note(code(face, gid).to_be_bytes()[1])));
            } else {
                out.reserve(2 * glyphs.len());
                for &gid in glyphs {
                    let [high, low] = code(face, gid).to_be_bytes();
                    out.extend_from_slice(&[note(high), note(low)]);
                }
            }
            if escapes > 0 {
                escape_from(&mut out, start, escapes);
            }
        }
        out.extend_from_slice(&self.bytes[from..]);
        out
    }

    /// A stream with nothing in it and no room reserved, for packing and unpacking.
    fn empty() -> Content {
        Content {
            sealed: None,
            bytes: Vec::new(),
            glyphs: Vec::new(),
            runs: Vec::new(),
            fill: None,
            indexed: false,
            palette: Vec::new(),
            font: None,
            text: None,
        }
    }

    /// Appends another stream's bytes, glyphs and runs after this one's.
    fn append(&mut self, bytes: Vec<u8>, glyphs: &[u16], runs: &[Run]) {
        let (at, first) = (self.bytes.len() as u32, self.glyphs.len() as u32);
        if self.bytes.is_empty() {
            self.bytes = bytes;
        } else {
            self.bytes.extend_from_slice(&bytes);
        }
        self.glyphs.extend_from_slice(glyphs);
        self.runs.extend(runs.iter().map(|r| Run {
            at: r.at.saturating_add(at),
            glyphs: (r.glyphs.0.saturating_add(first), r.glyphs.1.saturating_add(first)),
            face: r.face,
        }));
    }

    /// Sets the fill colour, unless it is already in force: as its index in the page's palette (`3 sc`,
    /// after `/P cs` makes the palette the fill colour space), where `r g b rg` took four times the bytes
    /// in each of a page's many colour changes. A palette holds 256 colours; a page that uses more fills
    /// with the rest as `r g b rg`.
    fn set_fill(&mut self, color: Rgb) {
        if self.fill == Some(color) {
            return;
        }
        self.fill = Some(color);
        let index = match self.palette.iter().position(|&c| c == color) {
            Some(index) => Some(index),
            None if self.palette.len() < PALETTE_SIZE => {
                self.palette.push(color);
                Some(self.palette.len() - 1)
            }
            None => None,
        };
        match index {
            Some(index) => {
                if !self.indexed {
                    self.indexed = true;
                    self.bytes.extend_from_slice(b"/P cs\n");
                }
                write_thousandths(&mut self.bytes, index as i64 * 1000);
                self.bytes.extend_from_slice(b" sc\n");
            }
            None => {
                self.indexed = false;
                self.color(color, b"rg\n");
            }
        }
    }

    /// The page's palette: its fill colours by index, for the `/Indexed` colour space its resources give
    /// as `/P`.
    pub(crate) fn palette(&self) -> &[Rgb] {
        &self.palette
    }

    /// Writes `color`'s channels as fractions of 255, then `operator` (`rg` to fill, `RG` to stroke).
    fn color(&mut self, color: Rgb, operator: &[u8]) {
        for c in [color.r, color.g, color.b] {
            number(&mut self.bytes, f32::from(c) / 255.0);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(operator);
    }
}

/// How many colours a page's palette holds: the most an `/Indexed` colour space can.
const PALETTE_SIZE: usize = 256;

/// The name a page's `/Font` resources give `face`'s font, which every `Tf` writes: one letter, where the
/// subset tag ([`Face::resource_name`], `NOTORG`) took six in each of a report's hundreds of font changes.
pub(super) fn font_key(face: Face) -> &'static str {
    match face {
        Face::Regular => "R",
        Face::Bold => "B",
        Face::Italic => "I",
        Face::Cjk => "C",
    }
}

/// Escapes `out[start..]` where it stands, as a literal string needs it, given how many of its bytes need
/// it: a backslash before a bracket or a backslash, and a carriage return as `\r` (a reader would take it
/// for a line end, and read a line feed). Each byte moves back by the escapes before it, from the last byte
/// to the first.
fn escape_from(out: &mut Vec<u8>, start: usize, escapes: usize) {
    let end = out.len();
    out.resize(end + escapes, 0);
    let mut to = out.len();
    for from in (start..end).rev() {
        let b = out[from];
        if ESCAPED[usize::from(b)] {
            out[to - 1] = if b == b'\r' { b'r' } else { b };
            out[to - 2] = b'\\';
            to -= 2;
        } else {
            out[to - 1] = b;
            to -= 1;
        }
    }
}

/// The bytes [`escape_from`] writes behind a backslash.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'(' as usize] = true;
    table[b')' as usize] = true;
    table[b'\\' as usize] = true;
    table[b'\r' as usize] = true;
    table
};

/// `content`'s bytes, glyphs and runs, deflated behind their lengths. Glyphs and runs are packed a column
/// and a byte at a time (every glyph id's low byte, then every high byte, ...; positions as the difference
/// from the one before), which deflate shrinks to a fraction of what a record per glyph would take.
fn pack(content: &Content) -> Box<[u8]> {
    let (bytes, glyphs, runs) = (&content.bytes, &content.glyphs, &content.runs);
    let mut raw = Vec::with_capacity(12 + bytes.len() + 2 * glyphs.len() + 13 * runs.len());
    for n in [bytes.len(), glyphs.len(), runs.len()] {
        raw.extend_from_slice(&(n as u32).to_le_bytes());
    }
    raw.extend_from_slice(bytes);
    planes(&mut raw, glyphs.iter().map(|&g| u32::from(g)), 2);
    raw.extend(runs.iter().map(|r| r.face as u8));
    planes(&mut raw, deltas(runs.iter().map(|r| r.at)), 4);
    planes(&mut raw, deltas(runs.iter().map(|r| r.glyphs.0)), 4);
    planes(&mut raw, deltas(runs.iter().map(|r| r.glyphs.1)), 4);
    let deflated = deflate(&raw, Effort::Fast);
    let mut packed = Vec::with_capacity(8 + deflated.len());
    packed.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    packed.extend_from_slice(&deflated);
    packed.into_boxed_slice()
}

/// Appends the low `width` bytes of each value, a byte at a time: every value's lowest byte, then every
/// value's next.
fn planes(raw: &mut Vec<u8>, values: impl Iterator<Item = u32> + Clone, width: usize) {
    for byte in 0..width {
        raw.extend(values.clone().map(|v| v.to_le_bytes()[byte]));
    }
}

/// Each value less the one before it (the first less zero), wrapping.
fn deltas(values: impl Iterator<Item = u32> + Clone) -> impl Iterator<Item = u32> + Clone {
    values.scan(0u32, |previous, v| Some(v.wrapping_sub(std::mem::replace(previous, v))))
}

/// The content [`pack`] packed. What was packed in this process unpacks whole; should a part be short all
/// the same, what is missing reads as zero rather than as a panic.
fn unpack(packed: &[u8]) -> Content {
    let (len, data) = packed.split_at(8.min(packed.len()));
    let len = u64::from_le_bytes(len.try_into().unwrap_or_default()) as usize;
    let mut raw = vec![0; len];
    let n = libdeflater::Decompressor::new().zlib_decompress(data, &mut raw).unwrap_or(0);
    raw.truncate(n);
    let mut reader = Planes { raw: &raw, at: 0 };
    let mut count = || u32::from_le_bytes(reader.take(4).try_into().unwrap_or_default()) as usize;
    let (n_bytes, n_glyphs, n_runs) = (count(), count(), count());
    let mut content = Content::empty();
    content.bytes = reader.take(n_bytes).to_vec();
    content.glyphs = reader.column(n_glyphs, 2).into_iter().map(|g| g as u16).collect();
    let faces = reader.take(n_runs).to_vec();
    let sums = |column: Vec<u32>| {
        column
            .into_iter()
            .scan(0u32, |previous, d| {
                *previous = previous.wrapping_add(d);
                Some(*previous)
            })
            .collect::<Vec<u32>>()
    };
    let at = sums(reader.column(n_runs, 4));
    let first = sums(reader.column(n_runs, 4));
    let end = sums(reader.column(n_runs, 4));
    let face = |i: usize| Face::ALL[usize::from(faces.get(i).copied().unwrap_or(0)) % Face::ALL.len()];
    content.runs = at
        .iter()
        .zip(first.iter().zip(&end))
        .enumerate()
        .map(|(i, (&at, (&a, &b)))| Run { at, glyphs: (a, b), face: face(i) })
        .collect();
    content
}

/// Reads back what [`pack`] wrote.
struct Planes<'a> {
    raw: &'a [u8],
    at: usize,
}

impl Planes<'_> {
    /// The next `n` bytes; fewer at the end of the data.
    fn take(&mut self, n: usize) -> &[u8] {
        let start = self.at.min(self.raw.len());
        self.at = self.at.saturating_add(n);
        &self.raw[start..self.at.min(self.raw.len())]
    }

    /// `n` values written by [`planes`] `width` bytes wide.
    fn column(&mut self, n: usize, width: usize) -> Vec<u32> {
        let mut values = vec![0u32; n.min(self.raw.len())];
        for byte in 0..width {
            let plane = self.take(n);
            for (v, b) in values.iter_mut().zip(plane) {
                *v |= u32::from(*b) << (8 * byte);
            }
        }
        values
    }
}

/// Writes `v` rounded to a thousandth, without an exponent and without trailing zeros: `62`, `700.5`,
/// `0.502`, `-3.25`. A thousandth of a point is a third of a micrometre on paper, far below any device's
/// resolution, and it keeps every colour channel exact (`c / 255` to three decimals reads back as `c`).
///
/// A page holds thousands of numbers (a contents page's dot leaders alone are hundreds of rectangles), so
/// this is written for speed: integer arithmetic rather than finding the shortest decimal of an `f32` as
/// printpdf does, rounding without a call into the maths library, and the digits assembled in a buffer that
/// goes into the stream as one copy of a fixed size.
pub(crate) fn number(out: &mut Vec<u8>, v: f32) {
    write_thousandths(out, thousandths(v));
}

/// `v` in thousandths, rounded half away from zero as [`number`] writes it.
fn thousandths(v: f32) -> i64 {
    // `v * 1000` is exact in an `f64` (24 significant bits times 10), and so is adding a half wherever the
    // sum can reach 1 or more; truncating that sum is therefore exactly rounding half away from zero.
    let scaled = (f64::from(v) * 1000.0).abs() + 0.5;
    // No page coordinate, size or colour comes near this; NaN or infinity would be a layout defect, and
    // a reader takes 0 better than text it cannot parse.
    if scaled.is_nan() || scaled >= 1e15 {
        return 0;
    }
    let n = scaled as i64;
    if v < 0.0 {
        -n
    } else {
        n
    }
}

/// Writes `thousandths` / 1000 as [`number`] describes.
fn write_thousandths(out: &mut Vec<u8>, thousandths: i64) {
    let n = thousandths.unsigned_abs();
    if n == 0 {
        out.push(b'0');
        return;
    }
    let mut buf = [0u8; 24];
    let mut len = 0;
    if thousandths < 0 {
        buf[0] = b'-';
        len = 1;
    }
    let (mut whole, fraction) = (n / 1000, n % 1000);
    let mut digits = 1;
    while digits < POWERS_OF_TEN.len() && whole >= POWERS_OF_TEN[digits] {
        digits += 1;
    }
    for at in (len..len + digits).rev() {
        buf[at] = b'0' + (whole % 10) as u8;
        whole /= 10;
    }
    len += digits;
    if fraction != 0 {
        buf[len] = b'.';
        buf[len + 1] = b'0' + (fraction / 100) as u8;
        buf[len + 2] = b'0' + (fraction / 10 % 10) as u8;
        buf[len + 3] = b'0' + (fraction % 10) as u8;
        len += if fraction.is_multiple_of(100) {
            2
        } else if fraction.is_multiple_of(10) {
            3
        } else {
            4
        };
    }
    let at = out.len();
    out.extend_from_slice(&buf);
    out.truncate(at + len);
}

/// `10^i`, for counting the digits of a number's whole part (below `10^13`: a position or the difference of
/// two).
const POWERS_OF_TEN: [u64; 13] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
    10_000_000_000,
    100_000_000_000,
    1_000_000_000_000,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_to_a_thousandth() {
        for (v, written) in [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (0.5, "0.5"),
            (595.276, "595.276"),
            (841.89, "841.89"),
            (743.75006, "743.75"),
            (22.144001, "22.144"),
            (0.9, "0.9"),
            (-3.25e-6, "0"),
            (-0.0006, "-0.001"),
            (1e20, "0"),
            (f32::NAN, "0"),
            (16_777_217.0, "16777216"),
        ] {
            assert_eq!(fmt(v), written, "{v:?}");
        }
        // Every colour channel reads back as the same 8-bit value.
        for c in 0..=255u8 {
            let back = fmt(f32::from(c) / 255.0).parse::<f32>().unwrap();
            assert_eq!((back * 255.0).round() as u8, c, "{c}");
        }
        // A sweep of page positions: within half a thousandth, never with an exponent.
        for i in 0..20_000 {
            let v = i as f32 * 0.0421 - 20.0;
            let written = fmt(v);
            assert!((written.parse::<f32>().unwrap() - v).abs() <= 0.0005 + v.abs() * 1e-7, "{v}: {written}");
            assert!(!written.contains('e') && !written.ends_with('0') || !written.contains('.'), "{written}");
        }
    }

    /// The formatting [`number`] replaced, written plainly with the standard library's rounding and
    /// formatting: what the fast one must write, byte for byte, so that reports keep their bytes.
    fn plain(v: f32) -> String {
        let thousandths = (f64::from(v) * 1000.0).round();
        if thousandths.is_nan() || thousandths.abs() >= 1e15 {
            return "0".into();
        }
        let n = thousandths as i64;
        let sign = if n < 0 { "-" } else { "" };
        let written = format!("{sign}{}.{:03}", n.unsigned_abs() / 1000, n.unsigned_abs() % 1000);
        written.trim_end_matches('0').trim_end_matches('.').to_owned()
    }

    #[test]
    fn numbers_are_written_as_plain_rounding_and_formatting_write_them() {
        // Every thousandth of the page and a little beyond, halves included, and a sweep of all magnitudes
        // (every 40,009th bit pattern: negatives, tiny numbers, NaN and infinity among them).
        let page = (-2_000_000..2_000_000).map(|i| i as f32 / 2000.0);
        let patterns = (0..=u32::MAX).step_by(40_009).map(f32::from_bits);
        for v in page.chain(patterns).chain([0.0005, -0.0005, 0.0015, 2.5e-4, 999_999_999_999.0, 1e12, -1e12]) {
            assert_eq!(fmt(v), plain(v), "{v:?} ({:#x})", v.to_bits());
        }
    }

    /// Two-byte codes for every face.
    const TWO: [bool; Face::ALL.len()] = [false; Face::ALL.len()];

    /// Draws rows `rows` of a table: a rectangle and two runs each.
    fn draw(c: &mut Content, rows: std::ops::Range<usize>) {
        for i in rows {
            let y = 700.0 - i as f32 * 12.5;
            c.fill_rect(62.0, y, 471.0, 12.0, Rgb::hex(0xF3F5F8));
            c.text_run(Face::Regular, 8.8, Rgb::hex(0x1F2933), 68.0, y + 3.0, [0x41, 0x28].into_iter());
            c.text_run(Face::Cjk, 8.8, Rgb::hex(0x1F2933), 90.0, y + 3.0, [0x5C0C, 7].into_iter());
        }
    }

    fn glyphs_of(c: &Content) -> Vec<(Face, u16)> {
        c.all_glyphs()
    }

    #[test]
    fn a_sealed_page_is_smaller_and_finishes_to_the_same_stream() {
        let code = |face: Face, gid: u16| gid.wrapping_mul(3).wrapping_add(face as u16);
        let mut open = Content::default();
        draw(&mut open, 0..60);
        let mut sealed = Content::default();
        draw(&mut sealed, 0..40);
        let raw = sealed.bytes.len() + 2 * sealed.glyphs.len() + 12 * sealed.runs.len();
        sealed.seal();
        assert!(sealed.sealed.as_ref().unwrap().len() * 4 < raw, "packed to less than a quarter");
        assert!(sealed.bytes.capacity() == 0 && sealed.glyphs.capacity() == 0, "nothing kept open");
        // Drawing goes on after what was sealed, with the state it left (no colour or font set again), and
        // a second seal packs both.
        draw(&mut sealed, 40..50);
        sealed.seal();
        draw(&mut sealed, 50..60);
        assert_eq!(glyphs_of(&sealed), glyphs_of(&open));
        assert!(sealed.finish(TWO, code) == open.finish(TWO, code), "the sealed page's stream differs");
    }

    #[test]
    fn an_empty_page_seals_and_finishes_empty() {
        let mut c = Content::default();
        c.seal();
        assert!(glyphs_of(&c).is_empty());
        assert!(c.finish(TWO, |_, gid| gid).is_empty());
    }

    #[test]
    fn colour_and_font_are_written_only_when_they_change() {
        let red = Rgb::hex(0xFF0000);
        let mut c = Content::default();
        c.fill_rect(1.0, 2.0, 3.0, 4.0, red);
        c.fill_rect(5.0, 6.0, 0.0, 4.0, Rgb::hex(0x00FF00));
        c.text_run(Face::Regular, 10.0, red, 62.0, 700.5, [0x41, 0x2827].into_iter());
        c.text_run(Face::Regular, 10.0, red, 70.0, 700.5, [0x5C0C].into_iter());
        let stream = c.finish(TWO, |_, gid| gid + 1);
        assert_eq!(
            stream,
            b"/P cs\n0 sc\n1 2 3 4 re f\nBT\n/R 10 Tf\n62 700.5 Td\n(\0B\\(\\() Tj\n\
              8 0 Td\n(\\\\\\r) Tj\nET\n"
        );
    }

    #[test]
    fn a_font_of_one_byte_codes_has_each_glyph_written_in_one_byte() {
        let text = Rgb::hex(0x1F2933);
        let mut c = Content::default();
        c.text_run(Face::Regular, 10.0, text, 62.0, 700.0, [0x41, 0x28, 0x0D].into_iter());
        c.text_run(Face::Cjk, 10.0, text, 90.0, 700.0, [0x5C0C].into_iter());
        let mut one_byte = TWO;
        one_byte[Face::Regular as usize] = true;
        // The code's high byte is left out for the one-byte face only; both are escaped alike.
        let stream = c.finish(one_byte, |_, gid| gid.wrapping_add(0x100));
        assert_eq!(
            stream,
            b"BT\n/R 10 Tf\n/P cs\n0 sc\n62 700 Td\n(A\\(\\r) Tj\n\
              /C 10 Tf\n28 0 Td\n(]\x0c) Tj\nET\n"
        );
    }

    #[test]
    fn fill_colours_are_written_as_their_index_in_the_page_palette() {
        let mut c = Content::default();
        for i in 0..=PALETTE_SIZE as u32 {
            c.fill_rect(0.0, 0.0, 1.0, 1.0, Rgb { r: i as u8, g: (i >> 8) as u8, b: 0 });
        }
        c.fill_rect(0.0, 0.0, 1.0, 1.0, Rgb::hex(0x030000));
        assert_eq!(c.palette().len(), PALETTE_SIZE);
        assert_eq!(c.palette()[3], Rgb::hex(0x030000));
        let stream = String::from_utf8(c.finish(TWO, |_, gid| gid)).unwrap();
        let fills: Vec<&str> = stream.lines().filter(|l| !l.ends_with(" re f")).collect();
        // The palette is the fill colour space from the first fill; the 257th colour, past the palette,
        // is written as it is, and the next indexed colour sets the palette again.
        assert_eq!(&fills[..3], ["/P cs", "0 sc", "1 sc"]);
        assert_eq!(&fills[fills.len() - 3..], ["0 0.004 0 rg", "/P cs", "3 sc"]);
    }

    #[test]
    fn runs_share_a_text_object_until_something_else_is_drawn() {
        let (text, zebra) = (Rgb::hex(0x1F2933), Rgb::hex(0xF3F5F8));
        let mut c = Content::default();
        c.text_run(Face::Bold, 9.5, text, 62.0, 772.295, [1].into_iter());
        c.text_run(Face::Regular, 11.0, text, 202.0, 772.28, [2].into_iter());
        c.fill_rect(62.0, 700.0, 471.0, 12.0, zebra);
        c.text_run(Face::Regular, 11.0, text, 68.0, 703.0, [3].into_iter());
        let stream = String::from_utf8(c.finish(TWO, |_, gid| gid << 8 | u16::from(b'x'))).unwrap();
        assert_eq!(
            stream,
            "BT\n/B 9.5 Tf\n/P cs\n0 sc\n62 772.295 Td\n(\u{1}x) Tj\n\
             /R 11 Tf\n140 -0.015 Td\n(\u{2}x) Tj\nET\n\
             1 sc\n62 700 471 12 re f\n\
             BT\n0 sc\n68 703 Td\n(\u{3}x) Tj\nET\n"
        );
    }

    #[test]
    fn each_run_lands_on_the_thousandth_its_own_position_is_written_to() {
        // Runs all over the page, one text object: the `Td` offsets, added up as a reader adds them, give
        // each run's position to the thousandth, with no rounding error gathering along the way.
        let mut c = Content::default();
        let mut expected = Vec::new();
        for i in 0..500 {
            let (x, y) = (62.0 + (i * 37 % 400) as f32 * 1.0173, 800.0 - i as f32 * 1.4437);
            c.text_run(Face::Regular, 10.0, Rgb::hex(0), x, y, [1].into_iter());
            expected.push((thousandths(x), thousandths(y)));
        }
        let stream = String::from_utf8(c.finish(TWO, |_, _| u16::from_be_bytes(*b"xx"))).unwrap();
        let (mut x, mut y) = (0i64, 0i64);
        let mut placed = Vec::new();
        for line in stream.lines().filter(|l| l.ends_with(" Td")) {
            let mut operands = line.split(' ').map(|v| (v.parse::<f64>().unwrap() * 1000.0).round() as i64);
            x += operands.next().unwrap();
            y += operands.next().unwrap();
            placed.push((x, y));
        }
        assert_eq!(placed, expected);
        assert_eq!(stream.matches("BT\n").count(), 1);
    }

    #[test]
    fn a_row_of_dots_is_one_dashed_line_that_leaves_the_fill_alone() {
        let grey = Rgb::hex(0x616E7C);
        let mut c = Content::default();
        c.fill_rect(1.0, 2.0, 3.0, 4.0, grey);
        c.dot_row(100.0, 700.0, 3, 0.9, 4.0, grey);
        c.dot_row(100.0, 690.0, 0, 0.9, 4.0, grey);
        c.fill_rect(5.0, 6.0, 7.0, 8.0, grey);
        let stream = String::from_utf8(c.finish(TWO, |_, gid| gid)).unwrap();
        // Dashes 0.9 long every 4 pt from x = 100: squares at 100, 104 and 108, the line ending with the last.
        assert_eq!(
            stream,
            "/P cs\n0 sc\n1 2 3 4 re f\n\
             q\n0.38 0.431 0.486 RG\n0.9 w [0.9 3.1] 0 d\n100 700.45 m\n108.9 700.45 l\nS\nQ\n\
             5 6 7 8 re f\n"
        );
    }
}
