//! `uses-unknown-field`: a consumer's `uses` entry names no field of the
//! contract's schema (at head or at the base). Such a consumer is treated as
//! reading every field, so a misspelt entry cannot lower a break to a warning.

use std::collections::BTreeSet;

use serde_json::Value;

type Concepts = indexmap::IndexMap<String, crate::model::dictionary::Concept>;

use crate::finding::{Finding, Severity};
use crate::limits::MAX_FIELD_DEPTH;
use crate::model::contract::{Consumer, Contract};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::LoadedFile;

pub static META: RuleMeta = RuleMeta {
    id: "uses-unknown-field",
    category: Category::Ownership,
    severity: Severity::Warning,
    summary: "A consumer's `uses` entry names no field of the schema; that consumer is treated as reading every field",
    docs: r##"## What it does
Checks every entry of every consumer's `uses` list against the payload
fields of the contract's schema (dotted paths such as `items.quantity`,
through `properties`, array `items`, combinators and local `$ref`s), at head
and at the base: an entry that names a field on either side is known (so
removing a field a consumer reads is reported as the break it is, not as a
typo). An unknown entry is reported with the nearest field name; until it
is fixed, that consumer is treated as reading every field, so every break
reaches it as an error. Entries below a free-form object (one that declares
no properties) are accepted.

## Why it matters
`uses` lowers a break that no consumer reads to a warning. A typo
(`user_idd`) would silently make the real `user_id` unread: the break that
hurts that consumer would pass the gate.

## Example
```yaml
consumers:
  - domain: billing
    uses: [user_idd]       # the schema has `user_id`
```

## How to fix
Write the field as the schema names it (nested fields with dots:
`items.quantity`), or drop the entry.
"##,
};

/// The payload fields a schema declares, as dotted paths, and the paths
/// below which any name is possible (free-form objects, pattern properties,
/// references that cannot be followed).
#[derive(Debug, Default, Clone)]
pub struct Fields {
    pub names: BTreeSet<String>,
    open: BTreeSet<String>,
    with_children: BTreeSet<String>,
    objectish: BTreeSet<String>,
}

impl Fields {
    pub fn of(schema: &Value) -> Fields {
        Fields::with_concepts(schema, None)
    }

    /// The fields of a contract schema, `concept:NAME` references read
    /// from the dictionary's concepts where they stand (no copy of the
    /// resolved schema is made).
    pub fn with_concepts(schema: &Value, concepts: Option<&Concepts>) -> Fields {
        let mut f = Fields::default();
        let mut stack = Vec::new();
        let walker = Walker { concepts };
        walker.walk(schema, schema, "", 0, &mut stack, &mut f);
        f
    }

    /// Is this `uses` entry a field (or below a free-form one)?
    pub fn knows(&self, entry: &str) -> bool {
        let e = entry.trim();
        if self.names.contains(e) {
            return true;
        }
        let open = |p: &str| {
            self.open.contains(p) || (self.objectish.contains(p) && !self.with_children.contains(p))
        };
        if open("") {
            return true;
        }
        let mut prefix = String::new();
        for (i, seg) in e.split('.').enumerate() {
            if i > 0 {
                if open(&prefix) && self.names.contains(&prefix) {
                    return true;
                }
                prefix.push('.');
            }
            prefix.push_str(seg);
        }
        false
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Walks a schema for its fields, following `concept:` references.
struct Walker<'a> {
    concepts: Option<&'a Concepts>,
}

impl Walker<'_> {
    fn walk(
        &self,
        root: &Value,
        node: &Value,
        path: &str,
        depth: usize,
        stack: &mut Vec<String>,
        out: &mut Fields,
    ) {
        let obj = match node {
            Value::Object(o) => o,
            Value::Bool(true) => {
                out.objectish.insert(path.to_string());
                return;
            }
            _ => return,
        };
        if depth > MAX_FIELD_DEPTH {
            out.open.insert(path.to_string());
            return;
        }
        let types: Vec<&str> = match obj.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let untyped_ref = obj.contains_key("$ref");
        if (types.is_empty() && !untyped_ref && !has_subschemas(obj)) || types.contains(&"object") {
            out.objectish.insert(path.to_string());
        }
        if let Some(Value::String(r)) = obj.get("$ref") {
            let concept = crate::schema::resolve::concept_name(r)
                .and_then(|n| self.concepts?.get(n))
                .map(|c| &c.schema);
            if let Some(target) = concept {
                if !stack.contains(r) {
                    stack.push(r.clone());
                    self.walk(target, target, path, depth + 1, stack, out);
                    stack.pop();
                }
            }
            match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                _ if concept.is_some() => {}
                Some(target) if !stack.contains(r) => {
                    stack.push(r.clone());
                    self.walk(root, target, path, depth + 1, stack, out);
                    stack.pop();
                }
                Some(_) => {}
                None => {
                    out.open.insert(path.to_string());
                }
            }
        }
        if let Some(Value::Object(props)) = obj.get("properties") {
            if !props.is_empty() {
                out.with_children.insert(path.to_string());
            }
            for (k, v) in props {
                let p = join(path, k);
                out.names.insert(p.clone());
                self.walk(root, v, &p, depth + 1, stack, out);
            }
        }
        if obj.get("patternProperties").is_some_and(Value::is_object) {
            out.open.insert(path.to_string());
        }
        for key in ["items", "additionalItems", "contains", "if", "then", "else"] {
            if let Some(v) = obj.get(key) {
                if let Value::Array(a) = v {
                    for s in a {
                        self.walk(root, s, path, depth + 1, stack, out);
                    }
                } else {
                    self.walk(root, v, path, depth + 1, stack, out);
                }
            }
        }
        for key in ["prefixItems", "allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(a)) = obj.get(key) {
                for s in a {
                    self.walk(root, s, path, depth + 1, stack, out);
                }
            }
        }
        if let Some(Value::Object(m)) = obj.get("dependentSchemas") {
            for s in m.values() {
                self.walk(root, s, path, depth + 1, stack, out);
            }
        }
    }
}

