//! The homologation dossier: the document a reviewer reads, in Markdown (it renders in GitLab) or
//! as one self-contained, printable HTML page (no script, no network).
//!
//! Per requirement, in the referential's order, the French text first, then the status, the
//! automated evidence (rules that passed and the files they read), the findings, the derogations
//! (justification, expiry) and the attestations (with their evidence); a summary by level (P / I)
//! and by category; the cct version, the date, the commit and the digests of the inputs, so the
//! dossier can be tied to exactly what was checked. The host (the CLI) supplies the date, the
//! commit and the digests: rendering is pure.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::catalog::catalog;
use crate::report::{Finding, Report, RequirementState, RequirementStatus};
use crate::requirement::{Level, Requirement};

use super::state_name;

/// What the host knows about the audited tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DossierMeta {
    /// What was audited (the repository's name or folder).
    pub subject: String,
    /// The date of the audit (`YYYY-MM-DD`).
    pub date: String,
    /// The commit audited, when the folder is a git repository.
    pub commit: Option<String>,
    /// Each input with the hex SHA-256 of its bytes, sorted by path.
    pub digests: Vec<(String, String)>,
    /// The SHA-256 over every input's path and digest, in order: one value for the whole tree.
    pub digest: String,
}

/// Every status, in the order the summary prints them.
const STATES: [RequirementState; 6] = [
    RequirementState::Pass,
    RequirementState::Derogated,
    RequirementState::Attested,
    RequirementState::Fail,
    RequirementState::NotEvaluated,
    RequirementState::NeedsAttestation,
];

/// The French label of a status.
fn label(state: RequirementState) -> &'static str {
    match state {
        RequirementState::Pass => "conforme",
        RequirementState::Fail => "non conforme",
        RequirementState::Derogated => "dérogation",
        RequirementState::Attested => "attestée",
        RequirementState::NotEvaluated => "non évaluée",
        RequirementState::NeedsAttestation => "attestation requise",
    }
}

/// Whether the status counts as accounted for (passed, derogated or attested).
pub fn accounted(state: RequirementState) -> bool {
    matches!(
        state,
        RequirementState::Pass | RequirementState::Derogated | RequirementState::Attested
    )
}

/// One requirement with what the report says about it.
struct Entry<'r> {
    status: &'r RequirementStatus,
    requirement: Option<&'static Requirement>,
    passed: Vec<&'r str>,
    findings: Vec<&'r Finding>,
    attestations: Vec<&'r crate::attestation::AttestationResult>,
}

fn level_name(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::P) => "P",
        Some(Level::I) => "I",
        None => "-",
    }
}

/// The referential sections of the report: title and entries, in referential order.
fn sections(report: &Report) -> Vec<(String, Vec<Entry<'_>>)> {
    let c = catalog();
    let mut out = Vec::new();
    for r in &report.referentials {
        let referential = c.referential(&r.id, &r.version);
        let title = format!(
            "{} {}",
            referential.map_or(r.id.as_str(), |x| x.title.as_str()),
            r.version
        );
        let entries = report
            .requirements
            .iter()
            .filter(|s| s.referential == r.id)
            .map(|status| {
                let findings: Vec<&Finding> = report
                    .findings
                    .iter()
                    .filter(|f| f.requirements.contains(&status.id))
                    .collect();
                let passed = status
                    .rules
                    .iter()
                    .filter(|rule| !findings.iter().any(|f| f.rule == **rule && f.counts()))
                    .map(String::as_str)
                    .collect();
                let attestations = report
                    .attestations
                    .iter()
                    .filter(|a| {
                        a.referential.as_deref() == Some(r.id.as_str())
                            && a.resolved.as_deref().unwrap_or(&a.requirement) == status.id
                    })
                    .collect();
                Entry {
                    status,
                    requirement: referential.and_then(|x| x.get(&status.id)),
                    passed,
                    findings,
                    attestations,
                }
            })
            .collect();
        out.push((title, entries));
    }
    out
}

/// Counts of each status by a key (level, category), keys sorted.
fn tally<'a>(
    entries: impl Iterator<Item = &'a Entry<'a>>,
    key: impl Fn(&Entry<'_>) -> String,
) -> BTreeMap<String, [usize; 6]> {
    let mut out: BTreeMap<String, [usize; 6]> = BTreeMap::new();
    for e in entries {
        let row = out.entry(key(e)).or_default();
        if let Some(i) = STATES.iter().position(|s| *s == e.status.status) {
            row[i] += 1;
        }
    }
    out
}

