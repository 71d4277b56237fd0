//! How conventional-changelog reads a message for a changelog:
//! `conventional-commits-parser` 7.1 with the options of the
//! `conventionalcommits` preset 10.4.1 (what `conventional-changelog` 8.1
//! runs), read from their sources:
//!
//! - **Header**: `^(\w*)(?:\((.*)\))?!?: (.*)$` (type, greedy scope, subject).
//! - **Notes**: a line matching `^(?:\*\s+)?(BREAKING CHANGE|BREAKING-CHANGE):\s*(.*)`,
//!   case-insensitive, opens a note; the lines after it, blank ones
//!   included, are its text until a footer-token line
//!   (`^(?:BREAKING CHANGE|[\w-]+)(?::\s+|\s+#).+`, which ends it and is
//!   not part of it), another note, or a field line (`^-(?=.*\w)(.*?)-$`,
//!   after which everything is a field). A multi-paragraph note stays whole.
//! - **References**: in the header and every line after it but a note's
//!   first, `[owner/repo]#N` (N holds a digit, ends at a space, the end or
//!   `,;.)]`); in a sentence opened by an action word (`closes`, `fixes`, …,
//!   per forge; `Closes: #1` in a footer) the reference closes the issue. A
//!   sentence holding a URL has no references.
//!
//! cct adds `DEPRECATED` to the note keywords (its changelog's Deprecations
//! section), and a note line right after the footer that ended a note is a
//! note (the parser reads it as a plain footer line: `BREAKING CHANGE: a`,
//! `Refs: #1`, `BREAKING CHANGE: b` loses `b` there).

/// A note (`BREAKING CHANGE: …`, `DEPRECATED: …`) as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The keyword as written (`BREAKING CHANGE`, `breaking-change`, `DEPRECATED`).
    pub title: String,
    /// The text, blank lines and all, leading and trailing newlines removed.
    pub text: String,
}

/// An issue reference (`#12`, `owner/repo#12`, `closes #12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The action word when the reference closes the issue (`closes`).
    pub action: Option<String>,
    /// `owner` of `owner/repo#12`.
    pub owner: Option<String>,
    /// `repo` of `owner/repo#12` (or the whole word before `#`).
    pub repository: Option<String>,
    /// The issue (`12`).
    pub issue: String,
    /// What the parser keeps to tell references apart (the text before it included).
    pub raw: String,
}

/// A message read as conventional-changelog reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// The header line.
    pub header: String,
    /// The type, when the header matches the header pattern.
    pub r#type: Option<String>,
    /// The scope.
    pub scope: Option<String>,
    /// The subject (the description).
    pub subject: Option<String>,
    /// The notes, in order.
    pub notes: Vec<Note>,
    /// The references, duplicates removed.
    pub references: Vec<Reference>,
}

/// The note keywords: the preset's, and cct's `DEPRECATED`.
pub const NOTE_KEYWORDS: [&str; 3] = ["BREAKING CHANGE", "BREAKING-CHANGE", "DEPRECATED"];

/// JavaScript's `\s`.
fn js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// JavaScript's `\w`.
fn js_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `[\w-./]`, the characters of a reference's repository.
fn repo_char(c: char) -> bool {
    js_word(c) || matches!(c, '-' | '.' | '/')
}

/// `^(\w*)(?:\((.*)\))?!?: (.*)$` (`bang`: `!: ` required): type, scope, subject.
pub fn header_parts(header: &str, bang: bool) -> Option<(&str, Option<&str>, &str)> {
    if header.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
        return None;
    }
    let end = header.find(|c: char| !js_word(c)).unwrap_or(header.len());
    let (kind, rest) = header.split_at(end);
    let tail = |t: &str| -> Option<usize> {
        if t.starts_with("!: ") {
            Some(3)
        } else if !bang && t.starts_with(": ") {
            Some(2)
        } else {
            None
        }
    };
    if rest.starts_with('(') {
        // Greedy `(.*)`: the last `)` after which the rest matches.
        let found = rest
            .match_indices(')')
            .rev()
            .find_map(|(i, _)| tail(&rest[i + 1..]).map(|n| (i, i + 1 + n)));
        if let Some((close, start)) = found {
            return Some((kind, Some(&rest[1..close]), &rest[start..]));
        }
    }
    tail(rest).map(|n| (kind, None, &rest[n..]))
}

