//! Reporters: one file per output format, all rendering the same sorted
//! findings. miette is used in `human.rs` only.

pub mod catalog;
pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;

use serde::Serialize;

use std::sync::Arc;

use crate::check::{Checked, Coverage};
use crate::finding::{self, Counts, Finding, Severity};
use crate::workspace::LoadedFile;

/// The output formats of `contract check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Markdown,
    Junit,
}

pub use crate::git::BaseInfo;

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
    /// What was and was not checked (`None` for `contract diff`).
    pub coverage: Option<&'a Coverage>,
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

/// How a check's result is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions<'a> {
    pub color: bool,
    pub quiet: bool,
    /// Also render the markdown report (for `$GITHUB_STEP_SUMMARY`).
    pub with_markdown: bool,
    /// `--fail-on` (`None`: never).
    pub fail_on: Option<Severity>,
    pub provenance: Option<&'a Provenance>,
}

/// The text of a file by its path, among `files`.
pub fn source_lookup(files: &[LoadedFile]) -> impl Fn(&str) -> Option<Arc<str>> + '_ {
    move |p: &str| {
        files
            .iter()
            .find(|f| f.source.path == p)
            .map(|f| f.source.text.clone())
    }
}

/// Render a check's result in `format`; also the markdown report when
/// `with_markdown` (for `$GITHUB_STEP_SUMMARY`).
pub fn render_checked(
    c: &Checked,
    format: Format,
    opts: &RenderOptions<'_>,
) -> (String, Option<String>) {
    let (color, quiet) = (opts.color, opts.quiet);
    let mut summary = Summary::new(
        c.head.contract_paths.len(),
        c.changed.len(),
        finding::counts(&c.findings),
    );
    if c.base.is_some() {
        summary.baseline = Some(crate::baseline::state_counts(&c.findings, &c.absent));
    }
    let lookup = source_lookup(&c.head.files);
    let base_lookup = source_lookup(c.base_side.as_ref().map_or(&[], |b| &b.files));
    let r = Report {
        base: c.base.as_ref(),
        findings: &c.findings,
        absent: &c.absent,
        summary,
        sources: &lookup,
        base_sources: &base_lookup,
        dictionary: c.head.dictionary.as_ref(),
        coverage: Some(&c.coverage),
        fail_on: opts.fail_on,
        provenance: opts.provenance,
    };
    let out = crate::timing::stage("render", || match format {
        Format::Human => human::render(&r, color, quiet),
        Format::Json => json::render(&r),
        Format::Sarif => sarif::render(&r),
        Format::Github => github::render(&r),
        Format::Markdown => markdown::render(&r),
        Format::Junit => junit::render(&r),
    });
    (out, opts.with_markdown.then(|| markdown::render(&r)))
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
