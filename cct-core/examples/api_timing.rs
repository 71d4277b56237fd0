//! Per-call time of the facade, natively: the baseline the binding benches
//! (`benches/python_overhead.py`, `benches/node_overhead.mjs`) compare with.
//!
//! `cargo run --release -p cct-core --example api_timing -- FILE ITERATIONS`
//! prints one line: `typed_us=… json_us=…` (mean microseconds per call of
//! `api::check_text` and of `api::check_text_json_str` + `api::answer`).

use std::time::Instant;

use cct_core::api::{self, CheckOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(iterations)) = (args.next(), args.next()) else {
        eprintln!("usage: api_timing FILE ITERATIONS");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read `{file}`: {e}");
            std::process::exit(2);
        }
    };
    let n: u32 = iterations.parse().unwrap_or(100).max(1);
    let opts = CheckOptions {
        kind: Some("kube".into()),
        ..CheckOptions::default()
    };
    // Warm up (the catalog is loaded once per process).
    let _ = api::check_text(&text, &opts);
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            api::check_text(std::hint::black_box(&text), &opts)
                .map(|r| r.findings.len())
                .ok(),
        );
    }
    let typed = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            api::answer(api::check_text_json_str(
                std::hint::black_box(&text),
                r#"{"kind":"kube"}"#,
            ))
            .len(),
        );
    }
    let json = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
    println!("typed_us={typed:.1} json_us={json:.1}");
}
