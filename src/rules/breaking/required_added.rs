//! `required-added`: a property became required, or a new required property appeared
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "required-added",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A property became required, or a new required property appeared",
    docs: r##"## What it does
Reports a property that is required now and was not (or did not exist). Breaks `backward`: old events lack it. Under `confluent`, a new required property with a `default` is compatible (the registry fills defaults); under `lenient` it is not (validators do not).

## Why it matters
Consumers on the new schema reject every event written before the change.

## Example
```yaml
required: [order_id, channel_id]     # channel_id is new
```

## How to fix
Add the property as optional, make producers send it, and require it only in a later major version.
"##,
};
