//! OCI image layout folders (`skopeo copy … oci:app-oci`) and unpacked
//! `docker save` folders, read file by file for the core's image checks.
//!
//! A folder for which [`is_image_layout`] holds is one image input (see
//! [`crate::walk`]), read through [`DirSource`] by the core's image checks
//! instead of being walked for YAML/JSON files; a `.tar` file is an ordinary
//! input (the core recognises the tar magic and reads it in place).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};

use cct_core::image::{ImageSource, SourceError};

/// Whether `dir` holds an OCI image layout (`oci-layout` or `index.json` with
/// `blobs/`) or an unpacked `docker save` archive (`manifest.json` with `repositories`).
pub fn is_image_layout(dir: &Path) -> bool {
    let has = |name: &str| dir.join(name).is_file();
    has("oci-layout")
        || (has("index.json") && dir.join("blobs").is_dir())
        || (has("manifest.json") && has("repositories"))
}

/// The files of a layout folder. Paths that would leave the folder (`..`,
/// absolute paths, symbolic links pointing outside) are refused.
#[derive(Debug, Clone)]
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// A source reading the folder `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let root = root.canonicalize().unwrap_or(root);
        DirSource { root }
    }

    fn resolve(&self, path: &str) -> Result<PathBuf, SourceError> {
        let relative = Path::new(path);
        let escapes = relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        let refused = || SourceError::Io {
            path: path.to_owned(),
            message: "refused: the path leaves the layout folder".into(),
        };
        if escapes {
            return Err(refused());
        }
        let full = self.root.join(relative);
        match full.canonicalize() {
            Ok(real) if real.starts_with(&self.root) => Ok(real),
            Ok(_) => Err(refused()),
            Err(_) => Err(SourceError::NotFound {
                path: path.to_owned(),
            }),
        }
    }
}

impl ImageSource for DirSource {
    fn open(&self, path: &str) -> Result<Box<dyn Read + '_>, SourceError> {
        let full = self.resolve(path)?;
        let file = File::open(&full).map_err(|e| SourceError::Io {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Ok(Box::new(BufReader::with_capacity(256 * 1024, file)))
    }

    fn size(&self, path: &str) -> Option<u64> {
        let full = self.resolve(path).ok()?;
        std::fs::metadata(full)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    }
}
