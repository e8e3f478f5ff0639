//! The other side of a check, read straight from git with git2 (no
//! checkout, no temp copies, no `git` subprocess): base resolution, the
//! merge base, trees of commits and the index, and the earlier versions of
//! a contract for the transitive modes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use crate::error::Error;
use crate::limits::MAX_FILE_BYTES;
use crate::workspace::{Read, Tree};

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
}

/// Most first-parent commits walked back for the transitive modes.
pub const MAX_HISTORY_COMMITS: usize = 2_000;

/// Where the context says the base is (environment variables that matter).
#[derive(Debug, Clone, Default)]
pub struct BaseContext {
    /// `$GITHUB_EVENT_NAME`.
    pub github_event: Option<String>,
    /// `$PRE_COMMIT_FROM_REF`.
    pub pre_commit_from: Option<String>,
}

impl BaseContext {
    pub fn from_env() -> Self {
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        BaseContext {
            github_event: get("GITHUB_EVENT_NAME"),
            pre_commit_from: get("PRE_COMMIT_FROM_REF"),
        }
    }
}

/// The chosen base and the merge base with the compared side.
#[derive(Debug, Clone)]
pub struct Base {
    pub info: BaseInfo,
    pub merge_base: Oid,
}

pub fn open(repo_root: &Path) -> Result<Repository, Error> {
    Repository::open(repo_root).map_err(|_| Error::NotInGit {
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

/// Resolve the base (CLI.md order) and its merge base with `head`.
pub fn resolve_base(
    repo: &Repository,
    flag: Option<&str>,
    manifest_base: Option<&str>,
    ctx: &BaseContext,
    head: Oid,
) -> Result<Base, Error> {
    let (reference, oid, method) = if let Some(b) = flag {
        match commit_of(repo, b) {
            Some(o) => (b.to_string(), o, "flag"),
            None => {
                return Err(Error::BaseNotFound {
                    name: b.to_string(),
                    fetch: b.trim_start_matches("origin/").to_string(),
                })
            }
        }
    } else if let Some((r, o)) = github_merge_parent(repo, ctx, head) {
        (r, o, "github-pull-request")
    } else if let Some((r, o)) = ctx
        .pre_commit_from
        .as_deref()
        .and_then(|r| commit_of(repo, r).map(|o| (r.to_string(), o)))
    {
        (r, o, "pre-commit")
    } else if let Some((r, o)) = manifest_base.and_then(|b| {
        [b.to_string(), format!("origin/{b}")]
            .into_iter()
            .find_map(|r| commit_of(repo, &r).map(|o| (r, o)))
    }) {
        (r, o, "manifest")
    } else if let Some((r, o)) = [
        "origin/HEAD",
        "main",
        "master",
        "origin/main",
        "origin/master",
    ]
    .into_iter()
    .find_map(|r| commit_of(repo, r).map(|o| (r.to_string(), o)))
    {
        (r, o, "default")
    } else {
        return Err(Error::NoBase);
    };
    let merge_base = repo.merge_base(oid, head).map_err(|_| {
        if repo.is_shallow() {
            Error::ShallowClone {
                reference: reference.clone(),
            }
        } else {
            Error::UnrelatedHistories {
                reference: reference.clone(),
            }
        }
    })?;
    Ok(Base {
        info: BaseInfo {
            reference,
            merge_base: merge_base.to_string(),
            method: method.to_string(),
        },
        merge_base,
    })
}

/// In a GitHub `pull_request` job the checkout is the merge commit; its
/// first parent is the base branch.
fn github_merge_parent(repo: &Repository, ctx: &BaseContext, head: Oid) -> Option<(String, Oid)> {
    let ev = ctx.github_event.as_deref()?;
    if ev != "pull_request" && ev != "pull_request_target" {
        return None;
    }
    let c = repo.find_commit(head).ok()?;
    if c.parent_count() < 2 {
        return None;
    }
    let p = c.parent_id(0).ok()?;
    Some(("HEAD^1".to_string(), p))
}

/// The files of a commit or of the index, read from the object database.
pub struct GitTree {
    repo: Mutex<Repository>,
    /// path → (blob id, size)
    entries: BTreeMap<String, Oid>,
}

impl GitTree {
    /// The tree of a commit.
    pub fn of_commit(repo_root: &Path, commit: Oid) -> Result<GitTree, Error> {
        let repo = open(repo_root)?;
        let mut entries = BTreeMap::new();
        {
            let c = repo
                .find_commit(commit)
                .map_err(|e| Error::git(format!("reading commit {commit}"), &e))?;
            let tree = c
                .tree()
                .map_err(|e| Error::git(format!("reading the tree of {commit}"), &e))?;
            tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
                if entry.kind() == Some(ObjectType::Blob) && entry.filemode() != 0o120000 {
                    if let Ok(name) = entry.name() {
                        entries.insert(format!("{dir}{name}"), entry.id());
                    }
                }
                TreeWalkResult::Ok
            })
            .map_err(|e| Error::git(format!("walking the tree of {commit}"), &e))?;
        }
        Ok(GitTree {
            repo: Mutex::new(repo),
            entries,
        })
    }

    /// The index (what `git commit` would record: `--staged`).
    pub fn of_index(repo_root: &Path) -> Result<GitTree, Error> {
        let repo = open(repo_root)?;
        let mut entries = BTreeMap::new();
        {
            let index = repo
                .index()
                .map_err(|e| Error::git("reading the index", &e))?;
            for e in index.iter() {
                let stage = (e.flags >> 12) & 0x3;
                if stage != 0 || e.mode == 0o120000 || e.mode == 0o160000 {
                    continue;
                }
                if let Ok(p) = std::str::from_utf8(&e.path) {
                    entries.insert(p.to_string(), e.id);
                }
            }
        }
        Ok(GitTree {
            repo: Mutex::new(repo),
            entries,
        })
    }

    pub fn has(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }
}

impl Tree for GitTree {
    fn list(&self, dir: &str) -> Result<Vec<String>, Error> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        Ok(self
            .entries
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, _)| p.clone())
            .collect())
    }

    fn read(&self, path: &str) -> Result<Read, Error> {
        let Some(oid) = self.entries.get(path) else {
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
        self.entries.get(path).map(|o| o.to_string())
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
