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

use cct_core::artefact::ArtefactKind;
use cct_core::catalog::{catalog, data_file, data_files};
use cct_core::{Input, Policy, Report};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// Path shown in locations when the caller gives none.
pub const DEFAULT_PATH: &str = "input";

/// The options of [`check`], as the JavaScript object `{kind, path, profile, config}`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckOptions {
    /// `auto` (the default) or an artefact kind name (`kube`, `openapi`, `image`, `commit`).
    pub kind: Option<String>,
    /// Path shown in locations (`input` by default).
    pub path: Option<String>,
    /// Name of a built-in profile (`rules/profiles/<name>.yaml`).
    pub profile: Option<String>,
    /// A policy, in the shape of the core's `Policy` (`cct_version`, `rules`, `settings`, `limits`).
    pub config: Option<serde_json::Value>,
}

/// An error thrown to JavaScript: a stable `code`, a one-line message and,
/// when known, the position it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BindingError {
    /// Stable machine-readable code (`invalid-options`, `unknown-kind`, `invalid-config`,
    /// `unknown-profile`, `invalid-input`, `unknown-rule`).
    pub code: &'static str,
    /// What went wrong, for a developer.
    pub message: String,
    /// The input's path, for input errors.
    pub path: Option<String>,
    /// 1-based line, when the error has a position.
    pub line: Option<u32>,
    /// 1-based column, when the error has a position.
    pub column: Option<u32>,
}

impl BindingError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        BindingError {
            code,
            message: message.into(),
            path: None,
            line: None,
            column: None,
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
        error.into()
    }
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
    let mut policy = match &options.config {
        None => Policy::default(),
        Some(config) => serde_json::from_value::<Policy>(config.clone())
            .map_err(|e| BindingError::new("invalid-config", format!("invalid config: {e}")))?,
    };
    if let Some(name) = &options.profile {
        if data_file(&format!("profiles/{name}.yaml")).is_none() {
            let known: Vec<&str> = data_files()
                .iter()
                .filter_map(|(p, _)| p.strip_prefix("profiles/")?.strip_suffix(".yaml"))
                .collect();
            let known = if known.is_empty() {
                "none is built in".to_owned()
            } else {
                format!("built-in profiles: `{}`", known.join("`, `"))
            };
            return Err(BindingError::new(
                "unknown-profile",
                format!("unknown profile `{name}` ({known})"),
            ));
        }
        policy.profile = Some(name.clone());
    }
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
        });
    }
    Ok(report)
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
import type { CheckOptions, Referential, Report, Rule } from './report.js';
export * from './report.js';
/** Checks `text`; throws a `CctError` (`code`, and `line`/`column`/`path` for unreadable input). */
export function check(text: string, options?: CheckOptions): Report;
/** Checks the bytes of a file: UTF-8 (or UTF-16 with a BOM) text, or a binary artefact such as an image archive. */
export function checkBytes(bytes: Uint8Array, options?: CheckOptions): Report;
/** Every built-in rule's metadata. */
export function rules(): Rule[];
/** Every referential shipped, with its requirements. */
export function referentials(): Referential[];
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

/// Every built-in rule's metadata (id, kind, requirements, title, what, why, bad, good, fix…).
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsValue> {
    to_js(&catalog().rules)
}

/// Every referential shipped, with its requirements (id, level, text, `summary_fr`, `summary_en`…).
#[wasm_bindgen(skip_typescript)]
pub fn referentials() -> Result<JsValue, JsValue> {
    to_js(&catalog().referentials)
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

    const BAD_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext: {runAsUser: 0}\n";

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
    fn config_is_a_policy() {
        let options = CheckOptions {
            config: Some(
                serde_json::json!({"rules": {"kube/run-as-non-root": {"enabled": false}}}),
            ),
            ..CheckOptions::default()
        };
        let report = check_str(BAD_POD, &options).unwrap();
        assert!(!report
            .findings
            .iter()
            .any(|f| f.rule == "kube/run-as-non-root"));
        let bad = CheckOptions {
            config: Some(serde_json::json!({"rulez": {}})),
            ..CheckOptions::default()
        };
        assert_eq!(check_str(BAD_POD, &bad).unwrap_err().code, "invalid-config");
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
