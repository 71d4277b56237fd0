//! The image rules: one function per rule, over an [`ImageView`] or a [`ManifestView`].

mod base;
mod files;

pub use files::reads_files;

use std::sync::OnceLock;

use regex::Regex;

use crate::document::{pointer_index, pointer_join, Node};
use crate::image::date;
use crate::image::os::{facts_from_reference, judge, OsFacts, Verdict};
use crate::image::view::{ImageView, ManifestView, OsEvidence};
use crate::locate::Locate;
use crate::report::Location;
use crate::sink::{rule_table, RuleSink, Sink};

const NON_ROOT_USER: &str = "image/non-root-user";
const EXPOSED_PORT: &str = "image/exposed-port-above-1024";
const OS_SUPPORTED: &str = "image/os-supported";
const OS_LTS: &str = "image/os-lts";
const OS_KNOWN: &str = "image/os-support-known";
const LABELS: &str = "image/traceability-labels";
const SECRET_ENV: &str = "image/no-secret-in-env";
const ENDPOINT_ENV: &str = "image/no-hardcoded-endpoint";
const EXEC_FORM: &str = "image/exec-form-entrypoint";
const NO_VOLUMES: &str = "image/no-volumes";
const SCHEMA1: &str = "image/no-docker-schema1";
const OCI_MEDIA: &str = "image/oci-media-types";
const MAX_SIZE: &str = "image/max-size";
const MAX_LAYERS: &str = "image/max-layers";
const NO_SSHD: &str = "image/no-sshd";

/// One image rule: its catalog id and its check.
pub struct ImageRule {
    /// The rule id, as in the catalog.
    pub id: &'static str,
    /// The check; its sink reports under `id` only.
    pub check: Check,
}

