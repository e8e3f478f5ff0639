//! Soundness cases of the diff engine, one test per case named in the
//! "sound verdicts" issue: allOf as a conjunction, `$ref` properties under
//! both policies, every keyword compared or reported, type sets, nullable
//! wording, and enums compared in O(n log n).

use contract::model::{Mode, Policy};
use contract::schema::diff::{self, Change, ChangeKind};
use serde_json::{json, Value};

const POLICIES: [Policy; 2] = [Policy::Lenient, Policy::Confluent];

fn changes(old: &Value, new: &Value, policy: Policy) -> Vec<Change> {
    diff::diff(old, new, policy)
}

fn backward_ok(old: &Value, new: &Value, policy: Policy) -> bool {
    diff::compatible(&changes(old, new, policy), Mode::Backward)
}

fn forward_ok(old: &Value, new: &Value, policy: Policy) -> bool {
    diff::compatible(&changes(old, new, policy), Mode::Forward)
}

fn show(c: &[Change]) -> String {
    c.iter()
        .map(|c| {
            format!(
                "{} {} [{}] {}",
                c.kind.id(),
                c.pointer,
                c.breaks.names().join(","),
                diff::message::describe(c)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn envelope(amount: &str) -> Value {
    json!({
        "allOf": [
            {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
            {"type": "object", "properties": {"amount": {"type": amount}}}
        ]
    })
}

#[test]
fn allof_envelope_member_type_change_breaks_both_ways() {
    let (old, new) = (envelope("number"), envelope("string"));
    for p in POLICIES {
        let c = changes(&old, &new, p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
        assert!(!diff::compatible(&c, Mode::Forward), "{p}:\n{}", show(&c));
        assert!(
            c.iter().any(|c| c.pointer.contains("amount")),
            "{p}: the change names the field\n{}",
            show(&c)
        );
    }
}

#[test]
fn allof_envelope_unchanged_or_widened_is_compatible() {
    let old = envelope("integer");
    let new = envelope("number");
    for p in POLICIES {
        assert!(changes(&old, &old, p).is_empty());
        assert!(backward_ok(&old, &new, p), "{p}");
        assert!(!forward_ok(&old, &new, p), "{p}");
    }
}

#[test]
fn allof_member_added_with_a_required_field_breaks_backward() {
    let old = envelope("number");
    let mut new = old.clone();
    new["allOf"].as_array_mut().unwrap().push(json!({
        "type": "object", "properties": {"currency": {"type": "string"}}, "required": ["currency"]
    }));
    for p in POLICIES {
        assert!(!backward_ok(&old, &new, p), "{p}");
    }
}

#[test]
fn allof_that_cannot_be_merged_is_reported_not_trusted() {
    // Two members with different `patternProperties`: no exact merge.
    let mk = |t: &str| {
        json!({"allOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}, "patternProperties": {"^x": {"type": "string"}}},
            {"type": "object", "properties": {"b": {"type": t}}, "patternProperties": {"^y": {"type": "string"}}}
        ]})
    };
    for p in POLICIES {
        let c = changes(&mk("number"), &mk("string"), p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
    }
}

fn with_ref_prop(target: Value, extra: bool) -> Value {
    let mut props = json!({"a": {"type": "string"}});
    if extra {
        props["b"] = json!({"$ref": "#/$defs/B"});
    }
    json!({"type": "object", "properties": props, "$defs": {"B": target}})
}

#[test]
fn ref_property_added_to_open_model_breaks_under_confluent() {
    let old = with_ref_prop(json!({"type": "integer"}), false);
    let new = with_ref_prop(json!({"type": "integer"}), true);
    let c = changes(&old, &new, Policy::Confluent);
    assert!(!diff::compatible(&c, Mode::Backward), "{}", show(&c));
    // Lenient: producers emit only what they declare; an optional field is addable.
    assert!(backward_ok(&old, &new, Policy::Lenient));
}

#[test]
fn ref_property_target_tightened_breaks_under_both_policies() {
    let old = json!({"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}},
        "$defs": {"B": {"type": "string"}}});
    let new = json!({"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}},
        "$defs": {"B": {"type": "string", "maxLength": 5}}});
    for p in POLICIES {
        let c = changes(&old, &new, p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
        assert!(diff::compatible(&c, Mode::Forward), "{p}:\n{}", show(&c));
    }
}

#[test]
fn ref_property_removed_from_closed_model_compares_its_target() {
    let mk = |b: bool| {
        let mut s = with_ref_prop(json!({"type": "integer"}), b);
        s["additionalProperties"] = json!({"type": "string"});
        s
    };
    // `b` (an integer) removed: the additional-properties schema (string) does not cover it.
    let c = changes(&mk(true), &mk(false), Policy::Confluent);
    assert!(!diff::compatible(&c, Mode::Backward), "{}", show(&c));
}

#[test]
fn ref_with_siblings_is_compared_through_its_target() {
    let old = json!({"type": "object", "properties": {"b": {"$ref": "#/$defs/B", "maxLength": 9}},
        "$defs": {"B": {"type": "string"}}});
    let new = json!({"type": "object", "properties": {"b": {"$ref": "#/$defs/B", "maxLength": 9}},
        "$defs": {"B": {"type": "integer"}}});
    for p in POLICIES {
        let c = changes(&old, &new, p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
    }
}

#[test]
fn unresolvable_ref_is_reported_not_read_as_anything() {
    let old = json!({"type": "object", "properties": {"b": {"$ref": "concept:loop"}}});
    let new = json!({"type": "object", "properties": {"b": {"$ref": "concept:other"}}});
    for p in POLICIES {
        let c = changes(&old, &new, p);
        assert!(
            c.iter()
                .any(|c| c.kind == ChangeKind::ComparisonIncomplete && c.breaks.any()),
            "{p}:\n{}",
            show(&c)
        );
    }
}

/// (keyword, old, new): new accepts strictly less than old.
fn tightenings() -> Vec<(&'static str, Value, Value)> {
    let obj = |extra: Value| {
        let mut s = json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}});
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        s
    };
    let arr = |extra: Value| {
        let mut s = json!({"type": "array", "items": {"type": "integer"}});
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        s
    };
    vec![
        (
            "propertyNames",
            obj(json!({})),
            obj(json!({"propertyNames": {"maxLength": 3}})),
        ),
        (
            "propertyNames",
            obj(json!({"propertyNames": {"maxLength": 5}})),
            obj(json!({"propertyNames": {"maxLength": 3}})),
        ),
        (
            "contains",
            arr(json!({})),
            arr(json!({"contains": {"minimum": 5}})),
        ),
        (
            "contains",
            arr(json!({"contains": {"minimum": 5}})),
            arr(json!({"contains": {"minimum": 6}})),
        ),
        (
            "minContains",
            arr(json!({"contains": {"minimum": 5}})),
            arr(json!({"contains": {"minimum": 5}, "minContains": 2})),
        ),
        (
            "maxContains",
            arr(json!({"contains": {"minimum": 5}})),
            arr(json!({"contains": {"minimum": 5}, "maxContains": 2})),
        ),
        (
            "if/then/else",
            obj(json!({})),
            obj(json!({"if": {"required": ["a"]}, "then": {"required": ["b"]}})),
        ),
        (
            "if/then/else",
            obj(json!({"if": {"required": ["a"]}, "then": {"required": ["b"]}})),
            obj(
                json!({"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"maxProperties": 0}}),
            ),
        ),
        (
            "dependentRequired",
            obj(json!({})),
            obj(json!({"dependentRequired": {"a": ["b"]}})),
        ),
        (
            "dependentSchemas",
            obj(json!({})),
            obj(json!({"dependentSchemas": {"a": {"required": ["b"]}}})),
        ),
        (
            "dependentSchemas",
            obj(json!({"dependentSchemas": {"a": {"properties": {"b": {"maxLength": 9}}}}})),
            obj(json!({"dependentSchemas": {"a": {"properties": {"b": {"maxLength": 3}}}}})),
        ),
        (
            "minProperties",
            obj(json!({})),
            obj(json!({"minProperties": 1})),
        ),
        (
            "not",
            json!({"type": "string"}),
            json!({"type": "string", "not": {"const": "x"}}),
        ),
        (
            "not",
            json!({"not": {"type": "string"}}),
            json!({"not": {"type": ["string", "number"]}}),
        ),
        (
            "uniqueItems",
            arr(json!({})),
            arr(json!({"uniqueItems": true})),
        ),
        (
            "multipleOf",
            json!({"type": "integer"}),
            json!({"type": "integer", "multipleOf": 2}),
        ),
        (
            "multipleOf",
            json!({"type": "number", "multipleOf": 2}),
            json!({"type": "number", "multipleOf": 3}),
        ),
        (
            "prefixItems",
            json!({"type": "array"}),
            json!({"type": "array", "prefixItems": [{"type": "string"}]}),
        ),
        (
            "prefixItems",
            json!({"type": "array", "prefixItems": [{"type": "string"}]}),
            json!({"type": "array", "prefixItems": [{"type": "string", "maxLength": 2}]}),
        ),
        (
            "pattern",
            json!({"type": "string", "pattern": "^a"}),
            json!({"type": "string", "pattern": "^b"}),
        ),
        (
            "unevaluatedProperties",
            obj(json!({})),
            obj(json!({"unevaluatedProperties": false})),
        ),
        (
            "unevaluatedItems",
            json!({"type": "array", "prefixItems": [{"type": "string"}]}),
            json!({"type": "array", "prefixItems": [{"type": "string"}], "unevaluatedItems": false}),
        ),
        (
            "$dynamicRef",
            json!({"type": "object"}),
            json!({"type": "object", "$dynamicRef": "#meta"}),
        ),
    ]
}

#[test]
fn every_keyword_tightening_is_compared_or_reported() {
    let mut missed = Vec::new();
    for (kw, old, new) in tightenings() {
        for p in POLICIES {
            if kw == "unevaluatedProperties" && p == Policy::Lenient {
                continue; // lenient: producers emit only declared properties
            }
            let c = changes(&old, &new, p);
            if diff::compatible(&c, Mode::Backward) {
                missed.push(format!("{kw} ({p}): {old} → {new}\n{}", show(&c)));
            }
        }
    }
    assert!(
        missed.is_empty(),
        "judged compatible:\n{}",
        missed.join("\n\n")
    );
}

#[test]
fn lenient_required_naming_an_undeclared_property_is_compared() {
    let old = json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let new =
        json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a", "b"]});
    // `confluent` does not compare these, as the registry (README).
    {
        let p = Policy::Lenient;
        let c = changes(&old, &new, p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
        assert!(
            c.iter()
                .any(|c| c.pointer.contains('b') || diff::message::describe(c).contains("`b`")),
            "{p}: names b\n{}",
            show(&c)
        );
    }
}

#[test]
fn dropping_null_from_a_type_list_breaks_backward() {
    let all =
        json!({"type": ["string", "number", "integer", "boolean", "null", "object", "array"]});
    let no_null = json!({"type": ["string", "number", "integer", "boolean", "object", "array"]});
    for p in POLICIES {
        let c = changes(&all, &no_null, p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
        assert!(diff::compatible(&c, Mode::Forward), "{p}:\n{}", show(&c));
    }
}

#[test]
fn type_lists_are_sets_of_values() {
    let same = [
        (
            json!({"type": ["integer", "number"]}),
            json!({"type": "number"}),
        ),
        (
            json!({"type": ["string", "null"]}),
            json!({"type": ["null", "string"]}),
        ),
        (
            json!({"type": ["string", "string"]}),
            json!({"type": "string"}),
        ),
    ];
    for (a, b) in same {
        for p in POLICIES {
            let c = changes(&a, &b, p);
            assert!(
                diff::compatible(&c, Mode::Full),
                "{p}: {a} → {b}:\n{}",
                show(&c)
            );
        }
    }
    // integer ⊂ number.
    let (i, n) = (
        json!({"type": ["integer", "null"]}),
        json!({"type": ["number", "null"]}),
    );
    for p in POLICIES {
        assert!(backward_ok(&i, &n, p) && !forward_ok(&i, &n, p), "{p}");
    }
}

#[test]
fn nullable_changes_are_worded_both_ways() {
    let s = json!({"type": "object", "properties": {"x": {"type": "string"}}});
    let n = json!({"type": "object", "properties": {"x": {"type": ["string", "null"]}}});
    let n2 = json!({"type": "object", "properties": {"x": {"anyOf": [{"type": "string"}, {"type": "null"}]}}});
    for p in POLICIES {
        for nullable in [&n, &n2] {
            let up = changes(&s, nullable, p);
            let text = show(&up);
            assert!(text.contains("became nullable"), "{p}:\n{text}");
            assert!(backward_ok(&s, nullable, p) && !forward_ok(&s, nullable, p));
            let down = changes(nullable, &s, p);
            let text = show(&down);
            assert!(text.contains("is no longer nullable"), "{p}:\n{text}");
        }
    }
}

#[test]
fn a_huge_enum_with_one_value_removed_is_compared_in_n_log_n() {
    const N: usize = 100_000;
    let values: Vec<Value> = (0..N).map(|i| Value::String(format!("v{i:06}"))).collect();
    let old = json!({"type": "string", "enum": values});
    let mut fewer = values.clone();
    fewer.remove(N / 2);
    let new = json!({"type": "string", "enum": fewer});
    let start = std::time::Instant::now();
    let c = changes(&old, &new, Policy::Lenient);
    let took = start.elapsed();
    assert!(!diff::compatible(&c, Mode::Backward));
    let text = show(&c);
    assert!(text.contains("v050000"), "names the removed value: {text}");
    // A quadratic comparison takes minutes here (5·10⁹ comparisons); an
    // O(n log n) one well under a second in release, a few in debug.
    assert!(
        took < std::time::Duration::from_secs(20),
        "took {took:?}: quadratic?"
    );
}

#[test]
fn a_oneof_branch_that_now_overlaps_another_breaks() {
    // Found by the validator as judge; also fixtures/diff/combinator-changed/oneof_variant_lost_discriminator.
    let variant = |kind: Option<&str>| {
        let mut v = json!({"type": "object", "properties": {"items": {"type": "string"}}});
        if let Some(k) = kind {
            v["properties"]["kind"] = json!({"const": k});
            v["required"] = json!(["kind"]);
        }
        v
    };
    let old = json!({"oneOf": [variant(Some("k0")), variant(Some("k1"))]});
    let new = json!({"oneOf": [variant(Some("k0")), variant(None)]});
    let plain = json!({"type": "string"});
    let overlapping = json!({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]});
    for p in POLICIES {
        let c = changes(&old, &new, p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
        let c = changes(&plain, &overlapping, p);
        assert!(!diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
        // Disjoint variants stay compatible.
        let added =
            json!({"oneOf": [variant(Some("k0")), variant(Some("k1")), variant(Some("k2"))]});
        assert!(backward_ok(&old, &added, p), "{p}");
    }
}

/// A YAML fixture's value.
fn read_fixture(p: &std::path::Path) -> Value {
    contract::yaml::parse(&std::fs::read_to_string(p).unwrap())
        .unwrap()
        .value
}

/// The wording of every change kind, read both ways: for each fixture of
/// `fixtures/diff/<kind>/`, the change of that kind old → new, and what the
/// same pair reads as new → old (the mirrored kind).
#[test]
fn wording_of_every_change_kind_in_both_directions() {
    use std::path::Path;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let read = read_fixture;
    let mut out = String::new();
    let mut kinds: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    kinds.sort();
    for kind in kinds {
        let id = kind.file_name().unwrap().to_string_lossy().into_owned();
        let mut cases: Vec<_> = std::fs::read_dir(&kind)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        cases.sort();
        for case in cases {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            let policy = if name.contains("confluent") {
                Policy::Confluent
            } else {
                Policy::Lenient
            };
            let (old, new) = (read(&case.join("old.yaml")), read(&case.join("new.yaml")));
            let there = changes(&old, &new, policy);
            let back = changes(&new, &old, policy);
            out.push_str(&format!("## {id}/{name}\n"));
            for c in there.iter().filter(|c| c.kind.id() == id) {
                out.push_str(&format!(
                    "  old → new: {} [{}]\n",
                    diff::message::describe(c),
                    c.breaks.names().join(",")
                ));
                for m in back.iter().filter(|m| m.pointer == c.pointer) {
                    out.push_str(&format!(
                        "  new → old: {} ({}) [{}]\n",
                        diff::message::describe(m),
                        m.kind.id(),
                        m.breaks.names().join(",")
                    ));
                }
            }
        }
    }
    insta::assert_snapshot!("change_kind_wording", out);
}

/// The change-kind table says, for each kind, what it breaks in each
/// direction; every change the engine finds on the wording fixtures, under
/// both policies, must agree where the row says "always" or "never", and
/// read back as the row's mirror when the sides are swapped.
#[test]
fn change_kind_rows_agree_with_the_engine() {
    use contract::schema::diff::kinds::Effect;
    use std::path::Path;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let read = read_fixture;
    let agrees = |e: Effect, broke: bool| match e {
        Effect::Breaks => broke,
        Effect::Safe => !broke,
        Effect::Depends(_) => true,
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut bad = Vec::new();
    for kind in std::fs::read_dir(&root).unwrap() {
        for case in std::fs::read_dir(kind.unwrap().path()).unwrap() {
            let case = case.unwrap().path();
            let (old, new) = (read(&case.join("old.yaml")), read(&case.join("new.yaml")));
            for policy in [Policy::Lenient, Policy::Confluent] {
                let back = changes(&new, &old, policy);
                for c in changes(&old, &new, policy) {
                    let row = c.kind.row();
                    seen.insert(c.kind);
                    let at = format!("{} at {} in {}", c.kind.id(), c.pointer, case.display());
                    if !c.advisory {
                        if !agrees(row.backward, c.breaks.backward) {
                            bad.push(format!("backward: {at}"));
                        }
                        if !agrees(row.forward, c.breaks.forward) {
                            bad.push(format!("forward: {at}"));
                        }
                    }
                    // A required field added reads, swapped, as a field
                    // removed (and back): the property's mirror, not `required`'s.
                    let mirrors = |k: ChangeKind| {
                        use ChangeKind::{FieldRemoved, RequiredAdded};
                        k == row.mirror
                            || matches!(
                                (c.kind, k),
                                (RequiredAdded, FieldRemoved) | (FieldRemoved, RequiredAdded)
                            )
                    };
                    let swapped = back.iter().any(|m| {
                        mirrors(m.kind)
                            && m.breaks.backward == c.breaks.forward
                            && m.breaks.forward == c.breaks.backward
                    });
                    if !swapped {
                        bad.push(format!(
                            "swapped, {at} does not read as {}: {back:?}",
                            row.mirror.id()
                        ));
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert_eq!(
        seen.len(),
        ChangeKind::ALL.len(),
        "a kind without a fixture: {seen:?}"
    );
}

#[test]
fn recursive_allof_definitions_compare_within_a_small_stack() {
    // Found by the validator as judge: a definition that refers to itself
    // from inside an allOf member, and one that is only a reference to itself.
    let mk = |note: Value| {
        json!({"type": "object", "properties": {
        "tags": {"$ref": "#/$defs/D0"}, "address": {"$ref": "#/$defs/D3"}},
        "$defs": {
            "D0": {"allOf": [
                {"type": "object", "properties": {"note": {"type": "object", "properties": {"note": note}}, "created_at": {"type": "string", "minLength": 3}}, "required": ["note", "created_at"]},
                {"type": "object", "properties": {"quantity": {"oneOf": [{"type": "number"}, {"type": "null"}]}, "created_at": {"anyOf": [{"type": "string", "enum": ["A", "B"]}, {"type": "null"}]}, "user": {"$ref": "#/$defs/D0"}}, "required": ["created_at", "user"]},
                {"type": "object", "properties": {"created_at": {"$ref": "#/$defs/D1"}}}
            ]},
            "D1": {"type": "string"},
            "D3": {"$ref": "#/$defs/D3"}
        }})
    };
    let old = mk(json!({"type": "string", "enum": ["A", "B"]}));
    let new = mk(json!({"type": "string"}));
    let run = move || {
        for p in POLICIES {
            let c = changes(&old, &new, p);
            assert!(diff::compatible(&c, Mode::Backward), "{p}:\n{}", show(&c));
            assert!(!diff::compatible(&c, Mode::Forward), "{p}:\n{}", show(&c));
        }
    };
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}
