//! Differential test: cct reads Kubernetes manifests as Kubernetes does.
//!
//! `tests/k8s-yaml/` is a Go program that prints, for each file, the JSON
//! `sigs.k8s.io/yaml.YAMLToJSON` (the decoder of kubectl and the API server)
//! makes of each document. This test feeds it and cct's loader
//! ([`Schema::Kubernetes`]) the same files — every kube fixture, the
//! conformance cases, a generated corpus of tricky scalars, and the files
//! listed in `CCT_K8S_YAML_CORPUS` (one path a line, for real-world corpora) —
//! and requires the same values.
//!
//! The Go program is built by the test command (`tests/run-all.sh`, part
//! `k8s-yaml`), which passes its path in `CCT_K8S_YAML`. Without that
//! variable the test says so and passes, unless `CI` is set: then a missing
//! decoder is a failure, never a silent pass (unless the part was skipped on
//! purpose, `CCT_SKIP=k8s-yaml`).

use std::path::{Path, PathBuf};
use std::process::Command;

use cct_core::document::{load_bytes_as, Limits, Schema};
use serde_json::Value as J;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.yaml`/`.yml` file under `dir`.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(p);
        }
    }
}

/// Scalars where YAML 1.1 (go-yaml v2) and YAML 1.2 disagree, or that are easy to get wrong.
fn tricky_scalars() -> Vec<String> {
    let mut out = Vec::new();
    // Every casing of the YAML 1.1 boolean and null words: only some are booleans.
    for word in ["y", "n", "yes", "no", "on", "off", "true", "false", "null"] {
        let chars: Vec<char> = word.chars().collect();
        for mask in 0..(1u32 << chars.len()) {
            let s: String = chars
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if mask & (1 << i) != 0 {
                        c.to_ascii_uppercase()
                    } else {
                        *c
                    }
                })
                .collect();
            out.push(s);
        }
    }
    // Integers: every sign, base prefix and digit run, with and without `_`.
    for sign in ["", "-", "+"] {
        for prefix in ["", "0", "0x", "0X", "0o", "0O", "0b", "0B"] {
            for digits in [
                "",
                "0",
                "7",
                "8",
                "644",
                "0644",
                "755",
                "1_000",
                "_1",
                "1_",
                "19",
                "ff",
                "FF",
                "101",
                "9223372036854775807",
                "9223372036854775808",
                "18446744073709551615",
                "18446744073709551616",
                "7fffffffffffffff",
                "ffffffffffffffff",
            ] {
                let s = format!("{sign}{prefix}{digits}");
                if !s.is_empty() && s != "-" {
                    out.push(s);
                }
            }
        }
    }
    // Floats and things that look like numbers.
    for s in [
        "1.5",
        "1.",
        ".5",
        "-.5",
        "+.5",
        "1e3",
        "1E3",
        "1e+3",
        "1e-3",
        "1.5e3",
        "1_0.5",
        "1e400",
        ".1e2",
        "._1",
        "0.1",
        "01.5",
        "1.2.3",
        "1e",
        "e3",
        ".e3",
        "1__0",
        "0x1p3",
        "1:20",
        "190:20:30",
        "2023-01-01",
        "2023-1-2",
        "2001-12-14t21:59:43.10-05:00",
        "12:30",
        "1,000",
        "0.0.0.0",
        "::",
        ":5000",
        "080",
        "09",
        "-0",
        "+0",
        "00",
        "0_0",
        "3m",
        "500Mi",
        "100m",
        "1Gi",
        "0.5",
        "1.0",
        "-1",
        "~",
        "Null",
        "NULL",
        "nULL",
        "<<x",
        ".inf",
        "-.Inf",
        "+.INF",
        ".NaN",
        ".nan",
        "inf",
        "nan",
        "Infinity",
        "x1",
        "t",
        "f",
        "T",
        "F",
        "o",
        "O",
        "yes please",
        "on-demand",
        "no-cache",
        "0644 ",
        "v1",
        "1.25",
    ] {
        out.push(s.to_owned());
    }
    out
}

/// One file per context a scalar can sit in: block value, sequence item,
/// flow sequence, flow mapping value, and mapping key (where non-string keys become strings).
fn generated_corpus(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let scalars = tricky_scalars();
    let mut files = Vec::new();
    let mut write = |name: &str, text: String| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        files.push(p);
    };
    let mut block = String::from("kind: T\nvalues:\n");
    let mut seq = String::from("kind: T\nitems:\n");
    let mut flow_seq = String::from("kind: T\nflow: [");
    let mut flow_map = String::from("kind: T\nmap: {");
    for (i, s) in scalars.iter().enumerate() {
        block.push_str(&format!("  k{i}: {s}\n"));
        seq.push_str(&format!("  - {s}\n"));
        // libyaml (YAML 1.1) refuses a plain scalar starting with `:` in a flow
        // collection, YAML 1.2 reads it: a grammar difference, not a scalar one.
        if !s.starts_with(':') {
            flow_seq.push_str(&format!("{s}, "));
            flow_map.push_str(&format!("k{i}: {s}, "));
        }
    }
    flow_seq.push_str("end]\n");
    flow_map.push_str("end: 1}\n");
    write("block.yaml", block);
    write("seq.yaml", seq);
    write("flow-seq.yaml", flow_seq);
    write("flow-map.yaml", flow_map);
    // Keys: one file per key, so two keys that become the same string do not collide.
    for (i, s) in scalars.iter().enumerate() {
        write(&format!("key-{i}.yaml"), format!("kind: T\n{s}: value\n"));
    }
    // Flow collections whose lines sit at (or left of) their key's indentation.
    write(
        "flow-indent.yaml",
        "kind: T\nspec:\n  args: [\n    \"--a\",\n  \"--b\"\n  ]\n  env: {\nA: yes,\n  B: 0644\n}\n  list:\n  - [\n  x,\n    ]\n  after: 1\n"
            .to_owned(),
    );
    // Block scalars that end the stream, with and without a final line break.
    for (i, text) in [
        "a: |\n  x",
        "a: |+\n  x\n\n  ",
        "a: >\n  x\n  y",
        "a: |\n  x\nb: 1",
        "a: |-\n  x",
        "a: |\n  x\n  ",
        "a: |\n  x\n# end",
        "a:\n- |\n  x\n  y",
        "a: |\n  x\n",
    ]
    .iter()
    .enumerate()
    {
        write(&format!("block-end-{i}.yaml"), format!("kind: T\n{text}"));
    }
    // A manifest as written by hand, every field a YAML 1.1 form.
    write(
        "manifest.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  hostNetwork: on\n  hostPID: Yes\n  \
         containers:\n  - name: c\n    image: r/x:1\n    ports: [{containerPort: 0x1F90}, {containerPort: 8_080}]\n    \
         securityContext: {privileged: yes, allowPrivilegeEscalation: No, runAsUser: 01750}\n  \
         volumes:\n  - name: v\n    secret: {secretName: s, defaultMode: 0400}\n---\n# empty\n---\n\
         apiVersion: v1\nkind: ConfigMap\ndata:\n  enabled: 'yes'\n  quoted: \"0644\"\n  block: |\n    yes\n"
            .to_owned(),
    );
    files
}

/// The Go decoder's answer for each file: `Ok(documents)` or `Err(message)`.
fn reference(decoder: &Path, files: &[PathBuf]) -> Vec<Result<Vec<J>, String>> {
    let mut answers = Vec::with_capacity(files.len());
    for chunk in files.chunks(500) {
        let out = Command::new(decoder)
            .args(chunk)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", decoder.display()));
        assert!(
            out.status.success(),
            "{}: {}",
            decoder.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let v: J = serde_json::from_str(line).unwrap();
            answers.push(match v.get("error") {
                Some(J::String(e)) => Err(e.clone()),
                _ => Ok(v["docs"].as_array().cloned().unwrap_or_default()),
            });
        }
    }
    assert_eq!(answers.len(), files.len());
    answers
}

/// JSON equality with numbers compared as numbers (Go writes `8` for the float 8.0).
fn same(a: &J, b: &J) -> bool {
    match (a, b) {
        (J::Number(x), J::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Where cct knowingly differs: it refuses what `kubectl --validate=strict` also refuses.
fn accepted_refusal(message: &str) -> bool {
    message.contains("duplicate key")
}

/// Where cct knowingly differs the other way: Kubernetes cannot turn the
/// document into JSON (a null or 64-bit unsigned key, an infinite or NaN
/// number) and refuses the file; cct reads it and checks what it can.
fn accepted_reading(kubernetes_error: &str) -> bool {
    kubernetes_error.starts_with("unsupported map key of type: %!s(<nil>)")
        || kubernetes_error.starts_with("unsupported map key of type: uint64")
        || kubernetes_error.starts_with("json: unsupported value: ")
}

#[test]
fn cct_reads_manifests_as_sigs_k8s_io_yaml_does() {
    let Some(decoder) = std::env::var_os("CCT_K8S_YAML").map(PathBuf::from) else {
        let skipped =
            std::env::var("CCT_SKIP").is_ok_and(|s| s.split(',').any(|p| p == "k8s-yaml"));
        assert!(
            std::env::var_os("CI").is_none() || skipped,
            "CI is set but CCT_K8S_YAML is not: build tests/k8s-yaml (tests/run-all.sh part k8s-yaml)"
        );
        eprintln!(
            "skipped: CCT_K8S_YAML is not set (tests/run-all.sh builds the Go decoder and sets it)"
        );
        return;
    };
    let mut files = Vec::new();
    yaml_files(&repo().join("tests/fixtures/kube"), &mut files);
    yaml_files(&repo().join("tests/conformance"), &mut files);
    let generated = Path::new(env!("CARGO_TARGET_TMPDIR")).join("k8s-yaml-corpus");
    files.extend(generated_corpus(&generated));
    let own = files.len();
    if let Some(list) = std::env::var_os("CCT_K8S_YAML_CORPUS") {
        let text = std::fs::read_to_string(&list).unwrap();
        files.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(PathBuf::from),
        );
    }
    files.sort();
    files.dedup();
    let answers = reference(&decoder, &files);
    let limits = Limits::default();
    let mut disagreements = Vec::new();
    let mut compared = 0;
    for (file, answer) in files.iter().zip(answers) {
        let bytes = std::fs::read(file).unwrap();
        let ours = load_bytes_as(&bytes, &limits, Schema::Kubernetes).map(|s| {
            s.documents
                .iter()
                .filter(|d| !d.root.is_null())
                .map(|d| d.root.to_json())
                .collect::<Vec<_>>()
        });
        match (ours, answer) {
            (Ok(ours), Ok(theirs)) => {
                compared += 1;
                if ours.len() != theirs.len() || !ours.iter().zip(&theirs).all(|(a, b)| same(a, b))
                {
                    disagreements.push(format!(
                        "{}: values differ\n  cct: {}\n  k8s: {}",
                        file.display(),
                        J::Array(ours),
                        J::Array(theirs)
                    ));
                }
            }
            (Err(_), Err(_)) => compared += 1,
            (Err(e), Ok(_)) if accepted_refusal(&e.to_string()) => compared += 1,
            (Err(e), Ok(_)) => disagreements.push(format!(
                "{}: cct refuses ({e}), Kubernetes reads it",
                file.display()
            )),
            (Ok(_), Err(e)) if accepted_reading(&e) => compared += 1,
            (Ok(_), Err(e)) => disagreements.push(format!(
                "{}: cct reads it, Kubernetes refuses ({e})",
                file.display()
            )),
        }
    }
    eprintln!(
        "compared {compared} files ({own} of the repository and generated) with {}",
        decoder.display()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
