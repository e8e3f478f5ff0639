//! Findings: what the tool reports. Our own type; reporters render it.

use serde::Serialize;
use sha2::{Digest, Sha256};

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

/// The rule categories of RULES.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Validity,
    Ownership,
    Dictionary,
    Change,
    Breaking,
    Version,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Validity => "validity",
            Category::Ownership => "ownership",
            Category::Dictionary => "dictionary",
            Category::Change => "change",
            Category::Breaking => "breaking",
            Category::Version => "version",
        }
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The lowest severity that fails a check (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The severity that fails, `None` for `never`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// A place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    pub file: String,
    /// The file name's raw bytes, when it is not UTF-8 (`file` is lossy).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_bytes: Option<Vec<u8>>,
    pub line: u32,
    pub column: u32,
    pub pointer: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consumers: Vec<String>,
    pub fingerprint: String,
    /// End of the underlined span (line, column), for the human report.
    #[serde(skip)]
    pub end: Option<(u32, u32)>,
    /// Set when a waiver accepted this finding (with its reason).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<String>,
    /// The waiver's `until` date, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_until: Option<String>,
    /// For a schema change: the kind, the field and both sides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeDetail>,
    /// Other places the finding is about (a shared field's other definitions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Location>,
    /// How many related places there are when `related` holds only the
    /// first `MAX_RELATED_LOCATIONS` (the output stays proportional to the
    /// findings, not to the places they name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related_total: Option<usize>,
    /// Against the base: new, unchanged, updated or absent (`None` without a base).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline_state::State>,
}

/// What a schema change finding is about, for tables and reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeDetail {
    pub kind: String,
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// The directions the change breaks (`backward`, `forward`).
    pub breaks: Vec<String>,
}

impl Finding {
    /// Set the related places: the first `MAX_RELATED_LOCATIONS`, and the
    /// count of all of them when there are more.
    pub fn set_related(&mut self, places: Vec<Location>) {
        let total = places.len();
        self.set_related_first(places, total);
    }

    /// Set the related places from the first of `total` (the caller
    /// located no more than it needed).
    pub fn set_related_first(&mut self, mut places: Vec<Location>, total: usize) {
        places.truncate(crate::limits::MAX_RELATED_LOCATIONS);
        self.related_total = (total > places.len()).then_some(total);
        self.related = places;
    }

    /// How many related places there are in all.
    pub fn related_count(&self) -> usize {
        self.related_total.unwrap_or(self.related.len())
    }

    /// A short hash of the finding's structure: rule id, event, JSON pointer
    /// and, for a schema change, the change kind. Never the message, the
    /// consumers, the file path or the line, so it survives rewording, new
    /// consumers, moved files and moved lines (waivers and baselines match
    /// by it).
    pub fn compute_fingerprint(&mut self) {
        let mut h = Sha256::new();
        for part in [
            self.rule.as_str(),
            self.event.as_deref().unwrap_or(""),
            self.pointer.as_str(),
            self.change.as_ref().map_or("", |c| c.kind.as_str()),
        ] {
            h.update(part.as_bytes());
            h.update([0u8]);
        }
        let digest = h.finalize();
        self.fingerprint = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    }

    fn sort_key(&self) -> (&str, u32, u32, &str, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            &self.rule,
            &self.pointer,
            &self.message,
        )
    }
}

/// Sort findings by file, line, column, rule (then pointer and message), and
/// drop exact duplicates, so output is deterministic.
pub fn sort(findings: &mut Vec<Finding>) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
}

/// Counts per severity, waived findings excluded.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

pub fn counts(findings: &[Finding]) -> Counts {
    let mut c = Counts::default();
    for f in findings.iter().filter(|f| f.waived.is_none()) {
        match f.severity {
            Severity::Error => c.error += 1,
            Severity::Warning => c.warning += 1,
            Severity::Info => c.info += 1,
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding() -> Finding {
        Finding {
            rule: "field-type-changed".into(),
            category: Category::Breaking,
            severity: Severity::Error,
            event: Some("UserRegistered".into()),
            file: "events/user-registered.yaml".into(),
            file_bytes: None,
            line: 12,
            column: 5,
            pointer: "/schema/properties/user_id".into(),
            message: "`user_id` changed type from `integer` to `string`".into(),
            help: None,
            base: None,
            consumers: vec!["billing".into()],
            fingerprint: String::new(),
            end: None,
            waived: None,
            waived_until: None,
            change: Some(ChangeDetail {
                kind: "field-type-changed".into(),
                field: "user_id".into(),
                old: Some("integer".into()),
                new: Some("string".into()),
                breaks: vec!["backward".into()],
            }),
            related: Vec::new(),
            related_total: None,
            baseline: None,
        }
    }

    fn fingerprint(f: &mut Finding) -> String {
        f.compute_fingerprint();
        f.fingerprint.clone()
    }

    #[test]
    fn fingerprints_ignore_text_consumers_files_and_lines() {
        let original = fingerprint(&mut finding());
        assert_eq!(original.len(), 16);
        let mut reworded = finding();
        reworded.message = "user_id is now a string (was an integer)".into();
        reworded.help = Some("tell billing".into());
        let mut more_consumers = finding();
        more_consumers.consumers.push("marketing".into());
        let mut moved = finding();
        moved.file = "events/identity/user-registered.yaml".into();
        moved.line = 40;
        moved.column = 9;
        for mut f in [reworded, more_consumers, moved] {
            assert_eq!(fingerprint(&mut f), original, "{f:?}");
        }
    }

    #[test]
    fn fingerprints_tell_structure_apart() {
        let original = fingerprint(&mut finding());
        let mut other_field = finding();
        other_field.pointer = "/schema/properties/account_id".into();
        let mut other_event = finding();
        other_event.event = Some("UserDeleted".into());
        let mut other_rule = finding();
        other_rule.rule = "change-compatible".into();
        let mut other_kind = finding();
        if let Some(c) = other_kind.change.as_mut() {
            c.kind = "type-widened".into();
        }
        for mut f in [other_field, other_event, other_rule, other_kind] {
            assert_ne!(fingerprint(&mut f), original, "{f:?}");
        }
    }
}
