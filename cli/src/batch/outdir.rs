//! The batch's output folder: created, locked against a second batch, checked writable before any
//! conversion, and cleared of the temporary files an interrupted run left behind.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::files::{self, describe_io};

/// The lock file in the output folder. While a batch runs it holds the batch's process id and an exclusive
/// `flock`; the kernel releases the lock when the process ends, however it ends, so a lock left by a killed
/// run is no lock.
pub const LOCK_NAME: &str = ".discovery-batch.lock";

/// The output folder, locked for this batch until dropped.
#[derive(Debug)]
pub struct OutDir {
    /// Its canonical path.
    pub path: PathBuf,
    /// Temporary files of interrupted runs removed when it was prepared.
    pub removed_leftovers: usize,
    lock: Option<File>,
}

impl Drop for OutDir {
    fn drop(&mut self) {
        // Remove the file before closing it (which releases the lock): a batch waiting on this file then
        // sees that it was replaced, and locks the new one instead.
        if self.lock.is_some() {
            let _ = std::fs::remove_file(self.path.join(LOCK_NAME));
        }
        drop(self.lock.take());
    }
}

/// Creates `out` if needed, takes its lock, proves it writable, and removes leftovers of interrupted runs.
///
/// # Errors
/// When the folder cannot be created or written, or another batch is writing into it: one message that
/// says what to do.
pub fn prepare(out: &Path) -> Result<OutDir, String> {
    let shown = files::shown(out);
    if std::fs::metadata(out).is_ok_and(|m| !m.is_dir()) {
        return Err(format!("{shown}: is a file, not a folder; name the folder to write the reports into with -o"));
    }
    std::fs::create_dir_all(out)
        .map_err(|e| format!("{shown}: the output folder cannot be created: {}", describe_io(&e)))?;
    let path = out
        .canonicalize()
        .map_err(|e| format!("{shown}: the output folder cannot be resolved: {}", describe_io(&e)))?;
    let lock = lock(&path, &shown)?;
    let removed_leftovers = remove_leftovers(&path);
    Ok(OutDir { path, removed_leftovers, lock: Some(lock) })
}

fn lock(dir: &Path, shown: &str) -> Result<File, String> {
    let path = dir.join(LOCK_NAME);
    for _ in 0..5 {
        let mut file =
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(|e| {
                format!("{shown}: the output folder is not writable: {}; choose another with -o", describe_io(&e))
            })?;
        if !try_lock(&file).map_err(|e| format!("{shown}: the output folder cannot be locked: {}", describe_io(&e)))? {
            let holder = std::fs::read_to_string(&path).unwrap_or_default();
            let holder = holder.trim();
            let who = if holder.is_empty() { String::new() } else { format!(" (process {holder})") };
            return Err(format!(
                "{shown}: another batch{who} is writing into this folder; wait for it to finish, or choose another \
                 folder with -o"
            ));
        }
        // The previous holder may have removed the file between our open and our lock.
        if !same_file(&file, &path) {
            continue;
        }
        // Writing the process id proves the folder writable (and the disk not full) before any conversion.
        let written = file
            .set_len(0)
            .and_then(|()| file.write_all(format!("{}\n", std::process::id()).as_bytes()))
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            let _ = std::fs::remove_file(&path);
            return Err(format!(
                "{shown}: the output folder is not writable: {}; choose another with -o",
                describe_io(&e)
            ));
        }
        return Ok(file);
    }
    Err(format!("{shown}: the output folder's lock keeps changing; is another batch starting there?"))
}

#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    match rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(unix))]
fn try_lock(file: &File) -> std::io::Result<bool> {
    // Without flock, a lock file that holds a process id is taken as held.
    Ok(file.metadata()?.len() == 0)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// Removes `.NAME.PID.partial` files whose process is gone: what a killed or crashed run left behind.
fn remove_leftovers(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = leftover_pid(&name) else { continue };
        if pid != std::process::id() && !alive(pid) && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a temporary file's name `.NAME.PID.partial`.
fn leftover_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".partial")?;
    let (_, pid) = rest.rsplit_once('.')?;
    pid.parse().ok()
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else { return false };
    // EPERM means the process exists but belongs to someone else.
    !matches!(rustix::process::test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_named_by_their_process() {
        assert_eq!(leftover_pid(".acme.pdf.4242.partial"), Some(4242));
        assert_eq!(leftover_pid(".acme.pdf.partial"), None);
        assert_eq!(leftover_pid("acme.pdf"), None);
    }

    #[test]
    fn a_second_lock_is_refused_and_the_first_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let first = prepare(dir.path()).unwrap();
        let second = prepare(dir.path()).unwrap_err();
        assert!(second.contains("another batch (process"), "{second}");
        drop(first);
        assert!(!dir.path().join(LOCK_NAME).exists());
        prepare(dir.path()).unwrap();
    }
}