/// What an image rule reads.
#[derive(Clone, Copy)]
pub enum Check {
    /// An image's configuration (an OCI config or `docker inspect` output).
    Image(fn(&ImageView<'_>, &mut RuleSink<'_, '_>)),
    /// The files of an image's layers (layouts and archives): an image given
    /// as its configuration only is not judged, and the rule does not count
    /// as run for it ([`Sink::not_judged`]).
    Files(fn(&ImageView<'_>, &mut RuleSink<'_, '_>)),
    /// A manifest or an index.
    Manifest(fn(&ManifestView<'_>, &mut RuleSink<'_, '_>)),
    /// Either, whichever carries the sizes: the image when it is judged alone, the manifest
    /// when an archive or layout gives both.
    Sized(
        fn(&ImageView<'_>, &mut RuleSink<'_, '_>),
        fn(&ManifestView<'_>, &mut RuleSink<'_, '_>),
    ),
}

// A function listed for several ids judges them together (one reading of the operating
// system gives `os-supported`, `os-lts` or `os-support-known`) and reports each finding
// through `RuleSink::report_if`, so each id still reports only its own findings.
rule_table! { ImageRule {
    "image/non-root-user" => Check::Image(non_root_user),
    "image/exposed-port-above-1024" => Check::Image(exposed_ports),
    "image/os-supported" => Check::Image(operating_system),
    "image/os-lts" => Check::Image(operating_system),
    "image/os-support-known" => Check::Image(operating_system),
    "image/traceability-labels" => Check::Image(traceability_labels),
    "image/no-secret-in-env" => Check::Image(environment),
    "image/no-hardcoded-endpoint" => Check::Image(environment),
    "image/exec-form-entrypoint" => Check::Image(exec_form),
    "image/no-volumes" => Check::Image(volumes),
    "image/no-docker-schema1" => Check::Manifest(media_types),
    "image/oci-media-types" => Check::Manifest(media_types),
    "image/max-size" => Check::Sized(size_and_layers, manifest_size),
    "image/max-layers" => Check::Sized(size_and_layers, manifest_size),
    "image/base-image-pinned" => Check::Image(base::base_image_pinned),
    "image/no-sshd" => Check::Image(no_sshd),
    "image/no-embedded-private-key" => Check::Files(files::no_embedded_private_key),
    "image/no-endpoint-certificate" => Check::Files(files::no_endpoint_certificate),
    "image/minimal-base" => Check::Files(files::minimal_base),
}}

/// Runs every config rule on `image`.
pub fn check_image(image: &ImageView<'_>, sink: &mut Sink<'_>) {
    for rule in ALL {
        if !sink.enabled(rule.id) {
            continue;
        }
        match rule.check {
            Check::Image(check) => check(image, &mut sink.rule(rule.id)),
            Check::Files(check) if image.files.is_some() => {
                sink.judged(rule.id);
                check(image, &mut sink.rule(rule.id));
            }
            Check::Files(_) => sink.not_judged(rule.id),
            Check::Sized(check, _) if !image.sized_elsewhere => {
                check(image, &mut sink.rule(rule.id))
            }
            Check::Sized(..) | Check::Manifest(_) => {}
        }
    }
}

/// Runs every manifest rule on `manifest`; `sized` says whether size and layer count are judged here.
pub fn check_manifest(manifest: &ManifestView<'_>, sink: &mut Sink<'_>, sized: bool) {
    for rule in ALL {
        if !sink.enabled(rule.id) {
            continue;
        }
        match rule.check {
            Check::Manifest(check) => check(manifest, &mut sink.rule(rule.id)),
            Check::Sized(_, check) if sized => check(manifest, &mut sink.rule(rule.id)),
            Check::Sized(..) | Check::Image(_) | Check::Files(_) => {}
        }
    }
}

/// `image/non-root-user`: `User` is set and is not root.
fn non_root_user(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let (node, ptr) = image.field("User");
    let Some(node) = node else {
        let loc = image.locate(&ptr);
        sink.about_if(NON_ROOT_USER, image, loc, format!("{} sets no `User`: its processes run as root, and the platform blocks root containers at launch", image.display()), None);
        return;
    };
    let user = node.scalar_text().unwrap_or_default();
    let name = user.split(':').next().unwrap_or("").trim();
    if name.is_empty() {
        sink.about_if(NON_ROOT_USER, image, image.at(&ptr, node), format!("{} sets an empty `User`: its processes run as root, and the platform blocks root containers at launch", image.display()), None);
    } else if name == "root" || name.trim_start_matches('0').is_empty() {
        sink.about_if(NON_ROOT_USER, image, image.at(&ptr, node), format!("{} runs as root (`User` is `{user}`); the platform blocks root containers at launch", image.display()), None);
    } else if !name.chars().all(|c| c.is_ascii_digit()) {
        sink.about_if(NON_ROOT_USER, image, image.at(&ptr, node), format!("{} runs as the user name `{name}`: under `runAsNonRoot: true` Kubernetes cannot verify a name is not root and refuses to start the container", image.display()), Some(format!("Use the numeric UID of `{name}` in `USER` (e.g. `USER 10001`); do not fix `runAsUser` in the manifest instead: on OpenShift the platform assigns the user id (CCT béta EXI-ARCH-26).")));
    }
}

/// `image/exposed-port-above-1024`: every `ExposedPorts` entry is above 1024.
fn exposed_ports(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let (Some(ports), ptr) = image.field("ExposedPorts") else {
        return;
    };
    for (key, _) in ports.entries() {
        let Some(spec) = key.as_str() else { continue };
        let number = spec.split('/').next().unwrap_or("");
        if let Ok(port) = number.parse::<u32>() {
            if port <= 1024 {
                let loc = image.at(&pointer_join(&ptr, spec), key);
                sink.about_if(
                    EXPOSED_PORT,
                    image,
                    loc,
                    format!(
                        "{} exposes port `{spec}`; ports up to 1024 need root privileges",
                        image.display()
                    ),
                    None,
                );
            }
        }
    }
}

/// `image/os-supported`, `image/os-lts`, `image/os-support-known`: the OS is an LTS release still in support.
fn operating_system(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    const BASE: &str = "org.opencontainers.image.base.name";
    let (facts, location, how): (OsFacts, Location, String) = match &image.os {
        OsEvidence::Found {
            facts,
            line,
            source,
        } => {
            let mut loc = image.origin.at_pos("", crate::document::Pos::new(*line, 1));
            loc.source = Some(source.clone());
            (facts.clone(), loc, "its `os-release`".to_owned())
        }
        OsEvidence::Missing => {
            let loc = image.locate(&format!("{}/{}", image.base, image.key("rootfs")));
            sink.about_if(OS_KNOWN, image, loc, format!("{} holds no `etc/os-release` nor `usr/lib/os-release` in any layer: its operating system and support status are unknown", image.display()), Some("Build on a base image that ships `os-release` (a distroless or minimal LTS image), or document the OS with the `org.opencontainers.image.base.name` label.".into()));
            return;
        }
        OsEvidence::Unreadable(why) => {
            let loc = image.locate(&format!("{}/{}", image.base, image.key("rootfs")));
            sink.about_if(
                OS_KNOWN,
                image,
                loc,
                format!(
                    "the operating system of {} is unknown: {why}",
                    image.display()
                ),
                Some("Fix the archive (see the input errors) and check again.".into()),
            );
            return;
        }
        OsEvidence::NotScanned => {
            let (labels, labels_ptr) = image.field("Labels");
            let ptr = pointer_join(&labels_ptr, BASE);
            let Some(node) = labels.and_then(|l| l.get(BASE)) else {
                let loc = image.locate(&ptr);
                sink.about_if(OS_KNOWN, image, loc, format!("{} has no `{BASE}` label and no layers were given: its operating system and support status are unknown", image.display()), Some(format!("Set the `{BASE}` label at build time (e.g. `docker buildx build --label {BASE}=debian:12-slim`), or check the image archive or layout so cct reads `os-release`.")));
                return;
            };
            let reference = node.as_str().unwrap_or_default();
            match facts_from_reference(reference) {
                Some(f) => (
                    f,
                    image.at(&ptr, node),
                    format!("its base image `{reference}`"),
                ),
                None => {
                    sink.about_if(OS_KNOWN, image, image.at(&ptr, node), format!("{} is built on `{reference}`, which cct cannot map to an operating system: its support status is unknown", image.display()), Some("Check the image archive or layout so cct reads `os-release`, or derogate with the base image's support statement.".into()));
                    return;
                }
            }
        }
    };
    let os = facts.display();
    match judge(&facts) {
        Verdict::UnknownDistribution => sink.about_if(OS_KNOWN, image, location, format!("{} runs `{os}` (from {how}), which is not in cct's end-of-life table: its support status is unknown", image.display()), Some("Use a distribution with a published long-term-support policy (Debian, Ubuntu LTS, RHEL UBI, Rocky, Alma, SLES, Amazon Linux), or derogate with the vendor's support statement.".into())),
        Verdict::UnknownVersion(d) => sink.about_if(OS_KNOWN, image, location, format!("{} runs {} `{}` (from {how}), a version missing from cct's end-of-life table: its support status is unknown", image.display(), d.name, facts.version.as_deref().or(facts.codename.as_deref()).unwrap_or("<no version>")), Some("Pin the base image to a numbered release (e.g. `debian:12-slim`), or update cct if the release is newer than its table.".into())),
        Verdict::Rolling(d) => sink.about_if(OS_LTS, image, location, format!("{} runs {} (from {how}), a rolling distribution with no long-term-support release", image.display(), d.name), None),
        Verdict::Release(d, c) => {
            let today = match date::today(sink.policy().today.as_deref()) {
                Ok(t) => t,
                Err(why) => {
                    sink.about_if(OS_KNOWN, image, location, format!("{} runs {} {} (from {how}), but its end of life ({}) cannot be judged: {why}", image.display(), d.name, c.cycle, c.eol), Some("Pass the date to judge on in `today` (YYYY-MM-DD; `--today` on the command line).".into()));
                    return;
                }
            };
            if today.as_str() > c.eol.as_str() {
                let extended = c.extended.as_ref().map(|e| format!(" (paid extended support runs to {e})")).unwrap_or_default();
                sink.about_if(OS_SUPPORTED, image, location.clone(), format!("{} runs {} {} (from {how}), whose support ended on {}{extended}; it no longer receives security fixes", image.display(), d.name, c.cycle, c.eol), None);
            }
            if !c.is_lts(d) {
                sink.about_if(OS_LTS, image, location, format!("{} runs {} {} (from {how}), which is not a long-term-support release (supported until {})", image.display(), d.name, c.cycle, c.eol), None);
            }
        }
    }
}

fn hex_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[0-9a-f]{7,64}$").unwrap_or_else(|e| panic!("{e}")))
}

fn rfc3339_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// `image/traceability-labels`: revision, source, version and created labels identify the build.
fn traceability_labels(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let (labels, labels_ptr) = image.field("Labels");
    type Check = fn(&str) -> bool;
    let expected: [(&str, &str, Check); 4] = [
        (
            "org.opencontainers.image.revision",
            "the commit hash the image was built from",
            |v| hex_re().is_match(v),
        ),
        (
            "org.opencontainers.image.source",
            "the URL of the source repository",
            |v| v.contains("://") || v.starts_with("git@"),
        ),
        (
            "org.opencontainers.image.version",
            "the released version, such as `1.4.2`",
            |v| !v.is_empty() && v != "latest",
        ),
        (
            "org.opencontainers.image.created",
            "the build date-time in RFC 3339",
            |v| rfc3339_re().is_match(v),
        ),
    ];
    for (key, what, valid) in expected {
        let ptr = pointer_join(&labels_ptr, key);
        match labels.and_then(|l| l.get(key)) {
            None => {
                let loc = image.locate(&ptr);
                sink.about_if(LABELS, image, loc, format!("{} has no `{key}` label ({what}): it cannot be traced to the pipeline build that produced it", image.display()), None);
            }
            Some(node) => {
                let value = node.scalar_text().unwrap_or_default();
                if !valid(value.trim()) {
                    sink.about_if(
                        LABELS,
                        image,
                        image.at(&ptr, node),
                        format!(
                            "{} sets `{key}` to `{value}`, which is not {what}",
                            image.display()
                        ),
                        None,
                    );
                }
            }
        }
    }
}

fn secret_name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CREDENTIALS?)($|_)")
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn secret_value_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|glpat-[A-Za-z0-9_-]{20}",
            r"|xox[abposr]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}|[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn endpoint_name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(^|_)(URL|URI|HOST|HOSTNAME|HOSTS|ENDPOINT|ADDR|ADDRESS|DSN|SERVER|SERVERS|BROKERS?)$").unwrap_or_else(|e| panic!("{e}"))
    })
}

fn is_local(host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .split(']')
        .next()
        .unwrap_or(host);
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = if host.matches(':').count() == 1 {
        host.split(':').next().unwrap_or(host)
    } else {
        host
    };
    matches!(
        host,
        "" | "localhost" | "127.0.0.1" | "0.0.0.0" | "::" | "::1"
    )
}

/// The host of a hard-coded endpoint in `value`, when it names one (a URL or a `host[:port]`).
fn endpoint_host(name: &str, value: &str) -> Option<String> {
    if let Some((_, rest)) = value.split_once("://") {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let path = rest.get(authority.len()..).unwrap_or("");
        let last = path
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("");
        // A download URL of a build artefact (`…/php-8.3.0.tar.xz`) is not configuration.
        if last.contains('.') || is_local(authority) {
            return None;
        }
        return Some(authority.rsplit('@').next().unwrap_or(authority).to_owned());
    }
    if endpoint_name_re().is_match(name) {
        let first = value.split([',', ' ']).next().unwrap_or("").trim();
        let looks_like_host = !first.is_empty()
            && !first.starts_with('/')
            && !first.starts_with('$')
            && first.chars().all(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_')
            })
            && first.chars().any(|c| c.is_ascii_alphabetic() || c == '.');
        if looks_like_host && !is_local(first) {
            return Some(first.to_owned());
        }
    }
    None
}

/// `image/no-secret-in-env` and `image/no-hardcoded-endpoint`: `Env` holds no secret nor environment-specific endpoint.
fn environment(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let (Some(env), ptr) = image.field("Env") else {
        return;
    };
    for (i, item) in env.items().iter().enumerate() {
        let Some(entry) = item.as_str() else { continue };
        let (name, value) = entry.split_once('=').unwrap_or((entry, ""));
        let at = image.at(&pointer_index(&ptr, i), item);
        let file_ref = ["_FILE", "_PATH", "_DIR"]
            .iter()
            .any(|s| name.to_ascii_uppercase().ends_with(s));
        let named_secret = secret_name_re().is_match(name)
            && !file_ref
            && !value.is_empty()
            && !value.starts_with('$');
        if named_secret || secret_value_re().is_match(value) {
            sink.about_if(SECRET_ENV, image, at, format!("{} bakes a secret into its environment: `{name}` is set to a literal value that anyone who can pull the image can read", image.display()), None);
            continue;
        }
        if let Some(host) = endpoint_host(name, value) {
            sink.about_if(ENDPOINT_ENV, image, at, format!("{} hard-codes the endpoint `{host}` in `{name}`; the same image cannot move between environments", image.display()), None);
        }
    }
}

const SHELLS: &[&str] = &[
    "/bin/sh",
    "sh",
    "/bin/bash",
    "bash",
    "/bin/ash",
    "ash",
    "/bin/dash",
    "/usr/bin/sh",
    "/usr/bin/bash",
    "/bin/zsh",
];

/// `image/exec-form-entrypoint`: PID 1 is not a shell running a `-c` command line.
fn exec_form(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let (entrypoint, ep_ptr) = image.field("Entrypoint");
    let (cmd, cmd_ptr) = image.field("Cmd");
    let (node, ptr, field) =
        match entrypoint.filter(|e| !e.items().is_empty() || e.as_str().is_some()) {
            Some(e) => (e, ep_ptr, "Entrypoint"),
            None => match cmd {
                Some(c) => (c, cmd_ptr, "Cmd"),
                None => return,
            },
        };
    let argv: Vec<&str> = node.items().iter().filter_map(Node::as_str).collect();
    let shell_form = match argv.as_slice() {
        [shell, "-c", rest @ ..] if SHELLS.contains(shell) => {
            let script = rest.first().map(|s| s.trim_start()).unwrap_or("");
            !script.starts_with("exec ")
        }
        _ => node.as_str().is_some(),
    };
    if shell_form {
        let shown = argv.join(" ");
        sink.about_if(EXEC_FORM, image, image.at(&ptr, node), format!("{} starts through a shell (`{field}` is `{shown}`): the shell is PID 1 and does not pass SIGTERM on, so the process is killed instead of stopping cleanly", image.display()), None);
    }
}

/// `image/no-volumes`: no `VOLUME` declared in the image.
fn volumes(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let (Some(volumes), ptr) = image.field("Volumes") else {
        return;
    };
    for (key, _) in volumes.entries() {
        let Some(path) = key.as_str() else { continue };
        let loc = image.at(&pointer_join(&ptr, path), key);
        sink.about_if(NO_VOLUMES, image, loc, format!("{} declares the volume `{path}`: state kept on the container's disk is lost on rescheduling and blocks scaling out", image.display()), None);
    }
}

/// `image/max-layers` and `image/max-size` from a config (`rootfs.diff_ids`) or `docker inspect` (`RootFS.Layers`, `Size`).
fn size_and_layers(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    let settings = sink.policy().settings.image;
    let rootfs_key = image.key("rootfs");
    let layers_key = image.key("diff_ids");
    if let Some(layers) = image.root.get(rootfs_key).and_then(|r| r.get(layers_key)) {
        let n = layers.items().len();
        if n > settings.max_layers {
            let ptr = format!("{}/{rootfs_key}/{layers_key}", image.base);
            sink.about_if(MAX_LAYERS, image, image.at(&ptr, layers), format!("{} has {n} layers, over the limit of {}: merge build steps or use a multi-stage build", image.display(), settings.max_layers), None);
        }
    }
    if let Some(bytes) = image.unpacked_size.filter(|b| *b > settings.max_size_bytes) {
        let ptr = format!("{}/{rootfs_key}", image.base);
        let loc = image.locate(&ptr);
        sink.about_if(
            MAX_SIZE,
            image,
            loc,
            format!(
                "{} is {} unpacked, over the limit of {}",
                image.display(),
                human(bytes),
                human(settings.max_size_bytes)
            ),
            None,
        );
    }
    if image.docker {
        if let Some(size) = image.root.get("Size") {
            if let Some(bytes) = size.as_i64().and_then(|s| u64::try_from(s).ok()) {
                if bytes > settings.max_size_bytes {
                    let ptr = format!("{}/Size", image.base);
                    sink.about_if(
                        MAX_SIZE,
                        image,
                        image.at(&ptr, size),
                        format!(
                            "{} is {} unpacked, over the limit of {}",
                            image.display(),
                            human(bytes),
                            human(settings.max_size_bytes)
                        ),
                        None,
                    );
                }
            }
        }
    }
}

/// `1.5 GiB`, `320.0 MiB`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

const DOCKER_SCHEMA1: &[&str] = &[
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
];

/// `image/no-docker-schema1` and `image/oci-media-types`.
fn media_types(m: &ManifestView<'_>, sink: &mut RuleSink<'_, '_>) {
    let root = m.root;
    let media = root.get("mediaType");
    let schema1 = root.get("schemaVersion").and_then(Node::as_i64) == Some(1)
        || media
            .and_then(Node::as_str)
            .is_some_and(|t| DOCKER_SCHEMA1.contains(&t));
    if schema1 {
        let (ptr, node) = match media {
            Some(n) if n.as_str().is_some_and(|t| DOCKER_SCHEMA1.contains(&t)) => ("/mediaType", n),
            _ => ("/schemaVersion", root.get("schemaVersion").unwrap_or(root)),
        };
        sink.report_if(SCHEMA1, m.origin.at(ptr, node), Some(m.object_ref()), format!("{} uses the deprecated Docker image manifest v2 schema 1, which current registries and runtimes refuse", m.display()), None);
        return;
    }
    // The first Docker media type: the document's own, then its config's, then a layer's or a sub-manifest's.
    let mut candidates: Vec<(String, &Node)> = Vec::new();
    if let Some(n) = media {
        candidates.push(("/mediaType".into(), n));
    }
    if let Some(n) = root.get_path(&["config", "mediaType"]) {
        candidates.push(("/config/mediaType".into(), n));
    }
    for list in ["layers", "manifests"] {
        for (i, d) in root
            .get(list)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(n) = d.get("mediaType") {
                candidates.push((format!("/{list}/{i}/mediaType"), n));
            }
        }
    }
    if let Some((ptr, node)) = candidates.into_iter().find(|(_, n)| {
        n.as_str()
            .is_some_and(|t| t.starts_with("application/vnd.docker."))
    }) {
        let t = node.as_str().unwrap_or_default();
        sink.report_if(
            OCI_MEDIA,
            m.origin.at(&ptr, node),
            Some(m.object_ref()),
            format!(
                "{} uses the Docker media type `{t}` rather than the OCI image format",
                m.display()
            ),
            None,
        );
    }
}

