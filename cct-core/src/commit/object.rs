//! Raw git commit objects (`git cat-file commit`, `git cat-file --batch`):
//! headers, how the commit is signed, the author and date, the message in
//! its declared encoding.
//!
//! Whether a commit is signed, and how, is in its `gpgsig` (or
//! `gpgsig-sha256`) header: the armor's first line names the format. Nothing
//! here verifies a signature; that needs keys, which only the caller's
//! machine has (see [`SignatureStatus`](super::SignatureStatus)).
//!
//! ```
//! use cct_core::commit::object::{RawCommit, SignatureKind};
//!
//! let raw = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
//! author Ada <ada@example.org> 1700000000 +0100\n\
//! committer Ada <ada@example.org> 1700000000 +0100\n\
//! gpgsig -----BEGIN SSH SIGNATURE-----\n \n -----END SSH SIGNATURE-----\n\
//! \n\
//! feat: add search\n";
//! let c = RawCommit::parse(raw).unwrap();
//! assert_eq!(c.signature, Some(SignatureKind::Ssh));
//! assert_eq!(c.author_date().as_deref(), Some("2023-11-14T23:13:20+01:00"));
//! assert_eq!(c.message().unwrap(), "feat: add search\n");
//! ```

use serde::{Deserialize, Serialize};

/// How a commit is signed, read from its signature header's armor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureKind {
    /// OpenPGP (`-----BEGIN PGP SIGNATURE-----`): `gpg`.
    Openpgp,
    /// SSH (`-----BEGIN SSH SIGNATURE-----`): `ssh-keygen -Y`.
    Ssh,
    /// X.509 / CMS (`-----BEGIN SIGNED MESSAGE-----`): `gpgsm`, gitsign.
    X509,
    /// A signature header in a format git does not name.
    Unknown,
}

impl SignatureKind {
    /// Reads the first line of a signature's armor.
    pub fn from_armor(first_line: &str) -> SignatureKind {
        let line = first_line.trim();
        if line.starts_with("-----BEGIN PGP SIGNATURE-----")
            || line.starts_with("-----BEGIN PGP MESSAGE-----")
        {
            SignatureKind::Openpgp
        } else if line.starts_with("-----BEGIN SSH SIGNATURE-----") {
            SignatureKind::Ssh
        } else if line.starts_with("-----BEGIN SIGNED MESSAGE-----") {
            SignatureKind::X509
        } else {
            SignatureKind::Unknown
        }
    }

    /// `openpgp`, `ssh`, `x509` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureKind::Openpgp => "openpgp",
            SignatureKind::Ssh => "ssh",
            SignatureKind::X509 => "x509",
            SignatureKind::Unknown => "unknown",
        }
    }
}

/// Why a raw commit object could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObjectError {
    /// The object does not start with a `tree <hash>` line.
    #[error("not a commit object: it does not start with `tree <hash>`")]
    NoTree,
    /// No blank line ends the headers.
    #[error("commit object has no blank line after its headers")]
    NoMessage,
}

/// Why a message could not be decoded to text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not valid in the encoding (the byte offset of the first bad byte).
    #[error("commit message is not valid {encoding} at byte {offset}")]
    Invalid {
        /// The encoding tried.
        encoding: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The encoding is one cct does not decode.
    #[error("commit message is encoded in `{0}`, which cct does not decode (UTF-8, ISO-8859-1 and windows-1252 are decoded)")]
    Unsupported(String),
}

/// A commit object's parts; borrowed from the object's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCommit<'a> {
    /// The tree hash.
    pub tree: &'a str,
    /// Parent hashes (none for a root commit, two or more for a merge).
    pub parents: Vec<&'a str>,
    /// The `author` header (`Name <email> 1700000000 +0100`).
    pub author: Option<&'a str>,
    /// The `encoding` header (git writes it when `i18n.commitEncoding` is not UTF-8).
    pub encoding: Option<&'a str>,
    /// How the commit is signed (`gpgsig`, `gpgsig-sha256`), `None` when it is not.
    pub signature: Option<SignatureKind>,
    /// Line number (1-based) of the message's first line in the object's text.
    pub message_line: u32,
    /// The message bytes, as stored.
    pub body: &'a [u8],
}

fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

impl<'a> RawCommit<'a> {
    /// Parses a commit object's bytes (what `git cat-file commit <rev>` prints).
    pub fn parse(bytes: &'a [u8]) -> Result<RawCommit<'a>, ObjectError> {
        let mut commit = RawCommit {
            tree: "",
            parents: Vec::new(),
            author: None,
            encoding: None,
            signature: None,
            message_line: 1,
            body: &[],
        };
        let mut rest = bytes;
        let mut line_no = 0u32;
        let mut first = true;
        loop {
            let Some(end) = rest.iter().position(|b| *b == b'\n') else {
                return Err(if first {
                    ObjectError::NoTree
                } else {
                    ObjectError::NoMessage
                });
            };
            let line = &rest[..end];
            rest = &rest[end + 1..];
            line_no = line_no.saturating_add(1);
            let text = std::str::from_utf8(line).unwrap_or("");
            if first {
                match text.strip_prefix("tree ") {
                    Some(t) if is_hash(t) => commit.tree = t,
                    _ => return Err(ObjectError::NoTree),
                }
                first = false;
                continue;
            }
            if line.is_empty() {
                break;
            }
            if let Some(p) = text.strip_prefix("parent ") {
                commit.parents.push(p);
            } else if let Some(a) = text.strip_prefix("author ") {
                commit.author = Some(a);
            } else if let Some(e) = text.strip_prefix("encoding ") {
                commit.encoding = Some(e);
            } else if let Some(armor) = text
                .strip_prefix("gpgsig ")
                .or_else(|| text.strip_prefix("gpgsig-sha256 "))
            {
                commit
                    .signature
                    .get_or_insert(SignatureKind::from_armor(armor));
            }
        }
        commit.message_line = line_no.saturating_add(1);
        commit.body = rest;
        Ok(commit)
    }

    /// The author as `Name <email>`.
    pub fn author_ident(&self) -> Option<&'a str> {
        let a = self.author?;
        let end = a.rfind('>')?;
        Some(&a[..=end])
    }

