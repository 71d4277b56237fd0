//! Walking an OCI image layout or a `docker save` archive: index → manifests →
//! config and layers, every platform of a multi-platform index included.

use crate::document::{load_bytes, Document, Node};
use crate::image::files::LayerFiles;
use crate::image::layers::{scan_layers, LayerRef};
use crate::image::rules::reads_files;
use crate::image::rules::{check_image, check_manifest};
use crate::image::settings::MAX_JSON_BLOB_BYTES;
use crate::image::source::{read_small, ImageSource};
use crate::image::view::{platform_of, ImageView, ManifestView, Origin, OsEvidence};
use crate::report::InputError;
use crate::sink::Sink;

const INDEX_TYPES: &[&str] = &[
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];
/// Deepest nesting of indexes followed.
const MAX_INDEX_DEPTH: usize = 4;

/// Walks one layout or archive.
pub struct Walker<'s, 'p, 'k> {
    source: &'s dyn ImageSource,
    path: &'s str,
    name: Option<&'s str>,
    sink: &'k mut Sink<'p>,
    /// Errors met on the way; other images are still evaluated.
    pub errors: Vec<InputError>,
    /// Images evaluated.
    pub images: usize,
    /// Bytes that may still be decompressed from layers.
    budget: u64,
}

impl<'s, 'p, 'k> Walker<'s, 'p, 'k> {
    /// A walker over `source`, reported under the input path `path`; `name` names the image when nothing in it does.
    pub fn new(
        source: &'s dyn ImageSource,
        path: &'s str,
        name: Option<&'s str>,
        sink: &'k mut Sink<'p>,
    ) -> Self {
        let budget = sink.policy().settings.image.limits.max_decompressed_bytes;
        Walker {
            source,
            path,
            name,
            sink,
            errors: Vec::new(),
            images: 0,
            budget,
        }
    }

    fn error(&mut self, message: String) {
        self.errors.push(InputError {
            path: self.path.to_owned(),
            line: None,
            column: None,
            message,
        });
    }

    fn json(&mut self, member: &str) -> Option<Document> {
        let limits = self.sink.policy().limits;
        let bytes = match read_small(self.source, member, MAX_JSON_BLOB_BYTES) {
            Ok(b) => b,
            Err(e) => {
                self.error(e.to_string());
                return None;
            }
        };
        match load_bytes(&bytes, &limits) {
            Ok(mut docs) if !docs.is_empty() => Some(docs.swap_remove(0)),
            Ok(_) => {
                self.error(format!("`{member}` is empty"));
                None
            }
            Err(e) => {
                let at = e.pos().map(|p| format!(" at {p}")).unwrap_or_default();
                self.error(format!("`{member}`{at}: {e}"));
                None
            }
        }
    }

    /// Evaluates everything in the source; `false` when it is neither an OCI layout nor a `docker save` archive.
    pub fn walk(&mut self) -> bool {
        if self.source.size("index.json").is_some() {
            self.oci();
            true
        } else if self.source.size("manifest.json").is_some() {
            self.docker_save();
            true
        } else {
            false
        }
    }

    fn oci(&mut self) {
        let Some(index) = self.json("index.json") else {
            return;
        };
        let origin = Origin {
            path: self.path,
            document: None,
            source: Some("index.json".into()),
        };
        let view = ManifestView {
            origin,
            root: &index.root,
            name: self.name.map(str::to_owned),
            platform: None,
        };
        check_manifest(&view, self.sink, false);
        self.descriptors(&index.root, None, 0);
    }

    fn descriptors(&mut self, index: &Node, name: Option<String>, depth: usize) {
        for d in index.get("manifests").map(Node::items).unwrap_or(&[]) {
            let annotation = |k: &str| d.get_path(&["annotations", k]).and_then(Node::as_str);
            if annotation("vnd.docker.reference.type").is_some() {
                continue; // a build attestation, not a runnable image
            }
            let name = name
                .clone()
                .or_else(|| annotation("io.containerd.image.name").map(str::to_owned))
                .or_else(|| {
                    annotation("org.opencontainers.image.ref.name").map(|r| match self.name {
                        Some(n) if !r.contains(':') && !r.contains('/') => format!("{n}:{r}"),
                        _ => r.to_owned(),
                    })
                })
                .or_else(|| self.name.map(str::to_owned));
            let platform = d.get("platform").and_then(|p| {
                platform_of(
                    p.get("os").and_then(Node::as_str),
                    p.get("architecture").and_then(Node::as_str),
                    p.get("variant").and_then(Node::as_str),
                )
            });
            if platform
                .as_deref()
                .is_some_and(|p| p.starts_with("unknown/"))
            {
                continue;
            }
            let Some(digest) = d.get("digest").and_then(Node::as_str) else {
                continue;
            };
            let Some(blob) = blob_path(digest) else {
                self.error(format!("invalid digest `{digest}` in an index"));
                continue;
            };
            let media = d.get("mediaType").and_then(Node::as_str).unwrap_or("");
            let Some(doc) = self.json(&blob) else {
                continue;
            };
            let is_index = INDEX_TYPES.contains(&media) || doc.root.get("manifests").is_some();
            if is_index {
                if depth >= MAX_INDEX_DEPTH {
                    self.error(format!(
                        "indexes nested deeper than {MAX_INDEX_DEPTH} at `{digest}`"
                    ));
                    continue;
                }
                let origin = Origin {
                    path: self.path,
                    document: None,
                    source: Some(format!("index {digest}")),
                };
                let view = ManifestView {
                    origin,
                    root: &doc.root,
                    name: name.clone(),
                    platform: None,
                };
                check_manifest(&view, self.sink, false);
                self.descriptors(&doc.root, name, depth + 1);
            } else {
                self.manifest(&doc, digest, name, platform);
            }
        }
    }

