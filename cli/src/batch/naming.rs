//! The names a batch gives each questionnaire's report and profile in the output folder.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// The file names the batch writes besides the per-file outputs; no input's outputs may take them.
pub const RESERVED: [&str; 3] = ["index.csv", "index.json", "portfolio.pdf"];

/// The longest name a file's outputs get, in bytes, before `-2` and the extension: file systems allow 255
/// bytes, and a CJK character takes three.
const MAX_NAME_BYTES: usize = 100;

/// A safe, unique output name per input: its file stem with anything but letters, digits, `-`, `_` and `.`
/// replaced, cut at 100 bytes on a character boundary, and `-2`, `-3`... where its `.pdf` or `.json` would
/// collide (case-insensitively, for file systems that ignore case) with another input's outputs, the index,
/// or an input file in the output folder.
pub fn output_names(files: &[PathBuf], out_dir: &Path) -> Vec<String> {
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|r| r.to_string()).collect();
    // Most files share a few folders: each folder is resolved once.
    let mut folders: HashMap<&Path, bool> = HashMap::new();
    for file in files {
        let Some(parent) = file.parent() else { continue };
        let in_out_dir =
            *folders.entry(parent).or_insert_with(|| parent.canonicalize().ok().is_some_and(|p| p == out_dir));
        if let (true, Some(name)) = (in_out_dir, file.file_name()) {
            taken.insert(name.to_string_lossy().to_lowercase());
        }
    }
    files
        .iter()
        .map(|file| {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let safe: String = stem
                .chars()
                .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' })
                .collect();
            let mut base = cut_to_bytes(safe.trim_matches('.'), MAX_NAME_BYTES).trim_end_matches('.').to_owned();
            if base.is_empty() {
                base = "questionnaire".to_owned();
            }
            let mut name = base.clone();
            let mut n = 2;
            loop {
                let (pdf, json) = (format!("{name}.pdf").to_lowercase(), format!("{name}.json").to_lowercase());
                if !taken.contains(&pdf) && !taken.contains(&json) {
                    taken.insert(pdf);
                    taken.insert(json);
                    return name;
                }
                name = format!("{base}-{n}");
                n += 1;
            }
        })
        .collect()
}

/// The longest start of `text` of at most `max` bytes that ends on a character boundary.
fn cut_to_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_are_safe_and_unique() {
        let files: Vec<PathBuf> =
            ["a/Acme GmbH.xlsx", "b/acme gmbh.ods", "c/../x/index.xlsx", "d/..xlsx", "e/株式会社.xlsx"]
                .iter()
                .map(PathBuf::from)
                .collect();
        assert_eq!(
            output_names(&files, Path::new("/nowhere")),
            ["Acme_GmbH", "acme_gmbh-2", "index-2", "questionnaire", "株式会社"]
        );
    }

    #[test]
    fn long_names_are_cut_by_bytes_on_a_character_boundary() {
        let name = "株".repeat(83);
        let names = output_names(&[PathBuf::from(format!("in/{name}.xlsx"))], Path::new("/nowhere"));
        assert_eq!(names[0], "株".repeat(33), "99 bytes: the 34th character would pass 100");
        assert!(format!(".{}.pdf.4294967295.partial", names[0]).len() < 255);
    }
}
