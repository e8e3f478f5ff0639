//! The exact rewrites of one schema object whose children are already in
//! normal form: type sets, `allOf` flattening and merging, unions of
//! single-type branches as one type set, disjoint `oneOf` as `anyOf`,
//! one-member composites as their member. Each rewrite keeps the set of
//! accepted instances; anything not provably exact is left as written.

use serde_json::{Map, Value};

use super::types::{
    disjoint, is_annotation, is_unconstrained, keyword_kind, meaning, type_kind, validation_keys,
    ORIGIN,
};

/// Which rewrites may run (the `confluent` policy keeps some spellings).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// `oneOf` with pairwise disjoint branches read as `anyOf`.
    pub disjoint_one_of: bool,
}

/// Bring one object (children already normal) to normal form.
pub fn simplify(m: Map<String, Value>, opts: Options) -> Value {
    simplify_within(m, opts, 16)
}

fn simplify_within(mut m: Map<String, Value>, opts: Options, fuel: usize) -> Value {
    if fuel == 0 {
        return Value::Object(m);
    }
    type_set(&mut m);
    if let Some(Value::Array(a)) = m.get_mut("required") {
        let mut seen = std::collections::HashSet::new();
        a.retain(|x| seen.insert(x.to_string()));
    }
    // `const: null` / `enum: [null]` alone is `type: null`.
    let only = |m: &Map<String, Value>, k: &str| validation_keys(m).all(|x| x == k);
    if only(&m, "const") && m.get("const") == Some(&Value::Null)
        || only(&m, "enum") && m.get("enum") == Some(&Value::Array(vec![Value::Null]))
    {
        m.remove("const");
        m.remove("enum");
        m.insert("type".into(), Value::String("null".into()));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(v) = union_step(&mut m, key, opts) {
            return match v {
                Value::Object(o) => simplify_within(o, opts, fuel - 1),
                other => other,
            };
        }
    }
    if m.contains_key("allOf") {
        return all_of(m, opts, fuel - 1);
    }
    Value::Object(m)
}

/// `type` as a sorted set; `integer` dropped beside `number`; one type as a string.
fn type_set(m: &mut Map<String, Value>) {
    let Some(Value::Array(ts)) = m.get("type") else {
        return;
    };
    let mut names: Vec<String> = Vec::new();
    for t in ts {
        match t.as_str() {
            Some(s) if type_kind(s).is_some() => names.push(s.to_string()),
            _ => return,
        }
    }
    names.sort();
    names.dedup();
    if names.iter().any(|n| n == "number") {
        names.retain(|n| n != "integer");
    }
    let v = match names.len() {
        0 => return,
        1 => Value::String(names.remove(0)),
        _ => Value::Array(names.into_iter().map(Value::String).collect()),
    };
    m.insert("type".into(), v);
}

