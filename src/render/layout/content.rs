//! Page content streams, written as bytes while the page is laid out: filled rectangles and runs of text in
//! the operators printpdf writes for them (`rg`, `re f`, `BT`, `Tf`, `Tj`, `ET`), with the same numbers (see
//! [`number`]), but without building an operation list, translating it and encoding it again at the end.
//! That generic path was most of the cost of a report (number formatting through `fmt`, an allocation per
//! operand); here a number is formatted once, straight into the stream.
//!
//! The stream is shorter than printpdf's, which also makes it faster to compress, but draws the same: the
//! fill colour and the font are state the stream keeps (text state survives `ET`), so they are written only
//! when they change; a text object's first run is placed with `x y Td`, which at the start of a text object
//! gives exactly the matrix `1 0 0 1 x y Tm` gives; and glyph codes are written as two bytes each in a
//! literal string rather than four hex digits. Which code a glyph gets is only known once the document's
//! subset fonts are built, after the last page: [`Content`] notes where each run's string goes, and
//! [`Content::finish`] writes them.

use crate::render::fonts::Face;

use super::Rgb;

/// One glyph of a run, with the character it shows (for the font's `/ToUnicode` map).
#[derive(Debug, Clone, Copy)]
pub(crate) struct GlyphSlot {
    /// The face the glyph is drawn in.
    pub(crate) face: Face,
    /// The glyph's id in the full font.
    pub(crate) gid: u16,
    /// The character it shows.
    pub(crate) ch: char,
}

/// A run's string, still to be written: where it goes in the stream and which of the page's glyphs it holds.
#[derive(Debug, Clone, Copy)]
struct Run {
    at: u32,
    glyphs: (u32, u32),
}

/// A page's content stream being written.
#[derive(Debug)]
pub(crate) struct Content {
    bytes: Vec<u8>,
    glyphs: Vec<GlyphSlot>,
    runs: Vec<Run>,
    fill: Option<Rgb>,
    /// Face and size (as bits, compared exactly) of the last `Tf`.
    font: Option<(Face, u32)>,
    /// The next run is the text object's first.
    first_run: bool,
}

impl Default for Content {
    /// An empty stream, with room for a typical page (about 10 KB and 1,000 glyphs), so that it rarely grows.
    fn default() -> Content {
        Content {
            bytes: Vec::with_capacity(16 * 1024),
            glyphs: Vec::with_capacity(1024),
            runs: Vec::with_capacity(256),
            fill: None,
            font: None,
            first_run: false,
        }
    }
}

/// Where a page's stream stands: what [`Content::truncate`] goes back to. Two marks are equal when nothing
/// was drawn between them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Mark {
    bytes: usize,
    glyphs: usize,
    runs: usize,
    fill: Option<Rgb>,
    font: Option<(Face, u32)>,
    first_run: bool,
}

