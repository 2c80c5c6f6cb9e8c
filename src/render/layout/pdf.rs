//! The PDF file: the pages' content streams and the documents' subset fonts put into the document printpdf
//! builds around them, finished on the lopdf document it returns, because printpdf alone cannot give
//! reproducible, well-formed output at this speed. Font ids are our own, the trailer `/ID` comes from the
//! caller's seed, the info dictionary replaces printpdf's (no empty `/GTS_PDFXVersion`, no clock), the outline
//! is nested two levels deep in document order, and every stream is deflated.
//!
//! printpdf has no way to take a content stream that is already encoded, or a font that is already
//! subset: it would translate every drawing operation again and subset every font for every document,
//! which was most of the cost of a report. So printpdf is given the pages with their link annotations
//! only, and the content streams and font objects go into the lopdf document `to_lopdf_document` returns,
//! where the finishing touches below were already made.

use std::io::Write;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};
use sha2::{Digest, Sha256};

use super::{content, DocOptions, RenderError, Writer};
use crate::render::deflate::{deflate, Effort};
use crate::render::fonts::embed::GlyphChar;
use crate::render::fonts::Face;

impl Writer<'_> {
    /// Serialises the pages with everything [`Writer::finish`] added to them, into `out`.
    pub(super) fn serialize(mut self, out: &mut impl Write) -> Result<(), RenderError> {
        let fonts = self.fonts;
        let drawn = std::mem::take(&mut self.drawn);
        let mut embedded = Vec::new();
        for face in Face::ALL {
            let used: Vec<GlyphChar> = drawn[face as usize]
                .iter()
                .enumerate()
                .filter_map(|(gid, ch)| Some((u16::try_from(gid).ok()?, (*ch)?)))
                .collect();
            if !used.is_empty() {
                embedded.push(fonts.embedded().get(fonts, face, &used).map_err(RenderError)?);
            }
        }
        // Each face's codes by glyph id, for the glyphs drawn.
        let codes: Vec<Vec<u16>> = drawn
            .iter()
            .zip(Face::ALL)
            .map(|(chars, face)| match embedded.iter().find(|e| e.face() == face) {
                Some(e) => (0..chars.len()).map(|gid| e.code(gid as u16)).collect(),
                None => Vec::new(),
            })
            .collect();
        let one_byte = Face::ALL.map(|face| embedded.iter().any(|e| e.face() == face && e.one_byte()));
        let mut links = Vec::with_capacity(self.pages.len());
        let mut palettes = Vec::with_capacity(self.pages.len());
        let mut pages = Vec::with_capacity(self.pages.len());
        for page in std::mem::take(&mut self.pages) {
            links.push(page.links);
            palettes.push(page.content.palette().to_vec());
            pages.push(page.content);
        }
        let finish = |content: content::Content| {
            deflated_stream(
                content.finish(one_byte, |face, gid| codes[face as usize].get(usize::from(gid)).copied().unwrap_or(0)),
            )
        };
        let contents = finish_pages(pages, finish);
        let mut doc = PdfDocument::new(&self.opts.title);
        doc.pages = links.into_iter().map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops)).collect();
        let mut warnings = Vec::new();
        let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
        let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
        // printpdf's pages are in the lopdf document now; a long document's need not be held twice.
        drop(doc);
        let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();

        // The content streams with their palettes, and the fonts in the `/Font` resources every page shares.
        let error = |e: lopdf::Error| RenderError(e.to_string());
        let mut font_dict = None;
        let mut resources_seen = std::collections::HashSet::new();
        for ((&page_id, content), palette) in page_ids.iter().zip(contents).zip(palettes) {
            let page = lo.get_dictionary_mut(page_id).map_err(error)?;
            // printpdf writes the crop and trim boxes equal to the media box, which is what a reader assumes
            // without them, and an empty /Annots where a page has no links.
            page.remove(b"CropBox");
            page.remove(b"TrimBox");
            if page.get(b"Annots").and_then(Object::as_array).is_ok_and(Vec::is_empty) {
                page.remove(b"Annots");
            }
            let page = lo.get_dictionary(page_id).map_err(error)?;
            let contents_id = page.get(b"Contents").and_then(Object::as_reference).map_err(error)?;
            if font_dict.is_none() {
                let resources = page.get(b"Resources").and_then(Object::as_reference).map_err(error)?;
                font_dict =
                    Some(lo.get_dictionary(resources).and_then(|r| r.get(b"Font")?.as_reference()).map_err(error)?);
            }
            lo.objects.insert(contents_id, Object::Stream(content));
            if !palette.is_empty() {
                set_palette(&mut lo, page_id, &palette, &mut resources_seen).map_err(error)?;
            }
        }
        let mut one_byte_cmap = None;
        let font_ids: Vec<(&str, ObjectId)> =
            embedded.iter().map(|e| (content::font_key(e.face()), e.add_to(&mut lo, &mut one_byte_cmap))).collect();
        if let Some(id) = font_dict {
            let dict = lo.get_dictionary_mut(id).map_err(error)?;
            for (name, font) in font_ids {
                dict.set(name, Object::Reference(font));
            }
        }

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
        let catalog = lo.catalog_mut().map_err(error)?;
        match outlines_id {
            Some(id) => {
                catalog.set("Outlines", Object::Reference(id));
                // printpdf 0.12.8 writes /PageMode as a string; it must be a name.
                catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
            }
            None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
        }
        compress_streams(&mut lo);
        super::save::save(&mut lo, out).map_err(|e| RenderError(e.to_string()))
    }
}

