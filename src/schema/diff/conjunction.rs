//! `allOf` as one conjunction: a schema's `allOf` members, the `$ref`s it
//! applies and the keywords beside them, merged into one schema where the
//! merge is exact (`None` where it is not: the engine then compares
//! conservatively).

use serde_json::{Map, Value};

use super::node::{canonical_json, resolve_pointer, Part, View};
use crate::limits::MAX_REF_HOPS;

/// Keywords that never change which instances are valid.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$id",
    "$schema",
    "$defs",
    "definitions",
    "$anchor",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// Keywords that read each other: a group must come from one conjunct.
const GROUPS: &[&[&str]] = &[
    &[
        "items",
        "prefixItems",
        "additionalItems",
        "unevaluatedItems",
    ],
    &["contains", "minContains", "maxContains"],
    &["if", "then", "else"],
];

/// Keywords that, beside `properties`, decide which names are declared.
const NAME_KEYWORDS: &[&str] = &[
    "properties",
    "additionalProperties",
    "patternProperties",
    "unevaluatedProperties",
];

const LOWER: &[&str] = &[
    "minimum",
    "exclusiveMinimum",
    "minLength",
    "minItems",
    "minProperties",
];
const UPPER: &[&str] = &[
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
];

/// Does this view apply `allOf`?
pub fn has_conjunction(s: &View<'_>) -> bool {
    s.part == Part::AllOf || (s.part == Part::Whole && s.get("allOf").is_some_and(Value::is_array))
}

/// The exact merge of a schema's conjunction, or `None`.
pub fn merge(s: &View<'_>) -> Option<Value> {
    let mut parts = Vec::new();
    conjuncts(s.v, s.root, &mut parts, 0)?;
    if parts.iter().any(|p| p.is_none()) {
        return Some(Value::Bool(false));
    }
    let parts: Vec<Map<String, Value>> = parts.into_iter().flatten().collect();
    if types_conflict(&parts) {
        // No value has every type asked for: the conjunction accepts nothing.
        return Some(Value::Bool(false));
    }
    let mut merged = merge_maps(parts)?;
    // The node's own annotations stay (they are compared as annotations).
    if let Some(m) = s.v.as_object() {
        for k in ["title", "description", "default", "$id"] {
            if let Some(v) = m.get(k) {
                merged.insert(k.to_string(), v.clone());
            }
        }
    }
    Some(Value::Object(merged))
}

/// Collect the conjuncts of `v` (`None` in the list: a `false` conjunct).
fn conjuncts(
    v: &Value,
    root: &Value,
    out: &mut Vec<Option<Map<String, Value>>>,
    depth: usize,
) -> Option<()> {
    if depth > MAX_REF_HOPS {
        return None;
    }
    match v {
        Value::Bool(true) => Some(()),
        Value::Bool(false) => {
            out.push(None);
            Some(())
        }
        Value::Object(m) => {
            let mut rest = m.clone();
            if let Some(all) = rest.remove("allOf") {
                for member in all.as_array()? {
                    conjuncts(member, root, out, depth + 1)?;
                }
            }
            if let Some(r) = rest.remove("$ref") {
                let target = resolve_pointer(root, r.as_str()?)?;
                conjuncts(target, root, out, depth + 1)?;
            }
            for k in ANNOTATIONS {
                rest.remove(*k);
            }
            if !rest.is_empty() {
                out.push(Some(rest));
            }
            Some(())
        }
        _ => None,
    }
}

