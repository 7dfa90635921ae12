//! Fuzzes the passage splitter: never panics; passages are in order, do not overlap, stay inside
//! the text, and each equals the text between its offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&max, bytes)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    for (n, p) in dossier::passages::split(&text, usize::from(max) * 8 + 1)
        .iter()
        .enumerate()
    {
        assert_eq!(p.number as usize, n);
        assert!(last_end <= p.start && p.start < p.end && p.end <= chars.len());
        assert_eq!(p.text, chars[p.start..p.end].iter().collect::<String>());
        last_end = p.end;
    }
});
