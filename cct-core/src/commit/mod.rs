//! Commit messages: a Conventional Commits 1.0.0 parser, commitlint
//! `config-conventional` rules, the next semantic version and a changelog.
//!
//! The core reads no repository: callers hand it messages and, when they
//! have them, metadata (hash, author, date, signature status, tags).
//!
//! ```
//! use cct_core::{check_message, Policy};
//!
//! let report = check_message("Fix: Login page.\n", &Policy::default());
//! let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
//! assert_eq!(rules, ["commit/type-case", "commit/type-enum", "commit/subject-case", "commit/subject-full-stop"]);
//! ```

pub mod analyzer;
mod case;
pub mod changelog;
pub mod ignores;
pub mod object;
pub mod parse;
mod rules;
pub use crate::settings::commit as settings;
mod suggest;
pub mod version;

use serde::{Deserialize, Serialize};

use crate::artefact::ArtefactKind;
use crate::input::Input;
use crate::report::{InputError, InputStatus, InputSummary, ObjectRef};
use crate::sink::Sink;

pub use case::{is_case, to_case};
pub use changelog::forge::{Forge, ForgeKind};
pub use changelog::{changelog, release_notes, Release};
pub use object::SignatureKind;
pub use parse::{
    cleanup, Commit, Footer, Header, Line, Message, Part, Separator, Special, SCISSORS,
};
pub use settings::{
    Case, CaseRule, ChangelogSettings, ChangelogType, CommitSettings, When, CONVENTIONAL_TYPES,
};
pub use version::{
    bump, is_channel, last_release, next_prerelease, next_version, release, tag_version, Bump,
    NextRelease, FIRST_RELEASE,
};

/// A commit's signature status: as git's `%G?` reports it when a verifier
/// ran, or [`SignatureStatus::Unverified`] when the commit is known to be
/// signed (its `gpgsig` header) and nothing verified it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureStatus {
    /// `G`: good signature.
    Good,
    /// `U`: good signature, key of unknown validity.
    GoodUnknownValidity,
    /// `B`: bad signature.
    Bad,
    /// `X`: good signature that has expired.
    ExpiredSignature,
    /// `Y`: good signature made by an expired key.
    ExpiredKey,
    /// `R`: good signature made by a revoked key.
    RevokedKey,
    /// `E`: signed, but the signature cannot be checked (missing key).
    CannotCheck,
    /// `N`: no signature.
    None,
    /// Signed (the object has a signature header), not verified: no verifier was run.
    Unverified,
}

impl SignatureStatus {
    /// Reads git's `%G?` letter.
    pub fn from_git(letter: char) -> Option<SignatureStatus> {
        Some(match letter {
            'G' => SignatureStatus::Good,
            'U' => SignatureStatus::GoodUnknownValidity,
            'B' => SignatureStatus::Bad,
            'X' => SignatureStatus::ExpiredSignature,
            'Y' => SignatureStatus::ExpiredKey,
            'R' => SignatureStatus::RevokedKey,
            'E' => SignatureStatus::CannotCheck,
            'N' => SignatureStatus::None,
            _ => return None,
        })
    }

    /// Reads git's `%G?` letter for a commit whose signature header says
    /// `kind`: git answers `N` for a signature it has no verifier set up for
    /// (an SSH signature without `gpg.ssh.allowedSignersFile`), which is
    /// "cannot check", not "not signed".
    pub fn from_git_for(letter: char, kind: Option<SignatureKind>) -> Option<SignatureStatus> {
        match (SignatureStatus::from_git(letter)?, kind) {
            (SignatureStatus::None, Some(_)) => Some(SignatureStatus::CannotCheck),
            (status, _) => Some(status),
        }
    }
}

/// A commit's signature status from what was read of it: `kind`, how its
/// signature header says it is signed (`None`: it has none), and, when a
/// verifier ran, git's `%G?` letter for it. Without a verifier a signed
/// commit is [`SignatureStatus::Unverified`], an unsigned one
/// [`SignatureStatus::None`]; `None` for a letter git does not write.
pub fn signature_status(
    kind: Option<SignatureKind>,
    verified: Option<char>,
) -> Option<SignatureStatus> {
    match verified {
        Some(letter) => SignatureStatus::from_git_for(letter, kind),
        None => Some(match kind {
            Some(_) => SignatureStatus::Unverified,
            None => SignatureStatus::None,
        }),
    }
}

