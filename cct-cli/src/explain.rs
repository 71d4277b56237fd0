//! `cct explain`: one requirement (its source text, summaries, level, the
//! rules proving it and its counterparts in the other CCT versions) or one
//! rule (what, why, bad, good, fix and its requirements in each version).

use std::io::{self, Write};

use cct_core::catalog::{catalog, Catalog, CCT, DEFAULT_CCT_VERSION};
use cct_core::requirement::{Automation, Level, Referential, Requirement};
use cct_core::rule::Rule;
use cct_core::Policy;
use clap::Args;

use crate::catalog::{automation_text, default_referentials};
use crate::render::{clean, level_text, referential_name};
use crate::style::Style;
use crate::{EXIT_OK, EXIT_USAGE};

/// Width prose is wrapped to.
pub const WRAP_WIDTH: usize = 88;

/// Arguments of `cct explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A requirement id (`EXI-ARCH-12`, `EX32`, `DX-5.2-a`, any case) or a rule id (`kube/run-as-non-root`, or just `run-as-non-root`).
    #[arg(value_name = "ID")]
    pub id: String,
    /// CCT version to answer in (`cct@alpha-v1`, `cct@alpha-v4`, `cct@beta-2024-06-23`): a
    /// requirement of another version is answered with its counterparts in this one, and a
    /// rule's requirements are those it cites in this one (default: the latest).
    #[arg(long, value_name = "CCT@VERSION")]
    pub referential: Option<String>,
}

/// What an id names.
#[derive(Debug)]
pub enum Target<'c> {
    /// A requirement of a referential.
    Requirement(&'c Referential, &'c Requirement),
    /// A rule of the catalog.
    Rule(&'c Rule),
}

/// Finds what `id` names: a rule id, a rule name without its kind when it
/// is unique, or a requirement id of the default referentials, else of any
/// other CCT version (any case).
pub fn resolve<'c>(catalog: &'c Catalog, id: &str) -> Option<Target<'c>> {
    let id = id.trim();
    if let Some(rule) = catalog.rule(id) {
        return Some(Target::Rule(rule));
    }
    let by_name: Vec<&Rule> = catalog
        .rules
        .iter()
        .filter(|r| r.id.split_once('/').is_some_and(|(_, name)| name == id))
        .collect();
    if let [rule] = by_name.as_slice() {
        return Some(Target::Rule(rule));
    }
    let mut referentials = default_referentials(catalog, None);
    referentials.extend(
        catalog
            .referentials
            .iter()
            .filter(|r| r.id == CCT && !r.is_version(DEFAULT_CCT_VERSION)),
    );
    referentials
        .iter()
        .find_map(|r| r.requirements.iter().find(|q| q.id == id).map(|q| (*r, q)))
        .or_else(|| {
            referentials.iter().find_map(|r| {
                r.requirements
                    .iter()
                    .find(|q| q.id.eq_ignore_ascii_case(id))
                    .map(|q| (*r, q))
            })
        })
        .map(|(r, q)| Target::Requirement(r, q))
}

