//! `cct rules` and `cct requirements`: the embedded catalog, as text or JSON.
//!
//! The JSON shapes are described by `schemas/catalog.schema.json`.

use std::io::{self, Write};

use cct_core::catalog::{catalog, Catalog, CCT, DEFAULT_CCT_VERSION, DOMINO_X};
use cct_core::requirement::{Automation, Referential, Requirement};
use cct_core::rule::Rule;
use cct_core::{ArtefactKind, Policy, Severity};
use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::kind_arg::KindArg;
use crate::render::{clean, level_text, referential_name};
use crate::style::Style;
use crate::{Format, EXIT_OK};

/// Version of the JSON shape of `cct rules` and `cct requirements`.
pub const CATALOG_FORMAT_VERSION: &str = "1";

/// Arguments of `cct rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only the rules of this artefact kind.
    #[arg(long, value_enum, default_value_t = KindArg::Auto, hide_default_value = true)]
    pub kind: KindArg,
}

/// Arguments of `cct requirements`.
#[derive(Debug, Args)]
pub struct RequirementsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only this referential (default: both).
    #[arg(long, value_enum)]
    pub referential: Option<ReferentialArg>,
}

/// `--referential` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReferentialArg {
    /// The CCT Cloud Native (EX1…).
    Cct,
    /// The Domino-X guideline (DX-…).
    DominoX,
}

impl ReferentialArg {
    fn family(self) -> &'static str {
        match self {
            ReferentialArg::Cct => CCT,
            ReferentialArg::DominoX => DOMINO_X,
        }
    }
}

/// One rule in `cct rules --format json`: the catalog entry plus its severity under the default policy.
#[derive(Debug, Serialize)]
pub struct RuleEntry<'a> {
    /// The catalog entry.
    #[serde(flatten)]
    pub rule: &'a Rule,
    /// Severity of its findings under the default policy.
    pub default_severity: Severity,
}

/// `cct rules --format json`.
#[derive(Debug, Serialize)]
struct RulesDocument<'a> {
    format: &'static str,
    version: &'static str,
    rules: Vec<RuleEntry<'a>>,
}

/// `cct requirements --format json`.
#[derive(Debug, Serialize)]
struct RequirementsDocument<'a> {
    format: &'static str,
    version: &'static str,
    referentials: Vec<ReferentialHeader<'a>>,
    requirements: Vec<RequirementEntry<'a>>,
}

/// A referential without its requirements.
#[derive(Debug, Serialize)]
struct ReferentialHeader<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    date: Option<&'a str>,
    source: &'a str,
}

/// One requirement in `cct requirements --format json`: where it comes from,
/// the requirement as the referential gives it, and the rules proving it.
#[derive(Debug, Serialize)]
pub struct RequirementEntry<'a> {
    /// Referential family (`cct`, `domino-x`).
    pub referential: &'a str,
    /// Referential version (`alpha.V1`).
    pub version: &'a str,
    /// The requirement.
    #[serde(flatten)]
    pub requirement: &'a Requirement,
    /// Built-in rules that give evidence for it, by id.
    pub rules: Vec<&'a str>,
}

/// The referentials a check is judged against by default (the default CCT
/// version and the latest Domino-X), optionally one family only.
pub fn default_referentials<'c>(catalog: &'c Catalog, only: Option<&str>) -> Vec<&'c Referential> {
    [
        catalog.referential(CCT, DEFAULT_CCT_VERSION),
        catalog.referentials.iter().rfind(|r| r.id == DOMINO_X),
    ]
    .into_iter()
    .flatten()
    .filter(|r| only.is_none_or(|f| r.id == f))
    .collect()
}

/// The rules of kind `kind` (all for `None`), sorted by id, with their default severity.
pub fn rule_entries(kind: Option<ArtefactKind>) -> Vec<RuleEntry<'static>> {
    let catalog = catalog();
    let policy = Policy::default();
    catalog
        .rules
        .iter()
        .filter(|r| kind.is_none_or(|k| r.kind == k))
        .map(|rule| RuleEntry {
            rule,
            default_severity: policy.severity(rule, catalog),
        })
        .collect()
}

/// `automated`, `partial` or `manual`.
pub fn automation_text(automation: Automation) -> &'static str {
    match automation {
        Automation::Automated => "automated",
        Automation::Partial => "partial",
        Automation::Manual => "manual",
    }
}

/// Runs `cct rules`.
pub fn rules(args: &RulesArgs, style: &Style, out: &mut dyn Write) -> io::Result<u8> {
    let entries = rule_entries(args.kind.forced());
    if args.format == Format::Json {
        let doc = RulesDocument {
            format: CATALOG_FORMAT_VERSION,
            version: env!("CARGO_PKG_VERSION"),
            rules: entries,
        };
        writeln!(out, "{}", to_json(&doc))?;
        return Ok(EXIT_OK);
    }
    let id_width = entries.iter().map(|e| e.rule.id.len()).max().unwrap_or(0);
    for e in &entries {
        let r = e.rule;
        let severity = format!("{:<7}", e.default_severity.as_str());
        writeln!(
            out,
            "{}  {}  {:<16}  {}{}",
            style.bold(format_args!("{:<id_width$}", r.id)),
            style.severity(e.default_severity, severity),
            r.requirements.join(","),
            clean(&r.title),
            if r.enabled {
                String::new()
            } else {
                style.dim(" (off by default)")
            },
        )?;
    }
    writeln!(
        out,
        "{} rules; `cct explain <rule>` for details",
        entries.len()
    )?;
    Ok(EXIT_OK)
}

/// Runs `cct requirements`.
pub fn requirements(args: &RequirementsArgs, style: &Style, out: &mut dyn Write) -> io::Result<u8> {
    let catalog = catalog();
    let referentials = default_referentials(catalog, args.referential.map(ReferentialArg::family));
    if args.format == Format::Json {
        let doc = RequirementsDocument {
            format: CATALOG_FORMAT_VERSION,
            version: env!("CARGO_PKG_VERSION"),
            referentials: referentials
                .iter()
                .map(|r| ReferentialHeader {
                    id: &r.id,
                    title: &r.title,
                    version: &r.version,
                    date: r.date.as_deref(),
                    source: &r.source,
                })
                .collect(),
            requirements: referentials
                .iter()
                .flat_map(|r| {
                    r.requirements.iter().map(move |q| RequirementEntry {
                        referential: &r.id,
                        version: &r.version,
                        requirement: q,
                        rules: catalog
                            .rules_for(&q.id)
                            .map(|rule| rule.id.as_str())
                            .collect(),
                    })
                })
                .collect(),
        };
        writeln!(out, "{}", to_json(&doc))?;
        return Ok(EXIT_OK);
    }
    for (i, referential) in referentials.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} — {} ({} requirements)",
            style.bold(referential_name(&referential.id, &referential.version)),
            clean(&referential.title),
            referential.requirements.len()
        )?;
        let id_width = referential
            .requirements
            .iter()
            .map(|q| q.id.len())
            .max()
            .unwrap_or(0);
        for q in &referential.requirements {
            let rules = catalog.rules_for(&q.id).count();
            let rules = match rules {
                0 => String::new(),
                1 => " [1 rule]".to_owned(),
                n => format!(" [{n} rules]"),
            };
            writeln!(
                out,
                "{}  {}  {:<9}  {}{}",
                style.bold(format_args!("{:<id_width$}", q.id)),
                level_text(q.level),
                automation_text(q.automation),
                clean(&q.summary_en),
                style.note(rules),
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// Pretty JSON; the catalog types always serialise.
pub fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
