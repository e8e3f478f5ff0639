//! The main job, independent of where the two sides come from: lint the
//! new side, pair its contracts with the base side's by `event`, and turn
//! every difference into findings (schema changes under each contract's
//! mode, channel, mode weakening, versions, additions and removals).

use crate::finding::{Finding, Severity};
use std::collections::BTreeMap;

use crate::git::{Earlier, History};
use crate::model::contract::Consumer;
use crate::model::{Mode, Policy};
use crate::rules::{self, breaking, change, compare, version, ContractPair};
use crate::schema::dialect::comparable;
use crate::schema::diff::{self, ChangeKind};
use crate::workspace::{ContractEntry, LoadedFile, Workspace};

/// What linting and comparing found.
pub struct Paired {
    pub findings: Vec<Finding>,
    /// Events that changed (added, removed or modified).
    pub changed: Vec<String>,
    /// The base's workspace findings (for new vs existing), when there is a base.
    pub base_findings: Option<Vec<Finding>>,
}

fn concepts_of(
    ws: &Workspace,
) -> Option<&indexmap::IndexMap<String, crate::model::dictionary::Concept>> {
    ws.dictionary.as_ref().map(|d| &d.concepts)
}

/// The contracts whose change is judged under a transitive mode (their own,
/// or the base's when the change weakens it), with their base path: the
/// ones whose earlier versions the check needs.
pub fn history_wanted(head: &Workspace, base: &Workspace) -> Vec<(String, String)> {
    let old_by = base.by_event();
    head.contracts
        .iter()
        .filter_map(|c| {
            let c0 = old_by.get(c.contract.event.as_str())?;
            mode_of(head, c)
                .join(mode_of(base, c0))
                .is_transitive()
                .then(|| {
                    (
                        c.contract.event.clone(),
                        base.contract_file(c0).source.path.clone(),
                    )
                })
        })
        .collect()
}

/// The mode of a contract: its own, else the manifest's default.
pub fn mode_of(ws: &Workspace, c: &ContractEntry) -> Mode {
    c.contract
        .compatibility
        .unwrap_or_else(|| ws.manifest.default_mode())
}

/// The consumers of each head contract as the comparison sees them (one
/// with an unknown `uses` entry reads every field), by event, and the
/// `uses-unknown-field` findings. Only contracts whose consumers declare
/// `uses` are walked.
fn consumers_seen(
    head: &Workspace,
    base: Option<&Workspace>,
    skip: &(dyn Fn(&ContractEntry) -> bool + Sync),
    out: &mut Vec<Finding>,
) -> BTreeMap<String, Vec<Consumer>> {
    use rules::ownership::uses_unknown_field as uuf;
    let old_by = base.map(|b| b.by_event()).unwrap_or_default();
    let same_dictionary =
        base.is_some_and(|b| same_file(head.dictionary_file(), b.dictionary_file()));
    use rayon::prelude::*;
    // Each contract on its own, in parallel; findings kept in contract order.
    // Per contract: its `uses-unknown-field` findings and the consumers as seen.
    type Seen = (Vec<Finding>, (String, Vec<Consumer>));
    let per_contract: Vec<Option<Seen>> = head
        .contracts
        .par_iter()
        .map(|c| {
            if skip(c) || !c.contract.consumers.iter().any(|x| x.uses.is_some()) {
                return None;
            }
            let new_fields = uuf::Fields::with_concepts(&c.contract.schema, concepts_of(head));
            let mut sides = vec![new_fields];
            if let (Some(b), Some(c0)) = (base, old_by.get(c.contract.event.as_str())) {
                // The same parse and the same dictionary give the same fields.
                let unchanged =
                    same_dictionary && std::sync::Arc::ptr_eq(&c0.contract, &c.contract);
                if !unchanged {
                    sides.push(uuf::Fields::with_concepts(
                        &c0.contract.schema,
                        concepts_of(b),
                    ));
                }
            }
            let refs: Vec<&uuf::Fields> = sides.iter().collect();
            let unknown = uuf::unknown_entries(&c.contract, &refs);
            if unknown.is_empty() {
                return None;
            }
            let found = uuf::findings(&c.contract, head.contract_file(c), &refs, &unknown);
            Some((
                found,
                (
                    c.contract.event.clone(),
                    uuf::effective_consumers(&c.contract, &unknown),
                ),
            ))
        })
        .collect();
    let mut seen = BTreeMap::new();
    for (found, (event, consumers)) in per_contract.into_iter().flatten() {
        out.extend(found);
        seen.insert(event, consumers);
    }
    seen
}

/// Two sides' versions of a file hold the same content.
fn same_file(
    a: Option<&crate::workspace::LoadedFile>,
    b: Option<&crate::workspace::LoadedFile>,
) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.content_id.is_some() && a.content_id == b.content_id,
        _ => false,
    }
}

