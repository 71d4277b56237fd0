//! Percent-encoding (RFC 3986) for the URIs cct writes: SARIF artefact locations, forge links.

/// Percent-encodes every byte of `text` outside RFC 3986's unreserved set (letters, digits,
/// `-`, `.`, `_`, `~`) and `also`, the bytes the caller's URI part keeps as they are.
pub fn encode(text: &str, also: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || also.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn unreserved_and_kept_bytes_stay() {
        assert_eq!(encode("a b/é~", b"/"), "a%20b/%C3%A9~");
        assert_eq!(encode("v1.0.0...HEAD", b""), "v1.0.0...HEAD");
        assert_eq!(encode("a/b", b""), "a%2Fb");
    }
}
