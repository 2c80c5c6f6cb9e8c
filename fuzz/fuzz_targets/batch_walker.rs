//! The batch's folder walker over generated trees: bytes build a small tree of folders, files of every
//! kind the walker treats differently (questionnaire extensions, other extensions, hidden files, Office lock
//! files), symlinks (to files, to folders above and below, to nothing, to `/dev/zero`) and FIFOs, in a
//! temporary folder. The walk must end, list every file at most once, never follow a symlinked folder, and
//! find every questionnaire that is reachable without one.
#![no_main]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

#[allow(dead_code, unused_imports)]
#[path = "../../cli/src/files/mod.rs"]
mod files;

#[allow(dead_code)]
#[path = "../../cli/src/batch/walker.rs"]
mod walker;

const NAMES: [&str; 12] = [
    "a.xlsx", "b.ODS", "c.json", "d.csv", "notes.pdf", "README", ".hidden.xlsx", "~$a.xlsx", "sub", "x y.xls", "株.xlsb",
    "index.json",
];
const LINKS: [&str; 6] = ["..", "../..", ".", "a.xlsx", "/dev/zero", "nowhere"];

fuzz_target!(|data: &[u8]| {
    let Ok(root) = tempfile::tempdir() else { return };
    let inbox = root.path().join("in");
    std::fs::create_dir(&inbox).unwrap();
    let mut folders = vec![inbox.clone()];
    for op in data.chunks(3).take(40) {
        let [kind, folder, name] = [op[0], *op.get(1).unwrap_or(&0), *op.get(2).unwrap_or(&0)];
        let folder = folders[folder as usize % folders.len()].clone();
        let path = folder.join(NAMES[name as usize % NAMES.len()]);
        if path.symlink_metadata().is_ok() {
            continue;
        }
        match kind % 5 {
            0 => {
                if std::fs::create_dir(&path).is_ok() {
                    folders.push(path);
                }
            }
            1 | 2 => std::fs::write(&path, b"x").unwrap(),
            3 => std::os::unix::fs::symlink(LINKS[(kind / 5) as usize % LINKS.len()], &path).unwrap(),
            _ => {
                let _ = rustix::fs::mknodat(
                    rustix::fs::CWD,
                    &path,
                    rustix::fs::FileType::Fifo,
                    rustix::fs::Mode::from_raw_mode(0o644),
                    0,
                );
            }
        }
    }
    let out = root.path().join("out");
    let found = walker::find(&[inbox.clone(), root.path().join(".").join("in")], &out);

    // Every file at most once.
    let mut seen = BTreeSet::new();
    for candidate in &found.candidates {
        let key = candidate.path.canonicalize().unwrap_or_else(|_| candidate.path.clone());
        assert!(seen.insert(key), "{} listed twice", candidate.path.display());
        // Never through a symlinked folder: every folder on the way is a real one.
        let relative = candidate.path.strip_prefix(root.path()).expect("under the root");
        let mut at = root.path().to_owned();
        for part in relative.parent().unwrap_or(Path::new("")).components() {
            at.push(part);
            let meta = at.symlink_metadata().unwrap();
            assert!(!meta.file_type().is_symlink(), "{} reached through the symlink {}", candidate.path.display(), at.display());
        }
    }
    // Every questionnaire reachable without a symlinked or hidden folder is found.
    for expected in reachable(&inbox) {
        let canonical = expected.canonicalize().unwrap_or(expected.clone());
        assert!(seen.contains(&canonical), "{} not found", expected.display());
    }
});

/// The regular files with a questionnaire extension, not hidden, not lock files, under real folders.
fn reachable(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = path.symlink_metadata() else { continue };
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if meta.is_dir() {
            out.extend(reachable(&path));
        } else if meta.is_file() {
            let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            if walker::EXTENSIONS.contains(&ext.as_str()) {
                out.push(path);
            }
        }
    }
    out
}