/// Whether and how a commit is signed, as a caller reports it: `none`, or
/// the kind of its signature header (`openpgp`, `ssh`, `x509`, `unknown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signature {
    /// Not signed: the commit object has no signature header.
    None,
    /// OpenPGP (`-----BEGIN PGP SIGNATURE-----`).
    Openpgp,
    /// SSH (`-----BEGIN SSH SIGNATURE-----`).
    Ssh,
    /// X.509 / CMS (`-----BEGIN SIGNED MESSAGE-----`).
    X509,
    /// A signature header in a format git does not name.
    Unknown,
}

impl Signature {
    /// The kind of the signature header, `None` for an unsigned commit.
    pub fn kind(self) -> Option<SignatureKind> {
        match self {
            Signature::None => None,
            Signature::Openpgp => Some(SignatureKind::Openpgp),
            Signature::Ssh => Some(SignatureKind::Ssh),
            Signature::X509 => Some(SignatureKind::X509),
            Signature::Unknown => Some(SignatureKind::Unknown),
        }
    }
}

/// The one note to give when verification was asked for and some signed
/// commits could not be checked (keys missing): counts per signature kind,
/// and where the keys go. `None` when every signed commit was checked.
pub fn unverified_note(commits: &[CommitInput]) -> Option<String> {
    let mut counts: Vec<(SignatureKind, usize)> = Vec::new();
    for c in commits {
        if c.signature != Some(SignatureStatus::CannotCheck) {
            continue;
        }
        let kind = c.signature_kind.unwrap_or(SignatureKind::Unknown);
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    if counts.is_empty() {
        return None;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| {
            let setup = match kind {
                SignatureKind::Openpgp => "`gpg --import` the signers' public keys",
                SignatureKind::Ssh => "set `gpg.ssh.allowedSignersFile`",
                SignatureKind::X509 => "import the certificates with `gpgsm --import`",
                SignatureKind::Unknown => "configure `gpg.program` for it",
            };
            format!("{n} {} ({setup})", kind.as_str())
        })
        .collect();
    Some(format!(
        "signed commits whose signature could not be checked, no key: {}; they are not findings",
        parts.join(", ")
    ))
}

/// One commit of a history, as a caller read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitInput {
    /// The full hash (the finding's object name and location path).
    pub hash: String,
    /// The raw message (git's `%B`).
    pub message: String,
    /// Author, `Name <email>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Author date (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Signature status, when known; `commit/signed` only judges commits that have one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureStatus>,
    /// How the commit is signed (its `gpgsig` header), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_kind: Option<SignatureKind>,
    /// Tags pointing at the commit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl CommitInput {
    /// A commit with a hash and a message, without metadata.
    pub fn new(hash: impl Into<String>, message: impl Into<String>) -> Self {
        CommitInput {
            hash: hash.into(),
            message: message.into(),
            ..CommitInput::default()
        }
    }
}

fn object(hash: Option<&str>) -> Option<ObjectRef> {
    Some(ObjectRef {
        api_version: None,
        kind: "Commit".to_owned(),
        namespace: None,
        name: hash.map(str::to_owned),
    })
}

/// Evaluates one edited message shown as `path` (cleaned up with `comment_char`), or a raw
/// commit object as `git cat-file commit` prints it.
pub fn evaluate_edited(
    path: &str,
    text: &str,
    comment_char: char,
    sink: &mut Sink<'_>,
) -> InputSummary {
    if let Some((commit, signed)) = parse_raw_object(text) {
        let status = if signed {
            SignatureStatus::Unverified
        } else {
            SignatureStatus::None
        };
        return evaluate_commit(&commit, path, None, Some(status), sink);
    }
    let commit = Commit::from_lines(cleanup(text, comment_char));
    evaluate_commit(&commit, path, None, None, sink)
}

