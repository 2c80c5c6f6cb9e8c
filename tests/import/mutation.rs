//! Mutation test: thousands of damaged workbooks through the whole importer, none of which may panic.
//!
//! Each case takes one of the sample or fixture workbooks (xlsx, xlsb, xls, ods, and the profile JSON) and damages
//! it, either as bytes (bits flipped, bytes inserted or deleted, the file truncated, numbers that calamine
//! allocates from overwritten) or inside one XML part of a zip workbook (tags cut, attributes garbled, huge
//! numbers, bad cell references, entity tricks), re-zipped. Every case goes through
//! `Converter::import_bytes` under `catch_unwind` and must return a profile or an error with a message.
//!
//! The cases come from a seeded xorshift generator: the seed is `DISCOVERY_MUTATION_SEED` when set, else a
//! fixed one; `DISCOVERY_MUTATION_SEED=clock` takes one from the clock to try another slice of the space,
//! as `.ci/run` does, so that each CI run tries new cases. A failure prints its seed and case number
//! and reproduces with `DISCOVERY_MUTATION_SEED=<seed> DISCOVERY_MUTATION_CASE=<n> cargo test --test main
//! mutation`. The default count keeps a debug run within seconds; `DISCOVERY_MUTATIONS=100000` runs a long
//! one. With `--nocapture` the run prints how many cases were read and refused; with
//! `DISCOVERY_MUTATION_LOG=1` also each case (outcome, case, file, damage, and the error or the
//! `damaged-part` warnings), one per line, tab-separated, to see what the importer refuses for.

use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

use zip::ZipArchive;

use super::files::make_zip;
use crate::crate_file;

/// Cases run by default: enough to cover every mutation on every file many times.
const DEFAULT_CASES: u64 = 2000;

/// A small, fast, seeded generator (xorshift64*); the same seed gives the same cases on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Mix the seed so that neighbouring case numbers give unrelated sequences; never zero.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn byte(&mut self) -> u8 {
        self.next() as u8
    }
}

/// The workbooks mutated, with the name each is imported under.
fn originals() -> Vec<(&'static str, Vec<u8>)> {
    [
        ("fabrikam-routewise.xlsx", "samples/fabrikam-routewise.xlsx"),
        ("fabrikam-routewise.ods", "samples/fabrikam-routewise.ods"),
        ("fabrikam-routewise.xls", "tests/fixtures/fabrikam-routewise.xls"),
        ("cell-values.xlsx", "tests/fixtures/cell-values.xlsx"),
        ("cell-values.ods", "tests/fixtures/cell-values.ods"),
        ("cell-values.xls", "tests/fixtures/cell-values.xls"),
        ("mueller-soen-partial.json", "samples/mueller-soen-partial.json"),
    ]
    .into_iter()
    .map(|(name, path)| (name, std::fs::read(crate_file(path)).unwrap()))
    // Nothing here writes xlsb: the sample's cells as records (see files.rs), with a VBA project.
    .chain([("fabrikam-routewise.xlsb", super::files::xlsb_with_garbage_vba())])
    .collect()
}

/// Values that break readers: huge, negative, non-numbers, overflowing dates and references.
const NASTY_VALUES: &[&str] = &[
    "",
    "-1",
    "0",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999999999",
    "1e308",
    "-1e308",
    "1e309",
    "NaN",
    "inf",
    "2958466",
    "-693594",
    "A0",
    "XFD1048577",
    "ZZZZZZ99999999999",
    "A1:XFD1048576",
    "B2:A1",
    "$A$1",
    "&amp;&lt;",
    "&#0;",
    "&#xFFFFFFFF;",
    "&lol;",
    "\u{FFFF}\u{0}",
    "PT99999999999999999999H",
    "-PT",
    "P1Y2M",
    "2024-13-45T99:99:99",
    "true",
    "#REF!",
];

/// Entity tricks: a billion-laughs DOCTYPE, an external entity, a parameter entity.
const DOCTYPES: &[&str] = &[
    "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY lol \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]>",
    "<!DOCTYPE x [<!ENTITY lol SYSTEM \"file:///etc/passwd\">]>",
    "<!DOCTYPE x [<!ENTITY % p SYSTEM \"http://example.invalid/x.dtd\"> %p;]>",
    "<!DOCTYPE x [<!ENTITY lol \"&lol;\">]>",
];

