//! Image references (`[registry/]path[:tag][@digest]`) and the allowed-registries setting, shared by the kinds that name images.

/// An image reference split into its parts.
#[derive(Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// Registry host, when the reference names one (`registry.example.fr`, `localhost:5000`).
    pub registry: Option<&'a str>,
    /// Tag, when present.
    pub tag: Option<&'a str>,
    /// Digest (`sha256:…`), when present.
    pub digest: Option<&'a str>,
}

/// Splits an image reference (`[registry/]path[:tag][@digest]`).
pub fn parse_image(image: &str) -> ImageRef<'_> {
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

/// Whether `image` comes from the allowed registry `entry` (`host`, `host/path/`, `prefix/`).
pub fn from_registry(image: &str, entry: &str) -> bool {
    if entry.ends_with('/') {
        image.starts_with(entry)
    } else {
        image
            .strip_prefix(entry)
            .is_some_and(|rest| rest.starts_with(['/', ':', '@']))
    }
}

/// Whether `image` comes from one of the `allowed` registries (`settings.allowed_registries`).
pub fn registry_allowed(image: &str, allowed: &[String]) -> bool {
    allowed.iter().any(|entry| from_registry(image, entry))
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