/// Reads a raw commit object (`git cat-file commit <rev>`): headers, a blank
/// line, the message. Returns the message (line numbers of the whole text) and
/// whether a signature header (`gpgsig`, `gpgsig-sha256`) is present. The
/// signature cannot be verified here; its presence is all that is judged.
fn parse_raw_object(text: &str) -> Option<(Commit, bool)> {
    let raw = object::RawCommit::parse(text.as_bytes()).ok()?;
    let skip = usize::try_from(raw.message_line.saturating_sub(1)).unwrap_or(usize::MAX);
    let message = parse::lines(text).into_iter().skip(skip).collect();
    Some((Commit::from_lines(message), raw.signature.is_some()))
}

fn evaluate_commit(
    commit: &Commit,
    path: &str,
    hash: Option<&str>,
    signature: Option<SignatureStatus>,
    sink: &mut Sink<'_>,
) -> InputSummary {
    sink.evaluated(ArtefactKind::Commit);
    let settings = &sink.policy().settings.commit;
    let target = rules::Target {
        path,
        object: object(hash),
    };
    let skipped = rules::ignored(commit.ignored_as, settings);
    let subject = rules::Subject {
        commit,
        settings,
        target: &target,
    };
    for rule in rules::ALL {
        if !sink.enabled(rule.id) {
            continue;
        }
        match rule.check {
            rules::Check::Signature(check) => {
                if let Some(status) = signature {
                    check(status, &target, &mut sink.rule(rule.id));
                }
            }
            // An empty message is one finding, subject-empty's "empty commit message".
            rules::Check::Message(_) if commit.is_empty() && rule.id != "commit/subject-empty" => {}
            rules::Check::Message(check) if !skipped => check(&subject, &mut sink.rule(rule.id)),
            rules::Check::Message(_) => {}
        }
    }
    InputSummary {
        reason: None,
        path: path.to_owned(),
        kind: Some(ArtefactKind::Commit),
        status: if skipped {
            InputStatus::Skipped
        } else {
            InputStatus::Evaluated
        },
        documents: 1,
    }
}

/// Git's default `core.commentChar`.
pub const DEFAULT_COMMENT_CHAR: char = '#';

/// Evaluates one commit of a history: its message as stored by git (no cleanup), located at its hash.
pub fn evaluate_stored(c: &CommitInput, sink: &mut Sink<'_>) -> InputSummary {
    let commit = Commit::parse(&c.message);
    evaluate_commit(&commit, &c.hash, Some(&c.hash), c.signature, sink)
}

/// Longest commit message read from an input, in bytes (git has no limit; this bounds work).
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// Evaluates an input forced to the commit kind: its bytes are one edited
/// message (cleaned up like [`check_message`]), or a raw commit object as
/// `git cat-file commit` prints it (then `commit/signed` judges whether it
/// carries a signature).
pub fn evaluate_input(
    input: &Input<'_>,
    sink: &mut Sink<'_>,
    summaries: &mut Vec<InputSummary>,
    errors: &mut Vec<InputError>,
) {
    let fail =
        |message: String, errors: &mut Vec<InputError>, summaries: &mut Vec<InputSummary>| {
            errors.push(InputError {
                path: input.path.clone(),
                line: None,
                column: None,
                message,
            });
            summaries.push(InputSummary {
                reason: None,
                path: input.path.clone(),
                kind: Some(ArtefactKind::Commit),
                status: InputStatus::Error,
                documents: 0,
            });
        };
    if input.bytes.len() > MAX_MESSAGE_BYTES {
        let message = format!(
            "commit message is {} bytes, more than the {MAX_MESSAGE_BYTES} bytes allowed",
            input.bytes.len()
        );
        return fail(message, errors, summaries);
    }
    // A UTF-8 byte order mark (editors on Windows write one) is not part of the message.
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&input.bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => summaries.push(evaluate_edited(
            &input.path,
            text,
            DEFAULT_COMMENT_CHAR,
            sink,
        )),
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1;
            errors.push(InputError {
                path: input.path.clone(),
                line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
                column: Some(u32::try_from(column).unwrap_or(u32::MAX)),
                message: format!("commit message is not UTF-8: {e}"),
            });
            summaries.push(InputSummary {
                reason: None,
                path: input.path.clone(),
                kind: Some(ArtefactKind::Commit),
                status: InputStatus::Error,
                documents: 0,
            });
        }
    }
}

/// The ids of every commit rule implemented in code (the catalog must list each).
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::ALL.iter().map(|r| r.id)
}
