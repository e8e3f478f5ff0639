//! `field-added`: a new optional property
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "field-added",
    category: Category::Change,
    severity: Severity::Info,
    summary: "A new optional property",
    docs: r##"## What it does
Reports a property that the new schema adds as optional. Under the `lenient` policy it never breaks anything; under `confluent` adding a property to an *open* object (no `additionalProperties: false`) breaks `backward`, and the finding becomes an error named `field-added`. A compatible change that removes or alters a field a consumer lists in `uses` is a warning naming that consumer.

## Why it matters
`OrderPlaced` gaining an optional `discount_code` breaks nobody, but every consumer should hear of it before it ships: the report names them.

## Example
```yaml
properties:
  order_id: { type: string }
  discount_code: { type: string }     # new, optional
```

## How to fix
Nothing to fix under `lenient`. Under `confluent`, close the object (`additionalProperties: false`) in a previous version, or accept the change with a waiver.
"##,
};
