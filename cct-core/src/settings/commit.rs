//! How commit messages are judged: the commitlint `config-conventional` values, configurable.

use serde::{Deserialize, Serialize};

/// The types `@commitlint/config-conventional` allows.
pub const CONVENTIONAL_TYPES: [&str; 11] = [
    "build", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert", "style", "test",
];

/// Longest header, in characters, under `config-conventional` (`header-max-length`).
pub const DEFAULT_HEADER_MAX_LENGTH: usize = 100;
/// Longest body line, in characters, under `config-conventional` (`body-max-line-length`).
pub const DEFAULT_BODY_MAX_LINE_LENGTH: usize = 100;
/// Longest footer line, in characters, under `config-conventional` (`footer-max-line-length`).
pub const DEFAULT_FOOTER_MAX_LINE_LENGTH: usize = 100;

/// A letter case, named as commitlint names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Case {
    /// `lower case`
    LowerCase,
    /// `UPPER CASE`
    UpperCase,
    /// `camelCase`
    CamelCase,
    /// `kebab-case`
    KebabCase,
    /// `PascalCase`
    PascalCase,
    /// `Sentence case` (first letter upper case)
    SentenceCase,
    /// `snake_case`
    SnakeCase,
    /// `Start Case` (every word capitalised)
    StartCase,
}

impl Case {
    /// The commitlint name (`lower-case`).
    pub fn as_str(self) -> &'static str {
        match self {
            Case::LowerCase => "lower-case",
            Case::UpperCase => "upper-case",
            Case::CamelCase => "camel-case",
            Case::KebabCase => "kebab-case",
            Case::PascalCase => "pascal-case",
            Case::SentenceCase => "sentence-case",
            Case::SnakeCase => "snake-case",
            Case::StartCase => "start-case",
        }
    }
}

/// Whether a case rule requires one of its cases (`always`) or forbids all of them (`never`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum When {
    /// The text must be in one of the cases.
    Always,
    /// The text must be in none of the cases.
    Never,
}

/// A commitlint case rule: `[level, when, cases]` without the level (the level is the rule's severity).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseRule {
    /// `always` or `never`.
    pub when: When,
    /// The cases.
    pub cases: Vec<Case>,
}

impl CaseRule {
    /// `always` one of `cases`.
    pub fn always(cases: &[Case]) -> Self {
        CaseRule {
            when: When::Always,
            cases: cases.to_vec(),
        }
    }

    /// `never` any of `cases`.
    pub fn never(cases: &[Case]) -> Self {
        CaseRule {
            when: When::Never,
            cases: cases.to_vec(),
        }
    }

    /// What the rule asks, for messages: `be lower-case`, `not be sentence-case, start-case or upper-case`.
    pub fn describe(&self) -> String {
        let list: Vec<&str> = self.cases.iter().map(|c| c.as_str()).collect();
        let list = match list.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => list.join(""),
        };
        match self.when {
            When::Always => format!("be {list}"),
            When::Never => format!("not be {list}"),
        }
    }
}

/// Commit message settings, the commitlint way: what `config-conventional` sets, each value
/// overridable. Rule levels (commitlint's 0/1/2) are the policy's per-rule
/// `enabled`/`severity` (`commit/body-leading-blank: {severity: error}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommitSettings {
    /// Allowed types (`type-enum`).
    pub types: Vec<String>,
    /// Case of the type (`type-case`), default `always lower-case`.
    pub type_case: CaseRule,
    /// Case of each scope segment (`scope-case`); none by default, as in
    /// config-conventional since 12.1.1 (set it to opt in: `{when: always, cases: [lower-case]}`).
    pub scope_case: Option<CaseRule>,
    /// Case of the subject (`subject-case`), default `never sentence-case, start-case, pascal-case, upper-case`.
    pub subject_case: CaseRule,
    /// The character the header must not end with (`subject-full-stop`), default `.`.
    pub subject_full_stop: String,
    /// Longest header in characters (`header-max-length`), default 100.
    pub header_max_length: usize,
    /// Longest body line in characters (`body-max-line-length`), default 100; lines holding a URL are exempt.
    pub body_max_line_length: usize,
    /// Longest footer line in characters (`footer-max-line-length`), default 100; lines holding a URL are exempt.
    pub footer_max_line_length: usize,
    /// Skip merge commits (`Merge branch …`, `Merge pull request …`), default true.
    pub ignore_merges: bool,
    /// Skip git-generated reverts (`Revert "…"`, `Reapply "…"`), default true.
    pub ignore_reverts: bool,
    /// Skip `fixup!`, `squash!` and `amend!` commits, default true.
    pub ignore_fixups: bool,
    /// Skip release commits whose header is a version (`1.4.2`, `chore(release): v1.4.2`), default true.
    pub ignore_releases: bool,
    /// Skip a commit whose header is `Initial commit` (what forges generate), default false:
    /// commitlint's default ignores do not skip it.
    pub ignore_initial: bool,
    /// Verify signatures when reading a history (`cct commits --verify-signatures`), default
    /// false: whether and how each commit is signed is read without a verifier.
    pub verify_signatures: bool,
    /// Only the commits touching these paths (`git log -- <path>…`), relative to the
    /// repository's top folder (a monorepo's package: `[packages/api]`); empty: every commit.
    pub paths: Vec<String>,
    /// The prefix of this package's release tags (`api@` for `api@1.2.3`, `api-v` for
    /// `api-v1.2.3`); `None`: `v1.2.3` or `1.2.3`.
    pub tag_prefix: Option<String>,
    /// What `cct commits --changelog` writes.
    pub changelog: ChangelogSettings,
}

