//! The subset fonts a document embeds, built once and shared by every document that needs the same glyphs.
//!
//! printpdf subsets each font for each document it saves: it clones the parsed face, runs allsorts' subsetter
//! over the glyphs the pages use, parses the subset again for its metrics and widths, and compresses it. For
//! a bulk run that is the same work over and over, because returns of one questionnaire mostly draw the
//! same glyphs. Here a subset is built the first time a set of glyphs is asked for, with printpdf's own
//! subsetting, widths and `/ToUnicode` functions, compressed once, and kept in a [`Cache`] that the
//! [`Fonts`] hold. A Noto face's subset always holds every printable ASCII glyph besides the glyphs drawn:
//! returns differ in which letters their answers happen to use, and subsets of exactly the glyphs drawn were
//! shared by almost no two reports of a batch, so each report paid for its own subset (a tenth of a batch's
//! time); with the ASCII glyphs, reports share a subset unless their other characters differ, for files
//! about 7 % larger. A new subset costs printpdf's subsetter (allsorts) and the compression; what printpdf
//! does besides (parsing the subset again for its widths and metrics) is taken from the parsed face
//! instead. A document adds the kept objects to its file with
//! [`Embedded::add_to`], in the shape printpdf gives an embedded TrueType font (a `Type0` font over a
//! `CIDFontType2` with `Identity-H` codes).
//!
//! What a document gets never depends on what was cached before: an entry is a function of its key, the
//! face and the glyphs with the characters they stand for.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::ParsedFont;

use super::{Face, Fonts};

/// Subsets kept before the cache starts over; a few per face cover a batch of returns in one script, and
/// the bound keeps a long, varied batch from growing the process.
const MAX_ENTRIES: usize = 64;

/// A glyph and the character it stands for, the unit a subset is keyed by.
pub(crate) type GlyphChar = (u16, char);

/// A subset's key: the face, and its glyphs in glyph order.
type Key = (Face, Vec<GlyphChar>);

/// A face's subset, ready to embed: the compressed font program and `/ToUnicode` map, the widths, the codes
/// its glyphs get and the font descriptor's figures.
#[derive(Debug, PartialEq)]
pub(crate) struct Embedded {
    face: Face,
    /// `NOTORG+NotoSans`: the subset tag and the face's name.
    base_font: String,
    /// The subset TrueType program, deflated, and its length before.
    program: Vec<u8>,
    program_len: usize,
    /// The `/ToUnicode` CMap, deflated.
    to_unicode: Vec<u8>,
    widths: Vec<Object>,
    /// Original glyph id and the code content streams write for it, sorted by glyph id.
    codes: Vec<(u16, u16)>,
    /// Every code is below 256, so content streams write each in one byte ([`Embedded::one_byte`]).
    one_byte: bool,
    descriptor: Descriptor,
}

/// The font descriptor's figures, in thousandths of an em, computed as printpdf computes them.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Descriptor {
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: i64,
    flags: i64,
    stem_v: i64,
    bbox: [i64; 4],
}

impl Embedded {
    /// The code a content stream writes for glyph `gid` of the full face (0, the missing glyph, for a glyph
    /// the subset does not hold, which [`Cache::get`] never leaves out).
    pub(crate) fn code(&self, gid: u16) -> u16 {
        self.codes.binary_search_by_key(&gid, |c| c.0).map_or(0, |i| self.codes[i].1)
    }

    /// Whether content streams write this font's codes in one byte each rather than two: when the subset
    /// has at most 256 glyphs, as a report's Noto subsets do (the printable ASCII and a few more). Glyph
    /// codes were two fifths of a report's content bytes, and each byte is written, escaped and compressed;
    /// the font's `/Encoding` is then the one-byte CMap [`ONE_BYTE_CMAP`] rather than `Identity-H`, and
    /// its `/ToUnicode` map has one-byte codes too. The glyphs drawn are the same: each code still selects
    /// the CID, and so the subset glyph, of the same number.
    pub(crate) fn one_byte(&self) -> bool {
        self.one_byte
    }

