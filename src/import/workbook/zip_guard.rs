//! The guard of the zip-based formats (xlsx, xlsm, xlsb, ods), run before calamine opens the archive.
//! calamine indexes every member and allocates from sizes and counts the file declares, so the member count
//! is checked first; then every member that is read is inflated once (see [`inflate`](super::inflate)), its
//! declared and real size and its compression ratio checked. Only what is read is judged: the parts calamine
//! opens, the sheets the questionnaire reads and anything that may hold a vendor's text; sheets not read and
//! parts that hold no answers are never inflated (see [`parts`](super::parts)).
//!
//! Parts calamine reads while opening that hold no answers (the styles, the ods manifest) are checked the
//! same way, but damage there leaves the part out (or, for the manifest, puts a plain one in its place) with
//! a warning; calamine gets the xlsx styles with only their number formats, and no theme (nothing it holds is
//! used). A member a little longer than its header says is read in full and handed to calamine with
//! its true size. Members calamine allocates from are inspected in the same pass: the xlsx shared strings are
//! counted (the real entries, not the header's claim), the xlsb record framing is walked, and error values
//! calamine does not know (`#SPILL!`, ...) are found in the sheets read and replaced by one it knows, the
//! real value kept for the reader.
//!
//! The archive calamine reads is written in the same pass (see [`rezip`](super::rezip)): what the guard
//! inflated goes in stored, uncompressed, so that calamine and the reader of comments copy each member
//! rather than inflate it a second time, up to [`STORE_BUDGET`] bytes (past it, the rest go in still
//! compressed, as they came); the sheets the questionnaire reads go in without the empty cells calamine would
//! only skip (see [`empty_cells`](super::empty_cells)); what had to be mended or left out, mended or left
//! out. An ods is handed over as it came, its content cut later by the pre-scan.

use std::collections::HashMap;
use std::io::Cursor;

use quick_xml::events::Event;
use zip::ZipArchive;

use super::empty_cells::without_empty_cells;
use super::inflate::{check_ratio, inflate, inflate_to_vec, over_budget, Failure, Inflated};
use super::inspect::{swap_unknown_errors, xlsb_error_literal, Inspect, Inspector, XLSB_NA};
use super::merged::merged_regions;
use super::parts::{self, normalise_path, SheetEntry, SheetKind};
use super::rezip::{rezip, Plan, Writer};
use super::{count, ErrorCells, Limits, LinkHints, MergedRegions, ReadError, Role, SheetChoice};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ZipFlavour {
    Xlsx,
    Xlsb,
    Ods,
}

pub(super) fn open_zip<'a>(bytes: &'a [u8], limits: &Limits) -> Result<ZipArchive<Cursor<&'a [u8]>>, ReadError> {
    // The zip crate indexes every central-directory entry up front; count the
    // entry signatures first (an upper bound) so that costs nothing unbounded.
    let entries = memchr::memmem::find_iter(bytes, b"PK\x01\x02").count() as u64;
    if entries > limits.max_zip_entries {
        return Err(ReadError::too_large(format!(
            "the zip archive has about {entries} members, more than the limit of {}",
            count(limits.max_zip_entries, "member")
        )));
    }
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ReadError::corrupt(format!("the file is a damaged or truncated zip archive: {}", e.to_string().to_lowercase()))
    })
}

/// A zip workbook checked and, where needed, mended: the bytes calamine reads, with what the guard found.
pub(super) struct Prepared<'a> {
    original: &'a [u8],
    /// The archive calamine reads, when it is not the original.
    rebuilt: Option<Vec<u8>>,
    /// Where each member of the original stands in the archive calamine reads (`None`: left out).
    positions: Vec<Option<usize>>,
    /// What the archive calamine reads changes from the original, by the original's member indices.
    plan: Plan,
    /// The styles part (index, name), while it is still in: calamine may yet fail on it.
    styles: Option<(usize, String)>,
    /// The ods `content.xml` (index), for the pre-scan's cut.
    content_index: Option<usize>,
    /// The ods `content.xml` as inflated, for the pre-scan.
    pub(super) content: Option<Vec<u8>>,
    /// What was worked around, one sentence each.
    pub(super) warnings: Vec<String>,
    /// Error values swapped for ones calamine knows, by sheet.
    pub(super) errors: ErrorCells,
    /// The merged regions of xlsx sheets read, by sheet, where they could be read from the sheet as inflated
    /// here; calamine reads the others.
    pub(super) merged: MergedRegions,
    /// Whether each xlsx sheet read may hold hyperlinks, for the reader of links.
    pub(super) links: LinkHints,
}

