//! Finding a batch's questionnaires: files as given, folders searched without following symlinked folders,
//! every file once, and everything that is no questionnaire counted as skipped with the reason.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use discovery::portfolio::Skipped;

use crate::files::{self, Identity, IdentityKey};

/// The extensions of the files a folder search picks up.
pub const EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "json"];

/// A file to convert, or a path that will be a failed row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The path as found.
    pub path: PathBuf,
    /// Why it cannot be converted at all (it does not exist, its folder cannot be read); `None` to convert.
    pub problem: Option<String>,
    /// Which file it is, from the metadata the search read (so that no file is looked up again to find
    /// two paths to it); `None` for a failed path.
    pub identity: Option<Identity>,
}

impl Candidate {
    fn file(path: PathBuf, metadata: &std::fs::Metadata) -> Candidate {
        let identity = Some(Identity::of_metadata(&path, metadata));
        Candidate { path, problem: None, identity }
    }

    fn failed(path: PathBuf, problem: impl Into<String>) -> Candidate {
        Candidate { path, problem: Some(problem.into()), identity: None }
    }
}

/// What a search found.
#[derive(Debug, Default)]
pub struct Found {
    /// The questionnaires (and failed paths), each file once, in the order of their paths.
    pub candidates: Vec<Candidate>,
    /// What is no questionnaire, with why.
    pub skipped: Vec<Skipped>,
}

/// Whether a folder is the output of an earlier batch: it holds the batch's index.
pub fn is_batch_output(dir: &Path) -> bool {
    dir.join("index.json").is_file() && dir.join("index.csv").is_file()
}

/// Searches `inputs`: a file is taken as given (whatever its extension), a folder searched. `out_dir` (the
/// batch's output folder, absolute) and earlier batches' output folders are not searched.
pub fn find(inputs: &[PathBuf], out_dir: &Path) -> Found {
    let mut found = Found::default();
    for input in inputs {
        match std::fs::metadata(input) {
            Ok(m) if m.is_dir() => walk(input, out_dir, &mut found),
            Ok(m) => found.candidates.push(Candidate::file(input.clone(), &m)),
            Err(_) if input.symlink_metadata().is_ok() => {
                found.candidates.push(Candidate::failed(input.clone(), "is a symbolic link to nothing"))
            }
            Err(_) => found.candidates.push(Candidate::failed(input.clone(), "does not exist")),
        }
    }
    dedupe(&mut found.candidates);
    // A folder given twice (`in` and `./in`) lists its skipped files once.
    let mut seen = BTreeSet::new();
    found.skipped.retain(|s| {
        let path = Path::new(&s.file);
        let parent = path.parent().and_then(|p| p.canonicalize().ok()).unwrap_or_default();
        seen.insert(parent.join(path.file_name().unwrap_or_default()))
    });
    found.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    found
}

/// Why a folder is not searched: the output folder itself, an earlier batch's output.
fn pruned(dir: &Path, out_dir: &Path) -> Option<&'static str> {
    let canonical = dir.canonicalize().ok()?;
    if canonical == out_dir {
        Some("the batch's own output folder")
    } else if is_batch_output(dir) {
        Some("an earlier batch's output folder (it holds index.json)")
    } else {
        None
    }
}

fn walk(root: &Path, out_dir: &Path, found: &mut Found) {
    let mut pruned_here: Vec<Skipped> = Vec::new();
    let entries = walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name().into_iter().filter_entry(|e| {
        if !e.file_type().is_dir() {
            return true;
        }
        let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
        let why = if hidden { Some("a hidden folder") } else { pruned(e.path(), out_dir) };
        if let Some(why) = why {
            pruned_here.push(Skipped::new(files::shown(e.path()), why));
        }
        why.is_none()
    });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map_or_else(|| root.to_owned(), Path::to_owned);
                let why = error.io_error().map_or_else(|| error.to_string(), files::describe_io);
                found.candidates.push(Candidate::failed(path, format!("cannot be read: {why}")));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.into_path();
        // A symlink is read through when it names a file; a symlinked folder is never followed.
        let target = std::fs::metadata(&path);
        if target.as_ref().is_ok_and(|m| m.is_dir()) {
            found.skipped.push(Skipped::new(files::shown(&path), "a symbolic link to a folder (not followed)"));
        } else if let Some(why) = skip_reason(&path) {
            found.skipped.push(Skipped::new(files::shown(&path), why));
        } else if let Ok(metadata) = &target {
            found.candidates.push(Candidate::file(path, metadata));
        } else {
            found.candidates.push(Candidate::failed(path, "is a symbolic link to nothing"));
        }
    }
    found.skipped.append(&mut pruned_here);
}

/// Why a file found in a folder is no questionnaire: hidden, an Office lock file, another extension.
fn skip_reason(path: &Path) -> Option<String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if name.starts_with("~$") || name.starts_with(".~lock.") {
        return Some("an Office lock file".to_owned());
    }
    if name.starts_with('.') {
        return Some("a hidden file".to_owned());
    }
    let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension {
        Some(e) if EXTENSIONS.contains(&e.as_str()) => None,
        Some(e) => Some(format!("not a questionnaire (.{e})")),
        None => Some("not a questionnaire (no extension)".to_owned()),
    }
}

/// Keeps the first of several paths to one file (`in` and `./in`, two links, a hard link), then orders
/// the candidates by path.
fn dedupe(candidates: &mut Vec<Candidate>) {
    let mut seen: HashSet<IdentityKey> = HashSet::new();
    let mut paths: BTreeSet<PathBuf> = BTreeSet::new();
    candidates.retain(|c| {
        if !paths.insert(c.path.clone()) {
            return false;
        }
        match c.identity.as_ref().and_then(Identity::key) {
            Some(key) => seen.insert(key),
            None => true,
        }
    });
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_skipped_says_why() {
        assert_eq!(skip_reason(Path::new("a/~$acme.xlsx")).as_deref(), Some("an Office lock file"));
        assert_eq!(skip_reason(Path::new("a/.~lock.acme.xlsx#")).as_deref(), Some("an Office lock file"));
        assert_eq!(skip_reason(Path::new("a/.acme.xlsx")).as_deref(), Some("a hidden file"));
        assert_eq!(skip_reason(Path::new("a/notes.PDF")).as_deref(), Some("not a questionnaire (.pdf)"));
        assert_eq!(skip_reason(Path::new("a/README")).as_deref(), Some("not a questionnaire (no extension)"));
        assert_eq!(skip_reason(Path::new("a/acme.XLSX")), None);
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_not_followed_and_each_file_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = dir.path().join("in");
        std::fs::create_dir_all(inbox.join("sub")).unwrap();
        std::fs::write(inbox.join("sub/a.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink("..", inbox.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("a.xlsx", inbox.join("sub/b.xlsx")).unwrap();
        let dotted = dir.path().join(".").join("in");
        let found = find(&[inbox.clone(), dotted], &dir.path().join("out"));
        let paths: Vec<&Path> = found.candidates.iter().map(|c| c.path.as_path()).collect();
        assert_eq!(paths, [inbox.join("sub/a.xlsx")]);
        assert_eq!(found.skipped.len(), 1, "{:?}", found.skipped);
        assert_eq!(found.skipped[0].reason, "a symbolic link to a folder (not followed)");
    }
}
