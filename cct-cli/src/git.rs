//! Reading a history from git: the `git` program, not a library.
//!
//! `git log -z` with NUL-separated fields: NUL cannot occur in a hash, a
//! name, an e-mail or a date, and git refuses it in messages made by `git
//! commit`, so records and fields are split unambiguously; every record is
//! checked (hash shape, field count) and a misaligned stream is an error, never
//! a silent mis-read. Why `git` and not gix or git2: see `docs/commits.md`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cct_core::commit::{CommitInput, SignatureStatus};

/// Fields per `git log` record: hash, signature status, author, date, message.
const FIELDS: usize = 5;

/// A git invocation that failed.
#[derive(Debug)]
pub enum GitError {
    /// `git` could not be started.
    Spawn(std::io::Error),
    /// Its output could not be read.
    Read(std::io::Error),
    /// `git` ran and failed (its stderr, trimmed).
    Failed { args: String, stderr: String },
    /// The output did not have the expected shape (record number, reason).
    Malformed { record: usize, reason: String },
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Spawn(e) => write!(f, "cannot run `git`: {e}"),
            GitError::Read(e) => write!(f, "cannot read `git log` output: {e}"),
            GitError::Failed { args, stderr } => write!(f, "`git {args}` failed: {stderr}"),
            GitError::Malformed { record, reason } => {
                write!(
                    f,
                    "unexpected `git log` output at commit {record}: {reason}"
                )
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
        Git {
            dir: dir.map(Path::to_path_buf),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("git");
        if let Some(dir) = &self.dir {
            cmd.arg("-C").arg(dir);
        }
        // No pager, no colours, no replacement of refs by `git replace`, no locale surprises.
        cmd.args([
            "--no-pager",
            "-c",
            "color.ui=never",
            "-c",
            "log.showSignature=false",
        ])
        .args(args)
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .env("LC_ALL", "C");
        cmd
    }

    fn run(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        let output = self.command(args).output().map_err(GitError::Spawn)?;
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
        let mut commits = Vec::new();
        self.log_each(range, signatures, |c| commits.push(c))?;
        Ok(commits)
    }

    /// [`Git::log`], handing each commit to `each` as soon as git has written
    /// it, so the caller works while git still reads the history.
    pub fn log_each(
        &self,
        range: &str,
        signatures: bool,
        mut each: impl FnMut(CommitInput),
    ) -> Result<(), GitError> {
        let tags = self.tags()?;
        let format = if signatures {
            "--format=%H%x00%G?%x00%an <%ae>%x00%aI%x00%B"
        } else {
            "--format=%H%x00%x00%an <%ae>%x00%aI%x00%B"
        };
        let args = [
            "log",
            "-z",
            "--no-color",
            "--encoding=UTF-8",
            format,
            range,
            "--",
        ];
        let mut child = self
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::Spawn)?;
        let Some(stdout) = child.stdout.take() else {
            return Err(GitError::Spawn(std::io::Error::other("no standard output")));
        };
        let read = read_records(BufReader::with_capacity(1 << 16, stdout), &tags, &mut each);
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        let status = child.wait().map_err(GitError::Spawn)?;
        if !status.success() {
            return Err(GitError::Failed {
                args: args.join(" "),
                stderr: stderr.trim().to_owned(),
            });
        }
        read
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
            let (Some(object), Some(peeled), Some(name)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let target = if peeled.is_empty() { object } else { peeled };
            tags.entry(target.to_owned())
                .or_default()
                .push(name.to_owned());
        }
        Ok(tags)
    }

    /// The commit `HEAD` points at, when the folder is a repository with one.
    pub fn head(&self) -> Option<String> {
        let out = self.run(&["rev-parse", "--verify", "--quiet", "HEAD"]).ok()?;
        let hash = String::from_utf8_lossy(&out).trim().to_owned();
        is_hash(&hash).then_some(hash)
    }

    /// The top folder of the repository the folder is in.
    pub fn toplevel(&self) -> Option<PathBuf> {
        let out = self.run(&["rev-parse", "--show-toplevel"]).ok()?;
        let top = String::from_utf8_lossy(&out).trim().to_owned();
        (!top.is_empty()).then(|| PathBuf::from(top))
    }

    /// Tags reachable from `rev` (`git tag --merged`).
    pub fn merged_tags(&self, rev: &str) -> Result<Vec<String>, GitError> {
        let out = self.run(&["tag", "--merged", rev])?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_owned)
            .collect())
    }
}

fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Reads `git log -z` output of the format above, record by record.
pub fn read_records(
    mut reader: impl BufRead,
    tags: &BTreeMap<String, Vec<String>>,
    each: &mut impl FnMut(CommitInput),
) -> Result<(), GitError> {
    let mut fields: Vec<Vec<u8>> = Vec::with_capacity(FIELDS);
    let mut record = 0;
    loop {
        let mut field = Vec::new();
        if reader.read_until(0, &mut field).map_err(GitError::Read)? == 0 {
            break;
        }
        if field.last() == Some(&0) {
            field.pop();
        }
        fields.push(field);
        if fields.len() == FIELDS {
            record += 1;
            let refs: Vec<&[u8]> = fields.iter().map(Vec::as_slice).collect();
            each(parse_record(&refs, record, tags)?);
            fields.clear();
        }
    }
    // `-z` terminates records: only a newline may follow the last one.
    if fields.iter().any(|f| !f.iter().all(|b| *b == b'\n')) {
        return Err(GitError::Malformed {
            record: record + 1,
            reason: format!(
                "{} trailing field(s), not {FIELDS} (a message holding a NUL byte?)",
                fields.len()
            ),
        });
    }
    Ok(())
}

/// One record's fields (hash, `%G?`, author, date, message) into a commit.
fn parse_record(
    record: &[&[u8]],
    number: usize,
    tags: &BTreeMap<String, Vec<String>>,
) -> Result<CommitInput, GitError> {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    // Records after the first start with the newline git puts between entries.
    let hash = text(record[0]).trim_start_matches('\n').to_owned();
    if !is_hash(&hash) {
        return Err(GitError::Malformed {
            record: number,
            reason: format!("`{hash}` is not a commit hash"),
        });
    }
    let signature = text(record[1])
        .chars()
        .next()
        .and_then(SignatureStatus::from_git);
    let author = Some(text(record[2])).filter(|a| a != " <>");
    let date = Some(text(record[3])).filter(|d| !d.is_empty());
    let tags = tags.get(&hash).cloned().unwrap_or_default();
    Ok(CommitInput {
        hash,
        message: text(record[4]),
        author,
        date,
        signature,
        tags,
    })
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
        let parse = |bytes: &[u8]| {
            let mut v = Vec::new();
            read_records(bytes, &tags, &mut |c| v.push(c)).map(|()| v)
        };
        let c = parse(out.as_bytes()).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].message, "feat: x\n\nbody \u{1f}\n");
        assert_eq!(c[0].signature, Some(SignatureStatus::None));
        assert_eq!(c[1].hash, h2);
        assert_eq!(c[1].tags, ["v1.0.0"]);
        assert_eq!(c[1].signature, Some(SignatureStatus::Good));
        assert!(parse(b"zz\0N\0a\0d\0m\0").is_err());
        assert!(parse(format!("{h1}\0N\0a\0").as_bytes()).is_err());
    }
}
