//! Finding the input files: paths as given, folders walked recursively, `-`
//! for standard input (in the CLI; bindings read a file named `-`).
//!
//! Folders are walked depth-first with entries sorted by name, so the same
//! tree always gives the same list. Inside a folder only `.yaml`, `.yml` and
//! `.json` files (any case), Dockerfiles (`Dockerfile`, `Containerfile`,
//! `*.Dockerfile`, `Dockerfile.*`), image archives (`.tar`) and image layout
//! folders (holding `oci-layout`) are taken, and GitLab CI files (`.gitlab-ci.yml`,
//! `.gitlab-ci-dso.yml`, `*.gitlab-ci.yml`); other hidden entries (name starting with
//! `.`), `node_modules` and `target` are skipped, and symbolic links to
//! folders are not followed (no cycles). A file named explicitly is always
//! taken, whatever its extension.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// File extensions read inside folders (compared case-insensitively).
pub const EXTENSIONS: [&str; 3] = ["yaml", "yml", "json"];

/// Folder names never walked into (besides hidden ones).
pub const SKIPPED_DIRS: [&str; 2] = ["node_modules", "target"];

/// Where one input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path shown in the report (`-` for standard input).
    pub display: String,
    /// Where to read it from.
    pub origin: Origin,
}

/// A path that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The path as shown in the report.
    pub display: String,
    /// What went wrong, in words.
    pub message: String,
}

/// The result of discovery.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Inputs to read, in a deterministic order, without duplicates.
    pub entries: Vec<Entry>,
    /// Paths that do not exist or could not be listed.
    pub problems: Vec<Problem>,
    /// Folders that held no input file (worth a note, not an error).
    pub empty_dirs: Vec<String>,
    /// Image layout folders (OCI layout, unpacked `docker save`): one image
    /// each, read file by file, not walked. The path as shown, and the folder.
    pub layouts: Vec<(String, PathBuf)>,
    /// What a folder walk passed over, and why (for `cct audit --explain-discovery`).
    pub skipped: Vec<(String, String)>,
    /// Whether folder walks also take image archives (`.tar`) and image layout folders.
    images: bool,
    /// Whether `-` means standard input.
    stdin: bool,
}

/// Expands the command-line paths into inputs; `-` is standard input.
pub fn discover(paths: &[String]) -> Discovery {
    expand(
        paths,
        Discovery {
            stdin: true,
            ..Discovery::default()
        },
    )
}

/// [`discover`] for a library call: every path is a file or a folder (`-`
/// is a file named `-`).
pub fn discover_files(paths: &[String]) -> Discovery {
    expand(paths, Discovery::default())
}

/// [`discover`] for a whole repository (`cct audit`): folder walks also take
/// image archives (`.tar`) and image layout folders.
pub fn discover_repository(paths: &[String]) -> Discovery {
    expand(
        paths,
        Discovery {
            images: true,
            stdin: true,
            ..Discovery::default()
        },
    )
}

/// Expands `paths` into `found` (its flags say what a walk takes).
fn expand(paths: &[String], mut found: Discovery) -> Discovery {
    let mut seen = BTreeSet::new();
    for arg in paths {
        if arg == "-" && found.stdin {
            push(&mut found, &mut seen, "-".to_owned(), Origin::Stdin);
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Err(e) => found.problems.push(Problem {
                display: arg.clone(),
                message: format!("cannot read `{arg}`: {}", io_reason(&e)),
            }),
            Ok(meta) if meta.is_dir() && crate::layout::is_image_layout(path) => {
                found.layouts.push((arg.clone(), path.to_path_buf()));
            }
            Ok(meta) if meta.is_dir() => {
                if walk_dir(path, &mut found, &mut seen) == 0 {
                    found.empty_dirs.push(arg.clone());
                }
            }
            Ok(_) => push(
                &mut found,
                &mut seen,
                arg.clone(),
                Origin::File(path.to_path_buf()),
            ),
        }
    }
    found
}

/// Adds an input unless the same file was already taken (compared by
/// canonical path, so `deploy/a.yaml` and `./deploy/a.yaml` are one input).
fn push(found: &mut Discovery, seen: &mut BTreeSet<PathBuf>, display: String, origin: Origin) {
    let key = match &origin {
        Origin::Stdin => PathBuf::from("-"),
        Origin::File(path) => std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()),
    };
    if seen.insert(key) {
        found.entries.push(Entry { display, origin });
    }
}

