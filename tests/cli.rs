//! End to end: real git repositories built with git2 in a temp dir, and the
//! real binary. Exit codes and JSON findings are asserted.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{feature_with, Repo, MANIFEST};
use git2::Signature;
use serde_json::Value;

fn findings(v: &Value) -> Vec<&Value> {
    v["findings"].as_array().unwrap().iter().collect()
}

fn rules_of(v: &Value) -> Vec<String> {
    findings(v)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn only<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    findings(v)
        .into_iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn user_id_integer_to_uuid_is_an_error_naming_the_consumers() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string, format: uuid }",
        );
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0",
            "version: 2.0.0",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    let f = only(&v, "field-type-changed");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(f[0]["file"], "events/user-registered.yaml");
    assert_eq!(f[0]["pointer"], "/schema/properties/user_id");
    assert_eq!(f[0]["line"], 12);
    assert_eq!(
        f[0]["consumers"],
        serde_json::json!(["billing", "marketing"])
    );
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("from `integer` to `string (format uuid)`"));
    assert_eq!(f[0]["base"]["line"], 12);
    // The merge base, not the tip of main: the contract main added later is not "removed".
    assert!(
        !rules_of(&v).contains(&"event-removed".to_string()),
        "{v:#}"
    );
    assert_eq!(v["base"]["method"], "manifest");
    assert_eq!(v["base"]["ref"], "main");
    assert_eq!(v["summary"]["changed"], 1);
}