/// The known ids closest to `id`, for a "did you mean" hint.
fn suggestions(catalog: &Catalog, id: &str) -> Vec<String> {
    let id = id.to_ascii_lowercase();
    let mut scored: Vec<(usize, String)> = catalog
        .referentials
        .iter()
        .flat_map(|r| r.requirements.iter().map(|q| q.id.clone()))
        .chain(catalog.rules.iter().map(|r| r.id.clone()))
        .map(|known| {
            let lower = known.to_ascii_lowercase();
            let name = lower.split_once('/').map_or(lower.as_str(), |(_, n)| n);
            let distance = strsim::levenshtein(&id, &lower).min(strsim::levenshtein(&id, name));
            (distance, known)
        })
        .filter(|(d, known)| *d <= 2.max(known.len() / 4))
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// Runs `cct explain`.
pub fn run(args: &ExplainArgs, style: &Style, out: &mut dyn Write) -> io::Result<u8> {
    let catalog = catalog();
    let chosen = match &args.referential {
        None => None,
        Some(handle) => match catalog.cct_referential(handle) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("cct: error: --referential: {e}");
                return Ok(EXIT_USAGE);
            }
        },
    };
    match resolve(catalog, &args.id) {
        Some(Target::Requirement(referential, requirement)) => {
            match chosen.filter(|c| referential.id == CCT && c.key != referential.key) {
                Some(target) => {
                    explain_counterparts(catalog, referential, requirement, target, style, out)?
                }
                None => explain_requirement(catalog, referential, requirement, style, out)?,
            }
            Ok(EXIT_OK)
        }
        Some(Target::Rule(rule)) => {
            let version = chosen.map_or(DEFAULT_CCT_VERSION, |r| r.key.as_str());
            explain_rule(catalog, rule, version, style, out)?;
            Ok(EXIT_OK)
        }
        None => {
            let hint = match suggestions(catalog, &args.id).as_slice() {
                [] => String::new(),
                found => format!(
                    "; did you mean {}?",
                    found
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            eprintln!(
                "cct: error: no requirement or rule `{}`{hint} (`cct requirements` and `cct rules` list them)",
                clean(&args.id)
            );
            Ok(EXIT_USAGE)
        }
    }
}

fn explain_requirement(
    catalog: &Catalog,
    referential: &Referential,
    q: &Requirement,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} — {} ({})",
        style.bold(&q.id),
        referential_name(&referential.id, &referential.version),
        clean(&referential.title)
    )?;
    let level = match q.level {
        Some(Level::P) => "P (primordial: a finding is an error)".to_owned(),
        Some(Level::I) => "I (important: a finding is a warning)".to_owned(),
        None => "none given by the source".to_owned(),
    };
    writeln!(out, "{}: {level}", style.bold("level"))?;
    if let Some(nature) = &q.nature {
        writeln!(out, "{}: {}", style.bold("nature"), clean(nature))?;
    }
    if let Some(category) = &q.category {
        writeln!(out, "{}: {}", style.bold("category"), clean(category))?;
    }
    writeln!(
        out,
        "{}: {}",
        style.bold("automation"),
        automation_text(q.automation)
    )?;
    writeln!(out, "{}: {}", style.bold("evidence"), clean(&q.evidence))?;
    writeln!(out)?;
    heading(out, style, "Text (source, verbatim)")?;
    prose(out, &q.text)?;
    writeln!(out)?;
    heading(out, style, "Summary (fr)")?;
    prose(out, &q.summary_fr)?;
    heading(out, style, "Summary (en)")?;
    prose(out, &q.summary_en)?;
    writeln!(out)?;

    for (i, h) in q.homonyms.iter().enumerate() {
        heading(
            out,
            style,
            &format!(
                "Homonym {}: another row the source numbers {} (level {})",
                i + 1,
                q.id,
                level_text(h.level)
            ),
        )?;
        prose(out, &h.text)?;
        prose(out, &h.summary_en)?;
        writeln!(out)?;
    }

    let mut policy = Policy::default();
    if referential.id == CCT {
        policy.cct_version = referential.key.clone();
    }
    let rules: Vec<&Rule> = catalog.rules_citing(&q.id, &policy.cct_version).collect();
    heading(out, style, "Rules proving it")?;
    if rules.is_empty() {
        let why = match q.automation {
            Automation::Manual => {
                "no artefact can prove it: reports list it as `needs-attestation`"
            }
            Automation::Automated | Automation::Partial => {
                "no built-in rule proves it yet: reports list it as `not-evaluated`"
            }
        };
        writeln!(out, "  none; {why}")?;
    }
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in rules {
        let severity = policy.severity(rule, catalog);
        writeln!(
            out,
            "  {}  {}  {}",
            style.bold(format_args!("{:<width$}", rule.id)),
            style.severity(severity, format_args!("{:<7}", severity.as_str())),
            clean(&rule.title)
        )?;
    }
    if referential.id == CCT {
        writeln!(out)?;
        heading(out, style, "In the other CCT versions")?;
        for other in catalog
            .referentials
            .iter()
            .filter(|r| r.id == CCT && r.key != referential.key)
        {
            counterpart_lines(catalog, referential, q, other, style, out)?;
        }
    }
    Ok(())
}

