//! The other side of a check, read straight from git with git2 (no
//! checkout, no temp copies, no `git` subprocess): base resolution, the
//! merge base, trees of commits and the index, and the earlier versions of
//! a contract for the transitive modes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use git2::{ObjectType, Oid, Repository};

use crate::error::Error;
use crate::limits::MAX_FILE_BYTES;
use crate::repo::GitEnv;
use crate::workspace::{DiskTree, Read, Tree};

/// An earlier version of a contract on the base branch (for transitive modes).
#[derive(Debug, Clone)]
pub struct Earlier {
    pub version: String,
    pub commit: String,
    pub file: crate::workspace::LoadedFile,
    pub resolved: serde_json::Value,
}

/// Earlier versions per event, newest first.
pub type History = BTreeMap<String, Vec<Earlier>>;

/// Which base a check compared against, and how it was chosen.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
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

/// Most first-parent commits walked back for the transitive modes.
pub const MAX_HISTORY_COMMITS: usize = 2_000;

/// Where the context says the base is (environment variables that matter).
#[derive(Debug, Clone, Default)]
pub struct BaseContext {
    /// `$GITHUB_EVENT_NAME`.
    pub github_event: Option<String>,
    /// `$GITHUB_EVENT_PATH`: the event payload (base and head SHAs).
    pub github_event_path: Option<PathBuf>,
    /// `$GITHUB_BASE_REF`: the pull request's base branch.
    pub github_base_ref: Option<String>,
    /// `$CI_MERGE_REQUEST_DIFF_BASE_SHA` (GitLab merge-request pipelines).
    pub gitlab_diff_base: Option<String>,
    /// `$CI_MERGE_REQUEST_TARGET_BRANCH_NAME`.
    pub gitlab_target_branch: Option<String>,
    /// `$PRE_COMMIT_FROM_REF`.
    pub pre_commit_from: Option<String>,
    /// `$GIT_DIR`, `$GIT_WORK_TREE`, `$GIT_INDEX_FILE`.
    pub git: GitEnv,
}

impl BaseContext {
    pub fn from_env() -> Self {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        BaseContext {
            github_event: get("GITHUB_EVENT_NAME"),
            github_event_path: get("GITHUB_EVENT_PATH").map(PathBuf::from),
            github_base_ref: get("GITHUB_BASE_REF"),
            gitlab_diff_base: get("CI_MERGE_REQUEST_DIFF_BASE_SHA"),
            gitlab_target_branch: get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
            pre_commit_from: get("PRE_COMMIT_FROM_REF"),
            git: GitEnv::from_process(),
        }
    }
}

/// The branches tried, in this order, when nothing names a base: those
/// that exist and are not the current branch; the newest merge base wins.
pub const DEFAULT_CANDIDATES: &[&str] = &[
    "origin/HEAD",
    "origin/main",
    "main",
    "origin/master",
    "master",
];

/// The fix for a clone without enough history.
pub const FETCH_FIX: &str = "fetch the history: `git fetch --unshallow` (GitHub Actions: `fetch-depth: 0` on actions/checkout; GitLab: `GIT_DEPTH: 0`)";

/// The chosen base and the merge base with the compared side.
#[derive(Debug, Clone)]
pub struct Base {
    pub info: BaseInfo,
    pub merge_base: Oid,
}

pub fn open(repo_root: &Path) -> Result<Repository, Error> {
    crate::repo::open(&GitEnv::from_process(), repo_root).map_err(|_| Error::NotInGit {
        path: repo_root.to_path_buf(),
    })
}

fn commit_of(repo: &Repository, spec: &str) -> Option<Oid> {
    repo.revparse_single(spec)
        .ok()?
        .peel_to_commit()
        .ok()
        .map(|c| c.id())
}

fn short(o: Oid) -> String {
    o.to_string()[..12].to_string()
}

/// The commit compared (`--head REV`, else HEAD).
pub fn head_commit(repo: &Repository, head: Option<&str>) -> Result<Oid, Error> {
    match head {
        Some(spec) => commit_of(repo, spec).ok_or_else(|| Error::UnknownRevision {
            spec: spec.to_string(),
        }),
        None => match repo.head() {
            Ok(r) => r
                .peel_to_commit()
                .map(|c| c.id())
                .map_err(|e| Error::git("reading HEAD", &e)),
            Err(_) => Err(Error::NoCommits),
        },
    }
}

/// The current branch's name, when HEAD is on a branch.
fn current_branch(repo: &Repository) -> Option<String> {
    let h = repo.head().ok()?;
    if !h.is_branch() {
        return None;
    }
    h.shorthand().ok().map(String::from)
}

/// The full name a short ref resolves to, following `origin/HEAD`.
fn full_name(repo: &Repository, spec: &str) -> Option<String> {
    let r = repo.resolve_reference_from_short_name(spec).ok()?;
    let r = r.resolve().ok()?;
    r.name().ok().map(String::from)
}

/// Is `spec` the branch being checked (its local ref, or its copy on a
/// remote when it is not the default branch itself)?
fn is_current_branch(repo: &Repository, spec: &str, current: Option<&str>) -> bool {
    let Some(cur) = current else { return false };
    let Some(name) = full_name(repo, spec) else {
        return false;
    };
    if name == format!("refs/heads/{cur}") {
        return true;
    }
    name.starts_with("refs/remotes/")
        && name.ends_with(&format!("/{cur}"))
        && cur != "main"
        && cur != "master"
}

