//! A `serde` deserializer over the positioned [`Node`] tree.
//!
//! Deserializing a configuration from [`Node`]s instead of a plain YAML value
//! lets every error (an unknown key, a wrong type, a missing field) carry the
//! line and column of the node it is about, and the key path leading to it.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::document::{Node, Pos, Value};

/// An error raised while deserializing a [`Node`], with the position of the node it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    /// Where the offending node is (filled in as the error leaves the node's deserializer).
    pub pos: Option<Pos>,
    /// The keys (and `[index]`es) leading to the offending node, outermost first.
    pub path: Vec<String>,
    /// What is wrong.
    pub message: String,
}

impl DeError {
    /// The key path as `settings.allowed_registries[2]`.
    pub fn dotted_path(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            if segment.starts_with('[') || out.is_empty() {
                out.push_str(segment);
            } else {
                out.push('.');
                out.push_str(segment);
            }
        }
        out
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            pos: None,
            path: Vec::new(),
            message: msg.to_string(),
        }
    }
}

/// Gives an error without a position the position `pos`.
fn at<T>(result: Result<T, DeError>, pos: Pos) -> Result<T, DeError> {
    result.map_err(|mut e| {
        if e.pos.is_none() {
            e.pos = Some(pos);
        }
        e
    })
}

/// Prepends a key-path segment to an error leaving a collection.
fn under<T>(result: Result<T, DeError>, segment: impl FnOnce() -> String) -> Result<T, DeError> {
    result.map_err(|mut e| {
        e.path.insert(0, segment());
        e
    })
}

/// Deserializes a `T` from a node.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &Node) -> Result<T, DeError> {
    T::deserialize(NodeDeserializer { node })
}

/// A deserializer reading one [`Node`].
#[derive(Debug, Clone, Copy)]
pub struct NodeDeserializer<'n> {
    /// The node read.
    pub node: &'n Node,
}

impl<'de, 'n> de::Deserializer<'de> for NodeDeserializer<'n> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.node;
        let result = match &node.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::Float(x) => visitor.visit_f64(*x),
            Value::String(s) => visitor.visit_str(s),
            Value::Seq(items) => visitor.visit_seq(SeqAccess {
                items: items.iter(),
                index: 0,
            }),
            Value::Map(entries) => visitor.visit_map(MapAccess {
                entries: entries.iter(),
                key: None,
            }),
        };
        at(result, node.pos)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            at(visitor.visit_none(), self.node.pos)
        } else {
            at(visitor.visit_some(self), self.node.pos)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        at(visitor.visit_newtype_struct(self), self.node.pos)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let node = self.node;
        let result = match &node.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Map(entries) if entries.len() == 1 => visitor.visit_enum(EnumAccess {
                key: &entries[0].0,
                value: &entries[0].1,
            }),
            _ => Err(de::Error::custom(format!(
                "expected a name, found {}",
                node.type_name()
            ))),
        };
        at(result, node.pos)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.node;
        let result = match &node.value {
            // `key:` with nothing after it reads as an empty list.
            Value::Null => visitor.visit_seq(SeqAccess {
                items: [].iter(),
                index: 0,
            }),
            Value::Seq(_) => return self.deserialize_any(visitor),
            _ => Err(de::Error::custom(format!(
                "expected a list, found {}",
                describe(node)
            ))),
        };
        at(result, node.pos)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.node;
        let result = match &node.value {
            // `key:` with nothing after it reads as an empty mapping.
            Value::Null => visitor.visit_map(MapAccess {
                entries: [].iter(),
                key: None,
            }),
            Value::Map(_) => return self.deserialize_any(visitor),
            _ => Err(de::Error::custom(format!(
                "expected a mapping, found {}",
                describe(node)
            ))),
        };
        at(result, node.pos)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct tuple tuple_struct
        identifier ignored_any
    }
}

/// A node's type and, for a scalar, its value, for messages (`the string \`x\``).
fn describe(node: &Node) -> String {
    match &node.value {
        Value::Seq(_) | Value::Map(_) | Value::Null => node.type_name().to_owned(),
        _ => format!(
            "{} `{}`",
            node.type_name(),
            node.scalar_text().unwrap_or_default()
        ),
    }
}

