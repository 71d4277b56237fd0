//! `kube/config-reference-exists` knows who makes Secrets and ConfigMaps:
//! a produced object is no finding, a run-time or unknown producer is `info`,
//! a ConfigMap nothing can make is a warning.

use cct_core::report::Severity;
use cct_core::{check, ArtefactKind, Input, Policy};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\nspec:\n  containers:\n  - name: c\n    image: r.example.fr/c:1.0.0\n    envFrom: [{secretRef: {name: tls}}, {secretRef: {name: hook}}, {secretRef: {name: manual}}, {configMapRef: {name: absent}}]\n";
const CERT: &str = "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c, namespace: ns}\nspec: {secretName: tls}\n";
const JOB: &str = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: certgen, namespace: ns}\nspec:\n  template:\n    spec:\n      restartPolicy: OnFailure\n      containers:\n      - name: g\n        image: r.example.fr/g:1.0.0\n        args: [create, --secret-name=hook]\n";

#[test]
fn producers_are_known_and_unknown_ones_are_info() {
    let inputs: Vec<Input<'_>> = [("pod.yaml", POD), ("cert.yaml", CERT), ("job.yaml", JOB)]
        .iter()
        .map(|(p, t)| Input::text(*p, t).with_kind(Some(ArtefactKind::Kube)))
        .collect();
    let report = check(&inputs, &Policy::default());
    let found: Vec<(String, Severity)> = report
        .findings
        .iter()
        .filter(|f| f.rule == "kube/config-reference-exists")
        .map(|f| (f.location.pointer.clone(), f.severity))
        .collect();
    assert_eq!(
        found,
        [
            (
                "/spec/containers/0/envFrom/1/secretRef/name".to_owned(),
                Severity::Info
            ),
            (
                "/spec/containers/0/envFrom/2/secretRef/name".to_owned(),
                Severity::Info
            ),
            (
                "/spec/containers/0/envFrom/3/configMapRef/name".to_owned(),
                Severity::Warning
            ),
        ]
    );
    assert!(report
        .findings
        .iter()
        .any(|f| f.message.contains("Job/certgen")));
}