impl Prepared<'_> {
    /// The archive calamine reads.
    pub(super) fn bytes(&self) -> &[u8] {
        self.rebuilt.as_deref().unwrap_or(self.original)
    }

    /// Applies `change` (by the original's member indices) to the archive calamine reads.
    fn apply(&mut self, change: Plan) -> Result<(), ReadError> {
        if change.is_empty() {
            return Ok(());
        }
        let at = |index: &usize| self.positions.get(*index).copied().flatten();
        let current = Plan {
            drop: change.drop.iter().filter_map(at).collect(),
            unread: self.plan.unread.iter().filter_map(at).collect(),
            replace: change.replace.into_iter().filter_map(|(index, data)| Some((at(&index)?, data))).collect(),
        };
        let (bytes, moved) = rezip(self.bytes(), &current)?;
        for position in &mut self.positions {
            *position = position.and_then(|p| moved.get(p).copied().flatten());
        }
        self.rebuilt = Some(bytes);
        Ok(())
    }

    /// Leaves the styles out of the archive calamine reads, if they are still in: their name.
    pub(super) fn leave_out_styles(&mut self) -> Result<Option<String>, ReadError> {
        let Some((index, name)) = self.styles.take() else { return Ok(None) };
        self.plan.replace.remove(&index);
        self.plan.drop.insert(index);
        self.apply(Plan { drop: [index].into(), ..Plan::default() })?;
        Ok(Some(name))
    }

    /// Replaces the ods `content.xml` calamine reads. This is the last change to an ods, so the new content
    /// is not kept beside the rebuilt archive (which holds it).
    pub(super) fn replace_content(&mut self, content: Vec<u8>) -> Result<(), ReadError> {
        if let Some(index) = self.content_index {
            self.apply(Plan { replace: [(index, content)].into(), ..Plan::default() })?;
        }
        Ok(())
    }
}

/// What the guard does with one member.
enum Use {
    /// Inflated and checked; damage refuses the file.
    Read(Inspect),
    /// Read by calamine while opening, but holding no answers: inflated and checked; damage leaves it out.
    Optional(Inspect),
    /// Never inflated: it holds no answers, or belongs to a sheet that is not read.
    Skip,
    /// Never inflated, and left out of the archive calamine reads: calamine would read it while opening,
    /// but nothing it holds is used (the theme, whose colours only the styles' fonts and fills name).
    LeaveOut,
}

/// The workbook's sheets and parts, as calamine will find them.
struct Structure {
    /// Every sheet entry; empty when the workbook could not be understood.
    sheets: Vec<SheetEntry>,
    /// The workbook part (its index; its content is among the early members), when it was understood.
    workbook: Option<usize>,
    /// Normalised names of the parts calamine reads while opening.
    shared_strings: String,
    styles: String,
    theme: String,
    /// Where worksheets live, to check them all when the workbook was not understood.
    sheet_folder: String,
}

/// How much of what the guard inflated it hands calamine uncompressed, in bytes. A member stored so costs
/// calamine a copy where it would inflate it again; past this much, memory matters more than time, and
/// the rest is handed over still compressed.
const STORE_BUDGET: u64 = 32 << 20;

/// Members inflated while the workbook's structure was read, by index, so that they are not inflated again.
type Early = HashMap<usize, (Vec<u8>, Inflated)>;

