//! Images (EX34, EX29): versioned, pinned, from the registries the platform trusts.

use crate::document::Node;
use crate::image::reference::{parse_image, registry_allowed};
use crate::kube::{Container, KubeSet, Object};
use crate::sink::RuleSink;

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

/// `kube/allowed-registries`: images come from the configured registries (or at least name one).
pub fn allowed_registries(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let allowed = sink.policy().settings.allowed_registries.clone();
    for (o, c, node, image) in images(set) {
        let at = o.at(&format!("{}/image", c.ptr), node);
        if allowed.is_empty() {
            if parse_image(image).registry.is_none() {
                sink.about(o, at, format!("{} of {} names no registry (`{image}`): it is pulled from Docker Hub, outside the ministry's image pipeline", c.display(), o.display()), None);
            }
        } else if !registry_allowed(image, &allowed) {
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

/// `kube/image-pull-policy` (EXI-ARCH-27): `imagePullPolicy`, when set, is `IfNotPresent`.
pub fn image_pull_policy(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for w in set.workloads() {
        let o = w.object;
        for c in w.containers() {
            let Some(node) = c.node.get("imagePullPolicy") else {
                continue;
            };
            if node.as_str() != Some("IfNotPresent") {
                let value = node.scalar_text().unwrap_or_default();
                sink.about(o, o.at(&format!("{}/imagePullPolicy", c.ptr), node), format!("{} of {} sets `imagePullPolicy: {value}`: every start then depends on the registry being reachable; use `IfNotPresent` or leave the field out", c.display(), o.display()), None);
            }
        }
    }
}
