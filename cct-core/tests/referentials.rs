//! The CCT versions load, each id once, and the concordance between them covers every id of both sides.

use std::collections::{BTreeMap, BTreeSet};

use cct_core::catalog::{catalog, CCT};
use cct_core::concordance::Relation;
use cct_core::requirement::{Level, Referential};

fn cct(key: &str) -> &'static Referential {
    catalog()
        .referential(CCT, key)
        .unwrap_or_else(|| panic!("CCT {key} is not shipped"))
}

fn ids(r: &Referential) -> Vec<&str> {
    r.requirements.iter().map(|q| q.id.as_str()).collect()
}

#[test]
fn three_cct_versions_are_shipped_and_found_by_key_or_name() {
    let c = catalog();
    assert_eq!(c.versions(CCT), ["alpha.V1", "alpha.v4", "béta 23.06.2024"]);
    assert_eq!(cct("alpha.V1").key, "alpha-v1");
    assert_eq!(cct("BETA-2024-06-23").version, "béta 23.06.2024");
    let beta = c.referential_by_handle("cct@beta-2024-06-23").unwrap();
    assert_eq!(beta.handle(), "cct@beta-2024-06-23");
    assert_eq!(
        c.referential_by_handle("alpha-v4").unwrap().version,
        "alpha.v4"
    );
    assert!(c.referential_by_handle("cct@alpha-v9").is_none());
    assert!(c.referential_by_handle("domino-x@2022").is_some());
}

#[test]
fn alpha_v4_has_ex1_to_ex58_exactly_once() {
    let v4 = cct("alpha-v4");
    let expected: Vec<String> = (1..=58).map(|i| format!("EX{i}")).collect();
    assert_eq!(ids(v4), expected);
    assert_eq!(v4.get("EX57").unwrap().level, Some(Level::I));
    assert_eq!(v4.get("EX58").unwrap().level, Some(Level::P));
    assert_eq!(v4.get("EX43").unwrap().level, None);
    assert!(v4.get("EX29").unwrap().text.contains("éviter Alpine"));
}

#[test]
fn beta_has_53_ids_once_with_the_two_homonym_rows() {
    let beta = cct("beta-2024-06-23");
    let got: BTreeSet<&str> = ids(beta).into_iter().collect();
    assert_eq!(got.len(), beta.requirements.len(), "an id twice");
    let mut expected = BTreeSet::new();
    for (family, numbers) in [
        ("G", (1..=6).collect::<Vec<_>>()),
        ("ORG", [1, 2, 3].into_iter().chain(6..=18).collect()),
        ("ARCH", (1..=27).collect()),
        ("DATA", (1..=4).collect()),
    ] {
        for n in numbers {
            expected.insert(format!("EXI-{family}-{n}"));
        }
    }
    assert_eq!(expected.len(), 53);
    assert_eq!(got, expected.iter().map(String::as_str).collect());
    let with_homonyms: Vec<&str> = beta
        .requirements
        .iter()
        .filter(|q| !q.homonyms.is_empty())
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(with_homonyms, ["EXI-ORG-16", "EXI-ORG-17"]);
    let org17 = beta.get("EXI-ORG-17").unwrap();
    assert_eq!(org17.level, Some(Level::P));
    assert!(org17.text.contains("sauvegarde"));
    assert!(org17.homonyms[0].text.contains("formée"));
    assert_eq!(beta.get("EXI-ARCH-26").unwrap().level, Some(Level::I));
    assert_eq!(beta.get("EXI-ARCH-27").unwrap().level, Some(Level::P));
    assert!(beta.get("EXI-ARCH-12").unwrap().text.contains("/metrics"));
    assert!(beta.requirements.iter().all(|q| !q.text.contains("<br>")));
}

#[test]
fn the_concordance_covers_every_id_of_both_versions_of_each_pair() {
    let c = catalog();
    let pairs: Vec<(&str, &str)> = c
        .concordance
        .pairs
        .iter()
        .map(|p| (p.from.as_str(), p.to.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("alpha-v1", "alpha-v4"),
            ("alpha-v1", "beta-2024-06-23"),
            ("alpha-v4", "beta-2024-06-23")
        ]
    );
    for pair in &c.concordance.pairs {
        let (from, to) = (cct(&pair.from), cct(&pair.to));
        let name = format!("{} → {}", pair.from, pair.to);
        let mapped: Vec<&str> = pair.mappings.iter().map(|m| m.from.as_str()).collect();
        assert_eq!(mapped, ids(from), "{name}: every older id once, in order");
        let mut sources: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for m in &pair.mappings {
            assert!(!m.why.trim().is_empty(), "{name} {}: no why", m.from);
            for t in &m.to {
                assert!(to.get(t).is_some(), "{name} {}: unknown {t}", m.from);
                sources.entry(t).or_default().push(&m.from);
            }
            let n = m.to.len();
            let fits = match m.relation {
                Relation::Same | Relation::Reworded | Relation::Merged => n == 1,
                Relation::Split => n >= 2,
                Relation::Dropped => n == 0,
            };
            assert!(fits, "{name} {}: {:?} with {n} ids", m.from, m.relation);
            if m.relation == Relation::Merged {
                let target = m.to[0].as_str();
                let count = pair.sources(target).count();
                assert!(count >= 2, "{name} {}: merged alone into {target}", m.from);
            }
        }
        let new: BTreeSet<&str> = pair.new.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(new.len(), pair.new.len(), "{name}: a new id twice");
        for id in ids(to) {
            let reached = sources.contains_key(id);
            assert!(
                reached != new.contains(id),
                "{name} {id}: must be reached by an older id or be new, not both"
            );
        }
    }
}

#[test]
fn the_concordance_reads_the_texts_not_the_numbers() {
    let c = &catalog().concordance;
    let beta = |id: &str| {
        let m = c
            .pair("alpha-v1", "beta-2024-06-23")
            .unwrap()
            .mapping(id)
            .unwrap();
        (m.to.clone(), m.relation)
    };
    assert_eq!(
        beta("EX25"),
        (vec!["EXI-ARCH-12".to_owned()], Relation::Reworded)
    );
    assert_eq!(beta("EX19").0, ["EXI-ARCH-2"]);
    assert_eq!(beta("EX28").0, ["EXI-ARCH-19"]);
    for dropped in ["EX29", "EX34", "EX41", "EX44", "EX48"] {
        assert_eq!(beta(dropped).1, Relation::Dropped, "{dropped}");
    }
    let v4 = c.pair("alpha-v1", "alpha-v4").unwrap();
    assert_eq!(
        v4.new.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
        ["EX57", "EX58"]
    );
    assert_eq!(v4.mapping("EX29").unwrap().relation, Relation::Reworded);
    let back = c
        .counterparts("beta-2024-06-23", "EXI-ARCH-12", "alpha-v1")
        .unwrap();
    assert_eq!(back[0].ids, ["EX25"]);
    let new = c
        .counterparts("beta-2024-06-23", "EXI-ARCH-26", "alpha-v4")
        .unwrap();
    assert!(new[0].ids.is_empty() && new[0].relation.is_none());
}
