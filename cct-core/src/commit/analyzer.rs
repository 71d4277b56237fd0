//! How semantic-release reads a message for the release type:
//! `@semantic-release/commit-analyzer` 13.0.1 with the `conventionalcommits`
//! preset 10.4.1, whose parser is `conventional-commits-parser` 6.4.0.
//!
//! What decides a bump, read from those sources:
//! - **Breaking**: a line after the header matching
//!   `^[\s|*]*(BREAKING CHANGE|BREAKING-CHANGE)[:\s]+(.*)`, case-insensitive:
//!   a footer, but also `* BREAKING CHANGE: …` bullets of a squash body,
//!   `breaking change: …` in lower case, a line in the middle of the body.
//!   Lines after the first one matching the parser's field pattern
//!   `^-(.*?)-$` (`---`, a Markdown rule) are read as a field, not searched.
//!   Without such a note, a header matching `^(\w*)(?:\((.*)\))?!: (.*)$`
//!   (`feat!:`, `feat(api)!:`) is breaking. A note makes any commit breaking,
//!   whatever its header (`feat!(api): …` has no type, but its footer counts).
//! - **Revert**: the message matches
//!   `^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\.`,
//!   case-insensitive (`git revert`'s message); a revert and the commit it
//!   reverts (same header and hash) in the same range cancel out
//!   (`conventional-commits-filter`).
//! - **Type**: the header's `^(\w*)(?:\((.*)\))?!?: (.*)$` type.

/// What the commit-analyzer reads in one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The header (the first line after leading newlines), `None` when empty.
    pub header: Option<String>,
    /// The type, when the header matches the header pattern.
    pub r#type: Option<String>,
    /// The breaking-change notes' texts (the `!` header's description when it is the only mark).
    pub notes: Vec<String>,
    /// Whether a note was found (a breaking change, whatever its text).
    pub breaking: bool,
    /// The reverted commit's header and hash, when the message is a revert.
    pub revert: Option<(String, String)>,
}

/// JavaScript's `\s`, as far as messages go.
fn js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// JavaScript's `\w`.
fn js_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A character JavaScript's `.` does not match.
fn js_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// `^(\w*)(?:\((.*)\))?(!?|!): (.*)$` on `header`: the type, and whether the
/// `!` form matched. `bang_required` selects the breaking pattern.
fn header_type(header: &str, bang_required: bool) -> Option<&str> {
    if header.contains(js_line_end) {
        return None;
    }
    let type_end = header.find(|c: char| !js_word(c)).unwrap_or(header.len());
    let (kind, rest) = header.split_at(type_end);
    let tail_ok = |t: &str| {
        if bang_required {
            t.starts_with("!: ")
        } else {
            t.starts_with(": ") || t.starts_with("!: ")
        }
    };
    if tail_ok(rest) {
        return Some(kind);
    }
    // `\((.*)\)`: any `)` may close the scope.
    if rest.starts_with('(') {
        let found = rest
            .match_indices(')')
            .any(|(i, _)| tail_ok(&rest[i + 1..]));
        if found {
            return Some(kind);
        }
    }
    None
}

/// The note regex on one line: the note's text when it matches.
fn note(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(|c: char| js_space(c) || c == '|' || c == '*');
    let head = rest.get(..15)?;
    if !(head.eq_ignore_ascii_case("BREAKING CHANGE")
        || head.eq_ignore_ascii_case("BREAKING-CHANGE"))
    {
        return None;
    }
    let after = &rest[15..];
    let text = after.trim_start_matches(|c: char| c == ':' || js_space(c));
    (text.len() < after.len()).then_some(text)
}

/// The parser's field pattern `^-(.*?)-$`.
fn is_field(line: &str) -> bool {
    line.len() >= 2 && line.starts_with('-') && line.ends_with('-')
}

/// `conventional-commits-parser`'s `trimNewLines`: leading and trailing `\r`/`\n` removed.
fn trim_new_lines(s: &str) -> &str {
    s.trim_matches(|c| c == '\r' || c == '\n')
}

