//! Bytes through the whole importer, as `discovery import` reads a file. The first byte picks the file name
//! the bytes arrive under, so every format's path (and the name-based tie-breaks of the sniffer) is reached.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = ["a.xlsx", "a.xlsm", "a.xlsb", "a.xls", "a.ods", "a.csv", "a.json", "a"];

fuzz_target!(init: quiet_caught_panics(), |data: &[u8]| {
    static CONVERTER: OnceLock<discovery::Converter> = OnceLock::new();
    let converter = CONVERTER.get_or_init(discovery::Converter::new);
    let Some((&first, bytes)) = data.split_first() else { return };
    let name = NAMES[first as usize % NAMES.len()];
    if let Err(e) = converter.import_bytes(bytes, name) {
        assert!(!e.message().is_empty(), "an error without a message");
    }
});

/// libFuzzer's panic hook aborts on every panic, even one the importer catches: calamine panics on some
/// damaged files and the reader's guard turns that into an error, which is the behaviour under test. A
/// panic that escapes the importer still aborts the run (libfuzzer-sys catches it and aborts).
fn quiet_caught_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}
