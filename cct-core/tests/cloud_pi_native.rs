//! The `cloud-pi-native` profile fails where the platform refuses (its
//! `validate` Kyverno policies are errors, whatever the requirement level),
//! only warns where the platform mutates or where nothing sets a field for a
//! tenant, and says no more than the platform publishes.

use cct_core::{check, Input, Policy, Severity};

fn severities(policy: &Policy, text: &str, rule: &str) -> Vec<Severity> {
    check(&[Input::text("m.yaml", text)], policy)
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.severity)
        .collect()
}

const NODE_PORT: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web, labels: {app: web, env: prod, tier: front}}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n";

const NO_RESOURCES: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    metadata: {labels: {app: web, env: prod, tier: front}}\n    spec:\n      containers:\n        - name: web\n          image: docker.io/library/nginx:1.27.0\n";

#[test]
fn refused_by_the_platform_is_an_error_in_the_profile() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let default = Policy::default();
    assert_eq!(
        severities(&default, NODE_PORT, "kube/no-node-port"),
        [Severity::Warning]
    );
    assert_eq!(
        severities(&platform, NODE_PORT, "kube/no-node-port"),
        [Severity::Error]
    );
    assert_eq!(
        severities(&default, NO_RESOURCES, "kube/requests-and-limits")[0],
        Severity::Warning
    );
    assert_eq!(
        severities(&platform, NO_RESOURCES, "kube/requests-and-limits")[0],
        Severity::Error
    );
}

#[test]
fn hardening_left_to_the_cluster_stays_a_warning() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let found = severities(&platform, NO_RESOURCES, "kube/security-context-defaults");
    assert!(!found.is_empty());
    assert!(found.iter().all(|s| *s == Severity::Warning));
}

#[test]
fn registries_come_from_the_profile() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let text = NO_RESOURCES.replace(
        "docker.io/library/nginx:1.27.0",
        "registry.example.org/nginx:1.27.0",
    );
    assert_eq!(
        severities(&platform, &text, "kube/allowed-registries"),
        [Severity::Error]
    );
    assert!(severities(&platform, NO_RESOURCES, "kube/allowed-registries").is_empty());
}

const APP_ON_HEAD: &str = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  project: default\n  source:\n    repoURL: https://gitlab.example.fr/team/web-deploy.git\n    path: prod\n    targetRevision: HEAD\n  destination: {server: https://kubernetes.default.svc, namespace: web}\n  syncPolicy: {automated: {prune: true, selfHeal: true}}\n";

#[test]
fn an_application_on_head_is_the_consoles_default_and_only_informs() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let default = Policy::default();
    let rule = "kube/argocd-pinned-revision";
    assert_eq!(severities(&default, APP_ON_HEAD, rule), [Severity::Error]);
    assert_eq!(severities(&platform, APP_ON_HEAD, rule), [Severity::Info]);
    let implied = APP_ON_HEAD.replace("    targetRevision: HEAD\n", "");
    assert_eq!(severities(&platform, &implied, rule), [Severity::Info]);
    let message = &check(&[Input::text("m.yaml", &implied)], &platform)
        .findings
        .into_iter()
        .find(|f| f.rule == rule)
        .unwrap()
        .message;
    assert!(
        message.contains("console") && message.contains("protected"),
        "{message}"
    );
    // A branch is not the console's default: it stays at the rule's severity.
    let branch = APP_ON_HEAD.replace("targetRevision: HEAD", "targetRevision: main");
    assert_eq!(severities(&platform, &branch, rule), [Severity::Error]);
}

#[test]
fn no_message_claims_the_platform_sets_the_security_context_of_tenants() {
    let platform = Policy::from_profile("cloud-pi-native").unwrap();
    let report = check(&[Input::text("m.yaml", NO_RESOURCES)], &platform);
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule == "kube/security-context-defaults")
        .collect();
    assert_eq!(found.len(), 4);
    for f in found {
        assert!(!f.message.contains("platform will set"), "{}", f.message);
        assert!(!f.message.contains("runAsUser"), "{}", f.message);
    }
}

#[test]
fn secrets_delivered_by_sops_or_vault_operators_are_produced() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n    - name: web\n      image: harbor.io/shop/web:1.0.0\n      envFrom:\n        - secretRef: {name: smtp}\n        - secretRef: {name: api}\n        - secretRef: {name: db}\n";
    let sops = "apiVersion: isindir.github.com/v1alpha3\nkind: SopsSecret\nmetadata: {name: bundle, namespace: shop}\nspec:\n  secretTemplates:\n    - name: smtp\n      stringData: {password: 'ENC[AES256_GCM,data:eA==,type:str]'}\n";
    let vault = "apiVersion: secrets.hashicorp.com/v1beta1\nkind: VaultStaticSecret\nmetadata: {name: api-sync, namespace: shop}\nspec:\n  mount: kv\n  path: shop/api\n  type: kv-v2\n  destination: {name: api, create: true}\n---\napiVersion: secrets.hashicorp.com/v1beta1\nkind: VaultDynamicSecret\nmetadata: {name: db-creds, namespace: shop}\nspec:\n  mount: database\n  path: creds/shop\n  destination: {name: db, create: true}\n";
    let unresolved = |inputs: &[Input]| -> Vec<String> {
        check(inputs, &Policy::default())
            .findings
            .into_iter()
            .filter(|f| f.rule == "kube/config-reference-exists")
            .map(|f| f.message)
            .collect()
    };
    assert_eq!(unresolved(&[Input::text("pod.yaml", pod)]).len(), 3);
    assert_eq!(
        unresolved(&[
            Input::text("pod.yaml", pod),
            Input::text("sops.yaml", sops),
            Input::text("vault.yaml", vault),
        ]),
        Vec::<String>::new()
    );
}

