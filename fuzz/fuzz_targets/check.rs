//! Any bytes through `check`, with the kind detected or forced by the first byte:
//! a report, never a panic.
#![no_main]

use cct_core::{check, ArtefactKind, Input, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let kind = match selector % 5 {
        0 => None,
        n => ArtefactKind::ALL.get(usize::from(n) - 1).copied(),
    };
    let policy = Policy::default();
    let report = check(&[Input::new("fuzz", rest).with_kind(kind)], &policy);
    // Reports always serialise.
    let _ = report.to_json();
});
