//! Profiles: named policies shipped as data (`rules/profiles/<name>.yaml`), and the rule selectors they use.
//!
//! A profile is written like a `cct.yaml` (see [`crate::config`]) plus a
//! `name` and a `description`. Profiles pick rules with selectors — "every
//! rule giving evidence for a P requirement of the CCT", "every rule that
//! mirrors a Cloud Pi Native platform rule" — rather than lists of ids, so a
//! rule added to the catalog joins the profiles it belongs to without editing
//! them.

use serde::{Deserialize, Serialize};

use crate::artefact::ArtefactKind;
use crate::catalog::{data_file, data_files, Catalog};
use crate::report::Severity;
use crate::requirement::Level;
use crate::rule::Rule;

/// Picks rules. Every criterion given must hold (an empty selector matches every rule).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSelector {
    /// Rule ids, or patterns with `*` (`kube/*`); the rule's id must match one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Artefact kinds; the rule's kind must be one of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<ArtefactKind>,
    /// Requirement ids, or patterns with `*` (`DX-5.*`, `EXI-ARCH-*`); the rule must prove one of
    /// them, in any CCT version (`EX32` and its béta counterpart `EXI-ARCH-18` both select
    /// `kube/run-as-non-root`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// Requirement levels (`P`, `I`); the rule must prove a requirement of one of these levels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<Level>,
    /// Referential families (`cct`, `domino-x`); the rule must prove a requirement of one of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub referentials: Vec<String>,
    /// `true`: the rule mirrors a Cloud Pi Native platform rule; `false`: it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<bool>,
    /// The severity of the rules this selector picks (in `select` only; the first matching selector with one wins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

impl RuleSelector {
    /// Whether `rule` matches every criterion of this selector.
    pub fn matches(&self, rule: &Rule, catalog: &Catalog, cct_version: &str) -> bool {
        if !self.rules.is_empty() && !self.rules.iter().any(|p| wildcard_match(p, &rule.id)) {
            return false;
        }
        if !self.kinds.is_empty() && !self.kinds.contains(&rule.kind) {
            return false;
        }
        let key = catalog.cct_key(cct_version).unwrap_or(cct_version);
        let cited = rule.cites(key);
        // A requirement pattern matches the ids the rule cites in any version, so a
        // configuration written with alpha.V1 ids keeps selecting under the béta.
        let any_version = cited
            .iter()
            .chain(rule.cited.values().flatten())
            .chain(rule.citations.iter().map(|c| &c.id));
        if !self.requirements.is_empty()
            && !any_version
                .into_iter()
                .any(|id| self.requirements.iter().any(|p| wildcard_match(p, id)))
        {
            return false;
        }
        if let Some(platform) = self.platform {
            if rule.platform.is_some() != platform {
                return false;
            }
        }
        if self.levels.is_empty() && self.referentials.is_empty() {
            return true;
        }
        // Levels and referentials must hold for the same requirement.
        cited.iter().any(|id| {
            let Some((referential, requirement)) = catalog.requirement(id, cct_version) else {
                return false;
            };
            (self.levels.is_empty() || requirement.level.is_some_and(|l| self.levels.contains(&l)))
                && (self.referentials.is_empty() || self.referentials.contains(&referential.id))
        })
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters (linear time).
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == text;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The names of the shipped profiles, sorted.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = data_files()
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("profiles/")?.strip_suffix(".yaml"))
        .collect();
    names.sort_unstable();
    names
}

/// The one-line description of profile `name` (its `description:`), when it is shipped.
pub fn description(name: &str) -> Option<String> {
    let docs = crate::document::load_text(text(name)?, &crate::document::Limits::default()).ok()?;
    docs.first()?
        .root
        .get("description")?
        .as_str()
        .map(str::to_owned)
}

/// The YAML text of profile `name`, when it is shipped.
pub fn text(name: &str) -> Option<&'static str> {
    if name.contains('/') {
        return None;
    }
    data_file(&format!("profiles/{name}.yaml"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{catalog, DEFAULT_CCT_VERSION};

    #[test]
    fn wildcards() {
        assert!(wildcard_match("kube/*", "kube/run-as-non-root"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("DX-5.*-a", "DX-5.2-a"));
        assert!(!wildcard_match("DX-5.*-a", "DX-5.2-b"));
        assert!(!wildcard_match("a*a", "a"));
        assert!(wildcard_match("a*b*c", "axxbyyc"));
        assert!(!wildcard_match("kube/x", "kube/xy"));
    }

    #[test]
    fn selectors_combine_their_criteria() {
        let c = catalog();
        let rule = c.rule("kube/no-host-path").unwrap();
        let sel = |s: RuleSelector| s.matches(rule, c, DEFAULT_CCT_VERSION);
        assert!(sel(RuleSelector::default()));
        assert!(sel(RuleSelector {
            levels: vec![Level::P],
            referentials: vec!["cct".into()],
            ..Default::default()
        }));
        assert!(!sel(RuleSelector {
            referentials: vec!["domino-x".into()],
            ..Default::default()
        }));
        assert!(sel(RuleSelector {
            platform: Some(true),
            kinds: vec![ArtefactKind::Kube],
            ..Default::default()
        }));
        assert!(!sel(RuleSelector {
            kinds: vec![ArtefactKind::Image],
            ..Default::default()
        }));
        assert!(sel(RuleSelector {
            requirements: vec!["EX4*".into()],
            ..Default::default()
        }));
        assert!(!sel(RuleSelector {
            rules: vec!["kube/run-*".into()],
            ..Default::default()
        }));
    }

    #[test]
    fn shipped_profiles_are_listed() {
        assert_eq!(names(), vec!["cloud-pi-native", "domino-x", "minimal"]);
        assert!(text("minimal").is_some());
        assert_eq!(
            description("minimal").as_deref(),
            Some("Rules proving P requirements of the CCT only, all as errors.")
        );
        assert!(names().iter().all(|n| description(n).is_some()));
        assert!(text("../catalog/kube").is_none());
    }
}
