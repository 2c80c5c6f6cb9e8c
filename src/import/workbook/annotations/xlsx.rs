//! xlsx and xlsm: the sheets' legacy notes, threaded comments and hyperlinks, found the way Excel finds
//! them: the workbook's relationships name each sheet's part, and each sheet's relationships name its
//! comments parts and its external link targets.
//!
//! Excel writes a threaded comment twice: in `xl/threadedComments/` and, for older readers, as a legacy
//! note on the same cell that says "[Threaded comment] ... Comment: ...". The threaded one is kept and the
//! legacy copy at that cell is skipped.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;

use super::{attr, local, parse_ref, push_text, strip_author_prefix, Collector, Parts};
use crate::import::workbook::parts::normalise_path;
use crate::import::workbook::{AnnotationKind, Limits, LinkHints};

/// One relationship of a part: its type (the last segment of the type URI) and its target, resolved to a
/// part name unless external.
struct Relationship {
    kind: String,
    target: String,
    external: bool,
}

/// `links` says which sheets the zip guard found without hyperlinks; those are not inflated again.
pub(super) fn read(bytes: &[u8], limits: &Limits, links: &LinkHints, found: &mut Collector) {
    let mut parts = match Parts::open(bytes, limits) {
        Ok(parts) => parts,
        Err(e) => return found.unread_everywhere(&format!("the comments and links could not be read: {e}")),
    };
    let workbook = workbook_part(&mut parts).and_then(|part| Ok((relationships(&mut parts, &part)?, part)));
    let sheets = workbook.and_then(|(rels, part)| Ok((sheet_parts(&mut parts, &part, &rels)?, rels)));
    let (sheets, rels) = match sheets {
        Ok(read) => read,
        Err(e) => return found.unread_everywhere(&format!("the comments and links could not be read: {e}")),
    };
    // The people who wrote threaded comments, by id; without them a comment has no author.
    let persons = rels.values().find(|r| r.kind == "person").map(|r| r.target.clone());
    let persons = match persons.map(|p| read_persons(&mut parts, &p)) {
        Some(Ok(persons)) => persons,
        Some(Err(e)) => {
            found.unread_everywhere(&format!("the authors of threaded comments could not be read: {e}"));
            BTreeMap::new()
        }
        None => BTreeMap::new(),
    };
    for name in found.names() {
        let Some(part) = sheets.get(&name) else { continue };
        if let Err(e) = read_sheet(&mut parts, &name, part, &persons, links, found) {
            found.unread(&name, format!("its comments or links could not be read: {e}"));
        }
    }
}

/// The part name of the workbook (`xl/workbook.xml`), from the package's relationships.
fn workbook_part(parts: &mut Parts) -> Result<String, String> {
    let root = relationships(parts, "")?;
    Ok(root
        .into_values()
        .find(|r| r.kind == "officeDocument")
        .map_or_else(|| "xl/workbook.xml".to_owned(), |r| r.target))
}

