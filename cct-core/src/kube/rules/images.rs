//! Images (EX34, EX29): versioned, pinned, from the registries the platform trusts.

use crate::document::Node;
use crate::kube::{Container, KubeSet, Object};
use crate::sink::RuleSink;

/// An image reference split into its parts.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// Registry host, when the reference names one (`registry.example.fr`, `localhost:5000`).
    pub registry: Option<&'a str>,
    /// Tag, when present.
    pub tag: Option<&'a str>,
    /// Digest (`sha256:…`), when present.
    pub digest: Option<&'a str>,
}

/// Splits an image reference (`[registry/]path[:tag][@digest]`).
pub(crate) fn parse_image(image: &str) -> ImageRef<'_> {
    let (name, digest) = match image.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (image, None),
    };
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    let (tag, _) = match name[last_slash..].rfind(':') {
        Some(i) => (Some(&name[last_slash + i + 1..]), &name[..last_slash + i]),
        None => (None, name),
    };
    let registry = name
        .split_once('/')
        .map(|(first, _)| first)
        .filter(|first| first.contains('.') || first.contains(':') || *first == "localhost");
    ImageRef {
        registry,
        tag,
        digest,
    }
}

/// Every container with its `image` string node.
fn images<'s, 'a>(set: &'s KubeSet<'a>) -> Vec<(&'s Object<'a>, Container<'a>, &'a Node, &'a str)> {
    let mut out = Vec::new();
    for w in set.workloads() {
        for c in w.containers() {
            if let Some(node) = c.node.get("image") {
                if let Some(text) = node.as_str() {
                    out.push((w.object, c.clone(), node, text));
                }
            }
        }
    }
    out
}

/// `kube/image-tag`: every image names a version tag that is not `latest`.
pub fn image_tag(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for (o, c, node, image) in images(set) {
        let r = parse_image(image);
        let ptr = format!("{}/image", c.ptr);
        match r.tag {
            Some("latest") => sink.about(o, o.at(&ptr, node), format!("{} of {} uses the `latest` tag (`{image}`): what runs changes without any change in git", c.display(), o.display()), None),
            None if r.digest.is_none() => sink.about(o, o.at(&ptr, node), format!("{} of {} names no tag (`{image}`), so it pulls `latest`: what runs changes without any change in git", c.display(), o.display()), None),
            _ => {}
        }
    }
}

/// `kube/image-digest`: images are pinned by digest (best practice).
pub fn image_digest(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for (o, c, node, image) in images(set) {
        if parse_image(image).digest.is_none() {
            sink.about(o, o.at(&format!("{}/image", c.ptr), node), format!("{} of {} is not pinned by digest (`{image}`); a tag can be moved to another image", c.display(), o.display()), None);
        }
    }
}

/// Whether `image` comes from the allowed registry `entry` (`host`, `host/path/`, `prefix/`).
fn from_registry(image: &str, entry: &str) -> bool {
    if entry.ends_with('/') {
        image.starts_with(entry)
    } else {
        image
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with(['/', ':', '@']))
    }
}

/// `kube/allowed-registries`: images come from the configured registries (or at least name one).
pub fn allowed_registries(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let allowed = sink.policy().settings.allowed_registries.clone();
    for (o, c, node, image) in images(set) {
        let at = o.at(&format!("{}/image", c.ptr), node);
        if allowed.is_empty() {
            if parse_image(image).registry.is_none() {
                sink.about(o, at, format!("{} of {} names no registry (`{image}`): it is pulled from Docker Hub, outside the ministry's image pipeline", c.display(), o.display()), None);
            }
        } else if !allowed.iter().any(|entry| from_registry(image, entry)) {
            sink.about(
                o,
                at,
                format!(
                    "{} of {} comes from a registry that is not allowed (`{image}`); allowed: {}",
                    c.display(),
                    o.display(),
                    allowed.join(", ")
                ),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references() {
        assert_eq!(
            parse_image("nginx"),
            ImageRef {
                registry: None,
                tag: None,
                digest: None
            }
        );
        assert_eq!(
            parse_image("localhost:5000/app:1.0"),
            ImageRef {
                registry: Some("localhost:5000"),
                tag: Some("1.0"),
                digest: None
            }
        );
        assert_eq!(
            parse_image("registry.example.fr/team/app@sha256:ab"),
            ImageRef {
                registry: Some("registry.example.fr"),
                tag: None,
                digest: Some("sha256:ab")
            }
        );
        assert_eq!(parse_image("bitnami/redis:7.2").registry, None);
        assert!(from_registry("harbor.io/team/app:1", "harbor.io"));
        assert!(!from_registry("harbor.io.evil.com/app:1", "harbor.io"));
        assert!(from_registry("bitnami/redis:7", "bitnami/"));
    }
}
