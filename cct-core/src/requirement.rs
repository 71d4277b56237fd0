//! The requirement referentials: CCT (alpha.V1 and alpha.v4 `EX…`, béta 23.06.2024 `EXI-…`) and Domino-X (DX-…).
//!
//! Referentials are data files under `rules/referentials/`, embedded at build
//! time. A new version of the CCT is a new data file, not a code change; how
//! the requirements of one version became those of the next is the
//! [`crate::concordance`].

use serde::{Deserialize, Serialize};

/// The level the source gives a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// *Primordial*: breaking it is an error.
    P,
    /// *Important*: breaking it is a warning unless configured otherwise.
    I,
}

/// How far artefacts can prove a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Automation {
    /// The artefacts cct reads prove it fully.
    Automated,
    /// The artefacts give evidence for part of it.
    Partial,
    /// Only a human attestation proves it.
    Manual,
}

/// One requirement of a referential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable id (`EX32`, `DX-5.2-a`).
    pub id: String,
    /// The level, when the source gives one (CCT EX43 has none).
    pub level: Option<Level>,
    /// Nature column of the source (`Ministériel`, `CloudNative`, `Domino-X`), when it has one.
    pub nature: Option<String>,
    /// Category column of the source, when it has one.
    pub category: Option<String>,
    /// The text of the source, verbatim.
    pub text: String,
    /// One-line summary in French.
    pub summary_fr: String,
    /// One-line summary in English.
    pub summary_en: String,
    /// How far artefacts can prove it.
    pub automation: Automation,
    /// What artefact or attestation proves it.
    pub evidence: String,
    /// Other rows the source publishes under the same id (the béta table numbers two rows
    /// EXI-ORG-16 and two EXI-ORG-17), verbatim, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub homonyms: Vec<Homonym>,
}

/// A row the source publishes under an id another row already holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Homonym {
    /// Its level, when the source gives one.
    pub level: Option<Level>,
    /// Its category column, when the source gives one.
    pub category: Option<String>,
    /// Its text, verbatim.
    pub text: String,
    /// One-line summary in French.
    pub summary_fr: String,
    /// One-line summary in English.
    pub summary_en: String,
    /// How far artefacts can prove it.
    pub automation: Automation,
    /// What artefact or attestation proves it.
    pub evidence: String,
}

/// A versioned referential: a list of requirements from one source document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referential {
    /// Family id (`cct`, `domino-x`).
    pub id: String,
    /// The version's key, as written after `@` in `--referential cct@alpha-v1` (`alpha-v1`,
    /// `alpha-v4`, `beta-2024-06-23`, `2022`).
    pub key: String,
    /// Title of the source document.
    pub title: String,
    /// Version of the source document as it names itself (`alpha.V1`, `béta 23.06.2024`).
    pub version: String,
    /// Publication date, when known (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Which source document and section the list comes from.
    pub source: String,
    /// The requirements, in source order.
    pub requirements: Vec<Requirement>,
}

impl Referential {
    /// Whether `name` names this version: its key or its version, case-insensitively.
    pub fn is_version(&self, name: &str) -> bool {
        self.key.eq_ignore_ascii_case(name) || self.version.eq_ignore_ascii_case(name)
    }

    /// `cct@beta-2024-06-23`: the family and key, as `--referential` takes them.
    pub fn handle(&self) -> String {
        format!("{}@{}", self.id, self.key)
    }

    /// The requirement with id `id`.
    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }
}
