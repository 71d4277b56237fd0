//! Image layouts and archives built by the tests themselves (no download, no
//! committed binaries): OCI layouts in tar and in memory, `docker save`
//! archives, multi-platform indexes, whiteouts, gzip and zstd layers, a
//! corrupt gzip, a truncated archive and the limits.

use std::io::{Read, Write};

use cct_core::check_image_layout;
use cct_core::image::{ImageSource, SourceError};
use cct_core::report::Report;
use cct_core::{check, Input, Policy};
use serde_json::{json, Value};

const TODAY: &str = "2026-11-24";

fn policy() -> Policy {
    let mut p = Policy::default();
    p.today = Some(TODAY.into());
    p
}

/// One entry of a layer.
enum E<'a> {
    File(&'a str, &'a [u8]),
    Link(&'a str, &'a str),
}

fn tar_of(entries: &[E<'_>]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        let mut h = tar::Header::new_ustar();
        match e {
            E::File(path, data) => {
                h.set_size(data.len() as u64);
                h.set_mode(0o644);
                h.set_entry_type(tar::EntryType::Regular);
                b.append_data(&mut h, path, *data).unwrap();
            }
            E::Link(path, target) => {
                h.set_size(0);
                h.set_mode(0o777);
                h.set_entry_type(tar::EntryType::Symlink);
                b.append_link(&mut h, path, target).unwrap();
            }
        }
    }
    b.into_inner().unwrap()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zst(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

fn os_release(id: &str, version: &str, pretty: &str) -> Vec<u8> {
    format!("PRETTY_NAME=\"{pretty}\"\nNAME=\"{pretty}\"\nID={id}\nVERSION_ID=\"{version}\"\nHOME_URL=\"https://example.org/\"\n").into_bytes()
}

/// The files of a layout, in archive order.
#[derive(Default, Clone)]
struct Files {
    files: Vec<(String, Vec<u8>)>,
    links: Vec<(String, String)>,
    next: u32,
}

impl Files {
    fn blob(&mut self, bytes: Vec<u8>) -> (String, usize) {
        self.next += 1;
        let digest = format!("sha256:{:064x}", self.next);
        let len = bytes.len();
        self.files
            .push((format!("blobs/sha256/{:064x}", self.next), bytes));
        (digest, len)
    }

    fn json_blob(&mut self, v: &Value) -> (String, usize) {
        self.blob(serde_json::to_vec_pretty(v).unwrap())
    }

    fn put(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.push((path.into(), bytes));
    }

    /// Adds an image (config + layers, each `(media type, bytes)`) and returns its manifest descriptor.
    fn image(&mut self, config: &Value, layers: Vec<(&str, Vec<u8>)>) -> Value {
        let (cd, cs) = self.json_blob(config);
        let layers: Vec<Value> = layers
            .into_iter()
            .map(|(media, bytes)| {
                let (d, s) = self.blob(bytes);
                json!({"mediaType": media, "digest": d, "size": s})
            })
            .collect();
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
            "layers": layers,
        });
        let (md, ms) = self.json_blob(&manifest);
        json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": ms})
    }

    fn oci_layout(&mut self, manifests: Vec<Value>) {
        self.put("oci-layout", br#"{"imageLayoutVersion": "1.0.0"}"#.to_vec());
        let index = json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests});
        self.put("index.json", serde_json::to_vec_pretty(&index).unwrap());
    }

    fn tar(&self) -> Vec<u8> {
        let mut entries: Vec<E<'_>> = self.files.iter().map(|(p, b)| E::File(p, b)).collect();
        entries.extend(self.links.iter().map(|(p, t)| E::Link(p, t)));
        tar_of(&entries)
    }
}

impl ImageSource for Files {
    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, SourceError> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| Box::new(b.as_slice()) as Box<dyn Read>)
            .ok_or_else(|| SourceError::NotFound { path: path.into() })
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| b.len() as u64)
    }
}

