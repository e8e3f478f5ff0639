//! JSON Schema dialects: which draft a schema is written in (its `$schema`,
//! else the manifest's `dialect:`), and its translation into the one form
//! the diff engine compares (2020-12), with each draft's own meaning kept:
//!
//! - draft-04, -06, -07: the keywords beside a `$ref` are ignored (only the
//!   reference counts); `dependencies` is `dependentRequired` (a list) or
//!   `dependentSchemas` (a schema);
//! - draft-04: `id` is `$id` (boolean `exclusiveMaximum`/`exclusiveMinimum`
//!   are read as draft-04 means them by the diff engine itself);
//! - up to 2019-09: `items` as a list is `prefixItems`, and
//!   `additionalItems` is then `items`.
//!
//! Pure: one value in, one value out.

use serde_json::{Map, Value};

/// The drafts read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Dialect {
    Draft04,
    Draft06,
    Draft07,
    Draft201909,
    #[default]
    Draft202012,
}

impl Dialect {
    /// The dialect a `$schema` URI names, if it is one of the known drafts.
    pub fn from_uri(uri: &str) -> Option<Dialect> {
        let u = uri
            .trim()
            .trim_end_matches('#')
            .trim_start_matches("https://")
            .trim_start_matches("http://");
        Some(match u {
            "json-schema.org/draft-04/schema" => Dialect::Draft04,
            "json-schema.org/draft-06/schema" => Dialect::Draft06,
            "json-schema.org/draft-07/schema" => Dialect::Draft07,
            "json-schema.org/draft/2019-09/schema" => Dialect::Draft201909,
            "json-schema.org/draft/2020-12/schema" => Dialect::Draft202012,
            _ => return None,
        })
    }

    /// The manifest's spelling (`04`, `06`, `07`, `2019-09`, `2020-12`, with
    /// or without `draft-`).
    pub fn from_setting(s: &str) -> Option<Dialect> {
        Some(
            match s
                .trim()
                .trim_start_matches("draft-")
                .trim_start_matches("draft")
            {
                "04" | "4" => Dialect::Draft04,
                "06" | "6" => Dialect::Draft06,
                "07" | "7" => Dialect::Draft07,
                "2019-09" => Dialect::Draft201909,
                "2020-12" => Dialect::Draft202012,
                _ => return None,
            },
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Draft04 => "draft-04",
            Dialect::Draft06 => "draft-06",
            Dialect::Draft07 => "draft-07",
            Dialect::Draft201909 => "2019-09",
            Dialect::Draft202012 => "2020-12",
        }
    }

    /// Keywords beside `$ref` are ignored (draft-07 and before).
    fn ref_overrides_siblings(self) -> bool {
        self <= Dialect::Draft07
    }
}

/// What a schema declares: its dialect, or the `$schema` that names none.
pub fn declared(schema: &Value, default: Dialect) -> Result<Dialect, String> {
    match schema.get("$schema").and_then(Value::as_str) {
        None => Ok(default),
        Some(uri) => Dialect::from_uri(uri).ok_or_else(|| uri.to_string()),
    }
}

/// The schema in the form compared: translated from the draft it declares
/// (else `default`). An unknown `$schema` is read as `default` (and
/// reported by `unknown-dialect`).
pub fn comparable(schema: &Value, default: Dialect) -> std::borrow::Cow<'_, Value> {
    match declared(schema, default).unwrap_or(default) {
        Dialect::Draft202012 => std::borrow::Cow::Borrowed(schema),
        d => std::borrow::Cow::Owned(translate(schema, d)),
    }
}

/// The schema translated from `dialect` into the 2020-12 form compared.
pub fn translate(schema: &Value, dialect: Dialect) -> Value {
    if dialect == Dialect::Draft202012 {
        return schema.clone();
    }
    let mut out = schema.clone();
    translate_node(&mut out, dialect, 0);
    out
}

/// Keywords whose value is a schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "additionalItems",
    "unevaluatedItems",
    "items",
];

/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Keywords whose value maps names to schemas.
const SCHEMA_MAP_KEYWORDS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
];

