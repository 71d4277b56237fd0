//! Any bytes through the document loader (decoding, YAML fast and full paths, JSON):
//! an error or documents, never a panic, a hang or unbounded memory.
#![no_main]

use cct_core::document::{load_bytes, load_text, load_yaml, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let _ = load_bytes(data, &limits);
    // Also drive the full YAML parser directly, so the fast path never hides it.
    if let Ok(text) = std::str::from_utf8(data) {
        let full = load_yaml(text, &limits);
        if let (Ok(full), Ok(auto)) = (&full, load_text(text, &limits)) {
            let trimmed = text.trim_start();
            if !trimmed.starts_with('{') && !trimmed.starts_with('[') {
                // The fast loader must agree with the full parser wherever it answers.
                // Compared as printed, so that `.nan` (never equal to itself) agrees with `.nan`.
                let strip = |d: &Vec<cct_core::document::Document>| {
                    format!("{:?}", d.iter().map(|d| &d.root).collect::<Vec<_>>())
                };
                assert_eq!(strip(full), strip(&auto), "fast and full loaders disagree");
            }
        }
    }
});
