//! Every output format, rendered from one real check (a temp repository
//! with a breaking change, a compatible one and a lint finding), snapshotted;
//! SARIF validated against the 2.1.0 schema; waivers end to end.

mod common;

use std::path::Path;

use common::{feature_with, Repo};
use serde_json::Value;

/// The shared scenario: `user_id` integer → uuid (breaking, consumers
/// billing and marketing), an optional field added, and a contract with an
/// unknown event.
fn scenario() -> Repo {
    feature_with(|r| {
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
        r.edit("events/order-placed.yaml", "    order_id: { type: string }\n", "    order_id: { type: string }\n    discount_code: { type: string, description: \"100% off, or less\" }\n");
        r.edit(
            "events/order-placed.yaml",
            "version: 1.0.0",
            "version: 1.1.0",
        );
    })
}

fn out(r: &Repo, format: &str) -> String {
    let (code, stdout, stderr) = r.contract(&["check", "--format", format]);
    assert_eq!(code, 1, "{format}: {stderr}");
    stdout
}

#[test]
fn every_format_is_snapshotted_from_the_same_findings() {
    let r = scenario();
    for format in ["human", "json", "sarif", "github", "markdown", "junit"] {
        insta::assert_snapshot!(format!("format_{format}"), out(&r, format));
    }
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let r = scenario();
    let sarif: Value = serde_json::from_str(&out(&r, "sarif")).unwrap();
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json");
    // The published schema has one `pattern` (`...]?$`, an unescaped `]`) that
    // ECMA-262 accepts and Rust's regex engines reject; escape that bracket.
    let text = std::fs::read_to_string(schema_path)
        .unwrap()
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
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let r0 = results
        .iter()
        .find(|x| x["ruleId"] == "field-type-changed")
        .unwrap();
    assert_eq!(r0["level"], "error");
    assert_eq!(
        r0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "events/user-registered.yaml"
    );
    assert!(
        r0["partialFingerprints"]["contractFingerprint/v1"]
            .as_str()
            .unwrap()
            .len()
            == 16
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), contract::rules::ALL.len());
}

#[test]
fn github_annotations_escape_and_stay_within_the_limit() {
    let r = scenario();
    let text = out(&r, "github");
    // A multi-line message (the consumers and help lines) stays on one line.
    let line = text.lines().find(|l| l.contains("discount_code")).unwrap();
    assert!(
        line.starts_with("::notice file=events/order-placed.yaml,line="),
        "{line}"
    );
    assert!(
        line.contains("%0AConsumers to notify: billing"),
        "multi-line messages are escaped: {line}"
    );
    assert!(line.contains("title=field-added (OrderPlaced)"));
    // A `%` the escaper really sees: in a property name, hence in the message.
    let pct = common::feature_with(|r| {
        r.edit(
            "events/order-placed.yaml",
            "    order_id: { type: string }\n",
            "    order_id: { type: string }\n    \"off_%\": { type: string }\n",
        );
        r.edit(
            "events/order-placed.yaml",
            "version: 1.0.0",
            "version: 1.1.0",
        );
    });
    let (_, pct_text, _) = pct.contract(&["check", "--format", "github"]);
    let added = pct_text
        .lines()
        .find(|l| l.contains("title=field-added"))
        .unwrap_or_else(|| panic!("{pct_text}"));
    assert!(added.contains("::`off_%25` was added"), "{added}");
    assert!(!added.contains("off_%`"), "{added}");
    let err = text.lines().find(|l| l.starts_with("::error")).unwrap();
    assert!(
        err.contains("title=field-type-changed (UserRegistered)"),
        "{err}"
    );
    // A step summary receives the markdown report.
    let summary = r.root.join("summary.md");
    let o = assert_cmd::Command::cargo_bin("contract")
        .unwrap()
        .current_dir(&r.root)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env_remove("GITHUB_EVENT_NAME")
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let md = std::fs::read_to_string(summary).unwrap();
    assert!(md.contains("### Consumers to notify"), "{md}");
}

