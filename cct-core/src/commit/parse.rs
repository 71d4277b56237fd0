//! A Conventional Commits 1.0.0 parser with positions, and git's message cleanup.
//!
//! ```text
//! <type>[(<scope>)][!]: <description>
//!
//! [body]
//!
//! [footer(s): `Token: value` or `Token #value`, values may span lines]
//! ```
//!
//! The header follows commitlint's reading (`^(\w*)(?:\((.*)\))?!?: (.*)$`),
//! except that the scope ends at the first `)`. The footer section starts at
//! the first paragraph (after a blank line) that opens with a footer token;
//! every later line belongs to a footer (a line that is not a token line
//! continues the previous value). A `BREAKING CHANGE:` line not preceded by a
//! blank line also starts the footer section (and breaks
//! `commit/footer-leading-blank`).

use std::fmt;

/// The scissors line of `git commit --verbose`: it and everything below it are dropped.
pub const SCISSORS: &str = "------------------------ >8 ------------------------";

/// One line of a message with its 1-based line number in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the text the message was read from.
    pub number: u32,
    /// The text, without its line ending.
    pub text: String,
}

/// A piece of the header (type, scope, description) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The text.
    pub text: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// How a footer token is separated from its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `Token: value`
    Colon,
    /// `Token #value`
    Hash,
}

/// One footer (git trailer): `Token: value` or `Token #value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footer {
    /// The token (`Refs`, `BREAKING CHANGE`), where it starts.
    pub token: Part,
    /// The separator.
    pub separator: Separator,
    /// The value, continuation lines joined with `\n`, trailing blank lines removed.
    pub value: String,
    /// 1-based column where the value starts on the token's line (for `Token #42`, the `4`).
    pub value_column: u32,
    /// Index in [`Commit::lines`] of the footer's first line.
    pub first: usize,
    /// Index in [`Commit::lines`] past the footer's last line.
    pub end: usize,
}

impl Footer {
    /// Whether the token is `BREAKING CHANGE` or its synonym `BREAKING-CHANGE`.
    pub fn is_breaking(&self) -> bool {
        is_breaking_token(&self.token.text)
    }
}

/// What kind of generated commit a message is (commitlint's default ignores, plus the initial commit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// `Merge branch …`, `Merge pull request …`, `Merge tag …`, `Merged … into …`, `Automatic merge…`.
    Merge,
    /// `Revert "…"` or `Reapply "…"`, as git writes them.
    Revert,
    /// `fixup!`, `squash!` or `amend!` (to be autosquashed).
    Fixup,
    /// A header that is only a version (`1.4.2`, `chore(release): v1.4.2 [skip ci]`).
    Release,
    /// `Initial commit`.
    Initial,
}

impl Special {
    /// A lowercase name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Special::Merge => "merge",
            Special::Revert => "revert",
            Special::Fixup => "fixup",
            Special::Release => "release",
            Special::Initial => "initial",
        }
    }
}

/// The header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The whole header line.
    pub text: String,
    /// Line number of the header.
    pub line: u32,
    /// The type; `None` when the header is not `type[(scope)][!]: description`.
    pub r#type: Option<Part>,
    /// The scope, without its parentheses.
    pub scope: Option<Part>,
    /// Column of the `!` marking a breaking change, if any.
    pub bang: Option<u32>,
    /// The description (commitlint's *subject*); `None` when the header does not match.
    pub subject: Option<Part>,
}

/// A parsed commit message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Every line of the message (after cleanup), with its original line number;
    /// trailing blank lines removed. Index 0 is the header.
    pub lines: Vec<Line>,
    /// The header.
    pub header: Header,
    /// Indices `[start, end)` in `lines` of the body (no leading or trailing blank line).
    pub body: Option<(usize, usize)>,
    /// Indices `[start, end)` in `lines` of the footer section.
    pub footer: Option<(usize, usize)>,
    /// The footers, in order.
    pub footers: Vec<Footer>,
    /// Whether the header is a generated one (merge, revert, …).
    pub special: Option<Special>,
    /// What commitlint's default ignores take the message for (they read
    /// every line: a `Merge … into …` line in a body counts); see [`super::ignores`].
    pub ignored_as: Option<Special>,
}

fn is_breaking_token(token: &str) -> bool {
    token == "BREAKING CHANGE" || token == "BREAKING-CHANGE"
}

/// Splits text into lines with 1-based numbers (`\n` or `\r\n` endings).
pub fn lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            number: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text: l.strip_suffix('\r').unwrap_or(l).to_owned(),
        })
        .collect()
}

