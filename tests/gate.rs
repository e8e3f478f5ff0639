//! The gate in the workspace: every file, dictionary entry, `uses` list and
//! waiver is either checked or reported. Real git repositories in a temp
//! dir, the real binary.

mod common;

use common::{feature_with, Repo};
use serde_json::Value;

fn findings(v: &Value) -> Vec<&Value> {
    v["findings"].as_array().unwrap().iter().collect()
}

fn only<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    findings(v)
        .into_iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn msg(f: &Value) -> &str {
    f["message"].as_str().unwrap_or_default()
}

// ---- 6. Modes cannot be laundered -------------------------------------------

#[test]
fn weakening_the_mode_in_the_same_change_as_a_break_is_judged_under_the_base_mode() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0\n",
            "version: 1.1.0\ncompatibility: none\n",
        );
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let removed = only(&v, "field-type-changed");
    assert_eq!(removed.len(), 1, "{v:#}");
    assert_eq!(removed[0]["severity"], "error", "{v:#}");
    assert!(msg(removed[0]).contains("`backward`"), "{v:#}");
    let weakened = only(&v, "compatibility-weakened");
    assert_eq!(weakened.len(), 1, "{v:#}");
    assert_eq!(weakened[0]["severity"], "error", "{v:#}");
    assert!(msg(weakened[0]).contains("from `backward` to `none`"));
    // The major version is still required under the base's mode.
    assert_eq!(only(&v, "major-version-required").len(), 1, "{v:#}");
}

#[test]
fn full_to_backward_is_judged_under_full_and_a_waiver_accepts_it() {
    let r = Repo::new();
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0\n",
        "version: 1.0.0\ncompatibility: full\n",
    );
    r.commit("main: full");
    r.branch("feature");
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0\ncompatibility: full\n",
        "version: 1.1.0\ncompatibility: backward\n",
    );
    // Adding an enum value breaks forward only.
    r.edit(
        "events/user-registered.yaml",
        "enum: [ACTIVE, PENDING, LOCKED]",
        "enum: [ACTIVE, PENDING, LOCKED, CLOSED]",
    );
    r.commit("feature: weaken and break");
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let added = only(&v, "enum-value-added");
    assert_eq!(added.len(), 1, "{v:#}");
    assert_eq!(added[0]["severity"], "error", "{v:#}");
    let weakened = only(&v, "compatibility-weakened");
    assert_eq!(weakened[0]["severity"], "error", "{v:#}");

    // Waived with a reason, like any break.
    let manifest = format!(
        "{}ignore:\n  - rule: compatibility-weakened\n    event: UserRegistered\n    reason: agreed with billing\n  - rule: enum-value-added\n    event: UserRegistered\n    reason: agreed with billing\n  - rule: major-version-required\n    event: UserRegistered\n    reason: agreed\n",
        common::MANIFEST
    );
    r.write("contracts.yaml", &manifest);
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn weakening_without_a_break_stays_a_warning() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0\n",
            "version: 1.0.0\ncompatibility: none\n",
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(only(&v, "compatibility-weakened")[0]["severity"], "warning");
}

// ---- 4. `uses` fails closed ---------------------------------------------------

fn with_uses(r: &Repo, billing: &str) {
    r.edit(
        "events/user-registered.yaml",
        "  - domain: billing\n  - domain: marketing\n",
        &format!("  - domain: billing\n    uses: [{billing}]\n  - domain: marketing\n    uses: [status]\n"),
    );
}

#[test]
fn a_misspelt_uses_entry_is_reported_and_the_consumer_reads_every_field() {
    let r = Repo::new();
    with_uses(&r, "user_idd");
    r.commit("main: uses");
    r.branch("feature");
    r.edit(
        "events/user-registered.yaml",
        "user_id: { type: integer }",
        "user_id: { type: string }",
    );
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 2.0.0",
    );
    r.commit("feature: break user_id");
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let typo = only(&v, "uses-unknown-field");
    assert_eq!(typo.len(), 1, "{v:#}");
    assert_eq!(typo[0]["pointer"], "/consumers/0/uses/0");
    assert_eq!(typo[0]["line"], 7);
    assert!(msg(typo[0]).contains("did you mean `user_id`?"), "{v:#}");
    let changed = only(&v, "field-type-changed");
    assert_eq!(changed[0]["severity"], "error", "{v:#}");
    assert_eq!(changed[0]["consumers"], serde_json::json!(["billing"]));
}

