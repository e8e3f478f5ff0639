//! Shared by the end-to-end tests: real git repositories built with git2
//! in a temp dir, and the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use git2::{IndexAddOption, Oid, Repository, Signature, Time};
use serde_json::Value;

pub struct Repo {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
    pub repo: Repository,
}

pub const MANIFEST: &str =
    "contracts: [\"events/**/*.yaml\"]\nbase: main\ncompatibility: backward\n";

pub const DICTIONARY: &str = r#"domains:
  sales: { team: Sales, contact: sales@example.com, github: "@acme/sales" }
  identity: { team: Identity, contact: id@example.com, github: "@acme/identity" }
  billing: { team: Billing, contact: billing@example.com, github: "@acme/billing" }
  marketing: { team: Marketing, contact: mkt@example.com, github: "@acme/marketing" }
concepts:
  customer_id:
    owner: identity
    schema: { type: string, format: uuid }
events:
  UserRegistered: { owner: identity, requires: [user_id] }
  OrderPlaced: { owner: sales, requires: [order_id] }
  RefundIssued: { owner: billing }
"#;

pub const USER: &str = r#"event: UserRegistered
version: 1.0.0
owner: identity
channel: identity.user-registered
consumers:
  - domain: billing
  - domain: marketing
schema:
  type: object
  required: [user_id]
  properties:
    user_id: { type: integer }
    status: { type: string, enum: [ACTIVE, PENDING, LOCKED] }
    nickname: { type: string, maxLength: 20 }
"#;

pub const ORDER: &str = r#"event: OrderPlaced
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
    customer_id: { $ref: "concept:customer_id" }
"#;

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let repo = Repository::init(&root).unwrap();
        repo.set_head("refs/heads/main").unwrap();
        let r = Repo {
            _dir: dir,
            root,
            repo,
        };
        r.write("contracts.yaml", MANIFEST);
        r.write("dictionary.yaml", DICTIONARY);
        r.write("events/user-registered.yaml", USER);
        r.write("events/order-placed.yaml", ORDER);
        r.commit("main: contracts");
        r
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.root.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(p, text.replace(from, to)).unwrap();
    }

    /// Stage everything (deletions included) and commit on HEAD.
    pub fn commit(&self, msg: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        self.commit_index(msg)
    }

    pub fn commit_index(&self, msg: &str) -> Oid {
        let mut index = self.repo.index().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        // A fixed time: the same content gives the same commits, run after run.
        let sig = Signature::new("Test", "test@example.com", &Time::new(1_764_000_000, 0)).unwrap();
        let parents: Vec<git2::Commit> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let refs: Vec<&git2::Commit> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
            .unwrap()
    }

    pub fn stage(&self, rel: &str) {
        let mut index = self.repo.index().unwrap();
        index.add_path(Path::new(rel)).unwrap();
        index.write().unwrap();
    }

    /// Create `name` at HEAD and switch to it.
    pub fn branch(&self, name: &str) {
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        self.repo.branch(name, &head, false).unwrap();
        self.switch(name);
    }

    pub fn switch(&self, name: &str) {
        self.repo.set_head(&format!("refs/heads/{name}")).unwrap();
        self.repo
            .checkout_head(Some(
                git2::build::CheckoutBuilder::new()
                    .force()
                    .remove_untracked(true),
            ))
            .unwrap();
    }

    pub fn contract(&self, args: &[&str]) -> (i32, String, String) {
        let out = Command::cargo_bin("contract")
            .unwrap()
            .current_dir(&self.root)
            .env_remove("GITHUB_EVENT_NAME")
            .env_remove("PRE_COMMIT_FROM_REF")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub fn check_json(&self, extra: &[&str]) -> (i32, Value) {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        let (code, out, err) = self.contract(&args);
        assert!(code == 0 || code == 1, "exit {code}: {err}");
        (
            code,
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")),
        )
    }
}

/// main: contracts; feature: the change; then main moves on with a commit
/// the feature lacks (a new contract), which the merge base must not report.
pub fn feature_with(change: impl FnOnce(&Repo)) -> Repo {
    let r = Repo::new();
    r.branch("feature");
    change(&r);
    r.commit("feature: change");
    r.switch("main");
    r.write(
        "events/refund-issued.yaml",
        &ORDER
            .replace("OrderPlaced", "RefundIssued")
            .replace("owner: sales", "owner: billing")
            .replace("sales.order-placed", "billing.refund-issued"),
    );
    r.commit("main: a later contract the feature branch lacks");
    r.switch("feature");
    r
}

/// A property test's case count: `PROPTEST_CASES` when set (a larger run:
/// `PROPTEST_CASES=4096 cargo test --test diff`), else the suite's default.
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
