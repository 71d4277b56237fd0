//! The napi-rs layer of the `cct-node` package.
//!
//! It only moves strings and bytes across: every function calls the JSON
//! facade of `cct_core::api` and returns its *answer* (`{"ok": …}` or
//! `{"error": …}`) as a JSON string; `index.js` parses it into plain objects
//! (the keys are exactly the JSON report's) and `Error` subclasses. Options
//! are camelCase, as in the WebAssembly package: [`Casing::Camel`] maps them
//! onto the one `CheckOptions` (`docs/bindings.md`). The
//! `*Async` functions run on the libuv thread pool. The facade turns panics
//! into `internal` errors, so none reaches Node.
//!
//! napi is behind the `node` feature (the build scripts turn it on) and the
//! crate is empty under `cfg(test)`, so `cargo test --workspace` needs no Node.
#![cfg(all(feature = "node", not(test)))]

use cct_core::api::{self, ApiError, Casing, CheckOptions};
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi::{Env, Result, Task};
use napi_derive::napi;

/// Runs `check` with the camelCase options JSON `options`; returns a JSON answer.
fn answer_with(
    options: &str,
    check: impl FnOnce(&CheckOptions) -> std::result::Result<cct_core::Report, ApiError>,
) -> String {
    api::answer(
        api::options_from_json_str_in(options, Casing::Camel)
            .and_then(|o| check(&o))
            .and_then(|r| api::to_json(&r)),
    )
}

/// Checks one text; `options` is the JSON object of `CheckOptions`; returns a JSON answer.
#[napi]
pub fn check_text(text: String, options: String) -> String {
    answer_with(&options, |o| api::check_text(&text, o))
}

/// Checks a batch of files judged together (`paths[i]` names `contents[i]`); returns a JSON answer.
#[napi]
pub fn check_files(paths: Vec<String>, contents: Vec<Buffer>, options: String) -> String {
    let files: Vec<(String, &[u8])> = paths
        .into_iter()
        .zip(contents.iter().map(|b| b.as_ref()))
        .collect();
    answer_with(&options, |o| api::check_files(&files, o))
}

/// Checks files and folders judged together, walked and read as `cct check`
/// walks and reads them (`cct_fs::check_paths`); `names[i]` names
/// `contents[i]`, files the caller already holds, judged with them. Returns
/// a JSON answer.
#[napi]
pub fn check_paths(
    paths: Vec<String>,
    names: Vec<String>,
    contents: Vec<Buffer>,
    options: String,
) -> String {
    cct_fs::check_paths_answer(&paths, named(names, &contents), &options, Casing::Camel)
}

/// [`check_paths`] on the libuv thread pool; resolves to a JSON answer.
#[napi(ts_return_type = "Promise<string>")]
pub fn check_paths_async(
    paths: Vec<String>,
    names: Vec<String>,
    contents: Vec<Buffer>,
    options: String,
) -> AsyncTask<CheckTask> {
    AsyncTask::new(CheckTask {
        work: Work::Paths(paths, named(names, &contents)),
        options,
    })
}

/// `names[i]` with a copy of `contents[i]` (buffers cannot leave the JS thread).
fn named(names: Vec<String>, contents: &[Buffer]) -> Vec<(String, Vec<u8>)> {
    names
        .into_iter()
        .zip(contents.iter().map(|b| b.to_vec()))
        .collect()
}

/// What a check on the libuv thread pool is given.
enum Work {
    /// One text.
    Text(String),
    /// Files the caller holds, by path.
    Files(Vec<(String, Vec<u8>)>),
    /// Paths to walk and read, and files the caller holds.
    Paths(Vec<String>, Vec<(String, Vec<u8>)>),
}

/// A check run on the libuv thread pool.
pub struct CheckTask {
    work: Work,
    options: String,
}

