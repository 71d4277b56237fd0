//! WebAssembly bindings of cct, for the browser and any JavaScript runtime.
//!
//! This crate only converts types: JavaScript values in, the core's
//! [`cct_core::Report`] out, as a plain JavaScript object of the documented
//! JSON shape (serialised with `serde_json` and parsed by the engine's
//! `JSON.parse`, so maps are plain objects, never `Map`s). Every rule lives
//! in `cct-core`.
//!
//! Errors are thrown as JavaScript `Error`s carrying `code`, and `line`,
//! `column` and `path` when the error has a position. The module is built
//! with `panic=unwind` (wasm exception handling): wasm-bindgen catches a panic
//! at the export boundary and throws a `PanicError`, which the `cct.js`
//! wrapper turns into an `Error` with code `internal`; a trap that cannot
//! unwind (an abort) makes the wrapper re-instantiate the module (see
//! `docs/wasm.md`).
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use cct_core::api;
use cct_core::artefact::ArtefactKind;
use cct_core::config::ConfigError;
use cct_core::format::Format;
use cct_core::{Input, Policy, Report};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Path shown in locations when the caller gives none.
pub const DEFAULT_PATH: &str = "input";

/// The path named in errors of the `config` option.
pub const CONFIG_PATH: &str = "cct.yaml";

/// The options of [`check`], as the JavaScript object
/// `{kind, path, profile, config, today}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckOptions {
    /// `auto` (the default) or an artefact kind name (`kube`, `openapi`, `image`, `commit`).
    pub kind: Option<String>,
    /// Path shown in locations (`input` by default).
    pub path: Option<String>,
    /// Name of a built-in profile (`rules/profiles/<name>.yaml`).
    pub profile: Option<String>,
    /// A configuration in the shape of `cct.yaml`: its YAML (or JSON) text,
    /// or the same as an object.
    pub config: Option<serde_json::Value>,
    /// The date derogation expiries and image end-of-life dates are compared
    /// with (`YYYY-MM-DD`); the host's current UTC date when absent.
    pub today: Option<String>,
}

/// An error thrown to JavaScript: a stable `code`, a one-line message and,
/// when known, the position it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BindingError {
    /// Stable machine-readable code (`invalid-options`, `unknown-kind`, `invalid-config`,
    /// `unknown-profile`, `invalid-input`, `unknown-rule`, `unknown-format`, `internal`).
    pub code: &'static str,
    /// What went wrong, for a developer.
    pub message: String,
    /// The input's path, for input errors.
    pub path: Option<String>,
    /// 1-based line, when the error has a position.
    pub line: Option<u32>,
    /// 1-based column, when the error has a position.
    pub column: Option<u32>,
    /// The whole report, for `invalid-input` (its `errors` list every unreadable input).
    pub report: Option<Box<Report>>,
}

impl BindingError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        BindingError {
            code,
            message: message.into(),
            path: None,
            line: None,
            column: None,
            report: None,
        }
    }

    /// The binding's code for a facade error (the JavaScript codes predate the facade).
    fn from_api(e: api::ApiError) -> Self {
        let code = match e.code {
            api::ErrorCode::InvalidOptions => "invalid-options",
            api::ErrorCode::UnknownKind => "unknown-kind",
            api::ErrorCode::UnknownId => "unknown-rule",
            api::ErrorCode::Config => "invalid-config",
            api::ErrorCode::Unsupported => "invalid-options",
            api::ErrorCode::Internal => "internal",
        };
        BindingError {
            code,
            message: e.message,
            path: e.path,
            line: e.line,
            column: e.column,
            report: None,
        }
    }

    /// The binding's error for a configuration or profile error, with its position.
    fn from_config(e: &ConfigError) -> Self {
        let code = match e {
            ConfigError::UnknownProfile { .. } => "unknown-profile",
            _ => "invalid-config",
        };
        let pos = e.pos();
        BindingError {
            code,
            message: e.message(),
            path: Some(e.path().to_owned()),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            report: None,
        }
    }

    /// The JavaScript `Error` for this error.
    fn into_js(self) -> JsValue {
        let error = js_sys::Error::new(&self.message);
        let set = |key: &str, value: JsValue| {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
        };
        set("code", JsValue::from_str(self.code));
        if let Some(path) = self.path {
            set("path", JsValue::from_str(&path));
        }
        if let Some(line) = self.line {
            set("line", JsValue::from(line));
        }
        if let Some(column) = self.column {
            set("column", JsValue::from(column));
        }
        if let Some(report) = self.report {
            if let Ok(report) = to_js(&report) {
                set("report", report);
            }
        }
        error.into()
    }
}

