//! `type-widened`: a type was widened (e.g. integer → number)
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "type-widened",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A type was widened (e.g. integer → number)",
    docs: r##"## What it does
Reports a type that now accepts more values: `integer` to `number`, or a type added to a type list. Breaks `forward`: consumers still on the previous schema reject new events.

## Why it matters
A consumer that parses `quantity` as an integer fails on `2.5`.

## Example
```yaml
quantity: { type: number }     # was integer
```

## How to fix
Under `backward` this is allowed. Under `forward`/`full`, upgrade consumers first or add a new field.
"##,
};