/// The URL shapes of a forge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ForgeKind {
    /// GitHub (and Gitea, Forgejo, which share its shapes): `/commit/<sha>`,
    /// `/issues/<n>`, `/compare/<a>...<b>`.
    Github,
    /// GitLab, gitlab.com or self-hosted: `/-/commit/<sha>`, `/-/issues/<n>`,
    /// `/-/compare/<a>...<b>` (GitLab 16 removed the forms without `/-/`).
    Gitlab,
}

/// The changelog's sections and links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChangelogSettings {
    /// Sections by type, in order, as the `conventionalcommits` preset's `types`
    /// (default: the preset's: Features, Bug Fixes, Performance Improvements,
    /// Reverts shown; Documentation, Styles, Miscellaneous Chores, Code
    /// Refactoring, Tests, Build System, Continuous Integration hidden).
    pub types: Vec<ChangelogType>,
    /// The forge's URL shapes when the remote's host does not tell
    /// (a self-hosted GitLab at `git.example.com`): `github` or `gitlab`.
    pub forge: Option<ForgeKind>,
    /// The repository's web address, when the `origin` remote is not it
    /// (`https://gitlab.example.com/group/proj`); links are built from it.
    pub url: Option<String>,
}

/// One section of the changelog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangelogType {
    /// The commit type (`feat`), lower case.
    #[serde(rename = "type")]
    pub r#type: String,
    /// The section's title (`Features`).
    pub section: String,
    /// Left out of the changelog (its commits still show when they carry a breaking note).
    #[serde(default)]
    pub hidden: bool,
}

impl Default for ChangelogSettings {
    fn default() -> Self {
        let t = |kind: &str, section: &str, hidden: bool| ChangelogType {
            r#type: kind.to_owned(),
            section: section.to_owned(),
            hidden,
        };
        ChangelogSettings {
            types: vec![
                t("feat", "Features", false),
                t("feature", "Features", false),
                t("fix", "Bug Fixes", false),
                t("perf", "Performance Improvements", false),
                t("revert", "Reverts", false),
                t("docs", "Documentation", true),
                t("style", "Styles", true),
                t("chore", "Miscellaneous Chores", true),
                t("refactor", "Code Refactoring", true),
                t("test", "Tests", true),
                t("build", "Build System", true),
                t("ci", "Continuous Integration", true),
            ],
            forge: None,
            url: None,
        }
    }
}

impl Default for CommitSettings {
    fn default() -> Self {
        CommitSettings {
            types: CONVENTIONAL_TYPES.iter().map(|t| (*t).to_owned()).collect(),
            type_case: CaseRule::always(&[Case::LowerCase]),
            scope_case: None,
            subject_case: CaseRule::never(&[
                Case::SentenceCase,
                Case::StartCase,
                Case::PascalCase,
                Case::UpperCase,
            ]),
            subject_full_stop: ".".to_owned(),
            header_max_length: DEFAULT_HEADER_MAX_LENGTH,
            body_max_line_length: DEFAULT_BODY_MAX_LINE_LENGTH,
            footer_max_line_length: DEFAULT_FOOTER_MAX_LINE_LENGTH,
            ignore_merges: true,
            ignore_reverts: true,
            ignore_fixups: true,
            ignore_releases: true,
            ignore_initial: false,
            verify_signatures: false,
            paths: Vec::new(),
            tag_prefix: None,
            changelog: ChangelogSettings::default(),
        }
    }
}
