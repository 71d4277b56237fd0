//! GitLab CI pipelines: what a project's own pipeline (the ministry's "chaîne secondaire")
//! shows it runs, and whether a repository has one.
//!
//! A pipeline file is read by the project's YAML loader (positions, anchors, merge keys;
//! GitLab's `!reference` tags read as plain values) and [`checks::read`] lists what it runs:
//! GitLab's check templates and components by name, the reports its jobs publish
//! (`artifacts:reports`, `coverage:`) and well-known tools in its scripts. A `local` include
//! that is another pipeline input of the same check is followed, and the included file is
//! judged as part of the file including it; `project` and `remote` includes are not read, and
//! messages say so. The rules are in [`rules`]; their metadata in `rules/catalog/pipeline.yaml`.
//!
//! The repository-level rule (`pipeline/dso-pipeline-present`) judges what the host says the
//! repository holds ([`Repository`]): the core reads no folder.

pub mod checks;
pub mod rules;

use std::collections::BTreeSet;

pub use checks::{CheckKind, Checks, Evidence, Include};

use crate::document::Node;
use crate::input::Loaded;
use crate::locate::Locate;
use crate::report::{Location, ObjectRef};
use crate::sink::Sink;

/// The file, at a repository's root, of a project built by the ministry's DevSecOps chain.
pub const DSO_PIPELINE_FILE: &str = ".gitlab-ci-dso.yml";

/// Whether a file name names a GitLab CI file: `.gitlab-ci.yml`, `.gitlab-ci-dso.yml` or
/// `<name>.gitlab-ci.yml` (`.yaml` too, any case; the folder part of `path` is ignored).
pub fn is_pipeline_path(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yml")
        .or_else(|| lower.strip_suffix(".yaml"))
    else {
        return false;
    };
    stem == ".gitlab-ci"
        || stem == ".gitlab-ci-dso"
        || stem
            .strip_suffix(".gitlab-ci")
            .is_some_and(|s| !s.is_empty())
}

/// What a host (the CLI's `cct audit`) says a repository holds, for the rules that judge the
/// repository rather than one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repository {
    /// Where findings about the repository are located (the audited folder, `.`).
    pub root: String,
    /// Whether the repository's root holds [`DSO_PIPELINE_FILE`].
    pub dso_pipeline: bool,
}

impl Repository {
    /// The location of the repository itself.
    pub fn location(&self) -> Location {
        Location {
            path: self.root.clone(),
            document: None,
            line: 1,
            column: 1,
            pointer: String::new(),
            source: None,
        }
    }
}

/// One pipeline file as the rules see it: its document, and what it and the local files it
/// includes run.
#[derive(Debug)]
pub struct CiFile<'a> {
    /// The input's path.
    pub path: &'a str,
    /// The document's index in the input.
    pub document: usize,
    /// The document.
    pub root: &'a Node,
    /// What the file runs, with the local files it includes that were checked with it.
    pub checks: Checks,
    /// The local files it includes that were checked with it.
    pub followed: Vec<String>,
}

impl CiFile<'_> {
    /// Where a finding about something missing from the whole pipeline goes: `stages:` when
    /// the file lists its stages, else the document's root.
    pub fn missing_at(&self) -> Location {
        if self.root.get("stages").is_some() {
            self.locate("/stages")
        } else {
            self.locate("")
        }
    }

    /// The includes cct did not read, as a sentence to end a message with (empty when none).
    pub fn unread_note(&self) -> String {
        let unread: Vec<String> = self
            .checks
            .includes
            .iter()
            .filter(|i| {
                !(i.how == "local"
                    && self
                        .followed
                        .iter()
                        .any(|f| f == i.target.trim_start_matches('/')))
            })
            .map(|i| format!("`{}` ({})", i.target, i.how))
            .collect();
        if unread.is_empty() {
            String::new()
        } else {
            format!(
                "; cct did not read what it includes ({}): if the check is there, record it with an attestation or a derogation",
                unread.join(", ")
            )
        }
    }
}

impl Locate for CiFile<'_> {
    fn root(&self) -> &Node {
        self.root
    }

    fn at(&self, pointer: &str, node: &Node) -> Location {
        Location {
            path: self.path.to_owned(),
            document: (self.document > 0).then_some(self.document),
            line: node.pos.line,
            column: node.pos.column,
            pointer: pointer.to_owned(),
            source: None,
        }
    }

    fn object(&self) -> Option<ObjectRef> {
        None
    }
}

/// Every pipeline rule id, in table order.
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::ALL.iter().map(|r| r.id)
}

/// The path `target` (a `local` include, relative to the repository root) names among `paths`.
fn find_local<'p>(target: &str, paths: &[&'p str]) -> Option<&'p str> {
    let target = target.trim_start_matches('/');
    paths.iter().copied().find(|p| {
        let p = p.trim_start_matches("./");
        p == target || p.ends_with(&format!("/{target}"))
    })
}

/// Evaluates the pipeline files of one check: each file not included by another is judged
/// with what its local includes (among the inputs) run.
pub fn evaluate(batch: &[Loaded<'_>], sink: &mut Sink<'_>) {
    let paths: Vec<&str> = batch.iter().map(|l| l.path).collect();
    let read: Vec<Vec<Checks>> = batch
        .iter()
        .map(|l| l.documents.iter().map(|d| checks::read(&d.root)).collect())
        .collect();
    let mut included: BTreeSet<&str> = BTreeSet::new();
    for docs in &read {
        for c in docs {
            included.extend(c.local_includes().filter_map(|t| find_local(t, &paths)));
        }
    }
    for (i, loaded) in batch.iter().enumerate() {
        if included.contains(loaded.path) {
            continue;
        }
        for (d, doc) in loaded.documents.iter().enumerate() {
            if doc.root.is_null() {
                continue;
            }
            let mut all = read[i][d].clone();
            let mut followed: Vec<String> = Vec::new();
            let mut queue: Vec<String> = all.local_includes().map(str::to_owned).collect();
            while let Some(target) = queue.pop() {
                let Some(found) = find_local(&target, &paths) else {
                    continue;
                };
                if followed.contains(&target) || found == loaded.path {
                    continue;
                }
                followed.push(target);
                let Some(j) = paths.iter().position(|p| *p == found) else {
                    continue;
                };
                for other in &read[j] {
                    queue.extend(other.local_includes().map(str::to_owned));
                    all.evidence.extend(other.evidence.iter().cloned());
                    all.includes.extend(other.includes.iter().cloned());
                }
            }
            let file = CiFile {
                path: loaded.path,
                document: d,
                root: &doc.root,
                checks: all,
                followed,
            };
            rules::check_file(&file, sink);
        }
    }
}

/// Runs the repository-level rules on what the host says the repository holds.
pub fn evaluate_repository(repository: &Repository, sink: &mut Sink<'_>) {
    rules::check_repository(repository, sink);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_names() {
        for yes in [
            ".gitlab-ci.yml",
            "repo/.gitlab-ci-dso.yml",
            "ci/deploy.gitlab-ci.yml",
            ".GITLAB-CI.YAML",
            "c:\\x\\.gitlab-ci.yml",
        ] {
            assert!(is_pipeline_path(yes), "{yes}");
        }
        for no in [
            ".gitlab-ci.yml.bak",
            "gitlab-ci.yml",
            ".gitlab-ci",
            "a.yaml",
            ".gitlab-ci.json",
        ] {
            assert!(!is_pipeline_path(no), "{no}");
        }
    }
}
