//! Validation of a custom rule against the YAML it was read from: malformed parts and rules that can never (or always) fire.

use super::condition::compile_regex;
use super::{Condition, CustomRule, RuleProblem, MAX_CONDITION_DEPTH};
use crate::artefact::ArtefactKind;
use crate::document::{Node, Pos};

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
