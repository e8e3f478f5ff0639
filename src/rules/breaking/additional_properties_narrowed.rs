//! `additional-properties-narrowed`: `additionalProperties` was closed or narrowed
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "additional-properties-narrowed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "`additionalProperties` was closed or narrowed",
    docs: r##"## What it does
Reports `additionalProperties` (or `unevaluatedProperties`) going from allowed to `false`, or gaining a schema. Under `confluent` this breaks `backward`: old events with undeclared properties are rejected. Under `lenient` it breaks nothing: producers emit only the properties they declare.

## Why it matters
With the registry's STRICT rules, closing a content model rejects data that was valid.

## Example
```yaml
additionalProperties: false     # was true
```

## How to fix
Close objects from their first version, or accept the change under `lenient`.
"##,
};
