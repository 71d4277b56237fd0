//! Errors raised while reading an input into documents.

use super::node::Pos;

/// Why an input could not be read. Every variant that can be placed carries its position.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The input is not valid UTF-8 (nor UTF-16 with a byte-order mark).
    #[error("invalid UTF-8 byte sequence")]
    InvalidUtf8 {
        /// Where the first invalid byte is.
        pos: Pos,
    },
    /// The input contains a NUL byte, which YAML and JSON forbid.
    #[error("NUL byte in text input (is this a binary file?)")]
    NulByte {
        /// Where the NUL byte is.
        pos: Pos,
    },
    /// The input is larger than the configured limit.
    #[error(
        "input is {size} bytes, over the input size limit of {limit} bytes \
         (raise `limits.max_input_bytes` in cct.yaml, or pass `--max-input-bytes`)"
    )]
    TooLarge {
        /// Size of the input.
        size: usize,
        /// The limit in force.
        limit: usize,
    },
    /// A Go template (a Helm chart's `templates/` file), which is YAML only once rendered.
    #[error(
        "a Helm (Go) template, not YAML: `{{{{` at line {}, column {}; render the chart first \
         (`cct check --helm CHART`, or `helm template CHART | cct check -`)",
        pos.line, pos.column
    )]
    Template {
        /// Where the first template action stands.
        pos: Pos,
    },
    /// YAML syntax error.
    #[error("invalid YAML: {message}")]
    Yaml {
        /// What the parser said.
        message: String,
        /// Where.
        pos: Pos,
    },
    /// JSON syntax error.
    #[error("invalid JSON: {message}")]
    Json {
        /// What is wrong.
        message: String,
        /// Where.
        pos: Pos,
    },
    /// A mapping holds the same key twice.
    #[error("duplicate key `{key}` (first defined at line {})", first.line)]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// Where the repetition is.
        pos: Pos,
        /// Where the key was first defined.
        first: Pos,
    },
    /// YAML aliases expand to more nodes than allowed.
    #[error("YAML aliases expand to more than {limit} nodes (an alias bomb?)")]
    AliasExpansion {
        /// The limit in force.
        limit: usize,
        /// The alias that crossed it.
        pos: Pos,
    },
    /// An alias refers to an anchor that does not exist.
    #[error("alias refers to an unknown anchor")]
    UnknownAlias {
        /// Where the alias is.
        pos: Pos,
    },
    /// Collections are nested deeper than allowed.
    #[error("nesting deeper than {limit} levels")]
    TooDeep {
        /// The limit in force.
        limit: usize,
        /// The collection that crossed it.
        pos: Pos,
    },
    /// The stream holds more documents than allowed.
    #[error("more than {limit} documents in one stream")]
    TooManyDocuments {
        /// The limit in force.
        limit: usize,
        /// The document that crossed it.
        pos: Pos,
    },
}

impl LoadError {
    /// Where the error is, when it has a position.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            LoadError::TooLarge { .. } => None,
            LoadError::InvalidUtf8 { pos }
            | LoadError::NulByte { pos }
            | LoadError::Template { pos }
            | LoadError::Yaml { pos, .. }
            | LoadError::Json { pos, .. }
            | LoadError::DuplicateKey { pos, .. }
            | LoadError::AliasExpansion { pos, .. }
            | LoadError::UnknownAlias { pos }
            | LoadError::TooDeep { pos, .. }
            | LoadError::TooManyDocuments { pos, .. } => Some(*pos),
        }
    }
}