/// Damage the bytes of the file as a whole.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    let len = bytes.len().max(1);
    match rng.below(7) {
        0 => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let i = rng.below(len).min(bytes.len().saturating_sub(1));
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                }
            }
            format!("{n} bits flipped")
        }
        1 => {
            let at = rng.below(len + 1).min(bytes.len());
            let n = 1 + rng.below(64);
            let junk: Vec<u8> = (0..n).map(|_| rng.byte()).collect();
            bytes.splice(at..at, junk);
            format!("{n} bytes inserted at {at}")
        }
        2 => {
            let at = rng.below(len).min(bytes.len());
            let n = (1 + rng.below(256)).min(bytes.len() - at);
            bytes.drain(at..at + n);
            format!("{n} bytes deleted at {at}")
        }
        3 => {
            let at = rng.below(len);
            bytes.truncate(at);
            format!("truncated to {at} bytes")
        }
        4 => {
            // Sizes, counts and sector numbers are 16- or 32-bit little-endian: overwrite one with an extreme.
            let at = rng.below(len);
            let value: u32 = *rng.pick(&[0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFF]);
            let width = if rng.below(2) == 0 { 2 } else { 4 };
            for (k, b) in value.to_le_bytes().iter().take(width).enumerate() {
                if let Some(slot) = bytes.get_mut(at + k) {
                    *slot = *b;
                }
            }
            format!("{width} bytes at {at} set to {value:#x}")
        }
        5 => {
            let from = rng.below(len).min(bytes.len());
            let n = (1 + rng.below(512)).min(bytes.len() - from);
            let chunk = bytes[from..from + n].to_vec();
            let to = rng.below(len + 1).min(bytes.len());
            bytes.splice(to..to, chunk);
            format!("{n} bytes from {from} copied to {to}")
        }
        _ => {
            let at = rng.below(len).min(bytes.len());
            let n = (1 + rng.below(4096)).min(bytes.len() - at);
            let fill = rng.byte();
            bytes[at..at + n].fill(fill);
            format!("{n} bytes at {at} filled with {fill:#x}")
        }
    }
}

/// Positions of every occurrence of `needle` in `text`.
fn positions(text: &str, needle: &str) -> Vec<usize> {
    text.match_indices(needle).map(|(i, _)| i).collect()
}

