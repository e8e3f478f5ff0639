//! The rule catalog. A rule is one file: its docs (What it does / Why it
//! matters / Example / How to fix), its metadata and its check sit together.
//! `contract rules`, `contract explain`, SARIF rule descriptions and the
//! README all read that one text.
//!
//! Adding a rule touches its file, its fixture folder and one line in `ALL`
//! (and in `LINTS` when it checks the workspace).

pub mod breaking;
pub mod change;
pub mod compare;
pub mod config;
pub mod dictionary;
pub mod ownership;
pub mod validity;
pub mod version;

use crate::finding::Finding;
pub use crate::finding::{Category, RuleMeta};
use crate::model::Mode;
use crate::schema::diff::kinds::KINDS;
use crate::schema::diff::ChangeKind;
use crate::workspace::{ContractEntry, LoadedFile, Workspace};

/// One contract on both sides of a comparison, for the rules that compare
/// two versions of a contract (channel, mode, versions).
pub struct ContractPair<'a> {
    pub event: &'a str,
    pub old: &'a ContractEntry,
    pub new: &'a ContractEntry,
    pub old_file: &'a LoadedFile,
    pub new_file: &'a LoadedFile,
    /// The contract's mode now, and at the base.
    pub mode: Mode,
    pub old_mode: Mode,
    /// The mode the change is judged under: both modes joined, so a change
    /// that weakens the mode is still judged under the base's.
    pub judged: Mode,
}

impl ContractPair<'_> {
    /// Both versions, when both are semantic versions.
    pub fn versions(&self) -> Option<(semver::Version, semver::Version)> {
        Some((self.old.contract.semver()?, self.new.contract.semver()?))
    }

    /// A finding at `/version`, pointing at the base's version too.
    pub fn at_version(&self, meta: &RuleMeta, message: String) -> Finding {
        let mut f = finding_at(meta, self.new_file, "/version", Some(self.event), message);
        f.base = Some(self.old_file.location("/version"));
        f
    }
}

/// Every rule, in catalog order.
pub static ALL: &[&RuleMeta] = &[
    &validity::invalid_yaml::META,
    &validity::invalid_contract::META,
    &validity::invalid_schema::META,
    &validity::unknown_keyword::META,
    &validity::unknown_dialect::META,
    &validity::forbidden_ref::META,
    &validity::unresolved_ref::META,
    &validity::example_invalid::META,
    &validity::invalid_manifest::META,
    &validity::glob_matches_nothing::META,
    &validity::invalid_dictionary::META,
    &validity::unused_waiver::META,
    &validity::not_checked::META,
    &ownership::missing_owner::META,
    &ownership::unknown_domain::META,
    &ownership::owner_mismatch::META,
    &ownership::duplicate_event::META,
    &ownership::missing_contact::META,
    &ownership::uses_unknown_field::META,
    &dictionary::dictionary_missing::META,
    &dictionary::concept_redefined::META,
    &dictionary::concept_redefined::CONFLICT_META,
    &dictionary::shared_field_not_in_dictionary::META,
    &dictionary::shared_field_not_in_dictionary::CONFLICT_META,
    &dictionary::unknown_concept::META,
    &dictionary::unknown_event::META,
    &dictionary::required_fields_missing::META,
    &dictionary::unused_concept::META,
    &change::event_added::META,
    &KINDS[ChangeKind::FieldAdded as usize].meta,
    &compare::COMPATIBLE_META,
    &KINDS[ChangeKind::SchemaReshaped as usize].meta,
    &breaking::event_removed::META,
    &breaking::channel_changed::META,
    &KINDS[ChangeKind::FieldRemoved as usize].meta,
    &KINDS[ChangeKind::FieldTypeChanged as usize].meta,
    &KINDS[ChangeKind::TypeNarrowed as usize].meta,
    &KINDS[ChangeKind::TypeWidened as usize].meta,
    &KINDS[ChangeKind::RequiredAdded as usize].meta,
    &KINDS[ChangeKind::RequiredRemoved as usize].meta,
    &KINDS[ChangeKind::EnumValueRemoved as usize].meta,
    &KINDS[ChangeKind::EnumValueAdded as usize].meta,
    &KINDS[ChangeKind::ConstraintTightened as usize].meta,
    &KINDS[ChangeKind::ConstraintLoosened as usize].meta,
    &KINDS[ChangeKind::ConstraintChanged as usize].meta,
    &KINDS[ChangeKind::AdditionalPropertiesNarrowed as usize].meta,
    &KINDS[ChangeKind::AdditionalPropertiesWidened as usize].meta,
    &KINDS[ChangeKind::ItemsChanged as usize].meta,
    &KINDS[ChangeKind::CombinatorChanged as usize].meta,
    &KINDS[ChangeKind::ComparisonIncomplete as usize].meta,
    &breaking::compatibility_weakened::META,
    &version::version_not_bumped::META,
    &version::major_version_required::META,
    &version::version_decreased::META,
];

