//! The next semantic version, from Conventional Commits (the changelog: [`super::changelog`]).
//!
//! The version follows semantic-release with its default release rules
//! (`@semantic-release/commit-analyzer`, read as [`super::analyzer`] says): a
//! breaking change (`!`, or a `BREAKING CHANGE` note, any type) → major;
//! `feat` → minor; `fix`, `perf` and git reverts → patch; anything else → no
//! release; a commit and its revert in the same range cancel out. `0.x` versions get no
//! special treatment (a breaking change on `0.3.1` gives `1.0.0`), and the
//! first release is `1.0.0`, as semantic-release does. Pre-releases follow
//! semantic-release's pre-release branches (`1.5.0-beta.1`, `1.5.0-beta.2`…).

use semver::{Prerelease, Version};
use serde::{Deserialize, Serialize};

use super::analyzer::{analyze, without_reverted, Analysis};
use super::CommitInput;

/// The first release when there is no previous one (semantic-release's `FIRST_RELEASE`).
pub const FIRST_RELEASE: Version = Version::new(1, 0, 0);

/// The kind of release a set of commits calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// `fix`, `perf`, reverts.
    Patch,
    /// `feat`.
    Minor,
    /// Breaking changes.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The release one commit calls for, read as the commit-analyzer reads it
/// ([`super::analyzer`]); types are case-insensitive, as the specification says.
fn commit_bump(a: &Analysis) -> Option<Bump> {
    if a.breaking {
        return Some(Bump::Major);
    }
    if a.revert.is_some() {
        return Some(Bump::Patch);
    }
    match a.r#type.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("feat") => Some(Bump::Minor),
        Some("fix" | "perf") => Some(Bump::Patch),
        _ => None,
    }
}

/// The commits that count for a release: empty messages left out, and a
/// commit and its revert in the same range cancelled out.
pub(crate) fn counted(commits: &[CommitInput]) -> Vec<(&CommitInput, Analysis)> {
    without_reverted(
        commits
            .iter()
            .filter_map(|c| analyze(&c.message).map(|a| (c, c.hash.as_str(), a))),
    )
}

/// The highest release kind the commits call for; `None` when none calls for a release.
pub fn bump(commits: &[CommitInput]) -> Option<Bump> {
    counted(commits)
        .iter()
        .filter_map(|(_, a)| commit_bump(a))
        .max()
}

/// node-semver's `inc`: a pre-release of the target version is released as is
/// (`1.5.0-beta.2` + minor → `1.5.0`).
fn inc(v: &Version, bump: Bump) -> Version {
    let pre = !v.pre.is_empty();
    match bump {
        Bump::Major if pre && v.minor == 0 && v.patch == 0 => Version::new(v.major, 0, 0),
        Bump::Major => Version::new(v.major.saturating_add(1), 0, 0),
        Bump::Minor if pre && v.patch == 0 => Version::new(v.major, v.minor, 0),
        Bump::Minor => Version::new(v.major, v.minor.saturating_add(1), 0),
        Bump::Patch if pre => Version::new(v.major, v.minor, v.patch),
        Bump::Patch => Version::new(v.major, v.minor, v.patch.saturating_add(1)),
    }
}

/// node-semver's `inc(v, "prerelease")`: bumps the last numeric identifier (`beta.2` → `beta.3`).
fn inc_prerelease(v: &Version) -> Version {
    let mut ids: Vec<String> = v.pre.as_str().split('.').map(str::to_owned).collect();
    match ids.iter().rposition(|id| id.parse::<u64>().is_ok()) {
        Some(i) => {
            let n = ids[i].parse::<u64>().unwrap_or(0);
            ids[i] = n.saturating_add(1).to_string();
        }
        None => ids.push("0".to_owned()),
    }
    let mut next = Version::new(v.major, v.minor, v.patch);
    next.pre = Prerelease::new(&ids.join(".")).unwrap_or(Prerelease::EMPTY);
    next
}

fn with_pre(v: Version, channel: &str, n: u64) -> Version {
    let mut v = v;
    v.pre = Prerelease::new(&format!("{channel}.{n}")).unwrap_or(Prerelease::EMPTY);
    v
}

/// The next release after `current` given the commits since it (semantic-release on a release branch);
/// `None` when no commit calls for a release.
pub fn next_version(current: &Version, commits: &[CommitInput]) -> Option<Version> {
    bump(commits).map(|b| inc(current, b))
}

