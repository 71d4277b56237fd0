//! The commit rules: commitlint `config-conventional` parity, plus signatures and breaking-change notes.

use super::case::satisfies;
use super::parse::{Commit, Special};
use super::settings::CommitSettings;
use super::SignatureStatus;
use crate::report::{Location, ObjectRef};
use crate::sink::Sink;

/// Where the findings of one commit go.
pub(crate) struct Target<'a> {
    pub path: &'a str,
    pub object: Option<ObjectRef>,
}

impl Target<'_> {
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        sink: &mut Sink<'_>,
        rule: &str,
        line: u32,
        column: u32,
        pointer: &str,
        message: String,
        fix: Option<String>,
    ) {
        let location = Location {
            path: self.path.to_owned(),
            document: None,
            line,
            column,
            pointer: pointer.to_owned(),
            source: None,
        };
        sink.report(rule, location, self.object.clone(), message, fix);
    }
}

/// Whether the settings skip a generated commit.
pub(crate) fn ignored(special: Option<Special>, s: &CommitSettings) -> bool {
    match special {
        None => false,
        Some(Special::Merge) => s.ignore_merges,
        Some(Special::Revert) => s.ignore_reverts,
        Some(Special::Fixup) => s.ignore_fixups,
        Some(Special::Release) => s.ignore_releases,
        Some(Special::Initial) => s.ignore_initial,
    }
}

fn len(s: &str) -> usize {
    s.chars().count()
}

fn col(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn has_url(line: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        line.match_indices(scheme).any(|(i, _)| {
            let before_ok = line[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() && c != '_');
            let after = &line[i + scheme.len()..];
            before_ok && after.chars().next().is_some_and(|c| !c.is_whitespace())
        })
    })
}

fn suggest_type<'t>(typ: &str, types: &'t [String]) -> Option<&'t str> {
    let lower = typ.to_lowercase();
    let aliases: &[(&str, &str)] = &[
        ("feature", "feat"),
        ("features", "feat"),
        ("bugfix", "fix"),
        ("hotfix", "fix"),
        ("bug", "fix"),
        ("doc", "docs"),
        ("documentation", "docs"),
        ("tests", "test"),
        ("testing", "test"),
        ("performance", "perf"),
        ("refacto", "refactor"),
        ("chores", "chore"),
        ("deps", "build"),
    ];
    let wanted = aliases
        .iter()
        .find(|(a, _)| *a == lower)
        .map(|(_, t)| *t)
        .unwrap_or(lower.as_str());
    types
        .iter()
        .find(|t| t.as_str() == wanted)
        .or_else(|| {
            types
                .iter()
                .find(|t| lower.starts_with(t.as_str()) || t.starts_with(lower.as_str()))
        })
        .map(String::as_str)
}

