//! `$ref` resolution: local JSON pointers, and files next to the description through a caller-given loader.

use std::collections::{BTreeMap, BTreeSet};

use crate::document::{load_bytes_with, pointer_join, Duplicates, Limits, LoadError, Node, Schema};
use crate::input::Loaded;
use crate::sink::RuleSink;

use super::{Api, Externals};

/// Longest chain of references followed to reach a value (`$ref` to a `$ref` to …).
/// Longer chains are reported as unresolvable; real descriptions need two or three hops.
pub const MAX_REF_CHAIN: usize = 32;

/// Loads the files that `$ref`s name (the core does no I/O itself).
///
/// `path` is the referenced file's path, joined to the referring file's
/// directory and normalised (`api/openapi.yaml` + `./schemas/pet.yaml` →
/// `api/schemas/pet.yaml`). Return `None` when it cannot be read (the reference
/// is then reported as unresolvable).
pub trait ExternalRefs {
    /// The bytes of the file at `path`, if it can be read.
    fn load(&self, path: &str) -> Option<Vec<u8>>;

    /// The size in bytes of the file at `path` when [`ExternalRefs::load`] left it unread for
    /// being over the input size limit (`limits.max_input_bytes`), so the reference says so
    /// rather than that the file could not be read. `None` by default.
    fn refused_size(&self, _path: &str) -> Option<u64> {
        None
    }
}

impl<T: ExternalRefs + ?Sized> ExternalRefs for &T {
    fn load(&self, path: &str) -> Option<Vec<u8>> {
        (**self).load(path)
    }

    fn refused_size(&self, path: &str) -> Option<u64> {
        (**self).refused_size(path)
    }
}

/// Follows no external reference (every one is reported as unresolvable).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoExternalRefs;

impl ExternalRefs for NoExternalRefs {
    fn load(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}

/// External documents given up front, by normalised path (for bindings and tests).
#[derive(Debug, Clone, Default)]
pub struct MapRefs(pub BTreeMap<String, Vec<u8>>);

impl ExternalRefs for MapRefs {
    fn load(&self, path: &str) -> Option<Vec<u8>> {
        self.0.get(path).cloned()
    }
}

/// One `$ref` of a description.
#[derive(Debug, Clone)]
pub struct RefSite<'a> {
    /// Pointer of the mapping holding the `$ref`.
    pub ptr: String,
    /// The `$ref` value node.
    pub node: &'a Node,
    /// The reference text.
    pub target: &'a str,
}

/// Why a reference could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The pointer names nothing in its document.
    NotFound {
        /// The file (`None`: this description).
        file: Option<String>,
        /// The pointer.
        pointer: String,
    },
    /// The referenced file could not be loaded.
    FileMissing(String),
    /// The referenced file was not loaded: the check reached more files than its limit.
    OverFileLimit {
        /// The file.
        file: String,
        /// The limit in force (`limits.max_ref_files`).
        limit: usize,
    },
    /// The referenced file was not read: it is larger than the input size limit.
    TooLarge {
        /// The file.
        file: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in force (`limits.max_input_bytes`).
        limit: usize,
    },
    /// A remote (`http(s)://`) reference: never fetched.
    Remote,
    /// The fragment is not a JSON pointer (`#Pet` anchors are not followed).
    NotAPointer,
    /// The chain of references comes back to itself.
    Cycle,
    /// The chain is longer than [`MAX_REF_CHAIN`].
    TooLong,
}