fn config(arch: &str, user: &str) -> Value {
    json!({
        "created": "2026-11-20T10:00:00Z",
        "architecture": arch,
        "os": "linux",
        "config": {
            "User": user,
            "Entrypoint": ["/app/server"],
            "Labels": {
                "org.opencontainers.image.created": "2026-11-20T10:00:00Z",
                "org.opencontainers.image.revision": "4f2c1d0e9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d",
                "org.opencontainers.image.source": "https://git.example.fr/team/app",
                "org.opencontainers.image.version": "1.4.2"
            }
        },
        "rootfs": {"type": "layers", "diff_ids": []}
    })
}

const GZ: &str = "application/vnd.oci.image.layer.v1.tar+gzip";
const ZSTD: &str = "application/vnd.oci.image.layer.v1.tar+zstd";

fn platform(desc: Value, os: &str, arch: &str) -> Value {
    let mut d = desc;
    d["platform"] = json!({"os": os, "architecture": arch});
    d["annotations"] = json!({"io.containerd.image.name": "registry.example.fr/team/app:1.4.2", "org.opencontainers.image.ref.name": "1.4.2"});
    d
}

/// amd64: non-root, Debian 12 (gzip, `etc/os-release` a link to `usr/lib/os-release`).
/// arm64: root, Alpine 3.17 (zstd), past its end of life.
fn multi_platform() -> Files {
    let mut f = Files::default();
    let debian = tar_of(&[
        E::File(
            "usr/lib/os-release",
            &os_release("debian", "12", "Debian GNU/Linux 12 (bookworm)"),
        ),
        E::Link("etc/os-release", "../usr/lib/os-release"),
    ]);
    let app = tar_of(&[E::File("app/server", b"\x7fELF")]);
    let amd = f.image(
        &config("amd64", "10001"),
        vec![(GZ, gz(&debian)), (GZ, gz(&app))],
    );
    let alpine = tar_of(&[E::File(
        "etc/os-release",
        &os_release("alpine", "3.17.2", "Alpine Linux v3.17"),
    )]);
    let arm = f.image(
        &config("arm64", "root"),
        vec![(ZSTD, zst(&alpine)), (ZSTD, zst(&app))],
    );
    let attestation = json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": format!("sha256:{}", "f".repeat(64)), "size": 1,
        "platform": {"os": "unknown", "architecture": "unknown"}, "annotations": {"vnd.docker.reference.type": "attestation-manifest"}});
    f.oci_layout(vec![
        platform(amd, "linux", "amd64"),
        platform(arm, "linux", "arm64"),
        attestation,
    ]);
    f
}

fn of<'r>(report: &'r Report, rule: &str) -> Vec<&'r cct_core::Finding> {
    report.findings.iter().filter(|f| f.rule == rule).collect()
}

#[test]
fn every_platform_of_an_oci_archive_is_evaluated_and_named() {
    let bytes = multi_platform().tar();
    let report = check(&[Input::new("app.tar", bytes)], &policy());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.inputs[0].documents, 2);

    let root = of(&report, "image/non-root-user");
    assert_eq!(root.len(), 1, "{root:#?}");
    let f = root[0];
    assert_eq!(f.location.path, "app.tar");
    assert_eq!(f.location.source.as_deref(), Some("linux/arm64"));
    assert_eq!(f.location.pointer, "/config/User");
    // the position of `"root"` in the arm64 config blob, as written
    let text =
        String::from_utf8(serde_json::to_vec_pretty(&config("arm64", "root")).unwrap()).unwrap();
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("\"User\": \"root\"")
                .map(|c| (i as u32 + 1, c as u32 + 1 + 8))
        })
        .unwrap();
    assert_eq!((f.location.line, f.location.column), (line, col));
    assert_eq!(
        f.object.as_ref().and_then(|o| o.name.as_deref()),
        Some("registry.example.fr/team/app:1.4.2")
    );
    assert!(f.message.contains("(linux/arm64)"), "{}", f.message);

    let eol = of(&report, "image/os-supported");
    assert_eq!(eol.len(), 1, "{eol:#?}");
    let source = eol[0].location.source.as_deref().unwrap();
    assert!(
        source.starts_with("linux/arm64 sha256:") && source.ends_with(" etc/os-release"),
        "{source}"
    );
    assert_eq!(
        eol[0].location.line, 4,
        "VERSION_ID is on line 4 of os-release"
    );
    assert!(
        eol[0].message.contains("Alpine Linux 3.17") && eol[0].message.contains("2024-11-22"),
        "{}",
        eol[0].message
    );
    // Alpine is not LTS either; Debian 12 is, and supported on the fixed date.
    assert_eq!(of(&report, "image/os-lts").len(), 1);
    assert!(of(&report, "image/os-support-known").is_empty());
    assert!(report.findings.iter().all(|f| f
        .location
        .source
        .as_deref()
        .is_some_and(|s| !s.starts_with("unknown"))));
}

