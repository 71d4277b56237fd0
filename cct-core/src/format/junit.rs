//! JUnit XML, as read by the GitLab test report widget (and most CI servers).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::catalog::catalog;
use crate::report::{Finding, InputStatus, Report, Severity};

/// The report as JUnit XML.
///
/// One `<testsuite>` per input (sorted by path). In it, one `<testcase>` per
/// rule × object with findings — failing for errors and warnings, passing
/// with the message in `<system-out>` for info, `<skipped>` when a live
/// derogation covers every finding — and one passing `<testcase>` per rule
/// that ran on the input and found nothing. An input that could not be read
/// holds one `<testcase>` with an `<error>`.
pub fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let mut suites = String::new();
    let (mut total_tests, mut total_failures, mut total_errors, mut total_skipped) = (0, 0, 0, 0);
    let ran: BTreeSet<&str> = report
        .requirements
        .iter()
        .flat_map(|r| r.rules.iter().map(String::as_str))
        .collect();
    let mut paths: BTreeSet<&str> = report.inputs.iter().map(|i| i.path.as_str()).collect();
    paths.extend(report.findings.iter().map(|f| f.location.path.as_str()));
    paths.extend(report.errors.iter().map(|e| e.path.as_str()));
    for path in paths {
        let input = report.inputs.iter().find(|i| i.path == path);
        let mut cases = String::new();
        let (mut tests, mut failures, mut errors, mut skipped) = (0, 0, 0, 0);
        for e in report.errors.iter().filter(|e| e.path == path) {
            tests += 1;
            errors += 1;
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{path}:{l}:{c}: "),
                _ => format!("{path}: "),
            };
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"read input\">\n      <error message=\"{}\" type=\"input-error\">{}</error>\n    </testcase>",
                attr(path),
                attr(&e.message),
                text(&format!("{at}{}", e.message))
            );
        }
        let mut groups: BTreeMap<(&str, String), Vec<&Finding>> = BTreeMap::new();
        for f in report.findings.iter().filter(|f| f.location.path == path) {
            groups
                .entry((f.rule.as_str(), object_name(f)))
                .or_default()
                .push(f);
        }
        let with_findings: BTreeSet<&str> = groups.keys().map(|(r, _)| *r).collect();
        for ((rule, object), findings) in &groups {
            tests += 1;
            let name = if object.is_empty() {
                (*rule).to_owned()
            } else {
                format!("{rule} {object}")
            };
            let counting: Vec<&&Finding> = findings.iter().filter(|f| f.counts()).collect();
            let worst = counting.iter().map(|f| f.severity).max();
            let details: String = findings
                .iter()
                .map(|f| {
                    let mut line = format!(
                        "{}:{}:{}: {}: {}\n  pointer: {}\n  fix: {}\n",
                        f.location.path,
                        f.location.line,
                        f.location.column,
                        f.severity.as_str(),
                        f.message,
                        f.location.pointer,
                        f.remediation
                    );
                    if let Some(d) = &f.derogation {
                        let state = if d.expired {
                            "expired derogation"
                        } else {
                            "derogated"
                        };
                        let _ = writeln!(line, "  {state}: {}", d.justification);
                    }
                    line
                })
                .collect();
            let _ = writeln!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\">",
                attr(path),
                attr(&name)
            );
            match worst {
                Some(Severity::Error | Severity::Warning) => {
                    failures += 1;
                    let first = counting
                        .first()
                        .map(|f| f.message.as_str())
                        .unwrap_or_default();
                    let _ = writeln!(
                        cases,
                        "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                        attr(first),
                        worst.map(Severity::as_str).unwrap_or_default(),
                        text(&details)
                    );
                }
                Some(Severity::Info) => {
                    let _ = writeln!(cases, "      <system-out>{}</system-out>", text(&details));
                }
                None => {
                    skipped += 1;
                    let justification = findings
                        .first()
                        .and_then(|f| f.derogation.as_ref())
                        .map(|d| d.justification.as_str())
                        .unwrap_or_default();
                    let _ = writeln!(
                        cases,
                        "      <skipped message=\"{}\"/>",
                        attr(&format!("derogated: {justification}"))
                    );
                    let _ = writeln!(cases, "      <system-out>{}</system-out>", text(&details));
                }
            }
            cases.push_str("    </testcase>\n");
        }
        if let Some(kind) = input
            .filter(|i| i.status == InputStatus::Evaluated)
            .and_then(|i| i.kind)
        {
            for rule in ran.iter().filter(|id| !with_findings.contains(**id)) {
                if catalog().rule(rule).is_some_and(|r| r.kind == kind) {
                    tests += 1;
                    let _ = writeln!(
                        cases,
                        "    <testcase classname=\"{}\" name=\"{}\"/>",
                        attr(path),
                        attr(rule)
                    );
                }
            }
        }
        total_tests += tests;
        total_failures += failures;
        total_errors += errors;
        total_skipped += skipped;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n",
            attr(path)
        );
    }
    let _ = write!(
        out,
        "<testsuites name=\"cct\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"{total_errors}\" skipped=\"{total_skipped}\">\n{suites}</testsuites>\n"
    );
    out
}

fn object_name(f: &Finding) -> String {
    match &f.object {
        Some(o) => match (&o.namespace, &o.name) {
            (Some(ns), Some(n)) => format!("{}/{n} (namespace {ns})", o.kind),
            (None, Some(n)) => format!("{}/{n}", o.kind),
            _ => o.kind.clone(),
        },
        None => String::new(),
    }
}

/// Escapes text for an XML attribute; characters XML 1.0 forbids are dropped.
fn attr(s: &str) -> String {
    escape(s, true)
}

/// Escapes text for XML character data.
fn text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
