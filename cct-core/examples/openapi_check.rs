//! Checks the files given as arguments and prints the time taken and a findings summary
//! (`--list` prints every finding too, `--phases` times parsing and schema validation apart).
//! Used to measure the whole check (read, parse, evaluate) with `/usr/bin/time -v`:
//!
//! ```sh
//! cargo build --release -p cct-core --example openapi_check
//! /usr/bin/time -v target/release/examples/openapi_check target/bench-data/api.github.com.json
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use cct_core::{check, Input, Policy};

fn main() {
    let start = Instant::now();
    let list = std::env::args().any(|a| a == "--list");
    let files: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .filter(|a| a != "--list" && a != "--phases")
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    if std::env::args().any(|a| a == "--phases") {
        phases(&files);
    }
    let inputs: Vec<Input<'_>> = files
        .iter()
        .map(|(p, b)| Input::new(p.clone(), b.as_slice()))
        .collect();
    let report = check(&inputs, &Policy::default());
    let elapsed = start.elapsed();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.findings {
        *by_rule.entry(f.rule.as_str()).or_default() += 1;
    }
    if list {
        for f in &report.findings {
            println!(
                "{}:{}:{} {} {} | {}",
                f.location.path,
                f.location.line,
                f.location.column,
                f.rule,
                f.location.pointer,
                f.message
            );
        }
    }
    for (rule, n) in by_rule {
        println!("{n:>7}  {rule}");
    }
    for e in &report.errors {
        println!("error: {}: {}", e.path, e.message);
    }
    println!(
        "{} findings in {:.3} s",
        report.findings.len(),
        elapsed.as_secs_f64()
    );
}

/// Times the phases of a check separately: parse, conversion to JSON, schema validation.
fn phases(files: &[(String, Vec<u8>)]) {
    use cct_core::document::{load_bytes, Limits};
    use cct_core::openapi::{schema::validator, Version};
    for (path, bytes) in files {
        let t = Instant::now();
        let Ok(docs) = load_bytes(bytes, &Limits::default()) else {
            continue;
        };
        let parse = t.elapsed();
        let t = Instant::now();
        let json = docs[0].root.to_json();
        let to_json = t.elapsed();
        let t = Instant::now();
        let version = if json["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
        {
            Version::V31
        } else {
            Version::V30
        };
        let valid = validator(version).map(|v| v.is_valid(&json));
        let validate = t.elapsed();
        println!(
            "{path}: parse {parse:?}, to_json {to_json:?}, schema {validate:?} (valid: {valid:?})"
        );
    }
}
