//! Drift tests of what is generated instead of mirrored: the docs' rule
//! tables from the catalog, and the binding contract's error codes and
//! option names (in every language's casing) from `cct_core::api`.
//!
//! Each generated block sits between two marker lines in a committed file;
//! the test fails when the block differs from what the code generates.
//! Rewrite the blocks after an intended change with
//! `CCT_BLESS=1 cargo test -p cct-core --test generated`, and review the diff.

use std::path::{Path, PathBuf};

use cct_core::api::{Casing, CheckOptions, ErrorCode};
use cct_core::artefact::ArtefactKind;
use cct_core::catalog::{catalog, DEFAULT_CCT_VERSION};
use cct_core::policy::Policy;
use cct_core::rule::Rule;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `text` with the lines between the line holding `begin` and the next line
/// holding `end` replaced by `block`; `None` when a marker is missing.
fn splice(text: &str, begin: &str, end: &str, block: &str) -> Option<String> {
    let start = text.find(begin)?;
    let body = start + text[start..].find('\n')? + 1;
    let stop = body + text[body..].find(end)?;
    let stop = text[..stop].rfind('\n').map_or(body, |i| i + 1).max(body);
    Some(format!("{}{}{}", &text[..body], block, &text[stop..]))
}

/// Checks (or, with `CCT_BLESS=1`, rewrites) one generated block.
fn check_block(file: &str, begin: &str, end: &str, block: &str) -> Result<(), String> {
    let path = repo().join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{file}: {e}"))?;
    let Some(fresh) = splice(&text, begin, end, block) else {
        return Err(format!("{file}: no `{begin}` … `{end}` markers"));
    };
    if fresh == text {
        return Ok(());
    }
    if std::env::var_os("CCT_BLESS").is_some() {
        std::fs::write(&path, fresh).map_err(|e| format!("{file}: {e}"))?;
        return Ok(());
    }
    Err(format!(
        "{file}: the block after `{begin}` is not what the code generates; run CCT_BLESS=1 cargo test -p cct-core --test generated"
    ))
}

fn assert_all(results: Vec<Result<(), String>>) {
    let failures: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The ids `rule` cites under the CCT version `key`, each with its level in
/// that version, or why it cites none there.
fn cited_in(rule: &Rule, key: &str) -> String {
    let c = catalog();
    if let Some(since) = &rule.since {
        if c.cct_older_than(key, since) {
            let label = c
                .referential(cct_core::catalog::CCT, since)
                .map_or(since.as_str(), |r| r.version.as_str());
            return format!("off (from {label})");
        }
    }
    let ids = rule.cited.get(key).map(Vec::as_slice).unwrap_or_default();
    let cells: Vec<String> = ids
        .iter()
        .filter(|id| !id.starts_with("DX-"))
        .map(
            |id| match c.requirement(id, key).and_then(|(_, q)| q.level) {
                Some(level) => format!("{id} ({level:?})"),
                None => id.clone(),
            },
        )
        .collect();
    if cells.is_empty() {
        match &rule.guideline {
            Some(g) => format!("none ({g})"),
            None => "none".to_owned(),
        }
    } else {
        cells.join(", ")
    }
}

/// The Markdown table of one kind's rules, in catalog order: the ids each
/// cites under the default (latest) CCT version and under alpha.V1, and its
/// Domino-X ids.
fn rule_table(kind: ArtefactKind) -> String {
    let c = catalog();
    let policy = Policy::default();
    let latest = c
        .referential(cct_core::catalog::CCT, DEFAULT_CCT_VERSION)
        .map_or(DEFAULT_CCT_VERSION, |r| r.version.as_str());
    let mut out = format!(
        "| Rule | CCT {latest} | CCT alpha.V1 | Domino-X | Severity | What it checks |\n|---|---|---|---|---|---|\n"
    );
    for rule in c.rules.iter().filter(|r| r.kind == kind) {
        let dx: Vec<&str> = rule
            .citations
            .iter()
            .map(|q| q.id.as_str())
            .filter(|id| id.starts_with("DX-"))
            .collect();
        let severity = format!("{:?}", policy.severity(rule, c)).to_lowercase();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            rule.id,
            cited_in(rule, DEFAULT_CCT_VERSION),
            cited_in(rule, "alpha-v1"),
            if dx.is_empty() {
                "–".to_owned()
            } else {
                dx.join(", ")
            },
            severity,
            rule.title.replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn docs_rule_tables_are_the_catalog() {
    let results = [
        ("docs/kube.md", ArtefactKind::Kube),
        ("docs/openapi.md", ArtefactKind::Openapi),
        ("docs/image.md", ArtefactKind::Image),
        ("docs/commits.md", ArtefactKind::Commit),
    ]
    .into_iter()
    .map(|(file, kind)| {
        check_block(
            file,
            &format!("<!-- rules:begin {kind} -->"),
            "<!-- rules:end -->",
            &rule_table(kind),
        )
    })
    .collect();
    assert_all(results);
}

/// The option names of `CheckOptions`, snake_case, sorted.
fn option_names() -> Vec<String> {
    let json = serde_json::to_value(CheckOptions::default()).expect("options serialise");
    let map = json.as_object().expect("options are an object");
    map.keys().cloned().collect()
}

#[test]
fn the_binding_contract_is_generated_everywhere() {
    let codes = ErrorCode::ALL;
    let mut errors = String::from("| code | class | raised when |\n|---|---|---|\n");
    for c in codes {
        errors.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            c.as_str(),
            c.class_name(),
            c.description()
        ));
    }
    let mut options =
        String::from("| Rust, JSON, Python | JavaScript (Node, WebAssembly) |\n|---|---|\n");
    for name in option_names() {
        options.push_str(&format!(
            "| `{name}` | `{}` |\n",
            Casing::Camel.spell(&name)
        ));
    }
    let ts: String = std::iter::once("export type CctErrorCode =\n".to_owned())
        .chain(codes.iter().map(|c| format!("  | '{}'\n", c.as_str())))
        .collect();
    let py = format!(
        "ErrorCode = Literal[{}]\n",
        codes
            .iter()
            .map(|c| format!("\"{}\"", c.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert_all(vec![
        check_block(
            "docs/bindings.md",
            "<!-- errors:begin -->",
            "<!-- errors:end -->",
            &errors,
        ),
        check_block(
            "docs/bindings.md",
            "<!-- options:begin -->",
            "<!-- options:end -->",
            &options,
        ),
        check_block(
            "cct-node/index.d.ts",
            "// generated:begin error-codes",
            "// generated:end",
            &ts,
        ),
        check_block(
            "cct-wasm/js/report.d.ts",
            "// generated:begin error-codes",
            "// generated:end",
            &ts,
        ),
        check_block(
            "cct-py/python/cct/__init__.pyi",
            "# generated:begin error-codes",
            "# generated:end",
            &py,
        ),
    ]);
}

#[test]
fn splice_replaces_only_the_block() {
    let text = "a\n<!-- b -->\nold\nold\n<!-- e -->\nz\n";
    assert_eq!(
        splice(text, "<!-- b -->", "<!-- e -->", "new\n").unwrap(),
        "a\n<!-- b -->\nnew\n<!-- e -->\nz\n"
    );
    assert_eq!(
        splice(
            "x\n<!-- b -->\n<!-- e -->\n",
            "<!-- b -->",
            "<!-- e -->",
            "n\n"
        )
        .unwrap(),
        "x\n<!-- b -->\nn\n<!-- e -->\n"
    );
    assert!(splice(text, "<!-- nope -->", "<!-- e -->", "").is_none());
}
