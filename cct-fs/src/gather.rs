//! What a walk found, read: the bytes of every file, the layout folders, and
//! the paths that could not be read, ready for the core.

use cct_core::api::{self, ApiError, CheckOptions};
use cct_core::image::ImageSource;
use cct_core::policy::Policy;
use cct_core::Sources;
use cct_core::{ArtefactKind, Report};

use crate::layout::DirSource;
use crate::read::{read_file, Bytes};
use crate::refs::FileRefs;
use crate::walk::{io_reason, Discovery, Origin};

/// The inputs of one check, read from disk.
#[derive(Debug, Default)]
pub struct Gathered {
    /// Each file's path as shown, its bytes, and the kind it is read as
    /// (`None`: detected from content, or the check's `kind`).
    pub files: Vec<(String, Bytes, Option<ArtefactKind>)>,
    /// Image layout folders, each one image input.
    pub layouts: Vec<(String, DirSource)>,
    /// Paths that could not be read, and why: input errors in the report.
    pub unreadable: Vec<(String, String)>,
}

impl Gathered {
    /// Reads every file `found` lists (standard input excepted: a host that
    /// reads it adds it with [`Gathered::push`]).
    pub fn read(found: &Discovery) -> Self {
        let mut gathered = Gathered {
            unreadable: found
                .problems
                .iter()
                .map(|p| (p.display.clone(), p.message.clone()))
                .collect(),
            layouts: found
                .layouts
                .iter()
                .map(|(display, dir)| (display.clone(), DirSource::new(dir)))
                .collect(),
            ..Gathered::default()
        };
        for entry in &found.entries {
            let Origin::File(path) = &entry.origin else {
                continue;
            };
            match read_file(path) {
                Ok(bytes) => gathered.files.push((entry.display.clone(), bytes, None)),
                Err(e) => gathered.unreadable.push((
                    entry.display.clone(),
                    format!("cannot read `{}`: {}", entry.display, io_reason(&e)),
                )),
            }
        }
        gathered
    }

    /// Adds an input the host read another way (standard input, a rendered
    /// chart), read as `kind` when given.
    pub fn push(&mut self, display: String, bytes: Bytes, kind: Option<ArtefactKind>) {
        self.files.push((display, bytes, kind));
    }

    /// The layout folders as the core's image sources.
    pub fn sources(&self) -> Vec<(&str, &dyn ImageSource)> {
        self.layouts
            .iter()
            .map(|(display, source)| (display.as_str(), source as &dyn ImageSource))
            .collect()
    }

    /// The sources as the core takes them.
    fn with_sources<T>(&self, then: impl FnOnce(&Sources<'_>) -> T) -> T {
        let files: Vec<(&str, &[u8], Option<ArtefactKind>)> = self
            .files
            .iter()
            .map(|(display, bytes, kind)| (display.as_str(), bytes.as_slice(), *kind))
            .collect();
        then(&Sources {
            files: &files,
            layouts: &self.sources(),
            unreadable: &self.unreadable,
        })
    }

    /// Checks everything gathered under `policy` (the CLI's, from `cct.yaml`
    /// and its flags), files read as `kind` unless their own kind is set, with
    /// `$ref`s read from disk within the policy's input limit.
    pub fn check_policy(&self, kind: Option<ArtefactKind>, policy: &Policy) -> Report {
        let refs = FileRefs {
            max_bytes: policy.limits.max_input_bytes,
        };
        self.with_sources(|sources| sources.check(kind, &refs, policy))
    }

    /// Checks everything gathered through the facade (the bindings' options),
    /// with `$ref`s read from disk within the policy's input limit.
    pub fn check(&self, opts: &CheckOptions) -> Result<Report, ApiError> {
        self.with_sources(|sources| {
            api::check_sources(sources, opts, |policy| FileRefs {
                max_bytes: policy.limits.max_input_bytes,
            })
        })
    }
}
