//! `schema-reshaped`: a schema spelled differently with the same meaning
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "schema-reshaped",
    category: Category::Change,
    severity: Severity::Info,
    summary: "A schema was spelled differently, with the same meaning",
    docs: r##"## What it does
Reports a place where the schema was rewritten without changing which events it accepts: a `type` list spelled as a `oneOf` of single-type branches, a nullable field spelled `anyOf: [X, {type: null}]` instead of `type: [..., "null"]`, union members reordered, merged or moved behind a `$ref`, `definitions` renamed to `$defs`, an object split into `allOf: [{$ref: Common}, {...}]` with the same fields. Both versions are brought to one normal form before they are compared; where the normal forms agree but the spellings differ, this is the one change reported (never a break).

## Why it matters
A rewrite that keeps the meaning must not fail the gate: a gate that cries wolf gets waived by reflex. But it still changes what readers of the schema see, so reviewers are told, with both spellings.

## Example
```yaml
amount: { oneOf: [ { type: integer }, { type: string } ] }   # was type: [string, integer]
```

## How to fix
Nothing to fix: it is information. Check that the rewrite was meant to keep the meaning.
"##,
};
