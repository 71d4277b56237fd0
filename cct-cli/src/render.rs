//! Text output of `cct check`, in the style of compilers and kube-linter:
//!
//! ```text
//! deploy/web.yaml:9:11: error[kube/run-as-non-root] container `web` of Deployment `web` does not set …
//!   |
//! 9 |         - name: web
//!   |           ^ /spec/template/spec/containers/0/securityContext/runAsNonRoot
//!   = object: Deployment web (apps/v1)
//!   = requirements: EX32 (P)
//!   = help: Set `securityContext.runAsNonRoot: true` on the pod …
//! ```
//!
//! Input errors are shown the same way, skipped inputs get a note, and a
//! summary and one status line per referential close the output. Every
//! string that comes from an input is cleaned of control characters first,
//! so a hostile file cannot send escape sequences to the terminal.

use std::collections::BTreeMap;
use std::io::{self, Write};

use cct_core::catalog::{catalog, DEFAULT_CCT_VERSION};
use cct_core::report::{InputError, InputStatus, ReferentialRef, RequirementState};
use cct_core::requirement::Level;
use cct_core::{Finding, Input, ObjectRef, Report, Severity};

use crate::style::Style;

/// Longest stretch of a source line shown around the column, in characters;
/// longer lines (minified JSON) are cut around the column.
pub const SNIPPET_WIDTH: usize = 120;

/// Most failing requirement ids listed on a status line before `…`.
pub const MAX_LISTED_IDS: usize = 10;

