//! Artefact kinds and their detection from content.

use serde::{Deserialize, Serialize};

use crate::document::{load_bytes_with, Document, Duplicates, Limits, LoadError, Node, Schema};

/// The kinds of artefact cct evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArtefactKind {
    /// Kubernetes manifests (and Argo CD objects).
    Kube,
    /// Container images: OCI image configs, `docker inspect` output, layouts and archives.
    Image,
    /// OpenAPI (and Swagger 2.0) descriptions.
    Openapi,
    /// Commit messages and histories.
    Commit,
    /// Dockerfiles and Containerfiles (detected by file name).
    Dockerfile,
    /// GitLab CI pipelines (detected by file name: `.gitlab-ci.yml`, `.gitlab-ci-dso.yml`,
    /// `<name>.gitlab-ci.yml`).
    Pipeline,
}

impl ArtefactKind {
    /// Every kind, in report order.
    pub const ALL: [ArtefactKind; 6] = [
        ArtefactKind::Kube,
        ArtefactKind::Image,
        ArtefactKind::Openapi,
        ArtefactKind::Commit,
        ArtefactKind::Dockerfile,
        ArtefactKind::Pipeline,
    ];

    /// The lowercase name used in files, options and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ArtefactKind::Kube => "kube",
            ArtefactKind::Image => "image",
            ArtefactKind::Openapi => "openapi",
            ArtefactKind::Commit => "commit",
            ArtefactKind::Dockerfile => "dockerfile",
            ArtefactKind::Pipeline => "pipeline",
        }
    }

    /// Parses a kind name (`kube`, `k8s`, `kubernetes`, `image`, `openapi`, `commit`, `dockerfile`,
    /// `pipeline`, …).
    pub fn parse(name: &str) -> Option<ArtefactKind> {
        match name.to_ascii_lowercase().as_str() {
            "kube" | "k8s" | "kubernetes" => Some(ArtefactKind::Kube),
            "image" | "oci" | "container" => Some(ArtefactKind::Image),
            "openapi" | "swagger" | "api" => Some(ArtefactKind::Openapi),
            "commit" | "commits" | "commit-msg" => Some(ArtefactKind::Commit),
            "dockerfile" | "containerfile" => Some(ArtefactKind::Dockerfile),
            "pipeline" | "gitlab-ci" => Some(ArtefactKind::Pipeline),
            _ => None,
        }
    }
}

impl std::fmt::Display for ArtefactKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads an input's documents and its kind (`forced`, else detected).
///
/// Kubernetes manifests are read as Kubernetes reads them ([`Schema::Kubernetes`]:
/// YAML 1.1 booleans, octal integers), everything else with YAML 1.2's core
/// schema. A detected manifest is read a second time only when one of its
/// plain scalars resolves differently under the two schemas.
///
/// A key repeated in one mapping is read as the reference tools of each kind read it: an
/// OpenAPI description keeps the last entry and records the repetition (Spectral and Redocly
/// read it so; `openapi/duplicate-key` reports it), so does a GitLab CI file (GitLab reads it
/// so), anything else is refused with
/// [`LoadError::DuplicateKey`] (`kubectl` refuses such a manifest: "mapping key already defined").
pub fn load_input(
    bytes: &[u8],
    forced: Option<ArtefactKind>,
    limits: &Limits,
) -> Result<(Vec<Document>, Option<ArtefactKind>), LoadError> {
    let schema = match forced {
        Some(ArtefactKind::Kube) => Schema::Kubernetes,
        _ => Schema::Core,
    };
    let duplicates = match forced {
        None | Some(ArtefactKind::Openapi) | Some(ArtefactKind::Pipeline) => Duplicates::LastWins,
        Some(_) => Duplicates::Refuse,
    };
    let stream = match load_bytes_with(bytes, limits, schema, duplicates) {
        Ok(stream) => stream,
        // Unreadable, so of no known kind: the error is the one a refusing read meets first.
        Err(e) if forced.is_none() => {
            return Err(load_bytes_with(bytes, limits, schema, Duplicates::Refuse)
                .err()
                .unwrap_or(e))
        }
        Err(e) => return Err(e),
    };
    let kind = forced.or_else(|| detect(&stream.documents));
    let repeats = stream.documents.iter().any(|d| !d.duplicates.is_empty());
    if kind == Some(ArtefactKind::Kube) && (stream.kubernetes_differs || repeats) {
        let again = load_bytes_with(bytes, limits, Schema::Kubernetes, Duplicates::Refuse)?;
        return Ok((again.documents, kind));
    }
    let last_wins = [Some(ArtefactKind::Openapi), Some(ArtefactKind::Pipeline)];
    if repeats && !last_wins.contains(&kind) {
        let again = load_bytes_with(bytes, limits, schema, Duplicates::Refuse)?;
        return Ok((again.documents, kind));
    }
    Ok((stream.documents, kind))
}

