//! Reading an input: a regular file or standard input, never more than the limit plus one byte.

use std::ffi::OsStr;
use std::fs::{File, OpenOptions};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::{describe_io, kind_of, FileError, Identity};

/// An input as the user named it: `-` is standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn new(arg: &OsStr) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// How messages name it.
    pub fn shown(&self) -> String {
        match self {
            Input::Stdin => "standard input".to_owned(),
            Input::Path(path) => super::shown(path),
        }
    }

    /// The name diagnostics give it and the format sniffer breaks ties with (`acme.xlsx`).
    pub fn file_name(&self) -> String {
        match self {
            Input::Stdin => "stdin".to_owned(),
            Input::Path(path) => {
                path.file_name().map_or_else(|| super::shown(path), |n| n.to_string_lossy().into_owned())
            }
        }
    }

    /// The identity of the file it names (standard input's when it is a redirected file), so that no output
    /// replaces it.
    pub fn identity(&self) -> Option<Identity> {
        match self {
            Input::Path(path) => Identity::of(path),
            Input::Stdin => stdin_identity(),
        }
    }
}

impl From<&OsStr> for Input {
    fn from(arg: &OsStr) -> Input {
        Input::new(arg)
    }
}

/// An input read into memory.
#[derive(Debug)]
pub struct Read {
    /// Its bytes: at most the limit.
    pub bytes: Vec<u8>,
    /// The name diagnostics give it.
    pub file_name: String,
}

/// Reads an input whole, refusing anything but a regular file (or standard input) and anything larger than
/// `limit` bytes. The kind of file is checked before it is opened, the open does not block, and the read
/// stops after `limit + 1` bytes whatever the file's metadata says.
///
/// # Errors
/// When the input does not exist, is not a regular file, cannot be read, or is larger than `limit`.
pub fn read_input(input: &Input, limit: u64) -> Result<Read, FileError> {
    let file_name = input.file_name();
    let shown = input.shown();
    let bytes = match input {
        Input::Stdin => {
            read_bounded(std::io::stdin().lock(), limit, 0).map_err(|e| FileError::new(&shown, describe_io(&e)))?
        }
        Input::Path(path) => read_file(path, limit)?,
    };
    if bytes.len() as u64 > limit {
        return Err(FileError::limit(
            &shown,
            format!("the file is more than {limit} bytes, the limit; split it or remove embedded pictures"),
        ));
    }
    Ok(Read { bytes, file_name })
}

fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound if path.symlink_metadata().is_ok() => {
            FileError::new(path, "is a symbolic link to nothing (its target does not exist)")
        }
        std::io::ErrorKind::NotFound => FileError::new(path, "does not exist"),
        _ => FileError::new(path, format!("cannot be read: {}", describe_io(&e))),
    })?;
    check_regular(path, &metadata)?;
    if metadata.len() > limit {
        return Err(FileError::limit(
            path,
            format!("the file is {} bytes, more than the limit of {limit} bytes", metadata.len()),
        ));
    }
    let file =
        open_nonblocking(path).map_err(|e| FileError::new(path, format!("cannot be read: {}", describe_io(&e))))?;
    // The path may have been swapped for something else between the check and the open.
    let opened = file.metadata().map_err(|e| FileError::new(path, format!("cannot be read: {}", describe_io(&e))))?;
    check_regular(path, &opened)?;
    // Room for the size the file has now (and the byte that would prove it grew past the limit), so that it
    // is read in one call rather than in probes from a few bytes up.
    let expected = opened.len().min(limit).saturating_add(1);
    read_bounded(file, limit, usize::try_from(expected).unwrap_or(0))
        .map_err(|e| FileError::new(path, format!("cannot be read: {}", describe_io(&e))))
}

/// Refuses anything but a regular file, saying what it is.
fn check_regular(path: &Path, metadata: &std::fs::Metadata) -> Result<(), FileError> {
    if metadata.is_dir() {
        return Err(FileError::new(path, "is a folder; name a file (`discovery batch` converts whole folders)"));
    }
    if !metadata.is_file() {
        return Err(FileError::new(
            path,
            format!("is {}, not a regular file; only regular files are read", kind_of(metadata.file_type())),
        ));
    }
    Ok(())
}

/// Opens for reading without waiting: a FIFO put in a file's place never blocks the command.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// Reads at most `limit + 1` bytes: one more than allowed tells that there is more.
fn read_bounded(reader: impl std::io::Read, limit: u64, expected: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(expected);
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn stdin_identity() -> Option<Identity> {
    use std::os::fd::AsFd;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    let file = File::from(fd);
    let metadata = file.metadata().ok()?;
    // Only a redirected regular file can be overwritten; a pipe or a terminal cannot.
    if !metadata.is_file() {
        return None;
    }
    Identity::of_open(&file, None)
}

#[cfg(not(unix))]
fn stdin_identity() -> Option<Identity> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_stops_one_byte_past_the_limit() {
        let bytes = read_bounded(std::io::repeat(0), 10, 0).unwrap();
        assert_eq!(bytes.len(), 11);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, [b'a'; 20]).unwrap();
        let error = read_input(&Input::Path(path.clone()), 10).unwrap_err();
        assert!(error.limit);
        assert!(error.message.contains("20 bytes, more than the limit of 10"), "{error}");
        assert_eq!(read_input(&Input::Path(path), 20).unwrap().bytes.len(), 20);
    }

    #[test]
    fn a_folder_and_a_missing_file_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_input(&Input::Path(dir.path().to_owned()), 10).unwrap_err();
        assert!(error.message.starts_with("is a folder"), "{error}");
        let error = read_input(&Input::Path(dir.path().join("no.xlsx")), 10).unwrap_err();
        assert_eq!(error.message, "does not exist");
    }
}
