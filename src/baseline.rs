//! New vs existing: every finding of a check is classified against the
//! findings the same rules give at the base, matched by structural
//! fingerprint: `new`, `unchanged`, `updated` (same fingerprint, another
//! message or severity) or `absent` (at the base only: fixed).
//!
//! The base's findings cost little more than its loading: an unchanged
//! contract shares its parse with the new side, and, when the manifest and
//! the dictionary are unchanged too, its per-contract findings are the new
//! side's (so the per-contract checks run only on the changed contracts of
//! the base); only the checks across contracts run on the whole base.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::rules::{self, Scope};
use crate::workspace::Workspace;

pub use crate::baseline_state::State;

/// Does this finding count toward `--fail-on`? New and updated ones do,
/// and every one without a base; existing ones only with `existing_too`.
pub fn gates(f: &Finding, existing_too: bool) -> bool {
    existing_too || f.baseline.is_none_or(State::gates)
}

/// The findings of the workspace rules at the base, sharing the new side's
/// work: `head_findings` are the new side's lint findings (before
/// severities and waivers).
pub fn base_findings(
    head: &Workspace,
    base: &Workspace,
    head_findings: &[Finding],
) -> Vec<Finding> {
    let same = |a: Option<&crate::workspace::LoadedFile>,
                b: Option<&crate::workspace::LoadedFile>| {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => a.content_id.is_some() && a.content_id == b.content_id,
            _ => false,
        }
    };
    let shared_context = same(head.manifest_file(), base.manifest_file())
        && same(head.dictionary_file(), base.dictionary_file());
    let scope = Scope::default();
    if !shared_context {
        let mut out = loading_findings(base);
        out.extend(rules::run_lints(base, &scope, &|_| true));
        return out;
    }
    // What differs: the base's files whose content is not the new side's.
    let base_touched = base.touched_since(head);
    let changed_path: HashSet<&str> = base_touched
        .iter()
        .map(|&i| base.files[i].source.path.as_str())
        .collect();
    let head_touched = head.touched_since(base);
    let unchanged_path: HashSet<&str> = head
        .files
        .iter()
        .enumerate()
        .filter(|(i, _)| !head_touched.contains(i))
        .map(|(_, f)| f.source.path.as_str())
        .collect();
    // Checks across contracts: on the whole base.
    let mut out = rules::run_lints(base, &scope, &|e| !e.per_contract);
    // Loading and per-contract checks: on the changed files of the base...
    let view = Workspace {
        contracts: base
            .contracts
            .iter()
            .filter(|c| base_touched.contains(&c.file))
            .cloned()
            .collect(),
        ..base.clone()
    };
    out.extend(
        loading_findings(base)
            .into_iter()
            .chain(rules::run_lints(&view, &scope, &|e| e.per_contract))
            .filter(|f| changed_path.contains(f.file.as_str())),
    );
    // ... the new side's for everything else (the same input gives the same findings).
    let mut shared_rules: HashSet<&str> = rules::LINTS
        .iter()
        .filter(|e| e.per_contract)
        .flat_map(|e| e.rules.iter().map(|r| r.id))
        .collect();
    shared_rules.extend(LOADING_RULES);
    out.extend(
        head_findings
            .iter()
            .filter(|f| unchanged_path.contains(f.file.as_str()))
            .filter(|f| shared_rules.contains(f.rule.as_str()))
            .cloned(),
    );
    out
}

/// The findings made while loading a side.
fn loading_findings(ws: &Workspace) -> Vec<Finding> {
    ws.problems
        .iter()
        .map(rules::validity::load_problem)
        .collect()
}

/// The rules that report while a file is loaded.
const LOADING_RULES: &[&str] = &[
    "invalid-yaml",
    "invalid-contract",
    "invalid-manifest",
    "invalid-dictionary",
];

/// Classify the final `findings` (after severities and waivers) against
/// the base's raw findings, finished under the base's own manifest.
/// Returns the absent ones.
pub fn against_base(
    findings: &mut [Finding],
    base: &Workspace,
    base_raw: Vec<Finding>,
) -> Vec<Finding> {
    let base_final = crate::rules::config::finish(&base.manifest, base.manifest_file(), base_raw);
    classify(findings, base_final)
}

