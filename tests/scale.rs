//! Scale: cross-contract findings are bounded (one per shared field, the
//! places as related locations, capped in the text formats, anchored where
//! the change is), and a rule that is `off` is not computed.

mod common;

use common::Repo;
use serde_json::Value;

/// A contract of `domain` with an inline `note` (and `customer_ref`).
fn contract(i: usize, domain: &str, note: &str) -> String {
    format!(
        "event: Event{i}\nversion: 1.0.0\nowner: {domain}\nchannel: c.{i}\nschema:\n  type: object\n  properties:\n    note: {note}\n    field_{i}: {{ type: string }}\n"
    )
}

const DICT: &str = "domains:\n  sales: { team: S, contact: s@example.com }\n  billing: { team: B, contact: b@example.com }\n  shipping: { team: H, contact: h@example.com }\n";

/// `n` contracts over three domains, every one defining `note` inline;
/// the contracts of `odd_domain` (if any) define it differently.
fn repo_with(n: usize, odd_domain: Option<&str>) -> Repo {
    let r = Repo::new();
    r.write(
        "contracts.yaml",
        "contracts: [\"events/**/*.yaml\"]\nbase: main\n",
    );
    r.write("dictionary.yaml", DICT);
    let _ = std::fs::remove_dir_all(r.root.join("events"));
    for i in 0..n {
        let domain = ["sales", "billing", "shipping"][i % 3];
        let note = if Some(domain) == odd_domain {
            "{ type: integer }"
        } else {
            "{ type: string, maxLength: 500 }"
        };
        r.write(&format!("events/e{i:03}.yaml"), &contract(i, domain, note));
    }
    r.commit("main: contracts");
    r
}

fn of_rule<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

#[test]
fn a_shared_field_is_one_finding_with_every_other_place_related() {
    let r = repo_with(30, None);
    let (_, v) = r.check_json(&["--no-diff"]);
    let fs = of_rule(&v, "shared-field-not-in-dictionary");
    assert_eq!(fs.len(), 1, "{fs:#?}");
    let f = fs[0];
    assert_eq!(f["file"], "events/e000.yaml");
    assert_eq!(f["related"].as_array().unwrap().len(), 29);
    assert_eq!(f["related"][0]["file"], "events/e001.yaml");
    assert!(f["related"][0]["line"].as_u64().unwrap() > 0);
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("30 times in 30 contracts of 3 domains"),
        "{msg}"
    );
    // The message does not list the places: its size does not grow with them.
    assert!(!msg.contains("e001"), "{msg}");
}

#[test]
fn a_conflict_is_one_finding_per_definition() {
    let r = repo_with(30, Some("billing"));
    let (_, v) = r.check_json(&["--no-diff"]);
    assert!(of_rule(&v, "shared-field-not-in-dictionary").is_empty());
    let fs = of_rule(&v, "shared-field-conflict");
    assert_eq!(fs.len(), 2, "{fs:#?}");
    let related: Vec<usize> = fs
        .iter()
        .map(|f| f["related"].as_array().unwrap().len())
        .collect();
    // billing: 10 places (9 related); the others: 20 places (19 related).
    let mut sorted = related.clone();
    sorted.sort();
    assert_eq!(sorted, vec![9, 19]);
    let integer = fs
        .iter()
        .find(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .contains("as `{\"type\":\"integer\"}` in 10 places")
        })
        .expect("the integer definition's finding");
    assert_eq!(integer["file"], "events/e001.yaml");
    assert!(integer["message"]
        .as_str()
        .unwrap()
        .contains("domains billing"));
    // Different definitions, different fingerprints.
    assert_ne!(fs[0]["fingerprint"], fs[1]["fingerprint"]);
}

#[test]
fn the_finding_is_anchored_where_the_change_is() {
    let r = repo_with(30, None);
    r.branch("feature");
    r.edit(
        "events/e017.yaml",
        "field_17: { type: string }",
        "field_17: { type: string }\n    extra: { type: string }",
    );
    r.edit("events/e017.yaml", "version: 1.0.0", "version: 1.1.0");
    r.commit("feature: touch e017");
    let (_, v) = r.check_json(&[]);
    let fs = of_rule(&v, "shared-field-not-in-dictionary");
    assert_eq!(fs.len(), 1);
    assert_eq!(fs[0]["file"], "events/e017.yaml");
    assert_eq!(fs[0]["related"].as_array().unwrap().len(), 29);
    // Lint only: no change, the first place.
    let (_, v) = r.check_json(&["--no-diff"]);
    assert_eq!(
        of_rule(&v, "shared-field-not-in-dictionary")[0]["file"],
        "events/e000.yaml"
    );
}

#[test]
fn text_formats_cap_the_related_places_and_sarif_lists_them_all() {
    let r = repo_with(40, None);
    let (_, human, _) = r.contract(&["check", "--no-diff"]);
    let also = human
        .lines()
        .find(|l| l.contains("also at"))
        .unwrap_or_else(|| panic!("{human}"));
    assert!(also.contains("events/e001.yaml:"), "{also}");
    assert!(!also.contains("events/e039.yaml"), "{also}");
    // miette wraps the help at 100 columns.
    let flat = human.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("events/e010.yaml:8:5 and 29 more"), "{human}");
    let (_, md, _) = r.contract(&["check", "--no-diff", "--format", "markdown"]);
    assert!(md.contains("and 29 more"), "{md}");
    let (_, gh, _) = r.contract(&["check", "--no-diff", "--format", "github"]);
    assert!(gh.contains("and 29 more"), "{gh}");
    let (_, sarif, _) = r.contract(&["check", "--no-diff", "--format", "sarif"]);
    let s: Value = serde_json::from_str(&sarif).unwrap();
    let res = s["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["ruleId"] == "shared-field-not-in-dictionary")
        .unwrap();
    assert_eq!(res["relatedLocations"].as_array().unwrap().len(), 39);
}

#[test]
fn a_rule_that_is_off_is_not_computed() {
    let r = repo_with(6, None);
    let run = |manifest: &str| {
        r.write("contracts.yaml", manifest);
        let out = assert_cmd::Command::cargo_bin("contract")
            .unwrap()
            .current_dir(&r.root)
            .env("CONTRACT_TIMINGS", "1")
            .args(["check", "--no-diff", "--format", "json"])
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (out, err) = run("contracts: [\"events/**/*.yaml\"]\n");
    assert!(err.contains("lint shared-field-not-in-dictionary"), "{err}");
    assert!(err.contains("lint example-invalid"), "{err}");
    assert!(out.contains("shared-field-not-in-dictionary"));
    // One of the two rules still on: computed.
    let (_, err) =
        run("contracts: [\"events/**/*.yaml\"]\nrules: { shared-field-not-in-dictionary: off }\n");
    assert!(err.contains("lint shared-field-not-in-dictionary"), "{err}");
    // Both off: not computed at all.
    let (out, err) = run("contracts: [\"events/**/*.yaml\"]\nrules: { shared-field-not-in-dictionary: off, shared-field-conflict: off, example-invalid: off }\n");
    assert!(!err.contains("lint shared-field"), "{err}");
    assert!(!err.contains("lint example-invalid"), "{err}");
    assert!(err.contains("lint missing-owner"), "{err}");
    assert!(!out.contains("shared-field"));
}