fn no_merge_base(repo: &Repository, reference: &str) -> Error {
    if repo.is_shallow() {
        Error::ShallowClone {
            reference: reference.to_string(),
        }
    } else {
        Error::UnrelatedHistories {
            reference: reference.to_string(),
        }
    }
}

/// Among candidates (name, commit), the one whose merge base with `head`
/// is newest (a descendant of the others; else the later commit; ties keep
/// the earlier candidate). Candidates without a merge base are skipped;
/// when none has one, exit 2.
fn newest(
    repo: &Repository,
    candidates: &[(String, Oid)],
    head: Oid,
) -> Result<(String, Oid, Oid), Error> {
    let mut best: Option<(String, Oid, Oid)> = None;
    for (name, oid) in candidates {
        let Ok(mb) = repo.merge_base(*oid, head) else {
            continue;
        };
        best = match best {
            None => Some((name.clone(), *oid, mb)),
            Some(b) if b.2 == mb => Some(b),
            Some(b) => {
                let newer = if repo.graph_descendant_of(mb, b.2).unwrap_or(false) {
                    true
                } else if repo.graph_descendant_of(b.2, mb).unwrap_or(false) {
                    false
                } else {
                    let t = |o: Oid| repo.find_commit(o).map(|c| c.time().seconds()).unwrap_or(0);
                    t(mb) > t(b.2)
                };
                if newer {
                    Some((name.clone(), *oid, mb))
                } else {
                    Some(b)
                }
            }
        };
    }
    best.ok_or_else(|| {
        let names: Vec<&str> = candidates.iter().map(|(n, _)| n.as_str()).collect();
        no_merge_base(repo, &names.join("`, `"))
    })
}

/// The pull request's base (ref, SHA) from the event payload.
fn github_payload(path: &Path) -> Result<(Option<String>, Option<String>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let v: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let base = &v["pull_request"]["base"];
    Ok((
        base["ref"].as_str().map(String::from),
        base["sha"].as_str().map(String::from),
    ))
}

fn info(reference: &str, merge_base: Oid, method: &str, reason: String) -> Base {
    Base {
        info: BaseInfo {
            reference: reference.to_string(),
            merge_base: merge_base.to_string(),
            method: method.to_string(),
            reason,
            moved_from: None,
        },
        merge_base,
    }
}

/// The base named explicitly (a flag, CI, the manifest): the newer of
/// `NAME` and `origin/NAME`, or exit 2 naming it.
fn named(
    repo: &Repository,
    name: &str,
    head: Oid,
    asked: &str,
) -> Result<(String, Oid, Oid, Vec<String>), Error> {
    let mut specs = vec![name.to_string()];
    // A branch name is also looked for on origin (never a revision like `HEAD~1`).
    if !name.starts_with("origin/")
        && repo
            .find_reference(&format!("refs/remotes/origin/{name}"))
            .is_ok()
    {
        specs.push(format!("origin/{name}"));
    }
    let found: Vec<(String, Oid)> = specs
        .iter()
        .filter_map(|s| commit_of(repo, s).map(|o| (s.clone(), o)))
        .collect();
    if found.is_empty() {
        return Err(Error::BaseNotFound {
            name: name.to_string(),
            asked: asked.to_string(),
            fetch: name.trim_start_matches("origin/").to_string(),
        });
    }
    let names = found.iter().map(|(n, _)| n.clone()).collect();
    let (r, o, mb) = newest(repo, &found, head)?;
    Ok((r, o, mb, names))
}

fn which_of(names: &[String], chosen: &str) -> String {
    if names.len() > 1 {
        format!(
            "; of `{}`, `{chosen}` has the newest merge base with HEAD",
            names.join("`, `")
        )
    } else {
        String::new()
    }
}

