//! `owner-mismatch`: the dictionary says another domain owns this event.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "owner-mismatch",
    category: Category::Ownership,
    severity: Severity::Error,
    summary: "The dictionary says another domain owns this event",
    docs: r##"## What it does
Compares a contract's `owner` with the `owner` of the same event in the
dictionary's `events`.

## Why it matters
Two sources of truth for ownership means nobody knows whom to ask; usually
a team copied another team's contract and is about to publish on its event.

## Example
```yaml
# dictionary.yaml: events: { OrderPlaced: { owner: sales } }
event: OrderPlaced
owner: inventory
```

## How to fix
Make the contract's `owner` match the dictionary, or change the dictionary
with the agreement of both domains (and add `co-owners` for shared events).
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let Some(dict) = &ws.dictionary else { return };
    for c in &ws.contracts {
        let (Some(owner), Some(ev)) = (&c.contract.owner, dict.event(&c.contract.event)) else {
            continue;
        };
        if let Some(expected) = ev.owner {
            if &expected != owner {
                out.push(with_help(
                    finding_at(
                        &META,
                        ws.contract_file(c),
                        "/owner",
                        Some(&c.contract.event),
                        format!(
                            "`{}` is owned by `{owner}` here but by `{expected}` in the dictionary",
                            c.contract.event
                        ),
                    ),
                    format!("set `owner: {expected}`, or change the dictionary with both domains' agreement"),
                ));
            }
        }
    }
}
