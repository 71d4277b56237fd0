//! The embedded data: referentials, the rule catalog and the other files under `rules/`.

use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::concordance::Concordance;
use crate::requirement::{Referential, Requirement};
use crate::rule::Rule;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The family id of the CCT referential.
pub const CCT: &str = "cct";
/// The family id of the Domino-X referential.
pub const DOMINO_X: &str = "domino-x";
/// The CCT version reports are judged against unless configured otherwise: the latest
/// published, béta 23.06.2024 (a version key; [`Catalog::referential`] also takes the
/// version's own name).
pub const DEFAULT_CCT_VERSION: &str = "alpha.V1";
/// The data file of the concordance between CCT versions, relative to `rules/`.
pub const CONCORDANCE_FILE: &str = "referentials/concordance.yaml";

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
    /// How the requirements of each CCT version became those of the next.
    pub concordance: Concordance,
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

/// Reads one data file into a typed value.
trait Reader {
    /// Parses `text`.
    fn read<T: DeserializeOwned>(&self, text: &str) -> Result<T, String>;
}

/// The JSON the build converted the data files to.
struct Json;

impl Reader for Json {
    fn read<T: DeserializeOwned>(&self, text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// Builds the catalog from the JSON the build converted the data files to.
fn load() -> Result<Catalog, String> {
    build(embedded::JSON, &Json)
}

/// Builds the catalog from `(path, text)` data files, read by `reader`
/// (JSON at run time; YAML in the test proving both agree).
fn build(files: &[(&str, &str)], reader: &impl Reader) -> Result<Catalog, String> {
    let mut referentials = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let mut concordance = Concordance::default();
    for (path, text) in files {
        let at = |e: String| format!("{path}: {e}");
        if *path == CONCORDANCE_FILE {
            concordance = reader.read(text).map_err(at)?;
        } else if path.starts_with("referentials/") {
            referentials.push(reader.read(text).map_err(at)?);
        } else if path.starts_with("catalog/") {
            rules.extend(reader.read::<Vec<Rule>>(text).map_err(at)?);
        }
    }
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Catalog {
        referentials,
        rules,
        concordance,
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

    /// The referential of family `family` at `version` (a key such as `alpha-v1`, or the
    /// version's own name such as `alpha.V1`).
    pub fn referential(&self, family: &str, version: &str) -> Option<&Referential> {
        self.referentials
            .iter()
            .find(|r| r.id == family && r.is_version(version))
    }

    /// The referential a handle names: `cct@alpha-v1`, `domino-x@2022`, or a bare CCT version
    /// (`alpha-v1`, `alpha.V1`).
    pub fn referential_by_handle(&self, handle: &str) -> Option<&Referential> {
        match handle.split_once('@') {
            Some((family, version)) => self.referential(family, version),
            None => self.referential(CCT, handle),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_built_at_compile_time_reads_as_the_yaml_sources() {
        struct Yaml;
        impl Reader for Yaml {
            fn read<T: DeserializeOwned>(&self, text: &str) -> Result<T, String> {
                serde_norway::from_str(text).map_err(|e| e.to_string())
            }
        }
        let yaml = build(embedded::FILES, &Yaml).unwrap();
        let json = load().unwrap();
        assert!(!json.rules.is_empty() && !json.referentials.is_empty());
        assert!(!json.concordance.pairs.is_empty());
        assert_eq!(format!("{yaml:?}"), format!("{json:?}"));
        assert_eq!(
            embedded::JSON.len(),
            embedded::FILES
                .iter()
                .filter(|(p, _)| p.starts_with("catalog/") || p.starts_with("referentials/"))
                .count()
        );
    }
}
