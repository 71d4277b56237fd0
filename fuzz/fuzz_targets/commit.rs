//! Any text as a commit message (as typed in the editor, with comments and a
//! scissors line), and the version bump and changelog over it: never a panic.
#![no_main]

use cct_core::Policy;
use cct_core::{check_edited_message, check_message};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let policy = Policy::default();
    let _ = check_message(&text, &policy).to_json();
    let _ = check_edited_message("COMMIT_EDITMSG", &text, '#', &policy);
});