impl Content {
    /// Where the stream stands now.
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            bytes: self.bytes.len(),
            glyphs: self.glyphs.len(),
            runs: self.runs.len(),
            fill: self.fill,
            font: self.font,
            first_run: self.first_run,
        }
    }

    /// Takes back everything drawn since `mark`, state included (the fill colour and font the stream holds).
    pub(crate) fn truncate(&mut self, mark: Mark) {
        self.bytes.truncate(mark.bytes);
        self.glyphs.truncate(mark.glyphs);
        self.runs.truncate(mark.runs);
        self.fill = mark.fill;
        self.font = mark.font;
        self.first_run = mark.first_run;
    }

    /// A filled rectangle (`x y w h re f`), nothing when it has no area.
    pub(crate) fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        self.set_fill(color);
        for v in [x, y, w, h] {
            number(&mut self.bytes, v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(b"re f\n");
    }

    /// Opens a text object (`BT`).
    pub(crate) fn begin_text(&mut self) {
        self.bytes.extend_from_slice(b"BT\n");
        self.first_run = true;
    }

    /// Closes a text object (`ET`).
    pub(crate) fn end_text(&mut self) {
        self.bytes.extend_from_slice(b"ET\n");
    }

    /// A run of glyphs in one face, size and colour, starting at `(x, y)`.
    pub(crate) fn text_run(
        &mut self,
        face: Face,
        size: f32,
        color: Rgb,
        x: f32,
        y: f32,
        glyphs: impl Iterator<Item = (u16, char)>,
    ) {
        if self.font != Some((face, size.to_bits())) {
            self.font = Some((face, size.to_bits()));
            self.bytes.push(b'/');
            self.bytes.extend_from_slice(face.resource_name().as_bytes());
            self.bytes.push(b' ');
            number(&mut self.bytes, size);
            self.bytes.extend_from_slice(b" Tf\n");
        }
        self.set_fill(color);
        if !self.first_run {
            self.bytes.extend_from_slice(b"1 0 0 1 ");
        }
        number(&mut self.bytes, x);
        self.bytes.push(b' ');
        number(&mut self.bytes, y);
        self.bytes.extend_from_slice(if self.first_run { b" Td\n(" } else { b" Tm\n(" });
        self.first_run = false;
        let start = self.glyphs.len();
        self.glyphs.extend(glyphs.map(|(gid, ch)| GlyphSlot { face, gid, ch }));
        let at = u32::try_from(self.bytes.len()).unwrap_or(u32::MAX);
        let end = self.glyphs.len();
        self.runs.push(Run { at, glyphs: (start as u32, end as u32) });
        self.bytes.extend_from_slice(b") Tj\n");
    }

    /// The glyphs drawn, in drawing order.
    pub(crate) fn glyphs(&self) -> &[GlyphSlot] {
        &self.glyphs
    }

    /// The finished stream, each glyph written as the code `code(face, gid)` gives it: two bytes, big-endian,
    /// escaped as a literal string needs.
    pub(crate) fn finish(self, mut code: impl FnMut(Face, u16) -> u16) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.bytes.len() + 2 * self.glyphs.len() + self.glyphs.len() / 16);
        let mut from = 0;
        for run in &self.runs {
            let at = (run.at as usize).min(self.bytes.len());
            out.extend_from_slice(&self.bytes[from..at]);
            from = at;
            for g in &self.glyphs[run.glyphs.0 as usize..run.glyphs.1 as usize] {
                for byte in code(g.face, g.gid).to_be_bytes() {
                    match byte {
                        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        _ => out.push(byte),
                    }
                }
            }
        }
        out.extend_from_slice(&self.bytes[from..]);
        out
    }

    fn set_fill(&mut self, color: Rgb) {
        if self.fill == Some(color) {
            return;
        }
        self.fill = Some(color);
        for c in [color.r, color.g, color.b] {
            number(&mut self.bytes, f32::from(c) / 255.0);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(b"rg\n");
    }
}

/// How many formatted numbers each thread keeps: pages repeat their positions (columns, rows, baselines).
const NUMBER_CACHE: usize = 1024;

/// A formatted number: its bits, then its length and bytes (up to 15; longer ones are not kept).
type CachedNumber = (u32, u8, [u8; 15]);

thread_local! {
    static NUMBERS: std::cell::RefCell<Vec<CachedNumber>> =
        std::cell::RefCell::new(vec![(u32::MAX, 0, [0; 15]); NUMBER_CACHE]);
}

