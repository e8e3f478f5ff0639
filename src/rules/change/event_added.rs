//! `event-added`: a new contract
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "event-added",
    category: Category::Change,
    severity: Severity::Info,
    summary: "A new contract",
    docs: r##"## What it does
Reports a contract that exists on the new side and not at the base (matched by `event` name, so a renamed file is not new). The message lists the consumers that should hear of it.

## Why it matters
A new event is a new promise. Listing it in the pull-request report lets consumers and the dictionary's owners know before it ships.

## Example
```yaml
# new file events/refund-issued.yaml
event: RefundIssued
version: 1.0.0
```

## How to fix
Nothing to fix: it is information. Make sure the event is in the dictionary (`unknown-event`).
"##,
};
