//! `missing-owner`: the contract has no `owner`.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "missing-owner",
    category: Category::Ownership,
    severity: Severity::Error,
    summary: "The contract has no `owner`",
    docs: r##"## What it does
Reports a contract without an `owner` (the file schema keeps `owner`
optional so that this rule, with its advice, is what you see).

## Why it matters
An event nobody owns is an event nobody is accountable for: no one to ask
before depending on it, no one to approve a breaking change, no one to page
when it stops flowing.

## Example
```yaml
event: StockUpdated
version: 1.0.0
schema: { type: object }
```

## How to fix
Add `owner: <domain>` naming the producing domain from the dictionary's
`domains`, and `co-owners:` for joint accountability.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    for c in &ws.contracts {
        if c.contract
            .owner
            .as_deref()
            .is_none_or(|o| o.trim().is_empty())
        {
            out.push(with_help(
                finding_at(
                    &META,
                    ws.contract_file(c),
                    "/event",
                    Some(&c.contract.event),
                    format!("`{}` has no owner", c.contract.event),
                ),
                "add `owner: <domain>` naming the producing domain from the dictionary",
            ));
        }
    }
}
