//! How plain scalars resolve: YAML 1.2's core schema, or YAML 1.1 as Kubernetes reads it.
//!
//! Kubernetes does not read YAML 1.2. `kubectl` and the API server turn YAML
//! into JSON with `sigs.k8s.io/yaml.YAMLToJSON`, which decodes with go-yaml v2
//! (YAML 1.1 scalars): `yes`, `on`, `y` are `true`, `0644` is the octal 420,
//! `1_000` is 1000, and map keys that are not strings become strings (`y:` is
//! the key `"true"`). [`Schema::Kubernetes`] reproduces that resolution
//! (go-yaml v2's `resolve.go`, v2.4.2, as pinned by sigs.k8s.io/yaml v1.6.0);
//! a differential test (`tests/k8s-yaml/`) holds it to the real decoder.

use std::cell::{Cell, RefCell};

use super::node::{CompactString, Node, Pos, Value};

/// Which rules resolve the type of a plain (unquoted) scalar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Schema {
    /// YAML 1.2's core schema: `true`/`false` only, decimal, `0x` and `0o` integers.
    #[default]
    Core,
    /// YAML 1.1 as Kubernetes decodes manifests (go-yaml v2 through `sigs.k8s.io/yaml`):
    /// `y/yes/on/n/no/off` booleans, `0644` octal, `_` digit separators, `0b` binaries,
    /// and non-string map keys rendered as strings.
    Kubernetes,
}

/// Resolves plain scalars under one schema and notes, when reading with the
/// core schema, whether Kubernetes would have read any of them differently.
#[derive(Debug, Default)]
pub(crate) struct Resolver {
    schema: Schema,
    kubernetes_differs: Cell<bool>,
    /// The floats read so far whose rendering is not what was written (see [`super::Document::numbers`]).
    written: RefCell<Vec<(Pos, CompactString)>>,
}

impl Resolver {
    /// A resolver for `schema`.
    pub(crate) fn new(schema: Schema) -> Self {
        Resolver {
            schema,
            kubernetes_differs: Cell::new(false),
            written: RefCell::new(Vec::new()),
        }
    }

    /// Whether some plain scalar read so far resolves differently under [`Schema::Kubernetes`].
    pub(crate) fn kubernetes_differs(&self) -> bool {
        self.kubernetes_differs.get()
    }

    /// Notes how `node`, read from `text`, was written when it is a float that renders otherwise.
    pub(crate) fn note_written(&self, node: &Node, text: &str) {
        if let Some(written) = float_written(node, text) {
            self.written.borrow_mut().push((node.pos, written));
        }
    }

    /// The floats noted so far (forgotten: a new reading starts from none).
    pub(crate) fn take_written(&self) -> Vec<(Pos, CompactString)> {
        std::mem::take(&mut self.written.borrow_mut())
    }

    /// Resolves a plain scalar.
    pub(crate) fn plain(&self, text: &str) -> Value {
        match self.schema {
            Schema::Kubernetes => resolve_kubernetes(text),
            Schema::Core => {
                let value = resolve_core(text);
                if !self.kubernetes_differs.get()
                    && may_differ(text)
                    && !same(&value, &resolve_kubernetes(text))
                {
                    self.kubernetes_differs.set(true);
                }
                value
            }
        }
    }

    /// A mapping key as the schema keeps it: under [`Schema::Kubernetes`] a
    /// scalar key that is not a string becomes the string `YAMLToJSON` writes.
    pub(crate) fn key(&self, key: Node) -> Node {
        if self.schema != Schema::Kubernetes {
            return key;
        }
        let text = match &key.value {
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => go_float32_g(*f),
            _ => return key,
        };
        Node::new(Value::String(CompactString::from(text)), key.pos)
    }
}

/// The text `node` was read from, when it is a float whose rendering ([`Node::quoted_text`]) is
/// not that text (`1.10`, `1e3`, `.5`).
pub(crate) fn float_written(node: &Node, text: &str) -> Option<CompactString> {
    match node.value {
        Value::Float(_) => {
            let text = text.trim();
            (node.quoted_text().as_deref() != Some(text)).then(|| CompactString::new(text))
        }
        _ => None,
    }
}