/// The notes pattern on a line: (keyword as written, text).
fn note_start(line: &str) -> Option<(&str, &str)> {
    let mut rest = line;
    if let Some(after) = rest.strip_prefix('*') {
        let trimmed = after.trim_start_matches(js_space);
        if trimmed.len() < after.len() {
            rest = trimmed;
        }
    }
    for keyword in NOTE_KEYWORDS {
        let Some(head) = rest.get(..keyword.len()) else {
            continue;
        };
        if head.eq_ignore_ascii_case(keyword) {
            if let Some(text) = rest[keyword.len()..].strip_prefix(':') {
                let text = text.trim_start_matches(js_space);
                // `.*` stops at a line terminator.
                let text = text
                    .split(['\r', '\u{2028}', '\u{2029}'])
                    .next()
                    .unwrap_or("");
                return Some((head, text));
            }
        }
    }
    None
}

/// The footer-token pattern `^(?:BREAKING CHANGE|[\w-]+)(?::\s+|\s+#).+`, case-insensitive.
fn is_footer_token(line: &str) -> bool {
    let after_colon = |t: &str| {
        t.strip_prefix(':').is_some_and(|t| {
            let mut chars = t.chars();
            chars.next().is_some_and(js_space) && chars.next().is_some()
        })
    };
    let after_hash = |t: &str| {
        let trimmed = t.trim_start_matches(js_space);
        trimmed.len() < t.len() && trimmed.strip_prefix('#').is_some_and(|r| !r.is_empty())
    };
    let matches = |t: &str| after_colon(t) || after_hash(t);
    if line
        .get(..15)
        .is_some_and(|h| h.eq_ignore_ascii_case("BREAKING CHANGE"))
        && matches(&line[15..])
    {
        return true;
    }
    let end = line
        .find(|c: char| !(js_word(c) || c == '-'))
        .unwrap_or(line.len());
    end > 0 && matches(&line[end..])
}

/// The field pattern `^-(?=.*\w)(.*?)-$`.
fn is_field(line: &str) -> bool {
    line.len() >= 2 && line.starts_with('-') && line.ends_with('-') && line.contains(js_word)
}

/// The URL pattern the parser skips sentences for: `\bhttps?://` followed by a URL character.
fn has_url(s: &str) -> bool {
    s.match_indices("http").any(|(i, _)| {
        let before_ok = s[..i].chars().next_back().is_none_or(|c| !js_word(c));
        let rest = &s[i + 4..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        before_ok
            && rest.strip_prefix("://").is_some_and(|r| {
                r.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || "-@:%_+.~#?&/=".contains(c))
            })
    })
}

/// Every `[repo]#N` of a sentence (the parser's sticky `referenceParts` loop).
fn references_in(sentence: &str, action: Option<&str>, out: &mut Vec<Reference>) {
    if has_url(sentence) {
        return;
    }
    let mut from = 0;
    while let Some(found) = next_reference(sentence, from) {
        let (start_raw, repo, issue, end) = found;
        let (owner, repository) = match repo {
            Some(r) => match r.split_once('/') {
                Some((o, name)) => (Some(o.to_owned()), Some(name.to_owned())),
                None => (None, Some(r.to_owned())),
            },
            None => (None, None),
        };
        out.push(Reference {
            action: action.map(str::to_owned),
            owner,
            repository,
            issue: issue.to_owned(),
            raw: sentence[start_raw..end].to_owned(),
        });
        from = end;
    }
}