/// Renders the whole report.
pub fn report(
    report: &Report,
    inputs: &[Input<'_>],
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut sources = Sources::new(inputs);

    // Diagnostics in path order; within a path, errors (the input could not be
    // read, so it has no findings) then findings in report order.
    let mut items: Vec<(&str, Item<'_>)> = report
        .errors
        .iter()
        .map(|e| (e.path.as_str(), Item::Error(e)))
        .chain(
            report
                .findings
                .iter()
                .map(|f| (f.location.path.as_str(), Item::Finding(f))),
        )
        .collect();
    items.sort_by(|a, b| a.0.cmp(b.0));
    for (_, item) in items {
        match item {
            Item::Error(e) => input_error(e, &mut sources, style, out)?,
            Item::Finding(f) => finding(f, &mut sources, style, out)?,
        }
        writeln!(out)?;
    }
    for input in report
        .inputs
        .iter()
        .filter(|i| i.status == InputStatus::Skipped)
    {
        let why = input.reason.as_deref().unwrap_or(
            "no Kubernetes manifest, image description or OpenAPI description recognised (use `--kind` to force one)",
        );
        writeln!(
            out,
            "{}: {}: skipped: {}",
            clean(&input.path),
            style.note("note"),
            clean(why),
        )?;
    }
    attestations(report, style, out)?;
    summary(report, style, out)
}

/// One line per attestation that is not valid: where it is written, its verdict and why.
pub fn attestations(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    for a in &report.attestations {
        let Some(message) = &a.message else { continue };
        let at = match (&a.path, a.line) {
            (Some(path), Some(line)) => format!("{}:{line}", clean(path)),
            (Some(path), None) => clean(path),
            _ => "configuration".to_owned(),
        };
        let status = serde_json::to_value(a.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        writeln!(
            out,
            "{at}: {}[attestation/{status}] {}\n",
            style.error("error"),
            clean(message)
        )?;
    }
    Ok(())
}

enum Item<'r> {
    Error(&'r InputError),
    Finding(&'r Finding),
}

/// Renders one finding.
pub fn finding(
    f: &Finding,
    sources: &mut Sources<'_>,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let loc = &f.location;
    let derogated = !f.counts();
    let label = format!("{}[{}]", f.severity.as_str(), f.rule);
    writeln!(
        out,
        "{}: {} {}",
        style.bold(format_args!(
            "{}:{}:{}",
            clean(&loc.path),
            loc.line,
            loc.column
        )),
        if derogated {
            style.dim(label)
        } else {
            style.severity(f.severity, label)
        },
        if derogated {
            style.dim(clean(&f.message))
        } else {
            style.bold(clean(&f.message))
        },
    )?;
    let gutter = gutter_width(loc.line);
    let note = |out: &mut dyn Write, name: &str, text: &str| {
        writeln!(out, "{:gutter$} {} {name}: {text}", "", style.gutter("="))
    };
    let label = if loc.pointer.is_empty() {
        String::new()
    } else {
        clean(&loc.pointer)
    };
    snippet(
        sources.excerpt(&loc.path, loc.line, loc.column),
        loc.line,
        &label,
        f.severity,
        style,
        out,
    )?;
    if let Some(object) = &f.object {
        note(out, "object", &object_text(object))?;
    }
    note(out, "requirements", &requirements_text(&f.requirements))?;
    if let Some(source) = &loc.source {
        note(out, "source", &clean(source))?;
    }
    if let Some(d) = &f.derogation {
        let mut text = clean(&d.justification);
        if let Some(by) = &d.granted_by {
            text.push_str(&format!(" (granted by {})", clean(by)));
        }
        if let Some(expires) = &d.expires {
            text.push_str(&format!(" (expires {})", clean(expires)));
        }
        let name = if d.expired {
            "derogation expired"
        } else {
            "derogated"
        };
        note(out, name, &text)?;
    }
    writeln!(
        out,
        "{:gutter$} {} {}: {}",
        "",
        style.gutter("="),
        style.good("help"),
        clean(&f.remediation)
    )
}

/// Renders one input error.
pub fn input_error(
    e: &InputError,
    sources: &mut Sources<'_>,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let place = match (e.line, e.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", clean(&e.path)),
        (Some(line), None) => format!("{}:{line}", clean(&e.path)),
        _ => clean(&e.path),
    };
    writeln!(
        out,
        "{}: {} {}",
        style.bold(place),
        style.error("error:"),
        style.bold(clean(&e.message))
    )?;
    if let Some(line) = e.line {
        let column = e.column.unwrap_or(1);
        snippet(
            sources.excerpt(&e.path, line, column),
            line,
            "",
            Severity::Error,
            style,
            out,
        )?;
    }
    Ok(())
}

/// The source excerpt with a caret under its column, or nothing when the line is unknown.
fn snippet(
    excerpt: Option<(String, usize)>,
    line: u32,
    label: &str,
    severity: Severity,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some((shown, caret_at)) = excerpt else {
        return Ok(());
    };
    let width = gutter_width(line);
    let pad: String = shown
        .chars()
        .take(caret_at)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let bar = style.gutter("|");
    writeln!(out, "{:width$} {bar}", "")?;
    writeln!(
        out,
        "{} {bar} {}",
        style.gutter(format_args!("{line:>width$}")),
        shown
    )?;
    let caret = style.severity(severity, "^");
    if label.is_empty() {
        writeln!(out, "{:width$} {bar} {pad}{caret}", "")
    } else {
        writeln!(
            out,
            "{:width$} {bar} {pad}{caret} {}",
            "",
            style.severity(severity, label)
        )
    }
}

/// Cuts a long line around character `at`; returns the shown text and the caret's character offset in it.
fn window(text: &str, at: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= SNIPPET_WIDTH {
        return (text.to_owned(), at.min(chars.len()));
    }
    let (start, end, at) = span(chars.len(), at);
    let body: String = chars[start..end].iter().collect();
    framed(&body, (start, end), chars.len(), at)
}

/// The characters `[start, end)` shown of a line of `len` characters around character `at`,
/// and `at` clamped to the line.
fn span(len: usize, at: usize) -> (usize, usize, usize) {
    let at = at.min(len);
    let start = at.saturating_sub(SNIPPET_WIDTH / 2);
    let end = (start + SNIPPET_WIDTH).min(len);
    (end.saturating_sub(SNIPPET_WIDTH).min(start), end, at)
}

/// `body` (the characters `range` of a line of `len`) marked with `…` where the line goes on,
/// and the caret's character offset in it.
fn framed(body: &str, (start, end): (usize, usize), len: usize, at: usize) -> (String, usize) {
    let mut shown = String::new();
    let mut caret = at - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.push_str(body);
    if end < len {
        shown.push('…');
    }
    (shown, caret)
}

fn gutter_width(line: u32) -> usize {
    line.max(1).to_string().len()
}

/// `Deployment prod/web (apps/v1)`.
pub fn object_text(o: &ObjectRef) -> String {
    let mut text = clean(&o.kind);
    match (&o.namespace, &o.name) {
        (Some(ns), Some(name)) => text.push_str(&format!(" {}/{}", clean(ns), clean(name))),
        (None, Some(name)) => text.push_str(&format!(" {}", clean(name))),
        (Some(ns), None) => text.push_str(&format!(" in namespace {}", clean(ns))),
        (None, None) => {}
    }
    if let Some(api) = &o.api_version {
        text.push_str(&format!(" ({})", clean(api)));
    }
    text
}

/// `EX32 (P), DX-5.1-b (I)`: ids with the level the referential gives them.
pub fn requirements_text(ids: &[String]) -> String {
    let catalog = catalog();
    ids.iter()
        .map(|id| match catalog.requirement(id, DEFAULT_CCT_VERSION) {
            Some((_, q)) if q.level.is_some() => format!("{} ({})", clean(id), level_text(q.level)),
            _ => clean(id),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closing lines: counts, then one status line per referential.
pub fn summary(report: &Report, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let s = &report.summary;
    let mut counts = vec![
        count_text(
            style,
            Severity::Error,
            s.error,
            plural(s.error, "error", "errors"),
        ),
        count_text(
            style,
            Severity::Warning,
            s.warning,
            plural(s.warning, "warning", "warnings"),
        ),
    ];
    if s.info > 0 {
        counts.push(style.note(format!("{} info", s.info)));
    }
    if s.derogated > 0 {
        counts.push(style.dim(format!("{} derogated", s.derogated)));
    }
    let mut aside = Vec::new();
    if s.skipped > 0 {
        aside.push(format!("{} skipped", s.skipped));
    }
    if s.errors > 0 {
        aside.push(style.error(format!("{} unreadable", s.errors)));
    }
    let aside = if aside.is_empty() {
        String::new()
    } else {
        format!(" ({})", aside.join(", "))
    };
    writeln!(
        out,
        "{} in {}{aside}",
        counts.join(", "),
        plural(s.inputs, "file", "files")
    )?;
    if let Some(b) = &report.baseline {
        writeln!(
            out,
            "baseline: {} known {} not shown, {} fixed",
            b.known,
            if b.known == 1 { "finding" } else { "findings" },
            b.fixed.len()
        )?;
        for e in &b.fixed {
            let object = e
                .object
                .as_deref()
                .map(|o| format!(" {o}"))
                .unwrap_or_default();
            writeln!(out, "  fixed: {}: {}{object} {}", e.path, e.rule, e.pointer)?;
        }
    }

    let mut by_referential: BTreeMap<&str, Vec<(&str, RequirementState)>> = BTreeMap::new();
    for r in &report.requirements {
        by_referential
            .entry(r.referential.as_str())
            .or_default()
            .push((r.id.as_str(), r.status));
    }
    for ReferentialRef { id, version } in &report.referentials {
        let Some(statuses) = by_referential.get(id.as_str()) else {
            continue;
        };
        let of = |state: RequirementState| {
            statuses
                .iter()
                .filter(|(_, s)| *s == state)
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
        };
        let failing = of(RequirementState::Fail);
        let mut parts = Vec::new();
        let mut fail = count_text(
            style,
            Severity::Error,
            failing.len(),
            format!("{} failing", failing.len()),
        );
        if !failing.is_empty() {
            let mut listed = failing
                .iter()
                .take(MAX_LISTED_IDS)
                .map(|id| clean(id))
                .collect::<Vec<_>>()
                .join(", ");
            if failing.len() > MAX_LISTED_IDS {
                listed.push_str(", …");
            }
            fail.push_str(&format!(" ({listed})"));
        }
        parts.push(fail);
        parts.push(style.good(format!("{} passing", of(RequirementState::Pass).len())));
        let derogated = of(RequirementState::Derogated).len();
        if derogated > 0 {
            parts.push(style.dim(format!("{derogated} derogated")));
        }
        parts.push(format!(
            "{} not evaluated",
            of(RequirementState::NotEvaluated).len()
        ));
        parts.push(format!(
            "{} need attestation",
            of(RequirementState::NeedsAttestation).len()
        ));
        let attested = of(RequirementState::Attested).len();
        if attested > 0 {
            parts.push(style.good(format!("{attested} attested")));
        }
        writeln!(
            out,
            "{}: {}",
            style.bold(referential_name(id, version)),
            parts.join(", ")
        )?;
    }
    Ok(())
}

/// `CCT alpha.V1`, `Domino-X 2022`.
pub fn referential_name(id: &str, version: &str) -> String {
    let family = match id {
        "cct" => "CCT",
        "domino-x" => "Domino-X",
        other => other,
    };
    format!("{family} {}", clean(version))
}

/// `text` in the colour of `severity` when `n` is not zero.
fn count_text(style: &Style, severity: Severity, n: usize, text: String) -> String {
    if n == 0 {
        text
    } else {
        style.severity(severity, text)
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Replaces control characters (except tab) so input text cannot drive the terminal.
pub fn clean(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            c if c.is_control() && c != '\t' => '\u{FFFD}'.to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The inputs' text, decoded once per path on first use, for source snippets.
pub struct Sources<'a> {
    bytes: BTreeMap<&'a str, &'a [u8]>,
    decoded: BTreeMap<&'a str, Option<Decoded>>,
}

struct Decoded {
    text: String,
    line_starts: Vec<usize>,
    /// Lines too long to rescan for each excerpt, indexed on first use.
    long_lines: BTreeMap<usize, LongLine>,
}

impl<'a> Sources<'a> {
    /// Sources over the checked inputs.
    pub fn new(inputs: &'a [Input<'a>]) -> Self {
        Sources {
            bytes: inputs
                .iter()
                .map(|i| (i.path.as_str(), i.bytes.as_ref()))
                .collect(),
            decoded: BTreeMap::new(),
        }
    }

    /// Line `line` (1-based) of input `path`, cleaned, without its line break, cut to
    /// [`SNIPPET_WIDTH`] characters around character column `column` (1-based); with the
    /// caret's character offset in the text shown.
    ///
    /// A long line (minified JSON) is indexed once, so each excerpt of it costs the
    /// excerpt's length, not the line's.
    pub fn excerpt(&mut self, path: &str, line: u32, column: u32) -> Option<(String, usize)> {
        let (key, bytes) = self.bytes.get_key_value(path).map(|(k, b)| (*k, *b))?;
        let decoded = self
            .decoded
            .entry(key)
            .or_insert_with(|| decode(bytes))
            .as_mut()?;
        let index = (line as usize).checked_sub(1)?;
        let start = *decoded.line_starts.get(index)?;
        let end = decoded
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(decoded.text.len());
        let raw = decoded.text.get(start..end)?;
        let raw = raw.strip_suffix('\n').unwrap_or(raw);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let at = column.max(1) as usize - 1;
        // Four bytes at most per character: a line this short has no more than a window of them.
        if raw.len() <= 4 * SNIPPET_WIDTH {
            return Some(window(&clean(raw), at));
        }
        let long = decoded
            .long_lines
            .entry(index)
            .or_insert_with(|| LongLine::new(raw));
        Some(long.window(raw, at))
    }
}

/// Character offsets of one long line, for excerpts that do not rescan it.
struct LongLine {
    /// Characters in the line.
    chars: usize,
    /// Byte offset of every [`LongLine::STRIDE`]-th character (empty when the line is ASCII).
    marks: Vec<usize>,
}

impl LongLine {
    const STRIDE: usize = 256;

    fn new(raw: &str) -> Self {
        if raw.is_ascii() {
            return LongLine {
                chars: raw.len(),
                marks: Vec::new(),
            };
        }
        let mut marks = Vec::new();
        let mut chars = 0;
        for (i, (byte, _)) in raw.char_indices().enumerate() {
            if i % Self::STRIDE == 0 {
                marks.push(byte);
            }
            chars = i + 1;
        }
        LongLine { chars, marks }
    }

    /// Byte offset of character `at` (at most the line's length).
    fn byte(&self, raw: &str, at: usize) -> usize {
        if self.marks.is_empty() {
            return at.min(raw.len());
        }
        let Some(&mark) = self.marks.get(at / Self::STRIDE) else {
            return raw.len();
        };
        raw[mark..]
            .char_indices()
            .nth(at % Self::STRIDE)
            .map_or(raw.len(), |(i, _)| mark + i)
    }

    /// [`window`] over this line, reading only the characters shown.
    fn window(&self, raw: &str, at: usize) -> (String, usize) {
        let (start, end, at) = span(self.chars, at);
        let body = clean(&raw[self.byte(raw, start)..self.byte(raw, end)]);
        framed(&body, (start, end), self.chars, at)
    }
}

/// The input as text for snippets; `None` for binary inputs (an image archive),
/// whose "lines" would only print garbage.
fn decode(bytes: &[u8]) -> Option<Decoded> {
    let text = match cct_core::document::decode_text(bytes) {
        Ok(text) => text.into_owned(),
        Err(_) if bytes.contains(&0) => return None,
        // Invalid UTF-8: show the lines anyway, the bad bytes replaced.
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    Some(Decoded {
        text,
        line_starts,
        long_lines: BTreeMap::new(),
    })
}

/// `P`, `I` or `-`.
pub fn level_text(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::P) => "P",
        Some(Level::I) => "I",
        None => "-",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_short_lines_and_cuts_long_ones_around_the_column() {
        assert_eq!(window("abc", 1), ("abc".to_owned(), 1));
        let long: String = (0..300)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let (shown, caret) = window(&long, 200);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), long.chars().nth(200));
        let (shown, caret) = window(&long, 2);
        assert!(!shown.starts_with('…'));
        assert_eq!(caret, 2);
    }

    #[test]
    fn sources_give_lines_of_text_inputs_only() {
        let inputs = [
            Input::text("a.yaml", "one\r\ntwo\x1b\n"),
            Input::new("latin1.yaml", &b"caf\xe9: 1\n"[..]),
            Input::new("image.tar", &b"layer\0\0\0\nmore"[..]),
        ];
        let mut sources = Sources::new(&inputs);
        let line = |s: &mut Sources<'_>, path: &str, n: u32| s.excerpt(path, n, 1).map(|e| e.0);
        assert_eq!(line(&mut sources, "a.yaml", 1).as_deref(), Some("one"));
        assert_eq!(
            line(&mut sources, "a.yaml", 2).as_deref(),
            Some("two\u{FFFD}")
        );
        assert_eq!(line(&mut sources, "a.yaml", 3).as_deref(), Some(""));
        assert_eq!(line(&mut sources, "a.yaml", 4), None);
        assert_eq!(line(&mut sources, "a.yaml", 0), None);
        assert_eq!(
            line(&mut sources, "latin1.yaml", 1).as_deref(),
            Some("caf\u{FFFD}: 1")
        );
        assert_eq!(line(&mut sources, "image.tar", 1), None);
        assert_eq!(line(&mut sources, "other.yaml", 1), None);
    }

    #[test]
    fn excerpts_of_long_lines_match_the_window_of_the_whole_line() {
        let ascii: String = (0..5_000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let mixed: String = (0..5_000)
            .map(|i| {
                if i % 7 == 0 {
                    'é'
                } else {
                    char::from(b'a' + (i % 26) as u8)
                }
            })
            .collect();
        let inputs = [
            Input::text("ascii.json", ascii.as_str()),
            Input::text("mixed.json", mixed.as_str()),
        ];
        let mut sources = Sources::new(&inputs);
        for (path, text) in [("ascii.json", &ascii), ("mixed.json", &mixed)] {
            for column in [1, 2, 61, 300, 2_049, 4_950, 5_000, 5_001, 9_999] {
                assert_eq!(
                    sources.excerpt(path, 1, column),
                    Some(window(text, column as usize - 1)),
                    "{path} column {column}"
                );
            }
        }
    }

    #[test]
    fn clean_neutralises_escape_sequences() {
        assert_eq!(clean("a\x1b[31mb\nc\td"), "a\u{FFFD}[31mb\\nc\td");
    }
}
