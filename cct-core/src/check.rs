//! The entry point: inputs in, report out.

use std::borrow::Cow;

use crate::artefact::{detect, ArtefactKind};
use crate::catalog::{catalog, Catalog, CCT, DOMINO_X};
use crate::document::{load_bytes, Document};
use crate::policy::Policy;
use crate::report::{
    Finding, InputError, InputStatus, InputSummary, ReferentialRef, Report, RequirementState,
    RequirementStatus, Summary, REPORT_FORMAT_VERSION,
};
use crate::requirement::Automation;
use crate::sink::Sink;

/// One input of a check: a path (for locations) and its bytes.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The path shown in locations (`-` for standard input).
    pub path: String,
    /// The content.
    pub bytes: Cow<'a, [u8]>,
    /// Forces the artefact kind; `None` detects it from the content.
    pub kind: Option<ArtefactKind>,
}

impl<'a> Input<'a> {
    /// An input whose kind is detected from its content.
    pub fn new(path: impl Into<String>, bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        Input {
            path: path.into(),
            bytes: bytes.into(),
            kind: None,
        }
    }

    /// An input of text.
    pub fn text(path: impl Into<String>, text: &'a str) -> Self {
        Input::new(path, text.as_bytes())
    }

    /// Forces the artefact kind.
    pub fn with_kind(mut self, kind: Option<ArtefactKind>) -> Self {
        self.kind = kind;
        self
    }
}

/// An input read into documents, handed to an evaluator.
#[derive(Debug, Clone)]
pub struct Loaded<'a> {
    /// The input's path.
    pub path: &'a str,
    /// Its documents.
    pub documents: Vec<Document>,
}

