//! Images and manifests as the rules see them: a node of a positioned
//! document plus where it came from (input, platform, archive member).

use crate::document::{Node, Pos};
use crate::image::files::LayerFiles;
use crate::image::os::OsFacts;
use crate::locate::Locate;
use crate::report::{Location, ObjectRef};

/// What the layers said about the operating system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OsEvidence {
    /// No layers were read (a config or `docker inspect` input): the base-image label is used.
    NotScanned,
    /// `os-release` was found in a layer.
    Found {
        /// What it says.
        facts: OsFacts,
        /// 1-based line of `VERSION_ID` (or `ID`) in the file.
        line: u32,
        /// `<platform> <layer digest> <path>`, the finding's `source`.
        source: String,
    },
    /// Every layer was read and none holds an `os-release` (a `scratch` image).
    Missing,
    /// A layer could not be read (see the input errors).
    Unreadable(String),
}

/// Where a document read from an input sits.
#[derive(Debug, Clone)]
pub struct Origin<'a> {
    /// The input's path.
    pub path: &'a str,
    /// Index of the document (or, in a layout or archive, of the image).
    pub document: Option<usize>,
    /// Sub-location: the platform, and the archive member when not the config.
    pub source: Option<String>,
}

impl Origin<'_> {
    /// A location at `node`, whose pointer is `pointer`.
    pub fn at(&self, pointer: &str, node: &Node) -> Location {
        self.at_pos(pointer, node.pos)
    }

    /// A location at `pos`.
    pub fn at_pos(&self, pointer: &str, pos: Pos) -> Location {
        Location {
            path: self.path.to_owned(),
            document: self.document,
            line: pos.line,
            column: pos.column,
            pointer: pointer.to_owned(),
            source: self.source.clone(),
        }
    }
}

/// An image configuration: an OCI/Docker image config, or one `docker inspect` entry.
#[derive(Debug, Clone)]
pub struct ImageView<'a> {
    /// Where it was read.
    pub origin: Origin<'a>,
    /// The config (or `docker inspect` entry) node.
    pub root: &'a Node,
    /// Its pointer in its document (`""`, or `/0` in `docker inspect` output).
    pub base: String,
    /// `docker inspect` field names (`Config`, `Os`) instead of OCI ones (`config`, `os`).
    pub docker: bool,
    /// The image reference (tag, `org.opencontainers.image.ref.name`, or id), when known.
    pub name: Option<String>,
    /// `os/architecture[/variant]`, when known.
    pub platform: Option<String>,
    /// What the layers said about the OS.
    pub os: OsEvidence,
    /// Whether the layer count and size are judged elsewhere (on the manifest).
    pub sized_elsewhere: bool,
    /// Sum of the layer sizes read from an archive (legacy `docker save`: unpacked tars).
    pub unpacked_size: Option<u64>,
    /// What the files of the layers show; `None` when no layers were read (a config or
    /// `docker inspect` input), a layer could not be read, or no rule needing it is on.
    pub files: Option<LayerFiles>,
}

impl<'a> ImageView<'a> {
    /// A view of an OCI image config or of a `docker inspect` entry.
    pub fn new(origin: Origin<'a>, root: &'a Node, base: String, docker: bool) -> Self {
        let (os_key, arch_key, variant_key) = if docker {
            ("Os", "Architecture", "Variant")
        } else {
            ("os", "architecture", "variant")
        };
        let platform = platform_of(
            root.get(os_key).and_then(Node::as_str),
            root.get(arch_key).and_then(Node::as_str),
            root.get(variant_key).and_then(Node::as_str),
        );
        let name = if docker {
            root.get("RepoTags")
                .and_then(|t| t.items().first())
                .and_then(Node::as_str)
                .or_else(|| root.get("Id").and_then(Node::as_str))
                .map(str::to_owned)
        } else {
            None
        };
        ImageView {
            origin,
            root,
            base,
            docker,
            name,
            platform,
            os: OsEvidence::NotScanned,
            sized_elsewhere: false,
            unpacked_size: None,
            files: None,
        }
    }

