//! Container image evaluator (OCI image configs, `docker inspect`, manifests, layouts and archives).
//!
//! JSON inputs (an image config, `docker inspect` output, a manifest or an
//! index) are evaluated from their positioned tree, so findings point at the
//! line and column of the offending field. Tar archives (`docker save`, or an
//! OCI layout packed with tar) come in as bytes and are read in place; an OCI
//! layout folder is read through [`ImageSource`], which the CLI implements
//! for a directory, via [`crate::check_image_layout`]. Layers are streamed (gzip,
//! zstd or plain tar) to find `os-release` and, when the rules that need them are on,
//! private keys, certificates, package managers and shells; nothing is unpacked.
//!
//! ```
//! use cct_core::{check, Input, Policy};
//!
//! let config = r#"{"architecture": "amd64", "os": "linux", "config": {"User": "0"}, "rootfs": {"type": "layers", "diff_ids": []}}"#;
//! let report = check(&[Input::text("config.json", config)], &Policy::default());
//! let root = report.findings.iter().find(|f| f.rule == "image/non-root-user").unwrap();
//! assert_eq!((root.location.line, root.location.pointer.as_str()), (1, "/config/User"));
//! ```

pub mod date;
pub mod files;
pub mod layers;
pub mod layout;
pub mod os;
pub mod reference;
pub mod rules;
pub mod source;
pub mod ssh;
pub mod view;

pub(crate) use crate::settings::image as settings;
pub use crate::settings::image::*;
pub use source::{ImageSource, SourceError, TarSource};

use crate::artefact::ArtefactKind;
use crate::document::Node;
use crate::input::{Input, Loaded};
use crate::report::{InputError, InputStatus, InputSummary};
use crate::sink::Sink;
use view::{ImageView, ManifestView, Origin};

/// The ids of every image rule (for the catalog consistency test).
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::ALL.iter().map(|r| r.id)
}

/// Evaluates image documents (configs, manifests, `docker inspect` output).
pub fn evaluate(inputs: &[Loaded<'_>], sink: &mut Sink<'_>) {
    for input in inputs {
        for doc in &input.documents {
            let origin = Origin {
                path: input.path,
                document: Some(doc.index),
                source: doc.source.clone(),
            };
            evaluate_node(&doc.root, origin, sink);
        }
    }
}

fn evaluate_node(root: &Node, origin: Origin<'_>, sink: &mut Sink<'_>) {
    let has = |k: &str| root.get(k).is_some();
    if root.is_seq() {
        for (i, item) in root.items().iter().enumerate() {
            if item.get("Config").is_some() {
                let image = ImageView::new(origin.clone(), item, format!("/{i}"), true);
                rules::check_image(&image, sink);
            }
        }
    } else if has("Config") && (has("Id") || has("RootFS")) {
        rules::check_image(&ImageView::new(origin, root, String::new(), true), sink);
    } else if has("rootfs") || (has("config") && (has("architecture") || has("os"))) {
        rules::check_image(&ImageView::new(origin, root, String::new(), false), sink);
    } else if has("schemaVersion") || has("manifests") || has("layers") || has("fsLayers") {
        let view = ManifestView {
            origin,
            root,
            name: root.get("name").and_then(Node::as_str).map(str::to_owned),
            platform: None,
        };
        rules::check_manifest(&view, sink, true);
    }
}

/// Whether `bytes` is a tar archive (the `ustar` magic at offset 257).
pub fn is_tar(bytes: &[u8]) -> bool {
    bytes.get(257..262) == Some(b"ustar")
}

/// Evaluates a binary image input (a tar archive); `None` when the input is not one.
pub fn evaluate_binary(
    input: &Input<'_>,
    sink: &mut Sink<'_>,
    summaries: &mut Vec<InputSummary>,
    errors: &mut Vec<InputError>,
) -> Option<()> {
    let bytes: &[u8] = &input.bytes;
    let compressed =
        bytes.starts_with(&[0x1f, 0x8b]) || bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    if compressed && input.kind == Some(ArtefactKind::Image) {
        errors.push(InputError {
            path: input.path.clone(),
            line: None,
            column: None,
            message:
                "compressed archive: decompress it first (`gunzip app.tar.gz`), then check the tar"
                    .into(),
        });
        summaries.push(InputSummary {
            reason: None,
            path: input.path.clone(),
            kind: Some(ArtefactKind::Image),
            status: InputStatus::Error,
            documents: 0,
        });
        return Some(());
    }
    if !is_tar(bytes) {
        return None;
    }
    let limits = sink.policy().settings.image.limits;
    let source = TarSource::new(bytes, limits.max_tar_entries);
    let (images, mut errs) = evaluate_source(&source, &input.path, None, sink);
    if let Some(e) = &source.error {
        errs.push(InputError {
            path: input.path.clone(),
            line: None,
            column: None,
            message: e.to_string(),
        });
    }
    summaries.push(InputSummary {
        reason: None,
        path: input.path.clone(),
        kind: Some(ArtefactKind::Image),
        status: if images > 0 {
            InputStatus::Evaluated
        } else {
            InputStatus::Error
        },
        documents: images,
    });
    errors.extend(errs);
    Some(())
}

/// Evaluates every image of a layout or archive into `sink`; returns the number
/// of images evaluated and the errors met (the other images are still evaluated).
pub fn evaluate_source(
    source: &dyn ImageSource,
    path: &str,
    name: Option<&str>,
    sink: &mut Sink<'_>,
) -> (usize, Vec<InputError>) {
    sink.evaluated(ArtefactKind::Image);
    let mut walker = layout::Walker::new(source, path, name, sink);
    if !walker.walk() {
        walker.errors.push(InputError {
            path: path.to_owned(),
            line: None,
            column: None,
            message: "neither an OCI image layout (`index.json`) nor a `docker save` archive (`manifest.json`)".into(),
        });
    }
    (walker.images, walker.errors)
}

/// Evaluates one layout read through `source`, shown as `path`, recording its summary and errors.
pub fn evaluate_layout(
    path: &str,
    source: &dyn ImageSource,
    sink: &mut Sink<'_>,
    summaries: &mut Vec<InputSummary>,
    errors: &mut Vec<InputError>,
) {
    let trimmed = path.trim_end_matches(['/', '\\']);
    let name = trimmed
        .rsplit(['/', '\\'])
        .next()
        .filter(|s| !s.is_empty() && *s != ".");
    let (images, errs) = evaluate_source(source, path, name, sink);
    summaries.push(InputSummary {
        reason: None,
        path: path.to_owned(),
        kind: Some(ArtefactKind::Image),
        status: if images > 0 {
            InputStatus::Evaluated
        } else {
            InputStatus::Error
        },
        documents: images,
    });
    errors.extend(errs);
}