    /// The author date as ISO 8601 (`2023-11-14T23:13:20+01:00`), git's `%aI`.
    pub fn author_date(&self) -> Option<String> {
        let a = self.author?;
        let end = a.rfind('>')?;
        let mut fields = a[end + 1..].split_whitespace();
        let seconds: i64 = fields.next()?.parse().ok()?;
        let zone = fields.next().unwrap_or("+0000");
        iso_date(seconds, zone)
    }

    /// The message as text, decoded per its `encoding` header (UTF-8 when
    /// there is none); a UTF-8 byte order mark is dropped.
    pub fn message(&self) -> Result<String, DecodeError> {
        decode(self.body, self.encoding)
    }
}

/// Decodes a message in `encoding` (git's name for it: `UTF-8`,
/// `ISO-8859-1`, `latin1`, `windows-1252`, `cp1252`; `None` is UTF-8). A UTF-8
/// byte order mark at the start is dropped.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<String, DecodeError> {
    let name = encoding.map(str::trim).unwrap_or("UTF-8");
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "utf8" => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_owned()),
                Err(e) => Err(DecodeError::Invalid {
                    encoding: "UTF-8".to_owned(),
                    offset: e.valid_up_to(),
                }),
            }
        }
        "iso88591" | "latin1" | "l1" => Ok(bytes.iter().map(|b| char::from(*b)).collect()),
        "windows1252" | "cp1252" => Ok(bytes.iter().map(|b| cp1252(*b)).collect()),
        _ => Err(DecodeError::Unsupported(name.to_owned())),
    }
}

/// windows-1252: ISO-8859-1 except 0x80–0x9F.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Seconds since the epoch and a `+hhmm` zone as ISO 8601 in that zone.
fn iso_date(seconds: i64, zone: &str) -> Option<String> {
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1i64, &zone[1..]),
        b'-' => (-1i64, &zone[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i64 = digits[..2].parse().ok()?;
    let minutes: i64 = digits[2..].parse().ok()?;
    let local = seconds.checked_add(sign * (hours * 3600 + minutes * 60))?;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        if sign < 0 { '-' } else { '+' },
        hours,
        minutes
    ))
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (H. Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    #[test]
    fn kinds_from_armor() {
        for (armor, kind) in [
            ("-----BEGIN PGP SIGNATURE-----", SignatureKind::Openpgp),
            ("-----BEGIN SSH SIGNATURE-----", SignatureKind::Ssh),
            ("-----BEGIN SIGNED MESSAGE-----", SignatureKind::X509),
            ("something else", SignatureKind::Unknown),
        ] {
            let raw = format!("tree {TREE}\nparent {TREE}\nauthor A <a@x> 0 +0000\ngpgsig {armor}\n abc\n -----END-----\n\nfix: x\n");
            let c = RawCommit::parse(raw.as_bytes()).unwrap();
            assert_eq!(c.signature, Some(kind));
            assert_eq!(c.parents, [TREE]);
            assert_eq!(c.message_line, 8);
        }
        let raw = format!("tree {TREE}\nauthor A <a@x> 0 +0000\n\nfix: x\n");
        assert_eq!(RawCommit::parse(raw.as_bytes()).unwrap().signature, None);
        assert_eq!(RawCommit::parse(b"fix: x\n"), Err(ObjectError::NoTree));
        assert_eq!(RawCommit::parse(b"\n\n"), Err(ObjectError::NoTree));
        assert_eq!(
            RawCommit::parse(format!("tree {TREE}\n").as_bytes()),
            Err(ObjectError::NoMessage)
        );
    }

    #[test]
    fn dates_like_git() {
        assert_eq!(
            iso_date(0, "+0000").as_deref(),
            Some("1970-01-01T00:00:00+00:00")
        );
        // git show -s --format=%aI of a real commit: 1787311879 +0900.
        assert_eq!(
            iso_date(1_787_311_879, "+0900").as_deref(),
            Some("2026-08-21T20:31:19+09:00")
        );
        assert_eq!(
            iso_date(951_782_400, "-0530").as_deref(),
            Some("2000-02-28T18:30:00-05:30")
        );
        assert_eq!(iso_date(0, "0000"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFfix: x", None).unwrap(), "fix: x");
        assert_eq!(
            decode(b"fix: caf\xe9", Some("ISO-8859-1")).unwrap(),
            "fix: café"
        );
        assert_eq!(
            decode(b"fix: \x80", Some("windows-1252")).unwrap(),
            "fix: €"
        );
        assert_eq!(
            decode(b"fix: caf\xe9", None),
            Err(DecodeError::Invalid {
                encoding: "UTF-8".to_owned(),
                offset: 8
            })
        );
        assert!(matches!(
            decode(b"x", Some("EUC-JP")),
            Err(DecodeError::Unsupported(_))
        ));
    }
}
