//! Which operating system an image is built on, and whether it is still supported (EX29).
//!
//! The facts come from `os-release` found in the layers or, when no layers
//! are given, from the `org.opencontainers.image.base.name` label. They are
//! judged against the end-of-life table `rules/eol/os.yaml`.

use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

/// One release line of a distribution.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    /// The version prefix it covers (`12`, `22.04`, `3.19`).
    pub cycle: String,
    /// Its code name (`bookworm`), when it has one.
    #[serde(default)]
    pub codename: Option<String>,
    /// Overrides the distribution's `lts`.
    #[serde(default)]
    pub lts: Option<bool>,
    /// Release date.
    pub released: String,
    /// End of regular support.
    pub support: String,
    /// End of the last free vendor security support.
    pub eol: String,
    /// End of paid extended support.
    #[serde(default)]
    pub extended: Option<String>,
}

/// One distribution of the table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Distribution {
    /// The os-release `ID`s it answers to.
    pub id: Vec<String>,
    /// Display name.
    pub name: String,
    /// Base-image repository patterns.
    pub images: Vec<String>,
    /// Whether its releases are LTS ones.
    pub lts: bool,
    /// A rolling distribution.
    #[serde(default)]
    pub rolling: bool,
    /// Vendor pages the dates come from.
    pub sources: Vec<String>,
    /// Release lines.
    pub cycles: Vec<Cycle>,
    #[serde(skip)]
    patterns: Vec<Regex>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    distributions: Vec<Distribution>,
}

/// The end-of-life table embedded from `rules/eol/os.yaml`.
pub fn table() -> &'static [Distribution] {
    static TABLE: OnceLock<Vec<Distribution>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let text = crate::catalog::data_file("eol/os.yaml").unwrap_or("distributions: []");
        let mut table: Table = serde_norway::from_str(text)
            .unwrap_or_else(|e| panic!("embedded rules/eol/os.yaml is invalid: {e}"));
        for d in &mut table.distributions {
            d.patterns = d
                .images
                .iter()
                .map(|p| {
                    Regex::new(p)
                        .unwrap_or_else(|e| panic!("rules/eol/os.yaml: bad pattern {p}: {e}"))
                })
                .collect();
        }
        table.distributions
    })
}

/// What is known of an image's operating system.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OsFacts {
    /// os-release `ID` (or the distribution id found from the base image).
    pub id: String,
    /// os-release `VERSION_ID`, or the version read from the base image reference.
    pub version: Option<String>,
    /// os-release `VERSION_CODENAME` (or a codename tag such as `bookworm`).
    pub codename: Option<String>,
    /// os-release `PRETTY_NAME`, for messages.
    pub pretty: Option<String>,
}

impl OsFacts {
    /// `Debian GNU/Linux 12 (bookworm)`, or `debian 12` without a pretty name.
    pub fn display(&self) -> String {
        if let Some(p) = &self.pretty {
            return p.clone();
        }
        match (&self.version, &self.codename) {
            (Some(v), _) => format!("{} {v}", self.id),
            (None, Some(c)) => format!("{} {c}", self.id),
            (None, None) => self.id.clone(),
        }
    }
}

/// Reads an `os-release` file (shell-like `KEY=value` lines, values optionally quoted).
///
/// Returns the facts and the 1-based line of `VERSION_ID` (else of `ID`) to point at.
pub fn parse_os_release(text: &str) -> Option<(OsFacts, u32)> {
    let mut facts = OsFacts::default();
    let (mut id_line, mut version_line) = (None, None);
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let Some((key, value)) = line.trim().split_once('=') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim() {
            "ID" => {
                facts.id = value.to_ascii_lowercase();
                id_line = Some(line_no);
            }
            "VERSION_ID" => {
                facts.version = Some(value).filter(|v| !v.is_empty());
                version_line = Some(line_no);
            }
            "VERSION_CODENAME" => {
                facts.codename = Some(value.to_ascii_lowercase()).filter(|v| !v.is_empty())
            }
            "PRETTY_NAME" => facts.pretty = Some(value).filter(|v| !v.is_empty()),
            _ => {}
        }
    }
    let line = version_line.or(id_line)?;
    if facts.id.is_empty() {
        return None;
    }
    Some((facts, line))
}

