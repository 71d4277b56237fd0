//! Go templates (Helm charts' `templates/`) told apart from YAML that merely quotes `{{ … }}`.
//!
//! A chart template is not YAML until Helm renders it: `{{- if .Values.x }}` lines,
//! `name: {{ .Release.Name }}` values. Read as YAML it is either refused with a
//! misleading syntax error or, worse, accepted (`{{ .Release.Name }}` is a valid flow
//! mapping) and judged as something nobody wrote. Text that only *carries*
//! templates — a quoted string, a block scalar (Prometheus alert descriptions,
//! Argo CD ApplicationSet parameters, a ConfigMap holding a template file), a
//! comment — is YAML and is read as such.

use super::node::Pos;

/// Where the first template action stands in a YAML structural position: at the start of
/// a line (`{{- if … }}`, `{{ include … }}`), or as an unquoted value or sequence item
/// (`name: {{ .Release.Name }}`, `- {{ .Values.host }}`). `None` when every `{{` is inside
/// a quoted string, a block scalar or a comment.
pub fn template_action(text: &str) -> Option<Pos> {
    if !text.contains("{{") {
        return None;
    }
    // Indentation of the line that opened the block scalar being skipped.
    let mut block: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = line[indent..].trim_end();
        if let Some(opener) = block {
            if rest.is_empty() || indent > opener {
                continue;
            }
            block = None;
        }
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        let at = |offset: usize| {
            let column = line[..offset].chars().count() + 1;
            Some(Pos {
                line: u32::try_from(index + 1).unwrap_or(u32::MAX),
                column: u32::try_from(column).unwrap_or(u32::MAX),
            })
        };
        if rest.starts_with("{{") {
            return at(indent);
        }
        let value_offset = indent + value_start(rest);
        let value = &line[value_offset..];
        if value.starts_with("{{") {
            return at(value_offset);
        }
        if opens_block_scalar(value) {
            block = Some(indent);
        }
    }
    None
}

/// Offset, in a line's content (indentation removed), of its value: after any `- ` sequence
/// markers and a `key: ` whose key is plain (not quoted, not a flow collection).
fn value_start(rest: &str) -> usize {
    let mut offset = 0;
    while let Some(after) = rest[offset..].strip_prefix("- ") {
        offset = rest.len() - after.trim_start().len();
    }
    let item = &rest[offset..];
    if item.starts_with(['"', '\'', '{', '[']) {
        return offset;
    }
    if let Some(colon) = item.find(": ") {
        let key = &item[..colon];
        if !key.contains(['#', '"', '\'']) {
            let after = &item[colon + 1..];
            return offset + colon + 1 + (after.len() - after.trim_start().len());
        }
    }
    offset
}

/// Whether a value opens a block scalar (`|`, `>-`, `|2+`, optionally followed by a comment).
fn opens_block_scalar(value: &str) -> bool {
    let Some(indicators) = value.strip_prefix(['|', '>']) else {
        return false;
    };
    let head = indicators.split('#').next().unwrap_or_default().trim_end();
    head.chars().all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

#[cfg(test)]
mod tests {
    use super::template_action;

    fn found(text: &str) -> Option<(u32, u32)> {
        template_action(text).map(|p| (p.line, p.column))
    }

    #[test]
    fn chart_templates_are_found_where_the_action_stands() {
        assert_eq!(
            found("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"),
            Some((4, 9))
        );
        assert_eq!(
            found("{{- if .Values.enabled }}\napiVersion: v1\n{{- end }}\n"),
            Some((1, 1))
        );
        assert_eq!(
            found("spec:\n  template:\n    metadata:\n      labels:\n        {{- include \"x.labels\" . | nindent 8 }}\n"),
            Some((5, 9))
        );
        assert_eq!(found("args:\n  - {{ .Values.port }}\n"), Some((2, 5)));
        assert_eq!(
            found("env:\n  - name: A\n    value: {{ .Values.a }}\n"),
            Some((3, 12))
        );
        assert_eq!(found("é: ok\nnamé: {{ .x }}\n"), Some((2, 7)));
    }

    #[test]
    fn yaml_that_carries_templates_is_not_a_template() {
        // Quoted strings.
        assert_eq!(
            found("name: \"{{ .Release.Name }}\"\nother: '{{ x }}'\n"),
            None
        );
        // Block scalars, nested content and all (a PrometheusRule description, a template file).
        assert_eq!(
            found("groups:\n  - rules:\n      - annotations:\n          description: |-\n            {{ $labels.instance }} is down\n            {{ $value }}\n        expr: up == 0\n"),
            None
        );
        assert_eq!(
            found("data:\n  tpl: >\n    {{ range . }}\n\n    {{ end }}\n  next: x\n"),
            None
        );
        // Comments, and a value that only contains a template later on.
        assert_eq!(
            found("# {{ .Values.x }}\nmessage: Alert {{ $labels.x }}\n"),
            None
        );
        assert_eq!(found("a: b # {{ x }}\n"), None);
        // No braces at all: nothing to look at.
        assert_eq!(found("apiVersion: v1\nkind: Pod\n"), None);
    }

    #[test]
    fn a_block_scalar_ends_where_its_indentation_does() {
        assert_eq!(
            found("data:\n  a: |\n    {{ fine }}\n  b: {{ .Values.b }}\n"),
            Some((4, 6))
        );
    }
}
