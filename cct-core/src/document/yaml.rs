//! Loading a YAML stream into positioned [`Node`] trees.
//!
//! Built on `saphyr-parser`'s event API (which reports a span for every
//! event) rather than on `serde_yaml`, which gives no positions for values.
//! The tree is built with an explicit stack, so hostile nesting cannot
//! overflow the call stack, and every limit in [`Limits`] is enforced here.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::decode::saturate;
use super::duplicate::{find_duplicate, repeated_key, DuplicateKey, Duplicates};
use super::error::LoadError;
use super::flow_indent;
use super::limits::Limits;
use super::node::{pointer_index, pointer_join, CompactString, Node, Pos, Value};
use super::schema::Resolver;
use super::Document;

fn pos_of(span: &Span) -> Pos {
    Pos::new(saturate(span.start.line()), saturate(span.start.col() + 1))
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
        first_node: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        pending_key: Option<Node>,
        keys: Option<HashSet<String>>,
        pos: Pos,
        anchor: usize,
        first_node: usize,
    },
}

struct Loader<'l> {
    limits: &'l Limits,
    resolver: &'l Resolver,
    duplicates: Duplicates,
    /// The keys repeated in the current document (read last key wins).
    repeated: Vec<DuplicateKey>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    alias_nodes: usize,
    root: Option<Node>,
}

/// Loads every document of a YAML stream (YAML 1.2 core schema).
pub fn load_yaml(text: &str, limits: &Limits) -> Result<Vec<Document>, LoadError> {
    load_yaml_with(text, limits, &Resolver::default(), Duplicates::Refuse)
}

/// Loads every document of a YAML stream, resolving plain scalars with `resolver`.
pub(crate) fn load_yaml_with(
    text: &str,
    limits: &Limits,
    resolver: &Resolver,
    duplicates: Duplicates,
) -> Result<Vec<Document>, LoadError> {
    match parse(text, limits, resolver, duplicates) {
        Err(e) if flow_indent::is_indentation_error(&e) => {
            flow_indent::parse_reindented(text, e, |t| parse(t, limits, resolver, duplicates))
        }
        other => other,
    }
}

fn parse(
    text: &str,
    limits: &Limits,
    resolver: &Resolver,
    duplicates: Duplicates,
) -> Result<Vec<Document>, LoadError> {
    // Floats noted by an earlier, abandoned reading are not this one's.
    resolver.take_written();
    let mut parser = Parser::new_from_str(text);
    let mut documents = Vec::new();
    let mut loader = Loader {
        limits,
        resolver,
        duplicates,
        repeated: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        alias_nodes: 0,
        root: None,
    };
    let mut doc_pos = Pos::new(1, 1);
    let mut last_is_block = false;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let pos = Pos::new(saturate(e.marker().line()), saturate(e.marker().col() + 1));
            // The parser has a nesting limit of its own; report it as ours.
            if e.info().contains("recursion limit") {
                LoadError::TooDeep {
                    limit: limits.max_depth,
                    pos,
                }
            } else {
                LoadError::Yaml {
                    message: e.info().to_owned(),
                    pos,
                }
            }
        })?;
        let pos = pos_of(&span);
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                if documents.len() >= limits.max_documents {
                    return Err(LoadError::TooManyDocuments {
                        limit: limits.max_documents,
                        pos,
                    });
                }
                doc_pos = pos;
                loader.anchors.clear();
            }
            Event::DocumentEnd => {
                let root = loader
                    .root
                    .take()
                    .unwrap_or_else(|| Node::new(Value::Null, doc_pos));
                documents.push(Document {
                    index: documents.len(),
                    root,
                    source: None,
                    duplicates: std::mem::take(&mut loader.repeated),
                    numbers: Vec::new(),
                });
            }
            Event::Alias(id) => {
                let (node, size) = loader
                    .anchors
                    .get(&id)
                    .ok_or(LoadError::UnknownAlias { pos })?;
                loader.alias_nodes = loader.alias_nodes.saturating_add(*size);
                if loader.alias_nodes > limits.max_alias_nodes {
                    return Err(LoadError::AliasExpansion {
                        limit: limits.max_alias_nodes,
                        pos,
                    });
                }
                let mut node = node.clone();
                node.pos = pos;
                loader.nodes += size;
                loader.complete(node)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                last_is_block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                loader.nodes += 1;
                let node = Node::new(resolve_scalar(&text, style, tag.as_deref(), resolver), pos);
                resolver.note_written(&node, &text);
                if anchor > 0 {
                    loader.anchors.insert(anchor, (node.clone(), 1));
                }
                loader.complete(node)?;
            }
            Event::SequenceStart(anchor, _) => {
                loader.open(
                    Frame::Seq {
                        items: Vec::new(),
                        pos,
                        anchor,
                        first_node: loader.nodes,
                    },
                    pos,
                )?;
            }
            Event::MappingStart(anchor, _) => {
                loader.open(
                    Frame::Map {
                        entries: Vec::new(),
                        pending_key: None,
                        keys: None,
                        pos,
                        anchor,
                        first_node: loader.nodes,
                    },
                    pos,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = loader.stack.pop() else {
                    continue;
                };
                let (node, anchor, first_node) = match frame {
                    Frame::Seq {
                        items,
                        pos,
                        anchor,
                        first_node,
                    } => (Node::new(Value::Seq(items), pos), anchor, first_node),
                    Frame::Map {
                        entries,
                        pos,
                        anchor,
                        first_node,
                        ..
                    } => (
                        Node::new(Value::Map(apply_merge_keys(entries)), pos),
                        anchor,
                        first_node,
                    ),
                };
                if anchor > 0 {
                    let size = loader.nodes - first_node + 1;
                    loader.anchors.insert(anchor, (node.clone(), size));
                }
                loader.complete(node)?;
            }
        }
    }
    if last_is_block && ends_in_block_content(text) {
        if let Some(doc) = documents.last_mut() {
            drop_implied_final_break(&mut doc.root);
        }
    }
    Ok(documents)
}