/// Checks a zip workbook before calamine opens it, and mends what must be mended (see the module's
/// documentation).
pub(super) fn prepare_zip<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    flavour: ZipFlavour,
    choice: &SheetChoice,
) -> Result<Prepared<'a>, ReadError> {
    let mut zip = open_zip(bytes, limits)?;
    let names: Vec<String> = (0..zip.len())
        .map(|i| zip.name_for_index(i).and_then(Result::ok).map(|n| n.into_owned()).unwrap_or_default())
        .collect();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        index.entry(normalise_path(name)).or_insert(i);
    }
    let mut early = Early::new();
    let structure = match flavour {
        ZipFlavour::Xlsx => xlsx_structure(&mut zip, &index, limits, &mut early)?,
        ZipFlavour::Xlsb => xlsb_structure(&mut zip, &index, limits, &mut early)?,
        ZipFlavour::Ods => {
            // An encrypted ods says so in its manifest, and its content is then no XML at all: ask first.
            if let Some(i) = small_part(&mut zip, &index, "meta-inf/manifest.xml", limits, &mut early)? {
                if manifest(&early[&i].0) == Some(true) {
                    return Err(ReadError::password_protected());
                }
            }
            None
        }
    };
    let worksheets: Vec<&SheetEntry> =
        structure.iter().flat_map(|s| &s.sheets).filter(|s| s.kind == SheetKind::Work).collect();
    let names_read: Vec<String> = worksheets.iter().map(|s| s.name.clone()).collect();
    let roles: HashMap<&str, (Role, &str)> = worksheets
        .iter()
        .zip(choice.roles(&names_read))
        .map(|(sheet, role)| (sheet.part.as_str(), (role, sheet.name.as_str())))
        .collect();
    let sheet_parts: HashMap<&str, SheetKind> =
        structure.iter().flat_map(|s| &s.sheets).map(|s| (s.part.as_str(), s.kind)).collect();

    let uses: Vec<Use> = names
        .iter()
        .map(|name| {
            let path = normalise_path(name);
            let sheet = sheet_parts.get(path.as_str()).copied();
            let role = roles.get(path.as_str()).copied();
            member_use(flavour, &path, structure.as_ref(), sheet, role)
        })
        .collect();

    let mut prepared = Prepared {
        original: bytes,
        rebuilt: None,
        positions: (0..names.len()).map(Some).collect(),
        plan: Plan::default(),
        styles: None,
        content_index: None,
        content: None,
        warnings: Vec::new(),
        errors: ErrorCells::new(),
        merged: MergedRegions::new(),
        links: LinkHints::new(),
    };

    // Declared sizes and ratios first: a zip bomb is refused before anything is inflated.
    let mut declared_total = 0u64;
    for (i, member_use) in uses.iter().enumerate() {
        let Use::Read(_) = member_use else { continue };
        let Ok(member) = zip.by_index_raw(i) else { continue };
        declared_total = declared_total.saturating_add(member.size());
        if declared_total > limits.max_uncompressed_bytes {
            return Err(ReadError::too_large(format!(
                "the zip members claim to decompress to at least {declared_total} bytes, more than the limit of {}",
                count(limits.max_uncompressed_bytes, "byte")
            )));
        }
        check_ratio(&names[i], member.size(), member.compressed_size(), limits)?;
    }

    // Sheets of a kind calamine refuses to open a workbook with (Excel 4 macro sheets) are left out of the
    // workbook calamine reads: they hold no answers.
    if let Some(Structure { sheets, workbook: Some(workbook_index), .. }) = &structure {
        if sheets.iter().any(|s| s.kind == SheetKind::Unsupported) {
            let base = &early[workbook_index].0;
            let without = match flavour {
                ZipFlavour::Xlsb => Some(parts::drop_xlsb_sheets(base, |i| sheets[i].kind == SheetKind::Unsupported)),
                _ => {
                    let mut at = 0;
                    parts::drop_elements(base, "sheet", |_| {
                        at += 1;
                        sheets.get(at - 1).is_some_and(|s| s.kind == SheetKind::Unsupported)
                    })
                }
            };
            if let Some(without) = without {
                prepared.plan.replace.insert(*workbook_index, without);
            }
        }
    }

    // The archive calamine reads is written as the members are checked: what was inflated here is stored,
    // so that calamine copies it rather than inflate it again (an ods is handed over as it is, its content
    // cut by the pre-scan later). Should writing fail, the archive is made the old way at the end.
    let mut writer = match flavour {
        ZipFlavour::Ods => None,
        _ => Some(Writer::new(names.len(), bytes.len().saturating_add(declared_total.min(STORE_BUDGET) as usize))),
    };
    let styles = match (&structure, flavour) {
        (Some(structure), _) => structure.styles.clone(),
        (None, ZipFlavour::Xlsb) => "xl/styles.bin".to_owned(),
        (None, _) => "xl/styles.xml".to_owned(),
    };
    let mut pass = Pass { zip, limits, flavour, styles, early, total: 0 };
    let mut stored = 0u64;
    for (i, member_use) in uses.iter().enumerate() {
        let room = if writer.is_some() { STORE_BUDGET.saturating_sub(stored) } else { 0 };
        let kept = match member_use {
            Use::Read(inspect) => pass.member(&mut prepared, i, &names[i], inspect, false, room)?,
            Use::Optional(inspect) => pass.member(&mut prepared, i, &names[i], inspect, true, room)?,
            Use::Skip => {
                prepared.plan.unread.insert(i);
                None
            }
            Use::LeaveOut => {
                prepared.plan.unread.insert(i);
                prepared.plan.drop.insert(i);
                None
            }
        };
        let Some(out) = &mut writer else { continue };
        let written = if prepared.plan.drop.contains(&i) {
            Ok(())
        } else if let Some(data) = prepared.plan.replace.get(&i) {
            stored += data.len() as u64;
            out.store(&mut pass.zip, i, data)
        } else {
            match kept {
                Some(data) if stored + data.len() as u64 <= STORE_BUDGET => {
                    stored += data.len() as u64;
                    out.store(&mut pass.zip, i, &data)
                }
                _ => out.copy(&mut pass.zip, i, prepared.plan.unread.contains(&i)),
            }
        };
        if written.is_err() {
            writer = None;
        }
    }
    match writer.map(Writer::finish) {
        Some(Ok((archive, positions))) => {
            prepared.rebuilt = Some(archive);
            prepared.positions = positions;
        }
        _ => {
            let change =
                Plan { drop: prepared.plan.drop.clone(), replace: prepared.plan.replace.clone(), ..Plan::default() };
            prepared.apply(change)?;
        }
    }
    Ok(prepared)
}

