//! Reading a history from git: the `git` program, not a library.
//!
//! `git log -z` with NUL-separated fields: NUL cannot occur in a hash, a
//! name, an e-mail or a date, and git refuses it in messages made by `git
//! commit`, so records and fields are split unambiguously; every record is
//! checked (hash shape, field count) and a misaligned stream is an error, never
//! a silent mis-read. Why `git` and not gix or git2: see `docs/commits.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use cct_core::commit::{CommitInput, SignatureStatus};

/// Fields per `git log` record: hash, signature status, author, date, message.
const FIELDS: usize = 5;

/// A git invocation that failed.
#[derive(Debug)]
pub enum GitError {
    /// `git` could not be started.
    Spawn(std::io::Error),
    /// `git` ran and failed (its stderr, trimmed).
    Failed { args: String, stderr: String },
    /// The output did not have the expected shape (record number, reason).
    Malformed { record: usize, reason: String },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Spawn(e) => write!(f, "cannot run `git`: {e}"),
            GitError::Failed { args, stderr } => write!(f, "`git {args}` failed: {stderr}"),
            GitError::Malformed { record, reason } => {
                write!(f, "unexpected `git log` output at commit {record}: {reason}")
            }
        }
    }
}

/// A repository (the working directory's, or `-C <dir>`).
pub struct Git {
    dir: Option<PathBuf>,
}

impl Git {
    /// Git in `dir` (`None`: the current directory).
    pub fn new(dir: Option<&Path>) -> Self {
        Git { dir: dir.map(Path::to_path_buf) }
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let mut cmd = Command::new("git");
        if let Some(dir) = &self.dir {
            cmd.arg("-C").arg(dir);
        }
        // No pager, no colours, no replacement of refs by `git replace`, no locale surprises.
        cmd.args(["--no-pager", "-c", "color.ui=never", "-c", "log.showSignature=false"])
            .args(args)
            .env("GIT_NO_REPLACE_OBJECTS", "1")
            .env("LC_ALL", "C");
        let output = cmd.output().map_err(GitError::Spawn)?;
        if !output.status.success() {
            return Err(GitError::Failed {
                args: args.join(" "),
                stderr: String::from_utf8_lossy(&output.stderr).trim().to_owned(),
            });
        }
        Ok(output.stdout)
    }

    /// The commits of `range` (`origin/main..HEAD`, `HEAD`, `v1.2.0..`), newest first.
    /// `signatures` asks git for each commit's signature status (`%G?`, which
    /// runs the verifier for signed commits).
    pub fn log(&self, range: &str, signatures: bool) -> Result<Vec<CommitInput>, GitError> {
        let format = if signatures {
            "--format=%H%x00%G?%x00%an <%ae>%x00%aI%x00%B"
        } else {
            "--format=%H%x00%x00%an <%ae>%x00%aI%x00%B"
        };
        let out = self.run(&["log", "-z", "--no-color", "--encoding=UTF-8", format, range, "--"])?;
        let tags = self.tags()?;
        parse_log(&out, &tags)
    }

    /// Tags by the commit they point at (annotated tags peeled).
    pub fn tags(&self) -> Result<BTreeMap<String, Vec<String>>, GitError> {
        let out = self.run(&[
            "for-each-ref",
            "--format=%(objectname)%00%(*objectname)%00%(refname:strip=2)",
            "refs/tags",
        ])?;
        let mut tags: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in String::from_utf8_lossy(&out).lines() {
            let mut f = line.split('\0');
            let (Some(object), Some(peeled), Some(name)) = (f.next(), f.next(), f.next()) else { continue };
            let target = if peeled.is_empty() { object } else { peeled };
            tags.entry(target.to_owned()).or_default().push(name.to_owned());
        }
        Ok(tags)
    }

    /// Tags reachable from `rev` (`git tag --merged`).
    pub fn merged_tags(&self, rev: &str) -> Result<Vec<String>, GitError> {
        let out = self.run(&["tag", "--merged", rev])?;
        Ok(String::from_utf8_lossy(&out).lines().map(str::to_owned).collect())
    }
}

fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Splits `git log -z` output of the format above into commits.
pub fn parse_log(out: &[u8], tags: &BTreeMap<String, Vec<String>>) -> Result<Vec<CommitInput>, GitError> {
    let mut fields: Vec<&[u8]> = out.split(|b| *b == 0).collect();
    // `-z` terminates (not separates) records: a trailing empty piece may remain.
    if fields.last().is_some_and(|f| f.is_empty()) {
        fields.pop();
    }
    if fields.len() % FIELDS != 0 {
        return Err(GitError::Malformed {
            record: fields.len() / FIELDS + 1,
            reason: format!("{} fields, not a multiple of {FIELDS} (a message holding a NUL byte?)", fields.len()),
        });
    }
    let mut commits = Vec::with_capacity(fields.len() / FIELDS);
    for (i, record) in fields.chunks(FIELDS).enumerate() {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        // Records after the first start with the newline git puts between entries.
        let hash = text(record[0]).trim_start_matches('\n').to_owned();
        if !is_hash(&hash) {
            return Err(GitError::Malformed { record: i + 1, reason: format!("`{hash}` is not a commit hash") });
        }
        let signature = text(record[1]).chars().next().and_then(SignatureStatus::from_git);
        let author = Some(text(record[2])).filter(|a| a != " <>");
        let date = Some(text(record[3])).filter(|d| !d.is_empty());
        let tags = tags.get(&hash).cloned().unwrap_or_default();
        commits.push(CommitInput { hash, message: text(record[4]), author, date, signature, tags });
    }
    Ok(commits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_fields() {
        let h1 = "a".repeat(40);
        let h2 = "b".repeat(40);
        let out = format!("{h1}\0N\0Ada <a@x>\02024-01-01T00:00:00+00:00\0feat: x\n\nbody \u{1f}\n\0\n{h2}\0G\0Bob <b@x>\02024-01-02T00:00:00+00:00\0fix: y\n\0");
        let mut tags = BTreeMap::new();
        tags.insert(h2.clone(), vec!["v1.0.0".to_owned()]);
        let c = parse_log(out.as_bytes(), &tags).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].message, "feat: x\n\nbody \u{1f}\n");
        assert_eq!(c[0].signature, Some(SignatureStatus::None));
        assert_eq!(c[1].hash, h2);
        assert_eq!(c[1].tags, ["v1.0.0"]);
        assert_eq!(c[1].signature, Some(SignatureStatus::Good));
        assert!(parse_log(b"zz\0N\0a\0d\0m\0", &tags).is_err());
        assert!(parse_log(format!("{h1}\0N\0a\0").as_bytes(), &tags).is_err());
    }
}
