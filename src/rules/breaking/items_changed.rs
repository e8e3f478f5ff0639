//! `items-changed`: an array's items changed (all-items schema, tuple or additional items)
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "items-changed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "An array's items changed (all-items schema, tuple or additional items)",
    docs: r##"## What it does
Reports a change to an array's `items` that is not a change inside the item schema: an items schema added or removed, a tuple position (`prefixItems` or draft-07 `items: [...]`) added or removed, additional items allowed or forbidden. Changes *inside* an item schema are reported with their own kind, at their own pointer.

## Why it matters
An array's element shape is part of the payload: consumers iterate it.

## Example
```yaml
tags:
  type: array
  items: { type: string }      # was: no items schema
```

## How to fix
As for fields: add a new array field for the new element shape, or bump the major version.
"##,
};
