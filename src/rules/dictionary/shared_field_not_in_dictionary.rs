//! `shared-field-not-in-dictionary`: the same property name is defined
//! inline by two or more domains and the dictionary has no concept for it.
//! Also emits `shared-field-conflict` when the definitions disagree.
//!
//! One finding per shared name (per definition, when they conflict), with
//! every other place as a related location: the output grows linearly with
//! the number of places, never with their square.

use std::collections::{BTreeMap, BTreeSet};

use crate::finding::{Finding, Severity};
use crate::limits::MAX_QUOTED_SCHEMA_CHARS;
use crate::rules::{finding_at, with_help, Category, RuleMeta, Scope};
use crate::text::{capped_list, thousands};
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
owning domains, with no dictionary concept of that name, is reported once:
at a place the change touched when there is one (else the first place), with
every other place as a related location (listed in JSON and SARIF; the first
ten, then a count, in the other formats). When the definitions also
disagree, `shared-field-conflict` is reported instead, once per distinct
definition. The check is linear in the number of properties: no contract is
compared with another.

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
    /// The contract (its index in the workspace), which holds `schema`.
    contract: usize,
    file: usize,
    event: &'a str,
    schema: &'a serde_json::Value,
}

impl Place<'_> {
    /// The pointer of this definition in its contract's file: found when a
    /// finding names the place (most places are only counted).
    fn pointer(&self, ws: &Workspace) -> String {
        let mut found = None;
        visit_properties(
            &ws.contracts[self.contract].contract.schema,
            &mut |ptr, _, v| {
                if found.is_none() && std::ptr::eq(v, self.schema) {
                    found = Some(ptr.to_string());
                }
            },
        );
        format!("/schema{}", found.unwrap_or_default())
    }
}

/// A normalised definition for a message, cut at `MAX_QUOTED_SCHEMA_CHARS`.
fn quoted(shape: &str) -> String {
    let mut s: String = shape.chars().take(MAX_QUOTED_SCHEMA_CHARS).collect();
    if s.len() < shape.len() {
        s.push('…');
    }
    format!("`{s}`")
}

