//! A generated OCI layout archive with one large gzip layer (shared by the bench and the `image_scan` example).

use std::io::Write;

/// An OCI layout tar: one gzip layer of `mib` MiB of pseudo-random text files plus os-release.
pub fn generate(mib: usize) -> Vec<u8> {
    let mut layer = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::fast(),
    ));
    let os = b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n";
    append(&mut layer, "etc/os-release", os);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let chunk: Vec<u8> = (0..1 << 20)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            b"abcdefghijklmnopqrstuvwxyz0123456789 \n"[(seed % 38) as usize]
        })
        .collect();
    for i in 0..mib {
        append(
            &mut layer,
            &format!("usr/share/data/file{i:05}.txt"),
            &chunk,
        );
    }
    let layer = layer
        .into_inner()
        .and_then(|gz| gz.finish())
        .expect("layer");
    let config = br#"{"architecture":"amd64","os":"linux","config":{"User":"10001"},"rootfs":{"type":"layers","diff_ids":["sha256:00"]}}"#;
    let manifest = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{c}","size":{cs}}},"layers":[{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{l}","size":{ls}}}]}}"#,
        c = "c".repeat(64),
        cs = config.len(),
        l = "1".repeat(64),
        ls = layer.len()
    );
    let index = format!(
        r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{m}","size":{ms},"platform":{{"os":"linux","architecture":"amd64"}}}}]}}"#,
        m = "d".repeat(64),
        ms = manifest.len()
    );
    let mut out = tar::Builder::new(Vec::new());
    append(&mut out, "oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#);
    append(&mut out, "index.json", index.as_bytes());
    append(
        &mut out,
        &format!("blobs/sha256/{}", "d".repeat(64)),
        manifest.as_bytes(),
    );
    append(
        &mut out,
        &format!("blobs/sha256/{}", "c".repeat(64)),
        config,
    );
    append(
        &mut out,
        &format!("blobs/sha256/{}", "1".repeat(64)),
        &layer,
    );
    let mut bytes = out.into_inner().expect("archive");
    bytes.flush().ok();
    bytes
}

fn append<W: Write>(b: &mut tar::Builder<W>, path: &str, data: &[u8]) {
    let mut h = tar::Header::new_ustar();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    h.set_entry_type(tar::EntryType::Regular);
    b.append_data(&mut h, path, data).expect("append");
}