#[test]
fn the_date_decides_end_of_life() {
    let bytes = multi_platform().tar();
    let mut p = policy();
    p.today = Some("2024-01-01".into());
    let report = check(&[Input::new("app.tar", bytes.clone())], &p);
    assert!(
        of(&report, "image/os-supported").is_empty(),
        "Alpine 3.17 was supported on 2024-01-01"
    );
    p.today = Some("01/01/2024".into());
    let report = check(&[Input::new("app.tar", bytes)], &p);
    let unknown = of(&report, "image/os-support-known");
    assert_eq!(unknown.len(), 2);
    assert!(
        unknown[0].message.contains("not a YYYY-MM-DD date"),
        "{}",
        unknown[0].message
    );
}

#[test]
fn a_layout_folder_is_read_through_image_source() {
    let f = multi_platform();
    let report = check_image_layout(&f, "app-oci/", &policy());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.inputs[0].path, "app-oci/");
    assert_eq!(of(&report, "image/non-root-user").len(), 1);
    assert_eq!(of(&report, "image/os-supported").len(), 1);
}

fn single(layers: Vec<Vec<u8>>) -> Report {
    let mut f = Files::default();
    let desc = f.image(
        &config("amd64", "10001"),
        layers.into_iter().map(|l| (GZ, gz(&l))).collect(),
    );
    f.oci_layout(vec![platform(desc, "linux", "amd64")]);
    check(&[Input::new("app.tar", f.tar())], &policy())
}

fn os_findings(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("image/os-"))
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect()
}

#[test]
fn later_layers_win_and_whiteouts_hide() {
    let debian13 = os_release("debian", "13", "Debian GNU/Linux 13 (trixie)");
    let debian10 = os_release("debian", "10", "Debian GNU/Linux 10 (buster)");
    let base = tar_of(&[
        E::File("usr/lib/os-release", &debian13),
        E::Link("etc/os-release", "../usr/lib/os-release"),
    ]);

    // control: the base alone is supported
    assert!(os_findings(&single(vec![base.clone()])).is_empty());

    // an upper layer replacing the file wins
    let replaced = single(vec![
        base.clone(),
        tar_of(&[E::File("usr/lib/os-release", &debian10)]),
    ]);
    let f = of(&replaced, "image/os-supported");
    assert_eq!(f.len(), 1, "{:?}", os_findings(&replaced));
    assert!(f[0]
        .location
        .source
        .as_deref()
        .unwrap()
        .contains("usr/lib/os-release"));
    assert!(f[0].message.contains("Debian 10"), "{}", f[0].message);

    // whiteouts remove both files
    let removed = single(vec![
        base.clone(),
        tar_of(&[
            E::File("etc/.wh.os-release", b""),
            E::File("usr/lib/.wh.os-release", b""),
        ]),
    ]);
    let known = of(&removed, "image/os-support-known");
    assert_eq!(known.len(), 1, "{:?}", os_findings(&removed));
    assert!(
        known[0].message.contains("holds no `etc/os-release`"),
        "{}",
        known[0].message
    );

    // a whiteout of a parent directory hides too
    let removed = single(vec![base.clone(), tar_of(&[E::File(".wh.usr", b"")])]);
    assert_eq!(
        of(&removed, "image/os-support-known").len(),
        1,
        "{:?}",
        os_findings(&removed)
    );

    // an opaque `etc/` hides the lower `etc/os-release` file, so `usr/lib/os-release` is read
    let lower = tar_of(&[
        E::File("etc/os-release", &debian10),
        E::File("usr/lib/os-release", &debian13),
    ]);
    assert_eq!(
        of(&single(vec![lower.clone()]), "image/os-supported").len(),
        1,
        "control: etc/os-release (Debian 10) is read first"
    );
    let opaque = single(vec![
        lower,
        tar_of(&[
            E::File("etc/.wh..wh..opq", b""),
            E::File("etc/hostname", b"app"),
        ]),
    ]);
    assert!(
        os_findings(&opaque).is_empty(),
        "{:?}",
        os_findings(&opaque)
    );
}

