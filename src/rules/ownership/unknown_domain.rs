//! `unknown-domain`: `owner`, a `co-owners` entry or a consumer's `domain`
//! (of a contract, or the owner of a dictionary concept or event) is not a
//! dictionary domain.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-domain",
    category: Category::Ownership,
    severity: Severity::Error,
    summary: "`owner`, a `co-owners` entry or a consumer's `domain` is not a dictionary domain",
    docs: r##"## What it does
Checks every domain a contract names (its `owner`, each of `co-owners`, each
consumer's `domain`) against the dictionary's `domains`, and so the
`owner` of each dictionary concept and dictionary event. Needs a dictionary.

## Why it matters
Domains are how the tool reaches people: contacts and GitHub handles come
from the dictionary. A misspelt or undeclared domain is a consumer nobody
will notify about a breaking change.

## Example
```yaml
owner: sales
consumers:
  - domain: shiping        # the dictionary says `shipping`
```

## How to fix
Use a domain declared under `domains:` in the dictionary, or declare the
new domain there with its team and contact.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let Some(dict) = &ws.dictionary else { return };
    for c in &ws.contracts {
        let file = ws.contract_file(c);
        let ev = Some(c.contract.event.as_str());
        let mut names: Vec<(String, &str, String)> = Vec::new();
        if let Some(o) = &c.contract.owner {
            names.push(("/owner".into(), o, "owner".into()));
        }
        for (i, o) in c.contract.co_owners.iter().enumerate() {
            names.push((format!("/co-owners/{i}"), o, "co-owner".into()));
        }
        for (i, cons) in c.contract.consumers.iter().enumerate() {
            names.push((
                format!("/consumers/{i}/domain"),
                &cons.domain,
                "consumer".into(),
            ));
        }
        for (ptr, name, role) in names {
            if !dict.has_domain(name) {
                let known: Vec<&str> = dict.domains.keys().map(String::as_str).collect();
                out.push(with_help(
                    finding_at(
                        &META,
                        file,
                        &ptr,
                        ev,
                        format!("{role} `{name}` is not a domain of the dictionary"),
                    ),
                    format!("known domains: {}", known.join(", ")),
                ));
            }
        }
    }
    let Some(file) = ws.dictionary_file() else {
        return;
    };
    let known: Vec<&str> = dict.domains.keys().map(String::as_str).collect();
    let entries = dict
        .concepts
        .iter()
        .map(|(n, c)| ("concepts", "concept", n, c.owner.as_deref()))
        .chain(dict.events.iter().map(|(n, e)| {
            (
                "events",
                "event",
                n,
                e.as_ref().and_then(|e| e.owner.as_deref()),
            )
        }));
    for (section, what, name, owner) in entries {
        let Some(owner) = owner.filter(|o| !o.trim().is_empty()) else {
            continue;
        };
        if !dict.has_domain(owner) {
            out.push(with_help(
                finding_at(
                    &META,
                    file,
                    &format!("/{section}/{}/owner", crate::yaml::escape_token(name)),
                    (section == "events").then_some(name.as_str()),
                    format!(
                        "the owner `{owner}` of the dictionary {what} `{name}` is not a domain of the dictionary{}",
                        crate::suggest::hint(owner, known.iter().copied())
                    ),
                ),
                format!("known domains: {}", known.join(", ")),
            ));
        }
    }
}
