//! Which git repository a path is in, found as git itself finds it:
//! `$GIT_DIR` / `$GIT_WORK_TREE` when set, else upward from the path (a
//! `.git` folder, or a `.git` file with `gitdir:`); and which index the
//! staged side is (`$GIT_INDEX_FILE`, what git hands a pre-commit hook).

use std::path::{Path, PathBuf};

use git2::Repository;

/// The git variables of the process environment that choose the repository.
#[derive(Debug, Clone, Default)]
pub struct GitEnv {
    pub git_dir: Option<PathBuf>,
    pub work_tree: Option<PathBuf>,
    pub index_file: Option<PathBuf>,
    /// The folder the process runs in (relative variables are resolved
    /// against it, as git does).
    pub cwd: PathBuf,
}

impl GitEnv {
    pub fn from_process() -> GitEnv {
        let get = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        GitEnv {
            git_dir: get("GIT_DIR"),
            work_tree: get("GIT_WORK_TREE"),
            index_file: get("GIT_INDEX_FILE"),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        }
    }

    fn abs(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.cwd.join(p)
        }
    }
}

/// Open the repository `$GIT_DIR` names, with its work tree
/// (`$GIT_WORK_TREE`, else `core.worktree`, else the current folder).
fn from_git_dir(env: &GitEnv, dir: &Path) -> Result<Repository, git2::Error> {
    let repo = Repository::open(env.abs(dir))?;
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("core.worktree").ok());
    let work_tree = env
        .work_tree
        .as_deref()
        .map(|w| env.abs(w))
        .or(configured)
        .unwrap_or_else(|| env.cwd.clone());
    repo.set_workdir(&work_tree, false)?;
    Ok(repo)
}

/// The repository holding `start` (`$GIT_DIR` first, as git does).
pub fn discover(env: &GitEnv, start: &Path) -> Result<Repository, git2::Error> {
    match &env.git_dir {
        Some(dir) => from_git_dir(env, dir),
        None => {
            let repo = Repository::discover(start)?;
            // A `.git` file (`gitdir:`, as `git init --separate-git-dir` and
            // submodules write): the work tree is the folder holding it.
            if let Some(holder) = start.ancestors().find(|a| a.join(".git").exists()) {
                if holder.join(".git").is_file() {
                    repo.set_workdir(holder, false)?;
                }
            }
            Ok(repo)
        }
    }
}

/// The repository whose work tree is `root` (found earlier by `discover`).
pub fn open(env: &GitEnv, root: &Path) -> Result<Repository, git2::Error> {
    match &env.git_dir {
        Some(dir) => from_git_dir(env, dir),
        None => {
            let repo = Repository::open(root)?;
            if root.join(".git").is_file() {
                repo.set_workdir(root, false)?;
            }
            Ok(repo)
        }
    }
}

/// The work-tree root of a repository, canonical.
pub fn work_tree(repo: &Repository) -> Option<PathBuf> {
    repo.workdir().and_then(|p| std::fs::canonicalize(p).ok())
}

/// The index file the staged side is read from: `$GIT_INDEX_FILE` (a
/// relative name is relative to the work tree, where git runs hooks), else
/// the repository's own.
pub fn index_path(env: &GitEnv, repo: &Repository) -> PathBuf {
    match &env.index_file {
        Some(p) if p.is_absolute() => p.clone(),
        Some(p) => repo
            .workdir()
            .map(|w| w.join(p))
            .unwrap_or_else(|| env.abs(p)),
        None => repo.path().join("index"),
    }
}
