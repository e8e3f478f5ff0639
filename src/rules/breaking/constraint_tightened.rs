//! `constraint-tightened`: a constraint became stricter
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "constraint-tightened",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A constraint became stricter",
    docs: r##"## What it does
Reports a constraint that now accepts fewer values: `maxLength`, `maximum`, `maxItems`, `maxProperties` lowered; `minLength`, `minimum`, `minItems`, `minProperties` raised; `multipleOf`, `pattern`, `uniqueItems`, `dependentRequired`, `not` added; `format` added under `lenient` (under `confluent` the registry ignores `format`: reported as a warning). Breaks `backward`.

## Why it matters
Old events that were valid become invalid for consumers on the new schema.

## Example
```yaml
name: { type: string, maxLength: 10 }     # was 12
```

## How to fix
Validate producers first and keep the old bound until old events have expired, or bump the major version.
"##,
};
