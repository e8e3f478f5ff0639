//! `version-decreased`: `version` went down
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "version-decreased",
    category: Category::Version,
    severity: Severity::Error,
    summary: "`version` went down",
    docs: r##"## What it does
Reports a contract whose version is lower than at the base.

## Why it matters
Versions only move forward; a lower one is usually a bad merge or a revert of someone else's change.

## Example
```yaml
version: 1.4.0      # was 2.0.0
```

## How to fix
Restore the base version and bump from there.
"##,
};
