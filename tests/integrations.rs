//! The integration files the project ships parse and say what the README
//! promises: the pre-commit hooks, the GitHub Action and the workflows.

use std::path::Path;

use serde_json::Value;

fn yaml(rel: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
    contract::yaml::parse(&text)
        .unwrap_or_else(|e| panic!("{rel}: {e:?}"))
        .value
}

#[test]
fn pre_commit_hooks() {
    let v = yaml(".pre-commit-hooks.yaml");
    let hooks = v.as_array().unwrap();
    let by_id = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no hook {id}"))
    };
    for (id, lang) in [
        ("contract-check", "rust"),
        ("contract-check-system", "system"),
    ] {
        let h = by_id(id);
        assert_eq!(h["language"], lang);
        assert_eq!(h["entry"], "contract check --staged");
        assert_eq!(h["pass_filenames"], false);
        assert_eq!(h["require_serial"], true);
        let files = regex::Regex::new(h["files"].as_str().unwrap()).unwrap();
        assert!(
            files.is_match("events/order-placed.yaml")
                && files.is_match("a.yml")
                && !files.is_match("main.rs")
        );
    }
}

#[test]
fn github_action() {
    let v = yaml("action.yml");
    assert_eq!(v["runs"]["using"], "composite");
    for input in ["path", "base", "fail-on", "format"] {
        assert!(v["inputs"].get(input).is_some(), "input {input}");
    }
    let steps = v["runs"]["steps"].as_array().unwrap();
    let runs: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.contains("cargo install --locked --path"));
    assert!(runs.contains("--format sarif"));
    assert!(runs.contains("--format markdown --fail-on never >> \"$GITHUB_STEP_SUMMARY\""));
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("actions/cache@"))));
}

#[test]
fn workflows() {
    let ci = yaml(".github/workflows/ci.yml");
    let steps = ci["jobs"]["ci"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["run"] == "bash .ci/run"));
    let ex = yaml(".github/workflows/contract-example.yml");
    let steps = ex["jobs"]["contract"]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["with"]["fetch-depth"], 0);
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses
        .iter()
        .any(|u| u.starts_with("github/codeql-action/upload-sarif@")));
    // Nothing is uploaded anywhere but GitHub's own code scanning.
    for u in uses {
        assert!(
            u.starts_with("actions/checkout@")
                || u.starts_with("github/codeql-action/upload-sarif@")
                || u.starts_with("contract-dev/contract@"),
            "unexpected step {u}"
        );
    }
}

#[test]
fn the_example_schemas_for_editors_match_contract_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts-example/schemas");
    for kind in ["contract", "dictionary", "manifest"] {
        let text = std::fs::read_to_string(root.join(format!("{kind}.schema.json"))).unwrap();
        let committed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            committed,
            contract::model::schemas::by_name(kind).unwrap(),
            "regenerate with `contract schema {kind}`"
        );
    }
}