/// Lint `head`, and when a base is given, compare the two.
pub fn run(head: &Workspace, base: Option<&Workspace>, history: &History) -> Paired {
    let touched = base.map(|b| head.touched_since(b));
    let mut findings = rules::lint_scoped(
        head,
        &rules::Scope {
            touched: touched.as_ref(),
        },
    );
    let mut changed = Vec::new();
    let seen = crate::timing::stage("uses lists", || {
        consumers_seen(head, base, &|_| false, &mut findings)
    });
    // The base's findings and the comparison are independent: run together.
    let at_base = |b: &Workspace| {
        crate::timing::stage("base findings", || {
            let mut at_base = crate::baseline::base_findings(head, b, &findings);
            // `uses` lists are checked beside the comparison, not as a lint:
            // the base's own findings, so an old unknown entry reads as
            // unchanged, not new. A contract with the same content under the
            // same dictionary has the same findings as on the new side.
            let context = same_file(head.dictionary_file(), b.dictionary_file());
            let new_by = head.by_event();
            let unchanged = |c: &ContractEntry| {
                context
                    && new_by
                        .get(c.contract.event.as_str())
                        .is_some_and(|n| std::sync::Arc::ptr_eq(&n.contract, &c.contract))
            };
            consumers_seen(b, None, &unchanged, &mut at_base);
            let kept: std::collections::HashSet<&str> = b
                .contracts
                .iter()
                .filter(|c| unchanged(c))
                .map(|c| b.contract_file(c).source.path.as_str())
                .collect();
            at_base.extend(
                findings
                    .iter()
                    .filter(|f| f.rule == "uses-unknown-field" && kept.contains(f.file.as_str()))
                    .cloned(),
            );
            at_base
        })
    };
    let compare = |b: &Workspace| {
        crate::timing::stage("compare", || {
            let mut found = Vec::new();
            let mut changed = Vec::new();
            compare_sides(head, b, history, &seen, &mut found, &mut changed);
            (found, changed)
        })
    };
    let (base_findings, compared) = match base {
        Some(b) => {
            let (at, cmp) = rayon::join(|| at_base(b), || compare(b));
            (Some(at), Some(cmp))
        }
        None => (None, None),
    };
    if let Some((found, was_changed)) = compared {
        findings.extend(found);
        changed = was_changed;
    }
    Paired {
        findings,
        changed,
        base_findings,
    }
}

/// How many contracts exist on both sides (and so were compared).
pub fn compared(head: &Workspace, base: &Workspace) -> usize {
    let old = base.by_event();
    head.by_event()
        .keys()
        .filter(|e| old.contains_key(*e))
        .count()
}

fn compare_sides(
    head: &Workspace,
    base: &Workspace,
    history: &History,
    seen: &BTreeMap<String, Vec<Consumer>>,
    out: &mut Vec<Finding>,
    changed: &mut Vec<String>,
) {
    use rayon::prelude::*;
    let policy = head.manifest.policy();
    let new_by = head.by_event();
    let old_by = base.by_event();
    // The pairs are independent: compared in parallel, kept in event order.
    let pairs: Vec<(&str, &ContractEntry)> = new_by.iter().map(|(e, c)| (*e, *c)).collect();
    let per_pair: Vec<(Vec<Finding>, bool)> = pairs
        .par_iter()
        .map(|&(event, c1)| {
            let mut found = Vec::new();
            let changed = match old_by.get(event) {
                None => {
                    found.push(change::event_added::finding(head, c1));
                    true
                }
                Some(c0) => compare_pair(
                    head,
                    base,
                    (c0, c1),
                    policy,
                    history.get(event),
                    seen.get(event).map(Vec::as_slice),
                    &mut found,
                ),
            };
            (found, changed)
        })
        .collect();
    for ((event, _), (found, was_changed)) in pairs.iter().zip(per_pair) {
        out.extend(found);
        if was_changed {
            changed.push(event.to_string());
        }
    }
    // Files that are still there but could not be read as contracts: their
    // events are not "removed" (the invalid-yaml/invalid-contract finding says why).
    let unreadable: std::collections::HashSet<&str> = {
        let loaded: std::collections::HashSet<&str> = head
            .contracts
            .iter()
            .map(|c| head.contract_file(c).source.path.as_str())
            .collect();
        head.contract_paths
            .iter()
            .map(String::as_str)
            .filter(|p| !loaded.contains(p))
            .collect()
    };
    for (event, c0) in &old_by {
        if new_by.contains_key(event)
            || unreadable.contains(base.contract_file(c0).source.path.as_str())
        {
            continue;
        }
        changed.push(event.to_string());
        out.push(breaking::event_removed::finding(base, c0));
    }
    changed.sort();
    changed.dedup();
}