/// Guesses the artefact kind of loaded documents from their content; `None` when no kind fits.
///
/// The first non-empty document decides:
/// - `openapi` or `swagger` at the root → OpenAPI;
/// - `apiVersion` and `kind` (or `kind: List` with `items`) → Kubernetes;
/// - an OCI image config (`rootfs` with `architecture`/`os`/`config`), an OCI
///   manifest or index (`schemaVersion` with `layers`/`manifests`/`config`,
///   or a Docker schema 1 manifest's `fsLayers`),
///   or `docker inspect` output (an array of objects with `Config` and
///   `RootFS` or `Id`) → image.
pub fn detect(docs: &[Document]) -> Option<ArtefactKind> {
    let root = &docs.iter().find(|d| !d.root.is_null())?.root;
    detect_node(root)
}

fn detect_node(root: &Node) -> Option<ArtefactKind> {
    if root.is_seq() {
        let first = root.items().first()?;
        if first.get("Config").is_some()
            && (first.get("RootFS").is_some() || first.get("Id").is_some())
        {
            return Some(ArtefactKind::Image);
        }
        return None;
    }
    if !root.is_map() {
        return None;
    }
    if root.get("openapi").is_some() || root.get("swagger").is_some() {
        return Some(ArtefactKind::Openapi);
    }
    if root.get("apiVersion").is_some() && root.get("kind").is_some() {
        return Some(ArtefactKind::Kube);
    }
    let has = |k: &str| root.get(k).is_some();
    if has("rootfs") && (has("architecture") || has("os") || has("config")) {
        return Some(ArtefactKind::Image);
    }
    if has("schemaVersion")
        && (has("layers") || has("manifests") || has("config") || has("fsLayers"))
    {
        return Some(ArtefactKind::Image);
    }
    if has("Config") && (has("RootFS") || has("Id")) {
        return Some(ArtefactKind::Image);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};

    fn kind(text: &str) -> Option<ArtefactKind> {
        detect(&load_text(text, &Limits::default()).unwrap())
    }

    #[test]
    fn detects_each_kind() {
        assert_eq!(
            kind("---\n---\napiVersion: v1\nkind: Pod\n"),
            Some(ArtefactKind::Kube)
        );
        assert_eq!(
            kind("openapi: 3.1.0\ninfo: {}\n"),
            Some(ArtefactKind::Openapi)
        );
        assert_eq!(kind("{\"swagger\": \"2.0\"}"), Some(ArtefactKind::Openapi));
        assert_eq!(
            kind("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{}}"),
            Some(ArtefactKind::Image)
        );
        assert_eq!(
            kind("[{\"Id\":\"sha256:x\",\"Config\":{}}]"),
            Some(ArtefactKind::Image)
        );
        assert_eq!(
            kind("{\"schemaVersion\":1,\"fsLayers\":[]}"),
            Some(ArtefactKind::Image)
        );
        assert_eq!(kind("name: my-chart\nversion: 1.0.0\n"), None);
        assert_eq!(kind("just text"), None);
    }
}
