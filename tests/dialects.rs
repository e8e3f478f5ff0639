//! Each schema is read under the draft it declares: the same edit can break
//! under 2020-12 and not under draft-07 (keywords beside `$ref` are ignored
//! there), `dependencies` and tuple `items` keep their draft-07 meanings,
//! and an unknown `$schema` is a finding. Real repositories, the real binary.

mod common;

use common::{feature_with, Repo};
use serde_json::Value;

const DRAFT07: &str = "http://json-schema.org/draft-07/schema#";

/// A contract whose `code` property is a `$ref` to a definition, under the
/// given `$schema` line (or none).
fn contract(schema_line: &str, code_extra: &str) -> String {
    format!(
        r##"event: CodeIssued
version: 1.0.0
owner: sales
channel: sales.code-issued
consumers:
  - domain: billing
schema:
  {schema_line}
  type: object
  required: [code]
  properties:
    code: {{ $ref: "#/definitions/Code"{code_extra} }}
  definitions:
    Code: {{ type: string }}
"##
    )
}

fn with_contract(base: String, head: String) -> Repo {
    let r = Repo::new();
    r.write("events/code-issued.yaml", &base);
    r.commit("main: code issued");
    r.branch("feature");
    r.write("events/code-issued.yaml", &head);
    r.commit("feature: change");
    r
}

#[test]
fn a_keyword_beside_ref_is_ignored_in_draft07_and_counts_in_2020_12() {
    let line = format!("$schema: \"{DRAFT07}\"");
    let r = with_contract(contract(&line, ""), contract(&line, ", maxLength: 3"));
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "draft-07 ignores maxLength beside $ref: {v:#}");
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["category"] == "breaking" || f["rule"] == "version-not-bumped"),
        "{v:#}"
    );

    let r = with_contract(contract("", ""), contract("", ", maxLength: 3"));
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "2020-12 applies maxLength beside $ref: {v:#}");
    let breaks: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["category"] == "breaking"
                && f["pointer"]
                    .as_str()
                    .is_some_and(|p| p.starts_with("/schema/properties/code"))
        })
        .collect();
    assert_eq!(breaks.len(), 1, "{v:#}");
    assert_eq!(breaks[0]["severity"], "error", "{v:#}");
}

#[test]
fn the_manifest_dialect_applies_to_schemas_without_schema() {
    let r = with_contract(contract("", ""), contract("", ", maxLength: 3"));
    r.write(
        "contracts.yaml",
        &format!("{}dialect: \"07\"\n", common::MANIFEST),
    );
    r.commit("feature: the workspace is draft-07");
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn draft07_tuples_and_dependencies_are_compared_by_their_meaning() {
    let tuple = |extra: &str| {
        format!(
            r#"{{ $schema: "{DRAFT07}", type: object, properties: {{ pair: {{ type: array, items: [{{ type: string }}, {{ type: integer }}], additionalItems: false }} }}{extra} }}"#
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.yaml");
    let new = dir.path().join("new.yaml");
    std::fs::write(&old, tuple("")).unwrap();
    // A dependency added: a new requirement when `a` is present (breaks backward).
    std::fs::write(&new, tuple(", dependencies: { a: [b] }")).unwrap();
    let out = assert_cmd::Command::cargo_bin("contract")
        .unwrap()
        .args(["diff", "--schema"])
        .arg(&old)
        .arg(&new)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["compatible"], false, "{v:#}");
    // Identical tuples in draft-07 spelling: no change at all.
    let out = assert_cmd::Command::cargo_bin("contract")
        .unwrap()
        .args(["diff", "--schema"])
        .arg(&old)
        .arg(&old)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["compatible"], true, "{v:#}");
    assert_eq!(v["changes"], serde_json::json!([]), "{v:#}");
}

#[test]
fn an_unknown_schema_uri_is_a_finding_and_listed_as_not_checked() {
    let line = "$schema: \"https://json-schema.org/draft/2021-01/schema\"";
    let r = feature_with(|r| r.write("events/code-issued.yaml", &contract(line, "")));
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let f: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unknown-dialect")
        .collect();
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["pointer"], "/schema/$schema");
    assert_eq!(
        v["coverage"]["not_checked"][0]["reported_by"], "unknown-dialect",
        "{v:#}"
    );
}
