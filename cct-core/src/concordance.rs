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
