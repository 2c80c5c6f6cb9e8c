//! `batch --previous PREV_OUTDIR`: the previous round's profile JSONs, each questionnaire of this round
//! matched to its own (by company and solution name, trimmed and case-insensitive, else by file name), and
//! what changed since.

use std::path::{Path, PathBuf};

use anyhow::Context;
use discovery::diff::Diff;
use discovery::portfolio::IndexRow;
use discovery::profile::Profile;
use discovery::{Checked, Converter};

use crate::common;
use crate::files::{self, Input};

/// One profile of the previous round.
#[derive(Debug)]
struct Return {
    /// The profile JSON's file name in the previous output folder.
    file: String,
    /// Its stem, lowercased: the output name the previous batch gave it.
    stem: String,
    /// `company\u{1f}solution`, trimmed and lowercased; `None` without both names.
    names: Option<String>,
    profile: Profile,
}

/// The previous round of a batch: every profile JSON in its output folder.
#[derive(Debug)]
pub struct Previous {
    returns: Vec<Return>,
}

/// Company and solution as they are compared: trimmed, lowercased; both needed.
fn names(profile: &Profile) -> Option<String> {
    let name = |n: &Option<String>| n.as_deref().map(|n| n.trim().to_lowercase()).filter(|n| !n.is_empty());
    Some(format!("{}\u{1f}{}", name(&profile.meta.company_name)?, name(&profile.meta.solution_name)?))
}

impl Previous {
    /// Reads every profile JSON in `dir` (the index and any other JSON are passed over), in file-name order.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn load(dir: &Path, converter: &Converter) -> anyhow::Result<Previous> {
        let entries = std::fs::read_dir(dir).with_context(|| {
            format!(
                "{}: cannot read the previous round's folder; name the folder an earlier batch wrote",
                dir.display()
            )
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
            .collect();
        paths.sort();
        let mut returns = Vec::new();
        for path in paths {
            // Read as every input is: a regular file, bounded.
            let Ok(read) = files::read_input(&Input::Path(path.clone()), common::max_file_bytes()) else { continue };
            // A profile always names its schema version; the index and other JSON files do not.
            let is_profile = serde_json::from_slice::<serde_json::Value>(&read.bytes)
                .is_ok_and(|json| json.get("schema_version").is_some());
            if !is_profile {
                continue;
            }
            let Ok(imported) = converter.import_bytes(&read.bytes, &read.file_name) else { continue };
            let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let stem = path.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
            returns.push(Return { names: names(&imported.profile), file, stem, profile: imported.profile });
        }
        Ok(Previous { returns })
    }

    /// How many profiles the previous round has.
    pub fn len(&self) -> usize {
        self.returns.len()
    }

    /// The previous return of a questionnaire written as `name`: the one with the same company and solution
    /// (of several, the one with the same file name, else the first), else the one with the same file name.
    fn find(&self, profile: &Profile, name: &str) -> Option<&Return> {
        let name = name.to_lowercase();
        if let Some(names) = names(profile) {
            let same: Vec<&Return> = self.returns.iter().filter(|r| r.names.as_ref() == Some(&names)).collect();
            if let Some(found) = same.iter().find(|r| r.stem == name).or(same.first()) {
                return Some(found);
            }
        }
        self.returns.iter().find(|r| r.stem == name)
    }

    /// What changed since the previous return of a questionnaire written as `name`, with the previous
    /// profile's file name; `None` for a questionnaire new in this round.
    pub fn compare(&self, checked: &Checked, name: &str) -> Option<(String, Diff)> {
        let found = self.find(&checked.imported.profile, name)?;
        Some((found.file.clone(), checked.changes_since(&found.profile)))
    }
}

/// The index row with what the comparison found.
pub fn annotate(row: IndexRow, compared: Option<(String, Diff)>) -> IndexRow {
    match compared {
        Some((file, diff)) => row.with_previous(&file, &diff),
        None => row,
    }
}

/// The summary line of a batch compared with a previous round: how many improved, went backwards, stayed
/// the same or are new.
pub fn summary(previous: &Previous, rows: impl IntoIterator<Item = IndexRow>) -> String {
    use discovery::diff::Progress;
    let kinds = [Progress::Improved, Progress::WentBackwards, Progress::Unchanged, Progress::New];
    let mut counts = [0; 4];
    for progress in rows.into_iter().filter_map(|r| r.progress()) {
        if let Some(i) = kinds.iter().position(|k| *k == progress) {
            counts[i] += 1;
        }
    }
    format!(
        "since the previous round ({} profile{}): {} improved, {} went backwards, {} unchanged, {} new",
        previous.len(),
        if previous.len() == 1 { "" } else { "s" },
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(company: &str, solution: &str) -> Profile {
        let mut profile = Profile::default();
        profile.meta.company_name = Some(company.into()).filter(|c: &String| !c.is_empty());
        profile.meta.solution_name = Some(solution.into()).filter(|s: &String| !s.is_empty());
        profile
    }

    fn previous(entries: &[(&str, &str, &str)]) -> Previous {
        let returns = entries
            .iter()
            .map(|(file, company, solution)| {
                let profile = profile(company, solution);
                Return { file: format!("{file}.json"), stem: file.to_lowercase(), names: names(&profile), profile }
            })
            .collect();
        Previous { returns }
    }

    #[test]
    fn returns_match_by_company_and_solution_then_by_file_name() {
        let round = previous(&[
            ("acme", "Acme GmbH", "Acme Cloud"),
            ("contoso-v1", " Contoso Ltd ", "Contoso ERP"),
            ("contoso", "Contoso Ltd", "Contoso ERP"),
            ("nameless", "", ""),
        ]);
        let found = |company, solution, name| round.find(&profile(company, solution), name).map(|r| r.file.as_str());
        assert_eq!(found("ACME GMBH", "acme cloud ", "acme-return-2"), Some("acme.json"), "by names, any case");
        assert_eq!(found("Contoso Ltd", "Contoso ERP", "Contoso"), Some("contoso.json"), "of two, the same file");
        assert_eq!(found("Contoso Ltd", "Contoso ERP", "other"), Some("contoso-v1.json"), "else the first");
        assert_eq!(found("Acme GmbH", "Acme Analytics", "nameless"), Some("nameless.json"), "by file name");
        assert_eq!(found("Acme GmbH", "", "acme"), Some("acme.json"), "without a solution: by file name");
        assert_eq!(found("Tailspin", "Toys", "tailspin"), None, "new in this round");
    }
}
