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
    file: usize,
    event: &'a str,
    pointer: String,
    schema: &'a serde_json::Value,
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
    let touched = |p: &Place| scope.touched.is_some_and(|t| t.contains(&p.file));
    for (name, places) in by_name {
        let domains: BTreeSet<&str> = places.iter().map(|p| p.domain).collect();
        if domains.len() < 2 {
            continue;
        }
        // The definitions, each with its places (in path order).
        let mut groups: BTreeMap<String, Vec<&Place>> = BTreeMap::new();
        for p in &places {
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
            out.push(anchored(
                ws, &META, name, shape, group, &touched, msg, &help,
            ));
            continue;
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
                &touched,
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
    touched: &dyn Fn(&Place) -> bool,
    msg: String,
    help: &str,
) -> Finding {
    let at = group.iter().position(|p| touched(p)).unwrap_or(0);
    let anchor = group[at];
    let mut f = with_help(
        finding_at(
            meta,
            ws.file(anchor.file),
            &format!("/schema{}", anchor.pointer),
            Some(anchor.event),
            msg,
        ),
        help,
    );
    f.set_related(
        group
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, p)| ws.file(p.file).location(&format!("/schema{}", p.pointer)))
            .collect(),
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
