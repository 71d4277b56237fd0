//! WebAssembly bindings of cct, for the browser and any JavaScript runtime.
//!
//! This crate only converts types: JavaScript values in, the JSON facade
//! [`cct_core::api`] called, its JSON answer parsed by the engine's
//! `JSON.parse` (so results are plain objects of the documented shape, never
//! `Map`s). No rule, no option check and no policy is built here: options
//! pass to the facade as its options JSON (`CheckOptions`, camelCase as in
//! every JavaScript package, mapped mechanically by [`api::Casing::Camel`],
//! unknown fields refused), after two conversions the JavaScript API
//! promises (a `config` object becomes its JSON text, the JavaScript clock's
//! date goes as `hostToday`). The contract is the bindings' one
//! (`docs/bindings.md`): inputs that cannot be read are listed in the
//! report's `errors`, never thrown; the default input name is `<input>`.
//!
//! Errors are thrown as JavaScript `Error`s named after the class of their
//! code (`UsageError`, `ConfigError`, `InternalError`, see
//! [`ErrorCode::class_name`]) carrying `code` ([`ErrorCode::as_str`]), and
//! `line`, `column` and `path` when the error has a position. The facade runs every
//! call under `catch_unwind` and the module is built with `panic=unwind`
//! (wasm exception handling), so a panic in the core becomes an `Error` with
//! code `internal`; a panic outside the facade is caught by wasm-bindgen at
//! the export boundary (a `PanicError`, turned into `internal` by the
//! `cct.js` wrapper), and a trap that cannot unwind (an abort) makes the
//! wrapper re-instantiate the module (see `docs/wasm.md`).
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use cct_core::api::{self, ApiError, Casing, CheckOptions, ErrorCode};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// Path shown in locations when the caller gives none (the facade's).
pub const DEFAULT_PATH: &str = api::DEFAULT_TEXT_PATH;

/// The `kind` that makes the facade panic on purpose (tests only).
pub const PANIC_FOR_TESTS_KIND: &str = api::PANIC_FOR_TESTS_KIND;

/// An error thrown to JavaScript: a stable `code`, a one-line message and,
/// when known, the position it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingError {
    /// Stable machine-readable code: the facade's [`ErrorCode`].
    pub code: ErrorCode,
    /// What went wrong, for a developer.
    pub message: String,
    /// The file the error is about (`cct.yaml`).
    pub path: Option<String>,
    /// 1-based line, when the error has a position.
    pub line: Option<u32>,
    /// 1-based column, when the error has a position.
    pub column: Option<u32>,
}

impl BindingError {
    /// An `invalid_options` error without position.
    fn invalid_options(message: impl Into<String>) -> Self {
        BindingError::from(ApiError::new(ErrorCode::InvalidOptions, message))
    }

    /// An `internal` error without position.
    fn internal(message: impl Into<String>) -> Self {
        BindingError::from(ApiError::new(ErrorCode::Internal, message))
    }

    /// The JavaScript `Error` for this error, named after its code's class.
    fn into_js(self) -> JsValue {
        let error = js_sys::Error::new(&self.message);
        error.set_name(self.code.class_name());
        set(&error, "code", &JsValue::from_str(self.code.as_str()));
        if let Some(path) = self.path {
            set(&error, "path", &JsValue::from_str(&path));
        }
        if let Some(line) = self.line {
            set(&error, "line", &JsValue::from(line));
        }
        if let Some(column) = self.column {
            set(&error, "column", &JsValue::from(column));
        }
        error.into()
    }
}

impl From<ApiError> for BindingError {
    fn from(e: ApiError) -> Self {
        BindingError {
            code: e.code,
            message: e.message,
            path: e.path,
            line: e.line,
            column: e.column,
        }
    }
}