fn has_subschemas(obj: &serde_json::Map<String, Value>) -> bool {
    [
        "allOf",
        "anyOf",
        "oneOf",
        "items",
        "prefixItems",
        "properties",
    ]
    .iter()
    .any(|k| obj.contains_key(*k))
}

/// `(consumer index, entry index)` of each `uses` entry known on no side.
pub fn unknown_entries(contract: &Contract, sides: &[&Fields]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (i, c) in contract.consumers.iter().enumerate() {
        for (j, u) in c.uses.iter().flatten().enumerate() {
            if !sides.iter().any(|f| f.knows(u)) {
                out.push((i, j));
            }
        }
    }
    out
}

/// The consumers as the comparison sees them: one with an unknown `uses`
/// entry reads every field.
pub fn effective_consumers(contract: &Contract, unknown: &[(usize, usize)]) -> Vec<Consumer> {
    let widened: BTreeSet<usize> = unknown.iter().map(|(i, _)| *i).collect();
    contract
        .consumers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut c = c.clone();
            if widened.contains(&i) {
                c.uses = None;
            }
            c
        })
        .collect()
}

/// The findings for the unknown entries of one contract.
pub fn findings(
    contract: &Contract,
    file: &LoadedFile,
    sides: &[&Fields],
    unknown: &[(usize, usize)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, j) in unknown {
        let c = &contract.consumers[*i];
        let Some(entry) = c.uses.as_ref().and_then(|u| u.get(*j)) else {
            continue;
        };
        let hint = crate::suggest::hint(
            entry.trim(),
            sides
                .iter()
                .flat_map(|f| f.names.iter().map(String::as_str)),
        );
        out.push(with_help(
            finding_at(
                &META,
                file,
                &format!("/consumers/{i}/uses/{j}"),
                Some(&contract.event),
                format!(
                    "consumer `{}` uses `{entry}`, which is no field of the schema of `{}`{hint}; until it is fixed, `{}` is treated as reading every field",
                    c.domain, contract.event, c.domain
                ),
            ),
            "name a field as the schema does (nested fields with dots, e.g. `items.quantity`)",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_follow_nesting_arrays_combinators_and_local_refs() {
        let s = serde_json::json!({
            "type": "object",
            "properties": {
                "user_id": {"type": "integer"},
                "items": {"type": "array", "items": {"type": "object", "properties": {"quantity": {"type": "integer"}}}},
                "meta": {"type": "object"},
                "addr": {"$ref": "#/$defs/addr"}
            },
            "allOf": [{"properties": {"extra": {}}}],
            "$defs": {"addr": {"type": "object", "properties": {"city": {"type": "string"}}}}
        });
        let f = Fields::of(&s);
        for known in [
            "user_id",
            "items",
            "items.quantity",
            "meta.anything",
            "addr.city",
            "extra",
        ] {
            assert!(f.knows(known), "{known}");
        }
        for unknown in ["user_idd", "items.qty", "user_id.x", "addr.town"] {
            assert!(!f.knows(unknown), "{unknown}");
        }
        assert!(Fields::of(&serde_json::json!({})).knows("whatever"));
    }
}