/// Resolve the base in the documented order (README, "How the base is
/// chosen"): `--base`; the CI context (a GitHub `pull_request` event's
/// payload, a GitLab merge-request pipeline); a pre-push hook's
/// `$PRE_COMMIT_FROM_REF`; the manifest's `base`; else the newest merge base
/// among `DEFAULT_CANDIDATES` that exist and are not the current branch.
pub fn resolve_base(
    repo: &Repository,
    flag: Option<&str>,
    manifest_base: Option<&str>,
    ctx: &BaseContext,
    head: Oid,
) -> Result<Base, Error> {
    if let Some(b) = flag {
        // Exactly what was asked for.
        let oid = commit_of(repo, b).ok_or_else(|| Error::BaseNotFound {
            name: b.to_string(),
            asked: "`--base`".to_string(),
            fetch: b.trim_start_matches("origin/").to_string(),
        })?;
        let mb = repo
            .merge_base(oid, head)
            .map_err(|_| no_merge_base(repo, b))?;
        return Ok(info(
            b,
            mb,
            "flag",
            format!("`--base {b}` on the command line"),
        ));
    }
    if let Some(ev) = ctx
        .github_event
        .as_deref()
        .filter(|e| *e == "pull_request" || *e == "pull_request_target")
    {
        let payload = ctx.github_event_path.as_deref().map(github_payload);
        let (base_ref, base_sha) = match &payload {
            Some(Ok((r, s))) => (r.clone().or(ctx.github_base_ref.clone()), s.clone()),
            _ => (ctx.github_base_ref.clone(), None),
        };
        if let Some(sha) = base_sha {
            let oid = Oid::from_str(&sha)
                .ok()
                .filter(|o| repo.find_commit(*o).is_ok())
                .ok_or_else(|| Error::CiBaseMissing {
                    origin: format!(
                        "GitHub `{ev}` event: the pull request's base{}",
                        base_ref
                            .as_deref()
                            .map(|r| format!(" `{r}`"))
                            .unwrap_or_default()
                    ),
                    sha: sha.clone(),
                    shallow: if repo.is_shallow() {
                        " (the clone is shallow)"
                    } else {
                        ""
                    },
                })?;
            let mb = repo
                .merge_base(oid, head)
                .map_err(|_| no_merge_base(repo, &sha))?;
            let reference = base_ref.unwrap_or_else(|| sha.clone());
            return Ok(info(
                &reference,
                mb,
                "github-pull-request",
                format!(
                    "GitHub `{ev}` event: the pull request's base commit {} (`{reference}`) from $GITHUB_EVENT_PATH",
                    short(oid)
                ),
            ));
        }
        if let Some(r) = base_ref {
            let (chosen, _, mb, names) = named(repo, &r, head, "$GITHUB_BASE_REF")?;
            return Ok(info(
                &chosen,
                mb,
                "github-pull-request",
                format!(
                    "GitHub `{ev}` event: the base branch `{r}` from $GITHUB_BASE_REF{}",
                    which_of(&names, &chosen)
                ),
            ));
        }
        return Err(Error::CiBaseUnknown {
            event: ev.to_string(),
            detail: match payload {
                Some(Err(e)) => format!(" ({e})"),
                _ => String::new(),
            },
        });
    }
    if let Some(sha) = &ctx.gitlab_diff_base {
        let oid = Oid::from_str(sha)
            .ok()
            .filter(|o| repo.find_commit(*o).is_ok())
            .ok_or_else(|| Error::CiBaseMissing {
                origin: "GitLab merge request: $CI_MERGE_REQUEST_DIFF_BASE_SHA".to_string(),
                sha: sha.clone(),
                shallow: if repo.is_shallow() {
                    " (the clone is shallow)"
                } else {
                    ""
                },
            })?;
        let mb = repo
            .merge_base(oid, head)
            .map_err(|_| no_merge_base(repo, sha))?;
        let reference = ctx
            .gitlab_target_branch
            .clone()
            .unwrap_or_else(|| sha.clone());
        return Ok(info(
            &reference,
            mb,
            "gitlab-merge-request",
            format!(
                "GitLab merge-request pipeline: $CI_MERGE_REQUEST_DIFF_BASE_SHA {}",
                short(oid)
            ),
        ));
    }
    if let Some(from) = ctx
        .pre_commit_from
        .as_deref()
        .filter(|r| !r.chars().all(|c| c == '0'))
    {
        let oid = commit_of(repo, from).ok_or_else(|| Error::UnknownRevision {
            spec: format!("{from} ($PRE_COMMIT_FROM_REF)"),
        })?;
        let mb = repo
            .merge_base(oid, head)
            .map_err(|_| no_merge_base(repo, from))?;
        return Ok(info(
            from,
            mb,
            "pre-commit",
            "a pre-push hook: $PRE_COMMIT_FROM_REF".to_string(),
        ));
    }
    if let Some(b) = manifest_base {
        let (r, _, mb, names) = named(repo, b, head, "`base:` in contracts.yaml")?;
        let reason = format!("`base: {b}` in contracts.yaml{}", which_of(&names, &r));
        return Ok(info(&r, mb, "manifest", reason));
    }
    let current = current_branch(repo);
    let mut skipped = Vec::new();
    let mut found = Vec::new();
    for c in DEFAULT_CANDIDATES {
        let Some(o) = commit_of(repo, c) else {
            continue;
        };
        if is_current_branch(repo, c, current.as_deref()) {
            skipped.push(*c);
            continue;
        }
        found.push((c.to_string(), o));
    }
    if found.is_empty() {
        return Err(Error::NoBase {
            detail: format!(
                "{}: none of {} exists{}{}",
                current
                    .as_deref()
                    .map(|c| format!(" for `{c}`"))
                    .unwrap_or_default(),
                DEFAULT_CANDIDATES.join(", "),
                if skipped.is_empty() {
                    String::new()
                } else {
                    format!(
                        " apart from the current branch itself ({})",
                        skipped.join(", ")
                    )
                },
                if repo.is_shallow() {
                    format!("; this clone is shallow: {FETCH_FIX}")
                } else {
                    String::new()
                }
            ),
        });
    }
    // A candidate whose tip is HEAD itself is the branch being checked
    // (a detached CI checkout whose origin/HEAD names it): used only when
    // nothing else exists (a push to the default branch).
    let (others, at_head): (Vec<(String, Oid)>, Vec<(String, Oid)>) =
        found.iter().cloned().partition(|(_, o)| *o != head);
    let pool = if others.is_empty() { &at_head } else { &others };
    let (r, o, mb) = newest(repo, pool, head)?;
    let existing: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
    let mut reason = format!(
        "no --base, CI context or `base:` in contracts.yaml; of the default candidates that exist and are not the current branch ({}), `{r}` has the newest merge base with HEAD",
        existing.join(", ")
    );
    if !others.is_empty() && !at_head.is_empty() {
        let same: Vec<&str> = at_head.iter().map(|(n, _)| n.as_str()).collect();
        reason.push_str(&format!(
            " ({} point at HEAD itself, so they are the branch being checked)",
            same.join(", ")
        ));
    }
    if r == "origin/HEAD" {
        if let Some(n) = full_name(repo, "origin/HEAD") {
            reason.push_str(&format!(
                " (origin/HEAD is {})",
                n.trim_start_matches("refs/remotes/")
            ));
        }
    }
    let _ = o;
    Ok(info(&r, mb, "default", reason))
}