/// The Kyverno policies the platform applies to tenant clusters, as published
/// (cloud-pi-native/documentation 48da316, docs/agreement/kyverno.md), in the
/// published order: name, action in dev/preprod, action in prod, severity.
const PUBLISHED: &[(&str, &str, &str, &str)] = &[
    ("add-velero-label", "—", "—", "low"),
    ("add-netpol-allowsame-ns", "—", "—", "low"),
    ("add-netpol-deny", "—", "—", "low"),
    ("add-netpol-ingress", "—", "—", "low"),
    ("add-netpol-logging", "—", "—", "low"),
    ("add-netpol-monitoring", "—", "—", "low"),
    ("add-ttl", "—", "—", "medium"),
    ("check-labels", "AUDIT", "ENFORCE", "low"),
    ("cm-no-credentials", "AUDIT", "ENFORCE", "medium"),
    ("disallow-exec", "ENFORCE", "ENFORCE", "high"),
    ("disallow-latest", "AUDIT", "ENFORCE", "medium"),
    ("disallow-hostpath", "AUDIT", "ENFORCE", "high"),
    ("disallow-selfprovisionning", "AUDIT", "ENFORCE", "high"),
    ("etcd", "ENFORCE", "ENFORCE", "high"),
    ("limit-size-pvc", "AUDIT", "ENFORCE", "low"),
    ("need-containers-ressources", "AUDIT", "ENFORCE", "medium"),
    ("restrict-image-registry", "AUDIT", "ENFORCE", "medium"),
    ("restrict-nodeport", "AUDIT", "ENFORCE", "medium"),
    ("need-liveness-readiness", "AUDIT", "ENFORCE", "medium"),
    ("job-history", "AUDIT", "ENFORCE", "low"),
];

/// The socle's mutations, which the catalog names to say they do not reach tenants.
const SOCLE_MUTATIONS: &[&str] = &["security-context-dso", "non-root-security-context"];

/// The rows of the parity table of docs/kube.md: the cells of each.
fn parity_rows() -> Vec<Vec<String>> {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/kube.md"),
    )
    .unwrap();
    let begin = doc.find("<!-- platform-parity:begin -->").unwrap();
    let end = doc.find("<!-- platform-parity:end -->").unwrap();
    doc[begin..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

/// The `kube/…` rule ids a table cell names.
fn rule_ids(cell: &str) -> Vec<&str> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| t.starts_with("kube/"))
        .collect()
}

#[test]
fn the_parity_table_is_the_published_list_line_by_line() {
    let rows = parity_rows();
    let table: Vec<(String, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r[0].trim_matches('`').to_owned(),
                r[1].as_str(),
                r[2].as_str(),
                r[3].as_str(),
            )
        })
        .collect();
    let published: Vec<(String, &str, &str, &str)> = PUBLISHED
        .iter()
        .map(|(n, d, p, s)| ((*n).to_owned(), *d, *p, *s))
        .collect();
    assert_eq!(table, published);
}

#[test]
fn the_parity_table_and_the_catalog_name_the_same_policies() {
    let catalog = cct_core::catalog::catalog();
    let mut named_in_table = std::collections::BTreeSet::new();
    for row in parity_rows() {
        let policy = row[0].trim_matches('`');
        for id in rule_ids(&row[5]) {
            let rule = catalog
                .rule(id)
                .unwrap_or_else(|| panic!("{id} is no rule"));
            let platform = rule.platform.as_deref().unwrap_or_default();
            assert!(
                platform.contains(&format!("`{policy}`")),
                "{id} mirrors `{policy}` in docs/kube.md but its catalog `platform:` says: {platform}"
            );
            named_in_table.insert(id.to_owned());
        }
        if rule_ids(&row[5]).is_empty() {
            assert!(row[5].starts_with("not mirrored: "), "{policy}: {}", row[5]);
        }
    }
    let known: Vec<&str> = PUBLISHED
        .iter()
        .map(|p| p.0)
        .chain(SOCLE_MUTATIONS.iter().copied())
        .collect();
    for rule in catalog.rules.iter().filter(|r| r.platform.is_some()) {
        let platform = rule.platform.as_deref().unwrap();
        let names: Vec<&str> = platform
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|t| known.contains(t))
            .collect();
        assert!(
            !names.is_empty(),
            "{}: `platform:` names no published policy: {platform}",
            rule.id
        );
        if names.iter().any(|n| !SOCLE_MUTATIONS.contains(n)) {
            assert!(
                named_in_table.contains(&rule.id),
                "{} names a published policy but is not in the parity table",
                rule.id
            );
        }
        assert!(
            !names.iter().any(|n| SOCLE_MUTATIONS.contains(n))
                || platform.contains("own namespaces"),
            "{}: a socle mutation is named without saying it stays on the platform's own namespaces",
            rule.id
        );
    }
}
