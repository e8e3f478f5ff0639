//! `unknown-event`: the contract's `event` is not in the dictionary.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-event",
    category: Category::Dictionary,
    severity: Severity::Warning,
    summary: "The contract's `event` is not in the dictionary",
    docs: r##"## What it does
Reports a contract whose `event` is not listed under the dictionary's `events`.

## Why it matters
The dictionary is where the organisation agrees on its business events. An
event outside it is often a typo (`OrderPlace`) or a new event nobody has
agreed to yet.

## Example
```yaml
event: OrderPlace      # the dictionary has OrderPlaced
```

## How to fix
Fix the name, or add the event to the dictionary with its owner and summary.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let Some(dict) = &ws.dictionary else { return };
    for c in &ws.contracts {
        if dict.event(&c.contract.event).is_none() {
            out.push(with_help(
                finding_at(
                    &META,
                    ws.contract_file(c),
                    "/event",
                    Some(&c.contract.event),
                    format!("`{}` is not an event of the dictionary", c.contract.event),
                ),
                "add it under `events:` in the dictionary, with its owner",
            ));
        }
    }
}