/// Sets a property on a fresh object (which cannot fail).
fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// The JavaScript options, as a JSON value, turned into the facade's options
/// object: `config` given as an object becomes its JSON text (JSON is YAML, so
/// it is a `cct.yaml`); the JavaScript clock's date goes as `hostToday`
/// (`SystemTime::now` panics on wasm32), which the facade uses only when
/// neither `today` nor the configuration fixes the date. Every other
/// field goes to the facade as it is, which validates it.
pub fn facade_options(
    options: Value,
    host_today: Option<String>,
) -> Result<Map<String, Value>, BindingError> {
    let mut map = match options {
        Value::Null => Map::new(),
        Value::Object(map) => map,
        _ => return Err(BindingError::invalid_options("options must be an object")),
    };
    match map.get("config") {
        Some(Value::Null) => {
            map.remove("config");
        }
        Some(value @ Value::Object(_)) => {
            let text = value.to_string();
            map.insert("config".to_owned(), Value::String(text));
        }
        Some(Value::String(_)) | None => {}
        Some(_) => {
            return Err(BindingError::invalid_options(
                "`config` must be the text of a `cct.yaml` or an object of the same shape",
            ))
        }
    }
    if map.get("today").is_some_and(Value::is_null) {
        map.remove("today");
    }
    if let Some(today) = host_today {
        map.insert("hostToday".to_owned(), Value::String(today));
    }
    Ok(map)
}

/// The facade's options from a camelCase options object (a map of JSON
/// values cannot fail to serialise).
fn check_options(map: &Map<String, Value>) -> Result<CheckOptions, BindingError> {
    let json = Value::Object(map.clone()).to_string();
    Ok(api::options_from_json_str_in(&json, Casing::Camel)?)
}

/// Checks `text` through the facade: the report's JSON. `path` defaults to `<input>`.
pub fn check_str(text: &str, options: Map<String, Value>) -> Result<String, BindingError> {
    let opts = check_options(&options)?;
    Ok(api::check_text(text, &opts).and_then(|r| api::to_json(&r))?)
}

/// Checks the bytes of one file through the facade (a batch of one file,
/// named by the `path` option, `<input>` by default): the report's JSON.
pub fn check_bytes_str(bytes: &[u8], options: Map<String, Value>) -> Result<String, BindingError> {
    let mut opts = check_options(&options)?;
    let path = opts.path.take().unwrap_or_else(|| DEFAULT_PATH.to_owned());
    Ok(api::check_files(&[(path, bytes)], &opts).and_then(|r| api::to_json(&r))?)
}

/// Checks a commit message through the facade: the report's JSON. `path` defaults to `<input>`.
pub fn check_commit_message_str(
    text: &str,
    options: Map<String, Value>,
) -> Result<String, BindingError> {
    let opts = check_options(&options)?;
    Ok(api::check_commit_message(text, &opts).and_then(|r| api::to_json(&r))?)
}

/// Checks a history given as raw commits (their JSON array) through the
/// facade: the JSON of `{report, release, notes}`. `path` does not apply.
pub fn check_commits_str(
    commits_json: &str,
    options: Map<String, Value>,
) -> Result<String, BindingError> {
    let json = Value::Object(options).to_string();
    let opts = api::commits_options_from_json_str_in(&json, Casing::Camel)?;
    Ok(api::check_commits_json_str_with(commits_json, &opts)?)
}

/// Renders a report given as JSON in the format `name`, through the facade: the text.
pub fn format_str(report_json: &str, name: &str) -> Result<String, BindingError> {
    text_of(&api::format_json_str(report_json, name)?)
}

/// The baseline file recording a report given as JSON, through the facade:
/// the text `cct baseline` writes to `.cct-baseline.json`.
pub fn record_baseline_str(report_json: &str) -> Result<String, BindingError> {
    text_of(&api::record_baseline_json_str(report_json)?)
}

/// A report given as JSON without the findings the baseline file's text
/// records, through the facade (`cct check --baseline`): the report's JSON.
pub fn apply_baseline_str(report_json: &str, baseline: &str) -> Result<String, BindingError> {
    Ok(api::apply_baseline_json_str(report_json, baseline)?)
}

/// The text a facade answer's JSON string holds.
fn text_of(json: &str) -> Result<String, BindingError> {
    serde_json::from_str(json)
        .map_err(|e| BindingError::internal(format!("internal error (please report it): {e}")))
}

/// Today's UTC date from the JavaScript clock (`SystemTime::now` panics on wasm32).
#[cfg(target_arch = "wasm32")]
fn host_today() -> Option<String> {
    let now = js_sys::Date::new_0();
    Some(format!(
        "{:04}-{:02}-{:02}",
        now.get_utc_full_year(),
        now.get_utc_month() + 1,
        now.get_utc_date()
    ))
}

/// Natively the core reads the system clock itself.
#[cfg(not(target_arch = "wasm32"))]
fn host_today() -> Option<String> {
    None
}

/// The key under which the panic hook leaves the last panic message.
fn panic_key() -> js_sys::Symbol {
    js_sys::Symbol::for_("cct.panic")
}

