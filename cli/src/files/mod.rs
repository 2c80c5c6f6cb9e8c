//! Every file the command line reads or writes goes through here, so that every command treats files the
//! same way (interfaces.md, "The command line: how it treats files"):
//!
//! - `-` as an input is standard input, `-o -` standard output;
//! - only regular files are read, checked before they are opened (a FIFO would block the open, `/dev/zero`
//!   never ends), opened without blocking, and never read past the size limit plus one byte;
//! - an output never replaces one of the command's inputs (same canonical path, or same device and inode);
//! - an output is written to a temporary file beside it and renamed into place; a symlink is written
//!   through (its target replaced, the link kept), a device or FIFO written to directly (a FIFO once a
//!   reader opens it, waited for a few seconds at most);
//! - every failure is one message that names the path and says what to do, without the OS's own words
//!   repeated after it.

mod kind;
mod read;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};

pub use kind::{kept, Kind};
pub use read::{read_input, Input, Read};
pub use write::{
    check_output, describe_io, stdout_closed, write_atomically_with, write_output, write_stdout, write_unsynced, Output,
};

/// A file that cannot be read or written: one message, naming the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The path as the user gave it (or `standard input`).
    pub path: String,
    /// What is wrong, and what to do, in lowercase.
    pub message: String,
    /// Whether a limit refused the file (for the batch's and the library's error kinds).
    pub limit: bool,
}

impl FileError {
    /// An error about `path`.
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> FileError {
        FileError { path: shown(path.as_ref()), message: message.into(), limit: false }
    }

    /// An error about a file over the size limit.
    pub fn limit(path: impl AsRef<Path>, message: impl Into<String>) -> FileError {
        FileError { limit: true, ..FileError::new(path, message) }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for FileError {}

/// A path as messages show it.
pub fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// Which file a path names: its canonical path and, on Unix, its device and inode, so that two names of one
/// file (a hard link, a bind mount, `./x` and `x`) are known to be the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    canonical: Option<PathBuf>,
    inode: Option<(u64, u64)>,
}

impl Identity {
    /// The identity of the file `path` names now, following symlinks; `None` when nothing is there.
    pub fn of(path: &Path) -> Option<Identity> {
        Some(Identity::of_metadata(path, &std::fs::metadata(path).ok()?))
    }

    /// The identity of the file `path` names, from its metadata already read (following symlinks).
    pub fn of_metadata(path: &Path, metadata: &std::fs::Metadata) -> Identity {
        Identity::from_parts(metadata, Some(path))
    }

    /// The identity of an open file.
    pub fn of_open(file: &std::fs::File, path: Option<&Path>) -> Option<Identity> {
        Some(Identity::from_parts(&file.metadata().ok()?, path))
    }

    fn from_parts(metadata: &std::fs::Metadata, path: Option<&Path>) -> Identity {
        let inode = inode(metadata);
        // The device and inode decide where there are any; the canonical path (a readlink per component,
        // for every file of a batch) is only worked out where they are not.
        let canonical = if inode.is_none() { path.and_then(|p| p.canonicalize().ok()) } else { None };
        Identity { canonical, inode }
    }

    /// Whether two identities name one file.
    pub fn same(&self, other: &Identity) -> bool {
        match (self.inode, other.inode) {
            (Some(a), Some(b)) => a == b,
            _ => self.canonical.is_some() && self.canonical == other.canonical,
        }
    }

    /// A key equal for two identities exactly when [`same`](Identity::same) holds between them, so that a batch
    /// finds duplicates in a set rather than by comparing all pairs; `None` for an identity the same as no
    /// other (no inode and no canonical path). On one platform every identity has an inode or none has.
    pub fn key(&self) -> Option<IdentityKey> {
        match (self.inode, &self.canonical) {
            (Some(inode), _) => Some(IdentityKey::Inode(inode)),
            (None, Some(path)) => Some(IdentityKey::Path(path.clone())),
            (None, None) => None,
        }
    }
}

/// What makes two [`Identity`]s the same, for sets (see [`Identity::key`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdentityKey {
    /// The device and inode.
    Inode((u64, u64)),
    /// The canonical path, where there is no inode.
    Path(PathBuf),
}

#[cfg(unix)]
fn inode(metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn inode(_metadata: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// What kind of thing a path names, as a message says it: `a FIFO`, `a character device`.
pub fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}
