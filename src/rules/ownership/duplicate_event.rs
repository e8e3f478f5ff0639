//! `duplicate-event`: two contracts claim the same `event`.

use std::collections::BTreeMap;

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-event",
    category: Category::Ownership,
    severity: Severity::Error,
    summary: "Two contracts claim the same `event`",
    docs: r##"## What it does
Reports every contract whose `event` name is also claimed by another
contract file (the first by path is taken as the contract; the others are
reported).

## Why it matters
Contracts are matched across versions by their event name. Two files for
one event make every diff ambiguous and every consumer list incomplete.

## Example
```text
events/order-placed.yaml      event: OrderPlaced
events/legacy/order.yaml      event: OrderPlaced
```

## How to fix
Merge the two files, or rename one event if they really are different
business events (and add it to the dictionary).
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let mut by_event: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in ws.contracts.iter().enumerate() {
        by_event
            .entry(c.contract.event.as_str())
            .or_default()
            .push(i);
    }
    for (event, idxs) in by_event {
        if idxs.len() < 2 {
            continue;
        }
        let first = &ws.contracts[idxs[0]];
        let first_path = &ws.contract_file(first).source.path;
        for &i in &idxs[1..] {
            let c = &ws.contracts[i];
            out.push(with_help(
                finding_at(
                    &META,
                    ws.contract_file(c),
                    "/event",
                    Some(event),
                    format!("`{event}` is also claimed by {first_path}"),
                ),
                "keep one contract per event: merge the files or rename one event",
            ));
        }
    }
}
