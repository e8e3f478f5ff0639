//! `contract matrix` and `contract graph` on a real repository: who owns,
//! consumes and uses what, in every format, and what a change adds or
//! removes against the base.

mod common;

use common::{feature_with, Repo};
use serde_json::Value;

/// The feature branch: billing now lists the fields it uses of
/// UserRegistered, marketing stops consuming it, and OrderPlaced gets a
/// co-owner.
fn scenario() -> Repo {
    feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "  - domain: billing\n  - domain: marketing\n",
            "  - domain: billing\n    uses: [user_id, status]\n",
        );
        r.edit(
            "events/order-placed.yaml",
            "owner: sales\n",
            "owner: sales\nco-owners: [billing]\n",
        );
    })
}

fn run(r: &Repo, args: &[&str]) -> String {
    let (code, out, err) = r.contract(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

#[test]
fn matrix_json_has_events_concepts_and_domains() {
    let r = scenario();
    let v: Value = serde_json::from_str(&run(&r, &["matrix", "--format", "json"])).unwrap();
    let ev = |name: &str| {
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["event"] == name)
            .unwrap()
            .clone()
    };
    let user = ev("UserRegistered");
    assert_eq!(user["owner"], "identity");
    assert_eq!(
        user["consumers"]["billing"],
        serde_json::json!(["status", "user_id"])
    );
    assert!(user["consumers"].get("marketing").is_none());
    let order = ev("OrderPlaced");
    assert_eq!(
        order["consumers"]["billing"],
        Value::Null,
        "no `uses`: every field"
    );
    assert_eq!(order["concepts"], serde_json::json!(["customer_id"]));
    let concept = v["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["concept"] == "customer_id")
        .unwrap();
    assert_eq!(concept["owner"], "identity");
    assert_eq!(concept["events"], serde_json::json!(["OrderPlaced"]));
    let billing = v["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "billing")
        .unwrap();
    assert_eq!(
        billing["owns_events"],
        serde_json::json!(["OrderPlaced (co-owner)"])
    );
    assert_eq!(
        billing["consumes"],
        serde_json::json!(["OrderPlaced", "UserRegistered"])
    );
    assert_eq!(
        billing["uses"],
        serde_json::json!([
            "OrderPlaced.*",
            "UserRegistered.status",
            "UserRegistered.user_id"
        ])
    );
    let identity = v["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "identity")
        .unwrap();
    assert_eq!(
        identity["owns_concepts"],
        serde_json::json!(["customer_id"])
    );
    assert!(v.get("changes").is_none(), "no --base: no changes");
}

#[test]
fn matrix_base_shows_what_the_change_adds_and_removes() {
    let r = scenario();
    let v: Value =
        serde_json::from_str(&run(&r, &["matrix", "--format", "json", "--base", "main"])).unwrap();
    let c = &v["changes"];
    assert_eq!(c["base"], "main");
    let has = |list: &str, name: &str, relation: &str, target: &str, field: &str| {
        c[list].as_array().unwrap().iter().any(|f| {
            f["name"] == name
                && f["relation"] == relation
                && f["target"] == target
                && f["field"] == field
        })
    };
    assert!(
        has("added", "OrderPlaced", "co-owner", "billing", ""),
        "{c:#}"
    );
    assert!(
        has("added", "UserRegistered", "uses", "billing", "user_id"),
        "{c:#}"
    );
    assert!(
        has("removed", "UserRegistered", "uses", "billing", "*"),
        "{c:#}"
    );
    assert!(
        has("removed", "UserRegistered", "consumer", "marketing", ""),
        "{c:#}"
    );
    // main's later contract is not the feature's doing: the merge base is used.
    assert!(!c.to_string().contains("RefundIssued"), "{c:#}");

    let human = run(&r, &["matrix", "--base", "main"]);
    assert!(
        human.contains("Changes against main: 3 added, 3 removed"),
        "{human}"
    );
    assert!(
        human.contains("  - marketing consumes UserRegistered"),
        "{human}"
    );
    assert!(
        human.contains("  + billing co-owns event OrderPlaced"),
        "{human}"
    );
}

#[test]
fn matrix_csv_and_markdown_parse() {
    let r = scenario();
    let csv_text = run(&r, &["matrix", "--format", "csv", "--base", "main"]);
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        rd.headers().unwrap(),
        vec!["kind", "name", "relation", "target", "field", "change"]
    );
    let rows: Vec<csv::StringRecord> = rd.records().map(|x| x.unwrap()).collect();
    assert!(rows.iter().any(|x| x
        == vec![
            "event",
            "UserRegistered",
            "consumer",
            "marketing",
            "",
            "removed"
        ]));
    assert!(rows.iter().any(|x| x
        == vec![
            "concept",
            "customer_id",
            "used-by",
            "OrderPlaced",
            "",
            "unchanged"
        ]));

    let md = run(&r, &["matrix", "--format", "markdown"]);
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables = 0;
    let mut widths = Vec::new();
    let mut cells = 0;
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Table(cols)) => {
                tables += 1;
                widths.push((cols.len(), Vec::new()));
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                widths.last_mut().unwrap().1.push(cells)
            }
            _ => {}
        }
    }
    assert_eq!(tables, 3, "{md}");
    for (cols, rows) in widths {
        assert!(rows.iter().all(|n| *n == cols), "{md}");
    }
}

