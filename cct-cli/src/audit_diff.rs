//! `cct audit --diff OLD`: what changed in conformity between two reports — a JSON report or a git
//! revision audited in a temporary worktree, against the folder (or `--against NEW.json`).

use std::io::Write;
use std::path::{Path, PathBuf};

use cct_core::diff::{diff, diff_markdown};
use cct_core::Report;

use crate::audit::{audit_report, AuditArgs, AuditFormat};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Runs the diff; the exit status is 1 when a requirement newly fails or an attestation newly expired.
pub fn run(args: &AuditArgs, old: &str, out: &mut dyn Write) -> std::io::Result<u8> {
    let policy = match args.policy.policy(&args.path) {
        Ok(policy) => policy,
        Err(code) => return Ok(code),
    };
    let before = match old_report(args, old) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("cct: error: {message}");
            return Ok(EXIT_USAGE);
        }
    };
    let after = match &args.against {
        Some(path) => match read_report(path) {
            Ok(report) => report,
            Err(message) => {
                eprintln!("cct: error: {message}");
                return Ok(EXIT_USAGE);
            }
        },
        None => audit_report(args, &args.path, &policy),
    };
    let d = diff(&before, &after);
    match args.format {
        AuditFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&d).unwrap_or_default()
        )?,
        AuditFormat::Text | AuditFormat::Markdown => write!(out, "{}", diff_markdown(&d))?,
        other => {
            eprintln!("cct: error: `--diff` writes text, markdown or json, not `{other:?}`");
            return Ok(EXIT_USAGE);
        }
    }
    Ok(
        if d.newly_failing.is_empty() && d.expired_attestations.is_empty() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        },
    )
}

fn read_report(path: &Path) -> Result<Report, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read `{}`: {}",
            path.display(),
            cct_fs::walk::io_reason(&e)
        )
    })?;
    serde_json::from_str(&text)
        .map_err(|e| format!("`{}` is not a cct JSON report: {e}", path.display()))
}

/// The old report: a JSON file, else the revision `old` of the repository audited in a worktree.
fn old_report(args: &AuditArgs, old: &str) -> Result<Report, String> {
    let as_file = Path::new(old);
    if as_file.is_file() {
        return read_report(as_file);
    }
    if old.starts_with('-') {
        return Err(format!("`{old}` is neither a report file nor a revision"));
    }
    let worktree = std::env::temp_dir().join(format!("cct-audit-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&worktree);
    let git = |extra: &[&std::ffi::OsStr]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&args.path)
            .args(extra)
            .output()
    };
    let added = git(&[
        "worktree".as_ref(),
        "add".as_ref(),
        "--detach".as_ref(),
        "--quiet".as_ref(),
        worktree.as_os_str(),
        old.as_ref(),
    ])
    .map_err(|e| format!("cannot run git: {e}"))?;
    if !added.status.success() {
        return Err(format!(
            "`{old}` is neither a report file nor a revision of `{}`: {}",
            args.path.display(),
            String::from_utf8_lossy(&added.stderr).trim()
        ));
    }
    let old_args = AuditArgs {
        path: PathBuf::from(&worktree),
        diff: None,
        against: None,
        ..args.clone()
    };
    // The old revision is judged by its own configuration (its attestations, its derogations).
    let report = match args.policy.policy(&worktree) {
        Ok(own) => Ok(audit_report(&old_args, &worktree, &own)),
        Err(_) => Err(format!("the configuration of `{old}` cannot be read")),
    };
    let _ = git(&[
        "worktree".as_ref(),
        "remove".as_ref(),
        "--force".as_ref(),
        worktree.as_os_str(),
    ]);
    report
}
