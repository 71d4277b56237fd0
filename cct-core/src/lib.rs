//! cct-core: the CCT Cloud Native and Domino-X requirements as executable checks.
//!
//! The core is pure: it takes bytes or strings and returns a [`Report`]. It
//! holds the requirement model ([`requirement`]), the rule catalog
//! ([`catalog`], [`rule`]), one evaluator per artefact kind ([`kube`],
//! [`image`], [`openapi`], [`commit`]) and the report ([`report`]). The CLI
//! and the Python, Node and WebAssembly bindings are thin layers over
//! [`check`].
//!
//! ```
//! use cct_core::{check, Input, Policy};
//!
//! let manifest = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n";
//! let report = check(&[Input::text("pod.yaml", manifest)], &Policy::default());
//! assert!(report.has_errors());
//! assert!(report.findings.iter().any(|f| f.rule == "kube/image-tag"));
//! ```
#![deny(missing_docs)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod api;
pub mod artefact;
pub mod attest;
pub mod attestation;
pub mod baseline;
pub mod catalog;
mod check;
pub mod commit;
pub mod concordance;
pub mod config;
pub mod custom;
pub mod date;
pub mod derogation;
pub mod diff;
pub mod dockerfile;
pub mod document;
mod engine;
pub mod finish;
pub mod format;
mod hash;
pub mod image;
mod input;
pub mod kube;
pub mod kyverno;
pub mod locate;
pub mod openapi;
pub mod percent;
pub mod pipeline;
pub mod policy;
pub mod profile;
pub mod quantity;
pub mod report;
pub mod requirement;
pub mod rule;
pub mod settings;
pub mod sink;

pub use artefact::ArtefactKind;
pub use check::{
    check, check_commits, check_edited_message, check_image_layout, check_message,
    check_message_at, check_sources, check_with, check_with_layouts, HistoryCheck, Pipeline,
    Sources,
};
pub use config::ConfigError;
pub use finish::{finish, finish_with, sort_findings};
pub use input::{Input, Loaded};
pub use policy::{Policy, RuleSettings, Settings};
pub use report::{Finding, Location, ObjectRef, Report, Severity};
