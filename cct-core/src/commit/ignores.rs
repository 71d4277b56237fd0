//! commitlint's default ignores (`@commitlint/is-ignored` 21.2.4,
//! `lib/defaults.js`), exactly: which generated messages are not linted.
//!
//! Each wildcard of commitlint is a JavaScript regular expression tested
//! against the whole message (trailing whitespace trimmed). Two of them carry
//! the `m` flag, so they match a line anywhere in the message, not only the
//! header: a squash commit whose body keeps a `Merge branch 'main' into x`
//! line is ignored. They are written out here as string tests, one per
//! wildcard, in commitlint's order:
//!
//! | commitlint wildcard | here |
//! |---|---|
//! | `/^((Merge pull request)\|(Merge (.*?) into (.*?)\|(Merge branch (.*?)))(?:\r?\n)*$)/m` | any line: starts with `Merge pull request`, or `Merge branch `, or `Merge ` and later ` into ` |
//! | `/^(Merge tag (.*?))(?:\r?\n)*$/m` | any line starts with `Merge tag ` |
//! | `/^(R\|r)evert (.*)/`, `/^(R\|r)eapply (.*)/` | header starts with `Revert `, `revert `, `Reapply `, `reapply ` |
//! | `/^(amend\|fixup\|squash)!/` | header starts with `amend!`, `fixup!`, `squash!` |
//! | `isSemver` | header, without `chore(scope):` and one `[skip ci]`-like and one `(skip ci)`-like marker, is a semver (`v` allowed) |
//! | `/^(Merged (.*?)(in\|into) (.*)\|Merged PR (.*): (.*))/` | header starts with `Merged ` and holds `in ` or `into ` later, or `Merged PR ` and `: ` |
//! | `/^Merge remote-tracking branch(\s*)(.*)/` | header starts with `Merge remote-tracking branch` |
//! | `/^Automatic merge(.*)/` | header starts with `Automatic merge` |
//! | `/^Auto-merged (.*?) into (.*)/` | header starts with `Auto-merged ` and holds ` into ` later |
//!
//! commitlint does not ignore `Initial commit`; cct recognises it
//! ([`Special::Initial`]) so that a policy can skip it (`ignore_initial`).

use super::parse::{Line, Special};

/// What commitlint's default ignores take a message for; `None`: it is linted.
pub fn default_ignore(lines: &[Line]) -> Option<Special> {
    let header = lines.first().map(|l| l.text.as_str()).unwrap_or("");
    let merge_line = lines.iter().any(|l| {
        let t = l.text.as_str();
        t.starts_with("Merge pull request")
            || t.starts_with("Merge branch ")
            || t.starts_with("Merge tag ")
            || t.strip_prefix("Merge ")
                .is_some_and(|r| r.contains(" into "))
    });
    if merge_line {
        return Some(Special::Merge);
    }
    let starts = |p: &str| header.starts_with(p);
    if starts("Revert ") || starts("revert ") || starts("Reapply ") || starts("reapply ") {
        return Some(Special::Revert);
    }
    if starts("amend!") || starts("fixup!") || starts("squash!") {
        return Some(Special::Fixup);
    }
    if is_semver_header(header) {
        return Some(Special::Release);
    }
    let merged = header
        .strip_prefix("Merged ")
        .is_some_and(|r| r.contains("in ") || r.contains("into "))
        || header
            .strip_prefix("Merged PR ")
            .is_some_and(|r| r.contains(": "));
    if merged
        || starts("Merge remote-tracking branch")
        || starts("Automatic merge")
        || header
            .strip_prefix("Auto-merged ")
            .is_some_and(|r| r.contains(" into "))
    {
        return Some(Special::Merge);
    }
    if header.trim().eq_ignore_ascii_case("initial commit") {
        return Some(Special::Initial);
    }
    None
}