#[test]
fn a_uses_entry_naming_a_field_removed_in_this_change_is_no_typo() {
    let r = Repo::new();
    with_uses(&r, "user_id");
    // Under `full`, removing a required field breaks forward.
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0\n",
        "version: 1.0.0\ncompatibility: full\n",
    );
    r.commit("main: uses");
    r.branch("feature");
    r.edit(
        "events/user-registered.yaml",
        "    user_id: { type: integer }\n",
        "",
    );
    r.edit(
        "events/user-registered.yaml",
        "required: [user_id]",
        "required: []",
    );
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 2.0.0",
    );
    r.commit("feature: drop user_id");
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    assert!(only(&v, "uses-unknown-field").is_empty(), "{v:#}");
    let removed = only(&v, "field-removed");
    assert_eq!(removed[0]["severity"], "error");
    assert_eq!(removed[0]["consumers"], serde_json::json!(["billing"]));
    // Lint only: the field is gone at head and there is no base to know it.
    let (_, v) = r.check_json(&["--no-diff"]);
    assert_eq!(only(&v, "uses-unknown-field").len(), 1, "{v:#}");
}

// ---- 5. Waived breaks still notify ---------------------------------------------

const WAIVE_NICKNAME: &str = "ignore:\n  - rule: field-type-changed\n    event: UserRegistered\n    reason: agreed with billing and marketing\n    until: 2099-12-31\n";

fn waived_break() -> Repo {
    feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0",
            "version: 2.0.0",
        );
        r.write(
            "contracts.yaml",
            &format!("{}{WAIVE_NICKNAME}", common::MANIFEST),
        );
    })
}

#[test]
fn a_waived_break_still_reaches_the_impact_list_markdown_and_json() {
    let r = waived_break();
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 0, "{v:#}");
    let removed = only(&v, "field-type-changed");
    assert_eq!(removed.len(), 1, "{v:#}");
    assert_eq!(removed[0]["waived"], "agreed with billing and marketing");
    assert_eq!(removed[0]["waived_until"], "2099-12-31");
    assert_eq!(
        removed[0]["consumers"],
        serde_json::json!(["billing", "marketing"])
    );

    let (code, out, err) = r.contract(&["impact", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let impact: Value = serde_json::from_str(&out).unwrap();
    let domains: Vec<&str> = impact
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["domain"].as_str().unwrap())
        .collect();
    assert_eq!(domains, ["billing", "marketing"], "{impact:#}");
    let billing = &impact[0];
    assert_eq!(billing["breaking"], true, "{impact:#}");
    assert_eq!(
        billing["waived"][0]["rule"], "field-type-changed",
        "{impact:#}"
    );
    assert_eq!(
        billing["waived"][0]["reason"],
        "agreed with billing and marketing"
    );
    assert_eq!(billing["waived"][0]["until"], "2099-12-31");

    let (_, md, _) = r.contract(&["check", "--format", "markdown"]);
    assert!(md.contains("@acme/billing"), "{md}");
    assert!(md.contains("@acme/marketing"), "{md}");
    assert!(md.contains("waived"), "{md}");
    assert!(md.contains("2099-12-31"), "{md}");
}

#[test]
fn a_waiver_until_an_impossible_date_is_invalid_and_waives_nothing() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0",
            "version: 2.0.0",
        );
        r.write(
            "contracts.yaml",
            &format!(
                "{}{}",
                common::MANIFEST,
                WAIVE_NICKNAME.replace("2099-12-31", "2020-02-30")
            ),
        );
    });
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let bad = only(&v, "invalid-manifest");
    assert_eq!(bad.len(), 1, "{v:#}");
    assert_eq!(bad[0]["pointer"], "/ignore/0/until");
    assert!(msg(bad[0]).contains("2020-02-30"));
    let removed = only(&v, "field-type-changed");
    assert!(removed[0].get("waived").is_none(), "{v:#}");
}

// ---- 1. Dictionary found or reported --------------------------------------------

