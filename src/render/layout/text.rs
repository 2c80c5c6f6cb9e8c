//! Text: each character resolved to a face that has it (the wanted face, then regular, then the CJK
//! fallback, else `?` and a note of the missing character), and the greedy line breaking that wraps it to a
//! width: at spaces, between any two CJK characters except before closing punctuation (kinsoku), and inside a
//! word too long for the line.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::{Span, TextStyle, Writer, LEADING};
use crate::render::fonts::{Face, Glyph, TABLE_END};

/// How many laid-out texts a writer keeps for reuse ([`Writer::recycle`]): enough for the widest table row
/// and a callout's paragraphs.
const SPARE_LAID: usize = 32;

/// The most characters of laid-out text a thread remembers ([`Remembered`]), about 1.3 MB; past it, what
/// it remembers is forgotten and it starts again.
const REMEMBERED_ITEMS: usize = 64 * 1024;

/// The most texts a thread notes as laid out once (a key of eight bytes each), before it forgets them all.
const SEEN_ONCE: usize = 16 * 1024;

/// The longest text a thread remembers, in bytes: longer texts are a vendor's own prose, seldom drawn twice.
const REMEMBERED_TEXT: usize = 400;

/// Texts laid out before on this thread. Reports share most of their text (the questions, headings, column
/// titles, states such as `TBD`, the answers vendors choose from lists), and laying out a text resolves and
/// measures every character and breaks its lines, a sixth of rendering a report. A text's layout depends
/// only on its spans and the width (the fonts are built in), so a remembered layout is the one laying out
/// again would give; a text with a character no font has is not remembered, as it must be noted again.
#[derive(Default)]
struct Remembered {
    /// By a hash of spans and width ([`text_key`], used as it is); a text whose hash another text took first
    /// is not remembered.
    texts: HashMap<u64, Known, BuildHasherDefault<KeyHasher>>,
    items: usize,
    /// The keys of texts laid out once since and not remembered: a text is remembered the second time it
    /// is laid out. Most of what one report shows and no other does (a company's name, its answers in its
    /// own words) is then never copied into the memory, which holds what reports share and so is as large
    /// after the first dozen reports of a batch as after thousands.
    once: HashSet<u64, BuildHasherDefault<KeyHasher>>,
}

/// A text laid out before: its spans, the width (its bits) and the layout, which every text recalled from
/// it shares.
struct Known {
    spans: Vec<(String, TextStyle)>,
    width: u32,
    laid: Rc<LaidText>,
}

thread_local! {
    static REMEMBERED: RefCell<Remembered> = RefCell::new(Remembered::default());
}

/// The hash [`Remembered`] files a text under: FxHash's step over eight bytes at a time, as fast as a hash
/// can be that still spreads texts apart. Two texts with one hash only cost the second its place, as a
/// recalled text is compared whole.
fn text_key(spans: &[Span], width: f32) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let step = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(K);
    let mut h = step(0, u64::from(width.to_bits()));
    for span in spans {
        let TextStyle { weight, size, color } = span.style;
        let style = u64::from(size.to_bits())
            | u64::from(weight.face() as u8) << 32
            | u64::from(color.r) << 40
            | u64::from(color.g) << 48
            | u64::from(color.b) << 56;
        h = step(step(h, style), span.text.len() as u64);
        let mut chunks = span.text.as_bytes().chunks_exact(8);
        for chunk in &mut chunks {
            h = step(h, u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let mut last = [0u8; 8];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        h = step(h, u64::from_le_bytes(last));
    }
    h
}

/// Hands a key that is a hash already ([`text_key`]) to the map as it is.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Remembered {
    /// The layout of `spans` at `width`, shared, when it is remembered.
    fn recall(&self, key: u64, spans: &[Span], width: f32) -> Option<Laid> {
        let known = self.texts.get(&key)?;
        let same = known.width == width.to_bits()
            && known.spans.len() == spans.len()
            && known.spans.iter().zip(spans).all(|((text, style), span)| *text == span.text && *style == span.style);
        same.then(|| Laid(Rc::clone(&known.laid)))
    }

    /// Notes or remembers `laid`, the layout of `spans` at `width`: the layout given back is `laid`, shared
    /// with the memory when it was remembered.
    fn remember(&mut self, key: u64, spans: &[Span], width: f32, laid: Laid) -> Laid {
        if !self.once.remove(&key) {
            if self.once.len() >= SEEN_ONCE {
                self.once.clear();
            }
            self.once.insert(key);
            return laid;
        }
        if self.items + laid.items.len() > REMEMBERED_ITEMS {
            self.texts.clear();
            self.items = 0;
        }
        match self.texts.entry(key) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                // Kept for the rest of the batch: without the room it was laid out in.
                let mut laid = laid;
                let text = laid.edit();
                text.items.shrink_to_fit();
                text.styles.shrink_to_fit();
                text.lines.shrink_to_fit();
                self.items += laid.items.len();
                let spans = spans.iter().map(|s| (s.text.clone(), s.style)).collect();
                slot.insert(Known { spans, width: width.to_bits(), laid: Rc::clone(&laid.0) });
                laid
            }
            std::collections::hash_map::Entry::Occupied(_) => laid,
        }
    }
}

