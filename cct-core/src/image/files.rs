//! What the files of an image's layers show beyond `os-release`: private keys and endpoint
//! certificates built in (béta EXI-ARCH-7), package managers and shells left in (béta
//! EXI-ARCH-6).
//!
//! Files are looked at while [`crate::image::layers`] streams the layers, never unpacked:
//! only regular files of at most [`MAX_PEM_FILE_BYTES`] are read, a file with a NUL byte in
//! its first [`BINARY_PROBE_BYTES`] is taken as binary and skipped, and a file is parsed only
//! when it holds the `-----BEGIN ` marker.

use crate::image::settings::MAX_PEM_FILE_BYTES;

/// Bytes looked at for a NUL to tell a binary file (a library quoting the PEM markers) from text.
pub const BINARY_PROBE_BYTES: usize = 8 * 1024;
/// Most private keys and endpoint certificates recorded for one image; the others are counted.
pub const MAX_RECORDED: usize = 32;

/// Package managers, by their path in the image filesystem (no leading `/`).
pub const PACKAGE_MANAGERS: &[&str] = &[
    "usr/bin/apt-get",
    "usr/bin/apt",
    "usr/bin/dpkg",
    "sbin/apk",
    "usr/bin/apk",
    "usr/bin/dnf",
    "usr/bin/dnf5",
    "usr/bin/yum",
    "usr/bin/microdnf",
    "usr/bin/tdnf",
    "usr/bin/rpm",
    "bin/rpm",
    "usr/bin/zypper",
    "usr/bin/pacman",
];

/// Shells (and `busybox`, which is one), by their path in the image filesystem.
pub const SHELLS: &[&str] = &[
    "bin/sh",
    "usr/bin/sh",
    "bin/bash",
    "usr/bin/bash",
    "bin/dash",
    "usr/bin/dash",
    "bin/ash",
    "bin/zsh",
    "usr/bin/zsh",
    "bin/busybox",
    "usr/bin/busybox",
];

/// Where distributions keep trusted CA certificates (no leading `/`): certificates there are
/// trust anchors, whatever their extensions say.
pub const CA_DIRECTORIES: &[&str] = &[
    "etc/ssl/certs",
    "etc/ca-certificates",
    "usr/share/ca-certificates",
    "usr/local/share/ca-certificates",
    "etc/pki/ca-trust",
    "etc/pki/tls/certs",
    "usr/share/pki/ca-trust-source",
    "etc/pki/trust",
    "usr/share/pki/trust",
    "var/lib/ca-certificates",
];

/// A private key or an endpoint certificate found in a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemFile {
    /// Index of the layer (0 = the base), as in `rootfs.diff_ids`.
    pub layer: usize,
    /// The layer's digest.
    pub digest: String,
    /// The file's path in the image filesystem (no leading `/`).
    pub path: String,
    /// 1-based line of the `-----BEGIN` marker in the file.
    pub line: u32,
    /// The PEM label (`RSA PRIVATE KEY`, `CERTIFICATE`).
    pub label: String,
}

/// A package manager or a shell in the image's final filesystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    /// Index of the layer that puts it there.
    pub layer: usize,
    /// The layer's digest.
    pub digest: String,
    /// Its path (no leading `/`).
    pub path: String,
    /// Whether it is a package manager (else a shell).
    pub package_manager: bool,
}

/// What the files of the layers show; filled by [`crate::image::layers::scan_layers`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerFiles {
    /// Private keys, bottom layer first (at most [`MAX_RECORDED`]).
    pub keys: Vec<PemFile>,
    /// Certificates that are not CAs, outside [`CA_DIRECTORIES`] (at most [`MAX_RECORDED`]).
    pub certificates: Vec<PemFile>,
    /// Private keys found beyond [`MAX_RECORDED`].
    pub more_keys: usize,
    /// Endpoint certificates found beyond [`MAX_RECORDED`].
    pub more_certificates: usize,
    /// Package managers and shells of the final filesystem, in [`tool_paths`] order.
    pub tools: Vec<Tool>,
}

