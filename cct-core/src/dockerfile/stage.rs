//! Build stages: which `FROM` each instruction belongs to, what each stage builds on.

use std::collections::BTreeMap;

use super::parse::{Dockerfile, Instruction, Word};
use crate::report::{Location, ObjectRef};

/// A Dockerfile read into stages.
#[derive(Debug)]
pub struct Build<'a> {
    /// The input's path.
    pub path: &'a str,
    /// `ARG`s before the first `FROM` (global: they expand in `FROM`).
    pub global_args: Vec<(usize, &'a Instruction)>,
    /// The stages, in order; the last one is the image that runs.
    pub stages: Vec<Stage<'a>>,
}

/// One stage: a `FROM` and the instructions up to the next one.
#[derive(Debug)]
pub struct Stage<'a> {
    /// 0-based index of the stage.
    pub index: usize,
    /// The name given with `AS`, lowercase.
    pub name: Option<String>,
    /// Index of the `FROM` instruction in the file.
    pub from_index: usize,
    /// The `FROM` instruction.
    pub from: &'a Instruction,
    /// The base as written (`${BASE}`, `debian:12-slim`, `build`).
    pub base_word: Option<&'a Word>,
    /// The base with global `ARG` defaults expanded; `None` when a variable has no default.
    pub base: Option<String>,
    /// The earlier stage this one builds on (`FROM build`), when it does.
    pub parent: Option<usize>,
    /// The stage's instructions after `FROM`, with their index in the file.
    pub body: Vec<(usize, &'a Instruction)>,
}

impl<'a> Build<'a> {
    /// Splits `file` into stages.
    pub fn new(path: &'a str, file: &'a Dockerfile) -> Self {
        let mut global_args = Vec::new();
        let mut stages: Vec<Stage<'a>> = Vec::new();
        let mut defaults: BTreeMap<String, String> = BTreeMap::new();
        for (i, ins) in file.instructions.iter().enumerate() {
            if ins.is("FROM") {
                let base_word = ins.words.first();
                let base = base_word.and_then(|w| expand(&w.text, &defaults));
                let name = match ins.words.get(1..3) {
                    Some([r#as, name]) if r#as.text.eq_ignore_ascii_case("as") => {
                        Some(name.text.to_ascii_lowercase())
                    }
                    _ => None,
                };
                let parent = base.as_deref().and_then(|b| {
                    let b = b.to_ascii_lowercase();
                    stages
                        .iter()
                        .rposition(|s| s.name.as_deref() == Some(b.as_str()))
                        .or_else(|| b.parse::<usize>().ok().filter(|n| *n < stages.len()))
                });
                stages.push(Stage {
                    index: stages.len(),
                    name,
                    from_index: i,
                    from: ins,
                    base_word,
                    base,
                    parent,
                    body: Vec::new(),
                });
            } else if let Some(stage) = stages.last_mut() {
                stage.body.push((i, ins));
            } else if ins.is("ARG") {
                for (name, value) in assignments(ins) {
                    if let Some(value) = value {
                        defaults.insert(name.text, value);
                    }
                }
                global_args.push((i, ins));
            }
        }
        Build {
            path,
            global_args,
            stages,
        }
    }

    /// The stage that runs (the last one).
    pub fn final_stage(&self) -> Option<&Stage<'a>> {
        self.stages.last()
    }

    /// The final stage and the stages it builds on, final first.
    pub fn runtime_chain(&self) -> Vec<&Stage<'a>> {
        let mut chain = Vec::new();
        let mut next = self.stages.last();
        while let Some(stage) = next {
            if chain.iter().any(|s: &&Stage<'_>| s.index == stage.index) {
                break;
            }
            chain.push(stage);
            next = stage.parent.and_then(|p| self.stages.get(p));
        }
        chain
    }

    /// The instructions in effect in the running image, latest first: the
    /// final stage's body backwards, then its parent stage's, and so on.
    pub fn runtime_instructions(&self) -> Vec<(&Stage<'a>, usize, &'a Instruction)> {
        self.runtime_chain()
            .into_iter()
            .flat_map(|s| s.body.iter().rev().map(move |(i, ins)| (s, *i, *ins)))
            .collect()
    }

    /// A location at `word` of the instruction at `index`; `pointer` is `/instructions/<index>` plus `suffix`.
    pub fn at(&self, index: usize, suffix: &str, line: u32, column: u32) -> Location {
        Location {
            path: self.path.to_owned(),
            document: None,
            line,
            column,
            pointer: format!("/instructions/{index}{suffix}"),
            source: None,
        }
    }
}