/// The JavaScript `Error` for a facade error. An `internal` error is a panic
/// the facade caught: its message is in the error, so the one the panic hook
/// left is dropped (it would be stale for a later trap).
fn api_error_to_js(e: BindingError) -> JsValue {
    if e.code == ErrorCode::Internal {
        let _ = js_sys::Reflect::delete_property(&js_sys::global(), &panic_key());
    }
    e.into_js()
}

/// `JSON.stringify` of a JavaScript value, or `None` when it has no JSON text.
fn stringify(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok()?.as_string()
}

/// Reads the JavaScript options object (`undefined` and `null` mean defaults)
/// into the facade's options.
fn options_from_js(options: &JsValue) -> Result<Map<String, Value>, JsValue> {
    let value = if options.is_undefined() || options.is_null() {
        Value::Null
    } else if !options.is_object() {
        return Err(BindingError::invalid_options("options must be an object").into_js());
    } else {
        let json = stringify(options).ok_or_else(|| {
            BindingError::invalid_options("options cannot be read as JSON").into_js()
        })?;
        serde_json::from_str(&json)
            .map_err(|e| BindingError::invalid_options(format!("invalid options: {e}")).into_js())?
    };
    facade_options(value, host_today()).map_err(BindingError::into_js)
}

/// Parses a facade answer's JSON with the engine's `JSON.parse`.
fn parse(json: Result<String, BindingError>) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&json.map_err(api_error_to_js)?)
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
import type { CheckOptions, CommitEntry, CommitsOptions, CommitsResult, Explanation, Referential, Report, RequirementInfo, Rule } from './report.js';
export * from './report.js';
/** Checks a history given as raw commits (newest first) and computes its next release, as `cct commits`. */
export function checkCommits(commits: CommitEntry[], options?: CommitsOptions): CommitsResult;
/** Checks `text`; unreadable input is in `errors`; throws a `CctError` (`code`) for a call that cannot be carried out. */
export function check(text: string, options?: CheckOptions): Report;
/** Checks the bytes of a file: UTF-8 (or UTF-16 with a BOM) text, or a binary artefact such as an image archive. */
export function checkBytes(bytes: Uint8Array, options?: CheckOptions): Report;
/** Every built-in rule's metadata. */
export function rules(): Rule[];
/** Every referential shipped, with its requirements. */
export function referentials(): Referential[];
/** Checks a commit message as git's `commit-msg` hook sees it. */
export function checkCommitMessage(message: string, options?: CheckOptions): Report;
/** Renders a report (the object, or its JSON text) as SARIF 2.1.0, JUnit XML, Markdown or JSON text. */
export function format(report: Report | string, format: 'sarif' | 'junit' | 'markdown' | 'md' | 'json' | 'policyreport' | 'gitlab-codequality' | 'baseline'): string;
/** The baseline file recording the report's findings: the text `cct baseline` writes to `.cct-baseline.json`. */
export function recordBaseline(report: Report | string): string;
/** The report without the findings the baseline file's text records (`cct check --baseline`); throws `invalid_options` for a text that is not a baseline. */
export function applyBaseline(report: Report | string, baseline: string): Report;
/** Every requirement of the shipped referentials, with the rules that give evidence for it. */
export function requirements(): RequirementInfo[];
/** What a rule or a requirement is about; throws `unknown_id` for any other id. */
export function explain(id: string): Explanation;
/** The names of the built-in profiles. */
export function profiles(): string[];
"#;

/// Checks `text` (a Kubernetes manifest, an OpenAPI description, an image
/// config or a commit message) and returns the report as a plain object.
///
/// `options` is the facade's options object (`kind`, `path`, `profile`,
/// `config` as text or object, `today`, `commentChar`). Inputs that cannot be
/// read are in the report's `errors`; throws an `Error` with `code` for a
/// call that cannot be carried out.
#[wasm_bindgen(skip_typescript)]
pub fn check(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(&options)?;
    parse(check_str(text, options))
}

/// Checks the bytes of a file (a `Uint8Array`): text in UTF-8 (or UTF-16
/// with a byte-order mark), or a binary artefact such as an image archive.
/// Same options, result and errors as [`check`].
#[wasm_bindgen(js_name = checkBytes, skip_typescript)]
pub fn check_bytes(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(&options)?;
    parse(check_bytes_str(bytes, options))
}