/// Whether `text` looks like a calendar date `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(text[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(text[8..10].parse::<u8>(), Ok(1..=31))
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

/// The policy the options ask for: the profile, then the configuration laid
/// over it, then `today`. Only calls the core's constructors.
// The facade (`cct_core::api`) does not build profiles and configurations yet;
// when it does, this becomes a call to it.
pub fn policy(options: &CheckOptions) -> Result<Policy, BindingError> {
    let config_text = match &options.config {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(text)) => Some(text.clone()),
        Some(value @ serde_json::Value::Object(_)) => Some(value.to_string()),
        Some(_) => {
            return Err(BindingError::new(
                "invalid-options",
                "`config` must be the text of a `cct.yaml` or an object of the same shape",
            ))
        }
    };
    let no_files = &mut |name: &str| -> Result<String, String> {
        Err(format!(
            "the browser cannot read `{name}`; put the rules under `custom_rules:`"
        ))
    };
    let mut policy = match (&options.profile, config_text) {
        (None, None) => Ok(Policy::default()),
        (Some(profile), None) => Policy::from_profile(profile),
        (None, Some(text)) => Policy::from_config_with(&text, CONFIG_PATH, no_files),
        (Some(profile), Some(text)) => {
            Policy::from_config_with_profile(&text, CONFIG_PATH, profile, no_files)
        }
    }
    .map_err(|e| BindingError::from_config(&e))?;
    match &options.today {
        Some(today) if !is_date(today) => {
            return Err(BindingError::new(
                "invalid-options",
                format!("`today` must be a date like 2026-01-31, not `{today}`"),
            ))
        }
        Some(today) => policy.today = Some(today.clone()),
        None if policy.today.is_none() => policy.today = host_today(),
        None => {}
    }
    Ok(policy)
}

/// Parses `options` and checks `text` under them: the pure part of [`check`], testable natively.
pub fn check_str(text: &str, options: &CheckOptions) -> Result<Report, BindingError> {
    check_input(text.as_bytes(), options)
}

/// Parses `options` and checks `bytes` (text in UTF-8 or UTF-16 with a BOM, or
/// a binary artefact such as an image archive) under them.
pub fn check_input(bytes: &[u8], options: &CheckOptions) -> Result<Report, BindingError> {
    let kind = match options.kind.as_deref() {
        None | Some("auto") | Some("") => None,
        Some(name) => Some(ArtefactKind::parse(name).ok_or_else(|| {
            BindingError::new(
                "unknown-kind",
                format!("unknown kind `{name}`: expected `auto`, `kube`, `openapi`, `image` or `commit`"),
            )
        })?),
    };
    let policy = policy(options)?;
    let path = options
        .path
        .clone()
        .unwrap_or_else(|| DEFAULT_PATH.to_owned());
    let report = cct_core::check(&[Input::new(path, bytes).with_kind(kind)], &policy);
    if let Some(e) = report.errors.first() {
        return Err(BindingError {
            code: "invalid-input",
            message: format!("{}: {}", e.path, e.message),
            path: Some(e.path.clone()),
            line: e.line,
            column: e.column,
            report: Some(Box::new(report.clone())),
        });
    }
    Ok(report)
}

