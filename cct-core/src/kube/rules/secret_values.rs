//! Secrets recognised by their value, whatever the variable or key is called:
//! PEM private keys, JSON Web Tokens and cloud or forge access keys.

use std::sync::OnceLock;

use regex::Regex;

/// Forms of secret values: (what they are, pattern).
const PATTERNS: &[(&str, &str)] = &[
    ("a PEM private key", r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    (
        "a JSON Web Token",
        r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}",
    ),
    ("an AWS access key id", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
    ("a GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    ("a GitLab token", r"\bglpat-[A-Za-z0-9_-]{20,}\b"),
    ("a Slack token", r"\bxox[abprs]-[0-9A-Za-z-]{10,}\b"),
];

fn compiled() -> &'static [(&'static str, Regex)] {
    static SET: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    SET.get_or_init(|| {
        PATTERNS
            .iter()
            .filter_map(|(what, p)| Regex::new(p).ok().map(|r| (*what, r)))
            .collect()
    })
}

/// What secret `text` holds, when it holds one by its form.
pub(crate) fn secret_in(text: &str) -> Option<&'static str> {
    // Every pattern needs one of these; most values have none, and skip the regexes.
    if ![
        "-----BEGIN",
        "eyJ",
        "AKIA",
        "ASIA",
        "AIza",
        "gh",
        "glpat-",
        "xox",
    ]
    .iter()
    .any(|m| text.contains(m))
    {
        return None;
    }
    compiled()
        .iter()
        .find(|(_, r)| r.is_match(text))
        .map(|(what, _)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kyverno_translations_hold_the_same_patterns() {
        // rules/kyverno repeats the patterns as one regular expression for Kyverno's `regex_match`.
        let alternation: Vec<&str> = PATTERNS.iter().map(|(_, p)| *p).collect();
        let alternation = alternation.join("|");
        for id in ["kube/no-secret-in-env", "kube/no-credentials-in-configmap"] {
            let rules = crate::kyverno::kyverno_rules(id).unwrap();
            let text = serde_json::to_string(&rules).unwrap();
            let quoted = serde_json::to_string(&alternation).unwrap();
            assert!(
                text.contains(quoted.trim_matches('"')),
                "{id} lost the patterns of secret_values.rs"
            );
        }
    }

    #[test]
    fn secrets_are_known_by_their_form() {
        assert_eq!(
            secret_in("-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
            Some("a PEM private key")
        );
        assert_eq!(
            secret_in("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
            Some("a JSON Web Token")
        );
        assert_eq!(
            secret_in("AKIAIOSFODNN7EXAMPLE"),
            Some("an AWS access key id")
        );
        assert_eq!(secret_in("-----BEGIN CERTIFICATE-----"), None);
        assert_eq!(secret_in("/var/run/secrets/token"), None);
        assert_eq!(secret_in("github.com/org/repo"), None);
    }
}
