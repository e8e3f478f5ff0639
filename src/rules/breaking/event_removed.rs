//! `event-removed`: a contract is gone (and was not renamed)
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "event-removed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "A contract is gone (and was not renamed)",
    docs: r##"## What it does
Reports a contract present at the base whose `event` no longer exists on the new side (a moved or renamed file keeps its `event`, so it is not a removal). An error when the contract had consumers, else a warning.

## Why it matters
Every consumer of a removed event stops receiving data, silently.

## Example
```yaml
# events/legacy-ping.yaml deleted
event: LegacyPing
consumers: [{ domain: monitoring }]
```

## How to fix
Agree the retirement with each consumer first; then accept it with a waiver in `contracts.yaml` naming the event and the reason.
"##,
};