/// One resolved character of laid-out text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item {
    pub(super) glyph: Glyph,
    /// Index into [`Laid::styles`].
    pub(super) style: u16,
    kind: Kind,
    /// A line may break before this item even without a space (CJK).
    break_before: bool,
    /// A word too long for its line may break after this item: a dot, slash, underscore, hyphen or bracket
    /// inside a key, path or address (`requirements.performance.` / `max_latency_ms`).
    soft_after: bool,
}

/// What an item is to the line breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Char,
    Space,
    Newline,
}

/// A line: a contiguous range of items, spaces at both ends trimmed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) width: f32,
    pub(super) height: f32,
    /// Largest font size on the line (positions the baseline).
    pub(super) size: f32,
}

/// Text broken into lines for one width: read through [`Laid`].
#[derive(Debug, Clone, Default)]
pub(super) struct LaidText {
    pub(super) items: Vec<Item>,
    pub(super) styles: Vec<TextStyle>,
    pub(super) lines: Vec<Line>,
}

/// A text laid out, shared with the texts a thread remembers ([`Remembered`]) when it is one of them: a
/// recalled layout is not copied, only counted once more.
#[derive(Debug, Clone, Default)]
pub(super) struct Laid(Rc<LaidText>);

impl std::ops::Deref for Laid {
    type Target = LaidText;
    fn deref(&self) -> &LaidText {
        &self.0
    }
}

impl Laid {
    /// The layout to change, copied first when it is shared.
    fn edit(&mut self) -> &mut LaidText {
        Rc::make_mut(&mut self.0)
    }
}

impl LaidText {
    /// The height of all its lines.
    pub(super) fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

impl Writer<'_> {
    /// How `ch` is drawn when the text asks for `face`: ASCII from the writer's own table, filled as
    /// characters are first met; the rest of the fonts' shared table; past it, looked up once per writer.
    fn glyph(&mut self, face: Face, ch: char) -> Option<Glyph> {
        let fonts = self.fonts;
        if ch.is_ascii() {
            // Most characters of a report are ASCII: a plain array read, where the shared table costs an
            // atomic load and unpacking.
            let slot = &mut self.ascii_glyphs[face as usize][ch as usize];
            return *slot.get_or_insert_with(|| fonts.resolve(face, ch));
        }
        if (ch as u32) < TABLE_END {
            return fonts.resolve(face, ch);
        }
        *self.glyph_cache.entry((face, ch)).or_insert_with(|| fonts.resolve(face, ch))
    }

    /// Gives back a laid-out text that has been drawn, so that the next text laid out reuses its buffers
    /// instead of allocating three of its own (a report lays out thousands of table cells).
    pub(super) fn recycle(&mut self, laid: Laid) {
        // A layout the thread remembers is shared, and stays with the memory.
        if self.spare.len() < SPARE_LAID {
            if let Ok(text) = Rc::try_unwrap(laid.0) {
                self.spare.push(text);
            }
        }
    }

