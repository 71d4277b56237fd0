//! A positioned Dockerfile parser, following BuildKit's (`frontend/dockerfile/parser`).
//!
//! What it keeps from BuildKit's behaviour:
//! - parser directives (`# syntax=…`, `# escape=…`, `# check=…`) are read only
//!   before the first instruction, comment or blank line, each at most once;
//!   `escape` switches the escape character to `` ` `` (Windows Dockerfiles);
//! - a logical line continues while a physical line ends with the escape
//!   character (trailing blanks allowed); comment lines and empty lines inside
//!   a continuation are dropped; the first line is trimmed on the left, the
//!   following ones are kept as they are;
//! - instruction keywords are case-insensitive; unknown ones are kept (BuildKit
//!   ignores them at parse time);
//! - `RUN`, `COPY` and `ADD` in shell form may carry heredocs (`<<EOF`,
//!   `<<-EOF`, `<<"EOF"`): the body runs up to a line equal to the word
//!   (leading tabs stripped for `<<-`); an unterminated heredoc is an error;
//! - exec form is an argument that parses as a JSON array of strings; anything
//!   else (including a malformed array) is shell form, as in BuildKit;
//! - leading `--name[=value]` words are flags (`FROM --platform=…`, `RUN --mount=…`).
//!
//! Every word keeps the line and column where it starts in the file.

use thiserror::Error;

/// Longest Dockerfile, in instructions, the parser accepts.
pub const MAX_INSTRUCTIONS: usize = 100_000;

/// A parse error, with the 1-based line where it was found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// A heredoc whose terminating word never comes.
    #[error("unterminated heredoc `{name}` (line {line}): no line `{name}` closes it")]
    UnterminatedHeredoc {
        /// The heredoc's word.
        name: String,
        /// Line of the instruction that opens it.
        line: u32,
    },
    /// `# escape=` with something else than `` \ `` or `` ` ``.
    #[error("invalid escape character `{value}` (line {line}): use `\\` or `` ` ``")]
    InvalidEscape {
        /// The value given.
        value: String,
        /// Its line.
        line: u32,
    },
    /// A parser directive given twice.
    #[error("parser directive `{name}` given twice (line {line})")]
    DuplicateDirective {
        /// The directive's name.
        name: String,
        /// Line of the second occurrence.
        line: u32,
    },
    /// No instruction at all.
    #[error("the file holds no instruction")]
    Empty,
    /// More instructions than [`MAX_INSTRUCTIONS`].
    #[error("more than {MAX_INSTRUCTIONS} instructions")]
    TooLong,
}

impl ParseError {
    /// The 1-based line of the error, when it has one.
    pub fn line(&self) -> Option<u32> {
        match self {
            ParseError::UnterminatedHeredoc { line, .. }
            | ParseError::InvalidEscape { line, .. }
            | ParseError::DuplicateDirective { line, .. } => Some(*line),
            ParseError::Empty | ParseError::TooLong => None,
        }
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    /// The escape character (`\` unless `# escape=` says otherwise).
    pub escape: char,
    /// Parser directives, in order.
    pub directives: Vec<Directive>,
    /// Instructions, in order.
    pub instructions: Vec<Instruction>,
}

/// A parser directive (`# syntax=docker/dockerfile:1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Its name, lowercase.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Its 1-based line.
    pub line: u32,
}

/// A word of an instruction, where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text, quotes and escapes removed.
    pub text: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A heredoc attached to an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The terminating word.
    pub name: String,
    /// The body, lines joined with `\n`.
    pub body: String,
}

/// One instruction (a logical line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// The keyword, uppercase (`FROM`, `RUN`).
    pub keyword: String,
    /// 1-based line of the keyword.
    pub line: u32,
    /// 1-based column of the keyword.
    pub column: u32,
    /// Leading `--flag[=value]` words.
    pub flags: Vec<Word>,
    /// The arguments after the flags, as the raw text of the logical line (escapes kept).
    pub raw: String,
    /// Where the arguments start (the keyword's position when there are none).
    pub raw_at: (u32, u32),
    /// The arguments split into words (quotes and escapes removed).
    pub words: Vec<Word>,
    /// The arguments of an exec-form instruction (`CMD ["app"]`), `None` for shell form.
    pub exec: Option<Vec<String>>,
    /// Heredocs, in order.
    pub heredocs: Vec<Heredoc>,
}

impl Instruction {
    /// Whether the instruction is `keyword` (case-insensitive).
    pub fn is(&self, keyword: &str) -> bool {
        self.keyword.eq_ignore_ascii_case(keyword)
    }

    /// The value of flag `--name` (`Some("")` for a flag without value).
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags.iter().find_map(|f| {
            let rest = f.text.strip_prefix("--")?;
            match rest.split_once('=') {
                Some((n, v)) if n.eq_ignore_ascii_case(name) => Some(v),
                None if rest.eq_ignore_ascii_case(name) => Some(""),
                _ => None,
            }
        })
    }
}

/// Positions of the characters of a logical line: `(byte offset, line, column)`
/// at the start of each physical piece.
#[derive(Debug, Default)]
struct Spans(Vec<(usize, u32, u32)>);

