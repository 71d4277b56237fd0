//! cct's file access for native hosts.
//!
//! The core (`cct-core`) reads nothing: it takes bytes, and traits the host
//! implements for what it reads on demand (an image layout's files, the files
//! an OpenAPI `$ref` names). This crate is those host pieces, written once
//! for every native front end — the CLI, Python and Node — so a folder given
//! to `cct check deploy/`, `cct.check_path("deploy/")` and
//! `checkPaths(["deploy/"])` is walked, read and judged the same way:
//!
//! - [`walk`]: which files of a folder are inputs (sorted, hidden entries,
//!   `node_modules` and `target` skipped, links to folders not followed);
//! - [`read`]: reading a file, mapped in memory when large;
//! - [`layout`]: OCI image layout folders read file by file;
//! - [`refs`]: external `$ref`s read from disk, within the input limit;
//! - [`check_paths`]: all of it, then the facade's check.
//!
//! The browser package (`cct-wasm`) has no file system and does not use it.
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod gather;
pub mod layout;
pub mod read;
pub mod refs;
pub mod walk;

use cct_core::api::{self, ApiError, CheckOptions};
use cct_core::Report;

pub use gather::Gathered;

/// Checks files and folders judged together, as `cct check PATH…` does:
/// folders are walked ([`walk`]), image layout folders read as images,
/// external `$ref`s followed from disk, and every path that cannot be read
/// is an input error in the report (never an `Err`). `given` are files the
/// caller already holds (a path to show and the bytes), judged with the rest.
/// `opts.path` does not apply (each file has its own); `-` is a file named
/// `-`, not standard input.
pub fn check_paths(
    paths: &[String],
    given: Vec<(String, Vec<u8>)>,
    opts: &CheckOptions,
) -> Result<Report, ApiError> {
    let found = walk::discover_files(paths);
    let mut gathered = Gathered::read(&found);
    for (display, bytes) in given {
        gathered.push(display, read::Bytes::Owned(bytes), None);
    }
    gathered.check(opts)
}

/// [`check_paths`] with the options as JSON spelled in `casing` (the
/// bindings' call), answered as the facade answers (`{"ok": report}` or
/// `{"error": …}`).
pub fn check_paths_answer(
    paths: &[String],
    given: Vec<(String, Vec<u8>)>,
    options: &str,
    casing: api::Casing,
) -> String {
    api::answer(
        api::options_from_json_str_in(options, casing)
            .and_then(|o| check_paths(paths, given, &o))
            .and_then(|r| api::to_json(&r)),
    )
}
