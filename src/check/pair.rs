//! The main job, independent of where the two sides come from: lint the
//! new side, pair its contracts with the base side's by `event`, and turn
//! every difference into findings (schema changes under each contract's
//! mode, channel, mode weakening, versions, additions and removals).

use crate::finding::{Finding, Severity};
use crate::git::{Earlier, History};
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
}

fn concepts_of(
    ws: &Workspace,
) -> Option<&indexmap::IndexMap<String, crate::model::dictionary::Concept>> {
    ws.dictionary.as_ref().map(|d| &d.concepts)
}

/// The mode of a contract: its own, else the manifest's default.
pub fn mode_of(ws: &Workspace, c: &ContractEntry) -> Mode {
    c.contract
        .compatibility
        .unwrap_or_else(|| ws.manifest.default_mode())
}

/// Lint `head`, and when a base is given, compare the two.
pub fn run(head: &Workspace, base: Option<&Workspace>, history: &History) -> Paired {
    let mut findings = rules::lint(head);
    let mut changed = Vec::new();
    if let Some(base) = base {
        compare_sides(head, base, history, &mut findings, &mut changed);
    }
    Paired { findings, changed }
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
    out: &mut Vec<Finding>,
    changed: &mut Vec<String>,
) {
    let policy = head.manifest.policy();
    let new_by = head.by_event();
    let old_by = base.by_event();
    for (event, c1) in &new_by {
        match old_by.get(event) {
            None => {
                changed.push(event.to_string());
                out.push(change::event_added::finding(head, c1));
            }
            Some(c0) => {
                if compare_pair(head, base, c0, c1, policy, history.get(*event), out) {
                    changed.push(event.to_string());
                }
            }
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
    c0: &ContractEntry,
    c1: &ContractEntry,
    policy: Policy,
    earlier: Option<&Vec<Earlier>>,
    out: &mut Vec<Finding>,
) -> bool {
    let event = c1.contract.event.as_str();
    let new_file = head.contract_file(c1);
    let old_file = base.contract_file(c0);
    let mode = mode_of(head, c1);
    let old_mode = mode_of(base, c0);
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
            &c1.contract.consumers,
            against,
        )
    };
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
        mode,
        old_mode,
    };
    if let Some(f) = breaking::channel_changed::check(&pair) {
        changed = true;
        breaks_mode |= mode != Mode::None;
        out.push(f);
    }
    if let Some(f) = breaking::compatibility_weakened::check(&pair) {
        out.push(f);
    }
    changed |= mode != old_mode || c0.contract.version != c1.contract.version;
    out.extend(version::version_decreased::check(&pair));
    out.extend(version::version_not_bumped::check(
        &pair,
        schema_changed,
        breaks_mode,
    ));
    out.extend(version::major_version_required::check(&pair, breaks_mode));
    changed
}