    /// Adds the font's objects to `doc` and returns the font dictionary's id, for a page's `/Font`
    /// resources. A one-byte font ([`Embedded::one_byte`]) refers to the
    /// document's one-byte CMap in `one_byte_cmap`, added by the first font that needs it.
    pub(crate) fn add_to(&self, doc: &mut lopdf::Document, one_byte_cmap: &mut Option<ObjectId>) -> ObjectId {
        let mut program = Dictionary::new();
        program.set("Length1", Object::Integer(self.program_len as i64));
        let program_id = doc.add_object(deflated_stream(program, self.program.clone()));
        let to_unicode_id = doc.add_object(deflated_stream(Dictionary::new(), self.to_unicode.clone()));
        let d = self.descriptor;
        let name = || Object::Name(self.base_font.clone().into_bytes());
        let descriptor = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", name()),
            ("Ascent", Object::Integer(d.ascent)),
            ("Descent", Object::Integer(d.descent)),
            ("CapHeight", Object::Integer(d.cap_height)),
            ("ItalicAngle", Object::Integer(d.italic_angle)),
            ("Flags", Object::Integer(d.flags)),
            ("StemV", Object::Integer(d.stem_v)),
            ("FontBBox", Object::Array(d.bbox.iter().map(|&v| Object::Integer(v)).collect())),
            ("FontFile2", Object::Reference(program_id)),
        ]);
        let descriptor_id = doc.add_object(descriptor);
        let descendant = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("BaseFont", name()),
            ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("Registry", Object::String(b"Adobe".to_vec(), StringFormat::Literal)),
                    ("Ordering", Object::String(b"Identity".to_vec(), StringFormat::Literal)),
                    ("Supplement", Object::Integer(0)),
                ])),
            ),
            ("W", Object::Array(self.widths.clone())),
            ("DW", Object::Integer(1000)),
            ("FontDescriptor", Object::Reference(descriptor_id)),
            ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
        ]);
        let encoding = if self.one_byte {
            Object::Reference(*one_byte_cmap.get_or_insert_with(|| doc.add_object(one_byte_cmap_stream())))
        } else {
            Object::Name(b"Identity-H".to_vec())
        };
        doc.add_object(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type0".to_vec())),
            ("BaseFont", name()),
            ("Encoding", encoding),
            ("ToUnicode", Object::Reference(to_unicode_id)),
            ("DescendantFonts", Object::Array(vec![Object::Dictionary(descendant)])),
        ]))
    }

    /// The face this subset is of.
    pub(crate) fn face(&self) -> Face {
        self.face
    }
}

/// The CMap a one-byte font's codes go through ([`Embedded::one_byte`]): every byte is the CID of the same
/// number, as `Identity-H` makes every two bytes. It names the CID system the fonts' `CIDSystemInfo` names,
/// as a font's CMap must.
pub(crate) const ONE_BYTE_CMAP: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo 3 dict dup begin\n/Registry (Adobe) def\n/Ordering (Identity) def\n/Supplement 0 def\nend def\n\
/CMapName /OneByte-Identity-H def\n/CMapType 1 def\n/WMode 0 def\n\
1 begincodespacerange\n<00> <FF>\nendcodespacerange\n1 begincidrange\n<00> <FF> 0\nendcidrange\n\
endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

/// The stream of [`ONE_BYTE_CMAP`], with the dictionary an embedded CMap has.
fn one_byte_cmap_stream() -> Stream {
    let system = Dictionary::from_iter(vec![
        ("Registry", Object::String(b"Adobe".to_vec(), StringFormat::Literal)),
        ("Ordering", Object::String(b"Identity".to_vec(), StringFormat::Literal)),
        ("Supplement", Object::Integer(0)),
    ]);
    let dict = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"CMap".to_vec())),
        ("CMapName", Object::Name(b"OneByte-Identity-H".to_vec())),
        ("CIDSystemInfo", Object::Dictionary(system)),
    ]);
    Stream::new(dict, ONE_BYTE_CMAP.as_bytes().to_vec())
}

/// A stream whose content is already deflated.
fn deflated_stream(mut dict: Dictionary, content: Vec<u8>) -> Stream {
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Stream::new(dict, content).with_compression(false)
}