/// Bits of an index entry's extended flags (git's index format).
const INDEX_INTENT_TO_ADD: u16 = 1 << 13;
const INDEX_SKIP_WORKTREE: u16 = 1 << 14;

/// The lossy name of a path's bytes.
fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The files of a commit or of the index, read from the object database.
pub struct GitTree {
    repo: Mutex<Repository>,
    /// path → blob id
    entries: BTreeMap<String, Oid>,
    /// The raw bytes of names that are not UTF-8 (listed by their lossy name).
    raw: BTreeMap<String, Vec<u8>>,
    /// Submodules (gitlinks): their files are not in this tree.
    submodules: Vec<String>,
    /// path → blob id of a symbolic link (mode 120000: the blob is the
    /// target); followed while it stays inside the repository.
    links: BTreeMap<String, Oid>,
}

/// Where a path of a git tree leads once its symbolic links are followed.
enum Target {
    File(String),
    Dir(String),
    Missing,
    Refused(String),
}

impl GitTree {
    fn empty(repo: Repository) -> GitTree {
        GitTree {
            repo: Mutex::new(repo),
            entries: BTreeMap::new(),
            raw: BTreeMap::new(),
            submodules: Vec::new(),
            links: BTreeMap::new(),
        }
    }

    fn add(&mut self, path: &[u8], id: Oid) {
        let name = lossy(path);
        if std::str::from_utf8(path).is_err() {
            self.raw.insert(name.clone(), path.to_vec());
        }
        self.entries.insert(name, id);
    }

    /// Every blob below `tree`, with raw names.
    fn walk(
        &mut self,
        repo: &Repository,
        tree: &git2::Tree<'_>,
        prefix: &[u8],
    ) -> Result<(), Error> {
        for entry in tree.iter() {
            let mut path = prefix.to_vec();
            path.extend_from_slice(entry.name_bytes());
            match (entry.kind(), entry.filemode()) {
                (_, 0o120000) => {
                    self.links.insert(lossy(&path), entry.id());
                }
                (Some(ObjectType::Blob), _) => self.add(&path, entry.id()),
                (Some(ObjectType::Tree), _) => {
                    let sub = repo.find_tree(entry.id()).map_err(|e| {
                        Error::git(format!("reading the tree {}", lossy(&path)), &e)
                    })?;
                    path.push(b'/');
                    self.walk(repo, &sub, &path)?;
                }
                (Some(ObjectType::Commit), _) => self.submodules.push(lossy(&path)),
                _ => {}
            }
        }
        Ok(())
    }

    /// The tree of a commit.
    pub fn of_commit(repo_root: &Path, commit: Oid) -> Result<GitTree, Error> {
        let repo = open(repo_root)?;
        let tree = {
            let c = repo
                .find_commit(commit)
                .map_err(|e| Error::git(format!("reading commit {commit}"), &e))?;
            c.tree()
                .map_err(|e| Error::git(format!("reading the tree of {commit}"), &e))?
                .id()
        };
        let mut out = GitTree::empty(open(repo_root)?);
        let t = repo
            .find_tree(tree)
            .map_err(|e| Error::git(format!("reading the tree of {commit}"), &e))?;
        out.walk(&repo, &t, b"")?;
        Ok(out)
    }

    /// The index: what `git commit` would record (`--staged`). It is the
    /// file `$GIT_INDEX_FILE` names when set (git's temporary index under
    /// `git commit -a` and `git commit PATH`). Intent-to-add entries
    /// (`git add -N`) are not staged content and are left out.
    pub fn of_index(repo_root: &Path) -> Result<GitTree, Error> {
        GitTree::from_index(repo_root, |_| true)
    }

    /// Only the index entries marked skip-worktree (a sparse checkout):
    /// the files git keeps without writing them to disk.
    pub fn skip_worktree(repo_root: &Path) -> Result<GitTree, Error> {
        GitTree::from_index(repo_root, |flags| flags & INDEX_SKIP_WORKTREE != 0)
    }

