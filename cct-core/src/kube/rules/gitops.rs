//! GitOps (EX14): Argo CD deploys what git says, pinned, and undoes manual changes.

use crate::document::{pointer_index, Node};
use crate::kube::{KubeSet, Object};
use crate::locate::Locate;
use crate::sink::RuleSink;

/// Argo CD Applications and ApplicationSets with the pointer of their application spec.
fn applications<'s, 'a>(set: &'s KubeSet<'a>) -> Vec<(&'s Object<'a>, &'static str)> {
    let mut out: Vec<(&Object<'a>, &'static str)> = Vec::new();
    for o in set
        .of_kind("Application")
        .chain(set.of_kind("ApplicationSet"))
    {
        if !o.api_version.starts_with("argoproj.io/") {
            continue;
        }
        out.push((
            o,
            if o.kind == "Application" {
                "/spec"
            } else {
                "/spec/template/spec"
            },
        ));
    }
    out
}

/// The sources of an application spec: `source`, or each of `sources`, with their pointers.
fn sources<'a>(o: &Object<'a>, spec_ptr: &str) -> Vec<(String, &'a Node)> {
    let Some(spec) = o.node.pointer(spec_ptr) else {
        return Vec::new();
    };
    if let Some(list) = spec.get("sources") {
        return list
            .items()
            .iter()
            .enumerate()
            .map(|(i, n)| (pointer_index(&format!("{spec_ptr}/sources"), i), n))
            .collect();
    }
    spec.get("source")
        .map(|s| vec![(format!("{spec_ptr}/source"), s)])
        .unwrap_or_default()
}

/// `kube/argocd-automated-sync`: automated sync with `selfHeal` and `prune`.
pub fn argocd_automated_sync(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for (o, spec_ptr) in applications(set) {
        let ptr = format!("{spec_ptr}/syncPolicy/automated");
        let Some(automated) = o.node.pointer(&ptr) else {
            sink.about(o, o.locate(&ptr), format!("{} has no automated sync: changes merged in git are not deployed and drift in the cluster is not corrected", o.display()), None);
            continue;
        };
        for field in ["selfHeal", "prune"] {
            let what = if field == "selfHeal" {
                "manual changes in the cluster are kept"
            } else {
                "objects removed from git stay in the cluster"
            };
            match automated.get(field) {
                Some(n) if n.as_bool() == Some(true) => {}
                Some(n) => sink.about(
                    o,
                    o.at(&format!("{ptr}/{field}"), n),
                    format!(
                        "{} sets `{field}: {}`: {what}",
                        o.display(),
                        n.scalar_text().unwrap_or_default()
                    ),
                    None,
                ),
                None => sink.about(
                    o,
                    o.locate(&format!("{ptr}/{field}")),
                    format!("{} does not set `{field}: true`: {what}", o.display()),
                    None,
                ),
            }
        }
    }
}

/// `kube/argocd-git-source`: applications deploy from a git repository.
pub fn argocd_git_source(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    for (o, spec_ptr) in applications(set) {
        let list = sources(o, spec_ptr);
        if list.is_empty() {
            sink.about(
                o,
                o.locate(&format!("{spec_ptr}/source")),
                format!("{} names no source repository", o.display()),
                None,
            );
        }
        for (ptr, source) in list {
            let Some(url_node) = source.get("repoURL") else {
                sink.about(
                    o,
                    o.locate(&format!("{ptr}/repoURL")),
                    format!("a source of {} has no `repoURL`", o.display()),
                    None,
                );
                continue;
            };
            let url = url_node.as_str().unwrap_or_default();
            if let Some(chart) = source.get("chart").and_then(Node::as_str) {
                sink.about(o, o.at(&format!("{ptr}/repoURL"), url_node), format!("{} deploys the Helm chart `{chart}` from `{url}`, not from a git repository: the deployed manifests are not versioned in git", o.display()), None);
            } else if url.starts_with("oci://") {
                sink.about(
                    o,
                    o.at(&format!("{ptr}/repoURL"), url_node),
                    format!(
                        "{} deploys from the OCI registry `{url}`, not from a git repository",
                        o.display()
                    ),
                    None,
                );
            }
        }
    }
}

/// Whether a revision moves by itself: a branch name, `HEAD`, or a version range.
fn floating(revision: &str, branches: &[String]) -> bool {
    let is_sha = revision.len() == 40 && revision.chars().all(|c| c.is_ascii_hexdigit());
    // `{{version}}`: an ApplicationSet parameter, set by its generator, not a revision yet.
    if is_sha || revision.contains("{{") {
        return false;
    }
    branches.iter().any(|b| b.eq_ignore_ascii_case(revision))
        || revision.contains(['*', '^', '~', '>', '<', ' '])
        || revision
            .split('.')
            .any(|part| part.eq_ignore_ascii_case("x"))
        || !revision.chars().any(|c| c.is_ascii_digit())
}

/// `kube/argocd-pinned-revision`: each source's `targetRevision` is a tag, version or commit.
pub fn argocd_pinned_revision(set: &KubeSet<'_>, sink: &mut RuleSink<'_, '_>) {
    let branches = sink.policy().settings.floating_revisions.clone();
    let head_severity = sink.policy().settings.head_revision_severity;
    for (o, spec_ptr) in applications(set) {
        for (ptr, source) in sources(o, spec_ptr) {
            let (at, revision) = match source.get("targetRevision") {
                None => (o.locate(&format!("{ptr}/targetRevision")), None),
                Some(n) => (o.at(&format!("{ptr}/targetRevision"), n), n.scalar_text()),
            };
            let head = revision
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case("HEAD"));
            let message = match (&revision, head_severity) {
                (None, None) => format!("{} sets no `targetRevision`, so it follows `HEAD`: any push changes production", o.display()),
                (_, Some(_)) if head => format!("{} follows `HEAD`, as the Cloud Pi Native console's Applications do: production follows every merge into the deployment repository's default branch, so keep that branch protected (merge requests only), or pin a release tag to choose each version", o.display()),
                (Some(r), _) if floating(r, &branches) => format!("{} tracks `{r}`, which moves: pin a release tag or a commit", o.display()),
                _ => continue,
            };
            match head_severity {
                Some(severity) if head => {
                    sink.report_as(severity, at, Some(o.object_ref()), message)
                }
                _ => sink.about(o, at, message, None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::floating;

    #[test]
    fn revisions() {
        let branches = vec!["main".to_owned(), "HEAD".to_owned()];
        for r in ["main", "HEAD", "feature/login", "1.x", "^1.2.0", "*"] {
            assert!(floating(r, &branches), "{r}");
        }
        for r in [
            "v1.4.2",
            "1.4.2",
            "0123456789abcdef0123456789abcdef01234567",
            "release-2024.03",
        ] {
            assert!(!floating(r, &branches), "{r}");
        }
        for r in ["{{version}}", "{{ .values.revision }}"] {
            assert!(!floating(r, &branches), "{r}");
        }
    }
}