/// A fingerprint that names the shared field (and its definition), not
/// the place the finding is anchored at: the anchor follows the change.
fn subject_fingerprint(rule: &str, name: &str, shape: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [rule, "shared-field", name, shape] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn check(ws: &Workspace, scope: &Scope<'_>, out: &mut Vec<Finding>) {
    let concepts = ws.dictionary.as_ref().map(|d| &d.concepts);
    use rayon::prelude::*;
    // One pass over every property, in parallel over the contracts: linear
    // in their number. Each contract's inline definitions, in order...
    type Defined<'a> = Option<(&'a str, Vec<(&'a str, &'a serde_json::Value)>)>;
    let defined: Vec<Defined> = ws
        .contracts
        .par_iter()
        .map(|c| {
            let owner = c.contract.owner.as_deref()?;
            let mut defs = Vec::new();
            visit_properties(&c.contract.schema, &mut |_, name, schema| {
                if !has_key(schema, "$ref") && !concepts.is_some_and(|m| m.contains_key(name)) {
                    defs.push((name, schema));
                }
            });
            Some((owner, defs))
        })
        .collect();
    let each = || {
        defined
            .iter()
            .enumerate()
            .filter_map(|(i, d)| Some((i, d.as_ref()?)))
    };
    // ... then which names two or more domains define (no allocation for a
    // name seen in one contract). Normalising (the costly part) happens
    // only for names shared across domains.
    struct Seen<'a> {
        owner: &'a str,
        shared: bool,
        last: usize,
    }
    let mut seen: rustc_hash::FxHashMap<&str, Seen> = rustc_hash::FxHashMap::default();
    for (ci, (owner, defs)) in each() {
        for &(name, _) in defs {
            match seen.get_mut(name) {
                None => {
                    seen.insert(
                        name,
                        Seen {
                            owner,
                            shared: false,
                            last: ci,
                        },
                    );
                }
                Some(s) if s.last != ci => {
                    s.shared |= s.owner != *owner;
                    s.last = ci;
                }
                Some(_) => {}
            }
        }
    }
    let mut by_name: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    for (ci, (owner, defs)) in each() {
        let c = &ws.contracts[ci];
        for &(name, schema) in defs {
            if seen.get(name).is_some_and(|s| s.shared) {
                by_name.entry(name).or_default().push(Place {
                    domain: owner,
                    contract: ci,
                    file: c.file,
                    event: &c.contract.event,
                    schema,
                });
            }
        }
    }
    let touched = |p: &Place| scope.touched.is_some_and(|t| t.contains(&p.file));
    // Each shared name on its own, in parallel; findings in name order.
    let by_name: Vec<(&str, Vec<Place>)> = by_name.into_iter().collect();
    let found: Vec<Vec<Finding>> = by_name
        .par_iter()
        .map(|(name, places)| {
            let mut out = Vec::new();
            one_name(ws, name, places, &touched, &mut out);
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

/// The findings for one property name defined inline in several contracts.
fn one_name(
    ws: &Workspace,
    name: &str,
    places: &[Place],
    touched: &(dyn Fn(&Place) -> bool + Sync),
    out: &mut Vec<Finding>,
) {
    {
        let domains: BTreeSet<&str> = places.iter().map(|p| p.domain).collect();
        if domains.len() < 2 {
            return;
        }
        // The definitions, each with its places (in path order).
        let mut groups: BTreeMap<String, Vec<&Place>> = BTreeMap::new();
        for p in places {
            groups.entry(normalized(p.schema)).or_default().push(p);
        }
        let contracts = {
            let mut files: Vec<usize> = places.iter().map(|p| p.file).collect();
            files.dedup();
            files.len()
        };
        let help = format!(
            "add a `{name}` concept to the dictionary and use `$ref: \"concept:{name}\"` everywhere"
        );
        let all_domains: Vec<&str> = domains.iter().copied().collect();
        if groups.len() == 1 {
            let (shape, group) = groups.iter().next().expect("one group");
            let msg = format!(
                "`{name}` is defined inline {} time{} in {} contract{} of {} domains ({}), always as `{}`, and the dictionary has no concept for it",
                thousands(group.len()),
                if group.len() == 1 { "" } else { "s" },
                thousands(contracts),
                if contracts == 1 { "" } else { "s" },
                domains.len(),
                capped_list(&all_domains),
                describe(group[0].schema),
            );
            out.push(anchored(ws, &META, name, shape, group, touched, msg, &help));
            return;
        }
        // Conflicting: one finding per definition, naming the others.
        let described: Vec<(String, usize, &str)> = groups
            .iter()
            .map(|(shape, g)| (quoted(shape), g.len(), shape.as_str()))
            .collect();
        for (shape, group) in &groups {
            let mut group_domains: Vec<&str> = group.iter().map(|p| p.domain).collect();
            group_domains.sort_unstable();
            group_domains.dedup();
            let others: Vec<String> = described
                .iter()
                .filter(|(_, _, s)| s != shape)
                .map(|(d, n, _)| {
                    format!(
                        "{d} ({} place{})",
                        thousands(*n),
                        if *n == 1 { "" } else { "s" }
                    )
                })
                .collect();
            let msg = format!(
                "`{name}` is defined {} different ways across {} domains: as {} in {} place{} (domains {}); elsewhere as {}",
                groups.len(),
                domains.len(),
                quoted(shape),
                thousands(group.len()),
                if group.len() == 1 { "" } else { "s" },
                capped_list(&group_domains),
                capped_list(&others),
            );
            out.push(anchored(
                ws,
                &CONFLICT_META,
                name,
                shape,
                group,
                touched,
                msg,
                &help,
            ));
        }
    }
}

/// One finding for a group of places: anchored at the first place the
/// change touched (else the first place), the others related.
#[allow(clippy::too_many_arguments)]
fn anchored(
    ws: &Workspace,
    meta: &RuleMeta,
    name: &str,
    shape: &str,
    group: &[&Place],
    touched: &(dyn Fn(&Place) -> bool + Sync),
    msg: String,
    help: &str,
) -> Finding {
    let at = group.iter().position(|p| touched(p)).unwrap_or(0);
    let anchor = group[at];
    let mut f = with_help(
        finding_at(
            meta,
            ws.file(anchor.file),
            &anchor.pointer(ws),
            Some(anchor.event),
            msg,
        ),
        help,
    );
    // Only the places shown are located (the rest are counted).
    f.set_related_first(
        group
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .take(crate::limits::MAX_RELATED_LOCATIONS)
            .map(|(_, p)| ws.file(p.file).location(&p.pointer(ws)))
            .collect(),
        group.len() - 1,
    );
    f.fingerprint = subject_fingerprint(meta.id, name, shape);
    f
}

/// `shared-field-conflict`: a property shared across domains (no concept)
/// defined in ways that disagree; found by `check` above.
pub static CONFLICT_META: RuleMeta = RuleMeta {
    id: "shared-field-conflict",
    category: Category::Dictionary,
    severity: Severity::Error,
    summary:
        "A property defined inline by two or more domains, with no concept, is defined differently",
    docs: r##"## What it does
Like `shared-field-not-in-dictionary`, for a name whose inline definitions
are not all equivalent (after dropping annotations and normalising). One
finding per distinct definition: it quotes that definition, counts its
places and domains, names the other definitions, and lists every other
place of the same definition as a related location. It is anchored at a
place the change touched when there is one.

## Why it matters
`customer_id` defined in ten contracts three different ways: any consumer
that joins two of those events is already broken.

## Example
```yaml
# events/order-placed.yaml (sales)    customer_id: { type: string, format: uuid }
# events/invoice.yaml      (billing)  customer_id: { type: integer }
```

## How to fix
Agree on one definition, put it in the dictionary as a concept with an
owner, and reference it everywhere (a breaking change for the contracts
that were wrong: plan it with their consumers).
"##,
};