impl Task for CheckTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match &mut self.work {
            Work::Text(text) => answer_with(&self.options, |o| api::check_text(text, o)),
            Work::Files(files) => answer_with(&self.options, |o| api::check_files(files, o)),
            Work::Paths(paths, given) => cct_fs::check_paths_answer(
                paths,
                std::mem::take(given),
                &self.options,
                Casing::Camel,
            ),
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// [`check_text`] on the libuv thread pool; resolves to a JSON answer.
#[napi(ts_return_type = "Promise<string>")]
pub fn check_text_async(text: String, options: String) -> AsyncTask<CheckTask> {
    AsyncTask::new(CheckTask {
        work: Work::Text(text),
        options,
    })
}

/// [`check_files`] on the libuv thread pool; resolves to a JSON answer.
#[napi(ts_return_type = "Promise<string>")]
pub fn check_files_async(
    paths: Vec<String>,
    contents: Vec<Buffer>,
    options: String,
) -> AsyncTask<CheckTask> {
    AsyncTask::new(CheckTask {
        work: Work::Files(named(paths, &contents)),
        options,
    })
}

/// Checks one commit message as git's `commit-msg` hook sees it (comments
/// and the scissors line dropped, generated messages skipped); `options` is
/// the JSON object of `CheckOptions` (with `commentChar`); returns a JSON answer.
#[napi]
pub fn check_commit_message(message: String, options: String) -> String {
    answer_with(&options, |o| api::check_commit_message(&message, o))
}

/// A commit-message check run on the libuv thread pool.
pub struct CommitMessageTask {
    message: String,
    options: String,
}

impl Task for CommitMessageTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(answer_with(&self.options, |o| {
            api::check_commit_message(&self.message, o)
        }))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// [`check_commit_message`] on the libuv thread pool; resolves to a JSON answer.
#[napi(ts_return_type = "Promise<string>")]
pub fn check_commit_message_async(
    message: String,
    options: String,
) -> AsyncTask<CommitMessageTask> {
    AsyncTask::new(CommitMessageTask { message, options })
}

/// [`api::check_commits_json_str`] with the options' names in camelCase (`lastRelease`).
fn commits_in_camel_case(commits: &str, options: &str) -> std::result::Result<String, ApiError> {
    let opts = api::commits_options_from_json_str_in(options, Casing::Camel)?;
    api::check_commits_json_str_with(commits, &opts)
}

/// Checks a history given as raw commits (a JSON array of `CommitEntry`)
/// and computes its next release; `options` is the JSON object of
/// `CommitsOptions`; returns a JSON answer holding `{report, release, notes}`.
#[napi]
pub fn check_commits(commits: String, options: String) -> String {
    api::answer(commits_in_camel_case(&commits, &options))
}

/// A commit-list check run on the libuv thread pool.
pub struct CommitsTask {
    commits: String,
    options: String,
}

impl Task for CommitsTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(api::answer(commits_in_camel_case(
            &self.commits,
            &self.options,
        )))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// [`check_commits`] on the libuv thread pool; resolves to a JSON answer.
#[napi(ts_return_type = "Promise<string>")]
pub fn check_commits_async(commits: String, options: String) -> AsyncTask<CommitsTask> {
    AsyncTask::new(CommitsTask { commits, options })
}

/// Renders a report given as JSON in an output format (`json`, `sarif`,
/// `junit`, `markdown`); the answer's value is the rendered text as a JSON string.
#[napi]
pub fn format(report: String, name: String) -> String {
    api::answer(api::format_json_str(&report, &name))
}

/// The baseline file (`.cct-baseline.json`, as `cct baseline` writes it) of a
/// report given as JSON; the answer's value is the file's text as a JSON string.
#[napi]
pub fn record_baseline(report: String) -> String {
    api::answer(api::record_baseline_json_str(&report))
}

/// Drops from a report given as JSON the findings a baseline file's text
/// records (`cct check --baseline`); the answer's value is the report that remains.
#[napi]
pub fn apply_baseline(report: String, baseline: String) -> String {
    api::answer(api::apply_baseline_json_str(&report, &baseline))
}

/// Every requirement of the shipped referentials, as a JSON answer.
#[napi]
pub fn requirements() -> String {
    api::answer(api::requirements_json_str())
}

/// Every built-in rule, as a JSON answer.
#[napi]
pub fn rules() -> String {
    api::answer(api::rules_json_str())
}

/// Every referential shipped, with its requirements, as a JSON answer.
#[napi]
pub fn referentials() -> String {
    api::answer(api::referentials_json_str())
}

/// The names of the built-in profiles, as a JSON answer.
#[napi]
pub fn profiles() -> String {
    api::answer(api::profiles_json_str())
}

/// The error class of every error code, as a JSON object `{code: class}`
/// (one table for every binding: `ErrorCode::class_name`).
#[napi]
pub fn error_classes() -> String {
    api::error_classes_json_str()
}

/// Explains a rule or a requirement, as a JSON answer.
#[napi]
pub fn explain(id: String) -> String {
    api::answer(api::explain_json_str(&id))
}

/// The `kind` value that makes the core panic on purpose (tests only).
#[napi]
pub const PANIC_FOR_TESTS_KIND: &str = api::PANIC_FOR_TESTS_KIND;

/// The cct version.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
