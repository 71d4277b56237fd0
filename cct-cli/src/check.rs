//! `cct check`: read the inputs, call the core, render the report, choose the exit status.

use std::io::{Read, Write};

use cct_core::{ArtefactKind, Input, Report, Severity};
use clap::{Args, ValueEnum};

use crate::kind_arg::KindArg;
use crate::policy::{warn_unused, PolicyArgs};
use crate::render_tool::{self, Tool};
use crate::style::Style;
use crate::{render, Format, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use cct_fs::read::Bytes;
use cct_fs::walk::{discover, io_reason, Origin};
use cct_fs::Gathered;

/// Arguments of `cct check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, folders (walked recursively for .yaml, .yml, .json and Dockerfiles) or `-` for standard input.
    #[arg(required_unless_present_any = ["helm", "kustomize"], value_name = "PATH")]
    pub paths: Vec<String>,
    /// Artefact kind of every input; `auto` detects it from each input's content.
    #[arg(long, value_enum, default_value_t = KindArg::Auto)]
    pub kind: KindArg,
    /// A Helm chart to render with `helm template` and check (findings name the template in `source`); repeatable.
    #[arg(long, value_name = "CHART")]
    pub helm: Vec<std::path::PathBuf>,
    /// With `--helm`: a values file for `helm template --values`; repeatable, in order.
    #[arg(long, short = 'f', value_name = "FILE", requires = "helm")]
    pub values: Vec<std::path::PathBuf>,
    /// A folder holding a `kustomization.yaml`, to render with `kustomize build` and check; repeatable.
    #[arg(long, value_name = "DIR")]
    pub kustomize: Vec<std::path::PathBuf>,
    /// The namespace Kubernetes objects without `metadata.namespace` are applied to
    /// (`kubectl apply -n`); cross-object rules match them there (`settings.namespace`).
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// After the text report, print the requirement coverage table (status and evidence of each requirement).
    #[arg(long)]
    pub coverage: bool,
    /// Policy: configuration file, profile, date.
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Lowest severity that makes the exit status 1 (`never`: only unreadable inputs fail).
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// Baseline file (from `cct baseline`): report only findings it does not record.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<std::path::PathBuf>,
}

/// Arguments of `cct baseline`: what to check, as for `cct check`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Files, folders (walked recursively for .yaml, .yml and .json) or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Artefact kind of every input; `auto` detects it from each input's content.
    #[arg(long, value_enum, default_value_t = KindArg::Auto)]
    pub kind: KindArg,
    /// Policy: configuration file, profile, date.
    #[command(flatten)]
    pub policy: PolicyArgs,
}

impl BaselineArgs {
    /// The check that writes the baseline: findings never fail it (unreadable inputs still exit 2).
    pub fn into_check(self) -> CheckArgs {
        CheckArgs {
            paths: self.paths,
            kind: self.kind,
            helm: Vec::new(),
            values: Vec::new(),
            kustomize: Vec::new(),
            namespace: None,
            format: Format::Baseline,
            coverage: false,
            policy: self.policy,
            fail_on: FailOn::Never,
            baseline: None,
        }
    }
}

/// `--fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on error findings.
    Error,
    /// Fail on error and warning findings.
    Warning,
    /// Fail on any finding, info included.
    Info,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// The lowest failing severity, `None` for `never`.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The exit status for a report: 2 when an input could not be read, else 1
/// when a finding that counts (no live derogation) reaches the threshold, else 0.
pub fn exit_status(report: &Report, fail_on: FailOn) -> u8 {
    if !report.errors.is_empty() {
        return EXIT_USAGE;
    }
    if report.attestation_failures() > 0 && fail_on.threshold().is_some() {
        return EXIT_FINDINGS;
    }
    match (fail_on.threshold(), report.max_severity()) {
        (Some(threshold), Some(max)) if max >= threshold => EXIT_FINDINGS,
        _ => EXIT_OK,
    }
}