/// The guard's pass over the members of one archive.
struct Pass<'a, 'l> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'l Limits,
    flavour: ZipFlavour,
    /// The styles part's normalised name.
    styles: String,
    early: Early,
    /// Bytes inflated so far.
    total: u64,
}

impl Pass<'_, '_> {
    /// Inflates and checks member `i` (see the module's documentation), recording in `prepared` what it found
    /// and what must change. Gives the member's content as inflated when it was kept for the archive calamine
    /// reads: a sheet read, and any other member of at most `room` bytes.
    fn member(
        &mut self,
        prepared: &mut Prepared<'_>,
        i: usize,
        name: &str,
        inspect: &Inspect,
        optional: bool,
        room: u64,
    ) -> Result<Option<Vec<u8>>, ReadError> {
        let limits = self.limits;
        let mut inspector = Inspector::new(inspect, name, limits);
        let budget = limits.max_uncompressed_bytes.saturating_sub(self.total);
        // An xlsx sheet read is kept whole while it is looked at, for its merged regions (see `merged`).
        let sheet = matches!(inspect, Inspect::ErrorCells(_));
        let mut kept = None;
        let inflated = match self.early.remove(&i) {
            Some((data, inflated)) => {
                let checked = if inflated.size > budget {
                    Err(Failure::Limit(over_budget(limits)))
                } else {
                    inspector.feed(&data).map_err(Failure::Refused)
                };
                kept = Some(data);
                checked.map(|()| inflated)
            }
            None => {
                let (mut data, mut keep) = (Vec::new(), sheet || room > 0);
                let inflated = inflate(&mut self.zip, i, limits, budget, |chunk| {
                    if keep && (sheet || (data.len() + chunk.len()) as u64 <= room) {
                        data.extend_from_slice(chunk);
                    } else if keep {
                        // Past the room left: not kept after all, and inflated again should a mend need it.
                        keep = false;
                        data = Vec::new();
                    }
                    inspector.feed(chunk)
                });
                if keep {
                    kept = Some(data);
                }
                inflated
            }
        };
        let inflated = inflated.and_then(|inflated| {
            inspector.finish().map_err(Failure::Damaged)?;
            Ok(inflated)
        });
        let inflated = match inflated {
            Ok(inflated) => inflated,
            Err(Failure::Refused(e)) => return Err(e),
            Err(failure) if optional => {
                let why = match failure {
                    Failure::Limit(e) | Failure::Refused(e) => e.to_string(),
                    Failure::Damaged(why) => why,
                };
                prepared.leave_out_optional(i, name, self.flavour, &why);
                return Ok(None);
            }
            Err(Failure::Limit(e)) => return Err(e),
            Err(Failure::Damaged(why)) => {
                return Err(ReadError::corrupt(format!("zip member \"{name}\" is damaged: {why}")))
            }
        };
        self.total += inflated.size;
        if let (Inspect::ErrorCells(sheet), Some(xml)) = (inspect, &kept) {
            if let Some(regions) = merged_regions(xml) {
                prepared.merged.insert(sheet.clone(), regions);
            }
            // Two members may share a normalised name: any that may hold links counts.
            let may_link = memchr::memmem::find(xml, b"hyperlinks").is_some();
            *prepared.links.entry(normalise_path(name)).or_default() |= may_link;
        }
        let path = normalise_path(name);
        if optional && path == self.styles {
            prepared.styles = Some((i, name.to_owned()));
        }
        // Mend what must be mended; a mend works on the member's whole content, inflated again when it was
        // not kept (mends are rare: most members are only looked at).
        let whole = |kept: &mut Option<Vec<u8>>, zip: &mut ZipArchive<Cursor<&[u8]>>| match kept.take() {
            Some(data) => Ok(data),
            None => inflate_to_vec(zip, i, limits, inflated.size).map_err(|failure| match failure {
                Failure::Limit(e) | Failure::Refused(e) => e,
                Failure::Damaged(why) => ReadError::corrupt(format!("zip member \"{name}\" is damaged: {why}")),
            }),
        };
        let mut mended: Option<Vec<u8>> = None;
        match (inspect, inspector) {
            (_, Inspector::Keep(data)) if path == "content.xml" => {
                if inflated.longer() {
                    mended = Some(data.clone());
                }
                prepared.content_index = Some(i);
                prepared.content = Some(data);
            }
            // The ods manifest, where encryption is declared.
            (_, Inspector::Keep(data)) => match manifest(&data) {
                Some(true) => return Err(ReadError::password_protected()),
                Some(false) => mended = inflated.longer().then_some(data),
                None => {
                    prepared
                        .warnings
                        .push(format!("\"{name}\" is damaged and was replaced by a plain one; it holds no answers"));
                    mended = Some(PLAIN_MANIFEST.as_bytes().to_vec());
                }
            },
            // calamine reserves room for the header's count of shared strings: a claim far over the real
            // entries would make it reserve gigabytes for nothing, so the claim is set to the real count.
            (_, Inspector::SharedStrings(counter)) if counter.claim.is_some_and(|claim| claim > limits.max_cells) => {
                mended = Some(counter.with_true_count(whole(&mut kept, &mut self.zip)?));
            }
            (Inspect::Records(Some(sheet)), Inspector::Records(walker)) if !walker.errors.is_empty() => {
                let mut data = whole(&mut kept, &mut self.zip)?;
                let cells = prepared.errors.entry(sheet.clone()).or_default();
                for &(row, col, code, at) in &walker.errors {
                    if let Some(byte) = data.get_mut(at as usize) {
                        *byte = XLSB_NA;
                        cells.insert((row, col), xlsb_error_literal(code));
                    }
                }
                mended = Some(data);
            }
            (Inspect::ErrorCells(sheet), Inspector::ErrorCells(scan)) if scan.found => {
                let data = whole(&mut kept, &mut self.zip)?;
                match swap_unknown_errors(&data) {
                    Some((swapped, cells)) => {
                        prepared.errors.entry(sheet.clone()).or_default().extend(cells);
                        mended = Some(swapped);
                    }
                    None => kept = Some(data),
                }
            }
            _ => {}
        }
        if inflated.longer() {
            if mended.is_none() {
                mended = Some(whole(&mut kept, &mut self.zip)?);
            }
            prepared.warnings.push(format!(
                "zip member \"{name}\" holds {} bytes, more than the {} its header declares; it was read in full",
                inflated.size, inflated.declared
            ));
        }
        // A sheet read goes to calamine without the empty cells it would only skip (see `empty_cells`), when
        // it goes there as inflated here.
        if let Inspect::ErrorCells(_) = inspect {
            let stored = mended.as_mut().or(kept.as_mut().filter(|data| data.len() as u64 <= room));
            if let Some(data) = stored {
                if let Some(slim) = without_empty_cells(data) {
                    *data = slim;
                }
            }
        }
        // The cell styles go to calamine with only what the import reads of them.
        if optional && path == self.styles && self.flavour == ZipFlavour::Xlsx {
            let whole = mended.as_ref().or(kept.as_ref().filter(|data| data.len() as u64 <= room));
            if let Some(formats) = whole.and_then(|data| parts::number_formats_only(data)) {
                mended = Some(formats);
            }
        }
        if let Some(data) = mended {
            // A change planned before the pass (the workbook without the sheets calamine refuses) stands.
            prepared.plan.replace.entry(i).or_insert(data);
        }
        Ok(kept)
    }
}