/// The evidence inputs split into files and a count of commits (a history is not listed hash by hash).
fn examined<'r>(report: &Report, inputs: &'r [String]) -> (Vec<&'r String>, usize) {
    let is_commit = |path: &String| {
        report
            .inputs
            .iter()
            .any(|i| &i.path == path && i.kind == Some(crate::artefact::ArtefactKind::Commit))
    };
    let commits = inputs.iter().filter(|p| is_commit(p)).count();
    (inputs.iter().filter(|p| !is_commit(p)).collect(), commits)
}

/// What a summary table groups a requirement by: its level, or its category.
fn summary_key(e: &Entry<'_>, by_level: bool) -> String {
    let q = e.requirement;
    if by_level {
        level_name(q.and_then(|q| q.level)).to_owned()
    } else {
        q.and_then(|q| q.category.clone())
            .unwrap_or_else(|| "—".to_owned())
    }
}

fn location(f: &Finding) -> String {
    format!(
        "{}:{}:{}",
        f.location.path, f.location.line, f.location.column
    )
}

/// The dossier in Markdown.
pub fn dossier_markdown(report: &Report, meta: &DossierMeta) -> String {
    let sections = sections(report);
    let all: Vec<&Entry<'_>> = sections.iter().flat_map(|(_, e)| e).collect();
    let accounted_n = all.iter().filter(|e| accounted(e.status.status)).count();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Dossier d'homologation — {}\n",
        md_text(&meta.subject)
    );
    let _ = writeln!(md, "| | |\n|---|---|");
    let refs: Vec<String> = sections.iter().map(|(t, _)| t.clone()).collect();
    let _ = writeln!(md, "| Référentiels | {} |", md_text(&refs.join(" ; ")));
    let _ = writeln!(md, "| Version de cct | {} |", report.version);
    let _ = writeln!(md, "| Date | {} |", meta.date);
    let _ = writeln!(
        md,
        "| Commit | {} |",
        meta.commit
            .as_deref()
            .map_or("—".to_owned(), |c| format!("`{c}`"))
    );
    let _ = writeln!(
        md,
        "| Empreinte des entrées (SHA-256) | `{}` |",
        meta.digest
    );
    let _ = writeln!(
        md,
        "| Exigences couvertes | {accounted_n} / {} (conformes, dérogées ou attestées) |\n",
        all.len()
    );

    let _ = writeln!(md, "## Synthèse\n");
    for (title, key) in [("Par niveau", 0), ("Par catégorie", 1)] {
        let rows = tally(all.iter().copied(), |e| summary_key(e, key == 0));
        let _ = writeln!(md, "### {title}\n");
        let head: Vec<&str> = STATES.iter().map(|s| label(*s)).collect();
        let _ = writeln!(
            md,
            "| {} | {} |",
            if key == 0 { "Niveau" } else { "Catégorie" },
            head.join(" | ")
        );
        let _ = writeln!(md, "|---|{}|", vec!["---:"; STATES.len()].join("|"));
        for (k, counts) in rows {
            let cells: Vec<String> = counts.iter().map(ToString::to_string).collect();
            let _ = writeln!(md, "| {} | {} |", md_text(&k), cells.join(" | "));
        }
        md.push('\n');
    }

    for (title, entries) in &sections {
        let _ = writeln!(md, "## {}\n", md_text(title));
        for e in entries {
            let q = e.requirement;
            let summary = q.map_or("", |q| q.summary_fr.as_str());
            let _ = writeln!(md, "### {} — {}\n", e.status.id, md_text(summary));
            if let Some(q) = q {
                let _ = writeln!(md, "> {}\n", md_text(&q.text));
                let _ = writeln!(md, "*{}*\n", md_text(&q.summary_en));
            }
            let _ = writeln!(
                md,
                "- **Statut** : {} (`{}`)\n- **Niveau** : {} · **Catégorie** : {}",
                label(e.status.status),
                state_name(e.status.status),
                level_name(q.and_then(|q| q.level)),
                md_text(q.and_then(|q| q.category.as_deref()).unwrap_or("—"))
            );
            if !e.passed.is_empty() {
                let rules: Vec<String> = e.passed.iter().map(|r| format!("`{r}`")).collect();
                let _ = writeln!(
                    md,
                    "- **Preuves automatiques** : règles passées {}",
                    rules.join(", ")
                );
                let (files, commits) = examined(report, &e.status.inputs);
                if !files.is_empty() {
                    let files: Vec<String> =
                        files.iter().map(|p| format!("`{}`", md_code(p))).collect();
                    let _ = writeln!(md, "  - fichiers examinés : {}", files.join(", "));
                }
                if commits > 0 {
                    let _ = writeln!(md, "  - historique examiné : {commits} commit(s)");
                }
            }
            let (derogated, open): (Vec<&&Finding>, Vec<&&Finding>) =
                e.findings.iter().partition(|f| !f.counts());
            if !open.is_empty() {
                let _ = writeln!(md, "- **Constats** :");
                for f in &open {
                    let _ = writeln!(
                        md,
                        "  - `{}` `{}` : {}",
                        f.rule,
                        md_code(&location(f)),
                        md_text(&f.message)
                    );
                }
            }
            if !derogated.is_empty() {
                let _ = writeln!(md, "- **Dérogations** :");
                for f in &derogated {
                    if let Some(d) = &f.derogation {
                        let _ = writeln!(
                            md,
                            "  - `{}` `{}` : {} — accordée par {}, jusqu'au {}",
                            f.rule,
                            md_code(&location(f)),
                            md_text(&d.justification),
                            md_text(d.granted_by.as_deref().unwrap_or("—")),
                            d.expires.as_deref().unwrap_or("sans limite")
                        );
                    }
                }
            }
            if !e.attestations.is_empty() {
                let _ = writeln!(md, "- **Attestations** :");
                for a in &e.attestations {
                    let _ = writeln!(
                        md,
                        "  - {} — {} ({}), le {}, valable jusqu'au {} — `{}`",
                        md_text(&a.statement),
                        md_text(&a.attested_by.name),
                        md_text(&a.attested_by.role),
                        a.date,
                        until(&a.valid_until),
                        state_tag(a.status)
                    );
                    if let Some(m) = &a.message {
                        let _ = writeln!(md, "    - {}", md_text(m));
                    }
                    for ev in &a.evidence {
                        let (kind, target) = ev.describe();
                        let present = match ev.present {
                            Some(true) => " (présent)",
                            Some(false) => " (absent)",
                            None => "",
                        };
                        let _ = writeln!(md, "    - {kind} : `{}`{present}", md_code(target));
                    }
                }
            }
            if e.status.status == RequirementState::NeedsAttestation
                || e.status.status == RequirementState::NotEvaluated
            {
                if let Some(q) = q {
                    let _ = writeln!(md, "- **Preuve attendue** : {}", md_text(&q.evidence));
                }
            }
            md.push('\n');
        }
    }
    let _ = writeln!(md, "## Entrées examinées\n");
    let _ = writeln!(md, "| Fichier | SHA-256 |\n|---|---|");
    for (path, digest) in &meta.digests {
        let _ = writeln!(md, "| `{}` | `{digest}` |", md_code(path));
    }
    md
}

