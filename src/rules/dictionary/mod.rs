//! dictionary: shared concepts exist once.

pub mod concept_redefined;
pub mod dictionary_missing;
pub mod required_fields_missing;
pub mod shared_field_not_in_dictionary;
pub mod unknown_concept;
pub mod unknown_event;
pub mod unused_concept;

use serde_json::{Map, Value};

use crate::limits::{MAX_FIELD_DEPTH, MAX_WALK_DEPTH};
use crate::schema::diff::node::canonical_json;

/// Visit every property definition: (pointer relative to the schema, name,
/// schema). The pointer is built in one buffer; a visitor that keeps it clones it.
pub fn visit_properties<'a>(schema: &'a Value, f: &mut dyn FnMut(&str, &'a str, &'a Value)) {
    fn walk<'a>(
        v: &'a Value,
        ptr: &mut String,
        f: &mut dyn FnMut(&str, &'a str, &'a Value),
        depth: usize,
    ) {
        let Some(m) = v.as_object() else { return };
        if depth > MAX_FIELD_DEPTH {
            return;
        }
        let len = ptr.len();
        // One pass over the entries (no per-keyword hashing): this runs over
        // every object of every contract.
        for (key, x) in m {
            match (key.as_str(), x) {
                ("properties", Value::Object(props)) => {
                    for (k, sub) in props {
                        ptr.push_str("/properties/");
                        crate::yaml::push_token(ptr, k);
                        f(ptr, k, sub);
                        walk(sub, ptr, f, depth + 1);
                        ptr.truncate(len);
                    }
                }
                ("items", Value::Object(_)) => {
                    ptr.push_str("/items");
                    walk(x, ptr, f, depth + 1);
                    ptr.truncate(len);
                }
                ("prefixItems" | "allOf" | "anyOf" | "oneOf", Value::Array(a)) => {
                    for (i, y) in a.iter().enumerate() {
                        ptr.push('/');
                        ptr.push_str(key);
                        ptr.push('/');
                        ptr.push_str(&i.to_string());
                        walk(y, ptr, f, depth + 1);
                        ptr.truncate(len);
                    }
                }
                _ => {}
            }
        }
    }
    let mut ptr = String::new();
    walk(schema, &mut ptr, f, 0);
}

/// Does a (small) schema object have this key? A linear scan: cheaper
/// than hashing for the handful of keys a property schema has.
pub fn has_key(v: &Value, key: &str) -> bool {
    v.as_object().is_some_and(|m| m.keys().any(|k| k == key))
}

/// Visit every `pattern` (and `patternProperties` key) of a schema.
pub fn for_each_pattern(schema: &Value, f: &mut dyn FnMut(&str, &str)) {
    fn walk(v: &Value, ptr: &mut String, f: &mut dyn FnMut(&str, &str), depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let len = ptr.len();
                    ptr.push('/');
                    crate::yaml::push_token(ptr, k);
                    match (k.as_str(), x) {
                        ("pattern", Value::String(p)) => f(ptr, p),
                        ("patternProperties", Value::Object(pp)) => {
                            for (p, sub) in pp {
                                // The key is the pattern; its place is the
                                // entry, the sub-schema's patterns are under it.
                                let at = ptr.len();
                                ptr.push('/');
                                crate::yaml::push_token(ptr, p);
                                f(ptr, p);
                                walk(sub, ptr, f, depth + 1);
                                ptr.truncate(at);
                            }
                        }
                        ("enum" | "const" | "examples" | "default", _) => {}
                        _ => walk(x, ptr, f, depth + 1),
                    }
                    ptr.truncate(len);
                }
            }
            Value::Array(a) => {
                for x in a {
                    walk(x, ptr, f, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut ptr = String::new();
    walk(schema, &mut ptr, f, 0);
}

const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "examples",
    "$comment",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$id",
];

/// A schema reduced to its meaning: annotations dropped, `type: [x]` read
/// as `type: x`, keys sorted. Two definitions "agree" when these are equal.
pub fn normalized(v: &Value) -> String {
    fn norm(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, x) in m {
                    if ANNOTATIONS.contains(&k.as_str()) {
                        continue;
                    }
                    let x = match (k.as_str(), x) {
                        ("type", Value::Array(a)) if a.len() == 1 => a[0].clone(),
                        ("type", Value::Array(a)) => {
                            let mut a = a.clone();
                            a.sort_by_key(|t| t.to_string());
                            Value::Array(a)
                        }
                        ("required", Value::Array(a)) => {
                            let mut a = a.clone();
                            a.sort_by_key(|t| t.to_string());
                            Value::Array(a)
                        }
                        ("enum" | "const", x) => x.clone(),
                        (_, x) => norm(x),
                    };
                    out.insert(k.clone(), x);
                }
                Value::Object(out)
            }
            Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
            other => other.clone(),
        }
    }
    canonical_json(&norm(v))
}

/// Is this property a reference to the concept of the same name?
pub fn refs_concept(v: &Value, name: &str) -> bool {
    v.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("concept:"))
        == Some(name)
}

/// A short description of a schema for messages.
pub fn describe(v: &Value) -> String {
    crate::schema::diff::describe_value(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A schema with a `pattern` at each of the given depths of `items`.
    fn patterns_at(depth: usize) -> Value {
        (0..depth).fold(
            json!({"pattern": "^deep$"}),
            |inner, _| json!({"pattern": "^x$", "items": inner}),
        )
    }

    #[test]
    fn the_pattern_walk_reports_each_pattern_with_its_pointer_and_stops_at_the_walk_depth() {
        let mut seen = Vec::new();
        for_each_pattern(
            &json!({"properties": {"a/b": {"pattern": "^a$"}}, "patternProperties": {"^p": {"pattern": "^q$"}}, "enum": [{"pattern": "not a schema"}]}),
            &mut |ptr, p| seen.push(format!("{ptr} {p}")),
        );
        seen.sort();
        assert_eq!(
            seen,
            [
                "/patternProperties/^p ^p",
                "/patternProperties/^p/pattern ^q$",
                "/properties/a~1b/pattern ^a$"
            ]
        );

        let mut count = 0;
        for_each_pattern(&patterns_at(MAX_WALK_DEPTH + 50), &mut |_, _| count += 1);
        // One pattern per object at depths 0 ..= MAX_WALK_DEPTH (each
        // `items` is one level).
        assert_eq!(count, MAX_WALK_DEPTH + 1);
    }
}
