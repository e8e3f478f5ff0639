//! `unknown-concept`: `$ref: "concept:NAME"` names no concept.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::schema::resolve::RefProblem;
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-concept",
    category: Category::Dictionary,
    severity: Severity::Error,
    summary: "`$ref: \"concept:NAME\"` names no dictionary concept",
    docs: r##"## What it does
Reports every `$ref: "concept:NAME"` whose NAME is not under `concepts:`
in the dictionary.

## Why it matters
An unknown concept resolves to nothing: the field is effectively
unconstrained and every change to it goes unnoticed.

## Example
```yaml
properties:
  customer_id: { $ref: "concept:customerid" }
```

## How to fix
Use the concept's exact name, or add the concept (with an owner) to the dictionary.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let Some(dict) = &ws.dictionary else { return };
    for c in &ws.contracts {
        for p in c.refs.problems.iter().cloned() {
            if let RefProblem::UnknownConcept { pointer, name } = p {
                let known: Vec<&str> = dict.concepts.keys().map(String::as_str).collect();
                out.push(with_help(
                    finding_at(
                        &META,
                        ws.contract_file(c),
                        &format!("/schema{pointer}"),
                        Some(&c.contract.event),
                        format!("`concept:{name}` is not a concept of the dictionary"),
                    ),
                    format!("known concepts: {}", known.join(", ")),
                ));
            }
        }
    }
}
