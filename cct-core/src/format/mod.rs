//! Report formats for CI systems and people, all rendered from the same [`Report`].
//!
//! - [`sarif`]: SARIF 2.1.0, for GitHub and GitLab code scanning;
//! - [`junit`]: JUnit XML, for the GitLab test report widget;
//! - [`markdown`]: a summary for a merge request comment;
//! - [`policyreport`]: `wgpolicyk8s.io/v1alpha2` PolicyReports, for Kyverno's dashboards;
//! - [`codequality`]: GitLab's code quality report, for findings inline in merge requests;
//! - [`coverage_text`]: the requirement coverage as a text table;
//! - [`dossier_markdown`], [`dossier_html`]: the homologation dossier;
//! - JSON: [`Report::to_json`].

mod codequality;
mod dossier;
mod junit;
mod markdown;
pub mod policyreport;
mod sarif;

pub use codequality::codequality;
pub use dossier::{accounted, dossier_html, dossier_markdown, DossierMeta};
pub use junit::junit;
pub use markdown::markdown;
pub use policyreport::policyreport;
pub use sarif::sarif;

use crate::catalog::{catalog, DEFAULT_CCT_VERSION};
use crate::report::{Report, RequirementState};

/// The output formats, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The JSON report ([`Report::to_json`]).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
    /// Markdown summary.
    Markdown,
    /// `wgpolicyk8s.io/v1alpha2` PolicyReports (YAML).
    PolicyReport,
    /// GitLab code quality JSON (a Code Climate subset).
    GitlabCodequality,
    /// A baseline file recording the report's findings ([`crate::baseline`]).
    Baseline,
}

impl Format {
    /// Every format, in documentation order.
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Markdown,
        Format::PolicyReport,
        Format::GitlabCodequality,
        Format::Baseline,
    ];

    /// Parses a format name (`json`, `sarif`, `junit`, `markdown` or `md`, `policyreport`, `gitlab-codequality`, `baseline`).
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "junit" | "junit-xml" => Some(Format::Junit),
            "markdown" | "md" => Some(Format::Markdown),
            "policyreport" | "policy-report" => Some(Format::PolicyReport),
            "gitlab-codequality" | "codequality" => Some(Format::GitlabCodequality),
            "baseline" => Some(Format::Baseline),
            _ => None,
        }
    }

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::PolicyReport => "policyreport",
            Format::GitlabCodequality => "gitlab-codequality",
            Format::Baseline => "baseline",
        }
    }
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => report.to_json(),
        Format::Sarif => sarif(report),
        Format::Junit => junit(report),
        Format::Markdown => markdown(report),
        Format::PolicyReport => policyreport(report),
        Format::GitlabCodequality => codequality(report),
        Format::Baseline => crate::baseline::Baseline::record(report).to_json(),
    }
}

/// The status's name as printed (`pass`, `fail`, `derogated`, `not-evaluated`, `needs-attestation`).
pub fn state_name(state: RequirementState) -> &'static str {
    match state {
        RequirementState::Pass => "pass",
        RequirementState::Fail => "fail",
        RequirementState::Derogated => "derogated",
        RequirementState::NotEvaluated => "not-evaluated",
        RequirementState::NeedsAttestation => "needs-attestation",
        RequirementState::Attested => "attested",
    }
}

/// The level (`P`, `I`, `-`) of requirement `id`.
pub(crate) fn level_of(id: &str) -> &'static str {
    match catalog()
        .requirement(id, DEFAULT_CCT_VERSION)
        .and_then(|(_, q)| q.level)
    {
        Some(crate::requirement::Level::P) => "P",
        Some(crate::requirement::Level::I) => "I",
        None => "-",
    }
}

/// The requirement coverage as a plain-text table, one requirement per line,
/// for `cct check --coverage`: id, level, status, findings, the rules that
/// ran, and the evidence: the inputs they read or, when nothing could judge
/// the requirement, what would prove it (`needs: attestation: …`, from the
/// referential); then the count of each status.
pub fn coverage_text(report: &Report) -> String {
    let mut rows: Vec<[String; 6]> = vec![[
        "REQUIREMENT".into(),
        "LEVEL".into(),
        "STATUS".into(),
        "FINDINGS".into(),
        "RULES".into(),
        "EVIDENCE".into(),
    ]];
    for r in &report.requirements {
        rows.push([
            r.id.clone(),
            level_of(&r.id).into(),
            state_name(r.status).into(),
            r.findings.to_string(),
            if r.rules.is_empty() {
                "-".into()
            } else {
                r.rules.join(", ")
            },
            if !r.inputs.is_empty() {
                r.inputs.join(", ")
            } else if matches!(
                r.status,
                RequirementState::NotEvaluated | RequirementState::NeedsAttestation
            ) {
                catalog()
                    .requirement(&r.id, DEFAULT_CCT_VERSION)
                    .map_or_else(|| "-".to_owned(), |(_, q)| format!("needs: {}", q.evidence))
            } else {
                "-".into()
            },
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            rows.iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c < 5 {
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&coverage_counts(report));
    out.push('\n');
    out
}

/// `12 pass, 3 fail, 1 derogated, 20 not-evaluated, 20 needs-attestation`.
pub(crate) fn coverage_counts(report: &Report) -> String {
    [
        RequirementState::Pass,
        RequirementState::Fail,
        RequirementState::Derogated,
        RequirementState::NotEvaluated,
        RequirementState::NeedsAttestation,
        RequirementState::Attested,
    ]
    .iter()
    .filter(|s| {
        **s != RequirementState::Attested || report.requirements.iter().any(|r| r.status == **s)
    })
    .map(|s| {
        format!(
            "{} {}",
            report
                .requirements
                .iter()
                .filter(|r| r.status == *s)
                .count(),
            state_name(*s)
        )
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// The key of the CCT version `report` was judged against (the default when it names none).
pub(crate) fn report_cct_key(report: &Report) -> &'static str {
    report
        .referentials
        .iter()
        .find(|r| r.id == crate::catalog::CCT)
        .and_then(|r| catalog().cct_key(&r.version))
        .unwrap_or(DEFAULT_CCT_VERSION)
}

/// The text of a rule's help: what, why, how to fix, and the requirements it cites under CCT
/// version `key`, from the catalog.
pub(crate) fn rule_help(id: &str, key: &str) -> Option<(String, String)> {
    let rule = catalog().rule(id)?;
    let cited = rule.cites(key).join(", ");
    let text = format!(
        "{}\n\nWhy: {}\n\nHow to fix: {}\n\nRequirements: {}",
        rule.what.trim(),
        rule.why.trim(),
        rule.fix.trim(),
        cited
    );
    let mut md = format!(
        "**What it checks**: {}\n\n**Why**: {}\n\n**How to fix**: {}\n\n**Requirements**: {}\n",
        rule.what.trim(),
        rule.why.trim(),
        rule.fix.trim(),
        cited
    );
    if let Some(platform) = &rule.platform {
        md.push_str(&format!("\n**Platform rule**: {platform}\n"));
    }
    if !rule.bad.trim().is_empty() {
        md.push_str(&format!(
            "\nBad:\n\n```yaml\n{}\n```\n",
            rule.bad.trim_end()
        ));
    }
    if !rule.good.trim().is_empty() {
        md.push_str(&format!(
            "\nGood:\n\n```yaml\n{}\n```\n",
            rule.good.trim_end()
        ));
    }
    Some((text, md))
}
