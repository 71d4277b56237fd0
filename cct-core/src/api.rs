//! The one facade every binding calls (Python, Node, WebAssembly).
//!
//! Each operation comes as a typed function and a JSON twin (`*_json_str`),
//! in the style of cedar's `ffi` module: bindings pass options as a JSON
//! object and get back an *answer*, `{"ok": <value>}` or
//! `{"error": <ApiError>}`, so every language sees exactly the same shapes
//! (the report's JSON is the contract; see [`crate::report`]).
//!
//! Findings are not errors: a check that finds problems returns `Ok(report)`,
//! and inputs that cannot be read are listed in `report.errors`. An
//! [`ApiError`] means the call itself was wrong (bad options, unknown kind,
//! unknown rule id) or cct failed internally.
//!
//! Every entry point runs under [`std::panic::catch_unwind`]: a panic becomes
//! an [`ApiError`] with code `internal`, so a defect never takes down the
//! host process of a binding built with `panic = "unwind"` (pyo3, napi, and
//! the WebAssembly package, which is built with unwinding for this reason).
//!
//! ```
//! use cct_core::api::{check_text, CheckOptions};
//!
//! let opts = CheckOptions { kind: Some("kube".into()), ..CheckOptions::default() };
//! let report = check_text("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - {name: web, image: nginx, securityContext: {runAsUser: 0}}\n", &opts)?;
//! assert!(report.findings.iter().any(|f| f.rule == "kube/run-as-non-root"));
//! # Ok::<(), cct_core::api::ApiError>(())
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::{Deserialize, Serialize};

use crate::artefact::ArtefactKind;
use crate::catalog::{catalog, CCT, DEFAULT_CCT_VERSION, DOMINO_X};
use crate::check::check;
use crate::input::Input;
use crate::policy::Policy;
use crate::report::Report;
use crate::requirement::Requirement;
use crate::rule::Rule;

/// The `kind` value that makes a check panic on purpose, so that each binding
/// can prove a panic becomes an exception and the host keeps working. Not a
/// real kind: never use it outside tests.
pub const PANIC_FOR_TESTS_KIND: &str = "__cct_panic_for_tests";

/// The path given to text inputs when the caller names none.
pub const DEFAULT_TEXT_PATH: &str = "<input>";

/// Options of a check. Every field is optional; the JSON form uses these
/// snake_case names and rejects unknown ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckOptions {
    /// Artefact kind: `auto` (the default: detect from content), `kube`,
    /// `image`, `openapi` or `commit` (aliases such as `k8s` are accepted).
    pub kind: Option<String>,
    /// Name of a text input in locations (default `<input>`); text checks only.
    pub path: Option<String>,
    /// Name of a built-in profile.
    pub profile: Option<String>,
    /// The CCT version to judge against (`cct@alpha-v1`, `cct@alpha-v4`,
    /// `cct@beta-2024-06-23`); default the latest, or the configuration's `referential:`.
    pub referential: Option<String>,
    /// Text of a `cct.yaml` configuration.
    pub config: Option<String>,
    /// The date derogation expiries are compared with (`YYYY-MM-DD`).
    pub today: Option<String>,
    /// Git's `core.commentChar` (one character, default `#`): lines starting
    /// with it are dropped before a commit message is checked. Commit-message
    /// checks only.
    pub comment_char: Option<String>,
    /// Today's date as the host's clock tells it (`YYYY-MM-DD`), for
    /// platforms where cct cannot read a clock (WebAssembly): used only when
    /// neither `today` nor the configuration's `today:` fixes the date.
    pub host_today: Option<String>,
    /// Text of a baseline file (`cct baseline`, or the `baseline` format): the
    /// findings it records are left out of the report ([`crate::baseline`]).
    pub baseline: Option<String>,
}

/// What kind of failure an [`ApiError`] is: the one set of error codes of
/// every front end. Each binding raises the class [`ErrorCode::class_name`]
/// names (a subclass of `CctError`) with [`ErrorCode::as_str`] as its `code`;
/// `docs/bindings.md` is the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The options are malformed (bad JSON, unknown field, bad date…).
    InvalidOptions,
    /// The `kind` option names no artefact kind.
    UnknownKind,
    /// `explain` was given an id that is neither a rule nor a requirement.
    UnknownId,
    /// The configuration or profile is invalid.
    Config,
    /// The option is valid but this build does not support it yet.
    Unsupported,
    /// An input could not be read. Never returned by a check (unreadable
    /// inputs are in `report.errors`): raised by the bindings' helpers that
    /// turn a report's first input error into an exception (`assert_readable`).
    Parse,
    /// cct failed internally (a bug): please report it.
    Internal,
}

impl ErrorCode {
    /// Every code, in documentation order.
    pub const ALL: [ErrorCode; 7] = [
        ErrorCode::InvalidOptions,
        ErrorCode::UnknownKind,
        ErrorCode::UnknownId,
        ErrorCode::Config,
        ErrorCode::Unsupported,
        ErrorCode::Parse,
        ErrorCode::Internal,
    ];

    /// The snake_case name used in JSON and by the bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidOptions => "invalid_options",
            ErrorCode::UnknownKind => "unknown_kind",
            ErrorCode::UnknownId => "unknown_id",
            ErrorCode::Config => "config",
            ErrorCode::Unsupported => "unsupported",
            ErrorCode::Parse => "parse",
            ErrorCode::Internal => "internal",
        }
    }

    /// When this error is raised, in one line (the table of `docs/bindings.md`).
    pub fn description(self) -> &'static str {
        match self {
            ErrorCode::InvalidOptions => "the options are malformed: not an object, an unknown name, a bad value (`today` not a date, `profile` with `config`), an unknown format",
            ErrorCode::UnknownKind => "`kind` names no artefact kind",
            ErrorCode::UnknownId => "`explain` got an id that is neither a rule nor a requirement",
            ErrorCode::Config => "the configuration (`config`) or the profile is invalid; `path`, `line`, `column` say where",
            ErrorCode::Unsupported => "the option is valid but this build does not support it",
            ErrorCode::Parse => "an input could not be read: raised only by `assert_readable`/`assertReadable`, never by a check",
            ErrorCode::Internal => "cct failed internally (a bug, a caught panic); the host keeps working",
        }
    }

    /// The error class every binding raises for this code (Python
    /// exceptions, JavaScript `Error` subclasses, all named alike).
    pub fn class_name(self) -> &'static str {
        match self {
            ErrorCode::InvalidOptions | ErrorCode::UnknownKind | ErrorCode::UnknownId => {
                "UsageError"
            }
            ErrorCode::Config | ErrorCode::Unsupported => "ConfigError",
            ErrorCode::Parse => "ParseError",
            ErrorCode::Internal => "InternalError",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A call that could not be carried out. Findings and unreadable inputs are
/// never `ApiError`s: they are in the [`Report`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// The file the error is in (a configuration file), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line, when the error has a position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, when the error has a position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// What went wrong, in one line.
    pub message: String,
}

impl ApiError {
    /// An error without position.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            path: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// A requirement of a shipped referential, with the rules that give evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementInfo {
    /// Referential family (`cct`, `domino-x`).
    pub referential: String,
    /// Referential version (`alpha.V1`).
    pub version: String,
    /// The requirement as the referential gives it.
    #[serde(flatten)]
    pub requirement: Requirement,
    /// Built-in rules that give evidence for it, by id.
    pub rules: Vec<String>,
}

