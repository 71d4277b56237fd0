//! Where evaluators put their findings: the policy decides which rules run and how severe they are.

use std::collections::BTreeSet;

use crate::artefact::ArtefactKind;
use crate::catalog::Catalog;
use crate::locate::Locate;
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
    judged: BTreeSet<&'static str>,
    unjudged: BTreeSet<&'static str>,
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
            judged: BTreeSet::new(),
            unjudged: BTreeSet::new(),
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

    /// Records that rule `id` had what it reads on an input and judged it
    /// (for rules that need more than their kind's inputs always carry, see
    /// [`Sink::not_judged`]).
    pub fn judged(&mut self, id: &'static str) {
        self.judged.insert(id);
    }

    /// Records that rule `id` could not judge an input for lack of what it
    /// reads (an image given as its config only carries no layer files):
    /// unless it judged another input, it does not count as run, so the
    /// requirements it cites are not marked `pass` on its silence.
    pub fn not_judged(&mut self, id: &'static str) {
        self.unjudged.insert(id);
    }

    /// The rules that could judge no input of the check (see [`Sink::not_judged`]).
    pub fn never_judged(&self) -> BTreeSet<&'static str> {
        self.unjudged.difference(&self.judged).copied().collect()
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

    /// Like [`Sink::report`], at `info` whatever the rule's severity: what a rule
    /// cannot confirm from the set alone (a Secret whose producer is unknown).
    pub fn report_info(
        &mut self,
        rule: &str,
        location: Location,
        object: Option<ObjectRef>,
        message: impl Into<String>,
    ) {
        self.report_as(
            crate::report::Severity::Info,
            rule,
            location,
            object,
            message,
        );
    }

    /// Like [`Sink::report`], at `severity` whatever the rule's: a finding whose weight a
    /// setting decides.
    pub fn report_as(
        &mut self,
        severity: crate::report::Severity,
        rule: &str,
        location: Location,
        object: Option<ObjectRef>,
        message: impl Into<String>,
    ) {
        let before = self.findings.len();
        self.report(rule, location, object, message, None);
        if let Some(f) = self.findings.get_mut(before) {
            f.severity = severity;
        }
    }

    /// The sink handed to rule `id`: it reports only under that id.
    pub fn rule<'s>(&'s mut self, id: &'static str) -> RuleSink<'s, 'p> {
        RuleSink { sink: self, id }
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

/// The sink one rule reports into: every finding goes under that rule's id, written once, in
/// its kind's table (`id => function`).
#[derive(Debug)]
pub struct RuleSink<'s, 'p> {
    sink: &'s mut Sink<'p>,
    id: &'static str,
}

impl<'p> RuleSink<'_, 'p> {
    /// The rule's id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// The policy in force.
    pub fn policy(&self) -> &'p Policy {
        self.sink.policy()
    }

    /// Reports a finding of this rule (see [`Sink::report`]).
    pub fn report(
        &mut self,
        location: Location,
        object: Option<ObjectRef>,
        message: impl Into<String>,
        remediation: Option<String>,
    ) {
        self.sink
            .report(self.id, location, object, message, remediation);
    }

    /// Reports a finding of this rule at `severity` (see [`Sink::report_as`]).
    pub fn report_as(
        &mut self,
        severity: crate::report::Severity,
        location: Location,
        object: Option<ObjectRef>,
        message: impl Into<String>,
    ) {
        self.sink
            .report_as(severity, self.id, location, object, message);
    }

    /// Reports a finding of this rule at `info` (see [`Sink::report_info`]).
    pub fn report_info(
        &mut self,
        location: Location,
        object: Option<ObjectRef>,
        message: impl Into<String>,
    ) {
        self.sink.report_info(self.id, location, object, message);
    }

    /// Reports a finding about `subject` (its object is the finding's).
    pub fn about(
        &mut self,
        subject: &dyn Locate,
        location: Location,
        message: impl Into<String>,
        remediation: Option<String>,
    ) {
        self.report(location, subject.object(), message, remediation);
    }

    /// [`RuleSink::about`] for a judgement shared by several rules (see [`RuleSink::report_if`]).
    pub fn about_if(
        &mut self,
        rule: &str,
        subject: &dyn Locate,
        location: Location,
        message: impl Into<String>,
        remediation: Option<String>,
    ) {
        if rule == self.id {
            self.about(subject, location, message, remediation);
        }
    }

    /// For a judgement shared by several rules (one reading of an image's operating system gives
    /// `image/os-supported`, `image/os-lts` or `image/os-support-known`): reports when `rule` is
    /// this sink's rule, and drops the finding otherwise, so each rule of the family still
    /// reports only under its own id.
    pub fn report_if(
        &mut self,
        rule: &str,
        location: Location,
        object: Option<ObjectRef>,
        message: impl Into<String>,
        remediation: Option<String>,
    ) {
        if rule == self.id {
            self.report(location, object, message, remediation);
        }
    }
}

/// Declares a kind's rule table: `id => check` lines become the constant `ALL` of `$rule`
/// entries (each with its `id` and its `check`), the one place a rule's id is written.
macro_rules! rule_table {
    ($rule:ident { $($id:literal => $check:expr),* $(,)? }) => {
        /// Every rule of this kind, in table order.
        pub const ALL: &[$rule] = &[$($rule { id: $id, check: $check }),*];
    };
}
pub(crate) use rule_table;
