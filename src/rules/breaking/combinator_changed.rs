//! `combinator-changed`: `oneOf`/`anyOf`/`allOf` members or criterion changed
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "combinator-changed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "`oneOf`/`anyOf`/`allOf` members or criterion changed",
    docs: r##"## What it does
Reports a change to a combinator: members added or removed, the criterion changed (`oneOf` to `allOf`), or members that no longer match. Members are paired by a maximum matching of compatible pairs, so reordering is not a change; a plain schema that becomes a `oneOf` containing a compatible branch is a widening.

## Why it matters
Union types are where consumers hide their switch statements.

## Example
```yaml
payment: { oneOf: [ { $ref: "#/$defs/card" } ] }     # was oneOf [card, voucher]
```

## How to fix
Add members only under `backward`; remove them only with a major version bump.
"##,
};