/// The subsets built so far, by face and glyphs.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    entries: Mutex<HashMap<Key, Arc<Embedded>>>,
    /// Held while a subset of the CJK face is built. Building one reads a record for every glyph of the
    /// face, some 5 MB for a moment; two threads building at once would hold twice that, on top of a batch's
    /// usual peak.
    cjk_building: Mutex<()>,
    /// Per Noto face, the glyphs of the printable ASCII characters, in glyph order, each named by the first
    /// character that has it: looked up once, added to every document's glyphs (see [`Cache::with_ascii`]).
    ascii: [OnceLock<Vec<GlyphChar>>; 3],
}

impl Cache {
    /// The subset of `face` for a document that draws `used` (each glyph once, in glyph order, with the
    /// character it stands for), from the cache or built now.
    ///
    /// # Errors
    /// When the face cannot be parsed or subset (a broken build).
    pub(crate) fn get(&self, fonts: &Fonts, face: Face, used: &[GlyphChar]) -> Result<Arc<Embedded>, String> {
        let key: Key = (face, self.with_ascii(fonts, face, used));
        // A poisoned lock only means another thread panicked while holding it; the map is still whole.
        if let Some(hit) = self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(Arc::clone(hit));
        }
        let font = fonts.parsed(face).ok_or_else(|| format!("the embedded font {face:?} cannot be parsed"))?;
        let building = (face == Face::Cjk).then(|| self.cjk_building.lock().unwrap_or_else(|e| e.into_inner()));
        if building.is_some() {
            // Another thread may have built this very subset while this one waited.
            if let Some(hit) = self.entries.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
                return Ok(Arc::clone(hit));
            }
        }
        let built = Arc::new(build(face, font, &key.1)?);
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, Arc::clone(&built));
        // Held until the subset is in the cache, so that a thread waiting for the same one finds it there.
        drop(building);
        Ok(built)
    }

    /// `used` with the glyphs of the printable ASCII characters added, for a Noto face: a glyph drawn keeps
    /// the character it was drawn for. The CJK face gets only what is drawn (its ASCII glyphs are never used).
    fn with_ascii(&self, fonts: &Fonts, face: Face, used: &[GlyphChar]) -> Vec<GlyphChar> {
        let Some(cell) = self.ascii.get(face as usize).filter(|_| face != Face::Cjk) else { return used.to_vec() };
        let Some(font) = fonts.parsed(face) else { return used.to_vec() };
        let ascii = cell.get_or_init(|| {
            let mut ascii: Vec<GlyphChar> = (' '..='~')
                .filter_map(|ch| match font.lookup_glyph_index(ch as u32) {
                    Some(gid) if gid != 0 => Some((gid, ch)),
                    _ => None,
                })
                .collect();
            ascii.sort_unstable();
            ascii
        });
        merge(used, ascii)
    }
}

/// `used` and `ascii` (both in glyph order) merged in glyph order, each glyph once: a glyph in both keeps
/// its character from `used`; two ASCII characters that share a glyph, the first.
fn merge(used: &[GlyphChar], ascii: &[GlyphChar]) -> Vec<GlyphChar> {
    let mut merged = Vec::with_capacity(used.len() + ascii.len());
    let (mut u, mut a) = (used.iter().peekable(), ascii.iter().peekable());
    loop {
        let next = match (u.peek(), a.peek()) {
            (Some(x), Some(y)) if x.0 < y.0 => u.next(),
            (Some(x), Some(y)) if x.0 == y.0 => {
                a.next();
                u.next()
            }
            (Some(_), None) => u.next(),
            (_, Some(_)) => a.next(),
            (None, None) => break,
        };
        if let Some(&glyph) = next {
            // Two ASCII characters that share a glyph: the first names it.
            if merged.last().is_none_or(|last: &GlyphChar| last.0 != glyph.0) {
                merged.push(glyph);
            }
        }
    }
    merged
}