/// What `explain` says about a rule or a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The id asked about.
    pub id: String,
    /// `rule` or `requirement`.
    pub kind: String,
    /// The rule, when the id is a rule's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// The requirement, when the id is a requirement's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<RequirementInfo>,
    /// The explanation as Markdown text.
    pub markdown: String,
}

/// Runs `f`, turning a panic into an `internal` [`ApiError`].
fn guarded<T>(f: impl FnOnce() -> Result<T, ApiError>) -> Result<T, ApiError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(ApiError::new(
                ErrorCode::Internal,
                format!("internal error (please report it): {detail}"),
            ))
        }
    }
}

/// Parses the `kind` option: `None` means detect.
fn parse_kind(kind: Option<&str>) -> Result<Option<ArtefactKind>, ApiError> {
    match kind {
        None | Some("auto") => Ok(None),
        Some(PANIC_FOR_TESTS_KIND) => {
            panic!("deliberate panic requested with kind `{PANIC_FOR_TESTS_KIND}`")
        }
        Some(name) => ArtefactKind::parse(name).map(Some).ok_or_else(|| {
            ApiError::new(
                ErrorCode::UnknownKind,
                format!("unknown kind `{name}` (expected auto, kube, image, openapi or commit)"),
            )
        }),
    }
}

/// Builds the policy the options ask for.
fn policy(opts: &CheckOptions) -> Result<Policy, ApiError> {
    for (name, date) in [("today", &opts.today), ("host_today", &opts.host_today)] {
        if let Some(date) = date {
            if !crate::date::is_date(date) {
                return Err(ApiError::new(
                    ErrorCode::InvalidOptions,
                    format!("`{name}` must be a date like 2026-01-31, not `{date}`"),
                ));
            }
        }
    }
    let mut policy = match (&opts.profile, &opts.config) {
        (Some(_), Some(_)) => {
            return Err(ApiError::new(
                ErrorCode::InvalidOptions,
                "give `profile` or `config`, not both; a configuration starts from a profile with `extends: <profile>`",
            ))
        }
        (Some(profile), None) => Policy::from_profile(profile).map_err(config_error)?,
        (None, Some(config)) => {
            Policy::from_config_str(config, CONFIG_TEXT_PATH).map_err(config_error)?
        }
        (None, None) => Policy::default(),
    };
    if let Some(handle) = &opts.referential {
        let referential = catalog()
            .cct_referential(handle)
            .map_err(|e| ApiError::new(ErrorCode::InvalidOptions, format!("`referential`: {e}")))?;
        policy.cct_version = referential.key.clone();
    }
    if opts.today.is_some() {
        policy.today = opts.today.clone();
    } else if policy.today.is_none() {
        policy.today = opts.host_today.clone();
    }
    Ok(policy)
}

/// The path configuration errors name when the configuration is given as text.
pub const CONFIG_TEXT_PATH: &str = "cct.yaml";

/// A configuration or profile error, with its position.
fn config_error(e: crate::config::ConfigError) -> ApiError {
    let pos = e.pos();
    let mut error = ApiError::new(ErrorCode::Config, e.to_string());
    error.path = Some(e.path().to_owned());
    error.line = pos.map(|p| p.line);
    error.column = pos.map(|p| p.column);
    error
}

/// Checks one text input.
pub fn check_text(text: &str, opts: &CheckOptions) -> Result<Report, ApiError> {
    guarded(|| {
        let kind = parse_kind(opts.kind.as_deref())?;
        let policy = policy(opts)?;
        let path = opts
            .path
            .clone()
            .unwrap_or_else(|| DEFAULT_TEXT_PATH.to_owned());
        let report = check(&[Input::text(path, text).with_kind(kind)], &policy);
        with_baseline(report, opts)
    })
}

/// Applies the `baseline` option, if any, to a report.
fn with_baseline(report: Report, opts: &CheckOptions) -> Result<Report, ApiError> {
    let Some(text) = &opts.baseline else {
        return Ok(report);
    };
    let baseline = crate::baseline::Baseline::from_json_str(text)
        .map_err(|e| ApiError::new(ErrorCode::InvalidOptions, e.to_string()))?;
    Ok(crate::baseline::apply(report, &baseline))
}

/// Checks one commit message as git's `commit-msg` hook sees it: comment
/// lines and everything below the scissors line are dropped first (git's
/// `--cleanup=strip`), and generated messages (merges, reverts, fixups) are
/// skipped. Positions are lines of `message` as given; `path` names the
/// message file (default `<input>`). `kind`, when given, must be `commit`.
pub fn check_commit_message(message: &str, opts: &CheckOptions) -> Result<Report, ApiError> {
    guarded(|| {
        match parse_kind(opts.kind.as_deref())? {
            None | Some(ArtefactKind::Commit) => {}
            Some(other) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidOptions,
                    format!("a commit message is checked as `commit`, not `{other}`"),
                ))
            }
        }
        let comment_char = comment_char(opts.comment_char.as_deref())?;
        let policy = policy(opts)?;
        let path = opts.path.as_deref().unwrap_or(DEFAULT_TEXT_PATH);
        let report = crate::check::check_edited_message(path, message, comment_char, &policy);
        with_baseline(report, opts)
    })
}

/// One commit of a history as a front end hands it over: what `git log`
/// (or a git library) gives, newest first. The JSON form uses these names
/// and rejects unknown ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitEntry {
    /// The full hash: the findings' location path and object name.
    pub hash: String,
    /// The message as git stores it (`%B`, or the raw object's message): no cleanup.
    pub message: String,
    /// Whether and how the commit is signed (`none`, `openpgp`, `ssh`,
    /// `x509`, `unknown`: its signature header); absent, `commit/signed` does
    /// not judge it (as `cct commits --no-signatures`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<crate::commit::Signature>,
    /// Git's verification letter for the signature (`%G?`: `G`, `U`, `B`,
    /// `X`, `Y`, `R`, `E`, `N`), when a verifier ran (as `cct commits
    /// --verify-signatures`); needs `signature`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<String>,
    /// Tags pointing at the commit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Author, `Name <email>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Author date (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl CommitEntry {
    /// The core's [`CommitInput`](crate::commit::CommitInput): the signature
    /// status read as `cct commits` reads it ([`crate::commit::signature_status`]).
    fn input(&self, index: usize) -> Result<crate::commit::CommitInput, ApiError> {
        let invalid = |what: String| {
            ApiError::new(
                ErrorCode::InvalidOptions,
                format!("commit {index} (`{}`): {what}", self.hash),
            )
        };
        let letter = match self.verification.as_deref() {
            None => None,
            Some(text) => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if crate::commit::SignatureStatus::from_git(c).is_some() => {
                        Some(c)
                    }
                    _ => {
                        return Err(invalid(format!(
                            "`verification` is git's `%G?` letter (G, U, B, X, Y, R, E or N), not `{text}`"
                        )))
                    }
                }
            }
        };
        let kind = self.signature.and_then(crate::commit::Signature::kind);
        let signature = match (self.signature, letter) {
            (None, Some(_)) => {
                return Err(invalid(
                    "`verification` needs `signature` (`none` or the signature's kind)".to_owned(),
                ))
            }
            (None, None) => None,
            (Some(_), letter) => crate::commit::signature_status(kind, letter),
        };
        Ok(crate::commit::CommitInput {
            hash: self.hash.clone(),
            message: self.message.clone(),
            author: self.author.clone(),
            date: self.date.clone(),
            signature,
            signature_kind: kind,
            tags: self.tags.clone(),
        })
    }
}