impl Stage<'_> {
    /// How messages name the stage (`stage \`build\``, `stage 2`).
    pub fn display(&self) -> String {
        match &self.name {
            Some(name) => format!("stage `{name}`"),
            None => format!("stage {}", self.index),
        }
    }

    /// The object findings are about.
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef {
            api_version: None,
            kind: "Stage".to_owned(),
            namespace: None,
            name: Some(self.name.clone().unwrap_or_else(|| self.index.to_string())),
        }
    }

    /// Whether the stage starts from an image (not from an earlier stage, not `scratch`).
    pub fn external_base(&self) -> bool {
        self.parent.is_none()
            && !self
                .base
                .as_deref()
                .is_some_and(|b| b.eq_ignore_ascii_case("scratch"))
    }
}

/// The `name[=value]` words of an `ARG` or `ENV` (legacy `ENV name value` included).
pub fn assignments(ins: &Instruction) -> Vec<(Word, Option<String>)> {
    if ins.is("ENV") && ins.words.len() >= 2 && !ins.words[0].text.contains('=') {
        let value = ins.words[1..]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        return vec![(ins.words[0].clone(), Some(value))];
    }
    ins.words
        .iter()
        .map(|w| match w.text.split_once('=') {
            Some((name, value)) => (
                Word {
                    text: name.to_owned(),
                    line: w.line,
                    column: w.column,
                },
                Some(value.to_owned()),
            ),
            None => (w.clone(), None),
        })
        .collect()
}

/// Expands `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME-default}` from
/// `args`; `None` when a variable has neither a value nor a default.
pub(crate) fn expand(text: &str, args: &BTreeMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, default, used) = if let Some(inner) = after.strip_prefix('{') {
            let close = inner.find('}')?;
            let body = &inner[..close];
            let (name, default) = match body.split_once(":-").or_else(|| body.split_once('-')) {
                Some((n, d)) => (n, Some(d)),
                None => (body, None),
            };
            (name, default, close + 2)
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..len], None, len)
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
            continue;
        }
        match args
            .get(name)
            .filter(|v| !v.is_empty())
            .map(String::as_str)
            .or(default)
        {
            Some(value) => out.push_str(value),
            None => return None,
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn stages_global_args_and_the_runtime_chain() {
        let file = parse(
            "ARG VERSION=12\nARG REG\nFROM debian:${VERSION}-slim AS base\nUSER 10001\nFROM golang:1.22 AS build\nRUN go build\nFROM base\nCOPY --from=build /app /app\nFROM ${REG}/x\n",
        )
        .unwrap();
        let build = Build::new("Dockerfile", &file);
        assert_eq!(build.global_args.len(), 2);
        assert_eq!(build.stages[0].base.as_deref(), Some("debian:12-slim"));
        assert_eq!(build.stages[2].parent, Some(0));
        assert_eq!(build.stages[3].base, None, "no default for REG");
        let file = parse("FROM debian:12 AS base\nUSER 1\nFROM base\nCMD [\"x\"]\n").unwrap();
        let build = Build::new("Dockerfile", &file);
        let chain: Vec<usize> = build.runtime_chain().iter().map(|s| s.index).collect();
        assert_eq!(chain, [1, 0]);
        let keywords: Vec<&str> = build
            .runtime_instructions()
            .iter()
            .map(|(_, _, i)| i.keyword.as_str())
            .collect();
        assert_eq!(keywords, ["CMD", "USER"]);
    }

    #[test]
    fn expansion() {
        let args: BTreeMap<String, String> = [("A".to_owned(), "1".to_owned())].into();
        assert_eq!(expand("x:$A", &args).as_deref(), Some("x:1"));
        assert_eq!(expand("x:${B:-2}", &args).as_deref(), Some("x:2"));
        assert_eq!(expand("x:${B}", &args), None);
        assert_eq!(expand("a$", &args).as_deref(), Some("a$"));
    }
}
