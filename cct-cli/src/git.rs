//! Reading a history from git: the `git` program, not a library.
//!
//! `git rev-list` piped into `git cat-file --batch`: every commit object as
//! stored, each preceded by its hash and its size, so objects are split
//! exactly whatever bytes a message holds; every record is checked (hash
//! shape, object type, size) and a misaligned stream is an error, never a
//! silent mis-read. Signatures are read from the objects' `gpgsig` headers;
//! git verifies them only when asked. Why `git` and not gix or git2: see
//! `docs/commits.md`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cct_core::commit::object::RawCommit;
use cct_core::commit::{signature_status, CommitInput};

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
    /// `signatures`: read how each commit is signed (from its object, no verifier);
    /// `verify`: also ask git to verify each signature (`%G?`, slow: one
    /// verifier run per signed commit).
    /// `paths`: only the commits touching them (`git log -- <path>…`; none: every commit).
    pub fn log(
        &self,
        range: &str,
        paths: &[String],
        signatures: Signatures,
    ) -> Result<Vec<CommitInput>, GitError> {
        let mut commits = Vec::new();
        self.log_each(range, paths, signatures, |e| {
            if let Entry::Commit(c) = e {
                commits.push(c);
            }
        })?;
        Ok(commits)
    }

    /// [`Git::log`], handing each commit to `each` as soon as git has written
    /// it, so the caller works while git still reads the history.
    ///
    /// One walk, one object read: `git rev-list <range> --` piped into `git
    /// cat-file --batch`, which prints each commit object as stored (headers,
    /// `gpgsig` included, and the exact message bytes). `git log --pretty=raw`
    /// would be one process, but it strips trailing whitespace and carriage
    /// returns from every message line, which `commit/header-trim` and the
    /// line lengths judge.
    pub fn log_each(
        &self,
        range: &str,
        paths: &[String],
        signatures: Signatures,
        mut each: impl FnMut(Entry),
    ) -> Result<(), GitError> {
        let tags = self.tags()?;
        let verified = match signatures {
            Signatures::Verify => Some(self.verified(range, paths)?),
            Signatures::Read | Signatures::Ignore => None,
        };
        let mut walk_args = vec!["rev-list", range, "--"];
        walk_args.extend(paths.iter().map(String::as_str));
        let mut walk = self
            .command(&walk_args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::Spawn)?;
        let Some(hashes) = walk.stdout.take() else {
            return Err(GitError::Spawn(std::io::Error::other("no standard output")));
        };
        let read_args = ["cat-file", "--batch"];
        let mut read = self
            .command(&read_args)
            .stdin(Stdio::from(hashes))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::Spawn)?;
        let Some(stdout) = read.stdout.take() else {
            return Err(GitError::Spawn(std::io::Error::other("no standard output")));
        };
        let reader = BufReader::with_capacity(1 << 16, stdout);
        let result = read_objects(reader, &tags, signatures, verified.as_ref(), &mut each);
        let walked = finish(walk, &walk_args);
        let objects = finish(read, &read_args);
        walked?;
        objects?;
        result
    }

    /// `%G?` of every commit of `range` (runs the verifiers).
    fn verified(&self, range: &str, paths: &[String]) -> Result<BTreeMap<String, char>, GitError> {
        let mut args = vec!["log", "--no-show-signature", "--format=%H %G?", range, "--"];
        args.extend(paths.iter().map(String::as_str));
        let out = self.run(&args)?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .filter_map(|l| {
                let (hash, letter) = l.split_once(' ')?;
                Some((hash.to_owned(), letter.chars().next()?))
            })
            .collect())
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
        let out = self
            .run(&["rev-parse", "--verify", "--quiet", "HEAD"])
            .ok()?;
        let hash = String::from_utf8_lossy(&out).trim().to_owned();
        is_hash(&hash).then_some(hash)
    }

    /// The top folder of the repository the folder is in.
    pub fn toplevel(&self) -> Option<PathBuf> {
        let out = self.run(&["rev-parse", "--show-toplevel"]).ok()?;
        let top = String::from_utf8_lossy(&out).trim().to_owned();
        (!top.is_empty()).then(|| PathBuf::from(top))
    }

    /// A configuration value (`git config --get <key>`), `None` when unset or git fails.
    pub fn config(&self, key: &str) -> Option<String> {
        let out = self.run(&["config", "--get", key]).ok()?;
        let value = String::from_utf8_lossy(&out).trim().to_owned();
        (!value.is_empty()).then_some(value)
    }

    /// When `rev`'s commit was committed (seconds since 1970, UTC).
    pub fn commit_time(&self, rev: &str) -> Result<i64, GitError> {
        let out = self.run(&[
            "log",
            "-1",
            "--no-show-signature",
            "--format=%ct",
            rev,
            "--",
        ])?;
        let text = String::from_utf8_lossy(&out);
        text.trim().parse().map_err(|_| GitError::Malformed {
            record: 1,
            reason: format!("`{}` is not a commit time", text.trim()),
        })
    }

    /// Whether the repository is a shallow clone (its history is cut).
    pub fn is_shallow(&self) -> Result<bool, GitError> {
        let out = self.run(&["rev-parse", "--is-shallow-repository"])?;
        Ok(String::from_utf8_lossy(&out).trim() == "true")
    }

    /// Whether `name` is a tag (`refs/tags/<name>` exists).
    pub fn is_tag(&self, name: &str) -> Result<bool, GitError> {
        let status = self
            .command(&[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("refs/tags/{name}"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(GitError::Spawn)?;
        Ok(status.success())
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

/// Waits for a git process; its failure (with its stderr) is an error.
fn finish(mut child: std::process::Child, args: &[&str]) -> Result<(), GitError> {
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let status = child.wait().map_err(GitError::Spawn)?;
    if status.success() {
        Ok(())
    } else {
        Err(GitError::Failed {
            args: args.join(" "),
            stderr: stderr.trim().to_owned(),
        })
    }
}

/// How much of the signatures to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signatures {
    /// Not at all (`commit/signed` is not judged).
    Ignore,
    /// Whether and how each commit is signed, from its object (the default).
    Read,
    /// That, and git's verification of each signature (`%G?`).
    Verify,
}

/// One commit read from the history.
#[derive(Debug)]
pub enum Entry {
    /// A commit.
    Commit(CommitInput),
    /// A commit whose message cannot be decoded (hash, why).
    Unreadable { hash: String, reason: String },
}

fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Reads `git cat-file --batch` output: `<hash> commit <size>\n<bytes>\n` per object.
pub fn read_objects(
    mut reader: impl BufRead,
    tags: &BTreeMap<String, Vec<String>>,
    signatures: Signatures,
    verified: Option<&BTreeMap<String, char>>,
    each: &mut impl FnMut(Entry),
) -> Result<(), GitError> {
    let mut record = 0;
    let mut line = String::new();
    let mut object = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(GitError::Read)? == 0 {
            return Ok(());
        }
        record += 1;
        let malformed = |reason: String| GitError::Malformed { record, reason };
        let mut fields = line.trim_end().split(' ');
        let (Some(hash), Some(kind), Some(size)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(malformed(format!(
                "`{}` is not an object header",
                line.trim_end()
            )));
        };
        if !is_hash(hash) || kind != "commit" {
            return Err(malformed(format!("`{}` is not a commit", line.trim_end())));
        }
        let size: usize = size
            .parse()
            .map_err(|_| malformed(format!("`{size}` is not a size")))?;
        object.clear();
        object.resize(size + 1, 0);
        reader.read_exact(&mut object).map_err(GitError::Read)?;
        if object.pop() != Some(b'\n') {
            return Err(malformed("object not followed by a newline".to_owned()));
        }
        let hash = hash.to_owned();
        let raw = RawCommit::parse(&object).map_err(|e| malformed(e.to_string()))?;
        let message = match raw.message() {
            Ok(m) => m,
            Err(e) => {
                each(Entry::Unreadable {
                    hash,
                    reason: e.to_string(),
                });
                continue;
            }
        };
        let kind = raw.signature;
        let signature = match signatures {
            Signatures::Ignore => None,
            Signatures::Read | Signatures::Verify => {
                signature_status(kind, verified.and_then(|v| v.get(&hash)).copied())
            }
        };
        each(Entry::Commit(CommitInput {
            tags: tags.get(&hash).cloned().unwrap_or_default(),
            message,
            author: raw.author_ident().map(str::to_owned),
            date: raw.author_date(),
            signature,
            signature_kind: if signatures == Signatures::Ignore {
                None
            } else {
                kind
            },
            hash,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cct_core::commit::SignatureStatus;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    fn object(hash: &str, body: &str) -> String {
        format!("{hash} commit {}\n{body}\n", body.len())
    }

    #[test]
    fn objects_and_signatures() {
        let h1 = "a".repeat(40);
        let h2 = "b".repeat(40);
        let o1 =
            format!("tree {TREE}\nauthor Ada <a@x> 1700000000 +0000\n\nfeat: x\n\nbody \u{1f}\n");
        let o2 = format!("tree {TREE}\nauthor Bob <b@x> 1700000000 +0100\ngpgsig -----BEGIN SSH SIGNATURE-----\n x\n -----END SSH SIGNATURE-----\n\nfix: y\n");
        let out = object(&h1, &o1) + &object(&h2, &o2);
        let mut tags = BTreeMap::new();
        tags.insert(h2.clone(), vec!["v1.0.0".to_owned()]);
        let parse = |bytes: &[u8], s: Signatures, v: Option<&BTreeMap<String, char>>| {
            let mut got = Vec::new();
            read_objects(bytes, &tags, s, v, &mut |e| {
                if let Entry::Commit(c) = e {
                    got.push(c)
                }
            })
            .map(|()| got)
        };
        let c = parse(out.as_bytes(), Signatures::Read, None).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].message, "feat: x\n\nbody \u{1f}\n");
        assert_eq!(c[0].author.as_deref(), Some("Ada <a@x>"));
        assert_eq!(c[0].signature, Some(SignatureStatus::None));
        assert_eq!(c[1].hash, h2);
        assert_eq!(c[1].tags, ["v1.0.0"]);
        assert_eq!(c[1].date.as_deref(), Some("2023-11-14T23:13:20+01:00"));
        assert_eq!(c[1].signature, Some(SignatureStatus::Unverified));
        assert_eq!(
            c[1].signature_kind,
            Some(cct_core::commit::SignatureKind::Ssh)
        );
        // git says `N` for an SSH signature it has no allowed-signers file for.
        let v: BTreeMap<String, char> = [(h1.clone(), 'N'), (h2.clone(), 'N')].into();
        let c = parse(out.as_bytes(), Signatures::Verify, Some(&v)).unwrap();
        assert_eq!(c[0].signature, Some(SignatureStatus::None));
        assert_eq!(c[1].signature, Some(SignatureStatus::CannotCheck));
        let c = parse(out.as_bytes(), Signatures::Ignore, None).unwrap();
        assert_eq!((c[1].signature, c[1].signature_kind), (None, None));
        assert!(parse(b"zz commit 3\nabc\n", Signatures::Read, None).is_err());
        assert!(parse(
            format!("{h1} commit 99\nabc").as_bytes(),
            Signatures::Read,
            None
        )
        .is_err());
        assert!(parse(format!("{h1} missing\n").as_bytes(), Signatures::Read, None).is_err());
    }

    #[test]
    fn undecodable_messages_are_entries_not_failures() {
        let h = "c".repeat(40);
        let mut body = format!("tree {TREE}\n\nfix: caf").into_bytes();
        body.extend_from_slice(b"\xe9\n");
        let mut bytes = format!("{h} commit {}\n", body.len()).into_bytes();
        bytes.extend_from_slice(&body);
        bytes.push(b'\n');
        let mut seen = Vec::new();
        read_objects(
            &bytes[..],
            &BTreeMap::new(),
            Signatures::Read,
            None,
            &mut |e| seen.push(e),
        )
        .unwrap();
        assert!(
            matches!(&seen[..], [Entry::Unreadable { reason, .. }] if reason.contains("not valid UTF-8")),
            "{seen:?}"
        );
    }
}
