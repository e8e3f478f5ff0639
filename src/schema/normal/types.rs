//! Facts about normal-form schema objects: which JSON kinds a schema can
//! accept, which keywords constrain which kind, a canonical text of a
//! schema's meaning (annotations left out), and when two union branches can
//! never match the same value.

use serde_json::{Map, Value};

use crate::limits::MAX_WALK_DEPTH;

/// Key under which a normal-form object carries the pointer of the
/// original spelling it came from (removed before the engine sees it).
pub const ORIGIN: &str = "\u{1}origin";

/// Keywords that never change which instances a schema accepts.
pub const ANNOTATIONS: &[&str] = &[
    "$id",
    "$schema",
    "$comment",
    "$anchor",
    "$dynamicAnchor",
    "$vocabulary",
    "$defs",
    "definitions",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Keywords whose values are data, not schemas.
pub const DATA: &[&str] = &["enum", "const", "required", "default", "examples", "type"];

/// Keywords whose value maps names to schemas.
pub const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

/// Keywords whose value is one schema.
pub const SCHEMA_ONE: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "contains",
    "not",
    "if",
    "then",
    "else",
];

/// Keywords whose value is a list of schemas.
pub const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

// JSON kinds as bits; `integer` counts as a number.
pub const NULL: u8 = 1;
pub const BOOL: u8 = 2;
pub const OBJ: u8 = 4;
pub const ARR: u8 = 8;
pub const STR: u8 = 16;
pub const NUM: u8 = 32;
pub const ALL: u8 = 63;

const STRING_KW: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "contentEncoding",
    "contentMediaType",
];
const NUMBER_KW: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const OBJECT_KW: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "unevaluatedProperties",
];
const ARRAY_KW: &[&str] = &[
    "items",
    "prefixItems",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];

pub fn is_annotation(k: &str) -> bool {
    k == ORIGIN || ANNOTATIONS.contains(&k)
}

/// The kind a type name stands for.
pub fn type_kind(t: &str) -> Option<u8> {
    Some(match t {
        "null" => NULL,
        "boolean" => BOOL,
        "object" => OBJ,
        "array" => ARR,
        "string" => STR,
        "number" | "integer" => NUM,
        _ => return None,
    })
}

/// The kind a keyword constrains (`None`: it applies to every kind).
pub fn keyword_kind(k: &str) -> Option<u8> {
    if STRING_KW.contains(&k) {
        Some(STR)
    } else if NUMBER_KW.contains(&k) {
        Some(NUM)
    } else if OBJECT_KW.contains(&k) {
        Some(OBJ)
    } else if ARRAY_KW.contains(&k) {
        Some(ARR)
    } else {
        None
    }
}

pub fn value_kind(v: &Value) -> u8 {
    match v {
        Value::Null => NULL,
        Value::Bool(_) => BOOL,
        Value::Object(_) => OBJ,
        Value::Array(_) => ARR,
        Value::String(_) => STR,
        Value::Number(_) => NUM,
    }
}

/// The kinds a `type` value admits (`None`: not a valid `type`).
pub fn type_value_kinds(t: &Value) -> Option<u8> {
    match t {
        Value::String(s) => type_kind(s),
        Value::Array(a) => a
            .iter()
            .try_fold(0, |acc, t| Some(acc | type_kind(t.as_str()?)?)),
        _ => None,
    }
}

/// The kinds a schema can accept (an over-approximation: a kind left in
/// may still accept nothing, a kind left out accepts nothing).
pub fn kinds(v: &Value) -> u8 {
    kinds_within(v, 64)
}

