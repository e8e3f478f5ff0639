//! The main job, independent of where the two sides come from: lint the
//! new side, pair its contracts with the base side's by `event`, and turn
//! every difference into findings (schema changes under each contract's
//! mode, channel, mode weakening, versions, additions and removals).

use crate::finding::{Finding, Severity};
use crate::git::{Earlier, History};
use crate::model::{Mode, Policy};
use crate::rules::{self, breaking, change, compare, finding_at, version, with_help};
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

/// The mode of a contract: its own, else the manifest's default.
pub fn mode_of(ws: &Workspace, c: &ContractEntry) -> Mode {
    c.contract
        .compatibility
        .unwrap_or_else(|| ws.manifest.default_mode())
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
    let base_findings = base.map(|b| {
        crate::timing::stage("base findings", || {
            crate::baseline::base_findings(head, b, &findings)
        })
    });
    if let Some(base) = base {
        compare_sides(head, base, history, &mut findings, &mut changed);
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
                let consumers = c1.contract.consumer_domains();
                let mut f = finding_at(
                    &change::event_added::META,
                    head.contract_file(c1),
                    "/event",
                    Some(event),
                    if consumers.is_empty() {
                        format!("`{event}` is a new contract")
                    } else {
                        format!(
                            "`{event}` is a new contract, consumed by {}",
                            consumers.join(", ")
                        )
                    },
                );
                f.consumers = consumers;
                out.push(f);
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
        let file = base.contract_file(c0);
        let consumers = c0.contract.consumer_domains();
        let severity = if consumers.is_empty() {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut f = finding_at(
            &breaking::event_removed::META,
            file,
            "",
            Some(event),
            if consumers.is_empty() {
                format!("`{event}` was removed ({} is gone)", file.source.path)
            } else {
                format!(
                    "`{event}` was removed ({} is gone) and its consumers {} stop receiving it",
                    file.source.path,
                    consumers.join(", ")
                )
            },
        );
        f.severity = severity;
        f.base = Some(file.location(""));
        f.consumers = consumers;
        out.push(with_help(
            f,
            "agree the retirement with every consumer, then waive this finding with the reason",
        ));
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
    let consumers = c1.contract.consumer_domains();
    let mut changed = false;

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
        diff::diff(&c0.resolved(old_concepts), &resolved_new, policy)
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
            let changes = diff::diff(&e.resolved, &resolved_new, policy);
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

    // Channel.
    let channel_changed = c0.contract.channel != c1.contract.channel;
    if channel_changed {
        changed = true;
        let show = |c: &Option<String>| c.clone().unwrap_or_else(|| "(none)".into());
        let mut f = finding_at(
            &breaking::channel_changed::META,
            new_file,
            "/channel",
            Some(event),
            format!(
                "the channel changed from `{}` to `{}`: consumers subscribed to the old channel stop receiving `{event}`",
                show(&c0.contract.channel),
                show(&c1.contract.channel)
            ),
        );
        if mode == Mode::None {
            f.severity = Severity::Info;
        } else {
            breaks_mode = true;
        }
        f.base = Some(old_file.location("/channel"));
        f.consumers = consumers.clone();
        out.push(with_help(f, "publish to both channels while consumers move, then drop the old one in a major version"));
    }

    // Mode weakened.
    if !mode.covers(old_mode) {
        changed = true;
        let mut f = finding_at(
            &breaking::compatibility_weakened::META,
            new_file,
            "/compatibility",
            Some(event),
            format!("the compatibility mode was weakened from `{old_mode}` to `{mode}`; the owner of `{event}` must agree"),
        );
        f.base = Some(old_file.location("/compatibility"));
        f.consumers = consumers.clone();
        out.push(f);
    } else if mode != old_mode {
        changed = true;
    }

    // Versions.
    let (v0, v1) = (c0.contract.semver(), c1.contract.semver());
    if c0.contract.version != c1.contract.version {
        changed = true;
    }
    if let (Some(v0), Some(v1)) = (v0, v1) {
        let at = |meta, msg: String| {
            let mut f = finding_at(meta, new_file, "/version", Some(event), msg);
            f.base = Some(old_file.location("/version"));
            f
        };
        if v1 < v0 {
            out.push(with_help(
                at(
                    &version::version_decreased::META,
                    format!("the version went down from {v0} to {v1}"),
                ),
                format!("restore {v0} and bump from there"),
            ));
        } else if (schema_changed || channel_changed) && v1 == v0 {
            out.push(with_help(
                at(
                    &version::version_not_bumped::META,
                    format!(
                        "the {} changed but the version is still {v0}",
                        if schema_changed { "schema" } else { "channel" }
                    ),
                ),
                if breaks_mode {
                    format!("bump the major version: {}.0.0", v0.major + 1)
                } else {
                    format!("bump the minor version: {}.{}.0", v0.major, v0.minor + 1)
                },
            ));
        }
        if breaks_mode && v1.major <= v0.major && v1 != v0 {
            out.push(with_help(
                at(
                    &version::major_version_required::META,
                    format!(
                        "a change breaks `{mode}` but the version went from {v0} to {v1}, not to a new major version"
                    ),
                ),
                format!("bump to {}.0.0 and plan the migration with the consumers", v0.major + 1),
            ));
        }
    }
    changed
}
