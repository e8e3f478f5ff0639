//! Reference resolution. `$ref: "concept:NAME"` is inlined with the
//! dictionary concept's schema (itself resolved, cycles caught); `#...`
//! refs stay in place and resolve inside the document (the diff engine and
//! the validator follow them, recursion included); anything else (files,
//! URLs) is forbidden: nothing is ever fetched.

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::limits::{MAX_REF_HOPS, MAX_WALK_DEPTH};
use crate::model::dictionary::Concept;
use crate::schema::diff::node::resolve_pointer;

/// A problem with one `$ref`, at the pointer of the `$ref` key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefProblem {
    /// Points at a file, a URL or anything but `#...` and `concept:NAME`.
    Forbidden { pointer: String, reference: String },
    /// A local reference that names nothing, or a chain of references that
    /// loops with no schema in between.
    Unresolved {
        pointer: String,
        reference: String,
        why: String,
    },
    /// `concept:NAME` names no dictionary concept.
    UnknownConcept { pointer: String, name: String },
}

impl RefProblem {
    pub fn pointer(&self) -> &str {
        match self {
            RefProblem::Forbidden { pointer, .. }
            | RefProblem::Unresolved { pointer, .. }
            | RefProblem::UnknownConcept { pointer, .. } => pointer,
        }
    }
}

/// Keys whose values are data, not schemas.
const DATA_KEYS: &[&str] = &["enum", "const", "examples", "default", "required"];
/// Keys whose values map names to schemas.
const NAMED_SCHEMAS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
];

/// Visit every `$ref` string in a schema: (pointer of the `$ref` key, value).
pub fn for_each_ref(schema: &Value, f: &mut dyn FnMut(&str, &str)) {
    fn walk(v: &Value, ptr: &mut String, f: &mut dyn FnMut(&str, &str), depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    let len = ptr.len();
                    ptr.push('/');
                    crate::yaml::push_token(ptr, k);
                    if k == "$ref" {
                        if let Value::String(r) = child {
                            f(ptr, r);
                        }
                    } else if DATA_KEYS.contains(&k.as_str()) {
                    } else if NAMED_SCHEMAS.contains(&k.as_str()) {
                        if let Value::Object(named) = child {
                            for (name, s) in named {
                                let l2 = ptr.len();
                                ptr.push('/');
                                crate::yaml::push_token(ptr, name);
                                walk(s, ptr, f, depth + 1);
                                ptr.truncate(l2);
                            }
                        }
                    } else {
                        walk(child, ptr, f, depth + 1);
                    }
                    ptr.truncate(len);
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    let len = ptr.len();
                    ptr.push('/');
                    ptr.push_str(&i.to_string());
                    walk(child, ptr, f, depth + 1);
                    ptr.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut ptr = String::new();
    walk(schema, &mut ptr, f, 0);
}

/// The concept name of a `concept:NAME` reference.
pub fn concept_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("concept:")
}

/// Check every `$ref` of a schema. `concepts` is `None` when there is no
/// dictionary (then `concept:` refs are not checked for existence).
pub fn check_refs(schema: &Value, concepts: Option<&IndexMap<String, Concept>>) -> Vec<RefProblem> {
    analyse_refs(schema, concepts).0
}

/// One walk over a schema's `$ref`s: their problems, and the names of the
/// concepts it uses (sorted, distinct).
pub fn analyse_refs(
    schema: &Value,
    concepts: Option<&IndexMap<String, Concept>>,
) -> (Vec<RefProblem>, Vec<String>) {
    let mut out = Vec::new();
    let mut used = Vec::new();
    for_each_ref(schema, &mut |ptr, r| {
        let pointer = ptr.to_string();
        if let Some(name) = concept_name(r) {
            used.push(name.to_string());
            if concepts.is_some_and(|c| !c.contains_key(name)) {
                out.push(RefProblem::UnknownConcept {
                    pointer,
                    name: name.to_string(),
                });
            }
        } else if r.starts_with('#') {
            if let Err(why) = follow_local(schema, r) {
                out.push(RefProblem::Unresolved {
                    pointer,
                    reference: r.to_string(),
                    why,
                });
            }
        } else {
            out.push(RefProblem::Forbidden {
                pointer,
                reference: r.to_string(),
            });
        }
    });
    used.sort();
    used.dedup();
    (out, used)
}

/// Follow a local reference chain: it must reach a schema that is not only
/// another `$ref`, without looping.
fn follow_local(root: &Value, reference: &str) -> Result<(), String> {
    let mut seen = HashSet::new();
    let mut r = reference.to_string();
    for _ in 0..MAX_REF_HOPS {
        if !seen.insert(r.clone()) {
            return Err(format!("reference cycle with no way out through `{r}`"));
        }
        let Some(target) = resolve_pointer(root, &r) else {
            return Err(format!("`{r}` names nothing in this document"));
        };
        match target.as_object().and_then(|m| {
            if m.len() == 1 {
                m.get("$ref").and_then(Value::as_str)
            } else {
                None
            }
        }) {
            Some(next) if next.starts_with('#') => r = next.to_string(),
            _ => return Ok(()),
        }
    }
    Err(format!(
        "more than {MAX_REF_HOPS} references chained (MAX_REF_HOPS)"
    ))
}