impl Spans {
    fn at(&self, text: &str, offset: usize) -> (u32, u32) {
        let Some(&(start, line, column)) = self.0.iter().rev().find(|(s, _, _)| *s <= offset)
        else {
            return (1, 1);
        };
        let chars = text
            .get(start..offset)
            .map_or(0, |s| s.chars().count() as u32);
        (line, column + chars)
    }
}

/// Parses a Dockerfile.
pub fn parse(text: &str) -> Result<Dockerfile, ParseError> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut escape = '\\';
    let mut directives: Vec<Directive> = Vec::new();
    let mut instructions = Vec::new();
    let mut i = 0;

    // Directives: only at the very top.
    while i < lines.len() {
        let Some((name, value)) = directive(lines[i]) else {
            break;
        };
        let line = i as u32 + 1;
        if directives.iter().any(|d| d.name == name) {
            return Err(ParseError::DuplicateDirective { name, line });
        }
        if name == "escape" {
            escape = match value.as_str() {
                "\\" => '\\',
                "`" => '`',
                _ => return Err(ParseError::InvalidEscape { value, line }),
            };
        }
        directives.push(Directive { name, value, line });
        i += 1;
    }

    while i < lines.len() {
        let first = lines[i];
        let trimmed = first.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let start_line = i as u32 + 1;
        let lead = (first.chars().count() - trimmed.chars().count()) as u32;
        let mut logical = String::new();
        let mut spans = Spans::default();
        let (piece, mut more) = continuation(trimmed, escape);
        spans.0.push((0, start_line, lead + 1));
        logical.push_str(piece);
        i += 1;
        while more && i < lines.len() {
            let physical = lines[i];
            i += 1;
            let t = physical.trim_start();
            if t.starts_with('#') || t.is_empty() {
                continue;
            }
            let (piece, again) = continuation(physical, escape);
            spans.0.push((logical.len(), i as u32, 1));
            logical.push_str(piece);
            more = again;
        }
        let mut instruction = instruction(&logical, &spans, escape);
        if matches!(instruction.keyword.as_str(), "RUN" | "COPY" | "ADD")
            && instruction.exec.is_none()
            && logical.contains("<<")
        {
            for (name, chomp) in heredoc_words(&instruction.words) {
                let mut body = Vec::new();
                let mut closed = false;
                while i < lines.len() {
                    let l = lines[i];
                    i += 1;
                    let candidate = if chomp { l.trim_start_matches('\t') } else { l };
                    if candidate == name {
                        closed = true;
                        break;
                    }
                    body.push(candidate);
                }
                if !closed {
                    return Err(ParseError::UnterminatedHeredoc {
                        name,
                        line: start_line,
                    });
                }
                instruction.heredocs.push(Heredoc {
                    name,
                    body: body.join("\n"),
                });
            }
        }
        instructions.push(instruction);
        if instructions.len() > MAX_INSTRUCTIONS {
            return Err(ParseError::TooLong);
        }
    }
    if instructions.is_empty() {
        return Err(ParseError::Empty);
    }
    Ok(Dockerfile {
        escape,
        directives,
        instructions,
    })
}

/// A parser directive line (`# name = value`), name lowercased; only known names count.
fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start().strip_prefix('#')?;
    let (name, value) = rest.split_once('=')?;
    let name = name.trim();
    if name.is_empty()
        || !name.starts_with(|c: char| c.is_ascii_alphabetic())
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let name = name.to_ascii_lowercase();
    if !matches!(name.as_str(), "syntax" | "escape" | "check") {
        return None;
    }
    let value = value.trim();
    (!value.is_empty()).then(|| (name, value.to_owned()))
}

/// Strips a trailing escape character (and the blanks after it): the line continues.
fn continuation(line: &str, escape: char) -> (&str, bool) {
    let end = line.trim_end_matches([' ', '\t']);
    match end.strip_suffix(escape) {
        // An escaped escape character (`\\`) does not continue the line.
        Some(before) if !before.ends_with(escape) => (before, true),
        _ => (line, false),
    }
}

/// Splits a logical line into keyword, flags and arguments.
fn instruction(logical: &str, spans: &Spans, escape: char) -> Instruction {
    let key_end = logical
        .find(|c: char| c.is_whitespace())
        .unwrap_or(logical.len());
    let keyword = logical[..key_end].to_ascii_uppercase();
    let (line, column) = spans.at(logical, 0);
    let mut words = split_words(logical, key_end, spans, escape);
    let mut flags = Vec::new();
    while words.first().is_some_and(|(w, _)| w.text.starts_with("--")) {
        flags.push(words.remove(0).0);
    }
    let raw_start = words.first().map_or(logical.len(), |(_, offset)| *offset);
    let raw = logical[raw_start..].trim_end().to_owned();
    let raw_at = if words.is_empty() {
        (line, column)
    } else {
        spans.at(logical, raw_start)
    };
    let exec = if matches!(
        keyword.as_str(),
        "RUN" | "CMD" | "ENTRYPOINT" | "SHELL" | "COPY" | "ADD" | "VOLUME" | "HEALTHCHECK"
    ) {
        exec_form(&raw)
    } else {
        None
    };
    Instruction {
        keyword,
        line,
        column,
        flags,
        raw,
        raw_at,
        words: words.into_iter().map(|(w, _)| w).collect(),
        exec,
        heredocs: Vec::new(),
    }
}

