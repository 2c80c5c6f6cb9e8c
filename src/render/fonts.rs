//! Fonts embedded in the binary, parsed on first use and shared by every report.
//!
//! Noto Sans (regular, bold, italic; SIL OFL 1.1) covers Latin, Greek and Cyrillic.
//! Droid Sans Fallback (Apache-2.0) covers CJK. Both ship in `fonts/` with their
//! licences, so a fresh machine needs no system fonts and output never depends on
//! what happens to be installed.
//!
//! A face is parsed the first time a document needs it: the 3.4 MB CJK face only when a character no Noto
//! face has turns up. What a face draws a character with is looked up once per process and kept in a
//! shared table, and the subset fonts documents embed are kept too, so a bulk run pays for a font's
//! preparation once, not once per report.

pub(crate) mod embed;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

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
    /// process-wide id counter. It also gives the subset tag (`NOTORG+NotoSans-Regular`),
    /// which PDF wants as six capital letters.
    pub(crate) fn resource_name(self) -> &'static str {
        match self {
            Face::Regular => "NOTORG",
            Face::Bold => "NOTOBD",
            Face::Italic => "NOTOIT",
            Face::Cjk => "DROIDF",
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => NOTO_REGULAR,
            Face::Bold => NOTO_BOLD,
            Face::Italic => NOTO_ITALIC,
            Face::Cjk => DROID_FALLBACK,
        }
    }

    fn from_index(i: u64) -> Face {
        match i {
            0 => Face::Regular,
            1 => Face::Bold,
            2 => Face::Italic,
            _ => Face::Cjk,
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
    /// The glyph's id in the full face.
    pub gid: u16,
    /// Advance in thousandths of an em, truncated exactly as printpdf writes the `/W`
    /// array, so that measured widths match what viewers lay out (right-aligned page
    /// numbers line up to the point).
    pub advance: f32,
    /// The character to write: the input character, or `?` when no face has it.
    pub ch: char,
}

/// Characters below this are resolved once per process into [`Fonts`]' shared tables; the rest (CJK,
/// mostly) once per document.
pub(crate) const TABLE_END: u32 = 0x3000;
/// A table entry has been filled.
const FILLED: u64 = 1 << 63;
/// A filled entry names a glyph (else no face has the character).
const PRESENT: u64 = 1 << 62;

/// The faces, parsed on first use (Noto Regular at [`Fonts::load`], as every document needs it), with a
/// table per Noto face of how each character below U+3000 is drawn when a text asks for that face.
/// `Fonts` is `Send + Sync`, so a bulk run can hand one `&Fonts` (or an `Arc<Fonts>`) to every worker
/// thread; the tables and the subset cache fill as the threads go.
pub struct Fonts {
    faces: [OnceLock<Option<ParsedFont>>; 4],
    /// Per Noto face, one entry per character: 0 until looked up, then `FILLED`, and with `PRESENT` the
    /// resolved glyph's face (bits 48..50), glyph id (bits 32..48) and advance (`f32` bits, 0..32).
    /// Racing threads compute the same value, so relaxed stores are enough.
    tables: [Box<[AtomicU64]>; 3],
    embedded: embed::Cache,
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
    /// Prepares the embedded fonts, parsing Noto Sans Regular (every document draws with it); the other
    /// faces are parsed when a document first needs them.
    ///
    /// # Errors
    /// When Noto Sans Regular cannot be parsed (it would mean a broken build).
    pub fn load() -> Result<Fonts, FontError> {
        let fonts = Fonts {
            faces: Default::default(),
            tables: std::array::from_fn(|_| (0..TABLE_END).map(|_| AtomicU64::new(0)).collect()),
            embedded: embed::Cache::default(),
        };
        let regular = parse(Face::Regular)?;
        let _ = fonts.faces[Face::Regular as usize].set(Some(regular));
        Ok(fonts)
    }

    /// The parsed font behind `face`, parsed now if this is its first use; `None` when it cannot be parsed
    /// (a broken build: its characters are then looked for in the other faces).
    pub(crate) fn parsed(&self, face: Face) -> Option<&ParsedFont> {
        self.faces[face as usize].get_or_init(|| parse(face).ok()).as_ref()
    }

    /// The subset fonts documents embed, shared between them.
    pub(crate) fn embedded(&self) -> &embed::Cache {
        &self.embedded
    }

    /// Whether any embedded face can draw `ch`.
    pub fn covers(&self, ch: char) -> bool {
        self.resolve(Face::Regular, ch).is_some()
    }

    fn glyph_id(&self, face: Face, ch: char) -> Option<u16> {
        match self.parsed(face)?.lookup_glyph_index(ch as u32) {
            Some(g) if g != 0 => Some(g),
            _ => None,
        }
    }

    /// Chooses the face for `ch` when the text asks for `wanted`: the wanted face if it
    /// has the glyph, else regular (a glyph only missing from the italic face), else the
    /// CJK fallback. `None` when no face has it.
    pub(crate) fn resolve(&self, wanted: Face, ch: char) -> Option<Glyph> {
        let slot = match self.tables.get(wanted as usize) {
            Some(table) if (ch as u32) < TABLE_END => &table[ch as usize],
            _ => return self.lookup(wanted, ch),
        };
        let packed = slot.load(Ordering::Relaxed);
        if packed & FILLED != 0 {
            return (packed & PRESENT != 0).then(|| Glyph {
                face: Face::from_index((packed >> 48) & 0x3),
                gid: (packed >> 32) as u16,
                advance: f32::from_bits(packed as u32),
                ch,
            });
        }
        let glyph = self.lookup(wanted, ch);
        let packed = match glyph {
            Some(g) => {
                FILLED | PRESENT | (g.face as u64) << 48 | u64::from(g.gid) << 32 | u64::from(g.advance.to_bits())
            }
            None => FILLED,
        };
        slot.store(packed, Ordering::Relaxed);
        glyph
    }

    fn lookup(&self, wanted: Face, ch: char) -> Option<Glyph> {
        [wanted, Face::Regular, Face::Cjk].into_iter().find_map(|face| {
            let gid = self.glyph_id(face, ch)?;
            Some(Glyph { face, gid, advance: self.advance(face, gid), ch })
        })
    }

    /// Advance of glyph `gid` in `face` in thousandths of an em.
    fn advance(&self, face: Face, gid: u16) -> f32 {
        let Some(font) = self.parsed(face) else { return 0.0 };
        let upem = f32::from(font.pdf_font_metrics.units_per_em);
        // Same integer truncation as printpdf's `get_scaled_glyph_width`.
        (f32::from(font.get_horizontal_advance(gid)) * 1000.0 / upem).trunc()
    }
}

fn parse(face: Face) -> Result<ParsedFont, FontError> {
    let mut warnings = Vec::new();
    ParsedFont::from_bytes(face.bytes(), 0, &mut warnings).ok_or_else(|| FontError {
        face,
        detail: warnings.iter().map(|w| format!("{w:?}")).collect::<Vec<_>>().join("; "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cjk_face_is_parsed_only_when_a_character_needs_it() {
        let fonts = Fonts::load().unwrap();
        for ch in "Müller & Søn — Ωμέγα Сервис…".chars() {
            assert!(fonts.resolve(Face::Bold, ch).is_some(), "{ch}");
        }
        assert!(fonts.faces[Face::Cjk as usize].get().is_none(), "no CJK character, no CJK font");
        assert_eq!(fonts.resolve(Face::Regular, '株').map(|g| g.face), Some(Face::Cjk));
        assert!(fonts.faces[Face::Cjk as usize].get().is_some());
    }

    #[test]
    fn the_shared_table_gives_what_a_lookup_gives() {
        let fonts = Fonts::load().unwrap();
        for face in [Face::Regular, Face::Bold, Face::Italic] {
            for ch in "Aé—…Ωж?\u{1}€".chars() {
                let looked_up = fonts.lookup(face, ch);
                assert_eq!(fonts.resolve(face, ch), looked_up, "{face:?} {ch:?}, first time");
                assert_eq!(fonts.resolve(face, ch), looked_up, "{face:?} {ch:?}, from the table");
            }
        }
        assert_eq!(fonts.resolve(Face::Regular, '😀'), None);
    }
}
