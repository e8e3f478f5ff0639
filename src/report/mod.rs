//! Reporters: one file per output format, all rendering the same sorted
//! findings. miette is used in `human.rs` only.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use serde::Serialize;

use crate::finding::{Counts, Finding};

/// Which base a check compared against, and how it was chosen.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BaseInfo {
    #[serde(rename = "ref")]
    pub reference: String,
    pub merge_base: String,
    pub method: String,
    /// Why this base was chosen (README, "How the base is chosen").
    pub reason: String,
    /// The workspace's folder at the base, when the change moved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<String>,
}

/// Everything a reporter needs besides the findings.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub contracts: usize,
    pub changed: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    pub fn new(contracts: usize, changed: usize, counts: Counts) -> Self {
        Summary {
            contracts,
            changed,
            error: counts.error,
            warning: counts.warning,
            info: counts.info,
        }
    }
}

/// A check's result, as handed to reporters.
pub struct Report<'a> {
    pub base: Option<&'a BaseInfo>,
    pub findings: &'a [Finding],
    pub summary: Summary,
    /// The text of each file a finding points at (new side), by path.
    pub sources: &'a dyn Fn(&str) -> Option<std::sync::Arc<str>>,
    /// The text of base-side files, by path.
    pub base_sources: &'a dyn Fn(&str) -> Option<std::sync::Arc<str>>,
    /// The dictionary of the checked side (for handles and contacts).
    pub dictionary: Option<&'a crate::model::dictionary::Dictionary>,
}

/// The findings a report shows as active (not waived).
pub fn active<'a>(r: &'a Report<'_>) -> impl Iterator<Item = &'a Finding> {
    r.findings.iter().filter(|f| f.waived.is_none())
}

/// One sentence: the base, its merge-base commit, and why it was chosen.
pub fn base_line(b: &BaseInfo) -> String {
    format!(
        "Compared with {} at {} (the merge base with HEAD), chosen by {}: {}.{}",
        b.reference,
        &b.merge_base[..b.merge_base.len().min(12)],
        b.method,
        b.reason,
        b.moved_from
            .as_deref()
            .map(|d| format!(
                " The workspace moved: it was at `{}` at the base.",
                if d.is_empty() { "." } else { d }
            ))
            .unwrap_or_default()
    )
}
