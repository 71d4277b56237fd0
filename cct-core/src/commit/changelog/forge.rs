//! Where a changelog's links point: the web address of a repository, read
//! from its git remote URL, and the URL shapes of its forge.
//!
//! Remote URLs as people have them: `https://github.com/o/r.git`,
//! `git@github.com:o/r.git`, `ssh://git@gitlab.example.com:2222/group/sub/proj.git`,
//! `git+https://…`, `https://user:token@host/…` (the credentials are dropped),
//! `git://host/…`. SSH ports are not the web's and are dropped; an HTTP(S)
//! port is kept. Local paths and `file://` URLs have no web address.

use serde::{Deserialize, Serialize};

pub use crate::settings::commit::ForgeKind;

impl ForgeKind {
    /// The kind a host and project path suggest: `github.com` (or a host
    /// naming GitHub) is GitHub; a host naming GitLab, or a path of more
    /// than two segments (GitLab's subgroups; GitHub has only `owner/repo`),
    /// is GitLab; anything else has GitHub's shapes, as conventional-changelog assumes.
    pub fn guess(host: &str, path: &str) -> ForgeKind {
        let host = host.to_ascii_lowercase();
        if host.contains("github") {
            ForgeKind::Github
        } else if host.contains("gitlab") || path.split('/').count() > 2 {
            ForgeKind::Gitlab
        } else {
            ForgeKind::Github
        }
    }

    /// `github` or `gitlab`.
    pub fn as_str(self) -> &'static str {
        match self {
            ForgeKind::Github => "github",
            ForgeKind::Gitlab => "gitlab",
        }
    }

    fn infix(self) -> &'static str {
        match self {
            ForgeKind::Github => "",
            ForgeKind::Gitlab => "/-",
        }
    }

    /// The words that make a commit's issue reference a closing one
    /// (conventional-changelog's host options: `closes #12`).
    pub fn closing_words(self) -> &'static [&'static str] {
        match self {
            ForgeKind::Github => &[
                "close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves",
                "resolved",
            ],
            ForgeKind::Gitlab => &[
                "close", "closes", "closed", "closing", "fix", "fixes", "fixed", "fixing",
            ],
        }
    }
}

/// A repository on a forge: its web address and the forge's URL shapes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forge {
    /// The forge's URL shapes.
    pub kind: ForgeKind,
    /// The web address of the host (`https://gitlab.example.com`), no trailing `/`.
    pub host: String,
    /// The project's path on the host (`group/sub/proj`), no `.git`.
    pub path: String,
}

impl Forge {
    /// The forge of a remote URL (`git config remote.origin.url`); `kind`
    /// overrides the guess ([`ForgeKind::guess`]). `None` for a local path,
    /// a `file://` URL or a URL without a project path.
    pub fn from_remote(url: &str, kind: Option<ForgeKind>) -> Option<Forge> {
        let url = url.trim();
        let url = url.strip_prefix("git+").unwrap_or(url);
        let (scheme, rest) = match url.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            // scp-like `[user@]host:path`: a colon before any slash.
            None => {
                let colon = url.find(':')?;
                if url[..colon].contains('/') || colon == 0 {
                    return None;
                }
                let (authority, path) = (&url[..colon], &url[colon + 1..]);
                let host = authority.rsplit('@').next().unwrap_or(authority);
                return Forge::new(format!("https://{host}"), host, path, kind);
            }
        };
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (web_scheme, keep_port) = match scheme.as_str() {
            "https" => ("https", true),
            "http" => ("http", true),
            "ssh" | "git" => ("https", false),
            _ => return None,
        };
        let host_port = if keep_port {
            authority
        } else {
            strip_port(authority)
        };
        let host = strip_port(authority);
        Forge::new(format!("{web_scheme}://{host_port}"), host, path, kind)
    }

    fn new(base: String, host: &str, path: &str, kind: Option<ForgeKind>) -> Option<Forge> {
        let path = path.trim_matches('/');
        let path = path
            .strip_suffix(".git")
            .unwrap_or(path)
            .trim_end_matches('/');
        // GitLab's `~user` namespaces and plain names are kept; an empty path is no project.
        if host.is_empty() || path.is_empty() || path.contains(['?', '#', ' ']) {
            return None;
        }
        Some(Forge {
            kind: kind.unwrap_or_else(|| ForgeKind::guess(host, path)),
            host: base,
            path: path.to_owned(),
        })
    }

    /// The repository's web address (`https://github.com/o/r`).
    pub fn url(&self) -> String {
        format!("{}/{}", self.host, self.path)
    }

    /// A commit's page.
    pub fn commit_url(&self, hash: &str) -> String {
        format!("{}{}/commit/{hash}", self.url(), self.kind.infix())
    }

    /// An issue's page, in this repository or in `repo` (`owner/name`) on the same host.
    pub fn issue_url(&self, repo: Option<&str>, issue: &str) -> String {
        let base = match repo {
            Some(r) => format!("{}/{r}", self.host),
            None => self.url(),
        };
        format!("{base}{}/issues/{issue}", self.kind.infix())
    }

    /// The comparison of two revisions (`…/compare/v1.4.2...v1.5.0`); tag names are URL-encoded.
    pub fn compare_url(&self, from: &str, to: &str) -> String {
        format!(
            "{}{}/compare/{}...{}",
            self.url(),
            self.kind.infix(),
            encode(from),
            encode(to)
        )
    }

    /// A user's page (`@name` mentions).
    pub fn user_url(&self, user: &str) -> String {
        format!("{}/{user}", self.host)
    }
}

