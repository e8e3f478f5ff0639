//! The diff engine on its fixtures (`fixtures/diff/<kind>/<case>/{old,new}.yaml`),
//! the acceptance examples, property tests, and the registry's own corpus
//! (`../shared/conformance`, required under CI: see `conformance_required`).

mod common;

use std::path::{Path, PathBuf};

use contract::model::{Mode, Policy};
use contract::schema::diff::{self, Change, ChangeKind};
use proptest::prelude::*;
use serde_json::{json, Value};

fn read(p: &Path) -> Value {
    let text = std::fs::read_to_string(p).unwrap();
    contract::yaml::parse(&text).unwrap().value
}

fn policy_of(name: &str) -> Policy {
    if name.contains("confluent") {
        Policy::Confluent
    } else {
        Policy::Lenient
    }
}

fn line(c: &Change) -> String {
    format!(
        "{} {} breaks=[{}]{} {}",
        c.kind.id(),
        if c.pointer.is_empty() {
            "/"
        } else {
            &c.pointer
        },
        c.breaks.names().join(","),
        if c.advisory { " advisory" } else { "" },
        diff::message::describe(c)
    )
}

fn cases() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let mut out = Vec::new();
    for kind in std::fs::read_dir(&root).unwrap() {
        let kind = kind.unwrap().path();
        for case in std::fs::read_dir(&kind).unwrap() {
            let case = case.unwrap().path();
            out.push((
                kind.file_name().unwrap().to_string_lossy().into_owned(),
                case,
            ));
        }
    }
    out.sort();
    out
}

/// The kind seen from the other side; a new required property, seen from
/// the other side, is a removed field.
fn mirrors(c: &Change, other: &[Change]) -> bool {
    other.iter().any(|o| {
        o.pointer == c.pointer
            && (o.kind == c.kind.mirror()
                || (c.kind == ChangeKind::RequiredAdded && o.kind == ChangeKind::FieldRemoved)
                || (c.kind == ChangeKind::FieldRemoved && o.kind == ChangeKind::RequiredAdded))
            && o.breaks.backward == c.breaks.forward
            && o.breaks.forward == c.breaks.backward
    })
}

#[test]
fn every_change_kind_has_a_fixture() {
    let kinds: Vec<String> = cases().into_iter().map(|(k, _)| k).collect();
    for k in ChangeKind::ALL {
        assert!(
            kinds.iter().any(|x| x == k.id()),
            "no fixture for {}",
            k.id()
        );
    }
}

#[test]
fn fixtures_give_their_kind_self_diffs_are_empty_and_sides_mirror() {
    let mut snapshot = String::new();
    let mut problems = Vec::new();
    for (kind, case) in cases() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let policy = policy_of(&name);
        let (old, new) = (read(&case.join("old.yaml")), read(&case.join("new.yaml")));
        let changes = diff::diff(&old, &new, policy);
        if !changes.iter().any(|c| c.kind.id() == kind) {
            problems.push(format!("{kind}/{name}: no {kind} change"));
        }
        for (label, v) in [("old", &old), ("new", &new)] {
            let d = diff::diff(v, v, policy);
            if !d.is_empty() {
                problems.push(format!(
                    "{kind}/{name}: {label} vs {label} gave {} change(s)",
                    d.len()
                ));
            }
        }
        let swapped = diff::diff(&new, &old, policy);
        if kind != "comparison-incomplete" {
            for c in &changes {
                if !mirrors(c, &swapped) {
                    problems.push(format!(
                        "{kind}/{name}: no mirror of `{}` when swapped",
                        line(c)
                    ));
                }
            }
        }
        snapshot.push_str(&format!("## {kind}/{name} ({policy})\n"));
        for c in &changes {
            snapshot.push_str(&line(c));
            snapshot.push('\n');
        }
    }
    insta::assert_snapshot!("diff_fixtures", snapshot);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn verdict(old: &Value, new: &Value, mode: Mode, policy: Policy) -> bool {
    diff::compatible(&diff::diff(old, new, policy), mode)
}

