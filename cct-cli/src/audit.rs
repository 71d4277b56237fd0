//! `cct audit`: everything a repository holds, checked as one report, and the homologation dossier.
//!
//! The folder is walked like `cct check` walks folders (same order, same
//! skipped names), and also takes image archives and image layout folders;
//! the git history is checked too (the merge request's range in GitLab CI).
//! `audit:` in `cct.yaml` excludes paths and sets the history's range. The
//! core decides each input's kind and every verdict; this module only reads.

use std::io::Write;
use std::path::{Path, PathBuf};

use cct_core::format::DossierMeta;
use cct_core::report::InputStatus;
use cct_core::{Input, Policy, Report};
use cct_fs::layout::DirSource;
use cct_fs::read::{read_file, Bytes};
use cct_fs::refs::FileRefs;
use cct_fs::walk::{discover_repository, io_reason, Origin};
use clap::{Args, ValueEnum};
use sha2::{Digest, Sha256};

use crate::check::{emit, exit_status, FailOn};
use crate::git::Git;
use crate::policy::PolicyArgs;
use crate::style::Style;
use crate::{render, Format, EXIT_USAGE};

use cct_core::pipeline::DSO_PIPELINE_FILE;

/// Arguments of `cct audit`.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// The repository (or folder) to audit.
    #[arg(default_value = ".", value_name = "PATH")]
    pub path: PathBuf,
    /// Output format; `dossier-md` and `dossier-html` write the homologation dossier.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// Say what was taken as what, and what was skipped and why (on standard error unless the format is text).
    #[arg(long)]
    pub explain_discovery: bool,
    /// Revision range of the history (default: `audit.range`, else the merge request's range in GitLab CI, else all of `HEAD`).
    #[arg(long, value_name = "RANGE")]
    pub range: Option<String>,
    /// Do not check the git history.
    #[arg(long)]
    pub no_history: bool,
    /// Show what changed in conformity since OLD: a JSON report (`cct audit --format json`) or a
    /// git revision of the audited repository (`main`), audited the same way.
    #[arg(long, value_name = "OLD")]
    pub diff: Option<String>,
    /// With `--diff`: compare with this JSON report instead of auditing the folder.
    #[arg(long, value_name = "NEW", requires = "diff")]
    pub against: Option<PathBuf>,
    /// Policy: configuration file, profile, date.
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Lowest severity that makes the exit status 1 (`never`: only unreadable inputs fail).
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,
}

/// `cct audit --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// The text report, then the coverage table.
    Text,
    /// JSON (the report's documented shape).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
    /// A Markdown summary (merge-request comments).
    Markdown,
    /// The homologation dossier in Markdown.
    DossierMd,
    /// The homologation dossier as one self-contained, printable HTML page.
    DossierHtml,
}

/// What discovery did with one path.
struct Decision {
    path: String,
    verdict: String,
}

/// What an audit of one folder gathered.
struct Audited {
    report: Report,
    /// The files read (configuration included), relative to the folder.
    read: Vec<(String, Bytes)>,
    /// Which of them are the configuration (not checked).
    config_files: Vec<String>,
    layouts: Vec<(String, PathBuf)>,
    explained: Vec<Decision>,
    head: Option<String>,
}

