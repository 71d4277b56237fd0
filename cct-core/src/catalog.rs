//! The embedded data: referentials, the rule catalog and the other files under `rules/`.

use std::sync::OnceLock;

use crate::requirement::{Referential, Requirement};
use crate::rule::Rule;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The family id of the CCT referential.
pub const CCT: &str = "cct";
/// The family id of the Domino-X referential.
pub const DOMINO_X: &str = "domino-x";
/// The CCT version reports are judged against unless configured otherwise.
pub const DEFAULT_CCT_VERSION: &str = "alpha.V1";

/// Every data file under `rules/` embedded at build time, by path relative to `rules/`.
pub fn data_files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// One embedded data file by path relative to `rules/` (`profiles/minimal.yaml`).
pub fn data_file(path: &str) -> Option<&'static str> {
    embedded::FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// The referentials and the rules, loaded once from the embedded data.
#[derive(Debug)]
pub struct Catalog {
    /// Every referential version shipped (`rules/referentials/*.yaml`).
    pub referentials: Vec<Referential>,
    /// Every built-in rule (`rules/catalog/*.yaml`), sorted by id.
    pub rules: Vec<Rule>,
}

/// The catalog built from the embedded data.
///
/// The data is checked by this crate's tests; a malformed file is a build
/// defect, so it is reported loudly rather than silently skipped.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG
        .get_or_init(|| load().unwrap_or_else(|e| panic!("embedded rules/ data is invalid: {e}")))
}

fn load() -> Result<Catalog, String> {
    let mut referentials = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    for (path, text) in embedded::FILES {
        if path.starts_with("referentials/") {
            let r: Referential =
                serde_norway::from_str(text).map_err(|e| format!("{path}: {e}"))?;
            referentials.push(r);
        } else if path.starts_with("catalog/") {
            let list: Vec<Rule> =
                serde_norway::from_str(text).map_err(|e| format!("{path}: {e}"))?;
            rules.extend(list);
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Catalog {
        referentials,
        rules,
    })
}

impl Catalog {
    /// The rule with id `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// The referential of family `family` at `version`.
    pub fn referential(&self, family: &str, version: &str) -> Option<&Referential> {
        self.referentials
            .iter()
            .find(|r| r.id == family && r.version.eq_ignore_ascii_case(version))
    }

    /// Every version shipped of family `family`.
    pub fn versions(&self, family: &str) -> Vec<&str> {
        self.referentials
            .iter()
            .filter(|r| r.id == family)
            .map(|r| r.version.as_str())
            .collect()
    }

    /// Looks a requirement up in any shipped referential, preferring the given CCT version.
    pub fn requirement(&self, id: &str, cct_version: &str) -> Option<(&Referential, &Requirement)> {
        let preferred = self
            .referential(CCT, cct_version)
            .and_then(|r| r.get(id).map(|q| (r, q)));
        preferred.or_else(|| {
            self.referentials
                .iter()
                .find_map(|r| r.get(id).map(|q| (r, q)))
        })
    }

    /// The rules that give evidence for requirement `id`.
    pub fn rules_for(&self, id: &str) -> impl Iterator<Item = &Rule> {
        let id = id.to_owned();
        self.rules
            .iter()
            .filter(move |r| r.requirements.contains(&id))
    }
}
