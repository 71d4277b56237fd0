//! Embeds every data file under `rules/` into the library, so every binding
//! works offline with zero configuration.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            let rel = path
                .strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            out.push((rel, path));
        }
    }
}

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // In the workspace the data sits beside the crate; a packaged crate carries its own copy.
    let root = [manifest.join("../rules"), manifest.join("rules")]
        .into_iter()
        .find(|p| p.is_dir())
        .expect("the rules/ data directory is missing");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    // The WebAssembly module is downloaded by every page: it carries each
    // data file once. The catalog and the referentials are read from their
    // JSON (below); their YAML text serves only native tests. The Kyverno
    // rules serve `cct export kyverno`, which the browser package does not
    // offer.
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let native_only = |rel: &str| {
        ["catalog/", "referentials/", "kyverno/"]
            .iter()
            .any(|p| rel.starts_with(p))
    };
    let mut code = String::from("/// Every data file under `rules/`, by path relative to it.\npub static FILES: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        if wasm && native_only(rel) {
            continue;
        }
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    // The catalog and the referentials are read at every process start: give
    // them as JSON, converted here (serde_json reads ~7× faster than YAML).
    code.push_str("/// The catalog and referential files converted to JSON, by path relative to `rules/`.\npub static JSON: &[(&str, &str)] = &[\n");
    for (rel, path) in &files {
        if !(rel.starts_with("catalog/") || rel.starts_with("referentials/")) {
            continue;
        }
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let value: serde_json::Value = serde_norway::from_str(&text)
            .unwrap_or_else(|e| panic!("rules/{rel} is not valid YAML: {e}"));
        let json = serde_json::to_string(&value).expect("a JSON value serialises");
        let _ = writeln!(code, "    ({rel:?}, {json:?}),");
    }
    code.push_str("];\n");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