/// Plain scalars whose first byte can make the two schemas disagree
/// (go-yaml's resolve table: booleans start with `yYnNoO`, numbers with a sign, a digit or `.`).
fn may_differ(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'y' | b'Y' | b'n' | b'N' | b'o' | b'O' | b'+' | b'-' | b'.' | b'0'..=b'9')
    )
}

/// Equal values, NaN included.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan())
        }
        _ => a == b,
    }
}

/// Resolves a plain scalar with the YAML 1.2 core schema: null, booleans, integers, floats, else a string.
pub(crate) fn resolve_core(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(special) = special_float(text) {
        return Value::Float(special);
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return string(text);
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Int(i);
        }
    } else if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Int(i);
        }
    } else if is_decimal_int(text) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Int(i);
        }
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    } else if is_float(text) {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    string(text)
}

/// Resolves a plain scalar as go-yaml v2 does (`resolve` in its `resolve.go`).
pub(crate) fn resolve_kubernetes(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false)
        }
        _ => {}
    }
    if let Some(special) = special_float(text) {
        return Value::Float(special);
    }
    match text.as_bytes()[0] {
        // go-yaml: `strconv.ParseFloat(in)`, which takes no `_` without a base prefix.
        b'.' => {
            if is_float(text) {
                if let Some(f) = finite(text) {
                    return Value::Float(f);
                }
            }
        }
        b'+' | b'-' | b'0'..=b'9' => {
            // go-yaml: `_` removed, then ParseInt(…, 0, 64), ParseUint, the float pattern.
            // (Timestamps stay strings when decoded into interface{}, and none of them parses as a number.)
            let plain = text.replace('_', "");
            if let Some(n) = go_parse_int(&plain) {
                return n;
            }
            if is_float(&plain) {
                if let Some(f) = finite(&plain) {
                    return Value::Float(f);
                }
            }
        }
        _ => {}
    }
    string(text)
}

fn string(text: &str) -> Value {
    Value::String(CompactString::new(text))
}

/// `.inf`, `-.inf`, `.nan` in their three spellings (shared by both schemas).
fn special_float(text: &str) -> Option<f64> {
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ => None,
    }
}