/// Git's `--cleanup=strip` for an edited message, keeping original line
/// numbers: drops the scissors line and everything after it, lines starting
/// with `comment_char`, trailing whitespace, leading blank lines and runs of
/// blank lines (kept to one).
pub fn cleanup(text: &str, comment_char: char) -> Vec<Line> {
    let scissors = format!("{comment_char} {SCISSORS}");
    let mut out: Vec<Line> = Vec::new();
    for line in lines(text) {
        if line.text == scissors {
            break;
        }
        if line.text.starts_with(comment_char) {
            continue;
        }
        let text = line.text.trim_end().to_owned();
        let blank = text.is_empty();
        if blank && out.last().is_none_or(|l: &Line| l.text.is_empty()) {
            continue;
        }
        out.push(Line {
            number: line.number,
            text,
        });
    }
    while out.last().is_some_and(|l| l.text.is_empty()) {
        out.pop();
    }
    out
}

fn chars_before(s: &str, byte: usize) -> u32 {
    u32::try_from(s[..byte].chars().count()).unwrap_or(u32::MAX)
}

fn parse_header(text: &str, line: u32) -> Header {
    let mut header = Header {
        text: text.to_owned(),
        line,
        r#type: None,
        scope: None,
        bang: None,
        subject: None,
    };
    let type_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let mut rest = type_end;
    let mut scope = None;
    if text[rest..].starts_with('(') {
        // The scope ends at the first `)` followed by `: ` or `!: `; when
        // none is, at the first `)` (commitlint's `\((.*)\)` may end at any).
        let open = rest + 1;
        let closes: Vec<usize> = text[open..]
            .match_indices(')')
            .map(|(i, _)| open + i)
            .collect();
        let Some(&first) = closes.first() else {
            return header;
        };
        let close = closes
            .iter()
            .copied()
            .find(|&c| {
                let after = &text[c + 1..];
                after.starts_with(": ") || after.starts_with("!: ")
            })
            .unwrap_or(first);
        scope = Some((open, close));
        rest = close + 1;
    }
    let mut bang = None;
    if text[rest..].starts_with('!') {
        bang = Some(rest);
        rest += 1;
    }
    if !text[rest..].starts_with(": ") {
        return header;
    }
    let subject_at = rest + 2;
    header.r#type = Some(Part {
        text: text[..type_end].to_owned(),
        line,
        column: 1,
    });
    header.scope = scope.map(|(s, e)| Part {
        text: text[s..e].to_owned(),
        line,
        column: chars_before(text, s) + 1,
    });
    header.bang = bang.map(|b| chars_before(text, b) + 1);
    header.subject = Some(Part {
        text: text[subject_at..].to_owned(),
        line,
        column: chars_before(text, subject_at) + 1,
    });
    header
}

/// A footer token line: `Token: value`, `Token #value`, or `Token:` with the value below.
/// Returns the token, separator and the byte offset of the value.
fn footer_start(text: &str) -> Option<(&str, Separator, usize)> {
    let token_end = if text.starts_with("BREAKING CHANGE") {
        "BREAKING CHANGE".len()
    } else {
        let end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(text.len());
        if end == 0 || text.starts_with('-') {
            return None;
        }
        end
    };
    let rest = &text[token_end..];
    if rest.starts_with(": ") {
        Some((&text[..token_end], Separator::Colon, token_end + 2))
    } else if rest == ":" {
        Some((&text[..token_end], Separator::Colon, token_end + 1))
    } else if rest.starts_with(" #") && rest.len() > 2 {
        Some((&text[..token_end], Separator::Hash, token_end + 2))
    } else {
        None
    }
}

fn recognise(header: &str) -> Option<Special> {
    let starts = |p: &str| header.starts_with(p);
    if starts("fixup!") || starts("squash!") || starts("amend!") {
        return Some(Special::Fixup);
    }
    if starts("Merge pull request")
        || starts("Merge branch ")
        || starts("Merge tag ")
        || starts("Merge remote-tracking branch")
        || starts("Automatic merge")
        || starts("Merged PR ")
        || (starts("Merge ") && header.contains(" into "))
        || (starts("Merged ") && (header.contains(" in ") || header.contains(" into ")))
        || (starts("Auto-merged ") && header.contains(" into "))
    {
        return Some(Special::Merge);
    }
    if starts("Revert ") || starts("revert ") || starts("Reapply ") || starts("reapply ") {
        return Some(Special::Revert);
    }
    if super::ignores::is_semver_header(header) {
        return Some(Special::Release);
    }
    if header.trim().eq_ignore_ascii_case("initial commit") {
        return Some(Special::Initial);
    }
    None
}

impl Commit {
    /// Parses a message as written (no cleanup; a trailing newline is fine).
    pub fn parse(message: &str) -> Commit {
        Commit::from_lines(lines(message))
    }