    fn from_index(repo_root: &Path, keep: impl Fn(u16) -> bool) -> Result<GitTree, Error> {
        let env = GitEnv::from_process();
        let repo = open(repo_root)?;
        let path = crate::repo::index_path(&env, &repo);
        let mut out = GitTree::empty(open(repo_root)?);
        if !path.exists() {
            // A repository whose index was never written has nothing staged.
            return Ok(out);
        }
        let index = git2::Index::open(&path)
            .map_err(|e| Error::git(format!("reading the index {}", path.display()), &e))?;
        for e in index.iter() {
            let stage = (e.flags >> 12) & 0x3;
            if stage != 0 || e.flags_extended & INDEX_INTENT_TO_ADD != 0 {
                continue;
            }
            if e.mode == 0o120000 {
                out.links.insert(lossy(&e.path), e.id);
                continue;
            }
            if e.mode == 0o160000 {
                out.submodules.push(lossy(&e.path));
                continue;
            }
            if !keep(e.flags_extended) {
                continue;
            }
            match e.mode {
                0o040000 => {
                    // A sparse index: a whole folder outside the cone.
                    let t = repo.find_tree(e.id).map_err(|er| {
                        Error::git(format!("reading the tree {}", lossy(&e.path)), &er)
                    })?;
                    let mut prefix = e.path.clone();
                    if !prefix.ends_with(b"/") {
                        prefix.push(b'/');
                    }
                    out.walk(&repo, &t, &prefix)?;
                }
                _ => out.add(&e.path, e.id),
            }
        }
        Ok(out)
    }

    /// The submodules and symbolic links below `dir`, with why they are not read.
    fn sparse_unread(&self, dir: &str) -> Vec<(String, String)> {
        let below = |p: &String| dir.is_empty() || p.starts_with(&format!("{dir}/"));
        let mut out: Vec<(String, String)> =
            self.submodules
                .iter()
                .filter(|p| below(p))
                .map(|p| (p.clone(), crate::workspace::SUBMODULE_NOT_READ.to_string()))
                .chain(self.links.keys().filter(|p| below(p)).filter_map(
                    |p| match self.target(p) {
                        Target::Refused(why) => Some((p.clone(), why)),
                        _ => None,
                    },
                ))
                .collect();
        out.sort();
        out
    }

    pub fn has(&self, path: &str) -> bool {
        self.entries.contains_key(path) || matches!(self.target(path), Target::File(_))
    }

    /// The target written in a link blob.
    fn link_target(&self, oid: Oid) -> Option<String> {
        let repo = self.repo.lock().ok()?;
        let blob = repo.find_blob(oid).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    fn is_dir(&self, path: &str) -> bool {
        let prefix = format!("{path}/");
        path.is_empty()
            || self
                .entries
                .range(prefix.clone()..)
                .next()
                .is_some_and(|(p, _)| p.starts_with(&prefix))
            || self
                .links
                .range(prefix.clone()..)
                .next()
                .is_some_and(|(p, _)| p.starts_with(&prefix))
    }

    /// Follow the symbolic links on `path` (its own, or a folder's above it)
    /// while they stay inside the repository.
    fn target(&self, path: &str) -> Target {
        let mut path = path.to_string();
        for _ in 0..=crate::limits::MAX_SYMLINK_HOPS {
            if self.entries.contains_key(&path) {
                return Target::File(path);
            }
            // The first component of the path that is a link.
            let mut link = None;
            let mut end = 0;
            for (i, c) in path
                .char_indices()
                .chain(std::iter::once((path.len(), '/')))
            {
                if c == '/' {
                    let pre = &path[..i];
                    if let Some(oid) = self.links.get(pre) {
                        link = Some((pre.to_string(), *oid));
                        end = i;
                        break;
                    }
                }
            }
            let Some((pre, oid)) = link else {
                return if self.is_dir(&path) {
                    Target::Dir(path)
                } else {
                    Target::Missing
                };
            };
            let Some(to) = self.link_target(oid) else {
                return Target::Refused(format!("{pre} is a symbolic link that cannot be read"));
            };
            let parent = crate::workspace::parent_of(&pre);
            let joined = if parent.is_empty() {
                format!("{to}{}", &path[end..])
            } else {
                format!("{parent}/{to}{}", &path[end..])
            };
            match crate::workspace::normalize(&joined).filter(|_| !to.starts_with('/')) {
                Some(p) => path = p,
                None => {
                    return Target::Refused(format!(
                        "is a symbolic link leading out of the repository ({pre} → {to}); links are only followed inside it"
                    ))
                }
            }
        }
        Target::Refused(format!(
            "is reached through more than {} symbolic links (MAX_SYMLINK_HOPS), a loop",
            crate::limits::MAX_SYMLINK_HOPS
        ))
    }

    /// The files below the real folder `real`, listed under the logical
    /// folder `logical`, following links to folders once.
    fn expand(&self, logical: &str, real: &str, seen: &mut Vec<String>, out: &mut Vec<String>) {
        if seen.iter().any(|s| s == real) {
            return;
        }
        seen.push(real.to_string());
        let prefix = if real.is_empty() {
            String::new()
        } else {
            format!("{real}/")
        };
        let rename = |p: &str| {
            let rest = &p[prefix.len()..];
            if logical.is_empty() {
                rest.to_string()
            } else {
                format!("{logical}/{rest}")
            }
        };
        out.extend(
            self.entries
                .range(prefix.clone()..)
                .take_while(|(p, _)| p.starts_with(&prefix))
                .map(|(p, _)| rename(p)),
        );
        let links: Vec<String> = self
            .links
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, _)| p.clone())
            .collect();
        for l in links {
            let shown = rename(&l);
            match self.target(&l) {
                Target::File(_) | Target::Refused(_) => out.push(shown),
                Target::Dir(d) => self.expand(&shown, &d, seen, out),
                Target::Missing => {}
            }
        }
        seen.pop();
    }

    /// Every `contracts.yaml` in this tree (repository paths).
    pub fn manifests(&self) -> Vec<String> {
        self.entries
            .keys()
            .filter(|p| {
                *p == crate::workspace::MANIFEST
                    || p.ends_with(&format!("/{}", crate::workspace::MANIFEST))
            })
            .cloned()
            .collect()
    }
}

