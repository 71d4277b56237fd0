//! `cct requirements --diff OLD..NEW`: what changed between two CCT versions, rendered from the
//! core's concordance ([`cct_core::concordance::Pair::diff`]).

use std::io::{self, Write};

use cct_core::catalog::Catalog;
use cct_core::concordance::Mapping;
use serde::Serialize;

use crate::catalog::{to_json, CATALOG_FORMAT_VERSION};
use crate::render::{clean, level_text, referential_name};
use crate::style::Style;
use crate::{Format, EXIT_OK, EXIT_USAGE};

/// `cct requirements --diff --format json`.
#[derive(Debug, Serialize)]
struct DiffDocument<'a> {
    format: &'static str,
    version: &'static str,
    diff: &'a cct_core::concordance::Diff,
}

/// Runs `cct requirements --diff OLD..NEW`.
pub fn run(
    catalog: &Catalog,
    range: &str,
    format: Format,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<u8> {
    let Some((old, new)) = range.split_once("..") else {
        eprintln!("cct: error: --diff takes two CCT versions `OLD..NEW`, e.g. `alpha-v1..beta-2024-06-23`, not `{}`", clean(range));
        return Ok(EXIT_USAGE);
    };
    let (older, newer) = match (catalog.cct_referential(old), catalog.cct_referential(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("cct: error: --diff: {e}");
            return Ok(EXIT_USAGE);
        }
    };
    let Some(pair) = catalog.concordance.pair(&older.key, &newer.key) else {
        let known: Vec<String> = catalog
            .concordance
            .pairs
            .iter()
            .map(|p| format!("`{}..{}`", p.from, p.to))
            .collect();
        eprintln!(
            "cct: error: --diff: no concordance from {} to {} (known: {})",
            older.key,
            newer.key,
            known.join(", ")
        );
        return Ok(EXIT_USAGE);
    };
    let diff = pair.diff(older, newer);
    if format == Format::Json {
        let doc = DiffDocument {
            format: CATALOG_FORMAT_VERSION,
            version: env!("CARGO_PKG_VERSION"),
            diff: &diff,
        };
        writeln!(out, "{}", to_json(&doc))?;
        return Ok(EXIT_OK);
    }
    writeln!(
        out,
        "{} → {}",
        style.bold(referential_name(&older.id, &older.version)),
        style.bold(referential_name(&newer.id, &newer.version))
    )?;
    let level = |r: &cct_core::requirement::Referential, id: &str| {
        level_text(r.get(id).and_then(|q| q.level))
    };
    writeln!(
        out,
        "\n{}",
        style.note(format!("Added ({})", diff.added.len()))
    )?;
    for n in &diff.added {
        writeln!(
            out,
            "  {} ({})  {}",
            style.bold(&n.id),
            level(newer, &n.id),
            clean(&n.why)
        )?;
    }
    writeln!(
        out,
        "\n{}",
        style.note(format!("Dropped ({})", diff.dropped.len()))
    )?;
    for m in &diff.dropped {
        writeln!(
            out,
            "  {} ({})  {}",
            style.bold(&m.from),
            level(older, &m.from),
            clean(&m.why)
        )?;
    }
    writeln!(
        out,
        "\n{}",
        style.note(format!("Merged ({})", diff.merged.len()))
    )?;
    for g in &diff.merged {
        let sources: Vec<String> = g
            .sources
            .iter()
            .map(|m| format!("{} ({})", m.from, level(older, &m.from)))
            .collect();
        writeln!(
            out,
            "  {} ({}) ← {}",
            style.bold(&g.into),
            level(newer, &g.into),
            sources.join(", ")
        )?;
        for m in &g.sources {
            writeln!(out, "    {}: {}", m.from, clean(&m.why))?;
        }
    }
    writeln!(
        out,
        "\n{}",
        style.note(format!("Split ({})", diff.split.len()))
    )?;
    for m in &diff.split {
        mapping_line(older, newer, m, style, out)?;
    }
    writeln!(
        out,
        "\n{}",
        style.note(format!("Re-levelled ({})", diff.relevelled.len()))
    )?;
    for r in &diff.relevelled {
        writeln!(
            out,
            "  {} {} → {} {}",
            style.bold(&r.from),
            level_text(r.from_level),
            style.bold(&r.to),
            level_text(r.to_level)
        )?;
    }
    writeln!(
        out,
        "\n{}",
        style.note(format!("Reworded ({})", diff.reworded.len()))
    )?;
    for m in &diff.reworded {
        mapping_line(older, newer, m, style, out)?;
    }
    writeln!(out, "\n{} unchanged", diff.same)?;
    Ok(EXIT_OK)
}

fn mapping_line(
    older: &cct_core::requirement::Referential,
    newer: &cct_core::requirement::Referential,
    m: &Mapping,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let to: Vec<String> =
        m.to.iter()
            .map(|id| {
                format!(
                    "{} ({})",
                    id,
                    level_text(newer.get(id).and_then(|q| q.level))
                )
            })
            .collect();
    writeln!(
        out,
        "  {} ({}) → {}  {}",
        style.bold(&m.from),
        level_text(older.get(&m.from).and_then(|q| q.level)),
        to.join(", "),
        clean(&m.why)
    )
}