/// Options of [`check_commits`]. Every field is optional; the JSON form uses
/// these snake_case names and rejects unknown ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommitsOptions {
    /// Name of a built-in profile.
    pub profile: Option<String>,
    /// The CCT version to judge against (as [`CheckOptions::referential`]).
    pub referential: Option<String>,
    /// Text of a `cct.yaml` configuration (its `settings.commit` applies).
    pub config: Option<String>,
    /// The date derogation expiries are compared with (`YYYY-MM-DD`).
    pub today: Option<String>,
    /// Today's date as the host's clock tells it (as [`CheckOptions::host_today`]).
    pub host_today: Option<String>,
    /// Text of a baseline file: the findings it records are left out of the report.
    pub baseline: Option<String>,
    /// The last release's tag (`v1.4.2` or `1.4.2`; with the configuration's
    /// `settings.commit.tag_prefix`, `<prefix>1.4.2`): the commits given are
    /// those since it, as `cct commits --next-version v1.4.2..` reads them.
    /// Absent: no release yet (the next one is the first, `1.0.0`).
    pub last_release: Option<String>,
    /// Pre-release channel of the next version (`beta` → `1.5.0-beta.1`),
    /// as `cct commits --next-version --prerelease beta`.
    pub prerelease: Option<String>,
}

impl CommitsOptions {
    /// The check options that build the policy and apply the baseline.
    fn check_options(&self) -> CheckOptions {
        CheckOptions {
            profile: self.profile.clone(),
            referential: self.referential.clone(),
            config: self.config.clone(),
            today: self.today.clone(),
            host_today: self.host_today.clone(),
            baseline: self.baseline.clone(),
            ..CheckOptions::default()
        }
    }
}

/// What [`check_commits`] answers: what `cct commits --format json` and
/// `cct commits --next-version --format json` print for the same commits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitsResult {
    /// The report of the history check (one input per commit, located by hash).
    pub report: Report,
    /// The next version the commits call for, after `last_release`.
    pub release: crate::commit::NextRelease,
    /// Notes `cct commits` gives on standard error (signatures that could not be checked).
    pub notes: Vec<String>,
}

/// Checks a history given as raw commits (newest first, as `git log` lists
/// them) and computes the next version: the report `cct commits` gives for
/// the same commits (the same findings, located at each commit's hash, the
/// same summary) and the release `cct commits --next-version` computes from
/// the last release tag `last_release`.
pub fn check_commits(
    commits: &[CommitEntry],
    opts: &CommitsOptions,
) -> Result<CommitsResult, ApiError> {
    guarded(|| {
        let inputs = commits
            .iter()
            .enumerate()
            .map(|(i, c)| c.input(i))
            .collect::<Result<Vec<_>, _>>()?;
        let check_opts = opts.check_options();
        let policy = policy(&check_opts)?;
        let prefix = policy.settings.commit.tag_prefix.clone();
        let last = match opts.last_release.as_deref() {
            None => None,
            Some(tag) => match crate::commit::tag_version(tag, prefix.as_deref()) {
                Some(v) => Some((tag, v)),
                None => {
                    return Err(ApiError::new(
                        ErrorCode::InvalidOptions,
                        match prefix.as_deref() {
                            Some(p) => format!("`last_release` must be a release tag like `{p}1.4.2` (the configured `tag_prefix`), not `{tag}`"),
                            None => format!("`last_release` must be a release tag like `v1.4.2` or `1.4.2`, not `{tag}`"),
                        },
                    ))
                }
            },
        };
        let channel = opts.prerelease.as_deref();
        if let Some(channel) = channel.filter(|c| !crate::commit::is_channel(c)) {
            return Err(ApiError::new(
                ErrorCode::InvalidOptions,
                format!("`prerelease` is one word of letters, digits and `-` (`beta`, `rc`), not `{channel}`"),
            ));
        }
        let report = with_baseline(crate::check::check_commits(&inputs, &policy), &check_opts)?;
        let release = crate::commit::release(
            last.as_ref().map(|(t, v)| (*t, v)),
            &inputs,
            channel,
            prefix.as_deref(),
        );
        let notes = crate::commit::unverified_note(&inputs)
            .into_iter()
            .collect();
        Ok(CommitsResult {
            report,
            release,
            notes,
        })
    })
}

/// Parses the `comment_char` option.
fn comment_char(option: Option<&str>) -> Result<char, ApiError> {
    let Some(text) = option else {
        return Ok(crate::commit::DEFAULT_COMMENT_CHAR);
    };
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_whitespace() => Ok(c),
        _ => Err(ApiError::new(
            ErrorCode::InvalidOptions,
            format!("`comment_char` must be one visible character like `#` or `;`, not `{text}`"),
        )),
    }
}

/// Renders a report in an output format: `json`, `sarif` (2.1.0), `junit`,
/// `markdown`, `policyreport`, `gitlab-codequality` or `baseline` (the CLI's
/// `--format`; `baseline` is the baseline file recording the report's findings).
pub fn format(report: &Report, format: &str) -> Result<String, ApiError> {
    guarded(|| {
        let format = crate::format::Format::parse(format).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidOptions,
                format!("unknown format `{format}` (expected json, sarif, junit, markdown, policyreport, gitlab-codequality or baseline)"),
            )
        })?;
        Ok(crate::format::render(report, format))
    })
}

/// The text of a baseline file recording `report`'s findings: byte for byte
/// what `cct baseline` writes to `.cct-baseline.json` (the `baseline` format
/// with its final newline).
pub fn record_baseline(report: &Report) -> Result<String, ApiError> {
    guarded(|| {
        let mut text = crate::baseline::Baseline::record(report).to_json();
        text.push('\n');
        Ok(text)
    })
}

/// Drops from `report` the findings the baseline file `baseline` records, as
/// `cct check --baseline FILE` does: the report that remains has only new
/// findings, and its `baseline` member says how many known ones were left out
/// and which were fixed. A text that is not a baseline is `invalid_options`.
pub fn apply_baseline(report: Report, baseline: &str) -> Result<Report, ApiError> {
    guarded(|| {
        let opts = CheckOptions {
            baseline: Some(baseline.to_owned()),
            ..CheckOptions::default()
        };
        with_baseline(report, &opts)
    })
}

/// Checks a batch of files given as `(path, bytes)`: Kubernetes files are
/// judged together. The `path` option does not apply (each file has its own).
pub fn check_files<B: AsRef<[u8]>>(
    inputs: &[(String, B)],
    opts: &CheckOptions,
) -> Result<Report, ApiError> {
    check_files_with(inputs, opts, &crate::openapi::NoExternalRefs)
}

/// [`check_files`] following OpenAPI external `$ref`s through `refs`, which
/// the host provides (the CLI and the native bindings read files; see
/// [`crate::openapi::ExternalRefs`]).
pub fn check_files_with<B: AsRef<[u8]>>(
    inputs: &[(String, B)],
    opts: &CheckOptions,
    refs: &dyn crate::openapi::ExternalRefs,
) -> Result<Report, ApiError> {
    let files: Vec<(&str, &[u8], Option<ArtefactKind>)> = inputs
        .iter()
        .map(|(path, bytes)| (path.as_str(), bytes.as_ref(), None))
        .collect();
    let sources = Sources {
        files: &files,
        layouts: &[],
        unreadable: &[],
    };
    check_sources(&sources, opts, |_| refs)
}