/// commitlint's `isSemver`: the header, without a `chore:`/`chore(scope):`
/// prefix and without one `[skip ci]`-like and one `(skip ci)`-like marker,
/// trimmed, is a version node-semver accepts (`1.4.2`, `v1.4.2`, `1.5.0-beta.1`).
pub fn is_semver_header(header: &str) -> bool {
    let mut h = header;
    if let Some(rest) = h.strip_prefix("chore") {
        if let Some(r) = rest.strip_prefix(':') {
            h = r;
        } else if let Some(r) = rest.strip_prefix('(') {
            // `\([^)]+\)`: a non-empty scope without `)`.
            if let Some(close) = r.find(')') {
                if close > 0 {
                    if let Some(after) = r[close + 1..].strip_prefix(':') {
                        h = after;
                    }
                }
            }
        }
    }
    let mut s = h.to_owned();
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some((start, end)) = skip_marker(&s, open, close) {
            s.replace_range(start..end, "");
        }
    }
    let v = s.trim();
    let v = v.strip_prefix('v').unwrap_or(v);
    v.len() <= MAX_SEMVER_LENGTH && semver::Version::parse(v).is_ok()
}

/// node-semver's `MAX_LENGTH`: longer strings are not versions.
const MAX_SEMVER_LENGTH: usize = 256;

/// The first `[skip ci]`-like marker, case-insensitive: `(skip|ci)(-|\s)(ci|skip)`
/// between `open` and `close`. Returns its byte range.
fn skip_marker(s: &str, open: char, close: char) -> Option<(usize, usize)> {
    for (i, _) in s.match_indices(open) {
        let rest = &s[i + 1..];
        let lower = rest.to_ascii_lowercase();
        let Some(after_first) = ["skip", "ci"].iter().find_map(|w| lower.strip_prefix(w)) else {
            continue;
        };
        let Some(sep) = after_first
            .chars()
            .next()
            .filter(|c| *c == '-' || c.is_whitespace())
        else {
            continue;
        };
        let after_sep = &after_first[sep.len_utf8()..];
        let Some(after_second) = ["ci", "skip"]
            .iter()
            .find_map(|w| after_sep.strip_prefix(w))
        else {
            continue;
        };
        if after_second.starts_with(close) {
            let end = s.len() - after_second.len() + close.len_utf8();
            return Some((i, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commit::parse::lines;

    fn ignored(message: &str) -> Option<Special> {
        default_ignore(&lines(message.trim_end()))
    }

    #[test]
    fn commitlint_wildcards() {
        for (message, special) in [
            ("Merge pull request #1 from a/b", Some(Special::Merge)),
            ("Merge branch 'main' into dev", Some(Special::Merge)),
            ("Merge tag 'v1.0.0'", Some(Special::Merge)),
            (
                "Merge remote-tracking branch 'origin/main'",
                Some(Special::Merge),
            ),
            ("Merged in feature (pull request #3)", Some(Special::Merge)),
            ("Merged main into dev", Some(Special::Merge)),
            ("Merged PR 42: add x", Some(Special::Merge)),
            ("Automatic merge from stable", Some(Special::Merge)),
            ("Auto-merged dev into main", Some(Special::Merge)),
            (
                "feat: x\n\nMerge branch 'main' into feat-x",
                Some(Special::Merge),
            ),
            ("feat: x\n\n* Merge branch 'main' into feat-x", None),
            ("feat: x\n\nMerge 'a' into b", Some(Special::Merge)),
            ("Revert \"feat: x\"", Some(Special::Revert)),
            ("revert something", Some(Special::Revert)),
            ("Reapply \"feat: x\"", Some(Special::Revert)),
            ("fixup! feat: x", Some(Special::Fixup)),
            ("amend! feat: x", Some(Special::Fixup)),
            ("1.2.3", Some(Special::Release)),
            ("v1.2.3", Some(Special::Release)),
            ("chore(release): 1.2.3 [skip ci]", Some(Special::Release)),
            ("chore: v2.0.0-beta.1 (ci skip)", Some(Special::Release)),
            ("Initial commit", Some(Special::Initial)),
            ("feat: x\n\n  Merge branch 'main'", None),
            ("revert: feat: x", None),
            ("Merge", None),
            ("Merged", None),
            ("V1.2.3", None),
            ("=1.2.3", None),
            ("chore(): 1.2.3", None),
            ("feat: merge branch handling", None),
        ] {
            assert_eq!(ignored(message), special, "{message:?}");
        }
    }
}