/// The preset's revert pattern on the whole message: (reverted header, hash).
fn revert_of(message: &str) -> Option<(String, String)> {
    let prefix = message.get(..7)?;
    let rest = if prefix.eq_ignore_ascii_case("revert:") {
        &message[7..]
    } else if message.get(..6)?.eq_ignore_ascii_case("revert") {
        &message[6..]
    } else {
        return None;
    };
    let first = rest.chars().next().filter(|c| js_space(*c))?;
    let rest = &rest[first.len_utf8()..];
    // Try with the optional opening quote consumed first, as the regex engine does.
    let starts: &[&str] = if let Some(unquoted) = rest.strip_prefix('"') {
        &[unquoted, rest][..]
    } else {
        &[rest][..]
    };
    for s in starts {
        // The lazy group: the shortest non-empty prefix followed by `"?\s*This reverts commit \w*\.`.
        for (j, _) in s.char_indices().skip(1) {
            if let Some(hash) = reverts_here(&s[j..]) {
                return Some((s[..j].to_owned(), hash.to_owned()));
            }
        }
    }
    None
}

/// `"?\s*This reverts commit (\w*)\.` at the start of `s` (case-insensitive): the hash.
fn reverts_here(s: &str) -> Option<&str> {
    let s = s.strip_prefix('"').unwrap_or(s);
    let s = s.trim_start_matches(js_space);
    const WORDS: &str = "this reverts commit ";
    let head = s.get(..WORDS.len())?;
    if !head.eq_ignore_ascii_case(WORDS) {
        return None;
    }
    let rest = &s[WORDS.len()..];
    let end = rest.find(|c: char| !js_word(c)).unwrap_or(rest.len());
    rest[end..].starts_with('.').then_some(&rest[..end])
}

/// Reads one message as the commit-analyzer does; `None` for an empty
/// message (which it skips).
pub fn analyze(message: &str) -> Option<Analysis> {
    if message.trim().is_empty() {
        return None;
    }
    let mut lines = trim_new_lines(message)
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim_start_matches(js_space).starts_with("gpg:"));
    let header = lines.next().filter(|h| !h.is_empty());
    let mut notes = Vec::new();
    let mut current: Option<String> = None;
    for line in lines {
        if is_field(line) {
            break;
        }
        if let Some(text) = note(line) {
            if let Some(done) = current.take() {
                notes.push(done);
            }
            current = Some(text.to_owned());
        } else if let Some(text) = current.as_mut() {
            if line.trim().is_empty() {
                notes.push(std::mem::take(text));
                current = None;
            } else {
                text.push('\n');
                text.push_str(line);
            }
        }
    }
    notes.extend(current);
    let breaking_header = header.is_some_and(|h| header_type(h, true).is_some());
    let breaking = !notes.is_empty() || breaking_header;
    if notes.is_empty() && breaking_header {
        if let Some(h) = header {
            let description = h.split_once("!: ").map(|(_, d)| d).unwrap_or(h);
            notes.push(description.to_owned());
        }
    }
    Some(Analysis {
        header: header.map(str::to_owned),
        r#type: header
            .and_then(|h| header_type(h, false))
            .map(str::to_owned),
        notes: notes.into_iter().map(|n| n.trim().to_owned()).collect(),
        breaking,
        revert: revert_of(message),
    })
}

