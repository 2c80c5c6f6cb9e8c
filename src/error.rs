//! The error of a file that cannot be read at all. A wrong answer is a [`Diagnostic`](crate::Diagnostic)
//! instead, and never stops a run by itself.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, broadly; the message says exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be opened or read (permissions, missing, a directory).
    Io,
    /// The bytes are not a format the tool reads.
    UnknownFormat,
    /// The file is a spreadsheet or JSON but damaged or malformed.
    Malformed,
    /// The file exceeds a limit that protects the process (size, cells, zip expansion).
    Limit,
    /// The workbook has no Profile sheet or no usable header row.
    NotAQuestionnaire,
    /// Writing an output failed.
    Output,
    /// Rendering the report failed.
    Render,
}

/// A file that cannot be read or written, and why.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    /// An error of `kind` with a message (lowercase, no trailing period).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, path: None, message: message.into(), source: None }
    }

    /// The same error, about the file at `path`.
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Error {
        self.path = Some(path.as_ref().to_owned());
        self
    }

    /// The same error, caused by `source`.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.source = Some(Box::new(source));
        self
    }

    /// What went wrong, broadly.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file it is about, when known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The message without the file name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// The result of a fallible operation of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_are_send_sync() {
        fn assert_send_sync<T: Send + Sync + std::error::Error>() {}
        assert_send_sync::<Error>();
        let e = Error::new(ErrorKind::UnknownFormat, "this looks like a PDF document, not a spreadsheet")
            .with_path("in/a.xlsx");
        assert_eq!(e.to_string(), "in/a.xlsx: this looks like a PDF document, not a spreadsheet");
        assert_eq!(e.kind(), ErrorKind::UnknownFormat);
    }
}
