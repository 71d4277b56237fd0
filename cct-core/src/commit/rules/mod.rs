//! The commit rules: commitlint `config-conventional` parity, plus signatures and breaking-change notes.

mod scope;

use super::case::satisfies;
use super::parse::{Commit, Special};
use super::settings::CommitSettings;
use super::SignatureStatus;
use crate::report::{Location, ObjectRef};
use crate::sink::{rule_table, RuleSink};

/// Where the findings of one commit go.
pub struct Target<'a> {
    /// The path shown in locations (the message file, or the commit's hash).
    pub path: &'a str,
    /// The commit, as the findings' object.
    pub object: Option<ObjectRef>,
}

impl Target<'_> {
    fn report(
        &self,
        sink: &mut RuleSink<'_, '_>,
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
        sink.report(location, self.object.clone(), message, fix);
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

/// One commit rule: its catalog id and its check.
pub struct CommitRule {
    /// The rule id, as in the catalog.
    pub id: &'static str,
    /// The check; its sink reports under `id` only.
    pub check: Check,
}

/// What a commit rule reads.
#[derive(Clone, Copy)]
pub enum Check {
    /// The message (not run on commits the settings ignore, such as merges).
    Message(fn(&Subject<'_>, &mut RuleSink<'_, '_>)),
    /// The signature status, when the caller knows it.
    Signature(fn(SignatureStatus, &Target<'_>, &mut RuleSink<'_, '_>)),
}

/// One parsed commit under evaluation.
pub struct Subject<'a> {
    /// The parsed message.
    pub commit: &'a Commit,
    /// The commit settings of the policy.
    pub settings: &'a CommitSettings,
    /// Where its findings go.
    pub target: &'a Target<'a>,
}

rule_table! { CommitRule {
    "commit/type-enum" => Check::Message(type_enum),
    "commit/type-case" => Check::Message(type_case),
    "commit/type-empty" => Check::Message(type_empty),
    "commit/scope-case" => Check::Message(scope_case),
    "commit/subject-empty" => Check::Message(subject_empty),
    "commit/subject-case" => Check::Message(subject_case),
    "commit/subject-full-stop" => Check::Message(subject_full_stop),
    "commit/header-max-length" => Check::Message(header_max_length),
    "commit/header-trim" => Check::Message(header_trim),
    "commit/body-leading-blank" => Check::Message(body_leading_blank),
    "commit/body-max-line-length" => Check::Message(body_max_line_length),
    "commit/footer-leading-blank" => Check::Message(footer_leading_blank),
    "commit/footer-max-line-length" => Check::Message(footer_max_line_length),
    "commit/breaking-change-description" => Check::Message(breaking_change_description),
    "commit/signed" => Check::Signature(check_signature),
    "commit/scope-blank" => Check::Message(scope::scope_blank),
}}

/// `commit/type-empty`: the header starts with a type.
fn type_empty(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, target) = (&c.commit.header, c.target);
    let hl = h.line;
    if h.r#type.as_ref().filter(|t| !t.text.is_empty()).is_some() {
        return;
    }
    let why = if h.r#type.is_some() {
        format!(
            "header `{}` has no type before the scope or the colon",
            h.text
        )
    } else {
        format!("header `{}` is not `type(scope): subject`", h.text)
    };
    target.report(
        sink,
        hl,
        1,
        "/header/type",
        format!("type may not be empty: {why}"),
        Some(match super::suggest::header(&h.text, c.settings) {
            Some(example) => format!("Start the header with a type and `: `, e.g. `{example}`."),
            None => {
                "Start the header with a type and `: `, e.g. `fix: handle empty input`.".to_owned()
            }
        }),
    );
}

/// Whether the header tries the `type: …` form (has a type or a colon); one
/// that does not gets a single diagnosis, `commit/type-empty`'s.
fn tries_conventional_form(h: &super::parse::Header) -> bool {
    h.r#type.is_some() || h.text.contains(':')
}

/// `commit/type-case`: the type is written in the configured case.
fn type_case(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, s, target) = (&c.commit.header, c.settings, c.target);
    let Some(t) = h.r#type.as_ref().filter(|t| !t.text.is_empty()) else {
        return;
    };
    if !satisfies(&t.text, &s.type_case) {
        target.report(
            sink,
            t.line,
            t.column,
            "/header/type",
            format!("type `{}` must {}", t.text, s.type_case.describe()),
            Some(format!("Write the type as `{}`.", t.text.to_lowercase())),
        );
    }
}

/// `commit/type-enum`: the type is one of the allowed types.
fn type_enum(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, s, target) = (&c.commit.header, c.settings, c.target);
    let Some(t) = h.r#type.as_ref().filter(|t| !t.text.is_empty()) else {
        return;
    };
    if !s.types.contains(&t.text) {
        let types = s.types.join(", ");
        let fix = match suggest_type(&t.text, &s.types) {
            Some(best) => format!("Use `{best}` (allowed types: {types})."),
            None => format!("Use one of the allowed types: {types}."),
        };
        target.report(
            sink,
            t.line,
            t.column,
            "/header/type",
            format!("type `{}` must be one of [{types}]", t.text),
            Some(fix),
        );
    }
}

/// `commit/scope-case` (opt-in: `settings.commit.scope_case`): every segment of `a/b`, `a\b`,
/// `a, b` is written in the configured case.
fn scope_case(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, target) = (&c.commit.header, c.target);
    let Some(scope_case) = c.settings.scope_case.as_ref() else {
        return;
    };
    if let Some(scope) = h.scope.as_ref().filter(|p| !p.text.is_empty()) {
        let bad = scope
            .text
            .split(['/', '\\', ','])
            .map(str::trim)
            .filter(|seg| !seg.is_empty())
            .any(|seg| !satisfies(seg, scope_case));
        if bad {
            target.report(
                sink,
                scope.line,
                scope.column,
                "/header/scope",
                format!("scope `{}` must {}", scope.text, scope_case.describe()),
                None,
            );
        }
    }
}