impl std::fmt::Display for RefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefError::NotFound {
                file: None,
                pointer,
            } => write!(f, "nothing exists at `#{pointer}` in this description"),
            RefError::NotFound {
                file: Some(file),
                pointer,
            } => write!(f, "nothing exists at `#{pointer}` in `{file}`"),
            RefError::FileMissing(file) => write!(f, "the file `{file}` could not be read"),
            RefError::OverFileLimit { file, limit } => write!(
                f,
                "the file `{file}` was not read: the references reach more than {limit} files \
                 (raise `limits.max_ref_files` in cct.yaml, or pass `--max-ref-files`)"
            ),
            RefError::TooLarge { file, size, limit } => write!(
                f,
                "the file `{file}` was not read: it is {size} bytes, over the input size limit \
                 of {limit} bytes (raise `limits.max_input_bytes` in cct.yaml, or pass \
                 `--max-input-bytes`)"
            ),
            RefError::Remote => f.write_str("remote references are not fetched"),
            RefError::NotAPointer => f.write_str("its fragment is not a JSON pointer"),
            RefError::Cycle => f.write_str("the chain of references loops back on itself"),
            RefError::TooLong => {
                write!(f, "the chain of references is longer than {MAX_REF_CHAIN}")
            }
        }
    }
}

/// A reference followed to its value.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    /// The value reached (never itself a `$ref`).
    pub node: &'a Node,
    /// Its pointer inside its document.
    pub ptr: String,
    /// The file holding it; `None` for this description.
    pub file: Option<String>,
}

/// Joins `reference` (a relative file path) to the directory of `from` and normalises `.` and `..`.
pub fn join_path(from: &str, reference: &str) -> Option<String> {
    if reference.contains("://") || reference.starts_with('/') && from.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        let dir = from.rfind('/').map_or("", |i| &from[..i]);
        dir.split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect()
    };
    let absolute = reference.starts_with('/') || from.starts_with('/');
    for part in reference.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    Some(if absolute {
        format!("/{joined}")
    } else {
        joined
    })
}

/// Splits `file#/pointer` into its file part (empty for local) and its decoded pointer.
fn split(reference: &str) -> (&str, String) {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    (file, decode(fragment))
}

/// Decodes `%XX` escapes of a URI fragment (invalid escapes are kept as they are).
pub fn decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Keys whose values are literal data, never references.
fn is_literal_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "const" | "enum") || key.starts_with("x-")
}

/// Every `$ref` of `root`, in document order; literal values (examples, defaults, enums, extensions) are skipped.
pub fn collect(root: &Node) -> Vec<RefSite<'_>> {
    let mut out = Vec::new();
    walk(root, String::new(), "", "", &mut out);
    out
}

fn walk<'a>(node: &'a Node, ptr: String, key: &str, parent_key: &str, out: &mut Vec<RefSite<'a>>) {
    if node.is_seq() {
        for (i, item) in node.items().iter().enumerate() {
            // A scalar holds no reference (and its pointer would cost an allocation).
            if item.is_map() || item.is_seq() {
                walk(item, format!("{ptr}/{i}"), key, parent_key, out);
            }
        }
        return;
    }
    if !node.is_map() {
        return;
    }
    for (k, v) in node.entries() {
        let Some(name) = k.as_str() else { continue };
        if name == "$ref" {
            if let Some(target) = v.as_str() {
                out.push(RefSite {
                    ptr: ptr.clone(),
                    node: v,
                    target,
                });
            }
            continue;
        }
        // `properties` and the like name user keys: a property called `example` is a schema.
        let names_user_keys = matches!(
            key,
            "properties"
                | "patternProperties"
                | "schemas"
                | "responses"
                | "parameters"
                | "paths"
                | "examples"
                | "headers"
                | "securitySchemes"
                | "requestBodies"
                | "links"
                | "callbacks"
                | "pathItems"
                | "webhooks"
                | "content"
                | "encoding"
                | "mapping"
                | "$defs"
                | "definitions"
                | "variables"
        );
        if !names_user_keys && is_literal_key(name) {
            continue;
        }
        if name == "examples" && v.is_seq() {
            continue;
        }
        if name == "value" && parent_key == "examples" {
            continue;
        }
        if v.is_map() || v.is_seq() {
            walk(v, pointer_join(&ptr, name), name, key, out);
        }
    }
}