/// Compare one contract across the two sides. Returns whether it changed.
fn compare_pair(
    head: &Workspace,
    base: &Workspace,
    (c0, c1): (&ContractEntry, &ContractEntry),
    policy: Policy,
    earlier: Option<&Vec<Earlier>>,
    seen_consumers: Option<&[Consumer]>,
    out: &mut Vec<Finding>,
) -> bool {
    let seen_consumers = seen_consumers.unwrap_or(&c1.contract.consumers);
    let event = c1.contract.event.as_str();
    let new_file = head.contract_file(c1);
    let old_file = base.contract_file(c0);
    let declared = mode_of(head, c1);
    let old_mode = mode_of(base, c0);
    // A change that weakens the mode is judged under both modes (the base's
    // promise still holds for this change), so weakening cannot launder a break.
    let mode = declared.join(old_mode);
    let mut changed = false;
    let new_dialect = head.manifest.dialect();

    let (old_concepts, new_concepts) = (concepts_of(base), concepts_of(head));
    // Unchanged unless the schema or a concept it uses changed.
    let concepts_changed = c1.refs.concepts.iter().any(|n| {
        old_concepts.and_then(|m| m.get(n)).map(|c| &c.schema)
            != new_concepts.and_then(|m| m.get(n)).map(|c| &c.schema)
    });
    // The same parse on both sides (an unchanged file) is the same schema.
    let same_schema = std::sync::Arc::ptr_eq(&c0.contract, &c1.contract)
        || c0.contract.schema == c1.contract.schema;
    let schema_unchanged = same_schema && !concepts_changed;
    let resolved_new = if schema_unchanged && !mode.is_transitive() {
        std::borrow::Cow::Borrowed(&c1.contract.schema)
    } else {
        c1.resolved(new_concepts)
    };
    let changes = if schema_unchanged {
        Vec::new()
    } else {
        diff::diff(
            &comparable(&c0.resolved(old_concepts), base.manifest.dialect()),
            &comparable(&resolved_new, new_dialect),
            policy,
        )
    };
    let schema_changed = changes
        .iter()
        .any(|c| c.kind != ChangeKind::AnnotationChanged);
    changed |= !changes.is_empty();
    let mut breaks_mode = changes.iter().any(|c| {
        if mode == Mode::None {
            c.breaks.any()
        } else {
            c.breaks.breaks_mode(mode)
        }
    });
    // Findings for the changes against one earlier side (the base, or an
    // older version for the transitive modes).
    let findings_against = |changes: &[diff::Change], old: &LoadedFile, against: Option<&str>| {
        compare::change_findings(
            changes,
            mode,
            policy,
            Some(event),
            compare::Side {
                file: new_file,
                prefix: "/schema",
            },
            compare::Side {
                file: old,
                prefix: "/schema",
            },
            seen_consumers,
            against,
        )
    };
    let first = out.len();
    out.extend(findings_against(&changes, old_file, None));

    // Transitive modes: every earlier version on the base branch, too.
    if mode.is_transitive() {
        let base_version = c0.contract.version.as_str();
        for e in earlier.into_iter().flatten() {
            if e.version == base_version {
                continue;
            }
            let changes = diff::diff(
                &comparable(&e.resolved, base.manifest.dialect()),
                &comparable(&resolved_new, new_dialect),
                policy,
            );
            let against = format!(
                "version {} at {}",
                e.version,
                &e.commit[..e.commit.len().min(12)]
            );
            let fs = findings_against(&changes, &e.file, Some(&against));
            for f in fs {
                if f.category == rules::Category::Breaking && f.severity >= Severity::Warning {
                    breaks_mode = true;
                    out.push(f);
                }
            }
        }
    }

    let pair = ContractPair {
        event,
        old: c0,
        new: c1,
        old_file,
        new_file,
        mode: declared,
        old_mode,
        judged: mode,
    };
    if let Some(f) = breaking::channel_changed::check(&pair) {
        changed = true;
        breaks_mode |= mode != Mode::None;
        out.push(f);
    }
    if !declared.covers(old_mode) {
        // The breaks of this change were judged under the base's mode: say so.
        for f in out[first..].iter_mut() {
            if f.category == rules::Category::Breaking && f.severity >= Severity::Warning {
                f.message.push_str(&format!(
                    " (judged under `{mode}`, the base's mode: this change weakens it to `{declared}`)"
                ));
            }
        }
    }
    if let Some(f) = breaking::compatibility_weakened::check(&pair, breaks_mode) {
        out.push(f);
    }
    changed |= declared != old_mode || c0.contract.version != c1.contract.version;
    out.extend(version::version_decreased::check(&pair));
    out.extend(version::version_not_bumped::check(
        &pair,
        schema_changed,
        breaks_mode,
    ));
    out.extend(version::major_version_required::check(&pair, breaks_mode));
    changed
}
