//! Where the analysed code comes from, for SARIF's `versionControlProvenance`:
//! the remote's URL with any credentials removed, the analysed commit and
//! branch. Read from the repository's configuration; nothing is fetched.

use std::path::Path;

use crate::report::Provenance;

/// The repository and commit analysed at `repo_root` (`head`: `--head REV`,
/// else HEAD). Empty when the folder is not in a git repository.
pub fn detect(repo_root: &Path, head: Option<&str>) -> Provenance {
    let Ok(repo) = git2::Repository::discover(repo_root) else {
        return Provenance::default();
    };
    let revision_id = match head {
        Some(rev) => repo
            .revparse_single(rev)
            .ok()
            .and_then(|o| o.peel_to_commit().ok()),
        None => repo.head().ok().and_then(|h| h.peel_to_commit().ok()),
    }
    .map(|c| c.id().to_string());
    let current = repo
        .head()
        .ok()
        .filter(|h| h.is_branch())
        .and_then(|h| h.shorthand().ok().map(str::to_string));
    let branch = match head {
        Some(rev) => repo
            .find_branch(rev, git2::BranchType::Local)
            .ok()
            .and_then(|b| b.name().ok().flatten().map(str::to_string)),
        None => current.clone(),
    };
    // The branch's own remote, else `origin`, else the first by name.
    let remote_name = current
        .as_deref()
        .and_then(|b| {
            repo.config()
                .ok()?
                .get_string(&format!("branch.{b}.remote"))
                .ok()
        })
        .filter(|r| r != ".")
        .or_else(|| {
            let names = repo.remotes().ok()?;
            let mut names: Vec<String> = names
                .iter()
                .filter_map(|n| n.ok().flatten().map(str::to_string))
                .collect();
            names.sort();
            if names.iter().any(|n| n == "origin") {
                Some("origin".to_string())
            } else {
                names.into_iter().next()
            }
        });
    let repository_uri = remote_name
        .and_then(|n| repo.find_remote(&n).ok()?.url().ok().map(str::to_string))
        .and_then(|u| remote_uri(&u));
    Provenance {
        repository_uri,
        revision_id,
        branch,
    }
}

/// A remote's URL as an absolute URI without credentials: `user:token@`
/// is removed, `git@host:org/repo.git` becomes `ssh://host/org/repo.git`,
/// a local path becomes a `file://` URI. `None` for an empty URL.
pub fn remote_uri(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    if let Some((scheme, rest)) = url.split_once("://") {
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let scheme = scheme.to_ascii_lowercase();
        return Some(format!("{scheme}://{host}{path}"));
    }
    // scp-like syntax: [user@]host:path (no slash before the colon).
    if let Some((before, path)) = url.split_once(':') {
        if !before.contains('/') && !before.is_empty() && before.len() > 1 {
            let host = before.rsplit_once('@').map_or(before, |(_, h)| h);
            let path = path.trim_start_matches('/');
            return Some(format!("ssh://{host}/{path}"));
        }
    }
    // A local path (absolute, or relative to the repository).
    let encoded = crate::report::sarif::uri(&url.replace('\\', "/"));
    Some(if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    })
}

#[cfg(test)]
mod tests {
    use super::remote_uri;

    #[test]
    fn credentials_are_removed_and_every_form_is_a_uri() {
        for (url, want) in [
            (
                "https://x-access-token:ghp_secret@github.com/acme/contracts.git",
                "https://github.com/acme/contracts.git",
            ),
            (
                "https://user@github.com/acme/contracts",
                "https://github.com/acme/contracts",
            ),
            (
                "git@github.com:acme/contracts.git",
                "ssh://github.com/acme/contracts.git",
            ),
            (
                "ssh://git@example.com:2222/acme/c.git",
                "ssh://example.com:2222/acme/c.git",
            ),
            ("/srv/git/my repo.git", "file:///srv/git/my%20repo.git"),
            ("C:\\repos\\c.git", "file:///C%3A/repos/c.git"),
        ] {
            assert_eq!(remote_uri(url).as_deref(), Some(want), "{url}");
        }
        assert_eq!(remote_uri(""), None);
    }
}
