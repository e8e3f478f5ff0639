//! `--write-waivers` end to end with the real binary: a flow-style,
//! commented manifest and an event name holding quotes, `#` and `: ` keep
//! their style and round-trip, and the written waivers match the findings.

mod common;

use common::feature_with;

#[test]
fn write_waivers_keeps_a_flow_manifest_and_round_trips_hostile_names() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
        // An event the dictionary does not know, with a hostile name.
        r.write(
            "events/odd.yaml",
            "event: 'Odd \"Name\" # x: y'\nversion: 1.0.0\nowner: sales\nschema: { type: object }\n",
        );
    });
    let manifest = "# the manifest, flow style\n{contracts: [\"events/**/*.yaml\"], base: main, compatibility: backward}   # keep me\n";
    r.write("contracts.yaml", manifest);
    let (code, stdout, stderr) = r.contract(&["check", "--write-waivers"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let text = std::fs::read_to_string(r.root.join("contracts.yaml")).unwrap();
    assert!(text.starts_with("# the manifest, flow style\n{"), "{text}");
    assert!(text.contains("# keep me"), "{text}");
    assert!(
        text.contains("event: \"Odd \\\"Name\\\" # x: y\""),
        "{text}"
    );
    // Every finding is now waived (with `reason: TODO`, which is refused).
    let (code, v) = r.check_json(&[]);
    assert_eq!(code, 1);
    let fs = v["findings"].as_array().unwrap();
    assert!(
        fs.iter()
            .filter(|f| f["rule"] != "invalid-manifest" && f["rule"] != "unused-waiver")
            .all(|f| f.get("waived").is_some()),
        "{v:#}"
    );
    assert!(fs.iter().any(|f| f["rule"] == "unknown-event"
        && f["event"] == "Odd \"Name\" # x: y"
        && f.get("waived").is_some()));
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&r.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn write_waivers_refuses_an_ignore_that_is_not_a_list_and_writes_nothing() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
    });
    let manifest = format!("{}ignore: {{}}\n", common::MANIFEST);
    r.write("contracts.yaml", &manifest);
    let (code, _, stderr) = r.contract(&["check", "--write-waivers"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("by hand"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(r.root.join("contracts.yaml")).unwrap(),
        manifest
    );
}
