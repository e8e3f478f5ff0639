//! `event-added`: a new contract

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, Category, RuleMeta};
use crate::workspace::{ContractEntry, Workspace};

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

/// The finding for a contract with no counterpart at the base.
pub fn finding(head: &Workspace, c: &ContractEntry) -> Finding {
    let event = c.contract.event.as_str();
    let consumers = c.contract.consumer_domains();
    let mut f = finding_at(
        &META,
        head.contract_file(c),
        "/event",
        Some(event),
        if consumers.is_empty() {
            format!("`{event}` is a new contract")
        } else {
            format!(
                "`{event}` is a new contract, consumed by {}",
                consumers.join(", ")
            )
        },
    );
    f.consumers = consumers;
    f
}
