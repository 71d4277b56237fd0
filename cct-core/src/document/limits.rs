//! Resource limits applied while reading untrusted input.
//!
//! cct reads files anyone can put in a merge request. Each limit below bounds
//! the work one input can cause; exceeding one is a clear, positioned input
//! error, never a crash or a hang.

use serde::{Deserialize, Serialize};

/// Default largest input, in bytes (64 MiB).
pub const DEFAULT_MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Default deepest nesting of mappings and sequences (the YAML parser
/// itself stops a little deeper, and that is reported the same way).
pub const DEFAULT_MAX_DEPTH: usize = 200;
/// Default largest number of nodes that YAML aliases may add by expansion
/// (a "billion laughs" document hits this after a few levels).
pub const DEFAULT_MAX_ALIAS_NODES: usize = 1_000_000;
/// Default largest number of documents in one YAML stream.
pub const DEFAULT_MAX_DOCUMENTS: usize = 100_000;
/// Default largest number of files OpenAPI `$ref`s may bring into one check
/// (a real multi-file description spreads over 2,849 files).
pub const DEFAULT_MAX_REF_FILES: usize = 10_000;

/// Limits applied while loading one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest input accepted, in bytes.
    pub max_input_bytes: usize,
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Most nodes YAML aliases may materialise, over a whole input.
    pub max_alias_nodes: usize,
    /// Most documents in a YAML stream.
    pub max_documents: usize,
    /// Most files OpenAPI `$ref`s may bring into one check (the descriptions themselves not counted).
    pub max_ref_files: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_alias_nodes: DEFAULT_MAX_ALIAS_NODES,
            max_documents: DEFAULT_MAX_DOCUMENTS,
            max_ref_files: DEFAULT_MAX_REF_FILES,
        }
    }
}
