//! Checking a minified (single-line) description costs about what the same description
//! pretty-printed costs: positions are computed in constant time per node, not by
//! rescanning the line.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use cct_core::{check, ArtefactKind, Input, Policy, Report};

#[path = "../../benches/support/openapi_gen.rs"]
mod openapi_gen;

/// Size of the generated description: 5 MB (where rescanning the line took minutes) in an
/// optimised build (`cargo test --release`); 500 kB in a debug build, ten times slower, where a
/// quadratic cost still shows as a ratio of hundreds.
const SIZE: usize = if cfg!(debug_assertions) {
    500_000
} else {
    5_000_000
};

fn best_of_three(text: &str, policy: &Policy) -> (Duration, Report) {
    let mut best = Duration::MAX;
    let mut report = None;
    for _ in 0..3 {
        let input = Input::text("api.json", text).with_kind(Some(ArtefactKind::Openapi));
        let start = Instant::now();
        let r = check(&[input], policy);
        best = best.min(start.elapsed());
        report = Some(r);
    }
    (best, report.unwrap())
}

fn counts(report: &Report) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for f in &report.findings {
        *out.entry((f.rule.clone(), f.location.pointer.clone()))
            .or_insert(0) += 1;
    }
    out
}

#[test]
fn minified_is_within_one_and_a_half_times_pretty() {
    let policy = Policy::default();
    let minified = openapi_gen::minified(SIZE);
    let pretty = openapi_gen::pretty(SIZE);
    assert!(!minified.contains('\n') && minified.len() >= SIZE);
    let (t_pretty, r_pretty) = best_of_three(&pretty, &policy);
    let (t_min, r_min) = best_of_three(&minified, &policy);
    assert!(r_min.errors.is_empty(), "{:?}", r_min.errors);
    assert!(
        r_min.findings.len() > SIZE / 500,
        "{}",
        r_min.findings.len()
    );
    assert_eq!(counts(&r_min), counts(&r_pretty));
    assert!(r_min.findings.iter().all(|f| f.location.line == 1));
    assert!(
        t_min.as_secs_f64() <= 1.5 * t_pretty.as_secs_f64(),
        "minified {t_min:?} vs pretty {t_pretty:?} ({} findings)",
        r_min.findings.len()
    );
}

#[test]
fn columns_on_a_long_line_count_characters() {
    let text = openapi_gen::minified(20_000);
    let input = Input::text("api.json", text.as_str()).with_kind(Some(ArtefactKind::Openapi));
    let report = check(&[input], &Policy::default());
    assert!(!report.findings.is_empty());
    for f in &report.findings {
        // The character at the reported column starts the node the finding points at:
        // a value (`{`, `"`, a digit…) or a key.
        let c = text.chars().nth(f.location.column as usize - 1);
        assert!(
            matches!(c, Some('{' | '[' | '"' | '0'..='9' | '-' | 't' | 'f' | 'n')),
            "{} at column {}: {c:?}",
            f.rule,
            f.location.column
        );
    }
}