/// Runs `cct audit`.
pub fn run(args: &AuditArgs, style: &Style, out: &mut dyn Write) -> std::io::Result<u8> {
    let root = &args.path;
    if !root.is_dir() {
        eprintln!("cct: error: `{}` is not a folder", root.display());
        return Ok(EXIT_USAGE);
    }
    let policy = match args.policy.policy(root) {
        Ok(policy) => policy,
        Err(code) => return Ok(code),
    };
    let audited = audit_folder(args, root, &policy);
    let report = &audited.report;
    let shown_root = root.display().to_string();
    if args.explain_discovery {
        let mut text = format!("discovery of `{shown_root}`:\n");
        for d in &audited.explained {
            text.push_str(&format!("  {}: {}\n", d.path, d.verdict));
        }
        if args.format == AuditFormat::Text {
            writeln!(out, "{text}")?;
        } else {
            eprint!("{text}");
        }
    }
    let inputs: Vec<Input<'_>> = audited
        .read
        .iter()
        .filter(|(path, _)| !audited.config_files.contains(path))
        .map(|(path, bytes)| Input::new(path.clone(), bytes.as_slice()))
        .collect();
    let code = exit_status(report, args.fail_on);
    match args.format {
        AuditFormat::Text => {
            emit(report, &inputs, Format::Text, args.fail_on, style, out)?;
            writeln!(out)?;
            write!(out, "{}", cct_core::format::coverage_text(report))?;
        }
        AuditFormat::DossierMd | AuditFormat::DossierHtml => {
            let meta = dossier_meta(
                root,
                &policy,
                audited.head.clone(),
                &audited.read,
                &audited.layouts,
            );
            let text = if args.format == AuditFormat::DossierMd {
                cct_core::format::dossier_markdown(report, &meta)
            } else {
                cct_core::format::dossier_html(report, &meta)
            };
            write!(out, "{text}")?;
        }
        other => {
            let format = match other {
                AuditFormat::Json => Format::Json,
                AuditFormat::Sarif => Format::Sarif,
                AuditFormat::Junit => Format::Junit,
                _ => Format::Markdown,
            };
            emit(report, &inputs, format, args.fail_on, style, out)?;
        }
    }
    if args.format != AuditFormat::Text && report.attestation_failures() > 0 {
        let only = Report {
            attestations: report.attestations.clone(),
            ..report.clone()
        };
        let _ = render::attestations(&only, &Style::new(false), &mut std::io::stderr().lock());
    }
    Ok(code)
}

/// Audits the folder `root`: discovery, the checks, the history, the attestations.
pub fn audit_report(args: &AuditArgs, root: &Path, policy: &Policy) -> Report {
    audit_folder(args, root, policy).report
}