struct SeqAccess<'n> {
    items: std::slice::Iter<'n, Node>,
    index: usize,
}

impl<'de, 'n> de::SeqAccess<'de> for SeqAccess<'n> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        under(
            at(
                seed.deserialize(NodeDeserializer { node }).map(Some),
                node.pos,
            ),
            || format!("[{index}]"),
        )
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapAccess<'n> {
    entries: std::slice::Iter<'n, (Node, Node)>,
    key: Option<(String, &'n Node)>,
}

impl<'de, 'n> de::MapAccess<'de> for MapAccess<'n> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let name = key.scalar_text().unwrap_or_default();
        self.key = Some((name.clone(), value));
        let result = seed.deserialize(NodeDeserializer { node: key }).map(Some);
        // Keep the real (unknown) key's position, and report it inside its parent.
        result.map_err(|mut e| {
            if e.pos.is_none() {
                e.pos = Some(key.pos);
            }
            if e.message.starts_with("unknown field") || e.message.starts_with("unknown variant") {
                e.path.insert(0, name);
            }
            e
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((name, node)) = self.key.take() else {
            return Err(de::Error::custom("value requested before its key"));
        };
        // Errors raised after the value was read (`deserialize_with` checks) still belong to it.
        under(
            at(seed.deserialize(NodeDeserializer { node }), node.pos),
            || name,
        )
    }

    fn next_entry_seed<K: DeserializeSeed<'de>, V: DeserializeSeed<'de>>(
        &mut self,
        kseed: K,
        vseed: V,
    ) -> Result<Option<(K::Value, V::Value)>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let name = key.scalar_text().unwrap_or_default();
        let k = at(kseed.deserialize(NodeDeserializer { node: key }), key.pos)?;
        let v = under(vseed.deserialize(NodeDeserializer { node: value }), || name)?;
        Ok(Some((k, v)))
    }
}

struct EnumAccess<'n> {
    key: &'n Node,
    value: &'n Node,
}

impl<'de, 'n> de::EnumAccess<'de> for EnumAccess<'n> {
    type Error = DeError;
    type Variant = VariantAccess<'n>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantAccess<'n>), DeError> {
        let v = at(
            seed.deserialize(NodeDeserializer { node: self.key }),
            self.key.pos,
        )?;
        Ok((v, VariantAccess { node: self.value }))
    }
}

struct VariantAccess<'n> {
    node: &'n Node,
}

impl<'de, 'n> de::VariantAccess<'de> for VariantAccess<'n> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        if self.node.is_null() {
            Ok(())
        } else {
            at(
                Err(de::Error::custom("this name takes no value")),
                self.node.pos,
            )
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(NodeDeserializer { node: self.node })
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_seq(NodeDeserializer { node: self.node }, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_map(NodeDeserializer { node: self.node }, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{load_text, Limits};
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        name: String,
        #[serde(default)]
        count: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer {
        items: Vec<Inner>,
        #[serde(default)]
        flag: Option<bool>,
    }

    fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, DeError> {
        let docs = load_text(text, &Limits::default()).unwrap();
        from_node(&docs[0].root)
    }

    #[test]
    fn reads_nested_structs() {
        let v: Outer = parse("items:\n  - name: a\n    count: 2\nflag: true\n").unwrap();
        assert_eq!(
            v.items,
            vec![Inner {
                name: "a".into(),
                count: 2
            }]
        );
        assert_eq!(v.flag, Some(true));
    }

    #[test]
    fn unknown_key_is_placed_at_the_key() {
        let e = parse::<Outer>("items:\n  - name: a\n    cuont: 2\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(3, 5)));
        assert_eq!(e.dotted_path(), "items[0].cuont");
        assert!(
            e.message.starts_with("unknown field `cuont`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn wrong_type_is_placed_at_the_value() {
        let e = parse::<Outer>("items:\n  - name: a\n    count: many\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(3, 12)));
        assert_eq!(e.dotted_path(), "items[0].count");
        assert!(e.message.contains("expected u32"), "{}", e.message);
    }

    #[test]
    fn missing_field_is_placed_at_the_mapping() {
        let e = parse::<Outer>("items:\n  - count: 1\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(2, 5)));
        assert_eq!(e.dotted_path(), "items[0]");
        assert_eq!(e.message, "missing field `name`");
    }
}