impl Prepared<'_> {
    /// Leaves out a damaged member that holds no answers, with a warning; the ods manifest, which calamine
    /// cannot open a file without, is replaced by a plain one instead.
    fn leave_out_optional(&mut self, index: usize, name: &str, flavour: ZipFlavour, why: &str) {
        let path = normalise_path(name);
        if flavour == ZipFlavour::Ods {
            let plain = if path == "mimetype" { ODS_MIMETYPE } else { PLAIN_MANIFEST };
            self.plan.replace.insert(index, plain.as_bytes().to_vec());
            self.warnings
                .push(format!("\"{name}\" is damaged ({why}) and was replaced by a plain one; it holds no answers"));
        } else if path.ends_with("styles.xml") || path.ends_with("styles.bin") {
            self.plan.drop.insert(index);
            self.warnings.push(format!(
                "\"{name}\" (the cell styles) is damaged ({why}) and was left out; numbers formatted as dates or \
                 percentages may read as plain numbers"
            ));
        } else {
            self.plan.drop.insert(index);
            self.warnings.push(format!("\"{name}\" is damaged ({why}) and was left out; it holds no answers"));
        }
    }
}

/// What the guard does with the member at `path` (normalised).
fn member_use(
    flavour: ZipFlavour,
    path: &str,
    structure: Option<&Structure>,
    sheet: Option<SheetKind>,
    role: Option<(Role, &str)>,
) -> Use {
    if flavour == ZipFlavour::Ods {
        return match path {
            // calamine insists on both, though neither holds answers: a damaged one is replaced by a plain one.
            "mimetype" => Use::Optional(Inspect::None),
            "content.xml" => Use::Read(Inspect::Keep),
            "meta-inf/manifest.xml" => Use::Optional(Inspect::Keep),
            // Styles, settings, metadata, thumbnails, pictures, macros: nothing calamine needs, no answers.
            _ => Use::Skip,
        };
    }
    let xlsb = flavour == ZipFlavour::Xlsb;
    let Some(structure) = structure else {
        // The workbook could not be understood: check every sheet, and leave judging it to calamine.
        if path.starts_with("xl/worksheets/") && !path.contains("/_rels/") {
            return Use::Read(if xlsb { Inspect::Records(None) } else { Inspect::None });
        }
        return default_use(flavour, path);
    };
    if let Some((role, name)) = role {
        return match role {
            Role::Skip => Use::Skip,
            _ if xlsb => Use::Read(Inspect::Records(Some(name.to_owned()))),
            _ => Use::Read(Inspect::ErrorCells(name.to_owned())),
        };
    }
    if sheet.is_some() {
        // A chart, dialog or macro sheet.
        return Use::Skip;
    }
    if path == structure.shared_strings {
        return Use::Read(if xlsb { Inspect::Records(None) } else { Inspect::SharedStrings });
    }
    if path == structure.styles {
        return Use::Optional(if xlsb { Inspect::Records(None) } else { Inspect::None });
    }
    if path == structure.theme {
        return Use::LeaveOut;
    }
    if structure.workbook.is_some() && path.starts_with(&structure.sheet_folder) && !path.contains("/_rels/") {
        // A part in the sheets' folder that no sheet entry names: nothing reads it.
        return Use::Skip;
    }
    default_use(flavour, path)
}

