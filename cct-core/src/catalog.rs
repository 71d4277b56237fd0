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
pub const DEFAULT_CCT_VERSION: &str = "beta-2024-06-23";
/// The data file of the concordance between CCT versions, relative to `rules/`.
pub const CONCORDANCE_FILE: &str = "referentials/concordance.yaml";

/// Every data file under `rules/` embedded at build time, by path relative to `rules/`.
///
/// The WebAssembly build carries each file once: not the YAML text of the catalog and the
/// referentials (read from their JSON conversion) nor the Kyverno rules (no export there).
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
    /// Citations the concordance cannot carry into a version (a rule citing a requirement that
    /// version dropped, without saying what replaces it): `rule: message`. The crate's tests
    /// require it empty.
    pub citation_problems: Vec<String>,
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

/// A referential handle that names no shipped CCT version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown CCT version `{given}` (known: {known})")]
pub struct UnknownReferential {
    /// The handle given.
    pub given: String,
    /// The shipped CCT versions, as handles.
    pub known: String,
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
    let mut citation_problems = Vec::new();
    for rule in &mut rules {
        resolve_citations(rule, &referentials, &concordance, &mut citation_problems);
    }
    Ok(Catalog {
        referentials,
        rules,
        concordance,
        citation_problems,
    })
}

