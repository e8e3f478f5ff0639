//! `required-removed`: a required property became optional
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "required-removed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A required property became optional",
    docs: r##"## What it does
Reports a property that was required and is optional now. Breaks `forward`: consumers on the previous schema still require it.

## Why it matters
New events may omit the field, and old consumers reject them.

## Example
```yaml
required: [order_id]      # was [order_id, customer_id]
```

## How to fix
Keep producing the field until every consumer has moved to the new version.
"##,
};