fn translate_node(node: &mut Value, dialect: Dialect, depth: usize) {
    if depth > crate::limits::MAX_DIFF_DEPTH {
        return;
    }
    let Some(obj) = node.as_object_mut() else {
        return;
    };
    if dialect.ref_overrides_siblings() && obj.contains_key("$ref") {
        // Only the reference counts; definitions stay so that it resolves.
        obj.retain(|k, _| matches!(k.as_str(), "$ref" | "definitions" | "$defs" | "$id" | "id"));
    }
    if dialect == Dialect::Draft04 {
        if let Some(id) = obj.remove("id") {
            if id.is_string() && !obj.contains_key("$id") {
                obj.insert("$id".into(), id);
            }
        }
        // Boolean `exclusiveMaximum`/`exclusiveMinimum` stay as written:
        // the diff engine reads that spelling as draft-04 does (effective
        // bounds), in every dialect.
    }
    if dialect <= Dialect::Draft07 {
        if let Some(Value::Object(deps)) = obj.remove("dependencies") {
            let (mut required, mut schemas) = (Map::new(), Map::new());
            for (k, v) in deps {
                if v.is_array() {
                    required.insert(k, v);
                } else {
                    schemas.insert(k, v);
                }
            }
            if !required.is_empty() {
                obj.insert("dependentRequired".into(), Value::Object(required));
            }
            if !schemas.is_empty() {
                obj.insert("dependentSchemas".into(), Value::Object(schemas));
            }
        }
    }
    if dialect <= Dialect::Draft201909 {
        if let Some(Value::Array(tuple)) = obj.get("items").cloned() {
            obj.insert("prefixItems".into(), Value::Array(tuple));
            match obj.remove("additionalItems") {
                Some(rest) => obj.insert("items".into(), rest),
                None => obj.remove("items"),
            };
        } else {
            // Without a tuple, `additionalItems` has no effect.
            obj.remove("additionalItems");
        }
    }
    for (k, v) in obj.iter_mut() {
        let k = k.as_str();
        if SCHEMA_KEYWORDS.contains(&k) {
            translate_node(v, dialect, depth + 1);
        } else if SCHEMA_LIST_KEYWORDS.contains(&k) {
            if let Value::Array(list) = v {
                for s in list {
                    translate_node(s, dialect, depth + 1);
                }
            }
        } else if SCHEMA_MAP_KEYWORDS.contains(&k) {
            if let Value::Object(map) = v {
                for s in map.values_mut() {
                    translate_node(s, dialect, depth + 1);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_declared_draft() {
        let d7 = json!({"$schema": "http://json-schema.org/draft-07/schema#"});
        assert_eq!(declared(&d7, Dialect::Draft202012), Ok(Dialect::Draft07));
        assert_eq!(declared(&json!({}), Dialect::Draft04), Ok(Dialect::Draft04));
        assert_eq!(
            declared(
                &json!({"$schema": "https://example.com/my"}),
                Dialect::Draft202012
            ),
            Err("https://example.com/my".to_string())
        );
        assert_eq!(Dialect::from_setting("07"), Some(Dialect::Draft07));
        assert_eq!(Dialect::from_setting("draft-04"), Some(Dialect::Draft04));
        assert_eq!(Dialect::from_setting("2019-09"), Some(Dialect::Draft201909));
        assert_eq!(Dialect::from_setting("08"), None);
    }

    #[test]
    fn draft07_ignores_keywords_beside_ref() {
        let s = json!({"properties": {"id": {"$ref": "#/definitions/Id", "maxLength": 3}},
                       "definitions": {"Id": {"type": "string"}}});
        let t = translate(&s, Dialect::Draft07);
        assert_eq!(t["properties"]["id"], json!({"$ref": "#/definitions/Id"}));
        // 2020-12 keeps them: they apply beside the reference.
        assert_eq!(translate(&s, Dialect::Draft202012), s);
    }

    #[test]
    fn draft04_id_is_dollar_id() {
        let s = json!({"type": "number", "maximum": 10, "exclusiveMaximum": true, "id": "x"});
        assert_eq!(
            translate(&s, Dialect::Draft04),
            json!({"type": "number", "maximum": 10, "exclusiveMaximum": true, "$id": "x"})
        );
    }

    #[test]
    fn dependencies_and_tuples_take_their_2020_12_names() {
        let s = json!({"dependencies": {"a": ["b"], "c": {"required": ["d"]}},
                       "properties": {"t": {"items": [{"type": "string"}], "additionalItems": false}}});
        let t = translate(&s, Dialect::Draft07);
        assert_eq!(t["dependentRequired"], json!({"a": ["b"]}));
        assert_eq!(t["dependentSchemas"], json!({"c": {"required": ["d"]}}));
        assert_eq!(
            t["properties"]["t"],
            json!({"prefixItems": [{"type": "string"}], "items": false})
        );
    }
}
