//! The configuration file, `cct.yaml`: a [`Policy`] written in YAML (or JSON).
//!
//! ```yaml
//! extends: cloud-pi-native          # start from a shipped profile (optional)
//! rules:
//!   kube/no-host-port: {severity: warning}
//!   kube/container-port-above-1024: {enabled: false}
//! settings:
//!   allowed_registries: [registry.example.fr/]
//! derogations:
//!   - rule: kube/run-as-non-root
//!     paths: [deploy/legacy/**]
//!     justification: vendor image runs as root until v3 (ticket ARCH-142)
//!     granted_by: DNUM architecture board, decision 2025-17
//!     expires: 2026-06-30
//! custom_rules: []                  # see crate::custom
//! referential: cct@alpha-v1         # judge against another CCT version (default: the latest)
//! ```
//!
//! The file is read with the same positioned loader as the inputs, then
//! deserialized from its nodes: an unknown key, a wrong type, an unknown rule
//! or requirement id, an invalid date, glob or regular expression, or a
//! custom rule that can never match is an error with its line and column.
//! Nothing is ignored silently.
//!
//! A configuration that `extends` a profile is laid over the profile's own
//! file: mappings merge key by key (so `rules:` and `settings:` entries add
//! to or override the profile's), any other value replaces the profile's.

pub mod de;

use crate::catalog::{catalog, CCT};
use crate::custom::CustomRule;
use crate::document::{load_text, Limits, LoadError, Node, Pos, Value};
use crate::policy::Policy;
use crate::profile::{self, wildcard_match};
use crate::report::InputError;

/// The file name looked for when no configuration is given.
pub const CONFIG_FILE_NAMES: &[&str] = &["cct.yaml", "cct.yml", ".cct.yaml"];

/// Deepest chain of profiles extending profiles.
pub const MAX_EXTENDS_DEPTH: usize = 8;

/// Keys a profile file has besides the policy's own.
const PROFILE_KEYS: &[&str] = &["name", "description", "extends"];

/// Why a configuration (or profile) could not be read. Every variant that can be placed carries its position.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfigError {
    /// The file is not valid YAML or JSON.
    #[error("{path}{}: {source}", at(source.pos()))]
    Syntax {
        /// The configuration's path.
        path: String,
        /// What the loader said.
        source: LoadError,
    },
    /// A key, a value or a reference is wrong.
    #[error("{path}:{pos}: {message}")]
    Invalid {
        /// The configuration's path.
        path: String,
        /// Where.
        pos: Pos,
        /// The key path of the offending node (`settings.allowed_registries[0]`).
        key: String,
        /// What is wrong.
        message: String,
    },
    /// The profile named does not exist.
    #[error("{path}{}: unknown profile `{name}` (known: {known})", at(*pos))]
    UnknownProfile {
        /// The configuration's path (`<profile>` when given on the command line).
        path: String,
        /// Where it is named, when in a file.
        pos: Option<Pos>,
        /// The name given.
        name: String,
        /// The shipped profiles.
        known: String,
    },
}

fn at(pos: Option<Pos>) -> String {
    pos.map(|p| format!(":{p}")).unwrap_or_default()
}

impl ConfigError {
    /// Where the error is, when it has a position.
    pub fn pos(&self) -> Option<Pos> {
        match self {
            ConfigError::Syntax { source, .. } => source.pos(),
            ConfigError::Invalid { pos, .. } => Some(*pos),
            ConfigError::UnknownProfile { pos, .. } => *pos,
        }
    }

    /// The path of the file at fault.
    pub fn path(&self) -> &str {
        match self {
            ConfigError::Syntax { path, .. }
            | ConfigError::Invalid { path, .. }
            | ConfigError::UnknownProfile { path, .. } => path,
        }
    }

    /// The message without the location.
    pub fn message(&self) -> String {
        match self {
            ConfigError::Syntax { source, .. } => source.to_string(),
            ConfigError::Invalid { message, .. } => message.clone(),
            ConfigError::UnknownProfile { name, known, .. } => {
                format!("unknown profile `{name}` (known: {known})")
            }
        }
    }

    /// The error as an input error of a report.
    pub fn to_input_error(&self) -> InputError {
        InputError {
            path: self.path().to_owned(),
            line: self.pos().map(|p| p.line),
            column: self.pos().map(|p| p.column),
            message: self.message(),
        }
    }
}