pub use crate::check::Sources;

/// Checks what a host gathered ([`Sources`]) under the options, then
/// applies the baseline. `refs` gives the external `$ref` reader for the
/// policy the options make (its input limit bounds what the host reads).
pub fn check_sources<R: crate::openapi::ExternalRefs>(
    sources: &Sources<'_>,
    opts: &CheckOptions,
    refs: impl FnOnce(&Policy) -> R,
) -> Result<Report, ApiError> {
    guarded(|| {
        if opts.path.is_some() {
            return Err(ApiError::new(
                ErrorCode::InvalidOptions,
                "`path` applies to text checks only: each file already has its path",
            ));
        }
        let kind = parse_kind(opts.kind.as_deref())?;
        let policy = policy(opts)?;
        let refs = refs(&policy);
        with_baseline(sources.check(kind, &refs, &policy), opts)
    })
}

fn requirement_info(
    referential: &crate::requirement::Referential,
    requirement: &Requirement,
) -> RequirementInfo {
    RequirementInfo {
        referential: referential.id.clone(),
        version: referential.version.clone(),
        requirement: requirement.clone(),
        rules: catalog()
            .rules_citing(&requirement.id, &referential.key)
            .map(|r| r.id.clone())
            .collect(),
    }
}

/// Every requirement of the default CCT version and of the latest Domino-X
/// referential, in referential order.
pub fn requirements() -> Result<Vec<RequirementInfo>, ApiError> {
    guarded(|| {
        let c = catalog();
        let referentials = [
            c.referential(CCT, DEFAULT_CCT_VERSION),
            c.referentials.iter().rfind(|r| r.id == DOMINO_X),
        ];
        Ok(referentials
            .into_iter()
            .flatten()
            .flat_map(|r| r.requirements.iter().map(move |q| requirement_info(r, q)))
            .collect())
    })
}

/// Every referential shipped (CCT versions and Domino-X), with its requirements.
pub fn referentials() -> Result<Vec<crate::requirement::Referential>, ApiError> {
    guarded(|| Ok(catalog().referentials.clone()))
}

/// The names of the built-in profiles, sorted.
pub fn profiles() -> Result<Vec<String>, ApiError> {
    guarded(|| {
        Ok(crate::profile::names()
            .into_iter()
            .map(str::to_owned)
            .collect())
    })
}

/// Every built-in rule, sorted by id.
pub fn rules() -> Result<Vec<Rule>, ApiError> {
    guarded(|| Ok(catalog().rules.clone()))
}

/// Explains a rule (`kube/run-as-non-root`) or a requirement (`EX32`, `DX-5.2-a`).
pub fn explain(id: &str) -> Result<Explanation, ApiError> {
    guarded(|| {
        let c = catalog();
        if let Some(rule) = c.rule(id) {
            let markdown = format!(
                "# {id}: {title}\n\nKind: {kind}. Requirements: {reqs}.\n\n## What it checks\n\n{what}\n\n## Why\n\n{why}\n\n## Bad\n\n```yaml\n{bad}```\n\n## Good\n\n```yaml\n{good}```\n\n## How to fix\n\n{fix}\n",
                id = rule.id,
                title = rule.title,
                kind = rule.kind,
                reqs = rule.requirements.join(", "),
                what = rule.what.trim_end(),
                why = rule.why.trim_end(),
                bad = rule.bad,
                good = rule.good,
                fix = rule.fix.trim_end(),
            );
            return Ok(Explanation {
                id: id.to_owned(),
                kind: "rule".to_owned(),
                rule: Some(rule.clone()),
                requirement: None,
                markdown,
            });
        }
        if let Some((referential, requirement)) = c.requirement(id, DEFAULT_CCT_VERSION) {
            let info = requirement_info(referential, requirement);
            let level = requirement
                .level
                .map_or("none".to_owned(), |l| format!("{l:?}"));
            let rules = if info.rules.is_empty() {
                "none (needs a human attestation or a rule not written yet)".to_owned()
            } else {
                info.rules.join(", ")
            };
            let markdown = format!(
                "# {id} ({title} {version}), level {level}\n\n{summary_en}\n\n> {text}\n\nEvidence: {evidence}.\n\nRules: {rules}.\n",
                id = requirement.id,
                title = referential.title,
                version = referential.version,
                summary_en = requirement.summary_en,
                text = requirement.text,
                evidence = requirement.evidence,
            );
            return Ok(Explanation {
                id: id.to_owned(),
                kind: "requirement".to_owned(),
                rule: None,
                requirement: Some(info),
                markdown,
            });
        }
        Err(ApiError::new(
            ErrorCode::UnknownId,
            format!("`{id}` is neither a rule id (like `kube/run-as-non-root`) nor a requirement id (like `EX32`)"),
        ))
    })
}

// ---- JSON twins -----------------------------------------------------------

/// Parses options given as a JSON object (`""` and `null` mean defaults).
pub fn options_from_json_str(options: &str) -> Result<CheckOptions, ApiError> {
    object_from_json_str(options)
}

/// Parses an options object given as JSON (`""` and `null` mean defaults).
fn object_from_json_str<T: serde::de::DeserializeOwned + Default>(
    options: &str,
) -> Result<T, ApiError> {
    let trimmed = options.trim();
    if trimmed.is_empty() || trimmed == "null" {
        return Ok(T::default());
    }
    serde_json::from_str(trimmed).map_err(json_options_error)
}

/// How a binding spells option names: each language's own convention, mapped
/// mechanically onto the one [`CheckOptions`] (`comment_char` ↔ `commentChar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Casing {
    /// `comment_char`: Rust, Python, the JSON facade.
    Snake,
    /// `commentChar`: JavaScript (Node and WebAssembly).
    Camel,
}