/// Checks a commit message (the text git gives the `commit-msg` hook) and
/// returns the report. Options as for [`check`] (`kind`, if given, must be `commit`).
#[wasm_bindgen(js_name = checkCommitMessage, skip_typescript)]
pub fn check_commit_message(message: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(&options)?;
    parse(check_commit_message_str(message, options))
}

/// Checks a history given as raw commits (an array of `{hash, message,
/// signature?, verification?, tags?, author?, date?}`, newest first) as `cct
/// commits` checks it, and computes the next release as `cct commits
/// --next-version` does: `{report, release, notes}`. Options: `last_release`,
/// `prerelease`, `profile`, `config` (text or object), `today`,
/// `referential`, `baseline`.
#[wasm_bindgen(js_name = checkCommits, skip_typescript)]
pub fn check_commits(commits: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(&options)?;
    if !js_sys::Array::is_array(&commits) {
        return Err(BindingError::invalid_options(
            "commits must be an array of {hash, message, signature?, verification?, tags?}",
        )
        .into_js());
    }
    let json = stringify(&commits)
        .ok_or_else(|| BindingError::invalid_options("commits cannot be read as JSON").into_js())?;
    parse(check_commits_str(&json, options))
}

/// Renders a report returned by [`check`] (the object, or its JSON text) as
/// `sarif`, `junit`, `markdown` or `json` text. Throws `invalid_options` for
/// any other name or for something that is not a report.
#[wasm_bindgen(skip_typescript)]
pub fn format(report: JsValue, format: &str) -> Result<String, JsValue> {
    format_str(&report_json(&report)?, format).map_err(api_error_to_js)
}

/// The baseline file recording the findings of a report returned by
/// [`check`] (the object, or its JSON text): byte for byte what `cct baseline`
/// writes to `.cct-baseline.json`.
#[wasm_bindgen(js_name = recordBaseline, skip_typescript)]
pub fn record_baseline(report: JsValue) -> Result<String, JsValue> {
    record_baseline_str(&report_json(&report)?).map_err(api_error_to_js)
}

/// The report (the object, or its JSON text) without the findings the
/// baseline file's text records, as `cct check --baseline` gives it: its
/// `baseline` member says how many known findings were left out and which
/// were fixed. Throws `invalid-options` for a text that is not a baseline.
#[wasm_bindgen(js_name = applyBaseline, skip_typescript)]
pub fn apply_baseline(report: JsValue, baseline: &str) -> Result<JsValue, JsValue> {
    parse(apply_baseline_str(&report_json(&report)?, baseline))
}

/// A report given as its JSON text or as the object: its JSON text.
fn report_json(report: &JsValue) -> Result<String, JsValue> {
    match report.as_string() {
        Some(json) => Ok(json),
        None => stringify(report).ok_or_else(|| {
            BindingError::invalid_options("the report cannot be read as JSON").into_js()
        }),
    }
}

/// Every built-in rule's metadata (id, kind, requirements, title, what, why, bad, good, fix…).
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsValue> {
    parse(api::rules_json_str().map_err(BindingError::from))
}

/// Every referential shipped, with its requirements (id, level, text, `summary_fr`, `summary_en`…).
#[wasm_bindgen(skip_typescript)]
pub fn referentials() -> Result<JsValue, JsValue> {
    parse(api::referentials_json_str().map_err(BindingError::from))
}

/// Every requirement of the shipped referentials with the rules that give evidence for it.
#[wasm_bindgen(skip_typescript)]
pub fn requirements() -> Result<JsValue, JsValue> {
    parse(api::requirements_json_str().map_err(BindingError::from))
}

/// What a rule or a requirement is about (`{id, kind, rule?, requirement?, markdown}`);
/// throws `unknown_id` for an id that is neither.
#[wasm_bindgen(skip_typescript)]
pub fn explain(id: &str) -> Result<JsValue, JsValue> {
    parse(api::explain_json_str(id).map_err(BindingError::from))
}

/// The names of the built-in profiles, sorted.
#[wasm_bindgen(skip_typescript)]
pub fn profiles() -> Result<JsValue, JsValue> {
    parse(api::profiles_json_str().map_err(BindingError::from))
}

/// The version of cct compiled into this module.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Installs a panic hook that leaves the panic message where the `cct.js`
/// wrapper finds it (`globalThis[Symbol.for('cct.panic')]`), also when the
/// panic cannot unwind (a `panic=abort` build, a panic while panicking).
/// Called once when the module starts.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &panic_key(),
            &JsValue::from_str(&message),
        );
    }));
}

