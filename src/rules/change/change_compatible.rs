//! `change-compatible`: any other change that the contract's mode allows
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "change-compatible",
    category: Category::Change,
    severity: Severity::Info,
    summary: "Any other change that the contract's mode allows",
    docs: r##"## What it does
Reports every other schema change that does not break the contract's mode: a constraint loosened under `backward`, an enum value added, a description changed. The message says which kind of change it is (the kind ids of `contract rules`).

## Why it matters
Compatible changes still change what consumers see. Listing them keeps the pull-request report complete and the consumers informed.

## Example
```yaml
quantity: { type: integer, maximum: 100 }   # was maximum: 10
```

## How to fix
Nothing to fix: it is information.
"##,
};
