//! Reading inputs (YAML streams and JSON) into positioned documents.

mod decode;
mod duplicate;
mod error;
mod fast;
mod flow_indent;
mod json;
mod limits;
mod node;
mod schema;
mod template;
mod yaml;

pub use decode::decode_text;
pub use duplicate::{DuplicateKey, Duplicates};
pub use error::LoadError;
pub use json::load_json;
pub use limits::{
    Limits, DEFAULT_MAX_ALIAS_NODES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_DOCUMENTS,
    DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_REF_FILES,
};
pub(crate) use node::unescape_token;
pub use node::{
    escape_pointer_token, pointer_index, pointer_join, unescape_pointer_token, CompactString, Node,
    Pos, Value,
};
pub use schema::Schema;
pub use yaml::load_yaml;

use schema::Resolver;

/// One document of an input (a YAML stream holds several).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// 0-based index of the document in its stream.
    pub index: usize,
    /// The document's root value (`Null` for an empty document).
    pub root: Node,
    /// The Helm template this document came from (`# Source: chart/templates/x.yaml`), when present.
    pub source: Option<String>,
    /// The keys its mappings repeat, in reading order, when read with [`Duplicates::LastWins`]
    /// (always empty otherwise: a repeated key is an error).
    pub duplicates: Vec<DuplicateKey>,
    /// The floats whose rendering is not what was written (`1.10`, `1e3`), with the text
    /// written, by position in document order; see [`Document::quoted_text`].
    pub numbers: Vec<(Pos, CompactString)>,
}

impl Document {
    /// A scalar of this document rendered as its author wrote it: [`Node::quoted_text`], and a
    /// float as written (`1.10`, not `1.1`).
    pub fn quoted_text(&self, node: &Node) -> Option<String> {
        if matches!(node.value, Value::Float(_)) {
            if let Ok(at) = self
                .numbers
                .binary_search_by_key(&node.pos, |(pos, _)| *pos)
            {
                return Some(self.numbers[at].1.to_string());
            }
        }
        node.quoted_text()
    }
}

/// The documents read from one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// The documents, in stream order.
    pub documents: Vec<Document>,
    /// Whether some plain scalar would resolve differently under
    /// [`Schema::Kubernetes`] (always `false` when read with that schema):
    /// a caller that finds Kubernetes manifests reads them again with it.
    pub kubernetes_differs: bool,
}

/// Reads text as JSON when it looks like JSON, else as a YAML stream (YAML 1.2 core schema).
///
/// Text starting with `{` or `[` is read as JSON first; when that fails it
/// is read as YAML (flow-style YAML also starts with a brace), and if both
/// fail the JSON error is returned since that is what the author meant.
pub fn load_text(text: &str, limits: &Limits) -> Result<Vec<Document>, LoadError> {
    load_text_as(text, limits, Schema::Core).map(|s| s.documents)
}

/// Like [`load_text`], resolving plain scalars with `schema`.
pub fn load_text_as(text: &str, limits: &Limits, schema: Schema) -> Result<Stream, LoadError> {
    load_text_with(text, limits, schema, Duplicates::Refuse)
}

/// Like [`load_text_as`], treating a key repeated in one mapping as `duplicates` says.
pub fn load_text_with(
    text: &str,
    limits: &Limits,
    schema: Schema,
    duplicates: Duplicates,
) -> Result<Stream, LoadError> {
    let resolver = Resolver::new(schema);
    let documents = load_documents(text, limits, &resolver, duplicates)?;
    Ok(Stream {
        documents,
        kubernetes_differs: resolver.kubernetes_differs(),
    })
}

