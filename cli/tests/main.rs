//! The command line as users run it, one module per subcommand.

mod batch;
mod check;
mod cli;
mod files;
mod follow_up;
mod previous;
mod report;

use std::path::PathBuf;

/// A file of the repository, by its path from the repository's root (the library's crate).
pub fn crate_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}