impl Casing {
    /// A snake_case option name as this casing spells it.
    pub fn spell(self, snake: &str) -> String {
        match self {
            Casing::Snake => snake.to_owned(),
            Casing::Camel => {
                let mut out = String::with_capacity(snake.len());
                let mut upper = false;
                for c in snake.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }

    /// The snake_case name of an option spelled in this casing, or `None`
    /// when the name is not spelled this way (`comment_char` in camelCase).
    fn unspell(self, name: &str) -> Option<String> {
        match self {
            Casing::Snake => Some(name.to_owned()),
            Casing::Camel if name.contains('_') => None,
            Casing::Camel => {
                let mut out = String::with_capacity(name.len() + 2);
                for c in name.chars() {
                    if c.is_ascii_uppercase() {
                        out.push('_');
                        out.push(c.to_ascii_lowercase());
                    } else {
                        out.push(c);
                    }
                }
                Some(out)
            }
        }
    }

    /// `message` with every option name in backticks spelled in this casing.
    fn respell_message(self, message: &str) -> String {
        if self == Casing::Snake {
            return message.to_owned();
        }
        let mut out = String::with_capacity(message.len());
        for (i, part) in message.split('`').enumerate() {
            if i > 0 {
                out.push('`');
            }
            let is_name = i % 2 == 1
                && part.contains('_')
                && part.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if is_name {
                out.push_str(&self.spell(part));
            } else {
                out.push_str(part);
            }
        }
        out
    }
}

/// Parses options given as a JSON object whose names are spelled in
/// `casing` (`""` and `null` mean defaults). Error messages name the options
/// as the caller spelled them.
pub fn options_from_json_str_in(options: &str, casing: Casing) -> Result<CheckOptions, ApiError> {
    object_from_json_str_in(options, casing)
}

/// [`commits_options_from_json_str`] with option names spelled in `casing`
/// (`lastRelease` in JavaScript).
pub fn commits_options_from_json_str_in(
    options: &str,
    casing: Casing,
) -> Result<CommitsOptions, ApiError> {
    object_from_json_str_in(options, casing)
}

/// Parses an options object given as JSON with names spelled in `casing`.
fn object_from_json_str_in<T: serde::de::DeserializeOwned + Default>(
    options: &str,
    casing: Casing,
) -> Result<T, ApiError> {
    if casing == Casing::Snake {
        return object_from_json_str(options);
    }
    let trimmed = options.trim();
    if trimmed.is_empty() || trimmed == "null" {
        return Ok(T::default());
    }
    let value: serde_json::Value = serde_json::from_str(trimmed).map_err(json_options_error)?;
    let value = match value {
        serde_json::Value::Object(map) => {
            let mut snake = serde_json::Map::new();
            for (name, v) in map {
                let Some(key) = casing.unspell(&name) else {
                    return Err(ApiError::new(
                        ErrorCode::InvalidOptions,
                        format!(
                            "invalid options: unknown field `{name}` (options are spelled `{}` here)",
                            casing.spell(&name)
                        ),
                    ));
                };
                snake.insert(key, v);
            }
            serde_json::Value::Object(snake)
        }
        other => other,
    };
    serde_json::from_value(value).map_err(|e| {
        ApiError::new(
            ErrorCode::InvalidOptions,
            casing.respell_message(&format!("invalid options: {e}")),
        )
    })
}

/// An options text that is not valid JSON, with its position.
fn json_options_error(e: serde_json::Error) -> ApiError {
    json_error("invalid options", &e)
}

/// An `invalid_options` error for malformed JSON, with its position.
fn json_error(what: &str, e: &serde_json::Error) -> ApiError {
    let mut error = ApiError::new(ErrorCode::InvalidOptions, format!("{what}: {e}"));
    error.line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
    error.column = u32::try_from(e.column()).ok().filter(|c| *c > 0);
    error
}

/// A facade value as JSON text (what the `*_json_str` twins return).
pub fn to_json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("internal error (please report it): {e}"),
        )
    })
}

/// Wraps a JSON result into an answer: `{"ok": value}` or `{"error": {...}}`.
pub fn answer(result: Result<String, ApiError>) -> String {
    match result {
        Ok(json) => format!("{{\"ok\":{json}}}"),
        Err(error) => {
            let error = serde_json::to_string(&error).unwrap_or_else(|_| {
                "{\"code\":\"internal\",\"message\":\"internal error: unserialisable error\"}"
                    .to_owned()
            });
            format!("{{\"error\":{error}}}")
        }
    }
}

/// [`check_text`] with options as a JSON object and the report as JSON.
pub fn check_text_json_str(text: &str, options: &str) -> Result<String, ApiError> {
    let opts = options_from_json_str(options)?;
    check_text(text, &opts).and_then(|r| to_json(&r))
}

/// [`check_files`] with options as a JSON object and the report as JSON.
pub fn check_files_json_str<B: AsRef<[u8]>>(
    inputs: &[(String, B)],
    options: &str,
) -> Result<String, ApiError> {
    let opts = options_from_json_str(options)?;
    check_files(inputs, &opts).and_then(|r| to_json(&r))
}

/// [`check_commit_message`] with options as a JSON object and the report as JSON.
pub fn check_commit_message_json_str(message: &str, options: &str) -> Result<String, ApiError> {
    let opts = options_from_json_str(options)?;
    check_commit_message(message, &opts).and_then(|r| to_json(&r))
}

/// Parses commits given as a JSON array of [`CommitEntry`] objects.
pub fn commits_from_json_str(commits: &str) -> Result<Vec<CommitEntry>, ApiError> {
    serde_json::from_str(commits.trim()).map_err(|e| json_error("invalid commits", &e))
}

/// Parses [`CommitsOptions`] given as a JSON object (`""` and `null` mean defaults).
pub fn commits_options_from_json_str(options: &str) -> Result<CommitsOptions, ApiError> {
    object_from_json_str(options)
}

/// [`check_commits`] with the commits as a JSON array, options as a JSON
/// object, and the [`CommitsResult`] as JSON (`{"report", "release", "notes"}`).
pub fn check_commits_json_str(commits: &str, options: &str) -> Result<String, ApiError> {
    check_commits_json_str_with(commits, &commits_options_from_json_str(options)?)
}

/// [`check_commits_json_str`] with options already parsed (a binding parses
/// them in its own casing, [`commits_options_from_json_str_in`]).
pub fn check_commits_json_str_with(
    commits: &str,
    opts: &CommitsOptions,
) -> Result<String, ApiError> {
    let commits = commits_from_json_str(commits)?;
    check_commits(&commits, opts).and_then(|r| to_json(&r))
}

/// Reads a report given as JSON (as every binding holds it).
fn report_from_json_str(report: &str) -> Result<Report, ApiError> {
    serde_json::from_str(report).map_err(|e| json_error("not a cct report", &e))
}

/// [`format`] for a report given as JSON (as every binding holds it); the
/// rendered text comes back as a JSON string.
pub fn format_json_str(report: &str, format_name: &str) -> Result<String, ApiError> {
    format(&report_from_json_str(report)?, format_name).and_then(|text| to_json(&text))
}

/// [`record_baseline`] for a report given as JSON; the baseline file's text
/// comes back as a JSON string.
pub fn record_baseline_json_str(report: &str) -> Result<String, ApiError> {
    record_baseline(&report_from_json_str(report)?).and_then(|text| to_json(&text))
}

/// [`apply_baseline`] for a report given as JSON; the report that remains comes back as JSON.
pub fn apply_baseline_json_str(report: &str, baseline: &str) -> Result<String, ApiError> {
    apply_baseline(report_from_json_str(report)?, baseline).and_then(|r| to_json(&r))
}

/// [`requirements`] as a JSON array.
pub fn requirements_json_str() -> Result<String, ApiError> {
    requirements().and_then(|r| to_json(&r))
}

/// [`referentials`] as a JSON array.
pub fn referentials_json_str() -> Result<String, ApiError> {
    referentials().and_then(|r| to_json(&r))
}

/// [`profiles`] as a JSON array.
pub fn profiles_json_str() -> Result<String, ApiError> {
    profiles().and_then(|r| to_json(&r))
}

/// The error class of every error code as a JSON object `{"invalid_options":
/// "UsageError", …}`: the one table the bindings build their exceptions from.
pub fn error_classes_json_str() -> String {
    let map: serde_json::Map<String, serde_json::Value> = ErrorCode::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.class_name().into()))
        .collect();
    serde_json::Value::Object(map).to_string()
}

/// [`rules`] as a JSON array.
pub fn rules_json_str() -> Result<String, ApiError> {
    rules().and_then(|r| to_json(&r))
}