/// A float Go's `ParseFloat` accepts (it refuses values out of range).
fn finite(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`: an optional
/// sign (ParseInt only), then `0x`, `0o`, `0b` or a leading `0` (octal) for
/// the base. A value above `i64::MAX` is kept as a float (cct's tree has no u64).
fn go_parse_int(s: &str) -> Option<Value> {
    let (negative, signed, body) = match s.as_bytes().first()? {
        b'-' => (true, true, &s[1..]),
        b'+' => (false, true, &s[1..]),
        _ => (false, false, s),
    };
    let (radix, digits) = match body.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &body[2..]),
        [b'0', b'o' | b'O', ..] => (8, &body[2..]),
        [b'0', b'b' | b'B', ..] => (2, &body[2..]),
        [b'0', _, ..] => (8, &body[1..]),
        _ => (10, body),
    };
    if digits.is_empty() {
        return None;
    }
    let mut magnitude: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix)?;
        magnitude = magnitude
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(d))?;
    }
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            return Some(Value::Int((magnitude as i64).wrapping_neg()));
        }
        return None;
    }
    if let Ok(i) = i64::try_from(magnitude) {
        return Some(Value::Int(i));
    }
    // ParseUint takes no sign.
    (!signed).then_some(Value::Float(magnitude as f64))
}

pub(crate) fn is_decimal_int(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`
pub(crate) fn is_float(text: &str) -> bool {
    let s = text.strip_prefix(['-', '+']).unwrap_or(text).as_bytes();
    let mut i = 0;
    let int_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == s.len()
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)` (how `YAMLToJSON` writes a float key):
/// the shortest float32 digits, in exponent form when the decimal exponent is below -4 or at least 6.
fn go_float32_g(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    let x = f as f32;
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    // `{:e}` gives the shortest round-trip digits: `-1.2345e6`.
    let sci = format!("{x:e}");
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return sci;
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return sci;
    };
    if !(-4..6).contains(&exp) {
        return go_exponent(mantissa, exp);
    }
    format!("{x}")
}

fn go_exponent(mantissa: &str, exp: i32) -> String {
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(text: &str) -> Value {
        resolve_kubernetes(text)
    }

    #[test]
    fn yaml_1_1_booleans_in_go_yaml_spellings_only() {
        for t in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True",
        ] {
            assert_eq!(k(t), Value::Bool(true), "{t}");
        }
        for t in ["n", "N", "no", "No", "NO", "off", "Off", "OFF", "FALSE"] {
            assert_eq!(k(t), Value::Bool(false), "{t}");
        }
        for t in ["yEs", "oN", "nO", "tRue", "Y2", "ye"] {
            assert_eq!(k(t), string(t), "{t}");
        }
    }

    #[test]
    fn go_integers_and_floats() {
        assert_eq!(k("0644"), Value::Int(420));
        assert_eq!(k("0"), Value::Int(0));
        assert_eq!(k("1_000"), Value::Int(1000));
        assert_eq!(k("0b101"), Value::Int(5));
        assert_eq!(k("-0x1F"), Value::Int(-31));
        assert_eq!(k("0o17"), Value::Int(15));
        assert_eq!(k("+12"), Value::Int(12));
        assert_eq!(k("08"), Value::Float(8.0));
        assert_eq!(k("1."), Value::Float(1.0));
        assert_eq!(k(".5"), Value::Float(0.5));
        assert_eq!(k("1e3"), Value::Float(1000.0));
        assert_eq!(k("-9223372036854775808"), Value::Int(i64::MIN));
        assert_eq!(
            k("9999999999999999999"),
            Value::Float(9_999_999_999_999_999_999.0)
        );
        assert_eq!(k("1e400"), string("1e400"));
        assert_eq!(k("0x"), string("0x"));
        assert_eq!(k("2023-01-01"), string("2023-01-01"));
        assert_eq!(k("1:20"), string("1:20"));
        assert_eq!(k("._5"), string("._5"));
    }

    #[test]
    fn the_core_schema_notes_what_kubernetes_reads_differently() {
        let r = Resolver::new(Schema::Core);
        assert_eq!(r.plain("web"), string("web"));
        assert_eq!(r.plain("8080"), Value::Int(8080));
        assert_eq!(r.plain(".nan").as_f64_is_nan(), Some(true));
        assert!(!r.kubernetes_differs());
        assert_eq!(r.plain("yes"), string("yes"));
        assert!(r.kubernetes_differs());
        let r = Resolver::new(Schema::Core);
        r.plain("0644");
        assert!(r.kubernetes_differs());
    }

    #[test]
    fn kubernetes_keys_are_strings() {
        use super::super::node::Pos;
        let r = Resolver::new(Schema::Kubernetes);
        let key = |v| r.key(Node::new(v, Pos::new(1, 1))).value;
        assert_eq!(key(Value::Bool(true)), string("true"));
        assert_eq!(key(Value::Int(420)), string("420"));
        assert_eq!(key(Value::Float(1.5)), string("1.5"));
        assert_eq!(key(Value::Float(1e6)), string("1e+06"));
        assert_eq!(key(Value::Float(123456.0)), string("123456"));
        assert_eq!(key(Value::Float(0.0001)), string("0.0001"));
        assert_eq!(key(Value::Float(0.00001)), string("1e-05"));
        assert_eq!(key(Value::Null), Value::Null);
    }

    impl Value {
        fn as_f64_is_nan(&self) -> Option<bool> {
            match self {
                Value::Float(f) => Some(f.is_nan()),
                _ => None,
            }
        }
    }
}
