//! Baselines, to adopt cct on an existing project: record today's findings,
//! then report only the new ones.
//!
//! A baseline lists findings by a fingerprint that does not depend on line
//! numbers: the rule, the object (`kind/namespace/name`; the input path for
//! findings without an object) and the JSON pointer inside it. Applying a
//! baseline to a report drops the findings it knows (matching each entry at
//! most once, so a second identical finding is new), recomputes the counts
//! that decide the exit status, and records in [`Report::baseline`] how many
//! known findings remain and which entries were fixed. Requirement statuses
//! are left as judged on every finding: a baseline hides known debt, it does
//! not make a requirement pass.
//!
//! ```
//! use cct_core::{baseline, check, Input, Policy};
//!
//! let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - {name: web, image: nginx:latest}\n";
//! let today = check(&[Input::text("pod.yaml", pod)], &Policy::default());
//! let recorded = baseline::Baseline::record(&today);
//! let moved = format!("# a new comment line\n{pod}");
//! let later = baseline::apply(check(&[Input::text("pod.yaml", &moved)], &Policy::default()), &recorded);
//! assert!(later.findings.is_empty());
//! assert_eq!(later.baseline.unwrap().known, today.findings.len());
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::hash::fnv1a;
pub use crate::report::{BaselineEntry, BaselineSummary};
use crate::report::{Finding, Report, Severity};

/// The `format` of baseline files written by this version.
pub const BASELINE_FORMAT: &str = "cct-baseline/1";

/// A recorded set of findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// [`BASELINE_FORMAT`].
    pub format: String,
    /// The cct version that recorded it.
    pub version: String,
    /// The findings, sorted by path, rule, object and pointer.
    pub findings: Vec<BaselineEntry>,
}

/// A baseline file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaselineError {
    /// Not valid JSON, or not a baseline.
    #[error("invalid baseline at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A baseline of another format version.
    #[error("baseline format `{0}` is not supported (expected `{BASELINE_FORMAT}`)")]
    Format(String),
}

fn object_key(f: &Finding) -> Option<String> {
    f.object.as_ref().map(|o| match (&o.namespace, &o.name) {
        (Some(ns), Some(name)) => format!("{} {ns}/{name}", o.kind),
        (None, Some(name)) => format!("{} {name}", o.kind),
        _ => o.kind.clone(),
    })
}

/// The baseline fingerprint of a finding: rule, object (or path when there is
/// none) and pointer; not the line, so it survives edits elsewhere in the file.
pub fn fingerprint(f: &Finding) -> String {
    let place = object_key(f).unwrap_or_else(|| format!("path:{}", f.location.path));
    let key = format!("{}\u{0}{place}\u{0}{}", f.rule, f.location.pointer);
    format!("{:016x}", fnv1a(&key))
}

impl Baseline {
    /// The baseline of a report: every finding that counts (live derogations are already accepted).
    pub fn record(report: &Report) -> Baseline {
        let mut findings: Vec<BaselineEntry> = report
            .findings
            .iter()
            .filter(|f| f.counts())
            .map(|f| BaselineEntry {
                path: f.location.path.clone(),
                rule: f.rule.clone(),
                object: object_key(f),
                pointer: f.location.pointer.clone(),
                fingerprint: fingerprint(f),
                message: f.message.clone(),
            })
            .collect();
        findings.sort();
        Baseline {
            format: BASELINE_FORMAT.to_owned(),
            version: report.version.clone(),
            findings,
        }
    }

    /// Reads a baseline file's text.
    pub fn from_json_str(text: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| BaselineError::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if baseline.format != BASELINE_FORMAT {
            return Err(BaselineError::Format(baseline.format));
        }
        Ok(baseline)
    }

    /// The baseline as pretty-printed JSON (what `cct baseline` writes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Drops the findings `baseline` knows from `report` (see the module documentation).
pub fn apply(mut report: Report, baseline: &Baseline) -> Report {
    let mut remaining: BTreeMap<&str, Vec<&BaselineEntry>> = BTreeMap::new();
    for entry in &baseline.findings {
        remaining
            .entry(entry.fingerprint.as_str())
            .or_default()
            .push(entry);
    }
    let mut known = 0;
    let mut kept = Vec::with_capacity(report.findings.len());
    for f in std::mem::take(&mut report.findings) {
        let print = fingerprint(&f);
        let matched = f.counts()
            && remaining
                .get_mut(print.as_str())
                .and_then(Vec::pop)
                .is_some();
        if matched {
            known += 1;
        } else {
            kept.push(f);
        }
    }
    report.findings = kept;
    let checked: BTreeSet<&str> = report.inputs.iter().map(|i| i.path.as_str()).collect();
    let mut fixed: Vec<BaselineEntry> = remaining
        .into_values()
        .flatten()
        .filter(|e| checked.contains(e.path.as_str()))
        .cloned()
        .collect();
    fixed.sort();
    let summary = &mut report.summary;
    (summary.error, summary.warning, summary.info) = (0, 0, 0);
    for f in report.findings.iter().filter(|f| f.counts()) {
        match f.severity {
            Severity::Error => summary.error += 1,
            Severity::Warning => summary.warning += 1,
            Severity::Info => summary.info += 1,
        }
    }
    report.baseline = Some(BaselineSummary { known, fixed });
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Input, Policy};

