//! Writing an output: standard output, a device or FIFO written through, or a file replaced whole through a
//! temporary file beside it, never one of the command's inputs.

use std::ffi::OsStr;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
#[cfg(unix)]
use std::time::Duration;

use super::{FileError, Identity};

/// How long a write to a FIFO waits for something to open it for reading, before giving up. Opening a FIFO
/// that nothing reads would otherwise wait for ever; this long covers a reader started just after the
/// command (`discovery report q.xlsx -o pipe & cat pipe`).
#[cfg(unix)]
const FIFO_READER_WAIT: Duration = Duration::from_secs(5);

/// An output as the user named it: `-` is standard output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output.
    Stdout,
    /// A file (or a symlink, a device, a FIFO).
    Path(PathBuf),
}

impl Output {
    /// `-`, `/dev/stdout` and `/dev/fd/1` are standard output (written to the command's own standard output,
    /// where the shell's redirection points); anything else a path.
    pub fn new(arg: &OsStr) -> Output {
        if arg == "-" || arg == "/dev/stdout" || arg == "/dev/fd/1" || arg == "/proc/self/fd/1" {
            Output::Stdout
        } else {
            Output::Path(PathBuf::from(arg))
        }
    }

    /// The output as messages name it: its path, or `standard output`.
    pub fn shown(&self) -> String {
        match self {
            Output::Path(path) => super::shown(path),
            Output::Stdout => "standard output".to_owned(),
        }
    }
}

impl From<&OsStr> for Output {
    fn from(arg: &OsStr) -> Output {
        Output::new(arg)
    }
}

/// Checks, before any work, that `output` can take the result: it is none of `inputs`, not a folder, and
/// its folder exists.
///
/// # Errors
/// When the output names one of the inputs, a folder, or a place in a folder that does not exist.
pub fn check_output(output: &Output, inputs: &[Identity]) -> Result<(), FileError> {
    let Output::Path(path) = output else { return Ok(()) };
    if path.as_os_str().is_empty() {
        return Err(FileError::new("-o", "names no file (an empty name); name the file to write"));
    }
    if let Ok(metadata) = std::fs::metadata(path) {
        if metadata.is_dir() {
            return Err(FileError::new(path, "is a folder; name a file to write"));
        }
        if let Some(identity) = Identity::of(path) {
            if inputs.iter().any(|input| input.same(&identity)) {
                return Err(FileError::new(
                    path,
                    "is the command's input and would be overwritten; name another file with -o",
                ));
            }
        }
        return Ok(());
    }
    if path.symlink_metadata().is_ok() {
        // A symlink to nothing yet: writing through it creates its target.
        return Ok(());
    }
    check_folder(path)
}

/// The folder a new file goes into must exist.
fn check_folder(path: &Path) -> Result<(), FileError> {
    let folder = folder_of(path);
    match std::fs::metadata(folder) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(FileError::new(path, format!("cannot be written: {} is not a folder", folder.display()))),
        Err(_) => Err(FileError::new(
            path,
            format!("cannot be written: the folder {} does not exist; create it first", folder.display()),
        )),
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `output`: standard output; a regular file (or a symlink to one) replaced whole; a
/// device or a FIFO written to directly. A symlink stays a symlink: its target is written.
///
/// # Errors
/// When the output cannot be written; standard output closed by its reader is not an error.
pub fn write_output(output: &Output, bytes: &[u8]) -> Result<(), FileError> {
    let path = match output {
        Output::Stdout => return write_stdout(bytes),
        Output::Path(path) => path,
    };
    let link = path.symlink_metadata().map(|m| m.file_type().is_symlink()).unwrap_or(false);
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(FileError::new(path, "is a folder; name a file to write")),
        Ok(m) if m.is_file() && link => {
            let target = path
                .canonicalize()
                .map_err(|e| FileError::new(path, format!("cannot be resolved: {}", describe_io(&e))))?;
            write_atomically(&target, bytes).map_err(|e| FileError { path: super::shown(path), ..e })
        }
        Ok(m) if m.is_file() => write_atomically(path, bytes),
        #[cfg(unix)]
        Ok(m) if std::os::unix::fs::FileTypeExt::is_fifo(&m.file_type()) => write_fifo(path, bytes),
        // A device, a socket, or a symlink to nothing yet: written through, never replaced.
        Ok(_) => write_through(path, bytes),
        Err(_) if link => write_through(path, bytes),
        Err(_) => write_atomically(path, bytes),
    }
}

fn write_through(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|e| FileError::new(path, format!("cannot be written: {}", describe_io(&e))))
}

/// Writes to a FIFO once something reads it, waiting at most [`FIFO_READER_WAIT`] for a reader to open it.
/// The open does not block (`O_NONBLOCK` fails with `ENXIO` while nothing reads), so the command never hangs
/// on a FIFO nobody reads; once open, the writes block as a pipe's do, at the reader's pace.
#[cfg(unix)]
fn write_fifo(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    use rustix::fs::OFlags;
    use rustix::io::Errno;
    use std::os::unix::fs::OpenOptionsExt;

    let failed = |e: std::io::Error| FileError::new(path, format!("cannot be written: {}", describe_io(&e)));
    let started = std::time::Instant::now();
    let file = loop {
        match OpenOptions::new().write(true).custom_flags(OFlags::NONBLOCK.bits() as i32).open(path) {
            Ok(file) => break file,
            Err(e) if Errno::from_io_error(&e) == Some(Errno::NXIO) => {
                if started.elapsed() >= FIFO_READER_WAIT {
                    return Err(FileError::new(
                        path,
                        format!(
                            "is a FIFO (named pipe) that nothing opened for reading within {} seconds; start its \
                             reader first, or name a file to write",
                            FIFO_READER_WAIT.as_secs()
                        ),
                    ));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(failed(e)),
        }
    };
    let flags = rustix::fs::fcntl_getfl(&file).map_err(|e| failed(e.into()))?;
    rustix::fs::fcntl_setfl(&file, flags - OFlags::NONBLOCK).map_err(|e| failed(e.into()))?;
    (&file).write_all(bytes).map_err(failed)
}

/// Writes `bytes` to standard output. A reader that closed the pipe (`| head`) is not an error: the command
/// ends quietly with the status it would have had.
///
/// # Errors
/// When standard output cannot be written for another reason (`> /dev/full`).
pub fn write_stdout(bytes: &[u8]) -> Result<(), FileError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
            Ok(())
        }
        Err(e) => Err(FileError::new("standard output", format!("cannot be written: {}", describe_io(&e)))),
        Ok(()) => Ok(()),
    }
}

