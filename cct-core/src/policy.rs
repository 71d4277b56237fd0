//! The policy a check runs under: referential version, rule settings, thresholds and limits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{Catalog, DEFAULT_CCT_VERSION};
use crate::document::Limits;
use crate::report::Severity;
use crate::requirement::Level;
use crate::rule::Rule;

/// Per-rule settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// Turns the rule on or off; `None` keeps the catalog's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Overrides the rule's severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

/// Values rules read (registries, thresholds…); each has a documented default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Registries images may come from (`registry.example.fr`, `registry.example.fr/team/`); empty allows any.
    pub allowed_registries: Vec<String>,
    /// Severity given to findings against a requirement of level I.
    pub important_severity: Severity,
    /// The date the check is judged on (`YYYY-MM-DD`: end-of-life tables, derogation
    /// expiry); `None` uses the current UTC date where the platform has a clock
    /// (not in WebAssembly, where date-dependent rules then say they cannot judge).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
    /// Thresholds and limits of the image checks.
    pub image: crate::image::ImageSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            allowed_registries: Vec::new(),
            important_severity: Severity::Warning,
            today: None,
            image: crate::image::ImageSettings::default(),
        }
    }
}

/// Everything that decides how inputs are judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// CCT referential version to judge against (`alpha.V1`).
    pub cct_version: String,
    /// Name of the profile in force, if any.
    pub profile: Option<String>,
    /// Per-rule settings, by rule id.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Values rules read.
    pub settings: Settings,
    /// Input limits.
    pub limits: Limits,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            cct_version: DEFAULT_CCT_VERSION.to_owned(),
            profile: None,
            rules: BTreeMap::new(),
            settings: Settings::default(),
            limits: Limits::default(),
        }
    }
}

impl Policy {
    /// Whether rule `rule` runs under this policy.
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.rules
            .get(&rule.id)
            .and_then(|s| s.enabled)
            .unwrap_or(rule.enabled)
    }

    /// The severity of rule `rule` under this policy: the configured one, else
    /// the rule's own, else error when it proves a P requirement and the
    /// configured `important_severity` otherwise.
    pub fn severity(&self, rule: &Rule, catalog: &Catalog) -> Severity {
        if let Some(severity) = self.rules.get(&rule.id).and_then(|s| s.severity) {
            return severity;
        }
        if let Some(severity) = rule.severity {
            return severity;
        }
        let primordial = rule.requirements.iter().any(|id| {
            catalog
                .requirement(id, &self.cct_version)
                .is_some_and(|(_, q)| q.level == Some(Level::P))
        });
        if primordial {
            Severity::Error
        } else {
            self.settings.important_severity
        }
    }
}
