//! External `$ref`s of OpenAPI descriptions, read from disk.

use cct_core::openapi::ExternalRefs;

/// Reads the files OpenAPI `$ref`s name (the core joins and normalises the
/// paths), refusing what is not a regular file or is larger than `max_bytes`.
#[derive(Debug, Clone, Copy)]
pub struct FileRefs {
    /// Largest file read, in bytes (`policy.limits.max_input_bytes`).
    pub max_bytes: usize,
}

impl ExternalRefs for FileRefs {
    fn load(&self, path: &str) -> Option<Vec<u8>> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() || meta.len() > u64::try_from(self.max_bytes).unwrap_or(u64::MAX) {
            return None;
        }
        let bytes = std::fs::read(path).ok()?;
        (bytes.len() <= self.max_bytes).then_some(bytes)
    }

    fn refused_size(&self, path: &str) -> Option<u64> {
        let meta = std::fs::metadata(path).ok()?;
        let limit = u64::try_from(self.max_bytes).unwrap_or(u64::MAX);
        (meta.is_file() && meta.len() > limit).then_some(meta.len())
    }
}
