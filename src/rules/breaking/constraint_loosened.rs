//! `constraint-loosened`: a constraint became looser
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "constraint-loosened",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A constraint became looser",
    docs: r##"## What it does
Reports a constraint that now accepts more values (the mirror of `constraint-tightened`). Breaks `forward`: consumers on the previous schema reject new values.

## Why it matters
A consumer sized for 12 characters receives 20.

## Example
```yaml
name: { type: string, maxLength: 20 }     # was 12
```

## How to fix
Under `backward` this is allowed. Under `forward`/`full`, upgrade consumers first.
"##,
};