/// A workspace check.
pub type Lint = fn(&Workspace, &mut Vec<Finding>);

/// A workspace check that anchors its findings at a place the change
/// touched, when it has several places to choose from.
pub type ScopedLint = fn(&Workspace, &Scope<'_>, &mut Vec<Finding>);

/// What a check may know beyond the workspace.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    /// The files (indices into `Workspace::files`) whose content differs
    /// from the base; `None` without a base.
    pub touched: Option<&'a rustc_hash::FxHashSet<usize>>,
}

/// How a check is called.
#[derive(Clone, Copy)]
pub enum Check {
    Plain(Lint),
    Scoped(ScopedLint),
}

/// A workspace check and every rule it can report: when all of them are
/// `off`, the check is not run at all (nor is what only it needs built).
pub struct LintEntry {
    pub rules: &'static [&'static RuleMeta],
    pub check: Check,
    /// What it reports on a contract depends only on that contract, the
    /// manifest and the dictionary (and the rest only on those two): an
    /// unchanged contract under an unchanged manifest and dictionary gets
    /// the same findings on both sides of a diff.
    pub per_contract: bool,
}

const fn plain(rules: &'static [&'static RuleMeta], check: Lint) -> LintEntry {
    LintEntry {
        rules,
        check: Check::Plain(check),
        per_contract: true,
    }
}

/// A check that looks across contracts.
const fn across(rules: &'static [&'static RuleMeta], check: Lint) -> LintEntry {
    LintEntry {
        rules,
        check: Check::Plain(check),
        per_contract: false,
    }
}

/// The checks that run on one loaded workspace.
pub static LINTS: &[LintEntry] = &[
    plain(
        &[&validity::invalid_schema::META],
        validity::invalid_schema::check,
    ),
    plain(
        &[&validity::unknown_keyword::META],
        validity::unknown_keyword::check,
    ),
    plain(
        &[&validity::unknown_dialect::META],
        validity::unknown_dialect::check,
    ),
    plain(
        &[&validity::forbidden_ref::META],
        validity::forbidden_ref::check,
    ),
    plain(
        &[&validity::unresolved_ref::META],
        validity::unresolved_ref::check,
    ),
    plain(
        &[&validity::example_invalid::META],
        validity::example_invalid::check,
    ),
    plain(
        &[&validity::invalid_manifest::META],
        validity::invalid_manifest::check,
    ),
    plain(
        &[&ownership::missing_owner::META],
        ownership::missing_owner::check,
    ),
    plain(
        &[&ownership::unknown_domain::META],
        ownership::unknown_domain::check,
    ),
    plain(
        &[&ownership::owner_mismatch::META],
        ownership::owner_mismatch::check,
    ),
    across(
        &[&ownership::duplicate_event::META],
        ownership::duplicate_event::check,
    ),
    across(
        &[&ownership::missing_contact::META],
        ownership::missing_contact::check,
    ),
    plain(
        &[
            &dictionary::concept_redefined::META,
            &dictionary::concept_redefined::CONFLICT_META,
        ],
        dictionary::concept_redefined::check,
    ),
    LintEntry {
        rules: &[
            &dictionary::shared_field_not_in_dictionary::META,
            &dictionary::shared_field_not_in_dictionary::CONFLICT_META,
        ],
        check: Check::Scoped(dictionary::shared_field_not_in_dictionary::check),
        per_contract: false,
    },
    plain(
        &[&dictionary::unknown_concept::META],
        dictionary::unknown_concept::check,
    ),
    plain(
        &[&dictionary::unknown_event::META],
        dictionary::unknown_event::check,
    ),
    plain(
        &[&dictionary::required_fields_missing::META],
        dictionary::required_fields_missing::check,
    ),
    across(
        &[&dictionary::unused_concept::META],
        dictionary::unused_concept::check,
    ),
];

/// Is the rule `off` in this workspace's manifest?
pub fn is_off(ws: &Workspace, id: &str) -> bool {
    ws.manifest.rules.get(id).is_some_and(|s| s == "off")
}

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|r| r.id == id)
}