#[test]
fn github_caps_annotations_per_level() {
    use contract::finding::{Finding, Severity};
    use contract::report::{github, Report, Summary};
    let f = |i: usize| Finding {
        rule: "unknown-event".into(),
        category: contract::rules::Category::Dictionary,
        severity: Severity::Warning,
        event: Some(format!("E{i}")),
        file: "a, b: c.yaml".into(),
        file_bytes: None,
        line: 1,
        column: 1,
        pointer: String::new(),
        message: format!("message {i}: 50% done\nnext"),
        help: None,
        base: None,
        consumers: vec![],
        fingerprint: String::new(),
        end: None,
        waived: None,
        waived_until: None,
        change: None,
        related: Vec::new(),
        related_total: None,
        baseline: None,
    };
    let findings: Vec<Finding> = (0..13).map(f).collect();
    let none = |_: &str| None;
    let r = Report {
        base: None,
        findings: &findings,
        absent: &[],
        summary: Summary::new(13, 0, contract::finding::counts(&findings)),
        sources: &none,
        base_sources: &none,
        dictionary: None,
        fail_on: Some(Severity::Error),
        provenance: None,
        coverage: None,
    };
    let text = github::render(&r);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::warning")).count(),
        10
    );
    assert!(text.contains("::notice title=contract::3 more finding(s)"));
    assert!(text.contains("file=a%2C b%3A c.yaml"));
    // The message is data: `%` and the newline escaped, `:` kept; the file is
    // a property: `,` and `:` escaped too.
    assert!(
        text.contains(
            "::warning file=a%2C b%3A c.yaml,line=1,col=1,title=unknown-event (E0)::message 0: 50%25 done%0Anext\n"
        ),
        "{text}"
    );
}

#[test]
fn markdown_names_every_affected_consumer_handle() {
    let r = scenario();
    let md = out(&r, "markdown");
    for handle in ["@acme/billing", "@acme/marketing"] {
        assert!(md.contains(handle), "{handle} missing:\n{md}");
    }
    assert!(md.contains("`integer` → `string (format uuid)`"), "{md}");
}

#[test]
fn a_waiver_silences_exactly_its_finding_and_an_expired_one_does_not() {
    let r = scenario();
    let waiver = "ignore:\n  - rule: field-type-changed\n    event: UserRegistered\n    reason: \"all consumers migrated in PR #12\"\n";
    r.write("contracts.yaml", &format!("{}{waiver}", common::MANIFEST));
    let (code, v) = r.check_json(&[]);
    let fs = v["findings"].as_array().unwrap();
    let waived: Vec<&Value> = fs.iter().filter(|f| f.get("waived").is_some()).collect();
    assert_eq!(waived.len(), 1, "{v:#}");
    assert_eq!(waived[0]["rule"], "field-type-changed");
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["error"], 0);

    let expired = waiver.replace("reason:", "until: 2020-01-01\n    reason:");
    r.write("contracts.yaml", &format!("{}{expired}", common::MANIFEST));
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    let fs = v["findings"].as_array().unwrap();
    assert!(fs.iter().all(|f| f.get("waived").is_none()));
    assert!(fs.iter().any(
        |f| f["rule"] == "unused-waiver" && f["message"].as_str().unwrap().contains("expired")
    ));
}

#[test]
fn write_waivers_round_trips() {
    let r = scenario();
    let (code, stdout, stderr) = r.contract(&["check", "--write-waivers"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // The waivers now match, but `reason: TODO` is refused until written.
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    let fs = v["findings"].as_array().unwrap();
    assert!(fs.iter().any(|f| f["rule"] == "invalid-manifest"), "{v:#}");
    let others: Vec<&Value> = fs
        .iter()
        .filter(|f| f["rule"] != "invalid-manifest" && f["rule"] != "unused-waiver")
        .collect();
    assert!(!others.is_empty(), "{v:#}");
    assert!(others.iter().all(|f| f.get("waived").is_some()), "{v:#}");
    // Writing the reasons makes the check pass.
    let text = std::fs::read_to_string(r.root.join("contracts.yaml")).unwrap();
    let fixed: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("reason: TODO") {
                l.split("reason:").next().unwrap().to_string()
                    + "reason: \"accepted when adopting contract\""
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    r.write("contracts.yaml", &(fixed + "\n"));
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn impact_lists_consumers_for_a_ci_matrix() {
    let r = scenario();
    let (code, stdout, _) = r.contract(&["impact", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let billing = v
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["domain"] == "billing")
        .unwrap();
    assert_eq!(billing["breaking"], true);
    assert_eq!(billing["github"], "@acme/billing");
    assert_eq!(
        billing["events"],
        serde_json::json!(["OrderPlaced", "UserRegistered"])
    );
    let marketing = v
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["domain"] == "marketing")
        .unwrap();
    assert_eq!(marketing["events"], serde_json::json!(["UserRegistered"]));
}

#[test]
fn graph_renders_and_highlights_changes() {
    let r = scenario();
    let (code, mermaid, _) = r.contract(&["graph", "--base", "main"]);
    assert_eq!(code, 0);
    assert!(mermaid.starts_with("flowchart LR"));
    assert!(
        mermaid.contains("class e_UserRegistered changed"),
        "{mermaid}"
    );
    let (_, dot, _) = r.contract(&["graph", "--format", "dot"]);
    assert!(dot.starts_with("digraph contracts {"));
    let (_, json, _) = r.contract(&["graph", "--format", "json", "--base", "main"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let ev = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "UserRegistered")
        .unwrap();
    assert_eq!(ev["changed"], true);
    assert_eq!(ev["consumers"], serde_json::json!(["billing", "marketing"]));
}
