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

pub use coverage::{Coverage, NotChecked, Scope, WorkspaceRun};

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
        head.require_contracts()?;
        let out = pair::run(&head, None, &Default::default());
        let mut coverage = Coverage::of_side(&head, &out.findings);
        coverage.not_checked.push(NotChecked {
            scope: Scope::Base,
            what: "changes against a base".into(),
            reason: "`--no-diff` was given: only the workspace lints ran".into(),
            reported_by: None,
        });
        let mut findings = config::finish(&head.manifest, head.manifest_file(), out.findings);
        name_raw(&head, &mut findings);
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
    // The compared side as git sees it (the hook's $GIT_INDEX_FILE, a
    // sparse checkout's entries); the manifest's `base` is read from it.
    let compared = crate::timing::stage("read the git index", || {
        git::compared_side(
            &located.repo_root,
            &located.dir,
            sides.staged,
            sides.head.as_deref().map(|r| (r, head_oid)),
        )
    })?;
    let head: Workspace = crate::timing::stage("load workspace", || {
        Workspace::load(compared.as_ref(), &located.dir)
    })?;
    head.require_contracts()?;
    let mut base = git::resolve_base(
        &repo,
        sides.base.as_deref(),
        head.manifest.base.as_deref(),
        &request.context,
        head_oid,
    )?;
    drop(repo);
    let base_tree = GitTree::of_commit(&located.repo_root, base.merge_base)?;
    // A workspace moved in the change is paired with its base location.
    let base_dir = git::base_location(&base_tree, &located.dir, compared.as_ref());
    if base_dir.as_deref().is_some_and(|d| d != located.dir) {
        base.info.moved_from = base_dir.clone();
    }
    let base_has_workspace = base_dir.is_some();
    let base_side = if let Some(base_dir) = &base_dir {
        crate::timing::stage("load base", || {
            Workspace::load_reusing(&base_tree, base_dir, Some(&head))
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
    let history = crate::timing::stage("earlier versions", || {
        earlier_versions(&located.repo_root, &head, &base_side, &base)
    })?;
    let out = crate::timing::stage("compare and lint", || {
        pair::run(&head, Some(&base_side), &history)
    });
    let mut coverage = crate::timing::stage("coverage", || Coverage::of_side(&head, &out.findings));
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
    if let Some(from) = &base.info.moved_from {
        coverage.notes.push(format!(
            "the workspace moved from `{}` at the base to `{}`: its contracts are compared with their base location",
            if from.is_empty() { "." } else { from },
            if located.dir.is_empty() { "." } else { &located.dir }
        ));
    }
    let mut findings = crate::timing::stage("severities and waivers", || {
        config::finish(&head.manifest, head.manifest_file(), out.findings)
    });
    let absent = crate::timing::stage("new or existing", || {
        out.base_findings.map_or_else(Vec::new, |b| {
            crate::baseline::against_base(&mut findings, &base_side, b)
        })
    });
    name_raw(&head, &mut findings);
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
    // A change that weakens the mode is judged under the base's too.
    let wanted = pair::history_wanted(head, base_side);
    let concepts = base_side
        .dictionary
        .as_ref()
        .map(|d| d.concepts.clone())
        .unwrap_or_default();
    git::history(repo_root, base.merge_base, &wanted, &concepts)
}

/// Give the findings on a file whose name is not UTF-8 its raw bytes
/// (`file` holds the name decoded lossily).
fn name_raw(ws: &Workspace, findings: &mut [Finding]) {
    if ws.raw_names.is_empty() {
        return;
    }
    for f in findings {
        if let Some(raw) = ws.raw_names.get(&f.file) {
            f.file_bytes = Some(raw.clone());
        }
    }
}

/// Run the check from wherever the request points: in (or below) one
/// workspace, that workspace; from a folder above several (a monorepo root,
/// in git), every workspace below it (every `contracts.yaml`, git-ignored
/// paths excluded), each against its own base, as one result. A workspace
/// with no change since its base is not loaded, so a change touching one
/// workspace costs about what checking that one costs.
pub fn run_all(request: &Request) -> Result<Checked, Error> {
    let err = match workspace::locate(&request.path) {
        Ok(_) => return run(request),
        Err(e @ Error::NoWorkspace { .. }) => e,
        Err(e) => return Err(e),
    };
    let env = crate::repo::GitEnv::from_process();
    let start = std::fs::canonicalize(&request.path).map_err(|_| err.clone())?;
    let Some(root) = crate::repo::discover(&env, &start)
        .ok()
        .and_then(|r| crate::repo::work_tree(&r))
    else {
        return Err(err);
    };
    let below = start
        .strip_prefix(&root)
        .map(workspace::rel_path)
        .unwrap_or_default();
    let sides = &request.sides;
    let head_oid = match &sides.head {
        Some(_) => Some(git::head_commit(&git::open(&root)?, sides.head.as_deref())?),
        None => None,
    };
    let tree = git::side_tree(&root, sides.staged, head_oid)?;
    let dirs = git::workspaces_below(&root, &below, tree.as_ref())?;
    if dirs.is_empty() {
        return Err(err);
    }
    let compared = match (sides.staged, head_oid) {
        (true, _) => git::Compared::Index,
        (false, Some(o)) => git::Compared::Commit(o),
        (false, None) => git::Compared::WorkTree,
    };
    let mut changed_at: BTreeMap<git2::Oid, Vec<String>> = BTreeMap::new();
    let mut parts: Vec<Checked> = Vec::new();
    let mut runs: Vec<WorkspaceRun> = Vec::new();
    for dir in dirs {
        let shown = if dir.is_empty() {
            ".".to_string()
        } else {
            dir.clone()
        };
        // Its base first (cheap: the manifest's `base:` only), then whether
        // anything below it changed since.
        if !sides.no_diff {
            if let Some((base, mb)) =
                quick_base(&root, &dir, tree.as_ref(), sides, &request.context)?
            {
                if let std::collections::btree_map::Entry::Vacant(e) = changed_at.entry(mb) {
                    e.insert(git::changed_paths(&root, mb, compared)?);
                }
                let prefix = format!("{dir}/");
                let touched = changed_at[&mb]
                    .iter()
                    .any(|p| dir.is_empty() || p.starts_with(&prefix));
                if !touched {
                    runs.push(WorkspaceRun {
                        dir: shown,
                        base: Some(base),
                        skipped: Some("nothing in it changed since its base".into()),
                    });
                    continue;
                }
            }
        }
        let sub = Request {
            path: root.join(&dir),
            sides: sides.clone(),
            context: request.context.clone(),
        };
        let c = run(&sub)?;
        runs.push(WorkspaceRun {
            dir: shown,
            base: c.base.clone(),
            skipped: None,
        });
        parts.push(c);
    }
    Ok(combine(parts, runs))
}

/// The base of the workspace at `dir` and its merge base, from its
/// manifest's `base:` alone (no contract is loaded).
fn quick_base(
    root: &Path,
    dir: &str,
    tree: &dyn workspace::Tree,
    sides: &Sides,
    context: &BaseContext,
) -> Result<Option<(BaseInfo, git2::Oid)>, Error> {
    let manifest = workspace::join(dir, workspace::MANIFEST);
    let declared = match tree.read(&manifest)? {
        workspace::Read::Bytes(b) => crate::yaml::decode(&b)
            .ok()
            .and_then(|t| crate::yaml::parse(&t).ok())
            .and_then(|p| {
                p.value
                    .get("base")
                    .and_then(|v| v.as_str())
                    .map(String::from)
            }),
        _ => return Ok(None),
    };
    let repo = git::open(root)?;
    let head = git::head_commit(&repo, sides.head.as_deref())?;
    let base = git::resolve_base(
        &repo,
        sides.base.as_deref(),
        declared.as_deref(),
        context,
        head,
    )?;
    Ok(Some((base.info, base.merge_base)))
}

/// Several workspaces' results as one: their files, findings and coverage
/// side by side (paths are repository paths, so they never collide).
fn combine(parts: Vec<Checked>, runs: Vec<WorkspaceRun>) -> Checked {
    let mut head = Workspace::default();
    let mut base_side = Workspace::default();
    let mut findings = Vec::new();
    let mut absent = Vec::new();
    let mut changed = Vec::new();
    let mut coverage = Coverage::default();
    let mut bases: Vec<BaseInfo> = Vec::new();
    for c in parts {
        head.files.extend(c.head.files);
        head.contract_paths.extend(c.head.contract_paths);
        if let Some(b) = c.base_side {
            base_side.files.extend(b.files);
        }
        findings.extend(c.findings);
        absent.extend(c.absent);
        changed.extend(c.changed);
        coverage.files += c.coverage.files;
        coverage.contracts += c.coverage.contracts;
        coverage.compared += c.coverage.compared;
        coverage.not_checked.extend(c.coverage.not_checked);
        coverage.notes.extend(c.coverage.notes);
        bases.extend(c.base);
    }
    bases.extend(runs.iter().filter_map(|r| r.base.clone()));
    crate::finding::sort(&mut findings);
    crate::finding::sort(&mut absent);
    changed.sort();
    changed.dedup();
    coverage.not_checked.sort();
    // One base for the report when every workspace has the same one.
    let base = bases.first().cloned().filter(|b| {
        bases
            .iter()
            .all(|o| o.reference == b.reference && o.merge_base == b.merge_base)
    });
    coverage.base = base.clone();
    coverage.workspaces = runs;
    Checked {
        head,
        base_side: Some(base_side),
        base,
        findings,
        absent,
        changed,
        coverage,
    }
}
