//! `--format gitlab-codequality`: GitLab's Code Climate subset, with fingerprints stable when lines move.

use std::collections::BTreeSet;

use cct_core::format::codequality;
use cct_core::{check, Input, Policy};
use serde_json::Value;

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: team\nspec:\n  containers:\n    - {name: web, image: nginx:latest, securityContext: {runAsUser: 0}}\n    - {name: side, image: nginx:latest}\n";

fn issues(inputs: &[Input<'_>]) -> Vec<Value> {
    let text = codequality(&check(inputs, &Policy::default()));
    serde_json::from_str::<Vec<Value>>(&text).unwrap()
}

#[test]
fn every_issue_has_the_fields_gitlab_reads() {
    let all = issues(&[
        Input::text("./deploy/pod.yaml", POD),
        Input::text("deploy/broken.yaml", "a: [1,\n"),
    ]);
    assert!(all.len() > 2);
    for issue in &all {
        let keys: BTreeSet<&str> = issue
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "check_name",
                "description",
                "fingerprint",
                "location",
                "severity"
            ])
        );
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(!issue["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("./"));
    }
    let broken = all.iter().find(|i| i["check_name"] == "cct/input").unwrap();
    assert_eq!(broken["severity"], "blocker");
    assert_eq!(broken["location"]["path"], "deploy/broken.yaml");
    let prints: BTreeSet<&str> = all
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), all.len(), "fingerprints are unique");
}

#[test]
fn fingerprints_survive_a_line_shift_and_change_with_the_finding() {
    let before = issues(&[Input::text("pod.yaml", POD)]);
    let shifted = format!("# a comment\n\n{POD}");
    let after = issues(&[Input::text("pod.yaml", &shifted)]);
    let prints = |v: &[Value]| -> Vec<(String, String)> {
        v.iter()
            .map(|i| (i["check_name"].to_string(), i["fingerprint"].to_string()))
            .collect()
    };
    assert_eq!(prints(&before), prints(&after));
    assert_ne!(
        before[0]["location"]["lines"],
        after[0]["location"]["lines"]
    );
    let elsewhere = issues(&[Input::text("other.yaml", POD)]);
    assert_ne!(before[0]["fingerprint"], elsewhere[0]["fingerprint"]);
}

#[test]
fn derogated_findings_are_left_out() {
    let derogated = POD.replace(
        "namespace: team\n",
        "namespace: team\n  annotations: {cct.io/ignore: \"kube/image-tag: pinned by the mirror\"}\n",
    );
    let plain = issues(&[Input::text("pod.yaml", POD)]);
    let with = issues(&[Input::text("pod.yaml", &derogated)]);
    assert!(plain.iter().any(|i| i["check_name"] == "kube/image-tag"));
    assert!(!with.iter().any(|i| i["check_name"] == "kube/image-tag"));
}