    /// Resolves fonts per character and breaks the spans into lines of at most `width`.
    pub(super) fn layout(&mut self, spans: &[Span], width: f32) -> Laid {
        let length: usize = spans.iter().map(|s| s.text.len()).sum();
        let key = (length <= REMEMBERED_TEXT).then(|| text_key(spans, width));
        if let Some(key) = key {
            if let Some(laid) = REMEMBERED.with(|r| r.borrow().recall(key, spans, width)) {
                return laid;
            }
        }
        let mut laid = self.spare.pop().unwrap_or_default();
        laid.items.clear();
        laid.styles.clear();
        laid.lines.clear();
        laid.items.reserve(length);
        let mut missed = false;
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
                let class = class(ch);
                let kind = match class & (NEWLINE | SPACE | SKIP) {
                    0 => Kind::Char,
                    NEWLINE => Kind::Newline,
                    SPACE => Kind::Space,
                    _ => continue,
                };
                if kind == Kind::Space && prev_space {
                    continue; // collapse runs of whitespace
                }
                let shown = if kind == Kind::Char { ch } else { ' ' };
                let mut glyph = match self.glyph(wanted, shown) {
                    Some(g) => g,
                    None => {
                        self.missing.insert(ch);
                        missed = true;
                        self.glyph(wanted, '?').expect("every face has '?'")
                    }
                };
                if kind == Kind::Newline {
                    glyph.advance = 0.0;
                }
                glyph.advance *= scale;
                let cjk = class & CJK != 0;
                let break_before = kind == Kind::Char && (cjk || prev_cjk) && class & NO_BREAK_BEFORE == 0;
                let soft_after = class & SOFT_AFTER != 0;
                laid.items.push(Item { glyph, style: style_idx, kind, break_before, soft_after });
                prev_cjk = cjk;
                prev_space = kind != Kind::Char;
            }
        }
        let fallback_size = spans.first().map_or(TextStyle::BODY.size, |s| s.style.size);
        break_lines(&laid.items, &laid.styles, width, fallback_size, &mut laid.lines);
        let laid = Laid(Rc::new(laid));
        match (key, missed) {
            (Some(key), false) => REMEMBERED.with(|r| r.borrow_mut().remember(key, spans, width, laid)),
            _ => laid,
        }
    }

    /// Lays out spans on a single line, cutting with an ellipsis if too long.
    pub(super) fn one_line(&mut self, spans: &[Span], width: f32) -> Laid {
        let mut laid = self.layout(spans, width);
        if laid.lines.len() > 1 {
            let ellipsis = self.layout(&[Span::new("…", spans[0].style)], width);
            let mut line = laid.lines[0];
            while line.end > line.start && line.width + ellipsis.lines[0].width > width {
                line.end -= 1;
                line.width -= laid.items[line.end].glyph.advance;
            }
            let text = laid.edit();
            text.items.truncate(line.end);
            let style = text.items.last().map_or(0, |it| it.style);
            text.items.push(Item { style, ..ellipsis.items[0] });
            line.end += 1;
            line.width += ellipsis.lines[0].width;
            text.lines.clear();
            text.lines.push(line);
            self.recycle(ellipsis);
        }
        laid
    }
}