/// One line per counterpart of `q` (of `from`) in version `to`.
fn counterpart_lines(
    catalog: &Catalog,
    from: &Referential,
    q: &Requirement,
    to: &Referential,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let name = referential_name(&to.id, &to.version);
    let Some(found) = catalog.concordance.counterparts(&from.key, &q.id, &to.key) else {
        return writeln!(out, "  {name}: no concordance with {}", from.version);
    };
    for c in found {
        let ids = if c.ids.is_empty() {
            "none".to_owned()
        } else {
            c.ids
                .iter()
                .map(|id| match to.get(id) {
                    Some(t) => format!("{} ({})", style.bold(id), level_text(t.level)),
                    None => clean(id),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let relation = c.relation.map_or("new", |r| r.as_str());
        writeln!(out, "  {name}: {ids} [{relation}] {}", clean(&c.why))?;
    }
    Ok(())
}

/// A requirement of one version asked about in another: what it became there, then each counterpart explained.
fn explain_counterparts(
    catalog: &Catalog,
    from: &Referential,
    q: &Requirement,
    to: &Referential,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "{} is a requirement of {}; in {}:",
        style.bold(&q.id),
        referential_name(&from.id, &from.version),
        referential_name(&to.id, &to.version)
    )?;
    counterpart_lines(catalog, from, q, to, style, out)?;
    let ids: Vec<String> = catalog
        .concordance
        .counterparts(&from.key, &q.id, &to.key)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|c| c.ids)
        .collect();
    for id in ids {
        if let Some(target) = to.get(&id) {
            writeln!(out)?;
            explain_requirement(catalog, to, target, style, out)?;
        }
    }
    Ok(())
}

fn explain_rule(
    catalog: &Catalog,
    rule: &Rule,
    version: &str,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut policy = Policy::default();
    policy.cct_version = version.to_owned();
    let severity = policy.severity(rule, catalog);
    writeln!(out, "{} — {}", style.bold(&rule.id), clean(&rule.title))?;
    writeln!(out, "{}: {}", style.bold("kind"), rule.kind)?;
    let origin = if rule.severity.is_some() {
        "set by the rule"
    } else {
        "from its requirements' levels"
    };
    writeln!(
        out,
        "{}: {} ({origin})",
        style.bold("severity"),
        style.severity(severity, severity.as_str())
    )?;
    if !rule.enabled {
        writeln!(
            out,
            "{}: off by default; enable it in the configuration",
            style.bold("enabled")
        )?;
    }
    if let Some(since) = &rule.since {
        let version = catalog
            .referential(CCT, since)
            .map_or(since.as_str(), |r| r.version.as_str());
        writeln!(
            out,
            "{}: CCT {version}; off when judging against an older version",
            style.bold("since")
        )?;
    }
    if let Some(platform) = &rule.platform {
        writeln!(out, "{}: {}", style.bold("platform"), clean(platform))?;
    }
    if let Some(guideline) = &rule.guideline {
        writeln!(out, "{}: {}", style.bold("guideline"), clean(guideline))?;
    }
    writeln!(out)?;
    for (title, text, code) in [
        ("What it checks", &rule.what, false),
        ("Why", &rule.why, false),
        ("Bad", &rule.bad, true),
        ("Good", &rule.good, true),
        ("How to fix", &rule.fix, false),
    ] {
        heading(out, style, title)?;
        if code {
            for line in text.trim_end().lines() {
                writeln!(out, "    {}", clean(line))?;
            }
        } else {
            prose(out, text)?;
        }
        writeln!(out)?;
    }
    heading(out, style, "Requirements")?;
    let cited = rule.cites(policy.cct_key());
    if cited.is_empty() {
        writeln!(
            out,
            "  none: it counts against no requirement{}",
            rule.guideline
                .as_ref()
                .map(|g| format!(" and follows {}", clean(g)))
                .unwrap_or_default()
        )?;
    }
    for id in cited {
        match catalog.requirement(id, policy.cct_key()) {
            Some((referential, q)) => writeln!(
                out,
                "  {} ({}, {}): {}",
                style.bold(&q.id),
                level_text(q.level),
                referential_name(&referential.id, &referential.version),
                clean(&q.summary_en)
            )?,
            None => writeln!(out, "  {} (not in the shipped referentials)", clean(id))?,
        }
    }
    writeln!(out)?;
    heading(out, style, "Why each requirement (as declared)")?;
    for citation in &rule.citations {
        writeln!(
            out,
            "  {}: {}",
            style.bold(&citation.id),
            clean(&citation.why)
        )?;
        for (key, replacement) in &citation.versions {
            let ids = if replacement.ids.is_empty() {
                "none".to_owned()
            } else {
                replacement.ids.join(", ")
            };
            writeln!(out, "    in {key}: {ids} — {}", clean(&replacement.why))?;
        }
    }
    for other in catalog.referentials.iter().filter(|r| r.id == CCT) {
        if other.key == policy.cct_key() {
            continue;
        }
        let ids = rule.cites(&other.key);
        writeln!(
            out,
            "  under {}: {}",
            referential_name(&other.id, &other.version),
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            }
        )?;
    }
    Ok(())
}

fn heading(out: &mut dyn Write, style: &Style, title: &str) -> io::Result<()> {
    writeln!(out, "{}", style.note(title))
}

/// Writes text wrapped at [`WRAP_WIDTH`], indented by two spaces; blank lines separate paragraphs.
fn prose(out: &mut dyn Write, text: &str) -> io::Result<()> {
    for (i, paragraph) in text.trim().split("\n\n").enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WRAP_WIDTH - 2
            {
                writeln!(out, "  {}", clean(&line))?;
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            writeln!(out, "  {}", clean(&line))?;
        }
    }
    Ok(())
}