/// Checks a commit message as git's `commit-msg` hook sees it (`#` comment
/// lines and everything below the scissors line dropped). `kind` must be
/// absent or `commit`.
pub fn check_commit_str(text: &str, options: &CheckOptions) -> Result<Report, BindingError> {
    match options.kind.as_deref() {
        None | Some("commit") | Some("auto") | Some("") => {}
        Some(other) => {
            return Err(BindingError::new(
                "invalid-options",
                format!("checkCommitMessage checks commit messages; `kind` cannot be `{other}`"),
            ))
        }
    }
    let policy = policy(options)?;
    let path = options.path.as_deref().unwrap_or(DEFAULT_PATH);
    Ok(cct_core::commit::check_message_at(path, text, &policy))
}

/// Renders a report (as [`check`] returns it, in JSON) as `sarif`, `junit` or `markdown` (or `json`).
pub fn format_str(report_json: &str, format: &str) -> Result<String, BindingError> {
    let format = Format::parse(format).ok_or_else(|| {
        BindingError::new(
            "unknown-format",
            format!("unknown format `{format}`: expected `sarif`, `junit`, `markdown` or `json`"),
        )
    })?;
    let report: Report = serde_json::from_str(report_json)
        .map_err(|e| BindingError::new("invalid-options", format!("not a report of cct: {e}")))?;
    Ok(cct_core::format::render(&report, format))
}

/// Serialises `value` and parses it back with the engine's `JSON.parse`, so the
/// result is a plain object of the documented JSON shape.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value).map_err(|e| {
        BindingError::new("internal", format!("cannot serialise the result: {e}")).into_js()
    })?;
    js_sys::JSON::parse(&json)
}

/// Reads the JavaScript options object (`undefined` and `null` mean defaults).
fn options_from_js(options: &JsValue) -> Result<CheckOptions, BindingError> {
    if options.is_undefined() || options.is_null() {
        return Ok(CheckOptions::default());
    }
    if !options.is_object() {
        return Err(BindingError::new(
            "invalid-options",
            "options must be an object",
        ));
    }
    let json: String = js_sys::JSON::stringify(options)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| BindingError::new("invalid-options", "options cannot be read as JSON"))?;
    serde_json::from_str(&json)
        .map_err(|e| BindingError::new("invalid-options", format!("invalid options: {e}")))
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
import type { CheckOptions, Explanation, Referential, Report, RequirementInfo, Rule } from './report.js';
export * from './report.js';
/** Checks `text`; throws a `CctError` (`code`, and `line`/`column`/`path` for unreadable input). */
export function check(text: string, options?: CheckOptions): Report;
/** Checks the bytes of a file: UTF-8 (or UTF-16 with a BOM) text, or a binary artefact such as an image archive. */
export function checkBytes(bytes: Uint8Array, options?: CheckOptions): Report;
/** Every built-in rule's metadata. */
export function rules(): Rule[];
/** Every referential shipped, with its requirements. */
export function referentials(): Referential[];
/** Checks a commit message as git's `commit-msg` hook sees it. */
export function checkCommitMessage(text: string, options?: CheckOptions): Report;
/** Renders a report as SARIF 2.1.0, JUnit XML, Markdown or JSON text. */
export function format(report: Report, format: 'sarif' | 'junit' | 'markdown' | 'json'): string;
/** Every requirement of the shipped referentials, with the rules that give evidence for it. */
export function requirements(): RequirementInfo[];
/** What a rule or a requirement is about; throws `unknown-rule` for any other id. */
export function explain(id: string): Explanation;
/** The names of the built-in profiles. */
export function profiles(): string[];
"#;

/// Checks `text` (a Kubernetes manifest, an OpenAPI description, an image
/// config or a commit message) and returns the report as a plain object.
///
/// `options` is `{kind?: 'auto'|'kube'|'openapi'|'image'|'commit', path?: string,
/// profile?: string, config?: object}`. Throws an `Error` with `code` (and
/// `line`, `column`, `path` for unreadable input).
#[wasm_bindgen(skip_typescript)]
pub fn check(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(&options).map_err(BindingError::into_js)?;
    let report = check_str(text, &options).map_err(BindingError::into_js)?;
    to_js(&report)
}

