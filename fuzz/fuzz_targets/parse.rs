//! Fuzzes the reader chosen by extension: the first byte picks txt, md, html, json or jsonl.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let ext = ["txt", "md", "html", "json", "jsonl"][usize::from(pick) % 5];
    let _ = dossier::ingest::parse(&format!("fuzz.{ext}"), bytes);
});
