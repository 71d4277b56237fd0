//! What one GitLab CI file runs: the checks its includes, its jobs' reports and its jobs'
//! scripts show, each with the node that shows it.
//!
//! Nothing here follows an include: GitLab's own templates and components are recognised by
//! name, a `local` include is resolved by [`super::evaluate`] against the other pipeline files
//! of the check, and `project` / `remote` includes are listed as unread.

use crate::document::{pointer_index, pointer_join, Node};

/// The kinds of check a pipeline can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckKind {
    /// Static analysis of the code (SonarQube, Semgrep, GitLab Code Quality or SAST, linters).
    CodeAnalysis,
    /// Automated tests (a JUnit report, `pytest`, `cargo test`, `npm test`, …).
    Tests,
    /// Security scans (SAST, dependency, secret or container scanning).
    Security,
    /// Test coverage published to GitLab (`coverage:` or a `coverage_report`).
    Coverage,
    /// A scan of the dependencies for known vulnerabilities (CVEs).
    DependencyScan,
}

impl CheckKind {
    /// How messages name the kind.
    pub fn describe(self) -> &'static str {
        match self {
            CheckKind::CodeAnalysis => "code analysis (code quality or static analysis)",
            CheckKind::Tests => "automated tests",
            CheckKind::Security => "security scan",
            CheckKind::Coverage => "test coverage",
            CheckKind::DependencyScan => "dependency vulnerability (CVE) scan",
        }
    }
}

/// One check found, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The kind of check.
    pub kind: CheckKind,
    /// The JSON pointer of the node that shows it.
    pub pointer: String,
    /// What shows it, in words (`template \`Security/SAST.gitlab-ci.yml\``).
    pub what: String,
}

/// An include cct does not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// `local`, `project`, `remote`, `template` or `component`.
    pub how: &'static str,
    /// The file, URL, template or component it names.
    pub target: String,
}

/// What one pipeline file shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Checks {
    /// Every check found, in document order.
    pub evidence: Vec<Evidence>,
    /// Every include that is not one of GitLab's check templates or components.
    pub includes: Vec<Include>,
}

impl Checks {
    /// Whether a check of `kind` was found.
    pub fn has(&self, kind: CheckKind) -> bool {
        self.evidence.iter().any(|e| e.kind == kind)
    }

    /// The local files this one includes (paths as written, leading `/` removed).
    pub fn local_includes(&self) -> impl Iterator<Item = &str> {
        self.includes
            .iter()
            .filter(|i| i.how == "local")
            .map(|i| i.target.trim_start_matches('/'))
    }
}

/// Top-level keys of a GitLab CI file that are not jobs.
pub const GLOBAL_KEYWORDS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "spec",
];

/// GitLab templates and components by name (lower case, without folder nor
/// `.gitlab-ci.yml` / `.latest`): the checks each one adds.
const TEMPLATES: &[(&str, &[CheckKind])] = &[
    ("sast", &[CheckKind::CodeAnalysis, CheckKind::Security]),
    ("sast-iac", &[CheckKind::Security]),
    ("code-quality", &[CheckKind::CodeAnalysis]),
    ("code_quality", &[CheckKind::CodeAnalysis]),
    (
        "dependency-scanning",
        &[CheckKind::Security, CheckKind::DependencyScan],
    ),
    (
        "dependency_scanning",
        &[CheckKind::Security, CheckKind::DependencyScan],
    ),
    ("secret-detection", &[CheckKind::Security]),
    ("secret_detection", &[CheckKind::Security]),
    ("container-scanning", &[CheckKind::Security]),
    ("container_scanning", &[CheckKind::Security]),
    ("dast", &[CheckKind::Security]),
    ("test", &[CheckKind::Tests]),
    (
        "auto-devops",
        &[
            CheckKind::CodeAnalysis,
            CheckKind::Tests,
            CheckKind::Security,
            CheckKind::DependencyScan,
        ],
    ),
];

