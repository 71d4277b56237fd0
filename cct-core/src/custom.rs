//! Custom rules written in YAML: a selector and a condition, checked without recompiling.
//!
//! A custom rule names the artefact kind it reads, the requirement ids it
//! gives evidence for, which nodes it looks at (`objects` kinds and a
//! `select` JSON pointer where `*` stands for every item of a list or every
//! value of a mapping) and the `condition` every selected node must satisfy.
//! Each selected node where the condition does not hold is a finding, placed
//! at the node that made it fail (or its nearest existing parent when that
//! node is missing).
//!
//! Conditions: `exists: <pointer>`, `absent: <pointer>`, and value tests on
//! `path: <pointer>` (default: the selected node itself): `equals`, `one_of`,
//! `regex`, `gt`/`gte`/`lt`/`lte` (numbers, numeric strings and Kubernetes
//! quantities such as `500m` or `2Gi`); combined with `all`, `any`, `not`.
//! Regular expressions use the `regex` crate: matching is linear in the
//! input, with no backtracking, and compiled size is bounded
//! ([`REGEX_SIZE_LIMIT`]).

use std::collections::BTreeMap;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::artefact::ArtefactKind;
use crate::check::Loaded;
use crate::document::{
    pointer_index, pointer_join, unescape_pointer_token, Document, Node, Pos, Value,
};
use crate::kube::KubeSet;
use crate::report::{Finding, InputError, Location, ObjectRef, Severity};
use crate::rule::Rule;
use crate::sink::Sink;

/// Largest compiled size of one custom rule's regular expression, in bytes.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Deepest nesting of `all`/`any`/`not` in one condition.
pub const MAX_CONDITION_DEPTH: usize = 32;
/// Most nodes one `select` may expand to in one object or document (wildcards over huge lists stop there).
pub const MAX_SELECTED: usize = 100_000;

/// A rule written in YAML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    /// Stable id, `<prefix>/<kebab-name>` (`custom/owner-label`); must not be a catalog id.
    pub id: String,
    /// The artefact kind it reads (`kube`, `openapi`, `image`).
    pub kind: ArtefactKind,
    /// Requirement ids it gives evidence for.
    pub requirements: Vec<String>,
    /// Severity; when absent it follows the requirements like a built-in rule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// One-line title (shown in SARIF and coverage); defaults to the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Kubernetes object kinds it applies to (`Deployment`); empty: every object. Only for `kube`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
    /// JSON pointer, inside each object (or document), of the nodes to check; `*` matches every item or value. Empty: the object itself.
    #[serde(default)]
    pub select: String,
    /// What every selected node must satisfy.
    pub condition: Condition,
    /// The finding's message; `{object}`, `{pointer}`, `{value}` and `{path}` are replaced.
    pub message: String,
    /// How to fix it.
    pub remediation: String,
}

/// A condition on a selected node. Exactly one of `exists`, `absent`, a value
/// test (`equals`, `one_of`, `regex`, or numeric bounds), `all`, `any`, `not`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Condition {
    /// Holds when the node at this pointer (relative to the selected node) exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exists: Option<String>,
    /// Holds when the node at this pointer does not exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub absent: Option<String>,
    /// For value tests: the pointer, relative to the selected node, of the value tested (default: the node itself).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Holds when the value equals this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equals: Option<serde_json::Value>,
    /// Holds when the value equals one of these.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<serde_json::Value>>,
    /// Holds when the value (a scalar, as text) matches this regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// Holds when the value is a number greater than this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub gt: Option<f64>,
    /// Holds when the value is a number greater than or equal to this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub gte: Option<f64>,
    /// Holds when the value is a number less than this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub lt: Option<f64>,
    /// Holds when the value is a number less than or equal to this (a number, or a quantity such as `2Gi`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "bound")]
    pub lte: Option<f64>,
    /// Holds when every condition holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    /// Holds when at least one condition holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    /// Holds when the condition does not hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
}

// Bounds are finite numbers read from YAML (NaN is rejected at validation), so equality is total.
impl Eq for Condition {}

/// A problem in a custom rule, at a position of the file that defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// Where.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
}

