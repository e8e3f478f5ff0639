//! `missing-owner`: a contract, a dictionary concept or a dictionary event
//! has no `owner`.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;
use crate::yaml::escape_token;

pub static META: RuleMeta = RuleMeta {
    id: "missing-owner",
    category: Category::Ownership,
    severity: Severity::Error,
    summary: "A contract, a dictionary concept or a dictionary event has no `owner`",
    docs: r##"## What it does
Reports a contract without an `owner` (the file schema keeps `owner`
optional so that this rule, with its advice, is what you see), and likewise
each concept and each event of the dictionary without one: the shared half
of joint accountability.

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
    let (Some(dict), Some(file)) = (&ws.dictionary, ws.dictionary_file()) else {
        return;
    };
    let blank = |o: Option<&str>| o.is_none_or(|o| o.trim().is_empty());
    for (name, concept) in &dict.concepts {
        if blank(concept.owner.as_deref()) {
            out.push(with_help(
                finding_at(
                    &META,
                    file,
                    &format!("/concepts/{}", escape_token(name)),
                    None,
                    format!("the dictionary concept `{name}` has no owner"),
                ),
                "add `owner: <domain>`: the domain that decides what the concept means",
            ));
        }
    }
    for (name, ev) in &dict.events {
        if blank(ev.as_ref().and_then(|e| e.owner.as_deref())) {
            out.push(with_help(
                finding_at(
                    &META,
                    file,
                    &format!("/events/{}", escape_token(name)),
                    Some(name),
                    format!("the dictionary event `{name}` has no owner"),
                ),
                "add `owner: <domain>` naming the producing domain",
            ));
        }
    }
}