impl Tree for GitTree {
    fn list(&self, dir: &str) -> Result<Vec<String>, Error> {
        let mut out = Vec::new();
        let real = match self.target(dir) {
            Target::Dir(d) => d,
            _ => return Ok(out),
        };
        self.expand(dir, &real, &mut Vec::new(), &mut out);
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn read(&self, path: &str) -> Result<Read, Error> {
        let real = match self.target(path) {
            Target::File(p) => p,
            Target::Missing => return Ok(Read::Missing),
            Target::Dir(_) => return Ok(Read::NotAFile("is a folder, not a file".into())),
            Target::Refused(why) => return Ok(Read::NotAFile(why)),
        };
        let Some(oid) = self.entries.get(&real) else {
            return Ok(Read::Missing);
        };
        let repo = self.repo.lock().map_err(|_| Error::Internal)?;
        let blob = repo
            .find_blob(*oid)
            .map_err(|e| Error::git(format!("reading {path} ({oid})"), &e))?;
        if blob.size() as u64 > MAX_FILE_BYTES {
            return Ok(Read::TooLarge(blob.size() as u64));
        }
        Ok(Read::Bytes(blob.content().to_vec()))
    }

    fn content_id(&self, path: &str) -> Option<String> {
        match self.entries.get(path) {
            Some(o) => Some(o.to_string()),
            None if self.links.is_empty() => None,
            None => match self.target(path) {
                Target::File(p) => self.entries.get(&p).map(|o| o.to_string()),
                _ => None,
            },
        }
    }

    fn raw_name(&self, path: &str) -> Option<Vec<u8>> {
        self.raw.get(path).cloned()
    }

    fn unread(&self, dir: &str) -> Vec<(String, String)> {
        self.sparse_unread(dir)
    }
}

/// The working tree as git sees it: the files on disk, plus the files a
/// sparse checkout keeps only in the index (skip-worktree), minus the
/// insides of submodules (reported, not read).
pub struct WorkTree {
    pub disk: DiskTree,
    sparse: GitTree,
}

impl WorkTree {
    pub fn new(repo_root: &Path) -> Result<WorkTree, Error> {
        Ok(WorkTree {
            disk: DiskTree {
                root: repo_root.to_path_buf(),
            },
            sparse: GitTree::skip_worktree(repo_root)?,
        })
    }

