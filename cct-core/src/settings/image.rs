//! Thresholds and limits of the image checks (`settings.image` in the policy).

use serde::{Deserialize, Serialize};

/// Default largest image size before `image/max-size` reports it (500 MiB).
pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 500 * 1024 * 1024;
/// Default largest number of layers before `image/max-layers` reports it.
pub const DEFAULT_MAX_IMAGE_LAYERS: usize = 25;
/// Default most entries read from one tar stream (an archive or one layer);
/// bounds the work a crafted archive of millions of empty files can cause.
pub const DEFAULT_MAX_TAR_ENTRIES: usize = 1_000_000;
/// Default most bytes decompressed from the layers of one layout or archive
/// (4 GiB, all images together); a gzip or zstd bomb, or an index listing the
/// same big image many times, stops here with an input error instead of running on.
pub const DEFAULT_MAX_DECOMPRESSED_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Default most layers read for one image (the Docker engine itself stops at 127).
pub const DEFAULT_MAX_LAYERS_READ: usize = 256;
/// Default most images (platforms and tags) read from one layout or archive.
pub const DEFAULT_MAX_IMAGES: usize = 256;
/// Largest JSON blob (index, manifest, config) read from a layout or archive (16 MiB).
pub const MAX_JSON_BLOB_BYTES: u64 = 16 * 1024 * 1024;
/// Largest `os-release` file read from a layer (64 KiB; real ones are under 1 KiB).
pub const MAX_OS_RELEASE_BYTES: u64 = 64 * 1024;
/// Largest file of a layer read for PEM private keys and certificates (64 KiB; a key or a
/// certificate chain is a few KiB, and bigger files such as CA bundles are not endpoint files).
pub const MAX_PEM_FILE_BYTES: u64 = 64 * 1024;

/// Settings of the image checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImageSettings {
    /// `image/max-size` reports images larger than this, in bytes (compressed
    /// size for manifests and archives, unpacked size for `docker inspect`).
    pub max_size_bytes: u64,
    /// `image/max-layers` reports images with more layers than this.
    pub max_layers: usize,
    /// Limits applied while reading layouts and archives.
    pub limits: ImageLimits,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            max_size_bytes: DEFAULT_MAX_IMAGE_BYTES,
            max_layers: DEFAULT_MAX_IMAGE_LAYERS,
            limits: ImageLimits::default(),
        }
    }
}

/// Limits applied while reading image layouts and archives; exceeding one is
/// an input error naming the archive member, never a crash or a hang.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImageLimits {
    /// Most entries read from one tar stream (the archive, or one layer).
    pub max_tar_entries: usize,
    /// Most bytes decompressed from the layers of one layout or archive, all images together.
    pub max_decompressed_bytes: u64,
    /// Most layers read for one image.
    pub max_layers: usize,
    /// Most images read from one layout or archive.
    pub max_images: usize,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits {
            max_tar_entries: DEFAULT_MAX_TAR_ENTRIES,
            max_decompressed_bytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
            max_layers: DEFAULT_MAX_LAYERS_READ,
            max_images: DEFAULT_MAX_IMAGES,
        }
    }
}