/// A release tag's version: with a tag prefix (`api@`, `api-v`: one package of a monorepo),
/// `<prefix>1.4.2`; without one, `v1.4.2` (semantic-release's default tag format) or `1.4.2`;
/// `None` for any other tag.
pub fn tag_version(tag: &str, prefix: Option<&str>) -> Option<Version> {
    let version = match prefix {
        Some(p) => tag.strip_prefix(p)?,
        None => tag.strip_prefix('v').unwrap_or(tag),
    };
    Version::parse(version).ok()
}

/// Whether `channel` can name a pre-release channel (`beta`, `rc`, `next-2`):
/// one dot-free semver pre-release identifier of letters, digits and `-`.
pub fn is_channel(channel: &str) -> bool {
    !channel.is_empty()
        && channel
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The last release among `tags` (those reachable from where the commits
/// start): the highest release tag ([`tag_version`], with `prefix`); a
/// pre-release tag counts only on its own `channel`.
pub fn last_release<'t>(
    tags: impl IntoIterator<Item = &'t str>,
    channel: Option<&str>,
    prefix: Option<&str>,
) -> Option<(String, Version)> {
    tags.into_iter()
        .filter_map(|t| {
            let v = tag_version(t, prefix)?;
            let keep = v.pre.is_empty()
                || channel.is_some_and(|c| v.pre.as_str().split('.').next() == Some(c));
            keep.then(|| (t.to_owned(), v))
        })
        .max_by(|a, b| a.1.cmp(&b.1))
}

/// What the commits since the last release call for: `cct commits
/// --next-version --format json` prints it, the bindings' `check_commits`
/// returns it. Fields are in alphabetical order, the order of the JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextRelease {
    /// The highest release kind the commits call for; `None`: no release.
    pub bump: Option<Bump>,
    /// How many commits were read.
    pub commits: usize,
    /// The last release's version, `None` before the first release.
    pub current: Option<String>,
    /// The last release's tag.
    pub last_tag: Option<String>,
    /// The next version; `None` when no commit calls for a release.
    pub next: Option<String>,
    /// The next release's tag: the version after the tag prefix (`api@1.5.0`), or the
    /// version alone when there is no prefix.
    pub next_tag: Option<String>,
}

/// The next release after `last` (its tag and version; `None` before the
/// first release) given the commits since it: [`next_version`], or
/// [`next_prerelease`] on `channel`, or [`FIRST_RELEASE`] when there is no
/// last release and a commit calls for one. `prefix` is the tag prefix of
/// the package released ([`tag_version`]).
pub fn release(
    last: Option<(&str, &Version)>,
    commits: &[CommitInput],
    channel: Option<&str>,
    prefix: Option<&str>,
) -> NextRelease {
    let current = last.map(|(_, v)| v);
    let b = bump(commits);
    let next = match (channel, current) {
        (Some(channel), current) => b.map(|b| prerelease_after(current, b, channel)),
        (None, Some(v)) => b.map(|b| inc(v, b)),
        (None, None) => b.map(|_| FIRST_RELEASE),
    };
    NextRelease {
        bump: b,
        commits: commits.len(),
        current: current.map(ToString::to_string),
        last_tag: last.map(|(t, _)| t.to_owned()),
        next_tag: next
            .as_ref()
            .map(|v| format!("{}{v}", prefix.unwrap_or_default())),
        next: next.map(|v| v.to_string()),
    }
}

/// The next pre-release on channel `channel` (`beta`) after `current` (the last
/// release, possibly a pre-release of the same channel; `None` for none), as
/// semantic-release computes it on a pre-release branch.
pub fn next_prerelease(
    current: Option<&Version>,
    commits: &[CommitInput],
    channel: &str,
) -> Option<Version> {
    bump(commits).map(|b| prerelease_after(current, b, channel))
}

