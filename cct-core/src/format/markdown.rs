//! A Markdown summary, for a merge request comment.

use std::fmt::Write as _;

use super::{coverage_counts, level_of, state_name};
use crate::report::{Report, RequirementState, Severity};

/// Most findings listed in the table; the rest are counted (merge request comments have a size limit).
pub const MAX_MARKDOWN_FINDINGS: usize = 200;

/// The report as a Markdown summary: a verdict line with counts, a table of
/// findings (severity, rule, location, message), input errors, and the
/// requirement coverage (every requirement with a status other than
/// not-evaluated / needs-attestation, then the counts of each status).
pub fn markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let verdict = if s.error > 0 || !report.errors.is_empty() {
        "❌ failed"
    } else if s.warning > 0 {
        "⚠️ passed with warnings"
    } else {
        "✅ passed"
    };
    let _ = writeln!(out, "## cct: {verdict}\n");
    let _ = writeln!(
        out,
        "**{}** errors · **{}** warnings · **{}** info · **{}** derogated · {} inputs ({} evaluated, {} skipped, {} unreadable)",
        s.error, s.warning, s.info, s.derogated, s.inputs, s.evaluated, s.skipped, s.errors
    );
    let referentials: Vec<String> = report
        .referentials
        .iter()
        .map(|r| format!("{} {}", r.id, r.version))
        .collect();
    let _ = writeln!(
        out,
        "\nProfile: {} · Referentials: {}\n",
        report
            .profile
            .as_deref()
            .map_or_else(|| "default".to_owned(), |p| format!("`{p}`")),
        referentials.join(", ")
    );
    if !report.findings.is_empty() {
        out.push_str("### Findings\n\n| Severity | Rule | Location | Message | Requirements |\n|---|---|---|---|---|\n");
        for f in report.findings.iter().take(MAX_MARKDOWN_FINDINGS) {
            let severity = match (&f.derogation, f.severity) {
                (Some(d), _) if !d.expired => "🟦 derogated".to_owned(),
                (_, Severity::Error) => "🟥 error".to_owned(),
                (_, Severity::Warning) => "🟧 warning".to_owned(),
                (_, Severity::Info) => "⬜ info".to_owned(),
            };
            let mut message = f.message.clone();
            if let Some(d) = f.derogation.as_ref().filter(|d| !d.expired) {
                message.push_str(&format!(" — derogation: {}", d.justification));
            }
            let _ = writeln!(
                out,
                "| {} | `{}` | `{}:{}:{}` | {} | {} |",
                severity,
                f.rule,
                cell(&f.location.path),
                f.location.line,
                f.location.column,
                cell(&message),
                f.requirements.join(", ")
            );
        }
        if report.findings.len() > MAX_MARKDOWN_FINDINGS {
            let _ = writeln!(
                out,
                "\n… and {} more findings (see the full report).",
                report.findings.len() - MAX_MARKDOWN_FINDINGS
            );
        }
        out.push('\n');
    }
    if !report.errors.is_empty() {
        out.push_str("### Input errors\n\n");
        for e in &report.errors {
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", e.path),
                _ => e.path.clone(),
            };
            let _ = writeln!(out, "- `{}`: {}", cell(&at), cell(&e.message));
        }
        out.push('\n');
    }
    out.push_str("### Requirement coverage\n\n");
    let shown: Vec<_> = report
        .requirements
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                RequirementState::Pass | RequirementState::Fail | RequirementState::Derogated
            )
        })
        .collect();
    if !shown.is_empty() {
        out.push_str(
            "| Requirement | Level | Status | Findings | Rules |\n|---|---|---|---|---|\n",
        );
        for r in shown {
            let status = match r.status {
                RequirementState::Pass => "✅ pass",
                RequirementState::Fail => "❌ fail",
                _ => "🟦 derogated",
            };
            let rules: Vec<String> = r.rules.iter().map(|id| format!("`{id}`")).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                r.id,
                level_of(&r.id),
                status,
                r.findings,
                rules.join(", ")
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} (of {} requirements).",
        coverage_counts(report),
        report.requirements.len()
    );
    let _ = state_name;
    out
}

/// Text safe in a table cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
