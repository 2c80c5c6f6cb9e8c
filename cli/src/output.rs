//! Writing outputs so that a reader never sees half a file.

use std::io::Write;
use std::path::Path;

use discovery::{Error, ErrorKind, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place, so an
/// interrupted run leaves either the old file or the whole new one.
///
/// # Errors
/// When the folder cannot be written, or the rename fails.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = folder.join(format!(".{name}.{}.partial", std::process::id()));
    let result = std::fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::new(ErrorKind::Output, format!("cannot write the file: {e}")).with_path(path).with_source(e)
    })
}