/// Checks the bytes of a file (a `Uint8Array`): text in UTF-8 (or UTF-16
/// with a byte-order mark), or a binary artefact such as an image archive.
/// Same options, result and errors as [`check`].
#[wasm_bindgen(js_name = checkBytes, skip_typescript)]
pub fn check_bytes(bytes: &[u8], options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(&options).map_err(BindingError::into_js)?;
    let report = check_input(bytes, &options).map_err(BindingError::into_js)?;
    to_js(&report)
}

/// Checks a commit message (the text git gives the `commit-msg` hook) and
/// returns the report. Options as for [`check`] (`kind`, if given, must be `commit`).
#[wasm_bindgen(js_name = checkCommitMessage, skip_typescript)]
pub fn check_commit_message(text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_from_js(&options).map_err(BindingError::into_js)?;
    let report = check_commit_str(text, &options).map_err(BindingError::into_js)?;
    to_js(&report)
}

/// Renders a report returned by [`check`] as `sarif`, `junit`, `markdown` or
/// `json` text. Throws `unknown-format` for any other name.
#[wasm_bindgen(skip_typescript)]
pub fn format(report: JsValue, format: &str) -> Result<String, JsValue> {
    let json = js_sys::JSON::stringify(&report)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            BindingError::new("invalid-options", "the report cannot be read as JSON").into_js()
        })?;
    format_str(&json, format).map_err(BindingError::into_js)
}

/// Every built-in rule's metadata (id, kind, requirements, title, what, why, bad, good, fix…).
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsValue> {
    let rules = api::rules().map_err(|e| BindingError::from_api(e).into_js())?;
    to_js(&rules)
}

/// Every referential shipped, with its requirements (id, level, text, `summary_fr`, `summary_en`…).
#[wasm_bindgen(skip_typescript)]
pub fn referentials() -> Result<JsValue, JsValue> {
    to_js(&cct_core::catalog::catalog().referentials)
}

/// Every requirement of the shipped referentials with the rules that give evidence for it.
#[wasm_bindgen(skip_typescript)]
pub fn requirements() -> Result<JsValue, JsValue> {
    let requirements = api::requirements().map_err(|e| BindingError::from_api(e).into_js())?;
    to_js(&requirements)
}

/// What a rule or a requirement is about (`{id, kind, rule?, requirement?, markdown}`);
/// throws `unknown-rule` for an id that is neither.
#[wasm_bindgen(skip_typescript)]
pub fn explain(id: &str) -> Result<JsValue, JsValue> {
    let explanation = api::explain(id).map_err(|e| BindingError::from_api(e).into_js())?;
    to_js(&explanation)
}