/// Every path [`LayerFiles::tools`] looks for: package managers, then shells.
pub fn tool_paths() -> impl Iterator<Item = (&'static str, bool)> {
    PACKAGE_MANAGERS
        .iter()
        .map(|p| (*p, true))
        .chain(SHELLS.iter().map(|p| (*p, false)))
}

/// Whether `path` lies in a CA directory.
pub fn in_ca_directory(path: &str) -> bool {
    CA_DIRECTORIES.iter().any(|d| {
        path.strip_prefix(d)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Whether a file of `size` bytes is worth reading for PEM blocks.
pub fn worth_reading(size: u64) -> bool {
    size > 0 && size <= MAX_PEM_FILE_BYTES
}

impl LayerFiles {
    /// Looks at the content of the regular file `path` of layer `layer` (`digest`).
    pub fn look_at(&mut self, layer: usize, digest: &str, path: &str, content: &[u8]) {
        let probe = &content[..content.len().min(BINARY_PROBE_BYTES)];
        if probe.contains(&0) || !contains(content, b"-----BEGIN ") {
            return;
        }
        let text = String::from_utf8_lossy(content);
        let blocks = pem_blocks(&text);
        let hit = |b: &Block| PemFile {
            layer,
            digest: digest.to_owned(),
            path: path.to_owned(),
            line: b.line,
            label: b.label.clone(),
        };
        if let Some(key) = blocks.iter().find(|b| b.label.contains("PRIVATE KEY")) {
            if self.keys.len() < MAX_RECORDED {
                self.keys.push(hit(key));
            } else {
                self.more_keys += 1;
            }
        }
        if in_ca_directory(path) {
            return;
        }
        let leaf = blocks.iter().find(|b| {
            matches!(b.label.as_str(), "CERTIFICATE" | "X509 CERTIFICATE") && !is_ca(&b.der)
        });
        if let Some(cert) = leaf {
            if self.certificates.len() < MAX_RECORDED {
                self.certificates.push(hit(cert));
            } else {
                self.more_certificates += 1;
            }
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// One PEM block: its label, the line of its `BEGIN` marker and its decoded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The label between `-----BEGIN ` and `-----`.
    pub label: String,
    /// 1-based line of the `BEGIN` marker.
    pub line: u32,
    /// The decoded body.
    pub der: Vec<u8>,
}

/// Smallest decoded body taken as a real block (a placeholder such as `...` in a README is not).
const MIN_BODY_BYTES: usize = 32;

/// The complete PEM blocks of `text`: a `-----BEGIN <label>-----` line (leading blanks allowed),
/// base64 lines (RFC 1421 headers such as `Proc-Type:` skipped), and the matching `END` line.
pub fn pem_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let Some(label) = line
            .trim()
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut body = String::new();
        let mut closed = false;
        for (_, l) in lines.by_ref() {
            let l = l.trim();
            if l == end {
                closed = true;
                break;
            }
            if l.starts_with("-----") {
                break;
            }
            if !l.contains(':') {
                body.push_str(l);
            }
        }
        if let Some(der) = closed.then(|| base64(&body)).flatten() {
            if der.len() >= MIN_BODY_BYTES {
                out.push(Block {
                    label: label.to_owned(),
                    line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    der,
                });
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional); `None` on any other character.
pub fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The DER encoding of the basicConstraints extension's OID (2.5.29.19).
const BASIC_CONSTRAINTS: &[u8] = &[0x06, 0x03, 0x55, 0x1d, 0x13];

/// Skips one DER length at `der[at..]`; the index after it.
fn after_length(der: &[u8], at: usize) -> Option<usize> {
    let first = *der.get(at)?;
    if first < 0x80 {
        Some(at + 1)
    } else {
        Some(at + 1 + usize::from(first & 0x7f))
    }
}

/// Whether a DER certificate is a CA: its basicConstraints extension says `cA: TRUE`.
///
/// A certificate without the extension (an X.509 v1 certificate, or a leaf that omits it) is not
/// taken as a CA. The extension is found by its OID bytes, not by a full X.509 parse: five bytes
/// that are vanishingly unlikely to occur by chance in a key or a signature.
pub fn is_ca(der: &[u8]) -> bool {
    let Some(at) = der
        .windows(BASIC_CONSTRAINTS.len())
        .position(|w| w == BASIC_CONSTRAINTS)
    else {
        return false;
    };
    let mut i = at + BASIC_CONSTRAINTS.len();
    // `critical BOOLEAN DEFAULT FALSE`
    if der.get(i) == Some(&0x01) {
        i += 3;
    }
    // extnValue OCTET STRING { SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } }
    let inner = (der.get(i) == Some(&0x04))
        .then(|| after_length(der, i + 1))
        .flatten()
        .filter(|j| der.get(*j) == Some(&0x30))
        .and_then(|j| after_length(der, j + 1));
    match inner {
        Some(j) => der.get(j) == Some(&0x01) && der.get(j + 2).is_some_and(|v| *v != 0),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A basicConstraints extension (critical) with `cA` set to `ca`, inside some DER noise.
    fn with_basic_constraints(ca: Option<bool>) -> Vec<u8> {
        let mut der = vec![0x30, 0x82, 0x01, 0x00, 0xa0, 0x03, 0x02, 0x01, 0x02];
        der.extend_from_slice(BASIC_CONSTRAINTS);
        der.extend_from_slice(&[0x01, 0x01, 0xff]);
        match ca {
            Some(v) => {
                der.extend_from_slice(&[0x04, 0x05, 0x30, 0x03, 0x01, 0x01, u8::from(v) * 0xff])
            }
            None => der.extend_from_slice(&[0x04, 0x02, 0x30, 0x00]),
        }
        der.extend_from_slice(&[0x00; 40]);
        der
    }

    #[test]
    fn ca_is_read_from_basic_constraints() {
        assert!(is_ca(&with_basic_constraints(Some(true))));
        assert!(!is_ca(&with_basic_constraints(Some(false))));
        assert!(!is_ca(&with_basic_constraints(None)));
        assert!(!is_ca(&[0x30, 0x03, 0x02, 0x01, 0x02]));
    }

    #[test]
    fn base64_decodes_and_refuses_other_text() {
        assert_eq!(base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64("aGVsbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64("..."), None);
    }

    #[test]
    fn only_complete_blocks_count() {
        let body = "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+LQmlQ";
        let key = format!(
            "# the key\n  -----BEGIN PRIVATE KEY-----\n  {body}\n  -----END PRIVATE KEY-----\n"
        );
        let blocks = pem_blocks(&key);
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            (blocks[0].label.as_str(), blocks[0].line),
            ("PRIVATE KEY", 2)
        );
        let unclosed = format!("-----BEGIN PRIVATE KEY-----\n{body}\n");
        assert!(pem_blocks(&unclosed).is_empty());
        let placeholder = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n";
        assert!(pem_blocks(placeholder).is_empty());
        let quoted =
            format!("KEY = \"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\"");
        assert!(pem_blocks(&quoted).is_empty());
    }

    #[test]
    fn binary_files_and_ca_directories_are_told_apart() {
        let body = "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+LQmlQ";
        let key = format!("-----BEGIN EC PRIVATE KEY-----\n{body}\n-----END EC PRIVATE KEY-----\n");
        let mut files = LayerFiles::default();
        let mut binary = vec![0x7f, b'E', b'L', b'F', 0];
        binary.extend_from_slice(key.as_bytes());
        files.look_at(0, "sha256:a", "usr/lib/libssl.so.3", &binary);
        assert!(files.keys.is_empty());
        files.look_at(1, "sha256:b", "app/tls.key", key.as_bytes());
        assert_eq!(files.keys.len(), 1);
        assert!(in_ca_directory("etc/ssl/certs/ca-certificates.crt"));
        assert!(in_ca_directory(
            "usr/local/share/ca-certificates/corp-root.crt"
        ));
        assert!(!in_ca_directory("etc/ssl/private/server.key"));
        assert!(!in_ca_directory("etc/ssl/certsx/server.crt"));
    }
}
