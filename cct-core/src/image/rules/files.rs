//! What an image's layers hold (béta EXI-ARCH-6, EXI-ARCH-7): no private key nor endpoint
//! certificate built in, and no package manager nor shell left in the final filesystem.

use crate::image::files::{LayerFiles, Tool};
use crate::image::layout::short;
use crate::image::view::ImageView;
use crate::locate::Locate;
use crate::report::Location;
use crate::sink::{RuleSink, Sink};

/// The rule ids that read the files of the layers.
const FILE_RULES: [&str; 3] = [
    "image/no-embedded-private-key",
    "image/no-endpoint-certificate",
    "image/minimal-base",
];

/// Whether a rule that reads the files of the layers is on (else only `os-release` is looked for,
/// and only in the layers above it).
pub fn reads_files(sink: &Sink<'_>) -> bool {
    FILE_RULES.iter().any(|id| sink.enabled(id))
}

/// `<platform> <layer digest> <path>`: the finding's `source`, as for `os-release`.
fn source_of(image: &ImageView<'_>, digest: &str, path: &str) -> String {
    match &image.origin.source {
        Some(label) => format!("{label} {digest} {path}"),
        None => format!("{digest} {path}"),
    }
}

/// Where a finding about file `path` of layer `layer` points: that layer's entry in the config's
/// `rootfs.diff_ids` (the config is the image's document), with the file in `source`.
fn layer_location(image: &ImageView<'_>, layer: usize, digest: &str, path: &str) -> Location {
    let ptr = format!(
        "{}/{}/{}/{layer}",
        image.base,
        image.key("rootfs"),
        image.key("diff_ids")
    );
    let mut loc = image.locate(&ptr);
    loc.source = Some(source_of(image, digest, path));
    loc
}

/// ` (and 3 more files)`, or nothing.
fn more(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (and 1 more file)".to_owned(),
        n => format!(" (and {n} more files)"),
    }
}

/// `image/no-embedded-private-key`: no file of any layer holds a PEM private key.
pub fn no_embedded_private_key(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some(files) = &image.files else { return };
    let last = files.keys.len().saturating_sub(1);
    for (i, key) in files.keys.iter().enumerate() {
        let loc = layer_location(image, key.layer, &key.digest, &key.path);
        let extra = if i == last {
            more(files.more_keys)
        } else {
            String::new()
        };
        sink.about(image, loc, format!("{} holds a private key (`-----BEGIN {}-----`, line {}) in `/{}`, added by layer {}: anyone who can pull the image can read it, even if a later layer deletes the file{extra}", image.display(), key.label, key.line, key.path, short(&key.digest)), None);
    }
}

/// `image/no-endpoint-certificate`: no certificate outside the CA directories is an endpoint
/// (non-CA) certificate.
pub fn no_endpoint_certificate(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some(files) = &image.files else { return };
    let last = files.certificates.len().saturating_sub(1);
    for (i, cert) in files.certificates.iter().enumerate() {
        let loc = layer_location(image, cert.layer, &cert.digest, &cert.path);
        let extra = if i == last {
            more(files.more_certificates)
        } else {
            String::new()
        };
        sink.about(image, loc, format!("{} holds the certificate `/{}` (line {}, layer {}), which is not a CA (no `CA:TRUE` basic constraint): an endpoint's certificate built into the image breaks when it is renewed, and the image must be rebuilt each time{extra}", image.display(), cert.path, cert.line, short(&cert.digest)), None);
    }
}

/// ``the package managers `/usr/bin/apt-get`, `/usr/bin/dpkg` `` (`what` singular, `whats` plural).
fn list(what: &str, whats: &str, tools: &[&Tool]) -> String {
    let paths: Vec<String> = tools.iter().map(|t| format!("`/{}`", t.path)).collect();
    let noun = if paths.len() == 1 { what } else { whats };
    format!("the {noun} {}", paths.join(", "))
}

/// `image/minimal-base`: the final filesystem has no package manager and no shell.
pub fn minimal_base(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some(LayerFiles { tools, .. }) = &image.files else {
        return;
    };
    let Some(first) = tools.first() else { return };
    let managers: Vec<&Tool> = tools.iter().filter(|t| t.package_manager).collect();
    let shells: Vec<&Tool> = tools.iter().filter(|t| !t.package_manager).collect();
    let mut found = Vec::new();
    if !managers.is_empty() {
        found.push(list("package manager", "package managers", &managers));
    }
    if !shells.is_empty() {
        found.push(list("shell", "shells", &shells));
    }
    let mut layers: Vec<String> = Vec::new();
    for t in tools {
        let digest = short(&t.digest);
        if !layers.contains(&digest) {
            layers.push(digest);
        }
    }
    let from = if layers.len() == 1 { "layer" } else { "layers" };
    let loc = layer_location(image, first.layer, &first.digest, &first.path);
    sink.about(image, loc, format!("{} is not built on a minimal base: its filesystem holds {} (from {from} {}): tooling an attacker can use in a running container, and noise in the vulnerability scan", image.display(), found.join(" and "), layers.join(", ")), None);
}
