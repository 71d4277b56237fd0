//! Streaming the layers of an image to find its `os-release` (and, on request, what
//! [`LayerFiles`] records), never unpacking them.
//!
//! Layers are read from the top (the last one) down; the first layer that
//! holds a path, a whiteout of it (`.wh.<name>`) or an opaque marker of one of
//! its directories (`.wh..wh..opq`) decides what the final filesystem has
//! there, so lower layers are only read while the answer is still open. When
//! [`LayerFiles`] are asked for, every layer is read: a private key in a lower
//! layer is in the image even when a later layer deletes it.

use std::io::{BufRead, BufReader, Read};

use crate::image::files::{tool_paths, worth_reading, LayerFiles, Tool};
use crate::image::os::{parse_os_release, OsFacts};
use crate::image::settings::{ImageLimits, MAX_OS_RELEASE_BYTES, MAX_PEM_FILE_BYTES};
use crate::image::source::{normalize, resolve_link, ImageSource};

/// One layer to read.
#[derive(Debug, Clone)]
pub struct LayerRef {
    /// Its digest (`sha256:…`), or its path when it has none (legacy `docker save`).
    pub digest: String,
    /// Its path in the layout or archive.
    pub path: String,
}

/// Why a layer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("layer `{digest}` (`{path}`): {message}")]
pub struct LayerError {
    /// The layer's digest.
    pub digest: String,
    /// Its path in the layout or archive.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// The `os-release` found, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What it says.
    pub facts: OsFacts,
    /// Line of `VERSION_ID` (or `ID`).
    pub line: u32,
    /// Digest of the layer holding it.
    pub digest: String,
    /// Its path in the image filesystem.
    pub path: String,
}

const ETC: &str = "etc/os-release";
const USR: &str = "usr/lib/os-release";
const OS_RELEASE: [&str; 2] = [ETC, USR];

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Open,
    Absent,
    File(Vec<u8>, String),
    Link(String),
}

/// A zstd stream of any number of frames (`zstd:chunked` layers write one per
/// file), skippable frames included; `ruzstd`'s own streaming reader stops
/// after the first frame.
struct ZstdFrames<R: BufRead> {
    source: R,
    frame: ruzstd::decoding::FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(source: R) -> Self {
        ZstdFrames {
            source,
            frame: ruzstd::decoding::FrameDecoder::new(),
            in_frame: false,
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        use ruzstd::decoding::BlockDecodingStrategy;
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.in_frame {
                while self.frame.can_collect() < buf.len() && !self.frame.is_finished() {
                    let wanted = buf.len() - self.frame.can_collect();
                    self.frame
                        .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBytes(wanted))
                        .map_err(|e| std::io::Error::other(format!("corrupt zstd stream: {e}")))?;
                }
                let n = self.frame.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                if !self.frame.is_finished() {
                    continue;
                }
                self.in_frame = false;
            }
            if self.source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            match self.frame.reset(&mut self.source) {
                Ok(()) => self.in_frame = true,
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let length = u64::from(length);
                    let skipped =
                        std::io::copy(&mut (&mut self.source).take(length), &mut std::io::sink())?;
                    if skipped < length {
                        return Err(std::io::Error::other(
                            "corrupt zstd stream: truncated skippable frame",
                        ));
                    }
                }
                Err(e) => return Err(std::io::Error::other(format!("corrupt zstd stream: {e}"))),
            }
        }
    }
}

/// Counts decompressed bytes against the archive's budget.
struct Budget<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Budget<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "more than {} bytes decompressed from the layers (a compression bomb?)",
                self.limit
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// Finds the `os-release` of the filesystem the layers (bottom first) build.
///
/// `budget` is what is left of [`ImageLimits::max_decompressed_bytes`] for the
/// whole layout or archive; what is decompressed here is taken from it.
/// `Ok(None)` when no layer holds one.
pub fn find_os_release(
    source: &dyn ImageSource,
    layers: &[LayerRef],
    limits: &ImageLimits,
    budget: &mut u64,
) -> Result<Option<Found>, LayerError> {
    scan_layers(source, layers, limits, budget, None)
}