#[test]
fn a_corrupt_gzip_layer_is_a_positioned_error_and_other_platforms_are_still_checked() {
    let mut f = Files::default();
    let mut bad = gz(&tar_of(&[E::File(
        "etc/os-release",
        &os_release("debian", "12", "Debian 12"),
    )]));
    let mid = bad.len() / 2;
    for b in &mut bad[10..mid] {
        *b ^= 0x5a;
    }
    let amd = f.image(&config("amd64", "10001"), vec![(GZ, bad)]);
    let corrupt_digest = amd["digest"].clone();
    let alpine = tar_of(&[E::File(
        "etc/os-release",
        &os_release("alpine", "3.17.2", "Alpine Linux v3.17"),
    )]);
    let arm = f.image(&config("arm64", "root"), vec![(GZ, gz(&alpine))]);
    f.oci_layout(vec![
        platform(amd, "linux", "amd64"),
        platform(arm, "linux", "arm64"),
    ]);
    let report = check(&[Input::new("app.tar", f.tar())], &policy());

    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    assert_eq!(e.path, "app.tar");
    assert!(
        e.message.contains("layer `sha256:")
            && e.message.contains("(`blobs/sha256/")
            && e.message.contains("gzip"),
        "{}",
        e.message
    );
    assert_ne!(corrupt_digest, Value::Null);
    // arm64 is still judged; amd64's OS is reported unknown
    assert_eq!(of(&report, "image/os-supported").len(), 1);
    assert_eq!(of(&report, "image/non-root-user").len(), 1);
    let unknown = of(&report, "image/os-support-known");
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].location.source.as_deref(), Some("linux/amd64"));
}

