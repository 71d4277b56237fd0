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

use crate::git::{Entry, Git, Signatures};
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
    /// Revision range (`origin/main..HEAD`, `v1.4.2..`); default: the whole history of HEAD, or,
    /// in a GitLab merge-request pipeline, `$CI_MERGE_REQUEST_DIFF_BASE_SHA..HEAD`
    /// (with `--next-version` or `--changelog`: the commits since the last semver tag; with a
    /// range, its base is the last release: a semver tag, or the highest one reachable from it).
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
    /// Do not read signatures (`commit/signed` is then not judged).
    #[arg(long, conflicts_with = "verify_signatures")]
    pub no_signatures: bool,
    /// Verify each signature with git's verifiers (`%G?`: gpg, `gpg.ssh.allowedSignersFile`,
    /// gpgsm); by default cct only reads whether and how each commit is signed, which is fast.
    #[arg(long)]
    pub verify_signatures: bool,
    /// Only the commits touching this path (as `git log -- <path>`; repeatable), relative to
    /// the current directory: a monorepo's package (`--path packages/api`).
    #[arg(long = "path", value_name = "PATH")]
    pub paths: Vec<String>,
    /// The prefix of the release tags (`api@` for `api@1.2.3`, `api-v` for `api-v1.2.3`):
    /// `--next-version` and `--changelog` take the last release among those tags and print
    /// the version with the prefix.
    #[arg(long, value_name = "PREFIX")]
    pub tag_prefix: Option<String>,
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
        let mut bytes = Vec::new();
        (
            "-".to_owned(),
            io::Read::read_to_end(&mut io::stdin(), &mut bytes).map(|_| bytes),
        )
    } else {
        (args.file.display().to_string(), std::fs::read(&args.file))
    };
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cct: error: cannot read `{path}`: {e}");
            return Ok(EXIT_USAGE);
        }
    };
    // The message is in `i18n.commitEncoding` (UTF-8 unless set); git is asked only when it is not UTF-8.
    let decoded = match commit::object::decode(&bytes, None) {
        Ok(text) => Ok(text),
        Err(utf8) => match Git::new(None).config("i18n.commitEncoding") {
            Some(encoding) => commit::object::decode(&bytes, Some(&encoding)),
            None => Err(utf8),
        },
    };
    let message = match decoded {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cct: error: `{path}`: {e} (git's `i18n.commitEncoding` names the encoding)");
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
    if let Some(channel) = args.prerelease.as_deref() {
        if !commit::is_channel(channel) {
            eprintln!(
                "cct: error: `--prerelease {channel}`: a channel is one word of letters, digits and `-` (`beta`, `rc`)"
            );
            return Ok(EXIT_USAGE);
        }
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

/// The last release at `rev`: `rev` itself when it is a release tag, else
/// the last release among the tags reachable from it ([`commit::last_release`],
/// with the tag prefix `prefix`).
fn last_release(
    git: &Git,
    rev: &str,
    channel: Option<&str>,
    prefix: Option<&str>,
) -> Result<Option<(String, Version)>, Failure> {
    if let Some(v) = commit::tag_version(rev, prefix) {
        if git.is_tag(rev)? {
            return Ok(Some((rev.to_owned(), v)));
        }
    }
    let tags = git.merged_tags(rev)?;
    Ok(commit::last_release(
        tags.iter().map(String::as_str),
        channel,
        prefix,
    ))
}

/// A range's base and tip: `A..B`, `A...B` (`A..` and `..B`: the missing
/// side is `HEAD`); `None` for a single revision.
fn split_range(range: &str) -> Option<(&str, &str)> {
    let (base, tip) = range.split_once("...").or_else(|| range.split_once(".."))?;
    Some((
        if base.is_empty() { "HEAD" } else { base },
        if tip.is_empty() { "HEAD" } else { tip },
    ))
}

fn run_git(
    args: &CommitsArgs,
    git: &Git,
    policy: &Policy,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let settings = &policy.settings.commit;
    // `--path` is relative to where cct runs (git's pathspecs); the setting to the top folder.
    let paths: Vec<String> = if args.paths.is_empty() {
        settings
            .paths
            .iter()
            .map(|p| format!(":(top){p}"))
            .collect()
    } else {
        args.paths.clone()
    };
    let prefix = args
        .tag_prefix
        .as_deref()
        .or(settings.tag_prefix.as_deref())
        .filter(|p| !p.is_empty());
    if args.next_version || args.changelog {
        let channel = args.prerelease.as_deref();
        // The last release is the range's base; without a range, the last tag before HEAD.
        let (range, last) = match args.range.as_deref() {
            None => {
                let last = last_release(git, "HEAD", channel, prefix)?;
                let range = match &last {
                    Some((tag, _)) => format!("{tag}..HEAD"),
                    None => "HEAD".to_owned(),
                };
                (range, last)
            }
            Some(r) => match split_range(r) {
                Some((base, _)) => (r.to_owned(), last_release(git, base, channel, prefix)?),
                None => (r.to_owned(), None),
            },
        };
        let commits = git.log(&range, &paths, Signatures::Ignore)?;
        if args.next_version {
            return next_version(args, last.as_ref(), prefix, &commits, out);
        }
        return changelog(
            git,
            policy,
            &range,
            last.as_ref(),
            prefix,
            &commits,
            args.format,
            out,
        );
    }

    let range = match (&args.range, merge_request_base()) {
        (Some(r), _) => r.clone(),
        (None, Some(base)) => {
            eprintln!(
                "cct: checking the merge request's commits, `{base}..HEAD` (CI_MERGE_REQUEST_DIFF_BASE_SHA)"
            );
            format!("{base}..HEAD")
        }
        (None, None) => "HEAD".to_owned(),
    };
    if git.is_shallow()? {
        eprintln!(
            "cct: warning: shallow clone: the history stops where the clone was cut; commits of \
             `{range}` before the cut are not checked (`git fetch --unshallow`, or `fetch-depth: 0` / \
             `GIT_DEPTH: 0` in CI)"
        );
    }
    let signatures = if args.no_signatures || !policy_enables(policy, "commit/signed") {
        Signatures::Ignore
    } else if args.verify_signatures || policy.settings.commit.verify_signatures {
        Signatures::Verify
    } else {
        Signatures::Read
    };
    // Check each commit as git writes it: git and the checks run side by side.
    let mut check = cct_core::HistoryCheck::new(policy);
    let mut commits = Vec::new();
    git.log_each(&range, &paths, signatures, |entry| match entry {
        Entry::Commit(c) => {
            check.add(&c);
            commits.push(c);
        }
        Entry::Unreadable { hash, reason } => check.add_unreadable(&hash, reason),
    })?;
    let report = check.finish();
    if let Some(note) = commit::unverified_note(&commits) {
        eprintln!("cct: note: {note}");
    }
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

/// The base of a GitLab merge-request pipeline (`CI_MERGE_REQUEST_DIFF_BASE_SHA`), when set.
fn merge_request_base() -> Option<String> {
    std::env::var("CI_MERGE_REQUEST_DIFF_BASE_SHA")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn policy_enables(policy: &Policy, rule: &str) -> bool {
    cct_core::catalog::catalog()
        .rule(rule)
        .is_some_and(|r| policy.enabled(r))
}

fn next_version(
    args: &CommitsArgs,
    last: Option<&(String, Version)>,
    prefix: Option<&str>,
    commits: &[CommitInput],
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let last = last.map(|(t, v)| (t.as_str(), v));
    let release = commit::release(last, commits, args.prerelease.as_deref(), prefix);
    let prefix = prefix.unwrap_or("");
    match args.format {
        Format::Json => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&release).unwrap_or_default()
            )?;
        }
        Format::Text
        | Format::Sarif
        | Format::Junit
        | Format::Markdown
        | Format::Policyreport
        | Format::GitlabCodequality
        | Format::Baseline => match &release.next {
            Some(v) => {
                writeln!(out, "{prefix}{v}")?;
                let since = last
                    .map(|(t, _)| format!("since `{t}`"))
                    .unwrap_or_else(|| "in the whole history".to_owned());
                eprintln!(
                    "cct: {} -> {prefix}{v} ({} release: {} commit(s) {since})",
                    release
                        .current
                        .as_ref()
                        .map(|c| format!("{prefix}{c}"))
                        .unwrap_or_else(|| "none".to_owned()),
                    if release.current.is_none() {
                        "first"
                    } else {
                        release.bump.map(|b| b.as_str()).unwrap_or("no")
                    },
                    release.commits,
                );
            }
            None => eprintln!(
                "cct: no release: none of the {} commit(s) since {} is a feat, fix, perf, revert or breaking change",
                release.commits,
                release
                    .last_tag
                    .as_ref()
                    .map(|t| format!("`{t}`"))
                    .unwrap_or_else(|| "the start".to_owned())
            ),
        },
    }
    Ok(EXIT_OK)
}

/// `cct commits --changelog`: the release's heading (version, compare link,
/// date) and its entries, links built from the `origin` remote.
#[allow(clippy::too_many_arguments)]
fn changelog(
    git: &Git,
    policy: &Policy,
    range: &str,
    last: Option<&(String, Version)>,
    prefix: Option<&str>,
    commits: &[CommitInput],
    format: Format,
    out: &mut dyn Write,
) -> Result<u8, Failure> {
    let settings = &policy.settings.commit.changelog;
    let (from, tip) = match split_range(range) {
        Some((base, tip)) => (Some(base.to_owned()), tip.to_owned()),
        None => (None, range.to_owned()),
    };
    // Up to HEAD, the release to come (today); up to a tag, that release (its commit's date).
    let (version, tag, date) = if tip == "HEAD" {
        let last = last.map(|(t, v)| (t.as_str(), v));
        let next = commit::release(last, commits, None, prefix).next;
        let tag = next.as_ref().map(|v| match (prefix, last) {
            (Some(p), _) => format!("{p}{v}"),
            // conventional-changelog's `guessNextTag`: `v` as the last tag has it.
            (None, Some((t, _))) if !t.starts_with('v') => v.to_string(),
            (None, _) => format!("v{v}"),
        });
        let version = next.unwrap_or_else(|| tip.clone());
        let today = policy.today.clone().or_else(cct_core::date::today_utc);
        (version, tag, today)
    } else {
        let version =
            commit::tag_version(&tip, prefix).map_or_else(|| tip.clone(), |v| v.to_string());
        let tag = git.is_tag(&tip)?.then(|| tip.clone());
        let date = git
            .commit_time(&tip)
            .ok()
            .map(|secs| cct_core::date::date_from_days(secs.div_euclid(86_400)));
        (version, tag, date)
    };
    let remote = settings
        .url
        .clone()
        .or_else(|| git.config("remote.origin.url"));
    let forge = remote
        .as_deref()
        .and_then(|url| commit::Forge::from_remote(url, settings.forge));
    let previous = from.clone().or_else(|| last.map(|(t, _)| t.clone()));
    let release = commit::Release {
        version: &version,
        previous_tag: previous.as_deref(),
        tag: tag.as_deref(),
        date: date.as_deref(),
        forge: forge.as_ref(),
    };
    let markdown = commit::release_notes(commits, &release, settings);
    match format {
        Format::Json => {
            let value = serde_json::json!({
                "from": from.unwrap_or_default(),
                "to": version,
                "tag": tag,
                "date": date,
                "url": forge.as_ref().map(commit::Forge::url),
                "last_tag": last.map(|(t, _)| t),
                "commits": commits.len(),
                "markdown": markdown,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )?;
        }
        Format::Text
        | Format::Markdown
        | Format::Sarif
        | Format::Junit
        | Format::Policyreport
        | Format::GitlabCodequality
        | Format::Baseline => write!(out, "{markdown}")?,
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
