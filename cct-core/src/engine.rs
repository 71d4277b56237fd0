//! The custom-rule engine: runs the policy's YAML rules (see [`crate::custom`]) over a batch of loaded inputs.

use std::collections::BTreeMap;

use crate::artefact::ArtefactKind;
use crate::custom::{compile, select, CustomRule};
use crate::document::{Document, Node};
use crate::input::Loaded;
use crate::kube::KubeSet;
use crate::locate::nearest;
use crate::report::{Finding, InputError, Location, ObjectRef};
use crate::sink::Sink;

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
