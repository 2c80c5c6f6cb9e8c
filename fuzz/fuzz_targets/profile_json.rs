//! Bytes through the profile JSON loader: invalid JSON, wrong types and schema violations must give an
//! error or diagnostics, never a panic.
#![no_main]

use std::sync::OnceLock;

use discovery::validate::Validator;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static VALIDATOR: OnceLock<Validator> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(Validator::new);
    if let Err(e) = validator.load(data, "fuzz.json") {
        assert!(!e.message().is_empty(), "an error without a message");
    }
});