/// Checks a batch of inputs under `policy` and returns the report.
///
/// Inputs that cannot be read are listed in `errors`; every other input is
/// still evaluated. Kubernetes inputs are evaluated together, as one set, so
/// rules that relate objects (a Service and its pods) see the whole batch.
pub fn check(inputs: &[Input<'_>], policy: &Policy) -> Report {
    check_sources(inputs, &[], &crate::openapi::NoExternalRefs, policy)
}

/// Like [`check`], following the external `$ref`s of OpenAPI descriptions through `refs`
/// (the CLI passes a loader for the files next to the description).
pub fn check_with(
    inputs: &[Input<'_>],
    policy: &Policy,
    refs: &dyn crate::openapi::ExternalRefs,
) -> Report {
    check_sources(inputs, &[], refs, policy)
}

/// Like [`check`], plus image layouts read file by file through an
/// [`ImageSource`](crate::image::ImageSource), each with the path shown in
/// locations (the CLI opens OCI layout folders this way).
pub fn check_with_layouts(
    inputs: &[Input<'_>],
    layouts: &[(&str, &dyn crate::image::ImageSource)],
    policy: &Policy,
) -> Report {
    check_sources(inputs, layouts, &crate::openapi::NoExternalRefs, policy)
}

/// The whole check: byte inputs, image layouts and an external `$ref` loader.
pub fn check_sources(
    inputs: &[Input<'_>],
    layouts: &[(&str, &dyn crate::image::ImageSource)],
    refs: &dyn crate::openapi::ExternalRefs,
    policy: &Policy,
) -> Report {
    let catalog = catalog();
    let mut sink = Sink::new(policy, catalog);
    let mut summaries = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    let mut by_kind: Vec<(ArtefactKind, Loaded<'_>)> = Vec::new();
    let mut suppressions = Vec::new();

    // Evaluate in path order, so that nothing in the report (not even which
    // object a cross-object message names first) depends on the order given.
    let mut ordered: Vec<&Input<'_>> = inputs.iter().collect();
    ordered.sort_by(|a, b| a.path.cmp(&b.path));
    for input in ordered {
        if input.kind == Some(ArtefactKind::Commit) {
            crate::commit::evaluate_input(input, &mut sink, &mut summaries, &mut errors);
            continue;
        }
        if input.kind == Some(ArtefactKind::Dockerfile)
            || (input.kind.is_none() && crate::dockerfile::is_dockerfile_path(&input.path))
        {
            crate::dockerfile::evaluate_input(input, &mut sink, &mut summaries, &mut errors);
            continue;
        }
        if (input.kind.is_none() || input.kind == Some(ArtefactKind::Image))
            && crate::image::evaluate_binary(input, &mut sink, &mut summaries, &mut errors)
                .is_some()
        {
            continue;
        }
        match load_bytes(&input.bytes, &policy.limits) {
            Err(e) => {
                let pos = e.pos();
                errors.push(InputError {
                    path: input.path.clone(),
                    line: pos.map(|p| p.line),
                    column: pos.map(|p| p.column),
                    message: e.to_string(),
                });
                summaries.push(InputSummary {
                    path: input.path.clone(),
                    kind: input.kind,
                    status: InputStatus::Error,
                    documents: 0,
                });
            }
            Ok(documents) => {
                let kind = input.kind.or_else(|| detect(&documents));
                summaries.push(InputSummary {
                    path: input.path.clone(),
                    kind,
                    status: if kind.is_some() {
                        InputStatus::Evaluated
                    } else {
                        InputStatus::Skipped
                    },
                    documents: documents.iter().filter(|d| !d.root.is_null()).count(),
                });
                if let Some(kind) = kind {
                    by_kind.push((
                        kind,
                        Loaded {
                            path: &input.path,
                            documents,
                        },
                    ));
                }
            }
        }
    }

    for kind in ArtefactKind::ALL {
        // Move (not clone) each kind's documents into its batch: a deep copy doubles peak memory.
        let (batch, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut by_kind)
            .into_iter()
            .partition(|(k, _)| *k == kind);
        by_kind = rest;
        let batch: Vec<Loaded<'_>> = batch.into_iter().map(|(_, l)| l).collect();
        if batch.is_empty() {
            continue;
        }
        sink.evaluated(kind);
        match kind {
            ArtefactKind::Kube => {
                crate::derogation::collect_annotations(
                    &batch,
                    policy,
                    &mut suppressions,
                    &mut errors,
                );
                crate::kube::evaluate(&batch, &mut sink)
            }
            ArtefactKind::Openapi => crate::openapi::evaluate_with(&batch, &mut sink, refs),
            ArtefactKind::Image => crate::image::evaluate(&batch, &mut sink),
            ArtefactKind::Commit | ArtefactKind::Dockerfile => {}
        }
        crate::custom::evaluate(kind, &batch, &mut sink, &mut errors);
    }
    for (path, source) in layouts {
        crate::image::evaluate_layout(path, *source, &mut sink, &mut summaries, &mut errors);
    }
    finish_with(sink, summaries, errors, policy, &suppressions)
}

/// Turns collected findings into a sorted report with per-requirement status.
pub fn finish(
    sink: Sink<'_>,
    inputs: Vec<InputSummary>,
    errors: Vec<InputError>,
    policy: &Policy,
) -> Report {
    finish_with(sink, inputs, errors, policy, &[])
}

/// [`finish`], also applying inline suppressions read from the inputs (the policy's derogations are always applied).
pub fn finish_with(
    sink: Sink<'_>,
    inputs: Vec<InputSummary>,
    errors: Vec<InputError>,
    policy: &Policy,
    suppressions: &[crate::derogation::Suppression],
) -> Report {
    let catalog = sink.catalog();
    let kinds = sink.kinds().clone();
    let mut findings = sink.into_findings();
    crate::derogation::apply(&mut findings, policy, suppressions);
    assemble(catalog, policy, &kinds, findings, inputs, errors)
}

/// Joins reports made under the same `policy` (the files of a repository and
/// its history) into one: findings, inputs and errors together, counts and
/// requirement statuses computed over all of them, attestations applied once.
pub fn merge_reports(reports: Vec<Report>, policy: &Policy) -> Report {
    let mut findings = Vec::new();
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for r in reports {
        findings.extend(r.findings);
        inputs.extend(r.inputs);
        errors.extend(r.errors);
    }
    let kinds = inputs
        .iter()
        .filter(|i| i.status != InputStatus::Error)
        .filter_map(|i| i.kind)
        .collect();
    assemble(catalog(), policy, &kinds, findings, inputs, errors)
}

/// The report from findings whose derogations are applied.
fn assemble(
    catalog: &Catalog,
    policy: &Policy,
    kinds: &std::collections::BTreeSet<ArtefactKind>,
    mut findings: Vec<Finding>,
    mut inputs: Vec<InputSummary>,
    mut errors: Vec<InputError>,
) -> Report {
    sort_findings(&mut findings);
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    errors.sort();

    let mut summary = Summary {
        inputs: inputs.len(),
        evaluated: inputs
            .iter()
            .filter(|i| i.status == InputStatus::Evaluated)
            .count(),
        skipped: inputs
            .iter()
            .filter(|i| i.status == InputStatus::Skipped)
            .count(),
        errors: inputs
            .iter()
            .filter(|i| i.status == InputStatus::Error)
            .count(),
        ..Summary::default()
    };
    for f in &findings {
        if !f.counts() {
            summary.derogated += 1;
            continue;
        }
        match f.severity {
            crate::report::Severity::Error => summary.error += 1,
            crate::report::Severity::Warning => summary.warning += 1,
            crate::report::Severity::Info => summary.info += 1,
        }
    }

    let (referentials, mut requirements) = requirement_statuses(catalog, policy, kinds, &findings);
    for status in &mut requirements {
        status.inputs = evidence_inputs(catalog, policy, &status.rules, &inputs);
    }
    let mut report = Report {
        format: REPORT_FORMAT_VERSION.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        referentials,
        profile: policy.profile.clone(),
        summary,
        inputs,
        findings,
        errors,
        requirements,
        attestations: Vec::new(),
    };
    crate::attestation::apply(&mut report, policy, None);
    report
}

/// The evaluated inputs of the kinds `rules` read.
fn evidence_inputs(
    catalog: &Catalog,
    policy: &Policy,
    rules: &[String],
    inputs: &[InputSummary],
) -> Vec<String> {
    let kind_of = |id: &String| {
        catalog.rule(id).map(|r| r.kind).or_else(|| {
            policy
                .custom_rules
                .iter()
                .find(|r| &r.id == id)
                .map(|r| r.kind)
        })
    };
    let kinds: std::collections::BTreeSet<ArtefactKind> =
        rules.iter().filter_map(kind_of).collect();
    inputs
        .iter()
        .filter(|i| {
            i.status == InputStatus::Evaluated && i.kind.is_some_and(|k| kinds.contains(&k))
        })
        .map(|i| i.path.clone())
        .collect()
}

/// Sorts findings into the report's stable order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            &a.location.path,
            a.location.document,
            a.location.line,
            a.location.column,
            &a.rule,
            &a.location.pointer,
            &a.message,
        )
            .cmp(&(
                &b.location.path,
                b.location.document,
                b.location.line,
                b.location.column,
                &b.rule,
                &b.location.pointer,
                &b.message,
            ))
    });
}

fn requirement_statuses(
    catalog: &Catalog,
    policy: &Policy,
    kinds: &std::collections::BTreeSet<ArtefactKind>,
    findings: &[Finding],
) -> (Vec<ReferentialRef>, Vec<RequirementStatus>) {
    let referentials: Vec<_> = [
        catalog.referential(CCT, &policy.cct_version),
        catalog.referentials.iter().rfind(|r| r.id == DOMINO_X),
    ]
    .into_iter()
    .flatten()
    .filter(|r| policy.referential_in_scope(&r.id))
    .collect();
    let refs = referentials
        .iter()
        .map(|r| ReferentialRef {
            id: r.id.clone(),
            version: r.version.clone(),
        })
        .collect();
    let mut statuses = Vec::new();
    for referential in referentials {
        for requirement in &referential.requirements {
            let mut rules: Vec<String> = catalog
                .rules_for(&requirement.id)
                .filter(|r| kinds.contains(&r.kind) && policy.enabled(r))
                .map(|r| r.id.clone())
                .collect();
            rules.extend(
                policy
                    .custom_rules
                    .iter()
                    .filter(|r| {
                        r.requirements.contains(&requirement.id)
                            && kinds.contains(&r.kind)
                            && policy.custom_enabled(r)
                    })
                    .map(|r| r.id.clone()),
            );
            let against: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.requirements.contains(&requirement.id))
                .collect();
            let status = if against.iter().any(|f| f.counts()) {
                RequirementState::Fail
            } else if !against.is_empty() {
                RequirementState::Derogated
            } else if !rules.is_empty() {
                RequirementState::Pass
            } else if requirement.automation == Automation::Manual {
                RequirementState::NeedsAttestation
            } else {
                RequirementState::NotEvaluated
            };
            statuses.push(RequirementStatus {
                id: requirement.id.clone(),
                referential: referential.id.clone(),
                status,
                rules,
                findings: against.len(),
                inputs: Vec::new(),
            });
        }
    }
    (refs, statuses)
}