/// The names of the built-in profiles, sorted.
#[wasm_bindgen(skip_typescript)]
pub fn profiles() -> Result<JsValue, JsValue> {
    to_js(&cct_core::profile::names())
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
        let key = js_sys::Symbol::for_("cct.panic");
        let _ = js_sys::Reflect::set(&js_sys::global(), &key, &JsValue::from_str(&message));
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

    const BAD_POD: &str = include_str!("../../tests/fixtures/kube/run-as-non-root/bad.yaml");

    fn opts(kind: Option<&str>) -> CheckOptions {
        CheckOptions {
            kind: kind.map(str::to_owned),
            ..CheckOptions::default()
        }
    }

    #[test]
    fn auto_detects_and_reports() {
        let report = check_str(BAD_POD, &opts(None)).unwrap();
        assert_eq!(report.inputs[0].path, "input");
        assert!(report
            .findings
            .iter()
            .any(|f| f.rule == "kube/run-as-non-root"));
    }

    #[test]
    fn unknown_kind_is_an_error() {
        let e = check_str(BAD_POD, &opts(Some("helm"))).unwrap_err();
        assert_eq!(e.code, "unknown-kind");
        assert!(e.message.contains("`helm`"), "{}", e.message);
    }

    #[test]
    fn syntax_error_carries_its_position() {
        let e = check_str("a: [1,\nb: ]\n", &opts(None)).unwrap_err();
        assert_eq!(e.code, "invalid-input");
        assert_eq!(e.path.as_deref(), Some("input"));
        assert!(e.line.is_some() && e.column.is_some(), "{e:?}");
    }

    #[test]
    fn config_is_a_cct_yaml() {
        let options = CheckOptions {
            config: Some(serde_json::json!(
                "rules:\n  kube/run-as-non-root: {enabled: false}\n"
            )),
            ..CheckOptions::default()
        };
        let report = check_str(BAD_POD, &options).unwrap();
        assert!(!report
            .findings
            .iter()
            .any(|f| f.rule == "kube/run-as-non-root"));
        let as_object = CheckOptions {
            config: Some(
                serde_json::json!({"rules": {"kube/run-as-non-root": {"enabled": false}}}),
            ),
            ..CheckOptions::default()
        };
        assert_eq!(check_str(BAD_POD, &as_object).unwrap(), report);
        let bad = CheckOptions {
            config: Some(serde_json::json!("rules: {}\nrulez: {}\n")),
            ..CheckOptions::default()
        };
        let e = check_str(BAD_POD, &bad).unwrap_err();
        assert_eq!(e.code, "invalid-config");
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e:?}");
        assert_eq!(e.path.as_deref(), Some(CONFIG_PATH));
    }

    #[test]
    fn profiles_change_the_findings() {
        let minimal = CheckOptions {
            profile: Some("minimal".to_owned()),
            ..CheckOptions::default()
        };
        let default = check_str(BAD_POD, &CheckOptions::default()).unwrap();
        let report = check_str(BAD_POD, &minimal).unwrap();
        assert_ne!(report.findings, default.findings);
    }

    #[test]
    fn today_is_validated() {
        let options = CheckOptions {
            today: Some("31/01/2026".to_owned()),
            ..CheckOptions::default()
        };
        assert_eq!(
            check_str(BAD_POD, &options).unwrap_err().code,
            "invalid-options"
        );
        let options = CheckOptions {
            today: Some("2026-01-31".to_owned()),
            ..CheckOptions::default()
        };
        assert_eq!(
            policy(&options).unwrap().today.as_deref(),
            Some("2026-01-31")
        );
    }

    #[test]
    fn commit_messages_are_checked() {
        let report = check_commit_str("fixed stuff\n", &CheckOptions::default()).unwrap();
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule == "commit/type-enum" || f.rule.starts_with("commit/")),
            "{report:?}"
        );
        let e = check_commit_str("feat: x\n", &opts(Some("kube"))).unwrap_err();
        assert_eq!(e.code, "invalid-options");
    }

    #[test]
    fn reports_render_in_every_format() {
        let report = check_str(BAD_POD, &CheckOptions::default()).unwrap();
        let json = serde_json::to_string(&report).unwrap();
        let sarif = format_str(&json, "sarif").unwrap();
        assert!(
            sarif.contains("\"version\": \"2.1.0\"") || sarif.contains("\"version\":\"2.1.0\""),
            "{sarif}"
        );
        assert!(format_str(&json, "junit").unwrap().starts_with("<?xml"));
        assert!(format_str(&json, "markdown")
            .unwrap()
            .contains("kube/run-as-non-root"));
        assert_eq!(format_str(&json, "pdf").unwrap_err().code, "unknown-format");
        assert_eq!(
            format_str("{}", "sarif").unwrap_err().code,
            "invalid-options"
        );
    }

    #[test]
    fn unknown_profile_is_an_error() {
        let options = CheckOptions {
            profile: Some("no-such-profile".to_owned()),
            ..CheckOptions::default()
        };
        let e = check_str(BAD_POD, &options).unwrap_err();
        assert_eq!(e.code, "unknown-profile");
        assert!(e.message.contains("`no-such-profile`"), "{}", e.message);
    }
}
