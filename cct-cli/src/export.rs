//! `cct export kyverno`: the core's Kyverno policies on standard output, the rules left behind on standard error.

use std::io::Write;

use clap::{Args, Subcommand};

use crate::policy::PolicyArgs;
use crate::{EXIT_OK, EXIT_USAGE};

/// Arguments of `cct export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(subcommand)]
    pub target: ExportTarget,
}

/// Export targets.
#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    /// Namespaced `kyverno.io/v1` Policies for the Kubernetes rules that look at one object.
    Kyverno(KyvernoArgs),
}

/// Arguments of `cct export kyverno`.
#[derive(Debug, Args)]
pub struct KyvernoArgs {
    /// Policy: configuration file, profile (only the rules it enables are exported).
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// `metadata.namespace` of the Policies (default: none, for `kubectl apply -n`).
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// `validationFailureAction: Enforce` (default: Audit).
    #[arg(long)]
    pub enforce: bool,
}

/// Runs `cct export`.
pub fn run(args: &ExportArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let ExportTarget::Kyverno(args) = &args.target;
    let policy = match args.policy.policy_here() {
        Ok(policy) => policy,
        Err(code) => return Ok(code),
    };
    let opts = cct_core::kyverno::KyvernoOptions {
        namespace: args.namespace.clone(),
        enforce: args.enforce,
    };
    match cct_core::kyverno::kyverno(&policy, &opts) {
        Ok(export) => {
            write!(out, "{}", export.yaml)?;
            eprintln!(
                "cct: {} rule(s) exported as Kyverno policies, {} left behind (listed at the top of the output)",
                export.exported.len(),
                export.left_behind.len()
            );
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("cct: error: {e}");
            Ok(EXIT_USAGE)
        }
    }
}
