//! Where evaluators put their findings: the policy decides which rules run and how severe they are.

use std::collections::BTreeSet;

use crate::artefact::ArtefactKind;
use crate::catalog::Catalog;
use crate::policy::Policy;
use crate::report::{Finding, Location, ObjectRef};

/// Collects findings for one check.
#[derive(Debug)]
pub struct Sink<'p> {
    policy: &'p Policy,
    catalog: &'p Catalog,
    findings: Vec<Finding>,
    kinds: BTreeSet<ArtefactKind>,
    unknown_rules: BTreeSet<String>,
}

impl<'p> Sink<'p> {
    /// A sink for a check under `policy`.
    pub fn new(policy: &'p Policy, catalog: &'p Catalog) -> Self {
        Sink {
            policy,
            catalog,
            findings: Vec::new(),
            kinds: BTreeSet::new(),
            unknown_rules: BTreeSet::new(),
        }
    }

    /// The policy in force.
    pub fn policy(&self) -> &'p Policy {
        self.policy
    }

    /// The catalog.
    pub fn catalog(&self) -> &'p Catalog {
        self.catalog
    }

    /// Records that inputs of `kind` were evaluated (so its rules count as run).
    pub fn evaluated(&mut self, kind: ArtefactKind) {
        self.kinds.insert(kind);
    }

    /// The kinds evaluated so far.
    pub fn kinds(&self) -> &BTreeSet<ArtefactKind> {
        &self.kinds
    }

    /// Whether rule `id` runs under the policy (an evaluator may skip work for disabled rules).
    pub fn enabled(&self, id: &str) -> bool {
        self.catalog
            .rule(id)
            .is_some_and(|r| self.policy.enabled(r))
    }

    /// Reports a finding of rule `rule`. The rule's requirement ids and the
    /// policy's severity are filled in; the rule's catalog `fix` is the
    /// remediation unless a specific one is given. Disabled rules report nothing.
    pub fn report(
        &mut self,
        rule: &str,
        location: Location,
        object: Option<ObjectRef>,
        message: impl Into<String>,
        remediation: Option<String>,
    ) {
        let Some(meta) = self.catalog.rule(rule) else {
            debug_assert!(false, "rule `{rule}` is not in the catalog");
            self.unknown_rules.insert(rule.to_owned());
            return;
        };
        if !self.policy.enabled(meta) {
            return;
        }
        self.findings.push(Finding {
            rule: meta.id.clone(),
            requirements: meta.cites(self.policy.cct_key()).to_vec(),
            severity: self.policy.severity(meta, self.catalog),
            message: message.into(),
            remediation: remediation.unwrap_or_else(|| meta.fix.trim().to_owned()),
            location,
            object,
            derogation: None,
        });
    }

    /// Records a finding built by the caller (custom rules, which are not in the catalog).
    pub fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Rule ids reported that the catalog does not know (always empty in a correct build).
    pub fn unknown_rules(&self) -> &BTreeSet<String> {
        &self.unknown_rules
    }

    /// The findings collected so far.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Takes the findings out.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}