/// Inline every `concept:NAME` reference. A concept's own references are
/// inlined too; a cycle between concepts is left as the bare `$ref` and
/// reported by `concept_cycles`. Siblings of the `$ref` (a `description`,
/// say) are kept, overriding the concept's own keys.
pub fn inline_concepts(schema: &Value, concepts: &IndexMap<String, Concept>) -> Value {
    let mut stack = Vec::new();
    inline(schema, concepts, &mut stack)
}

fn inline(v: &Value, concepts: &IndexMap<String, Concept>, stack: &mut Vec<String>) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(name) = m.get("$ref").and_then(Value::as_str).and_then(concept_name) {
                if let Some(c) = concepts.get(name) {
                    if !stack.iter().any(|s| s == name) && stack.len() < MAX_REF_HOPS {
                        stack.push(name.to_string());
                        let mut base = inline(&c.schema, concepts, stack);
                        stack.pop();
                        let siblings: Map<String, Value> = m
                            .iter()
                            .filter(|(k, _)| k.as_str() != "$ref")
                            .map(|(k, x)| (k.clone(), inline(x, concepts, stack)))
                            .collect();
                        if siblings.is_empty() {
                            return base;
                        }
                        return match &mut base {
                            Value::Object(bm) => {
                                for (k, x) in siblings {
                                    bm.insert(k, x);
                                }
                                base
                            }
                            other => {
                                let mut all = Map::new();
                                all.insert("allOf".into(), Value::Array(vec![other.clone()]));
                                for (k, x) in siblings {
                                    all.insert(k, x);
                                }
                                Value::Object(all)
                            }
                        };
                    }
                }
            }
            let mut out = Map::new();
            for (k, x) in m {
                if DATA_KEYS.contains(&k.as_str()) {
                    out.insert(k.clone(), x.clone());
                } else {
                    out.insert(k.clone(), inline(x, concepts, stack));
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| inline(x, concepts, stack)).collect()),
        other => other.clone(),
    }
}

/// Cycles between concepts (`a` → `b` → `a`), each as the path of names.
pub fn concept_cycles(concepts: &IndexMap<String, Concept>) -> Vec<Vec<String>> {
    fn refs_of(v: &Value) -> Vec<String> {
        let mut out = Vec::new();
        for_each_ref(v, &mut |_, r| {
            if let Some(n) = concept_name(r) {
                out.push(n.to_string());
            }
        });
        out
    }
    let mut cycles = Vec::new();
    for start in concepts.keys() {
        // Depth-first from `start`, looking for a path back to it.
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        let mut visited = HashSet::new();
        while let Some((node, path)) = stack.pop() {
            if !visited.insert(node.clone()) {
                continue;
            }
            let Some(c) = concepts.get(&node) else {
                continue;
            };
            for next in refs_of(&c.schema) {
                if &next == start {
                    let mut p = path.clone();
                    p.push(next);
                    cycles.push(p);
                } else if path.len() < MAX_REF_HOPS {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next, p));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn concepts(pairs: &[(&str, Value)]) -> IndexMap<String, Concept> {
        pairs
            .iter()
            .map(|(n, s)| {
                (
                    n.to_string(),
                    Concept {
                        owner: None,
                        summary: None,
                        schema: s.clone(),
                    },
                )
            })
            .collect()
    }

    #[test]
    fn refs_are_classified() {
        let s = json!({"properties": {
            "a": {"$ref": "http://x/y.json"},
            "b": {"$ref": "concept:nope"},
            "c": {"$ref": "#/$defs/missing"},
            "d": {"$ref": "#/$defs/loop1"},
            "e": {"$ref": "#/$defs/ok"},
            "$ref": {"type": "string"}
        }, "$defs": {"loop1": {"$ref": "#/$defs/loop2"}, "loop2": {"$ref": "#/$defs/loop1"}, "ok": {"type": "string"}}});
        let c = concepts(&[]);
        let p = check_refs(&s, Some(&c));
        let ptrs: Vec<&str> = p.iter().map(RefProblem::pointer).collect();
        assert!(ptrs.contains(&"/properties/a/$ref"));
        assert!(ptrs.contains(&"/properties/b/$ref"));
        assert!(ptrs.contains(&"/properties/c/$ref"));
        assert!(ptrs.contains(&"/properties/d/$ref"));
        assert!(!ptrs.iter().any(|p| p.starts_with("/properties/e")));
        assert!(matches!(
            p.iter().find(|x| x.pointer() == "/properties/a/$ref"),
            Some(RefProblem::Forbidden { .. })
        ));
    }

    #[test]
    fn concepts_are_inlined_with_siblings() {
        let c = concepts(&[("id", json!({"type": "string", "format": "uuid"}))]);
        let s = json!({"properties": {"x": {"$ref": "concept:id", "description": "d"}}});
        let r = inline_concepts(&s, &c);
        assert_eq!(
            r["properties"]["x"],
            json!({"type": "string", "format": "uuid", "description": "d"})
        );
    }

    #[test]
    fn concept_cycles_are_found_and_inlining_terminates() {
        let c = concepts(&[
            ("a", json!({"$ref": "concept:b"})),
            ("b", json!({"$ref": "concept:a"})),
        ]);
        assert!(!concept_cycles(&c).is_empty());
        let _ = inline_concepts(&json!({"$ref": "concept:a"}), &c);
    }
}
