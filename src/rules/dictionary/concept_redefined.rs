//! `concept-redefined`: a property has a concept's name but defines its own
//! schema instead of `$ref: "concept:NAME"`. Also emits `concept-conflict`
//! when that definition disagrees with the dictionary.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::schema::resolve::inline_concepts;
use crate::workspace::Workspace;

use super::{describe, has_key, normalized, refs_concept, visit_properties};

pub static META: RuleMeta = RuleMeta {
    id: "concept-redefined",
    category: Category::Dictionary,
    severity: Severity::Warning,
    summary: "A property has a concept's name but defines its own (equal) schema instead of `$ref: \"concept:NAME\"`",
    docs: r##"## What it does
Reports a property whose name is a dictionary concept but which defines its
schema inline instead of referencing the concept, when the inline schema
means the same (annotations, key order and `type: [x]` vs `type: x` aside).
When it means something else, `concept-conflict` is reported instead.

## Why it matters
A copy agrees with the dictionary today and drifts tomorrow: when the owner
of `customer_id` changes it, the copies are not updated and not diffed.

## Example
```yaml
properties:
  customer_id: { type: string, format: uuid }   # same as the concept
```

## How to fix
Replace the inline definition with `customer_id: { $ref: "concept:customer_id" }`.
"##,
};

/// `concept-conflict`: found by the same walk as `concept-redefined`
/// (an inline definition of a concept's name that also disagrees).
pub static CONFLICT_META: RuleMeta = RuleMeta {
    id: "concept-conflict",
    category: Category::Dictionary,
    severity: Severity::Error,
    summary: "A property with a concept's name defines a schema that disagrees with the dictionary",
    docs: r##"## What it does
Reports a property whose name is a dictionary concept and whose inline
schema is not equivalent to the concept's (after dropping annotations,
sorting keys and reading `type: [x]` as `type: x`).

## Why it matters
This is the `user_id` incident before it happens: one event says integer,
the dictionary says UUID, and a consumer joining the two breaks.

## Example
```yaml
# dictionary: customer_id: { schema: { type: string, format: uuid } }
properties:
  customer_id: { type: integer }
```

## How to fix
Reference the concept (`$ref: "concept:customer_id"`). If the field really
is something else, give it another name.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let Some(dict) = &ws.dictionary else { return };
    for c in &ws.contracts {
        let mut found: Vec<(String, &str, &serde_json::Value)> = Vec::new();
        visit_properties(&c.contract.schema, &mut |ptr, name, schema| {
            if !has_key(schema, "$ref")
                && dict.concepts.contains_key(name)
                && !refs_concept(schema, name)
            {
                found.push((ptr.to_string(), name, schema));
            }
        });
        for (ptr, name, schema) in found {
            let Some(concept) = dict.concepts.get(name) else {
                continue;
            };
            let expected = inline_concepts(&concept.schema, &dict.concepts);
            let mine = inline_concepts(schema, &dict.concepts);
            let file = ws.contract_file(c);
            let pointer = format!("/schema{ptr}");
            let fix = format!("use `{name}: {{ $ref: \"concept:{name}\" }}`");
            if normalized(&mine) == normalized(&expected) {
                out.push(with_help(
                    finding_at(
                        &META,
                        file,
                        &pointer,
                        Some(&c.contract.event),
                        format!("`{name}` copies the dictionary concept `{name}` instead of referencing it"),
                    ),
                    fix,
                ));
            } else {
                out.push(with_help(
                    finding_at(
                        &CONFLICT_META,
                        file,
                        &pointer,
                        Some(&c.contract.event),
                        format!(
                            "`{name}` is defined here as `{}` but the dictionary concept `{name}` is `{}`",
                            describe(&mine),
                            describe(&expected)
                        ),
                    ),
                    fix,
                ));
            }
        }
    }
}
