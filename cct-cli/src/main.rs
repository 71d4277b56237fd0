//! `cct`: checks Kubernetes manifests, images, OpenAPI descriptions and
//! commits against the CCT Cloud Native referential and the Domino-X guideline.
//!
//! This crate is presentation only. Rule logic lives in `cct-core`.
//!
//! Exit status: 0 when no error finding, 1 when there is one, 2 when an input
//! could not be read or the command was misused.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

mod commits;
mod git;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit status when no finding fails the check.
pub const EXIT_OK: u8 = 0;
/// Exit status when a finding fails the check.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status when an input could not be read or the command was misused
/// (clap uses the same value for usage errors).
pub const EXIT_USAGE: u8 = 2;

/// Check artefacts against the CCT Cloud Native referential and the Domino-X guideline.
#[derive(Debug, Parser)]
#[command(name = "cct", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands. Each lives in its own module and returns the exit status.
#[derive(Debug, Subcommand)]
enum Command {
    /// Check a commit message file: the git `commit-msg` hook (comments and the scissors section are ignored).
    CommitMsg(commits::CommitMsgArgs),
    /// Check the commits of a range (default: the whole history of HEAD), or print the next version or a changelog.
    Commits(commits::CommitsArgs),
}

/// Output formats shared by the subcommands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON (the documented shapes in `schemas/`).
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let code = run(cli.command, &mut out);
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("cct: error: cannot write output: {e}");
            ExitCode::from(EXIT_USAGE)
        }
        _ => ExitCode::from(code),
    }
}

/// Runs one subcommand, writing its output to `out`; returns the exit status.
fn run(command: Command, out: &mut dyn Write) -> u8 {
    let result = match command {
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