fn kinds_within(v: &Value, depth: usize) -> u8 {
    let m = match v {
        Value::Bool(false) => return 0,
        Value::Object(m) if depth > 0 => m,
        _ => return ALL,
    };
    if m.contains_key("$ref") {
        return ALL;
    }
    let mut k = ALL;
    if let Some(t) = m.get("type") {
        k &= type_value_kinds(t).unwrap_or(ALL);
    }
    if let Some(vals) = values(m) {
        k &= vals.iter().fold(0, |a, v| a | value_kind(v));
    }
    if let Some(Value::Array(all)) = m.get("allOf") {
        for x in all {
            k &= kinds_within(x, depth - 1);
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(a)) = m.get(key) {
            k &= a.iter().fold(0, |acc, x| acc | kinds_within(x, depth - 1));
        }
    }
    k
}

/// The finite set of values a schema object allows, from `const`/`enum`.
pub fn values(m: &Map<String, Value>) -> Option<Vec<&Value>> {
    let c = m.get("const");
    let e = m.get("enum").and_then(Value::as_array);
    match (c, e) {
        (Some(c), None) => Some(vec![c]),
        (None, Some(e)) => Some(e.iter().collect()),
        (Some(c), Some(e)) => Some(if e.iter().any(|x| json_eq(x, c)) {
            vec![c]
        } else {
            Vec::new()
        }),
        (None, None) => None,
    }
}

/// Equality of JSON values as JSON Schema sees it (`1` equals `1.0`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn disjoint_values(a: &[&Value], b: &[&Value]) -> bool {
    !a.iter().any(|x| b.iter().any(|y| json_eq(x, y)))
}

/// Can no value match both `a` and `b`? Decided by kind, by `const`/`enum`,
/// or by a discriminator property required on both sides with disjoint
/// values. `false` means "not proven", not "overlapping".
pub fn disjoint(a: &Value, b: &Value) -> bool {
    let (ka, kb) = (kinds(a), kinds(b));
    let shared = ka & kb;
    if shared == 0 {
        return true;
    }
    let (Some(ma), Some(mb)) = (a.as_object(), b.as_object()) else {
        return false;
    };
    if ma.contains_key("$ref") || mb.contains_key("$ref") {
        return false;
    }
    if let (Some(va), Some(vb)) = (values(ma), values(mb)) {
        if disjoint_values(&va, &vb) {
            return true;
        }
    }
    // A discriminator: both only meet on objects, both require `p`, and
    // their schemas for `p` allow disjoint finite sets of values.
    if shared & !OBJ != 0 {
        return false;
    }
    let req = |m: &Map<String, Value>| -> Vec<String> {
        m.get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (ra, rb) = (req(ma), req(mb));
    for p in ra.iter().filter(|p| rb.contains(p)) {
        let pa = ma
            .get("properties")
            .and_then(|x| x.get(p))
            .and_then(Value::as_object);
        let pb = mb
            .get("properties")
            .and_then(|x| x.get(p))
            .and_then(Value::as_object);
        if let (Some(pa), Some(pb)) = (pa, pb) {
            if let (Some(va), Some(vb)) = (values(pa), values(pb)) {
                if disjoint_values(&va, &vb) {
                    return true;
                }
            }
        }
    }
    false
}

/// Canonical text of what a schema means: object keys sorted, annotations
/// and origins left out, `required` and `type` lists as sets. Two schemas
/// with the same text accept the same instances.
pub fn meaning(v: &Value) -> String {
    let mut out = String::new();
    schema_text(v, &mut out, 0);
    out
}

fn schema_text(v: &Value, out: &mut String, depth: usize) {
    let Value::Object(m) = v else {
        data_text(v, out);
        return;
    };
    if depth > MAX_WALK_DEPTH {
        // Deeper than any parsed schema: the exact JSON, so two different
        // schemas never share a text by being cut at the same depth.
        data_text(v, out);
        return;
    }
    let mut keys: Vec<&String> = m.keys().filter(|k| !is_annotation(k)).collect();
    keys.sort();
    out.push('{');
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::String((*k).clone()).to_string());
        out.push(':');
        let val = &m[k.as_str()];
        match (k.as_str(), val) {
            (k, Value::Object(named)) if SCHEMA_MAPS.contains(&k) => {
                let mut names: Vec<&String> = named.keys().collect();
                names.sort();
                out.push('{');
                for (j, n) in names.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String((*n).clone()).to_string());
                    out.push(':');
                    schema_text(&named[n.as_str()], out, depth + 1);
                }
                out.push('}');
            }
            (k, Value::Array(list)) if SCHEMA_LISTS.contains(&k) || k == "items" => {
                out.push('[');
                for (j, s) in list.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    schema_text(s, out, depth + 1);
                }
                out.push(']');
            }
            ("required" | "type", Value::Array(list)) => {
                let mut items: Vec<String> = list.iter().map(|x| x.to_string()).collect();
                items.sort();
                items.dedup();
                out.push('[');
                out.push_str(&items.join(","));
                out.push(']');
            }
            (k, s) if SCHEMA_ONE.contains(&k) => schema_text(s, out, depth + 1),
            (_, d) => data_text(d, out),
        }
    }
    out.push('}');
}