/// `host:port` → `host` (IPv6 literals in brackets kept whole).
fn strip_port(authority: &str) -> &str {
    match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => &authority[..i],
        _ => authority,
    }
}

/// JavaScript's `encodeURIComponent` (what conventional-changelog applies to tags).
fn encode(s: &str) -> String {
    crate::percent::encode(s, b"!*'()")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web(url: &str) -> Option<(String, ForgeKind)> {
        Forge::from_remote(url, None).map(|f| (f.url(), f.kind))
    }

    #[test]
    fn remote_urls_as_people_have_them() {
        let gh = |u: &str| Some((u.to_owned(), ForgeKind::Github));
        let gl = |u: &str| Some((u.to_owned(), ForgeKind::Gitlab));
        assert_eq!(
            web("https://github.com/vitejs/vite.git"),
            gh("https://github.com/vitejs/vite")
        );
        assert_eq!(
            web("git@github.com:vitejs/vite.git"),
            gh("https://github.com/vitejs/vite")
        );
        assert_eq!(
            web("ssh://git@github.com/vitejs/vite"),
            gh("https://github.com/vitejs/vite")
        );
        assert_eq!(
            web("git+https://github.com/o/r.git/"),
            gh("https://github.com/o/r")
        );
        assert_eq!(
            web("https://x-token:s3cr3t@gitlab.com/group/sub/proj.git"),
            gl("https://gitlab.com/group/sub/proj")
        );
        assert_eq!(
            web("git@gitlab.example.com:group/sub/proj.git"),
            gl("https://gitlab.example.com/group/sub/proj")
        );
        assert_eq!(
            web("ssh://git@gitlab.example.com:2222/group/proj.git"),
            gl("https://gitlab.example.com/group/proj")
        );
        assert_eq!(
            web("https://gitlab.example.com:8443/group/proj"),
            gl("https://gitlab.example.com:8443/group/proj")
        );
        // A self-hosted GitLab whose name does not say so: subgroups do, else the setting.
        assert_eq!(
            web("git@git.corp.example:platform/tools/cct.git"),
            gl("https://git.corp.example/platform/tools/cct")
        );
        assert_eq!(
            web("git@git.corp.example:platform/cct.git"),
            gh("https://git.corp.example/platform/cct")
        );
        assert_eq!(
            Forge::from_remote(
                "git@git.corp.example:platform/cct.git",
                Some(ForgeKind::Gitlab)
            )
            .map(|f| f.commit_url("abc")),
            Some("https://git.corp.example/platform/cct/-/commit/abc".to_owned())
        );
        assert_eq!(web("/srv/git/repo.git"), None);
        assert_eq!(web("file:///srv/git/repo.git"), None);
        assert_eq!(web("../repo"), None);
        assert_eq!(web("https://github.com/"), None);
    }

    #[test]
    fn link_shapes() {
        let gh = Forge::from_remote("https://github.com/o/r", None).unwrap();
        assert_eq!(gh.commit_url("abc"), "https://github.com/o/r/commit/abc");
        assert_eq!(gh.issue_url(None, "12"), "https://github.com/o/r/issues/12");
        assert_eq!(
            gh.issue_url(Some("a/b"), "3"),
            "https://github.com/a/b/issues/3"
        );
        assert_eq!(
            gh.compare_url("api@1.2.0", "api@1.3.0"),
            "https://github.com/o/r/compare/api%401.2.0...api%401.3.0"
        );
        let gl = Forge::from_remote("git@gitlab.com:g/s/p.git", None).unwrap();
        assert_eq!(
            gl.commit_url("abc"),
            "https://gitlab.com/g/s/p/-/commit/abc"
        );
        assert_eq!(
            gl.issue_url(None, "7"),
            "https://gitlab.com/g/s/p/-/issues/7"
        );
        assert_eq!(
            gl.compare_url("v1.0.0", "v1.1.0"),
            "https://gitlab.com/g/s/p/-/compare/v1.0.0...v1.1.0"
        );
        assert_eq!(gl.user_url("ada"), "https://gitlab.com/ada");
    }
}