impl CustomRule {
    /// The rule as catalog metadata (for severities, SARIF and coverage).
    pub fn to_rule(&self) -> Rule {
        Rule {
            id: self.id.clone(),
            kind: self.kind,
            requirements: self.requirements.clone(),
            severity: self.severity,
            title: self.title.clone().unwrap_or_else(|| self.id.clone()),
            what: format!(
                "Custom rule: every node at `{}` satisfies its condition.",
                display_select(&self.select)
            ),
            why: format!(
                "Evidence for {} (custom rule of the configuration).",
                self.requirements.join(", ")
            ),
            bad: String::new(),
            good: String::new(),
            fix: self.remediation.clone(),
            platform: None,
            enabled: true,
        }
    }
}

fn display_select(select: &str) -> &str {
    if select.is_empty() {
        "/"
    } else {
        select
    }
}

// ---------------------------------------------------------------- validation

/// Checks a custom rule against the node it was read from; every problem has a position.
///
/// Besides malformed parts (bad pointers, invalid regular expressions,
/// unknown placeholders), it reports rules that can never give a finding or
/// always give one: an empty `all` (always holds), an empty `any` or
/// `one_of` (never holds), `exists` and `absent` of the same pointer under one
/// `all` or `any`, two different `equals` on one path, empty numeric ranges,
/// object kinds that cannot exist.
pub fn validate(rule: &CustomRule, node: &Node) -> Vec<RuleProblem> {
    let mut problems = Vec::new();
    let pos_of = |key: &str| node.get(key).map_or(node.pos, |n| n.pos);
    let mut problem = |pos: Pos, message: String| problems.push(RuleProblem { pos, message });

    let id_ok = rule.id.split('/').count() >= 2
        && rule.id.split('/').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        });
    if !id_ok {
        problem(
            pos_of("id"),
            format!(
                "rule id `{}` must be lowercase `<prefix>/<name>` (`custom/owner-label`)",
                rule.id
            ),
        );
    }
    if crate::catalog::catalog().rule(&rule.id).is_some() {
        problem(
            pos_of("id"),
            format!(
                "rule id `{}` is already a built-in rule; choose another id",
                rule.id
            ),
        );
    }
    if rule.requirements.is_empty() {
        problem(
            pos_of("requirements"),
            "a custom rule must name the requirement ids it gives evidence for".to_owned(),
        );
    }
    let reqs = node.get("requirements").map(Node::items).unwrap_or(&[]);
    for (i, id) in rule.requirements.iter().enumerate() {
        if crate::catalog::catalog()
            .requirement(id, crate::catalog::DEFAULT_CCT_VERSION)
            .is_none()
            && !crate::catalog::catalog()
                .referentials
                .iter()
                .any(|r| r.get(id).is_some())
        {
            problem(
                reqs.get(i).map_or(node.pos, |n| n.pos),
                format!("unknown requirement `{id}` (ids look like `EX32` or `DX-5.2-a`)"),
            );
        }
    }
    match rule.kind {
        ArtefactKind::Commit | ArtefactKind::Dockerfile => problem(
            pos_of("kind"),
            format!("custom rules of kind `{}` can never match: they are not read as documents; use kind `kube`, `openapi` or `image`", rule.kind),
        ),
        ArtefactKind::Kube => {
            let nodes = node.get("objects").map(Node::items).unwrap_or(&[]);
            for (i, kind) in rule.objects.iter().enumerate() {
                if !kind.starts_with(|c: char| c.is_ascii_uppercase()) || !kind.chars().all(|c| c.is_ascii_alphanumeric()) {
                    problem(
                        nodes.get(i).map_or(node.pos, |n| n.pos),
                        format!("object kind `{kind}` can never match: Kubernetes kinds are written like `Deployment`"),
                    );
                }
            }
        }
        _ if !rule.objects.is_empty() => problem(pos_of("objects"), format!("`objects` applies to Kubernetes objects only, not to kind `{}`", rule.kind)),
        _ => {}
    }
    if !rule.select.is_empty() && !rule.select.starts_with('/') {
        problem(pos_of("select"), format!("`select` must be a JSON pointer starting with `/` (or empty for the whole object), not `{}`", rule.select));
    }
    for text in [&rule.message, &rule.remediation] {
        if text.trim().is_empty() {
            problem(
                node.pos,
                "`message` and `remediation` must not be empty".to_owned(),
            );
        }
    }
    let mut rest = rule.message.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        if !matches!(name, "object" | "pointer" | "value" | "path") {
            problem(pos_of("message"), format!("unknown placeholder `{{{name}}}` in `message` (known: `{{object}}`, `{{pointer}}`, `{{value}}`, `{{path}}`)"));
        }
        rest = &rest[start + len..];
    }
    let cond_node = node.get("condition").unwrap_or(node);
    validate_condition(&rule.condition, cond_node, 0, &mut problems);
    problems
}

