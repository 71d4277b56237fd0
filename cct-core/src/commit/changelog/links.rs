//! Issue and user references in changelog text turned into links, as the
//! preset's `createReferencesFormatter` does (`@conventional-changelog/template`
//! 1.4): `#12` → `[#12](…/issues/12)`, `@ada` → `[@ada](https://host/ada)`;
//! Markdown links, code spans, fenced code blocks and URLs are left as they are.

use super::forge::Forge;

/// `text` with its `#N` and `@user` references linked (unchanged without a
/// forge); `issues` receives each issue reference as written (`#12`), so the
/// caller can leave out the references a subject already shows.
pub fn link_references(text: &str, forge: Option<&Forge>, issues: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(n) = protected(text, i) {
            out.push_str(&rest[..n]);
            i += n;
            continue;
        }
        if let Some(issue) = rest.strip_prefix('#').map(|r| {
            let end = r
                .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
                .unwrap_or(r.len());
            &r[..end]
        }) {
            if !issue.is_empty() {
                let written = format!("#{issue}");
                match forge {
                    Some(f) => out.push_str(&format!("[{written}]({})", f.issue_url(None, issue))),
                    None => out.push_str(&written),
                }
                issues.push(written);
                i += 1 + issue.len();
                continue;
            }
        }
        if let Some(user) = mention(text, i) {
            i += 1 + user.len();
            match forge.filter(|_| !user.contains('/')) {
                Some(f) => out.push_str(&format!("[@{user}]({})", f.user_url(user))),
                None => {
                    out.push('@');
                    out.push_str(user);
                }
            }
            continue;
        }
        let c = rest.chars().next().unwrap_or('\0');
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

/// `\B@(?<user>[a-z0-9](?:-?[a-z0-9/]){0,38})` at `i`: the user.
fn mention(text: &str, i: usize) -> Option<&str> {
    let rest = text[i..].strip_prefix('@')?;
    if text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let name = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let bytes = rest.as_bytes();
    if !bytes.first().copied().is_some_and(name) {
        return None;
    }
    let mut end = 1;
    let mut count = 0;
    while count < 38 {
        let (skip, next) = match bytes.get(end) {
            Some(b'-') => (1, bytes.get(end + 1)),
            other => (0, other),
        };
        match next {
            Some(&c) if name(c) || c == b'/' => {
                end += skip + 1;
                count += 1;
            }
            _ => break,
        }
    }
    Some(&rest[..end])
}

/// The length of a protected segment starting at `i`: `[text](url)`,
/// `[text][ref]`, a fenced code block (from a line start), a code span, a URL.
fn protected(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    if rest.starts_with('[') {
        if let Some(n) = markdown_link(rest) {
            return Some(n);
        }
    }
    if i == 0 || text[..i].ends_with('\n') {
        if let Some(n) = fence(rest) {
            return Some(n);
        }
    }
    if rest.starts_with('`') {
        let run = rest.len() - rest.trim_start_matches('`').len();
        let delimiter = &rest[..run];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        if let Some(j) = rest[run..line_end].find(delimiter) {
            return Some(run + j + run);
        }
    }
    let url_start = rest
        .strip_prefix("https://")
        .map(|r| (r, 8))
        .or_else(|| rest.strip_prefix("http://").map(|r| (r, 7)));
    if let Some((r, scheme)) = url_start {
        let n = url_length(r);
        if n > 0 {
            return Some(scheme + n);
        }
    }
    None
}

/// `(?:[^\s()]|\([^\s()]*\))+`.
fn url_length(r: &str) -> usize {
    let mut n = 0;
    let plain = |c: char| !(c.is_whitespace() || c == '(' || c == ')');
    while n < r.len() {
        let c = r[n..].chars().next().unwrap_or(' ');
        if plain(c) {
            n += c.len_utf8();
        } else if c == '(' {
            let inner = r[n + 1..].find(|c: char| !plain(c)).map(|j| n + 1 + j);
            match inner {
                Some(j) if r[j..].starts_with(')') => n = j + 1,
                _ => break,
            }
        } else {
            break;
        }
    }
    n
}

/// `\[(?:[^[\]]|\[[^[\]]*])*]\((?:[^()\n]|\([^()\n]*\))*\)` or `\[[^\]]*]\[[^\]]*]`.
fn markdown_link(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    // Link text: no brackets but one level of nested `[...]`.
    let mut j = 1;
    while j < b.len() && b[j] != b']' {
        if b[j] == b'[' {
            let close = rest[j + 1..].find(']').map(|k| j + 1 + k)?;
            if rest[j + 1..close].contains('[') {
                return None;
            }
            j = close + 1;
        } else {
            j += 1;
        }
    }
    if j >= b.len() {
        return None;
    }
    let after = &rest[j + 1..];
    if after.starts_with('(') {
        let mut k = 1;
        let a = after.as_bytes();
        while k < a.len() {
            match a[k] {
                b')' => return Some(j + 1 + k + 1),
                b'\n' => return None,
                b'(' => {
                    let close = after[k + 1..].find([')', '(', '\n']).map(|m| k + 1 + m)?;
                    if a[close] != b')' {
                        return None;
                    }
                    k = close + 1;
                }
                _ => k += 1,
            }
        }
        return None;
    }
    if let Some(reference) = after.strip_prefix('[') {
        // `[text][ref]`: the text must have no `]` (already so) and the ref none either.
        if rest[1..j].contains('[') {
            return None;
        }
        return reference.find(']').map(|k| j + 1 + 1 + k + 1);
    }
    None
}

/// A fenced code block at a line start: up to and including its closing fence line.
fn fence(rest: &str) -> Option<usize> {
    let body = rest.trim_start_matches([' ', '\t']);
    let indent = rest.len() - body.len();
    let mark = body.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = body.len() - body.trim_start_matches(mark).len();
    if run < 3 {
        return None;
    }
    let fence = &body[..run];
    let mut pos = indent + run;
    // The closing fence: a later line (or this one's rest) of spaces, the fence, spaces.
    loop {
        let next_line = rest[pos..].find('\n').map(|k| pos + k + 1)?;
        pos = next_line;
        let line_end = rest[pos..].find('\n').map_or(rest.len(), |k| pos + k);
        let line = rest[pos..line_end].trim_end_matches('\r');
        let t = line.trim_start_matches([' ', '\t']);
        if let Some(after) = t.strip_prefix(fence) {
            if after.trim_end_matches([' ', '\t']).is_empty() {
                return Some(pos + (line.len() - t.len()) + fence.len() + after.len());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_outside_code_and_links() {
        let gh = Forge::from_remote("https://github.com/o/r", None).unwrap();
        let mut issues = Vec::new();
        let got = link_references(
            "crash (#12), see `#3`, [#4](x), https://e.test/#5 and @ada, not @types/node nor a@b.c",
            Some(&gh),
            &mut issues,
        );
        assert_eq!(
            got,
            "crash ([#12](https://github.com/o/r/issues/12)), see `#3`, [#4](x), https://e.test/#5 and [@ada](https://github.com/ada), not @types/node nor a@b.c"
        );
        assert_eq!(issues, ["#12"]);
        let mut issues = Vec::new();
        assert_eq!(
            link_references("x (#7) @ada", None, &mut issues),
            "x (#7) @ada"
        );
        assert_eq!(issues, ["#7"]);
        let gl = Forge::from_remote("git@gitlab.com:g/p.git", None).unwrap();
        let mut issues = Vec::new();
        assert_eq!(
            link_references("a\n```\n#1\n```\nb #2", Some(&gl), &mut issues),
            "a\n```\n#1\n```\nb [#2](https://gitlab.com/g/p/-/issues/2)"
        );
    }
}