/// Whether the stream ends without a line break, its last line not a comment.
fn ends_in_block_content(text: &str) -> bool {
    !text.ends_with('\n')
        && !text
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .trim()
            .starts_with('#')
}

/// A block scalar that ends the stream without a line break has no final
/// line break (libyaml, go-yaml, PyYAML); the parser adds one: take it away
/// from the stream's last scalar, the one that starts last.
fn drop_implied_final_break(root: &mut Node) {
    let mut last: Option<&mut Node> = None;
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if matches!(n.value, Value::String(_)) {
            if last.as_ref().is_none_or(|l| l.pos < n.pos) {
                last = Some(n);
            }
            continue;
        }
        match &mut n.value {
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    stack.push(k);
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
    if let Some(Node {
        value: Value::String(s),
        ..
    }) = last
    {
        if s.ends_with('\n') {
            s.pop();
        }
    }
}

impl Loader<'_> {
    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), LoadError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(LoadError::TooDeep {
                limit: self.limits.max_depth,
                pos,
            });
        }
        self.nodes += 1;
        self.stack.push(frame);
        Ok(())
    }

    /// Hands a finished node to its parent collection (or makes it the document root).
    fn complete(&mut self, node: Node) -> Result<(), LoadError> {
        let Some((frame, parents)) = self.stack.split_last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match frame {
            Frame::Seq { items, .. } => items.push(node),
            Frame::Map {
                entries,
                pending_key,
                keys,
                ..
            } => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    let key = self.resolver.key(key);
                    if let Value::String(name) = &key.value {
                        if let Some(at) = find_duplicate(entries, keys, name) {
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
            },
        }
        Ok(())
    }
}

/// The JSON pointer of the collection the innermost of `frames` is building.
fn pointer_of(frames: &[Frame]) -> String {
    let mut pointer = String::new();
    for frame in frames {
        pointer = match frame {
            Frame::Seq { items, .. } => pointer_index(&pointer, items.len()),
            Frame::Map {
                pending_key: Some(key),
                ..
            } => pointer_join(&pointer, &key.scalar_text().unwrap_or_default()),
            // A collection used as a key has no pointer of its own.
            Frame::Map { .. } => pointer,
        };
    }
    pointer
}

/// Applies YAML merge keys (`<<: *base`): merged entries never override explicit ones.
fn apply_merge_keys(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    if !entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
        return entries;
    }
    let mut own = Vec::with_capacity(entries.len());
    let mut merged = Vec::new();
    for (key, value) in entries {
        if key.as_str() == Some("<<") {
            match value.value {
                Value::Map(inner) => merged.extend(inner),
                Value::Seq(items) => {
                    for item in items {
                        if let Value::Map(inner) = item.value {
                            merged.extend(inner);
                        }
                    }
                }
                other => own.push((key, Node::new(other, value.pos))),
            }
        } else {
            own.push((key, value));
        }
    }
    for (key, value) in merged {
        let present = own.iter().any(|(k, _)| k.value == key.value);
        if !present {
            own.push((key, value));
        }
    }
    own
}