fn merge_maps(parts: Vec<Map<String, Value>>) -> Option<Map<String, Value>> {
    if parts.len() <= 1 {
        return Some(parts.into_iter().next().unwrap_or_default());
    }
    for group in GROUPS {
        let holders = parts
            .iter()
            .filter(|p| group.iter().any(|k| p.contains_key(*k)))
            .count();
        if holders > 1 {
            return None;
        }
    }
    let naming: Vec<&Map<String, Value>> = parts
        .iter()
        .filter(|p| NAME_KEYWORDS.iter().any(|k| p.contains_key(*k)))
        .collect();
    let mut merged = Map::new();
    if naming.len() > 1 {
        if naming
            .iter()
            .any(|p| p.contains_key("patternProperties") || p.contains_key("unevaluatedProperties"))
        {
            return None;
        }
        merge_properties(&naming, &mut merged)?;
    }
    let mut keys: Vec<&String> = Vec::new();
    for p in &parts {
        for k in p.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    for k in keys {
        if naming.len() > 1 && NAME_KEYWORDS.contains(&k.as_str()) {
            continue;
        }
        let values: Vec<&Value> = parts.iter().filter_map(|p| p.get(k)).collect();
        let first = canonical_json(values[0]);
        let v = if values.iter().all(|v| canonical_json(v) == first) {
            values[0].clone()
        } else {
            merge_keyword(k, &values)?
        };
        merged.insert(k.clone(), v);
    }
    Some(merged)
}

/// `properties` and `additionalProperties` of several conjuncts: a name
/// declared by one conjunct meets the others' declaration of it, or their
/// additional-properties schema.
fn merge_properties(naming: &[&Map<String, Value>], merged: &mut Map<String, Value>) -> Option<()> {
    let mut names: Vec<&String> = Vec::new();
    for p in naming {
        if let Some(props) = p.get("properties") {
            for k in props.as_object()?.keys() {
                if !names.contains(&k) {
                    names.push(k);
                }
            }
        }
    }
    let mut props = Map::new();
    for name in names {
        let schemas: Vec<Value> = naming
            .iter()
            .filter_map(|p| {
                p.get("properties")
                    .and_then(|x| x.get(name.as_str()))
                    .or_else(|| p.get("additionalProperties"))
                    .cloned()
            })
            .collect();
        props.insert(name.clone(), conjoin(schemas));
    }
    merged.insert("properties".into(), Value::Object(props));
    let additional: Vec<Value> = naming
        .iter()
        .filter_map(|p| p.get("additionalProperties").cloned())
        .collect();
    if !additional.is_empty() {
        merged.insert("additionalProperties".into(), conjoin(additional));
    }
    Some(())
}

fn conjoin(mut schemas: Vec<Value>) -> Value {
    schemas.retain(|s| s != &Value::Bool(true));
    if schemas.iter().any(|s| s == &Value::Bool(false)) {
        return Value::Bool(false);
    }
    let mut seen = std::collections::BTreeSet::new();
    schemas.retain(|s| seen.insert(canonical_json(s)));
    match schemas.len() {
        0 => Value::Bool(true),
        1 => schemas.pop().unwrap_or(Value::Bool(true)),
        _ => {
            let mut m = Map::new();
            m.insert("allOf".into(), Value::Array(schemas));
            Value::Object(m)
        }
    }
}

/// Two or more different values of one keyword, met in a conjunction.
fn merge_keyword(k: &str, values: &[&Value]) -> Option<Value> {
    let numbers = || -> Option<Vec<f64>> { values.iter().map(|v| v.as_f64()).collect() };
    let pick = |want_max: bool| -> Option<Value> {
        let ns = numbers()?;
        let mut best = 0;
        for (i, n) in ns.iter().enumerate() {
            if (want_max && *n > ns[best]) || (!want_max && *n < ns[best]) {
                best = i;
            }
        }
        Some(values[best].clone())
    };
    if LOWER.contains(&k) {
        return pick(true);
    }
    if UPPER.contains(&k) {
        return pick(false);
    }
    match k {
        "required" => {
            let mut names: Vec<Value> = Vec::new();
            for v in values {
                for n in v.as_array()? {
                    if !names.contains(n) {
                        names.push(n.clone());
                    }
                }
            }
            Some(Value::Array(names))
        }
        "type" => {
            let mut set: Option<Vec<String>> = None;
            for v in values {
                let tys: Vec<String> = match v {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(a) => a
                        .iter()
                        .map(|t| t.as_str().map(String::from))
                        .collect::<Option<_>>()?,
                    _ => return None,
                };
                set = Some(match set {
                    None => tys,
                    Some(prev) => intersect_types(&prev, &tys),
                });
            }
            let set = set?;
            match set.len() {
                0 => None,
                1 => Some(Value::String(set[0].clone())),
                _ => Some(Value::Array(set.into_iter().map(Value::String).collect())),
            }
        }
        _ => None,
    }
}

/// Do the conjuncts' `type`s have no value in common?
fn types_conflict(parts: &[Map<String, Value>]) -> bool {
    let mut set: Option<Vec<String>> = None;
    for p in parts {
        let tys: Vec<String> = match p.get("type") {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|t| t.as_str().map(String::from))
                .collect(),
            _ => continue,
        };
        set = Some(match set {
            None => tys,
            Some(prev) => intersect_types(&prev, &tys),
        });
    }
    set.is_some_and(|s| s.is_empty())
}

/// Type names accepted by both lists (`integer` ⊂ `number`).
fn intersect_types(a: &[String], b: &[String]) -> Vec<String> {
    let has = |l: &[String], t: &str| l.iter().any(|x| x == t);
    let mut out = Vec::new();
    for t in a {
        let keep = has(b, t) || (t == "integer" && has(b, "number"));
        if keep && !has(&out, t) {
            out.push(t.clone());
        }
    }
    if has(a, "number") && has(b, "integer") && !has(&out, "integer") {
        out.push("integer".into());
    }
    out
}
