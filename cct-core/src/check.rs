//! The one pipeline every check runs: bytes → input → documents → evaluator → sink → finish.
//!
//! Every entry point of the crate (byte inputs, image layouts, commit messages
//! and histories) feeds a [`Pipeline`]; the evaluators below it only turn
//! documents into findings, and [`finish`] turns findings into the report.

use crate::artefact::{load_input, ArtefactKind};
use crate::catalog::catalog;
use crate::commit::CommitInput;
use crate::derogation::Suppression;
use crate::document::LoadError;
use crate::finish::finish_with;
use crate::image::ImageSource;
use crate::input::{Input, Loaded};
use crate::openapi::{ExternalRefs, NoExternalRefs};
use crate::policy::Policy;
use crate::report::{InputError, InputStatus, InputSummary, Report};
use crate::sink::Sink;

/// One check in progress: inputs, layouts and commits go in, the report comes out.
#[derive(Debug)]
pub struct Pipeline<'p> {
    policy: &'p Policy,
    sink: Sink<'p>,
    summaries: Vec<InputSummary>,
    errors: Vec<InputError>,
    suppressions: Vec<Suppression>,
}

impl<'p> Pipeline<'p> {
    /// An empty check under `policy`.
    pub fn new(policy: &'p Policy) -> Self {
        Pipeline {
            policy,
            sink: Sink::new(policy, catalog()),
            summaries: Vec::new(),
            errors: Vec::new(),
            suppressions: Vec::new(),
        }
    }