/// [`find_os_release`], and with `files` also what the files of every layer show (see
/// [`LayerFiles`]): then every layer is read, not only those above the `os-release`.
pub fn scan_layers(
    source: &dyn ImageSource,
    layers: &[LayerRef],
    limits: &ImageLimits,
    budget: &mut u64,
    mut files: Option<&mut LayerFiles>,
) -> Result<Option<Found>, LayerError> {
    let mut wanted: Vec<&str> = OS_RELEASE.to_vec();
    if files.is_some() {
        wanted.extend(tool_paths().map(|(p, _)| p));
    }
    let mut states = vec![State::Open; wanted.len()];
    let mut tools: Vec<Option<Tool>> = vec![None; wanted.len()];
    if layers.len() > limits.max_layers {
        let last = layers
            .last()
            .map(|l| (l.digest.clone(), l.path.clone()))
            .unwrap_or_default();
        return Err(LayerError {
            digest: last.0,
            path: last.1,
            message: format!(
                "the image has {} layers, over the limit of {}",
                layers.len(),
                limits.max_layers
            ),
        });
    }
    for (index, layer) in layers.iter().enumerate().rev() {
        if files.is_none() {
            if let Some(done) = resolve(&states, false) {
                return Ok(done);
            }
        }
        let err = |message: String| LayerError {
            digest: layer.digest.clone(),
            path: layer.path.clone(),
            message,
        };
        let raw = source.open(&layer.path).map_err(|e| err(e.to_string()))?;
        let mut buffered = BufReader::new(raw);
        let magic = buffered
            .fill_buf()
            .map_err(|e| err(e.to_string()))?
            .to_vec();
        let (decoder, what): (Box<dyn Read + '_>, &str) = if magic.starts_with(&[0x1f, 0x8b]) {
            (
                Box::new(flate2::bufread::MultiGzDecoder::new(buffered)),
                "gzip",
            )
        } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            (Box::new(ZstdFrames::new(buffered)), "zstd")
        } else {
            (Box::new(buffered), "tar")
        };
        let mut counted = Budget {
            inner: decoder,
            left: *budget,
            limit: limits.max_decompressed_bytes,
        };
        let mut found: Vec<Option<State>> = vec![None; wanted.len()];
        let mut deleted = vec![false; wanted.len()];
        let mut scan = Scan {
            wanted: &wanted,
            states: &states,
            found: &mut found,
            deleted: &mut deleted,
            files: files.as_deref_mut(),
            layer: index,
            digest: &layer.digest,
        };
        scan_layer(&mut counted, limits.max_tar_entries, &mut scan).map_err(|e| {
            let message = e.to_string();
            if what == "tar"
                || message.contains("bytes decompressed")
                || message.contains("entries")
            {
                err(message)
            } else {
                err(format!("corrupt {what} stream or tar: {message}"))
            }
        })?;
        *budget = counted.left;
        for i in 0..wanted.len() {
            if states[i] == State::Open {
                if let Some(s) = found[i].take() {
                    if i >= OS_RELEASE.len() && matches!(s, State::File(..) | State::Link(_)) {
                        tools[i] = Some(Tool {
                            layer: index,
                            digest: layer.digest.clone(),
                            path: wanted[i].to_owned(),
                            package_manager: false,
                        });
                    }
                    states[i] = match s {
                        State::File(content, _) => State::File(content, layer.digest.clone()),
                        other => other,
                    };
                } else if deleted[i] {
                    states[i] = State::Absent;
                }
            }
        }
    }
    if let Some(files) = files {
        let kinds = tool_paths().map(|(_, package_manager)| package_manager);
        files.tools = tools
            .into_iter()
            .skip(OS_RELEASE.len())
            .zip(kinds)
            .filter_map(|(t, package_manager)| {
                t.map(|t| Tool {
                    package_manager,
                    ..t
                })
            })
            .collect();
    }
    Ok(resolve(&states, true).flatten())
}

