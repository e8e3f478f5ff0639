//! Provable disjointness of two schemas (no instance valid under both), for
//! `oneOf`: a branch that may match what another branch matches makes
//! `oneOf` reject it. Conservative: `false` means "not proven".

use std::collections::BTreeSet;

use serde_json::Value;

use super::node::{canonical_json, Class, Criterion, Part, Ty, View};

/// The JSON types a view may accept (`integer` read as `number`); `None`: any.
fn types(s: View<'_>, depth: usize) -> Option<BTreeSet<&'static str>> {
    if depth == 0 {
        return None;
    }
    let s = s.normalize().settle();
    let of_ty = |t: Ty| match t {
        Ty::String => "string",
        Ty::Number | Ty::Integer => "number",
        Ty::Boolean => "boolean",
        Ty::Null => "null",
        Ty::Object => "object",
        Ty::Array => "array",
    };
    match (s.part, s.class()) {
        (_, Class::False) => Some(BTreeSet::new()),
        (Part::Type(t), _) => Some([of_ty(t)].into()),
        (Part::Enum | Part::Const, _) => {
            let values: Vec<&Value> = match (s.part, s.get("enum"), s.get("const")) {
                (Part::Const, _, Some(c)) => vec![c],
                (_, Some(Value::Array(a)), _) => a.iter().collect(),
                _ => return None,
            };
            Some(values.into_iter().map(json_type).collect())
        }
        (_, Class::Combined(c)) => {
            let sets: Vec<Option<BTreeSet<&'static str>>> = s
                .members()
                .into_iter()
                .map(|m| types(m, depth - 1))
                .collect();
            match c {
                Criterion::All => {
                    let mut acc: Option<BTreeSet<&'static str>> = None;
                    for t in sets.into_iter().flatten() {
                        acc = Some(match acc {
                            None => t,
                            Some(a) => a.intersection(&t).copied().collect(),
                        });
                    }
                    acc
                }
                Criterion::Any | Criterion::One => {
                    let mut acc = BTreeSet::new();
                    for t in sets {
                        acc.extend(t?);
                    }
                    Some(acc)
                }
            }
        }
        _ => None,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The values a view allows when it is an `enum` or `const`, canonical.
fn values(s: View<'_>) -> Option<BTreeSet<String>> {
    let s = s.normalize().settle();
    let list: Vec<&Value> = match (s.get("enum"), s.get("const")) {
        (_, Some(c)) => vec![c],
        (Some(Value::Array(a)), None) => a.iter().collect(),
        _ => return None,
    };
    Some(list.into_iter().map(canonical_json).collect())
}

/// The object view of a schema (its `properties` and `required`), if it
/// only accepts objects.
fn required_values<'a>(s: View<'a>) -> Vec<(String, BTreeSet<String>)> {
    let s = s.normalize();
    let Some(m) = s.obj() else {
        return Vec::new();
    };
    let required: Vec<&str> = m
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let props = m.get("properties").and_then(Value::as_object);
    required
        .into_iter()
        .filter_map(|r| {
            let p = props?.get(r)?;
            values(s.child(p)).map(|v| (r.to_string(), v))
        })
        .collect()
}

/// Is no instance valid under both `a` and `b` (proven)?
pub fn disjoint(a: View<'_>, b: View<'_>) -> bool {
    if let (Some(x), Some(y)) = (types(a, 8), types(b, 8)) {
        if x.is_disjoint(&y) {
            return true;
        }
    }
    if let (Some(x), Some(y)) = (values(a), values(b)) {
        if x.is_disjoint(&y) {
            return true;
        }
    }
    // A discriminator: a property both require, with no value in common.
    let (ra, rb) = (required_values(a), required_values(b));
    ra.iter()
        .any(|(k, va)| rb.iter().any(|(l, vb)| k == l && va.is_disjoint(vb)))
}
