//! `unresolved-ref`: a `$ref` that cannot be resolved, or a cycle with no way out.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::schema::resolve::{check_refs, concept_cycles, RefProblem};
use crate::workspace::Workspace;
use crate::yaml::escape_token;

pub static META: RuleMeta = RuleMeta {
    id: "unresolved-ref",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "A `$ref` cannot be resolved, or references form a cycle with no way out",
    docs: r##"## What it does
Follows every local `$ref` (`#/$defs/x`, `#/definitions/x`, any JSON pointer)
and reports one that names nothing, or a chain of references that comes back
to itself without a schema in between (`a: {$ref: "#/$defs/b"}`,
`b: {$ref: "#/$defs/a"}`). Also reports dictionary concepts that reference
each other in a cycle. Recursive *structures* (a category whose
`subcategories` are categories) are fine.

## Why it matters
An unresolvable reference makes the schema mean nothing in some validators
and something else in others; a cycle with no way out accepts or rejects
everything depending on the tool.

## Example
```yaml
schema:
  properties:
    address: { $ref: "#/$defs/adress" }   # misspelt
  $defs:
    address: { type: object }
```

## How to fix
Correct the pointer (it is case-sensitive, `/`-separated, `~1` for `/`), or
break the cycle by giving one of the definitions real content.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    for c in &ws.contracts {
        for p in c.refs.problems.iter().cloned() {
            if let RefProblem::Unresolved {
                pointer,
                reference,
                why,
            } = p
            {
                out.push(with_help(
                    finding_at(
                        &META,
                        ws.contract_file(c),
                        &format!("/schema{pointer}"),
                        Some(&c.contract.event),
                        format!("`$ref: {reference}` cannot be resolved: {why}"),
                    ),
                    "point the reference at an existing definition under `$defs`",
                ));
            }
        }
    }
    if let (Some(d), Some(file)) = (&ws.dictionary, ws.dictionary_file()) {
        for (name, concept) in &d.concepts {
            for p in check_refs(&concept.schema, Some(&d.concepts)) {
                if let RefProblem::Unresolved {
                    pointer,
                    reference,
                    why,
                } = p
                {
                    out.push(finding_at(
                        &META,
                        file,
                        &format!("/concepts/{}/schema{pointer}", escape_token(name)),
                        None,
                        format!("concept `{name}`: `$ref: {reference}` cannot be resolved: {why}"),
                    ));
                }
            }
        }
        for cycle in concept_cycles(&d.concepts) {
            let first = &cycle[0];
            out.push(finding_at(
                &META,
                file,
                &format!("/concepts/{}/schema", escape_token(first)),
                None,
                format!(
                    "concepts reference each other in a cycle: {}",
                    cycle.join(" → ")
                ),
            ));
        }
    }
}
