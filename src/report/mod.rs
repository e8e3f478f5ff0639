//! Reporters: one file per output format, all rendering the same sorted
//! findings. miette is used in `human.rs` only.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use serde::Serialize;

use crate::finding::{Counts, Finding, Severity};

/// Which base a check compared against, and how it was chosen.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BaseInfo {
    #[serde(rename = "ref")]
    pub reference: String,
    pub merge_base: String,
    pub method: String,
}

/// Where the analysed code comes from: SARIF's `versionControlProvenance`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Provenance {
    /// The remote's URL, credentials removed; `None` without a remote.
    pub repository_uri: Option<String>,
    /// The analysed commit (HEAD, or `--head REV`), not the base.
    pub revision_id: Option<String>,
    /// The analysed branch, when HEAD is on one.
    pub branch: Option<String>,
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
    /// `--fail-on`: findings at or above it fail the run (`None`: never).
    pub fail_on: Option<Severity>,
    /// The repository and commit analysed, when known.
    pub provenance: Option<&'a Provenance>,
}

impl Report<'_> {
    /// Whether a finding fails the run: active and at or above `--fail-on`
    /// (exactly what the exit code counts).
    pub fn fails(&self, f: &Finding) -> bool {
        f.waived.is_none() && self.fail_on.is_some_and(|s| f.severity >= s)
    }
}

/// The findings a report shows as active (not waived).
pub fn active<'a>(r: &'a Report<'_>) -> impl Iterator<Item = &'a Finding> {
    r.findings.iter().filter(|f| f.waived.is_none())
}
