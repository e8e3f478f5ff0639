//! `enum-value-removed`: enum values were removed (or a `const` changed)
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "enum-value-removed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "Enum values were removed (or a `const` changed)",
    docs: r##"## What it does
Reports an `enum` that lost values, or a `const` that changed. Breaks `backward`: old events carrying the removed value are rejected.

## Why it matters
Consumers that switch on the value fail on events already in the topic.

## Example
```yaml
status: { enum: [PENDING, SHIPPED] }     # was [PENDING, SHIPPED, CANCELLED]
```

## How to fix
Keep the value and stop producing it; remove it in a major version once old events have expired.
"##,
};
