//! The gate in git (issue 11): real repositories built with the `git`
//! command in temp dirs, real hooks and real `git commit`, and the real
//! binary. Each test names the behaviour that was wrong before.

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use serde_json::Value;

const MANIFEST: &str = "contracts: [\"events/**/*.yaml\"]\ncompatibility: backward\n";

const DICTIONARY: &str = r#"domains:
  sales: { team: Sales, contact: sales@example.com }
  identity: { team: Identity, contact: id@example.com }
  billing: { team: Billing, contact: billing@example.com }
events:
  UserRegistered: { owner: identity }
  OrderPlaced: { owner: sales }
  RefundIssued: { owner: billing }
"#;

const USER: &str = r#"event: UserRegistered
version: 1.0.0
owner: identity
channel: identity.user-registered
consumers:
  - domain: billing
schema:
  type: object
  required: [user_id]
  properties:
    user_id: { type: integer }
    nickname: { type: string }
"#;

const ORDER: &str = r#"event: OrderPlaced
version: 1.0.0
owner: sales
channel: sales.order-placed
consumers:
  - domain: billing
schema:
  type: object
  required: [order_id]
  properties:
    order_id: { type: string }
"#;

/// Environment variables that change what the binary or git does; removed
/// from every child so the tests do not depend on where they run.
const SCRUB: &[&str] = &[
    "GITHUB_EVENT_NAME",
    "GITHUB_EVENT_PATH",
    "GITHUB_BASE_REF",
    "GITHUB_HEAD_REF",
    "GITHUB_REF",
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "GITLAB_CI",
    "CI_MERGE_REQUEST_DIFF_BASE_SHA",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "CI_MERGE_REQUEST_TARGET_BRANCH_SHA",
    "PRE_COMMIT_FROM_REF",
    "PRE_COMMIT_TO_REF",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
];