    /// Parses an edited message file the way git would store it with the default comment character `#` (see [`cleanup`]).
    pub fn parse_edited(message: &str) -> Commit {
        Commit::from_lines(cleanup(message, '#'))
    }

    /// Parses already-split lines (numbers kept for positions).
    #[allow(clippy::needless_range_loop)]
    pub fn from_lines(mut lines: Vec<Line>) -> Commit {
        while lines.last().is_some_and(|l| l.text.trim().is_empty()) {
            lines.pop();
        }
        // Leading empty lines are not the header (conventional-commits-parser's `trimNewLines`).
        let leading = lines.iter().take_while(|l| l.text.is_empty()).count();
        lines.drain(..leading);
        if lines.is_empty() {
            lines.push(Line {
                number: 1,
                text: String::new(),
            });
        }
        let header = parse_header(&lines[0].text, lines[0].number);
        let special = recognise(&header.text);
        let ignored_as = super::ignores::default_ignore(&lines);
        let blank = |i: usize| lines[i].text.trim().is_empty();

        // Footer section: the first paragraph opening with a token, or a
        // BREAKING CHANGE line anywhere after the header.
        let mut footer_at = None;
        for i in 1..lines.len() {
            let Some((token, _, _)) = footer_start(&lines[i].text) else {
                continue;
            };
            if (i >= 2 && blank(i - 1)) || is_breaking_token(token) {
                footer_at = Some(i);
                break;
            }
        }
        let body_end = footer_at.unwrap_or(lines.len());
        let mut start = 1;
        while start < body_end && blank(start) {
            start += 1;
        }
        let mut end = body_end;
        while end > start && blank(end - 1) {
            end -= 1;
        }
        let body = (start < end).then_some((start, end));

        let mut footers: Vec<Footer> = Vec::new();
        if let Some(first) = footer_at {
            for i in first..lines.len() {
                let text = &lines[i].text;
                match footer_start(text) {
                    Some((token, separator, value_at)) => footers.push(Footer {
                        token: Part {
                            text: token.to_owned(),
                            line: lines[i].number,
                            column: 1,
                        },
                        separator,
                        value: text[value_at..].to_owned(),
                        value_column: chars_before(text, value_at) + 1,
                        first: i,
                        end: i + 1,
                    }),
                    None => {
                        if let Some(f) = footers.last_mut() {
                            f.value.push('\n');
                            f.value.push_str(text);
                            f.end = i + 1;
                        }
                    }
                }
            }
            for f in &mut footers {
                while f.end > f.first + 1 && blank(f.end - 1) {
                    f.end -= 1;
                }
                let trimmed = f.value.trim_end().len();
                f.value.truncate(trimmed);
            }
        }
        let footer = footer_at.map(|f| (f, lines.len()));
        Commit {
            lines,
            header,
            body,
            footer,
            footers,
            special,
            ignored_as,
        }
    }