/// What one layer's scan reads and fills.
struct Scan<'w, 'f> {
    /// The paths whose final state is wanted (`os-release` first, then the tools).
    wanted: &'w [&'w str],
    /// Their state from the layers above.
    states: &'w [State],
    /// What this layer holds at each.
    found: &'w mut [Option<State>],
    /// Whether this layer deletes each from the layers below.
    deleted: &'w mut [bool],
    /// Where file contents are looked at, when asked.
    files: Option<&'f mut LayerFiles>,
    /// This layer's index and digest.
    layer: usize,
    digest: &'w str,
}

fn scan_layer(
    reader: &mut dyn Read,
    max_entries: usize,
    scan: &mut Scan<'_, '_>,
) -> std::io::Result<()> {
    let mut archive = tar::Archive::new(reader);
    for (count, entry) in archive.entries()?.enumerate() {
        if count >= max_entries {
            return Err(std::io::Error::other(format!(
                "the layer has more than {max_entries} entries"
            )));
        }
        let mut entry = entry?;
        let path = normalize(&entry.path()?.to_string_lossy());
        let (dir, base) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
        let mut matched = false;
        for (i, wanted) in scan.wanted.iter().enumerate() {
            if scan.states[i] != State::Open {
                continue;
            }
            if path == *wanted {
                matched = true;
                let kind = entry.header().entry_type();
                if kind.is_file() {
                    let mut content = Vec::new();
                    if i < OS_RELEASE.len() {
                        (&mut entry)
                            .take(MAX_OS_RELEASE_BYTES)
                            .read_to_end(&mut content)?;
                    }
                    scan.found[i] = Some(State::File(content, String::new()));
                } else if kind.is_symlink() || kind.is_hard_link() {
                    if let Some(target) = entry.link_name()? {
                        let t = target.to_string_lossy();
                        let resolved = if kind.is_symlink() {
                            resolve_link(&path, &t)
                        } else {
                            normalize(&t)
                        };
                        scan.found[i] = Some(State::Link(resolved));
                    }
                } else {
                    scan.found[i] = Some(State::Absent);
                }
            } else if let Some(name) = base.strip_prefix(".wh.") {
                let removed = if name == ".wh..opq" {
                    dir.to_owned()
                } else if dir.is_empty() {
                    name.to_owned()
                } else {
                    format!("{dir}/{name}")
                };
                let opaque = name == ".wh..opq";
                let hit = if opaque {
                    removed.is_empty() || wanted.starts_with(&format!("{removed}/"))
                } else {
                    *wanted == removed || wanted.starts_with(&format!("{removed}/"))
                };
                if hit {
                    scan.deleted[i] = true;
                }
            }
        }
        if matched || base.starts_with(".wh.") {
            continue;
        }
        if let Some(files) = scan.files.as_deref_mut() {
            if entry.header().entry_type().is_file() && worth_reading(entry.size()) {
                let mut content = Vec::new();
                (&mut entry)
                    .take(MAX_PEM_FILE_BYTES)
                    .read_to_end(&mut content)?;
                files.look_at(scan.layer, scan.digest, &path, &content);
            }
        }
    }
    Ok(())
}

/// What the final filesystem gives, or `None` while layers below could still change it.
/// With `end`, open paths are absent.
fn resolve(states: &[State], end: bool) -> Option<Option<Found>> {
    let get = |s: &State| -> Option<State> {
        match s {
            State::Open if end => Some(State::Absent),
            State::Open => None,
            other => Some(other.clone()),
        }
    };
    let file = |i: usize, content: &[u8], digest: &str| -> Option<Found> {
        let text = String::from_utf8_lossy(content);
        parse_os_release(&text).map(|(facts, line)| Found {
            facts,
            line,
            digest: digest.to_owned(),
            path: OS_RELEASE[i].to_owned(),
        })
    };
    let usr = || -> Option<Option<Found>> {
        match get(&states[1])? {
            State::File(c, d) => Some(file(1, &c, &d)),
            _ => Some(None),
        }
    };
    match get(&states[0])? {
        State::File(c, d) => Some(file(0, &c, &d)),
        State::Link(target) if target == USR => usr(),
        State::Link(_) => Some(None),
        State::Absent | State::Open => usr(),
    }
}