/// Each worksheet's name with its part name, from the workbook part and its relationships.
fn sheet_parts(
    parts: &mut Parts,
    workbook: &str,
    rels: &BTreeMap<String, Relationship>,
) -> Result<BTreeMap<String, String>, String> {
    let xml = parts.text(workbook)?.ok_or_else(|| format!("the workbook has no \"{workbook}\""))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = BTreeMap::new();
    loop {
        match reader.read_event().map_err(|e| format!("\"{workbook}\" is damaged: {e}"))? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "sheet" => {
                if let (Some(name), Some(target)) = (attr(&e, "name"), attr(&e, "id").and_then(|id| rels.get(&id))) {
                    out.insert(name, target.target.clone());
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The relationships of `part` (`""` for the package), by id. A part without relationships has none.
fn relationships(parts: &mut Parts, part: &str) -> Result<BTreeMap<String, Relationship>, String> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels_name = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
    let Some(xml) = parts.text(&rels_name)? else { return Ok(BTreeMap::new()) };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = BTreeMap::new();
    loop {
        match reader.read_event().map_err(|e| format!("\"{rels_name}\" is damaged: {e}"))? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                let (Some(id), Some(kind), Some(target)) = (attr(&e, "Id"), attr(&e, "Type"), attr(&e, "Target"))
                else {
                    continue;
                };
                let external = attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("external"));
                let kind = kind.rsplit('/').next().unwrap_or_default().to_owned();
                let target = if external { target } else { resolve(dir, &target) };
                out.insert(id, Relationship { kind, target, external });
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A relationship's target as a part name: relative to the source part's folder, or from the package's
/// root when it starts with `/`.
fn resolve(dir: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') { Vec::new() } else { dir.split('/').collect() };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.retain(|s| !s.is_empty());
    segments.join("/")
}

/// The display names of the people in `xl/persons/person.xml`, by their id.
fn read_persons(parts: &mut Parts, part: &str) -> Result<BTreeMap<String, String>, String> {
    let Some(xml) = parts.text(part)? else { return Ok(BTreeMap::new()) };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut out = BTreeMap::new();
    loop {
        match reader.read_event().map_err(|e| format!("\"{part}\" is damaged: {e}"))? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "person" => {
                if let (Some(id), Some(name)) = (attr(&e, "id"), attr(&e, "displayName")) {
                    out.insert(id, name);
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The comments and links of one sheet, from its part and the parts its relationships name. A part that
/// cannot be read costs only what it holds: when the threaded comments cannot be read, their legacy copies
/// are kept instead.
fn read_sheet(
    parts: &mut Parts,
    sheet: &str,
    part: &str,
    persons: &BTreeMap<String, String>,
    links: &LinkHints,
    found: &mut Collector,
) -> Result<(), String> {
    let rels = relationships(parts, part)?;
    let unread =
        |found: &mut Collector, e: String| found.unread(sheet, format!("its comments or links could not be read: {e}"));
    let mut threaded = BTreeSet::new();
    for rel in rels.values().filter(|r| r.kind == "threadedComment" && !r.external) {
        match read_threaded(parts, sheet, &rel.target, persons, found) {
            Ok(cells) => threaded.extend(cells),
            Err(e) => unread(found, e),
        }
    }
    for rel in rels.values().filter(|r| r.kind == "comments" && !r.external) {
        if let Err(e) = read_notes(parts, sheet, &rel.target, &threaded, found) {
            unread(found, e);
        }
    }
    if links.get(&normalise_path(part)) == Some(&false) {
        return Ok(());
    }
    if let Err(e) = read_hyperlinks(parts, sheet, part, &rels, found) {
        unread(found, e);
    }
    Ok(())
}

/// Threaded comments (replies included, in the file's order); returns the cells that have any.
fn read_threaded(
    parts: &mut Parts,
    sheet: &str,
    part: &str,
    persons: &BTreeMap<String, String>,
    found: &mut Collector,
) -> Result<BTreeSet<(u64, u64)>, String> {
    let Some(xml) = parts.text(part)? else { return Ok(BTreeSet::new()) };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut cells = BTreeSet::new();
    // The comment being read: its cell, its author, and its text once inside <text>.
    let mut current: Option<((u64, u64), Option<String>)> = None;
    let mut text: Option<String> = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("\"{part}\" is damaged: {e}"))?;
        match &event {
            Event::Start(e) if local(e) == "threadedComment" => {
                current = attr(e, "ref").as_deref().and_then(parse_ref).map(|cell| {
                    let author = attr(e, "personId").and_then(|id| persons.get(&id).cloned());
                    (cell, author)
                });
            }
            Event::Start(e) if local(e) == "text" && current.is_some() => text = Some(String::new()),
            Event::End(e) if local_end(e) == "text" => {
                if let (Some((cell, author)), Some(t)) = (&current, text.take()) {
                    cells.insert(*cell);
                    found.add(sheet, *cell, AnnotationKind::Comment, author.clone(), &t);
                }
            }
            Event::End(e) if local_end(e) == "threadedComment" => current = None,
            Event::Eof => return Ok(cells),
            other => {
                if let Some(t) = text.as_mut() {
                    push_text(t, other);
                }
            }
        }
    }
}

/// Legacy notes, except at the cells that have threaded comments (where they are Excel's copy of them).
fn read_notes(
    parts: &mut Parts,
    sheet: &str,
    part: &str,
    threaded: &BTreeSet<(u64, u64)>,
    found: &mut Collector,
) -> Result<(), String> {
    let Some(xml) = parts.text(part)? else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut authors: Vec<String> = Vec::new();
    let mut author: Option<String> = None;
    // The note being read: its cell and author index, and its text so far.
    let mut current: Option<((u64, u64), Option<usize>)> = None;
    let mut text = String::new();
    // Inside <t> of a note (its text) and inside <rPh> (phonetic hints, not the text).
    let mut in_t = false;
    let mut in_phonetic = false;
    loop {
        let event = reader.read_event().map_err(|e| format!("\"{part}\" is damaged: {e}"))?;
        match &event {
            Event::Empty(e) if local(e) == "author" => authors.push(String::new()),
            Event::Start(e) => match local(e) {
                "author" => author = Some(String::new()),
                "comment" => {
                    current = attr(e, "ref")
                        .as_deref()
                        .and_then(parse_ref)
                        .map(|cell| (cell, attr(e, "authorId").and_then(|a| a.trim().parse().ok())));
                    text.clear();
                }
                "rPh" => in_phonetic = true,
                "t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match local_end(e) {
                "author" => authors.push(author.take().unwrap_or_default()),
                "rPh" => in_phonetic = false,
                "t" => in_t = false,
                "comment" => {
                    if let Some((cell, index)) = current.take() {
                        if !threaded.contains(&cell) {
                            let name = index.and_then(|i| authors.get(i)).cloned();
                            let body = strip_author_prefix(&text, name.as_deref());
                            found.add(sheet, cell, AnnotationKind::Comment, name, &body);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(()),
            other => {
                if let Some(a) = author.as_mut() {
                    push_text(a, other);
                } else if in_t && !in_phonetic && current.is_some() {
                    push_text(&mut text, other);
                }
            }
        }
    }
}

/// The sheet's `<hyperlinks>`: an external target from the relationships, or a place in the workbook.
fn read_hyperlinks(
    parts: &mut Parts,
    sheet: &str,
    part: &str,
    rels: &BTreeMap<String, Relationship>,
    found: &mut Collector,
) -> Result<(), String> {
    let Some(xml) = parts.text(part)? else { return Ok(()) };
    // Most sheets have no hyperlinks; the element stands after the cells, so a sheet without the word is
    // not parsed at all.
    let Some(start) = xml.find("hyperlinks") else { return Ok(()) };
    let start = xml[..start].rfind('<').unwrap_or(0);
    let mut reader = quick_xml::Reader::from_str(&xml[start..]);
    // Read from the middle of the part, the end tags of the elements around it come unpaired.
    reader.config_mut().check_end_names = false;
    loop {
        match reader.read_event().map_err(|e| format!("\"{part}\" is damaged: {e}"))? {
            Event::Start(e) | Event::Empty(e) if local(&e) == "hyperlink" => {
                let Some(cell) = attr(&e, "ref").as_deref().and_then(parse_ref) else { continue };
                let external = attr(&e, "id").and_then(|id| rels.get(&id)).map(|r| r.target.clone());
                let location = attr(&e, "location").filter(|l| !l.trim().is_empty());
                let target = match (external, location) {
                    (Some(url), Some(place)) => format!("{url}#{place}"),
                    (Some(url), None) => url,
                    (None, Some(place)) => place,
                    (None, None) => continue,
                };
                found.add(sheet, cell, AnnotationKind::Link, None, &target);
            }
            Event::End(e) if local_end(&e) == "hyperlinks" => return Ok(()),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The local name of an end tag.
fn local_end<'e>(e: &'e quick_xml::events::BytesEnd<'_>) -> &'e str {
    e.local_name().into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_their_part() {
        assert_eq!(resolve("xl/worksheets", "../comments1.xml"), "xl/comments1.xml");
        assert_eq!(
            resolve("xl/worksheets", "/xl/threadedComments/threadedComment1.xml"),
            "xl/threadedComments/threadedComment1.xml"
        );
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve("xl", "../../../x.xml"), "x.xml");
    }
}