/// Greedy line breaking at spaces and CJK boundaries; a word wider than the line is broken after its last
/// dot, slash, underscore, hyphen or bracket that fits, else between characters. Those soft breaks serve
/// only words that cannot fit, so that prose never splits `99.95` or `e.g.` at a line's end.
/// `fallback_size` sizes empty lines.
fn break_lines(items: &[Item], styles: &[TextStyle], width: f32, fallback_size: f32, lines: &mut Vec<Line>) {
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
        // One pass for both; the width adds up the advances in order from -0.0, as `Iterator::sum` does.
        let (mut size, mut width) = (0.0, -0.0);
        for it in &items[start..e] {
            size = f32::max(size, styles[it.style as usize].size);
            width += it.glyph.advance;
        }
        // An empty line (blank line in the text) takes the size of its newline.
        let size =
            if size > 0.0 { size } else { items.get(at).map_or(fallback_size, |it| styles[it.style as usize].size) };
        Line { start, end: e, width, height: size * LEADING, size }
    };
    let mut start = skip_spaces(0);
    let mut i = start;
    let mut w = 0.0;
    // (end of line, where the next line resumes)
    let mut last_break: Option<(usize, usize)> = None;
    // Where the word at the cursor may break if it does not fit (after a soft character).
    let mut last_soft: Option<usize> = None;
    while i < n {
        let it = items[i];
        match it.kind {
            Kind::Newline => {
                lines.push(line(start, i, i));
                start = skip_spaces(i + 1);
                i = start;
                w = 0.0;
                last_break = None;
                last_soft = None;
                continue;
            }
            Kind::Space => {
                last_break = Some((i, i + 1));
                last_soft = None;
            }
            Kind::Char => {
                if it.break_before && i > start {
                    last_break = Some((i, i));
                }
                if i > start && w + it.glyph.advance > width {
                    let (end, resume) = match (last_break, last_soft) {
                        (Some((end, resume)), _) if end > start => (end, resume),
                        // A word longer than the line: after its last soft character, else inside it.
                        (_, Some(soft)) if soft > start => (soft, soft),
                        _ => (i, i),
                    };
                    lines.push(line(start, end, end));
                    start = skip_spaces(resume);
                    i = start;
                    w = 0.0;
                    last_break = None;
                    last_soft = None;
                    continue;
                }
                if it.soft_after {
                    last_soft = Some(i + 1);
                }
            }
        }
        w += it.glyph.advance;
        i += 1;
    }
    if start < n || lines.is_empty() {
        lines.push(line(start, n, n.saturating_sub(1)));
    }
}

/// What a character is to the line breaker, as bits: at most one of [`SKIP`], [`NEWLINE`] and [`SPACE`];
/// else a character drawn, with [`CJK`], [`NO_BREAK_BEFORE`] and [`SOFT_AFTER`] as they apply.
const SKIP: u8 = 1;
/// A forced line break.
const NEWLINE: u8 = 2;
/// Whitespace other than a line break; runs of it collapse to one space.
const SPACE: u8 = 4;
/// See [`is_cjk`].
const CJK: u8 = 8;
/// See [`no_break_before`].
const NO_BREAK_BEFORE: u8 = 16;
/// A word too long for its line may break after it (see [`Item::soft_after`]).
const SOFT_AFTER: u8 = 32;

/// The class of every ASCII character, worked out once at compile time: most of a report's text.
const ASCII_CLASSES: [u8; 128] = {
    let mut table = [0; 128];
    let mut i = 0;
    while i < 128 {
        let ch = i as u8 as char;
        table[i] = class_of(ch, matches!(ch, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' '));
        i += 1;
    }
    table
};

/// The class of `ch` (see [`SKIP`]).
fn class(ch: char) -> u8 {
    match ASCII_CLASSES.get(ch as usize) {
        Some(&class) => class,
        None => class_of(ch, ch.is_whitespace()),
    }
}

/// The class of `ch`, which is whitespace when `space` says so.
const fn class_of(ch: char, space: bool) -> u8 {
    match ch {
        '\r' => SKIP,
        '\n' => NEWLINE,
        _ if space => SPACE,
        _ => {
            let mut class = 0;
            if is_cjk(ch) {
                class |= CJK;
            }
            if no_break_before(ch) {
                class |= NO_BREAK_BEFORE;
            }
            if matches!(ch, '.' | '/' | '_' | '-' | '@' | '\\') {
                class |= SOFT_AFTER;
            }
            class
        }
    }
}

/// Ideographs, kana, hangul and full-width forms: text without spaces that may break
/// between any two characters.
const fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
}

