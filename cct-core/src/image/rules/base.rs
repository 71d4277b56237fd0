//! The base image (EX29): built on a pinned release, not on whatever `latest` is today.

use crate::document::pointer_join;
use crate::image::view::ImageView;
use crate::sink::RuleSink;

/// The label naming the base image (OCI image spec, pre-defined annotation keys).
const BASE: &str = "org.opencontainers.image.base.name";

/// The tag of an image reference (`None` when it has none, so it means `latest`); a digest pins it.
fn floating_tag(reference: &str) -> Option<&str> {
    if reference.contains('@') {
        return None;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.rsplit_once(':') {
        Some((_, tag)) if tag != "latest" => None,
        Some((_, tag)) => Some(tag),
        None => Some(""),
    }
}

/// `image/base-image-pinned`: the `org.opencontainers.image.base.name` label names a tag other
/// than `latest`, or a digest.
pub fn base_image_pinned(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let (labels, labels_ptr) = image.field("Labels");
    let Some(node) = labels.and_then(|l| l.get(BASE)) else {
        return;
    };
    let Some(reference) = node.as_str().map(str::trim).filter(|r| !r.is_empty()) else {
        return;
    };
    let Some(tag) = floating_tag(reference) else {
        return;
    };
    let how = if tag.is_empty() {
        "names no tag, so it is built on whatever `latest` is"
    } else {
        "is tagged `latest`"
    };
    sink.about(
        image,
        image.at(&pointer_join(&labels_ptr, BASE), node),
        format!(
            "{} is built on `{reference}`, which {how}: the next build may move to another release of the OS without review",
            image.display()
        ),
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::floating_tag;

    #[test]
    fn tags_and_digests_are_told_apart() {
        assert_eq!(floating_tag("debian"), Some(""));
        assert_eq!(
            floating_tag("docker.io/library/debian:latest"),
            Some("latest")
        );
        assert_eq!(floating_tag("registry.example.fr:5000/base"), Some(""));
        assert_eq!(floating_tag("registry.example.fr:5000/base:1.2"), None);
        assert_eq!(floating_tag("debian:12-slim"), None);
        assert_eq!(floating_tag("debian@sha256:0123abcd"), None);
    }
}
