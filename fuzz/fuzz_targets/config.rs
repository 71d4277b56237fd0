//! Any text as a `cct.yaml` (profiles, derogations, custom rules with their
//! regexes): a policy or a positioned error, never a panic; a policy that
//! loads is then used for a real check.
#![no_main]

use cct_core::{check, Input, Policy};
use libfuzzer_sys::fuzz_target;

const MANIFEST: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, annotations: {cct.io/ignore: 'kube/replicas: one replica'}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.fr/web:1.0.0\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(mut policy) = Policy::from_config_str(&text, "cct.yaml") {
        policy.today = Some("2026-11-24".into());
        let _ = check(&[Input::text("m.yaml", MANIFEST)], &policy).to_json();
    }
});
