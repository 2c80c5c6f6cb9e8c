//! Fonts embedded in the binary, parsed once and shared by every report.
//!
//! Noto Sans (regular, bold, italic; SIL OFL 1.1) covers Latin, Greek and Cyrillic.
//! Droid Sans Fallback (Apache-2.0) covers CJK. Both ship in `fonts/` with their
//! licences, so a fresh machine needs no system fonts and output never depends on
//! what happens to be installed.

use std::fmt;

use printpdf::ParsedFont;

const NOTO_REGULAR: &[u8] = include_bytes!("../../fonts/NotoSans-Regular.ttf");
const NOTO_BOLD: &[u8] = include_bytes!("../../fonts/NotoSans-Bold.ttf");
const NOTO_ITALIC: &[u8] = include_bytes!("../../fonts/NotoSans-Italic.ttf");
const DROID_FALLBACK: &[u8] = include_bytes!("../../fonts/DroidSansFallback.ttf");

/// One of the embedded faces. The discriminant is the index into the fonts a `Fonts` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Noto Sans Regular.
    Regular = 0,
    /// Noto Sans Bold.
    Bold = 1,
    /// Noto Sans Italic.
    Italic = 2,
    /// Droid Sans Fallback (CJK), used for characters the Noto face lacks.
    Cjk = 3,
}

impl Face {
    /// All faces, in [`Face`] discriminant order.
    pub const ALL: [Face; 4] = [Face::Regular, Face::Bold, Face::Italic, Face::Cjk];

    /// Stable PDF resource name, so that output bytes do not depend on printpdf's
    /// process-wide id counter. printpdf also takes the first six characters as the
    /// subset tag (`NOTORG+NotoSans-Regular`), which PDF wants as six capital letters.
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            Face::Regular => "NOTORG",
            Face::Bold => "NOTOBD",
            Face::Italic => "NOTOIT",
            Face::Cjk => "DROIDF",
        }
    }
}

/// A font could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError {
    /// Which face failed.
    pub face: Face,
    /// Parser warnings collected while trying.
    pub detail: String,
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "embedded font {:?} could not be parsed: {}", self.face, self.detail)
    }
}

impl std::error::Error for FontError {}

/// How one character is drawn: which face, which glyph, and its advance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub face: Face,
    /// Advance in thousandths of an em, truncated exactly as printpdf writes the `/W`
    /// array, so that measured widths match what viewers lay out (right-aligned page
    /// numbers line up to the point).
    pub advance: f32,
    /// The character to write: the input character, or `?` when no face has it.
    pub ch: char,
}

/// The parsed faces. Parsed once (about 10 ms, dominated by the CJK face) and shared:
/// `Fonts` is `Send + Sync`, so a bulk run can hand one `&Fonts` (or an `Arc<Fonts>`)
/// to every worker thread.
pub struct Fonts {
    faces: [ParsedFont; 4],
}

// Compile-time proof of the promise above.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Fonts>();
};

impl fmt::Debug for Fonts {
    // The parsed fonts are large tables; naming the faces is enough to identify them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts").field("faces", &Face::ALL).finish()
    }
}

impl Fonts {
    /// Parses the embedded fonts.
    pub fn load() -> Result<Fonts, FontError> {
        let parse = |face: Face, bytes: &[u8]| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or_else(|| FontError {
                face,
                detail: warnings.iter().map(|w| format!("{w:?}")).collect::<Vec<_>>().join("; "),
            })
        };
        Ok(Fonts {
            faces: [
                parse(Face::Regular, NOTO_REGULAR)?,
                parse(Face::Bold, NOTO_BOLD)?,
                parse(Face::Italic, NOTO_ITALIC)?,
                parse(Face::Cjk, DROID_FALLBACK)?,
            ],
        })
    }

    /// The parsed font behind `face`.
    pub(crate) fn parsed(&self, face: Face) -> &ParsedFont {
        &self.faces[face as usize]
    }

    /// Whether any embedded face can draw `ch`.
    pub fn covers(&self, ch: char) -> bool {
        Face::ALL.iter().any(|&f| self.has_glyph(f, ch))
    }

    fn has_glyph(&self, face: Face, ch: char) -> bool {
        matches!(self.parsed(face).lookup_glyph_index(ch as u32), Some(g) if g != 0)
    }

    /// Chooses the face for `ch` when the text asks for `wanted`: the wanted face if it
    /// has the glyph, else regular (a glyph only missing from the italic face), else the
    /// CJK fallback. `None` when no face has it.
    pub(crate) fn resolve(&self, wanted: Face, ch: char) -> Option<Glyph> {
        [wanted, Face::Regular, Face::Cjk].into_iter().find(|&f| self.has_glyph(f, ch)).map(|face| Glyph {
            face,
            advance: self.advance(face, ch),
            ch,
        })
    }

    /// Advance of `ch` in `face` in thousandths of an em (0 when the face lacks it).
    fn advance(&self, face: Face, ch: char) -> f32 {
        let font = self.parsed(face);
        let gid = font.lookup_glyph_index(ch as u32).unwrap_or(0);
        let upem = f32::from(font.pdf_font_metrics.units_per_em);
        // Same integer truncation as printpdf's `get_scaled_glyph_width`.
        (f32::from(font.get_horizontal_advance(gid)) * 1000.0 / upem).trunc()
    }
}
