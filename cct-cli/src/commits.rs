//! `cct commit-msg` (the git hook) and `cct commits` (a history, the next version, a changelog).
//!
//! Presentation only: git is read in [`crate::git`], every judgement is
//! `cct_core::commit`'s.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use cct_core::commit::{self, CommitInput};
use cct_core::report::InputStatus;
use cct_core::{Finding, Policy, Report};
use clap::Args;
use semver::Version;

use crate::git::Git;
use crate::policy::PolicyArgs;
use crate::{Format, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};

/// Arguments of `cct commit-msg`.
#[derive(Debug, Args)]
pub struct CommitMsgArgs {
    /// The message file git passes to the `commit-msg` hook (`.git/COMMIT_EDITMSG`), or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The comment character of the repository (git's `core.commentChar`); lines starting with it are ignored.
    #[arg(long, value_name = "CHAR", default_value_t = commit::DEFAULT_COMMENT_CHAR)]
    pub comment_char: char,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Policy: configuration file, profile, date.
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// Arguments of `cct commits`.
#[derive(Debug, Args)]
pub struct CommitsArgs {
    /// Revision range (`origin/main..HEAD`, `v1.4.2..`); default: the whole history of HEAD
    /// (with `--next-version` or `--changelog`: the commits since the last semver tag).
    #[arg(value_name = "RANGE")]
    pub range: Option<String>,
    /// Print the next semantic version (semantic-release rules) instead of checking.
    #[arg(long, conflicts_with = "changelog")]
    pub next_version: bool,
    /// Print a Markdown changelog of the range instead of checking.
    #[arg(long)]
    pub changelog: bool,
    /// Pre-release channel for `--next-version` (`beta` → `1.5.0-beta.1`).
    #[arg(long, value_name = "CHANNEL", requires = "next_version")]
    pub prerelease: Option<String>,
    /// Do not ask git for signature status (`commit/signed` is then not judged; faster on signed histories).
    #[arg(long)]
    pub no_signatures: bool,
    /// Run as if started in this directory (like `git -C`).
    #[arg(short = 'C', value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Output format (`--next-version`: text or json; `--changelog`: text, markdown or json).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Policy: configuration file, profile, date.
    #[command(flatten)]
    pub policy: PolicyArgs,
}

/// The policy the commit commands run under: `--config`, `--profile`,
/// `--today`, or the `cct.yaml` found from `start` up to the repository root.
/// A configuration error has been printed when this returns `Err(status)`.
fn policy(args: &PolicyArgs, start: Option<&std::path::Path>) -> Result<Policy, u8> {
    match start {
        Some(dir) => args.policy(dir),
        None => args.policy_here(),
    }
}

/// Runs `cct commit-msg`.
pub fn run_commit_msg(args: &CommitMsgArgs, out: &mut dyn Write) -> io::Result<u8> {
    let (path, read) = if args.file.as_os_str() == "-" {
        let mut text = String::new();
        (
            "-".to_owned(),
            io::Read::read_to_string(&mut io::stdin(), &mut text).map(|_| text),
        )
    } else {
        (
            args.file.display().to_string(),
            std::fs::read(&args.file).map(|b| String::from_utf8_lossy(&b).into_owned()),
        )
    };
    let message = match read {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cct: error: cannot read `{path}`: {e}");
            return Ok(EXIT_USAGE);
        }
    };
    let policy = match policy(&args.policy, None) {
        Ok(policy) => policy,
        Err(code) => return Ok(code),
    };
    let report = cct_core::check_edited_message(&path, &message, args.comment_char, &policy);
    match args.format.core() {
        Some(format) => writeln!(
            out,
            "{}",
            cct_core::format::render(&report, format).trim_end()
        )?,
        None => {
            let lines: Vec<&str> = message.split('\n').collect();
            let mut sources = BTreeMap::new();
            sources.insert(path.clone(), lines);
            render(&report, &sources, out)?;
            if report
                .inputs
                .iter()
                .any(|i| i.status == InputStatus::Skipped)
            {
                writeln!(
                    out,
                    "{path}: note: generated message (merge, revert, fixup…), not checked"
                )?;
            }
            summary(&report, "message", out)?;
        }
    }
    Ok(if report.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Runs `cct commits`.
pub fn run_commits(args: &CommitsArgs, out: &mut dyn Write) -> io::Result<u8> {
    if args
        .range
        .as_deref()
        .is_some_and(|r| r.starts_with('-') || r.is_empty())
    {
        eprintln!(
            "cct: error: `{}` is not a revision range",
            args.range.as_deref().unwrap_or_default()
        );
        return Ok(EXIT_USAGE);
    }
    if (args.next_version && !matches!(args.format, Format::Text | Format::Json))
        || (args.changelog && matches!(args.format, Format::Sarif | Format::Junit))
    {
        eprintln!(
            "cct: error: `--format {}` applies to checks, not to `--next-version` or `--changelog`",
            args.format.name()
        );
        return Ok(EXIT_USAGE);
    }
    let git = Git::new(args.dir.as_deref());
    let policy = match policy(&args.policy, args.dir.as_deref()) {
        Ok(policy) => policy,
        Err(code) => return Ok(code),
    };
    match run_git(args, &git, &policy, out) {
        Ok(code) => Ok(code),
        Err(Failure::Io(e)) => Err(e),
        Err(Failure::Git(e)) => {
            eprintln!("cct: error: {e}");
            Ok(EXIT_USAGE)
        }
    }
}

enum Failure {
    Io(io::Error),
    Git(crate::git::GitError),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<crate::git::GitError> for Failure {
    fn from(e: crate::git::GitError) -> Self {
        Failure::Git(e)
    }
}

/// The last release: the highest semver tag (`v1.4.2` or `1.4.2`) reachable
/// from HEAD; pre-releases count only on their own channel.
fn last_release(git: &Git, channel: Option<&str>) -> Result<Option<(String, Version)>, Failure> {
    let best = git
        .merged_tags("HEAD")?
        .into_iter()
        .filter_map(|t| {
            let v = Version::parse(t.strip_prefix('v').unwrap_or(&t)).ok()?;
            let keep = v.pre.is_empty()
                || channel.is_some_and(|c| v.pre.as_str().split('.').next() == Some(c));
            keep.then_some((t, v))
        })
        .max_by(|a, b| a.1.cmp(&b.1));
    Ok(best)
}

fn run_git(
    args: &CommitsArgs,
    git: &Git,
    policy: &Policy,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    if args.next_version || args.changelog {
        let last = if args.range.is_none() {
            last_release(git, args.prerelease.as_deref())?
        } else {
            None
        };
        let range = match (&args.range, &last) {
            (Some(r), _) => r.clone(),
            (None, Some((tag, _))) => format!("{tag}..HEAD"),
            (None, None) => "HEAD".to_owned(),
        };
        let commits = git.log(&range, false)?;
        if args.next_version {
            return next_version(args, last.as_ref(), &commits, out);
        }
        let (from, to) = match range.split_once("..") {
            Some((a, b)) => (
                a.trim_end_matches('.').to_owned(),
                if b.is_empty() {
                    "HEAD".to_owned()
                } else {
                    b.to_owned()
                },
            ),
            None => (String::new(), range.clone()),
        };
        let to = if args.range.is_none() {
            let next = match &last {
                Some((_, v)) => commit::next_version(v, &commits),
                None => commit::bump(&commits).map(|_| commit::FIRST_RELEASE),
            };
            next.map(|v| v.to_string()).unwrap_or(to)
        } else {
            to
        };
        let markdown = commit::changelog(&commits, &from, &to);
        match args.format {
            Format::Text | Format::Markdown | Format::Sarif | Format::Junit => {
                write!(out, "{markdown}")?
            }
            Format::Json => {
                let value = serde_json::json!({"from": from, "to": to, "commits": commits.len(), "markdown": markdown});
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                )?;
            }
        }
        return Ok(EXIT_OK);
    }

    let range = args.range.clone().unwrap_or_else(|| "HEAD".to_owned());
    let signatures = !args.no_signatures && policy_enables(policy, "commit/signed");
    // Check each commit as git writes it: git and the checks run side by side.
    let mut check = cct_core::HistoryCheck::new(policy);
    let mut commits = Vec::new();
    git.log_each(&range, signatures, |c| {
        check.add(&c);
        commits.push(c);
    })?;
    let report = check.finish();
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let out: &mut dyn Write = &mut out;
    match args.format.core() {
        Some(format) => writeln!(
            out,
            "{}",
            cct_core::format::render(&report, format).trim_end()
        )?,
        None => {
            let sources: BTreeMap<String, Vec<&str>> = commits
                .iter()
                .map(|c| (c.hash.clone(), c.message.split('\n').collect()))
                .collect();
            render(&report, &sources, out)?;
            summary(&report, "commit", out)?;
        }
    }
    Ok(if report.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn policy_enables(policy: &Policy, rule: &str) -> bool {
    cct_core::catalog::catalog()
        .rule(rule)
        .is_some_and(|r| policy.enabled(r))
}

fn next_version(
    args: &CommitsArgs,
    last: Option<&(String, Version)>,
    commits: &[CommitInput],
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let current = last.map(|(_, v)| v);
    let next = match (&args.prerelease, current) {
        (Some(channel), current) => commit::next_prerelease(current, commits, channel),
        (None, Some(v)) => commit::next_version(v, commits),
        (None, None) => commit::bump(commits).map(|_| commit::FIRST_RELEASE),
    };
    let bump = commit::bump(commits);
    match args.format {
        Format::Json => {
            let value = serde_json::json!({
                "last_tag": last.map(|(t, _)| t),
                "current": current.map(ToString::to_string),
                "next": next.as_ref().map(ToString::to_string),
                "bump": bump.map(|b| b.as_str()),
                "commits": commits.len(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&value).unwrap_or_default())?;
        }
        Format::Text | Format::Sarif | Format::Junit | Format::Markdown => match &next {
            Some(v) => {
                writeln!(out, "{v}")?;
                let since = last
                    .map(|(t, _)| format!("since `{t}`"))
                    .unwrap_or_else(|| "in the whole history".to_owned());
                eprintln!(
                    "cct: {} -> {v} ({} release: {} commit(s) {since})",
                    current.map(ToString::to_string).unwrap_or_else(|| "none".to_owned()),
                    if current.is_none() {
                        "first"
                    } else {
                        bump.map(|b| b.as_str()).unwrap_or("no")
                    },
                    commits.len(),
                );
            }
            None => eprintln!(
                "cct: no release: none of the {} commit(s) since {} is a feat, fix, perf, revert or breaking change",
                commits.len(),
                last.map(|(t, _)| format!("`{t}`"))
                    .unwrap_or_else(|| "the start".to_owned())
            ),
        },
    }
    Ok(EXIT_OK)
}

/// Removes control characters so a message cannot drive the terminal.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn render(
    report: &Report,
    sources: &BTreeMap<String, Vec<&str>>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for e in &report.errors {
        writeln!(out, "{}: error: {}", clean(&e.path), clean(&e.message))?;
    }
    for f in &report.findings {
        finding(f, sources.get(&f.location.path).map(Vec::as_slice), out)?;
    }
    Ok(())
}

fn finding(f: &Finding, lines: Option<&[&str]>, out: &mut dyn Write) -> io::Result<()> {
    let loc = &f.location;
    let shown_path: String = if loc.path.len() == 40 || loc.path.len() == 64 {
        loc.path.chars().take(12).collect()
    } else {
        clean(&loc.path)
    };
    writeln!(
        out,
        "{shown_path}:{}:{}: {}[{}] {}",
        loc.line,
        loc.column,
        f.severity.as_str(),
        f.rule,
        clean(&f.message)
    )?;
    let width = loc.line.to_string().len();
    if let Some(text) = lines.and_then(|l| loc.line.checked_sub(1).and_then(|i| l.get(i as usize)))
    {
        let text = clean(text.trim_end_matches('\r'));
        let pad: String = text
            .chars()
            .take(loc.column.saturating_sub(1) as usize)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        writeln!(out, "{:width$} |", "")?;
        writeln!(out, "{} | {text}", loc.line)?;
        writeln!(out, "{:width$} | {pad}^ {}", "", loc.pointer)?;
    }
    writeln!(
        out,
        "{:width$} = requirements: {}",
        "",
        f.requirements.join(", ")
    )?;
    writeln!(out, "{:width$} = help: {}\n", "", clean(&f.remediation))
}

fn summary(report: &Report, noun: &str, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let skipped = if s.skipped > 0 {
        format!(" ({} generated, skipped)", s.skipped)
    } else {
        String::new()
    };
    let plural = if s.inputs == 1 { "" } else { "s" };
    writeln!(
        out,
        "{} {noun}{plural} checked{skipped}: {} error(s), {} warning(s)",
        s.inputs, s.error, s.warning
    )
}