fn data_text(v: &Value, out: &mut String) {
    out.push_str(&crate::schema::diff::node::canonical_json(v));
}

/// The validation keywords of an object (annotations and origin left out).
pub fn validation_keys(m: &Map<String, Value>) -> impl Iterator<Item = &String> {
    m.keys().filter(|k| !is_annotation(k))
}

/// Does this object only carry annotations (it accepts everything)?
pub fn is_unconstrained(v: &Value) -> bool {
    match v {
        Value::Bool(true) => true,
        Value::Object(m) => validation_keys(m).next().is_none(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn disjoint_by_kind_value_and_discriminator() {
        assert!(disjoint(
            &json!({"type": "string"}),
            &json!({"type": "null"})
        ));
        assert!(!disjoint(
            &json!({"type": "integer"}),
            &json!({"type": "number"})
        ));
        assert!(disjoint(&json!({"const": "a"}), &json!({"enum": ["b", 1]})));
        assert!(!disjoint(&json!({"const": 1}), &json!({"enum": [1.0]})));
        let a =
            json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "a"}}});
        let b =
            json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "b"}}});
        assert!(disjoint(&a, &b));
        // Not required on one side: an object without `kind` matches both.
        let c = json!({"type": "object", "properties": {"kind": {"const": "b"}}});
        assert!(!disjoint(&a, &c));
        // No `type: object`: a string matches both.
        let d = json!({"required": ["kind"], "properties": {"kind": {"const": "a"}}});
        let e = json!({"required": ["kind"], "properties": {"kind": {"const": "b"}}});
        assert!(!disjoint(&d, &e));
    }

    #[test]
    fn meaning_ignores_annotations_and_order() {
        assert_eq!(
            meaning(&json!({"type": ["string", "null"], "description": "x"})),
            meaning(&json!({"type": ["null", "string"]}))
        );
        assert_ne!(
            meaning(&json!({"properties": {"title": {"type": "string"}}})),
            meaning(&json!({"properties": {}}))
        );
    }

    /// `{"items": {"items": … leaf}}`, `depth` levels of `items` deep.
    fn nested_items(depth: usize, leaf: Value) -> Value {
        (0..depth).fold(leaf, |inner, _| json!({ "items": inner }))
    }

    #[test]
    fn schemas_differing_only_below_the_walk_depth_never_share_a_meaning() {
        let deep = MAX_WALK_DEPTH + 10;
        let a = nested_items(deep, json!({"type": "string"}));
        let b = nested_items(deep, json!({"type": "integer"}));
        assert!(
            meaning(&a) != meaning(&b),
            "a string and an integer leaf {deep} levels down read as the same meaning"
        );
        // Above the bound the text is still the normalised one.
        assert_eq!(
            meaning(&nested_items(3, json!({"type": ["null", "string"]}))),
            meaning(&nested_items(3, json!({"type": ["string", "null"]})))
        );
    }
}
