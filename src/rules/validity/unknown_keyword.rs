//! `unknown-keyword`: a key of a contract's schema is no keyword of JSON
//! Schema 2020-12 but one edit away from one (`maxLenght`, `requried`):
//! a typo that the validator and the diff would silently ignore.

use serde_json::Value;

use crate::finding::{Finding, Severity};
use crate::limits::MAX_FIELD_DEPTH;
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;
use crate::yaml::escape_token;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-keyword",
    category: Category::Validity,
    severity: Severity::Warning,
    summary: "A schema key is no JSON Schema keyword but close to one (a typo such as `maxLenght`)",
    docs: r##"## What it does
Walks every schema of every contract (nested properties, items,
combinators, `$defs`) and reports each key that is not a keyword of JSON
Schema draft 2020-12 (nor of the older drafts' `definitions`,
`dependencies`, `additionalItems`) but is within a small edit distance of
one, naming the keyword meant. Keys far from every keyword (`x-internal`,
your own annotations) are allowed, as JSON Schema allows them.

## Why it matters
JSON Schema ignores keys it does not know. `maxLenght: 20` constrains
nothing, `requried: [id]` requires nothing, and the diff cannot see a change
to them: the contract says less than its author believes.

## Example
```yaml
schema:
  type: object
  requried: [order_id]          # did you mean `required`?
  properties:
    code: { type: string, maxLenght: 8 }
```

## How to fix
Spell the keyword as the specification does (the message names it).
"##,
};

/// The keywords of JSON Schema draft 2020-12, and the older drafts' few
/// still in common use.
pub const VOCABULARY: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "definitions",
    "$recursiveRef",
    "$recursiveAnchor",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependencies",
    "prefixItems",
    "items",
    "additionalItems",
    "contains",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// Keywords whose value is a map of schemas.
const MAP_OF_SCHEMAS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is a schema.
const ONE_SCHEMA: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
/// Keywords whose value is a list of schemas.
const LIST_OF_SCHEMAS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Every (pointer relative to the schema, key, suggested keyword).
pub fn typos(schema: &Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    walk(schema, &mut String::new(), 0, &mut out);
    out
}

fn walk(v: &Value, ptr: &mut String, depth: usize, out: &mut Vec<(String, String, String)>) {
    let Some(m) = v.as_object() else { return };
    if depth > MAX_FIELD_DEPTH {
        return;
    }
    let len = ptr.len();
    for (key, x) in m {
        let k = key.as_str();
        if !VOCABULARY.contains(&k) && !k.starts_with("x-") {
            if let Some(s) = crate::suggest::nearest(k, VOCABULARY.iter().copied()) {
                ptr.push('/');
                ptr.push_str(&escape_token(k));
                out.push((ptr.clone(), key.clone(), s));
                ptr.truncate(len);
            }
            continue;
        }
        ptr.push('/');
        ptr.push_str(&escape_token(k));
        if MAP_OF_SCHEMAS.contains(&k) {
            if let Value::Object(props) = x {
                let l2 = ptr.len();
                for (name, sub) in props {
                    ptr.push('/');
                    ptr.push_str(&escape_token(name));
                    walk(sub, ptr, depth + 1, out);
                    ptr.truncate(l2);
                }
            }
        } else if ONE_SCHEMA.contains(&k) {
            walk(x, ptr, depth + 1, out);
        } else if LIST_OF_SCHEMAS.contains(&k) || (k == "items" && x.is_array()) {
            if let Value::Array(a) = x {
                let l2 = ptr.len();
                for (i, sub) in a.iter().enumerate() {
                    ptr.push_str(&format!("/{i}"));
                    walk(sub, ptr, depth + 1, out);
                    ptr.truncate(l2);
                }
            }
        }
        ptr.truncate(len);
    }
}

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    for c in &ws.contracts {
        for (ptr, key, keyword) in typos(&c.contract.schema) {
            out.push(with_help(
                finding_at(
                    &META,
                    ws.contract_file(c),
                    &format!("/schema{ptr}"),
                    Some(&c.contract.event),
                    format!("`{key}` is no JSON Schema keyword (did you mean `{keyword}`?); it is ignored, so it constrains nothing and no change to it is seen"),
                ),
                format!("write `{keyword}`"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_found_where_schemas_are_and_nowhere_else() {
        let s = serde_json::json!({
            "type": "object",
            "requried": ["a"],
            "properties": {
                "maxLenght": {"type": "string", "maxLenght": 3},
                "b": {"type": "array", "items": {"propertes": {}}}
            },
            "enum": [{"requried": 1}],
            "x-note": "fine",
            "nullable": true
        });
        let t: Vec<String> = typos(&s)
            .into_iter()
            .map(|(p, _, k)| format!("{p}={k}"))
            .collect();
        assert_eq!(
            t,
            [
                "/requried=required",
                "/properties/maxLenght/maxLenght=maxLength",
                "/properties/b/items/propertes=properties"
            ]
        );
    }
}