/// Resolves a scalar (quoted scalars are always strings; plain ones follow the resolver's schema).
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>, resolver: &Resolver) -> Value {
    if let Some(tag) = tag {
        if tag.is_yaml_core_schema() || tag.handle == "!!" {
            match tag.suffix.as_str() {
                "str" | "binary" | "timestamp" => return Value::String(CompactString::new(text)),
                "null" => return Value::Null,
                _ => {}
            }
        } else if tag.handle == "!" && tag.suffix.is_empty() {
            return Value::String(CompactString::new(text));
        }
    }
    if style != ScalarStyle::Plain {
        return Value::String(CompactString::new(text));
    }
    resolver.plain(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Vec<Document>, LoadError> {
        load_yaml(text, &Limits::default())
    }

    #[test]
    fn positions_are_one_based_and_exact() {
        let docs = load("a:\n  b: [1, two]\n  c: 'x'\n").unwrap();
        let root = &docs[0].root;
        assert_eq!(root.pos, Pos::new(1, 1));
        let b = root.get_path(&["a", "b"]).unwrap();
        assert_eq!(b.pos, Pos::new(2, 6));
        assert_eq!(b.items()[1].pos, Pos::new(2, 10));
        assert_eq!(b.items()[1].as_str(), Some("two"));
        assert_eq!(root.get_path(&["a", "c"]).unwrap().pos, Pos::new(3, 6));
        assert_eq!(root.get("a").unwrap().key("c").unwrap().pos, Pos::new(3, 3));
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let docs =
            load("[~, true, 'true', 12, -3, 0x1F, 1.5, 1e3, 08080, abc, '', 2023-01-01]").unwrap();
        let items: Vec<_> = docs[0]
            .root
            .items()
            .iter()
            .map(|n| n.value.clone())
            .collect();
        assert_eq!(items[0], Value::Null);
        assert_eq!(items[1], Value::Bool(true));
        assert_eq!(items[2], Value::String("true".into()));
        assert_eq!(items[3], Value::Int(12));
        assert_eq!(items[4], Value::Int(-3));
        assert_eq!(items[5], Value::Int(31));
        assert_eq!(items[6], Value::Float(1.5));
        assert_eq!(items[7], Value::Float(1000.0));
        assert_eq!(items[8], Value::Int(8080));
        assert_eq!(items[9], Value::String("abc".into()));
        assert_eq!(items[10], Value::String(CompactString::default()));
        assert_eq!(items[11], Value::String("2023-01-01".into()));
    }

    #[test]
    fn multi_document_streams_keep_empty_documents() {
        let docs = load("a: 1\n---\n---\nb: 2\n").unwrap();
        assert_eq!(docs.len(), 3);
        assert!(docs[1].root.is_null());
        assert_eq!(docs[2].root.get("b").unwrap().pos, Pos::new(4, 4));
        assert_eq!(docs[2].index, 2);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = load("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            err,
            LoadError::DuplicateKey {
                key: "a".into(),
                pos: Pos::new(3, 1),
                first: Pos::new(1, 1)
            }
        );
    }

    #[test]
    fn duplicate_keys_in_large_maps_are_errors() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k7: again\n");
        assert!(matches!(load(&text), Err(LoadError::DuplicateKey { .. })));
    }

    #[test]
    fn merge_keys_fill_missing_entries() {
        let docs = load("base: &b {x: 1, y: 2}\nder:\n  <<: *b\n  y: 3\n").unwrap();
        let der = docs[0].root.get("der").unwrap();
        assert_eq!(der.get("x").and_then(Node::as_i64), Some(1));
        assert_eq!(der.get("y").and_then(Node::as_i64), Some(3));
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(matches!(load(&text), Err(LoadError::AliasExpansion { .. })));
    }

    #[test]
    fn deep_nesting_is_stopped() {
        let text = "[".repeat(100_000);
        let err = load(&text).unwrap_err();
        assert!(matches!(err, LoadError::TooDeep { .. }), "{err:?}");
    }

    #[test]
    fn syntax_errors_are_positioned() {
        let err = load("a: 1\nb: [1, 2\n").unwrap_err();
        assert!(matches!(err, LoadError::Yaml { .. }), "{err:?}");
        assert!(err.pos().unwrap().line >= 2);
    }

    #[test]
    fn too_many_documents_are_stopped() {
        let limits = Limits {
            max_documents: 3,
            ..Limits::default()
        };
        let err = load_yaml("a: 1\n---\nb: 1\n---\nc: 1\n---\nd: 1\n", &limits).unwrap_err();
        assert!(matches!(err, LoadError::TooManyDocuments { limit: 3, .. }));
    }
}