/// Set when a reader closed standard output before all was written (`| head`).
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether standard output was closed before all was written: a command then ends quietly, without
/// saying it wrote anything.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Writes `bytes` to `path` through a temporary file in the same folder (`.NAME.PID.partial`), renamed into
/// place, so a reader never sees half a file and an interrupted run leaves the old file or the whole new one.
/// A file replaced keeps its permissions. The data reaches the disk before the rename.
///
/// # Errors
/// When the folder does not exist or cannot be written, or the disk is full.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_through_temporary(path, Durability::Synced, |file| file.write_all(bytes))
}

/// Writes to `path` as [`write_atomically`] does what `write` gives its writer (buffered), so that a large
/// output (a batch's index) goes to the disk as it is made instead of being held whole first. An error from
/// `write` leaves the old file, or none.
///
/// # Errors
/// As [`write_atomically`], and when `write` fails.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), FileError> {
    write_through_temporary(path, Durability::Synced, |file| {
        let mut buffered = std::io::BufWriter::new(file);
        write(&mut buffered)?;
        buffered.flush()
    })
}

/// Writes `bytes` to `path` as [`write_atomically`] does, without waiting for the disk: for the many reports
/// and profiles of a batch, where a wait per file cost more than converting it. A process killed half way
/// still leaves the old file or the whole new one; the kernel writes the data back within seconds, and a
/// power cut before that is mended by running the batch again.
///
/// # Errors
/// As [`write_atomically`].
pub fn write_unsynced(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_through_temporary(path, Durability::Unsynced, |file| file.write_all(bytes))
}

/// Whether a write waits for the disk before the rename that publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    Synced,
    Unsynced,
}

fn write_through_temporary(
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), FileError> {
    let folder = folder_of(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = folder.join(format!(".{name}.{}.partial", std::process::id()));
    let create = || OpenOptions::new().write(true).create_new(true).open(&temp);
    // A temporary file of that name is a crashed run's leftover with this process id: it goes, and the
    // file is made again. Most writes find none, and are spared a removal that finds nothing.
    let created = match create() {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            let _ = std::fs::remove_file(&temp);
            create()
        }
        created => created,
    };
    let mut file = created.map_err(|e| match e.kind() {
        ErrorKind::NotFound => FileError::new(
            path,
            format!("cannot be written: the folder {} does not exist; create it first", folder.display()),
        ),
        _ => FileError::new(path, format!("cannot be written in {}: {}", folder.display(), describe_io(&e))),
    })?;
    let synced = |file: &std::fs::File| match durability {
        Durability::Synced => file.sync_all(),
        Durability::Unsynced => Ok(()),
    };
    let result = write(&mut file).and_then(|()| synced(&file)).and_then(|()| {
        if let Ok(existing) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&temp, existing.permissions());
        }
        std::fs::rename(&temp, path)
    });
    drop(file);
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        FileError::new(path, format!("cannot be written: {}", describe_io(&e)))
    })
}

/// An I/O error in words, once: `permission denied`, `no space left on the device`; never the OS's code
/// after it.
pub fn describe_io(error: &std::io::Error) -> String {
    let words = match error.kind() {
        ErrorKind::NotFound => "no such file or folder",
        ErrorKind::PermissionDenied => "permission denied",
        ErrorKind::StorageFull => "no space left on the device",
        ErrorKind::ReadOnlyFilesystem => "the file system is read-only",
        ErrorKind::IsADirectory => "it is a folder",
        ErrorKind::NotADirectory => "a part of the path is not a folder",
        ErrorKind::QuotaExceeded => "the disk quota is exceeded",
        ErrorKind::FileTooLarge => "the file is too large for the file system",
        ErrorKind::InvalidFilename => "the file name is too long or not allowed",
        _ => "",
    };
    if !words.is_empty() {
        return words.to_owned();
    }
    let text = error.to_string();
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_said_once() {
        let error = std::io::Error::from_raw_os_error(28);
        assert_eq!(describe_io(&error), "no space left on the device");
        let error = std::io::Error::from_raw_os_error(5);
        assert_eq!(describe_io(&error), "input/output error");
    }

    #[test]
    fn a_leftover_temporary_file_of_the_same_process_id_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        let temp = dir.path().join(format!(".p.json.{}.partial", std::process::id()));
        std::fs::write(&temp, b"half of an earlier run").unwrap();
        write_atomically(&path, b"whole").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"whole");
        assert!(!temp.exists(), "the leftover went");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let error = check_output(&Output::Path("no/such/p.json".into()), &[]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "no/such/p.json: cannot be written: the folder no/such does not exist; create it first"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_stays_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.json");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_output(&Output::Path(link.clone()), b"new").unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }
}