/// The binary under test; `CONTRACT_BIN` runs these tests against another
/// build (e.g. one from before a change, to see them fail there).
fn bin() -> PathBuf {
    std::env::var_os("CONTRACT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("contract"))
}

fn git_at(dir: &Path, args: &[&str]) -> String {
    let mut c = Std::new("git");
    for k in SCRUB {
        c.env_remove(k);
    }
    let out = c
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(["-c", "protocol.file.allow=always"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

struct G {
    _dir: tempfile::TempDir,
    /// The temp dir (for sibling repositories).
    top: PathBuf,
    root: PathBuf,
}

impl G {
    /// An empty repository on `main`.
    fn empty() -> G {
        let dir = tempfile::tempdir().unwrap();
        let top = std::fs::canonicalize(dir.path()).unwrap();
        let root = top.join("repo");
        std::fs::create_dir_all(&root).unwrap();
        git_at(&root, &["init", "-q", "-b", "main"]);
        G {
            _dir: dir,
            top,
            root,
        }
    }

    /// A workspace at the root, committed on `main`.
    fn new(manifest: &str) -> G {
        let g = G::empty();
        g.write("contracts.yaml", manifest);
        g.write("dictionary.yaml", DICTIONARY);
        g.write("events/user-registered.yaml", USER);
        g.write("events/order-placed.yaml", ORDER);
        g.git(&["add", "-A"]);
        g.git(&["commit", "-q", "-m", "main: contracts"]);
        g
    }

    fn git(&self, args: &[&str]) -> String {
        git_at(&self.root, args)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn commit_all(&self, msg: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", msg]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// The `user_id` integer → string break, in the working tree only.
    fn break_user(&self, rel: &str) {
        self.write(
            rel,
            &USER.replace("user_id: { type: integer }", "user_id: { type: string }"),
        );
    }

    fn contract_in(
        &self,
        dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> (i32, String, String) {
        let mut c = Command::new(bin());
        for k in SCRUB {
            c.env_remove(k);
        }
        c.current_dir(dir).env("NO_COLOR", "1");
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn contract(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
        self.contract_in(&self.root, args, env)
    }

    fn json(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
        let mut a = vec!["check", "--format", "json"];
        a.extend_from_slice(args);
        let (code, out, err) = self.contract(&a, env);
        assert!(code == 0 || code == 1, "exit {code}: {err}{out}");
        (
            code,
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")),
        )
    }

    /// Install `.git/hooks/pre-commit` running the built binary.
    fn install_hook(&self, args: &str) {
        let hooks = PathBuf::from(self.git(&["rev-parse", "--git-path", "hooks"]));
        let hooks = if hooks.is_absolute() {
            hooks
        } else {
            self.root.join(hooks)
        };
        std::fs::create_dir_all(&hooks).unwrap();
        let p = hooks.join("pre-commit");
        std::fs::write(
            &p,
            format!(
                "#!/bin/sh\nexec '{}' --color never check --staged {args}\n",
                bin().display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    /// Run `git commit ARGS` (hooks on); (succeeded, output).
    fn try_commit(&self, args: &[&str]) -> (bool, String) {
        let mut c = Std::new("git");
        for k in SCRUB {
            c.env_remove(k);
        }
        let out = c
            .current_dir(&self.root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.root)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("NO_COLOR", "1")
            .env("PRE_COMMIT_HOME", self.top.join("pre-commit-home"))
            .args(["-c", "commit.gpgsign=false", "commit", "-q"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }
}

fn rules_of(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn files_of(v: &Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}

/// main with the contracts (`base: main` in the manifest), and a branch
/// `feature` checked out.
fn on_feature() -> G {
    let g = G::new(&format!("{MANIFEST}base: main\n"));
    g.git(&["switch", "-q", "-c", "feature"]);
    g
}

// ---- 1. the index git gives the hook ----------------------------------------

#[test]
fn hook_git_commit_a_sees_the_break() {
    let g = on_feature();
    g.install_hook("");
    g.break_user("events/user-registered.yaml");
    let before = g.head();
    let (ok, out) = g.try_commit(&["-a", "-m", "break"]);
    assert!(!ok, "`git commit -a` let the break through:\n{out}");
    assert!(out.contains("field-type-changed"), "{out}");
    assert_eq!(g.head(), before);
}

#[test]
fn hook_git_commit_path_sees_the_break() {
    let g = on_feature();
    g.install_hook("");
    g.break_user("events/user-registered.yaml");
    let before = g.head();
    let (ok, out) = g.try_commit(&["events/user-registered.yaml", "-m", "break"]);
    assert!(!ok, "`git commit PATH` let the break through:\n{out}");
    assert!(out.contains("field-type-changed"), "{out}");
    assert_eq!(g.head(), before);
}

#[test]
fn hook_git_commit_path_judges_only_what_is_committed() {
    // A break is staged, but only README.md is committed: the commit holds
    // no break, so the hook passes (it judged the index git gave it).
    let g = on_feature();
    g.install_hook("");
    g.break_user("events/user-registered.yaml");
    g.git(&["add", "events/user-registered.yaml"]);
    g.write("README.md", "hello\n");
    g.git(&["add", "README.md"]);
    g.write("README.md", "hello again\n");
    let (ok, out) = g.try_commit(&["README.md", "-m", "docs only"]);
    assert!(
        ok,
        "the hook judged the repository index, not the commit's:\n{out}"
    );
    // And the staged break is still caught by a plain commit.
    let before = g.head();
    let (ok, out) = g.try_commit(&["-m", "break"]);
    assert!(!ok, "{out}");
    assert_eq!(g.head(), before);
}

#[test]
fn hook_plain_git_commit_after_add_sees_the_break() {
    let g = on_feature();
    g.install_hook("");
    g.break_user("events/user-registered.yaml");
    g.git(&["add", "-A"]);
    let (ok, out) = g.try_commit(&["-m", "break"]);
    assert!(!ok, "{out}");
    assert!(out.contains("field-type-changed"), "{out}");
}

#[test]
fn pre_commit_framework_runs_the_gate_for_commit_a_and_commit_path() {
    let have = Std::new("pre-commit")
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !have {
        eprintln!("SKIPPED: the pre-commit framework is not installed (`pip install pre-commit`)");
        return;
    }
    let g = on_feature();
    g.write(
        ".pre-commit-config.yaml",
        &format!(
            "repos:\n  - repo: local\n    hooks:\n      - id: contract-check\n        name: contract check\n        entry: {} check --staged\n        language: system\n        pass_filenames: false\n        files: \\.(ya?ml|json)$\n",
            bin().display()
        ),
    );
    g.commit_all("pre-commit config");
    let mut c = Std::new("pre-commit");
    for k in SCRUB {
        c.env_remove(k);
    }
    let out = c
        .current_dir(&g.root)
        .env("PRE_COMMIT_HOME", g.top.join("pre-commit-home"))
        .arg("install")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    for args in [
        vec!["-a", "-m", "break"],
        vec!["events/user-registered.yaml", "-m", "break"],
    ] {
        g.break_user("events/user-registered.yaml");
        let before = g.head();
        let (ok, out) = g.try_commit(&args);
        assert!(!ok, "pre-commit let `git commit {args:?}` through:\n{out}");
        assert!(out.contains("field-type-changed"), "{out}");
        assert_eq!(g.head(), before);
    }
    // A plain commit of a compatible change passes.
    g.write(
        "events/user-registered.yaml",
        &USER.replace("version: 1.0.0", "version: 1.1.0").replace(
            "    nickname: { type: string }\n",
            "    nickname: { type: string }\n    city: { type: string }\n",
        ),
    );
    g.git(&["add", "-A"]);
    let (ok, out) = g.try_commit(&["-m", "compatible"]);
    assert!(ok, "{out}");
}

#[test]
fn index_from_git_index_file_relative_to_the_work_tree() {
    let g = on_feature();
    g.break_user("events/user-registered.yaml");
    // An index only the environment names, holding the break.
    let mut c = Std::new("git");
    for k in SCRUB {
        c.env_remove(k);
    }
    let st = c
        .current_dir(&g.root)
        .env("GIT_INDEX_FILE", ".git/other-index")
        .args(["read-tree", "HEAD"])
        .status()
        .unwrap();
    assert!(st.success());
    let mut c = Std::new("git");
    for k in SCRUB {
        c.env_remove(k);
    }
    let st = c
        .current_dir(&g.root)
        .env("GIT_INDEX_FILE", ".git/other-index")
        .args(["add", "events/user-registered.yaml"])
        .status()
        .unwrap();
    assert!(st.success());
    // The repository's own index has no break.
    let (code, v) = g.json(&["--staged"], &[]);
    assert_eq!(code, 0, "{v}");
    // Run from a subfolder: the relative name is still the work tree's.
    let (code, out, err) = g.contract_in(
        &g.root.join("events"),
        &["check", "--staged", "--format", "json"],
        &[("GIT_INDEX_FILE", ".git/other-index")],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("field-type-changed"), "{out}");
}

#[test]
fn intent_to_add_entries_are_not_staged() {
    let g = on_feature();
    g.write(
        "events/refund-issued.yaml",
        &ORDER
            .replace("OrderPlaced", "RefundIssued")
            .replace("owner: sales", "owner: billing"),
    );
    g.git(&["add", "-N", "events/refund-issued.yaml"]);
    let (code, v) = g.json(&["--staged"], &[]);
    assert_eq!(code, 0, "{v}");
    assert!(
        !files_of(&v).iter().any(|f| f.contains("refund")),
        "an intent-to-add placeholder was judged: {v}"
    );
}

#[test]
fn git_dir_and_git_work_tree_from_the_environment() {
    let g = on_feature();
    // Move the repository's git dir away: only the environment finds it.
    let gd = g.top.join("elsewhere.git");
    std::fs::rename(g.root.join(".git"), &gd).unwrap();
    g.break_user("events/user-registered.yaml");
    let (code, out, err) = g.contract(
        &["check", "--format", "json"],
        &[
            ("GIT_DIR", gd.to_str().unwrap()),
            ("GIT_WORK_TREE", g.root.to_str().unwrap()),
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("field-type-changed"), "{out}");
}

#[test]
fn a_dot_git_file_pointing_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let top = std::fs::canonicalize(dir.path()).unwrap();
    let wt = top.join("wt");
    git_at(
        &top,
        &["init", "-q", "-b", "main", "--separate-git-dir", "gd", "wt"],
    );
    assert!(wt.join(".git").is_file());
    let g = G {
        _dir: dir,
        top: top.clone(),
        root: wt,
    };
    g.write("contracts.yaml", &format!("{MANIFEST}base: main\n"));
    g.write("dictionary.yaml", DICTIONARY);
    g.write("events/user-registered.yaml", USER);
    g.commit_all("main");
    g.git(&["switch", "-q", "-c", "feature"]);
    g.break_user("events/user-registered.yaml");
    g.git(&["add", "-A"]);
    let (code, v) = g.json(&["--staged"], &[]);
    assert_eq!(code, 1, "{v}");
    assert!(rules_of(&v).contains(&"field-type-changed".to_string()));
}

// ---- 3. one base-selection order ----------------------------------------------

/// main (commit A) → origin/main moves on (commit B, a new contract) →
/// feature branches from origin/main and breaks `user_id`. Local `main`
/// stays at A (stale).
fn stale_local_main(manifest: &str) -> G {
    let g = G::new(manifest);
    g.git(&["switch", "-q", "-c", "upstream"]);
    g.write(
        "events/refund-issued.yaml",
        &ORDER
            .replace("OrderPlaced", "RefundIssued")
            .replace("owner: sales", "owner: billing"),
    );
    let b = g.commit_all("upstream: refund");
    g.git(&["update-ref", "refs/remotes/origin/main", &b]);
    g.git(&["switch", "-q", "-c", "feature"]);
    g.git(&["branch", "-D", "upstream"]);
    g.break_user("events/user-registered.yaml");
    g.commit_all("feature: break");
    g
}

#[test]
fn the_newest_merge_base_wins_over_a_stale_local_main() {
    let g = stale_local_main(MANIFEST);
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["base"]["ref"], "origin/main", "{v}");
    assert_eq!(v["base"]["method"], "default");
    assert!(
        !rules_of(&v).contains(&"event-added".to_string()),
        "compared with the stale main: {v}"
    );
    let reason = v["base"]["reason"].as_str().unwrap();
    assert!(reason.contains("newest merge base"), "{reason}");
}

#[test]
fn the_manifest_base_prefers_the_newer_of_local_and_origin() {
    let g = stale_local_main(&format!("{MANIFEST}base: main\n"));
    let (_, v) = g.json(&[], &[]);
    assert_eq!(v["base"]["ref"], "origin/main", "{v}");
    assert_eq!(v["base"]["method"], "manifest");
    assert!(!rules_of(&v).contains(&"event-added".to_string()), "{v}");
}

#[test]
fn a_configured_base_that_does_not_exist_is_exit_2_naming_it() {
    let g = G::new(&format!("{MANIFEST}base: develop\n"));
    g.git(&["switch", "-q", "-c", "feature"]);
    let (code, out, err) = g.contract(&["check"], &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("develop"), "{err}");
    let (code, _, err) = g.contract(&["check", "--base", "nope"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("nope"), "{err}");
}

#[test]
fn origin_head_pointing_at_the_current_branch_is_not_the_base() {
    let g = G::new(MANIFEST);
    let main = g.head();
    g.git(&["switch", "-q", "-c", "feature"]);
    g.break_user("events/user-registered.yaml");
    let f = g.commit_all("feature: break");
    g.git(&["update-ref", "refs/remotes/origin/main", &main]);
    g.git(&["update-ref", "refs/remotes/origin/feature", &f]);
    g.git(&[
        "symbolic-ref",
        "refs/remotes/origin/HEAD",
        "refs/remotes/origin/feature",
    ]);
    g.git(&["branch", "-D", "main"]);
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 1, "compared the branch with itself: {v}");
    assert_eq!(v["base"]["ref"], "origin/main");
    assert_eq!(v["base"]["merge_base"], main.as_str());
}

#[test]
fn unrelated_histories_are_exit_2() {
    let g = G::new(MANIFEST);
    g.git(&["switch", "-q", "--orphan", "other"]);
    g.write("contracts.yaml", MANIFEST);
    g.write("dictionary.yaml", DICTIONARY);
    g.write("events/user-registered.yaml", USER);
    g.commit_all("other root");
    let (code, _, err) = g.contract(&["check", "--base", "main"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no history") || err.contains("share no"),
        "{err}"
    );
    // Nor as a default candidate.
    let (code, _, err) = g.contract(&["check"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("share no history"), "{err}");
}

#[test]
fn the_chosen_base_and_why_in_every_format() {
    let g = stale_local_main(MANIFEST);
    let mb = g.git(&["merge-base", "origin/main", "HEAD"]);
    let (_, human, _) = g.contract(&["check"], &[]);
    assert!(human.contains("origin/main"), "{human}");
    assert!(human.contains(&mb[..12]), "{human}");
    assert!(human.contains("newest merge base"), "{human}");
    let (_, sarif, _) = g.contract(&["check", "--format", "sarif"], &[]);
    let s: Value = serde_json::from_str(&sarif).unwrap();
    let run = &s["runs"][0];
    let base = &run["properties"]["base"];
    assert_eq!(base["merge_base"], mb.as_str(), "{sarif}");
    assert_eq!(base["ref"], "origin/main");
    assert!(base["reason"]
        .as_str()
        .unwrap()
        .contains("newest merge base"));
    // With a remote, the provenance entry carries the base too.
    g.git(&[
        "remote",
        "add",
        "origin",
        "https://example.com/acme/events.git",
    ]);
    let (_, sarif, _) = g.contract(&["check", "--format", "sarif"], &[]);
    let s: Value = serde_json::from_str(&sarif).unwrap();
    let vc = &s["runs"][0]["versionControlProvenance"][0];
    assert_eq!(
        vc["properties"]["base"]["merge_base"],
        mb.as_str(),
        "{sarif}"
    );
    assert!(vc["properties"]["base"]["reason"].is_string());
    let (_, md, _) = g.contract(&["check", "--format", "markdown"], &[]);
    assert!(md.contains("newest merge base"), "{md}");
}

#[test]
fn help_and_readme_say_how_the_base_is_chosen() {
    let g = G::new(MANIFEST);
    let (_, help, _) = g.contract(&["check", "--help"], &[]);
    assert!(help.contains("How the base is chosen"), "{help}");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains("## How the base is chosen")
            || readme.contains("### How the base is chosen")
    );
}

// ---- 2. pull requests and CI clones ---------------------------------------------

/// origin (bare) with main and feature; feature breaks `user_id`, then
/// merges main back ("Update branch"), so its last commit is a merge.
fn origin_with_updated_feature() -> (G, String, String) {
    let g = G::new(MANIFEST);
    g.git(&["switch", "-q", "-c", "feature"]);
    g.break_user("events/user-registered.yaml");
    g.commit_all("feature: break");
    g.git(&["switch", "-q", "main"]);
    g.write(
        "events/refund-issued.yaml",
        &ORDER
            .replace("OrderPlaced", "RefundIssued")
            .replace("owner: sales", "owner: billing"),
    );
    let main = g.commit_all("main: refund");
    g.git(&["switch", "-q", "feature"]);
    g.git(&["merge", "-q", "--no-edit", "main"]);
    let head = g.head();
    (g, main, head)
}

fn payload(g: &G, base: &str, head: &str) -> PathBuf {
    let p = g.top.join("event.json");
    std::fs::write(
        &p,
        serde_json::json!({
            "action": "synchronize",
            "number": 7,
            "pull_request": {
                "base": { "ref": "main", "sha": base },
                "head": { "ref": "feature", "sha": head },
            }
        })
        .to_string(),
    )
    .unwrap();
    p
}

#[test]
fn github_pr_head_checkout_whose_last_commit_merges_main() {
    let (g, main, head) = origin_with_updated_feature();
    // actions/checkout with `ref: head.sha`: detached at the merge.
    g.git(&["switch", "-q", "--detach", &head]);
    let ev = payload(&g, &main, &head);
    let (code, v) = g.json(
        &[],
        &[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", ev.to_str().unwrap()),
            ("GITHUB_BASE_REF", "main"),
            ("GITHUB_REF", "refs/pull/7/merge"),
        ],
    );
    assert_eq!(code, 1, "the break was missed: {v}");
    assert_eq!(v["base"]["method"], "github-pull-request");
    assert_eq!(v["base"]["merge_base"], main.as_str());
    assert!(rules_of(&v).contains(&"field-type-changed".to_string()));
}

#[test]
fn github_synthetic_merge_commit_from_the_payload() {
    let (g, main, head) = origin_with_updated_feature();
    // GitHub's merge commit: parents (base, head).
    let tree = g.git(&["rev-parse", &format!("{head}^{{tree}}")]);
    let merge = g.git(&[
        "commit-tree",
        &tree,
        "-p",
        &main,
        "-p",
        &head,
        "-m",
        "Merge 7 into main",
    ]);
    g.git(&["switch", "-q", "--detach", &merge]);
    let ev = payload(&g, &main, &head);
    let (code, v) = g.json(
        &[],
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", ev.to_str().unwrap()),
            ("GITHUB_REF", "refs/pull/7/merge"),
        ],
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["base"]["merge_base"], main.as_str());
    assert!(v["base"]["reason"]
        .as_str()
        .unwrap()
        .contains("GITHUB_EVENT_PATH"));
}

#[test]
fn a_merge_commit_outside_a_pull_request_is_not_taken_for_one() {
    let (g, main, _) = origin_with_updated_feature();
    g.git(&["branch", "-D", "main"]);
    g.git(&["update-ref", "refs/remotes/origin/main", &main]);
    let (code, v) = g.json(&[], &[("GITHUB_EVENT_NAME", "push")]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["base"]["method"], "default");
    assert_eq!(v["base"]["ref"], "origin/main");
}

#[test]
fn gitlab_merge_request_diff_base() {
    let (g, main, _) = origin_with_updated_feature();
    g.git(&["branch", "-D", "main"]);
    let (code, v) = g.json(
        &[],
        &[
            ("GITLAB_CI", "true"),
            ("CI_MERGE_REQUEST_DIFF_BASE_SHA", &main),
            ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
        ],
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["base"]["method"], "gitlab-merge-request");
    assert_eq!(v["base"]["merge_base"], main.as_str());
}

#[test]
fn a_plain_ci_clone_detached_with_only_origin_refs() {
    let (g, main, head) = origin_with_updated_feature();
    let ci = g.top.join("ci");
    git_at(
        &g.top,
        &[
            "clone",
            "-q",
            "--no-checkout",
            g.root.to_str().unwrap(),
            "ci",
        ],
    );
    git_at(&ci, &["checkout", "-q", "--detach", &head]);
    // Only origin/* refs: no local branch at all.
    for b in git_at(
        &ci,
        &["for-each-ref", "--format=%(refname:short)", "refs/heads"],
    )
    .lines()
    {
        git_at(&ci, &["branch", "-q", "-D", b]);
    }
    let ci_g = G {
        _dir: tempfile::tempdir().unwrap(),
        top: g.top.clone(),
        root: ci,
    };
    let (code, v) = ci_g.json(&[], &[]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["base"]["merge_base"], main.as_str());
    assert!(v["base"]["ref"].as_str().unwrap().starts_with("origin/"));
    assert!(v["base"]["reason"].as_str().is_some());
}

#[test]
fn a_shallow_clone_without_the_base_says_how_to_fetch_it() {
    let (g, main, head) = origin_with_updated_feature();
    let url = format!("file://{}", g.root.display());
    git_at(
        &g.top,
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            "--single-branch",
            &url,
            "shallow",
        ],
    );
    let sg = G {
        _dir: tempfile::tempdir().unwrap(),
        top: g.top.clone(),
        root: g.top.join("shallow"),
    };
    let ev = payload(&g, &main, &head);
    let (code, out, err) = sg.contract(
        &["check"],
        &[
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", ev.to_str().unwrap()),
        ],
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("fetch-depth"), "{err}");
    assert!(err.contains("--unshallow"), "{err}");
    // Without CI context: no base, and the clone is shallow: the same fix.
    let (code, out, err) = sg.contract(&["check"], &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("--unshallow"), "{err}");
}

// ---- 6. monorepo from the root -----------------------------------------------------

fn monorepo() -> G {
    let g = G::empty();
    for ws in ["services/a", "services/b"] {
        g.write(
            &format!("{ws}/contracts.yaml"),
            &format!("{MANIFEST}base: main\n"),
        );
        g.write(&format!("{ws}/dictionary.yaml"), DICTIONARY);
        g.write(&format!("{ws}/events/user-registered.yaml"), USER);
    }
    // Ignored: a broken workspace that must not be discovered.
    g.write(".gitignore", "build/\n");
    g.write("build/contracts.yaml", "contracts: [\n");
    g.commit_all("main");
    g.git(&["switch", "-q", "-c", "feature"]);
    g
}

#[test]
fn monorepo_check_from_the_root_checks_every_workspace() {
    let g = monorepo();
    g.break_user("services/b/events/user-registered.yaml");
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 1, "{v}");
    let files = files_of(&v);
    assert!(
        files
            .iter()
            .any(|f| f == "services/b/events/user-registered.yaml"),
        "{v}"
    );
    assert!(!files.iter().any(|f| f.starts_with("build/")), "{v}");
    // services/a did not change: it is not loaded again, and says so.
    assert_eq!(v["summary"]["contracts"], 1, "{v}");
    let ws = v["coverage"]["workspaces"].as_array().unwrap();
    assert_eq!(ws.len(), 2, "{v}");
    assert_eq!(ws[0]["dir"], "services/a");
    assert!(
        ws[0]["skipped"]
            .as_str()
            .unwrap()
            .contains("nothing in it changed"),
        "{v}"
    );
    assert_eq!(ws[1]["dir"], "services/b");
    assert!(ws[1]["base"]["merge_base"].is_string(), "{v}");
    // The human report names each workspace's base.
    let (code, human, err) = g.contract(&["check"], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        human.contains("services/a") && human.contains("services/b"),
        "{human}"
    );
}

#[test]
fn monorepo_hook_from_the_root() {
    let g = monorepo();
    g.install_hook("");
    g.break_user("services/a/events/user-registered.yaml");
    let before = g.head();
    let (ok, out) = g.try_commit(&["-a", "-m", "break"]);
    assert!(!ok, "{out}");
    assert!(out.contains("field-type-changed"), "{out}");
    assert_eq!(g.head(), before);
}

// ---- 5. any file name ------------------------------------------------------------------

#[test]
fn a_latin1_file_name_keeps_every_other_finding() {
    use std::os::unix::ffi::OsStrExt;
    let g = on_feature();
    let name = std::ffi::OsStr::from_bytes(b"events/caf\xe9.yaml");
    std::fs::write(
        g.root.join(name),
        ORDER
            .replace("OrderPlaced", "RefundIssued")
            .replace("owner: sales", "owner: billing"),
    )
    .unwrap();
    g.break_user("events/user-registered.yaml");
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 1, "{v}");
    assert!(
        rules_of(&v).contains(&"field-type-changed".to_string()),
        "{v}"
    );
    let hit: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().starts_with("events/caf"))
        .collect();
    assert!(!hit.is_empty(), "the Latin-1 file is not named: {v}");
    assert_eq!(hit[0]["file"], "events/caf\u{fffd}.yaml");
    let raw: Vec<u64> = b"events/caf\xe9.yaml".iter().map(|b| *b as u64).collect();
    assert_eq!(hit[0]["file_bytes"], serde_json::json!(raw), "{v}");
    // Committed, too: the index and commit readers keep it.
    g.commit_all("feature");
    let (code, v) = g.json(&["--head", "HEAD"], &[]);
    assert_eq!(code, 1, "{v}");
    assert!(
        files_of(&v).iter().any(|f| f == "events/caf\u{fffd}.yaml"),
        "{v}"
    );
}

#[test]
fn names_with_newlines_commas_and_colons_cannot_inject_workflow_commands() {
    let g = on_feature();
    let evil = "events/x,y::z\n::error file=pwned::injected.yaml";
    std::fs::write(g.root.join(evil), "event: [\n").unwrap();
    g.break_user("events/user-registered.yaml");
    let (code, out, err) = g.contract(&["check", "--format", "github"], &[]);
    assert_eq!(code, 1, "{out}{err}");
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert!(
        !out.lines().any(|l| l.starts_with("::error file=pwned")),
        "injected: {out}"
    );
    assert!(
        commands.iter().any(|l| l.contains("field-type-changed")),
        "{out}"
    );
    assert!(
        commands
            .iter()
            .any(|l| l.contains("x%2Cy%3A%3Az%0A%3A%3Aerror")),
        "{out}"
    );
    let (_, v) = g.json(&[], &[]);
    assert!(files_of(&v).iter().any(|f| f == evil), "{v}");
}

// ---- 4. working trees as git sees them ---------------------------------------------

#[test]
fn sparse_checkout_entries_are_not_removed() {
    let g = G::new(&format!("{MANIFEST}base: main\n"));
    g.write("events/sales/order-placed.yaml", ORDER);
    g.git(&["rm", "-q", "events/order-placed.yaml"]);
    g.commit_all("move order to sales/");
    g.git(&["switch", "-q", "-c", "feature"]);
    g.git(&[
        "sparse-checkout",
        "set",
        "--no-cone",
        "/*.yaml",
        "/events/user-registered.yaml",
    ]);
    assert!(!g.root.join("events/sales/order-placed.yaml").exists());
    g.break_user("events/user-registered.yaml");
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 1, "{v}");
    assert!(!rules_of(&v).contains(&"event-removed".to_string()), "{v}");
    assert!(
        rules_of(&v).contains(&"field-type-changed".to_string()),
        "{v}"
    );
    assert_eq!(v["summary"]["contracts"], 2, "{v}");
}

#[test]
fn autocrlf_line_endings_are_no_change() {
    let g = G::new(&format!("{MANIFEST}base: main\n"));
    g.git(&["switch", "-q", "-c", "feature"]);
    g.git(&["config", "core.autocrlf", "true"]);
    g.write("events/user-registered.yaml", &USER.replace('\n', "\r\n"));
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["changed"], 0, "{v}");
}

#[test]
fn head_rev_without_a_workspace_is_exit_2_saying_so() {
    let g = G::empty();
    g.write("README.md", "before the contracts\n");
    let first = g.commit_all("readme");
    g.write("contracts.yaml", &format!("{MANIFEST}base: main\n"));
    g.write("dictionary.yaml", DICTIONARY);
    g.write("events/user-registered.yaml", USER);
    g.commit_all("contracts");
    let (code, out, err) = g.contract(&["check", "--head", &first], &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("no contracts.yaml at"), "{err}");
    assert!(!err.contains("disappeared"), "{err}");
}

#[test]
fn a_moved_workspace_is_paired_with_its_base_location() {
    let g = G::empty();
    g.write(
        "contracts/contracts.yaml",
        &format!("{MANIFEST}base: main\n"),
    );
    g.write("contracts/dictionary.yaml", DICTIONARY);
    g.write("contracts/events/user-registered.yaml", USER);
    g.write("contracts/events/order-placed.yaml", ORDER);
    g.commit_all("main");
    g.git(&["switch", "-q", "-c", "feature"]);
    g.git(&["mv", "contracts", "schemas"]);
    g.break_user("schemas/events/user-registered.yaml");
    g.commit_all("move and break");
    let (code, out, err) =
        g.contract_in(&g.root.join("schemas"), &["check", "--format", "json"], &[]);
    assert_eq!(code, 1, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules = rules_of(&v);
    assert!(rules.contains(&"field-type-changed".to_string()), "{v}");
    assert!(!rules.contains(&"event-added".to_string()), "{v}");
    assert_eq!(v["base"]["moved_from"], "contracts", "{v}");
}

#[test]
fn submodule_contracts_are_reported_as_not_checked_by_both_sides() {
    let g = on_feature();
    // A second repository with a contract, added as a submodule.
    let sub = g.top.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    git_at(&sub, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(sub.join("more")).unwrap();
    std::fs::write(
        sub.join("more/refund.yaml"),
        ORDER
            .replace("OrderPlaced", "RefundIssued")
            .replace("owner: sales", "owner: billing"),
    )
    .unwrap();
    git_at(&sub, &["add", "-A"]);
    git_at(&sub, &["commit", "-q", "-m", "sub"]);
    g.git(&[
        "submodule",
        "add",
        "-q",
        sub.to_str().unwrap(),
        "events/vendor",
    ]);
    let (_, v1) = g.json(&[], &[]);
    let (_, v2) = g.json(&["--staged"], &[]);
    for v in [&v1, &v2] {
        let f: Vec<&Value> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"].as_str().unwrap().starts_with("events/vendor"))
            .collect();
        assert_eq!(f.len(), 1, "{v}");
        assert_eq!(f[0]["rule"], "not-checked", "{v}");
        assert!(
            f[0]["message"].as_str().unwrap().contains("submodule"),
            "{v}"
        );
    }
}

// ---- schemas split over files (issue 18) -------------------------------------

/// A contract whose payload is a shared schema file two folders away, and
/// that file, on `main`; `feature` checked out.
fn with_shared_file() -> G {
    let g = G::new(&format!("{MANIFEST}base: main\n"));
    g.write(
        "schemas/common/user.json",
        r#"{"type": "object", "required": ["user_id"], "properties": {"user_id": {"type": "integer"}, "nickname": {"$ref": "names.json#/$defs/Nick"}}}"#,
    );
    g.write(
        "schemas/common/names.json",
        r#"{"$defs": {"Nick": {"type": "string"}}}"#,
    );
    g.write(
        "events/user-registered.yaml",
        &USER.replace(
            "schema:\n  type: object\n  required: [user_id]\n  properties:\n    user_id: { type: integer }\n    nickname: { type: string }\n",
            "schema:\n  $ref: \"../schemas/common/user.json\"\n",
        ),
    );
    g.commit_all("shared user schema");
    g.git(&["switch", "-q", "-c", "feature"]);
    g
}

/// The `user_id` integer → string break, made only in the shared file.
const SHARED_BROKEN: &str = r#"{"type": "object", "required": ["user_id"], "properties": {"user_id": {"type": "string"}, "nickname": {"$ref": "names.json#/$defs/Nick"}}}"#;

fn breaks_user_id(v: &Value) -> bool {
    v["findings"].as_array().unwrap().iter().any(|f| {
        f["rule"] == "field-type-changed"
            && f["event"] == "UserRegistered"
            && f["message"].as_str().unwrap().contains("user_id")
    })
}

#[test]
fn a_contract_pointing_at_shared_files_is_read_through_them() {
    let g = with_shared_file();
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 0, "{v:#}");
    let rules = rules_of(&v);
    assert!(!rules.iter().any(|r| r.contains("ref")), "{rules:?}");
}

#[test]
fn a_break_made_only_in_a_shared_file_is_caught_at_the_merge_base() {
    let g = with_shared_file();
    g.write("schemas/common/user.json", SHARED_BROKEN);
    g.commit_all("break in the shared file only");
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert!(breaks_user_id(&v), "{v:#}");
    // A file two hops away counts too.
    let g = with_shared_file();
    g.write(
        "schemas/common/names.json",
        r#"{"$defs": {"Nick": {"type": "string", "maxLength": 3}}}"#,
    );
    g.commit_all("tighten a definition two files away");
    let (code, v) = g.json(&[], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert!(
        rules_of(&v).contains(&"constraint-tightened".to_string()),
        "{v:#}"
    );
}

#[test]
fn staged_reads_the_shared_file_as_staged() {
    let g = with_shared_file();
    // Staged: the break. Working tree: the file as it was.
    g.write("schemas/common/user.json", SHARED_BROKEN);
    g.git(&["add", "schemas/common/user.json"]);
    g.git(&["checkout", "--", "schemas/common/user.json"]);
    let (code, v) = g.json(&["--staged"], &[]);
    assert_eq!(code, 1, "{v:#}");
    assert!(breaks_user_id(&v), "{v:#}");
    // The other way round: broken on disk, not staged: the staged check passes.
    g.git(&["reset", "-q"]);
    g.write("schemas/common/user.json", SHARED_BROKEN);
    let (code, v) = g.json(&["--staged"], &[]);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn diff_schema_follows_files_beside_each_side() {
    let g = G::empty();
    for (side, ty) in [("v1", "integer"), ("v2", "string")] {
        g.write(
            &format!("{side}/event.json"),
            r#"{"type": "object", "properties": {"user": {"$ref": "common/user.json"}}}"#,
        );
        g.write(
            &format!("{side}/common/user.json"),
            &format!(r#"{{"type": "object", "properties": {{"user_id": {{"type": "{ty}"}}}}}}"#),
        );
    }
    let (code, out, err) = g.contract(
        &[
            "diff",
            "--schema",
            "v1/event.json",
            "v2/event.json",
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 1, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["changes"][0]["kind"], "field-type-changed", "{v:#}");
    // A reference that cannot be followed is never a pass.
    g.write(
        "v3/event.json",
        r#"{"type": "object", "properties": {"user": {"$ref": "missing.json"}}}"#,
    );
    let (code, out, err) = g.contract(&["diff", "--schema", "v3/event.json", "v3/event.json"], &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("does not exist"), "{out}");
}

#[test]
fn a_shared_definition_used_in_50_places_is_one_finding() {
    let g = G::empty();
    let props = |target: &str| {
        (0..50)
            .map(|i| format!(r#""amount_{i}": {{"$ref": "{target}"}}"#))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // In the same document ($defs) and in a shared file.
    for (side, max) in [("v1", ""), ("v2", r#", "maximum": 100"#)] {
        g.write(
            &format!("{side}/defs.json"),
            &format!(
                r#"{{"type": "object", "properties": {{{}}}, "$defs": {{"Money": {{"type": "integer"{max}}}}}}}"#,
                props("#/$defs/Money")
            ),
        );
        g.write(
            &format!("{side}/files.json"),
            &format!(
                r#"{{"type": "object", "properties": {{{}}}}}"#,
                props("money.json")
            ),
        );
        g.write(
            &format!("{side}/money.json"),
            &format!(r#"{{"type": "integer"{max}}}"#),
        );
    }
    for doc in ["defs.json", "files.json"] {
        let (code, out, err) = g.contract(
            &[
                "diff",
                "--schema",
                &format!("v1/{doc}"),
                &format!("v2/{doc}"),
                "--format",
                "json",
            ],
            &[],
        );
        assert_eq!(code, 1, "{out}{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{doc}: {v:#}");
        let f = &findings[0];
        assert_eq!(f["rule"], "constraint-tightened");
        assert_eq!(f["related"].as_array().unwrap().len(), 50, "{f:#}");
        let msg = f["message"].as_str().unwrap();
        assert!(msg.contains("used in 50 places"), "{msg}");
        assert!(msg.contains("and 40 more"), "{msg}");
    }
}
