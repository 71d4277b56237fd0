//! Derogations: accepted non-conformities, recorded in `cct.yaml` or on a Kubernetes object.
//!
//! The CCT (« Gestion des non-conformités, dérogations ») asks that a
//! non-conformity be covered by a motivated derogation request, granted by a
//! notified decision, temporarily or permanently. A derogation in cct names
//! what it covers (a rule or a requirement, narrowed by path, namespace and
//! object), why (`justification`), who decided (`granted_by`) and until when
//! (`expires`). Derogations are applied after evaluation: a covered finding
//! stays in the report, marked with its derogation, and stops failing the
//! check; once the expiry date has passed it counts again and says since when.
//!
//! On a Kubernetes object, the annotation `cct.io/ignore: "<rule>: <reason>"`
//! (several entries separated by `;` or new lines) covers that object's
//! findings of that rule. The reason is required.

use globset::{GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};

use crate::check::Loaded;
use crate::document::Pos;
use crate::kube::KubeSet;
use crate::policy::Policy;
use crate::profile::wildcard_match;
use crate::report::{Derogation, Finding, InputError};

/// The annotation that suppresses findings on a Kubernetes object.
pub const IGNORE_ANNOTATION: &str = "cct.io/ignore";

/// The `expires` value of a derogation granted without time limit.
pub const NEVER: &str = "never";

/// A derogation as written in `cct.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerogationSpec {
    /// The rule it covers: an id, or a pattern with `*` (`kube/*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The requirement it covers (`EX32`): findings giving evidence against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// Input paths it covers: globs (`deploy/legacy/**`, `*.yaml`); empty covers every path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
    /// Namespaces it covers (patterns with `*`); empty covers every namespace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub namespaces: Vec<String>,
    /// Objects it covers: `name` or `Kind/name`, with `*` patterns (`Deployment/*`); empty covers every object.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
    /// Why the non-conformity is accepted.
    pub justification: String,
    /// Who granted it (the decision's author or reference).
    pub granted_by: String,
    /// Last day it holds (`YYYY-MM-DD`), or `never` for a permanent derogation.
    pub expires: String,
}

impl DerogationSpec {
    /// Whether the derogation's scope covers `finding`.
    fn covers(&self, finding: &Finding, paths: &[GlobMatcher]) -> bool {
        if let Some(rule) = &self.rule {
            if !wildcard_match(rule, &finding.rule) {
                return false;
            }
        }
        if let Some(requirement) = &self.requirement {
            // Written in any version's ids: `EX32` covers a béta finding citing EXI-ARCH-18.
            let catalog = crate::catalog::catalog();
            let mut names = vec![requirement.clone()];
            for version in catalog.versions(crate::catalog::CCT) {
                names.extend(catalog.translate(std::slice::from_ref(requirement), version));
            }
            if !finding.requirements.iter().any(|r| names.contains(r)) {
                return false;
            }
        }
        if !self.paths.is_empty() {
            let path = normalize_path(&finding.location.path);
            if !paths.iter().any(|g| g.is_match(path)) {
                return false;
            }
        }
        let object = finding.object.as_ref();
        if !self.namespaces.is_empty() {
            let Some(namespace) = object.and_then(|o| o.namespace.as_deref()) else {
                return false;
            };
            if !self.namespaces.iter().any(|p| wildcard_match(p, namespace)) {
                return false;
            }
        }
        if !self.objects.is_empty() {
            let Some(o) = object else { return false };
            let name = o.name.as_deref().unwrap_or("");
            let qualified = format!("{}/{}", o.kind, name);
            if !self.objects.iter().any(|p| {
                if p.contains('/') {
                    wildcard_match(p, &qualified)
                } else {
                    wildcard_match(p, name)
                }
            }) {
                return false;
            }
        }
        true
    }

    /// Compiles the path globs; `None` when one is invalid.
    pub fn path_matchers(&self) -> Result<Vec<GlobMatcher>, String> {
        self.paths.iter().map(|p| compile_glob(p)).collect()
    }

