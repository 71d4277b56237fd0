//! Reading an input file: in memory, or mapped when it is large.

use std::io::Read;
use std::path::Path;

/// Files at least this large (bytes) are mapped into memory instead of read:
/// image archives (`docker save` tars) run to gigabytes, and the image checks
/// only look at their headers and a few small files.
pub const MAP_FROM_BYTES: u64 = 16 * 1024 * 1024;

/// The bytes of an input file, read or mapped.
#[derive(Debug)]
pub enum Bytes {
    /// Read into memory.
    Owned(Vec<u8>),
    /// Mapped read-only ([`MAP_FROM_BYTES`] or more).
    Mapped(memmap2::Mmap),
}

impl Bytes {
    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Bytes::Owned(bytes) => bytes,
            Bytes::Mapped(map) => map,
        }
    }
}

/// Reads a file, mapping it when it is a regular file of [`MAP_FROM_BYTES`] or more.
pub fn read_file(path: &Path) -> std::io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() >= MAP_FROM_BYTES {
        // SAFETY: the map is read-only and lives until the check ends. A file
        // truncated by another process meanwhile would fault (SIGBUS); cct
        // checks build outputs that nothing rewrites while it runs, and the
        // gain is not holding a multi-gigabyte image archive in memory.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file) };
        if let Ok(map) = map {
            return Ok(Bytes::Mapped(map));
        }
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::io::BufReader::new(file).read_to_end(&mut bytes)?;
    Ok(Bytes::Owned(bytes))
}
