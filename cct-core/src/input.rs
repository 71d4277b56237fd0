//! What a check reads: an input's path and bytes, and the documents read from it.

use std::borrow::Cow;

use crate::artefact::ArtefactKind;
use crate::document::Document;

/// One input of a check: a path (for locations) and its bytes.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// The path shown in locations (`-` for standard input).
    pub path: String,
    /// The content.
    pub bytes: Cow<'a, [u8]>,
    /// Forces the artefact kind; `None` detects it from the content.
    pub kind: Option<ArtefactKind>,
}

impl<'a> Input<'a> {
    /// An input whose kind is detected from its content.
    pub fn new(path: impl Into<String>, bytes: impl Into<Cow<'a, [u8]>>) -> Self {
        Input {
            path: path.into(),
            bytes: bytes.into(),
            kind: None,
        }
    }

    /// An input of text.
    pub fn text(path: impl Into<String>, text: &'a str) -> Self {
        Input::new(path, text.as_bytes())
    }

    /// Forces the artefact kind.
    pub fn with_kind(mut self, kind: Option<ArtefactKind>) -> Self {
        self.kind = kind;
        self
    }
}

/// An input read into documents, handed to an evaluator.
#[derive(Debug, Clone)]
pub struct Loaded<'a> {
    /// The input's path.
    pub path: &'a str,
    /// Its documents.
    pub documents: Vec<Document>,
}
