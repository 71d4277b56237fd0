//! The directory image source, tested on a layout folder written by the test.

use cct_core::image::ImageSource;
use cct_core::{check_with_layouts, Input, Policy};
use cct_fs::layout::{is_image_layout, DirSource};

fn write(dir: &std::path::Path, path: &str, bytes: &[u8]) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, bytes).unwrap();
}

fn layer_with_os_release() -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let data = b"ID=debian\nVERSION_ID=\"10\"\nPRETTY_NAME=\"Debian GNU/Linux 10 (buster)\"\n";
    let mut h = tar::Header::new_ustar();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, "etc/os-release", &data[..]).unwrap();
    b.into_inner().unwrap()
}

#[test]
fn a_layout_folder_is_checked_file_by_file() {
    let dir = std::env::temp_dir().join(format!("cct-image-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let layer = layer_with_os_release();
    let config = br#"{"architecture": "amd64", "os": "linux",
  "config": {"User": "0"}, "rootfs": {"type": "layers", "diff_ids": []}}"#;
    let (l, c, m) = ("1".repeat(64), "2".repeat(64), "3".repeat(64));
    let manifest = format!(
        r#"{{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {{"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:{c}", "size": {}}}, "layers": [{{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:{l}", "size": {}}}]}}"#,
        config.len(),
        layer.len()
    );
    let index = format!(
        r#"{{"schemaVersion": 2, "manifests": [{{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:{m}", "size": {}, "annotations": {{"org.opencontainers.image.ref.name": "1.4.2"}}}}]}}"#,
        manifest.len()
    );
    write(&dir, "oci-layout", br#"{"imageLayoutVersion": "1.0.0"}"#);
    write(&dir, "index.json", index.as_bytes());
    write(&dir, &format!("blobs/sha256/{l}"), &layer);
    write(&dir, &format!("blobs/sha256/{c}"), config);
    write(&dir, &format!("blobs/sha256/{m}"), manifest.as_bytes());

    assert!(is_image_layout(&dir));
    assert!(!is_image_layout(&dir.join("blobs")));
    let source = DirSource::new(&dir);
    assert!(source.open("../etc/passwd").is_err());
    assert!(source.open("/etc/passwd").is_err());
    assert_eq!(source.size("oci-layout"), Some(31));

    let policy = Policy {
        today: Some("2026-11-24".into()),
        ..Policy::default()
    };
    let shown = format!("{}/", dir.display());
    let report = check_with_layouts(
        &[Input::text("x.json", "{}")],
        &[(shown.as_str(), &source)],
        &policy,
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let root: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "image/non-root-user")
        .collect();
    assert_eq!(root.len(), 1);
    assert_eq!((root[0].location.line, root[0].location.column), (2, 22));
    let name = format!("{}:1.4.2", dir.file_name().unwrap().to_string_lossy());
    assert_eq!(
        root[0].object.as_ref().and_then(|o| o.name.as_deref()),
        Some(name.as_str())
    );
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule == "image/os-supported"));
    let _ = std::fs::remove_dir_all(&dir);
}