/// Fills in the ids `rule` cites under each CCT version, from its citations, their
/// replacements and the concordance.
fn resolve_citations(
    rule: &mut Rule,
    referentials: &[Referential],
    concordance: &Concordance,
    problems: &mut Vec<String>,
) {
    let versions: Vec<&Referential> = referentials.iter().filter(|r| r.id == CCT).collect();
    for version in &versions {
        let mut ids: Vec<String> = Vec::new();
        for citation in &rule.citations {
            let found = match citation.versions.get(&version.key) {
                Some(replacement) => replacement.ids.clone(),
                None => match translate(&citation.id, version, &versions, concordance) {
                    Ok(found) => found,
                    Err(message) => {
                        problems.push(format!("{}: {message}", rule.id));
                        Vec::new()
                    }
                },
            };
            for id in found {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        rule.cited.insert(version.key.clone(), ids);
    }
    if let Some(ids) = versions
        .iter()
        .find(|v| v.is_version(DEFAULT_CCT_VERSION))
        .and_then(|v| rule.cited.get(&v.key))
    {
        rule.requirements = ids.clone();
    }
}

/// The ids of CCT version `to` that requirement `id` corresponds to: itself when `to` has it
/// or it is not a CCT id (Domino-X), else its counterparts in the concordance from the first
/// version that has it. Dropped, or unrelated, is an error saying so.
fn translate(
    id: &str,
    to: &Referential,
    versions: &[&Referential],
    concordance: &Concordance,
) -> Result<Vec<String>, String> {
    if to.get(id).is_some() {
        return Ok(vec![id.to_owned()]);
    }
    let Some(from) = versions.iter().find(|v| v.get(id).is_some()) else {
        return Ok(vec![id.to_owned()]);
    };
    let counterparts = concordance
        .counterparts(&from.key, id, &to.key)
        .ok_or_else(|| format!("no concordance carries {id} ({}) to {}", from.key, to.key))?;
    if counterparts
        .iter()
        .any(|c| c.relation == Some(crate::concordance::Relation::Dropped))
    {
        return Err(format!(
            "{id} ({}) is dropped in {}: say in `versions: {{{}: {{ids, why}}}}` what the rule cites there",
            from.key, to.key, to.key
        ));
    }
    Ok(counterparts.into_iter().flat_map(|c| c.ids).collect())
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

    /// The rules that give evidence for requirement `id` under the default CCT version.
    pub fn rules_for(&self, id: &str) -> impl Iterator<Item = &Rule> {
        self.rules_citing(id, DEFAULT_CCT_VERSION)
    }

    /// The rules that give evidence for requirement `id` under CCT version `version` (a key or a name).
    pub fn rules_citing<'a>(&'a self, id: &str, version: &str) -> impl Iterator<Item = &'a Rule> {
        let id = id.to_owned();
        let key = self
            .referential(CCT, version)
            .map_or_else(|| version.to_owned(), |r| r.key.clone());
        self.rules
            .iter()
            .filter(move |r| r.cites(&key).contains(&id))
    }

    /// The CCT version a handle names (`cct@alpha-v1`, `alpha-v1`, `alpha.V1`), as
    /// `--referential` and `referential:` take it.
    pub fn cct_referential(&self, handle: &str) -> Result<&Referential, UnknownReferential> {
        self.referential_by_handle(handle.trim())
            .filter(|r| r.id == CCT)
            .ok_or_else(|| UnknownReferential {
                given: handle.to_owned(),
                known: self
                    .referentials
                    .iter()
                    .filter(|r| r.id == CCT)
                    .map(|r| format!("`{}`", r.handle()))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// Requirement ids written in any version (a custom rule's, a derogation's) as the ids of CCT
    /// version `version`, through the concordance; an id the concordance cannot carry
    /// (dropped, unknown) is kept as written, so nothing is lost.
    pub fn translate(&self, ids: &[String], version: &str) -> Vec<String> {
        let versions: Vec<&Referential> =
            self.referentials.iter().filter(|r| r.id == CCT).collect();
        let Some(to) = self.referential(CCT, version) else {
            return ids.to_vec();
        };
        let mut out: Vec<String> = Vec::new();
        for id in ids {
            let found = translate(id, to, &versions, &self.concordance)
                .ok()
                .filter(|found| !found.is_empty())
                .unwrap_or_else(|| vec![id.clone()]);
            for f in found {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
        out
    }

    /// The key of CCT version `version` (a key or a name), when it is shipped.
    pub fn cct_key(&self, version: &str) -> Option<&str> {
        self.referential(CCT, version).map(|r| r.key.as_str())
    }

    /// Whether CCT version `version` (a key or a version's name) was published before the
    /// version keyed `since`; `false` when either is not a shipped version.
    pub fn cct_older_than(&self, version: &str, since: &str) -> bool {
        let date = |v: &str| self.referential(CCT, v).and_then(|r| r.date.clone());
        match (date(version), date(since)) {
            (Some(version), Some(since)) => version < since,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Yaml;
    impl Reader for Yaml {
        fn read<T: DeserializeOwned>(&self, text: &str) -> Result<T, String> {
            serde_norway::from_str(text).map_err(|e| e.to_string())
        }
    }

    #[test]
    fn the_json_built_at_compile_time_reads_as_the_yaml_sources() {
        let yaml = build(embedded::FILES, &Yaml).unwrap();
        let json = load().unwrap();
        assert!(!json.rules.is_empty() && !json.referentials.is_empty());
        assert!(!json.concordance.pairs.is_empty());
        assert!(
            json.citation_problems.is_empty(),
            "{:?}",
            json.citation_problems
        );
        assert_eq!(format!("{yaml:?}"), format!("{json:?}"));
        assert_eq!(
            embedded::JSON.len(),
            embedded::FILES
                .iter()
                .filter(|(p, _)| p.starts_with("catalog/") || p.starts_with("referentials/"))
                .count()
        );
    }

    #[test]
    fn a_rule_citing_a_dropped_requirement_must_say_what_replaces_it() {
        let rule = |versions: &str| {
            format!(
                "- id: kube/x\n  kind: kube\n  requirements:\n    - id: EX29\n      why: LTS\n{versions}  title: t\n  what: w\n  why: y\n  bad: b\n  good: g\n  fix: f\n"
            )
        };
        let with = |catalog_text: &str| {
            let mut files: Vec<(&str, &str)> = embedded::FILES
                .iter()
                .filter(|(p, _)| !p.starts_with("catalog/"))
                .copied()
                .collect();
            files.push(("catalog/x.yaml", catalog_text));
            build(&files, &Yaml).unwrap()
        };
        let bare = with(&rule(""));
        assert_eq!(
            bare.citation_problems.len(),
            1,
            "{:?}",
            bare.citation_problems
        );
        assert!(bare.citation_problems[0].contains("EX29 (alpha-v1) is dropped in beta-2024-06-23"));
        let kube_x = bare.rule("kube/x").unwrap();
        assert_eq!(kube_x.cites("alpha-v1"), ["EX29"]);
        assert_eq!(kube_x.cites("alpha-v4"), ["EX29"]);
        assert!(kube_x.cites("beta-2024-06-23").is_empty());
        let replaced = with(&rule(
            "      versions:\n        beta-2024-06-23: { ids: [EXI-ORG-13], why: unpatched }\n",
        ));
        assert!(replaced.citation_problems.is_empty());
        assert_eq!(
            replaced.rule("kube/x").unwrap().cites("beta-2024-06-23"),
            ["EXI-ORG-13"]
        );
    }
}