/// Build a finding on `file` at `pointer` (or its nearest existing parent).
pub fn finding_at(
    meta: &RuleMeta,
    file: &LoadedFile,
    pointer: &str,
    event: Option<&str>,
    message: String,
) -> Finding {
    let (span, indexed) = file.locate(pointer);
    finding_at_span(
        meta,
        &file.source.path,
        span,
        indexed,
        pointer,
        event,
        message,
    )
}

/// Build a finding on the file at `path`, at a known span.
pub fn finding_at_span(
    meta: &RuleMeta,
    path: &str,
    span: crate::source::Span,
    indexed: bool,
    pointer: &str,
    event: Option<&str>,
    message: String,
) -> Finding {
    let (line, column) = (span.start.line, span.start.col);
    let end = indexed.then_some((span.end.line, span.end.col));
    let mut f = Finding {
        rule: meta.id.to_string(),
        category: meta.category,
        severity: meta.severity,
        event: event.map(String::from),
        file: path.to_string(),
        file_bytes: None,
        line,
        column,
        pointer: pointer.to_string(),
        message,
        help: None,
        base: None,
        consumers: Vec::new(),
        fingerprint: String::new(),
        end,
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

/// The finding for a problem met while loading (the load records where).
pub fn load_finding(meta: &RuleMeta, p: &crate::workspace::LoadProblem) -> Finding {
    finding_at_span(
        meta,
        &p.file,
        p.span,
        p.indexed,
        &p.pointer,
        p.event.as_deref(),
        p.message.clone(),
    )
}

/// Attach advice to a finding.
pub fn with_help(mut f: Finding, help: impl Into<String>) -> Finding {
    f.help = Some(help.into());
    f
}

/// Run every workspace check (no base: nothing is "touched").
pub fn lint(ws: &Workspace) -> Vec<Finding> {
    lint_scoped(ws, &Scope::default())
}

/// Run every workspace check whose rules are not all `off`, after the
/// findings made while loading.
pub fn lint_scoped(ws: &Workspace, scope: &Scope<'_>) -> Vec<Finding> {
    let mut out: Vec<Finding> = ws.problems.iter().map(validity::load_problem).collect();
    out.extend(run_lints(ws, scope, &|_| true));
    out
}

/// Run the checks `which` selects (and whose rules are not all `off`).
pub fn run_lints(
    ws: &Workspace,
    scope: &Scope<'_>,
    which: &(dyn Fn(&LintEntry) -> bool + Sync),
) -> Vec<Finding> {
    use rayon::prelude::*;
    // The checks are independent: run them in parallel, keep catalog order.
    let per_check: Vec<Vec<Finding>> = LINTS
        .par_iter()
        .filter(|e| which(e) && !e.rules.iter().all(|r| is_off(ws, r.id)))
        .map(|e| {
            let mut v = Vec::new();
            crate::timing::stage(&format!("lint {}", e.rules[0].id), || match e.check {
                Check::Plain(check) => check(ws, &mut v),
                Check::Scoped(check) => check(ws, scope, &mut v),
            });
            v
        })
        .collect();
    per_check.into_iter().flatten().collect()
}

/// The section of a rule's docs under `## title`.
pub fn doc_section<'a>(meta: &'a RuleMeta, title: &str) -> Option<&'a str> {
    let head = format!("## {title}");
    let start = meta.docs.find(&head)? + head.len();
    let rest = &meta.docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_and_unique() {
        let mut ids = std::collections::HashSet::new();
        for r in ALL {
            assert!(ids.insert(r.id), "duplicate rule id {}", r.id);
            for s in ["What it does", "Why it matters", "Example", "How to fix"] {
                assert!(
                    doc_section(r, s).is_some_and(|t| !t.is_empty()),
                    "{} lacks the section {s}",
                    r.id
                );
            }
            assert!(!r.summary.is_empty());
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
        }
    }

    #[test]
    fn every_lint_names_its_rules_and_every_rule_is_known() {
        for e in LINTS {
            assert!(!e.rules.is_empty());
            for r in e.rules {
                assert!(find(r.id).is_some(), "{} is not in ALL", r.id);
            }
        }
    }

    #[test]
    fn every_change_kind_except_annotations_is_a_rule() {
        use crate::schema::diff::ChangeKind;
        for k in ChangeKind::ALL {
            if *k != ChangeKind::AnnotationChanged {
                assert!(find(k.id()).is_some(), "{} has no rule", k.id());
            }
        }
    }
}
