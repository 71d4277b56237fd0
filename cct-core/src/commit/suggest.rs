//! A conventional header to suggest for one that is not (`Fixed stuff.` →
//! `fix: stuff`), built so that it passes every header rule of the settings;
//! `None` when no such header can be made from the text.

use super::case::satisfies;
use super::settings::CommitSettings;

/// First words people write instead of a type, with the type they mean and
/// the imperative verb to keep in the description (`None`: the type says it).
const VERBS: &[(&str, &str, Option<&str>)] = &[
    ("fix", "fix", None),
    ("fixed", "fix", None),
    ("fixes", "fix", None),
    ("fixing", "fix", None),
    ("bugfix", "fix", None),
    ("hotfix", "fix", None),
    ("add", "feat", Some("add")),
    ("added", "feat", Some("add")),
    ("adds", "feat", Some("add")),
    ("adding", "feat", Some("add")),
    ("implement", "feat", Some("implement")),
    ("implemented", "feat", Some("implement")),
    ("support", "feat", Some("support")),
    ("feature", "feat", None),
    ("docs", "docs", None),
    ("doc", "docs", None),
    ("document", "docs", Some("document")),
    ("documented", "docs", Some("document")),
    ("readme", "docs", Some("update the readme:")),
    ("refactor", "refactor", None),
    ("refactored", "refactor", None),
    ("cleanup", "refactor", Some("clean up")),
    ("test", "test", None),
    ("tests", "test", None),
    ("tested", "test", Some("test")),
    ("perf", "perf", None),
    ("optimize", "perf", Some("optimize")),
    ("optimized", "perf", Some("optimize")),
    ("speed", "perf", Some("speed")),
    ("update", "chore", Some("update")),
    ("updated", "chore", Some("update")),
    ("bump", "build", Some("bump")),
    ("bumped", "build", Some("bump")),
    ("upgrade", "build", Some("upgrade")),
    ("remove", "refactor", Some("remove")),
    ("removed", "refactor", Some("remove")),
    ("delete", "refactor", Some("delete")),
    ("deleted", "refactor", Some("delete")),
    ("rename", "refactor", Some("rename")),
    ("renamed", "refactor", Some("rename")),
    ("change", "refactor", Some("change")),
    ("changed", "refactor", Some("change")),
    ("improve", "refactor", Some("improve")),
    ("improved", "refactor", Some("improve")),
    ("format", "style", Some("format")),
    ("formatted", "style", Some("format")),
    ("revert", "revert", None),
    ("reverted", "revert", None),
];

/// A header for `text` that passes the header rules of `s`.
pub(crate) fn header(text: &str, s: &CommitSettings) -> Option<String> {
    let text = text.trim();
    // `feat!(api): x` → `feat(api)!: x`: the `!` goes after the scope.
    if let Some((kind, rest)) = text.split_once("!(") {
        if kind.chars().all(|c| c.is_ascii_alphanumeric()) && !kind.is_empty() {
            if let Some((scope, description)) = rest.split_once("): ") {
                let h = format!("{kind}({scope})!: {description}");
                return passes(&h, description, kind, s).then_some(h);
            }
        }
    }
    let (first, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    let first_word = first
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let (kind, verb, rest) = match VERBS.iter().find(|(w, _, _)| *w == first_word) {
        Some((_, kind, verb)) => (*kind, *verb, rest.trim()),
        None => ("fix", None, text),
    };
    let kind = if s.types.iter().any(|t| t == kind) {
        kind.to_owned()
    } else {
        s.types.first()?.clone()
    };
    let mut description = match verb {
        Some(v) if rest.is_empty() => v.to_owned(),
        Some(v) => format!("{v} {rest}"),
        None if rest.is_empty() => first_word,
        None => rest.to_owned(),
    };
    let stop = s.subject_full_stop.as_str();
    while !stop.is_empty() && description.ends_with(stop) {
        description.truncate(description.len() - stop.len());
    }
    let description = lower_first(description.trim());
    if description.is_empty() {
        return None;
    }
    let mut h = format!("{kind}: {description}");
    let max = s.header_max_length;
    if max > 0 && h.chars().count() > max {
        let cut: String = h.chars().take(max).collect();
        h = match cut.rfind(' ') {
            Some(i) if i > kind.len() + 2 => cut[..i].to_owned(),
            _ => cut,
        };
    }
    let description = h
        .split_once(": ")
        .map(|(_, d)| d.to_owned())
        .unwrap_or_default();
    if passes(&h, &description, &kind, s) {
        return Some(h);
    }
    // `WIP`, `Login Page`: in lower case it passes the case rule.
    let lower = format!("{kind}: {}", description.to_lowercase());
    passes(&lower, &description.to_lowercase(), &kind, s).then_some(lower)
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if chars.clone().next().is_none_or(|n| !n.is_uppercase()) => {
            c.to_lowercase().chain(chars).collect()
        }
        Some(c) => std::iter::once(c).chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether a suggested header passes the header rules.
fn passes(h: &str, description: &str, kind: &str, s: &CommitSettings) -> bool {
    let stop = s.subject_full_stop.as_str();
    s.types.iter().any(|t| t == kind)
        && satisfies(kind, &s.type_case)
        && !description.trim().is_empty()
        && (!description.starts_with(char::is_alphabetic)
            || satisfies(description, &s.subject_case))
        && (stop.is_empty() || !h.ends_with(stop))
        && (s.header_max_length == 0 || h.chars().count() <= s.header_max_length)
        && h.trim() == h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pass_the_rules() {
        let s = CommitSettings::default();
        for (text, want) in [
            ("Fixed stuff.", Some("fix: stuff")),
            (
                "Added pagination to lists",
                Some("feat: add pagination to lists"),
            ),
            ("Update README.md", Some("chore: update README.md")),
            ("WIP", Some("fix: wip")),
            ("feat!(api): drop v1", Some("feat(api)!: drop v1")),
            ("Fix", Some("fix: fix")),
            ("...", None),
        ] {
            assert_eq!(header(text, &s).as_deref(), want, "{text:?}");
        }
    }
}
