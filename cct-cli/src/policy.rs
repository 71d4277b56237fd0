//! The policy options shared by the checking subcommands (`--config`,
//! `--profile`, `--today`, `--referential`, the input limits), the rendering of configuration errors, and the
//! loader for the files named by OpenAPI external `$ref`s.

use std::io::Write;
use std::path::{Path, PathBuf};

use cct_core::openapi::ExternalRefs;
use cct_core::{Input, Policy};
use clap::Args;

use crate::config_discovery::{self, DiscoveryError};
use crate::render::{self, Sources};
use crate::style::Style;

/// `--config`, `--profile`, `--today`, `--referential`, `--max-input-bytes`, `--max-ref-files`.
#[derive(Debug, Clone, Default, Args)]
pub struct PolicyArgs {
    /// Configuration file; default: the first `cct.yaml`, `cct.yml` or `.cct.yaml` found in the
    /// current folder or a parent, up to the repository root.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Profile to apply (shipped: `cloud-pi-native`, `domino-x`, `minimal`); replaces the configuration's `extends`.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Date derogation expiries are compared with (YYYY-MM-DD; default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// CCT version to judge against: `cct@alpha-v1`, `cct@alpha-v4` or `cct@beta-2024-06-23`
    /// (default: the configuration's `referential:`, else the latest, béta 23.06.2024).
    #[arg(long, value_name = "CCT@VERSION")]
    pub referential: Option<String>,
    /// Largest input read, in bytes (`KiB`, `MiB`, `GiB` suffixes accepted); overrides the
    /// configuration's `limits.max_input_bytes` (default 64 MiB).
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    pub max_input_bytes: Option<usize>,
    /// Most files OpenAPI `$ref`s may bring into one check; overrides the configuration's
    /// `limits.max_ref_files` (default 10,000).
    #[arg(long, value_name = "N")]
    pub max_ref_files: Option<usize>,
}

/// Parses a size in bytes: `134217728`, `128MiB`, `512KiB`, `1GiB`.
fn parse_bytes(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let (digits, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    let factor: usize = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        other => {
            return Err(format!(
                "unknown unit `{other}` (use bytes, `KiB`, `MiB` or `GiB`)"
            ))
        }
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("`{text}` is not a size in bytes (e.g. `134217728` or `128MiB`)"))
}

impl PolicyArgs {
    /// The policy, or the configuration error rendered on standard error
    /// (with the source line and a caret) as `Err(exit status)`.
    pub fn policy(&self, start: &Path) -> Result<Policy, u8> {
        config_discovery::resolve(
            self.config.as_deref(),
            self.profile.as_deref(),
            self.today.as_deref(),
            start,
        )
        .map_err(|e| {
            report_error(&e);
            crate::EXIT_USAGE
        })
        .and_then(|mut policy| {
            if let Some(handle) = &self.referential {
                match cct_core::catalog::catalog().cct_referential(handle) {
                    Ok(referential) => policy.cct_version = referential.key.clone(),
                    Err(e) => {
                        eprintln!("cct: error: --referential: {e}");
                        return Err(crate::EXIT_USAGE);
                    }
                }
            }
            if let Some(bytes) = self.max_input_bytes {
                policy.limits.max_input_bytes = bytes;
            }
            if let Some(files) = self.max_ref_files {
                policy.limits.max_ref_files = files;
            }
            Ok(policy)
        })
    }

    /// The folder of the configuration file in force (evidence files of attestations are relative to it);
    /// the current folder when there is none.
    pub fn config_dir(&self) -> PathBuf {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        self.config
            .clone()
            .or_else(|| config_discovery::discover(&cwd))
            .and_then(|p| p.parent().map(Path::to_owned))
            .map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p
                }
            })
            .unwrap_or(cwd)
    }

    /// The policy for a check started in the current directory.
    pub fn policy_here(&self) -> Result<Policy, u8> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        self.policy(&cwd)
    }
}

/// Prints a configuration error like an input error: `path:line:column: error: message`,
/// then the line with a caret under the column.
fn report_error(e: &DiscoveryError) {
    let style = Style::new(false);
    let mut err = std::io::stderr().lock();
    match e {
        DiscoveryError::Io { .. } => {
            let _ = writeln!(err, "cct: error: {e}");
        }
        // Not in a file: a command-line value (`--today`, `--profile`).
        DiscoveryError::Config(c) if c.path().starts_with(['-', '<']) => {
            let _ = writeln!(err, "cct: error: {}", c.message());
        }
        DiscoveryError::Config(c) => {
            let text = std::fs::read(c.path()).unwrap_or_default();
            let inputs = [Input::new(c.path().to_owned(), text)];
            let mut sources = Sources::new(&inputs);
            let _ = render::input_error(&c.to_input_error(), &mut sources, &style, &mut err);
        }
    }
}

/// Reads the files named by OpenAPI external `$ref`s: only regular files
/// (symbolic links followed) no larger than the policy's input limit.
#[derive(Debug, Clone, Copy)]
pub struct FileRefs {
    /// Largest file read, in bytes (`policy.limits.max_input_bytes`).
    pub max_bytes: usize,
}

impl ExternalRefs for FileRefs {
    fn load(&self, path: &str) -> Option<Vec<u8>> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > u64::try_from(self.max_bytes).unwrap_or(u64::MAX) {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        (bytes.len() <= self.max_bytes).then_some(bytes)
    }

    fn refused_size(&self, path: &str) -> Option<u64> {
        let meta = std::fs::metadata(path).ok()?;
        let limit = u64::try_from(self.max_bytes).unwrap_or(u64::MAX);
        (meta.is_file() && meta.len() > limit).then_some(meta.len())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn sizes_read_with_binary_units() {
        assert_eq!(parse_bytes("134217728"), Ok(134_217_728));
        assert_eq!(parse_bytes("128MiB"), Ok(128 << 20));
        assert_eq!(parse_bytes("1 GiB"), Ok(1 << 30));
        assert_eq!(parse_bytes("512KiB"), Ok(512 << 10));
        assert!(parse_bytes("128MB").is_err());
        assert!(parse_bytes("MiB").is_err());
        assert!(parse_bytes("-1").is_err());
    }
}

/// Warns on standard error about the configuration's derogations that covered no finding.
pub fn warn_unused(report: &cct_core::Report, policy: &Policy) {
    for (i, spec) in cct_core::derogation::unused(report, &policy.derogations) {
        let scope = match (&spec.rule, &spec.requirement) {
            (Some(rule), _) => format!(" (rule `{rule}`)"),
            (None, Some(req)) => format!(" (requirement `{req}`)"),
            (None, None) => String::new(),
        };
        eprintln!(
            "cct: warning: derogation #{}{scope} of the configuration covers no finding: remove it, or fix its scope",
            i + 1
        );
    }
}