/// A JSON array of strings, or `None`.
fn exec_form(raw: &str) -> Option<Vec<String>> {
    if !raw.starts_with('[') {
        return None;
    }
    serde_json::from_str::<Vec<String>>(raw).ok()
}

/// Splits `text[from..]` into whitespace-separated words; quotes group, the
/// escape character makes the next character literal (inside double quotes too).
fn split_words(text: &str, from: usize, spans: &Spans, escape: char) -> Vec<(Word, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut quote: Option<char> = None;
    let mut chars = text[from..]
        .char_indices()
        .map(|(o, c)| (o + from, c))
        .peekable();
    while let Some((offset, c)) = chars.next() {
        if quote.is_none() && c.is_whitespace() {
            if let Some((word, start)) = current.take() {
                out.push((word, start));
            }
            continue;
        }
        let (word, _) = current.get_or_insert_with(|| (String::new(), offset));
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), _) => word.push(c),
            (_, e) if e == escape => match chars.next() {
                Some((_, next)) => word.push(next),
                None => word.push(c),
            },
            (None, '\'' | '"') => quote = Some(c),
            _ => word.push(c),
        }
    }
    if let Some((word, start)) = current.take() {
        out.push((word, start));
    }
    out.into_iter()
        .map(|(text_, start)| {
            let (line, column) = spans.at(text, start);
            (
                Word {
                    text: text_,
                    line,
                    column,
                },
                start,
            )
        })
        .collect()
}

/// The heredoc words of an instruction (`<<EOF`, `<<-EOF`, `2<<"EOF"`): name and whether tabs are chomped.
fn heredoc_words(words: &[Word]) -> Vec<(String, bool)> {
    words
        .iter()
        .filter_map(|w| {
            let rest = w.text.trim_start_matches(|c: char| c.is_ascii_digit());
            let rest = rest.strip_prefix("<<")?;
            let (chomp, name) = match rest.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, rest),
            };
            (!name.is_empty() && !name.contains('<')).then(|| (name.to_owned(), chomp))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_keep_their_positions_across_continuations() {
        let df = parse("# syntax=docker/dockerfile:1\nARG BASE=debian:12\n  from --platform=$P ${BASE} AS build\nRUN apt-get update \\\n  # a comment\n\n    && apt-get install -y \\\n      curl\nCMD [\"app\", \"--port\", \"8080\"]\n").unwrap();
        assert_eq!(df.directives[0].name, "syntax");
        assert_eq!(df.instructions.len(), 4);
        let from = &df.instructions[1];
        assert_eq!(
            (from.keyword.as_str(), from.line, from.column),
            ("FROM", 3, 3)
        );
        assert_eq!(from.flag("platform"), Some("$P"));
        assert_eq!(from.words[0].text, "${BASE}");
        assert_eq!((from.words[0].line, from.words[0].column), (3, 22));
        let run = &df.instructions[2];
        assert_eq!(run.words.last().unwrap().text, "curl");
        assert_eq!(
            (
                run.words.last().unwrap().line,
                run.words.last().unwrap().column
            ),
            (8, 7)
        );
        assert!(run.exec.is_none());
        assert_eq!(
            df.instructions[3].exec.as_deref(),
            Some(&["app".to_owned(), "--port".into(), "8080".into()][..])
        );
    }

    #[test]
    fn heredocs_escape_directive_and_malformed_exec_form() {
        let df = parse("# escape=`\nFROM scratch\nRUN <<-EOF cat > /x\n\techo \\\n\tEOF\nCMD [\"app\",]\nENV A=x`\n1\n").unwrap();
        assert_eq!(df.escape, '`');
        assert_eq!(df.instructions[1].heredocs[0].body, "echo \\");
        assert!(
            df.instructions[2].exec.is_none(),
            "a malformed array is shell form"
        );
        assert_eq!(df.instructions[3].words[0].text, "A=x1");
        assert!(matches!(
            parse("FROM a\nRUN <<EOF\nnever closed\n"),
            Err(ParseError::UnterminatedHeredoc { line: 2, .. })
        ));
        assert!(matches!(parse("# comment\n\n"), Err(ParseError::Empty)));
        assert!(matches!(
            parse("# escape=x\nFROM a\n"),
            Err(ParseError::InvalidEscape { line: 1, .. })
        ));
        // A directive after a comment is only a comment.
        let df = parse("# hello\n# escape=`\nFROM a\n").unwrap();
        assert_eq!(df.escape, '\\');
    }

    #[test]
    fn quotes_group_words() {
        let df = parse("FROM a\nENV NAME=\"a b\" OTHER='c d'\n").unwrap();
        let words: Vec<&str> = df.instructions[1]
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(words, ["NAME=a b", "OTHER=c d"]);
    }
}