fn load_documents(
    text: &str,
    limits: &Limits,
    resolver: &Resolver,
    duplicates: Duplicates,
) -> Result<Vec<Document>, LoadError> {
    if text.len() > limits.max_input_bytes {
        return Err(LoadError::TooLarge {
            size: text.len(),
            limit: limits.max_input_bytes,
        });
    }
    if let Some(pos) = template::template_action(text) {
        return Err(LoadError::Template { pos });
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        match json::load_json_with(text, limits, duplicates) {
            Ok(docs) => return Ok(docs),
            Err(json_error) => {
                return match yaml::load_yaml_with(text, limits, resolver, duplicates) {
                    Ok(mut docs) => {
                        give_numbers(&mut docs, resolver.take_written());
                        Ok(docs)
                    }
                    Err(_) => Err(json_error),
                }
            }
        }
    }
    let mut docs = match fast::load_fast_with(text, limits, resolver) {
        Some(docs) => docs,
        None => yaml::load_yaml_with(text, limits, resolver, duplicates)?,
    };
    give_numbers(&mut docs, resolver.take_written());
    if text.contains("# Source: ") {
        attach_helm_sources(text, &mut docs);
    }
    Ok(docs)
}

/// Reads bytes (any supported encoding) as JSON or YAML; see [`load_text`].
pub fn load_bytes(bytes: &[u8], limits: &Limits) -> Result<Vec<Document>, LoadError> {
    load_bytes_as(bytes, limits, Schema::Core).map(|s| s.documents)
}

/// Like [`load_bytes`], resolving plain scalars with `schema`.
pub fn load_bytes_as(bytes: &[u8], limits: &Limits, schema: Schema) -> Result<Stream, LoadError> {
    load_bytes_with(bytes, limits, schema, Duplicates::Refuse)
}

/// Like [`load_bytes_as`], treating a key repeated in one mapping as `duplicates` says.
pub fn load_bytes_with(
    bytes: &[u8],
    limits: &Limits,
    schema: Schema,
    duplicates: Duplicates,
) -> Result<Stream, LoadError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(LoadError::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
        });
    }
    let text = decode_text(bytes)?;
    load_text_with(&text, limits, schema, duplicates)
}

/// Gives each document the floats noted while reading the stream that fall in it (from its root on).
fn give_numbers(docs: &mut [Document], mut numbers: Vec<(Pos, CompactString)>) {
    if numbers.is_empty() {
        return;
    }
    numbers.sort_by_key(|(pos, _)| *pos);
    for doc in docs.iter_mut().rev() {
        let from = numbers.partition_point(|(pos, _)| *pos < doc.root.pos);
        doc.numbers = numbers.split_off(from);
    }
}