/// Damage one XML part as text.
fn mutate_xml(rng: &mut Rng, xml: &mut String) -> String {
    let len = xml.len().max(1);
    let boundary = |xml: &String, mut i: usize| {
        i = i.min(xml.len());
        while !xml.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match rng.below(8) {
        0 => {
            // Cut a tag in half, or everything after it.
            let tags = positions(xml, "<");
            if tags.is_empty() {
                return "no tag to cut".into();
            }
            let at = *rng.pick(&tags);
            let end = boundary(xml, at + 1 + rng.below(12));
            if rng.below(2) == 0 {
                xml.truncate(end);
                format!("cut at {end}, inside a tag")
            } else {
                let stop = xml[end..].find('>').map_or(xml.len(), |k| end + k + 1);
                xml.replace_range(end..stop, "");
                format!("tag at {at} cut short")
            }
        }
        1 => {
            // Garble one attribute value.
            let attrs = positions(xml, "=\"");
            if attrs.is_empty() {
                return "no attribute".into();
            }
            let at = *rng.pick(&attrs) + 2;
            let Some(end) = xml[at..].find('"').map(|k| at + k) else { return "unterminated attribute".into() };
            let value = *rng.pick(NASTY_VALUES);
            xml.replace_range(at..end, value);
            format!("attribute at {at} set to {value:?}")
        }
        2 => {
            // A cell reference or dimension made huge, backwards or invalid.
            let refs: Vec<usize> = ["r=\"", "ref=\"", "sqref=\"", "repeated=\"", "spanned=\""]
                .iter()
                .flat_map(|n| positions(xml, n).into_iter().map(move |i| i + n.len()))
                .collect();
            if refs.is_empty() {
                return "no reference".into();
            }
            let at = *rng.pick(&refs);
            let Some(end) = xml[at..].find('"').map(|k| at + k) else { return "unterminated reference".into() };
            let value = *rng.pick(&[
                "A0",
                "XFD1048576",
                "XFE1",
                "A1048577",
                "A4294967296",
                "B2:A1",
                "A1:XFD1048576",
                "1000000",
                "4294967295",
                "18446744073709551615",
                "-5",
                "",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
            ]);
            xml.replace_range(at..end, value);
            format!("reference at {at} set to {value:?}")
        }
        3 => {
            // A value's text replaced by a huge or invalid number.
            let values: Vec<usize> = ["<v>", "<t>", "<text:p>", "<t xml:space=\"preserve\">"]
                .iter()
                .flat_map(|n| positions(xml, n).into_iter().map(move |i| i + n.len()))
                .collect();
            if values.is_empty() {
                return "no value".into();
            }
            let at = *rng.pick(&values);
            let Some(end) = xml[at..].find('<').map(|k| at + k) else { return "unterminated value".into() };
            let value = *rng.pick(NASTY_VALUES);
            xml.replace_range(at..end, value);
            format!("value at {at} set to {value:?}")
        }
        4 => {
            // An entity trick: a DOCTYPE after the declaration and the entity used in a value.
            let doctype = *rng.pick(DOCTYPES);
            let at = xml.find("?>").map_or(0, |k| k + 2);
            xml.insert_str(at, doctype);
            if let Some(v) = xml.find("<v>").or_else(|| xml.find("<t>")).or_else(|| xml.find("<text:p>")) {
                let k = xml[v..].find('>').map_or(v, |k| v + k + 1);
                xml.insert_str(k, "&lol;");
            }
            format!("DOCTYPE {doctype:.30}… inserted")
        }
        5 => {
            // Remove a random stretch: elements lose their ends or their starts.
            let at = boundary(xml, rng.below(len));
            let end = boundary(xml, at + 1 + rng.below(400));
            xml.replace_range(at..end, "");
            format!("bytes {at}..{end} removed")
        }
        6 => {
            // Repeat a stretch many times: duplicate rows, cells and attributes.
            let at = boundary(xml, rng.below(len));
            let end = boundary(xml, at + 1 + rng.below(300));
            let chunk = xml[at..end].to_owned();
            let times = 1 + rng.below(50);
            xml.insert_str(end, &chunk.repeat(times));
            format!("bytes {at}..{end} repeated {times} times")
        }
        _ => {
            // Replace one character with markup characters or a control character.
            let at = boundary(xml, rng.below(len));
            let with = *rng.pick(&["<", ">", "&", "\"", "\u{0}", "\u{1}", "]]>", "<![CDATA[", "<!--", "\u{FEFF}"]);
            let end = boundary(xml, at + 1).max(at);
            let end =
                if end == at && at < xml.len() { at + xml[at..].chars().next().map_or(0, char::len_utf8) } else { end };
            xml.replace_range(at..end, with);
            format!("character at {at} replaced by {with:?}")
        }
    }
}

/// Damage one XML part of a zip workbook and zip it again; `None` when the original is not a zip.
fn mutate_member(rng: &mut Rng, bytes: &[u8]) -> Option<(Vec<u8>, String)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut members = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).ok()?;
        let name = f.name().ok()?.into_owned();
        let mut data = Vec::new();
        f.read_to_end(&mut data).ok()?;
        members.push((name, data));
    }
    // Sheets and the parts calamine reads before them are the interesting targets; favour them.
    let xml: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| n.ends_with(".xml") || n.ends_with(".rels"))
        .map(|(i, _)| i)
        .collect();
    let sheets: Vec<usize> = xml
        .iter()
        .copied()
        .filter(|&i| {
            let n = &members[i].0;
            n.contains("worksheets/")
                || n.contains("sharedStrings")
                || n == "content.xml"
                || n.ends_with("workbook.xml")
        })
        .collect();
    let target = if !sheets.is_empty() && rng.below(4) != 0 { *rng.pick(&sheets) } else { *rng.pick(&xml) };
    let (name, data) = &mut members[target];
    let mut text = String::from_utf8_lossy(data).into_owned();
    let mut what = Vec::new();
    for _ in 0..1 + rng.below(3) {
        what.push(mutate_xml(rng, &mut text));
    }
    *data = text.into_bytes();
    let description = format!("{name}: {}", what.join("; "));
    let refs: Vec<(&str, Vec<u8>)> = members.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    Some((make_zip(&refs), description))
}