/// The pre-release on `channel` that a `b` release after `current` gives.
fn prerelease_after(current: Option<&Version>, b: Bump, channel: &str) -> Version {
    let Some(current) = current else {
        return with_pre(FIRST_RELEASE, channel, 1);
    };
    let same_channel =
        current.pre.as_str().split('.').next() == Some(channel) && !current.pre.is_empty();
    if same_channel {
        let a = inc_prerelease(current);
        let b = with_pre(inc(current, b), channel, 1);
        a.max(b)
    } else {
        let base = Version::new(current.major, current.minor, current.patch);
        with_pre(inc(&base, b), channel, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(msg: &str) -> CommitInput {
        CommitInput::new("0123456789abcdef", msg)
    }

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn semantic_release_bumps() {
        assert_eq!(
            next_version(&v("1.4.2"), &[c("fix: a"), c("feat: b")]),
            Some(v("1.5.0"))
        );
        assert_eq!(next_version(&v("1.4.2"), &[c("perf: a")]), Some(v("1.4.3")));
        assert_eq!(
            next_version(&v("1.4.2"), &[c("chore!: drop node 14")]),
            Some(v("2.0.0"))
        );
        assert_eq!(
            next_version(&v("1.4.2"), &[c("docs: a\n\nBREAKING CHANGE: b")]),
            Some(v("2.0.0"))
        );
        assert_eq!(
            next_version(
                &v("1.4.2"),
                &[c("Revert \"feat: b\"\n\nThis reverts commit 1.")]
            ),
            Some(v("1.4.3"))
        );
        assert_eq!(
            next_version(&v("1.4.2"), &[c("docs: a"), c("Merge branch 'x'")]),
            None
        );
        assert_eq!(
            next_version(&v("0.3.1"), &[c("feat!: b")]),
            Some(v("1.0.0"))
        );
        assert_eq!(next_version(&v("0.3.1"), &[c("feat: b")]), Some(v("0.4.0")));
        assert_eq!(
            next_version(&v("2.0.0-beta.3"), &[c("fix: b")]),
            Some(v("2.0.0"))
        );
    }

    #[test]
    fn prereleases() {
        assert_eq!(
            next_prerelease(Some(&v("1.4.2")), &[c("feat: b")], "beta"),
            Some(v("1.5.0-beta.1"))
        );
        assert_eq!(
            next_prerelease(Some(&v("1.5.0-beta.1")), &[c("fix: b")], "beta"),
            Some(v("1.5.0-beta.2"))
        );
        assert_eq!(
            next_prerelease(Some(&v("1.5.0-beta.2")), &[c("feat!: b")], "beta"),
            Some(v("2.0.0-beta.1"))
        );
        assert_eq!(
            next_prerelease(Some(&v("1.5.0-alpha.4")), &[c("fix: b")], "beta"),
            Some(v("1.5.1-beta.1"))
        );
        assert_eq!(
            next_prerelease(None, &[c("fix: b")], "rc"),
            Some(v("1.0.0-rc.1"))
        );
    }

    #[test]
    fn releases_from_the_last_tag() {
        let tags = ["v1.4.2", "1.10.0", "v2.0.0-beta.3", "nightly", "v1.9.9"];
        assert_eq!(
            last_release(tags, None, None),
            Some(("1.10.0".to_owned(), v("1.10.0")))
        );
        assert_eq!(
            last_release(tags, Some("beta"), None),
            Some(("v2.0.0-beta.3".to_owned(), v("2.0.0-beta.3")))
        );
        assert_eq!(last_release(["nightly", "V1.0.0"], None, None), None);
        let tags = ["api@1.2.0", "api@1.10.0", "web@3.0.0", "v9.0.0"];
        assert_eq!(
            last_release(tags, None, Some("api@")),
            Some(("api@1.10.0".to_owned(), v("1.10.0")))
        );
        let r = release(
            Some(("api@1.10.0", &v("1.10.0"))),
            &[c("fix: a")],
            None,
            Some("api@"),
        );
        assert_eq!(
            (r.next.as_deref(), r.next_tag.as_deref()),
            (Some("1.10.1"), Some("api@1.10.1"))
        );
        let r = release(
            Some(("v1.4.2", &v("1.4.2"))),
            &[c("fix: a"), c("feat: b")],
            None,
            None,
        );
        assert_eq!(
            (r.bump, r.commits, r.current.as_deref(), r.next.as_deref()),
            (Some(Bump::Minor), 2, Some("1.4.2"), Some("1.5.0"))
        );
        assert_eq!(r.last_tag.as_deref(), Some("v1.4.2"));
        assert_eq!(
            release(None, &[c("fix: a")], None, None).next.as_deref(),
            Some("1.0.0")
        );
        assert_eq!(
            release(None, &[c("fix: a")], Some("rc"), None)
                .next
                .as_deref(),
            Some("1.0.0-rc.1")
        );
        let none = release(None, &[c("docs: a")], None, None);
        assert_eq!((none.bump, none.next), (None, None));
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"bump":"minor","commits":2,"current":"1.4.2","last_tag":"v1.4.2","next":"1.5.0","next_tag":"1.5.0"}"#
        );
        assert!(is_channel("beta") && is_channel("next-2"));
        assert!(!is_channel("") && !is_channel("be.ta") && !is_channel("be ta"));
    }
}
