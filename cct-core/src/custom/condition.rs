//! A custom rule's condition compiled and run on one node, and the `select` pointers that pick the nodes.

use regex::{Regex, RegexBuilder};

use super::{Condition, MAX_CONDITION_DEPTH, MAX_SELECTED, REGEX_SIZE_LIMIT};
use crate::document::{pointer_index, pointer_join, unescape_pointer_token, Node, Value};
use crate::quantity::number;

pub(crate) fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

/// A condition ready to run (regular expressions compiled).
pub(crate) enum Test {
    Exists(String),
    Absent(String),
    Value(String, ValueTest),
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
}

pub(crate) enum ValueTest {
    Equals(serde_json::Value),
    OneOf(Vec<serde_json::Value>),
    Regex(Regex),
    Range {
        gt: Option<f64>,
        gte: Option<f64>,
        lt: Option<f64>,
        lte: Option<f64>,
    },
}

pub(crate) fn compile(c: &Condition, depth: usize) -> Result<Test, String> {
    if depth > MAX_CONDITION_DEPTH {
        return Err(format!(
            "condition nested deeper than {MAX_CONDITION_DEPTH} levels"
        ));
    }
    let path = || c.path.clone().unwrap_or_default();
    Ok(if let Some(p) = &c.exists {
        Test::Exists(p.clone())
    } else if let Some(p) = &c.absent {
        Test::Absent(p.clone())
    } else if let Some(v) = &c.equals {
        Test::Value(path(), ValueTest::Equals(v.clone()))
    } else if let Some(v) = &c.one_of {
        Test::Value(path(), ValueTest::OneOf(v.clone()))
    } else if let Some(r) = &c.regex {
        Test::Value(path(), ValueTest::Regex(compile_regex(r)?))
    } else if c.gt.is_some() || c.gte.is_some() || c.lt.is_some() || c.lte.is_some() {
        Test::Value(
            path(),
            ValueTest::Range {
                gt: c.gt,
                gte: c.gte,
                lt: c.lt,
                lte: c.lte,
            },
        )
    } else if let Some(list) = &c.all {
        Test::All(
            list.iter()
                .map(|c| compile(c, depth + 1))
                .collect::<Result<_, _>>()?,
        )
    } else if let Some(list) = &c.any {
        Test::Any(
            list.iter()
                .map(|c| compile(c, depth + 1))
                .collect::<Result<_, _>>()?,
        )
    } else if let Some(inner) = &c.not {
        Test::Not(Box::new(compile(inner, depth + 1)?))
    } else {
        return Err("empty condition".to_owned());
    })
}

/// The outcome of a test on one node: whether it holds, and the node (pointer relative to the selected node) that decided.
pub(crate) struct Outcome {
    pub(crate) holds: bool,
    pub(crate) witness: String,
}

impl Test {
    pub(crate) fn eval(&self, target: &Node) -> Outcome {
        match self {
            Test::Exists(p) => Outcome {
                holds: target.pointer(p).is_some(),
                witness: p.clone(),
            },
            Test::Absent(p) => Outcome {
                holds: target.pointer(p).is_none(),
                witness: p.clone(),
            },
            Test::Value(p, test) => Outcome {
                holds: target.pointer(p).is_some_and(|n| test.holds(n)),
                witness: p.clone(),
            },
            Test::All(list) => list
                .iter()
                .map(|t| t.eval(target))
                .find(|o| !o.holds)
                .unwrap_or(Outcome {
                    holds: true,
                    witness: String::new(),
                }),
            Test::Any(list) => {
                let mut first = None;
                for t in list {
                    let o = t.eval(target);
                    if o.holds {
                        return o;
                    }
                    first.get_or_insert(o);
                }
                Outcome {
                    holds: false,
                    witness: first.map(|o| o.witness).unwrap_or_default(),
                }
            }
            Test::Not(inner) => {
                let o = inner.eval(target);
                Outcome {
                    holds: !o.holds,
                    witness: o.witness,
                }
            }
        }
    }
}

impl ValueTest {
    fn holds(&self, node: &Node) -> bool {
        match self {
            ValueTest::Equals(v) => node.to_json() == *v,
            ValueTest::OneOf(list) => {
                let json = node.to_json();
                list.contains(&json)
            }
            ValueTest::Regex(re) => node.scalar_text().is_some_and(|t| re.is_match(&t)),
            ValueTest::Range { gt, gte, lt, lte } => number(node).is_some_and(|x| {
                gt.is_none_or(|b| x > b)
                    && gte.is_none_or(|b| x >= b)
                    && lt.is_none_or(|b| x < b)
                    && lte.is_none_or(|b| x <= b)
            }),
        }
    }
}

/// Every node matching `select` under `root`, with its pointer relative to `root`.
pub(crate) fn select<'n>(root: &'n Node, select: &str) -> Vec<(String, &'n Node)> {
    let mut current = vec![(String::new(), root)];
    let Some(rest) = select.strip_prefix('/') else {
        return current;
    };
    for raw in rest.split('/') {
        let mut next = Vec::new();
        for (ptr, node) in current {
            if raw == "*" {
                match &node.value {
                    Value::Seq(items) => next.extend(
                        items
                            .iter()
                            .enumerate()
                            .map(|(i, n)| (pointer_index(&ptr, i), n)),
                    ),
                    Value::Map(entries) => next.extend(entries.iter().map(|(k, v)| {
                        (pointer_join(&ptr, &k.scalar_text().unwrap_or_default()), v)
                    })),
                    _ => {}
                }
            } else {
                let token = unescape_pointer_token(raw);
                let child = match &node.value {
                    Value::Map(_) => node.get(&token),
                    Value::Seq(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                if let Some(child) = child {
                    next.push((pointer_join(&ptr, &token), child));
                }
            }
            if next.len() > MAX_SELECTED {
                next.truncate(MAX_SELECTED);
                break;
            }
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};

    fn node(text: &str) -> Node {
        load_text(text, &Limits::default()).unwrap().remove(0).root
    }

    #[test]
    fn select_expands_wildcards_over_lists_and_maps() {
        let root = node("a:\n  - {b: 1}\n  - {b: 2}\nm: {x: 1, y: 2}\n");
        let got: Vec<String> = select(&root, "/a/*/b")
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(got, vec!["/a/0/b", "/a/1/b"]);
        let got: Vec<String> = select(&root, "/m/*").into_iter().map(|(p, _)| p).collect();
        assert_eq!(got, vec!["/m/x", "/m/y"]);
        assert!(select(&root, "/nope/*").is_empty());
        assert_eq!(select(&root, "").len(), 1);
    }

    #[test]
    fn regexes_are_size_limited() {
        assert!(compile_regex("^[a-z]+$").is_ok());
        assert!(compile_regex("(a{1000}){1000}").is_err());
    }
}