/// A document of at least this many pages has them finished on two threads ([`finish_pages`]). Only a
/// batch's overview runs so long, and it is drawn when the batch's threads are done; a report (twenty pages
/// or so) is finished on its own thread while the batch's other threads convert.
const PAGES_ON_TWO_THREADS: usize = 64;

/// Each page's content stream finished by `finish`, in page order: on two threads for a long document, the
/// odd pages on a second one, so that each thread holds one page unpacked at a time.
fn finish_pages<F>(pages: Vec<content::Content>, finish: F) -> Vec<Stream>
where
    F: Fn(content::Content) -> Stream + Sync,
{
    if pages.len() < PAGES_ON_TWO_THREADS {
        return pages.into_iter().map(finish).collect();
    }
    let (even, odd): (Vec<_>, Vec<_>) = pages.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let (even, odd) = std::thread::scope(|scope| {
        let finish = &finish;
        let helper = scope.spawn(move || odd.into_iter().map(|(_, page)| finish(page)).collect::<Vec<Stream>>());
        let even: Vec<Stream> = even.into_iter().map(|(_, page)| finish(page)).collect();
        // The helper only finishes pages: should it panic, so would this thread have on the same page.
        let odd = helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (even, odd)
    });
    // Each even page followed by the odd one after it; the last page is even when the count is odd.
    let mut odd = odd.into_iter();
    even.into_iter().flat_map(|stream| std::iter::once(stream).chain(odd.next())).collect()
}

/// Gives page `page_id` its palette as the colour space `/P` its content stream fills with (`/P cs`, then
/// `3 sc`: see the content stream's `set_fill`): `[/Indexed /DeviceRGB hival <r g b ...>]`. printpdf gives
/// every page resources of its own; should two pages share them, the later one gets a copy, so that each
/// keeps its own palette.
fn set_palette(
    lo: &mut lopdf::Document,
    page_id: ObjectId,
    palette: &[super::Rgb],
    seen: &mut std::collections::HashSet<ObjectId>,
) -> Result<(), lopdf::Error> {
    let mut resources_id = lo.get_dictionary(page_id)?.get(b"Resources")?.as_reference()?;
    if !seen.insert(resources_id) {
        let copy = lo.get_dictionary(resources_id)?.clone();
        resources_id = lo.add_object(copy);
        lo.get_dictionary_mut(page_id)?.set("Resources", Object::Reference(resources_id));
    }
    let lookup: Vec<u8> = palette.iter().flat_map(|c| [c.r, c.g, c.b]).collect();
    let indexed = Object::Array(vec![
        Object::Name(b"Indexed".to_vec()),
        Object::Name(b"DeviceRGB".to_vec()),
        Object::Integer(palette.len() as i64 - 1),
        Object::String(lookup, StringFormat::Hexadecimal),
    ]);
    let spaces = Dictionary::from_iter(vec![("P", indexed)]);
    lo.get_dictionary_mut(resources_id)?.set("ColorSpace", Object::Dictionary(spaces));
    Ok(())
}

/// A stream of `data`, deflated unless that does not make it smaller.
fn deflated_stream(data: Vec<u8>) -> Stream {
    let mut dict = Dictionary::new();
    let packed = deflate(&data, Effort::Fast);
    let data = if packed.len() < data.len() {
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        packed
    } else {
        data
    };
    Stream::new(dict, data).with_compression(false)
}

