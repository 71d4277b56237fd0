//! Keys repeated in one mapping: refused, or read the way JSON parsers and the
//! reference OpenAPI tools read them (the last entry wins).

use std::collections::HashSet;

use super::node::{Node, Pos};

/// Maps with more entries than this use a hash set for duplicate-key checks.
const LINEAR_DUPLICATE_SCAN: usize = 16;

/// What a loader does with a key its mapping already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Duplicates {
    /// The input is refused with [`super::LoadError::DuplicateKey`] (as `kubectl` does).
    #[default]
    Refuse,
    /// The later entry replaces the earlier one, and the repetition is recorded in
    /// [`super::Document::duplicates`] (as `JSON.parse`, Spectral and Redocly read OpenAPI).
    LastWins,
}

/// A key read twice in one mapping; the tree keeps the later entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The repeated key.
    pub key: String,
    /// The JSON pointer of the entry kept (`/info/title`).
    pub pointer: String,
    /// Where the later key is.
    pub pos: Pos,
    /// Where the key was first defined.
    pub first: Pos,
}

/// What `duplicates` does with entry `at` of `entries`, whose key `name` is repeated at `pos`:
/// refuses the input, or drops the earlier entry and records the repetition at `pointer`.
pub(crate) fn repeated_key(
    duplicates: Duplicates,
    entries: &mut Vec<(Node, Node)>,
    at: usize,
    name: &str,
    pos: Pos,
    pointer: impl FnOnce() -> String,
    repeated: &mut Vec<DuplicateKey>,
) -> Result<(), super::LoadError> {
    let first = entries[at].0.pos;
    if duplicates == Duplicates::Refuse {
        return Err(super::LoadError::DuplicateKey {
            key: name.to_owned(),
            pos,
            first,
        });
    }
    entries.remove(at);
    repeated.push(DuplicateKey {
        key: name.to_owned(),
        pointer: pointer(),
        pos,
        first,
    });
    Ok(())
}

/// The index of the entry of `entries` whose key is `name`, when there is one; `keys` is the
/// set of names of a large mapping, built on first use and kept up to date (`name` added).
///
/// Merge keys (`<<`) are never duplicates: several may be merged.
pub(crate) fn find_duplicate(
    entries: &[(Node, Node)],
    keys: &mut Option<HashSet<String>>,
    name: &str,
) -> Option<usize> {
    if name == "<<" {
        return None;
    }
    find_repeat(entries, keys, name)
}

/// Like [`find_duplicate`], for loaders where `<<` is a key like any other (JSON).
pub(crate) fn find_repeat(
    entries: &[(Node, Node)],
    keys: &mut Option<HashSet<String>>,
    name: &str,
) -> Option<usize> {
    let position = || entries.iter().position(|(k, _)| k.as_str() == Some(name));
    if entries.len() < LINEAR_DUPLICATE_SCAN {
        return position();
    }
    let set = keys.get_or_insert_with(|| {
        entries
            .iter()
            .filter_map(|(k, _)| k.as_str().map(str::to_owned))
            .collect()
    });
    if set.insert(name.to_owned()) {
        None
    } else {
        position()
    }
}
