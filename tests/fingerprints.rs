//! Structural fingerprints, end to end: the same break keeps its
//! fingerprint when its message changes (reworded: see the unit tests in src/finding.rs), when a consumer is added, when the file
//! moves, and when unrelated lines are inserted above it; a different break
//! gets another one. Real git repositories, the real binary.

mod common;

use common::feature_with;
use serde_json::Value;

/// The fingerprint, file, line and consumers of the one
/// `field-type-changed` finding on `user_id`.
fn user_id_break(v: &Value) -> (String, String, u64, Value) {
    let found: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "field-type-changed")
        .collect();
    assert_eq!(found.len(), 1, "{v:#}");
    let f = found[0];
    (
        f["fingerprint"].as_str().unwrap().to_string(),
        f["file"].as_str().unwrap().to_string(),
        f["line"].as_u64().unwrap(),
        f["consumers"].clone(),
    )
}

fn break_user_id(r: &common::Repo) {
    r.edit(
        "events/user-registered.yaml",
        "user_id: { type: integer }",
        "user_id: { type: string, format: uuid }",
    );
}

#[test]
fn a_break_keeps_its_fingerprint_across_wording_moves_and_new_lines() {
    let plain = feature_with(break_user_id);
    let (_, v) = plain.check_json(&[]);
    let (original, file, line, consumers) = user_id_break(&v);

    // A consumer more: the message (and the consumers listed) change.
    let more_consumers = feature_with(|r| {
        break_user_id(r);
        r.edit(
            "events/user-registered.yaml",
            "  - domain: marketing\n",
            "  - domain: marketing\n  - domain: sales\n",
        );
    });
    let (_, v) = more_consumers.check_json(&[]);
    let (fp, _, _, more) = user_id_break(&v);
    assert_ne!(more, consumers, "the new consumer should be notified");
    assert_eq!(fp, original, "a new consumer changed the fingerprint");

    // The file moved to another folder in the same change.
    let moved = feature_with(|r| {
        break_user_id(r);
        let text = std::fs::read_to_string(r.root.join("events/user-registered.yaml")).unwrap();
        std::fs::remove_file(r.root.join("events/user-registered.yaml")).unwrap();
        r.write("events/identity/user-registered.yaml", &text);
    });
    let (_, v) = moved.check_json(&[]);
    let (fp, moved_file, _, _) = user_id_break(&v);
    assert_ne!(moved_file, file);
    assert_eq!(fp, original, "moving the file changed the fingerprint");

    // Unrelated lines inserted above the break.
    let shifted = feature_with(|r| {
        break_user_id(r);
        r.edit(
            "events/user-registered.yaml",
            "event: UserRegistered\n",
            "# Registered users.\n# Owned by identity.\nevent: UserRegistered\nsummary: A user registered.\n",
        );
    });
    let (_, v) = shifted.check_json(&[]);
    let (fp, _, shifted_line, _) = user_id_break(&v);
    assert_eq!(shifted_line, line + 3);
    assert_eq!(fp, original, "lines inserted above changed the fingerprint");
}

#[test]
fn a_different_break_gets_a_different_fingerprint() {
    let (_, v) = feature_with(break_user_id).check_json(&[]);
    let (user_id, ..) = user_id_break(&v);
    let (_, v) = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "nickname: { type: string, maxLength: 20 }",
            "nickname: { type: integer }",
        );
    })
    .check_json(&[]);
    let other: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "field-type-changed")
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(other.len(), 1, "{v:#}");
    assert_ne!(other[0], user_id);
}
