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

pub use crate::finding::Category;
use crate::finding::{Finding, Severity};
use crate::model::Mode;
use crate::workspace::{ContractEntry, LoadedFile, Workspace};

/// A rule's metadata and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub summary: &'static str,
    /// Markdown with the sections What it does, Why it matters, Example,
    /// How to fix.
    pub docs: &'static str,
}

/// A workspace check.
pub type Lint = fn(&Workspace, &mut Vec<Finding>);

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
    &dictionary::shared_field_conflict::META,
    &dictionary::unknown_concept::META,
    &dictionary::unknown_event::META,
    &dictionary::required_fields_missing::META,
    &dictionary::unused_concept::META,
    &change::event_added::META,
    &change::field_added::META,
    &change::change_compatible::META,
    &breaking::event_removed::META,
    &breaking::channel_changed::META,
    &breaking::field_removed::META,
    &breaking::field_type_changed::META,
    &breaking::type_narrowed::META,
    &breaking::type_widened::META,
    &breaking::required_added::META,
    &breaking::required_removed::META,
    &breaking::enum_value_removed::META,
    &breaking::enum_value_added::META,
    &breaking::constraint_tightened::META,
    &breaking::constraint_loosened::META,
    &breaking::constraint_changed::META,
    &breaking::additional_properties_narrowed::META,
    &breaking::additional_properties_widened::META,
    &breaking::items_changed::META,
    &breaking::combinator_changed::META,
    &breaking::comparison_incomplete::META,
    &breaking::compatibility_weakened::META,
    &version::version_not_bumped::META,
    &version::major_version_required::META,
    &version::version_decreased::META,
];

/// The checks that run on one loaded workspace.
pub static LINTS: &[Lint] = &[
    validity::invalid_schema::check,
    validity::unknown_keyword::check,
    validity::unknown_dialect::check,
    validity::forbidden_ref::check,
    validity::unresolved_ref::check,
    validity::example_invalid::check,
    validity::invalid_manifest::check,
    ownership::missing_owner::check,
    ownership::unknown_domain::check,
    ownership::owner_mismatch::check,
    ownership::duplicate_event::check,
    ownership::missing_contact::check,
    dictionary::concept_redefined::check,
    dictionary::shared_field_not_in_dictionary::check,
    dictionary::unknown_concept::check,
    dictionary::unknown_event::check,
    dictionary::required_fields_missing::check,
    dictionary::unused_concept::check,
];

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

/// Run every workspace check.
pub fn lint(ws: &Workspace) -> Vec<Finding> {
    use rayon::prelude::*;
    // The checks are independent: run them in parallel, keep catalog order.
    let per_check: Vec<Vec<Finding>> = LINTS
        .par_iter()
        .enumerate()
        .map(|(i, check)| {
            let mut v = Vec::new();
            crate::timing::stage(&format!("lint #{i:02}"), || check(ws, &mut v));
            v
        })
        .collect();
    let mut out: Vec<Finding> = ws.problems.iter().map(validity::load_problem).collect();
    out.extend(per_check.into_iter().flatten());
    out
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
    fn every_change_kind_except_annotations_is_a_rule() {
        use crate::schema::diff::ChangeKind;
        for k in ChangeKind::ALL {
            if *k != ChangeKind::AnnotationChanged {
                assert!(find(k.id()).is_some(), "{} has no rule", k.id());
            }
        }
    }
}
