//! A Markdown changelog of a release, shaped like the one
//! `conventional-changelog` 8.1 writes with its `conventionalcommits` preset
//! 10.4.1 (the heading with a compare link and the date, breaking changes,
//! then Features, Bug Fixes, Performance Improvements, Reverts; each entry
//! with its commit link and the issues it closes), read as [`reading`] says.
//!
//! What cct does differently, on purpose (`docs/commits.md` lists each):
//! a *Deprecations* section for `DEPRECATED:` notes; release commits
//! (`chore(release): …`, `release: …`, a version header) are never entries;
//! a commit the version counts as breaking (commit-analyzer's reading, which
//! also sees `BREAKING CHANGE x` without a colon or an indented note) has a
//! breaking note even where the preset's parser sees none; merge commits'
//! notes are kept (conventional-changelog reads `git log --no-merges`).

pub mod forge;
pub mod links;
pub mod reading;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use self::forge::Forge;
use self::reading::{header_parts, read, Note, Reading, Reference};
use super::parse::{Commit, Special};
use super::settings::{ChangelogSettings, ChangelogType};
use super::version::counted;
use super::CommitInput;

/// What a changelog is of: the release's heading, its tags, its date and where links point.
#[derive(Debug, Clone, Copy, Default)]
pub struct Release<'a> {
    /// The heading (`1.5.0`: the version, without its tag's prefix).
    pub version: &'a str,
    /// The last release's tag (`v1.4.2`), the compare link's base.
    pub previous_tag: Option<&'a str>,
    /// This release's tag (`v1.5.0`, or the one it will have), the compare link's tip.
    pub tag: Option<&'a str>,
    /// The release date (`YYYY-MM-DD`).
    pub date: Option<&'a str>,
    /// Where links point; `None`: no links.
    pub forge: Option<&'a Forge>,
}

/// The note group titles as the preset writes them (`noteTitle`).
const BREAKING_TITLE: &str = "BREAKING CHANGES";
const DEPRECATED_TITLE: &str = "DEPRECATED";

fn note_title(title: &str) -> String {
    let upper = title.to_ascii_uppercase();
    if upper == "BREAKING CHANGE" || upper == "BREAKING-CHANGE" {
        BREAKING_TITLE.to_owned()
    } else {
        upper
    }
}

/// One entry of a section.
struct Entry {
    scope: String,
    subject: String,
    line: String,
}

/// JavaScript's `localeCompare` as far as changelog lines go: case-insensitive
/// first, lower case before upper case on a tie.
fn locale_key(s: &str) -> (String, String) {
    let folded = s.to_lowercase();
    let tie: String = s
        .chars()
        .map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().next().unwrap_or(c).to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .map(|c| if c.is_ascii_uppercase() { '\u{7f}' } else { c })
        .collect();
    (folded, tie)
}

/// Whether a commit is a release commit, never a changelog entry:
/// `chore(release): …`, `release: …`/`release(…): …`, or a version header.
fn is_release(reading: &Reading, special: Option<Special>) -> bool {
    if special == Some(Special::Release) {
        return true;
    }
    let kind = reading.r#type.as_deref().map(str::to_ascii_lowercase);
    let scope = reading.scope.as_deref().map(str::to_ascii_lowercase);
    matches!(kind.as_deref(), Some("release"))
        || (kind.as_deref() == Some("chore") && scope.as_deref() == Some("release"))
}

