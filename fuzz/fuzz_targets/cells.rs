//! Text through the cell reader for every answer type of the catalogue (questions and table columns): any
//! string must give a reading, never a panic.
#![no_main]

use discovery::import::fuzzing::read_text;
use discovery::profile::catalogue::{QUESTIONS, TABLES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for question in QUESTIONS {
        let _ = read_text(question.kind, text);
    }
    for table in TABLES {
        for column in table.columns {
            let _ = read_text(column.kind, text);
        }
    }
});
