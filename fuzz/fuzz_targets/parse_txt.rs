//! Fuzzes the .txt reader: decoding and parsing arbitrary bytes never panics, and every
//! article's text splits into passages.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = dossier::ingest::parse("fuzz.txt", data) {
        for a in &parsed.articles {
            let _ = dossier::passages::split(&a.text, dossier::passages::MAX_PASSAGE_CHARS);
        }
    }
});
