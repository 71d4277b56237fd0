//! Measures what the policy layer costs: a check under the default policy
//! against the same check with a profile, derogations, inline suppressions and
//! custom rules, and the time to render each report format.
//!
//! `cargo run --release -p cct-core --example policy_overhead [objects]`

use std::time::{Duration, Instant};

use cct_core::format::{self, Format};
use cct_core::{check, Input, Policy};

fn manifest(objects: usize) -> String {
    let mut out = String::new();
    for i in 0..objects {
        let ignore = if i % 10 == 0 {
            "  annotations:\n    cct.io/ignore: \"kube/container-port-above-1024: vendor port\"\n"
        } else {
            ""
        };
        out.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\n  namespace: team-{}\n{ignore}spec:\n  replicas: {}\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.fr/web:1.{i}.0\n          ports:\n            - containerPort: 80\n          resources:\n            limits: {{memory: 512Mi}}\n",
            i % 7,
            1 + i % 3
        ));
    }
    out
}

const CONFIG: &str = r#"
extends: cloud-pi-native
today: 2026-03-01
derogations:
  - rule: kube/run-as-non-root
    namespaces: [team-1, team-2]
    justification: legacy images
    granted_by: board
    expires: 2026-06-30
  - requirement: EX32
    objects: ["web-1*"]
    justification: migration
    granted_by: board
    expires: 2026-01-31
  - rule: kube/*
    paths: ["legacy/**"]
    justification: frozen
    granted_by: board
    expires: never
custom_rules:
  - id: custom/replicas
    kind: kube
    requirements: [DX-3.2-b]
    objects: [Deployment]
    select: /spec
    condition: {path: /replicas, gte: 2}
    message: "{object} runs {value} replicas"
    remediation: Run at least two.
  - id: custom/memory
    kind: kube
    requirements: [EX26]
    select: /spec/template/spec/containers/*
    condition:
      all:
        - exists: /resources/limits/memory
        - {path: /resources/limits/memory, lte: 1073741824}
    message: "{pointer} is {value}"
    remediation: Limit memory.
  - id: custom/image-registry
    kind: kube
    requirements: [EX32]
    select: /spec/template/spec/containers/*
    condition: {path: /image, regex: '^registry\.example\.fr/[a-z0-9-]+:[0-9]+\.[0-9]+\.[0-9]+$'}
    message: "{value} is not from the registry"
    remediation: Use the registry.
"#;

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let objects: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let text = manifest(objects);
    let inputs = [Input::text("deploy/all.yaml", &text)];
    let default = Policy::default();
    let start = Instant::now();
    let configured = Policy::from_config_str(CONFIG, "cct.yaml").expect("valid configuration");
    let load = start.elapsed();
    let plain = best_of(5, || {
        check(&inputs, &default);
    });
    let full = best_of(5, || {
        check(&inputs, &configured);
    });
    let mut no_custom = configured.clone();
    no_custom.custom_rules.clear();
    let derogations_only = best_of(5, || {
        check(&inputs, &no_custom);
    });
    let report = check(&inputs, &configured);
    println!(
        "{objects} Deployments, {} bytes, {} findings ({} derogated)",
        text.len(),
        report.findings.len(),
        report.summary.derogated
    );
    println!("load cct.yaml (profile, 3 derogations, 3 custom rules): {load:?}");
    println!("check, default policy:    {plain:?}");
    println!(
        "check, profile + derogations + annotations: {derogations_only:?} ({:.2}x)",
        derogations_only.as_secs_f64() / plain.as_secs_f64()
    );
    println!(
        "check, configured policy: {full:?} ({:.2}x)",
        full.as_secs_f64() / plain.as_secs_f64()
    );
    for f in Format::ALL {
        let t = best_of(5, || {
            format::render(&report, f);
        });
        println!(
            "render {:<8} {t:?} ({} bytes)",
            f.as_str(),
            format::render(&report, f).len()
        );
    }
    let t = best_of(5, || {
        format::coverage_text(&report);
    });
    println!("coverage text   {t:?}");
}