    /// The expiry date, `None` for `never`.
    pub fn expiry(&self) -> Option<&str> {
        (self.expires != NEVER).then_some(self.expires.as_str())
    }
}

/// Compiles a path glob: `*` stays within one path segment, `**` crosses segments.
pub fn compile_glob(pattern: &str) -> Result<GlobMatcher, String> {
    GlobBuilder::new(normalize_path(pattern))
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| e.kind().to_string())
}

fn normalize_path(path: &str) -> &str {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p
}

/// An inline suppression read from a Kubernetes object's `cct.io/ignore` annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The input path of the object.
    pub path: String,
    /// Its document index.
    pub document: usize,
    /// The object's pointer inside its document (`""`, or `/items/3` in a `List`).
    pub base: String,
    /// The rule id or pattern suppressed.
    pub rule: String,
    /// Why.
    pub reason: String,
}

impl Suppression {
    fn covers(&self, finding: &Finding) -> bool {
        let l = &finding.location;
        l.path == self.path
            && l.document == Some(self.document)
            && (self.base.is_empty()
                || l.pointer == self.base
                || l.pointer
                    .strip_prefix(&self.base)
                    .is_some_and(|rest| rest.starts_with('/')))
            && wildcard_match(&self.rule, &finding.rule)
    }
}

/// Reads the `cct.io/ignore` annotations of the Kubernetes objects of a check
/// (nothing when the policy disallows inline suppressions).
///
/// An entry without a reason, or naming no known rule, is an input error
/// (placed at the annotation) and suppresses nothing.
pub fn collect_annotations(
    batch: &[Loaded<'_>],
    policy: &Policy,
    suppressions: &mut Vec<Suppression>,
    errors: &mut Vec<InputError>,
) {
    if !policy.allow_inline_suppressions {
        return;
    }
    let set = KubeSet::new(batch);
    for object in &set.objects {
        let Some(node) = object
            .node
            .get_path(&["metadata", "annotations", IGNORE_ANNOTATION])
        else {
            continue;
        };
        let mut error = |pos: Pos, message: String| {
            errors.push(InputError {
                path: object.path.to_owned(),
                line: Some(pos.line),
                column: Some(pos.column),
                message,
            })
        };
        let Some(text) = node.as_str() else {
            error(
                node.pos,
                format!(
                    "annotation `{IGNORE_ANNOTATION}` of {} must be a string, found {}",
                    object.display(),
                    node.type_name()
                ),
            );
            continue;
        };
        // In a block scalar (`|`), each line's entries are placed on their own line.
        let entries = text
            .lines()
            .enumerate()
            .flat_map(|(i, line)| line.split(';').map(move |e| (i, e.trim())));
        for (line, entry) in entries.filter(|(_, e)| !e.is_empty()) {
            let entry_pos = if text.contains('\n') {
                Pos::new(
                    node.pos
                        .line
                        .saturating_add(u32::try_from(line).unwrap_or(u32::MAX)),
                    node.pos.column,
                )
            } else {
                node.pos
            };
            let (rule, reason) = match entry.split_once(':') {
                Some((rule, reason)) => (rule.trim(), reason.trim()),
                None => (entry, ""),
            };
            if reason.is_empty() {
                error(
                    entry_pos,
                    format!("annotation `{IGNORE_ANNOTATION}` of {} suppresses `{rule}` without a reason; write `{rule}: <why this is accepted>`", object.display()),
                );
                continue;
            }
            if !policy.rule_pattern_known(rule) {
                error(
                    entry_pos,
                    format!("annotation `{IGNORE_ANNOTATION}` of {} names `{rule}`, which is no rule of the catalog or of the configuration", object.display()),
                );
                continue;
            }
            suppressions.push(Suppression {
                path: object.path.to_owned(),
                document: object.document.index,
                base: object.base.clone(),
                rule: rule.to_owned(),
                reason: reason.to_owned(),
            });
        }
    }
}

/// Marks the findings covered by a derogation of the policy or by an inline suppression.
///
/// A live derogation (expiry not passed) wins over an expired one; among
/// expired ones the latest expiry is kept and the finding's message says
/// since when it counts again. Without a date (`policy.today` unset on a
/// platform with no clock) no derogation is considered expired.
pub fn apply(findings: &mut [Finding], policy: &Policy, suppressions: &[Suppression]) {
    let today = policy.today.clone().or_else(today_utc);
    let specs: Vec<(&DerogationSpec, Vec<GlobMatcher>)> = policy
        .derogations
        .iter()
        .filter_map(|d| d.path_matchers().ok().map(|m| (d, m)))
        .collect();
    for finding in findings.iter_mut() {
        if let Some(s) = suppressions.iter().find(|s| s.covers(finding)) {
            finding.derogation = Some(Derogation {
                justification: s.reason.clone(),
                granted_by: None,
                expires: None,
                expired: false,
                origin: "annotation".to_owned(),
            });
            continue;
        }
        let mut best: Option<(&DerogationSpec, bool)> = None;
        for (spec, paths) in &specs {
            if !spec.covers(finding, paths) {
                continue;
            }
            let expired = match (spec.expiry(), &today) {
                (Some(expiry), Some(today)) => today.as_str() > expiry,
                _ => false,
            };
            best = match best {
                None => Some((spec, expired)),
                Some((_, true)) if !expired => Some((spec, expired)),
                Some((b, true)) if expired && spec.expires > b.expires => Some((spec, expired)),
                keep => keep,
            };
            if !expired {
                break;
            }
        }
        if let Some((spec, expired)) = best {
            if expired {
                finding.message = format!(
                    "{} (derogation granted by {} expired on {}: this counts again)",
                    finding.message, spec.granted_by, spec.expires
                );
            }
            finding.derogation = Some(Derogation {
                justification: spec.justification.clone(),
                granted_by: Some(spec.granted_by.clone()),
                expires: spec.expiry().map(str::to_owned),
                expired,
                origin: "config".to_owned(),
            });
        }
    }
}

/// The derogations of `policy` that cover no finding of `report`, with their
/// index in `policy.derogations`: stale entries to remove, or scopes written
/// wrong (the CLI can print them as warnings; they never fail a check).
pub fn unused<'p>(
    report: &crate::report::Report,
    policy: &'p Policy,
) -> Vec<(usize, &'p DerogationSpec)> {
    policy
        .derogations
        .iter()
        .enumerate()
        .filter(|(_, spec)| {
            let Ok(paths) = spec.path_matchers() else {
                return true;
            };
            !report.findings.iter().any(|f| spec.covers(f, &paths))
        })
        .collect()
}

