//! GitLab's code quality report: the subset of the Code Climate issue format
//! that GitLab reads (`artifacts: reports: codequality`), so findings show
//! inline in merge request diffs and in the merge request widget.
//!
//! Each entry has `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path` and `location.lines.begin`. GitLab compares the report of
//! a merge request with its target branch's by fingerprint, so fingerprints
//! are stable when lines move: the SARIF fingerprint (rule, path, pointer,
//! object), re-hashed with its occurrence number when one report repeats it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::sarif::fingerprint;
use crate::hash::fnv1a;
use crate::report::{Report, Severity};

/// The `check_name` of an entry for an input that could not be read.
pub const INPUT_ERROR_CHECK: &str = "cct/input";

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// The code quality severity of a cct severity: error `critical`, warning
/// `major`, info `info`.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

/// The path as GitLab matches it against the repository: relative, without `./`.
fn repo_path(path: &str) -> &str {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

/// The report as a GitLab code quality JSON array (pretty-printed). Findings
/// covered by a live derogation are left out (they do not count); inputs that
/// could not be read are `blocker` entries named [`INPUT_ERROR_CHECK`].
pub fn codequality(report: &Report) -> String {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut unique = |print: String| {
        let n = seen.entry(print.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            print
        } else {
            format!("{:016x}", fnv1a(&format!("{print}#{n}")))
        }
    };
    let mut issues = Vec::new();
    for f in report.findings.iter().filter(|f| f.counts()) {
        let mut description = f.message.clone();
        if !f.requirements.is_empty() {
            description.push_str(&format!(" ({})", f.requirements.join(", ")));
        }
        issues.push(Issue {
            description,
            check_name: &f.rule,
            fingerprint: unique(fingerprint(f)),
            severity: severity(f.severity),
            location: Location {
                path: repo_path(&f.location.path),
                lines: Lines {
                    begin: f.location.line.max(1),
                },
            },
        });
    }
    for e in &report.errors {
        let key = format!("{INPUT_ERROR_CHECK}\u{0}{}\u{0}{}", e.path, e.message);
        issues.push(Issue {
            description: e.message.clone(),
            check_name: INPUT_ERROR_CHECK,
            fingerprint: unique(format!("{:016x}", fnv1a(&key))),
            severity: "blocker",
            location: Location {
                path: repo_path(&e.path),
                lines: Lines {
                    begin: e.line.unwrap_or(1).max(1),
                },
            },
        });
    }
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_owned())
}