/// Closing punctuation must not start a line (kinsoku).
const fn no_break_before(c: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fonts::Fonts;
    use crate::render::layout::DocOptions;

    /// The text of each line `text` breaks into at `width` points, in 10 pt body text.
    fn lines_of(fonts: &Fonts, text: &str, width: f32) -> Vec<String> {
        let mut w = Writer::new(fonts, DocOptions::default());
        let laid = w.layout(&[Span::body(text)], width);
        laid.lines.iter().map(|l| laid.items[l.start..l.end].iter().map(|i| i.glyph.ch).collect()).collect()
    }

    #[test]
    fn the_ascii_classes_worked_out_at_compile_time_are_what_the_character_tests_say() {
        for ch in (0..128u8).map(char::from) {
            assert_eq!(class(ch), class_of(ch, ch.is_whitespace()), "{ch:?}");
        }
        // Past ASCII: full-width punctuation, the ideographic space (whitespace, so not a CJK character).
        assert_eq!(class('株'), CJK);
        assert_eq!(class('。'), CJK | NO_BREAK_BEFORE);
        assert_eq!(class('\u{3000}'), SPACE);
        assert_eq!(class('\u{a0}'), SPACE);
        assert_eq!((class('\r'), class('\n'), class('\t')), (SKIP, NEWLINE, SPACE));
        assert_eq!((class('.'), class('a'), class(')')), (NO_BREAK_BEFORE | SOFT_AFTER, 0, NO_BREAK_BEFORE));
    }

    #[test]
    fn a_writer_draws_ascii_from_its_own_table_as_the_fonts_resolve_it() {
        let fonts = Fonts::load().unwrap();
        let mut w = Writer::new(&fonts, DocOptions::default());
        for face in [Face::Regular, Face::Bold, Face::Italic] {
            for ch in (0..128u8).map(char::from) {
                assert_eq!(w.glyph(face, ch), fonts.resolve(face, ch), "{face:?} {ch:?}, first time");
                assert_eq!(w.glyph(face, ch), fonts.resolve(face, ch), "{face:?} {ch:?}, from the table");
            }
        }
    }

    #[test]
    fn recycled_buffers_lay_out_the_same_lines() {
        let fonts = Fonts::load().unwrap();
        let mut w = Writer::new(&fonts, DocOptions::default());
        let long = "A paragraph long enough to wrap over several lines of a narrow column, twice over.";
        let fresh = lines_of(&fonts, long, 90.0);
        // A longer text and a shorter one before it leave their buffers behind.
        for text in [long.repeat(3).as_str(), "short", long] {
            let laid = w.layout(&[Span::body(text)], 90.0);
            w.recycle(laid);
        }
        let laid = w.layout(&[Span::body(long)], 90.0);
        let again: Vec<String> =
            laid.lines.iter().map(|l| laid.items[l.start..l.end].iter().map(|i| i.glyph.ch).collect()).collect();
        assert_eq!(again, fresh);
        assert_eq!(laid.styles.len(), 1, "no style left over from an earlier text");
    }

    /// Everything a laid-out text holds that drawing it reads, as text.
    fn described(laid: &Laid) -> String {
        format!("{:?} {:?} {:?}", laid.items, laid.styles, laid.lines)
    }

    #[test]
    fn a_remembered_layout_is_the_one_laying_out_again_gives() {
        let fonts = Fonts::load().unwrap();
        let spans = [
            Span::body("Which regions must the solution run in?"),
            Span::new(" (required)", TextStyle::BODY.bold().sized(9.0)),
        ];
        let key = text_key(&spans, 120.0);
        let mut first = Writer::new(&fonts, DocOptions::default());
        let fresh = described(&first.layout(&spans, 120.0));
        // Laid out once, a text is only noted; laid out again, it is remembered.
        REMEMBERED.with(|r| assert!(!r.borrow().texts.contains_key(&key) && r.borrow().once.contains(&key)));
        assert_eq!(described(&Writer::new(&fonts, DocOptions::default()).layout(&spans, 120.0)), fresh);
        REMEMBERED.with(|r| assert!(r.borrow().texts.contains_key(&key) && !r.borrow().once.contains(&key)));
        // Another document on the same thread recalls it; a different width or style is laid out anew.
        let mut second = Writer::new(&fonts, DocOptions::default());
        let recalled = second.layout(&spans, 120.0);
        assert_eq!(described(&recalled), fresh);
        // Recalled, not copied: the memory's layout, shared.
        REMEMBERED.with(|r| assert!(Rc::ptr_eq(&r.borrow().texts[&key].laid, &recalled.0)));
        // Changed (as `one_line` cuts a text), a recalled layout is copied first: the memory keeps its own.
        let mut cut = recalled.clone();
        cut.edit().lines.clear();
        assert_eq!(described(&second.layout(&spans, 120.0)), fresh);
        let narrower = described(&second.layout(&spans, 60.0));
        REMEMBERED.with(|r| r.borrow_mut().texts.clear());
        assert_eq!(narrower, described(&Writer::new(&fonts, DocOptions::default()).layout(&spans, 60.0)));
        assert_ne!(narrower, fresh);
        let italic = [Span::new("Which regions must the solution run in?", TextStyle::BODY.italic())];
        assert_ne!(described(&second.layout(&italic, 120.0)), described(&second.layout(&spans[..1], 120.0)));
    }

    #[test]
    fn a_text_with_a_character_no_font_has_is_noted_in_every_document() {
        let fonts = Fonts::load().unwrap();
        let spans = [Span::body("Ticket \u{10FFFD} open")];
        for _ in 0..2 {
            let mut w = Writer::new(&fonts, DocOptions::default());
            let _ = w.layout(&spans, 200.0);
            assert!(w.missing_chars().contains(&'\u{10FFFD}'));
        }
    }

    #[test]
    fn cjk_text_breaks_between_characters_but_never_before_closing_punctuation() {
        let fonts = Fonts::load().unwrap();
        let text = "株式会社テストは、全ての質問に回答しました。次の会議は来週です。";
        for width in (30..=150).step_by(5) {
            let lines = lines_of(&fonts, text, width as f32);
            assert!(width > 100 || lines.len() > 1, "{width} pt: {lines:?}");
            assert_eq!(lines.concat(), text, "{width} pt: no character lost or added");
            for line in &lines[1..] {
                assert!(
                    !line.starts_with(['、', '。']),
                    "{width} pt: a line starts with closing punctuation: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn a_word_longer_than_the_line_breaks_inside_it() {
        let fonts = Fonts::load().unwrap();
        let url = "https://example.com/a/very/long/path/that/does/not/fit/on/one/line";
        let lines = lines_of(&fonts, &format!("See {url}"), 120.0);
        assert_eq!(lines[0], "See", "the word moves to its own line first: {lines:?}");
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines[1..].concat(), url);
    }

    #[test]
    fn a_long_key_breaks_after_a_dot_or_underscore_and_prose_never_does() {
        let fonts = Fonts::load().unwrap();
        let key = "requirements.performance.max_latency_ms";
        let lines = lines_of(&fonts, key, 80.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat(), key);
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with(['.', '_']), "breaks after a dot or an underscore, not mid-word: {lines:?}");
        }
        // Words that fit break at spaces only: a number never splits at its decimal point.
        let prose = "The SLA target is 99.95 % across two zones, e.g. in Frankfurt and Dublin.";
        for width in (60..=300).step_by(7) {
            for line in lines_of(&fonts, prose, width as f32) {
                assert!(prose.split(' ').any(|word| line.starts_with(word)), "{width} pt: {line:?}");
            }
        }
    }

    #[test]
    fn whitespace_collapses_and_a_newline_starts_a_line() {
        let fonts = Fonts::load().unwrap();
        assert_eq!(lines_of(&fonts, "  one \t two\r\nthree  ", 400.0), ["one two", "three"]);
        assert_eq!(lines_of(&fonts, "one\n\nthree", 400.0), ["one", "", "three"]);
    }
}
