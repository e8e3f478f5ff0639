//! New vs existing: findings classified against the base by fingerprint;
//! `--fail-on` gates on new and updated findings only, unless
//! `--fail-on-existing` (or `fail-on-existing: true`) says otherwise.

mod common;

use std::path::Path;

use common::{Repo, ORDER};
use serde_json::Value;

/// A contract owned by a domain the dictionary lacks: an `unknown-domain`
/// warning... is an error by default, so make it a warning in the manifest.
const MANIFEST: &str =
    "contracts: [\"events/**/*.yaml\"]\nbase: main\nrules: { unknown-domain: warning }\n";

/// main has an old warning (an unknown consumer domain) in an untouched file.
fn repo_with_old_warning() -> Repo {
    let r = Repo::new();
    r.write("contracts.yaml", MANIFEST);
    r.write(
        "events/legacy.yaml",
        &ORDER
            .replace("OrderPlaced", "LegacyPing")
            .replace("sales.order-placed", "sales.legacy-ping")
            .replace("- domain: billing", "- domain: warehouse"),
    );
    r.commit("main: contracts, one with an old warning");
    r.branch("feature");
    r
}

fn findings<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// A compatible change in another file: the PR itself is clean.
fn clean_change(r: &Repo) {
    r.edit(
        "events/order-placed.yaml",
        "    customer_id: { $ref: \"concept:customer_id\" }",
        "    customer_id: { $ref: \"concept:customer_id\" }\n    note: { type: string }",
    );
    r.edit(
        "events/order-placed.yaml",
        "version: 1.0.0",
        "version: 1.1.0",
    );
    r.commit("feature: add an optional field");
}

#[test]
fn an_old_warning_in_an_untouched_file_does_not_fail_the_pr() {
    let r = repo_with_old_warning();
    clean_change(&r);
    let (code, v) = r.check_json(&["--fail-on", "warning"]);
    let old = findings(&v, "unknown-domain");
    assert_eq!(old.len(), 1, "{v:#}");
    assert_eq!(old[0]["baseline"], "unchanged");
    assert_eq!(old[0]["severity"], "warning");
    assert_eq!(code, 0, "{v:#}");
    // The old warnings (unknown consumer, unknown event) are unchanged.
    assert_eq!(v["summary"]["baseline"]["unchanged"], 2);
    // The change itself is new.
    assert!(findings(&v, "field-added")
        .iter()
        .all(|f| f["baseline"] == "new"));
    // Gating on everything: the old warning fails the check.
    let (code, _) = r.check_json(&["--fail-on", "warning", "--fail-on-existing"]);
    assert_eq!(code, 1);
    r.write(
        "contracts.yaml",
        &format!("{MANIFEST}fail-on-existing: true\n"),
    );
    let (code, _) = r.check_json(&["--fail-on", "warning"]);
    assert_eq!(code, 1);
}

#[test]
fn a_new_warning_fails_the_pr() {
    let r = repo_with_old_warning();
    r.edit(
        "events/order-placed.yaml",
        "- domain: billing",
        "- domain: logistics",
    );
    r.commit("feature: a consumer the dictionary lacks");
    let (code, v) = r.check_json(&["--fail-on", "warning"]);
    let states: Vec<(&str, &str)> = findings(&v, "unknown-domain")
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["baseline"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        vec![
            ("events/legacy.yaml", "unchanged"),
            ("events/order-placed.yaml", "new")
        ]
    );
    assert_eq!(code, 1);
    // Human and markdown output group them.
    let (_, human, _) = r.contract(&["check", "--fail-on", "never"]);
    let new_at = human.find("New or updated since the base").expect(&human);
    let old_at = human.find("Already at the base").expect(&human);
    assert!(new_at < old_at);
    assert!(human[new_at..old_at].contains("logistics"));
    assert!(human[old_at..].contains("warehouse"));
    let (_, md, _) = r.contract(&["check", "--format", "markdown", "--fail-on", "never"]);
    assert!(md.contains("### New or updated workspace findings"), "{md}");
    assert!(md.contains("already at the base (not gating)"), "{md}");
}

#[test]
fn a_changed_message_is_updated_and_a_fixed_warning_is_absent() {
    let r = repo_with_old_warning();
    // The legacy contract's unknown consumer changes (same place, same rule).
    r.edit(
        "events/legacy.yaml",
        "- domain: warehouse",
        "- domain: depot",
    );
    r.commit("feature: another unknown consumer");
    let (code, v) = r.check_json(&["--fail-on", "warning"]);
    let f = findings(&v, "unknown-domain");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["baseline"], "updated");
    assert_eq!(code, 1);
    // Fixing it: gone from the findings, listed as absent.
    r.edit("events/legacy.yaml", "- domain: depot", "- domain: billing");
    r.commit("feature: fixed");
    let (code, v) = r.check_json(&["--fail-on", "warning"]);
    assert!(findings(&v, "unknown-domain").is_empty());
    let absent = v["absent"].as_array().unwrap();
    assert_eq!(absent.len(), 1, "{v:#}");
    assert_eq!(absent[0]["rule"], "unknown-domain");
    assert_eq!(absent[0]["baseline"], "absent");
    assert_eq!(code, 0);
}

#[test]
fn a_shared_field_anchored_at_the_change_stays_unchanged() {
    // Two domains define `note` inline on main; the PR touches one of the
    // contracts elsewhere: the finding moves its anchor, it is not new.
    let r = Repo::new();
    r.edit(
        "events/order-placed.yaml",
        "    customer_id: { $ref: \"concept:customer_id\" }",
        "    customer_id: { $ref: \"concept:customer_id\" }\n    note: { type: string }",
    );
    r.edit(
        "events/user-registered.yaml",
        "    nickname: { type: string, maxLength: 20 }",
        "    nickname: { type: string, maxLength: 20 }\n    note: { type: string }",
    );
    r.commit("main: note shared inline");
    r.branch("feature");
    r.edit(
        "events/user-registered.yaml",
        "maxLength: 20",
        "maxLength: 30",
    );
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 1.0.1",
    );
    r.commit("feature: loosen nickname");
    let (code, v) = r.check_json(&["--fail-on", "warning"]);
    let f = findings(&v, "shared-field-not-in-dictionary");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["file"], "events/user-registered.yaml");
    assert_eq!(f[0]["baseline"], "unchanged");
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn sarif_with_baseline_states_validates_against_the_schema() {
    let r = repo_with_old_warning();
    r.edit(
        "events/order-placed.yaml",
        "- domain: billing",
        "- domain: logistics",
    );
    r.edit(
        "events/legacy.yaml",
        "- domain: warehouse",
        "- domain: billing",
    );
    r.commit("feature: one new warning, one fixed");
    let (_, out, err) = r.contract(&["check", "--format", "sarif", "--fail-on", "never"]);
    let sarif: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json"),
    )
    .unwrap()
    // As in tests/report.rs: one ECMA-262 pattern Rust's regex rejects.
    .replace("[a-zA-Z]{2}]?$", "[a-zA-Z]{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["ruleId"] == "unknown-domain")
        .map(|x| x["baselineState"].as_str().unwrap())
        .collect();
    assert_eq!(states, vec!["new", "absent"]);
}
