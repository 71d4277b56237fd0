//! A fast loader for the block-style YAML that tools write.
//!
//! `helm template`, `kubectl get -o yaml` and most hand-written manifests use
//! a small part of YAML: block mappings and sequences, single-line plain and
//! quoted scalars, literal block scalars and one-line flow collections. This
//! loader reads exactly that part, several times faster than the general
//! parser, and gives up (`None`) at the first thing outside it — anchors,
//! tags, folded or multi-line scalars, tabs, directives, anything odd or
//! invalid — so the caller falls back to the full parser, which also owns
//! every error message. When it succeeds, its trees are identical, values
//! and positions, to the full parser's: a differential test holds it to that.

use std::collections::HashSet;

use super::duplicate::find_duplicate;
use super::limits::Limits;
use super::node::{CompactString, Node, Pos, Value};
use super::schema::Resolver;
use super::Document;

struct Line<'t> {
    text: &'t str,
    ascii: bool,
}

struct Fast<'t, 'l> {
    lines: Vec<Line<'t>>,
    /// Current line.
    i: usize,
    /// Byte offset where the current (virtual) line starts: after `- ` of a compact entry.
    off: usize,
    limits: &'l Limits,
    resolver: &'l Resolver,
}

/// The byte-order mark an editor may write first; YAML drops it there and
/// does not count it in columns.
const BOM: char = '\u{feff}';

/// Loads a YAML stream when it stays within the fast subset; `None` otherwise.
#[cfg(test)]
pub(crate) fn load_fast(text: &str, limits: &Limits) -> Option<Vec<Document>> {
    load_fast_with(text, limits, &Resolver::default())
}

/// [`load_fast`], resolving plain scalars with `resolver`.
pub(crate) fn load_fast_with(
    text: &str,
    limits: &Limits,
    resolver: &Resolver,
) -> Option<Vec<Document>> {
    resolver.take_written();
    let text = text.strip_prefix(BOM).unwrap_or(text);
    // A BOM anywhere else is allowed before a document and an error inside
    // one: the full parser tells which.
    if text.contains(['\t', '\r', BOM]) {
        return None;
    }
    let lines = text
        .split('\n')
        .map(|l| Line {
            text: l,
            ascii: l.is_ascii(),
        })
        .collect();
    let mut p = Fast {
        lines,
        i: 0,
        off: 0,
        limits,
        resolver,
    };
    let mut docs = Vec::new();
    p.skip_blank();
    if p.eof() {
        return Some(docs);
    }
    loop {
        if docs.len() >= limits.max_documents {
            return None;
        }
        let mut explicit = false;
        if p.is_doc_start()? {
            explicit = true;
            p.next_line();
            p.skip_blank();
        }
        let root = if p.eof() || p.is_doc_start()? {
            if !explicit || p.eof() {
                return None;
            }
            Node::new(Value::Null, Pos::new(line_no(p.i), 1))
        } else {
            let root = p.node(0, 0)?;
            p.skip_blank();
            if !p.eof() && !p.is_doc_start()? {
                return None;
            }
            root
        };
        docs.push(Document {
            index: docs.len(),
            root,
            source: None,
            duplicates: Vec::new(),
            numbers: Vec::new(),
        });
        if p.eof() {
            return Some(docs);
        }
    }
}

fn line_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

fn is_seq_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

