//! Flow collections whose lines sit at their block's indentation.
//!
//! ```yaml
//! args: [
//!   "--port", "8080"
//! ]
//! ```
//!
//! libyaml, go-yaml (so kubectl), PyYAML and every YAML library Kubernetes
//! users meet read this; `saphyr-parser` refuses the `]` ("invalid
//! indentation") because it is not indented past `args`. Inside a flow
//! collection indentation carries no meaning, so when the parser refuses a
//! line that starts inside one, the line is indented one more space and the
//! text parsed again; node columns on shifted lines are then moved back, so
//! every position still points into the original text. A line outside flow
//! collections is never touched: real indentation errors stay errors.

use std::collections::HashMap;

use super::error::LoadError;
use super::node::{Node, Pos, Value};
use super::Document;

/// At most this many lines are re-indented in one input (each costs a parse).
const MAX_REINDENTS: usize = 256;

/// Whether `error` is the parser refusing a line for its indentation.
pub(crate) fn is_indentation_error(error: &LoadError) -> bool {
    matches!(error, LoadError::Yaml { message, .. }
        if message == "invalid indentation" || message == "invalid indentation in flow construct")
}

/// Parses `text` with `parse`, re-indenting the refused lines that start inside a flow collection.
///
/// `first` is the error the original text gave; it is returned when the
/// refused line is not inside a flow collection or re-indenting does not help.
pub(crate) fn parse_reindented(
    text: &str,
    first: LoadError,
    parse: impl Fn(&str) -> Result<Vec<Document>, LoadError>,
) -> Result<Vec<Document>, LoadError> {
    let inside = lines_inside_flow(text);
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let mut shifts: HashMap<u32, u32> = HashMap::new();
    let mut error = first.clone();
    for _ in 0..MAX_REINDENTS {
        let Some(line) = error.pos().map(|p| p.line) else {
            return Err(first);
        };
        let index = line as usize;
        if index == 0 || !inside.get(index - 1).copied().unwrap_or(false) {
            return Err(first);
        }
        lines[index - 1].insert(0, ' ');
        *shifts.entry(line).or_insert(0) += 1;
        match parse(&lines.join("\n")) {
            Ok(mut docs) => {
                for doc in &mut docs {
                    unshift(&mut doc.root, &shifts);
                }
                return Ok(docs);
            }
            Err(e) if is_indentation_error(&e) => error = e,
            Err(_) => return Err(first),
        }
    }
    Err(first)
}

/// Moves the columns of nodes on shifted lines back to the original text's.
fn unshift(node: &mut Node, shifts: &HashMap<u32, u32>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if let Some(by) = shifts.get(&n.pos.line) {
            n.pos = Pos::new(n.pos.line, n.pos.column.saturating_sub(*by).max(1));
        }
        match &mut n.value {
            Value::Seq(items) => stack.extend(items.iter_mut()),
            Value::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    stack.push(k);
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
}

/// For each line, whether it starts inside a flow collection (`[`/`{` opened
/// on an earlier line and not closed yet), from a light scan that knows
/// quoted scalars, comments and block scalars.
fn lines_inside_flow(text: &str) -> Vec<bool> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    // Indentation of the line that opened a block scalar: more-indented lines are its content.
    let mut block_scalar: Option<usize> = None;
    for line in text.split('\n') {
        out.push(depth > 0 && quote.is_none());
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(at) = block_scalar {
            if line.trim().is_empty() || indent > at {
                continue;
            }
            block_scalar = None;
        }
        let mut previous = ' ';
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match quote {
                Some('"') => match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => quote = None,
                    _ => {}
                },
                Some(_) => {
                    if c == '\'' {
                        if chars.peek() == Some(&'\'') {
                            chars.next();
                        } else {
                            quote = None;
                        }
                    }
                }
                None => {
                    let token_start = previous.is_whitespace() || "[{,:-?".contains(previous);
                    match c {
                        '#' if previous.is_whitespace() => break,
                        '"' | '\'' if token_start => quote = Some(c),
                        '[' | '{' if token_start || depth > 0 => depth += 1,
                        ']' | '}' if depth > 0 => depth -= 1,
                        _ => {}
                    }
                }
            }
            previous = c;
        }
        if depth == 0 && quote.is_none() && opens_block_scalar(line) {
            block_scalar = Some(indent);
        }
    }
    out
}

/// Whether a block-context line ends with a block scalar header (`|`, `>-`, `|2+`…).
fn opens_block_scalar(line: &str) -> bool {
    let content = match line.find(" #") {
        Some(at) => &line[..at],
        None => line,
    };
    let last = content.trim_end().rsplit([' ', '\t']).next().unwrap_or("");
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_yaml, Limits};

    fn load(text: &str) -> Result<Vec<Document>, LoadError> {
        load_yaml(text, &Limits::default())
    }

    #[test]
    fn a_closing_bracket_at_the_key_indentation_is_read() {
        let docs = load("a:\n  args: [\n    \"--a\",\n  \"--b\"\n  ]\n  c: {\nx: 1\n}\n").unwrap();
        let root = &docs[0].root;
        let args = root.get_path(&["a", "args"]).unwrap();
        assert_eq!(args.items()[0].as_str(), Some("--a"));
        assert_eq!(args.items()[1].pos, Pos::new(4, 3));
        let x = root.get_path(&["a", "c"]).unwrap();
        assert_eq!(x.key("x").unwrap().pos, Pos::new(7, 1));
        assert_eq!(x.get("x").and_then(Node::as_i64), Some(1));
    }

    #[test]
    fn block_indentation_errors_stay_errors() {
        assert!(load("a:\n  b: 1\n c: 2\n").is_err());
        assert!(load("a: |\n  [\nb: 1\n c: 2\n").is_err());
    }

    #[test]
    fn the_scan_knows_quotes_comments_and_block_scalars() {
        let inside = lines_inside_flow("a: \"[\"\nb: [ # [\n x,\n ]\nc: |\n  [\nd: e[f\ng: 1\n");
        assert_eq!(
            inside,
            [false, false, true, true, false, false, false, false, false]
        );
    }
}