fn annotations(m: &Map<String, Value>) -> Map<String, Value> {
    m.iter()
        .filter(|(k, _)| is_annotation(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A member standing for its parent: the parent's annotations win (its
/// origin stays the member's own, the spelling it came from).
fn replace_by(parent: &Map<String, Value>, member: Value) -> Value {
    match member {
        Value::Object(mut mm) => {
            for (k, v) in annotations(parent) {
                if k != ORIGIN {
                    mm.insert(k, v);
                }
            }
            if !mm.contains_key(ORIGIN) {
                if let Some(o) = parent.get(ORIGIN) {
                    mm.insert(ORIGIN.into(), o.clone());
                }
            }
            Value::Object(mm)
        }
        other => other,
    }
}

/// `anyOf`/`oneOf`: drop `false` branches; a disjoint `oneOf` becomes an
/// `anyOf`; nested `anyOf`s and type-array branches flatten; duplicates go;
/// branches sort; single-type branches merge into one type set; one branch
/// left stands for the union. Returns the whole replacement when the object
/// became something else.
fn union_step(m: &mut Map<String, Value>, key: &str, opts: Options) -> Option<Value> {
    let Some(Value::Array(branches)) = m.get(key) else {
        return None;
    };
    if branches.is_empty() {
        return None;
    }
    let mut bs: Vec<Value> = branches
        .iter()
        .filter(|b| !matches!(b, Value::Bool(false)))
        .cloned()
        .collect();
    if bs.is_empty() {
        return None;
    }
    let mut key = key.to_string();
    if key == "oneOf" {
        let all_disjoint = opts.disjoint_one_of
            && (0..bs.len()).all(|i| (i + 1..bs.len()).all(|j| disjoint(&bs[i], &bs[j])));
        if all_disjoint && !m.contains_key("anyOf") {
            m.remove("oneOf");
            key = "anyOf".into();
        } else {
            bs.sort_by_key(meaning);
            if bs.len() == 1 {
                m.remove("oneOf");
                return Some(one_member(m.clone(), bs.remove(0)));
            }
            m.insert("oneOf".into(), Value::Array(bs));
            return None;
        }
    }
    // anyOf from here on.
    let mut flat = Vec::new();
    for b in bs {
        flatten_branch(b, &mut flat);
    }
    if flat.iter().any(is_unconstrained) {
        // A branch that accepts everything: the union accepts everything.
        m.remove(&key);
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    flat.retain(|b| seen.insert(meaning(b)));
    let mut flat = merge_type_branches(flat);
    flat.sort_by_key(meaning);
    m.remove(&key);
    if flat.len() == 1 {
        return Some(one_member(m.clone(), flat.remove(0)));
    }
    m.insert("anyOf".into(), Value::Array(flat));
    None
}

/// A one-member composite: the member alone when nothing else constrains
/// the object, else one more `allOf` member.
fn one_member(mut parent: Map<String, Value>, member: Value) -> Value {
    if validation_keys(&parent).next().is_none() {
        return replace_by(&parent, member);
    }
    let mut all = match parent.remove("allOf") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    all.push(member);
    parent.insert("allOf".into(), Value::Array(all));
    Value::Object(parent)
}

/// Branches of a branch that is itself a plain `anyOf`, or a type set with
/// only keywords of its types, become branches of the outer union.
fn flatten_branch(b: Value, out: &mut Vec<Value>) {
    let Value::Object(m) = &b else {
        out.push(b);
        return;
    };
    let keys: Vec<&String> = validation_keys(m).collect();
    if keys.len() == 1 && keys[0] == "anyOf" {
        if let Some(Value::Array(inner)) = m.get("anyOf") {
            for x in inner {
                flatten_branch(x.clone(), out);
            }
            return;
        }
    }
    if let Some(Value::Array(ts)) = m.get("type") {
        let typed_only = keys
            .iter()
            .all(|k| k.as_str() == "type" || keyword_kind(k).is_some());
        let tys: Option<Vec<&str>> = ts.iter().map(Value::as_str).collect();
        if let (true, Some(tys)) = (typed_only, tys) {
            for t in tys {
                let Some(kind) = type_kind(t) else {
                    out.push(b.clone());
                    return;
                };
                let mut one = Map::new();
                one.insert("type".into(), Value::String(t.into()));
                for (k, v) in m {
                    if keyword_kind(k) == Some(kind) {
                        one.insert(k.clone(), v.clone());
                    }
                }
                if let Some(o) = m.get(ORIGIN) {
                    one.insert(ORIGIN.into(), o.clone());
                }
                out.push(Value::Object(one));
            }
            return;
        }
    }
    out.push(b);
}

/// The kind of a branch that is `{type: T}` plus keywords of `T` only.
fn single_type_branch(b: &Value) -> Option<u8> {
    let m = b.as_object()?;
    let t = m.get("type")?.as_str()?;
    let kind = type_kind(t)?;
    validation_keys(m)
        .all(|k| k == "type" || keyword_kind(k) == Some(kind))
        .then_some(kind)
}

/// Branches `{type: T, <keywords of T>}` of distinct kinds are one branch
/// `{type: [T...], <all their keywords>}`: a keyword of one type says nothing
/// about values of another.
fn merge_type_branches(bs: Vec<Value>) -> Vec<Value> {
    let mut by_kind: std::collections::BTreeMap<u8, usize> = Default::default();
    for b in &bs {
        if let Some(k) = single_type_branch(b) {
            *by_kind.entry(k).or_default() += 1;
        }
    }
    let mergeable = |b: &Value| single_type_branch(b).is_some_and(|k| by_kind.get(&k) == Some(&1));
    let count = bs.iter().filter(|b| mergeable(b)).count();
    if count < 2 {
        return bs;
    }
    let mut merged = Map::new();
    let mut types = Vec::new();
    let mut rest = Vec::new();
    for b in bs {
        if mergeable(&b) {
            if let Value::Object(m) = b {
                for (k, v) in m {
                    if k == "type" {
                        types.push(v);
                    } else if !is_annotation(&k) {
                        merged.insert(k, v);
                    }
                }
            }
        } else {
            rest.push(b);
        }
    }
    merged.insert("type".into(), Value::Array(types));
    type_set(&mut merged);
    rest.push(Value::Object(merged));
    rest
}

/// Keywords that read the other keywords of their own object.
const PROPERTY_GROUP: &[&str] = &[
    "properties",
    "patternProperties",
    "additionalProperties",
    "unevaluatedProperties",
];
const ITEM_GROUP: &[&str] = &[
    "items",
    "prefixItems",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
];
const IF_GROUP: &[&str] = &["if", "then", "else"];
/// Lower bounds (the larger wins) and upper bounds (the smaller wins).
const LOWER: &[&str] = &["minLength", "minimum", "minItems", "minProperties"];
const UPPER: &[&str] = &["maxLength", "maximum", "maxItems", "maxProperties"];

/// `allOf`: nested `allOf`s flatten, members that accept everything go,
/// duplicates go; members whose keywords do not read each other merge into
/// the object (shared properties as an `allOf` of both); a single member
/// left with nothing beside it stands for the object.
fn all_of(mut m: Map<String, Value>, opts: Options, fuel: usize) -> Value {
    let Some(Value::Array(members)) = m.remove("allOf") else {
        return Value::Object(m);
    };
    let mut flat = Vec::new();
    let mut stack: Vec<Value> = members.into_iter().rev().collect();
    while let Some(x) = stack.pop() {
        match &x {
            Value::Object(xm)
                if validation_keys(xm).all(|k| k == "allOf")
                    && matches!(xm.get("allOf"), Some(Value::Array(_))) =>
            {
                if let Some(Value::Array(inner)) = xm.get("allOf") {
                    stack.extend(inner.iter().rev().cloned());
                }
            }
            _ if is_unconstrained(&x) => {}
            _ => flat.push(x),
        }
    }
    let mut seen = std::collections::HashSet::new();
    flat.retain(|x| seen.insert(meaning(x)));
    if flat.is_empty() {
        return simplify_within(m, opts, fuel);
    }
    // The object's own keywords are one more member of the conjunction.
    let own: Map<String, Value> = m
        .iter()
        .filter(|(k, _)| !is_annotation(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut parts: Vec<&Map<String, Value>> = Vec::new();
    if !own.is_empty() {
        parts.push(&own);
    }
    let objects: Option<Vec<&Map<String, Value>>> = flat.iter().map(Value::as_object).collect();
    if let Some(objects) = objects {
        parts.extend(objects);
        if let Some(merged) = merge(&parts, opts) {
            let mut out = annotations(&m);
            out.extend(merged);
            return simplify_within(out, opts, fuel);
        }
    }
    if flat.len() == 1 && own.is_empty() {
        return replace_by(&m, flat.remove(0));
    }
    m.insert("allOf".into(), Value::Array(flat));
    Value::Object(m)
}

/// The exact merge of a conjunction of objects, or `None`.
fn merge(parts: &[&Map<String, Value>], opts: Options) -> Option<Map<String, Value>> {
    // Keywords that read their siblings must all come from one member.
    for group in [PROPERTY_GROUP, ITEM_GROUP, IF_GROUP] {
        let holders = parts
            .iter()
            .filter(|p| group.iter().any(|k| p.contains_key(*k)))
            .count();
        let reads_siblings = group == PROPERTY_GROUP
            && parts.iter().any(|p| {
                [
                    "patternProperties",
                    "additionalProperties",
                    "unevaluatedProperties",
                ]
                .iter()
                .any(|k| p.contains_key(*k))
            });
        if group == PROPERTY_GROUP {
            if reads_siblings && holders > 1 {
                return None;
            }
        } else if holders > 1 {
            return None;
        }
    }
    let draft4_bound = |p: &Map<String, Value>| {
        matches!(p.get("exclusiveMaximum"), Some(Value::Bool(_)))
            || matches!(p.get("exclusiveMinimum"), Some(Value::Bool(_)))
    };
    if parts
        .iter()
        .any(|p| p.contains_key("$ref") || p.contains_key("unevaluatedItems") || draft4_bound(p))
    {
        return None;
    }
    let mut out: Map<String, Value> = Map::new();
    for p in parts {
        for (k, v) in p.iter() {
            if is_annotation(k) {
                continue;
            }
            let Some(prev) = out.get(k) else {
                out.insert(k.clone(), v.clone());
                continue;
            };
            if meaning(prev) == meaning(v) {
                continue;
            }
            let combined = match k.as_str() {
                "type" => intersect_types(prev, v)?,
                "required" => {
                    let mut r = prev.as_array()?.clone();
                    for x in v.as_array()? {
                        if !r.contains(x) {
                            r.push(x.clone());
                        }
                    }
                    Value::Array(r)
                }
                "properties" => {
                    let mut props = prev.as_object()?.clone();
                    for (name, s) in v.as_object()? {
                        match props.get(name) {
                            Some(old) if meaning(old) != meaning(s) => {
                                let mut both = Map::new();
                                both.insert(
                                    "allOf".into(),
                                    Value::Array(vec![old.clone(), s.clone()]),
                                );
                                let merged = simplify(both, opts);
                                props.insert(name.clone(), merged);
                            }
                            Some(_) => {}
                            None => {
                                props.insert(name.clone(), s.clone());
                            }
                        }
                    }
                    Value::Object(props)
                }
                k if LOWER.contains(&k) => {
                    let (a, b) = (prev.as_f64()?, v.as_f64()?);
                    if a >= b {
                        prev.clone()
                    } else {
                        v.clone()
                    }
                }
                k if UPPER.contains(&k) => {
                    let (a, b) = (prev.as_f64()?, v.as_f64()?);
                    if a <= b {
                        prev.clone()
                    } else {
                        v.clone()
                    }
                }
                _ => return None,
            };
            out.insert(k.clone(), combined);
        }
    }
    Some(out)
}

/// The intersection of two `type` values, `None` when empty or unreadable.
fn intersect_types(a: &Value, b: &Value) -> Option<Value> {
    let names = |v: &Value| -> Option<Vec<String>> {
        match v {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(a) => a.iter().map(|x| x.as_str().map(String::from)).collect(),
            _ => None,
        }
    };
    let (xa, xb) = (names(a)?, names(b)?);
    let has = |set: &[String], t: &str| {
        set.iter().any(|x| x == t) || (t == "integer" && set.iter().any(|x| x == "number"))
    };
    let mut out: Vec<String> = xa
        .iter()
        .filter(|t| has(&xb, t))
        .chain(xb.iter().filter(|t| has(&xa, t)))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    if out.iter().any(|t| t == "integer") && !(has(&xa, "number") && has(&xb, "number")) {
        out.retain(|t| t != "number");
    }
    if out.iter().any(|t| t == "number") && out.iter().any(|t| t == "integer") {
        out.retain(|t| t != "integer");
    }
    let mut m = Map::new();
    match out.len() {
        0 => return None,
        1 => m.insert("type".into(), Value::String(out.remove(0))),
        _ => m.insert(
            "type".into(),
            Value::Array(out.into_iter().map(Value::String).collect()),
        ),
    };
    m.remove("type")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s(v: Value) -> Value {
        simplify(
            v.as_object().unwrap().clone(),
            Options {
                disjoint_one_of: true,
            },
        )
    }

    #[test]
    fn unions_of_types_are_one_type_set() {
        assert_eq!(
            s(json!({"oneOf": [{"type": "integer"}, {"type": "string"}]})),
            json!({"type": ["integer", "string"]})
        );
        assert_eq!(
            s(json!({"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}]})),
            json!({"maxLength": 3, "type": ["null", "string"]})
        );
        assert_eq!(
            s(json!({"type": ["string", "integer", "number", "string"]})),
            json!({"type": ["number", "string"]})
        );
    }

    #[test]
    fn types_intersect() {
        assert_eq!(
            intersect_types(&json!(["integer", "string"]), &json!("number")),
            Some(json!("integer"))
        );
        assert_eq!(
            intersect_types(&json!(["number", "null"]), &json!(["number", "string"])),
            Some(json!("number"))
        );
        assert_eq!(intersect_types(&json!("string"), &json!("null")), None);
    }

    #[test]
    fn all_of_merges_open_objects_but_not_closed_ones() {
        assert_eq!(
            s(json!({"allOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
                {"properties": {"b": {"type": "integer"}}}
            ]})),
            json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a"]})
        );
        let closed = json!({"allOf": [
            {"properties": {"a": {}}, "additionalProperties": false},
            {"properties": {"b": {}}}
        ]});
        assert!(s(closed).get("allOf").is_some());
    }
}