impl<'t> Fast<'t, '_> {
    fn eof(&self) -> bool {
        self.i >= self.lines.len()
    }

    fn line(&self) -> &'t str {
        self.lines.get(self.i).map_or("", |l| l.text)
    }

    fn next_line(&mut self) {
        self.i += 1;
        self.off = 0;
    }

    /// 1-based column of byte offset `at` on the current line.
    fn col(&self, at: usize) -> u32 {
        let line = &self.lines[self.i.min(self.lines.len() - 1)];
        let c = if line.ascii {
            at
        } else {
            line.text[..at].chars().count()
        };
        u32::try_from(c + 1).unwrap_or(u32::MAX)
    }

    fn pos(&self, at: usize) -> Pos {
        Pos::new(line_no(self.i), self.col(at))
    }

    /// `Some(true)` on a `---` line; `None` (give up) on other stream-level markers.
    fn is_doc_start(&self) -> Option<bool> {
        if self.off != 0 {
            return Some(false);
        }
        let line = self.line();
        if line.starts_with("...") || line.starts_with('%') {
            return None;
        }
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim_start_matches(' ');
            if rest.is_empty() || (rest.starts_with('#') && rest.len() < line.len() - 3) {
                return Some(true);
            }
            if rest.len() == line.len() - 3 {
                // `---x`: a plain scalar, not a marker.
                return Some(false);
            }
            return None;
        }
        Some(false)
    }

    /// Skips blank and comment-only lines (never a virtual line).
    fn skip_blank(&mut self) {
        if self.off != 0 {
            return;
        }
        while let Some(line) = self.lines.get(self.i) {
            let t = line.text.trim_start_matches(' ');
            if t.is_empty() || t.starts_with('#') {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    /// Byte offset of the current line's content (after the virtual offset and spaces).
    fn content(&self) -> usize {
        let line = self.line();
        let rest = &line[self.off..];
        self.off + (rest.len() - rest.trim_start_matches(' ').len())
    }

    fn at_end(&mut self) -> Option<bool> {
        Some(self.eof() || self.is_doc_start()?)
    }

    /// A block node whose first line is the current line.
    fn node(&mut self, parent: usize, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        let cs = self.content();
        let rest = &self.line()[cs..];
        if is_seq_entry(rest) {
            self.seq(cs, false, depth + 1)
        } else if map_key(rest).is_some() {
            self.map(cs, depth + 1)
        } else {
            self.off = cs;
            self.inline_value(parent, depth)
        }
    }

    fn seq(&mut self, ind: usize, indentless: bool, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        let mut items = Vec::new();
        let mut seq_pos = None;
        loop {
            self.skip_blank();
            if self.at_end()? {
                break;
            }
            let cs = self.content();
            let rest = &self.line()[cs..];
            if cs != ind || !is_seq_entry(rest) {
                if cs > ind {
                    return None;
                }
                break;
            }
            if seq_pos.is_none() && !indentless {
                seq_pos = Some(self.pos(cs));
            }
            let after = cs + 1;
            let vs = after
                + (self.line()[after..].len() - self.line()[after..].trim_start_matches(' ').len());
            let tail = &self.line()[vs..];
            let item = if tail.is_empty() || tail.starts_with('#') {
                if indentless && items.is_empty() {
                    return None;
                }
                // The full parser places an empty entry at the end of its line.
                let null_pos = self.pos(self.line().len());
                self.next_line();
                self.skip_blank();
                if !self.at_end()? && self.content() > ind {
                    self.node(ind, depth)?
                } else {
                    Node::new(Value::Null, null_pos)
                }
            } else {
                self.off = vs;
                self.node(ind, depth)?
            };
            if seq_pos.is_none() {
                seq_pos = Some(item.pos);
            }
            items.push(item);
        }
        Some(Node::new(Value::Seq(items), seq_pos?))
    }

    fn map(&mut self, ind: usize, depth: usize) -> Option<Node> {
        if depth >= self.limits.max_depth {
            return None;
        }
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut keys: Option<HashSet<String>> = None;
        let mut map_pos = None;
        loop {
            self.skip_blank();
            if self.at_end()? {
                break;
            }
            let cs = self.content();
            if cs < ind {
                break;
            }
            if cs > ind {
                return None;
            }
            let line = self.line();
            let rest = &line[cs..];
            if is_seq_entry(rest) {
                break;
            }
            let (key_text, colon) = map_key(rest)?;
            let key_pos = self.pos(cs);
            let key_value = match key_text {
                Key::Quoted(text) => Value::String(text),
                Key::Plain("<<") => return None,
                Key::Plain(text) => self.resolver.plain(text),
            };
            let key = self.resolver.key(Node::new(key_value, key_pos));
            if let Value::String(name) = &key.value {
                if find_duplicate(&entries, &mut keys, name).is_some() {
                    // The full parser refuses it or records it.
                    return None;
                }
            }
            map_pos.get_or_insert(key_pos);
            let colon_at = cs + colon;
            let after = colon_at + 1;
            let vs = after + (line[after..].len() - line[after..].trim_start_matches(' ').len());
            let tail = &line[vs..];
            let value = if tail.is_empty() || tail.starts_with('#') {
                let null_pos = self.pos(colon_at);
                self.next_line();
                self.skip_blank();
                if self.at_end()? {
                    Node::new(Value::Null, null_pos)
                } else {
                    let c2 = self.content();
                    if c2 > ind {
                        self.node(ind, depth)?
                    } else if c2 == ind && is_seq_entry(&self.line()[c2..]) {
                        self.seq(ind, true, depth + 1)?
                    } else {
                        Node::new(Value::Null, null_pos)
                    }
                }
            } else {
                self.off = vs;
                self.inline_value(ind, depth)?
            };
            entries.push((key, value));
        }
        Some(Node::new(Value::Map(entries), map_pos?))
    }

    /// A scalar, block scalar or flow collection starting at the virtual offset;
    /// leaves the cursor on the next line and refuses continuation lines.
    fn inline_value(&mut self, parent: usize, depth: usize) -> Option<Node> {
        let line = self.line();
        let vs = self.off;
        let rest = &line[vs..];
        let first = rest.as_bytes().first().copied()?;
        let pos = self.pos(vs);
        let node = match first {
            b'|' => return self.block_scalar(parent, &rest[1..]),
            b'[' | b'{' => {
                let mut flow = Flow {
                    s: rest,
                    at: 0,
                    base: vs,
                };
                let value = flow.value(self, depth)?;
                flow.skip_spaces();
                if !flow.rest_is_blank() {
                    return None;
                }
                value
            }
            b'"' | b'\'' => {
                let (text, len) = quoted(rest)?;
                if !is_blank_or_comment(&rest[len..]) {
                    return None;
                }
                Node::new(Value::String(text), pos)
            }
            b'-' if rest.len() == 1 || rest.as_bytes()[1] == b' ' => return None,
            b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b',' | b']' | b'}' | b':'
            | b'#' => return None,
            _ => {
                let end = rest.find(" #").unwrap_or(rest.len());
                let text = rest[..end].trim_end_matches(' ');
                if text.contains(": ") || text.ends_with(':') {
                    return None;
                }
                let node = Node::new(self.resolver.plain(text), pos);
                self.resolver.note_written(&node, text);
                node
            }
        };
        self.next_line();
        self.skip_blank();
        if !self.at_end()? && self.content() > parent {
            return None;
        }
        Some(node)
    }

    /// A literal block scalar (`|`, `|-`, `|+`); the header follows the `|`.
    fn block_scalar(&mut self, parent: usize, header: &str) -> Option<Node> {
        let (chomp, comment) = match header.as_bytes().first() {
            Some(b'-') => (Chomp::Strip, &header[1..]),
            Some(b'+') => (Chomp::Keep, &header[1..]),
            _ => (Chomp::Clip, header),
        };
        if !(comment.is_empty() || comment.starts_with(' ') && is_blank_or_comment(comment)) {
            return None;
        }
        self.next_line();
        let start = self.i;
        // Content indentation: the first non-empty line's.
        let mut ind = None;
        for l in &self.lines[start..] {
            let t = l.text.trim_start_matches(' ');
            if !t.is_empty() {
                ind = Some(l.text.len() - t.len());
                break;
            }
        }
        let ind = ind.filter(|&i| i > parent)?;
        let mut end = start;
        let mut first_content = None;
        while let Some(l) = self.lines.get(end) {
            let t = l.text.trim_start_matches(' ');
            if t.is_empty() {
                if l.text.len() > ind {
                    return None;
                }
            } else if l.text.len() - t.len() < ind {
                break;
            } else {
                first_content.get_or_insert(end);
            }
            end += 1;
        }
        // A stream's last line has no newline after it: the full parser
        // treats such a scalar's end differently; let it.
        if end == self.lines.len() {
            return None;
        }
        let first_content = first_content?;
        let mut body: Vec<&str> = self.lines[start..end]
            .iter()
            .map(|l| l.text.get(ind..).unwrap_or(""))
            .collect();
        let mut trailing = 0;
        while body.last().is_some_and(|l| l.is_empty()) {
            body.pop();
            trailing += 1;
        }
        let mut text = body.join("\n");
        match chomp {
            Chomp::Strip => {}
            Chomp::Clip => text.push('\n'),
            Chomp::Keep => {
                text.push('\n');
                for _ in 0..trailing {
                    text.push('\n');
                }
            }
        }
        self.i = first_content;
        let pos = Pos::new(line_no(first_content), u32::try_from(ind + 1).ok()?);
        self.i = end;
        self.off = 0;
        self.skip_blank();
        if !self.at_end()? && self.content() > parent {
            return None;
        }
        Some(Node::new(Value::String(CompactString::from(text)), pos))
    }
}

#[derive(Clone, Copy)]
enum Chomp {
    Strip,
    Clip,
    Keep,
}

fn is_blank_or_comment(s: &str) -> bool {
    let t = s.trim_start_matches(' ');
    t.is_empty() || (t.starts_with('#') && t.len() < s.len())
}

/// The key of a block mapping entry, as written.
enum Key<'t> {
    /// A quoted key, unescaped.
    Quoted(CompactString),
    /// A plain key, to resolve like any plain scalar.
    Plain(&'t str),
}

/// The key at the start of `rest` and the byte offset of its `:`, when `rest`
/// is a block mapping entry.
fn map_key(rest: &str) -> Option<(Key<'_>, usize)> {
    let first = *rest.as_bytes().first()?;
    if first == b'"' || first == b'\'' {
        let (text, len) = quoted(rest)?;
        let after = &rest[len..];
        let colon = len + (after.len() - after.trim_start_matches(' ').len());
        if rest[colon..].starts_with(':')
            && matches!(rest.as_bytes().get(colon + 1), None | Some(b' '))
        {
            return Some((Key::Quoted(text), colon));
        }
        return None;
    }
    if b"-?:,[]{}#&*!|>%@`".contains(&first) {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => {
                let key = rest[..i].trim_end_matches(' ');
                if key.is_empty() {
                    return None;
                }
                return Some((Key::Plain(key), i));
            }
            b'#' if i > 0 && bytes[i - 1] == b' ' => return None,
            _ => i += 1,
        }
    }
    None
}

/// A single-line quoted scalar at the start of `s`: (value, byte length including quotes).
fn quoted(s: &str) -> Option<(CompactString, usize)> {
    let bytes = s.as_bytes();
    let quote = bytes[0];
    let mut out = CompactString::default();
    let mut i = 1;
    let mut run = 1;
    while i < bytes.len() {
        let b = bytes[i];
        if quote == b'\'' {
            if b == b'\'' {
                out.push_str(&s[run..i]);
                if bytes.get(i + 1) == Some(&b'\'') {
                    out.push('\'');
                    i += 2;
                    run = i;
                    continue;
                }
                return Some((out, i + 1));
            }
            i += 1;
        } else if b == b'"' {
            out.push_str(&s[run..i]);
            return Some((out, i + 1));
        } else if b == b'\\' {
            out.push_str(&s[run..i]);
            let c = match bytes.get(i + 1)? {
                b'\\' => '\\',
                b'"' => '"',
                b'/' => '/',
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'0' => '\0',
                b' ' => ' ',
                b'u' => {
                    let hex = s.get(i + 2..i + 6)?;
                    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                    out.push(c);
                    i += 6;
                    run = i;
                    continue;
                }
                _ => return None,
            };
            out.push(c);
            i += 2;
            run = i;
        } else {
            i += 1;
        }
    }
    None
}

/// A one-line flow collection.
struct Flow<'s> {
    s: &'s str,
    at: usize,
    /// Byte offset of `s` in its line.
    base: usize,
}

