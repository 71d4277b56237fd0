//! `cct check --helm CHART` and `--kustomize DIR`: what is deployed, rendered by the tools
//! that deploy it, checked without a pipe.
//!
//! The binaries are the user's (`helm`, `kustomize` on `PATH`, or `CCT_HELM` /
//! `CCT_KUSTOMIZE`); cct only runs them and reads their standard output, as
//! `helm template CHART | cct check -` would. Helm writes `# Source: chart/templates/x.yaml`
//! before each document, which the core keeps as each finding's `source`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A renderer cct can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `helm template`.
    Helm,
    /// `kustomize build`.
    Kustomize,
}

impl Tool {
    /// The binary's name on `PATH`.
    fn name(self) -> &'static str {
        match self {
            Tool::Helm => "helm",
            Tool::Kustomize => "kustomize",
        }
    }

    /// The variable naming another binary.
    fn variable(self) -> &'static str {
        match self {
            Tool::Helm => "CCT_HELM",
            Tool::Kustomize => "CCT_KUSTOMIZE",
        }
    }

    /// Where to get it.
    fn install(self) -> &'static str {
        match self {
            Tool::Helm => "https://helm.sh/docs/intro/install/",
            Tool::Kustomize => "https://kubectl.docs.kubernetes.io/installation/kustomize/",
        }
    }

    /// The binary to run: the variable's value, else the name (looked up on `PATH`).
    fn program(self) -> PathBuf {
        std::env::var_os(self.variable())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(self.name()))
    }
}

/// Why a chart or a Kustomize folder could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The binary is not installed (or `CCT_HELM`/`CCT_KUSTOMIZE` names nothing runnable).
    #[error(
        "`{program}` could not be run ({reason}): `--{tool}` renders with the `{tool}` binary; \
         install it ({install}) or name it with `{variable}=/path/to/{tool}`"
    )]
    Missing {
        /// The tool's name.
        tool: &'static str,
        /// What was run.
        program: String,
        /// The system's reason.
        reason: String,
        /// Where to get it.
        install: &'static str,
        /// The variable naming another binary.
        variable: &'static str,
    },
    /// The tool ran and refused the input.
    #[error("`{command}` failed (exit {status}){}", if stderr.is_empty() { String::new() } else { format!(": {stderr}") })]
    Failed {
        /// The command line, as a user would type it.
        command: String,
        /// Its exit status (`signal` when killed).
        status: String,
        /// What it printed on standard error.
        stderr: String,
    },
}

/// Renders `target` (a chart, or a folder holding a `kustomization.yaml`) and returns the
/// manifests the tool printed. `values`: Helm values files (`-f`), in order.
pub fn render(tool: Tool, target: &Path, values: &[PathBuf]) -> Result<Vec<u8>, RenderError> {
    let program = tool.program();
    let mut args: Vec<std::ffi::OsString> = match tool {
        Tool::Helm => vec!["template".into(), target.into()],
        Tool::Kustomize => vec!["build".into(), target.into()],
    };
    for file in values {
        args.push("--values".into());
        args.push(file.into());
    }
    let output = Command::new(&program)
        .args(&args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| RenderError::Missing {
            tool: tool.name(),
            program: program.display().to_string(),
            reason: cct_fs::walk::io_reason(&e),
            install: tool.install(),
            variable: tool.variable(),
        })?;
    if !output.status.success() {
        let command = std::iter::once(program.display().to_string())
            .chain(args.iter().map(|a| a.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
            .join(" ");
        return Err(RenderError::Failed {
            command,
            status: output
                .status
                .code()
                .map_or_else(|| "signal".to_owned(), |c| c.to_string()),
            // One line: the report's error messages are single lines.
            stderr: String::from_utf8_lossy(&output.stderr)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    Ok(output.stdout)
}
