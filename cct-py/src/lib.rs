//! `cct._native`: the pyo3 layer of the `cct` Python package.
//!
//! It only moves strings and bytes across: every function calls the JSON
//! facade of `cct_core::api` and returns its *answer* (`{"ok": …}` or
//! `{"error": …}`) as a JSON string; `python/cct/__init__.py` turns answers
//! into Python objects and exceptions. Checks run with the GIL released
//! ([`Python::detach`]), so a thread pool of checks uses every core. The
//! facade turns panics into `internal` errors, so none reaches Python.
//!
//! pyo3 is behind the `python` feature (maturin turns it on) and the crate is
//! empty under `cfg(test)`, so `cargo test --workspace` needs no libpython.
#![cfg(all(feature = "python", not(test)))]

use cct_core::api;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};

/// Checks one text; `options` is the JSON object of `CheckOptions`.
#[pyfunction]
fn check_text(py: Python<'_>, text: PyBackedStr, options: PyBackedStr) -> String {
    py.detach(|| api::answer(api::check_text_json_str(&text, &options)))
}

/// Checks a batch of `(path, bytes)` files judged together.
#[pyfunction]
fn check_files(
    py: Python<'_>,
    files: Vec<(String, PyBackedBytes)>,
    options: PyBackedStr,
) -> String {
    py.detach(|| api::answer(api::check_files_json_str(&files, &options)))
}

/// Checks files and folders judged together, walked and read as `cct check`
/// walks and reads them (`cct_fs::check_paths`); `files` are `(path, bytes)`
/// the caller already holds, judged with them.
#[pyfunction]
fn check_paths(
    py: Python<'_>,
    paths: Vec<String>,
    files: Vec<(String, PyBackedBytes)>,
    options: PyBackedStr,
) -> String {
    py.detach(|| {
        let given = files.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect();
        cct_fs::check_paths_answer(&paths, given, &options, api::Casing::Snake)
    })
}

/// Checks one commit message as git's `commit-msg` hook sees it (comment
/// lines and the scissors cut dropped first); `options` is the JSON object of
/// `CheckOptions`.
#[pyfunction]
fn check_commit_message(py: Python<'_>, message: PyBackedStr, options: PyBackedStr) -> String {
    py.detach(|| api::answer(api::check_commit_message_json_str(&message, &options)))
}

/// Checks a history given as raw commits (a JSON array of `CommitEntry`)
/// and computes its next release; `options` is the JSON object of
/// `CommitsOptions`. The answer holds `{report, release, notes}`.
#[pyfunction]
fn check_commits(py: Python<'_>, commits: PyBackedStr, options: PyBackedStr) -> String {
    py.detach(|| api::answer(api::check_commits_json_str(&commits, &options)))
}

/// Renders a report given as JSON in an output format (`json`, `sarif`,
/// `junit`, `markdown`); the answer holds the rendered text as a JSON string.
#[pyfunction]
#[pyo3(name = "format")]
fn format_report(py: Python<'_>, report_json: PyBackedStr, name: PyBackedStr) -> String {
    py.detach(|| api::answer(api::format_json_str(&report_json, &name)))
}

/// The baseline file (`.cct-baseline.json`, as `cct baseline` writes it) of a
/// report given as JSON; the answer holds the file's text as a JSON string.
#[pyfunction]
fn record_baseline(py: Python<'_>, report_json: PyBackedStr) -> String {
    py.detach(|| api::answer(api::record_baseline_json_str(&report_json)))
}

/// Drops from a report given as JSON the findings a baseline file's text
/// records (`cct check --baseline`); the answer holds the report that remains.
#[pyfunction]
fn apply_baseline(py: Python<'_>, report_json: PyBackedStr, baseline: PyBackedStr) -> String {
    py.detach(|| api::answer(api::apply_baseline_json_str(&report_json, &baseline)))
}

/// Every requirement of the shipped referentials.
#[pyfunction]
fn requirements() -> String {
    api::answer(api::requirements_json_str())
}

/// Every built-in rule.
#[pyfunction]
fn rules() -> String {
    api::answer(api::rules_json_str())
}

/// Every referential shipped (CCT versions, Domino-X), with its requirements.
#[pyfunction]
fn referentials() -> String {
    api::answer(api::referentials_json_str())
}

/// The names of the built-in profiles, sorted.
#[pyfunction]
fn profiles() -> String {
    api::answer(api::profiles_json_str())
}

/// The error class of every error code, as a JSON object `{code: class}`
/// (one table for every binding: `ErrorCode::class_name`).
#[pyfunction]
fn error_classes() -> String {
    api::error_classes_json_str()
}

/// Explains a rule or a requirement.
#[pyfunction]
fn explain(id: &str) -> String {
    api::answer(api::explain_json_str(id))
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_text, m)?)?;
    m.add_function(wrap_pyfunction!(check_files, m)?)?;
    m.add_function(wrap_pyfunction!(check_paths, m)?)?;
    m.add_function(wrap_pyfunction!(check_commit_message, m)?)?;
    m.add_function(wrap_pyfunction!(check_commits, m)?)?;
    m.add_function(wrap_pyfunction!(format_report, m)?)?;
    m.add_function(wrap_pyfunction!(record_baseline, m)?)?;
    m.add_function(wrap_pyfunction!(apply_baseline, m)?)?;
    m.add_function(wrap_pyfunction!(requirements, m)?)?;
    m.add_function(wrap_pyfunction!(rules, m)?)?;
    m.add_function(wrap_pyfunction!(explain, m)?)?;
    m.add_function(wrap_pyfunction!(referentials, m)?)?;
    m.add_function(wrap_pyfunction!(profiles, m)?)?;
    m.add_function(wrap_pyfunction!(error_classes, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("PANIC_FOR_TESTS_KIND", api::PANIC_FOR_TESTS_KIND)?;
    Ok(())
}