fn audit_folder(args: &AuditArgs, root: &Path, policy: &Policy) -> Audited {
    let policy = policy.clone();
    let shown_root = root.display().to_string();
    let found = discover_repository(std::slice::from_ref(&shown_root));
    let mut explained: Vec<Decision> = Vec::new();
    let relative = |shown: &str| -> String {
        let rel = Path::new(shown)
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| shown.to_owned());
        if rel.is_empty() {
            ".".to_owned()
        } else {
            rel
        }
    };
    for (path, why) in &found.skipped {
        explained.push(Decision {
            path: relative(path),
            verdict: format!("skipped: {why}"),
        });
    }
    let mut unreadable: Vec<(String, String)> = found
        .problems
        .iter()
        .map(|p| (p.display.clone(), p.message.clone()))
        .collect();
    let mut read: Vec<(String, Bytes)> = Vec::new();
    for entry in &found.entries {
        let Origin::File(file) = &entry.origin else {
            continue;
        };
        let rel = relative(&entry.display);
        if let Some(glob) = policy.audit.excluded_by(&rel) {
            explained.push(Decision {
                path: rel,
                verdict: format!("skipped: excluded by `audit.exclude` (`{glob}`)"),
            });
            continue;
        }
        match read_file(file) {
            Ok(bytes) => read.push((rel, bytes)),
            Err(e) => unreadable.push((
                rel.clone(),
                format!("cannot read `{rel}`: {}", io_reason(&e)),
            )),
        }
    }
    let mut layouts_kept: Vec<(String, PathBuf)> = Vec::new();
    for (shown, dir) in &found.layouts {
        let rel = relative(shown);
        match policy.audit.excluded_by(&rel) {
            Some(glob) => explained.push(Decision {
                path: rel,
                verdict: format!("skipped: excluded by `audit.exclude` (`{glob}`)"),
            }),
            None => layouts_kept.push((rel, dir.clone())),
        }
    }
    // The configuration and its attestation files are part of what the dossier
    // ties to (their digests), but they are not artefacts to check.
    let config_files = configuration_files(args, root, &policy);
    let inputs: Vec<Input<'_>> = read
        .iter()
        .filter(|(path, _)| {
            let is_config = config_files.iter().any(|c| c == path);
            if is_config {
                explained.push(Decision {
                    path: path.clone(),
                    verdict: "read as the configuration (policy, derogations, attestations)"
                        .to_owned(),
                });
            }
            !is_config
        })
        .map(|(path, bytes)| Input::new(path.clone(), bytes.as_slice()))
        .collect();
    let sources: Vec<(String, DirSource)> = layouts_kept
        .iter()
        .map(|(rel, dir)| (rel.clone(), DirSource::new(dir)))
        .collect();
    let layouts: Vec<(&str, &dyn cct_core::image::ImageSource)> = sources
        .iter()
        .map(|(rel, s)| (rel.as_str(), s as &dyn cct_core::image::ImageSource))
        .collect();
    let refs = FileRefs {
        max_bytes: policy.limits.max_input_bytes,
    };
    let git = Git::new(Some(root));
    // A folder inside a larger repository does not own that repository's history.
    let toplevel = git.toplevel();
    let own_repository = toplevel
        .as_ref()
        .and_then(|top| std::fs::canonicalize(top).ok())
        .is_some_and(|top| std::fs::canonicalize(root).is_ok_and(|r| r == top));
    let head = if own_repository { git.head() } else { None };
    // The folder is a repository's root when it is git's top level, or in no repository at all
    // (an exported tree); a folder inside a larger repository is judged as files only.
    let repository_root = own_repository || toplevel.is_none();
    let dso_pipeline = root.join(DSO_PIPELINE_FILE).is_file();
    let (history_note, commits) = history(args, &policy, &git, head.as_deref());
    // One pipeline for the files, the image layouts and the history: one report.
    let mut pipeline = cct_core::Pipeline::new(&policy);
    pipeline.inputs(&inputs, &refs);
    for (rel, source) in &layouts {
        pipeline.layout(rel, *source);
    }
    for commit in &commits {
        pipeline.commit(commit);
    }
    for (path, message) in &unreadable {
        pipeline.unreadable(path, None, message);
    }
    if repository_root {
        pipeline.repository(&cct_core::pipeline::Repository {
            root: ".".to_owned(),
            dso_pipeline,
        });
    }
    let mut report = pipeline.finish();
    let evidence_base = evidence_base(args, root);
    cct_core::attest::apply(
        &mut report,
        &policy,
        Some(&|file: &str| evidence_base.join(file).exists()),
    );

    for input in &report.inputs {
        if input.kind == Some(cct_core::ArtefactKind::Commit) {
            continue;
        }
        let verdict = match (input.status, input.kind) {
            (InputStatus::Evaluated, Some(kind)) => format!("taken as {kind}"),
            (InputStatus::Error, _) => "taken, but could not be read (see the errors)".to_owned(),
            _ => "skipped: read, but no kind recognised (no manifest, image, OpenAPI description, Dockerfile or GitLab CI file)".to_owned(),
        };
        explained.push(Decision {
            path: input.path.clone(),
            verdict,
        });
    }
    if !dso_pipeline {
        explained.push(Decision {
            path: DSO_PIPELINE_FILE.to_owned(),
            verdict: if repository_root {
                "absent: the project has no pipeline for the ministry's DevSecOps chain \
                 (`pipeline/dso-pipeline-present`, béta EXI-ORG-7)"
                    .to_owned()
            } else {
                "absent: not judged, the folder is not a repository's root".to_owned()
            },
        });
    }
    explained.push(Decision {
        path: "(git history)".to_owned(),
        verdict: history_note,
    });
    explained.sort_by(|a, b| a.path.cmp(&b.path));

    Audited {
        report,
        read,
        config_files,
        layouts: layouts_kept,
        explained,
        head,
    }
}

