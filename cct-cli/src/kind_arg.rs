//! The `--kind` option shared by `cct check` and `cct catalog`.

use cct_core::ArtefactKind;
use clap::ValueEnum;

/// `--kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Detect each input's kind from its content.
    Auto,
    /// Kubernetes manifests (and Argo CD objects).
    Kube,
    /// Container image configs, manifests and `docker inspect` output.
    Image,
    /// OpenAPI and Swagger descriptions.
    Openapi,
    /// Commit messages.
    Commit,
    /// Dockerfiles and Containerfiles.
    Dockerfile,
    /// GitLab CI pipelines (`.gitlab-ci.yml`, `.gitlab-ci-dso.yml`).
    Pipeline,
}

impl KindArg {
    /// The forced kind, or `None` to detect it.
    pub fn forced(self) -> Option<ArtefactKind> {
        match self {
            KindArg::Auto => None,
            KindArg::Kube => Some(ArtefactKind::Kube),
            KindArg::Image => Some(ArtefactKind::Image),
            KindArg::Openapi => Some(ArtefactKind::Openapi),
            KindArg::Commit => Some(ArtefactKind::Commit),
            KindArg::Dockerfile => Some(ArtefactKind::Dockerfile),
            KindArg::Pipeline => Some(ArtefactKind::Pipeline),
        }
    }
}