impl Policy {
    /// Reads a configuration file's text (`path` is used in errors).
    ///
    /// A configuration listing `custom_rule_files` needs
    /// [`Policy::from_config_with`], which is given a way to read them.
    pub fn from_config_str(text: &str, path: &str) -> Result<Policy, ConfigError> {
        Policy::from_config_with(text, path, &mut |_| {
            Err("this caller cannot read files; put the rules under `custom_rules:`".to_owned())
        })
    }

    /// Reads a configuration file's text, reading the files of `custom_rule_files` with `read`
    /// (given each path as written; the CLI resolves it against the configuration's directory).
    /// The core does no I/O itself.
    pub fn from_config_with(
        text: &str,
        path: &str,
        read: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<Policy, ConfigError> {
        let root = parse_root(text, path)?;
        from_root(&root, path, 0, None, read)
    }

    /// [`Policy::from_config_with`], with the profile `profile` in place of the file's `extends`
    /// (for `--profile` given together with a configuration file).
    pub fn from_config_with_profile(
        text: &str,
        path: &str,
        profile: &str,
        read: &mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<Policy, ConfigError> {
        let root = parse_root(text, path)?;
        from_root(&root, path, 0, Some(profile), read)
    }

    /// The policy of shipped profile `name` (`cloud-pi-native`, `domino-x`, `minimal`).
    pub fn from_profile(name: &str) -> Result<Policy, ConfigError> {
        profile_policy(name, "<profile>", None, 0).map(|(p, _)| p)
    }

    /// Adds the custom rules of a rules file (a YAML list of rules, as under `custom_rules:`).
    ///
    /// Each rule is validated like one written in `cct.yaml`; an id already
    /// defined is an error.
    pub fn add_custom_rules_str(&mut self, text: &str, path: &str) -> Result<(), ConfigError> {
        let rules = parse_custom_rules(text, path)?;
        let root = parse_any(text, path)?;
        for (i, rule) in rules.into_iter().enumerate() {
            if self.custom_rules.iter().any(|r| r.id == rule.id) {
                let pos = root
                    .items()
                    .get(i)
                    .and_then(|n| n.get("id"))
                    .map_or(root.pos, |n| n.pos);
                return Err(invalid(
                    path,
                    pos,
                    &format!("[{i}].id"),
                    format!("custom rule id `{}` is already defined", rule.id),
                ));
            }
            self.custom_rules.push(rule);
        }
        Ok(())
    }

    /// Whether custom rule `rule` runs: unless disabled by id in `rules` or matched by `exclude`
    /// (`select` picks built-in rules only: custom rules are the configuration's own).
    pub fn custom_enabled(&self, rule: &CustomRule) -> bool {
        if let Some(enabled) = self.rules.get(&rule.id).and_then(|s| s.enabled) {
            return enabled;
        }
        let meta = rule.to_rule();
        !self
            .exclude
            .iter()
            .any(|s| s.matches(&meta, catalog(), &self.cct_version))
    }

    /// Whether `pattern` (an id, or a pattern with `*`) names at least one built-in or custom rule.
    pub fn rule_pattern_known(&self, pattern: &str) -> bool {
        catalog()
            .rules
            .iter()
            .any(|r| wildcard_match(pattern, &r.id))
            || self
                .custom_rules
                .iter()
                .any(|r| wildcard_match(pattern, &r.id))
    }
}

/// Reads a rules file: a YAML (or JSON) list of custom rules, each validated with positions.
pub fn parse_custom_rules(text: &str, path: &str) -> Result<Vec<CustomRule>, ConfigError> {
    let root = parse_any(text, path)?;
    if !root.is_seq() && !root.is_null() {
        return Err(invalid(
            path,
            root.pos,
            "",
            format!(
                "a rules file is a list of custom rules, not {}",
                root.type_name()
            ),
        ));
    }
    let rules: Vec<CustomRule> = de::from_node(&root).map_err(|e| {
        invalid(
            path,
            e.pos.unwrap_or(root.pos),
            &e.dotted_path(),
            clean_message(&e),
        )
    })?;
    let mut seen = std::collections::BTreeSet::new();
    for (i, rule) in rules.iter().enumerate() {
        let node = root.items().get(i).unwrap_or(&root);
        check_custom_rule(path, "", i, rule, node, &mut seen)?;
    }
    Ok(rules)
}

/// The single document of a file (null when empty).
fn parse_any(text: &str, path: &str) -> Result<Node, ConfigError> {
    let docs = load_text(text, &Limits::default()).map_err(|source| ConfigError::Syntax {
        path: path.to_owned(),
        source,
    })?;
    let mut non_empty = docs.into_iter().filter(|d| !d.root.is_null());
    let Some(first) = non_empty.next() else {
        return Ok(Node::new(Value::Null, Pos::new(1, 1)));
    };
    if let Some(second) = non_empty.next() {
        return Err(invalid(
            path,
            second.root.pos,
            "",
            "this file holds one document; remove the second one".to_owned(),
        ));
    }
    Ok(first.root)
}

fn parse_root(text: &str, path: &str) -> Result<Node, ConfigError> {
    let root = parse_any(text, path)?;
    match root.value {
        Value::Null => Ok(Node::new(Value::Map(Vec::new()), root.pos)),
        Value::Map(_) => Ok(root),
        _ => Err(invalid(
            path,
            root.pos,
            "",
            format!(
                "a configuration is a mapping of settings, not {}",
                root.type_name()
            ),
        )),
    }
}

/// Checks the `i`th custom rule of `list` (read at `node`): its id is new and it can match.
fn check_custom_rule<'r>(
    path: &str,
    list: &str,
    i: usize,
    rule: &'r CustomRule,
    node: &Node,
    seen: &mut std::collections::BTreeSet<&'r str>,
) -> Result<(), ConfigError> {
    if !seen.insert(rule.id.as_str()) {
        return Err(invalid(
            path,
            node.get("id").map_or(node.pos, |n| n.pos),
            &format!("{list}[{i}].id"),
            format!("custom rule id `{}` is defined twice", rule.id),
        ));
    }
    if let Some(p) = crate::custom::validate(rule, node).into_iter().next() {
        return Err(invalid(
            path,
            p.pos,
            &format!("{list}[{i}]"),
            format!("custom rule `{}`: {}", rule.id, p.message),
        ));
    }
    Ok(())
}

fn invalid(path: &str, pos: Pos, key: &str, message: String) -> ConfigError {
    ConfigError::Invalid {
        path: path.to_owned(),
        pos,
        key: key.to_owned(),
        message,
    }
}

fn from_root(
    root: &Node,
    path: &str,
    depth: usize,
    profile: Option<&str>,
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<Policy, ConfigError> {
    if let Some(key) = root.key("profile") {
        return Err(invalid(
            path,
            key.pos,
            "profile",
            "to start from a profile, write `extends: <profile>`".to_owned(),
        ));
    }
    let (base, base_node) = match (profile, root.get("extends")) {
        (Some(name), _) => {
            let (_, node) = profile_policy(name, "--profile", None, depth + 1)?;
            (Some(name.to_owned()), Some(node))
        }
        (None, None) => (None, None),
        (None, Some(name_node)) => {
            let Some(name) = name_node.as_str() else {
                return Err(invalid(
                    path,
                    name_node.pos,
                    "extends",
                    format!(
                        "`extends` takes a profile name, not {}",
                        name_node.type_name()
                    ),
                ));
            };
            let (_, node) = profile_policy(name, path, Some(name_node.pos), depth + 1)?;
            (Some(name.to_owned()), Some(node))
        }
    };
    let own = referential_as_version(&without_keys(root, &["extends"]), path)?;
    // Check the file on its own first, so that every error points into it.
    let mut alone: Policy = de::from_node(&own).map_err(|e| {
        invalid(
            path,
            e.pos.unwrap_or(root.pos),
            &e.dotted_path(),
            clean_message(&e),
        )
    })?;
    let mut from_files = Vec::new();
    let rule_files = read_listed(
        &own,
        path,
        "custom_rule_files",
        "custom rule",
        &alone.custom_rule_files,
        read,
    )?;
    for (i, pos, file, text) in rule_files {
        for rule in parse_custom_rules(&text, &file)? {
            if alone
                .custom_rules
                .iter()
                .chain(&from_files)
                .any(|r: &CustomRule| r.id == rule.id)
            {
                return Err(invalid(
                    path,
                    pos,
                    &format!("custom_rule_files[{i}]"),
                    format!(
                        "custom rule id `{}` of `{file}` is already defined",
                        rule.id
                    ),
                ));
            }
            from_files.push(rule);
        }
    }
    alone.custom_rules.extend(from_files.iter().cloned());
    let mut attested = Vec::new();
    let attestation_files = read_listed(
        &own,
        path,
        "attestation_files",
        "attestation",
        &alone.attestation_files,
        read,
    )?;
    for (_, _, file, text) in attestation_files {
        attested.extend(parse_attestations(&text, &file)?);
    }
    validate(&alone, &own, path)?;
    let merged = match base_node {
        Some(b) => merge(&b, &own),
        None => own,
    };
    let mut policy: Policy = de::from_node(&merged).map_err(|e| {
        invalid(
            path,
            e.pos.unwrap_or(root.pos),
            &e.dotted_path(),
            clean_message(&e),
        )
    })?;
    if base.is_some() {
        policy.profile = base;
    }
    policy.custom_rules.extend(from_files);
    place_attestations(&mut policy.attestations, root.get("attestations"), path);
    policy.attestations.extend(attested);
    Ok(policy)
}

/// Reads the files listed under `key` (`custom_rule_files`, `attestation_files`) through
/// `read`: each with its index, the position of its entry, its name and its text.
fn read_listed(
    own: &Node,
    path: &str,
    key: &str,
    what: &str,
    files: &[String],
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<Vec<(usize, Pos, String, String)>, ConfigError> {
    let nodes = own.get(key).map(Node::items).unwrap_or(&[]);
    let mut out = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let pos = nodes.get(i).map_or(own.pos, |n| n.pos);
        let text = read(file).map_err(|e| {
            invalid(
                path,
                pos,
                &format!("{key}[{i}]"),
                format!("cannot read {what} file `{file}`: {e}"),
            )
        })?;
        out.push((i, pos, file.clone(), text));
    }
    Ok(out)
}

/// Reads an attestation file: a YAML (or JSON) list of attestations, each validated with positions.
pub fn parse_attestations(
    text: &str,
    path: &str,
) -> Result<Vec<crate::attestation::AttestationSpec>, ConfigError> {
    let root = parse_any(text, path)?;
    if !root.is_seq() && !root.is_null() {
        return Err(invalid(
            path,
            root.pos,
            "",
            format!(
                "an attestation file is a list of attestations, not {}",
                root.type_name()
            ),
        ));
    }
    let mut specs: Vec<crate::attestation::AttestationSpec> =
        de::from_node(&root).map_err(|e| {
            invalid(
                path,
                e.pos.unwrap_or(root.pos),
                &e.dotted_path(),
                clean_message(&e),
            )
        })?;
    check_attestations(&specs, Some(&root), path, "")?;
    place_attestations(&mut specs, Some(&root), path);
    Ok(specs)
}

/// Records where each attestation of `list` is written.
fn place_attestations(
    specs: &mut [crate::attestation::AttestationSpec],
    list: Option<&Node>,
    path: &str,
) {
    let nodes = list.map(Node::items).unwrap_or(&[]);
    for (spec, node) in specs.iter_mut().zip(nodes) {
        spec.origin = Some((path.to_owned(), node.pos.line));
    }
}

/// Checks what the types do not: non-empty texts, dates, one target per evidence entry.
fn check_attestations(
    specs: &[crate::attestation::AttestationSpec],
    list: Option<&Node>,
    path: &str,
    section: &str,
) -> Result<(), ConfigError> {
    let nodes = list.map(Node::items).unwrap_or(&[]);
    for (i, a) in specs.iter().enumerate() {
        let node = nodes.get(i);
        let pos = |f: &str| {
            node.and_then(|n| n.get(f))
                .or(node)
                .map_or(Pos::new(1, 1), |n| n.pos)
        };
        let key = |f: &str| format!("{section}[{i}].{f}");
        for (name, value) in [
            ("requirement", &a.requirement),
            ("statement", &a.statement),
            ("attested_by.name", &a.attested_by.name),
            ("attested_by.role", &a.attested_by.role),
        ] {
            if value.trim().is_empty() {
                let field = name.split('.').next().unwrap_or(name);
                return Err(invalid(path, pos(field), &key(name), format!("`{name}` must not be empty: an attestation says what is attested and who answers for it")));
            }
        }
        if !crate::date::is_date(&a.date) {
            return Err(invalid(
                path,
                pos("date"),
                &key("date"),
                format!("`date` must be a date written YYYY-MM-DD, not `{}`", a.date),
            ));
        }
        if a.valid_until != crate::attestation::NEVER && !crate::date::is_date(&a.valid_until) {
            return Err(invalid(
                path,
                pos("valid_until"),
                &key("valid_until"),
                format!(
                    "`valid_until` must be a date written YYYY-MM-DD (or `never`), not `{}`",
                    a.valid_until
                ),
            ));
        }
        for (j, e) in a.evidence.iter().enumerate() {
            if e.given() != 1 || e.present.is_some() {
                let at = node
                    .and_then(|n| n.get("evidence"))
                    .and_then(|l| l.items().get(j))
                    .map_or(pos("evidence"), |n| n.pos);
                return Err(invalid(
                    path,
                    at,
                    &key(&format!("evidence[{j}]")),
                    "an evidence entry names exactly one of `file`, `url`, `ticket`".to_owned(),
                ));
            }
        }
    }
    Ok(())
}

/// Loads a shipped profile; returns its policy and its merged node (for configurations extending it).
fn profile_policy(
    name: &str,
    from: &str,
    pos: Option<Pos>,
    depth: usize,
) -> Result<(Policy, Node), ConfigError> {
    let unknown = || ConfigError::UnknownProfile {
        path: from.to_owned(),
        pos,
        name: name.to_owned(),
        known: profile::names()
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    if depth > MAX_EXTENDS_DEPTH {
        return Err(invalid(
            from,
            pos.unwrap_or_default(),
            "extends",
            format!("profiles extend each other more than {MAX_EXTENDS_DEPTH} levels deep"),
        ));
    }
    let text = profile::text(name).ok_or_else(unknown)?;
    let file = format!("rules/profiles/{name}.yaml");
    let root = parse_root(text, &file)?;
    let mut node = without_keys(&root, PROFILE_KEYS);
    if let Some(parent) = root.get("extends") {
        let parent_name = parent.as_str().unwrap_or_default();
        let (_, parent_node) = profile_policy(parent_name, &file, Some(parent.pos), depth + 1)?;
        node = merge(&parent_node, &node);
    }
    let alone: Policy = de::from_node(&without_keys(&root, PROFILE_KEYS)).map_err(|e| {
        invalid(
            &file,
            e.pos.unwrap_or(root.pos),
            &e.dotted_path(),
            clean_message(&e),
        )
    })?;
    validate(&alone, &without_keys(&root, PROFILE_KEYS), &file)?;
    let mut policy: Policy = de::from_node(&node).map_err(|e| {
        invalid(
            &file,
            e.pos.unwrap_or(root.pos),
            &e.dotted_path(),
            clean_message(&e),
        )
    })?;
    policy.profile = Some(name.to_owned());
    Ok((policy, node))
}

/// Serde's messages, without Rust type names.
fn clean_message(e: &de::DeError) -> String {
    let mut m = e.message.replace("unit value", "null");
    if e.path.len() == 1 && m.starts_with("unknown field") {
        // A file names its profile with `extends`; the policy's `profile`
        // field records it and is refused in a file (see `from_root`).
        m = m.replace("`profile`", "`extends`");
    }
    if let Some(i) = m.find(", expected struct ") {
        m.truncate(i);
        m.push_str(", expected a mapping");
    }
    if let Some(i) = m.find(", expected a boxed ") {
        m.truncate(i);
        m.push_str(", expected a mapping");
    }
    let key = e.dotted_path();
    if key.is_empty() {
        m
    } else {
        format!("`{key}`: {m}")
    }
}

/// Reads `referential: cct@<version>` (or a bare CCT version) as `cct_version: <key>`; naming
/// both is an error, so is a handle that names no shipped CCT version.
fn referential_as_version(root: &Node, path: &str) -> Result<Node, ConfigError> {
    let Some(node) = root.get("referential") else {
        return Ok(root.clone());
    };
    if let Some(key) = root.key("cct_version") {
        return Err(invalid(
            path,
            key.pos,
            "cct_version",
            "`referential` and `cct_version` both name the CCT version; keep `referential`"
                .to_owned(),
        ));
    }
    let handle = node.as_str().unwrap_or_default();
    let referential = catalog().cct_referential(handle).map_err(|e| {
        invalid(
            path,
            node.pos,
            "referential",
            format!("`referential` names a CCT version: {e}"),
        )
    })?;
    let entries = root
        .entries()
        .iter()
        .map(|(k, v)| {
            if k.as_str() == Some("referential") {
                (
                    Node::new(Value::String("cct_version".into()), k.pos),
                    Node::new(Value::String(referential.key.as_str().into()), v.pos),
                )
            } else {
                (k.clone(), v.clone())
            }
        })
        .collect();
    Ok(Node::new(Value::Map(entries), root.pos))
}

fn without_keys(root: &Node, keys: &[&str]) -> Node {
    let entries = root
        .entries()
        .iter()
        .filter(|(k, _)| !k.as_str().is_some_and(|k| keys.contains(&k)))
        .cloned()
        .collect();
    Node::new(Value::Map(entries), root.pos)
}

/// Lays `over` on `base`: mappings merge key by key, anything else in `over` replaces.
pub fn merge(base: &Node, over: &Node) -> Node {
    match (&base.value, &over.value) {
        (Value::Map(b), Value::Map(o)) => {
            let mut entries: Vec<(Node, Node)> = b.clone();
            for (key, value) in o {
                match entries.iter_mut().find(|(k, _)| k.value == key.value) {
                    Some((_, existing)) => *existing = merge(existing, value),
                    None => entries.push((key.clone(), value.clone())),
                }
            }
            Node::new(Value::Map(entries), over.pos)
        }
        _ => over.clone(),
    }
}

/// Checks references and values that the types alone do not: every problem is placed in `root`.
fn validate(policy: &Policy, root: &Node, path: &str) -> Result<(), ConfigError> {
    let c = catalog();
    let err = |node: Option<&Node>, key: &str, message: String| {
        invalid(path, node.map_or(root.pos, |n| n.pos), key, message)
    };

    if c.referential(CCT, &policy.cct_version).is_none() {
        return Err(err(
            root.get("cct_version"),
            "cct_version",
            format!(
                "unknown CCT version `{}` (known: {})",
                policy.cct_version,
                c.versions(CCT).join(", ")
            ),
        ));
    }
    if let Some(today) = &policy.today {
        if !crate::date::is_date(today) {
            return Err(err(
                root.get("today"),
                "today",
                format!("`today` must be a date written YYYY-MM-DD, not `{today}`"),
            ));
        }
    }
    // Custom rules first: other sections may name them.
    let rule_nodes = root.get("custom_rules").map(Node::items).unwrap_or(&[]);
    let mut seen = std::collections::BTreeSet::new();
    // Rules read from `custom_rule_files` were validated against their own file.
    for (i, rule) in policy
        .custom_rules
        .iter()
        .enumerate()
        .take(rule_nodes.len())
    {
        let node = rule_nodes.get(i).unwrap_or(root);
        check_custom_rule(path, "custom_rules", i, rule, node, &mut seen)?;
    }
    let unknown_rule = |pattern: &str| {
        let hint = suggest(
            pattern,
            c.rules
                .iter()
                .map(|r| r.id.as_str())
                .chain(policy.custom_rules.iter().map(|r| r.id.as_str())),
        );
        format!("no rule matches `{pattern}`{hint}")
    };
    for (key, _) in root.get("rules").map(Node::entries).unwrap_or(&[]) {
        let id = key.scalar_text().unwrap_or_default();
        if !policy.rule_pattern_known(&id) || id.contains('*') {
            let message = if id.contains('*') {
                format!("`rules` takes rule ids, not patterns (`{id}`); use `select` or `exclude` to pick rules by pattern")
            } else {
                unknown_rule(&id)
            };
            return Err(err(Some(key), &format!("rules.{id}"), message));
        }
    }
    for section in ["select", "exclude"] {
        let nodes = root.get(section).map(Node::items).unwrap_or(&[]);
        let selectors = if section == "select" {
            &policy.select
        } else {
            &policy.exclude
        };
        for (i, s) in selectors.iter().enumerate() {
            let node = nodes.get(i);
            let item = |field: &str, j: usize| {
                node.and_then(|n| n.get(field))
                    .and_then(|l| l.items().get(j))
            };
            let key = |field: &str| format!("{section}[{i}].{field}");
            for (j, p) in s.rules.iter().enumerate() {
                if !policy.rule_pattern_known(p) {
                    return Err(err(item("rules", j), &key("rules"), unknown_rule(p)));
                }
            }
            for (j, p) in s.requirements.iter().enumerate() {
                if !c
                    .referentials
                    .iter()
                    .any(|r| r.requirements.iter().any(|q| wildcard_match(p, &q.id)))
                {
                    return Err(err(
                        item("requirements", j),
                        &key("requirements"),
                        format!(
                            "no requirement matches `{p}` (ids look like `EX32` or `DX-5.2-a`)"
                        ),
                    ));
                }
            }
            for (j, r) in s.referentials.iter().enumerate() {
                if !c.referentials.iter().any(|x| &x.id == r) {
                    return Err(err(
                        item("referentials", j),
                        &key("referentials"),
                        format!("unknown referential `{r}` (known: `cct`, `domino-x`)"),
                    ));
                }
            }
            if section == "exclude" && s.severity.is_some() {
                return Err(err(
                    node.and_then(|n| n.get("severity")),
                    &key("severity"),
                    "`severity` has no effect in `exclude`".to_owned(),
                ));
            }
        }
    }
    check_attestations(
        &policy.attestations,
        root.get("attestations"),
        path,
        "attestations",
    )?;
    let exclude_nodes = root
        .get("audit")
        .and_then(|a| a.get("exclude"))
        .map(Node::items)
        .unwrap_or(&[]);
    for (j, p) in policy.audit.exclude.iter().enumerate() {
        if let Err(e) = crate::derogation::compile_glob(p) {
            return Err(err(
                exclude_nodes.get(j),
                "audit.exclude",
                format!("invalid path glob `{p}`: {e}"),
            ));
        }
    }
    let der_nodes = root.get("derogations").map(Node::items).unwrap_or(&[]);
    for (i, d) in policy.derogations.iter().enumerate() {
        let node = der_nodes.get(i);
        let field = |f: &str| node.and_then(|n| n.get(f)).or(node);
        let key = |f: &str| format!("derogations[{i}].{f}");
        if d.rule.is_none() && d.requirement.is_none() {
            return Err(err(
                node,
                &format!("derogations[{i}]"),
                "a derogation names the `rule` or the `requirement` it covers".to_owned(),
            ));
        }
        if let Some(rule) = &d.rule {
            if !policy.rule_pattern_known(rule) {
                return Err(err(field("rule"), &key("rule"), unknown_rule(rule)));
            }
        }
        if let Some(req) = &d.requirement {
            if c.requirement(req, &policy.cct_version).is_none() {
                return Err(err(
                    field("requirement"),
                    &key("requirement"),
                    format!("unknown requirement `{req}` (ids look like `EX32` or `DX-5.2-a`)"),
                ));
            }
        }
        for (name, value) in [
            ("justification", &d.justification),
            ("granted_by", &d.granted_by),
        ] {
            if value.trim().is_empty() {
                return Err(err(field(name), &key(name), format!("`{name}` must not be empty: the CCT requires a motivated, granted derogation")));
            }
        }
        if d.expires != crate::derogation::NEVER && !crate::date::is_date(&d.expires) {
            return Err(err(
                field("expires"),
                &key("expires"),
                format!(
                    "`expires` must be a date written YYYY-MM-DD (or `never`), not `{}`",
                    d.expires
                ),
            ));
        }
        for (j, p) in d.paths.iter().enumerate() {
            if let Err(e) = crate::derogation::compile_glob(p) {
                let n = node
                    .and_then(|n| n.get("paths"))
                    .and_then(|l| l.items().get(j));
                return Err(err(
                    n,
                    &key("paths"),
                    format!("invalid path glob `{p}`: {e}"),
                ));
            }
        }
    }
    Ok(())
}

/// ` (did you mean `x`?)` when a known name is close to `given`.
fn suggest<'a>(given: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|k| (edit_distance(given, k), k))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, k)| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
