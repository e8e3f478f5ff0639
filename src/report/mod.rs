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
}

/// Everything a reporter needs besides the findings.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub contracts: usize,
    pub changed: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
    /// Against the base: how many findings are new, unchanged, updated, absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::StateCounts>,
}

impl Summary {
    pub fn new(contracts: usize, changed: usize, counts: Counts) -> Self {
        Summary {
            contracts,
            changed,
            error: counts.error,
            warning: counts.warning,
            info: counts.info,
            baseline: None,
        }
    }
}

/// A check's result, as handed to reporters.
pub struct Report<'a> {
    pub base: Option<&'a BaseInfo>,
    pub findings: &'a [Finding],
    /// The base's findings that are gone (fixed by the change).
    pub absent: &'a [Finding],
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