fn unquote(v: &str) -> String {
    let inner = v
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(v);
    inner.replace("\\\"", "\"").replace("\\\\", "\\")
}

/// Identifies the distribution of a base-image reference (`docker.io/library/debian:12-slim`).
pub fn facts_from_reference(reference: &str) -> Option<OsFacts> {
    let reference = reference.split('@').next().unwrap_or(reference).trim();
    let (repo, tag) = match reference.rfind(':') {
        Some(i) if !reference[i..].contains('/') => (&reference[..i], Some(&reference[i + 1..])),
        _ => (reference, None),
    };
    // Drop the registry: a first component with a dot, a colon or `localhost`.
    let repo = match repo.split_once('/') {
        Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => rest,
        _ => repo,
    };
    for d in table() {
        for p in &d.patterns {
            let Some(caps) = p.captures(repo) else {
                continue;
            };
            let mut facts = OsFacts {
                id: d.id.first().cloned().unwrap_or_default(),
                ..OsFacts::default()
            };
            if let Some(v) = caps.name("version") {
                facts.version = Some(v.as_str().to_owned());
            } else if let Some(tag) = tag {
                let digits: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                let digits = digits.trim_end_matches('.');
                if !digits.is_empty() {
                    facts.version = Some(digits.to_owned());
                } else {
                    let word: String = tag.chars().take_while(char::is_ascii_alphabetic).collect();
                    if d.cycles
                        .iter()
                        .any(|c| c.codename.as_deref() == Some(word.as_str()))
                    {
                        facts.codename = Some(word);
                    }
                }
            }
            return Some(facts);
        }
    }
    tag.and_then(facts_from_variant_tag)
}

/// The OS of a language image from its tag's variant (`python:3.12-slim-bookworm`,
/// `node:20-alpine3.19`, `eclipse-temurin:21-jre-noble`), when the tag names one.
fn facts_from_variant_tag(tag: &str) -> Option<OsFacts> {
    for part in tag.split('-').rev() {
        if let Some(version) = part
            .strip_prefix("alpine")
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        {
            return Some(OsFacts {
                id: "alpine".into(),
                version: Some(version.to_owned()),
                ..OsFacts::default()
            });
        }
        for d in table() {
            if d.cycles.iter().any(|c| c.codename.as_deref() == Some(part)) {
                return Some(OsFacts {
                    id: d.id.first().cloned().unwrap_or_default(),
                    codename: Some(part.to_owned()),
                    ..OsFacts::default()
                });
            }
        }
    }
    None
}

/// The verdict on an image's operating system.
#[derive(Debug, Clone)]
pub enum Verdict<'t> {
    /// The distribution is not in the table.
    UnknownDistribution,
    /// A rolling distribution: nothing to support long term.
    Rolling(&'t Distribution),
    /// Known distribution, but the version is missing or not in the table.
    UnknownVersion(&'t Distribution),
    /// A release line of the table.
    Release(&'t Distribution, &'t Cycle),
}

/// Finds the distribution and release line of `facts`.
pub fn judge(facts: &OsFacts) -> Verdict<'static> {
    let Some(d) = table().iter().find(|d| d.id.contains(&facts.id)) else {
        return Verdict::UnknownDistribution;
    };
    if d.rolling {
        return Verdict::Rolling(d);
    }
    let by_version = facts.version.as_deref().and_then(|v| {
        let parts: Vec<&str> = v.split('.').collect();
        d.cycles
            .iter()
            .filter(|c| {
                let cp: Vec<&str> = c.cycle.split('.').collect();
                cp.len() <= parts.len() && cp.iter().zip(&parts).all(|(a, b)| a == b)
            })
            .max_by_key(|c| c.cycle.split('.').count())
    });
    let by_codename = || {
        facts
            .codename
            .as_deref()
            .and_then(|n| d.cycles.iter().find(|c| c.codename.as_deref() == Some(n)))
    };
    match by_version.or_else(by_codename) {
        Some(c) => Verdict::Release(d, c),
        None => Verdict::UnknownVersion(d),
    }
}