/// The Markdown changelog of `commits` (newest first, as git lists them) for `release`.
pub fn release_notes(
    commits: &[CommitInput],
    release: &Release,
    settings: &ChangelogSettings,
) -> String {
    let forge = release.forge;
    let actions: &[&str] = forge
        .map(|f| f.kind.closing_words())
        .unwrap_or(forge::ForgeKind::Github.closing_words());
    let link = |text: &str, issues: &mut Vec<String>| links::link_references(text, forge, issues);
    let mut notes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut groups: Vec<(String, Vec<Entry>)> = Vec::new();
    for (c, analysis) in counted(commits) {
        let special = Commit::parse(&c.message).special;
        let Some(reading) = read(&c.message, actions) else {
            continue;
        };
        if matches!(special, Some(Special::Fixup)) || is_release(&reading, special) {
            continue;
        }
        let mut commit_notes: Vec<Note> = reading.notes.clone();
        let has_breaking = commit_notes
            .iter()
            .any(|n| note_title(&n.title) == BREAKING_TITLE);
        if !has_breaking {
            if let Some((_, _, subject)) = header_parts(&reading.header, true) {
                commit_notes.insert(
                    0,
                    Note {
                        title: "BREAKING CHANGE".to_owned(),
                        text: subject.to_owned(),
                    },
                );
            } else if analysis.breaking {
                for text in &analysis.notes {
                    commit_notes.push(Note {
                        title: "BREAKING CHANGE".to_owned(),
                        text: text.clone(),
                    });
                }
            }
        }
        let scope = reading
            .scope
            .as_deref()
            .filter(|s| *s != "*" && !s.is_empty())
            .unwrap_or("")
            .to_owned();
        for note in &commit_notes {
            let text = link(&note.text, &mut Vec::new());
            let line = if scope.is_empty() {
                text.clone()
            } else {
                format!("**{scope}:** {text}")
            };
            notes
                .entry(note_title(&note.title))
                .or_default()
                .push((text, line));
        }
        let key = if analysis.revert.is_some() {
            Some("revert".to_owned())
        } else {
            reading.r#type.as_deref().map(str::to_ascii_lowercase)
        };
        let Some(key) = key else { continue };
        if special == Some(Special::Merge) {
            continue;
        }
        let section: Option<&ChangelogType> = settings.types.iter().find(|t| t.r#type == key);
        if commit_notes.is_empty() && section.is_none_or(|s| s.hidden) {
            continue;
        }
        let title = section.map_or_else(|| key.clone(), |s| s.section.clone());
        let mut issues = Vec::new();
        let subject = reading
            .subject
            .as_deref()
            .map(|s| link(s, &mut issues))
            .filter(|s| !s.is_empty());
        let line = entry_line(
            &scope,
            subject.as_deref().unwrap_or(&reading.header),
            c,
            &reading.references,
            &issues,
            forge,
        );
        let entry = Entry {
            scope: scope.clone(),
            subject: subject.unwrap_or_default(),
            line,
        };
        match groups.iter_mut().find(|(t, _)| *t == title) {
            Some((_, entries)) => entries.push(entry),
            None => groups.push((title, vec![entry])),
        }
    }

    // Sections in the configured order, unknown ones first (the preset's `indexOf` of -1).
    let rank = |title: &str| {
        settings
            .types
            .iter()
            .position(|t| t.section == title)
            .map_or(-1, |i| i as i64)
    };
    groups.sort_by_key(|(title, _)| rank(title));
    for (_, entries) in &mut groups {
        entries.sort_by_cached_key(|e| locale_key(&format!("{}{}", e.scope, e.subject)));
    }

    let mut blocks = vec![heading(release)];
    // Without a compare link, a line says what the release covers.
    let compared = forge.is_some() && release.previous_tag.is_some() && release.tag.is_some();
    if let Some(from) = release.previous_tag.filter(|_| !compared) {
        blocks.push(format!("Changes since `{from}`."));
    }
    for (title, mut group) in notes {
        group.sort_by_cached_key(|(text, _)| locale_key(text));
        let heading = match title.as_str() {
            BREAKING_TITLE => "### ⚠ BREAKING CHANGES".to_owned(),
            DEPRECATED_TITLE => "### Deprecations".to_owned(),
            other => format!("### {other}"),
        };
        let lines: Vec<String> = group.iter().map(|(_, l)| list_item(l)).collect();
        blocks.push(format!("{heading}\n\n{}", lines.join("\n")));
    }
    for (title, entries) in &groups {
        let lines: Vec<String> = entries.iter().map(|e| list_item(&e.line)).collect();
        blocks.push(format!("### {title}\n\n{}", lines.join("\n")));
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// `## [1.5.0](…/compare/v1.4.2...v1.5.0) (2026-12-03)`.
fn heading(release: &Release) -> String {
    let mut h = String::from("## ");
    match (release.forge, release.previous_tag, release.tag) {
        (Some(f), Some(from), Some(to)) => {
            let _ = write!(h, "[{}]({})", release.version, f.compare_url(from, to));
        }
        _ => h.push_str(release.version),
    }
    if let Some(date) = release.date {
        let _ = write!(h, " ({date})");
    }
    h
}

/// `* text`, continuation lines indented to stay in the item (blank lines kept).
fn list_item(text: &str) -> String {
    let text = text.trim();
    let mut out = String::from("* ");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if !line.is_empty() {
                out.push_str("  ");
            }
        }
        out.push_str(line);
    }
    out
}

/// `**scope:** subject ([abc1234](…/commit/…)), closes [#12](…)`.
fn entry_line(
    scope: &str,
    subject: &str,
    c: &CommitInput,
    references: &[Reference],
    in_subject: &[String],
    forge: Option<&Forge>,
) -> String {
    let mut line = String::new();
    if !scope.is_empty() {
        let _ = write!(line, "**{scope}:** ");
    }
    line.push_str(subject);
    let short: String = c.hash.chars().take(7).collect();
    if !c.hash.is_empty() {
        match forge {
            Some(f) => {
                let _ = write!(line, " ([{short}]({}))", f.commit_url(&c.hash));
            }
            None => {
                let _ = write!(line, " ({short})");
            }
        }
    }
    let kept: Vec<&Reference> = references
        .iter()
        .filter(|r| !in_subject.contains(&format!("#{}", r.issue)))
        .collect();
    let label = |r: &Reference| {
        let mut s = String::new();
        if let Some(o) = &r.owner {
            let _ = write!(s, "{o}/");
        }
        if let Some(repo) = &r.repository {
            s.push_str(repo);
        }
        let _ = write!(s, "#{}", r.issue);
        match forge {
            Some(f) => {
                let repo = r.repository.as_ref().map(|repo| match &r.owner {
                    Some(o) => format!("{o}/{repo}"),
                    None => repo.clone(),
                });
                format!("[{s}]({})", f.issue_url(repo.as_deref(), &r.issue))
            }
            None => s,
        }
    };
    let closing: Vec<String> = kept
        .iter()
        .filter(|r| r.action.is_some())
        .map(|r| label(r))
        .collect();
    let other: Vec<String> = kept
        .iter()
        .filter(|r| r.action.is_none())
        .map(|r| label(r))
        .collect();
    if !closing.is_empty() {
        let _ = write!(line, ", closes {}", closing.join(" "));
    }
    if !other.is_empty() {
        let _ = write!(line, ", references {}", other.join(" "));
    }
    line
}

/// [`release_notes`] with the default sections, no links and no date:
/// `from` and `to` label the heading (`v1.4.2`, `1.5.0`).
pub fn changelog(commits: &[CommitInput], from: &str, to: &str) -> String {
    let release = Release {
        version: to,
        previous_tag: (!from.is_empty()).then_some(from),
        ..Release::default()
    };
    release_notes(commits, &release, &ChangelogSettings::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(hash: &str, msg: &str) -> CommitInput {
        CommitInput::new(hash, msg)
    }

    #[test]
    fn shaped_like_the_preset() {
        let gh = Forge::from_remote("git@github.com:o/r.git", None).unwrap();
        let log = [
            c("a1a1a1a1a1", "chore(release): 2.0.0"),
            c(
                "b2b2b2b2b2",
                "feat(api)!: remove v1 (#40)\n\nBREAKING CHANGE: the `/v1` routes are gone.\n\nMove to `/v2`:\n\n    curl /v2/items\n\nCloses #41\n",
            ),
            c("c3c3c3c3c3", "fix: crash on empty input\n\nfixes #7\nDEPRECATED: `--old` goes in 3.0"),
            c("d4d4d4d4d4", "docs: explain"),
            c("e5e5e5e5e5", "feat: add export, thanks @ada"),
            c("f6f6f6f6f6", "release: v1.9.0"),
        ];
        let release = Release {
            version: "2.0.0",
            previous_tag: Some("v1.4.2"),
            tag: Some("v2.0.0"),
            date: Some("2026-12-03"),
            forge: Some(&gh),
        };
        let md = release_notes(&log, &release, &ChangelogSettings::default());
        assert_eq!(
            md,
            "## [2.0.0](https://github.com/o/r/compare/v1.4.2...v2.0.0) (2026-12-03)\n\n\
             ### ⚠ BREAKING CHANGES\n\n\
             * **api:** the `/v1` routes are gone.\n\n  Move to `/v2`:\n\n      curl /v2/items\n\n\
             ### Deprecations\n\n\
             * `--old` goes in 3.0\n\n\
             ### Features\n\n\
             * add export, thanks [@ada](https://github.com/ada) ([e5e5e5e](https://github.com/o/r/commit/e5e5e5e5e5))\n\
             * **api:** remove v1 ([#40](https://github.com/o/r/issues/40)) ([b2b2b2b](https://github.com/o/r/commit/b2b2b2b2b2)), closes [#41](https://github.com/o/r/issues/41)\n\n\
             ### Bug Fixes\n\n\
             * crash on empty input ([c3c3c3c](https://github.com/o/r/commit/c3c3c3c3c3)), closes [#7](https://github.com/o/r/issues/7)\n"
        );
    }

    #[test]
    fn without_a_forge() {
        let log = [
            c(
                "0123456789",
                "feat(api)!: remove v1\n\nBREAKING CHANGE: the `/v1` routes are gone",
            ),
            c(
                "0123456789",
                "fix: crash on empty input (#5)\n\nsee #5, closes #6",
            ),
            c("0123456789", "Merge branch 'x'"),
            c("0123456789", "nonsense"),
        ];
        assert_eq!(
            changelog(&log, "v1.4.2", "2.0.0"),
            "## 2.0.0\n\nChanges since `v1.4.2`.\n\n### ⚠ BREAKING CHANGES\n\n* **api:** the `/v1` routes are gone\n\n### Features\n\n* **api:** remove v1 (0123456)\n\n### Bug Fixes\n\n* crash on empty input (#5) (0123456), closes #6\n"
        );
        assert_eq!(
            changelog(&[c("1", "docs: x")], "v1.4.2", "1.4.3"),
            "## 1.4.3\n\nChanges since `v1.4.2`.\n"
        );
        // Links but no tag to compare with: the line instead of the link.
        let gh = Forge::from_remote("https://github.com/o/r", None).unwrap();
        let release = Release {
            version: "HEAD~1",
            previous_tag: Some("v1.4.2"),
            forge: Some(&gh),
            ..Release::default()
        };
        assert_eq!(
            release_notes(&[], &release, &ChangelogSettings::default()),
            "## HEAD~1\n\nChanges since `v1.4.2`.\n"
        );
        // A major bump the preset's parser does not see still has its note.
        assert!(changelog(
            &[c("1", "fix: x\n\nBREAKING CHANGE without a colon")],
            "",
            "2.0.0"
        )
        .contains("### ⚠ BREAKING CHANGES\n\n* without a colon"));
    }
}