fn until(valid_until: &str) -> &str {
    if valid_until == crate::attestation::NEVER {
        "sans limite"
    } else {
        valid_until
    }
}

fn state_tag(state: crate::attestation::AttestationState) -> String {
    serde_json::to_value(state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Text for a Markdown table cell or paragraph: pipes escaped, lines joined.
fn md_text(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Text inside backticks: backticks replaced, lines joined.
fn md_code(text: &str) -> String {
    text.replace('`', "'").replace(['\n', '\r'], " ")
}

/// The dossier as one self-contained HTML page (inline style, no script, no external resource).
pub fn dossier_html(report: &Report, meta: &DossierMeta) -> String {
    let sections = sections(report);
    let all: Vec<&Entry<'_>> = sections.iter().flat_map(|(_, e)| e).collect();
    let accounted_n = all.iter().filter(|e| accounted(e.status.status)).count();
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>Dossier d'homologation — {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&meta.subject)
    );
    let _ = writeln!(
        h,
        "<h1>Dossier d'homologation — {}</h1>",
        esc(&meta.subject)
    );
    let refs: Vec<String> = sections.iter().map(|(t, _)| t.clone()).collect();
    let _ = writeln!(h, "<table class=\"meta\">");
    for (k, v) in [
        ("Référentiels", esc(&refs.join(" ; "))),
        ("Version de cct", esc(&report.version)),
        ("Date", esc(&meta.date)),
        (
            "Commit",
            meta.commit
                .as_deref()
                .map_or("—".to_owned(), |c| format!("<code>{}</code>", esc(c))),
        ),
        (
            "Empreinte des entrées (SHA-256)",
            format!("<code>{}</code>", esc(&meta.digest)),
        ),
        (
            "Exigences couvertes",
            format!(
                "{accounted_n} / {} (conformes, dérogées ou attestées)",
                all.len()
            ),
        ),
    ] {
        let _ = writeln!(h, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    let _ = writeln!(h, "</table>\n<h2>Synthèse</h2>");
    for (title, key) in [("Par niveau", 0), ("Par catégorie", 1)] {
        let rows = tally(all.iter().copied(), |e| summary_key(e, key == 0));
        let _ = writeln!(
            h,
            "<h3>{title}</h3>\n<table class=\"summary\"><thead><tr><th>{}</th>",
            if key == 0 { "Niveau" } else { "Catégorie" }
        );
        for s in STATES {
            let _ = write!(h, "<th class=\"{}\">{}</th>", state_name(s), label(s));
        }
        let _ = writeln!(h, "</tr></thead><tbody>");
        for (k, counts) in rows {
            let _ = write!(h, "<tr><td>{}</td>", esc(&k));
            for n in counts {
                let _ = write!(h, "<td class=\"n\">{n}</td>");
            }
            let _ = writeln!(h, "</tr>");
        }
        let _ = writeln!(h, "</tbody></table>");
    }
    for (title, entries) in &sections {
        let _ = writeln!(h, "<h2>{}</h2>", esc(title));
        for e in entries {
            let q = e.requirement;
            let state = e.status.status;
            let _ = writeln!(
                h,
                "<section class=\"req\" id=\"{id}\"><h3><span class=\"badge {cls}\">{lab}</span> {id} — {sum}</h3>",
                id = esc(&e.status.id),
                cls = state_name(state),
                lab = label(state),
                sum = esc(q.map_or("", |q| q.summary_fr.as_str()))
            );
            if let Some(q) = q {
                let _ = writeln!(
                    h,
                    "<blockquote lang=\"fr\">{}</blockquote>\n<p class=\"en\" lang=\"en\">{}</p>",
                    esc(&q.text),
                    esc(&q.summary_en)
                );
            }
            let _ = writeln!(
                h,
                "<p class=\"facts\">Niveau <b>{}</b> · Catégorie {} · Statut <code>{}</code></p>",
                level_name(q.and_then(|q| q.level)),
                esc(q.and_then(|q| q.category.as_deref()).unwrap_or("—")),
                state_name(state)
            );
            let mut items = String::new();
            if !e.passed.is_empty() {
                let rules: Vec<String> = e
                    .passed
                    .iter()
                    .map(|r| format!("<code>{}</code>", esc(r)))
                    .collect();
                let _ = write!(
                    items,
                    "<li><b>Preuves automatiques</b> : règles passées {}",
                    rules.join(", ")
                );
                let (files, commits) = examined(report, &e.status.inputs);
                if !files.is_empty() {
                    let files: Vec<String> = files
                        .iter()
                        .map(|p| format!("<code>{}</code>", esc(p)))
                        .collect();
                    let _ = write!(items, "<br>fichiers examinés : {}", files.join(", "));
                }
                if commits > 0 {
                    let _ = write!(items, "<br>historique examiné : {commits} commit(s)");
                }
                items.push_str("</li>\n");
            }
            let (derogated, open): (Vec<&&Finding>, Vec<&&Finding>) =
                e.findings.iter().partition(|f| !f.counts());
            if !open.is_empty() {
                items.push_str("<li><b>Constats</b><ul>");
                for f in &open {
                    let _ = write!(
                        items,
                        "<li><code>{}</code> <code>{}</code> : {}</li>",
                        esc(&f.rule),
                        esc(&location(f)),
                        esc(&f.message)
                    );
                }
                items.push_str("</ul></li>\n");
            }
            if !derogated.is_empty() {
                items.push_str("<li><b>Dérogations</b><ul>");
                for f in &derogated {
                    if let Some(d) = &f.derogation {
                        let _ = write!(
                            items,
                            "<li><code>{}</code> <code>{}</code> : {} — accordée par {}, jusqu'au {}</li>",
                            esc(&f.rule),
                            esc(&location(f)),
                            esc(&d.justification),
                            esc(d.granted_by.as_deref().unwrap_or("—")),
                            esc(d.expires.as_deref().unwrap_or("sans limite"))
                        );
                    }
                }
                items.push_str("</ul></li>\n");
            }
            if !e.attestations.is_empty() {
                items.push_str("<li><b>Attestations</b><ul>");
                for a in &e.attestations {
                    let _ = write!(
                        items,
                        "<li>{} — {} ({}), le {}, valable jusqu'au {} <code>{}</code>",
                        esc(&a.statement),
                        esc(&a.attested_by.name),
                        esc(&a.attested_by.role),
                        esc(&a.date),
                        esc(until(&a.valid_until)),
                        state_tag(a.status)
                    );
                    if let Some(m) = &a.message {
                        let _ = write!(items, "<br><em>{}</em>", esc(m));
                    }
                    if !a.evidence.is_empty() {
                        items.push_str("<ul>");
                        for ev in &a.evidence {
                            let (kind, target) = ev.describe();
                            let present = match ev.present {
                                Some(true) => " (présent)",
                                Some(false) => " (absent)",
                                None => "",
                            };
                            let _ = write!(
                                items,
                                "<li>{kind} : <code>{}</code>{present}</li>",
                                esc(target)
                            );
                        }
                        items.push_str("</ul>");
                    }
                    items.push_str("</li>");
                }
                items.push_str("</ul></li>\n");
            }
            if matches!(
                state,
                RequirementState::NeedsAttestation | RequirementState::NotEvaluated
            ) {
                if let Some(q) = q {
                    let _ = writeln!(
                        items,
                        "<li><b>Preuve attendue</b> : {}</li>",
                        esc(&q.evidence)
                    );
                }
            }
            if !items.is_empty() {
                let _ = writeln!(h, "<ul>\n{items}</ul>");
            }
            let _ = writeln!(h, "</section>");
        }
    }
    let _ = writeln!(h, "<h2>Entrées examinées</h2>\n<table class=\"inputs\"><thead><tr><th>Fichier</th><th>SHA-256</th></tr></thead><tbody>");
    for (path, digest) in &meta.digests {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td><code>{}</code></td></tr>",
            esc(path),
            esc(digest)
        );
    }
    let _ = writeln!(h, "</tbody></table>\n</body>\n</html>");
    h
}

/// The page's style: readable on screen, one requirement never split across printed pages.
const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem;border-bottom:2px solid #000091;padding-bottom:.3rem}
h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ccc}
h3{font-size:1.05rem;margin:.2rem 0}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right}
code{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
blockquote{margin:.3rem 0;padding:.2rem .8rem;border-left:3px solid #000091;background:#f5f5fe}
p.en{color:#555;font-style:italic;margin:.2rem 0}
p.facts{margin:.2rem 0;font-size:.9rem}
section.req{border-top:1px solid #eee;padding:.6rem 0;break-inside:avoid;page-break-inside:avoid}
.badge{display:inline-block;padding:0 .4rem;border-radius:.2rem;font-size:.8rem;color:#fff;background:#666}
.badge.pass,th.pass{background:#18753c;color:#fff}
.badge.derogated,th.derogated{background:#b34000;color:#fff}
.badge.attested,th.attested{background:#000091;color:#fff}
.badge.fail,th.fail{background:#ce0500;color:#fff}
.badge.needs-attestation,.badge.not-evaluated{background:#666}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-before:auto}a{color:inherit}.badge{border:1px solid #000;color:#000;background:none!important}th{color:#000!important;background:none!important}}
";

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Input, Policy};

    #[test]
    fn both_forms_hold_every_requirement_and_escape_the_text() {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: \"<b>p</b>\"}\nspec:\n  containers:\n    - name: c\n      image: nginx\n";
        let report = check(&[Input::text("pod.yaml", pod)], &Policy::default());
        let meta = DossierMeta {
            subject: "app".into(),
            date: "2026-12-03".into(),
            commit: Some("abc".into()),
            digests: vec![("pod.yaml".into(), "00".into())],
            digest: "ff".into(),
        };
        let md = dossier_markdown(&report, &meta);
        let html = dossier_html(&report, &meta);
        for r in &report.requirements {
            assert!(md.contains(&format!("### {} — ", r.id)), "{}", r.id);
            assert!(html.contains(&format!("id=\"{}\"", r.id)), "{}", r.id);
        }
        assert!(md.contains("Respect des standards"), "French text first");
        assert!(!html.contains("<b>p</b>") && html.contains("&lt;b&gt;p&lt;/b&gt;"));
        assert!(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"));
    }
}
