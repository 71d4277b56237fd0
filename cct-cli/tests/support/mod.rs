//! Helpers shared by the CLI's end-to-end tests.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built `cct` in `dir` with `args`, colour off.
pub fn cct(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cct"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The standard output of a run, as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}