impl Cycle {
    /// Whether this release line is a long-term-support one.
    pub fn is_lts(&self, d: &Distribution) -> bool {
        self.lts.unwrap_or(d.lts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_loads_and_dates_are_dates() {
        let t = table();
        assert!(t.len() >= 10);
        for d in t {
            assert!(!d.sources.is_empty(), "{}", d.name);
            for c in &d.cycles {
                for date in [
                    Some(&c.released),
                    Some(&c.support),
                    Some(&c.eol),
                    c.extended.as_ref(),
                ]
                .into_iter()
                .flatten()
                {
                    assert!(
                        crate::image::date::is_date(date),
                        "{} {}: {date}",
                        d.name,
                        c.cycle
                    );
                }
                assert!(
                    c.released < c.support && c.support <= c.eol,
                    "{} {}",
                    d.name,
                    c.cycle
                );
            }
        }
    }

    #[test]
    fn os_release_is_read() {
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n";
        let (facts, line) = parse_os_release(text).unwrap();
        assert_eq!(facts.id, "debian");
        assert_eq!(facts.version.as_deref(), Some("12"));
        assert_eq!(facts.codename.as_deref(), Some("bookworm"));
        assert_eq!(line, 3);
        assert!(parse_os_release("NAME=x\n").is_none());
    }

    #[test]
    fn versions_match_the_longest_cycle() {
        let v = |id: &str, version: &str| {
            let facts = OsFacts {
                id: id.into(),
                version: Some(version.into()),
                ..OsFacts::default()
            };
            match judge(&facts) {
                Verdict::Release(_, c) => c.cycle.clone(),
                other => format!("{other:?}"),
            }
        };
        assert_eq!(v("rhel", "9.4"), "9");
        assert_eq!(v("alpine", "3.19.1"), "3.19");
        assert_eq!(v("ubuntu", "22.04"), "22.04");
        assert_eq!(v("sles", "15.6"), "15.6");
        assert!(v("debian", "99").starts_with("UnknownVersion"));
        assert!(v("plan9", "4").starts_with("UnknownDistribution"));
    }

    #[test]
    fn base_image_references_are_identified() {
        let f = |r: &str| facts_from_reference(r).map(|f| (f.id, f.version, f.codename));
        assert_eq!(
            f("docker.io/library/debian:12-slim"),
            Some(("debian".into(), Some("12".into()), None))
        );
        assert_eq!(
            f("debian:bookworm-slim"),
            Some(("debian".into(), None, Some("bookworm".into())))
        );
        assert_eq!(
            f("gcr.io/distroless/static-debian12:nonroot"),
            Some(("debian".into(), Some("12".into()), None))
        );
        assert_eq!(
            f("registry.access.redhat.com/ubi9/ubi-minimal:9.4@sha256:ab"),
            Some(("rhel".into(), Some("9".into()), None))
        );
        assert_eq!(
            f("alpine:3.19.1"),
            Some(("alpine".into(), Some("3.19.1".into()), None))
        );
        assert_eq!(
            f("localhost:5000/ubuntu:22.04"),
            Some(("ubuntu".into(), Some("22.04".into()), None))
        );
        assert_eq!(f("registry.example.fr/team/app:1.0"), None);
        assert_eq!(
            f("python:3.12-slim-bookworm"),
            Some(("debian".into(), None, Some("bookworm".into())))
        );
        assert_eq!(
            f("node:20-alpine3.19"),
            Some(("alpine".into(), Some("3.19".into()), None))
        );
        assert_eq!(
            f("eclipse-temurin:21-jre-noble"),
            Some(("ubuntu".into(), None, Some("noble".into())))
        );
        assert_eq!(f("python:3.12-slim"), None);
    }
}