/// Writes `v` as printpdf (through lopdf's `{}` of an `f32`) writes it: the shortest decimal that reads back
/// as the same `f32`, without an exponent, whole numbers without a fraction. Integers take a fast path and
/// the rest goes through `ryu`, which finds the same shortest digits as the standard library (but for a
/// last digit rounded to even where two are equally near; either reads back as `v`), remembered per thread
/// in a small table keyed by the bits; the rare number `ryu` would write with an exponent falls back to
/// `fmt`.
pub(crate) fn number(out: &mut Vec<u8>, v: f32) {
    if v.fract() != 0.0 && v.is_finite() {
        let bits = v.to_bits();
        let slot = (bits.wrapping_mul(0x9E37_79B9) >> 22) as usize % NUMBER_CACHE;
        let hit = NUMBERS.with(|cache| {
            let cache = cache.borrow();
            let (key, len, bytes) = &cache[slot];
            (*key == bits).then(|| out.extend_from_slice(&bytes[..usize::from(*len)]))
        });
        if hit.is_some() {
            return;
        }
        let start = out.len();
        format_number(out, v);
        let written = &out[start..];
        if written.len() <= 15 {
            NUMBERS.with(|cache| {
                let mut bytes = [0; 15];
                bytes[..written.len()].copy_from_slice(written);
                cache.borrow_mut()[slot] = (bits, written.len() as u8, bytes);
            });
        }
        return;
    }
    format_number(out, v);
}

fn format_number(out: &mut Vec<u8>, v: f32) {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        // -0.0 is written as "-0", like `fmt` does.
        if v == 0.0 && v.is_sign_negative() {
            out.extend_from_slice(b"-0");
        } else {
            out.extend_from_slice(itoa::Buffer::new().format(v as i64).as_bytes());
        }
        return;
    }
    if v.is_finite() && v.fract() != 0.0 {
        let mut buffer = ryu::Buffer::new();
        let s = buffer.format_finite(v);
        if !s.contains('e') {
            out.extend_from_slice(s.as_bytes());
            return;
        }
    }
    use std::io::Write;
    let _ = write!(out, "{v}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f32) -> String {
        let mut out = Vec::new();
        number(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_as_printpdf_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            595.276,
            841.89,
            743.75006,
            0.9,
            8.8,
            22.144001,
            1.0 / 255.0,
            31.0 / 255.0,
            1e-7,
            -3.25e-6,
            1e20,
            16_777_217.0,
        ];
        // Every colour channel, and a sweep of page positions.
        values.extend((0..=255u8).map(|c| f32::from(c) / 255.0));
        values.extend((0..20_000).map(|i| i as f32 * 0.0421 - 20.0));
        for v in values {
            let (ours, std) = (fmt(v), format!("{v}"));
            // The same shortest decimal, except that on an exact tie between two (349.890625 is as near
            // to 349.89062 as to 349.89063) ryu rounds to even where `fmt` rounds up: both read back as v.
            assert_eq!(ours.parse::<f32>().unwrap().to_bits(), v.to_bits(), "{v:?}: {ours}");
            assert_eq!(ours.len(), std.len(), "{v:?}: {ours} and {std}");
            assert!(ours == std || ours[..ours.len() - 1] == std[..std.len() - 1], "{v:?}: {ours} and {std}");
        }
    }

    #[test]
    fn colour_and_font_are_written_only_when_they_change() {
        let red = Rgb::hex(0xFF0000);
        let mut c = Content::default();
        c.fill_rect(1.0, 2.0, 3.0, 4.0, red);
        c.fill_rect(5.0, 6.0, 0.0, 4.0, Rgb::hex(0x00FF00));
        c.begin_text();
        c.text_run(Face::Regular, 10.0, red, 62.0, 700.5, [(0x41, 'a'), (0x2827, 'b')].into_iter());
        c.text_run(Face::Regular, 10.0, red, 70.0, 700.5, [(0x5C0C, 'c')].into_iter());
        c.end_text();
        let stream = c.finish(|_, gid| gid + 1);
        assert_eq!(
            stream,
            b"1 0 0 rg\n1 2 3 4 re f\nBT\n/NOTORG 10 Tf\n62 700.5 Td\n(\0B\\(\\() Tj\n\
              1 0 0 1 70 700.5 Tm\n(\\\\\\r) Tj\nET\n"
        );
    }
}