/// The next reference at or after `from`: (raw start, repository, issue, end).
fn next_reference(s: &str, from: usize) -> Option<(usize, Option<&str>, &str, usize)> {
    for (i, _) in s[from..].match_indices('#') {
        let hash = from + i;
        let issue_end = s[hash + 1..]
            .find(|c: char| !(js_word(c) || c == '-'))
            .map_or(s.len(), |j| hash + 1 + j);
        let issue = &s[hash + 1..issue_end];
        if issue.is_empty() || !issue.contains(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let follows = s[issue_end..].chars().next();
        if !follows.is_none_or(|c| js_space(c) || ",;.)]".contains(c)) {
            continue;
        }
        // The repository: the whole run of repository characters before `#`, if any.
        let repo_start = s[..hash]
            .char_indices()
            .rev()
            .take_while(|(_, c)| repo_char(*c))
            .last()
            .map_or(hash, |(j, _)| j);
        if repo_start < from {
            // The run starts inside the previous match: no reference can start here.
            continue;
        }
        let repo = (repo_start < hash).then(|| &s[repo_start..hash]);
        return Some((from, repo, issue, issue_end));
    }
    None
}

/// The parser's `parseReferences`: action sentences first, then the text around them.
fn references(line: &str, footer: bool, actions: &[&str], out: &mut Vec<Reference>) {
    // Positions where an action word starts (whole word, then `\s+`, or `:?\s+` in a footer).
    let starts: Vec<(usize, &str, usize)> = line
        .char_indices()
        .filter(|(i, _)| line[..*i].chars().next_back().is_none_or(|c| !js_word(c)))
        .filter_map(|(i, _)| {
            actions.iter().find_map(|a| {
                let head = line.get(i..i + a.len())?;
                if !head.eq_ignore_ascii_case(a) {
                    return None;
                }
                let mut rest = &line[i + a.len()..];
                if footer {
                    rest = rest.strip_prefix(':').unwrap_or(rest);
                }
                let trimmed = rest.trim_start_matches(js_space);
                (trimmed.len() < rest.len()).then_some((i, head, line.len() - trimmed.len()))
            })
        })
        .collect();
    // A sentence runs to the next whole action word (the lookahead) or the end.
    let is_keyword_at = |j: usize| {
        line[..j].chars().next_back().is_none_or(|c| !js_word(c))
            && actions.iter().any(|a| {
                line.get(j..j + a.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(a))
                    && line[j + a.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !js_word(c))
            })
    };
    let mut last = 0;
    let mut sentences: Vec<(Option<&str>, &str)> = Vec::new();
    let mut k = 0;
    while k < starts.len() {
        let (start, action, text_start) = starts[k];
        if start < last {
            k += 1;
            continue;
        }
        let text_end = (text_start..=line.len())
            .filter(|j| line.is_char_boundary(*j))
            .find(|&j| j == line.len() || is_keyword_at(j))
            .unwrap_or(line.len());
        sentences.push((None, &line[last..start]));
        sentences.push((Some(action), &line[text_start..text_end]));
        last = text_end;
        k += 1;
    }
    sentences.push((None, &line[last..]));
    for (action, sentence) in sentences {
        references_in(sentence, action, out);
    }
}

/// The parser's walk over the lines after the header.
struct Parser<'a> {
    lines: &'a [&'a str],
    at: usize,
    actions: &'a [&'a str],
    reading: Reading,
}

impl<'a> Parser<'a> {
    fn current(&self) -> Option<&'a str> {
        self.lines.get(self.at).copied()
    }

    /// `parseMeta`: from a field line on, every line is a field.
    fn meta(&mut self) -> bool {
        if self.current().is_some_and(is_field) {
            let parsed = self.at + 1 < self.lines.len();
            self.at = self.lines.len();
            return parsed;
        }
        false
    }

    /// `parseNotes`: a note and the lines that continue it.
    fn notes(&mut self) -> bool {
        let Some((title, text)) = self.current().and_then(note_start) else {
            return false;
        };
        let index = self.reading.notes.len();
        self.reading.notes.push(Note {
            title: title.to_owned(),
            text: text.to_owned(),
        });
        self.at += 1;
        while let Some(line) = self.current() {
            if self.meta() || self.notes() {
                return true;
            }
            let token = is_footer_token(line);
            references(line, token, self.actions, &mut self.reading.references);
            if !token {
                let note = &mut self.reading.notes[index];
                note.text.push('\n');
                note.text.push_str(line);
            }
            self.at += 1;
            if token {
                break;
            }
        }
        true
    }

    /// `parseBodyAndFooter`: one more line, for its references. A note line
    /// is left for [`Parser::notes`] (the parser reads it as a plain line
    /// when it follows the footer that ended a note, and loses the note).
    fn body_or_footer(&mut self) {
        if let Some(line) = self.current().filter(|l| note_start(l).is_none()) {
            references(
                line,
                is_footer_token(line),
                self.actions,
                &mut self.reading.references,
            );
            self.at += 1;
        }
    }
}

