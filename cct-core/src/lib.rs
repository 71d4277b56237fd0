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
pub mod attestation;
pub mod catalog;
mod check;
pub mod commit;
pub mod config;
pub mod custom;
pub mod derogation;
pub mod diff;
pub mod dockerfile;
pub mod document;
pub mod format;
pub mod image;
pub mod kube;
pub mod openapi;
pub mod policy;
pub mod profile;
pub mod report;
pub mod requirement;
pub mod rule;
pub mod sink;

pub use artefact::ArtefactKind;
pub use check::{
    check, check_sources, check_with, check_with_layouts, finish, finish_with, merge_reports,
    sort_findings, Input, Loaded,
};
pub use config::ConfigError;
pub use policy::{Policy, RuleSettings, Settings};
pub use report::{Finding, Location, ObjectRef, Report, Severity};
