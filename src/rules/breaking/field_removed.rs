//! `field-removed`: a property disappeared
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "field-removed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A property disappeared",
    docs: r##"## What it does
Reports a property present at the base and gone now. Removing a *required* property breaks `forward` (consumers on the previous schema require it). Removing an optional one breaks nothing under `lenient`; under `confluent` it depends on the content model of the new object: removing it from an **open** object (no `additionalProperties: false`) is compatible, removing it from a **closed** object breaks `backward` (old events that carry it are rejected), and for a **partially open** object (`patternProperties` or an `additionalProperties` schema) the removed property is compared with the schema that now covers its name.

## Why it matters
A consumer that reads the field gets nothing, or (closed objects) rejects every old event.

## Example
```yaml
properties:
  order_id: { type: string }
  # coupon: { type: string }      <- removed
```

## How to fix
Deprecate first: make the field optional, tell the consumers listed in the finding, wait until none `uses` it, then remove it with a major version bump. On a closed object, open it (`additionalProperties: true`) in one release and remove the field in the next.
"##,
};