impl Flow<'_> {
    fn skip_spaces(&mut self) {
        while self.s.as_bytes().get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    fn rest_is_blank(&self) -> bool {
        let rest = &self.s[self.at..];
        rest.is_empty()
            || (rest.starts_with('#')
                && self.s.as_bytes().get(self.at.wrapping_sub(1)) == Some(&b' '))
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.at).copied()
    }

    fn value(&mut self, p: &Fast<'_, '_>, depth: usize) -> Option<Node> {
        if depth >= p.limits.max_depth {
            return None;
        }
        let pos = p.pos(self.base + self.at);
        match self.peek()? {
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_spaces();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Some(Node::new(Value::Seq(items), pos));
                }
                loop {
                    self.skip_spaces();
                    let item = self.value(p, depth + 1)?;
                    self.skip_spaces();
                    if self.peek() == Some(b':') {
                        return None;
                    }
                    items.push(item);
                    match self.peek()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            return Some(Node::new(Value::Seq(items), pos));
                        }
                        _ => return None,
                    }
                    self.skip_spaces();
                    if self.peek() == Some(b']') {
                        return None;
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut entries: Vec<(Node, Node)> = Vec::new();
                let mut keys = None;
                self.skip_spaces();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Some(Node::new(Value::Map(entries), pos));
                }
                loop {
                    self.skip_spaces();
                    let key = p.resolver.key(self.scalar(p, true)?);
                    if let Value::String(name) = &key.value {
                        if name == "<<" {
                            return None;
                        }
                        if find_duplicate(&entries, &mut keys, name).is_some() {
                            return None;
                        }
                    }
                    self.skip_spaces();
                    if self.peek() != Some(b':') {
                        return None;
                    }
                    self.at += 1;
                    if self.peek() != Some(b' ') {
                        return None;
                    }
                    self.skip_spaces();
                    if matches!(self.peek()?, b',' | b'}') {
                        return None;
                    }
                    let value = self.value(p, depth + 1)?;
                    entries.push((key, value));
                    self.skip_spaces();
                    match self.peek()? {
                        b',' => self.at += 1,
                        b'}' => {
                            self.at += 1;
                            return Some(Node::new(Value::Map(entries), pos));
                        }
                        _ => return None,
                    }
                    self.skip_spaces();
                    if self.peek() == Some(b'}') {
                        return None;
                    }
                }
            }
            _ => self.scalar(p, false),
        }
    }

    fn scalar(&mut self, p: &Fast<'_, '_>, is_key: bool) -> Option<Node> {
        let pos = p.pos(self.base + self.at);
        let rest = &self.s[self.at..];
        let first = *rest.as_bytes().first()?;
        if first == b'"' || first == b'\'' {
            let (text, len) = quoted(rest)?;
            self.at += len;
            return Some(Node::new(Value::String(text), pos));
        }
        if b"-?:,[]{}#&*!|>'\"%@`".contains(&first)
            && !(first == b'-' && rest.len() > 1 && rest.as_bytes()[1].is_ascii_digit())
        {
            return None;
        }
        let bytes = rest.as_bytes();
        let mut end = 0;
        while end < bytes.len() {
            match bytes[end] {
                b',' | b'[' | b']' | b'{' | b'}' => break,
                b':' if matches!(bytes.get(end + 1), None | Some(b' ' | b',' | b']' | b'}')) => {
                    break
                }
                b'#' if end > 0 && bytes[end - 1] == b' ' => return None,
                _ => end += 1,
            }
        }
        let text = rest[..end].trim_end_matches(' ');
        if text.is_empty() || (!is_key && bytes.get(end) == Some(&b':')) {
            return None;
        }
        self.at += end;
        let node = Node::new(p.resolver.plain(text), pos);
        p.resolver.note_written(&node, text);
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::load_yaml;

    /// The fast loader either declines or agrees exactly with the full parser.
    fn agree(text: &str) -> bool {
        let limits = Limits::default();
        match load_fast(text, &limits) {
            None => false,
            Some(fast) => {
                let full = load_yaml(text, &limits).expect("the fast path accepted invalid YAML");
                assert_eq!(fast, full, "fast and full loaders disagree on:\n{text}");
                true
            }
        }
    }

    #[test]
    fn agrees_on_the_subset() {
        for text in [
            "a: 1\n",
            "a:\nb: # c\n  \nc: |\n  x\n  y\nd: x\ne: [1, {x: 2}, \"q\"]\nf:\n- 1\n- k: v\n  l: w\ng: 5\n---\n---\n# c\nz: 1\n",
            "a: x\nb:\n  - p\n  -   q\n  -\n    r: 1\n  - - n\n    - m\n  -\n  - k: # c\n    j: 2\nc: \"s\\\"t\"\nd: 'it''s'\ne:   \n  f: 1\nz: |-\n\n   a\n  \n   b\n\ny: end\n",
            "---\n# Source: x\napiVersion: v1\nkind: Pod\nmetadata:\n  name: é-ü\n  labels: {app: web, \"tier\": back}\nspec:\n  containers:\n    - name: web\n      image: \"r/x:1\"\n      args: [\"--port\", \"8080\", -1, 2.5, null, true]\n      ports:\n        - containerPort: 8080 # c\n",
            "- a\n- b\n",
            "k: |+\n  x\n\n\nn: 1\n",
            "k: []\nl: {}\nm: 'x'   # c\n",
            "url: http://x.y/z#frag\nq: a#b\n",
            "",
            "# only a comment\n",
        ] {
            assert!(agree(text), "declined:\n{text}");
        }
    }

    #[test]
    fn declines_what_it_does_not_know() {
        for text in [
            "a: &x 1\nb: *x\n",
            "a: >\n  folded\n",
            "a: !!str 1\n",
            "a:\tb\n",
            "a: multi\n  line\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\na: 2\n",
            "a: [1,\n  2]\n",
            "a: b: c\n",
            "a: 1\n...\n",
        ] {
            assert!(
                load_fast(text, &Limits::default()).is_none(),
                "accepted:\n{text}"
            );
        }
    }

    /// A BOM first (as Windows editors save): dropped before comments, keys,
    /// sequences, `---` and flow collections, as the full parser drops it.
    #[test]
    fn agrees_after_a_bom() {
        for text in [
            // The fuzz crash: a comment holding `: ` was read as a key.
            "\u{feff}# a comment: x\nkey: v",
            "\u{feff}key: v\n",
            "\u{feff}  key: v\n",
            "\u{feff}- a\n- b: c\n",
            "\u{feff}---\nk: v\n---\nl: w\n",
            "\u{feff}--- # c\nk: v\n",
            "\u{feff}# c\n---\n# d: e\nk: v\n",
            "\u{feff}[1, {a: b}]\n",
            "\u{feff}{a: [1, 2]}\n",
            "\u{feff}",
            "\u{feff}\n",
        ] {
            assert!(agree(text), "declined:\n{text:?}");
        }
    }

    /// A BOM after the start is the full parser's to accept (before a
    /// document) or refuse (inside one).
    #[test]
    fn declines_a_bom_after_the_start() {
        for text in [
            "a: 1\n\u{feff}---\nb: 2\n",
            "a: 1\n---\n\u{feff}b: 2\n",
            "a: \u{feff}x\n",
            "\u{feff}\u{feff}a: 1\n",
        ] {
            assert!(
                load_fast(text, &Limits::default()).is_none(),
                "accepted:\n{text:?}"
            );
        }
    }

    /// Every YAML fixture of the repository: when the fast loader accepts it, it agrees.
    #[test]
    fn agrees_on_every_fixture() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"),
            &mut files,
        );
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rules"),
            &mut files,
        );
        assert!(!files.is_empty());
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                if load_yaml(&text, &Limits::default()).is_ok() {
                    agree(&text);
                }
            }
        }
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        #[derive(Debug, Clone)]
        enum T {
            Scalar(String),
            Seq(Vec<T>),
            Map(Vec<(String, T)>),
        }

        fn scalar() -> impl Strategy<Value = String> {
            prop_oneof![
                "[a-z][a-z0-9./-]{0,8}",
                "-?[0-9]{1,4}",
                Just("true".to_owned()),
                Just("null".to_owned()),
                Just("~".to_owned()),
                Just("1.5".to_owned()),
                "\"[a-z :#-]{0,6}\"",
                "'[a-z :#]{0,6}'",
                Just("\"é\\n\"".to_owned()),
                "http://[a-z]{1,5}:[0-9]{2}/x#y",
            ]
        }

        fn tree() -> impl Strategy<Value = T> {
            scalar()
                .prop_map(T::Scalar)
                .prop_recursive(5, 40, 5, |inner| {
                    prop_oneof![
                        prop::collection::vec(inner.clone(), 0..4).prop_map(T::Seq),
                        prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                            .prop_map(|m| T::Map(m.into_iter().collect())),
                    ]
                })
        }

        /// Renders in block style; `style` bits pick compact, indentless and flow forms.
        fn render(t: &T, indent: usize, style: u32, out: &mut String) {
            let pad = " ".repeat(indent);
            match t {
                T::Scalar(s) => {
                    out.push_str(s);
                    out.push('\n');
                }
                T::Seq(items) if items.is_empty() => out.push_str("[]\n"),
                T::Map(entries) if entries.is_empty() => out.push_str("{}\n"),
                T::Seq(items) => {
                    out.push('\n');
                    for (n, item) in items.iter().enumerate() {
                        out.push_str(&pad);
                        out.push_str("- ");
                        match item {
                            T::Map(e) if !e.is_empty() && style & 1 == 0 => {
                                render_map_body(e, indent + 2, style, out, true);
                            }
                            T::Seq(_) | T::Map(_) => {
                                out.pop();
                                if n % 2 == 1 && style & 4 != 0 {
                                    out.push_str(" # comment");
                                }
                                render(item, indent + 2, style.rotate_left(1), out);
                            }
                            T::Scalar(_) => render(item, indent + 2, style, out),
                        }
                    }
                }
                T::Map(entries) => {
                    out.push('\n');
                    render_map_body(entries, indent, style, out, false);
                }
            }
        }

        fn render_map_body(
            entries: &[(String, T)],
            indent: usize,
            style: u32,
            out: &mut String,
            compact: bool,
        ) {
            let pad = " ".repeat(indent);
            for (n, (k, v)) in entries.iter().enumerate() {
                if n > 0 || !compact {
                    out.push_str(&pad);
                }
                out.push_str(k);
                out.push(':');
                match v {
                    T::Seq(items) if !items.is_empty() && style & 2 != 0 => {
                        // indentless sequence under a key
                        out.push('\n');
                        let mut inner = String::new();
                        render(v, indent, style.rotate_left(2), &mut inner);
                        out.push_str(inner.trim_start_matches('\n'));
                    }
                    T::Scalar(_) => {
                        out.push(' ');
                        render(v, indent + 2, style, out);
                    }
                    _ => {
                        if matches!(v, T::Seq(i) if i.is_empty())
                            || matches!(v, T::Map(e) if e.is_empty())
                        {
                            out.push(' ');
                        }
                        render(v, indent + 2, style.rotate_left(3), out);
                    }
                }
            }
        }

        proptest! {
            #[test]
            fn fast_loader_agrees_with_the_full_parser(t in tree(), style in any::<u32>()) {
                let mut text = String::new();
                render(&t, 0, style, &mut text);
                let mut text = text.trim_start_matches('\n').to_owned();
                // Bits 3 to 5 put a comment, a `---` and a BOM before the stream.
                if style & 8 != 0 {
                    text.insert_str(0, "# a comment: x\n");
                }
                if style & 16 != 0 {
                    text.insert_str(0, "---\n");
                }
                if style & 32 != 0 {
                    text.insert(0, BOM);
                }
                if let Ok(full) = load_yaml(&text, &Limits::default()) {
                    if let Some(fast) = load_fast(&text, &Limits::default()) {
                        prop_assert_eq!(fast, full, "on:\n{}", text);
                    }
                } else {
                    // The fast path must never accept what the full parser rejects.
                    prop_assert!(load_fast(&text, &Limits::default()).is_none(), "accepted invalid:\n{}", text);
                }
            }
        }
    }
}
