//! One way to place a finding: the subjects rules read (a Kubernetes object, an OpenAPI
//! description, an image configuration or manifest) implement [`Locate`], so a pointer to a
//! missing node lands on its nearest existing parent the same way in every kind.

use crate::document::Node;
use crate::report::{Location, ObjectRef};

/// A subject whose findings are located by JSON pointer in a positioned tree.
pub trait Locate {
    /// The node pointers are read from.
    fn root(&self) -> &Node;

    /// A location at `node`, named by `pointer`.
    fn at(&self, pointer: &str, node: &Node) -> Location;

    /// The object findings about this subject carry.
    fn object(&self) -> Option<ObjectRef>;

    /// `pointer` relative to [`Locate::root`] (the subject's own pointer removed, when it has one).
    fn relative<'p>(&self, pointer: &'p str) -> &'p str {
        pointer
    }

    /// The location of `pointer`: at that node when it exists, else at its nearest
    /// existing parent (the pointer still names the missing node).
    fn locate(&self, pointer: &str) -> Location {
        self.at(pointer, nearest(self.root(), self.relative(pointer)))
    }
}

/// The deepest existing node along `pointer` under `root`.
pub fn nearest<'n>(root: &'n Node, pointer: &str) -> &'n Node {
    let mut node = root;
    if let Some(rest) = pointer.strip_prefix('/') {
        for token in rest.split('/') {
            match node.pointer(&format!("/{token}")) {
                Some(n) => node = n,
                None => break,
            }
        }
    }
    node
}
