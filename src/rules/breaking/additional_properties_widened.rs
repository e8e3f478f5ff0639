//! `additional-properties-widened`: `additionalProperties` was opened or widened
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "additional-properties-widened",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "`additionalProperties` was opened or widened",
    docs: r##"## What it does
Reports `additionalProperties` going from `false` to allowed, or losing its schema. Under `confluent` this breaks `forward`; under `lenient` nothing.

## Why it matters
Consumers on the previous, closed schema reject events with properties they do not know.

## Example
```yaml
additionalProperties: true      # was false
```

## How to fix
Upgrade consumers first, or accept the change under `lenient`.
"##,
};
