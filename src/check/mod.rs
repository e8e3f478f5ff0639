//! The main job as one library call, data flowing one way:
//! locate and load the workspace → choose the base → load the base side and
//! the history → lint and compare (`pair`) → severities and waivers →
//! findings, with a [`Coverage`] record of what was and was not checked.
//! Every command (`check`, `impact`, `graph`, `--write-waivers`) calls
//! [`run`]; none of them repeats a stage.

pub mod coverage;
pub mod files;
pub mod pair;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::finding::Finding;
use crate::git::{self, BaseContext, BaseInfo, GitTree};
use crate::rules::config;
use crate::workspace::{self, DiskTree, Workspace};

pub use coverage::{Coverage, NotChecked, Scope};

/// Which two sides a check compares.
#[derive(Debug, Clone, Default)]
pub struct Sides {
    /// Only lint the new side; compare with nothing.
    pub no_diff: bool,
    /// `--base REF`.
    pub base: Option<String>,
    /// Compare the index instead of the working tree.
    pub staged: bool,
    /// Compare this commit instead of the working tree.
    pub head: Option<String>,
}

/// What a check was asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    /// The workspace folder (or a folder below it, or a file in it).
    pub path: PathBuf,
    pub sides: Sides,
    /// Where the environment says the base is (CI variables, hooks).
    pub context: BaseContext,
}

/// Everything a check found, before rendering.
pub struct Checked {
    pub head: Workspace,
    pub base_side: Option<Workspace>,
    pub base: Option<BaseInfo>,
    /// Sorted, with severities from the manifest and waivers applied.
    pub findings: Vec<Finding>,
    /// Events that changed (added, removed or modified).
    pub changed: Vec<String>,
    pub coverage: Coverage,
    /// The base's findings that are gone (fixed by the change).
    pub absent: Vec<Finding>,
}

/// Run the check: load both sides, compare, lint, apply the manifest's
/// severities and waivers.
pub fn run(request: &Request) -> Result<Checked, Error> {
    let sides = &request.sides;
    let located = workspace::locate(&request.path)?;
    if sides.no_diff {
        let tree = DiskTree {
            root: located.repo_root.clone(),
        };
        let head = crate::timing::stage("load workspace", || Workspace::load(&tree, &located.dir))?;
        let out = pair::run(&head, None, &Default::default());
        let mut coverage = Coverage::of_side(&head, &out.findings);
        coverage.not_checked.push(NotChecked {
            scope: Scope::Base,
            what: "changes against a base".into(),
            reason: "`--no-diff` was given: only the workspace lints ran".into(),
            reported_by: None,
        });
        let findings = config::finish(&head.manifest, head.manifest_file(), out.findings);
        return Ok(Checked {
            head,
            base_side: None,
            base: None,
            findings,
            changed: out.changed,
            coverage,
            absent: Vec::new(),
        });
    }
    if !located.in_git {
        return Err(Error::NotInGit {
            path: located.repo_root.clone(),
        });
    }
    let repo = git::open(&located.repo_root)?;
    let head_oid = git::head_commit(&repo, sides.head.as_deref())?;
    // The manifest's `base` is read from the side being checked.
    let head: Workspace =
        crate::timing::stage("load workspace", || -> Result<Workspace, Error> {
            if sides.staged {
                Workspace::load(&GitTree::of_index(&located.repo_root)?, &located.dir)
            } else if sides.head.is_some() {
                Workspace::load(
                    &GitTree::of_commit(&located.repo_root, head_oid)?,
                    &located.dir,
                )
            } else {
                Workspace::load(
                    &DiskTree {
                        root: located.repo_root.clone(),
                    },
                    &located.dir,
                )
            }
        })?;
    let base = git::resolve_base(
        &repo,
        sides.base.as_deref(),
        head.manifest.base.as_deref(),
        &request.context,
        head_oid,
    )?;
    drop(repo);
    let base_tree = GitTree::of_commit(&located.repo_root, base.merge_base)?;
    let base_has_workspace = base_tree.has(&workspace::join(&located.dir, workspace::MANIFEST));
    let base_side = if base_has_workspace {
        crate::timing::stage("load base", || {
            Workspace::load_reusing(&base_tree, &located.dir, Some(&head))
        })
        .map_err(|e| Error::AtBase {
            commit: base.info.merge_base.clone(),
            inner: Box::new(e),
        })?
    } else {
        Workspace {
            dir: located.dir.clone(),
            ..Default::default()
        }
    };
    let history = earlier_versions(&located.repo_root, &head, &base_side, &base)?;
    let out = crate::timing::stage("compare and lint", || {
        pair::run(&head, Some(&base_side), &history)
    });
    let mut coverage = Coverage::of_side(&head, &out.findings);
    coverage.base = Some(base.info.clone());
    coverage.compared = pair::compared(&head, &base_side);
    if !base_has_workspace {
        coverage.notes.push(format!(
            "the base {} has no workspace at `{}`: every contract is new",
            base.info.merge_base,
            if located.dir.is_empty() {
                "."
            } else {
                &located.dir
            }
        ));
    }
    let mut findings = config::finish(&head.manifest, head.manifest_file(), out.findings);
    let absent = out.base_findings.map_or_else(Vec::new, |b| {
        crate::baseline::against_base(&mut findings, &base_side, b)
    });
    Ok(Checked {
        head,
        base_side: Some(base_side),
        base: Some(base.info),
        findings,
        changed: out.changed,
        coverage,
        absent,
    })
}

/// Earlier versions, for the contracts under a transitive mode.
fn earlier_versions(
    repo_root: &Path,
    head: &Workspace,
    base_side: &Workspace,
    base: &git::Base,
) -> Result<git::History, Error> {
    let old_paths: BTreeMap<&str, String> = base_side
        .contracts
        .iter()
        .map(|c| {
            (
                c.contract.event.as_str(),
                base_side.contract_file(c).source.path.clone(),
            )
        })
        .collect();
    let wanted: Vec<(String, String)> = head
        .contracts
        .iter()
        .filter(|c| pair::mode_of(head, c).is_transitive())
        .filter_map(|c| {
            old_paths
                .get(c.contract.event.as_str())
                .map(|p| (c.contract.event.clone(), p.clone()))
        })
        .collect();
    let concepts = base_side
        .dictionary
        .as_ref()
        .map(|d| d.concepts.clone())
        .unwrap_or_default();
    git::history(repo_root, base.merge_base, &wanted, &concepts)
}