/// Gives each document the `# Source:` comment Helm writes just before it.
fn attach_helm_sources(text: &str, docs: &mut [Document]) {
    let sources: Vec<(u32, &str)> = text
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            line.strip_prefix("# Source: ")
                .map(|s| (decode::saturate(i + 1), s.trim()))
        })
        .collect();
    let mut previous_line = 0;
    for doc in docs.iter_mut() {
        let line = doc.root.pos.line;
        doc.source = sources
            .iter()
            .rev()
            .find(|(at, _)| *at <= line && *at > previous_line)
            .map(|(_, s)| (*s).to_owned());
        previous_line = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helm_sources_are_attached() {
        let text = "---\n# Source: chart/templates/a.yaml\nkind: A\n---\n# Source: chart/templates/b.yaml\nkind: B\n";
        let docs = load_text(text, &Limits::default()).unwrap();
        assert_eq!(docs[0].source.as_deref(), Some("chart/templates/a.yaml"));
        assert_eq!(docs[1].source.as_deref(), Some("chart/templates/b.yaml"));
    }

    #[test]
    fn json_and_yaml_are_both_read() {
        let docs = load_text("{\"a\": [1, 2]}", &Limits::default()).unwrap();
        assert_eq!(docs[0].root.pointer("/a/1").and_then(Node::as_i64), Some(2));
        let docs = load_text("{a: [1, 2]}", &Limits::default()).unwrap();
        assert_eq!(docs[0].root.pointer("/a/0").and_then(Node::as_i64), Some(1));
    }

    fn last_wins(text: &str) -> Vec<Document> {
        load_text_with(text, &Limits::default(), Schema::Core, Duplicates::LastWins)
            .unwrap()
            .documents
    }

    #[test]
    fn last_key_wins_in_yaml_and_json_and_the_repetition_is_recorded() {
        for text in [
            "a:\n  - {x: 1}\n  - {x: 2, y: 3, x: 4}\n",
            "{\"a\": [{\"x\": 1},\n {\"x\": 2, \"y\": 3, \"x\": 4}]}",
        ] {
            let docs = last_wins(text);
            let item = docs[0].root.pointer("/a/1").unwrap();
            assert_eq!(item.get("x").and_then(Node::as_i64), Some(4), "{text}");
            // One entry per key, in source order: the earlier `x` is gone.
            let keys: Vec<_> = item.entries().iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(keys, [Some("y"), Some("x")], "{text}");
            let repeated = &docs[0].duplicates;
            assert_eq!(repeated.len(), 1, "{text}");
            assert_eq!(repeated[0].key, "x");
            assert_eq!(repeated[0].pointer, "/a/1/x");
            // Both on the last line: the first `x` at its start, the repetition after `y`.
            assert_eq!(repeated[0].first.line, repeated[0].pos.line);
            assert!(repeated[0].pos.column > repeated[0].first.column + 8);
        }
        // The same reads refuse by default.
        assert!(matches!(
            load_text("{\"x\": 2, \"x\": 4}", &Limits::default()),
            Err(LoadError::DuplicateKey { .. })
        ));
        assert!(matches!(
            load_text("x: 2\nx: 4\n", &Limits::default()),
            Err(LoadError::DuplicateKey { .. })
        ));
    }

    #[test]
    fn last_key_wins_in_large_maps_and_three_times() {
        let mut text: String = (0..40).map(|i| format!("k{i}: {i}\n")).collect();
        text.push_str("k7: again\nk7: last\n");
        let docs = last_wins(&text);
        assert_eq!(docs[0].root.entries().len(), 40);
        assert_eq!(docs[0].root.get("k7").and_then(Node::as_str), Some("last"));
        let at: Vec<(u32, u32)> = docs[0]
            .duplicates
            .iter()
            .map(|d| (d.pos.line, d.first.line))
            .collect();
        assert_eq!(at, [(41, 8), (42, 41)]);
        // Without a repetition, nothing is recorded (and the fast reader answers).
        assert!(last_wins("a: 1\nb: {a: 2}\n")[0].duplicates.is_empty());
    }

    #[test]
    fn floats_are_quoted_as_written() {
        let quoted = |docs: &[Document], i: usize, pointer: &str| {
            docs[i].quoted_text(docs[i].root.pointer(pointer).unwrap())
        };
        // Block YAML (fast reader), flow YAML, the full parser (an anchor), and JSON.
        for text in [
            "a: 1.10\nb: 1.0\nc: 1e3\nd: [.5, 2.50]\n",
            "{a: 1.10, b: 1.0, c: 1e3, d: [.5, 2.50]}",
            "a: &x 1.10\nb: 1.0\nc: 1e3\nd: [.5, 2.50]\n",
            "{\"a\": 1.10, \"b\": 1.0, \"c\": 1e3, \"d\": [0.5, 2.50]}",
        ] {
            let docs = load_text(text, &Limits::default()).unwrap();
            assert_eq!(quoted(&docs, 0, "/a").as_deref(), Some("1.10"), "{text}");
            assert_eq!(quoted(&docs, 0, "/b").as_deref(), Some("1.0"), "{text}");
            assert_eq!(quoted(&docs, 0, "/c").as_deref(), Some("1e3"), "{text}");
            assert_eq!(quoted(&docs, 0, "/d/1").as_deref(), Some("2.50"), "{text}");
            // Only the floats whose rendering differs are kept.
            assert!(docs[0].numbers.len() <= 4, "{text}: {:?}", docs[0].numbers);
        }
        // Each document of a stream holds its own.
        let docs = load_text("a: 1.10\n---\na: 2.20\n", &Limits::default()).unwrap();
        assert_eq!(quoted(&docs, 0, "/a").as_deref(), Some("1.10"));
        assert_eq!(quoted(&docs, 1, "/a").as_deref(), Some("2.20"));
        assert_eq!((docs[0].numbers.len(), docs[1].numbers.len()), (1, 1));
    }

    #[test]
    fn size_limit_is_enforced() {
        let limits = Limits {
            max_input_bytes: 4,
            ..Limits::default()
        };
        assert!(matches!(
            load_bytes(b"a: 12345", &limits),
            Err(LoadError::TooLarge { size: 8, limit: 4 })
        ));
    }
}