const MODES: [Mode; 6] = [
    Mode::Backward,
    Mode::Forward,
    Mode::Full,
    Mode::BackwardTransitive,
    Mode::ForwardTransitive,
    Mode::FullTransitive,
];

#[test]
fn user_id_integer_to_uuid_breaks_every_mode() {
    let old = json!({"type": "object", "properties": {"user_id": {"type": "integer"}}});
    let new =
        json!({"type": "object", "properties": {"user_id": {"type": "string", "format": "uuid"}}});
    for policy in [Policy::Lenient, Policy::Confluent] {
        for mode in MODES {
            assert!(!verdict(&old, &new, mode, policy), "{mode} {policy}");
        }
        assert!(verdict(&old, &new, Mode::None, policy));
    }
    let c = diff::diff(&old, &new, Policy::Lenient);
    assert_eq!(
        diff::message::describe(&c[0]),
        "`user_id` changed type from `integer` to `string (format uuid)`"
    );
}

#[test]
fn optional_field_added_depends_on_policy() {
    let old = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let new = json!({"type": "object", "properties": {"id": {"type": "string"}, "discount_code": {"type": "string"}}});
    for mode in MODES {
        assert!(verdict(&old, &new, mode, Policy::Lenient), "lenient {mode}");
    }
    assert!(!verdict(&old, &new, Mode::Backward, Policy::Confluent));
    assert!(verdict(&old, &new, Mode::Forward, Policy::Confluent));
    let mut closed = new.clone();
    closed["additionalProperties"] = json!(false);
    let mut closed_old = old.clone();
    closed_old["additionalProperties"] = json!(false);
    assert!(verdict(
        &closed_old,
        &closed,
        Mode::Backward,
        Policy::Confluent
    ));
}

#[test]
fn new_required_field_breaks_backward_in_both_policies() {
    let old = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let new = json!({"type": "object", "required": ["channel"], "properties": {"id": {"type": "string"}, "channel": {"type": "string"}}});
    for policy in [Policy::Lenient, Policy::Confluent] {
        assert!(!verdict(&old, &new, Mode::Backward, policy), "{policy}");
        assert!(verdict(&old, &new, Mode::Forward, policy), "{policy}");
        let c = diff::diff(&old, &new, policy);
        assert!(
            c.iter()
                .any(|c| c.kind == ChangeKind::RequiredAdded && c.breaks.backward),
            "{c:?}"
        );
    }
}

#[test]
fn recursive_schemas_terminate() {
    let s = read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/diff/field-type-changed/recursive_schema/old.yaml"),
    );
    assert!(diff::diff(&s, &s, Policy::Confluent).is_empty());
    let selfref = json!({"$ref": "#"});
    let _ = diff::diff(&selfref, &json!({"type": "string"}), Policy::Lenient);
}

/// Where the registry conformance corpora are: `$CONTRACT_CONFORMANCE_DIR`,
/// else `../shared/conformance` beside the repository (test data kept outside
/// it, never copied in).
fn conformance_dir() -> PathBuf {
    match std::env::var_os("CONTRACT_CONFORMANCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/conformance"),
    }
}

/// Must the corpus be present? `CONTRACT_REQUIRE_CONFORMANCE=1` says yes and
/// `=0` no (the GitHub workflow, which cannot have it, sets `0` and says so in
/// its log); unset, it is required under CI (`CI=true`), when
/// `CONTRACT_CONFORMANCE_DIR` names it, and wherever `../shared` is beside
/// the repository. `.ci/run` decides the same way.
fn conformance_required() -> bool {
    match std::env::var("CONTRACT_REQUIRE_CONFORMANCE").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        Ok(other) => panic!("CONTRACT_REQUIRE_CONFORMANCE is `{other}`: use 1 or 0"),
        Err(_) => {
            std::env::var("CI").as_deref() == Ok("true")
                || std::env::var_os("CONTRACT_CONFORMANCE_DIR").is_some()
                || Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../shared")
                    .is_dir()
        }
    }
}

