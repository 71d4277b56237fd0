//! Dockerfiles and Containerfiles: the image rules a build file already decides.
//!
//! A Dockerfile is read by a positioned parser ([`parse`]) into instructions,
//! then into build stages ([`Build`]): `ARG`s before the first `FROM` are
//! global and expand in `FROM`; `FROM <stage>` builds on an earlier stage; the
//! last stage is the image that runs, so the runtime rules (user, entrypoint,
//! exposed ports) judge the last stage together with the stages it builds on.
//! The rules are in [`rules`]; their metadata in `rules/catalog/dockerfile.yaml`.

mod keys;
pub mod parse;
pub mod rules;
mod stage;

pub use parse::{parse, Dockerfile, Instruction, ParseError, Word};
pub use stage::{Build, Stage};

use crate::artefact::ArtefactKind;
use crate::document::decode_text;
use crate::input::Input;
use crate::report::{InputError, InputStatus, InputSummary};
use crate::sink::Sink;

/// Whether a file name names a Dockerfile: `Dockerfile`, `Containerfile`,
/// `Dockerfile.<suffix>`, `Containerfile.<suffix>` or `<name>.Dockerfile`
/// (any case; the folder part of `path` is ignored).
pub fn is_dockerfile_path(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    ["dockerfile", "containerfile"].iter().any(|base| {
        lower == *base
            || lower
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1)
            || lower
                .strip_suffix(base)
                .is_some_and(|stem| stem.ends_with('.') && stem.len() > 1)
    })
}

/// Every Dockerfile rule id, in table order.
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::ALL.iter().map(|r| r.id)
}

/// Reads one Dockerfile input and runs the rules on it.
pub fn evaluate_input(
    input: &Input<'_>,
    sink: &mut Sink<'_>,
    summaries: &mut Vec<InputSummary>,
    errors: &mut Vec<InputError>,
) {
    let mut fail = |line: Option<u32>, message: String| {
        errors.push(InputError {
            path: input.path.clone(),
            line,
            column: line.map(|_| 1),
            message,
        });
        summaries.push(InputSummary {
            reason: None,
            path: input.path.clone(),
            kind: Some(ArtefactKind::Dockerfile),
            status: InputStatus::Error,
            documents: 0,
        });
    };
    if input.bytes.len() > sink.policy().limits.max_input_bytes {
        fail(
            None,
            format!(
                "the file is {} bytes, over the input size limit of {} bytes \
                 (raise `limits.max_input_bytes` in cct.yaml, or pass `--max-input-bytes`)",
                input.bytes.len(),
                sink.policy().limits.max_input_bytes
            ),
        );
        return;
    }
    let text = match decode_text(&input.bytes) {
        Ok(text) => text,
        Err(e) => {
            fail(e.pos().map(|p| p.line), e.to_string());
            return;
        }
    };
    let file = match parse(&text) {
        Ok(file) => file,
        Err(e) => {
            fail(e.line(), e.to_string());
            return;
        }
    };
    sink.evaluated(ArtefactKind::Dockerfile);
    let build = Build::new(&input.path, &file);
    rules::check(&build, sink);
    summaries.push(InputSummary {
        reason: None,
        path: input.path.clone(),
        kind: Some(ArtefactKind::Dockerfile),
        status: InputStatus::Evaluated,
        documents: build.stages.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for yes in [
            "Dockerfile",
            "app/Containerfile",
            "build/api.Dockerfile",
            "Dockerfile.prod",
            "DOCKERFILE",
            "c:\\x\\Dockerfile",
        ] {
            assert!(is_dockerfile_path(yes), "{yes}");
        }
        for no in [
            "Dockerfile-notes.md",
            "dockerfiles",
            ".Dockerfile",
            "Dockerfile.",
            "a.yaml",
        ] {
            assert!(!is_dockerfile_path(no), "{no}");
        }
    }
}