/// Reads `message` as conventional-changelog does; `actions` are the forge's
/// closing words. `None` for an empty message (the parser throws on one).
pub fn read(message: &str, actions: &[&str]) -> Option<Reading> {
    if message.trim().is_empty() {
        return None;
    }
    let trimmed = message.trim_matches(|c| c == '\r' || c == '\n');
    let lines: Vec<&str> = trimmed
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim_start_matches(js_space).starts_with("gpg:"))
        .collect();
    let header = lines.first().copied().unwrap_or("");
    let mut r = Reading {
        header: header.to_owned(),
        ..Reading::default()
    };
    let parts = header_parts(header, true).or_else(|| header_parts(header, false));
    if let Some((kind, scope, subject)) = parts {
        r.r#type = Some(kind.to_owned());
        r.scope = scope.map(str::to_owned);
        r.subject = Some(subject.to_owned());
    }
    references(header, false, actions, &mut r.references);
    let mut p = Parser {
        lines: &lines,
        at: 1,
        actions,
        reading: r,
    };
    while p.at < p.lines.len() {
        p.meta();
        p.notes();
        p.body_or_footer();
    }
    let mut r = p.reading;
    for note in &mut r.notes {
        note.text = note.text.trim_matches(['\r', '\n']).to_owned();
    }
    let mut seen = std::collections::HashSet::new();
    r.references.retain(|x| {
        seen.insert(format!("{} {}", x.action.as_deref().unwrap_or("null"), x.raw).to_lowercase())
    });
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GH: &[&str] = &[
        "close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved",
    ];

    #[test]
    fn headers_as_the_preset_reads_them() {
        assert_eq!(
            header_parts("feat(api)!: drop v1", true),
            Some(("feat", Some("api"), "drop v1"))
        );
        assert_eq!(header_parts("feat(api): drop v1", true), None);
        assert_eq!(
            header_parts("fix(a): call foo(): ok", false),
            Some(("fix", Some("a): call foo("), "ok"))
        );
        assert_eq!(header_parts("fix: x", false), Some(("fix", None, "x")));
        assert_eq!(header_parts("Fixed stuff.", false), None);
    }

    #[test]
    fn multi_paragraph_notes_end_at_a_footer_token() {
        let r = read(
            "feat!: x\n\nbody\n\nBREAKING CHANGE: the config moved.\n\nRun `cct migrate`:\n\n    cct migrate\n\nRefs: #12\nDEPRECATED: `--old` goes in 3.0\n",
            GH,
        )
        .unwrap();
        assert_eq!(
            r.notes,
            [
                Note {
                    title: "BREAKING CHANGE".into(),
                    text: "the config moved.\n\nRun `cct migrate`:\n\n    cct migrate".into()
                },
                Note {
                    title: "DEPRECATED".into(),
                    text: "`--old` goes in 3.0".into()
                }
            ]
        );
        assert_eq!(r.references.len(), 1);
        assert_eq!(r.references[0].issue, "12");
        assert_eq!(r.references[0].action, None);
        let r = read(
            "fix: x\n\nBREAKING CHANGE: a\nRefs: #1\nBREAKING CHANGE: b\n",
            GH,
        )
        .unwrap();
        assert_eq!(r.notes.len(), 2);
        let r = read("fix: x\n\n* breaking-change: y\n- BREAKING CHANGE: z", GH).unwrap();
        assert_eq!(r.notes.len(), 1);
        assert_eq!(r.notes[0].text, "y\n- BREAKING CHANGE: z");
        let r = read("fix: x\n\n-hash-\nBREAKING CHANGE: in a field", GH).unwrap();
        assert!(r.notes.is_empty());
    }

    #[test]
    fn references_and_closing_words() {
        let r = read(
            "fix(api): crash on empty input (#12)\n\nCloses #34, fixes o/r#5\nsee #7 and https://x.test/#8\nCloses: #9\n",
            GH,
        )
        .unwrap();
        let got: Vec<(Option<&str>, Option<&str>, &str)> = r
            .references
            .iter()
            .map(|x| {
                (
                    x.action.as_deref(),
                    x.repository.as_deref(),
                    x.issue.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (None, None, "12"),
                (Some("Closes"), None, "34"),
                (Some("fixes"), Some("r"), "5"),
                (Some("Closes"), None, "9"),
            ]
        );
        assert!(read("fix: #general channel", GH)
            .unwrap()
            .references
            .is_empty());
        assert!(read("fix: prefixes #1", GH).unwrap().references[0]
            .action
            .is_none());
    }
}