/// Subsets `font` to `glyphs` with printpdf's subsetter and compresses the result, giving the objects
/// printpdf's serializer (its `create_subset_runtime_info`) would give.
///
/// printpdf parses the subset again to read its widths and metrics, decoding every glyph's outline for its
/// advance, and looks for a CFF charset in it; that was half the cost of a new subset. The subset copies the
/// face's `hmtx` advances and `hhea` figures unchanged and a TrueType subset has no charset, so here they
/// come from the face already parsed, and the codes are the subset's glyph ids.
/// `the_objects_are_those_printpdf_makes` holds this to printpdf's own path.
fn build(face: Face, font: &ParsedFont, glyphs: &[GlyphChar]) -> Result<Embedded, String> {
    let resource = face.resource_name();
    let usage: BTreeMap<u16, String> = glyphs.iter().map(|&(gid, ch)| (gid, ch.to_string())).collect();
    let subset = printpdf::subset_font(font, &usage)?;
    if !subset.bytes.starts_with(&[0, 1, 0, 0]) && !subset.bytes.starts_with(b"true") {
        return Err(format!("the subset of {face:?} is not a TrueType font"));
    }
    let mut codes = Vec::with_capacity(subset.glyph_mapping.len());
    // Code (the subset's glyph id), original glyph id and character, in code order.
    let mut coded: Vec<(u16, u16, char)> = Vec::with_capacity(subset.glyph_mapping.len());
    for (&original, &(new, _)) in &subset.glyph_mapping {
        codes.push((original, new));
        if let Ok(i) = glyphs.binary_search_by_key(&original, |g| g.0) {
            coded.push((new, original, glyphs[i].1));
        }
    }
    coded.sort_unstable_by_key(|c| c.0);
    let one_byte = codes.iter().all(|c| c.1 <= 0xFF);
    let font_name = font.font_name.clone().unwrap_or_else(|| resource.to_owned());
    let metrics = (font.font_metrics.ascent as i64, font.font_metrics.descent as i64);
    Ok(Embedded {
        face,
        base_font: format!("{resource}+{font_name}"),
        program: deflate(&subset.bytes),
        program_len: subset.bytes.len(),
        to_unicode: deflate(to_unicode(resource, &coded, one_byte).as_bytes()),
        widths: widths(font, &coded),
        codes,
        one_byte,
        descriptor: descriptor(font, metrics),
    })
}

/// The `/W` array for `coded` (code, original glyph id; in code order), as printpdf's
/// `get_normalized_widths_codes` writes it: runs of consecutive codes, each glyph's advance scaled to
/// thousandths of an em and truncated.
fn widths(font: &ParsedFont, coded: &[(u16, u16, char)]) -> Vec<Object> {
    let scale = 1000.0 / f32::from(font.pdf_font_metrics.units_per_em);
    let mut list = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let (mut first, mut last) = (0u16, 0u16);
    for &(code, original, _) in coded {
        let width = (f32::from(font.get_horizontal_advance(original)) * scale) as i64;
        if !run.is_empty() && last.checked_add(1) != Some(code) {
            list.push(Object::Integer(i64::from(first)));
            list.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            first = code;
        }
        last = code;
        run.push(Object::Integer(width));
    }
    if !run.is_empty() {
        list.push(Object::Integer(i64::from(first)));
        list.push(Object::Array(run));
    }
    list
}

