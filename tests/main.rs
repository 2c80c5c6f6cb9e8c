//! Integration tests, one module per stage of the pipeline.

mod catalogue;
mod changes;
mod diff;
mod follow_up;
mod import;
mod reference;
mod render;
mod schema;
mod states;

use std::path::PathBuf;

/// A file of the crate, by its path from the crate's root.
pub fn crate_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every file in `samples/` whose name ends in `extension`, sorted.
pub fn samples(extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate_file("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}
