//! `field-type-changed`: a property's type changed
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "field-type-changed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A property's type changed",
    docs: r##"## What it does
Reports a property whose type changed so that neither type set contains the other: `integer` to `string`, `object` to `array`, a plain schema to an incompatible `oneOf`. Breaks both directions.

## Why it matters
The classic incident: `user_id` goes from integer to UUID and every consumer's parser fails.

## Example
```yaml
user_id: { type: string, format: uuid }     # was { type: integer }
```

## How to fix
Add a new field with the new type (`user_uuid`), publish both, migrate consumers, then remove the old one with a major version bump.
"##,
};