    /// The name of a field of the config, in this flavour (`Config`/`config`).
    pub fn key(&self, oci: &'static str) -> &'static str {
        if !self.docker {
            return oci;
        }
        match oci {
            "config" => "Config",
            "rootfs" => "RootFS",
            "diff_ids" => "Layers",
            "os" => "Os",
            "architecture" => "Architecture",
            other => other,
        }
    }

    /// The `config` (`Config`) node and its pointer.
    pub fn config(&self) -> (Option<&'a Node>, String) {
        let key = self.key("config");
        (
            self.root.get(key).filter(|n| n.is_map()),
            format!("{}/{key}", self.base),
        )
    }

    /// A field of `config` (`User`, `Env`…) with its pointer (the node may be missing).
    pub fn field(&self, name: &str) -> (Option<&'a Node>, String) {
        let (config, ptr) = self.config();
        (
            config.and_then(|c| c.get(name)).filter(|n| !n.is_null()),
            crate::document::pointer_join(&ptr, name),
        )
    }

    /// A location at `node`.
    pub fn at(&self, pointer: &str, node: &Node) -> Location {
        self.origin.at(pointer, node)
    }

    /// The reference carried by findings.
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef {
            api_version: None,
            kind: "Image".to_owned(),
            namespace: None,
            name: self.name.clone(),
        }
    }

    /// How messages name the image: ``image `app:1.4.2` (linux/amd64)``.
    pub fn display(&self) -> String {
        let mut s = match &self.name {
            Some(n) => format!("image `{n}`"),
            None => format!("the image of `{}`", self.origin.path),
        };
        if let Some(p) = &self.platform {
            s.push_str(&format!(" ({p})"));
        }
        s
    }

    /// A label's value node.
    pub fn label(&self, key: &str) -> Option<&'a Node> {
        self.field("Labels").0.and_then(|l| l.get(key))
    }
}

/// `os/architecture[/variant]`, when os and architecture are known.
pub fn platform_of(os: Option<&str>, arch: Option<&str>, variant: Option<&str>) -> Option<String> {
    let (os, arch) = (
        os.filter(|s| !s.is_empty())?,
        arch.filter(|s| !s.is_empty())?,
    );
    Some(match variant.filter(|v| !v.is_empty()) {
        Some(v) => format!("{os}/{arch}/{v}"),
        None => format!("{os}/{arch}"),
    })
}

impl Locate for ImageView<'_> {
    fn root(&self) -> &Node {
        self.root
    }

    fn at(&self, pointer: &str, node: &Node) -> Location {
        self.origin.at(pointer, node)
    }

    fn object(&self) -> Option<ObjectRef> {
        Some(self.object_ref())
    }

    fn relative<'p>(&self, pointer: &'p str) -> &'p str {
        pointer.strip_prefix(self.base.as_str()).unwrap_or(pointer)
    }
}

/// An OCI (or Docker) manifest or index document.
#[derive(Debug, Clone)]
pub struct ManifestView<'a> {
    /// Where it was read.
    pub origin: Origin<'a>,
    /// The manifest node.
    pub root: &'a Node,
    /// Image reference, when known.
    pub name: Option<String>,
    /// Platform, when known.
    pub platform: Option<String>,
}

impl ManifestView<'_> {
    /// The reference carried by findings.
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef {
            api_version: None,
            kind: if self.root.get("manifests").is_some() {
                "ImageIndex"
            } else {
                "ImageManifest"
            }
            .to_owned(),
            namespace: None,
            name: self.name.clone(),
        }
    }

    /// How messages name it: ``manifest of `app:1.4.2` (linux/amd64)``.
    pub fn display(&self) -> String {
        let what = if self.root.get("manifests").is_some() {
            "index"
        } else {
            "manifest"
        };
        let mut s = match &self.name {
            Some(n) => format!("{what} of `{n}`"),
            None => format!("the {what} `{}`", self.origin.path),
        };
        if let Some(p) = &self.platform {
            s.push_str(&format!(" ({p})"));
        }
        s
    }
}

impl Locate for ManifestView<'_> {
    fn root(&self) -> &Node {
        self.root
    }

    fn at(&self, pointer: &str, node: &Node) -> Location {
        self.origin.at(pointer, node)
    }

    fn object(&self) -> Option<ObjectRef> {
        Some(self.object_ref())
    }
}
