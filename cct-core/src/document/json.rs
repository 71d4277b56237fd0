//! Loading JSON into a positioned [`Node`] tree.
//!
//! A small hand-written parser: `serde_json` is fast but keeps no positions,
//! and reading JSON through the YAML parser is several times slower and
//! rejects tab indentation. Nesting is tracked with an explicit stack so a
//! hostile document cannot overflow the call stack.

use std::cell::Cell;
use std::collections::HashSet;

use super::decode::saturate;
use super::duplicate::{find_repeat, repeated_key, DuplicateKey, Duplicates};
use super::error::LoadError;
use super::limits::Limits;
use super::node::{pointer_index, pointer_join, CompactString, Node, Pos, Value};
use super::schema::float_written;
use super::Document;

/// Loads one JSON document.
pub fn load_json(text: &str, limits: &Limits) -> Result<Vec<Document>, LoadError> {
    load_json_with(text, limits, Duplicates::Refuse)
}

/// Loads one JSON document, treating a repeated key as `duplicates` says.
pub(crate) fn load_json_with(
    text: &str,
    limits: &Limits,
    duplicates: Duplicates,
) -> Result<Vec<Document>, LoadError> {
    let mut parser = JsonParser {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        line_start: 0,
        text,
        column_memo: Cell::new((0, 0)),
        duplicates,
        repeated: Vec::new(),
        numbers: Vec::new(),
    };
    let root = parser.document(limits)?;
    Ok(vec![Document {
        index: 0,
        root,
        source: None,
        duplicates: parser.repeated,
        numbers: parser.numbers,
    }])
}

enum Frame {
    Array(Vec<Node>, Pos),
    /// Entries, position, the key awaiting its value, and the key names of a large object
    /// (see [`find_repeat`]).
    Object(
        Vec<(Node, Node)>,
        Pos,
        Option<Node>,
        Option<HashSet<String>>,
    ),
}

struct JsonParser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    line: usize,
    line_start: usize,
    /// The last column computed on the current line: (byte offset, characters
    /// from the line start to it). Positions are asked for in increasing order,
    /// so counting only from there keeps a long (minified) line linear.
    column_memo: Cell<(usize, usize)>,
    /// What a repeated key does.
    duplicates: Duplicates,
    /// The keys repeated so far (read last key wins).
    repeated: Vec<DuplicateKey>,
    /// The floats whose rendering is not what was written (see [`Document::numbers`]).
    numbers: Vec<(Pos, CompactString)>,
}

/// The JSON pointer of the collection the innermost of `frames` is building.
fn pointer_of(frames: &[Frame]) -> String {
    let mut pointer = String::new();
    for frame in frames {
        pointer = match frame {
            Frame::Array(items, _) => pointer_index(&pointer, items.len()),
            Frame::Object(_, _, Some(key), _) => pointer_join(&pointer, key.as_str().unwrap_or("")),
            Frame::Object(_, _, None, _) => pointer,
        };
    }
    pointer
}