/// Runs the message rules on one parsed commit.
pub(crate) fn check_commit(
    commit: &Commit,
    s: &CommitSettings,
    target: &Target<'_>,
    sink: &mut Sink<'_>,
) {
    let h = &commit.header;
    let hl = h.line;
    if commit.is_empty() {
        target.report(
            sink,
            "commit/subject-empty",
            hl,
            1,
            "/header",
            "empty commit message".to_owned(),
            Some("Write a header `type: description`, e.g. `fix: handle empty input`.".to_owned()),
        );
        return;
    }
    let conventional_form = h.r#type.is_some() || h.text.contains(':');

    // type-empty, type-case, type-enum
    match h.r#type.as_ref().filter(|t| !t.text.is_empty()) {
        None => {
            let why = if h.r#type.is_some() {
                format!(
                    "header `{}` has no type before the scope or the colon",
                    h.text
                )
            } else {
                format!("header `{}` is not `type(scope): subject`", h.text)
            };
            let fix = match super::suggest::header(&h.text, s) {
                Some(example) => {
                    format!("Start the header with a type and `: `, e.g. `{example}`.")
                }
                None => "Start the header with a type and `: `, e.g. `fix: handle empty input`."
                    .to_owned(),
            };
            target.report(
                sink,
                "commit/type-empty",
                hl,
                1,
                "/header/type",
                format!("type may not be empty: {why}"),
                Some(fix),
            );
        }
        Some(t) => {
            if !satisfies(&t.text, &s.type_case) {
                target.report(
                    sink,
                    "commit/type-case",
                    t.line,
                    t.column,
                    "/header/type",
                    format!("type `{}` must {}", t.text, s.type_case.describe()),
                    Some(format!("Write the type as `{}`.", t.text.to_lowercase())),
                );
            }
            if !s.types.contains(&t.text) {
                let types = s.types.join(", ");
                let fix = match suggest_type(&t.text, &s.types) {
                    Some(best) => format!("Use `{best}` (allowed types: {types})."),
                    None => format!("Use one of the allowed types: {types}."),
                };
                target.report(
                    sink,
                    "commit/type-enum",
                    t.line,
                    t.column,
                    "/header/type",
                    format!("type `{}` must be one of [{types}]", t.text),
                    Some(fix),
                );
            }
        }
    }

    // scope-case (opt-in): every segment of `a/b`, `a\b`, `a, b`.
    if let (Some(scope_case), Some(scope)) = (
        s.scope_case.as_ref(),
        h.scope.as_ref().filter(|p| !p.text.is_empty()),
    ) {
        let bad = scope
            .text
            .split(['/', '\\', ','])
            .map(str::trim)
            .filter(|seg| !seg.is_empty())
            .any(|seg| !satisfies(seg, scope_case));
        if bad {
            target.report(
                sink,
                "commit/scope-case",
                scope.line,
                scope.column,
                "/header/scope",
                format!("scope `{}` must {}", scope.text, scope_case.describe()),
                None,
            );
        }
    }

    // subject-empty, subject-case
    match h.subject.as_ref() {
        Some(subj) if !subj.text.trim().is_empty() => {
            let starts_with_cased = subj
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_uppercase());
            if starts_with_cased && !satisfies(&subj.text, &s.subject_case) {
                target.report(
                    sink,
                    "commit/subject-case",
                    subj.line,
                    subj.column,
                    "/header/subject",
                    format!("subject `{}` must {}", subj.text, s.subject_case.describe()),
                    None,
                );
            }
        }
        // A header that is not `type: …` at all has one diagnosis, type-empty's.
        _ if !conventional_form => {}
        other => {
            let column = other.map(|p| p.column).unwrap_or(col(len(&h.text) + 1));
            target.report(
                sink,
                "commit/subject-empty",
                hl,
                column,
                "/header/subject",
                format!(
                    "subject may not be empty: header `{}` says nothing after `type: `",
                    h.text
                ),
                None,
            );
        }
    }

    // subject-full-stop (commitlint looks at the whole header)
    let stop = s.subject_full_stop.as_str();
    let colon_last = h
        .text
        .find(':')
        .is_some_and(|i| i > 0 && i + 1 == h.text.len());
    if conventional_form
        && !stop.is_empty()
        && !colon_last
        && h.text.ends_with(stop)
        && !h.text.ends_with("...")
    {
        target.report(
            sink,
            "commit/subject-full-stop",
            hl,
            col(len(&h.text) + 1 - len(stop)),
            "/header/subject",
            format!("subject may not end with full stop `{stop}`: `{}`", h.text),
            Some(format!("Remove the trailing `{stop}`.")),
        );
    }

    // header-max-length
    let header_len = len(&h.text);
    if s.header_max_length > 0 && header_len > s.header_max_length {
        target.report(
            sink,
            "commit/header-max-length",
            hl,
            col(s.header_max_length + 1),
            "/header",
            format!(
                "header must not be longer than {} characters, current length is {header_len}",
                s.header_max_length
            ),
            Some(format!(
                "Shorten the header to {} characters or fewer and move the details to the body.",
                s.header_max_length
            )),
        );
    }

    // header-trim
    if h.text.trim() != h.text {
        let leading = h.text.len() != h.text.trim_start().len();
        let trailing = h.text.len() != h.text.trim_end().len();
        let (what, column) = match (leading, trailing) {
            (true, true) => ("must not be surrounded by whitespace", 1),
            (true, false) => ("must not start with whitespace", 1),
            _ => (
                "must not end with whitespace",
                col(len(h.text.trim_end()) + 1),
            ),
        };
        target.report(
            sink,
            "commit/header-trim",
            hl,
            column,
            "/header",
            format!("header {what}: `{}`", h.text),
            None,
        );
    }

    // body-leading-blank
    if let Some((start, end)) = commit.body {
        if start == 1 {
            let l = &commit.lines[1];
            target.report(
                sink,
                "commit/body-leading-blank",
                l.number,
                1,
                "/body",
                "body must have leading blank line: line 2 follows the header directly".to_owned(),
                None,
            );
        }
        max_lines(
            commit,
            start,
            end,
            s.body_max_line_length,
            "commit/body-max-line-length",
            "body",
            target,
            sink,
        );
    }

    // footer-leading-blank, footer-max-line-length
    if let Some((start, end)) = commit.footer {
        if start >= 1 && !commit.lines[start - 1].text.trim().is_empty() {
            let l = &commit.lines[start];
            target.report(
                sink,
                "commit/footer-leading-blank",
                l.number,
                1,
                "/footer",
                format!(
                    "footer must have leading blank line: `{}` follows the text above it directly",
                    l.text
                ),
                None,
            );
        }
        max_lines(
            commit,
            start,
            end,
            s.footer_max_line_length,
            "commit/footer-max-line-length",
            "footer",
            target,
            sink,
        );
    }

    breaking_change_description(commit, target, sink);
}