/// Walks `dir`; returns how many input files it holds (already taken ones included).
fn walk_dir(dir: &Path, found: &mut Discovery, seen: &mut BTreeSet<PathBuf>) -> usize {
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) => {
            let display = dir.display().to_string();
            found.problems.push(Problem {
                message: format!("cannot list folder `{display}`: {}", io_reason(&e)),
                display,
            });
            return 0;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in listing {
        match entry {
            Ok(entry) => children.push(entry.path()),
            Err(e) => {
                let display = dir.display().to_string();
                found.problems.push(Problem {
                    message: format!("cannot list folder `{display}`: {}", io_reason(&e)),
                    display,
                });
            }
        }
    }
    children.sort();
    let mut count = 0;
    for child in children {
        let Some(name) = child.file_name() else {
            continue;
        };
        // GitLab CI files are hidden (`.gitlab-ci.yml`) but are inputs, known by their name.
        let pipeline_file =
            cct_core::pipeline::is_pipeline_path(&name.to_string_lossy()) && !child.is_dir();
        if is_skipped_name(name) && !pipeline_file {
            let why = if name.to_string_lossy().starts_with('.') {
                "hidden"
            } else {
                "vendored or build output folder"
            };
            found
                .skipped
                .push((child.display().to_string(), why.to_owned()));
            continue;
        }
        // `symlink_metadata` does not follow links: a link to a folder is not walked.
        let Ok(link_meta) = std::fs::symlink_metadata(&child) else {
            continue;
        };
        if link_meta.is_dir() {
            if found.images && crate::layout::is_image_layout(&child) {
                count += 1;
                found.layouts.push((child.display().to_string(), child));
                continue;
            }
            count += walk_dir(&child, found, seen);
            continue;
        }
        if !has_input_extension(&child)
            && !cct_core::dockerfile::is_dockerfile_path(&name.to_string_lossy())
            && !(found.images && is_image_archive(&child))
        {
            found.skipped.push((
                child.display().to_string(),
                "not a kind cct reads (.yaml, .yml, .json, Dockerfile, image .tar)".to_owned(),
            ));
            continue;
        }
        let is_file = if link_meta.file_type().is_symlink() {
            std::fs::metadata(&child).is_ok_and(|m| m.is_file())
        } else {
            link_meta.is_file()
        };
        if is_file {
            count += 1;
            let display = child.display().to_string();
            push(found, seen, display, Origin::File(child));
        }
    }
    count
}

/// A `.tar` file in a folder: an image archive (`docker save`, OCI layout packed with tar).
fn is_image_archive(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("tar"))
}

fn is_skipped_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref())
}

fn has_input_extension(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext)))
}

/// A short, lowercase reason for an I/O error (`no such file or directory`).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => {
            // Drop the "(os error N)" suffix std adds.
            let text = e.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text).to_owned();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> PathBuf {
        let root = std::env::temp_dir().join(format!(
            "cct-fs-walk-{}-{}",
            std::process::id(),
            files.len()
        ));
        let _ = std::fs::remove_dir_all(&root);
        for f in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "a: 1\n").unwrap();
        }
        root
    }

    #[test]
    fn walks_sorted_and_skips_hidden_vendored_and_other_extensions() {
        let root = tree(&[
            "b/z.yaml",
            "b/a.YML",
            "a.json",
            "notes.txt",
            ".hidden/x.yaml",
            ".dotfile.yaml",
            "node_modules/m.yaml",
            "target/t.yaml",
            "c/d/e.yml",
            "c/Dockerfile",
            "c/api.Dockerfile",
        ]);
        let found = discover(&[root.display().to_string()]);
        let names: Vec<String> = found
            .entries
            .iter()
            .map(|e| {
                e.display
                    .strip_prefix(&root.display().to_string())
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "/a.json",
                "/b/a.YML",
                "/b/z.yaml",
                "/c/Dockerfile",
                "/c/api.Dockerfile",
                "/c/d/e.yml"
            ]
        );
        assert!(found.problems.is_empty());
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn explicit_files_are_kept_in_order_once_and_missing_ones_are_problems() {
        let root = tree(&["x.txt", "y.yaml"]);
        let x = root.join("x.txt").display().to_string();
        let y = root.join("y.yaml").display().to_string();
        let missing = root.join("nope.yaml").display().to_string();
        let y_again = root.join(".").join("y.yaml").display().to_string();
        let found = discover(&[
            y.clone(),
            "-".into(),
            x.clone(),
            y_again,
            root.display().to_string(),
            missing.clone(),
            "-".into(),
        ]);
        let names: Vec<&str> = found.entries.iter().map(|e| e.display.as_str()).collect();
        assert_eq!(names, [y.as_str(), "-", x.as_str()]);
        assert_eq!(found.entries[1].origin, Origin::Stdin);
        assert_eq!(found.problems.len(), 1);
        assert!(found.empty_dirs.is_empty(), "{:?}", found.empty_dirs);
        assert_eq!(found.problems[0].display, missing);
        assert!(
            found.problems[0]
                .message
                .ends_with("no such file or directory"),
            "{}",
            found.problems[0].message
        );
        std::fs::remove_dir_all(root).unwrap();
    }
}
