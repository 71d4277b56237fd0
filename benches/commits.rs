//! Parse and check a generated 7,000-commit history (the size of a large public project's).

use cct_core::commit::{Commit, CommitInput};
use cct_core::Policy;
use cct_core::{check_commits, check_message};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

/// Commits in the generated history.
const HISTORY: usize = 7_000;

fn history() -> Vec<CommitInput> {
    let types = [
        "feat", "fix", "docs", "chore", "refactor", "test", "perf", "ci", "build", "style",
    ];
    let scopes = ["api", "core", "cli", "parser", "ui", ""];
    (0..HISTORY)
        .map(|i| {
            let t = types[i % types.len()];
            let s = scopes[i % scopes.len()];
            let scope = if s.is_empty() { String::new() } else { format!("({s})") };
            let message = match i % 20 {
                0 => format!("Merge branch 'topic-{i}' into main\n"),
                1 => format!("Fix the thing number {i}.\n"),
                2 => format!("{t}{scope}!: change the format of record {i}\n\nBREAKING CHANGE: records {i} use the new layout; run the\n  migration before upgrading\nRefs: #{i}\n"),
                3 => format!("{t}{scope}: Update dependency number {i} to the latest version available upstream today\n"),
                _ => format!(
                    "{t}{scope}: handle case {i} in the request path\n\nThe handler returned early when the input was empty, which left\nthe report without its summary block and broke the JSON contract.\n\nReviewed-by: Ada <ada@example.org>\nRefs: #{i}\n"
                ),
            };
            CommitInput::new(format!("{i:040x}"), message)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let commits = history();
    let policy = Policy::default();
    c.bench_function("parse 7000 commits", |b| {
        b.iter(|| {
            commits
                .iter()
                .map(|c| Commit::parse(black_box(&c.message)).footers.len())
                .sum::<usize>()
        })
    });
    c.bench_function("check 7000 commits", |b| {
        b.iter(|| check_commits(black_box(&commits), &policy))
    });
    let message = "feat(api): add pagination\n\nLists return 50 items and a `next` link.\n\n# Please enter the commit message for your changes.\n";
    c.bench_function("check one message", |b| {
        b.iter(|| check_message(black_box(message), &policy))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
