//! OpenAPI evaluator: OpenAPI 3.0 and 3.1 descriptions (YAML or JSON), Swagger 2.0 recognised.
//!
//! Descriptions are read as positioned [`Node`] trees, so every finding
//! carries the line, column and JSON pointer of the node it is about. The
//! evaluator never touches the file system: references to other files are
//! followed through an [`ExternalRefs`] given by the caller (the CLI reads
//! the files next to the description; bindings may pass a map).
//!
//! The checks (ids `openapi/…`, documented in `rules/catalog/openapi.yaml`):
//! - [`schema`]: structural validity against the official OpenAPI 3.0 / 3.1 JSON Schemas, embedded;
//! - [`refs`]: `$ref` resolution (local and external), with cycles and chain length bounded;
//! - [`rules`]: documentation, operations, responses, `/health` and `/metrics`,
//!   security, servers, path style, unused components and examples.

use std::collections::{BTreeMap, BTreeSet};

use crate::document::{pointer_join, Document, Node};
use crate::input::Loaded;
use crate::locate::Locate;
use crate::report::{Location, ObjectRef};
use crate::sink::Sink;

pub mod lookup;
pub mod refs;
pub mod rules;
pub mod schema;

pub use refs::{ExternalRefs, MapRefs, NoExternalRefs, MAX_REF_CHAIN};

/// The HTTP methods an OpenAPI path item may hold, in specification order.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The OpenAPI version family of a description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x.
    V30,
    /// OpenAPI 3.1.x.
    V31,
}

/// One OpenAPI description under evaluation, with its `$ref` resolver.
pub struct Api<'a> {
    /// The input's path.
    pub path: &'a str,
    /// The document holding the description.
    pub document: &'a Document,
    /// The description's root.
    pub root: &'a Node,
    /// The version family.
    pub version: Version,
    /// Every `$ref` of the description, in document order.
    pub refs: Vec<refs::RefSite<'a>>,
    /// External documents loaded on demand, by normalised path.
    externals: &'a Externals,
    /// Key indexes of the large mappings of this description and of the external documents.
    lookup: &'a lookup::Lookup<'a>,
    /// Every operation of `paths`, listed once (see [`Api::operations`]).
    operations: Vec<Operation<'a>>,
}

/// External documents referenced by the descriptions of one check, loaded before evaluation.
#[derive(Debug, Default)]
pub struct Externals {
    /// Root of each loaded document, by normalised path; `None` when it could not be loaded.
    docs: BTreeMap<String, Option<Node>>,
    /// Files referenced but not loaded because `limit` files already were.
    over_limit: BTreeSet<String>,
    /// The most files loaded (`limits.max_ref_files`).
    limit: usize,
    /// Files not loaded for being over the input size limit, with their size in bytes.
    too_large: BTreeMap<String, u64>,
    /// The input size limit (`limits.max_input_bytes`).
    max_input_bytes: usize,
}

impl Externals {
    /// The root of the external document at normalised path `path`, when it was loaded.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.docs.get(path).and_then(Option::as_ref)
    }
}

impl<'a> Api<'a> {
    /// A location at `node` of this description, whose pointer is `pointer`.
    pub fn at(&self, pointer: &str, node: &Node) -> Location {
        Location {
            path: self.path.to_owned(),
            document: Some(self.document.index),
            line: node.pos.line,
            column: node.pos.column,
            pointer: pointer.to_owned(),
            source: None,
        }
    }

    /// The location of the key `key` of the mapping at `pointer` (to point at a name rather than its value).
    pub fn at_key(&self, pointer: &str, key: &str) -> Location {
        let full = pointer_join(pointer, key);
        match self
            .lookup
            .pointer(self.root, pointer)
            .and_then(|m| m.key(key))
        {
            Some(k) => self.at(&full, k),
            None => self.locate(&full),
        }
    }

    /// The object reference of the description itself (`OpenAPI` named by its title).
    pub fn object(&self) -> ObjectRef {
        ObjectRef {
            api_version: None,
            kind: "OpenAPI".to_owned(),
            namespace: None,
            name: self
                .root
                .get_path(&["info", "title"])
                .and_then(Node::as_str)
                .map(str::to_owned),
        }
    }

    /// Every operation of `paths`, in document order (path items reached through a local `$ref` included;
    /// `webhooks` are not operations of this API's paths and are not listed).
    pub fn operations(&self) -> &[Operation<'a>] {
        &self.operations
    }