/// The Confluent Schema Registry's own corpus. Missing, it is a failure where
/// it is required (see `conformance_required`) and a skip, said on stderr,
/// elsewhere.
#[test]
fn confluent_corpus_agrees() {
    let dir = conformance_dir().join("confluent");
    if !dir.is_dir() {
        assert!(
            !conformance_required(),
            "the conformance corpus {} is missing, and it is required here \
             (CI=true, ../shared present, CONTRACT_CONFORMANCE_DIR set or \
             CONTRACT_REQUIRE_CONFORMANCE=1); set CONTRACT_REQUIRE_CONFORMANCE=0 \
             only where it cannot exist",
            dir.display()
        );
        eprintln!(
            "SKIPPED: {} is not present and not required here",
            dir.display()
        );
        return;
    }
    let mut total = 0;
    let mut misses = Vec::new();
    for f in [
        "diff-schema-examples.json",
        "diff-combined-schema-examples.json",
    ] {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
        for c in cases {
            let (o, u) = (&c["original_schema"], &c["update_schema"]);
            for (policy, key) in [
                (Policy::Confluent, "compatible"),
                (Policy::Lenient, "compatible_lenient"),
            ] {
                let Some(expected) = c[key].as_bool() else {
                    continue;
                };
                total += 1;
                if verdict(o, u, Mode::Backward, policy) != expected {
                    misses.push(format!("{} ({policy})", c["description"]));
                }
            }
        }
    }
    eprintln!(
        "confluent corpus: {}/{total} agree (backward)",
        total - misses.len()
    );
    assert_eq!(total, 136);
    assert!(misses.is_empty(), "{misses:#?}");
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!(true)),
        (0u32..20).prop_map(|n| json!({"type": "string", "maxLength": n})),
        (0i64..20).prop_map(|n| json!({"type": "integer", "minimum": n})),
        prop::collection::vec("[a-c]", 1..4).prop_map(|v| json!({"enum": v})),
        "[a-z]{1,3}".prop_map(|p| json!({"type": "string", "pattern": p})),
    ]
}

/// Schemas without combinators (for the mirror property) ...
fn plain_schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map("[a-d]", inner.clone(), 0..4),
                prop::collection::vec("[a-d]", 0..3),
                any::<bool>()
            )
                .prop_map(|(props, req, closed)| {
                    let mut o = json!({"type": "object", "properties": props, "required": req});
                    if closed {
                        o["additionalProperties"] = json!(false);
                    }
                    o
                }),
            inner
                .clone()
                .prop_map(|i| json!({"type": "array", "items": i})),
        ]
    })
}

/// ... and with them, references and recursion (for termination).
fn any_schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::btree_map("[a-d]", inner.clone(), 0..4)
                .prop_map(|p| json!({"type": "object", "properties": p})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"oneOf": v})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|v| json!({"anyOf": v})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"allOf": v})),
            inner.clone().prop_map(|i| json!({"not": i})),
            inner.clone().prop_map(
                |i| json!({"type": "array", "items": i, "$defs": {"self": {"$ref": "#"}}})
            ),
            Just(json!({"$ref": "#"})),
            Just(json!({"type": ["string", "null"]})),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases(256)))]

    #[test]
    fn self_diff_is_empty(a in any_schema()) {
        for policy in [Policy::Lenient, Policy::Confluent] {
            prop_assert!(diff::diff(&a, &a, policy).is_empty());
        }
    }

    #[test]
    fn diff_terminates_without_panicking(a in any_schema(), b in any_schema()) {
        for policy in [Policy::Lenient, Policy::Confluent] {
            let _ = diff::diff(&a, &b, policy);
        }
    }

    #[test]
    fn swapping_sides_mirrors_every_change(a in plain_schema(), b in plain_schema()) {
        for policy in [Policy::Lenient, Policy::Confluent] {
            let ab = diff::diff(&a, &b, policy);
            let ba = diff::diff(&b, &a, policy);
            for c in &ab {
                prop_assert!(mirrors(c, &ba), "{:?}\nnot mirrored in\n{:?}", c, ba);
            }
        }
    }
}