/// The `/ToUnicode` CMap for `coded` (code and character; in code order), as printpdf's
/// `ToUnicodeCMap::to_cmap_string` writes it: codes grouped by their high byte, at most 100 to a
/// `bfchar` block, each character in UTF-16. Written here in one buffer, where printpdf formats a string
/// per entry. With `one_byte`, codes are one byte, as the content streams write them.
fn to_unicode(name: &str, coded: &[(u16, u16, char)], one_byte: bool) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(600 + coded.len() * 16);
    let _ = write!(
        out,
        "/CIDInit /ProcSet findresource begin\n\n12 dict begin\n\nbegincmap\n\n%!PS-Adobe-3.0 \
         Resource-CMap\n%%DocumentNeededResources: procset CIDInit\n%%IncludeResource: \
         procset CIDInit\n\n/CIDSystemInfo 3 dict dup begin\n/Registry (FontSpecific) \
         def\n/Ordering ({name}) def\n/Supplement 0 def\nend def\n\n/CMapName /FontSpecific-{name} \
         def\n/CMapVersion 1 def\n/CMapType 2 def\n/WMode 0 def\n\n1 \
         begincodespacerange\n{}\nendcodespacerange\n",
        if one_byte { "<00> <FF>" } else { "<0000> <FFFF>" }
    );
    for group in coded.chunk_by(|a, b| a.0 >> 8 == b.0 >> 8) {
        for block in group.chunks(100) {
            let _ = writeln!(out, "{} beginbfchar", block.len());
            for &(code, _, ch) in block {
                let _ = if one_byte { write!(out, "<{code:02X}> <") } else { write!(out, "<{code:04X}> <") };
                for unit in ch.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "{unit:04X}");
                }
                out.push_str(">\n");
            }
            out.push_str("endbfchar\n");
        }
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// The descriptor's figures as printpdf's `add_subset_font_to_pdf` computes them: ascent and descent from
/// the subset, the rest from the full face, scaled to thousandths of an em.
fn descriptor(font: &ParsedFont, (ascent, descent): (i64, i64)) -> Descriptor {
    let m = &font.pdf_font_metrics;
    let scale = if m.units_per_em == 0 { 1.0 } else { 1000.0 / f32::from(m.units_per_em) };
    let scaled = |v: i64| (v as f32 * scale).round() as i64;
    let ascent = scaled(ascent);
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run).atan2(f32::from(m.caret_slope_rise)).to_degrees()).round() as i64
    };
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    Descriptor {
        ascent,
        descent: scaled(descent),
        cap_height: font.font_metrics.cap_height.map_or(ascent, |c| (c * scale).round() as i64),
        italic_angle,
        flags: NONSYMBOLIC | if italic_angle != 0 { ITALIC } else { 0 },
        stem_v: if m.us_weight_class == 0 {
            80
        } else {
            50 + ((f32::from(m.us_weight_class) / 65.0).powi(2)).round() as i64
        },
        bbox: [m.x_min, m.y_min, m.x_max, m.y_max].map(|v| scaled(i64::from(v))),
    }
}

/// Deflates data that is compressed once and then shared.
fn deflate(data: &[u8]) -> Vec<u8> {
    crate::render::deflate::deflate(data, crate::render::deflate::Effort::Best)
}

#[cfg(test)]
mod tests {
    use printpdf::FontId;

    use super::*;

