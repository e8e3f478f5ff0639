//! `type-narrowed`: a type was narrowed (e.g. number → integer)
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "type-narrowed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A type was narrowed (e.g. number → integer)",
    docs: r##"## What it does
Reports a type that now accepts fewer values: `number` to `integer`. Breaks `backward`: consumers on the new schema reject old events with fractional values.

## Why it matters
Events already written with `12.5` no longer validate.

## Example
```yaml
amount: { type: integer }      # was number
```

## How to fix
Keep the wider type, or bump the major version and migrate old data.
"##,
};
