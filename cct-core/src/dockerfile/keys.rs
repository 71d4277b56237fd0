//! `dockerfile/no-embedded-private-key`: the build file writes no private key into an image.
//!
//! A key is found two ways: a PEM private key block written inline (a `RUN` that echoes or
//! prints it, or a heredoc of `RUN`, `COPY` or `ADD` that holds it), in any stage, since the
//! Dockerfile itself is then in git with the key; and a `COPY` or `ADD` of a file named like a
//! key (`id_rsa`, `*.key`, a `.pem` whose name says key) in the stages of the final image.

use super::stage::Build;
use crate::image::files::pem_blocks;
use crate::sink::RuleSink;

/// Smallest number of base64 characters after an inline `BEGIN … PRIVATE KEY` marker taken as
/// a key (32 bytes, as for keys found in image layers); a `grep` for the marker has none.
const MIN_INLINE_BASE64: usize = 43;

/// The label of an inline PEM private key block in `text` (`\n` escapes allowed), if any.
pub fn inline_private_key(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(at) = rest.find("-----BEGIN ") {
        let after = &rest[at + "-----BEGIN ".len()..];
        let close = after.find("-----")?;
        let label = &after[..close];
        let body = &after[close + 5..];
        if label.ends_with("PRIVATE KEY") && label.len() < 40 {
            if let Some(end) = body.find("-----END") {
                let body = body[..end].replace("\\n", "\n");
                let base64 = body
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
                    .count();
                if base64 >= MIN_INLINE_BASE64 {
                    return Some(label.to_owned());
                }
            }
        }
        rest = body;
    }
    None
}

/// Whether a path names a private key file: an SSH key (`id_rsa`, `id_ed25519`, a host key
/// `ssh_host_*_key`, not `.pub`),
/// `*.key`, or a `.pem` whose name says `key` or `private`.
pub fn is_key_file_name(path: &str) -> bool {
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    if ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"].contains(&name.as_str()) {
        return true;
    }
    // An SSH server's host keys (`ssh_host_ed25519_key`, or the glob `ssh_host_*_key*`, which
    // takes the private keys with the public ones).
    if name.starts_with("ssh_host_") && name.contains("_key") && !name.ends_with(".pub") {
        return true;
    }
    if let Some(stem) = name.strip_suffix(".key") {
        return !stem.is_empty() && !stem.contains('*') && !stem.contains('$');
    }
    name.strip_suffix(".pem")
        .is_some_and(|stem| stem.contains("key") || stem.contains("private"))
}

/// `dockerfile/no-embedded-private-key` (béta EXI-ARCH-7).
pub fn no_embedded_private_key(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    let runtime: Vec<usize> = build.runtime_chain().iter().map(|s| s.index).collect();
    for stage in &build.stages {
        for (index, ins) in &stage.body {
            let (index, ins) = (*index, *ins);
            let writes = ins.is("RUN") || ins.is("COPY") || ins.is("ADD");
            if !writes {
                continue;
            }
            let inline = ins
                .heredocs
                .iter()
                .find_map(|h| {
                    pem_blocks(&h.body)
                        .into_iter()
                        .find(|b| b.label.contains("PRIVATE KEY"))
                        .map(|b| b.label)
                })
                .or_else(|| {
                    ins.is("RUN")
                        .then(|| inline_private_key(&ins.raw))
                        .flatten()
                });
            if let Some(label) = inline {
                let location = build.at(index, "", ins.raw_at.0, ins.raw_at.1);
                sink.report(location, Some(stage.object_ref()), format!("`{}` in {} writes a `{label}` block written in the Dockerfile: the key is in git and in the image layers, readable by anyone who can read either", ins.keyword, stage.display()), None);
                continue;
            }
            if ins.is("RUN") || !runtime.contains(&stage.index) {
                continue;
            }
            let paths: Vec<(usize, String, u32, u32)> = match &ins.exec {
                Some(args) => args
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (i, a.clone(), ins.raw_at.0, ins.raw_at.1))
                    .collect(),
                None => ins
                    .words
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| !w.text.starts_with("<<"))
                    .map(|(i, w)| (i, w.text.clone(), w.line, w.column))
                    .collect(),
            };
            if let Some((w, path, line, column)) =
                paths.into_iter().find(|(_, p, _, _)| is_key_file_name(p))
            {
                let location = build.at(index, &format!("/paths/{w}"), line, column);
                sink.report(location, Some(stage.object_ref()), format!("`{} {path}` in the final {} puts a file named like a private key into the image: every layer can be read by whoever pulls the image", ins.keyword, stage.display()), None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_keys_need_a_body() {
        let body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
        assert_eq!(
            inline_private_key(&format!("echo \"-----BEGIN RSA PRIVATE KEY-----\\n{body}\\n-----END RSA PRIVATE KEY-----\" > k")).as_deref(),
            Some("RSA PRIVATE KEY")
        );
        assert_eq!(inline_private_key("grep -q 'BEGIN PRIVATE KEY' /k"), None);
        assert_eq!(
            inline_private_key("echo '-----BEGIN PRIVATE KEY-----...-----END PRIVATE KEY-----'"),
            None
        );
    }

    #[test]
    fn key_file_names() {
        for yes in [
            "id_rsa",
            "/root/.ssh/id_ed25519",
            "tls/server.key",
            "certs/privkey.pem",
            "tls-key.pem",
        ] {
            assert!(is_key_file_name(yes), "{yes}");
        }
        for no in [
            "id_rsa.pub",
            "ca.pem",
            "cert.pem",
            "*.key",
            "keys/",
            "app.jar",
            ".key",
        ] {
            assert!(!is_key_file_name(no), "{no}");
        }
    }
}
