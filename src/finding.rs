//! Findings: what the tool reports. Our own type; reporters render it.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::rules::Category;

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
    /// For a schema change: the kind, the field and both sides.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeDetail>,
    /// Other places the finding is about (a shared field's other definitions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Location>,
    /// Against the base: new, unchanged, updated or absent (`None` without a base).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::State>,
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
    /// A short hash of rule, event, pointer and message: stable when lines move.
    pub fn compute_fingerprint(&mut self) {
        let mut h = Sha256::new();
        for part in [
            self.rule.as_str(),
            self.event.as_deref().unwrap_or(""),
            self.pointer.as_str(),
            self.message.as_str(),
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
