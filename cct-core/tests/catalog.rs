//! The embedded referentials and rule catalog are complete and consistent.

use std::collections::BTreeSet;

use cct_core::catalog::{catalog, CCT, DEFAULT_CCT_VERSION, DOMINO_X};

#[test]
fn cct_alpha_v1_has_ex1_to_ex56_exactly_once() {
    let cct = catalog()
        .referential(CCT, "alpha-v1")
        .expect("alpha.V1 referential");
    let ids: Vec<&str> = cct.requirements.iter().map(|r| r.id.as_str()).collect();
    let expected: Vec<String> = (1..=56).map(|i| format!("EX{i}")).collect();
    assert_eq!(ids, expected);
    let ex43 = cct.get("EX43").expect("EX43");
    assert_eq!(ex43.level, None, "the source gives EX43 no level");
}

#[test]
fn domino_x_has_72_unique_recommendations() {
    let dx = catalog()
        .referentials
        .iter()
        .find(|r| r.id == DOMINO_X)
        .expect("Domino-X referential");
    let ids: BTreeSet<&str> = dx.requirements.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), dx.requirements.len(), "duplicate DX id");
    assert_eq!(ids.len(), 72);
    for id in ["DX-3.7", "DX-4.2.1", "DX-5.2-a", "DX-6.2.2", "DX-7.8.1"] {
        assert!(ids.contains(id), "{id} missing");
    }
}

#[test]
fn since_names_a_shipped_cct_version_whose_text_the_rule_cites() {
    let c = catalog();
    for rule in c.rules.iter().filter(|r| r.since.is_some()) {
        let since = rule.since.as_deref().unwrap();
        let version = c
            .referentials
            .iter()
            .find(|r| r.id == CCT && r.key == since)
            .unwrap_or_else(|| panic!("{}: since `{since}` is no CCT version key", rule.id));
        assert!(
            !rule.cites(&version.key).is_empty(),
            "{}: cites nothing in {since}, the version it runs since",
            rule.id
        );
        assert!(!c.cct_older_than(since, since));
        assert!(c.cct_older_than("alpha-v1", since) || since == "alpha-v1");
    }
}

#[test]
fn every_rule_references_existing_requirements() {
    let c = catalog();
    assert!(!c.rules.is_empty());
    assert_eq!(c.citation_problems, Vec::<String>::new());
    let versions: Vec<_> = c.referentials.iter().filter(|r| r.id == CCT).collect();
    for rule in &c.rules {
        assert!(
            !rule.citations.is_empty() || rule.guideline.is_some(),
            "{} proves no requirement and names no guideline",
            rule.id
        );
        for citation in &rule.citations {
            assert!(
                c.requirement(&citation.id, DEFAULT_CCT_VERSION).is_some(),
                "{} references unknown requirement {}",
                rule.id,
                citation.id
            );
            assert!(
                !citation.why.trim().is_empty(),
                "{} {}: no why",
                rule.id,
                citation.id
            );
            for (key, replacement) in &citation.versions {
                let version = c.referential(CCT, key);
                assert!(
                    version.is_some(),
                    "{} {}: unknown version {key}",
                    rule.id,
                    citation.id
                );
                assert!(
                    !replacement.why.trim().is_empty(),
                    "{} {}: no why",
                    rule.id,
                    key
                );
            }
        }
        for version in &versions {
            for id in rule.cites(&version.key) {
                let known = version.get(id).is_some()
                    || c.referentials
                        .iter()
                        .any(|r| r.id != CCT && r.get(id).is_some());
                assert!(known, "{} cites {id}, not in {}", rule.id, version.key);
            }
        }
        assert_eq!(rule.requirements, rule.cites(DEFAULT_CCT_VERSION));
        let prefix = format!("{}/", rule.kind.as_str());
        assert!(
            rule.id.starts_with(&prefix),
            "{} must start with {prefix}",
            rule.id
        );
    }
}

#[test]
fn rule_ids_are_unique() {
    let c = catalog();
    let ids: BTreeSet<&str> = c.rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), c.rules.len());
}

/// Each kind's table (`id => function`) lists exactly the catalog's rules of that kind
/// (`rules/catalog/<kind>.yaml`), each once.
#[test]
fn the_rule_tables_equal_the_catalog() {
    use cct_core::ArtefactKind;
    let c = catalog();
    let tables: [(ArtefactKind, Vec<&str>); 6] = [
        (ArtefactKind::Kube, cct_core::kube::rule_ids().collect()),
        (
            ArtefactKind::Openapi,
            cct_core::openapi::rule_ids().collect(),
        ),
        (ArtefactKind::Image, cct_core::image::rule_ids().collect()),
        (ArtefactKind::Commit, cct_core::commit::rule_ids().collect()),
        (
            ArtefactKind::Dockerfile,
            cct_core::dockerfile::rule_ids().collect(),
        ),
        (
            ArtefactKind::Pipeline,
            cct_core::pipeline::rule_ids().collect(),
        ),
    ];
    for (kind, code) in tables {
        let data: Vec<&str> = c
            .rules
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.id.as_str())
            .collect();
        let unique: BTreeSet<&str> = code.iter().copied().collect();
        assert_eq!(unique.len(), code.len(), "{kind:?}: an id is listed twice");
        let data: BTreeSet<&str> = data.into_iter().collect();
        assert_eq!(unique, data, "{kind:?}: the table and rules/catalog differ");
    }
}