/// Runs `cct check`.
pub fn run(args: &CheckArgs, style: &Style, out: &mut dyn Write) -> std::io::Result<u8> {
    if args.coverage && args.format != Format::Text {
        eprintln!(
            "cct: error: `--coverage` follows the text report; `--format {}` already carries the requirements",
            args.format.name()
        );
        return Ok(EXIT_USAGE);
    }
    let mut policy = match args.policy.policy_here() {
        Ok(policy) => policy,
        Err(code) => return Ok(code),
    };
    if let Some(namespace) = &args.namespace {
        policy.settings.namespace = Some(namespace.clone());
    }
    let baseline = match args.baseline.as_deref().map(read_baseline).transpose() {
        Ok(baseline) => baseline,
        Err(code) => return Ok(code),
    };
    let found = discover(&args.paths);
    for dir in &found.empty_dirs {
        eprintln!("cct: note: no .yaml, .yml or .json file under `{dir}`");
    }
    let kind = args.kind.forced();

    let mut gathered = Gathered::read(&found);
    if found.entries.iter().any(|e| e.origin == Origin::Stdin) {
        let mut buf = Vec::new();
        match std::io::stdin().lock().read_to_end(&mut buf) {
            Ok(_) => gathered.push("-".to_owned(), Bytes::Owned(buf), None),
            Err(e) => gathered.unreadable.push((
                "-".to_owned(),
                format!("cannot read `-`: {}", io_reason(&e)),
            )),
        }
    }
    // Charts and Kustomize folders are checked as the manifests their tool renders.
    let targets = (args.helm.iter().map(|c| (Tool::Helm, c)))
        .chain(args.kustomize.iter().map(|d| (Tool::Kustomize, d)));
    for (tool, target) in targets {
        let display = target.display().to_string();
        match render_tool::render(tool, target, &args.values) {
            Ok(bytes) => gathered.push(display, Bytes::Owned(bytes), Some(ArtefactKind::Kube)),
            Err(e) => gathered.unreadable.push((display, e.to_string())),
        }
    }
    let mut report = gathered.check_policy(kind, &policy);
    let evidence_base = args.policy.config_dir();
    cct_core::attest::apply(
        &mut report,
        &policy,
        Some(&|file: &str| evidence_base.join(file).exists()),
    );
    if let Some(baseline) = &baseline {
        report = cct_core::baseline::apply(report, baseline);
    }
    let inputs: Vec<Input<'_>> = gathered
        .files
        .iter()
        .map(|(display, bytes, _)| Input::new(display.clone(), bytes.as_slice()))
        .collect();
    warn_unused(&report, &policy);
    let code = emit(&report, &inputs, args.format, args.fail_on, style, out)?;
    if args.coverage {
        let written = writeln!(out)
            .and_then(|()| write!(out, "{}", cct_core::format::coverage_text(&report)));
        match written {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e),
            _ => {}
        }
    }
    Ok(code)
}

/// Reads a baseline file; an unreadable or invalid one is a usage error (exit 2).
fn read_baseline(path: &std::path::Path) -> Result<cct_core::baseline::Baseline, u8> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        eprintln!(
            "cct: error: cannot read baseline `{}`: {}",
            path.display(),
            io_reason(&e)
        );
        EXIT_USAGE
    })?;
    cct_core::baseline::Baseline::from_json_str(&text).map_err(|e| {
        eprintln!("cct: error: `{}`: {e}", path.display());
        EXIT_USAGE
    })
}

/// Prints a report in `format` and returns its exit status. Every subcommand
/// that produces a [`Report`] (`check`, and later `commit-msg`, `commits`)
/// ends here, so they render and exit alike. `inputs` give the source lines
/// of text snippets. A closed pipe is not an error: the status still reflects
/// the findings.
pub fn emit(
    report: &Report,
    inputs: &[Input<'_>],
    format: Format,
    fail_on: FailOn,
    style: &Style,
    out: &mut dyn Write,
) -> std::io::Result<u8> {
    let code = exit_status(report, fail_on);
    let written = match format {
        Format::Text => render::report(report, inputs, style, out),
        other => match other.core() {
            Some(core) => writeln!(out, "{}", cct_core::format::render(report, core).trim_end()),
            None => writeln!(out, "{}", report.to_json()),
        },
    };
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(e) => Err(e),
        Ok(()) => Ok(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cct_core::report::Derogation;
    use cct_core::Policy;

    fn report_with(severity: Severity, derogated: bool, expired: bool) -> Report {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: r/c:1\n";
        let mut report = cct_core::check(&[Input::text("p.yaml", text)], &Policy::default());
        assert!(!report.findings.is_empty());
        for f in &mut report.findings {
            f.severity = severity;
            if derogated {
                f.derogation = Some(Derogation {
                    justification: "accepted".into(),
                    granted_by: None,
                    expires: None,
                    expired,
                    origin: "config".into(),
                });
            }
        }
        report
    }

    #[test]
    fn exit_status_follows_fail_on_and_ignores_live_derogations() {
        let error = report_with(Severity::Error, false, false);
        assert_eq!(exit_status(&error, FailOn::Error), EXIT_FINDINGS);
        assert_eq!(exit_status(&error, FailOn::Never), EXIT_OK);
        let warning = report_with(Severity::Warning, false, false);
        assert_eq!(exit_status(&warning, FailOn::Error), EXIT_OK);
        assert_eq!(exit_status(&warning, FailOn::Warning), EXIT_FINDINGS);
        let info = report_with(Severity::Info, false, false);
        assert_eq!(exit_status(&info, FailOn::Warning), EXIT_OK);
        assert_eq!(exit_status(&info, FailOn::Info), EXIT_FINDINGS);
        assert_eq!(
            exit_status(&report_with(Severity::Error, true, false), FailOn::Error),
            EXIT_OK
        );
        assert_eq!(
            exit_status(&report_with(Severity::Error, true, true), FailOn::Error),
            EXIT_FINDINGS
        );
    }

    #[test]
    fn an_unreadable_input_exits_2_whatever_the_findings() {
        let policy = Policy::default();
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: r/c:1\n";
        let mut pipeline = cct_core::Pipeline::new(&policy);
        pipeline.inputs(
            &[Input::text("p.yaml", text)],
            &cct_core::openapi::NoExternalRefs,
        );
        pipeline.unreadable("gone.yaml", None, "cannot read `gone.yaml`");
        let report = pipeline.finish();
        assert_eq!(report.summary.errors, 1);
        assert_eq!(report.summary.inputs, 2);
        assert_eq!(report.inputs[0].path, "gone.yaml");
        assert_eq!(exit_status(&report, FailOn::Never), EXIT_USAGE);
    }
}
