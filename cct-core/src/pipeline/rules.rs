//! The pipeline rules, one function per rule. Their metadata is in `rules/catalog/pipeline.yaml`.
//!
//! A rule receives a pipeline file ([`CiFile`]) or the repository ([`Repository`]) and a
//! [`RuleSink`] that reports under the rule's own id, so the id is written once, in the table.

use super::checks::CheckKind;
use super::{CiFile, Repository, DSO_PIPELINE_FILE};
use crate::sink::{rule_table, RuleSink, Sink};

/// What a pipeline rule reads.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// One pipeline file.
    File(fn(&CiFile<'_>, &mut RuleSink<'_, '_>)),
    /// The repository, as the host describes it.
    Repository(fn(&Repository, &mut RuleSink<'_, '_>)),
}

/// One pipeline rule: its catalog id and its check.
pub struct PipelineRule {
    /// The rule id, as in the catalog.
    pub id: &'static str,
    /// The check; its sink reports under `id` only.
    pub check: Check,
}

rule_table! { PipelineRule {
    // béta EXI-ORG-7 (alpha.v4 EX12, EX58): the pipeline runs quality, test and security checks.
    "pipeline/quality-checks" => Check::File(quality_checks),
    // béta EXI-ORG-10 (alpha.v4 EX58): back-end unit-test coverage, measured by the chain.
    "pipeline/coverage-report" => Check::File(coverage_report),
    // béta EXI-ORG-13, EXI-ORG-7 (alpha.v4 EX58): CVE analysis of the dependencies.
    "pipeline/dependency-scan" => Check::File(dependency_scan),
    // béta EXI-ORG-7: the project's own pipeline of the secondary chain exists.
    "pipeline/dso-pipeline-present" => Check::Repository(dso_pipeline_present),
} }

/// Runs every file rule on `file`.
pub fn check_file(file: &CiFile<'_>, sink: &mut Sink<'_>) {
    for rule in ALL {
        if let Check::File(check) = rule.check {
            check(file, &mut sink.rule(rule.id));
        }
    }
}

/// Runs every repository rule on `repository`.
pub fn check_repository(repository: &Repository, sink: &mut Sink<'_>) {
    for rule in ALL {
        if let Check::Repository(check) = rule.check {
            check(repository, &mut sink.rule(rule.id));
        }
    }
}

/// `pipeline/quality-checks`: the pipeline runs code analysis, automated tests and a security scan.
fn quality_checks(file: &CiFile<'_>, sink: &mut RuleSink<'_, '_>) {
    let missing: Vec<&str> = [
        CheckKind::CodeAnalysis,
        CheckKind::Tests,
        CheckKind::Security,
    ]
    .into_iter()
    .filter(|k| !file.checks.has(*k))
    .map(CheckKind::describe)
    .collect();
    if missing.is_empty() {
        return;
    }
    let message = format!(
        "the pipeline runs no {}: no GitLab template or component, no job report \
         (`artifacts:reports`) and no known tool in a script shows one{}",
        missing.join(", no "),
        file.unread_note()
    );
    sink.about(file, file.missing_at(), message, None);
}

/// `pipeline/coverage-report`: a job publishes the test coverage.
fn coverage_report(file: &CiFile<'_>, sink: &mut RuleSink<'_, '_>) {
    if file.checks.has(CheckKind::Coverage) {
        return;
    }
    let message = format!(
        "no job publishes test coverage (a `coverage:` regular expression or \
         `artifacts:reports:coverage_report`): the coverage of the unit tests is not measured \
         by the pipeline{}",
        file.unread_note()
    );
    sink.about(file, file.missing_at(), message, None);
}

/// `pipeline/dependency-scan`: a job scans the dependencies for known vulnerabilities.
fn dependency_scan(file: &CiFile<'_>, sink: &mut RuleSink<'_, '_>) {
    if file.checks.has(CheckKind::DependencyScan) {
        return;
    }
    let message = format!(
        "no job scans the dependencies for known vulnerabilities (CVEs): no dependency-scanning \
         template or report, and no scanner such as `trivy`, `grype`, `osv-scanner`, \
         `npm audit` or `pip-audit` in a script{}",
        file.unread_note()
    );
    sink.about(file, file.missing_at(), message, None);
}

/// `pipeline/dso-pipeline-present`: the repository's root holds `.gitlab-ci-dso.yml`.
fn dso_pipeline_present(repository: &Repository, sink: &mut RuleSink<'_, '_>) {
    if repository.dso_pipeline {
        return;
    }
    sink.report(
        repository.location(),
        None,
        format!(
            "the repository has no `{DSO_PIPELINE_FILE}` at its root: the ministry's DevSecOps \
             chain has no project pipeline to run the code-quality, test and security checks"
        ),
        None,
    );
}