    #[test]
    fn documents_that_draw_the_same_glyphs_share_a_subset() {
        let fonts = Fonts::load().unwrap();
        let glyphs = |text: &str| {
            let mut g: Vec<GlyphChar> =
                text.chars().map(|ch| (fonts.resolve(Face::Regular, ch).unwrap().gid, ch)).collect();
            g.sort_unstable();
            g
        };
        let a = fonts.embedded().get(&fonts, Face::Regular, &glyphs("Zap")).unwrap();
        let b = fonts.embedded().get(&fonts, Face::Regular, &glyphs("Zap")).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "built once");
        let other_letters = fonts.embedded().get(&fonts, Face::Regular, &glyphs("Quiz")).unwrap();
        assert!(Arc::ptr_eq(&a, &other_letters), "other ASCII letters, the same subset");
        let c = fonts.embedded().get(&fonts, Face::Regular, &glyphs("Zapø")).unwrap();
        assert!(!Arc::ptr_eq(&a, &c), "another glyph, another subset");
        // The missing glyph first, then the glyphs in the full font's order: the 95 printable ASCII
        // characters (the space and the no-break space share none), then ø.
        let code = |ch: char| c.code(fonts.resolve(Face::Regular, ch).unwrap().gid);
        assert_eq!(code(' '), 1);
        assert!(code('Z') > 1 && code('Z') < code('a') && code('a') < code('p'), "in glyph order");
        assert_eq!(code('ø'), 96);
        assert_eq!(c.code(fonts.resolve(Face::Regular, 'é').unwrap().gid), 0, "not in the subset");
        assert_eq!(a.face(), Face::Regular);
    }

    /// What printpdf's serializer makes of the subset: the objects `build` made before it stopped parsing
    /// the subset again, through the same functions printpdf's `create_subset_runtime_info` calls.
    fn as_printpdf_makes_it(face: Face, font: &ParsedFont, glyphs: &[GlyphChar]) -> Embedded {
        let resource = face.resource_name();
        let usage: BTreeMap<u16, String> = glyphs.iter().map(|&(gid, ch)| (gid, ch.to_string())).collect();
        let subset = printpdf::subset_font(font, &usage).unwrap();
        let subset_font = ParsedFont::from_bytes(&subset.bytes, 0, &mut Vec::new()).unwrap();
        let charset = printpdf::cff_charset_gid_to_cid_map(&subset.bytes, 0);
        let mut codes = Vec::new();
        let mut coded: Vec<(u16, u16, String)> = Vec::new();
        for (&original, (new, text)) in &subset.glyph_mapping {
            let code = charset.as_ref().and_then(|m| m.get(new).copied()).unwrap_or(*new);
            codes.push((original, code));
            coded.push((code, *new, text.clone()));
        }
        coded.sort_by_key(|c| c.0);
        let unicode: Vec<(u16, String)> = coded.iter().map(|(code, _, text)| (*code, text.clone())).collect();
        let mut cmap = printpdf::generate_cmap_string(&subset_font, &FontId(resource.to_owned()), &unicode);
        // A subset of at most 256 glyphs writes its codes in one byte, where printpdf always writes two:
        // the same map with the codes' high byte, zero, left out.
        let one_byte = codes.iter().all(|c| c.1 <= 0xFF);
        if one_byte {
            cmap = cmap.replace("\n<00", "\n<").replace("\n<00> <FFFF>", "\n<00> <FF>");
        }
        let entries: Vec<(u16, u16)> = coded.iter().map(|(code, new, _)| (*code, *new)).collect();
        let metrics = (subset_font.font_metrics.ascent as i64, subset_font.font_metrics.descent as i64);
        Embedded {
            face,
            base_font: format!("{resource}+{}", font.font_name.clone().unwrap()),
            program: deflate(&subset.bytes),
            program_len: subset.bytes.len(),
            to_unicode: deflate(cmap.as_bytes()),
            widths: printpdf::get_normalized_widths_codes(&subset_font, &entries),
            codes,
            one_byte,
            descriptor: descriptor(font, metrics),
        }
    }

    #[test]
    fn the_objects_are_those_printpdf_makes() {
        let fonts = Fonts::load().unwrap();
        // Latin with accents, Greek, Cyrillic, punctuation and digits in every Noto face; Japanese (with a
        // Latin letter the CJK face also has) in the fallback face; and a text long enough that its codes
        // pass 255, so the CMap's blocks split by high byte and by the hundred.
        let long: String = ('\u{a0}'..='\u{17f}').chain('\u{391}'..='\u{3c9}').chain('\u{410}'..='\u{44f}').collect();
        let texts = ["Zürcher Straße 7, 8001 Zürich — “Ωμέγα” Сервис…", "株式会社さくらロジスティクスA", long.as_str()];
        for face in Face::ALL {
            let font = fonts.parsed(face).unwrap();
            for text in texts {
                let mut glyphs: Vec<GlyphChar> = text
                    .chars()
                    .filter_map(|ch| Some((font.lookup_glyph_index(ch as u32).filter(|&g| g != 0)?, ch)))
                    .collect();
                glyphs.sort_unstable();
                glyphs.dedup_by_key(|g| g.0);
                if glyphs.is_empty() {
                    continue;
                }
                let glyphs = fonts.embedded().with_ascii(&fonts, face, &glyphs);
                let built = build(face, font, &glyphs).unwrap();
                assert_eq!(built, as_printpdf_makes_it(face, font, &glyphs), "{face:?}: {text}");
                if face != Face::Cjk {
                    assert_eq!(built.one_byte(), text != long.as_str(), "{face:?}: one byte up to 256 glyphs");
                }
            }
        }
    }
}
