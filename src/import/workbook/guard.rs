//! The last line of defence around calamine: a panic while it reads becomes a [`ReadError`], and prints
//! nothing. Rust's default panic hook writes the message (and, with `RUST_BACKTRACE` set, a backtrace) to
//! stderr *before* `catch_unwind` sees the panic, so a caught panic would still show a vendor's file as a
//! crash. A hook is installed once, for the whole process: it stays quiet for a panic on a thread that is
//! inside [`guarded`] (a thread-local flag) and hands every other panic to the hook that was there before.
//! Swapping the process-wide hook around each call instead would race when a batch reads files on several
//! threads at once: one thread could restore the loud hook while another is inside calamine.
//!
//! An allocation failure aborts and cannot be caught; that is what the pre-checks are for.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::{Format, ReadError};

thread_local! {
    /// Set while this thread runs a guarded reader.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Installs, once per process, the hook that is quiet inside [`guarded`] and otherwise does what the hook
/// before it did. A program that sets its own hook later replaces it; caught panics then print again, which
/// is that program's choice.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            // `try_with`: a panic while the thread's locals are being destroyed must still reach a hook.
            if !GUARDED.try_with(Cell::get).unwrap_or(false) {
                previous(info);
            }
        }));
    });
}

/// Runs a calamine-backed reader, turning a panic into a [`ReadError`] that says the file could not be read
/// and why, without printing anything.
pub(super) fn guarded<T>(format: Format, f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    install_quiet_hook();
    let outer = GUARDED.with(|g| g.replace(true));
    let outcome = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(outer));
    outcome.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".to_string());
        Err(ReadError::corrupt(format!("the {format} file could not be read: the reader failed ({why})")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::workbook::ReadErrorKind;

    #[test]
    fn a_panic_in_a_reader_becomes_an_error() {
        let err = guarded::<()>(Format::Xls, || panic!("index out of bounds")).unwrap_err();
        assert_eq!(err.kind(), ReadErrorKind::Corrupt);
        assert_eq!(err.to_string(), "the xls file could not be read: the reader failed (index out of bounds)");
    }

    #[test]
    fn the_flag_is_reset_after_a_panic_and_when_nested() {
        let _ = guarded::<()>(Format::Xlsb, || {
            let inner = guarded::<()>(Format::Xlsb, || panic!("inner"));
            assert!(inner.is_err());
            assert!(GUARDED.with(Cell::get), "still inside the outer guard");
            panic!("outer")
        });
        assert!(!GUARDED.with(Cell::get));
    }
}