/// The analyses of a range (newest first, as git lists it), without the
/// commits a later revert in the same range cancels, nor those reverts
/// (`conventional-commits-filter`'s `filterRevertedCommits`). Items are
/// `(key, hash, analysis)`; the keys of the commits kept come back, in order.
pub fn without_reverted<'a, K>(
    commits: impl IntoIterator<Item = (K, &'a str, Analysis)>,
) -> Vec<(K, Analysis)> {
    let mut out = Vec::new();
    let mut held: Vec<(K, Analysis)> = Vec::new();
    let mut reverts_held = 0usize;
    for (key, hash, a) in commits {
        let header = a.header.as_deref().unwrap_or("").trim();
        let cancels = held.iter().position(|(_, r)| {
            r.revert
                .as_ref()
                .is_some_and(|(h, x)| h.trim() == header && x.trim() == hash.trim())
        });
        if let Some(i) = cancels {
            held.remove(i);
            reverts_held = reverts_held.saturating_sub(1);
            continue;
        }
        if a.revert.is_some() {
            held.push((key, a));
            reverts_held += 1;
            continue;
        }
        if reverts_held > 0 {
            held.push((key, a));
        } else {
            out.append(&mut held);
            out.push((key, a));
        }
    }
    out.append(&mut held);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaking(m: &str) -> bool {
        analyze(m).is_some_and(|a| a.breaking)
    }

    #[test]
    fn breaking_changes_as_people_write_them() {
        assert!(breaking("feat!: drop node 18"));
        assert!(breaking("feat(api)!: drop v1"));
        assert!(breaking(
            "feat!(api): drop v1\n\nBREAKING CHANGE: v1 is gone"
        ));
        assert!(!breaking("feat!(api): drop v1"));
        assert!(breaking(
            "feat: squash (#12)\n\n* feat: a\n\n* BREAKING CHANGE: b is gone\n"
        ));
        assert!(breaking("fix: x\n\nBREAKING-CHANGE: y"));
        assert!(breaking("fix: x\n\nbreaking change: y"));
        assert!(breaking("fix: x\nBREAKING CHANGE y"));
        assert!(breaking(
            "Merge pull request #1 from a/b\n\nBREAKING CHANGE: y"
        ));
        assert!(!breaking("fix: x\n\nBreaking changes: none"));
        assert!(!breaking("fix: x\n\n- BREAKING CHANGE: in a dash list"));
        assert!(!breaking("fix: x\n\n---\n\nBREAKING CHANGE: after a rule"));
        assert!(!breaking("BREAKING CHANGE: only a header"));
        let a = analyze(
            "feat(api)!: drop v1\n\nBREAKING CHANGE: the `/v1` routes\nare gone\n\nRefs: #1",
        )
        .unwrap();
        assert_eq!(a.notes, ["the `/v1` routes\nare gone"]);
        assert_eq!(a.r#type.as_deref(), Some("feat"));
        assert_eq!(analyze("feat(api)!: drop v1").unwrap().notes, ["drop v1"]);
    }

    #[test]
    fn types_like_the_header_pattern() {
        let t = |h: &str| analyze(h).and_then(|a| a.r#type);
        assert_eq!(t("feat(a) b): c").as_deref(), Some("feat"));
        assert_eq!(t("feat(a): call foo(): ok").as_deref(), Some("feat"));
        assert_eq!(t(": x").as_deref(), Some(""));
        assert_eq!(t("feat:x"), None);
        assert_eq!(t("Fixed stuff."), None);
        assert_eq!(analyze("  \n"), None);
    }

    #[test]
    fn reverts_cancel_the_commit_they_revert() {
        let h1 = "1111111111111111111111111111111111111111";
        let h2 = "2222222222222222222222222222222222222222";
        let revert = format!("Revert \"feat: x\"\n\nThis reverts commit {h1}.\n");
        let a = analyze(&revert).unwrap();
        assert_eq!(a.revert, Some(("feat: x".to_owned(), h1.to_owned())));
        let kept = without_reverted([
            (0, h2, a.clone()),
            (1, h1, analyze("feat: x").unwrap()),
            (2, "3333", analyze("fix: y").unwrap()),
        ]);
        assert_eq!(kept.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [2]);
        // A revert whose commit is not in the range stays (a patch).
        let kept = without_reverted([(0, h2, a)]);
        assert_eq!(kept.len(), 1);
        let nested = format!("Revert \"Revert \"feat: x\"\"\n\nThis reverts commit {h2}.\n");
        assert_eq!(
            analyze(&nested).unwrap().revert,
            Some(("Revert \"feat: x\"".to_owned(), h2.to_owned()))
        );
        assert_eq!(analyze("revert: feat: x").unwrap().revert, None);
    }
}