impl JsonParser<'_> {
    fn pos(&self) -> Pos {
        let (memo_at, memo_chars) = self.column_memo.get();
        let (from, before) = if memo_at >= self.line_start && memo_at <= self.at {
            (memo_at, memo_chars)
        } else {
            (self.line_start, 0)
        };
        let column = match self.bytes.get(from..self.at) {
            Some(span) => {
                let chars = before + count_chars(span);
                self.column_memo.set((self.at, chars));
                chars + 1
            }
            None => self.at.saturating_sub(self.line_start) + 1,
        };
        Pos::new(saturate(self.line), saturate(column))
    }

    fn error(&self, message: impl Into<String>) -> LoadError {
        LoadError::Json {
            message: message.into(),
            pos: self.pos(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'\n' => {
                    self.at += 1;
                    self.line += 1;
                    self.line_start = self.at;
                }
                _ => break,
            }
        }
    }

    fn document(&mut self, limits: &Limits) -> Result<Node, LoadError> {
        let mut stack: Vec<Frame> = Vec::new();
        self.skip_ws();
        loop {
            // Parse one value (or open a collection).
            self.skip_ws();
            let pos = self.pos();
            let value = match self.bytes.get(self.at) {
                None => return Err(self.error("unexpected end of input, expected a value")),
                Some(b'{') | Some(b'[') => {
                    if stack.len() >= limits.max_depth {
                        return Err(LoadError::TooDeep {
                            limit: limits.max_depth,
                            pos,
                        });
                    }
                    let open = self.bytes[self.at];
                    self.at += 1;
                    self.skip_ws();
                    let close = if open == b'{' { b'}' } else { b']' };
                    if self.bytes.get(self.at) == Some(&close) {
                        self.at += 1;
                        Some(Node::new(
                            if open == b'{' {
                                Value::Map(Vec::new())
                            } else {
                                Value::Seq(Vec::new())
                            },
                            pos,
                        ))
                    } else if open == b'{' {
                        let key = self.key()?;
                        stack.push(Frame::Object(Vec::new(), pos, Some(key), None));
                        None
                    } else {
                        stack.push(Frame::Array(Vec::new(), pos));
                        None
                    }
                }
                Some(b'"') => Some(Node::new(Value::String(self.string()?), pos)),
                Some(b't') => Some(self.literal("true", Value::Bool(true), pos)?),
                Some(b'f') => Some(self.literal("false", Value::Bool(false), pos)?),
                Some(b'n') => Some(self.literal("null", Value::Null, pos)?),
                Some(b'-' | b'0'..=b'9') => {
                    let start = self.at;
                    let node = Node::new(self.number()?, pos);
                    if let Some(written) = float_written(&node, &self.text[start..self.at]) {
                        self.numbers.push((pos, written));
                    }
                    Some(node)
                }
                Some(_) => {
                    return Err(self.error(format!(
                        "unexpected character `{}`, expected a value",
                        self.current_char()
                    )))
                }
            };
            let Some(mut node) = value else { continue };
            // Attach the finished value to its parent, closing collections as they end.
            loop {
                let Some((frame, parents)) = stack.split_last_mut() else {
                    self.skip_ws();
                    if self.at < self.bytes.len() {
                        return Err(self.error(format!(
                            "unexpected `{}` after the end of the document",
                            self.current_char()
                        )));
                    }
                    return Ok(node);
                };
                match frame {
                    Frame::Array(items, _) => items.push(node),
                    Frame::Object(entries, _, pending, keys) => {
                        let key = pending.take().ok_or_else(|| self.error("missing key"))?;
                        if let Value::String(name) = &key.value {
                            if let Some(at) = find_repeat(entries, keys, name) {
                                repeated_key(
                                    self.duplicates,
                                    entries,
                                    at,
                                    name,
                                    key.pos,
                                    || pointer_join(&pointer_of(parents), name),
                                    &mut self.repeated,
                                )?;
                            }
                        }
                        entries.push((key, node));
                    }
                }
                self.skip_ws();
                let is_object = matches!(frame, Frame::Object(..));
                match (self.bytes.get(self.at), is_object) {
                    (Some(b','), false) => {
                        self.at += 1;
                        break;
                    }
                    (Some(b','), true) => {
                        self.at += 1;
                        let key = self.key()?;
                        if let Some(Frame::Object(_, _, pending, _)) = stack.last_mut() {
                            *pending = Some(key);
                        }
                        break;
                    }
                    (Some(b']'), false) | (Some(b'}'), true) => {
                        self.at += 1;
                        node = match stack.pop() {
                            Some(Frame::Array(items, pos)) => Node::new(Value::Seq(items), pos),
                            Some(Frame::Object(entries, pos, _, _)) => {
                                Node::new(Value::Map(entries), pos)
                            }
                            None => return Err(self.error("unbalanced brackets")),
                        };
                    }
                    (None, _) => return Err(self.error("unexpected end of input")),
                    (Some(_), true) => {
                        return Err(self.error(format!(
                            "expected `,` or `}}`, found `{}`",
                            self.current_char()
                        )))
                    }
                    (Some(_), false) => {
                        return Err(self.error(format!(
                            "expected `,` or `]`, found `{}`",
                            self.current_char()
                        )))
                    }
                }
            }
        }
    }

    fn current_char(&self) -> char {
        self.text
            .get(self.at..)
            .and_then(|s| s.chars().next())
            .unwrap_or('?')
    }

    /// Reads `"key"` and the following `:`.
    fn key(&mut self) -> Result<Node, LoadError> {
        self.skip_ws();
        let pos = self.pos();
        if self.bytes.get(self.at) != Some(&b'"') {
            return Err(self.error(format!(
                "expected a string key, found `{}`",
                self.current_char()
            )));
        }
        let key = Node::new(Value::String(self.string()?), pos);
        self.skip_ws();
        if self.bytes.get(self.at) != Some(&b':') {
            return Err(self.error("expected `:` after the key"));
        }
        self.at += 1;
        Ok(key)
    }

    fn literal(&mut self, word: &str, value: Value, pos: Pos) -> Result<Node, LoadError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(Node::new(value, pos))
        } else {
            Err(self.error("invalid literal, expected `true`, `false` or `null`"))
        }
    }

    fn number(&mut self) -> Result<Value, LoadError> {
        let start = self.at;
        let mut is_float = false;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at - s
        };
        if digits(self) == 0 {
            return Err(self.error("invalid number"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            is_float = true;
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.error("invalid number: digits expected after `.`"));
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            is_float = true;
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number: digits expected in the exponent"));
            }
        }
        let text = &self.text[start..self.at];
        if !is_float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Value::Int(i));
            }
        }
        text.parse::<f64>()
            .map(Value::Float)
            .map_err(|_| self.error("invalid number"))
    }

    fn string(&mut self) -> Result<CompactString, LoadError> {
        self.at += 1; // opening quote
        let mut out = CompactString::default();
        loop {
            let start = self.at;
            while let Some(&b) = self.bytes.get(self.at) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            out.push_str(&self.text[start..self.at]);
            match self.bytes.get(self.at) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape sequence")),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                Some(_) => return Err(self.error("control character in string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, LoadError> {
        let hex = self
            .text
            .get(self.at..self.at + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid `\\u` escape"))?;
        self.at += 4;
        u32::from_str_radix(hex, 16).map_err(|_| self.error("invalid `\\u` escape"))
    }

    fn unicode_escape(&mut self) -> Result<char, LoadError> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if !self.bytes[self.at..].starts_with(b"\\u") {
                return Err(self.error("unpaired surrogate in `\\u` escape"));
            }
            self.at += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(self.error("invalid low surrogate in `\\u` escape"));
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid `\\u` escape"))
    }
}

/// The characters in a span of UTF-8 (its bytes that start a character).
fn count_chars(span: &[u8]) -> usize {
    span.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Node, LoadError> {
        load_json(text, &Limits::default()).map(|mut d| d.remove(0).root)
    }

    #[test]
    fn values_and_positions() {
        let root = load(
            "{\n\t\"a\": [1, -2.5e1, \"x\\u00e9\\n\"],\n\t\"b\": {\"c\": null, \"d\": true}\n}",
        )
        .unwrap();
        assert_eq!(root.pos, Pos::new(1, 1));
        let a = root.get("a").unwrap();
        assert_eq!(a.pos, Pos::new(2, 7));
        assert_eq!(a.items()[0].value, Value::Int(1));
        assert_eq!(a.items()[1].value, Value::Float(-25.0));
        assert_eq!(a.items()[2].as_str(), Some("xé\n"));
        assert_eq!(a.items()[2].pos, Pos::new(2, 19));
        assert_eq!(root.get_path(&["b", "d"]).unwrap().pos, Pos::new(3, 24));
        assert!(root.get_path(&["b", "c"]).unwrap().is_null());
    }

    #[test]
    fn errors_are_positioned() {
        let err = load("{\"a\": 1,\n \"b\" 2}").unwrap_err();
        assert_eq!(
            err,
            LoadError::Json {
                message: "expected `:` after the key".into(),
                pos: Pos::new(2, 6)
            }
        );
        assert!(matches!(load("[1, 2"), Err(LoadError::Json { .. })));
        assert!(matches!(load("[1] x"), Err(LoadError::Json { .. })));
        assert!(matches!(
            load("{\"a\":1,\"a\":2}"),
            Err(LoadError::DuplicateKey { .. })
        ));
    }

    #[test]
    fn surrogate_pairs_decode() {
        assert_eq!(load("\"\\ud83d\\ude00\"").unwrap().as_str(), Some("😀"));
        assert!(load("\"\\ud83d\"").is_err());
    }

    #[test]
    fn deep_nesting_is_stopped() {
        assert!(matches!(
            load(&"[".repeat(10_000)),
            Err(LoadError::TooDeep { .. })
        ));
    }

    #[test]
    fn agrees_with_serde_json() {
        let text = r#"{"k": [1, 2.5, "s", {"n": null}, [], {}], "t": false, "big": -1.5e300}"#;
        let ours = load(text).unwrap().to_json();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
    }
}
