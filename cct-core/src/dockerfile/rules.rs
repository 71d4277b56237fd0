//! The Dockerfile rules, one function per rule. Their metadata is in `rules/catalog/dockerfile.yaml`.
//!
//! A rule receives the [`Build`] and a [`RuleSink`] that reports under the
//! rule's own id, so the id is written once, in the table below.

use std::collections::BTreeMap;

use super::parse::{Instruction, Word};
use super::stage::{assignments, expand, Build, Stage};
use crate::image::os::{facts_from_reference, judge, Verdict};
use crate::image::reference::{parse_image, registry_allowed};
use crate::report::Location;
use crate::sink::{rule_table, RuleSink, Sink};

/// One Dockerfile rule: its catalog id and its check.
pub struct DockerfileRule {
    /// The rule id, as in the catalog.
    pub id: &'static str,
    /// The check; its sink reports under `id` only.
    pub check: fn(&Build<'_>, &mut RuleSink<'_, '_>),
}

rule_table! { DockerfileRule {
    // EX32: the process does not run as root, nor binds a privileged port.
    "dockerfile/non-root-user" => non_root_user,
    "dockerfile/exposed-port-above-1024" => exposed_port_above_1024,
    // EX50: the application is PID 1 and receives SIGTERM.
    "dockerfile/exec-form" => exec_form,
    // EX34 (EX29, EX36, DX-6.3.2-b): base images versioned, pinned, from trusted registries.
    "dockerfile/base-image-tag" => base_image_tag,
    "dockerfile/base-image-digest" => base_image_digest,
    "dockerfile/allowed-registries" => allowed_registries,
    // EX29: the runtime base is a supported long-term-support release.
    "dockerfile/base-os-supported" => base_os_supported,
    "dockerfile/base-os-lts" => base_os_lts,
    // EX47: no secret in the build file nor in the image history.
    "dockerfile/no-secret-in-env" => no_secret_in_env,
    // béta EXI-ARCH-18: no network service the application does not need, such as SSHD.
    "dockerfile/no-sshd" => no_sshd,
    // béta EXI-ARCH-7: an endpoint's certificate, let alone its private key, is not built in.
    "dockerfile/no-embedded-private-key" => super::keys::no_embedded_private_key,
} }

/// Runs every rule on `build`.
pub fn check(build: &Build<'_>, sink: &mut Sink<'_>) {
    for rule in ALL {
        (rule.check)(build, &mut sink.rule(rule.id));
    }
}

/// The location of `word` in instruction `index` (`/instructions/<index>` plus `suffix`).
fn at_word(build: &Build<'_>, index: usize, suffix: &str, word: &Word) -> Location {
    build.at(index, suffix, word.line, word.column)
}

/// The location of instruction `index`'s keyword.
fn at_instruction(build: &Build<'_>, index: usize, ins: &Instruction) -> Location {
    build.at(index, "", ins.line, ins.column)
}

/// Build-time variables with a default in the running image: global `ARG`s, then the runtime chain's `ARG`/`ENV`, earliest first.
fn runtime_vars(build: &Build<'_>) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    let mut instructions: Vec<&Instruction> = build.global_args.iter().map(|(_, i)| *i).collect();
    let mut chain = build.runtime_instructions();
    chain.reverse();
    instructions.extend(chain.into_iter().map(|(_, _, i)| i));
    for ins in instructions {
        if ins.is("ARG") || ins.is("ENV") {
            for (name, value) in assignments(ins) {
                if let Some(value) = value {
                    vars.insert(name.text, value);
                }
            }
        }
    }
    vars
}

/// `dockerfile/non-root-user`: the last `USER` in effect in the final stage is a non-root numeric UID.
fn non_root_user(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some(last) = build.final_stage() else {
        return;
    };
    let user = build
        .runtime_instructions()
        .into_iter()
        .find(|(_, _, i)| i.is("USER"));
    let Some((stage, index, ins)) = user else {
        let location = at_instruction(build, last.from_index, last.from);
        sink.report(location, Some(last.object_ref()), format!("the final {} sets no `USER`: the container runs as the base image's user, root unless the base says otherwise, and the platform blocks root containers at launch", last.display()), None);
        return;
    };
    let Some(word) = ins.words.first() else {
        return;
    };
    let resolved = expand(&word.text, &runtime_vars(build));
    let location = at_word(build, index, "/user", word);
    let Some(value) = resolved else {
        sink.report(location, Some(stage.object_ref()), format!("`USER {}` in {} depends on a build argument with no default: cct cannot verify the image does not run as root", word.text, stage.display()), Some("Give the argument a numeric default (`ARG UID=10001`) or write the UID itself.".into()));
        return;
    };
    let name = value.split(':').next().unwrap_or("").trim();
    if name == "root" || name.trim_start_matches('0').is_empty() {
        sink.report(location, Some(stage.object_ref()), format!("the final image runs as root (`USER {value}` in {}); the platform blocks root containers at launch", stage.display()), None);
    } else if !name.chars().all(|c| c.is_ascii_digit()) {
        sink.report(location, Some(stage.object_ref()), format!("the final image runs as the user name `{name}` ({}): under `runAsNonRoot: true`, which the platform enforces, Kubernetes cannot verify a name is not root and refuses to start the container", stage.display()), Some(format!("Use the numeric UID of `{name}` in `USER` (e.g. `USER 10001`).")));
    }
}

/// `dockerfile/exposed-port-above-1024`: every port the final stage exposes is above 1024.
fn exposed_port_above_1024(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    for (stage, index, ins) in build.runtime_instructions() {
        if !ins.is("EXPOSE") {
            continue;
        }
        for (w, word) in ins.words.iter().enumerate() {
            let number = word.text.split('/').next().unwrap_or("");
            let low = number.split('-').next().unwrap_or("");
            if let Ok(port) = low.parse::<u32>() {
                if port <= 1024 {
                    let location = at_word(build, index, &format!("/ports/{w}"), word);
                    sink.report(
                        location,
                        Some(stage.object_ref()),
                        format!(
                            "{} exposes port `{}`; ports up to 1024 need root privileges",
                            stage.display(),
                            word.text
                        ),
                        None,
                    );
                }
            }
        }
    }
}

/// `dockerfile/exec-form`: the entrypoint in effect (or `CMD` without one) is in exec form.
fn exec_form(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    let runtime = build.runtime_instructions();
    let entrypoint = runtime.iter().find(|(_, _, i)| i.is("ENTRYPOINT"));
    let command = runtime.iter().find(|(_, _, i)| i.is("CMD"));
    let Some((stage, index, ins)) = entrypoint.or(command) else {
        return;
    };
    if ins.exec.is_some() || ins.raw.is_empty() {
        return;
    }
    if ins.raw.trim_start().starts_with("exec ") {
        return;
    }
    let location = build.at(*index, "", ins.raw_at.0, ins.raw_at.1);
    let shown: String = ins.raw.chars().take(60).collect();
    sink.report(location, Some(stage.object_ref()), format!("`{} {shown}` in {} is in shell form: `/bin/sh -c` runs as PID 1 and does not forward SIGTERM to the application", ins.keyword, stage.display()), None);
}

/// The stages that pull an image (not `scratch`, not an earlier stage), with the base's location.
fn external_bases<'b, 'a>(build: &'b Build<'a>) -> Vec<(&'b Stage<'a>, Location)> {
    build
        .stages
        .iter()
        .filter(|s| s.external_base())
        .filter_map(|s| Some((s, at_word(build, s.from_index, "/image", s.base_word?))))
        .collect()
}

/// `dockerfile/base-image-tag`: every base image names a version tag other than `latest`.
fn base_image_tag(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    for (stage, location) in external_bases(build) {
        let written = stage.base_word.map_or("", |w| w.text.as_str());
        let Some(base) = stage.base.as_deref() else {
            sink.report(location, Some(stage.object_ref()), format!("the base of {} (`{written}`) depends on a build argument with no default: what is pulled is decided outside git", stage.display()), Some("Give the argument a default naming a versioned image (`ARG BASE=debian:13-slim`).".into()));
            continue;
        };
        let r = parse_image(base);
        match r.tag {
            Some("latest") => sink.report(location, Some(stage.object_ref()), format!("{} builds on `{base}`, the `latest` tag: the base changes without any change in git", stage.display()), None),
            None if r.digest.is_none() => sink.report(location, Some(stage.object_ref()), format!("{} builds on `{base}`, which names no tag and so pulls `latest`: the base changes without any change in git", stage.display()), None),
            _ => {}
        }
    }
}

/// `dockerfile/base-image-digest`: every base image is pinned by digest.
fn base_image_digest(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    for (stage, location) in external_bases(build) {
        let Some(base) = stage.base.as_deref() else {
            continue;
        };
        if parse_image(base).digest.is_none() {
            sink.report(location, Some(stage.object_ref()), format!("{} builds on `{base}`, which is not pinned by digest; a tag can be moved to another image", stage.display()), None);
        }
    }
}

/// `dockerfile/allowed-registries`: base images come from the configured registries (or at least name one).
fn allowed_registries(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    let allowed = sink.policy().settings.allowed_registries.clone();
    for (stage, location) in external_bases(build) {
        let Some(base) = stage.base.as_deref() else {
            continue;
        };
        if allowed.is_empty() {
            if parse_image(base).registry.is_none() {
                sink.report(location, Some(stage.object_ref()), format!("{} builds on `{base}`, which names no registry: it is pulled from Docker Hub, outside the ministry's image pipeline", stage.display()), None);
            }
        } else if !registry_allowed(base, &allowed) {
            sink.report(
                location,
                Some(stage.object_ref()),
                format!(
                    "{} builds on `{base}`, from a registry that is not allowed; allowed: {}",
                    stage.display(),
                    allowed.join(", ")
                ),
                None,
            );
        }
    }
}

/// The runtime base: the image the final stage ultimately builds on, when it is one.
fn runtime_base<'b, 'a>(build: &'b Build<'a>) -> Option<(&'b Stage<'a>, Location, &'b str)> {
    let root = *build.runtime_chain().last()?;
    if !root.external_base() {
        return None;
    }
    let location = at_word(build, root.from_index, "/image", root.base_word?);
    Some((root, location, root.base.as_deref()?))
}

/// `dockerfile/base-os-supported`: the runtime base's distribution release has not passed its end of life.
fn base_os_supported(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some((stage, location, base)) = runtime_base(build) else {
        return;
    };
    let Some(facts) = facts_from_reference(base) else {
        return;
    };
    let Verdict::Release(d, c) = judge(&facts) else {
        return;
    };
    match crate::image::date::today(sink.policy().today.as_deref()) {
        Ok(today) if today.as_str() > c.eol.as_str() => sink.report(location, Some(stage.object_ref()), format!("the final image builds on `{base}`, {} {}, whose support ended on {}; it no longer receives security fixes", d.name, c.cycle, c.eol), None),
        Ok(_) => {}
        Err(why) => sink.report(location, Some(stage.object_ref()), format!("the final image builds on `{base}`, {} {}, but its end of life ({}) cannot be judged: {why}", d.name, c.cycle, c.eol), Some("Pass the date to judge on in `today` (YYYY-MM-DD; `--today` on the command line).".into())),
    }
}

/// `dockerfile/base-os-lts`: the runtime base's distribution is a long-term-support release.
fn base_os_lts(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    let Some((stage, location, base)) = runtime_base(build) else {
        return;
    };
    let Some(facts) = facts_from_reference(base) else {
        return;
    };
    match judge(&facts) {
        Verdict::Rolling(d) => sink.report(location, Some(stage.object_ref()), format!("the final image builds on `{base}`, {}, a rolling distribution with no long-term-support release", d.name), None),
        Verdict::Release(d, c) if !c.is_lts(d) => sink.report(location, Some(stage.object_ref()), format!("the final image builds on `{base}`, {} {}, which is not a long-term-support release (supported until {})", d.name, c.cycle, c.eol), None),
        _ => {}
    }
}

/// `dockerfile/no-secret-in-env`: no secret-named `ENV`/`ARG` has a value in the file, and none reaches the final image's history.
fn no_secret_in_env(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    let settings = &sink.policy().settings;
    let is_secret =
        |name: &str| settings.is_secret_name(name) && !name.to_ascii_uppercase().ends_with("_FILE");
    let runtime: Vec<usize> = build.runtime_chain().iter().map(|s| s.index).collect();
    let mut found = Vec::new();
    let global = build.global_args.iter().map(|(i, ins)| (None, *i, *ins));
    let staged = build
        .stages
        .iter()
        .flat_map(|s| s.body.iter().map(move |(i, ins)| (Some(s), *i, *ins)));
    for (stage, index, ins) in global.chain(staged) {
        if !(ins.is("ARG") || ins.is("ENV")) {
            continue;
        }
        for (w, (name, value)) in assignments(ins).into_iter().enumerate() {
            if !is_secret(&name.text) {
                continue;
            }
            let literal = value
                .as_deref()
                .is_some_and(|v| !v.trim().is_empty() && !v.starts_with('$'));
            let in_runtime = stage.is_some_and(|s| runtime.contains(&s.index));
            let location = at_word(build, index, &format!("/args/{w}"), &name);
            let Some(stage) = stage.or_else(|| build.stages.first()) else {
                continue;
            };
            if literal {
                found.push((stage, location, format!("`{} {}` sets the secret `{}` to a literal value in the Dockerfile: it is in git and in the image history", ins.keyword, name.text, name.text), None));
            } else if in_runtime {
                found.push((stage, location, format!("`{} {}` in the final {} passes a secret as a build variable: its value is recorded in the image history", ins.keyword, name.text, stage.display()), Some("Mount the secret for the step that needs it (`RUN --mount=type=secret,id=…`) instead of an `ARG` or `ENV`, and inject runtime secrets from a Kubernetes Secret or Vault.".to_owned())));
            }
        }
    }
    for (stage, location, message, fix) in found {
        sink.report(location, Some(stage.object_ref()), message, fix);
    }
}

/// `dockerfile/no-sshd` (béta EXI-ARCH-18): the final image installs no SSH server, starts
/// none, and does not expose port 22.
fn no_sshd(build: &Build<'_>, sink: &mut RuleSink<'_, '_>) {
    use crate::image::ssh::{ssh_server_in, ssh_server_package};
    let mut runtime = build.runtime_instructions();
    runtime.sort_by_key(|(_, index, _)| *index);
    for (stage, index, ins) in runtime {
        let location = build.at(index, "", ins.raw_at.0, ins.raw_at.1);
        let object = Some(stage.object_ref());
        if ins.is("RUN") {
            if let Some(package) = ssh_server_package(&ins.raw) {
                sink.report(location, object, format!("{} installs `{package}`: an SSH server is a network service the application does not need, and a way into the container around the platform's access controls", stage.display()), None);
            }
        } else if ins.is("CMD") || ins.is("ENTRYPOINT") {
            let program = match &ins.exec {
                Some(args) => args.iter().find_map(|a| ssh_server_in(a)),
                None => ssh_server_in(&ins.raw),
            };
            if let Some(program) = program {
                sink.report(location, object, format!("`{}` in {} starts `{program}`: an SSH server is a network service the application does not need", ins.keyword, stage.display()), None);
            }
        } else if ins.is("EXPOSE") {
            for (w, word) in ins.words.iter().enumerate() {
                if word.text == "22" || word.text == "22/tcp" {
                    let location = at_word(build, index, &format!("/ports/{w}"), word);
                    sink.report(location, Some(stage.object_ref()), format!("{} exposes port `{}`, SSH's: an SSH server is a network service the application does not need", stage.display(), word.text), None);
                }
            }
        }
    }
}