/// What the guard does with a member that is no sheet, when the workbook was not understood: the parts are
/// where calamine looks for them by default.
fn default_use(flavour: ZipFlavour, path: &str) -> Use {
    let xlsb = flavour == ZipFlavour::Xlsb;
    match path {
        "xl/styles.xml" if !xlsb => Use::Optional(Inspect::None),
        "xl/theme/theme1.xml" if !xlsb => Use::LeaveOut,
        "xl/styles.bin" if xlsb => Use::Optional(Inspect::Records(None)),
        "xl/sharedstrings.xml" if !xlsb => Use::Read(Inspect::SharedStrings),
        "xl/workbook.bin" | "xl/sharedstrings.bin" if xlsb => Use::Read(Inspect::Records(None)),
        // calamine finds an xlsb's workbook by its fixed name, not through the package's relationships.
        "_rels/.rels" if xlsb => Use::Skip,
        _ if parts::holds_no_answers(path) => Use::Skip,
        _ => Use::Read(Inspect::None),
    }
}

/// Inflates a small part the structure is read from, into `early`: its index, `None` when it is missing or
/// damaged (calamine then reports it, when the part is inflated again with the rest).
fn small_part(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: &HashMap<String, usize>,
    path: &str,
    limits: &Limits,
    early: &mut Early,
) -> Result<Option<usize>, ReadError> {
    let Some(&i) = index.get(path) else { return Ok(None) };
    if early.contains_key(&i) {
        return Ok(Some(i));
    }
    let mut data = Vec::new();
    let inflated = inflate(zip, i, limits, limits.max_uncompressed_bytes, |chunk| {
        data.extend_from_slice(chunk);
        Ok(())
    });
    match inflated {
        Ok(inflated) => {
            early.insert(i, (data, inflated));
            Ok(Some(i))
        }
        Err(Failure::Limit(e) | Failure::Refused(e)) => Err(e),
        Err(Failure::Damaged(_)) => Ok(None),
    }
}