/// Loads every external file the descriptions reach, transitively, through `refs`.
/// `sites` holds each description's path and references ([`collect`]); `inputs` are every
/// input of the check (a reference back to one of them resolves in place).
pub fn preload(
    inputs: &[Loaded<'_>],
    sites: &[(&str, &[RefSite<'_>])],
    refs: &dyn ExternalRefs,
    limits: &Limits,
) -> Externals {
    let mut externals = Externals {
        limit: limits.max_ref_files,
        max_input_bytes: limits.max_input_bytes,
        ..Externals::default()
    };
    let mut queue: Vec<String> = Vec::new();
    let wanted = |from: &str, sites: &[RefSite<'_>], queue: &mut Vec<String>| {
        for site in sites {
            let (file, _) = split(site.target);
            if file.is_empty() {
                continue;
            }
            if let Some(path) = join_path(from, file) {
                queue.push(path);
            }
        }
    };
    for (path, described) in sites {
        wanted(path, described, &mut queue);
    }
    // The descriptions themselves are already loaded: a reference back to one resolves in place.
    let mut seen: BTreeSet<String> = inputs.iter().map(|i| i.path.to_owned()).collect();
    while let Some(path) = queue.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        if externals.docs.len() >= limits.max_ref_files {
            externals.over_limit.insert(path);
            continue;
        }
        let root = match refs.load(&path) {
            // Read as the description is: a repeated key keeps its last entry.
            Some(bytes) => {
                match load_bytes_with(&bytes, limits, Schema::Core, Duplicates::LastWins) {
                    Ok(stream) => stream.documents.into_iter().next().map(|doc| doc.root),
                    Err(LoadError::TooLarge { size, .. }) => {
                        externals
                            .too_large
                            .insert(path.clone(), u64::try_from(size).unwrap_or(u64::MAX));
                        None
                    }
                    Err(_) => None,
                }
            }
            None => {
                if let Some(size) = refs.refused_size(&path) {
                    externals.too_large.insert(path.clone(), size);
                }
                None
            }
        };
        if let Some(root) = &root {
            wanted(&path, &collect(root), &mut queue);
        }
        externals.docs.insert(path, root);
    }
    externals
}

impl<'a> Api<'a> {
    /// Resolves `reference` written in `from` (`None`: this description) to the node it names, one hop.
    fn hop(
        &self,
        from: Option<&str>,
        reference: &str,
    ) -> Result<(&'a Node, String, Option<String>), RefError> {
        let (file, pointer) = split(reference);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(RefError::NotAPointer);
        }
        if file.contains("://") {
            return Err(RefError::Remote);
        }
        let (root, file) = if file.is_empty() {
            match from {
                None => (self.root, None),
                Some(f) => (
                    self.externals
                        .get(f)
                        .ok_or_else(|| RefError::FileMissing(f.to_owned()))?,
                    Some(f.to_owned()),
                ),
            }
        } else {
            let path = join_path(from.unwrap_or(self.path), file).ok_or(RefError::Remote)?;
            if path == self.path {
                (self.root, None)
            } else {
                match self.externals.get(&path) {
                    Some(root) => (root, Some(path)),
                    None if self.externals.too_large.contains_key(&path) => {
                        return Err(RefError::TooLarge {
                            size: self.externals.too_large[&path],
                            file: path,
                            limit: self.externals.max_input_bytes,
                        })
                    }
                    None if self.externals.over_limit.contains(&path) => {
                        return Err(RefError::OverFileLimit {
                            file: path,
                            limit: self.externals.limit,
                        })
                    }
                    None => return Err(RefError::FileMissing(path)),
                }
            }
        };
        match self.lookup.pointer(root, &pointer) {
            Some(node) => Ok((node, pointer, file)),
            None => Err(RefError::NotFound { file, pointer }),
        }
    }

    /// Follows `node` while it is a `$ref` (up to [`MAX_REF_CHAIN`] hops, cycles detected).
    /// A node that is not a reference resolves to itself at `ptr`.
    pub fn resolve(&self, node: &'a Node, ptr: &str) -> Result<Resolved<'a>, RefError> {
        let mut current = Resolved {
            node,
            ptr: ptr.to_owned(),
            file: None,
        };
        let mut seen: Vec<(Option<String>, String)> = Vec::new();
        while let Some(reference) = current.node.get("$ref").and_then(Node::as_str) {
            if seen.len() >= MAX_REF_CHAIN {
                return Err(RefError::TooLong);
            }
            seen.push((current.file.clone(), current.ptr.clone()));
            let (next, pointer, file) = self.hop(current.file.as_deref(), reference)?;
            if seen.iter().any(|(f, p)| *f == file && *p == pointer) {
                return Err(RefError::Cycle);
            }
            current = Resolved {
                node: next,
                ptr: pointer,
                file,
            };
        }
        Ok(current)
    }

    /// Like [`Api::resolve`], `None` when the reference cannot be followed (reported by `openapi/ref-resolvable`).
    pub fn deref(&self, node: &'a Node, ptr: &str) -> Option<Resolved<'a>> {
        self.resolve(node, ptr).ok()
    }
}

/// `openapi/ref-resolvable`: every `$ref` of the description leads somewhere.
pub fn check_refs(api: &Api<'_>, sink: &mut RuleSink<'_, '_>) {
    for site in &api.refs {
        let Some(holder) = api.lookup.pointer(api.root, &site.ptr) else {
            continue;
        };
        if let Err(e) = api.resolve(holder, &site.ptr) {
            sink.report(
                api.at(&pointer_join(&site.ptr, "$ref"), site.node),
                Some(api.object()),
                format!("the reference `{}` cannot be followed: {e}", site.target),
                Some(match e {
                    RefError::Cycle => "Break the loop: make one of the references point at a real definition.".to_owned(),
                    RefError::TooLarge { .. } => "Raise `limits.max_input_bytes` in cct.yaml or pass `--max-input-bytes` (each byte read costs about 15 bytes of memory), or split the file.".to_owned(),
                    RefError::OverFileLimit { .. } => "Raise `limits.max_ref_files` in cct.yaml or pass `--max-ref-files` (each file read costs memory), or bundle the description into fewer files.".to_owned(),
                    RefError::FileMissing(_) => "Point the reference at a file that exists next to the description (and pass it to cct), or inline the definition.".to_owned(),
                    RefError::Remote => "Copy the remote definition into the description (or a file next to it) so the check needs no network.".to_owned(),
                    _ => "Point the reference at an existing definition (e.g. `#/components/schemas/Pet`) or add the missing definition.".to_owned(),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_and_normalised() {
        assert_eq!(
            join_path("api/openapi.yaml", "./schemas/pet.yaml").as_deref(),
            Some("api/schemas/pet.yaml")
        );
        assert_eq!(
            join_path("api/v1/openapi.yaml", "../common.yaml").as_deref(),
            Some("api/common.yaml")
        );
        assert_eq!(
            join_path("openapi.yaml", "../x.yaml").as_deref(),
            Some("../x.yaml")
        );
        assert_eq!(
            join_path("/srv/api/openapi.yaml", "a.yaml").as_deref(),
            Some("/srv/api/a.yaml")
        );
        assert_eq!(
            join_path("openapi.yaml", "https://example.org/x.yaml"),
            None
        );
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(
            split("#/paths/~1pets%7Bid%7D"),
            ("", "/paths/~1pets{id}".to_owned())
        );
        assert_eq!(split("pet.yaml"), ("pet.yaml", String::new()));
        assert_eq!(
            decode("%é%4"),
            "%é%4",
            "invalid escapes are kept, multi-byte text does not panic"
        );
        assert_eq!(decode("a%2Fb%7e"), "a/b~");
    }
}
