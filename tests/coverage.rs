//! The coverage record and typed exit-2 errors, through the real binary:
//! what could not be checked is listed in every format, each entry naming
//! the finding that reports it; every exit-2 reason has its code and help.

mod common;

use common::{feature_with, Repo};
use serde_json::Value;

fn broken_contract(r: &Repo) {
    r.write(
        "events/broken.yaml",
        "event: Broken\nschema: { properties: { id: { type: string }\n",
    );
}

#[test]
fn an_unreadable_file_is_listed_as_not_checked_in_every_format() {
    let r = feature_with(broken_contract);
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let coverage = &v["coverage"];
    assert_eq!(coverage["contracts"], 3, "{coverage:#}");
    assert_eq!(coverage["compared"], 2, "{coverage:#}");
    assert_eq!(coverage["base"]["ref"], "main");
    let not_checked = coverage["not_checked"].as_array().unwrap();
    assert_eq!(not_checked.len(), 1, "{coverage:#}");
    assert_eq!(not_checked[0]["scope"], "file");
    assert_eq!(not_checked[0]["what"], "events/broken.yaml");
    assert_eq!(not_checked[0]["reported_by"], "invalid-yaml");

    let (_, human, _) = r.contract(&["check"]);
    let line = human
        .lines()
        .find(|l| l.starts_with("Coverage: "))
        .unwrap_or_else(|| panic!("no coverage line in:\n{human}"));
    assert_eq!(
        line,
        "Coverage: checked 5 files (3 contracts, 2 compared with the base); not checked: 1 — events/broken.yaml (invalid-yaml)."
    );

    let (_, sarif, _) = r.contract(&["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes.len(), 1, "{sarif:#}");
    assert_eq!(notes[0]["descriptor"]["id"], "invalid-yaml");
    assert_eq!(notes[0]["level"], "error");
}

#[test]
fn a_clean_run_says_nothing_was_left_unchecked() {
    let r = feature_with(|_| {});
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["coverage"]["not_checked"], serde_json::json!([]));
    let (_, human, _) = r.contract(&["check"]);
    assert!(
        human.contains("; nothing left unchecked."),
        "no coverage line in:\n{human}"
    );
}

#[test]
fn no_diff_lists_the_base_comparison_as_not_asked() {
    let r = Repo::new();
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 0, "{v:#}");
    let not_checked = v["coverage"]["not_checked"].as_array().unwrap();
    assert_eq!(not_checked.len(), 1, "{v:#}");
    assert_eq!(not_checked[0]["scope"], "base");
    assert!(not_checked[0].get("reported_by").is_none());
}

#[test]
fn exit_2_errors_carry_their_code_and_help() {
    let r = Repo::new();
    let (code, _, err) = r.contract(&["check", "--base", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error[contract::base_not_found]: "),
        "{err}"
    );
    assert!(
        err.contains("the base `no-such-branch` does not exist here"),
        "{err}"
    );
    assert!(err.contains("git fetch origin no-such-branch"), "{err}");

    let (code, _, err) = r.contract(&["explain", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(err.contains("contract::unknown_rule"), "{err}");
    assert!(err.contains("`contract rules` lists them"), "{err}");

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("contracts.yaml"), "{}\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("contract")
        .unwrap()
        .current_dir(outside.path())
        .arg("check")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("contract::not_in_git"), "{err}");
    assert!(err.contains("contract check --no-diff"), "{err}");
}
