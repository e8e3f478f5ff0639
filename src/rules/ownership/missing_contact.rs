//! `missing-contact`: a domain that owns or consumes something has no `contact`.

use std::collections::BTreeSet;

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;
use crate::yaml::escape_token;

pub static META: RuleMeta = RuleMeta {
    id: "missing-contact",
    category: Category::Ownership,
    severity: Severity::Warning,
    summary: "A domain that owns or consumes something has no `contact`",
    docs: r##"## What it does
Reports each dictionary domain that owns, co-owns or consumes at least one
event but has no `contact`.

## Why it matters
The point of knowing who consumes an event is being able to tell them
before a change ships. Without a contact, the notification has nowhere to go.

## Example
```yaml
domains:
  shipping: { team: Shipping }     # consumes OrderPlaced, no contact
```

## How to fix
Add `contact:` (a mailing list or channel) and, for pull-request mentions,
`github: "@org/team"`.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let (Some(dict), Some(file)) = (&ws.dictionary, ws.dictionary_file()) else {
        return;
    };
    let mut active: BTreeSet<&str> = BTreeSet::new();
    for c in &ws.contracts {
        active.extend(c.contract.owner.as_deref());
        active.extend(c.contract.co_owners.iter().map(String::as_str));
        active.extend(c.contract.consumers.iter().map(|x| x.domain.as_str()));
    }
    for name in active {
        if let Some(d) = dict.domain(name) {
            if d.contact.as_deref().is_none_or(|c| c.trim().is_empty()) {
                out.push(with_help(
                    finding_at(
                        &META,
                        file,
                        &format!("/domains/{}", escape_token(name)),
                        None,
                        format!("domain `{name}` owns or consumes events but has no contact"),
                    ),
                    "add `contact:` (and `github:` for pull-request mentions)",
                ));
            }
        }
    }
}