/// `artifacts:reports` keys and the checks they publish.
const REPORTS: &[(&str, &[CheckKind])] = &[
    ("junit", &[CheckKind::Tests]),
    ("codequality", &[CheckKind::CodeAnalysis]),
    ("sast", &[CheckKind::CodeAnalysis, CheckKind::Security]),
    (
        "dependency_scanning",
        &[CheckKind::Security, CheckKind::DependencyScan],
    ),
    ("container_scanning", &[CheckKind::Security]),
    ("secret_detection", &[CheckKind::Security]),
    ("dast", &[CheckKind::Security]),
    ("coverage_report", &[CheckKind::Coverage, CheckKind::Tests]),
    ("cobertura", &[CheckKind::Coverage, CheckKind::Tests]),
];

/// Tools recognised in a script: the program (compared with a word's file name), an optional
/// sub-command that must follow it in the same command, and the checks it runs.
#[rustfmt::skip]
const TOOLS: &[(&str, Option<&str>, &[CheckKind])] = &[
    ("sonar-scanner", None, &[CheckKind::CodeAnalysis]),
    ("sonar:sonar", None, &[CheckKind::CodeAnalysis]),
    ("sonar", Some("-Dsonar"), &[CheckKind::CodeAnalysis]),
    ("semgrep", None, &[CheckKind::CodeAnalysis, CheckKind::Security]),
    ("eslint", None, &[CheckKind::CodeAnalysis]),
    ("ruff", Some("check"), &[CheckKind::CodeAnalysis]),
    ("flake8", None, &[CheckKind::CodeAnalysis]),
    ("pylint", None, &[CheckKind::CodeAnalysis]),
    ("mypy", None, &[CheckKind::CodeAnalysis]),
    ("golangci-lint", None, &[CheckKind::CodeAnalysis]),
    ("staticcheck", None, &[CheckKind::CodeAnalysis]),
    ("go", Some("vet"), &[CheckKind::CodeAnalysis]),
    ("cargo", Some("clippy"), &[CheckKind::CodeAnalysis]),
    ("phpstan", None, &[CheckKind::CodeAnalysis]),
    ("checkstyle:check", None, &[CheckKind::CodeAnalysis]),
    ("spotbugs:check", None, &[CheckKind::CodeAnalysis]),
    ("scan-build", None, &[CheckKind::CodeAnalysis]),
    ("cppcheck", None, &[CheckKind::CodeAnalysis]),
    ("clang-tidy", None, &[CheckKind::CodeAnalysis]),
    ("shellcheck", None, &[CheckKind::CodeAnalysis]),
    ("hadolint", None, &[CheckKind::CodeAnalysis]),
    ("rubocop", None, &[CheckKind::CodeAnalysis]),
    ("ktlint", None, &[CheckKind::CodeAnalysis]),
    ("detekt", None, &[CheckKind::CodeAnalysis]),
    ("pre-commit", Some("run"), &[CheckKind::CodeAnalysis]),
    ("npm", Some("lint"), &[CheckKind::CodeAnalysis]),
    ("yarn", Some("lint"), &[CheckKind::CodeAnalysis]),
    ("pnpm", Some("lint"), &[CheckKind::CodeAnalysis]),
    ("make", Some("lint"), &[CheckKind::CodeAnalysis]),
    ("bandit", None, &[CheckKind::CodeAnalysis, CheckKind::Security]),
    ("gosec", None, &[CheckKind::CodeAnalysis, CheckKind::Security]),
    ("trivy", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("grype", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("osv-scanner", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("npm", Some("audit"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("yarn", Some("audit"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("pnpm", Some("audit"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("pip-audit", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("safety", Some("check"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("safety", Some("scan"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("cargo", Some("audit"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("cargo", Some("deny"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("govulncheck", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("dependency-check", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("dependency-check.sh", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("dependency-check:check", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("snyk", Some("test"), &[CheckKind::Security, CheckKind::DependencyScan]),
    ("bundle-audit", None, &[CheckKind::Security, CheckKind::DependencyScan]),
    ("gitleaks", None, &[CheckKind::Security]),
    ("trufflehog", None, &[CheckKind::Security]),
    ("detect-secrets", None, &[CheckKind::Security]),
    ("pytest", None, &[CheckKind::Tests]),
    ("tox", None, &[CheckKind::Tests]),
    ("nox", None, &[CheckKind::Tests]),
    ("phpunit", None, &[CheckKind::Tests]),
    ("jest", None, &[CheckKind::Tests]),
    ("vitest", None, &[CheckKind::Tests]),
    ("ctest", None, &[CheckKind::Tests]),
    ("unittest", None, &[CheckKind::Tests]),
    ("nose", None, &[CheckKind::Tests]),
    ("nose2", None, &[CheckKind::Tests]),
    ("rspec", None, &[CheckKind::Tests]),
    ("cargo", Some("test"), &[CheckKind::Tests]),
    ("cargo", Some("nextest"), &[CheckKind::Tests]),
    ("npm", Some("test"), &[CheckKind::Tests]),
    ("npm", Some("t"), &[CheckKind::Tests]),
    ("yarn", Some("test"), &[CheckKind::Tests]),
    ("pnpm", Some("test"), &[CheckKind::Tests]),
    ("mvn", Some("test"), &[CheckKind::Tests]),
    ("mvn", Some("verify"), &[CheckKind::Tests]),
    ("mvn", Some("package"), &[CheckKind::Tests]),
    ("mvn", Some("install"), &[CheckKind::Tests]),
    ("mvnw", Some("test"), &[CheckKind::Tests]),
    ("mvnw", Some("verify"), &[CheckKind::Tests]),
    ("gradle", Some("test"), &[CheckKind::Tests]),
    ("gradle", Some("check"), &[CheckKind::Tests]),
    ("gradle", Some("build"), &[CheckKind::Tests]),
    ("gradlew", Some("test"), &[CheckKind::Tests]),
    ("gradlew", Some("check"), &[CheckKind::Tests]),
    ("gradlew", Some("build"), &[CheckKind::Tests]),
    ("go", Some("test"), &[CheckKind::Tests]),
    ("dotnet", Some("test"), &[CheckKind::Tests]),
    ("make", Some("test"), &[CheckKind::Tests]),
    ("make", Some("check"), &[CheckKind::Tests]),
    ("stack", Some("test"), &[CheckKind::Tests]),
    ("cabal", Some("test"), &[CheckKind::Tests]),
    ("meson", Some("test"), &[CheckKind::Tests]),
];

/// Words that, in a job's name, say the job analyses the code (`lint`, `static_code_analysis`,
/// `sonarqube`); a name saying `test` is not enough for tests (`build_image_test` builds).
const ANALYSIS_JOB_WORDS: &[&str] = &[
    "lint",
    "static",
    "analysis",
    "sonar",
    "code_quality",
    "code-quality",
];

/// Package managers: a command `<manager> install …` or `<manager> add …` installs a tool, it
/// does not run it (`pip install flake8`).
const INSTALLERS: &[&str] = &[
    "pip", "pip3", "pipx", "uv", "poetry", "apt", "apt-get", "apk", "yum", "dnf", "microdnf",
    "brew", "gem", "conda", "choco",
];

/// Shell words that separate commands in a script line.
const SEPARATORS: &[&str] = &["&&", "||", ";", "|", "&"];

/// Reads what the pipeline document `root` runs.
pub fn read(root: &Node) -> Checks {
    let mut checks = Checks::default();
    if let Some(include) = root.get("include") {
        read_includes(include, "/include", &mut checks);
    }
    for (key, job) in root.entries() {
        let Some(name) = key.as_str() else {
            continue;
        };
        if GLOBAL_KEYWORDS.contains(&name) || !job.is_map() {
            continue;
        }
        let pointer = pointer_join("", name);
        // A child pipeline (`trigger: include:`) runs with this one: its files are includes.
        if let Some(include) = job.get_path(&["trigger", "include"]) {
            read_includes(
                include,
                &pointer_join(&pointer_join(&pointer, "trigger"), "include"),
                &mut checks,
            );
        }
        let lower = name.to_ascii_lowercase();
        if !name.starts_with('.') && ANALYSIS_JOB_WORDS.iter().any(|w| lower.contains(w)) {
            checks.evidence.push(Evidence {
                kind: CheckKind::CodeAnalysis,
                pointer: pointer.clone(),
                what: format!("the job `{name}`"),
            });
        }
        read_job(job, &pointer, &mut checks);
    }
    if let Some(default) = root.get("default") {
        read_job(default, "/default", &mut checks);
    }
    checks
}

/// The name of a template or component, lower case, without folder, version nor suffix.
fn template_name(target: &str) -> String {
    let target = target.split('@').next().unwrap_or(target);
    let base = target
        .rsplit('/')
        .next()
        .unwrap_or(target)
        .to_ascii_lowercase();
    let base = base.strip_suffix(".yml").unwrap_or(&base);
    let base = base.strip_suffix(".gitlab-ci").unwrap_or(base);
    base.strip_suffix(".latest").unwrap_or(base).to_owned()
}

fn read_includes(node: &Node, pointer: &str, checks: &mut Checks) {
    if node.is_seq() {
        for (i, item) in node.items().iter().enumerate() {
            read_includes(item, &pointer_index(pointer, i), checks);
        }
        return;
    }
    if let Some(text) = node.as_str() {
        let how = if text.starts_with("http://") || text.starts_with("https://") {
            "remote"
        } else {
            "local"
        };
        checks.includes.push(Include {
            how,
            target: text.to_owned(),
        });
        return;
    }
    for how in ["template", "component"] {
        if let Some(target) = node.get(how).and_then(Node::as_str) {
            let name = template_name(target);
            match TEMPLATES.iter().find(|(n, _)| *n == name) {
                Some((_, kinds)) => {
                    for kind in *kinds {
                        checks.evidence.push(Evidence {
                            kind: *kind,
                            pointer: pointer_join(pointer, how),
                            what: format!("{how} `{target}`"),
                        });
                    }
                }
                None => checks.includes.push(Include {
                    how,
                    target: target.to_owned(),
                }),
            }
            return;
        }
    }
    if let Some(local) = node.get("local").and_then(Node::as_str) {
        checks.includes.push(Include {
            how: "local",
            target: local.to_owned(),
        });
    } else if let Some(remote) = node.get("remote").and_then(Node::as_str) {
        checks.includes.push(Include {
            how: "remote",
            target: remote.to_owned(),
        });
    } else if let Some(project) = node.get("project").and_then(Node::as_str) {
        let files: Vec<String> = match node.get("file") {
            Some(f) if f.is_seq() => f.items().iter().filter_map(Node::scalar_text).collect(),
            Some(f) => f.scalar_text().into_iter().collect(),
            None => Vec::new(),
        };
        checks.includes.push(Include {
            how: "project",
            target: format!("{project}: {}", files.join(", ")),
        });
    }
}

fn read_job(job: &Node, pointer: &str, checks: &mut Checks) {
    if job.get("coverage").is_some_and(|c| !c.is_null()) {
        checks.evidence.push(Evidence {
            kind: CheckKind::Coverage,
            pointer: pointer_join(pointer, "coverage"),
            what: "`coverage:`".to_owned(),
        });
    }
    if let Some(reports) = job.get_path(&["artifacts", "reports"]) {
        let base = pointer_join(&pointer_join(pointer, "artifacts"), "reports");
        for (key, _) in reports.entries() {
            let Some(name) = key.as_str() else {
                continue;
            };
            if let Some((_, kinds)) = REPORTS.iter().find(|(n, _)| *n == name) {
                for kind in *kinds {
                    checks.evidence.push(Evidence {
                        kind: *kind,
                        pointer: pointer_join(&base, name),
                        what: format!("`artifacts:reports:{name}`"),
                    });
                }
            }
        }
    }
    for key in ["before_script", "script", "after_script"] {
        if let Some(script) = job.get(key) {
            read_script(script, &pointer_join(pointer, key), checks);
        }
    }
}

fn read_script(node: &Node, pointer: &str, checks: &mut Checks) {
    if node.is_seq() {
        for (i, item) in node.items().iter().enumerate() {
            read_script(item, &pointer_index(pointer, i), checks);
        }
        return;
    }
    let Some(text) = node.as_str() else {
        return;
    };
    for (tool, sub, kinds) in tools_in(text) {
        let shown = match sub {
            Some(sub) => format!("`{tool} {sub}`"),
            None => format!("`{tool}`"),
        };
        for kind in kinds {
            if !checks
                .evidence
                .iter()
                .any(|e| e.kind == *kind && e.pointer == pointer)
            {
                checks.evidence.push(Evidence {
                    kind: *kind,
                    pointer: pointer.to_owned(),
                    what: if tool == TEST_SCRIPT || tool == ANALYSIS_SCRIPT {
                        format!("{tool} run by the job")
                    } else {
                        format!("{shown} in a script")
                    },
                });
            }
        }
    }
}

/// The program a shell word runs, by file name, lower case (`./gradlew` → `gradlew`).
fn program(word: &str) -> String {
    let word = word.trim_matches(|c| c == '"' || c == '\'' || c == '(' || c == ')');
    word.rsplit('/').next().unwrap_or(word).to_ascii_lowercase()
}

/// The tools of [`TOOLS`] a script text runs.
fn tools_in(text: &str) -> Vec<(&'static str, Option<&'static str>, &'static [CheckKind])> {
    let mut found = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with("echo ") {
            continue;
        }
        let raw: Vec<&str> = line.split_whitespace().collect();
        let words: Vec<String> = raw.iter().map(|w| program(w)).collect();
        let mut start = 0;
        let mut commands: Vec<(&[String], &[&str])> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if SEPARATORS.contains(&w.as_str()) {
                commands.push((&words[start..i], &raw[start..i]));
                start = i + 1;
            }
        }
        commands.push((&words[start..], &raw[start..]));
        for (command, raw_command) in commands {
            let installs = command
                .iter()
                .position(|w| INSTALLERS.contains(&w.as_str()))
                .is_some_and(|at| {
                    command[at + 1..]
                        .iter()
                        .any(|w| w == "install" || w == "add")
                });
            if installs {
                continue;
            }
            for (tool, sub, kinds) in TOOLS {
                let Some(at) = command.iter().position(|w| w == tool) else {
                    continue;
                };
                let matched = match sub {
                    None => true,
                    Some(sub) => {
                        let sub = sub.to_ascii_lowercase();
                        command[at + 1..].iter().any(|w| {
                            *w == sub
                                || (sub.starts_with('-') && w.starts_with(&sub))
                                || w.strip_prefix(&format!("{sub}:")).is_some()
                        })
                    }
                };
                if matched && !found.iter().any(|(t, s, _)| t == tool && s == sub) {
                    found.push((*tool, *sub, *kinds));
                }
            }
            match project_script(raw_command) {
                Some(ScriptKind::Tests) if !found.iter().any(|(t, _, _)| *t == TEST_SCRIPT) => {
                    found.push((TEST_SCRIPT, None, &[CheckKind::Tests]));
                }
                Some(ScriptKind::Analysis)
                    if !found.iter().any(|(t, _, _)| *t == ANALYSIS_SCRIPT) =>
                {
                    found.push((ANALYSIS_SCRIPT, None, &[CheckKind::CodeAnalysis]));
                }
                _ => {}
            }
        }
    }
    found
}

/// How evidence names a project's own test script (`./ci/run-tests.sh`).
const TEST_SCRIPT: &str = "a test script";

/// How evidence names a project's own analysis script (`./ci/lint.sh`).
const ANALYSIS_SCRIPT: &str = "an analysis script";

/// What a project's own script says it does, by its file name.
enum ScriptKind {
    /// `test` in the name.
    Tests,
    /// `lint` or `analysis` in the name.
    Analysis,
}

/// What a command runs when it runs a project's own script: its first word (after
/// `VAR=value` assignments) is a path (`./run-tests.sh`, `tests/complete-ci-tests`,
/// `./test/static_code_analysis.sh`) whose file name says `test`, `lint` or `analysis`.
fn project_script(command: &[&str]) -> Option<ScriptKind> {
    let first = command.iter().find(|w| !w.contains('='))?;
    let first = first.trim_matches(|c| c == '"' || c == '\'');
    if !first.contains('/') {
        return None;
    }
    let name = program(first);
    if name.contains("lint") || name.contains("analysis") {
        Some(ScriptKind::Analysis)
    } else if name.contains("test") {
        Some(ScriptKind::Tests)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};

    fn checks(text: &str) -> Checks {
        read(&load_text(text, &Limits::default()).unwrap()[0].root)
    }

    #[test]
    fn templates_reports_and_scripts() {
        let c = checks(
            "include:\n  - template: Security/SAST.gitlab-ci.yml\n  - template: Jobs/Dependency-Scanning.latest.gitlab-ci.yml\n  - local: ci/build.yml\ntest:\n  script: [\"cd api && ./gradlew --no-daemon test\"]\n  coverage: '/Total.*?(\\d+%)/'\n",
        );
        assert!(c.has(CheckKind::CodeAnalysis) && c.has(CheckKind::Security));
        assert!(c.has(CheckKind::DependencyScan) && c.has(CheckKind::Tests));
        assert!(c.has(CheckKind::Coverage));
        assert_eq!(c.local_includes().collect::<Vec<_>>(), ["ci/build.yml"]);
    }

    #[test]
    fn echoed_or_unrelated_words_are_not_tools() {
        let c = checks("build:\n  script:\n    - echo run npm test later\n    - npm run build\n    - go build ./...\n");
        assert!(c.evidence.is_empty(), "{:?}", c.evidence);
        let c = checks(
            "docs:\n  before_script: [\"pip3 install flake8 pytest\"]\n  script: [make docs]\n",
        );
        assert!(c.evidence.is_empty(), "{:?}", c.evidence);
        let c = checks("t:\n  script: [cd tests && ./complete-ci-tests, CI=1 ./ci/run-tests.sh]\n");
        assert_eq!(c.evidence.len(), 2, "{:?}", c.evidence);
        assert!(c.evidence.iter().all(|e| e.kind == CheckKind::Tests));
        let c = checks("static_code_analysis:\n  script: ./check.sh\n");
        assert!(c.has(CheckKind::CodeAnalysis));
        let c = checks("t:\n  script: [./test/static_code_analysis.sh]\n");
        assert!(c.has(CheckKind::CodeAnalysis) && !c.has(CheckKind::Tests));
        let c = checks("t:\n  script: [cp images/api.test.Containerfile Dockerfile]\n");
        assert!(c.evidence.is_empty(), "{:?}", c.evidence);
        let c = checks("t:\n  script: npm run test:unit\n");
        assert!(c.has(CheckKind::Tests));
    }

    #[test]
    fn components_are_read_by_name() {
        let c = checks("include:\n  - component: $CI_SERVER_FQDN/components/secret-detection/secret-detection@1.1\n");
        assert!(c.has(CheckKind::Security));
        assert!(c.includes.is_empty());
    }
}