#[test]
fn graph_has_concepts_uses_and_the_change_without_base() {
    let r = scenario();
    // No --base: the same base selection as `check` (the manifest's `main`).
    let v: Value = serde_json::from_str(&run(&r, &["graph", "--format", "json"])).unwrap();
    assert_eq!(v["base"], "main");
    let edges = v["edges"].as_array().unwrap();
    let edge = |from: &str, to: &str, kind: &str| {
        edges
            .iter()
            .find(|e| e["from"]["name"] == from && e["to"]["name"] == to && e["kind"] == kind)
            .cloned()
    };
    let used = edge("customer_id", "OrderPlaced", "uses").expect("concept → event edge");
    assert_eq!(used["from"]["kind"], "concept");
    assert!(edge("identity", "customer_id", "owns").is_some());
    // billing's edge changed its fields: the old one removed, the new one added.
    let billing: Vec<&Value> = edges
        .iter()
        .filter(|e| e["from"]["name"] == "UserRegistered" && e["to"]["name"] == "billing")
        .collect();
    assert_eq!(billing.len(), 2, "{billing:?}");
    assert!(
        billing
            .iter()
            .any(|e| e["fields"] == serde_json::json!(["status", "user_id"])
                && e["change"] == "added")
    );
    assert!(billing
        .iter()
        .any(|e| e["fields"] == Value::Null && e["change"] == "removed"));
    assert_eq!(
        edge("UserRegistered", "marketing", "consumes").unwrap()["change"],
        "removed"
    );
    assert_eq!(
        edge("billing", "OrderPlaced", "co-owns").unwrap()["change"],
        "added"
    );

    let mermaid = run(&r, &["graph"]);
    assert!(
        mermaid.contains("c_customer_id{{\"customer_id\"}}"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains(
            "e_UserRegistered -->|\"added: consumed by, uses status, user_id\"| d_billing"
        ),
        "{mermaid}"
    );
    assert!(mermaid.contains("linkStyle"), "{mermaid}");
    let dot = run(&r, &["graph", "--format", "dot"]);
    assert!(
        dot.contains("c_customer_id [label=\"customer_id\", shape=hexagon]"),
        "{dot}"
    );
    assert!(dot.contains("e_UserRegistered -> d_marketing [label=\"consumed by (all fields)\", style=dashed, color=\"#b91c1c\"]"), "{dot}");
}

#[test]
fn graph_outside_git_draws_without_a_change_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("contracts.yaml"), common::MANIFEST).unwrap();
    std::fs::write(dir.path().join("dictionary.yaml"), common::DICTIONARY).unwrap();
    std::fs::create_dir(dir.path().join("events")).unwrap();
    std::fs::write(dir.path().join("events/o.yaml"), common::ORDER).unwrap();
    let o = assert_cmd::Command::cargo_bin("contract")
        .unwrap()
        .current_dir(dir.path())
        .args(["graph", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.get("base").is_none());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no change shown"));
}