/// The commits of the history to check, and what discovery says about them.
fn history(
    args: &AuditArgs,
    policy: &Policy,
    git: &Git,
    head: Option<&str>,
) -> (String, Vec<cct_core::commit::CommitInput>) {
    if args.no_history || !policy.audit.history {
        return (
            "skipped: `--no-history` or `audit.history: false`".to_owned(),
            Vec::new(),
        );
    }
    if head.is_none() {
        return (
            "skipped: not the root of a git repository, or no commit yet".to_owned(),
            Vec::new(),
        );
    }
    let range = args
        .range
        .clone()
        .or_else(|| policy.audit.range.clone())
        .or_else(|| {
            std::env::var("CI_MERGE_REQUEST_DIFF_BASE_SHA")
                .ok()
                .filter(|s| !s.is_empty())
                .map(|base| format!("{base}..HEAD"))
        })
        .unwrap_or_else(|| "HEAD".to_owned());
    let signatures = cct_core::catalog::catalog()
        .rule("commit/signed")
        .is_some_and(|r| policy.enabled(r));
    let signatures = if signatures {
        crate::git::Signatures::Read
    } else {
        crate::git::Signatures::Ignore
    };
    match git.log(&range, &[], signatures) {
        Ok(commits) => (
            format!(
                "taken as commit: range `{range}`, {} commit(s)",
                commits.len()
            ),
            commits,
        ),
        Err(e) => (format!("skipped: {e}"), Vec::new()),
    }
}

/// The configuration file and its attestation files, relative to the audited folder.
fn configuration_files(args: &AuditArgs, root: &Path, policy: &Policy) -> Vec<String> {
    let Some(config) = args
        .policy
        .config
        .clone()
        .or_else(|| crate::config_discovery::discover(root))
    else {
        return Vec::new();
    };
    let (Ok(config), Ok(root)) = (std::fs::canonicalize(&config), std::fs::canonicalize(root))
    else {
        return Vec::new();
    };
    let base = config.parent().map(Path::to_owned).unwrap_or_default();
    std::iter::once(config)
        .chain(policy.attestation_files.iter().map(|f| base.join(f)))
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .filter_map(|p| {
            p.strip_prefix(&root)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// The folder evidence files are relative to: the configuration's.
fn evidence_base(args: &AuditArgs, root: &Path) -> PathBuf {
    args.policy
        .config
        .clone()
        .or_else(|| crate::config_discovery::discover(root))
        .and_then(|p| p.parent().map(Path::to_owned))
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p
            }
        })
        .unwrap_or_else(|| root.to_owned())
}

/// The dossier's facts: subject, date, commit, and the SHA-256 of every input.
fn dossier_meta(
    root: &Path,
    policy: &Policy,
    commit: Option<String>,
    read: &[(String, Bytes)],
    layouts: &[(String, PathBuf)],
) -> DossierMeta {
    let mut digests: Vec<(String, String)> = read
        .iter()
        .map(|(path, bytes)| (path.clone(), hex(&Sha256::digest(bytes.as_slice()))))
        .collect();
    for (rel, dir) in layouts {
        // A layout is identified by its index, which names every blob by digest.
        if let Ok(index) = std::fs::read(dir.join("index.json")) {
            digests.push((format!("{rel}/index.json"), hex(&Sha256::digest(&index))));
        }
    }
    digests.sort();
    let mut all = Sha256::new();
    for (path, digest) in &digests {
        all.update(path.as_bytes());
        all.update([0]);
        all.update(digest.as_bytes());
        all.update([b'\n']);
    }
    let subject = std::fs::canonicalize(root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.display().to_string());
    DossierMeta {
        subject,
        date: policy
            .today
            .clone()
            .or_else(cct_core::date::today_utc)
            .unwrap_or_default(),
        commit,
        digests,
        digest: hex(&all.finalize()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