/// Deflates every stream not deflated yet (content streams and fonts arrive deflated).
fn compress_streams(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            let packed = deflate(&stream.content, Effort::Fast);
            if packed.len() < stream.content.len() {
                stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
        }
    }
}

/// A text string for the outline and the info dictionary: printable ASCII as a literal string, anything
/// else in UTF-16 (which takes four hex digits a character).
fn utf16_text(s: &str) -> Object {
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
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
    fn a_long_documents_pages_are_finished_on_two_threads_in_their_order() {
        let page = |i: usize| {
            let mut content = content::Content::default();
            content.fill_rect(i as f32, 1.0, 2.0, 3.0, super::super::Rgb::hex(0x102030));
            content
        };
        let finish = |content: content::Content| Stream::new(Dictionary::new(), content.finish([false; 4], |_, _| 0));
        for total in [0, 1, PAGES_ON_TWO_THREADS - 1, PAGES_ON_TWO_THREADS, 201] {
            let one_by_one: Vec<Vec<u8>> = (0..total).map(|i| finish(page(i)).content).collect();
            let finished: Vec<Vec<u8>> =
                finish_pages((0..total).map(page).collect(), finish).into_iter().map(|s| s.content).collect();
            assert_eq!(finished.len(), total);
            assert!(finished == one_by_one, "{total} pages");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_709_251_199), "D:20240229235959Z");
    }

    /// The fonts of a document, by base font: their `/Encoding`, resolved.
    fn encodings(doc: &lopdf::Document) -> Vec<(String, Object)> {
        let mut fonts = Vec::new();
        for object in doc.objects.values() {
            let Ok(dict) = object.as_dict() else { continue };
            if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
                continue;
            }
            let name = String::from_utf8_lossy(dict.get(b"BaseFont").unwrap().as_name().unwrap()).into_owned();
            let encoding = match dict.get(b"Encoding").unwrap() {
                Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
                other => other.clone(),
            };
            fonts.push((name, encoding));
        }
        fonts.sort_by(|a, b| a.0.cmp(&b.0));
        fonts
    }

    #[test]
    fn a_font_of_up_to_256_glyphs_has_one_byte_codes_and_a_bigger_one_two() {
        let fonts = crate::render::Fonts::load().unwrap();
        let mut w = Writer::new(&fonts, DocOptions::default());
        // 300 ideographs: the CJK face's subset passes 256 glyphs; the Noto faces' stay below.
        let cjk: String = ('\u{4E00}'..).take(300).collect();
        let text = format!("Zürich — Ωμέγα {cjk}");
        w.paragraph(&[super::super::Span::body(text.clone())]);
        w.paragraph(&[super::super::Span::new("Bold", super::super::TextStyle::BODY.bold())]);
        assert!(w.missing_chars().is_empty());
        let pdf = w.finish().unwrap();
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let found = encodings(&doc);
        assert_eq!(found.len(), 3, "{found:?}");
        for (name, encoding) in &found {
            if name.starts_with("DROIDF+") {
                assert_eq!(encoding.as_name().unwrap(), b"Identity-H", "{name}");
            } else {
                let Object::Stream(cmap) = encoding else { panic!("{name}: {encoding:?}") };
                assert_eq!(cmap.dict.get(b"Type").unwrap().as_name().unwrap(), b"CMap");
                let content = cmap.decompressed_content().unwrap_or_else(|_| cmap.content.clone());
                assert_eq!(content, crate::render::fonts::embed::ONE_BYTE_CMAP.as_bytes(), "{name}");
            }
        }
        // What a reader extracts is the text drawn, from the one-byte and the two-byte fonts alike.
        let path = std::env::temp_dir().join(format!("discovery-codes-{}.pdf", std::process::id()));
        std::fs::write(&path, &pdf).unwrap();
        let output = std::process::Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(&path).arg("-").output();
        let _ = std::fs::remove_file(&path);
        match output {
            Ok(output) => {
                let extracted: String = String::from_utf8(output.stdout).unwrap().split_whitespace().collect();
                // The running footer closes the page.
                let expected: String = format!("{text} Bold Page 1 of 1").split_whitespace().collect();
                assert_eq!(extracted, expected);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => eprintln!("skipped: pdftotext not found"),
            Err(e) => panic!("pdftotext not runnable: {e}"),
        }
    }
}