/// Whether `text` is a valid calendar date written `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        text.get(r.clone())
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
    };
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The date `days` days after 1970-01-01, as `YYYY-MM-DD` (proleptic Gregorian calendar).
pub fn date_from_days(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The current UTC date; `None` on `wasm32-unknown-unknown`, which has no clock (pass `today` there).
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub fn today_utc() -> Option<String> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    i64::try_from(secs / 86_400).ok().map(date_from_days)
}

/// The current UTC date; `None` on `wasm32-unknown-unknown`, which has no clock (pass `today` there).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub fn today_utc() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2023-13-01"));
        assert!(!is_date("2023-1-01"));
        assert!(!is_date("never"));
        assert_eq!(date_from_days(0), "1970-01-01");
        assert_eq!(date_from_days(19_782), "2024-02-29");
        assert_eq!(date_from_days(-1), "1969-12-31");
        assert!(today_utc().is_some_and(|d| is_date(&d)));
    }

    #[test]
    fn globs_stay_within_segments() {
        let g = compile_glob("deploy/*.yaml").unwrap();
        assert!(g.is_match("deploy/a.yaml"));
        assert!(!g.is_match("deploy/x/a.yaml"));
        let g = compile_glob("./deploy/**").unwrap();
        assert!(g.is_match("deploy/x/a.yaml"));
        assert!(compile_glob("deploy/[").is_err());
    }
}