    fn in_submodule(&self, path: &str) -> bool {
        self.sparse.submodules.iter().any(|s| {
            path.len() > s.len() && path.starts_with(s.as_str()) && path.as_bytes()[s.len()] == b'/'
        })
    }
}

impl Tree for WorkTree {
    fn list(&self, dir: &str) -> Result<Vec<String>, Error> {
        let mut out: Vec<String> = self
            .disk
            .list(dir)?
            .into_iter()
            .filter(|p| !self.in_submodule(p))
            .collect();
        out.extend(self.sparse.list(dir)?);
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn read(&self, path: &str) -> Result<Read, Error> {
        match self.disk.read(path)? {
            Read::Missing if self.sparse.has(path) => self.sparse.read(path),
            r => Ok(r),
        }
    }

    fn content_id(&self, path: &str) -> Option<String> {
        if self.sparse.has(path) && !self.disk.root.join(path).exists() {
            self.sparse.content_id(path)
        } else {
            None
        }
    }

    fn raw_name(&self, path: &str) -> Option<Vec<u8>> {
        self.disk
            .raw_name(path)
            .or_else(|| self.sparse.raw_name(path))
    }

    fn unread(&self, dir: &str) -> Vec<(String, String)> {
        self.sparse.sparse_unread(dir)
    }
}

/// The earlier versions of the given contracts (by repository path at the
/// merge base), walking the base branch's first-parent history back from
/// the merge base: one entry per distinct `version:`, newest first.
pub fn history(
    repo_root: &Path,
    merge_base: Oid,
    contracts: &[(String, String)],
    concepts: &indexmap::IndexMap<String, crate::model::dictionary::Concept>,
) -> Result<History, Error> {
    let mut out: History = BTreeMap::new();
    if contracts.is_empty() {
        return Ok(out);
    }
    let repo = open(repo_root)?;
    let mut seen_blob: HashMap<(String, Oid), ()> = HashMap::new();
    let mut seen_version: HashMap<String, Vec<String>> = HashMap::new();
    let mut commit = repo.find_commit(merge_base).ok();
    let mut walked = 0;
    while let Some(c) = commit {
        walked += 1;
        if walked > MAX_HISTORY_COMMITS {
            break;
        }
        if let Ok(tree) = c.tree() {
            for (event, path) in contracts {
                let Ok(entry) = tree.get_path(Path::new(path)) else {
                    continue;
                };
                let oid = entry.id();
                if seen_blob.insert((path.clone(), oid), ()).is_some() {
                    continue;
                }
                let Ok(blob) = repo.find_blob(oid) else {
                    continue;
                };
                if blob.size() as u64 > MAX_FILE_BYTES {
                    continue;
                }
                let Ok(text) = crate::yaml::decode(blob.content()) else {
                    continue;
                };
                let Ok(parsed) = crate::yaml::parse(&text) else {
                    continue;
                };
                let Ok(contract) = crate::workspace::contract_from(&parsed.value) else {
                    continue;
                };
                if &contract.event != event {
                    continue;
                }
                let versions = seen_version.entry(event.clone()).or_default();
                if versions.contains(&contract.version) {
                    continue;
                }
                versions.push(contract.version.clone());
                let resolved = crate::schema::resolve::inline_concepts(&contract.schema, concepts);
                out.entry(event.clone()).or_default().push(Earlier {
                    version: contract.version.clone(),
                    commit: c.id().to_string(),
                    file: crate::workspace::LoadedFile {
                        source: crate::source::SourceFile::new(
                            format!("{path}@{}", &c.id().to_string()[..12]),
                            text,
                        ),
                        parsed: Some(Arc::new(parsed)),
                        content_id: None,
                    },
                    resolved,
                });
            }
        }
        commit = c.parent(0).ok();
    }
    Ok(out)
}

/// Read `REV:path` (for `contract diff`): the blob's bytes.
pub fn read_rev_path(start: &Path, spec: &str) -> Result<(String, Vec<u8>), Error> {
    let (rev, path) = spec.split_once(':').ok_or_else(|| Error::NoSuchFile {
        spec: spec.to_string(),
    })?;
    let repo = Repository::discover(start).map_err(|_| Error::NotInGit {
        path: start.to_path_buf(),
    })?;
    let commit = commit_of(&repo, rev).ok_or_else(|| Error::UnknownRevision {
        spec: rev.to_string(),
    })?;
    let c = repo
        .find_commit(commit)
        .map_err(|e| Error::git(format!("reading {rev}"), &e))?;
    let tree = c
        .tree()
        .map_err(|e| Error::git(format!("reading the tree of {rev}"), &e))?;
    // A path relative to the current folder, as git does for `REV:./path`.
    let rel = path.trim_start_matches("./");
    let full = match (repo.workdir(), std::fs::canonicalize(start).ok()) {
        (Some(wd), Some(cwd)) if path.starts_with("./") => cwd
            .strip_prefix(std::fs::canonicalize(wd).unwrap_or(wd.to_path_buf()))
            .map(|p| crate::workspace::join(&crate::workspace::rel_path(p), rel))
            .unwrap_or_else(|_| rel.to_string()),
        _ => rel.to_string(),
    };
    let entry = tree
        .get_path(Path::new(&full))
        .map_err(|_| Error::NotAtRevision {
            path: full.clone(),
            rev: rev.to_string(),
        })?;
    let blob = repo
        .find_blob(entry.id())
        .map_err(|_| Error::NotAtRevision {
            path: full.clone(),
            rev: rev.to_string(),
        })?;
    if blob.size() as u64 > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: spec.to_string(),
            size: blob.size() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok((spec.to_string(), blob.content().to_vec()))
}

/// The side `check` compares, read as git sees it: the working tree
/// (with sparse-checkout entries from the index), the index (`--staged`,
/// the one `$GIT_INDEX_FILE` names), or a commit (`--head REV`). Exit 2
/// when the workspace's manifest is not on that side.
pub fn compared_side(
    repo_root: &Path,
    dir: &str,
    staged: bool,
    head: Option<(&str, Oid)>,
) -> Result<Box<dyn Tree>, Error> {
    let manifest = crate::workspace::join(dir, crate::workspace::MANIFEST);
    if staged {
        let t = GitTree::of_index(repo_root)?;
        if !t.has(&manifest) {
            return Err(Error::WorkspaceNotStaged { manifest });
        }
        return Ok(Box::new(t));
    }
    if let Some((rev, oid)) = head {
        let t = GitTree::of_commit(repo_root, oid)?;
        if !t.has(&manifest) {
            return Err(Error::NoWorkspaceAtRevision {
                rev: rev.to_string(),
                commit: short(oid),
                manifest,
            });
        }
        return Ok(Box::new(t));
    }
    Ok(Box::new(WorkTree::new(repo_root)?))
}

/// The compared side without checking for a workspace (for discovery).
pub fn side_tree(
    repo_root: &Path,
    staged: bool,
    head: Option<Oid>,
) -> Result<Box<dyn Tree>, Error> {
    Ok(match (staged, head) {
        (true, _) => Box::new(GitTree::of_index(repo_root)?),
        (false, Some(oid)) => Box::new(GitTree::of_commit(repo_root, oid)?),
        (false, None) => Box::new(WorkTree::new(repo_root)?),
    })
}

/// Where the workspace at `dir` on the compared side was at the base: the
/// same folder when its manifest is there; else, when the change moved the
/// workspace, the folder whose manifest is gone from the compared side (the
/// one with the same manifest content first). `None`: a new workspace.
pub fn base_location(base: &GitTree, dir: &str, compared: &dyn Tree) -> Option<String> {
    let manifest = crate::workspace::join(dir, crate::workspace::MANIFEST);
    if base.has(&manifest) {
        return Some(dir.to_string());
    }
    let ours = compared
        .content_id(&manifest)
        .or_else(|| match compared.read(&manifest) {
            Ok(Read::Bytes(b)) => crate::workspace::blob_id(&b),
            _ => None,
        });
    let gone: Vec<String> = base
        .manifests()
        .into_iter()
        .filter(|m| matches!(compared.read(m), Ok(Read::Missing)))
        .collect();
    let folder = |m: &String| {
        m.strip_suffix(crate::workspace::MANIFEST)
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string()
    };
    if let Some(m) = gone.iter().find(|m| base.content_id(m) == ours) {
        return Some(folder(m));
    }
    (gone.len() == 1).then(|| folder(&gone[0]))
}

/// `contract check --help`: the base-selection order (the README section
/// "How the base is chosen" says the same; the `method` names are printed).
pub const HOW_THE_BASE_IS_CHOSEN: &str = "\
How the base is chosen (the first that applies; the method name in brackets is printed):
  1. [flag] `--base REF`: REF, or the newer of REF and origin/REF. Exit 2 if neither exists.
  2. [github-pull-request] a GitHub `pull_request` / `pull_request_target` job ($GITHUB_EVENT_NAME):
     the pull request's base SHA from the event payload ($GITHUB_EVENT_PATH), else $GITHUB_BASE_REF.
     Never guessed from \"HEAD is a merge\".
     [gitlab-merge-request] a GitLab merge-request pipeline: $CI_MERGE_REQUEST_DIFF_BASE_SHA.
  3. [pre-commit] a pre-push hook: $PRE_COMMIT_FROM_REF.
  4. [manifest] `base:` in contracts.yaml: the newer of NAME and origin/NAME. Exit 2 if neither exists.
  5. [default] of origin/HEAD, origin/main, main, origin/master, master: those that exist and are
     not the current branch itself; the one whose merge base with HEAD is newest.
The comparison point is the merge base of the base and HEAD (or `--head REV`). Unrelated
histories are exit 2; a shallow clone without the base is exit 2 with the fix
(`git fetch --unshallow`; GitHub Actions: `fetch-depth: 0`; GitLab: `GIT_DEPTH: 0`).
Every format says which base, its commit and why: the first line of the human report,
`base.ref` / `base.merge_base` / `base.method` / `base.reason` in JSON, and
`versionControlProvenance` and the run's `properties.base` in SARIF.

The compared side: the working tree (sparse-checkout entries read from the index), the index
with `--staged` (the one $GIT_INDEX_FILE names, as under `git commit -a` in a hook; `git add -N`
placeholders are not staged), or a commit with `--head REV`. $GIT_DIR and $GIT_WORK_TREE are
honoured.";

/// Every workspace below `dir` on the compared side: the folders holding a
/// `contracts.yaml`, git-ignored and dot-folders excluded, sorted.
pub fn workspaces_below(
    repo_root: &Path,
    dir: &str,
    tree: &dyn Tree,
) -> Result<Vec<String>, Error> {
    let repo = open(repo_root)?;
    let mut out = Vec::new();
    for p in tree.list(dir)? {
        let Some(folder) = p
            .strip_suffix(crate::workspace::MANIFEST)
            .filter(|f| f.is_empty() || f.ends_with('/'))
        else {
            continue;
        };
        let folder = folder.trim_end_matches('/');
        if folder.split('/').any(|seg| seg.starts_with('.')) {
            continue;
        }
        if repo.is_path_ignored(Path::new(&p)).unwrap_or(false) {
            continue;
        }
        out.push(folder.to_string());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Which side a change is read from, for `changed_paths`.
#[derive(Debug, Clone, Copy)]
pub enum Compared {
    WorkTree,
    Index,
    Commit(Oid),
}

/// The repository paths that differ between `base` and the compared side
/// (git's own diff: unchanged files are not read, thanks to the index's
/// stat cache), so a workspace nothing touched need not be loaded.
pub fn changed_paths(repo_root: &Path, base: Oid, side: Compared) -> Result<Vec<String>, Error> {
    let repo = open(repo_root)?;
    let err = |e: git2::Error| Error::git(format!("diffing against the base {base}"), &e);
    let base_tree = repo.find_commit(base).and_then(|c| c.tree()).map_err(err)?;
    let mut opts = git2::DiffOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .ignore_submodules(false);
    let diff = match side {
        Compared::WorkTree => {
            repo.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut opts))
        }
        Compared::Index => {
            let env = GitEnv::from_process();
            let path = crate::repo::index_path(&env, &repo);
            let index = git2::Index::open(&path).map_err(err)?;
            repo.diff_tree_to_index(Some(&base_tree), Some(&index), Some(&mut opts))
        }
        Compared::Commit(c) => {
            let t = repo.find_commit(c).and_then(|c| c.tree()).map_err(err)?;
            repo.diff_tree_to_tree(Some(&base_tree), Some(&t), Some(&mut opts))
        }
    }
    .map_err(err)?;
    let mut out = Vec::new();
    for d in diff.deltas() {
        for f in [d.old_file(), d.new_file()] {
            if let Some(p) = f.path_bytes() {
                out.push(lossy(p));
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}