/// `commit/subject-case`: the subject is written in the configured case.
fn subject_case(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, s, target) = (&c.commit.header, c.settings, c.target);
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
                    subj.line,
                    subj.column,
                    "/header/subject",
                    format!("subject `{}` must {}", subj.text, s.subject_case.describe()),
                    None,
                );
            }
        }
        _ => {}
    }
}

/// `commit/subject-empty`: the header says something after `type: `.
fn subject_empty(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, target) = (&c.commit.header, c.target);
    let hl = h.line;
    if c.commit.is_empty() {
        target.report(
            sink,
            hl,
            1,
            "/header",
            "empty commit message".to_owned(),
            Some("Write a header `type: description`, e.g. `fix: handle empty input`.".to_owned()),
        );
        return;
    }
    if !tries_conventional_form(h) {
        return;
    }
    match h.subject.as_ref() {
        Some(subj) if !subj.text.trim().is_empty() => {}
        other => {
            let column = other.map(|p| p.column).unwrap_or(col(len(&h.text) + 1));
            target.report(
                sink,
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
}

/// `commit/subject-full-stop`: the header does not end with the full stop (commitlint looks at the whole header).
fn subject_full_stop(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, s, target) = (&c.commit.header, c.settings, c.target);
    let hl = h.line;
    let stop = s.subject_full_stop.as_str();
    let colon_last = h
        .text
        .find(':')
        .is_some_and(|i| i > 0 && i + 1 == h.text.len());
    if tries_conventional_form(h)
        && !stop.is_empty()
        && !colon_last
        && h.text.ends_with(stop)
        && !h.text.ends_with("...")
    {
        target.report(
            sink,
            hl,
            col(len(&h.text) + 1 - len(stop)),
            "/header/subject",
            format!("subject may not end with full stop `{stop}`: `{}`", h.text),
            Some(format!("Remove the trailing `{stop}`.")),
        );
    }
}

/// `commit/header-max-length`: the header fits the configured length.
fn header_max_length(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, s, target) = (&c.commit.header, c.settings, c.target);
    let hl = h.line;
    let header_len = len(&h.text);
    if s.header_max_length > 0 && header_len > s.header_max_length {
        target.report(
            sink,
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
}

/// `commit/header-trim`: the header has no leading or trailing whitespace.
fn header_trim(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, target) = (&c.commit.header, c.target);
    if h.text.trim() == h.text {
        return;
    }
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
        h.line,
        column,
        "/header",
        format!("header {what}: `{}`", h.text),
        None,
    );
}

/// `commit/body-leading-blank`: a blank line separates the header from the body.
fn body_leading_blank(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (commit, target) = (c.commit, c.target);
    if let Some((start, _)) = commit.body {
        if start == 1 {
            let l = &commit.lines[1];
            target.report(
                sink,
                l.number,
                1,
                "/body",
                "body must have leading blank line: line 2 follows the header directly".to_owned(),
                None,
            );
        }
    }
}

/// `commit/body-max-line-length`: the body's lines fit the configured length.
fn body_max_line_length(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    if let Some((start, end)) = c.commit.body {
        let max = c.settings.body_max_line_length;
        max_lines(c.commit, start, end, max, "body", c.target, sink);
    }
}

/// `commit/footer-leading-blank`: a blank line separates the footer from the text above it.
fn footer_leading_blank(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (commit, target) = (c.commit, c.target);
    if let Some((start, _)) = commit.footer {
        if start >= 1 && !commit.lines[start - 1].text.trim().is_empty() {
            let l = &commit.lines[start];
            target.report(
                sink,
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
    }
}

/// `commit/footer-max-line-length`: the footer's lines fit the configured length.
fn footer_max_line_length(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    if let Some((start, end)) = c.commit.footer {
        let max = c.settings.footer_max_line_length;
        max_lines(c.commit, start, end, max, "footer", c.target, sink);
    }
}

fn max_lines(
    commit: &Commit,
    start: usize,
    end: usize,
    max: usize,
    what: &str,
    target: &Target<'_>,
    sink: &mut RuleSink<'_, '_>,
) {
    if max == 0 {
        return;
    }
    for (i, l) in commit.lines[start..end].iter().enumerate() {
        let n = len(&l.text);
        if n > max && !has_url(&l.text) {
            target.report(
                sink,
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

/// `commit/breaking-change-description`: a breaking change is marked so tools see it, and says what breaks.
fn breaking_change_description(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (commit, target) = (c.commit, c.target);
    for (i, f) in commit.footers.iter().enumerate() {
        let t = &f.token.text;
        let upper = t.to_uppercase();
        if (upper == "BREAKING CHANGE" || upper == "BREAKING-CHANGE") && !f.is_breaking() {
            target.report(
                sink,
                f.token.line,
                f.token.column,
                &format!("/footers/{i}/token"),
                format!("footer token `{t}` must be upper case (Conventional Commits); semantic-release reads it as a breaking change anyway, other tools may not"),
                Some(format!("Write `{upper}:`.")),
            );
        } else if f.is_breaking() && f.value.trim().is_empty() {
            target.report(
                sink,
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
fn check_signature(status: SignatureStatus, target: &Target<'_>, sink: &mut RuleSink<'_, '_>) {
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
        1,
        1,
        "/signature",
        format!("commit `{short}` {problem}"),
        None,
    );
}
