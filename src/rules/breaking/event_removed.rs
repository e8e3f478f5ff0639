//! `event-removed`: a contract is gone (and was not renamed)

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::{ContractEntry, Workspace};

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

/// The finding for a contract of the base that is gone: an error when it
/// has consumers, else a warning.
pub fn finding(base: &Workspace, c: &ContractEntry) -> Finding {
    let event = c.contract.event.as_str();
    let file = base.contract_file(c);
    let consumers = c.contract.consumer_domains();
    let mut f = finding_at(
        &META,
        file,
        "",
        Some(event),
        if consumers.is_empty() {
            format!("`{event}` was removed ({} is gone)", file.source.path)
        } else {
            format!(
                "`{event}` was removed ({} is gone) and its consumers {} stop receiving it",
                file.source.path,
                consumers.join(", ")
            )
        },
    );
    if consumers.is_empty() {
        f.severity = Severity::Warning;
    }
    f.base = Some(file.location(""));
    f.consumers = consumers;
    with_help(
        f,
        "agree the retirement with every consumer, then waive this finding with the reason",
    )
}