#[test]
fn optional_field_with_minor_bump_is_info_and_passes() {
    let r = feature_with(|r| {
        r.edit(
            "events/order-placed.yaml",
            "    order_id: { type: string }\n",
            "    order_id: { type: string }\n    discount_code: { type: string }\n",
        );
        r.edit(
            "events/order-placed.yaml",
            "version: 1.0.0",
            "version: 1.1.0",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
    let f = only(&v, "field-added");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["severity"], "info");
    assert_eq!(f[0]["consumers"], serde_json::json!(["billing"]));
}

#[test]
fn a_change_without_a_version_bump_is_reported() {
    let r = feature_with(|r| {
        r.edit(
            "events/order-placed.yaml",
            "    order_id: { type: string }\n",
            "    order_id: { type: string }\n    note: { type: string }\n",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(only(&v, "version-not-bumped").len(), 1, "{v:#}");
}

#[test]
fn a_new_required_field_breaks_backward() {
    let r = feature_with(|r| {
        r.edit(
            "events/order-placed.yaml",
            "required: [order_id]",
            "required: [order_id, channel]",
        );
        r.edit(
            "events/order-placed.yaml",
            "    order_id: { type: string }\n",
            "    order_id: { type: string }\n    channel: { type: string }\n",
        );
        r.edit(
            "events/order-placed.yaml",
            "version: 1.0.0",
            "version: 1.1.0",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(only(&v, "required-added")[0]["severity"], "error");
    assert_eq!(only(&v, "major-version-required").len(), 1, "{v:#}");
}

#[test]
fn a_renamed_file_is_not_a_change() {
    let r = feature_with(|r| {
        std::fs::create_dir_all(r.root.join("events/sales")).unwrap();
        std::fs::rename(
            r.root.join("events/order-placed.yaml"),
            r.root.join("events/sales/order.yaml"),
        )
        .unwrap();
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
    assert!(findings(&v).is_empty(), "{v:#}");
    assert_eq!(v["summary"]["changed"], 0);
}

#[test]
fn a_deleted_contract_is_event_removed() {
    let r = feature_with(|r| {
        std::fs::remove_file(r.root.join("events/order-placed.yaml")).unwrap();
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    let f = only(&v, "event-removed");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(f[0]["consumers"], serde_json::json!(["billing"]));
}

#[test]
fn a_dictionary_concept_change_reaches_the_contracts_using_it() {
    let r = feature_with(|r| {
        r.edit(
            "dictionary.yaml",
            "schema: { type: string, format: uuid }",
            "schema: { type: integer }",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    let f = only(&v, "field-type-changed");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["event"], "OrderPlaced");
    assert_eq!(f[0]["pointer"], "/schema/properties/customer_id");
    assert_eq!(only(&v, "version-not-bumped").len(), 1);
}

#[test]
fn staged_compares_the_index_and_ignores_unstaged_edits() {
    let r = Repo::new();
    r.edit(
        "events/order-placed.yaml",
        "version: 1.0.0",
        "version: 1.1.0",
    );
    r.edit(
        "events/order-placed.yaml",
        "    order_id: { type: string }\n",
        "    order_id: { type: string }\n    note: { type: string }\n",
    );
    r.stage("events/order-placed.yaml");
    // An unstaged breaking edit on top.
    r.edit(
        "events/user-registered.yaml",
        "user_id: { type: integer }",
        "user_id: { type: string }",
    );
    let (code, v) = r.check_json(&["--staged"]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only(&v, "field-added").len(), 1);
    assert!(only(&v, "field-type-changed").is_empty());
    // The working tree sees both.
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    assert_eq!(only(&v, "field-type-changed").len(), 1);
}

#[test]
fn a_shallow_clone_exits_2_with_the_fix() {
    let r = Repo::new();
    r.branch("feature");
    r.edit(
        "events/order-placed.yaml",
        "version: 1.0.0",
        "version: 1.0.1",
    );
    let feature = r.commit("feature");
    r.switch("main");
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 1.0.1",
    );
    let main = r.commit("main moves on");
    r.switch("feature");
    // What `git clone --depth 1` leaves: history cut below both tips.
    std::fs::write(r.root.join(".git/shallow"), format!("{feature}\n{main}\n")).unwrap();
    let (code, out, err) = r.contract(&["check"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("shallow")
            && err.contains("fetch-depth: 0")
            && err.contains("git fetch --unshallow"),
        "{err}"
    );
}

#[test]
fn an_enum_narrowed_under_backward_is_an_error() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "[ACTIVE, PENDING, LOCKED]",
            "[ACTIVE, PENDING]",
        );
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0",
            "version: 2.0.0",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    let f = only(&v, "enum-value-removed");
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(f[0]["message"].as_str().unwrap().contains("lost LOCKED"));
}

#[test]
fn a_constraint_loosened_under_full_is_an_error() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "owner: identity\n",
            "owner: identity\ncompatibility: full\n",
        );
        r.commit("full mode");
    });
    // Make `full` the base, then loosen on top.
    r.switch("main");
    let head = r
        .repo
        .find_branch("feature", git2::BranchType::Local)
        .unwrap()
        .get()
        .peel_to_commit()
        .unwrap();
    r.repo
        .reference("refs/heads/main", head.id(), true, "fast-forward")
        .unwrap();
    r.switch("main");
    r.branch("loosen");
    r.edit(
        "events/user-registered.yaml",
        "maxLength: 20",
        "maxLength: 40",
    );
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 2.0.0",
    );
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let f = only(&v, "constraint-loosened");
    assert_eq!(f.len(), 1);
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("breaks `full` (forward)"));
}

#[test]
fn a_transitive_mode_catches_a_break_against_an_older_version() {
    let r = Repo::new();
    // On main: 1.0.0 has LOCKED; 2.0.0 dropped it (the mode was `none` then).
    r.edit(
        "events/user-registered.yaml",
        "owner: identity\n",
        "owner: identity\ncompatibility: none\n",
    );
    r.edit(
        "events/user-registered.yaml",
        "[ACTIVE, PENDING, LOCKED]",
        "[ACTIVE, PENDING]",
    );
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 2.0.0",
    );
    r.commit("2.0.0 drops LOCKED");
    r.branch("feature");
    r.edit(
        "events/user-registered.yaml",
        "compatibility: none",
        "compatibility: backward_transitive",
    );
    r.edit(
        "events/user-registered.yaml",
        "version: 2.0.0",
        "version: 2.1.0",
    );
    r.edit(
        "events/user-registered.yaml",
        "maxLength: 20",
        "maxLength: 30",
    );
    // Against 2.0.0 alone this is compatible ...
    let (_, v) = r.check_json(&[]);
    let f = only(&v, "enum-value-removed");
    // ... but 1.0.0 had LOCKED.
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("against version 1.0.0"),
        "{v:#}"
    );
    assert_eq!(f[0]["severity"], "error");
}

#[test]
fn no_base_no_git_and_a_missing_base_ref_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("contracts.yaml"), MANIFEST).unwrap();
    // A check of nothing does not pass: one contract to lint.
    std::fs::create_dir_all(dir.path().join("events")).unwrap();
    std::fs::write(
        dir.path().join("events/x.yaml"),
        "event: X\nversion: 1.0.0\nowner: sales\nschema: { type: object }\n",
    )
    .unwrap();
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--no-diff"));
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--no-diff"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let r = Repo::new();
    let (code, _, err) = r.contract(&["check", "--base", "origin/nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("git fetch origin nope"), "{err}");
}

#[test]
fn the_github_pull_request_merge_checkout_uses_its_first_parent() {
    let r = Repo::new();
    r.branch("feature");
    r.edit(
        "events/order-placed.yaml",
        "version: 1.0.0",
        "version: 1.1.0",
    );
    r.edit(
        "events/order-placed.yaml",
        "    order_id: { type: string }\n",
        "    order_id: { type: string }\n    note: { type: string }\n",
    );
    let feature = r.commit("feature");
    r.switch("main");
    // The merge commit GitHub checks out: parents (main, feature).
    let main = r.repo.head().unwrap().peel_to_commit().unwrap();
    let feat = r.repo.find_commit(feature).unwrap();
    let tree = feat.tree().unwrap();
    let sig = Signature::now("GitHub", "gh@example.com").unwrap();
    let merge = r
        .repo
        .commit(None, &sig, &sig, "Merge", &tree, &[&main, &feat])
        .unwrap();
    r.repo.set_head_detached(merge).unwrap();
    r.repo
        .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(&r.root)
        .env("GITHUB_EVENT_NAME", "pull_request")
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["base"]["method"], "github-pull-request");
    assert_eq!(v["base"]["merge_base"], main.id().to_string());
    assert_eq!(only(&v, "field-added").len(), 1);
}

#[test]
fn output_is_byte_identical_across_runs() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
    });
    let a = r.contract(&["check", "--format", "json"]);
    let b = r.contract(&["check", "--format", "json"]);
    assert_eq!(a, b);
    let a = r.contract(&["check"]);
    let b = r.contract(&["check"]);
    assert_eq!(a, b);
}

