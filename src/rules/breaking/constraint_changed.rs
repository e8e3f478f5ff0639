//! `constraint-changed`: a constraint changed in a way that is neither stricter nor looser
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "constraint-changed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A constraint changed in a way that is neither stricter nor looser",
    docs: r##"## What it does
Reports a `pattern`, `format`, `multipleOf` or `dependentRequired` that changed so that neither version contains the other. Breaks both directions.

## Why it matters
Values valid under one version are invalid under the other, in both directions.

## Example
```yaml
sku: { type: string, pattern: "^P[0-9]{8}$" }     # was ^SKU-[0-9]+$
```

## How to fix
Introduce a new field with the new constraint, or bump the major version.
"##,
};