#[test]
fn a_truncated_archive_keeps_what_came_before() {
    let mut f = multi_platform();
    // archive order: index files, then every blob, the arm64 app layer (7th blob) last
    let (blobs, mut rest): (Vec<_>, Vec<_>) = f
        .files
        .drain(..)
        .partition(|(p, _)| p.starts_with("blobs/"));
    let mut blobs = blobs;
    let last = blobs.remove(6);
    rest.extend(blobs);
    rest.push(last.clone());
    f.files = rest;
    let bytes = f.tar();
    let header = find(&bytes, last.0.as_bytes()).unwrap();
    let cut = bytes[..header + 512 + 10].to_vec();

    let report = check(&[Input::new("app.tar", cut)], &policy());
    let all = report
        .errors
        .iter()
        .map(|e| e.message.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        all.contains(&format!("the archive is truncated inside `{}`", last.0)),
        "{all}"
    );
    assert_eq!(report.inputs[0].documents, 2);
    // arm64's config came before the cut: still judged; its OS is unknown
    assert_eq!(of(&report, "image/non-root-user").len(), 1);
    let unknown = of(&report, "image/os-support-known");
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert_eq!(unknown[0].location.source.as_deref(), Some("linux/arm64"));
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_docker_save_archive_is_read() {
    let mut f = Files::default();
    let base = tar_of(&[E::File(
        "etc/os-release",
        &os_release("ubuntu", "25.04", "Ubuntu 25.04"),
    )]);
    let app = tar_of(&[E::File("app/server", b"\x7fELF")]);
    let mut cfg = config("amd64", "");
    cfg["config"]["ExposedPorts"] = json!({"80/tcp": {}});
    f.put("5f7a.json", serde_json::to_vec_pretty(&cfg).unwrap());
    f.put("aaaa/layer.tar", base);
    f.put("bbbb/layer.tar", app);
    f.links
        .push(("cccc/layer.tar".into(), "../bbbb/layer.tar".into()));
    let manifest = json!([{"Config": "5f7a.json", "RepoTags": ["app:1.4.2"], "Layers": ["aaaa/layer.tar", "bbbb/layer.tar", "cccc/layer.tar"]}]);
    f.put("manifest.json", serde_json::to_vec(&manifest).unwrap());
    f.put("repositories", br#"{"app":{"1.4.2":"5f7a"}}"#.to_vec());
    let report = check(&[Input::new("app.tar", f.tar())], &policy());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let user = of(&report, "image/non-root-user");
    assert_eq!(user.len(), 1);
    assert_eq!(
        user[0].object.as_ref().and_then(|o| o.name.as_deref()),
        Some("app:1.4.2")
    );
    assert_eq!(user[0].location.source.as_deref(), Some("linux/amd64"));
    assert_eq!(of(&report, "image/exposed-port-above-1024").len(), 1);
    // Ubuntu 25.04: interim (not LTS) and past its end of life on the fixed date
    assert_eq!(of(&report, "image/os-lts").len(), 1);
    assert_eq!(of(&report, "image/os-supported").len(), 1);
}

#[test]
fn limits_stop_bombs_and_huge_archives() {
    let big = tar_of(&[
        E::File("etc/os-release", &os_release("debian", "12", "Debian 12")),
        E::File("zeros", &vec![0u8; 4 << 20]),
    ]);
    let mut f = Files::default();
    let desc = f.image(&config("amd64", "10001"), vec![(GZ, gz(&big))]);
    f.oci_layout(vec![platform(desc, "linux", "amd64")]);
    let bytes = f.tar();

    let mut p = policy();
    p.settings.image.limits.max_decompressed_bytes = 1 << 20;
    let report = check(&[Input::new("app.tar", bytes.clone())], &p);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.message.contains("compression bomb")),
        "{:?}",
        report.errors
    );

    let mut p = policy();
    p.settings.image.limits.max_tar_entries = 3;
    let report = check(&[Input::new("app.tar", bytes)], &p);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.message.contains("more than 3 entries")),
        "{:?}",
        report.errors
    );
}

#[test]
fn a_compressed_archive_is_refused_with_a_hint() {
    let bytes = gz(&multi_platform().tar());
    let report = check(
        &[Input::new("app.tar.gz", bytes).with_kind(Some(cct_core::ArtefactKind::Image))],
        &policy(),
    );
    assert_eq!(report.errors.len(), 1);
    assert!(report.errors[0].message.contains("decompress it first"));
}