/// Panics on purpose, to prove that the wrapper survives an aborted instance.
/// Only in builds with the `test-hooks` feature.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests() {
    panic!("deliberate panic for tests");
}

/// Aborts the instance on purpose (a trap no unwinding can catch, like an
/// out-of-memory abort), to prove the wrapper replaces the dead instance.
/// Only in builds with the `test-hooks` feature.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = __abortForTests)]
pub fn abort_for_tests() {
    std::process::abort();
}

/// Counts its own calls in this instance: a fresh instance starts again at 1,
/// which proves the wrapper replaced an aborted instance. Only with `test-hooks`.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen(js_name = __callsForTests)]
pub fn calls_for_tests() -> u32 {
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BAD_POD: &str = include_str!("../../tests/fixtures/kube/run-as-non-root/bad.yaml");

    fn opts(value: Value) -> Map<String, Value> {
        facade_options(value, None).unwrap()
    }

    fn report(json: &str) -> Value {
        serde_json::from_str(json).unwrap()
    }

    fn rules_of(report: &Value) -> Vec<&str> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn options_convert_config_objects_and_fill_today() {
        assert_eq!(opts(Value::Null), Map::new());
        let map = facade_options(
            json!({"kind": "kube", "config": {"rules": {}}, "today": null}),
            Some("2030-01-02".to_owned()),
        )
        .unwrap();
        assert_eq!(map["config"], json!(r#"{"rules":{}}"#));
        assert_eq!(map["hostToday"], json!("2030-01-02"));
        assert!(!map.contains_key("today"), "a null `today` is no date");
        assert_eq!(map["kind"], json!("kube"));
        let given =
            facade_options(json!({"today": "2026-01-31"}), Some("2030-01-02".into())).unwrap();
        assert_eq!(given["today"], json!("2026-01-31"));
        assert_eq!(given["hostToday"], json!("2030-01-02"));
        assert!(!opts(json!({"config": null})).contains_key("config"));
        for bad in [json!(42), json!({"config": 42})] {
            assert_eq!(
                facade_options(bad, None).unwrap_err().code,
                ErrorCode::InvalidOptions
            );
        }
    }

    #[test]
    fn auto_detects_and_names_the_input_like_every_binding() {
        let r = report(&check_str(BAD_POD, opts(Value::Null)).unwrap());
        assert_eq!(r["inputs"][0]["path"], "<input>");
        assert_eq!(r["inputs"][0]["kind"], "kube");
        assert!(rules_of(&r).contains(&"kube/run-as-non-root"));
    }

    #[test]
    fn bytes_are_one_file_named_by_path() {
        let text = report(&check_str(BAD_POD, opts(json!({"path": "a.yaml"}))).unwrap());
        let bytes =
            report(&check_bytes_str(BAD_POD.as_bytes(), opts(json!({"path": "a.yaml"}))).unwrap());
        assert_eq!(text, bytes);
        let unnamed = report(&check_bytes_str(b"a: [1,\n", opts(Value::Null)).unwrap());
        assert_eq!(unnamed["errors"][0]["path"], "<input>");
        assert_eq!(
            check_bytes_str(b"a: 1\n", opts(json!({"path": 1})))
                .unwrap_err()
                .code,
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn facade_errors_keep_their_code_and_position() {
        let e = check_str(BAD_POD, opts(json!({"kind": "helm"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::UnknownKind);
        assert!(e.message.contains("`helm`"), "{}", e.message);
        let e = check_str(BAD_POD, opts(json!({"knd": "kube"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        let e = check_str(BAD_POD, opts(json!({"config": "rules: {}\nrulez: {}\n"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert_eq!(
            (e.path.as_deref(), e.line, e.column),
            (Some("cct.yaml"), Some(2), Some(1)),
            "{e:?}"
        );
        let e = check_str(BAD_POD, opts(json!({"profile": "no-such-profile"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert!(e.message.contains("`no-such-profile`"), "{}", e.message);
        let e = check_str(BAD_POD, opts(json!({"today": "31/01/2026"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert_eq!(
            BindingError::from(api::explain("kube/nope").unwrap_err()).code,
            ErrorCode::UnknownId
        );
    }

    #[test]
    fn a_panic_in_the_facade_is_an_internal_error() {
        let e = check_str(BAD_POD, opts(json!({"kind": PANIC_FOR_TESTS_KIND}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::Internal);
        assert!(e.message.contains("deliberate panic"), "{}", e.message);
        assert!(check_str(BAD_POD, opts(Value::Null)).is_ok());
    }

    #[test]
    fn config_objects_and_texts_are_the_same_policy() {
        let as_text = check_str(
            BAD_POD,
            opts(json!({"config": "rules:\n  kube/run-as-non-root: {enabled: false}\n"})),
        )
        .unwrap();
        let as_object = check_str(
            BAD_POD,
            opts(json!({"config": {"rules": {"kube/run-as-non-root": {"enabled": false}}}})),
        )
        .unwrap();
        assert_eq!(as_text, as_object);
        assert!(!rules_of(&report(&as_text)).contains(&"kube/run-as-non-root"));
    }

    #[test]
    fn options_are_camel_case_like_node() {
        let r = report(
            &check_commit_message_str("feat: x\n; note\n", opts(json!({"commentChar": ";"})))
                .unwrap(),
        );
        assert_eq!(r["inputs"][0]["path"], "<input>");
        let e =
            check_commit_message_str("feat: x\n", opts(json!({"comment_char": ";"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert!(e.message.contains("`commentChar`"), "{}", e.message);
    }

    #[test]
    fn unreadable_input_is_a_report_not_an_error() {
        let r = report(&check_str("a: [1,\n", opts(json!({"path": "x.yaml"}))).unwrap());
        assert_eq!(r["errors"][0]["path"], "x.yaml");
        assert_eq!(r["summary"]["errors"], 1);
    }

    #[test]
    fn commit_messages_are_checked() {
        let r = report(&check_commit_message_str("fixed stuff\n", opts(Value::Null)).unwrap());
        assert!(!rules_of(&r).is_empty());
        assert!(rules_of(&r).iter().all(|id| id.starts_with("commit/")));
        assert_eq!(r["inputs"][0]["path"], "<input>");
        let e = check_commit_message_str("feat: x\n", opts(json!({"kind": "kube"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
    }

    #[test]
    fn commit_lists_are_checked_with_their_next_release() {
        let commits = json!([
            {"hash": "b".repeat(40), "message": "feat(api)!: drop v1\n", "signature": "ssh"},
            {"hash": "a".repeat(40), "message": "Fixed stuff.\n", "signature": "none"},
        ])
        .to_string();
        let r = report(
            &check_commits_str(
                &commits,
                facade_options(json!({"lastRelease": "v1.4.2"}), Some("2030-01-02".into()))
                    .unwrap(),
            )
            .unwrap(),
        );
        assert_eq!(r["release"]["next"], "2.0.0");
        assert_eq!(r["report"]["summary"]["inputs"], 2);
        assert!(rules_of(&r["report"]).contains(&"commit/type-empty"));
        let e = check_commits_str(&commits, opts(json!({"path": "x"}))).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
    }

    #[test]
    fn baselines_are_the_cli_files() {
        let case = |file: &str| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../tests/baseline")
                    .join(file),
            )
            .unwrap()
        };
        let check = |folder: &str| {
            check_bytes_str(
                case(&format!("{folder}/pod.yaml")).as_bytes(),
                opts(json!({"path": "pod.yaml"})),
            )
            .unwrap()
        };
        let recorded = record_baseline_str(&check("before")).unwrap();
        assert_eq!(recorded, case("cct-baseline.json"));
        let applied = report(&apply_baseline_str(&check("after"), &recorded).unwrap());
        assert_eq!(applied, report(&case("after.report.json")));
        assert_eq!(
            apply_baseline_str(&check("after"), "{").unwrap_err().code,
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn reports_render_in_every_format() {
        let json = check_str(BAD_POD, opts(Value::Null)).unwrap();
        let sarif: Value = serde_json::from_str(&format_str(&json, "sarif").unwrap()).unwrap();
        assert_eq!(sarif["version"], "2.1.0");
        assert!(format_str(&json, "junit").unwrap().starts_with("<?xml"));
        assert!(format_str(&json, "markdown")
            .unwrap()
            .contains("kube/run-as-non-root"));
        assert_eq!(
            format_str(&json, "pdf").unwrap_err().code,
            ErrorCode::InvalidOptions
        );
        assert_eq!(
            format_str("{}", "sarif").unwrap_err().code,
            ErrorCode::InvalidOptions
        );
    }
}
