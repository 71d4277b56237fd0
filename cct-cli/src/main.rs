//! `cct`: checks Kubernetes manifests (and, later, images, OpenAPI
//! descriptions and commits) against the CCT Cloud Native referential and the
//! Domino-X guideline.
//!
//! This crate is presentation only: it finds the input files, calls
//! [`cct_core::check`] and renders the report. Rule logic lives in `cct-core`.
//!
//! Exit status: 0 when no finding reaches `--fail-on`, 1 when one does, 2 when
//! an input could not be read or the command was misused.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod audit;
mod audit_diff;
mod catalog;
mod check;
mod commits;
mod config_discovery;
mod diff;
mod explain;
mod export;
mod git;
mod kind_arg;
mod policy;
mod render;
mod render_tool;
mod style;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit status when no finding reaches the `--fail-on` threshold.
pub const EXIT_OK: u8 = 0;
/// Exit status when a finding reaches the `--fail-on` threshold.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status when an input could not be read or the command was misused
/// (clap uses the same value for usage errors).
pub const EXIT_USAGE: u8 = 2;

/// Check Kubernetes manifests against the CCT Cloud Native referential and the Domino-X guideline.
#[derive(Debug, Parser)]
#[command(name = "cct", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// When to use colours in text output.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true, value_name = "WHEN")]
    color: ColorWhen,
    /// Never use colours (same as `--color never`; the `NO_COLOR` variable does the same).
    #[arg(long, global = true)]
    no_color: bool,
    #[command(subcommand)]
    command: Command,
}

/// The subcommands. Each lives in its own module and returns the exit status;
/// a new subcommand is one variant here, one arm in [`run`] and one module.
#[derive(Debug, Subcommand)]
enum Command {
    /// Check files, folders (recursively: .yaml, .yml, .json) or standard input (`-`).
    Check(check::CheckArgs),
    /// Check everything a repository holds (manifests, OpenAPI, Dockerfiles, images, history) as one report, or write its homologation dossier.
    Audit(audit::AuditArgs),
    /// List the built-in rules.
    Rules(catalog::RulesArgs),
    /// List the requirements of the referentials (CCT, Domino-X).
    Requirements(catalog::RequirementsArgs),
    /// Explain a requirement (`EX32`, `DX-5.2-a`) or a rule (`kube/run-as-non-root`).
    Explain(explain::ExplainArgs),
    /// Record today's findings as a baseline (JSON on standard output), for `cct check --baseline FILE`.
    Baseline(check::BaselineArgs),
    /// Export rules to other engines: `cct export kyverno` writes Kyverno policies.
    Export(export::ExportArgs),
    /// Check a commit message file: the git `commit-msg` hook (comments and the scissors section are ignored).
    CommitMsg(commits::CommitMsgArgs),
    /// Check the commits of a range (default: the whole history of HEAD), or print the next version or a changelog.
    Commits(commits::CommitsArgs),
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    /// Colour when standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always colour (`NO_COLOR` still wins).
    Always,
    /// Never colour.
    Never,
}

/// Output formats shared by the subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON (the documented shapes in `schemas/`).
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, GitLab, IDEs).
    Sarif,
    /// JUnit XML (CI test reports).
    Junit,
    /// A Markdown summary (merge-request comments).
    Markdown,
    /// `wgpolicyk8s.io/v1alpha2` PolicyReports, YAML (`kubectl apply -f`: Kyverno's dashboards).
    Policyreport,
    /// GitLab code quality (Code Climate subset), JSON: findings inline in merge requests.
    GitlabCodequality,
    /// A baseline file recording the findings (what `cct baseline` writes).
    Baseline,
}

impl Format {
    /// The format's name, as given to `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Markdown => "markdown",
            Format::Policyreport => "policyreport",
            Format::GitlabCodequality => "gitlab-codequality",
            Format::Baseline => "baseline",
        }
    }

    /// The core's renderer for this format; `None` for text, which the CLI renders itself.
    pub fn core(self) -> Option<cct_core::format::Format> {
        match self {
            Format::Text => None,
            Format::Json => cct_core::format::Format::parse("json"),
            Format::Sarif => cct_core::format::Format::parse("sarif"),
            Format::Junit => cct_core::format::Format::parse("junit"),
            Format::Markdown => cct_core::format::Format::parse("markdown"),
            Format::Policyreport => cct_core::format::Format::parse("policyreport"),
            Format::GitlabCodequality => cct_core::format::Format::parse("gitlab-codequality"),
            Format::Baseline => cct_core::format::Format::parse("baseline"),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = style::color_enabled(if cli.no_color {
        ColorWhen::Never
    } else {
        cli.color
    });
    let style = style::Style::new(color);
    // Buffered: standard output is line-buffered, and a report has thousands of lines.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let code = run(cli.command, &style, &mut out);
    match out.flush() {
        // A closed pipe (`cct rules | head`) is not an error worth reporting.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("cct: error: cannot write output: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        _ => ExitCode::from(code),
    }
}

/// Runs one subcommand, writing its output to `out`; returns the exit status.
fn run(command: Command, style: &style::Style, out: &mut dyn Write) -> u8 {
    let result = match command {
        Command::Check(args) => check::run(&args, style, out),
        Command::Baseline(args) => check::run(&args.into_check(), style, out),
        Command::Export(args) => export::run(&args, out),
        Command::Audit(args) => match &args.diff {
            Some(old) => audit_diff::run(&args, old, out),
            None => audit::run(&args, style, out),
        },
        Command::Rules(args) => catalog::rules(&args, style, out),
        Command::Requirements(args) => match &args.diff {
            Some(range) => diff::run(cct_core::catalog::catalog(), range, args.format, style, out),
            None => catalog::requirements(&args, style, out),
        },
        Command::Explain(args) => explain::run(&args, style, out),
        Command::CommitMsg(args) => commits::run_commit_msg(&args, out),
        Command::Commits(args) => commits::run_commits(&args, out),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("cct: error: cannot write output: {e}");
            EXIT_USAGE
        }
    }
}