/// The fixtures and the generated blobs are valid for the OCI reference types
/// (`oci-spec`), so the rules are tested on documents real tools accept.
#[test]
fn fixtures_and_generated_blobs_are_valid_oci_documents() {
    use oci_spec::image::{ImageConfiguration, ImageIndex, ImageManifest};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/image");
    let mut checked = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        for stem in ["good.json", "bad.json"] {
            let path = dir.as_ref().unwrap().path().join(stem);
            if !path.exists() {
                // An OCI layout packed with tar (scripts/make-image-fixtures.py): its JSON blobs.
                let tar = path.with_extension("tar");
                let bytes = std::fs::read(&tar).unwrap();
                let mut archive = tar::Archive::new(bytes.as_slice());
                for entry in archive.entries().unwrap() {
                    let mut entry = entry.unwrap();
                    let name = entry.path().unwrap().to_string_lossy().into_owned();
                    let mut data = Vec::new();
                    entry.read_to_end(&mut data).unwrap();
                    let Ok(text) = String::from_utf8(data) else {
                        continue; // a gzip layer
                    };
                    let ok = if name == "index.json" {
                        serde_json::from_str::<ImageIndex>(&text).map(|_| ())
                    } else if text.contains("\"rootfs\"") {
                        serde_json::from_str::<ImageConfiguration>(&text).map(|_| ())
                    } else if text.contains("\"layers\"") {
                        serde_json::from_str::<ImageManifest>(&text).map(|_| ())
                    } else {
                        continue;
                    };
                    assert!(ok.is_ok(), "{} {name}: {ok:?}", tar.display());
                    checked += 1;
                }
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let v: Value = serde_json::from_str(&text).unwrap();
            let ok = if v.get("rootfs").is_some() {
                serde_json::from_str::<ImageConfiguration>(&text)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            } else if v.get("layers").is_some() {
                serde_json::from_str::<ImageManifest>(&text)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            } else {
                continue; // docker inspect output and the schema 1 manifest are not OCI documents
            };
            assert!(ok.is_ok(), "{}: {:?}", path.display(), ok);
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked}");
    let f = multi_platform();
    for (path, bytes) in &f.files {
        let text = String::from_utf8_lossy(bytes);
        if path == "index.json" {
            serde_json::from_str::<ImageIndex>(&text).unwrap();
        } else if text.contains("\"rootfs\"") {
            serde_json::from_str::<ImageConfiguration>(&text).unwrap();
        } else if text.contains("\"layers\"") {
            serde_json::from_str::<ImageManifest>(&text).unwrap();
        }
    }
}

#[test]
fn zstd_layers_of_several_frames_are_read_to_the_end() {
    // zstd:chunked writes one frame per file, with skippable frames between:
    // here os-release is in the third frame, after a skippable one.
    let layer = tar_of(&[
        E::File("app/server", &[7u8; 3000]),
        E::File(
            "etc/os-release",
            &os_release("debian", "10", "Debian GNU/Linux 10 (buster)"),
        ),
    ]);
    let (first, rest) = layer.split_at(512);
    let (second, third) = rest.split_at(3072);
    let mut stream = zst(first);
    stream.extend(zst(second));
    stream.extend([0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0]);
    stream.extend(b"meta");
    stream.extend(zst(third));

    let mut f = Files::default();
    let desc = f.image(&config("amd64", "10001"), vec![(ZSTD, stream)]);
    f.oci_layout(vec![platform(desc, "linux", "amd64")]);
    let report = check(&[Input::new("app.tar", f.tar())], &policy());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let eol = of(&report, "image/os-supported");
    assert_eq!(eol.len(), 1, "{:?}", os_findings(&report));
    assert!(eol[0].message.contains("Debian 10"));
}

#[test]
fn the_decompression_budget_covers_the_whole_archive() {
    // an index naming the same 4 MiB image three times: a 10 MiB budget lets two through
    let big = tar_of(&[
        E::File("etc/os-release", &os_release("debian", "12", "Debian 12")),
        E::File("zeros", &vec![0u8; 4 << 20]),
    ]);
    let mut f = Files::default();
    let desc = f.image(&config("amd64", "10001"), vec![(GZ, gz(&big))]);
    f.oci_layout(vec![desc.clone(), desc.clone(), desc]);
    let mut p = policy();
    p.settings.image.limits.max_decompressed_bytes = 10 << 20;
    let report = check(&[Input::new("app.tar", f.tar())], &p);
    assert_eq!(report.inputs[0].documents, 3);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert!(report.errors[0].message.contains("compression bomb"));
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    fn archives() -> &'static [Vec<u8>] {
        static A: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
        A.get_or_init(|| {
            let oci = multi_platform().tar();
            let mut save = Files::default();
            save.put(
                "manifest.json",
                br#"[{"Config": "c.json", "RepoTags": ["a:1"], "Layers": ["l/layer.tar"]}]"#
                    .to_vec(),
            );
            save.put(
                "c.json",
                serde_json::to_vec(&config("amd64", "root")).unwrap(),
            );
            save.put(
                "l/layer.tar",
                tar_of(&[E::File("etc/os-release", b"ID=debian\nVERSION_ID=12\n")]),
            );
            vec![oci, save.tar()]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Damaged archives (bytes overwritten, or cut anywhere) give a report, never a panic.
        #[test]
        fn damaged_archives_never_panic(
            which in 0usize..2,
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..24),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let mut bytes = archives()[which].clone();
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()).max(300));
            }
            let report = check(&[Input::new("app.tar", bytes)], &policy());
            let _ = report.to_json();
        }
    }
}