    /// Whether the message says nothing: empty, or only blank lines (after cleanup, only comments).
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.text.trim().is_empty())
    }

    /// The type, when the header has one.
    pub fn kind(&self) -> Option<&str> {
        self.header
            .r#type
            .as_ref()
            .map(|p| p.text.as_str())
            .filter(|t| !t.is_empty())
    }

    /// The scope, when there is one.
    pub fn scope(&self) -> Option<&str> {
        self.header.scope.as_ref().map(|p| p.text.as_str())
    }

    /// The description (commitlint's subject).
    pub fn description(&self) -> Option<&str> {
        self.header.subject.as_ref().map(|p| p.text.as_str())
    }

    /// Whether the header follows `type[(scope)][!]: description` with a non-empty type and description.
    pub fn is_conventional(&self) -> bool {
        self.kind().is_some() && self.description().is_some_and(|d| !d.trim().is_empty())
    }

    /// The body text (lines joined with `\n`).
    pub fn body_text(&self) -> Option<String> {
        self.body.map(|(s, e)| {
            self.lines[s..e]
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    /// Whether the commit introduces a breaking change (`!` or a `BREAKING CHANGE` footer).
    pub fn is_breaking(&self) -> bool {
        self.header.bang.is_some() || self.footers.iter().any(Footer::is_breaking)
    }

    /// What breaks: the `BREAKING CHANGE` footers' values, else the description when `!` is used.
    pub fn breaking_notes(&self) -> Vec<String> {
        let notes: Vec<String> = self
            .footers
            .iter()
            .filter(|f| f.is_breaking() && !f.value.trim().is_empty())
            .map(|f| f.value.clone())
            .collect();
        if notes.is_empty() && self.header.bang.is_some() {
            return self
                .description()
                .map(|d| vec![d.to_owned()])
                .unwrap_or_default();
        }
        notes
    }

    /// The message as a [`Message`] (for rendering); `None` unless the header is conventional.
    pub fn to_message(&self) -> Option<Message> {
        let kind = self.header.r#type.as_ref()?;
        Some(Message {
            r#type: kind.text.clone(),
            scope: self.scope().map(str::to_owned),
            breaking: self.header.bang.is_some(),
            description: self.description().unwrap_or_default().to_owned(),
            body: self.body_text(),
            footers: self
                .footers
                .iter()
                .map(|f| (f.token.text.clone(), f.separator, f.value.clone()))
                .collect(),
        })
    }
}

/// A Conventional Commits message to render (the inverse of [`Commit::parse`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The type.
    pub r#type: String,
    /// The scope.
    pub scope: Option<String>,
    /// Whether the header carries `!`.
    pub breaking: bool,
    /// The description.
    pub description: String,
    /// The body.
    pub body: Option<String>,
    /// Footers: token, separator, value.
    pub footers: Vec<(String, Separator, String)>,
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.r#type)?;
        if let Some(scope) = &self.scope {
            write!(f, "({scope})")?;
        }
        if self.breaking {
            f.write_str("!")?;
        }
        write!(f, ": {}", self.description)?;
        if let Some(body) = &self.body {
            write!(f, "\n\n{body}")?;
        }
        for (i, (token, sep, value)) in self.footers.iter().enumerate() {
            f.write_str(if i == 0 { "\n\n" } else { "\n" })?;
            match sep {
                Separator::Colon => write!(f, "{token}: {value}")?,
                Separator::Hash => write!(f, "{token} #{value}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_parts_and_positions() {
        let c = Commit::parse("feat(api)!: send an email\n");
        assert_eq!(c.kind(), Some("feat"));
        assert_eq!(c.header.scope.as_ref().map(|p| p.column), Some(6));
        assert_eq!(c.header.bang, Some(10));
        assert_eq!(
            c.header
                .subject
                .as_ref()
                .map(|p| (p.text.as_str(), p.column)),
            Some(("send an email", 13))
        );
        assert!(c.is_breaking());
    }

    #[test]
    fn footers_multi_line_and_hash() {
        let c = Commit::parse(
            "fix: x\n\nbody line\n\nReviewed-by: Z\nBREAKING CHANGE: a\n  second line\nRefs #123\n",
        );
        assert_eq!(c.body_text().as_deref(), Some("body line"));
        assert_eq!(c.footers.len(), 3);
        assert_eq!(c.footers[1].value, "a\n  second line");
        assert_eq!(c.footers[2].separator, Separator::Hash);
        assert_eq!(c.footers[2].value, "123");
        assert_eq!((c.footers[2].token.line, c.footers[2].value_column), (8, 7));
        assert_eq!(c.footers[1].value_column, 18);
        assert!(c.is_breaking());
    }

    #[test]
    fn breaking_change_without_blank_line_starts_the_footer() {
        let c = Commit::parse("feat: x\nBREAKING CHANGE: y\n");
        assert_eq!((c.body, c.footer), (None, Some((1, 2))));
        assert!(c.is_breaking());
        let c = Commit::parse("feat: x\n\nNote: this paragraph\ncontinues\n\nRefs: #1\n");
        assert_eq!(c.body, None);
        assert_eq!(c.footers.len(), 2);
        assert_eq!(c.footers[0].value, "this paragraph\ncontinues");
        assert_eq!((c.footers[0].first, c.footers[0].end), (2, 4));
        let c = Commit::parse("feat: x\n\nsee http://example.org: it works\n");
        assert!(c.footers.is_empty());
    }

    #[test]
    fn cleanup_strips_comments_and_scissors() {
        let text = "feat: x\n# comment\n\n\nbody  \n# ------------------------ >8 ------------------------\ndiff\n";
        let l = cleanup(text, '#');
        assert_eq!(
            l.iter()
                .map(|l| (l.number, l.text.as_str()))
                .collect::<Vec<_>>(),
            vec![(1, "feat: x"), (3, ""), (5, "body")]
        );
    }

    #[test]
    fn specials() {
        assert_eq!(
            Commit::parse("Merge branch 'x' into main").special,
            Some(Special::Merge)
        );
        assert_eq!(
            Commit::parse("Revert \"feat: x\"\n\nThis reverts commit abc.").special,
            Some(Special::Revert)
        );
        assert_eq!(
            Commit::parse("fixup! feat: x").special,
            Some(Special::Fixup)
        );
        assert_eq!(
            Commit::parse("chore(release): v1.2.3 [skip ci]").special,
            Some(Special::Release)
        );
        assert_eq!(
            Commit::parse("Initial commit").special,
            Some(Special::Initial)
        );
        assert_eq!(Commit::parse("feat: merge branch handling").special, None);
    }
}