/// [`explain`] as a JSON object.
pub fn explain_json_str(id: &str) -> Result<String, ApiError> {
    explain(id).and_then(|r| to_json(&r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commit::SignatureStatus;

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx\n      securityContext: {runAsUser: 0}\n";

    fn opts(kind: &str) -> CheckOptions {
        CheckOptions {
            kind: Some(kind.to_owned()),
            ..CheckOptions::default()
        }
    }

    #[test]
    fn text_check_names_the_input_and_returns_findings_not_errors() {
        let report = check_text(POD, &CheckOptions::default()).unwrap();
        assert!(report
            .findings
            .iter()
            .any(|f| f.rule == "kube/run-as-non-root"));
        assert!(report
            .findings
            .iter()
            .all(|f| f.location.path == DEFAULT_TEXT_PATH));
        let named = CheckOptions {
            path: Some("pod.yaml".into()),
            ..opts("kube")
        };
        let report = check_text(POD, &named).unwrap();
        assert_eq!(report.inputs[0].path, "pod.yaml");
    }

    #[test]
    fn malformed_input_is_a_report_error_with_position() {
        let report = check_text("a: [1, 2\nb: c\n", &opts("kube")).unwrap();
        assert_eq!(report.errors.len(), 1);
        assert!(report.errors[0].line.is_some());
        assert!(report.findings.is_empty());
    }

    #[test]
    fn unknown_kind_is_an_api_error() {
        let error = check_text(POD, &opts("helm")).unwrap_err();
        assert_eq!(error.code, ErrorCode::UnknownKind);
        assert!(error.message.contains("`helm`"), "{}", error.message);
    }

    #[test]
    fn profiles_and_configurations_build_the_policy() {
        let rules = |o: &CheckOptions| -> Vec<String> {
            check_text(POD, o)
                .unwrap()
                .findings
                .into_iter()
                .map(|f| f.rule)
                .collect()
        };
        let all = rules(&CheckOptions::default());
        assert!(all.iter().any(|r| r == "kube/run-as-non-root"));
        // A configuration that turns a firing rule off.
        let c = CheckOptions {
            config: Some("rules:\n  kube/run-as-non-root: {enabled: false}\n".into()),
            ..CheckOptions::default()
        };
        let without = rules(&c);
        assert!(!without.iter().any(|r| r == "kube/run-as-non-root"));
        assert_eq!(without.len() + 1, all.len());
        // A shipped profile runs.
        let p = CheckOptions {
            profile: Some("minimal".into()),
            ..CheckOptions::default()
        };
        assert!(check_text(POD, &p).is_ok());
        let both = CheckOptions {
            profile: Some("minimal".into()),
            config: Some("rules: {}\n".into()),
            ..CheckOptions::default()
        };
        assert_eq!(
            check_text(POD, &both).unwrap_err().code,
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn configuration_errors_carry_their_position() {
        let p = CheckOptions {
            profile: Some("strict".into()),
            ..CheckOptions::default()
        };
        let e = check_text(POD, &p).unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert!(e.message.contains("`strict`"), "{}", e.message);
        let c = CheckOptions {
            config: Some("rules:\n  kube/no-such-rule: {enabled: false}\n".into()),
            ..CheckOptions::default()
        };
        let e = check_text(POD, &c).unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert_eq!(
            (e.path.as_deref(), e.line, e.column),
            (Some("cct.yaml"), Some(2), Some(3)),
            "{}",
            e.message
        );
    }

    #[test]
    fn today_decides_whether_a_derogation_has_expired() {
        let config = "derogations:\n  - rule: kube/run-as-non-root\n    justification: vendor image\n    granted_by: board\n    expires: 2026-06-30\n";
        let at = |today: &str| {
            let o = CheckOptions {
                config: Some(config.into()),
                today: Some(today.into()),
                ..CheckOptions::default()
            };
            let report = check_text(POD, &o).unwrap();
            let f = report
                .findings
                .into_iter()
                .find(|f| f.rule == "kube/run-as-non-root")
                .unwrap();
            f.counts()
        };
        assert!(!at("2026-06-30"));
        assert!(at("2026-07-01"));
    }

    #[test]
    fn host_today_applies_only_when_nothing_else_fixes_the_date() {
        let expired = |config: &str, today: Option<&str>| {
            let o = CheckOptions {
                config: Some(config.into()),
                today: today.map(str::to_owned),
                host_today: Some("2030-01-01".into()),
                ..CheckOptions::default()
            };
            let report = check_text(POD, &o).unwrap();
            report
                .findings
                .iter()
                .find(|f| f.rule == "kube/run-as-non-root")
                .unwrap()
                .counts()
        };
        let derogation = "derogations:\n  - rule: kube/run-as-non-root\n    justification: vendor image\n    granted_by: board\n    expires: 2026-06-30\n";
        assert!(expired(derogation, None), "the host clock decides");
        assert!(
            !expired(&format!("today: 2026-01-01\n{derogation}"), None),
            "the configuration's date wins"
        );
        assert!(
            !expired(derogation, Some("2026-01-01")),
            "the `today` option wins"
        );
        let bad = CheckOptions {
            host_today: Some("tomorrow".into()),
            ..CheckOptions::default()
        };
        assert_eq!(
            check_text(POD, &bad).unwrap_err().code,
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn today_must_be_a_date() {
        for (today, ok) in [
            ("2026-01-31", true),
            ("2026-13-01", false),
            ("31/01/2026", false),
            ("", false),
        ] {
            let o = CheckOptions {
                today: Some(today.into()),
                ..CheckOptions::default()
            };
            assert_eq!(check_text(POD, &o).is_ok(), ok, "{today}");
        }
    }

    #[test]
    fn panic_hook_becomes_internal_error_and_next_call_works() {
        let error = check_text(POD, &opts(PANIC_FOR_TESTS_KIND)).unwrap_err();
        assert_eq!(error.code, ErrorCode::Internal);
        assert!(
            error.message.contains("deliberate panic"),
            "{}",
            error.message
        );
        assert!(check_text(POD, &CheckOptions::default()).is_ok());
    }

    #[test]
    fn files_are_checked_together_and_path_option_is_refused() {
        let files = vec![
            ("a.yaml".to_owned(), POD.as_bytes().to_vec()),
            ("b.json".to_owned(), b"{\"a\": ".to_vec()),
        ];
        let report = check_files(&files, &CheckOptions::default()).unwrap();
        assert_eq!(report.inputs.len(), 2);
        assert_eq!(report.errors.len(), 1);
        assert_eq!(report.errors[0].path, "b.json");
        let with_path = CheckOptions {
            path: Some("x".into()),
            ..CheckOptions::default()
        };
        assert_eq!(
            check_files(&files, &with_path).unwrap_err().code,
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn json_options_use_snake_case_and_reject_unknown_fields() {
        let o =
            options_from_json_str(r#"{"kind": "kube", "path": "p.yaml", "today": "2026-01-01"}"#)
                .unwrap();
        assert_eq!(o.kind.as_deref(), Some("kube"));
        assert_eq!(options_from_json_str("").unwrap(), CheckOptions::default());
        assert_eq!(
            options_from_json_str("null").unwrap(),
            CheckOptions::default()
        );
        let error = options_from_json_str(r#"{"knd": "kube"}"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidOptions);
        assert!(error.message.contains("knd"), "{}", error.message);
        assert_eq!(
            options_from_json_str("[").unwrap_err().code,
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn camel_case_options_map_onto_the_same_struct() {
        let camel = options_from_json_str_in(
            r#"{"commentChar": ";", "hostToday": "2026-01-01", "kind": "commit"}"#,
            Casing::Camel,
        )
        .unwrap();
        let snake = options_from_json_str(
            r#"{"comment_char": ";", "host_today": "2026-01-01", "kind": "commit"}"#,
        )
        .unwrap();
        assert_eq!(camel, snake);
        let e = options_from_json_str_in(r#"{"comment_char": ";"}"#, Casing::Camel).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert!(e.message.contains("`commentChar`"), "{}", e.message);
        let e = options_from_json_str_in(r#"{"knd": "kube"}"#, Casing::Camel).unwrap_err();
        assert!(e.message.contains("`knd`"), "{}", e.message);
        assert!(e.message.contains("`hostToday`"), "{}", e.message);
        assert!(!e.message.contains("host_today"), "{}", e.message);
        assert_eq!(Casing::Camel.spell("host_today"), "hostToday");
        assert_eq!(Casing::Snake.spell("host_today"), "host_today");
    }

    #[test]
    fn every_error_code_has_a_stable_name_and_a_class() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert!(code.class_name().ends_with("Error"));
        }
        assert_eq!(ErrorCode::Parse.class_name(), "ParseError");
    }

    #[test]
    fn referentials_and_profiles_are_listed() {
        let refs = referentials().unwrap();
        assert!(refs.iter().any(|r| r.id == "cct"));
        assert!(refs.iter().any(|r| r.id == "domino-x"));
        let profiles = profiles().unwrap();
        assert!(profiles.iter().any(|p| p == "minimal"));
        let json: Vec<String> = serde_json::from_str(&profiles_json_str().unwrap()).unwrap();
        assert_eq!(json, profiles);
    }

    #[test]
    fn files_follow_external_refs_through_the_host() {
        let api = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'common.yaml#/components/responses/Ok'}\n".to_vec();
        let files = vec![("api.yaml".to_owned(), api)];
        let mut refs = crate::openapi::MapRefs::default();
        refs.0.insert(
            "common.yaml".to_owned(),
            b"components:\n  responses:\n    Ok: {description: ok}\n".to_vec(),
        );
        let without = check_files(&files, &CheckOptions::default()).unwrap();
        let with = check_files_with(&files, &CheckOptions::default(), &refs).unwrap();
        let rules = |r: &Report| {
            r.findings
                .iter()
                .map(|f| f.rule.clone())
                .collect::<Vec<_>>()
        };
        assert_ne!(
            rules(&without),
            rules(&with),
            "the host's document resolves the `$ref`"
        );
    }

    #[test]
    fn answers_wrap_reports_and_errors() {
        let ok: serde_json::Value =
            serde_json::from_str(&answer(check_text_json_str(POD, r#"{"kind":"kube"}"#))).unwrap();
        let report = &ok["ok"];
        assert_eq!(report["format"], "1");
        assert_eq!(report["findings"][0]["location"]["path"], DEFAULT_TEXT_PATH);
        let err: serde_json::Value =
            serde_json::from_str(&answer(check_text_json_str(POD, r#"{"kind":"nope"}"#))).unwrap();
        assert_eq!(err["error"]["code"], "unknown_kind");
        assert!(err.get("ok").is_none());
    }

    #[test]
    fn catalog_views() {
        let reqs = requirements().unwrap();
        let ex32 = reqs
            .iter()
            .find(|r| r.requirement.id == "EXI-ARCH-18")
            .unwrap();
        assert_eq!(ex32.referential, "cct");
        assert_eq!(ex32.version, "béta 23.06.2024");
        assert!(ex32.rules.iter().any(|r| r == "kube/run-as-non-root"));
        assert!(reqs.iter().any(|r| r.referential == "domino-x"));
        let json: serde_json::Value =
            serde_json::from_str(&requirements_json_str().unwrap()).unwrap();
        assert_eq!(json[0]["id"], "EXI-G-1");
        assert!(json[0]["summary_fr"].is_string());
        assert!(!rules().unwrap().is_empty());

        let rule = explain("kube/run-as-non-root").unwrap();
        assert_eq!(rule.kind, "rule");
        assert!(rule.markdown.contains("## How to fix"));
        let req = explain("EX32").unwrap();
        assert_eq!(req.kind, "requirement");
        assert!(req.markdown.starts_with("# EX32"));
        assert_eq!(explain("kube/nope").unwrap_err().code, ErrorCode::UnknownId);
    }

    #[test]
    fn commit_messages_are_cleaned_like_git_and_checked() {
        let report = check_commit_message(
            "Added stuff.\n# Please enter the commit message\n",
            &CheckOptions::default(),
        )
        .unwrap();
        assert!(report.has_errors());
        let f = &report.findings[0];
        assert_eq!(f.location.path, DEFAULT_TEXT_PATH);
        assert_eq!(f.location.line, 1);
        assert!(report
            .findings
            .iter()
            .all(|f| f.rule.starts_with("commit/")));

        let good = check_commit_message(
            "feat(api): add export\n; a comment in a repository using `;`\n",
            &CheckOptions {
                comment_char: Some(";".into()),
                path: Some(".git/COMMIT_EDITMSG".into()),
                ..CheckOptions::default()
            },
        )
        .unwrap();
        assert!(!good.has_errors(), "{:?}", good.findings);
        assert_eq!(good.inputs[0].path, ".git/COMMIT_EDITMSG");
        // The same comment line counts as body text when `#` is the comment character.
        let plain = check_commit_message(
            "feat(api): add export\n; a comment in a repository using `;`\n",
            &CheckOptions::default(),
        )
        .unwrap();
        assert_ne!(plain.findings, good.findings);
    }

    #[test]
    fn commit_message_options_are_validated() {
        for (opts, code) in [
            (
                CheckOptions {
                    kind: Some("kube".into()),
                    ..CheckOptions::default()
                },
                ErrorCode::InvalidOptions,
            ),
            (
                CheckOptions {
                    comment_char: Some("##".into()),
                    ..CheckOptions::default()
                },
                ErrorCode::InvalidOptions,
            ),
            (
                CheckOptions {
                    kind: Some("nope".into()),
                    ..CheckOptions::default()
                },
                ErrorCode::UnknownKind,
            ),
        ] {
            assert_eq!(
                check_commit_message("feat: x", &opts).unwrap_err().code,
                code,
                "{opts:?}"
            );
        }
        let answer: serde_json::Value = serde_json::from_str(&answer(
            check_commit_message_json_str("feat: x", r#"{"comment_char": ";"}"#),
        ))
        .unwrap();
        assert_eq!(answer["ok"]["format"], "1");
    }

    fn entry(hash: char, message: &str, signature: Option<&str>) -> CommitEntry {
        CommitEntry {
            hash: hash.to_string().repeat(40),
            message: message.to_owned(),
            signature: signature.map(|s| serde_json::from_value(serde_json::json!(s)).unwrap()),
            ..CommitEntry::default()
        }
    }

    #[test]
    fn a_configured_tag_prefix_reads_the_last_release_and_names_the_next() {
        let opts = CommitsOptions {
            last_release: Some("api@1.2.0".into()),
            config: Some("settings:\n  commit:\n    tag_prefix: api@\n".into()),
            ..CommitsOptions::default()
        };
        let r = check_commits(&[entry('a', "fix: x\n", None)], &opts).unwrap();
        assert_eq!(r.release.current.as_deref(), Some("1.2.0"));
        assert_eq!(r.release.next.as_deref(), Some("1.2.1"));
        assert_eq!(r.release.next_tag.as_deref(), Some("api@1.2.1"));
        let unprefixed = CommitsOptions {
            last_release: Some("v1.2.0".into()),
            ..opts
        };
        let e = check_commits(&[entry('a', "fix: x\n", None)], &unprefixed).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOptions);
        assert!(e.message.contains("`api@1.4.2`"), "{}", e.message);
    }

    #[test]
    fn commit_lists_give_the_history_report_and_the_next_version() {
        let commits = [
            entry('b', "feat(api)!: drop v1\n", Some("ssh")),
            entry('a', "Fixed stuff.\n", Some("none")),
            entry('c', "fix: x\n", None),
        ];
        let opts = CommitsOptions {
            last_release: Some("v1.4.2".into()),
            ..CommitsOptions::default()
        };
        let r = check_commits(&commits, &opts).unwrap();
        let at = |rule: &str| -> Vec<String> {
            r.report
                .findings
                .iter()
                .filter(|f| f.rule == rule)
                .map(|f| f.location.path.clone())
                .collect()
        };
        assert_eq!(at("commit/type-empty"), ["a".repeat(40)]);
        assert_eq!(at("commit/signed"), ["a".repeat(40)], "unsigned only");
        assert_eq!(r.report.summary.inputs, 3);
        assert_eq!(
            (r.release.current.as_deref(), r.release.next.as_deref()),
            (Some("1.4.2"), Some("2.0.0"))
        );
        assert_eq!(r.release.bump, Some(crate::commit::Bump::Major));
        assert!(r.notes.is_empty());
        // The same path as the core's history check.
        let inputs: Vec<_> = commits
            .iter()
            .enumerate()
            .map(|(i, c)| c.input(i).unwrap())
            .collect();
        assert_eq!(r.report, check_commits_core(&inputs));
        assert_eq!(inputs[0].signature, Some(SignatureStatus::Unverified));
        assert_eq!(inputs[1].signature, Some(SignatureStatus::None));
        assert_eq!(inputs[2].signature, None);
        // No last release: the first one.
        let first = check_commits(&commits, &CommitsOptions::default()).unwrap();
        assert_eq!(first.release.next.as_deref(), Some("1.0.0"));
        let beta = CommitsOptions {
            prerelease: Some("beta".into()),
            ..opts.clone()
        };
        assert_eq!(
            check_commits(&commits, &beta)
                .unwrap()
                .release
                .next
                .as_deref(),
            Some("2.0.0-beta.1")
        );
    }

    fn check_commits_core(inputs: &[crate::commit::CommitInput]) -> Report {
        crate::check::check_commits(inputs, &Policy::default())
    }

    #[test]
    fn verification_letters_are_read_as_cct_commits_reads_them() {
        let mut ssh = entry('d', "fix: x\n", Some("ssh"));
        ssh.verification = Some("N".into());
        let mut bad = entry('e', "fix: y\n", Some("openpgp"));
        bad.verification = Some("B".into());
        let r = check_commits(&[ssh.clone(), bad], &CommitsOptions::default()).unwrap();
        let signed: Vec<&str> = r
            .report
            .findings
            .iter()
            .filter(|f| f.rule == "commit/signed")
            .map(|f| f.location.path.as_str())
            .collect();
        assert_eq!(signed, ["e".repeat(40)], "an SSH `N` cannot be checked");
        assert_eq!(r.notes.len(), 1);
        assert!(r.notes[0].contains("1 ssh"), "{}", r.notes[0]);
        for (commit, needle) in [
            (
                CommitEntry {
                    signature: None,
                    ..ssh.clone()
                },
                "needs `signature`",
            ),
            (
                CommitEntry {
                    verification: Some("GG".into()),
                    ..ssh.clone()
                },
                "`%G?` letter",
            ),
        ] {
            let e = check_commits(&[commit], &CommitsOptions::default()).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidOptions);
            assert!(e.message.contains(needle), "{}", e.message);
        }
    }

    #[test]
    fn commit_list_options_and_json_are_validated() {
        let commits = [entry('a', "feat: x\n", None)];
        for (opts, needle) in [
            (
                CommitsOptions {
                    last_release: Some("main".into()),
                    ..CommitsOptions::default()
                },
                "`last_release`",
            ),
            (
                CommitsOptions {
                    prerelease: Some("be.ta".into()),
                    ..CommitsOptions::default()
                },
                "`prerelease`",
            ),
        ] {
            let e = check_commits(&commits, &opts).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidOptions);
            assert!(e.message.contains(needle), "{}", e.message);
        }
        let ok: serde_json::Value = serde_json::from_str(&answer(check_commits_json_str(
            r#"[{"hash": "1111111111111111111111111111111111111111", "message": "feat: x\n", "signature": "x509"}]"#,
            r#"{"last_release": "1.0.0"}"#,
        )))
        .unwrap();
        assert_eq!(ok["ok"]["release"]["next"], "1.1.0");
        assert_eq!(ok["ok"]["report"]["summary"]["inputs"], 1);
        assert_eq!(ok["ok"]["notes"], serde_json::json!([]));
        for (commits, options) in [
            (r#"[{"hash": "a", "message": "x", "signed": true}]"#, "{}"),
            (
                r#"[{"hash": "a", "message": "x", "signature": "pgp"}]"#,
                "{}",
            ),
            (r#"{"hash": "a"}"#, "{}"),
            ("[]", r#"{"kind": "commit"}"#),
        ] {
            let e = check_commits_json_str(commits, options).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidOptions, "{commits} {options}");
        }
    }

    #[test]
    fn baselines_are_recorded_and_applied_on_reports() {
        let report = check_text(POD, &opts("kube")).unwrap();
        let text = record_baseline(&report).unwrap();
        assert!(text.ends_with("}\n"), "a file's final newline: {text}");
        assert_eq!(text.trim_end(), format(&report, "baseline").unwrap());
        let via_json: String =
            serde_json::from_str(&record_baseline_json_str(&report.to_json()).unwrap()).unwrap();
        assert_eq!(via_json, text);

        let applied = apply_baseline(report.clone(), &text).unwrap();
        assert!(applied.findings.is_empty());
        assert_eq!(
            applied.baseline.as_ref().map(|b| b.known),
            Some(report.findings.len())
        );
        let with_option = check_text(
            POD,
            &CheckOptions {
                baseline: Some(text.clone()),
                ..opts("kube")
            },
        )
        .unwrap();
        assert_eq!(applied, with_option, "the function and the option agree");
        let applied_json: Report =
            serde_json::from_str(&apply_baseline_json_str(&report.to_json(), &text).unwrap())
                .unwrap();
        assert_eq!(applied_json, applied);

        assert_eq!(
            apply_baseline(report.clone(), "{").unwrap_err().code,
            ErrorCode::InvalidOptions
        );
        assert_eq!(
            apply_baseline_json_str("[]", &text).unwrap_err().code,
            ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn formats_render_the_report_and_its_json_alike() {
        let report = check_text(POD, &CheckOptions::default()).unwrap();
        let json = report.to_json();
        for name in ["json", "sarif", "junit", "markdown", "md"] {
            let direct = format(&report, name).unwrap();
            let via_json: String =
                serde_json::from_str(&format_json_str(&json, name).unwrap()).unwrap();
            assert_eq!(direct, via_json, "{name}");
        }
        assert!(format(&report, "sarif").unwrap().contains("\"2.1.0\""));
        assert_eq!(
            format(&report, "html").unwrap_err().code,
            ErrorCode::InvalidOptions
        );
        let error = format_json_str("{\"format\": ", "sarif").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidOptions);
        assert_eq!(error.line, Some(1));
    }
}
