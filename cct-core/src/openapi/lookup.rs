//! JSON pointer resolution in constant time per step, for the large mappings of big descriptions.
//!
//! [`Node::get`] scans a mapping's entries; a 47 MB description has mappings of
//! ten thousand paths or schemas, and every `$ref` and every finding resolves a
//! pointer through them. The mappings at least [`INDEXED_MIN_ENTRIES`] long are
//! indexed once by key; smaller ones are still scanned (that is faster for them).

use std::collections::HashMap;

use crate::document::{unescape_token, Node, Value};

/// Smallest mapping given a key index.
pub const INDEXED_MIN_ENTRIES: usize = 32;

/// Key indexes of the large mappings of some documents.
#[derive(Debug, Default)]
pub struct Lookup<'a> {
    /// Entry index of each key (its first occurrence), by mapping address.
    maps: HashMap<*const Node, HashMap<&'a str, usize>>,
}

impl<'a> Lookup<'a> {
    /// Indexes the large mappings of every root.
    pub fn new<I: IntoIterator<Item = &'a Node>>(roots: I) -> Self {
        let mut lookup = Lookup::default();
        let mut stack: Vec<&'a Node> = roots.into_iter().collect();
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Map(entries) => {
                    if entries.len() >= INDEXED_MIN_ENTRIES {
                        let mut keys = HashMap::with_capacity(entries.len());
                        for (i, (k, _)) in entries.iter().enumerate() {
                            if let Some(name) = k.as_str() {
                                keys.entry(name).or_insert(i);
                            }
                        }
                        lookup.maps.insert(node as *const Node, keys);
                    }
                    stack.extend(entries.iter().map(|(_, v)| v));
                }
                Value::Seq(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
        lookup
    }

    /// The value of `key` in mapping `node` (like [`Node::get`]).
    pub fn get(&self, node: &'a Node, key: &str) -> Option<&'a Node> {
        match self.maps.get(&(node as *const Node)) {
            Some(keys) => keys
                .get(key)
                .and_then(|&i| node.entries().get(i))
                .map(|(_, v)| v),
            None => node.get(key),
        }
    }

    /// Resolves an RFC 6901 pointer from `root` (like [`Node::pointer`]).
    pub fn pointer(&self, root: &'a Node, pointer: &str) -> Option<&'a Node> {
        if pointer.is_empty() {
            return Some(root);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/').try_fold(root, |node, token| {
            let token = unescape_token(token);
            match &node.value {
                Value::Map(_) => self.get(node, &token),
                Value::Seq(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};

    #[test]
    fn agrees_with_node_pointer_on_large_and_small_mappings() {
        let mut text = String::from("{\"big\": {");
        for i in 0..100 {
            text.push_str(&format!("\"k{i}\": {{\"a/b\": [{i}, {{\"x\": 1}}]}},"));
        }
        text.push_str("\"last\": 0}}");
        let docs = load_text(&text, &Limits::default()).unwrap();
        let root = &docs[0].root;
        let lookup = Lookup::new([root]);
        for p in [
            "",
            "/big",
            "/big/k7/a~1b/1/x",
            "/big/k99/a~1b/0",
            "/big/last",
            "/big/nope",
            "/big/k1/a~1b/9",
        ] {
            assert_eq!(lookup.pointer(root, p), root.pointer(p), "{p}");
        }
    }
}