    const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: team}\nspec:\n  containers:\n    - {name: web, image: nginx:latest}\n";

    fn report(files: &[(&str, &str)]) -> Report {
        let inputs: Vec<Input<'_>> = files.iter().map(|(p, t)| Input::text(*p, t)).collect();
        check(&inputs, &Policy::default())
    }

    #[test]
    fn known_findings_go_new_ones_stay_fixed_ones_are_listed() {
        let before = report(&[("pod.yaml", POD)]);
        let recorded = Baseline::record(&before);
        assert_eq!(recorded.findings.len(), before.findings.len());
        let round = Baseline::from_json_str(&recorded.to_json()).unwrap();
        assert_eq!(round, recorded);

        // The image gets a digest (a finding fixed) and a privileged container appears (new findings).
        let after_text = POD.replace(
            "- {name: web, image: nginx:latest}",
            "- {name: web, image: nginx:latest}\n    - {name: debug, image: busybox:1.36, securityContext: {privileged: true}}",
        );
        let after = report(&[("pod.yaml", &after_text)]);
        let applied = apply(after.clone(), &recorded);
        let summary = applied.baseline.clone().unwrap();
        assert!(summary.known > 0);
        assert_eq!(summary.known + applied.findings.len(), after.findings.len());
        assert!(applied
            .findings
            .iter()
            .any(|f| f.rule == "kube/no-privileged"));
        let recorded_prints: BTreeSet<String> = before.findings.iter().map(fingerprint).collect();
        assert!(applied
            .findings
            .iter()
            .all(|f| !recorded_prints.contains(&fingerprint(f))));
        assert_eq!(
            applied.summary.error + applied.summary.warning + applied.summary.info,
            applied.findings.iter().filter(|f| f.counts()).count()
        );

        // Everything fixed: each entry is listed; entries of unchecked files are not.
        let clean = apply(
            report(&[(
                "pod.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
            )]),
            &recorded,
        );
        assert_eq!(clean.baseline.unwrap().fixed.len(), recorded.findings.len());
        let other = apply(
            report(&[(
                "other.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n",
            )]),
            &recorded,
        );
        assert!(other.baseline.unwrap().fixed.is_empty());
    }

    #[test]
    fn an_entry_matches_one_finding_only() {
        let recorded = Baseline::record(&report(&[("a.yaml", POD)]));
        let twice = report(&[("a.yaml", POD), ("b.yaml", POD)]);
        let applied = apply(twice.clone(), &recorded);
        assert_eq!(
            applied.findings.len(),
            twice.findings.len() - recorded.findings.len()
        );
    }

    #[test]
    fn every_front_end_gets_it_through_the_facade() {
        use crate::api::{check_text, format, CheckOptions};
        let opts = CheckOptions {
            kind: Some("kube".into()),
            ..CheckOptions::default()
        };
        let full = check_text(POD, &opts).unwrap();
        let recorded = format(&full, "baseline").unwrap();
        let with = CheckOptions {
            baseline: Some(recorded),
            ..opts.clone()
        };
        let report = check_text(POD, &with).unwrap();
        assert!(report.findings.is_empty());
        assert_eq!(report.baseline.map(|b| b.known), Some(full.findings.len()));
        let bad = CheckOptions {
            baseline: Some("[]".into()),
            ..opts
        };
        assert_eq!(
            check_text(POD, &bad).unwrap_err().code,
            crate::api::ErrorCode::InvalidOptions
        );
    }

    #[test]
    fn a_bad_file_is_an_error() {
        assert!(matches!(
            Baseline::from_json_str("{"),
            Err(BaselineError::Syntax { .. })
        ));
        assert!(matches!(
            Baseline::from_json_str(
                r#"{"format": "cct-baseline/9", "version": "1", "findings": []}"#
            ),
            Err(BaselineError::Format(_))
        ));
    }
}
