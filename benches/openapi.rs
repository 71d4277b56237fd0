//! OpenAPI check speed on a large real-world description (GitHub's REST API, 13 MB of JSON),
//! and on a generated 5 MB description minified and pretty-printed.
//!
//! The file is not downloaded at run time. Fetch it once (see docs/openapi.md):
//!
//! ```sh
//! mkdir -p target/bench-data && npm pack @octokit/openapi@23.0.2 --pack-destination target/bench-data && tar -xzf target/bench-data/octokit-openapi-23.0.2.tgz -C target/bench-data --strip-components=2 package/generated/api.github.com.json
//! ```
//!
//! Run: `cargo bench -p cct-core --bench openapi`. Without the file the bench prints a note and does nothing.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use cct_core::{check, ArtefactKind, Input, Policy};

#[path = "support/openapi_gen.rs"]
mod openapi_gen;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target/bench-data")
        .join(name)
}

fn github(c: &mut Criterion) {
    let path = data("api.github.com.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "note: {} is absent; skipping the OpenAPI bench (see docs/openapi.md to fetch it)",
            path.display()
        );
        return;
    };
    let policy = Policy::default();
    let mut group = c.benchmark_group("openapi");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("check-api.github.com.json", |b| {
        b.iter(|| {
            let input = Input::new("api.github.com.json", bytes.as_slice())
                .with_kind(Some(ArtefactKind::Openapi));
            black_box(check(&[input], &policy))
        })
    });
    group.finish();
}

fn petstore(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/openapi/petstore-3.0.yaml");
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let policy = Policy::default();
    c.bench_function("openapi/check-petstore-3.0.yaml", |b| {
        b.iter(|| {
            black_box(check(
                &[Input::new("petstore-3.0.yaml", bytes.as_slice())],
                &policy,
            ))
        })
    });
}

/// The same generated 5 MB description minified (one line) and pretty-printed: positions cost
/// the same on both, so the two should be within 1.5× of each other.
fn minified_vs_pretty(c: &mut Criterion) {
    let policy = Policy::default();
    let mut group = c.benchmark_group("openapi-generated-5mb");
    group.sample_size(10);
    for (name, text) in [
        ("minified", openapi_gen::minified(5_000_000)),
        ("pretty", openapi_gen::pretty(5_000_000)),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let input =
                    Input::text("api.json", text.as_str()).with_kind(Some(ArtefactKind::Openapi));
                black_box(check(&[input], &policy))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, github, petstore, minified_vs_pretty);
criterion_main!(benches);
