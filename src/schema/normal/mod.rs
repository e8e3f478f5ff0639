//! Schemas in one normal form: spellings of the same meaning made equal
//! before the diff engine compares them, with a pointer back to the
//! original spelling of every node for messages.
//!
//! The rewrites, each exact (the set of accepted instances is unchanged):
//! local `$ref`s inlined (a recursive one kept, pointing at the original
//! definitions); `type` lists as sorted sets (`integer` inside `number`);
//! `anyOf`/`oneOf` of single-type branches as one type set, nested unions
//! flattened, branches deduplicated and sorted; a `oneOf` whose branches are
//! pairwise disjoint (by type, `const`/`enum`, or a required discriminator)
//! as an `anyOf`; `const: null` as `type: null`; one-member composites as
//! their member; `allOf` members merged into one object where no keyword
//! reads a sibling from another member. Anything not provably exact stays as
//! written; a document that cannot be normalized (a reference that does not
//! resolve, a recursion through something other than a definition, more
//! than `MAX_NORMAL_NODES` nodes) is compared as written.

mod reshape;
mod rewrite;
pub mod types;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use reshape::reshaped;
use rewrite::Options;
use types::{is_annotation, ORIGIN, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE};

use crate::limits::{MAX_NORMAL_DEPTH, MAX_NORMAL_NODES};
use crate::model::Policy;
use crate::schema::diff::node::resolve_pointer;
use crate::yaml::{push_token, unescape_token};

/// A schema in normal form and where each of its nodes came from.
#[derive(Debug, Clone)]
pub struct Normal {
    pub value: Value,
    /// Normal-form pointer → pointer of the original spelling (through a
    /// `$ref`, the pointer continues from where the reference is used).
    origins: BTreeMap<String, String>,
}

impl Normal {
    /// The original-spelling pointer for a pointer into the normal form:
    /// the longest prefix with a known origin, the rest appended.
    pub fn origin(&self, pointer: &str) -> String {
        if self.origins.is_empty() {
            return pointer.to_string();
        }
        let mut cut = pointer.len();
        loop {
            let prefix = &pointer[..cut];
            if let Some(o) = self.origins.get(prefix) {
                return format!("{o}{}", &pointer[cut..]);
            }
            match prefix.rfind('/') {
                Some(i) => cut = i,
                None => return pointer.to_string(),
            }
        }
    }

    /// The document as written, unchanged (when it could not be normalized).
    fn as_written(doc: &Value) -> Normal {
        Normal {
            value: doc.clone(),
            origins: BTreeMap::new(),
        }
    }
}

/// The rewrites a policy allows. Under `confluent`, parity with the
/// registry's own corpus decides where it rules on a spelling; every
/// rewrite here agrees with it (`oneOf` → `anyOf` is only ever made for
/// branches no value can match twice, where the registry's verdicts and the
/// meaning agree), so both policies use them all.
fn options(_policy: Policy) -> Options {
    Options {
        disjoint_one_of: true,
    }
}

/// Bring a resolved schema document to normal form.
pub fn normalize(doc: &Value, policy: Policy) -> Normal {
    let mut w = Walker {
        root: doc,
        opts: options(policy),
        stack: Vec::new(),
        nodes: 0,
        kept_refs: false,
    };
    let Ok(mut value) = w.node(doc, "", 0) else {
        return Normal::as_written(doc);
    };
    if w.kept_refs {
        // A recursive reference stays, resolving into the definitions as
        // written (the engine follows it there).
        let (Value::Object(out), Value::Object(orig)) = (&mut value, doc) else {
            return Normal::as_written(doc);
        };
        for k in ["$defs", "definitions"] {
            if let Some(d) = orig.get(k) {
                out.insert(k.into(), d.clone());
            }
        }
    }
    let mut origins = BTreeMap::new();
    let mut ptr = String::new();
    take_origins(&mut value, &mut ptr, &mut origins, 0);
    Normal { value, origins }
}

