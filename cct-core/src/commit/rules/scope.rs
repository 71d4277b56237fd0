//! The scope as written: parentheses after the type hold a scope.

use super::{RuleSink, Subject};

/// `commit/scope-blank`: parentheses after the type are not empty (`feat(): …`).
pub(super) fn scope_blank(c: &Subject<'_>, sink: &mut RuleSink<'_, '_>) {
    let (h, target) = (&c.commit.header, c.target);
    if h.r#type.as_ref().is_none_or(|t| t.text.is_empty()) {
        return;
    }
    let Some(scope) = h.scope.as_ref().filter(|p| p.text.trim().is_empty()) else {
        return;
    };
    target.report(
        sink,
        scope.line,
        scope.column,
        "/header/scope",
        format!(
            "scope may not be blank: header `{}` has parentheses with no scope in them",
            h.text
        ),
        None,
    );
}