#[test]
fn the_readme_commands_work_on_the_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(root)
        .args(["check", "--no-diff", "contracts-example"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = Command::cargo_bin("contract")
        .unwrap()
        .args(["explain", "field-removed"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("open") && text.contains("closed") && text.contains("## How to fix"));
    let out = Command::cargo_bin("contract")
        .unwrap()
        .args(["rules"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("shared-field-not-in-dictionary"));
}

#[test]
fn init_writes_a_workspace_that_passes() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(dir.path())
        .args(["init", "ws"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-diff",
            "ws",
            "--fail-on",
            "info",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(findings(&v).is_empty(), "{v:#}");
    let again = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(dir.path())
        .args(["init", "ws"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn schema_prints_each_file_kind() {
    for kind in ["contract", "dictionary", "manifest"] {
        let out = Command::cargo_bin("contract")
            .unwrap()
            .args(["schema", kind])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}

#[test]
fn diff_accepts_rev_path_and_plain_schemas() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
    });
    let (code, out, err) = r.contract(&[
        "diff",
        "main:events/user-registered.yaml",
        "events/user-registered.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["compatible"], false);
    assert_eq!(v["changes"][0]["kind"], "field-type-changed");
    assert_eq!(
        v["changes"][0]["breaks"],
        serde_json::json!(["backward", "forward"])
    );

    r.write(
        "a.json",
        r#"{"type":"object","properties":{"x":{"type":"string"}}}"#,
    );
    r.write(
        "b.json",
        r#"{"type":"object","properties":{"x":{"type":"string"},"y":{"type":"string"}}}"#,
    );
    let (code, out, _) = r.contract(&["diff", "--schema", "a.json", "b.json", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["policy"], "lenient");
    assert_eq!(v["compatible"], true);
    let (code, _, _) = r.contract(&[
        "diff",
        "--schema",
        "a.json",
        "b.json",
        "--policy",
        "confluent",
    ]);
    assert_eq!(code, 1);
    let (code, _, err) = r.contract(&["diff", "--schema", "a.json", "missing.json"]);
    assert_eq!(code, 2, "{err}");
}
