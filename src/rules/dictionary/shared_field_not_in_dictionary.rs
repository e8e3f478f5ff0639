//! `shared-field-not-in-dictionary`: the same property name is defined
//! inline by two or more domains and the dictionary has no concept for it.
//! Also emits `shared-field-conflict` when the definitions disagree.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

use super::{describe, has_key, normalized, visit_properties};

pub static META: RuleMeta = RuleMeta {
    id: "shared-field-not-in-dictionary",
    category: Category::Dictionary,
    severity: Severity::Warning,
    summary:
        "The same property is defined inline by two or more domains, with no dictionary concept",
    docs: r##"## What it does
Collects every inline property definition (nested ones included) across
all contracts, grouped by name. A name defined by contracts of two or more
owning domains, with no dictionary concept of that name, is reported at
every place, and the message lists them all. When the definitions also
disagree, `shared-field-conflict` is reported instead. The check is linear
in the number of properties: no contract is compared with another.

## Why it matters
A field that crosses domains is a shared concept whether or not anyone
wrote it down; until it is in the dictionary it has no owner, and the
copies drift apart.

## Example
```yaml
# events/order-placed.yaml (sales)       order_id: { type: string, format: uuid }
# events/shipment.yaml     (shipping)    order_id: { type: string, format: uuid }
```

## How to fix
Add a concept to the dictionary with the owning domain, and reference it
from every contract: `order_id: { $ref: "concept:order_id" }`.
"##,
};

/// One inline definition of a property name.
struct Place<'a> {
    domain: &'a str,
    file: usize,
    event: &'a str,
    pointer: String,
    schema: &'a serde_json::Value,
}

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let concepts = ws.dictionary.as_ref().map(|d| &d.concepts);
    // One pass over every property: linear in their number. Normalising
    // (the costly part) happens only for names shared across domains.
    // First pass: which names are defined by two or more domains, and in
    // which contracts (no allocation for a name seen once).
    struct Seen<'a> {
        owner: &'a str,
        shared: bool,
        first: usize,
        more: Vec<usize>,
    }
    let mut seen: rustc_hash::FxHashMap<&str, Seen> = rustc_hash::FxHashMap::default();
    for (ci, c) in ws.contracts.iter().enumerate() {
        let Some(owner) = c.contract.owner.as_deref() else {
            continue;
        };
        visit_properties(&c.contract.schema, &mut |_, name, schema| {
            if has_key(schema, "$ref") || concepts.is_some_and(|m| m.contains_key(name)) {
                return;
            }
            match seen.get_mut(name) {
                None => {
                    seen.insert(
                        name,
                        Seen {
                            owner,
                            shared: false,
                            first: ci,
                            more: Vec::new(),
                        },
                    );
                }
                Some(s) => {
                    s.shared |= s.owner != owner;
                    if s.more.last() != Some(&ci) && s.first != ci {
                        s.more.push(ci);
                    }
                }
            }
        });
    }
    // Second pass: only the contracts that define a shared name.
    let mut shared_in: Vec<usize> = seen
        .values()
        .filter(|s| s.shared)
        .flat_map(|s| std::iter::once(s.first).chain(s.more.iter().copied()))
        .collect();
    shared_in.sort_unstable();
    shared_in.dedup();
    let mut by_name: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    for ci in shared_in {
        let c = &ws.contracts[ci];
        let Some(owner) = c.contract.owner.as_deref() else {
            continue;
        };
        visit_properties(&c.contract.schema, &mut |ptr, name, schema| {
            if seen.get(name).is_some_and(|s| s.shared) && !has_key(schema, "$ref") {
                by_name.entry(name).or_default().push(Place {
                    domain: owner,
                    file: c.file,
                    event: &c.contract.event,
                    pointer: ptr.to_string(),
                    schema,
                });
            }
        });
    }
    for (name, places) in by_name {
        let domains: BTreeSet<&str> = places.iter().map(|p| p.domain).collect();
        if domains.len() < 2 {
            continue;
        }
        let norms: Vec<String> = places.iter().map(|p| normalized(p.schema)).collect();
        let shapes: BTreeSet<&str> = norms.iter().map(String::as_str).collect();
        let list: Vec<String> = places
            .iter()
            .map(|p| {
                format!(
                    "{} ({}, {})",
                    ws.file(p.file).source.path,
                    p.domain,
                    describe(p.schema)
                )
            })
            .collect();
        let conflict = shapes.len() > 1;
        for p in &places {
            let (meta, msg) = if conflict {
                (
                    &super::shared_field_conflict::META,
                    format!(
                        "`{name}` is defined {} different ways across {} domains: {}",
                        shapes.len(),
                        domains.len(),
                        list.join("; ")
                    ),
                )
            } else {
                (
                    &META,
                    format!(
                        "`{name}` is defined in {} contracts of {} domains and the dictionary has no concept for it: {}",
                        places.len(),
                        domains.len(),
                        list.join("; ")
                    ),
                )
            };
            out.push(with_help(
                finding_at(meta, ws.file(p.file), &format!("/schema{}", p.pointer), Some(p.event), msg),
                format!("add a `{name}` concept to the dictionary and use `$ref: \"concept:{name}\"` everywhere"),
            ));
        }
    }
}