    /// Lists the operations of `paths` (once per description: every operation rule reads them).
    fn list_operations(&self) -> Vec<Operation<'a>> {
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths") else {
            return out;
        };
        for (key, item) in paths.entries() {
            let Some(template) = key.as_str() else {
                continue;
            };
            let item_ptr = pointer_join("/paths", template);
            // A path item in another file is checked only through its references (positions
            // there would not match this description's pointers).
            let item = self
                .deref(item, &item_ptr)
                .filter(|r| r.file.is_none())
                .map_or(item, |r| r.node);
            for method in METHODS {
                let Some(node) = item.get(method) else {
                    continue;
                };
                if !node.is_map() {
                    continue;
                }
                let mut ptr = pointer_join(&item_ptr, method);
                // An operation given as a `$ref` (invalid, reported once by `openapi/schema-valid`,
                // but what bundlers resolve) is judged where it is defined, when that is in this
                // description; one in another file is not judged here (its positions are not ours).
                let node = if node.get("$ref").is_some() {
                    match self.deref(node, &ptr) {
                        Some(r) if r.file.is_none() => {
                            ptr = r.ptr;
                            r.node
                        }
                        _ => continue,
                    }
                } else {
                    node
                };
                out.push(Operation {
                    template,
                    method,
                    node,
                    ptr,
                    item,
                    item_ptr: item_ptr.clone(),
                });
            }
        }
        out
    }
}

impl Locate for Api<'_> {
    fn root(&self) -> &Node {
        self.root
    }

    fn at(&self, pointer: &str, node: &Node) -> Location {
        Api::at(self, pointer, node)
    }

    fn object(&self) -> Option<ObjectRef> {
        Some(Api::object(self))
    }

    /// As the trait does, resolving through the key indexes of large mappings.
    fn locate(&self, pointer: &str) -> Location {
        let mut probe = pointer;
        loop {
            if let Some(node) = self.lookup.pointer(self.root, probe) {
                return self.at(pointer, node);
            }
            match probe.rfind('/') {
                Some(i) => probe = &probe[..i],
                None => return self.at(pointer, self.root),
            }
        }
    }
}

/// One operation (a method of a path item).
#[derive(Debug, Clone)]
pub struct Operation<'a> {
    /// The path template (`/pets/{id}`).
    pub template: &'a str,
    /// The lower-case method (`get`).
    pub method: &'a str,
    /// The operation's node.
    pub node: &'a Node,
    /// Its JSON pointer (`/paths/~1pets~1{id}/get`).
    pub ptr: String,
    /// The path item holding it.
    pub item: &'a Node,
    /// The path item's JSON pointer.
    pub item_ptr: String,
}

impl Operation<'_> {
    /// `GET /pets/{id}` for messages.
    pub fn display(&self) -> String {
        format!("`{} {}`", self.method.to_ascii_uppercase(), self.template)
    }

    /// The `operationId`, when it is a string.
    pub fn id(&self) -> Option<&str> {
        self.node.get("operationId").and_then(Node::as_str)
    }

    /// The object reference carried by findings (`Operation` named by its id, else `GET /path`).
    pub fn object(&self) -> ObjectRef {
        ObjectRef {
            api_version: None,
            kind: "Operation".to_owned(),
            namespace: None,
            name: Some(self.id().map_or_else(
                || format!("{} {}", self.method.to_ascii_uppercase(), self.template),
                str::to_owned,
            )),
        }
    }

    /// Whether the operation serves a `/health` or `/metrics` endpoint (exempt from authentication).
    pub fn is_monitoring(&self) -> bool {
        rules::is_health_path(self.template) || rules::is_metrics_path(self.template)
    }
}

/// Whether `path` names an OpenAPI description by its file name (`openapi.yaml`, `swagger.json`,
/// `pets.openapi.yml`, any case): an empty such file is reported rather than skipped.
pub fn is_description_path(path: &str) -> bool {
    let name = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(ext, "yaml" | "yml" | "json")
        && (matches!(stem, "openapi" | "swagger") || stem.ends_with(".openapi"))
}