    /// Reads a batch of byte inputs into documents and evaluates them, kind by kind;
    /// external `$ref`s of OpenAPI descriptions are loaded through `refs`.
    pub fn inputs(&mut self, inputs: &[Input<'_>], refs: &dyn ExternalRefs) {
        let policy = self.policy;
        let mut by_kind: Vec<(ArtefactKind, Loaded<'_>)> = Vec::new();
        // Evaluate in path order, so that nothing in the report (not even which
        // object a cross-object message names first) depends on the order given.
        let mut ordered: Vec<&Input<'_>> = inputs.iter().collect();
        ordered.sort_by(|a, b| a.path.cmp(&b.path));
        for input in ordered {
            if input.kind == Some(ArtefactKind::Commit) {
                crate::commit::evaluate_input(
                    input,
                    &mut self.sink,
                    &mut self.summaries,
                    &mut self.errors,
                );
                continue;
            }
            if input.kind == Some(ArtefactKind::Dockerfile)
                || (input.kind.is_none() && crate::dockerfile::is_dockerfile_path(&input.path))
            {
                crate::dockerfile::evaluate_input(
                    input,
                    &mut self.sink,
                    &mut self.summaries,
                    &mut self.errors,
                );
                continue;
            }
            if (input.kind.is_none() || input.kind == Some(ArtefactKind::Image))
                && crate::image::evaluate_binary(
                    input,
                    &mut self.sink,
                    &mut self.summaries,
                    &mut self.errors,
                )
                .is_some()
            {
                continue;
            }
            // A GitLab CI file is known by its name, as a Dockerfile is.
            let forced = input.kind.or_else(|| {
                crate::pipeline::is_pipeline_path(&input.path).then_some(ArtefactKind::Pipeline)
            });
            match load_input(&input.bytes, forced, &policy.limits) {
                // A chart's template found while detecting kinds is not a broken input:
                // it is skipped, saying how to render it. Given as a manifest, it is an error.
                Err(e @ LoadError::Template { .. }) if input.kind.is_none() => {
                    self.summaries.push(InputSummary {
                        reason: Some(e.to_string()),
                        path: input.path.clone(),
                        kind: None,
                        status: InputStatus::Skipped,
                        documents: 0,
                    });
                }
                Err(e) => {
                    let pos = e.pos();
                    self.errors.push(InputError {
                        path: input.path.clone(),
                        line: pos.map(|p| p.line),
                        column: pos.map(|p| p.column),
                        message: e.to_string(),
                    });
                    self.summaries.push(InputSummary {
                        reason: None,
                        path: input.path.clone(),
                        kind: forced,
                        status: InputStatus::Error,
                        documents: 0,
                    });
                }
                Ok((documents, kind)) => {
                    // An OpenAPI description with nothing to check (an empty `--kind openapi`
                    // input, an empty `openapi.yaml`) must not pass unnoticed.
                    let named = kind.is_none() && crate::openapi::is_description_path(&input.path);
                    let nothing = (kind == Some(ArtefactKind::Openapi) || named)
                        .then(|| crate::openapi::no_description(&documents, named))
                        .flatten();
                    if let Some((message, pos)) = nothing {
                        self.errors.push(InputError {
                            path: input.path.clone(),
                            line: pos.map(|p| p.line),
                            column: pos.map(|p| p.column),
                            message,
                        });
                        self.summaries.push(InputSummary {
                            reason: None,
                            path: input.path.clone(),
                            kind: Some(ArtefactKind::Openapi),
                            status: InputStatus::Error,
                            documents: 0,
                        });
                        continue;
                    }
                    self.summaries.push(InputSummary {
                        reason: None,
                        path: input.path.clone(),
                        kind,
                        status: if kind.is_some() {
                            InputStatus::Evaluated
                        } else {
                            InputStatus::Skipped
                        },
                        documents: documents.iter().filter(|d| !d.root.is_null()).count(),
                    });
                    if let Some(kind) = kind {
                        by_kind.push((
                            kind,
                            Loaded {
                                path: &input.path,
                                documents,
                            },
                        ));
                    }
                }
            }
        }

        for kind in ArtefactKind::ALL {
            // Move (not clone) each kind's documents into its batch: a deep copy doubles peak memory.
            let (batch, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut by_kind)
                .into_iter()
                .partition(|(k, _)| *k == kind);
            by_kind = rest;
            let batch: Vec<Loaded<'_>> = batch.into_iter().map(|(_, l)| l).collect();
            if batch.is_empty() {
                continue;
            }
            self.sink.evaluated(kind);
            match kind {
                ArtefactKind::Kube => {
                    crate::kube::collect_annotations(
                        &batch,
                        policy,
                        &mut self.suppressions,
                        &mut self.errors,
                    );
                    crate::kube::evaluate(&batch, &mut self.sink)
                }
                ArtefactKind::Openapi => {
                    crate::openapi::evaluate_with(&batch, &mut self.sink, refs)
                }
                ArtefactKind::Image => crate::image::evaluate(&batch, &mut self.sink),
                ArtefactKind::Pipeline => crate::pipeline::evaluate(&batch, &mut self.sink),
                ArtefactKind::Commit | ArtefactKind::Dockerfile => {}
            }
            crate::engine::evaluate(kind, &batch, &mut self.sink, &mut self.errors);
        }
    }

    /// Records an input the host could not read (a missing file, a folder it
    /// could not list), shown as `path`: the report lists it in `errors`, with
    /// `message`, and its input with status `error`, like an unparsable input.
    pub fn unreadable(&mut self, path: &str, kind: Option<ArtefactKind>, message: &str) {
        self.errors.push(InputError {
            path: path.to_owned(),
            line: None,
            column: None,
            message: message.to_owned(),
        });
        self.summaries.push(InputSummary {
            path: path.to_owned(),
            kind,
            status: InputStatus::Error,
            documents: 0,
            reason: None,
        });
    }

    /// Runs the rules that judge a repository as a whole on what the host says it holds
    /// (`cct audit` of a repository's root): the core reads no folder.
    pub fn repository(&mut self, repository: &crate::pipeline::Repository) {
        crate::pipeline::evaluate_repository(repository, &mut self.sink);
    }

    /// Evaluates an image layout read file by file through `source`, shown as `path`.
    pub fn layout(&mut self, path: &str, source: &dyn ImageSource) {
        crate::image::evaluate_layout(
            path,
            source,
            &mut self.sink,
            &mut self.summaries,
            &mut self.errors,
        );
    }

    /// Evaluates one edited commit message shown as `path` (cleaned up like git's
    /// `--cleanup=strip` with `comment_char`), or a raw commit object.
    pub fn message(&mut self, path: &str, message: &str, comment_char: char) {
        // A UTF-8 byte order mark (editors on Windows write one) is not part of the message.
        let message = message.strip_prefix('\u{feff}').unwrap_or(message);
        let summary = crate::commit::evaluate_edited(path, message, comment_char, &mut self.sink);
        self.summaries.push(summary);
    }

    /// Evaluates one commit of a history (its message as stored by git, no cleanup).
    pub fn commit(&mut self, commit: &CommitInput) {
        let summary = crate::commit::evaluate_stored(commit, &mut self.sink);
        self.summaries.push(summary);
    }

    /// Records a commit of a history whose message could not be read (not
    /// decodable in its encoding): an input error, not a finding.
    pub fn unreadable_commit(&mut self, hash: &str, message: String) {
        self.errors.push(InputError {
            path: hash.to_owned(),
            line: None,
            column: None,
            message,
        });
        self.summaries.push(InputSummary {
            reason: None,
            path: hash.to_owned(),
            kind: Some(ArtefactKind::Commit),
            status: InputStatus::Error,
            documents: 0,
        });
    }

    /// Records that commits were evaluated, even when a history turns out empty.
    fn commits_evaluated(&mut self) {
        self.sink.evaluated(ArtefactKind::Commit);
    }

    /// The report.
    pub fn finish(self) -> Report {
        finish_with(
            self.sink,
            self.summaries,
            self.errors,
            self.policy,
            &self.suppressions,
        )
    }
}

/// Checks a batch of inputs under `policy` and returns the report.
///
/// Inputs that cannot be read are listed in `errors`; every other input is
/// still evaluated. Kubernetes inputs are evaluated together, as one set, so
/// rules that relate objects (a Service and its pods) see the whole batch.
pub fn check(inputs: &[Input<'_>], policy: &Policy) -> Report {
    check_sources(inputs, &[], &NoExternalRefs, policy)
}

/// Like [`check`], following the external `$ref`s of OpenAPI descriptions through `refs`
/// (the CLI passes a loader for the files next to the description).
pub fn check_with(inputs: &[Input<'_>], policy: &Policy, refs: &dyn ExternalRefs) -> Report {
    check_sources(inputs, &[], refs, policy)
}

/// Like [`check`], plus image layouts read file by file through an
/// [`ImageSource`], each with the path shown in
/// locations (the CLI opens OCI layout folders this way).
pub fn check_with_layouts(
    inputs: &[Input<'_>],
    layouts: &[(&str, &dyn ImageSource)],
    policy: &Policy,
) -> Report {
    check_sources(inputs, layouts, &NoExternalRefs, policy)
}

/// The whole check: byte inputs, image layouts and an external `$ref` loader.
pub fn check_sources(
    inputs: &[Input<'_>],
    layouts: &[(&str, &dyn ImageSource)],
    refs: &dyn ExternalRefs,
    policy: &Policy,
) -> Report {
    let mut pipeline = Pipeline::new(policy);
    pipeline.inputs(inputs, refs);
    for (path, source) in layouts {
        pipeline.layout(path, *source);
    }
    pipeline.finish()
}

/// Everything a host gathered for one check: files, image layout folders
/// and the paths it could not read (`cct-fs` fills it from a folder walk;
/// the CLI, Python and Node check folders through it).
pub struct Sources<'a> {
    /// Each file's path as shown, its bytes, and the kind it is read as
    /// (`None`: the check's kind, else detected from content).
    pub files: &'a [(&'a str, &'a [u8], Option<ArtefactKind>)],
    /// Image layout folders, read file by file through the host's source.
    pub layouts: &'a [(&'a str, &'a dyn ImageSource)],
    /// Paths the host could not read, with why: input errors in the report.
    pub unreadable: &'a [(String, String)],
}

impl Sources<'_> {
    /// Checks every source in one pipeline: files read as `kind` unless
    /// their own kind is set, external `$ref`s through `refs`.
    pub fn check(
        &self,
        kind: Option<ArtefactKind>,
        refs: &dyn ExternalRefs,
        policy: &Policy,
    ) -> Report {
        let inputs: Vec<Input<'_>> = self
            .files
            .iter()
            .map(|(path, bytes, forced)| Input::new(*path, *bytes).with_kind(forced.or(kind)))
            .collect();
        let mut pipeline = Pipeline::new(policy);
        pipeline.inputs(&inputs, refs);
        for (path, source) in self.layouts {
            pipeline.layout(path, *source);
        }
        for (path, message) in self.unreadable {
            pipeline.unreadable(path, kind, message);
        }
        pipeline.finish()
    }
}

/// Checks an OCI image layout (or any [`ImageSource`]) shown as `name` under `policy`.
///
/// `name` is the path shown in locations (the folder the user gave); its last
/// component names the image when the layout does not (`app-oci:1.4.2`).
pub fn check_image_layout(source: &dyn ImageSource, name: &str, policy: &Policy) -> Report {
    check_with_layouts(&[], &[(name, source)], policy)
}

/// Checks one commit message as the `commit-msg` hook sees it: `#` comment
/// lines and everything below git's scissors line are dropped first (git's
/// `--cleanup=strip`); positions are lines of `message` as given.
///
/// ```
/// use cct_core::{check_message, Policy};
///
/// let report = check_message("Fix: Login page.\n", &Policy::default());
/// let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
/// assert_eq!(rules, ["commit/type-case", "commit/type-enum", "commit/subject-case", "commit/subject-full-stop"]);
/// ```
pub fn check_message(message: &str, policy: &Policy) -> Report {
    check_message_at("-", message, policy)
}

/// [`check_message`] with the path shown in locations (the message file's name).
pub fn check_message_at(path: &str, message: &str, policy: &Policy) -> Report {
    check_edited_message(path, message, crate::commit::DEFAULT_COMMENT_CHAR, policy)
}

/// [`check_message_at`] for a repository whose `core.commentChar` is `comment_char`.
pub fn check_edited_message(
    path: &str,
    message: &str,
    comment_char: char,
    policy: &Policy,
) -> Report {
    let mut pipeline = Pipeline::new(policy);
    pipeline.message(path, message, comment_char);
    pipeline.finish()
}

/// Checks a history: each message as stored by git (no cleanup). Findings
/// are located at `path` = the commit's hash, line and column inside its message.
pub fn check_commits(commits: &[CommitInput], policy: &Policy) -> Report {
    let mut check = HistoryCheck::new(policy);
    for c in commits {
        check.add(c);
    }
    check.finish()
}

/// A history check fed one commit at a time (so a caller can check while it
/// still reads the history); [`check_commits`] in steps.
#[derive(Debug)]
pub struct HistoryCheck<'p> {
    pipeline: Pipeline<'p>,
}

impl<'p> HistoryCheck<'p> {
    /// An empty check under `policy`.
    pub fn new(policy: &'p Policy) -> Self {
        let mut pipeline = Pipeline::new(policy);
        pipeline.commits_evaluated();
        HistoryCheck { pipeline }
    }

    /// Checks one more commit.
    pub fn add(&mut self, c: &CommitInput) {
        self.pipeline.commit(c);
    }

    /// Records a commit whose message could not be read (not decodable in
    /// its encoding): an input error, not a finding.
    pub fn add_unreadable(&mut self, hash: &str, message: String) {
        self.pipeline.unreadable_commit(hash, message);
    }

    /// The report.
    pub fn finish(self) -> Report {
        self.pipeline.finish()
    }
}