fn validate_condition(c: &Condition, node: &Node, depth: usize, out: &mut Vec<RuleProblem>) {
    let at = |key: &str| node.get(key).map_or(node.pos, |n| n.pos);
    let mut problem = |pos: Pos, message: String| out.push(RuleProblem { pos, message });
    if depth > MAX_CONDITION_DEPTH {
        problem(
            node.pos,
            format!("condition nested deeper than {MAX_CONDITION_DEPTH} levels"),
        );
        return;
    }
    let numeric = c.gt.is_some() || c.gte.is_some() || c.lt.is_some() || c.lte.is_some();
    let value_tests = [
        c.equals.is_some(),
        c.one_of.is_some(),
        c.regex.is_some(),
        numeric,
    ]
    .iter()
    .filter(|b| **b)
    .count();
    let operators = [
        c.exists.is_some(),
        c.absent.is_some(),
        c.all.is_some(),
        c.any.is_some(),
        c.not.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count()
        + value_tests;
    if operators != 1 {
        problem(
            node.pos,
            if operators == 0 {
                "a condition needs one of `exists`, `absent`, `equals`, `one_of`, `regex`, `gt`/`gte`/`lt`/`lte`, `all`, `any`, `not`".to_owned()
            } else {
                "a condition holds exactly one test; combine several with `all` or `any`".to_owned()
            },
        );
        return;
    }
    if c.path.is_some() && value_tests == 0 {
        problem(at("path"), "`path` goes with a value test (`equals`, `one_of`, `regex`, `gt`…); `exists` and `absent` take the pointer themselves".to_owned());
    }
    for (key, pointer) in [
        ("exists", &c.exists),
        ("absent", &c.absent),
        ("path", &c.path),
    ] {
        if let Some(p) = pointer {
            if !p.is_empty() && !p.starts_with('/') {
                problem(
                    at(key),
                    format!("`{key}` must be a JSON pointer starting with `/`, not `{p}`"),
                );
            } else if p.split('/').any(|t| t == "*") {
                problem(
                    at(key),
                    format!(
                        "`{key}` cannot hold a `*` wildcard; put wildcards in the rule's `select`"
                    ),
                );
            }
        }
    }
    if let Some(pattern) = &c.regex {
        if let Err(e) = compile_regex(pattern) {
            problem(
                at("regex"),
                format!(
                    "invalid regular expression: {}",
                    e.lines().last().unwrap_or_default().trim()
                ),
            );
        }
    }
    if let Some(list) = &c.one_of {
        if list.is_empty() {
            problem(
                at("one_of"),
                "an empty `one_of` never holds, so the rule would report every node".to_owned(),
            );
        }
    }
    if [c.gt, c.gte, c.lt, c.lte]
        .iter()
        .flatten()
        .any(|b| !b.is_finite())
    {
        problem(node.pos, "numeric bounds must be finite numbers".to_owned());
    }
    if numeric {
        let low =
            c.gt.map(|v| (v, true))
                .into_iter()
                .chain(c.gte.map(|v| (v, false)))
                .fold(None, tighter_low);
        let high =
            c.lt.map(|v| (v, true))
                .into_iter()
                .chain(c.lte.map(|v| (v, false)))
                .fold(None, tighter_high);
        if let (Some((lo, lo_strict)), Some((hi, hi_strict))) = (low, high) {
            if lo > hi || (lo == hi && (lo_strict || hi_strict)) {
                problem(node.pos, "these numeric bounds leave no value: the condition never holds, so the rule would report every node".to_owned());
            }
        }
    }
    let children = |key: &str| node.get(key).map(Node::items).unwrap_or(&[]);
    if let Some(list) = &c.all {
        if list.is_empty() {
            problem(
                at("all"),
                "an empty `all` always holds, so the rule can never report anything".to_owned(),
            );
        }
        contradictions(list, children("all"), true, out);
        for (i, child) in list.iter().enumerate() {
            validate_condition(
                child,
                children("all").get(i).unwrap_or(node),
                depth + 1,
                out,
            );
        }
    }
    if let Some(list) = &c.any {
        if list.is_empty() {
            out.push(RuleProblem {
                pos: at("any"),
                message: "an empty `any` never holds, so the rule would report every node"
                    .to_owned(),
            });
        }
        contradictions(list, children("any"), false, out);
        for (i, child) in list.iter().enumerate() {
            validate_condition(
                child,
                children("any").get(i).unwrap_or(node),
                depth + 1,
                out,
            );
        }
    }
    if let Some(inner) = &c.not {
        validate_condition(inner, node.get("not").unwrap_or(node), depth + 1, out);
    }
}

fn tighter_low(acc: Option<(f64, bool)>, v: (f64, bool)) -> Option<(f64, bool)> {
    match acc {
        Some(a) if a.0 > v.0 || (a.0 == v.0 && a.1) => Some(a),
        _ => Some(v),
    }
}

fn tighter_high(acc: Option<(f64, bool)>, v: (f64, bool)) -> Option<(f64, bool)> {
    match acc {
        Some(a) if a.0 < v.0 || (a.0 == v.0 && a.1) => Some(a),
        _ => Some(v),
    }
}

/// Detects `exists X` with `absent X` among siblings, and (under `all`) two different `equals` on one path.
fn contradictions(list: &[Condition], nodes: &[Node], all: bool, out: &mut Vec<RuleProblem>) {
    let pos = |i: usize| nodes.get(i).map_or(Pos::default(), |n| n.pos);
    for (i, a) in list.iter().enumerate() {
        for (j, b) in list.iter().enumerate().skip(i + 1) {
            let opposite = matches!((&a.exists, &b.absent), (Some(x), Some(y)) if x == y)
                || matches!((&a.absent, &b.exists), (Some(x), Some(y)) if x == y);
            if opposite {
                out.push(RuleProblem {
                    pos: pos(j),
                    message: if all {
                        "`exists` and `absent` of the same pointer under `all` never both hold, so the rule would report every node".to_owned()
                    } else {
                        "`exists` or `absent` of the same pointer under `any` always holds, so the rule can never report anything".to_owned()
                    },
                });
            }
            if all {
                if let (Some(x), Some(y)) = (&a.equals, &b.equals) {
                    if a.path.as_deref().unwrap_or("") == b.path.as_deref().unwrap_or("") && x != y
                    {
                        out.push(RuleProblem {
                            pos: pos(j),
                            message: format!("a value cannot equal both `{x}` and `{y}`: this `all` never holds, so the rule would report every node"),
                        });
                    }
                }
            }
        }
    }
}

fn compile_regex(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------- evaluation

/// A condition ready to run (regular expressions compiled).
enum Test {
    Exists(String),
    Absent(String),
    Value(String, ValueTest),
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
}

enum ValueTest {
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

fn compile(c: &Condition, depth: usize) -> Result<Test, String> {
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
struct Outcome {
    holds: bool,
    witness: String,
}

impl Test {
    fn eval(&self, target: &Node) -> Outcome {
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

/// Reads a numeric bound: a number, or a string holding a number or a Kubernetes quantity.
fn bound<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Number(f64),
        Text(String),
    }
    match Raw::deserialize(d) {
        Ok(Raw::Number(x)) => Ok(Some(x)),
        Ok(Raw::Text(t)) => quantity(&t).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{t}` is not a number or a quantity (`500m`, `2Gi`)"
            ))
        }),
        Err(_) => Err(serde::de::Error::custom(
            "expected a number or a quantity (`500m`, `2Gi`)",
        )),
    }
}

/// A node's numeric value: a number, a numeric string, or a Kubernetes quantity (`500m`, `2Gi`, `1e3`).
pub fn number(node: &Node) -> Option<f64> {
    if let Some(x) = node.as_f64() {
        return Some(x);
    }
    quantity(node.as_str()?)
}

/// A number or a Kubernetes quantity (`500m`, `2Gi`, `1e3`) written as text.
pub fn quantity(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(x) = text.parse::<f64>() {
        return x.is_finite().then_some(x);
    }
    const SUFFIXES: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("Ei", 1_152_921_504_606_846_976.0),
        ("n", 1e-9),
        ("u", 1e-6),
        ("m", 1e-3),
        ("k", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("E", 1e18),
    ];
    SUFFIXES.iter().find_map(|(suffix, factor)| {
        let digits = text.strip_suffix(suffix)?;
        digits
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(|x| x * factor)
    })
}

/// Every node matching `select` under `root`, with its pointer relative to `root`.
fn select<'n>(root: &'n Node, select: &str) -> Vec<(String, &'n Node)> {
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

/// The deepest existing node along `pointer` under `root`.
fn nearest<'n>(root: &'n Node, pointer: &str) -> &'n Node {
    let mut node = root;
    if let Some(rest) = pointer.strip_prefix('/') {
        for token in rest.split('/') {
            match node.pointer(&format!("/{token}")) {
                Some(n) => node = n,
                None => break,
            }
        }
    }
    node
}

/// One unit a custom rule is applied to: a Kubernetes object or a whole document.
struct Unit<'a> {
    path: &'a str,
    document: &'a Document,
    node: &'a Node,
    base: String,
    kind: Option<&'a str>,
    object: Option<ObjectRef>,
    display: String,
}

/// Runs the policy's custom rules of kind `kind` on a batch of loaded inputs.
///
/// A rule that cannot be compiled (only possible for a policy built without
/// [`crate::Policy::from_config_str`], which validates rules) is reported as
/// an input error and skipped.
pub fn evaluate(
    kind: ArtefactKind,
    batch: &[Loaded<'_>],
    sink: &mut Sink<'_>,
    errors: &mut Vec<InputError>,
) {
    let policy = sink.policy();
    let rules: Vec<&CustomRule> = policy
        .custom_rules
        .iter()
        .filter(|r| r.kind == kind && policy.custom_enabled(r))
        .collect();
    if rules.is_empty() {
        return;
    }
    let units: Vec<Unit<'_>> = if kind == ArtefactKind::Kube {
        KubeSet::new(batch)
            .objects
            .into_iter()
            .map(|o| Unit {
                path: o.path,
                document: o.document,
                node: o.node,
                display: o.display(),
                object: Some(o.object_ref()),
                kind: Some(o.kind),
                base: o.base,
            })
            .collect()
    } else {
        batch
            .iter()
            .flat_map(|l| {
                l.documents
                    .iter()
                    .filter(|d| !d.root.is_null())
                    .map(move |d| Unit {
                        path: l.path,
                        document: d,
                        node: &d.root,
                        base: String::new(),
                        kind: None,
                        object: None,
                        display: format!("`{}`", l.path),
                    })
            })
            .collect()
    };
    let mut compiled = BTreeMap::new();
    for rule in rules {
        let test = match compile(&rule.condition, 0) {
            Ok(t) => t,
            Err(e) => {
                errors.push(InputError {
                    path: format!("custom rule {}", rule.id),
                    line: None,
                    column: None,
                    message: format!("custom rule `{}` is invalid and was not run: {e}", rule.id),
                });
                continue;
            }
        };
        compiled.insert(rule.id.as_str(), (rule, test));
    }
    for (rule, test) in compiled.values() {
        let meta = rule.to_rule();
        let severity = policy.severity(&meta, sink.catalog());
        for unit in &units {
            if !rule.objects.is_empty()
                && !unit
                    .kind
                    .is_some_and(|k| rule.objects.iter().any(|o| o == k))
            {
                continue;
            }
            for (ptr, target) in select(unit.node, &rule.select) {
                let outcome = test.eval(target);
                if outcome.holds {
                    continue;
                }
                let pointer = format!("{ptr}{}", outcome.witness);
                let at = nearest(unit.node, &pointer);
                let value = unit.node.pointer(&pointer).map_or_else(
                    || "nothing".to_owned(),
                    |n| n.scalar_text().unwrap_or_else(|| n.type_name().to_owned()),
                );
                let full_pointer = format!("{}{pointer}", unit.base);
                let message = rule
                    .message
                    .replace("{object}", &unit.display)
                    .replace("{pointer}", &format!("`{full_pointer}`"))
                    .replace("{value}", &format!("`{value}`"))
                    .replace("{path}", &format!("`{}`", unit.path));
                sink.push(Finding {
                    rule: rule.id.clone(),
                    requirements: rule.requirements.clone(),
                    severity,
                    message,
                    remediation: rule.remediation.trim().to_owned(),
                    location: Location {
                        path: unit.path.to_owned(),
                        document: Some(unit.document.index),
                        line: at.pos.line,
                        column: at.pos.column,
                        pointer: full_pointer,
                        source: unit.document.source.clone(),
                    },
                    object: unit.object.clone(),
                    derogation: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};

    fn node(text: &str) -> Node {
        load_text(text, &Limits::default()).unwrap().remove(0).root
    }

    #[test]
    fn quantities_and_numbers() {
        assert_eq!(number(&node("500m")), Some(0.5));
        assert_eq!(number(&node("2Gi")), Some(2.0 * 1_073_741_824.0));
        assert_eq!(number(&node("'42'")), Some(42.0));
        assert_eq!(number(&node("7")), Some(7.0));
        assert_eq!(number(&node("lots")), None);
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