/// Why the documents of an input given as an OpenAPI description (or named like one, see
/// [`is_description_path`]) hold none to check, when they hold none: the input is empty (only
/// whitespace or comments), or, unless `only_empty`, its top level is not a mapping.
/// Returns the message and the position of the offending root, if any.
pub fn no_description(
    documents: &[Document],
    only_empty: bool,
) -> Option<(String, Option<crate::document::Pos>)> {
    if documents.iter().any(|d| d.root.is_map()) {
        return None;
    }
    match documents.iter().find(|d| !d.root.is_null()) {
        None => Some((
            "the input is empty (nothing but whitespace or comments): there is no OpenAPI \
             description to check"
                .to_owned(),
            None,
        )),
        Some(_) if only_empty => None,
        Some(d) => Some((
            format!(
                "the input is not an OpenAPI description: its top level is {}, not a mapping \
                 starting with `openapi: 3.x`",
                d.root.type_name()
            ),
            Some(d.root.pos),
        )),
    }
}

/// Evaluates OpenAPI descriptions; references to other files are not followed.
pub fn evaluate(inputs: &[Loaded<'_>], sink: &mut Sink<'_>) {
    evaluate_with(inputs, sink, &NoExternalRefs);
}

/// Evaluates OpenAPI descriptions, loading the files their `$ref`s name through `refs`.
pub fn evaluate_with(inputs: &[Loaded<'_>], sink: &mut Sink<'_>, refs: &dyn ExternalRefs) {
    // Every `$ref` of each description, collected once: for the files to load and for the rules.
    let mut sites: Vec<Vec<Vec<refs::RefSite<'_>>>> = inputs
        .iter()
        .map(|i| {
            i.documents
                .iter()
                .map(|d| {
                    if d.root.get("openapi").is_some() {
                        refs::collect(&d.root)
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        })
        .collect();
    let described: Vec<(&str, &[refs::RefSite<'_>])> = inputs
        .iter()
        .zip(&sites)
        .flat_map(|(i, docs)| docs.iter().map(move |d| (i.path, d.as_slice())))
        .collect();
    let externals = refs::preload(inputs, &described, refs, &sink.policy().limits);
    drop(described);
    let lookup = lookup::Lookup::new(
        inputs
            .iter()
            .flat_map(|i| i.documents.iter().map(|d| &d.root))
            .filter(|root| root.get("openapi").is_some())
            .chain(externals.docs.values().flatten()),
    );
    for (input, input_sites) in inputs.iter().zip(&mut sites) {
        for (document, document_sites) in input.documents.iter().zip(input_sites) {
            let root = &document.root;
            if !root.is_map() {
                continue;
            }
            for rule in rules::ALL {
                if let rules::Check::Document(check) = rule.check {
                    if sink.enabled(rule.id) {
                        check(input.path, document, &mut sink.rule(rule.id));
                    }
                }
            }
            let Ok(version) = rules::version(root) else {
                continue;
            };
            let mut api = Api {
                path: input.path,
                document,
                root,
                version,
                refs: std::mem::take(document_sites),
                externals: &externals,
                lookup: &lookup,
                operations: Vec::new(),
            };
            api.operations = api.list_operations();
            check_api(&api, sink);
        }
    }
}

/// The rule whose costly half ([`schema::judge`]) runs beside the others.
const SCHEMA_RULE: &str = "openapi/schema-valid";

/// Runs every enabled rule on one description. The schema validation needs only the tree, so
/// it runs on a thread of its own while the other rules run (on one thread when none can be
/// started, as in WebAssembly); its findings are reported last (the report sorts them).
fn check_api(api: &Api<'_>, sink: &mut Sink<'_>) {
    let schema_enabled = sink.enabled(SCHEMA_RULE);
    let (root, version) = (api.root, api.version);
    std::thread::scope(|scope| {
        let pending = if schema_enabled {
            std::thread::Builder::new()
                .name("cct-openapi-schema".to_owned())
                .spawn_scoped(scope, move || schema::judge(root, version))
                .ok()
        } else {
            None
        };
        for rule in rules::ALL {
            if rule.id == SCHEMA_RULE {
                continue;
            }
            if let rules::Check::Api(check) = rule.check {
                if sink.enabled(rule.id) {
                    check(api, &mut sink.rule(rule.id));
                }
            }
        }
        if schema_enabled {
            let judged = match pending {
                Some(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => schema::judge(root, version),
            };
            schema::report(api, judged, &mut sink.rule(SCHEMA_RULE));
        }
    });
}

/// The ids of every OpenAPI rule implemented in code (the catalog must list each).
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::ALL.iter().map(|r| r.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_run_apart_is_in_the_table() {
        assert!(rule_ids().any(|id| id == SCHEMA_RULE));
    }
}
