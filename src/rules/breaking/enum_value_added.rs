//! `enum-value-added`: enum values were added
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "enum-value-added",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "Enum values were added",
    docs: r##"## What it does
Reports an `enum` that gained values. Breaks `forward`: consumers on the previous schema reject the new value.

## Why it matters
A consumer with an exhaustive switch crashes on the new value.

## Example
```yaml
status: { enum: [PENDING, SHIPPED, RETURNED] }
```

## How to fix
Under `backward` this is allowed. Under `forward`/`full`, ship consumers that tolerate unknown values first.
"##,
};
