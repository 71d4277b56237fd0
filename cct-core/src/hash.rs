//! Stable hashes for fingerprints that must not change across platforms and releases.

/// FNV-1a, 64 bits, of `key`.
pub(crate) fn fnv1a(key: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