fn xlsx_structure(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: &HashMap<String, usize>,
    limits: &Limits,
    early: &mut Early,
) -> Result<Option<Structure>, ReadError> {
    let Some(package) = small_part(zip, index, "_rels/.rels", limits, early)? else { return Ok(None) };
    let Some((folder, name)) = parts::xlsx_workbook_part(&early[&package].0) else { return Ok(None) };
    let rels_path = normalise_path(&format!("{folder}_rels/{name}.rels"));
    let Some(rels) = small_part(zip, index, &rels_path, limits, early)? else { return Ok(None) };
    let Some(rels) = parts::relationships(&early[&rels].0) else { return Ok(None) };
    let workbook_path = normalise_path(&format!("{folder}{name}"));
    let Some(workbook) = small_part(zip, index, &workbook_path, limits, early)? else { return Ok(None) };
    let Some(sheets) = parts::xlsx_sheets(&early[&workbook].0, &rels, &folder) else { return Ok(None) };
    let folder = normalise_path(&folder);
    Ok(Some(Structure {
        sheets,
        workbook: Some(workbook),
        shared_strings: format!("{folder}sharedstrings.xml"),
        styles: format!("{folder}styles.xml"),
        theme: format!("{folder}theme/theme1.xml"),
        sheet_folder: format!("{folder}worksheets/"),
    }))
}

fn xlsb_structure(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    index: &HashMap<String, usize>,
    limits: &Limits,
    early: &mut Early,
) -> Result<Option<Structure>, ReadError> {
    let Some(rels) = small_part(zip, index, "xl/_rels/workbook.bin.rels", limits, early)? else { return Ok(None) };
    let Some(rels) = parts::relationships(&early[&rels].0) else { return Ok(None) };
    let Some(workbook) = small_part(zip, index, "xl/workbook.bin", limits, early)? else { return Ok(None) };
    let Some(sheets) = parts::xlsb_sheets(&early[&workbook].0, &rels) else { return Ok(None) };
    Ok(Some(Structure {
        sheets,
        workbook: Some(workbook),
        shared_strings: "xl/sharedstrings.bin".into(),
        styles: "xl/styles.bin".into(),
        // calamine reads no theme from xlsb.
        theme: String::new(),
        sheet_folder: "xl/worksheets/".into(),
    }))
}

/// The `mimetype` of an ods, for one whose own is damaged.
const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// A manifest that declares the spreadsheet and nothing else, for an ods whose own manifest is damaged.
const PLAIN_MANIFEST: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
     xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
     <manifest:file-entry manifest:full-path=\"/\" \
     manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/></manifest:manifest>";

/// Whether an ods manifest declares encryption; `None` when it cannot be read as calamine reads it.
fn manifest(xml: &[u8]) -> Option<bool> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = false;
    let mut encrypted = false;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "manifest:encryption-data" => encrypted = true,
            Event::Eof => return Some(encrypted),
            _ => {}
        }
    }
}
