//! Inline suppressions read from the Kubernetes objects' `cct.io/ignore` annotation.

use crate::derogation::{Suppression, IGNORE_ANNOTATION};
use crate::document::Pos;
use crate::input::Loaded;
use crate::kube::KubeSet;
use crate::policy::Policy;
use crate::report::InputError;

/// Reads the `cct.io/ignore` annotations of the Kubernetes objects of a check
/// (nothing when the policy disallows inline suppressions).
///
/// An entry without a reason, or naming no known rule, is an input error
/// (placed at the annotation) and suppresses nothing.
pub fn collect_annotations(
    batch: &[Loaded<'_>],
    policy: &Policy,
    suppressions: &mut Vec<Suppression>,
    errors: &mut Vec<InputError>,
) {
    if !policy.allow_inline_suppressions {
        return;
    }
    let set = KubeSet::new(batch);
    for object in &set.objects {
        let Some(node) = object
            .node
            .get_path(&["metadata", "annotations", IGNORE_ANNOTATION])
        else {
            continue;
        };
        let mut error = |pos: Pos, message: String| {
            errors.push(InputError {
                path: object.path.to_owned(),
                line: Some(pos.line),
                column: Some(pos.column),
                message,
            })
        };
        let Some(text) = node.as_str() else {
            error(
                node.pos,
                format!(
                    "annotation `{IGNORE_ANNOTATION}` of {} must be a string, found {}",
                    object.display(),
                    node.type_name()
                ),
            );
            continue;
        };
        // In a block scalar (`|`), each line's entries are placed on their own line.
        let entries = text
            .lines()
            .enumerate()
            .flat_map(|(i, line)| line.split(';').map(move |e| (i, e.trim())));
        for (line, entry) in entries.filter(|(_, e)| !e.is_empty()) {
            let entry_pos = if text.contains('\n') {
                Pos::new(
                    node.pos
                        .line
                        .saturating_add(u32::try_from(line).unwrap_or(u32::MAX)),
                    node.pos.column,
                )
            } else {
                node.pos
            };
            let (rule, reason) = match entry.split_once(':') {
                Some((rule, reason)) => (rule.trim(), reason.trim()),
                None => (entry, ""),
            };
            if reason.is_empty() {
                error(
                    entry_pos,
                    format!("annotation `{IGNORE_ANNOTATION}` of {} suppresses `{rule}` without a reason; write `{rule}: <why this is accepted>`", object.display()),
                );
                continue;
            }
            if !policy.rule_pattern_known(rule) {
                error(
                    entry_pos,
                    format!("annotation `{IGNORE_ANNOTATION}` of {} names `{rule}`, which is no rule of the catalog or of the configuration", object.display()),
                );
                continue;
            }
            suppressions.push(Suppression {
                path: object.path.to_owned(),
                document: object.document.index,
                base: object.base.clone(),
                rule: rule.to_owned(),
                reason: reason.to_owned(),
            });
        }
    }
}
