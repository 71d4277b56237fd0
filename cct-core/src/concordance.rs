//! The concordance between CCT versions: what became of each requirement of one version in the next.
//!
//! The data is `rules/referentials/concordance.yaml`, read by hand from both
//! texts (the béta renumbered every id, so nothing is mapped by number). Each
//! pair of versions lists every requirement of the older one with its
//! counterparts in the newer one and a [`Relation`]; the newer ids no older
//! requirement leads to are listed as `new`.

use serde::{Deserialize, Serialize};

/// What became of an older requirement in a newer version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Unchanged (at most typography, a cross-reference or a precision of who).
    Same,
    /// The same requirement in new words, or with a part added or removed.
    Reworded,
    /// Several older requirements became (part of) one newer requirement.
    Merged,
    /// One older requirement is spread over several newer ones.
    Split,
    /// No newer requirement carries it.
    Dropped,
}

impl Relation {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Same => "same",
            Relation::Reworded => "reworded",
            Relation::Merged => "merged",
            Relation::Split => "split",
            Relation::Dropped => "dropped",
        }
    }
}

/// One older requirement and its counterparts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The older id.
    pub from: String,
    /// The newer ids (empty when dropped).
    pub to: Vec<String>,
    /// What became of it.
    pub relation: Relation,
    /// Why, read from both texts.
    pub why: String,
}

/// A newer requirement with no ancestor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRequirement {
    /// The newer id.
    pub id: String,
    /// What it asks that the older version did not.
    pub why: String,
}

/// The concordance from one CCT version to a later one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// Key of the older version (`alpha-v1`).
    pub from: String,
    /// Key of the newer version (`beta-2024-06-23`).
    pub to: String,
    /// Every requirement of the older version, in its order.
    pub mappings: Vec<Mapping>,
    /// The newer requirements no older one leads to.
    pub new: Vec<NewRequirement>,
}

impl Pair {
    /// The mapping of older id `id`.
    pub fn mapping(&self, id: &str) -> Option<&Mapping> {
        self.mappings.iter().find(|m| m.from == id)
    }

    /// The older mappings that lead to newer id `id`.
    pub fn sources<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Mapping> + 'a {
        self.mappings
            .iter()
            .filter(move |m| m.to.iter().any(|t| t == id))
    }

    /// The entry of newer id `id` in `new`, when it has no ancestor.
    pub fn new_requirement(&self, id: &str) -> Option<&NewRequirement> {
        self.new.iter().find(|n| n.id == id)
    }
}

/// Every pair of CCT versions the data relates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concordance {
    /// The pairs, oldest first.
    pub pairs: Vec<Pair>,
}

impl Concordance {
    /// The pair from version key `from` to version key `to`, in that direction.
    pub fn pair(&self, from: &str, to: &str) -> Option<&Pair> {
        self.pairs.iter().find(|p| p.from == from && p.to == to)
    }

    /// The counterparts in version `to` of requirement `id` of version `from`, with the relation
    /// and why: forward through a pair `from → to`, or backward through `to → from` (then the
    /// relation is that of each older requirement leading to `id`). `None` when no pair relates
    /// the two versions or the id is not in the pair.
    pub fn counterparts(&self, from: &str, id: &str, to: &str) -> Option<Vec<Counterpart>> {
        if let Some(pair) = self.pair(from, to) {
            let m = pair.mapping(id)?;
            return Some(vec![Counterpart {
                ids: m.to.clone(),
                relation: Some(m.relation),
                why: m.why.clone(),
            }]);
        }
        let pair = self.pair(to, from)?;
        if let Some(n) = pair.new_requirement(id) {
            return Some(vec![Counterpart {
                ids: Vec::new(),
                relation: None,
                why: n.why.clone(),
            }]);
        }
        let back: Vec<Counterpart> = pair
            .sources(id)
            .map(|m| Counterpart {
                ids: vec![m.from.clone()],
                relation: Some(m.relation),
                why: m.why.clone(),
            })
            .collect();
        (!back.is_empty()).then_some(back)
    }
}

/// What a requirement corresponds to in another version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counterpart {
    /// The ids in the other version (empty: dropped, or new in the later version).
    pub ids: Vec<String>,
    /// The relation from the older to the newer requirement; `None` for a requirement new in the later version.
    pub relation: Option<Relation>,
    /// Why, read from both texts.
    pub why: String,
}

/// What changed from one CCT version to a later one, as `cct requirements --diff` lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Key of the older version.
    pub from: String,
    /// Key of the newer version.
    pub to: String,
    /// Newer requirements no older one leads to.
    pub added: Vec<NewRequirement>,
    /// Older requirements no newer one carries.
    pub dropped: Vec<Mapping>,
    /// Newer requirements several older ones became: the newer id and the older mappings.
    pub merged: Vec<Merge>,
    /// Older requirements spread over several newer ones.
    pub split: Vec<Mapping>,
    /// Requirements whose level changed: the older id and level, the newer id and level.
    pub relevelled: Vec<Relevel>,
    /// Older requirements kept in new words (reworded), one-to-one.
    pub reworded: Vec<Mapping>,
    /// How many older requirements are unchanged.
    pub same: usize,
}

/// Several older requirements that became one newer requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merge {
    /// The newer id.
    pub into: String,
    /// The older requirements, with why.
    pub sources: Vec<Mapping>,
}

/// A level change between an older requirement and one of its counterparts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relevel {
    /// The older id.
    pub from: String,
    /// Its level (`None`: the source gives none).
    pub from_level: Option<crate::requirement::Level>,
    /// The newer id.
    pub to: String,
    /// Its level.
    pub to_level: Option<crate::requirement::Level>,
}

impl Pair {
    /// The changes this pair records between `older` and `newer` (the two versions it relates).
    pub fn diff(
        &self,
        older: &crate::requirement::Referential,
        newer: &crate::requirement::Referential,
    ) -> Diff {
        let mut diff = Diff {
            from: self.from.clone(),
            to: self.to.clone(),
            added: self.new.clone(),
            ..Diff::default()
        };
        for m in &self.mappings {
            match m.relation {
                Relation::Same => diff.same += 1,
                Relation::Reworded => diff.reworded.push(m.clone()),
                Relation::Dropped => diff.dropped.push(m.clone()),
                Relation::Split => diff.split.push(m.clone()),
                Relation::Merged => {
                    for into in &m.to {
                        match diff.merged.iter_mut().find(|g| &g.into == into) {
                            Some(group) => group.sources.push(m.clone()),
                            None => diff.merged.push(Merge {
                                into: into.clone(),
                                sources: vec![m.clone()],
                            }),
                        }
                    }
                }
            }
            let from_level = older.get(&m.from).and_then(|q| q.level);
            for to in &m.to {
                let to_level = newer.get(to).and_then(|q| q.level);
                if to_level != from_level {
                    diff.relevelled.push(Relevel {
                        from: m.from.clone(),
                        from_level,
                        to: to.clone(),
                        to_level,
                    });
                }
            }
        }
        diff
    }
}
