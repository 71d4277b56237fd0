//! Finding and reading the configuration file (`cct.yaml`): the I/O half of `cct_core::config`.
//!
//! `--config FILE` names the file; otherwise the first of
//! [`cct_core::config::CONFIG_FILE_NAMES`] found in the start directory or
//! one of its parents is used, stopping at the repository root (a directory
//! holding `.git`) so that a configuration outside the repository is never
//! picked up by surprise.

use std::path::{Path, PathBuf};

use cct_core::config::CONFIG_FILE_NAMES;
use cct_core::{ConfigError, Policy};

/// Why the configuration could not be used.
#[derive(Debug)]
pub enum DiscoveryError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The file was read but is invalid (positioned).
    Config(ConfigError),
}

impl std::fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoveryError::Io { path, error } => write!(
                f,
                "{}: cannot read the configuration: {error}",
                path.display()
            ),
            DiscoveryError::Config(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DiscoveryError {}

/// The configuration file for a check started in `start`: the first of
/// `cct.yaml`, `cct.yml`, `.cct.yaml` in `start` or a parent, up to the
/// repository root (the first directory holding `.git`) or the filesystem root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in CONFIG_FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
}

/// Reads the configuration at `path` into a policy; the files of
/// `custom_rule_files` are read relative to the configuration's directory.
#[allow(dead_code)] // the CLI uses `resolve`; tests/config_discovery.rs uses this
pub fn load(path: &Path) -> Result<Policy, DiscoveryError> {
    let text = std::fs::read_to_string(path).map_err(|error| DiscoveryError::Io {
        path: path.to_owned(),
        error,
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let shown = path.display().to_string();
    Policy::from_config_with(&text, &shown, &mut |rel| {
        std::fs::read_to_string(base.join(rel)).map_err(|e| e.to_string())
    })
    .map_err(DiscoveryError::Config)
}

/// The policy for a check: `--config` when given, else the discovered file,
/// else `--profile` alone, else the default policy. A `--profile` given with a
/// configuration file replaces the file's `extends`. `--today` (YYYY-MM-DD)
/// overrides the date derogations are compared with.
pub fn resolve(
    config: Option<&Path>,
    profile: Option<&str>,
    today: Option<&str>,
    start: &Path,
) -> Result<Policy, DiscoveryError> {
    let file = config.map(Path::to_owned).or_else(|| discover(start));
    let mut policy = match (&file, profile) {
        (Some(path), profile) => {
            let text = std::fs::read_to_string(path).map_err(|error| DiscoveryError::Io {
                path: path.clone(),
                error,
            })?;
            let base = path.parent().unwrap_or(Path::new(".")).to_owned();
            // A discovered file is shown relative to the current folder when inside it.
            let cwd = std::env::current_dir().ok();
            let shown = cwd
                .as_deref()
                .and_then(|d| path.strip_prefix(d).ok())
                .unwrap_or(path)
                .display()
                .to_string();
            let mut read =
                |rel: &str| std::fs::read_to_string(base.join(rel)).map_err(|e| e.to_string());
            match profile {
                Some(name) => Policy::from_config_with_profile(&text, &shown, name, &mut read),
                None => Policy::from_config_with(&text, &shown, &mut read),
            }
            .map_err(DiscoveryError::Config)?
        }
        (None, Some(name)) => Policy::from_profile(name).map_err(DiscoveryError::Config)?,
        (None, None) => Policy::default(),
    };
    if let Some(today) = today {
        if !cct_core::date::is_date(today) {
            return Err(DiscoveryError::Config(ConfigError::Invalid {
                path: "--today".to_owned(),
                pos: cct_core::document::Pos::new(1, 1),
                key: "today".to_owned(),
                message: format!("`--today` takes a date written YYYY-MM-DD, not `{today}`"),
            }));
        }
        policy.today = Some(today.to_owned());
    }
    Ok(policy)
}