/// Mark each finding with its state against `base` (the base's findings,
/// after the same severities and waivers), and return the base's findings
/// that are gone (`absent`), sorted.
pub fn classify(findings: &mut [Finding], base: Vec<Finding>) -> Vec<Finding> {
    let mut by_fingerprint: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in base.iter().enumerate() {
        by_fingerprint
            .entry(f.fingerprint.clone())
            .or_default()
            .push(i);
    }
    let mut matched = vec![false; base.len()];
    // Exact matches first, so a finding that moved does not steal another's twin.
    let mut pending = Vec::new();
    for (i, f) in findings.iter_mut().enumerate() {
        let twins = by_fingerprint.get(&f.fingerprint);
        let exact = twins.and_then(|t| {
            t.iter()
                .copied()
                .find(|&j| !matched[j] && same_text(&base[j], f))
        });
        match exact {
            Some(j) => {
                matched[j] = true;
                f.baseline = Some(State::Unchanged);
            }
            None => pending.push(i),
        }
    }
    for i in pending {
        let f = &mut findings[i];
        let twin = by_fingerprint
            .get(&f.fingerprint)
            .and_then(|t| t.iter().copied().find(|&j| !matched[j]));
        f.baseline = Some(match twin {
            Some(j) => {
                matched[j] = true;
                State::Updated
            }
            None => State::New,
        });
    }
    let mut absent: Vec<Finding> = base
        .into_iter()
        .zip(matched)
        .filter(|(_, m)| !m)
        .map(|(mut f, _)| {
            f.baseline = Some(State::Absent);
            f
        })
        .collect();
    crate::finding::sort(&mut absent);
    absent
}

fn same_text(a: &Finding, b: &Finding) -> bool {
    a.message == b.message && a.severity == b.severity
}

/// Counts of the active (not waived) findings per state.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct StateCounts {
    pub new: usize,
    pub unchanged: usize,
    pub updated: usize,
    pub absent: usize,
}

pub fn state_counts(findings: &[Finding], absent: &[Finding]) -> StateCounts {
    let mut c = StateCounts {
        absent: absent.iter().filter(|f| f.waived.is_none()).count(),
        ..Default::default()
    };
    for f in findings.iter().filter(|f| f.waived.is_none()) {
        match f.baseline {
            Some(State::New) => c.new += 1,
            Some(State::Unchanged) => c.unchanged += 1,
            Some(State::Updated) => c.updated += 1,
            Some(State::Absent) => c.absent += 1,
            None => {}
        }
    }
    c
}

/// Is there an unwaived finding at or above `fail_on` that gates?
pub fn fails(findings: &[Finding], fail_on: Severity, existing_too: bool) -> bool {
    findings
        .iter()
        .any(|f| f.waived.is_none() && f.severity >= fail_on && gates(f, existing_too))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Category;

    fn f(rule: &str, pointer: &str, message: &str) -> Finding {
        let mut f = Finding {
            rule: rule.into(),
            category: Category::Validity,
            severity: Severity::Warning,
            event: Some("E".into()),
            file: "events/e.yaml".into(),
            file_bytes: None,
            line: 3,
            column: 5,
            pointer: pointer.into(),
            message: message.into(),
            help: None,
            base: None,
            consumers: Vec::new(),
            fingerprint: String::new(),
            end: None,
            waived: None,
            waived_until: None,
            change: None,
            related: Vec::new(),
            related_total: None,
            baseline: None,
        };
        f.compute_fingerprint();
        f
    }

    #[test]
    fn states_follow_the_fingerprint_and_the_text() {
        let mut now = vec![
            f("missing-owner", "/event", "no owner"),
            f("unknown-domain", "/owner", "owner `x` is not a domain"),
            f("unknown-event", "/event", "not in the dictionary"),
        ];
        let base = vec![
            f("missing-owner", "/event", "no owner"),
            f("unknown-domain", "/owner", "owner `y` is not a domain"),
            f(
                "owner-mismatch",
                "/owner",
                "owned by a, b in the dictionary",
            ),
        ];
        let absent = classify(&mut now, base);
        let states: Vec<State> = now.iter().map(|f| f.baseline.unwrap()).collect();
        assert_eq!(states, vec![State::Unchanged, State::Updated, State::New]);
        assert_eq!(absent.len(), 1);
        assert_eq!(absent[0].rule, "owner-mismatch");
        assert_eq!(absent[0].baseline, Some(State::Absent));
        // Only new and updated findings gate, unless existing ones do too.
        now[1].severity = Severity::Info;
        assert!(fails(&now, Severity::Warning, false));
        now[2].severity = Severity::Info;
        assert!(!fails(&now, Severity::Warning, false));
        assert!(fails(&now, Severity::Warning, true));
    }

    #[test]
    fn two_findings_with_one_fingerprint_match_one_to_one() {
        let mut now = vec![
            f("example-invalid", "/examples/0", "a"),
            f("example-invalid", "/examples/0", "b"),
        ];
        let base = vec![f("example-invalid", "/examples/0", "b")];
        let absent = classify(&mut now, base);
        assert!(absent.is_empty());
        assert_eq!(now[0].baseline, Some(State::New));
        assert_eq!(now[1].baseline, Some(State::Unchanged));
    }
}