#[allow(clippy::too_many_arguments)]
fn max_lines(
    commit: &Commit,
    start: usize,
    end: usize,
    max: usize,
    rule: &str,
    what: &str,
    target: &Target<'_>,
    sink: &mut Sink<'_>,
) {
    if max == 0 {
        return;
    }
    for (i, l) in commit.lines[start..end].iter().enumerate() {
        let n = len(&l.text);
        if n > max && !has_url(&l.text) {
            target.report(
                sink,
                rule,
                l.number,
                col(max + 1),
                &format!("/{what}/{i}"),
                format!(
                    "{what}'s lines must not be longer than {max} characters: line {} has {n}",
                    l.number
                ),
                Some(format!("Wrap the {what} at {max} characters.")),
            );
        }
    }
}

fn breaking_change_description(commit: &Commit, target: &Target<'_>, sink: &mut Sink<'_>) {
    for (i, f) in commit.footers.iter().enumerate() {
        let t = &f.token.text;
        let upper = t.to_uppercase();
        if (upper == "BREAKING CHANGE" || upper == "BREAKING-CHANGE") && !f.is_breaking() {
            target.report(
                sink,
                "commit/breaking-change-description",
                f.token.line,
                f.token.column,
                &format!("/footers/{i}/token"),
                format!("footer token `{t}` must be upper case (Conventional Commits); semantic-release reads it as a breaking change anyway, other tools may not"),
                Some(format!("Write `{upper}:`.")),
            );
        } else if f.is_breaking() && f.value.trim().is_empty() {
            target.report(
                sink,
                "commit/breaking-change-description",
                f.token.line,
                f.token.column,
                &format!("/footers/{i}/value"),
                format!("`{t}` says nothing about what breaks"),
                None,
            );
        }
    }
    // Lowercase `breaking change:` in the body is not a footer at all: say so.
    if let Some((start, end)) = commit.body {
        for l in &commit.lines[start..end] {
            let lower = l.text.to_lowercase();
            if (lower.starts_with("breaking change:") || lower.starts_with("breaking-change:"))
                && !(l.text.starts_with("BREAKING CHANGE") || l.text.starts_with("BREAKING-CHANGE"))
            {
                let token = l.text.get(..15).unwrap_or("breaking change");
                target.report(
                    sink,
                    "commit/breaking-change-description",
                    l.number,
                    1,
                    "/body",
                    format!("`{token}` must be upper case, in the footer (Conventional Commits); semantic-release reads it as a breaking change anyway (a major release), other tools ignore it"),
                    Some(format!(
                        "Write `{}:` in the footer, after a blank line.",
                        token.to_uppercase()
                    )),
                );
            }
        }
    }
}

/// The signature rule (DX-7.8.1), for commits whose signature status is known.
pub(crate) fn check_signature(status: SignatureStatus, target: &Target<'_>, sink: &mut Sink<'_>) {
    let problem = match status {
        SignatureStatus::Good
        | SignatureStatus::GoodUnknownValidity
        | SignatureStatus::CannotCheck
        | SignatureStatus::Unverified => return,
        SignatureStatus::None => "is not signed",
        SignatureStatus::Bad => "has a bad signature",
        SignatureStatus::ExpiredSignature => "has an expired signature",
        SignatureStatus::ExpiredKey => "is signed with an expired key",
        SignatureStatus::RevokedKey => "is signed with a revoked key",
    };
    let name = target
        .object
        .as_ref()
        .and_then(|o| o.name.as_deref())
        .unwrap_or(target.path);
    let short: String = name.chars().take(12).collect();
    target.report(
        sink,
        "commit/signed",
        1,
        1,
        "/signature",
        format!("commit `{short}` {problem}"),
        None,
    );
}
