//! Letter-case checks with commitlint's semantics (`@commitlint/ensure` `case`).
//!
//! A text "is in" a case when converting it to that case leaves it unchanged,
//! after quoted parts (`` `x` ``, `"x"`, `'x'`) are removed, since they may hold
//! proper names. An empty text, or one whose conversion starts with a digit,
//! is in every case.

use super::settings::{Case, CaseRule, When};

/// Whether `text` satisfies `rule`.
pub fn satisfies(text: &str, rule: &CaseRule) -> bool {
    let any = rule.cases.iter().any(|c| is_case(text, *c));
    match rule.when {
        When::Always => any,
        When::Never => !any,
    }
}

/// Whether `raw` is in case `case`.
pub fn is_case(raw: &str, case: Case) -> bool {
    let stripped = strip_quoted(raw);
    let input = stripped.trim();
    if let Some(answer) = quick(input, case) {
        return answer;
    }
    let converted = to_case(input, case);
    if converted.is_empty() || converted.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    converted == input
}

/// Whether `c` maps to itself alone under `map`.
fn fixed<I: Iterator<Item = char>>(c: char, map: impl Fn(char) -> I) -> bool {
    let mut m = map(c);
    m.next() == Some(c) && m.next().is_none()
}

/// The answer of [`is_case`] without building the converted text, when it is
/// cheap to know (the common cases: lower, upper and sentence case, and a
/// text starting with a lower-case letter for start and pascal case).
fn quick(input: &str, case: Case) -> Option<bool> {
    let first = input.chars().next()?;
    let digit_first = first.is_ascii_digit();
    match case {
        Case::LowerCase if !digit_first => {
            Some(input.chars().all(|c| fixed(c, char::to_lowercase)))
        }
        Case::UpperCase if !digit_first => {
            Some(input.chars().all(|c| fixed(c, char::to_uppercase)))
        }
        Case::SentenceCase if !digit_first => Some(fixed(first, char::to_uppercase)),
        Case::StartCase | Case::PascalCase
            if first.is_lowercase() && !fixed(first, char::to_uppercase) =>
        {
            Some(false)
        }
        _ => None,
    }
}

/// Removes `` `…` ``, `"…"` and `'…'` spans (on one line), leftmost first.
fn strip_quoted(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains(['`', '"', '\'']) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['`', '"', '\'']) {
        let q = rest[i..].chars().next().unwrap_or('"');
        let after = &rest[i + q.len_utf8()..];
        let line_end = after.find('\n').unwrap_or(after.len());
        match after[..line_end].find(q) {
            Some(j) => {
                out.push_str(&rest[..i]);
                rest = &after[j + q.len_utf8()..];
            }
            None => {
                out.push_str(&rest[..i + q.len_utf8()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Converts `input` to `case` (lodash semantics, as commitlint uses them).
pub fn to_case(input: &str, case: Case) -> String {
    match case {
        Case::LowerCase => input.to_lowercase(),
        Case::UpperCase => input.to_uppercase(),
        Case::SentenceCase => upper_first(input),
        Case::StartCase => {
            let cleaned: String = input
                .chars()
                .filter(|c| *c != '\'' && *c != '\u{2019}')
                .collect();
            words(&cleaned)
                .iter()
                .map(|w| upper_first(w))
                .collect::<Vec<_>>()
                .join(" ")
        }
        Case::CamelCase => camel(input),
        Case::PascalCase => upper_first(&camel(input)),
        Case::KebabCase => words(input)
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join("-"),
        Case::SnakeCase => words(input)
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join("_"),
    }
}

fn camel(input: &str) -> String {
    let cleaned: String = input
        .chars()
        .filter(|c| *c != '\'' && *c != '\u{2019}')
        .collect();
    let mut out = String::new();
    for (i, w) in words(&cleaned).iter().enumerate() {
        let lower = w.to_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            out.push_str(&upper_first(&lower));
        }
    }
    out
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Splits into words: runs of letters and digits, further split at
/// lower→upper (`fooBar`), at the last of several capitals before a lower
/// case letter (`XMLHttp`), and between letters and digits.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|r| !r.is_empty())
    {
        let chars: Vec<char> = run.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (p, c) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let split = (p.is_lowercase() && c.is_uppercase())
                || (p.is_uppercase() && c.is_uppercase() && next_lower)
                || (p.is_alphabetic() != c.is_alphabetic());
            if split {
                out.push(chars[start..i].iter().collect());
                start = i;
            }
        }
        out.push(chars[start..].iter().collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Case; 8] = [
        Case::LowerCase,
        Case::UpperCase,
        Case::CamelCase,
        Case::KebabCase,
        Case::PascalCase,
        Case::SentenceCase,
        Case::SnakeCase,
        Case::StartCase,
    ];

    proptest! {
        #[test]
        fn quick_answers_agree_with_conversion(text in "[a-zA-Z0-9 éÉǅß'`_-]{0,12}") {
            let stripped = strip_quoted(&text);
            let input = stripped.trim();
            for case in ALL {
                if let Some(answer) = quick(input, case) {
                    let converted = to_case(input, case);
                    let slow = converted.is_empty() || converted.starts_with(|c: char| c.is_ascii_digit()) || converted == input;
                    prop_assert_eq!(answer, slow, "{:?} {:?}", case, input);
                }
            }
        }
    }

    #[test]
    fn commitlint_subject_cases() {
        let rule = CaseRule::never(&[
            Case::SentenceCase,
            Case::StartCase,
            Case::PascalCase,
            Case::UpperCase,
        ]);
        assert!(satisfies("add login page", &rule));
        assert!(satisfies("add `Eslint` configuration", &rule));
        assert!(!satisfies("Add login page", &rule));
        assert!(!satisfies("ADD LOGIN", &rule));
        assert!(!satisfies("AddLogin", &rule));
        assert!(!satisfies("API change", &rule));
        assert!(satisfies("a", &rule));
    }

    #[test]
    fn conversions() {
        assert_eq!(to_case("fooBar baz", Case::StartCase), "Foo Bar Baz");
        assert_eq!(
            to_case("XMLHttp request", Case::KebabCase),
            "xml-http-request"
        );
        assert_eq!(to_case("foo bar", Case::PascalCase), "FooBar");
        assert_eq!(to_case("Foo Bar", Case::CamelCase), "fooBar");
        assert!(is_case("feat", Case::LowerCase));
        assert!(!is_case("Feat", Case::LowerCase));
        assert!(is_case("42", Case::UpperCase));
    }
}
