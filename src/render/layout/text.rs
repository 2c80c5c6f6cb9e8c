//! Text: each character resolved to a face that has it (the wanted face, then regular, then the CJK
//! fallback, else `?` and a note of the missing character), and the greedy line breaking that wraps it to a
//! width: at spaces, between any two CJK characters except before closing punctuation (kinsoku), and inside a
//! word too long for the line.

use super::{Span, TextStyle, Writer, LEADING};
use crate::render::fonts::{Face, Glyph, TABLE_END};

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

/// Text broken into lines for one width.
#[derive(Debug, Clone, Default)]
pub(super) struct Laid {
    pub(super) items: Vec<Item>,
    pub(super) styles: Vec<TextStyle>,
    pub(super) lines: Vec<Line>,
}

impl Laid {
    /// The height of all its lines.
    pub(super) fn height(&self) -> f32 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

impl Writer<'_> {
    /// How `ch` is drawn when the text asks for `face`: from the fonts' shared table, or looked up once per
    /// writer past it.
    fn glyph(&mut self, face: Face, ch: char) -> Option<Glyph> {
        let fonts = self.fonts;
        if (ch as u32) < TABLE_END {
            return fonts.resolve(face, ch);
        }
        *self.glyph_cache.entry((face, ch)).or_insert_with(|| fonts.resolve(face, ch))
    }

    /// Resolves fonts per character and breaks the spans into lines of at most `width`.
    pub(super) fn layout(&mut self, spans: &[Span], width: f32) -> Laid {
        let mut laid = Laid { items: Vec::with_capacity(spans.iter().map(|s| s.text.len()).sum()), ..Laid::default() };
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
                let soft_after = kind == Kind::Char && matches!(ch, '.' | '/' | '_' | '-' | '@' | '\\');
                laid.items.push(Item { glyph, style: style_idx, kind, break_before, soft_after });
                prev_cjk = cjk;
                prev_space = kind != Kind::Char;
            }
        }
        laid.lines =
            break_lines(&laid.items, &laid.styles, width, spans.first().map_or(TextStyle::BODY.size, |s| s.style.size));
        laid
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
            laid.items.truncate(line.end);
            let style = laid.items.last().map_or(0, |it| it.style);
            laid.items.push(Item { style, ..ellipsis.items[0] });
            line.end += 1;
            line.width += ellipsis.lines[0].width;
            laid.lines = vec![line];
        }
        laid
    }
}

/// Greedy line breaking at spaces and CJK boundaries; a word wider than the line is broken after its last
/// dot, slash, underscore, hyphen or bracket that fits, else between characters. Those soft breaks serve
/// only words that cannot fit, so that prose never splits `99.95` or `e.g.` at a line's end.
/// `fallback_size` sizes empty lines.
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
