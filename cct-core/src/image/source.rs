//! Where the files of an image layout or archive come from: a tar archive in
//! memory (here) or a directory (implemented by the CLI with `std::fs`).

use std::collections::BTreeMap;
use std::io::Read;

/// Why a file of an image layout or archive could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The file is not there.
    #[error("`{path}` is missing")]
    NotFound {
        /// The file.
        path: String,
    },
    /// The archive ends inside the file.
    #[error("the archive is truncated inside `{path}`")]
    Truncated {
        /// The file.
        path: String,
    },
    /// The archive itself could not be read past some point.
    #[error("invalid tar archive after `{after}`: {message}")]
    Tar {
        /// The last entry read correctly (empty at the start).
        after: String,
        /// What the reader said.
        message: String,
    },
    /// More entries than [`crate::image::ImageLimits::max_tar_entries`].
    #[error("the archive has more than {limit} entries")]
    TooManyEntries {
        /// The limit in force.
        limit: usize,
    },
    /// Any other read failure.
    #[error("`{path}`: {message}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        message: String,
    },
}

/// The files of an OCI image layout (`oci-layout`, `index.json`, `blobs/…`) or
/// of a `docker save` archive (`manifest.json`, …), read one at a time.
///
/// Paths are relative to the layout root and `/`-separated (`blobs/sha256/ab…`).
pub trait ImageSource {
    /// Opens the file at `path` for reading.
    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, SourceError>;
    /// The file's size in bytes; `None` when it does not exist.
    fn size(&self, path: &str) -> Option<u64>;
}

#[derive(Debug, Clone)]
enum Member {
    File { offset: usize, size: usize },
    Link(String),
}

/// A tar archive held in memory (`docker save` output, or an OCI layout packed with tar).
///
/// Building it reads only the tar headers; [`ImageSource::open`] hands out
/// slices of the archive, so nothing is copied.
#[derive(Debug)]
pub struct TarSource<'a> {
    bytes: &'a [u8],
    members: BTreeMap<String, Member>,
    /// Why indexing stopped early, when it did (entries read before are usable).
    pub error: Option<SourceError>,
}

/// Normalises an archive path: no leading `./` or `/`, no trailing `/`.
pub fn normalize(path: &str) -> String {
    let mut p = path.trim_start_matches("./").trim_start_matches('/');
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.trim_end_matches('/').to_owned()
}

/// Resolves a link target relative to the directory of `from`.
pub fn resolve_link(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        from.rsplit_once('/')
            .map(|(dir, _)| dir.split('/').collect())
            .unwrap_or_default()
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

impl<'a> TarSource<'a> {
    /// Indexes the archive `bytes`, reading at most `max_entries` headers.
    pub fn new(bytes: &'a [u8], max_entries: usize) -> Self {
        let mut members = BTreeMap::new();
        let mut error = None;
        let mut last = String::new();
        // Seeking over the members' data: indexing reads the headers only.
        let mut archive = tar::Archive::new(std::io::Cursor::new(bytes));
        match archive.entries_with_seek() {
            Err(e) => {
                error = Some(SourceError::Tar {
                    after: last.clone(),
                    message: e.to_string(),
                })
            }
            Ok(entries) => {
                for (count, entry) in entries.enumerate() {
                    if count >= max_entries {
                        error = Some(SourceError::TooManyEntries { limit: max_entries });
                        break;
                    }
                    let entry = match entry {
                        Ok(e) => e,
                        Err(e) => {
                            error = Some(SourceError::Tar {
                                after: last.clone(),
                                message: e.to_string(),
                            });
                            break;
                        }
                    };
                    let Ok(path) = entry.path() else { continue };
                    let path = normalize(&path.to_string_lossy());
                    let kind = entry.header().entry_type();
                    if kind.is_file() {
                        let offset =
                            usize::try_from(entry.raw_file_position()).unwrap_or(usize::MAX);
                        let size = usize::try_from(entry.size()).unwrap_or(usize::MAX);
                        members.insert(path.clone(), Member::File { offset, size });
                    } else if kind.is_symlink() || kind.is_hard_link() {
                        if let Ok(Some(target)) = entry.link_name() {
                            let target = target.to_string_lossy();
                            let resolved = if kind.is_symlink() {
                                resolve_link(&path, &target)
                            } else {
                                normalize(&target)
                            };
                            members.insert(path.clone(), Member::Link(resolved));
                        }
                    }
                    last = path;
                }
            }
        }
        TarSource {
            bytes,
            members,
            error,
        }
    }

    fn file(&self, path: &str) -> Result<(usize, usize, String), SourceError> {
        let mut path = normalize(path);
        for _ in 0..8 {
            match self.members.get(&path) {
                Some(Member::File { offset, size }) => return Ok((*offset, *size, path)),
                Some(Member::Link(target)) => path = target.clone(),
                None => break,
            }
        }
        Err(SourceError::NotFound { path })
    }
}

impl ImageSource for TarSource<'_> {
    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, SourceError> {
        let (offset, size, path) = self.file(path)?;
        let end = offset.checked_add(size).filter(|e| *e <= self.bytes.len());
        match end {
            Some(end) => Ok(Box::new(&self.bytes[offset..end])),
            None => Err(SourceError::Truncated { path }),
        }
    }

    fn size(&self, path: &str) -> Option<u64> {
        self.file(path).ok().map(|(_, size, _)| size as u64)
    }
}

/// Reads a whole (small) file of `source`, refusing more than `limit` bytes.
pub fn read_small(
    source: &dyn ImageSource,
    path: &str,
    limit: u64,
) -> Result<Vec<u8>, SourceError> {
    let reader = source.open(path)?;
    let mut out = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| SourceError::Io {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
    if out.len() as u64 > limit {
        return Err(SourceError::Io {
            path: path.to_owned(),
            message: format!("larger than {limit} bytes"),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_relative_to_their_directory() {
        assert_eq!(
            resolve_link("etc/os-release", "../usr/lib/os-release"),
            "usr/lib/os-release"
        );
        assert_eq!(
            resolve_link("etc/os-release", "/usr/lib/os-release"),
            "usr/lib/os-release"
        );
        assert_eq!(
            resolve_link("a/b/layer.tar", "../c/layer.tar"),
            "a/c/layer.tar"
        );
        assert_eq!(normalize("./blobs/sha256/x"), "blobs/sha256/x");
    }
}
