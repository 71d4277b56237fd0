//! Kubernetes evaluation speed and memory on a large, realistic manifest stream.
//!
//! Generates a ~2 MB multi-document stream of ~3,500 objects (Deployments,
//! Services and ConfigMaps of ~1,170 applications over 20 namespaces, plus a
//! PodDisruptionBudget and NetworkPolicy per namespace) and measures:
//! - `check`: the whole check, end to end (loading, detection, every rule, report);
//! - `load`: parsing alone (`document::load_text`);
//! - `rules`: the Kubernetes rules alone, on already loaded documents.
//!
//! Before the timings it prints the stream's size and the peak heap of one
//! `check`, measured by a counting allocator (target: under 10× the input).
//!
//! Run: `cargo bench -p cct-core --bench kube`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use cct_core::catalog::catalog;
use cct_core::document::{load_text, Limits};
use cct_core::sink::Sink;
use cct_core::{check, ArtefactKind, Input, Loaded, Policy};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

/// A system allocator that records the current and peak number of live heap bytes.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// CPU time consumed by the calling thread so far (Linux `schedstat`), in nanoseconds.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Mean CPU time of `f` over `runs` runs, in milliseconds (wall time is unreliable on a shared machine).
fn cpu_ms<T>(runs: u32, mut f: impl FnMut() -> T) -> Option<f64> {
    let start = thread_cpu_ns()?;
    for _ in 0..runs {
        black_box(f());
    }
    Some((thread_cpu_ns()? - start) as f64 / f64::from(runs) / 1e6)
}

const NAMESPACES: usize = 20;
const APPS: usize = 1_160;
const TIERS: [&str; 3] = ["frontend", "backend", "worker"];

/// The generated stream: three objects per application, two per namespace.
fn stream() -> (String, usize) {
    let mut out = String::with_capacity(2_200_000);
    let mut objects = 0;
    for n in 0..NAMESPACES {
        let ns = format!("team-{n:02}");
        let _ = write!(
            out,
            "---\n# Source: platform/templates/netpol.yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: {ns}\nspec:\n  podSelector: {{}}\n  policyTypes: [Ingress]\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: all-apps\n  namespace: {ns}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchExpressions:\n      - {{key: app, operator: Exists}}\n"
        );
        objects += 2;
    }
    for i in 0..APPS {
        let ns = format!("team-{:02}", i % NAMESPACES);
        let app = format!(
            "svc-{i:04}-{}",
            ["orders", "billing", "catalog", "search", "auth", "notify"][i % 6]
        );
        let tier = TIERS[i % 3];
        let replicas = 2 + i % 3;
        let version = format!("{}.{}.{}", 1 + i % 4, i % 10, i % 7);
        let _ = write!(
            out,
            r#"---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {app}-config
  namespace: {ns}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "checkout-v2,fast-search"
---
apiVersion: v1
kind: Service
metadata:
  name: {app}
  namespace: {ns}
  labels: {{app: {app}}}
spec:
  selector: {{app: {app}}}
  ports:
    - {{name: http, port: 80, targetPort: http}}
    - {{name: metrics, port: 9090, targetPort: metrics}}
---
# Source: {app}/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  namespace: {ns}
  labels: {{app: {app}, env: prod, tier: {tier}}}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {app}}}
  template:
    metadata:
      labels: {{app: {app}, env: prod, tier: {tier}}}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        seccompProfile: {{type: RuntimeDefault}}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {{app: {app}}}
      containers:
        - name: app
          image: harbor.example.fr/{ns}/{app}:{version}
          ports:
            - {{name: http, containerPort: 8080}}
            - {{name: metrics, containerPort: 9090}}
          envFrom:
            - configMapRef: {{name: {app}-config}}
          env:
            - {{name: DB_PASSWORD, valueFrom: {{secretKeyRef: {{name: {app}-db, key: password}}}}}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {{drop: [ALL]}}
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{cpu: 500m, memory: 256Mi}}
          livenessProbe:
            httpGet: {{path: /health/live, port: http}}
          readinessProbe:
            httpGet: {{path: /health/ready, port: http}}
"#
        );
        objects += 3;
    }
    (out, objects)
}

fn bench(c: &mut Criterion) {
    let (text, objects) = stream();
    let policy = Policy::default();
    let limits = Limits::default();

    // One measured run: size, findings, peak heap.
    let baseline = CURRENT.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let report = check(
        &[Input::text("stream.yaml", &text).with_kind(Some(ArtefactKind::Kube))],
        &policy,
    );
    let peak = PEAK.load(Ordering::Relaxed) - baseline;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut by_rule = std::collections::BTreeMap::<&str, usize>::new();
    for f in &report.findings {
        *by_rule.entry(f.rule.as_str()).or_default() += 1;
    }
    println!(
        "kube stream: {} bytes, {objects} objects, {} findings {by_rule:?}; peak heap during check {} bytes = {:.2}x the input",
        text.len(),
        report.findings.len(),
        peak,
        peak as f64 / text.len() as f64
    );
    drop(report);
    let baseline = CURRENT.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let documents = load_text(&text, &limits);
    let load_peak = PEAK.load(Ordering::Relaxed) - baseline;
    let tree = CURRENT.load(Ordering::Relaxed) - baseline;
    drop(documents);
    println!(
        "kube stream: loading alone peaks at {load_peak} bytes = {:.2}x the input; the loaded tree keeps {tree} bytes = {:.2}x",
        load_peak as f64 / text.len() as f64,
        tree as f64 / text.len() as f64
    );

    let documents = load_text(&text, &limits).unwrap_or_default();
    let loaded = [Loaded {
        path: "stream.yaml",
        documents,
    }];
    let run_check = || {
        check(
            &[Input::text("stream.yaml", &text).with_kind(Some(ArtefactKind::Kube))],
            &policy,
        )
    };
    let run_rules = || {
        let mut sink = Sink::new(&policy, catalog());
        cct_core::kube::evaluate(&loaded, &mut sink);
        sink.into_findings()
    };
    if let (Some(all), Some(load), Some(rules)) = (
        cpu_ms(10, run_check),
        cpu_ms(10, || load_text(&text, &limits)),
        cpu_ms(10, run_rules),
    ) {
        println!("kube stream: thread CPU time per run: check {all:.1} ms = load {load:.1} ms + rules {rules:.1} ms + rest {:.1} ms", all - load - rules);
    }

    let mut group = c.benchmark_group("kube");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("check", |b| {
        b.iter(|| {
            check(
                black_box(&[Input::text("stream.yaml", &text).with_kind(Some(ArtefactKind::Kube))]),
                &policy,
            )
        })
    });
    group.bench_function("load", |b| b.iter(|| load_text(black_box(&text), &limits)));
    group.bench_function("rules", |b| b.iter(run_rules));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