/// Build case `case`: which original, and how it was damaged.
fn build_case(originals: &[(&'static str, Vec<u8>)], seed: u64, case: u64) -> (&'static str, Vec<u8>, String) {
    let mut rng = Rng::new(seed ^ case.wrapping_mul(0x1000_0000_01B3));
    let (name, original) = rng.pick(originals);
    let zipped = original.starts_with(b"PK");
    if zipped && rng.below(2) == 0 {
        if let Some((bytes, what)) = mutate_member(&mut rng, original) {
            return (name, bytes, what);
        }
    }
    let mut bytes = original.clone();
    let mut what = Vec::new();
    for _ in 0..1 + rng.below(3) {
        what.push(mutate_bytes(&mut rng, &mut bytes));
    }
    (name, bytes, what.join("; "))
}

/// A number from the environment, decimal or `0x` hexadecimal.
fn env_u64(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => value.parse().ok(),
    }
}

/// The run's seed: `DISCOVERY_MUTATION_SEED` (a number, or `clock` for one from the clock), else a fixed one.
fn seed() -> u64 {
    if std::env::var("DISCOVERY_MUTATION_SEED").is_ok_and(|v| v == "clock") {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        return now.as_secs() ^ u64::from(now.subsec_nanos()).rotate_left(32);
    }
    env_u64("DISCOVERY_MUTATION_SEED").unwrap_or(0x00D1_5C0F_EA11)
}

/// What one case did.
enum Outcome {
    Read,
    Refused,
    Failed(String),
}

fn run_case(converter: &discovery::Converter, originals: &[(&'static str, Vec<u8>)], seed: u64, case: u64) -> Outcome {
    let (name, bytes, what) = build_case(originals, seed, case);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        converter.import_bytes(&bytes, name).map(|imported| converter.check_imported(imported))
    }));
    let log = std::env::var_os("DISCOVERY_MUTATION_LOG").is_some();
    match outcome {
        Ok(Ok(checked)) => {
            if log {
                let warnings: Vec<&str> = checked
                    .imported
                    .diagnostics
                    .iter()
                    .filter(|d| d.code == discovery::Code::DamagedPart)
                    .map(|d| d.message.as_str())
                    .collect();
                eprintln!("read\t{case}\t{name}\t{what}\t{}", warnings.join(" | "));
            }
            Outcome::Read
        }
        Ok(Err(e)) if e.message().trim().is_empty() => {
            Outcome::Failed(format!("case {case} ({name}, {what}): an error without a message ({:?})", e.kind()))
        }
        Ok(Err(e)) => {
            if log {
                eprintln!("refused\t{case}\t{name}\t{what}\t{}", e.message());
            }
            Outcome::Refused
        }
        Err(panic) => {
            let why = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Outcome::Failed(format!("case {case} ({name}, {what}): panicked: {why}"))
        }
    }
}

#[test]
fn mutated_workbooks_never_panic() {
    let originals = originals();
    let seed = seed();
    // Captured by the test harness, shown when the test fails (a panic outside the cases included).
    println!("mutation test: DISCOVERY_MUTATION_SEED={seed}");
    let cases: Vec<u64> = match env_u64("DISCOVERY_MUTATION_CASE") {
        Some(case) => vec![case],
        None => (0..env_u64("DISCOVERY_MUTATIONS").unwrap_or(DEFAULT_CASES)).collect(),
    };
    let converter = discovery::Converter::new();
    // Cases are independent: spread them over the cores, each thread taking every n-th case.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (converter, originals, cases) = (&converter, &originals, &cases);
                scope.spawn(move || -> Vec<Outcome> {
                    cases.iter().skip(t).step_by(threads).map(|&c| run_case(converter, originals, seed, c)).collect()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect::<Vec<Outcome>>()
    });
    let read = outcomes.iter().filter(|o| matches!(o, Outcome::Read)).count();
    let refused = outcomes.iter().filter(|o| matches!(o, Outcome::Refused)).count();
    let failures: Vec<&str> =
        outcomes.iter().filter_map(|o| if let Outcome::Failed(f) = o { Some(f.as_str()) } else { None }).collect();
    assert_eq!(outcomes.len(), cases.len(), "a worker thread died");
    eprintln!("mutation run (seed {seed:#x}): {read} read, {refused} refused of {}", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} mutated files failed; rerun one with DISCOVERY_MUTATION_SEED={seed} DISCOVERY_MUTATION_CASE=<n>:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // Guard against a generator that damages nothing or everything: both outcomes must occur.
    if cases.len() >= 100 {
        assert!(read > 0 && refused > 0, "read {read}, refused {refused} (DISCOVERY_MUTATION_SEED={seed})");
    }
}
