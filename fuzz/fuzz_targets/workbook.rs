//! Bytes through the safe workbook reader in one format, chosen by the first byte, past the sniffer: this
//! reaches each format's pre-scans and calamine even when the bytes would be sniffed as something else.
#![no_main]

use discovery::import::fuzzing::read_workbook;
use discovery::import::{Format, Limits};
use libfuzzer_sys::fuzz_target;

const FORMATS: [Format; 6] = [Format::Xlsx, Format::Xlsm, Format::Xlsb, Format::Xls, Format::Ods, Format::Csv];

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
    let format = FORMATS[first as usize % FORMATS.len()];
    if let Err(e) = read_workbook(bytes, format, &Limits::default()) {
        assert!(!e.to_string().is_empty(), "an error without a message");
    }
});

/// libFuzzer's panic hook aborts on every panic, even one the importer catches: calamine panics on some
/// damaged files and the reader's guard turns that into an error, which is the behaviour under test. A
/// panic that escapes the importer still aborts the run (libfuzzer-sys catches it and aborts).
fn quiet_caught_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}
