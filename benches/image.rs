//! Image check speed: a config check (microseconds) and an archive scan
//! (bounded by gzip decompression; memory does not grow with layer size).
//!
//! Run: `cargo bench -p cct-core --bench image`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use cct_core::{check, ArtefactKind, Input, Policy};

#[path = "support/archive.rs"]
mod archive;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/image/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).expect("fixture")
}

fn config_check(c: &mut Criterion) {
    let policy = Policy::default();
    let mut group = c.benchmark_group("image");
    for (label, name) in [
        ("config", "exposed-port-above-1024/good.json"),
        ("docker-inspect-3-images", "non-root-user/bad.json"),
    ] {
        let bytes = fixture(name);
        group.throughput(Throughput::Elements(1));
        group.bench_function(BenchmarkId::new("check", label), |b| {
            b.iter(|| {
                let input = Input::new("config.json", bytes.as_slice())
                    .with_kind(Some(ArtefactKind::Image));
                black_box(check(&[input], &policy))
            })
        });
    }
    // The image rules alone, on an already-loaded config (no parsing, no report building).
    let bytes = fixture("exposed-port-above-1024/good.json");
    let documents = cct_core::document::load_bytes(&bytes, &policy.limits).expect("fixture loads");
    let loaded = [cct_core::Loaded {
        path: "config.json",
        documents,
    }];
    group.bench_function(BenchmarkId::new("rules-only", "config"), |b| {
        b.iter(|| {
            let mut sink = cct_core::sink::Sink::new(&policy, cct_core::catalog::catalog());
            cct_core::image::evaluate(black_box(&loaded), &mut sink);
            black_box(sink.into_findings())
        })
    });
    group.finish();
}

fn archive_scan(c: &mut Criterion) {
    let policy = Policy::default();
    let mut group = c.benchmark_group("image-archive");
    group.sample_size(10);
    for mib in [16usize, 64] {
        let bytes = archive::generate(mib);
        group.throughput(Throughput::Bytes((mib as u64) << 20));
        group.bench_function(BenchmarkId::new("scan-gzip-layer-MiB", mib), |b| {
            b.iter(|| black_box(check(&[Input::new("app.tar", bytes.as_slice())], &policy)))
        });
    }
    group.finish();
}

criterion_group!(benches, config_check, archive_scan);
criterion_main!(benches);