    fn next_image(&mut self) -> Option<usize> {
        let limit = self.sink.policy().settings.image.limits.max_images;
        if self.images >= limit {
            self.error(format!(
                "more than {limit} images in the archive; the others are not checked"
            ));
            return None;
        }
        self.images += 1;
        Some(self.images - 1)
    }

    fn manifest(
        &mut self,
        manifest: &Document,
        digest: &str,
        name: Option<String>,
        platform: Option<String>,
    ) {
        let Some(index) = self.next_image() else {
            return;
        };
        let root = &manifest.root;
        let Some(config_blob) = root
            .get_path(&["config", "digest"])
            .and_then(Node::as_str)
            .and_then(blob_path)
        else {
            self.error(format!("manifest `{digest}` has no valid config digest"));
            return;
        };
        let Some(config) = self.json(&config_blob) else {
            return;
        };
        let mut image = ImageView::new(
            Origin {
                path: self.path,
                document: Some(index),
                source: None,
            },
            &config.root,
            String::new(),
            false,
        );
        let platform = platform.or_else(|| image.platform.clone());
        let label = platform.clone().unwrap_or_else(|| short(digest));
        image.origin.source = Some(label.clone());
        image.platform = platform.clone();
        image.name = name.clone().or_else(|| Some(short(digest)));
        image.sized_elsewhere = true;

        let layers: Vec<LayerRef> = root
            .get("layers")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|l| l.get("digest").and_then(Node::as_str))
            .filter_map(|d| {
                blob_path(d).map(|path| LayerRef {
                    digest: d.to_owned(),
                    path,
                })
            })
            .collect();
        (image.os, image.files) = self.os(&layers, &label);

        let origin = Origin {
            path: self.path,
            document: Some(index),
            source: Some(format!("{label} manifest {}", short(digest))),
        };
        let view = ManifestView {
            origin,
            root,
            name: image.name.clone(),
            platform,
        };
        check_manifest(&view, self.sink, true);
        check_image(&image, self.sink);
    }

    /// What the layers say about the OS and, when a rule on reads them, about their files.
    fn os(&mut self, layers: &[LayerRef], label: &str) -> (OsEvidence, Option<LayerFiles>) {
        let limits = self.sink.policy().settings.image.limits;
        let mut files = reads_files(self.sink).then(LayerFiles::default);
        match scan_layers(
            self.source,
            layers,
            &limits,
            &mut self.budget,
            files.as_mut(),
        ) {
            Ok(Some(found)) => (
                OsEvidence::Found {
                    source: format!("{label} {} {}", found.digest, found.path),
                    facts: found.facts,
                    line: found.line,
                },
                files,
            ),
            Ok(None) => (OsEvidence::Missing, files),
            Err(e) => {
                let why = e.to_string();
                self.error(why.clone());
                (OsEvidence::Unreadable(why), None)
            }
        }
    }

    fn docker_save(&mut self) {
        let Some(manifest) = self.json("manifest.json") else {
            return;
        };
        for item in manifest.root.items() {
            let Some(config_path) = item.get("Config").and_then(Node::as_str) else {
                continue;
            };
            let Some(index) = self.next_image() else {
                return;
            };
            let Some(config) = self.json(config_path) else {
                continue;
            };
            let mut image = ImageView::new(
                Origin {
                    path: self.path,
                    document: Some(index),
                    source: None,
                },
                &config.root,
                String::new(),
                false,
            );
            image.name = item
                .get("RepoTags")
                .and_then(|t| t.items().first())
                .and_then(Node::as_str)
                .map(str::to_owned)
                .or_else(|| self.name.map(str::to_owned));
            let label = image
                .platform
                .clone()
                .unwrap_or_else(|| config_path.to_owned());
            image.origin.source = Some(label.clone());
            let diff_ids: Vec<&str> = config
                .root
                .get_path(&["rootfs", "diff_ids"])
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
                .collect();
            let layers: Vec<LayerRef> = item
                .get("Layers")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
                .enumerate()
                .map(|(i, p)| LayerRef {
                    digest: diff_ids
                        .get(i)
                        .map_or_else(|| p.to_owned(), |d| (*d).to_owned()),
                    path: p.to_owned(),
                })
                .collect();
            image.unpacked_size = Some(
                layers
                    .iter()
                    .filter_map(|l| self.source.size(&l.path))
                    .sum(),
            );
            (image.os, image.files) = self.os(&layers, &label);
            check_image(&image, self.sink);
        }
    }
}

/// `blobs/<algorithm>/<hex>` for a digest, refusing anything that could leave the layout.
pub fn blob_path(digest: &str) -> Option<String> {
    let (alg, hex) = digest.split_once(':')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_'))
    };
    (ok(alg) && ok(hex)).then(|| format!("blobs/{alg}/{hex}"))
}

/// `sha256:0123456789ab`, a digest shortened for display.
pub fn short(digest: &str) -> String {
    match digest.split_once(':') {
        Some((alg, hex)) => format!("{alg}:{}", &hex[..hex.len().min(12)]),
        None => digest.to_owned(),
    }
}