/// `image/max-size` and `image/max-layers` from a manifest's descriptors.
fn manifest_size(m: &ManifestView<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some(layers) = m.root.get("layers").or_else(|| m.root.get("fsLayers")) else {
        return;
    };
    let settings = sink.policy().settings.image;
    let ptr = if m.root.get("layers").is_some() {
        "/layers"
    } else {
        "/fsLayers"
    };
    let n = layers.items().len();
    if n > settings.max_layers {
        sink.report_if(MAX_LAYERS, m.origin.at(ptr, layers), Some(m.object_ref()), format!("{} has {n} layers, over the limit of {}: merge build steps or use a multi-stage build", m.display(), settings.max_layers), None);
    }
    let total: u64 = layers
        .items()
        .iter()
        .filter_map(|l| l.get("size").and_then(Node::as_i64))
        .filter_map(|s| u64::try_from(s).ok())
        .sum();
    if total > settings.max_size_bytes {
        sink.report_if(
            MAX_SIZE,
            m.origin.at(ptr, layers),
            Some(m.object_ref()),
            format!(
                "{} weighs {} compressed, over the limit of {}",
                m.display(),
                human(total),
                human(settings.max_size_bytes)
            ),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn endpoints_are_told_from_downloads_and_local_addresses() {
        use super::endpoint_host;
        assert_eq!(
            endpoint_host("DATABASE_URL", "postgres://app:5432/db").as_deref(),
            Some("app:5432")
        );
        assert_eq!(
            endpoint_host("ANY", "https://user@api.example.fr/v1").as_deref(),
            Some("api.example.fr")
        );
        assert_eq!(
            endpoint_host("REDIS_HOST", "redis.internal").as_deref(),
            Some("redis.internal")
        );
        assert_eq!(
            endpoint_host("KAFKA_BROKERS", "k1:9092,k2:9092").as_deref(),
            Some("k1:9092")
        );
        assert_eq!(
            endpoint_host(
                "PHP_URL",
                "https://www.php.net/distributions/php-8.3.0.tar.xz"
            ),
            None
        );
        assert_eq!(endpoint_host("CACHE_URL", "http://localhost:6379"), None);
        assert_eq!(endpoint_host("LISTEN_ADDR", "[::1]:8080"), None);
        assert_eq!(endpoint_host("LISTEN_ADDR", "0.0.0.0:8080"), None);
        assert_eq!(endpoint_host("SERVER_PORT", "8080"), None);
        assert_eq!(endpoint_host("DATA_DIR", "/var/lib/app"), None);
        assert_eq!(endpoint_host("API_URL", "${API_URL}"), None);
    }

    #[test]
    fn secrets_are_found_by_name_and_by_shape() {
        let named = |n: &str| super::secret_name_re().is_match(n);
        assert!(
            named("DB_PASSWORD")
                && named("GITLAB_TOKEN")
                && named("AWS_SECRET_ACCESS_KEY")
                && named("API_KEY")
        );
        assert!(
            !named("GPG_KEY")
                && !named("PWD")
                && !named("TOKENIZERS_PARALLELISM")
                && !named("KEYCLOAK_VERSION")
        );
        let shaped = |v: &str| super::secret_value_re().is_match(v);
        assert!(shaped("AKIAIOSFODNN7EXAMPLE"));
        assert!(shaped("postgres://app:hunter2@db:5432/app"));
        assert!(shaped("-----BEGIN RSA PRIVATE KEY-----"));
        assert!(!shaped("postgres://db:5432/app") && !shaped("1.22.19"));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(super::human(512), "512 B");
        assert_eq!(super::human(500 * 1024 * 1024), "500.0 MiB");
    }
}

/// `image/no-sshd` (béta EXI-ARCH-18): the image starts no SSH server and exposes no SSH port.
fn no_sshd(image: &ImageView<'_>, sink: &mut RuleSink<'_, '_>) {
    for name in ["Entrypoint", "Cmd"] {
        let (Some(args), ptr) = image.field(name) else {
            continue;
        };
        for (i, arg) in args.items().iter().enumerate() {
            let Some(text) = arg.as_str() else { continue };
            if let Some(program) = crate::image::ssh::ssh_server_in(text) {
                let loc = image.at(&pointer_index(&ptr, i), arg);
                sink.about_if(NO_SSHD, image, loc, format!("{} starts `{program}` (`{name}`): an SSH server is a network service the application does not need, and a way into the container around the platform's access controls", image.display()), None);
            }
        }
    }
    let (Some(ports), ptr) = image.field("ExposedPorts") else {
        return;
    };
    for (key, _) in ports.entries() {
        let Some(spec) = key.as_str() else { continue };
        if spec == "22" || spec == "22/tcp" {
            let loc = image.at(&pointer_join(&ptr, spec), key);
            sink.about_if(NO_SSHD, image, loc, format!("{} exposes port `{spec}`, SSH's: an SSH server is a network service the application does not need", image.display()), None);
        }
    }
}