struct Walker<'a> {
    root: &'a Value,
    opts: Options,
    /// References being expanded (a reference met again inside is recursive).
    stack: Vec<String>,
    nodes: usize,
    kept_refs: bool,
}

/// The document cannot be normalized; it is compared as written.
struct AsWritten;

impl Walker<'_> {
    fn node(&mut self, v: &Value, orig: &str, depth: usize) -> Result<Value, AsWritten> {
        self.nodes += 1;
        if self.nodes > MAX_NORMAL_NODES || depth > MAX_NORMAL_DEPTH {
            return Err(AsWritten);
        }
        let Value::Object(m) = v else {
            return Ok(v.clone());
        };
        let Some(r) = m.get("$ref") else {
            return self.object(m, orig, depth);
        };
        let Value::String(r) = r else {
            return Err(AsWritten);
        };
        let target = resolve_pointer(self.root, r).ok_or(AsWritten)?;
        let siblings: Map<String, Value> = m
            .iter()
            .filter(|(k, _)| k.as_str() != "$ref")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let constrained = siblings.keys().any(|k| !is_annotation(k));
        let target = if self.stack.iter().any(|s| s == r) {
            let into_definitions =
                r == "#" || r.starts_with("#/$defs/") || r.starts_with("#/definitions/");
            if !into_definitions {
                return Err(AsWritten);
            }
            self.kept_refs = true;
            let mut kept = Map::new();
            kept.insert("$ref".into(), Value::String(r.clone()));
            kept.insert(ORIGIN.into(), Value::String(orig.to_string()));
            Value::Object(kept)
        } else {
            self.stack.push(r.clone());
            let t = self.node(target, orig, depth + 1);
            self.stack.pop();
            t?
        };
        if !constrained {
            // The reference stands for its target; the annotations written
            // beside it win over the target's.
            return Ok(match target {
                Value::Object(mut t) => {
                    for (k, v) in siblings {
                        t.insert(k, v);
                    }
                    Value::Object(t)
                }
                other => other,
            });
        }
        // Keywords beside a reference apply together with it.
        let rest = self.object(&siblings, orig, depth + 1)?;
        let mut both: Map<String, Value> = siblings
            .iter()
            .filter(|(k, _)| is_annotation(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        both.insert("allOf".into(), Value::Array(vec![target, rest]));
        both.insert(ORIGIN.into(), Value::String(orig.to_string()));
        Ok(rewrite::simplify(both, self.opts))
    }

    fn object(
        &mut self,
        m: &Map<String, Value>,
        orig: &str,
        depth: usize,
    ) -> Result<Value, AsWritten> {
        let mut out = Map::new();
        for (k, val) in m {
            if k == "$defs" || k == "definitions" {
                // Inlined where used.
                continue;
            }
            let at = |extra: &str| {
                let mut p = format!("{orig}/");
                push_token(&mut p, k);
                if !extra.is_empty() {
                    p.push('/');
                    push_token(&mut p, extra);
                }
                p
            };
            let schema_map = SCHEMA_MAPS.contains(&k.as_str()) || k == "dependencies";
            let n = match val {
                Value::Object(named) if schema_map => {
                    let mut o = Map::new();
                    for (name, s) in named {
                        let child = if k == "dependencies" && s.is_array() {
                            s.clone()
                        } else {
                            self.node(s, &at(name), depth + 1)?
                        };
                        o.insert(name.clone(), child);
                    }
                    Value::Object(o)
                }
                Value::Array(list) if SCHEMA_LISTS.contains(&k.as_str()) || k == "items" => {
                    let mut a = Vec::with_capacity(list.len());
                    for (i, s) in list.iter().enumerate() {
                        a.push(self.node(s, &at(&i.to_string()), depth + 1)?);
                    }
                    Value::Array(a)
                }
                s if SCHEMA_ONE.contains(&k.as_str()) => self.node(s, &at(""), depth + 1)?,
                other => other.clone(),
            };
            out.insert(k.clone(), n);
        }
        out.insert(ORIGIN.into(), Value::String(orig.to_string()));
        Ok(rewrite::simplify(out, self.opts))
    }
}

/// Move every origin out of the normal form into the pointer map.
fn take_origins(v: &mut Value, ptr: &mut String, out: &mut BTreeMap<String, String>, depth: usize) {
    if depth > MAX_NORMAL_DEPTH * 4 {
        return;
    }
    match v {
        Value::Object(m) => {
            if let Some(Value::String(o)) = m.remove(ORIGIN) {
                out.insert(ptr.clone(), o);
            }
            for (k, child) in m.iter_mut() {
                let len = ptr.len();
                ptr.push('/');
                push_token(ptr, k);
                take_origins(child, ptr, out, depth + 1);
                ptr.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter_mut().enumerate() {
                let len = ptr.len();
                ptr.push_str(&format!("/{i}"));
                take_origins(child, ptr, out, depth + 1);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

/// The value at a pointer of the original spelling, following `$ref`s met
/// on the way (an origin pointer continues through a reference).
pub fn at_origin<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut cur = deref(doc, doc);
    if pointer.is_empty() {
        return Some(cur);
    }
    for tok in pointer.strip_prefix('/')?.split('/') {
        let tok = unescape_token(tok);
        cur = match cur {
            Value::Object(m) => m.get(&tok)?,
            Value::Array(a) => a.get(tok.parse::<usize>().ok()?)?,
            _ => return None,
        };
        cur = deref(doc, cur);
    }
    Some(cur)
}

/// Follow a chain of plain references (annotations beside them only).
fn deref<'a>(root: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..crate::limits::MAX_REF_HOPS {
        let Some(m) = v.as_object() else { return v };
        let Some(r) = m.get("$ref").and_then(Value::as_str) else {
            return v;
        };
        if m.keys().any(|k| k != "$ref" && !is_annotation(k)) {
            return v;
        }
        match resolve_pointer(root, r) {
            Some(t) => v = t,
            None => return v,
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn n(v: Value) -> Normal {
        normalize(&v, Policy::Lenient)
    }

    #[test]
    fn spellings_of_a_nullable_reference_are_equal() {
        let a = n(json!({
            "$defs": {"Money": {"type": "object", "properties": {"amount": {"type": "number"}}}},
            "properties": {"price": {"oneOf": [{"$ref": "#/$defs/Money"}, {"type": "null"}]}}
        }));
        let b = n(json!({
            "definitions": {"Money": {"type": "object", "properties": {"amount": {"type": "number"}}}},
            "properties": {"price": {"anyOf": [{"type": "null"}, {"$ref": "#/definitions/Money"}]}}
        }));
        assert_eq!(a.value, b.value);
        assert_eq!(
            a.value["properties"]["price"],
            json!({"type": ["null", "object"], "properties": {"amount": {"type": "number"}}})
        );
    }

    #[test]
    fn origins_point_at_the_original_spelling() {
        let a = n(
            json!({"properties": {"x": {"oneOf": [{"type": "object", "properties": {"k": {"const": "a"}}, "required": ["k"]},
                                                         {"type": "object", "properties": {"k": {"const": "b"}}, "required": ["k"]}]}}}),
        );
        // Disjoint by discriminator: an anyOf, its branches in meaning order.
        assert!(a.value["properties"]["x"]["anyOf"].is_array());
        assert_eq!(
            a.origin("/properties/x/anyOf/1/properties/k"),
            "/properties/x/oneOf/1/properties/k"
        );
    }

    #[test]
    fn recursion_through_a_definition_is_kept() {
        let doc = json!({"$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}},
                         "$ref": "#/$defs/node"});
        let a = n(doc.clone());
        assert_eq!(
            a.value["properties"]["next"],
            json!({"$ref": "#/$defs/node"})
        );
        assert!(a.value.get("$defs").is_some());
    }

    #[test]
    fn unresolvable_documents_are_compared_as_written() {
        let doc = json!({"properties": {"a": {"$ref": "#/$defs/missing"}}});
        assert_eq!(n(doc.clone()).value, doc);
    }
}