fn rules_of(v: &Value) -> Vec<String> {
    findings(v)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// A contract owner the dictionary does not know: `unknown-domain` proves
/// the dictionary was read.
fn with_unknown_owner(r: &Repo) {
    r.edit("events/order-placed.yaml", "owner: sales", "owner: salez");
}

#[test]
fn a_missing_default_dictionary_is_a_warning_listing_what_did_not_run() {
    let r = Repo::new();
    std::fs::remove_file(r.root.join("dictionary.yaml")).unwrap();
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 0, "{v:#}");
    let f = only(&v, "dictionary-missing");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["severity"], "warning");
    assert_eq!(f[0]["file"], "contracts.yaml");
    assert!(msg(f[0]).contains("unknown-domain"), "{v:#}");
    assert!(msg(f[0]).contains("dictionary.yml"), "{v:#}");
}

#[test]
fn dictionary_yml_is_the_second_default() {
    let r = Repo::new();
    std::fs::rename(
        r.root.join("dictionary.yaml"),
        r.root.join("dictionary.yml"),
    )
    .unwrap();
    with_unknown_owner(&r);
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(only(&v, "unknown-domain").len(), 1, "{v:#}");
    assert!(only(&v, "dictionary-missing").is_empty());
}

#[test]
fn a_named_dictionary_that_is_missing_or_a_folder_is_exit_2_with_the_nearest_candidate() {
    let r = Repo::new();
    r.write(
        "contracts.yaml",
        &format!("{}dictionary: dictonary.yaml\n", common::MANIFEST),
    );
    let (code, _, err) = r.contract(&["check", "--no-diff"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`dictonary.yaml`"), "{err}");
    assert!(err.contains("`dictionary.yaml`"), "{err}");

    r.write("dicts/placeholder.txt", "x");
    r.write(
        "contracts.yaml",
        &format!("{}dictionary: dicts\n", common::MANIFEST),
    );
    let (code, _, err) = r.contract(&["check", "--no-diff"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("`dicts`") && err.contains("folder"), "{err}");
    assert!(err.contains("`dictionary.yaml`"), "{err}");
}

#[test]
fn a_dictionary_may_sit_above_the_workspace_but_not_outside_the_repository() {
    let r = Repo::new();
    // The workspace moves into teams/sales; the dictionary stays at the root.
    for f in ["events/user-registered.yaml", "events/order-placed.yaml"] {
        std::fs::create_dir_all(r.root.join("teams/sales/events")).unwrap();
        std::fs::rename(r.root.join(f), r.root.join("teams/sales").join(f)).unwrap();
    }
    std::fs::rename(
        r.root.join("contracts.yaml"),
        r.root.join("teams/sales/contracts.yaml"),
    )
    .unwrap();
    r.write(
        "teams/sales/contracts.yaml",
        &format!("{}dictionary: ../../dictionary.yaml\n", common::MANIFEST),
    );
    with_unknown_owner_at(&r, "teams/sales/events/order-placed.yaml");
    let (code, v) = r.check_json(&["teams/sales", "--no-diff"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(only(&v, "unknown-domain").len(), 1, "{v:#}");

    r.write(
        "teams/sales/contracts.yaml",
        &format!("{}dictionary: ../../../dictionary.yaml\n", common::MANIFEST),
    );
    let (code, _, err) = r.contract(&["check", "teams/sales", "--no-diff"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("outside the repository"), "{err}");
}

fn with_unknown_owner_at(r: &Repo, path: &str) {
    r.edit(path, "owner: sales", "owner: salez");
}

#[cfg(unix)]
#[test]
fn a_symlinked_dictionary_inside_the_repository_is_followed_on_disk_and_in_git() {
    let r = Repo::new();
    std::fs::create_dir_all(r.root.join("shared")).unwrap();
    std::fs::rename(
        r.root.join("dictionary.yaml"),
        r.root.join("shared/dictionary.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("shared/dictionary.yaml", r.root.join("dictionary.yaml")).unwrap();
    r.commit("main: the dictionary is shared");
    r.branch("feature");
    with_unknown_owner(&r);
    r.commit("feature: unknown owner");
    // Working tree.
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(only(&v, "unknown-domain").len(), 1, "{v:#}");
    assert!(only(&v, "dictionary-missing").is_empty(), "{v:#}");
    // A commit (the link is a mode 120000 blob).
    let (code, v) = r.check_json(&["--head", "HEAD"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(only(&v, "unknown-domain").len(), 1, "{v:#}");
    // The base side, also read from git: a concept change is seen through the link.
    r.edit(
        "shared/dictionary.yaml",
        "schema: { type: string, format: uuid }",
        "schema: { type: integer }",
    );
    let (_, v) = r.check_json(&[]);
    assert!(
        !only(&v, "field-type-changed").is_empty(),
        "the concept change through the linked dictionary is seen: {v:#}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_out_of_the_repository_is_refused() {
    let r = Repo::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::rename(
        r.root.join("dictionary.yaml"),
        outside.path().join("dictionary.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("dictionary.yaml"),
        r.root.join("dictionary.yaml"),
    )
    .unwrap();
    let (code, _, err) = r.contract(&["check", "--no-diff"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("leading out of the repository"), "{err}");
}

// ---- 3. Selection is never empty by accident ---------------------------------------

#[test]
fn a_glob_matching_nothing_is_a_finding_and_no_contract_at_all_is_exit_2() {
    let r = Repo::new();
    r.write(
        "contracts.yaml",
        &common::MANIFEST.replace(
            "contracts: [\"events/**/*.yaml\"]",
            "contracts: [\"events/**/*.yaml\", \"event/legacy/*.yaml\"]",
        ),
    );
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 1, "{v:#}");
    let f = only(&v, "glob-matches-nothing");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["pointer"], "/contracts/1");
    assert!(msg(f[0]).contains("`event/legacy/*.yaml`"), "{v:#}");
    assert!(
        msg(f[0]).contains("did you mean `events/legacy/*.yaml`?"),
        "{v:#}"
    );

    r.write(
        "contracts.yaml",
        &common::MANIFEST.replace("events/**", "event/**"),
    );
    let (code, _, err) = r.contract(&["check", "--no-diff"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no contract selected") && err.contains("`event/**/*.yaml`"),
        "{err}"
    );
    r.commit("main: a typo");
    let (code, _, err) = r.contract(&["check", "--base", "main"]);
    assert_eq!(code, 2, "{err}");
}

#[cfg(unix)]
#[test]
fn symlinked_folders_inside_the_repository_are_followed_once() {
    let r = Repo::new();
    // A contract kept in a shared folder, linked under events/.
    r.write(
        "shared/stock.yaml",
        "event: StockUpdated\nversion: 1.0.0\nschema:\n  type: object\n  properties:\n    sku: { type: string }\n    qty: { type: integer }\n",
    );
    std::os::unix::fs::symlink("../shared", r.root.join("events/shared")).unwrap();
    // A loop: a link to its own parent.
    std::os::unix::fs::symlink("..", r.root.join("shared/up")).unwrap();
    r.commit("main: linked folder");
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 1, "{v:#}");
    let owner = only(&v, "missing-owner");
    assert!(
        owner
            .iter()
            .any(|f| f["file"] == "events/shared/stock.yaml"),
        "{v:#}"
    );
    // The same through git (mode 120000 blobs): a break in the linked contract.
    r.branch("feature");
    r.edit("shared/stock.yaml", "    sku: { type: string }\n", "");
    r.commit("feature: drop sku");
    let (_, v) = r.check_json(&["--head", "HEAD"]);
    assert!(
        findings(&v)
            .iter()
            .any(|f| f["file"] == "events/shared/stock.yaml"
                && f["change"]["kind"] == "field-removed"),
        "{v:#}"
    );
}

// ---- 2. Errors stay where they are ----------------------------------------------

#[test]
fn an_invalid_concept_is_one_finding_at_its_line_and_the_rest_of_the_dictionary_is_used() {
    let r = Repo::new();
    r.edit(
        "dictionary.yaml",
        "events:\n",
        "  broken:\n    ownr: identity\n    schema: { type: string }\nevents:\n",
    );
    with_unknown_owner(&r);
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 1, "{v:#}");
    let bad = only(&v, "invalid-dictionary");
    assert_eq!(bad.len(), 1, "{v:#}");
    assert_eq!(bad[0]["line"], 11, "{v:#}");
    // The rest of the dictionary is used: the unknown owner is still found.
    assert_eq!(only(&v, "unknown-domain").len(), 1, "{v:#}");
    // The contract that does not touch the broken concept has no finding.
    assert!(
        findings(&v)
            .iter()
            .all(|f| f["file"] != "events/user-registered.yaml"),
        "{v:#}"
    );
}

// ---- 7. Dictionary owners ------------------------------------------------------------

#[test]
fn dictionary_concepts_and_events_need_a_declared_owner() {
    let r = Repo::new();
    r.edit(
        "dictionary.yaml",
        "events:\n",
        "  ghost_id:\n    schema: { type: string }\n  nobody_id:\n    owner: idenity\n    schema: { type: string }\nevents:\n",
    );
    r.edit(
        "dictionary.yaml",
        "RefundIssued: { owner: billing }",
        "RefundIssued: { summary: no owner }",
    );
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 1, "{v:#}");
    let missing: Vec<&str> = only(&v, "missing-owner")
        .iter()
        .map(|f| f["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        ["/concepts/ghost_id", "/events/RefundIssued"],
        "{v:#}"
    );
    let unknown = only(&v, "unknown-domain");
    assert_eq!(unknown.len(), 1, "{v:#}");
    assert_eq!(unknown[0]["file"], "dictionary.yaml");
    assert_eq!(unknown[0]["pointer"], "/concepts/nobody_id/owner");
    assert!(
        msg(unknown[0]).contains("did you mean `identity`?"),
        "{v:#}"
    );
}

#[test]
fn a_dictionary_event_owned_by_another_domain_than_its_contract_is_reported() {
    let r = Repo::new();
    r.edit(
        "dictionary.yaml",
        "OrderPlaced: { owner: sales",
        "OrderPlaced: { owner: billing",
    );
    let (code, v) = r.check_json(&["--no-diff"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(only(&v, "owner-mismatch").len(), 1, "{v:#}");
}

// ---- 9. Did you mean ------------------------------------------------------------------

#[test]
fn typos_in_keys_rule_ids_and_schema_keywords_name_the_nearest_known_name() {
    let r = Repo::new();
    r.write(
        "contracts.yaml",
        &format!(
            "{}rules:\n  feild-removed: warning\n  annotation-changed: warning\nignore:\n  - rule: enum-value-remved\n    reason: typo\n",
            common::MANIFEST
        ),
    );
    r.edit("events/order-placed.yaml", "consumers:", "consumer:");
    r.edit(
        "events/user-registered.yaml",
        "nickname: { type: string, maxLength: 20 }",
        "nickname: { type: string, maxLenght: 20 }",
    );
    r.edit(
        "events/user-registered.yaml",
        "  required: [user_id]",
        "  requried: [user_id]",
    );
    let (_, v) = r.check_json(&["--no-diff"]);
    let mut manifest: Vec<String> = only(&v, "invalid-manifest")
        .iter()
        .map(|f| msg(f).to_string())
        .collect();
    // An unknown manifest key, on its own (a manifest with an unknown key
    // is not read further).
    let text = std::fs::read_to_string(r.root.join("contracts.yaml")).unwrap();
    r.write("contracts.yaml", &format!("{text}compatability: full\n"));
    let (_, v2) = r.check_json(&["--no-diff"]);
    manifest.extend(
        only(&v2, "invalid-manifest")
            .iter()
            .map(|f| msg(f).to_string()),
    );
    assert!(
        manifest
            .iter()
            .any(|m| m.contains("`compatability`") && m.contains("did you mean `compatibility`?")),
        "{v:#}"
    );
    assert!(
        manifest
            .iter()
            .any(|m| m.contains("`feild-removed`") && m.contains("did you mean `field-removed`?")),
        "{v:#}"
    );
    assert!(
        manifest.iter().any(|m| m.contains("`enum-value-remved`")
            && m.contains("did you mean `enum-value-removed`?")),
        "{v:#}"
    );
    assert!(
        !manifest.iter().any(|m| m.contains("annotation-changed")),
        "a change kind is a valid id under rules: {v:#}"
    );
    let contract: Vec<&str> = only(&v, "invalid-contract")
        .iter()
        .map(|f| msg(f))
        .collect();
    assert!(
        contract
            .iter()
            .any(|m| m.contains("did you mean `consumers`?")),
        "{v:#}"
    );
    let kw: Vec<&str> = only(&v, "unknown-keyword").iter().map(|f| msg(f)).collect();
    assert_eq!(kw.len(), 2, "{v:#}");
    assert!(kw.iter().any(|m| m.contains("did you mean `maxLength`?")));
    assert!(kw.iter().any(|m| m.contains("did you mean `required`?")));
}

#[test]
fn a_change_kind_under_rules_sets_the_severity_of_that_kind() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "nickname: { type: string, maxLength: 20 }",
            "nickname: { type: string, maxLength: 20, description: a nickname }",
        );
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0",
            "version: 1.0.1",
        );
        r.write(
            "contracts.yaml",
            &format!(
                "{}rules:\n  annotation-changed: warning\n",
                common::MANIFEST
            ),
        );
    });
    let (_, v) = r.check_json(&[]);
    let f: Vec<&Value> = findings(&v)
        .into_iter()
        .filter(|f| f["change"]["kind"] == "annotation-changed")
        .collect();
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["severity"], "warning", "{v:#}");
    assert!(
        !rules_of(&v).contains(&"invalid-manifest".to_string()),
        "{v:#}"
    );
}

// ---- 8. YAML as people write it ------------------------------------------------------

#[test]
fn a_change_through_a_merge_key_is_seen() {
    let r = Repo::new();
    r.write(
        "events/user-registered.yaml",
        r#"event: UserRegistered
version: 1.0.0
owner: identity
channel: identity.user-registered
consumers:
  - domain: billing
schema:
  $defs:
    common: &common
      user_id: { type: integer }
  type: object
  properties:
    <<: *common
    status: { type: string }
"#,
    );
    r.commit("main: merge keys");
    r.branch("feature");
    r.edit(
        "events/user-registered.yaml",
        "user_id: { type: integer }",
        "user_id: { type: string }",
    );
    r.commit("feature: change through the anchor");
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1, "{v:#}");
    let f = only(&v, "field-type-changed");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["pointer"], "/schema/properties/user_id");
    assert_eq!(
        f[0]["line"], 10,
        "located where the merged entry is written: {v:#}"
    );
}

fn invalid_yaml_at(r: &Repo, file: &str, text: &str) -> (u64, String) {
    r.write(file, text);
    let (_, v) = r.check_json(&["--no-diff"]);
    let f = only(&v, "invalid-yaml");
    assert_eq!(f.len(), 1, "{v:#}");
    assert_eq!(f[0]["file"], file);
    (f[0]["line"].as_u64().unwrap(), msg(f[0]).to_string())
}

#[test]
fn colliding_and_non_string_keys_and_unknown_tags_are_findings_at_their_line() {
    let r = Repo::new();
    let head = "event: X\nversion: 1.0.0\nowner: sales\nschema:\n  type: object\n  properties:\n";
    let (line, m) = invalid_yaml_at(
        &r,
        "events/x.yaml",
        &format!("{head}    \"1\": {{ type: string }}\n    1: {{ type: integer }}\n"),
    );
    assert_eq!(line, 8, "{m}");
    assert!(m.contains("`1`"), "{m}");
    let (line, m) = invalid_yaml_at(
        &r,
        "events/x.yaml",
        &format!("{head}    true: {{ type: string }}\n"),
    );
    assert_eq!(line, 7, "{m}");
    assert!(m.contains("not a string"), "{m}");
    let (line, m) = invalid_yaml_at(
        &r,
        "events/x.yaml",
        &format!("{head}    a: !custom {{ type: string }}\n"),
    );
    assert_eq!(line, 7, "{m}");
    assert!(m.contains("`!custom`"), "{m}");
}

#[test]
fn utf16_files_load_with_a_byte_order_mark_and_are_named_without_one() {
    let r = Repo::new();
    let text = "event: StockUpdated\nversion: 1.0.0\nowner: sales\nschema: { type: object }\n";
    let mut bom = vec![0xFF, 0xFE];
    let mut plain = Vec::new();
    for u in text.encode_utf16() {
        bom.extend_from_slice(&u.to_le_bytes());
        plain.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(r.root.join("events/stock.yaml"), &bom).unwrap();
    let (_, v) = r.check_json(&["--no-diff"]);
    assert!(only(&v, "invalid-yaml").is_empty(), "{v:#}");
    assert_eq!(v["summary"]["contracts"], 3);
    std::fs::write(r.root.join("events/stock.yaml"), &plain).unwrap();
    let (_, v) = r.check_json(&["--no-diff"]);
    let f = only(&v, "invalid-yaml");
    assert_eq!(f.len(), 1, "{v:#}");
    assert!(msg(f[0]).contains("UTF-16"), "{v:#}");
}
