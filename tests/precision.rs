//! Precision: rewrites that keep or widen the set of valid events are not
//! breaks. One test per rewrite of the precision issue (through the library
//! and through `contract diff --schema`), and the rewrite property test.

mod common;

use contract::model::{Mode, Policy};
use contract::schema::diff::{self, Change};
use serde_json::{json, Value};

fn changes(old: &Value, new: &Value, policy: Policy) -> Vec<Change> {
    diff::diff(old, new, policy)
}

fn lines(cs: &[Change]) -> String {
    cs.iter()
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

/// Compatible under `mode`, and reported as exactly one `schema-reshaped`
/// change (not silence) when the meaning is the same.
#[track_caller]
fn same_meaning(old: Value, new: Value) {
    for policy in [Policy::Lenient, Policy::Confluent] {
        for (a, b) in [(&old, &new), (&new, &old)] {
            let cs = changes(a, b, policy);
            assert!(
                diff::compatible(&cs, Mode::Full),
                "{policy}: a rewrite with the same meaning was called breaking:\n{}",
                lines(&cs)
            );
            let reshaped = cs
                .iter()
                .filter(|c| c.kind.id() == "schema-reshaped")
                .count();
            assert_eq!(
                reshaped,
                1,
                "{policy}: expected one schema-reshaped:\n{}",
                lines(&cs)
            );
        }
    }
}

#[track_caller]
fn widening(old: Value, new: Value) {
    for policy in [Policy::Lenient, Policy::Confluent] {
        let cs = changes(&old, &new, policy);
        assert!(
            diff::compatible(&cs, Mode::Backward),
            "{policy}: a widening was called breaking backward:\n{}",
            lines(&cs)
        );
    }
}

fn object(props: Value) -> Value {
    json!({"type": "object", "properties": props})
}

// --- a field made nullable by wrapping it -----------------------------------

#[test]
fn nullable_by_wrapping_a_ref_in_one_of_is_not_a_break_backward() {
    let defs = json!({
        "Amount": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]+$"}]},
        "Address": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    });
    let mut old = object(json!({
        "amount": {"$ref": "#/$defs/Amount"},
        "address": {"$ref": "#/$defs/Address"}
    }));
    old["$defs"] = defs.clone();
    let mut new = object(json!({
        "amount": {"oneOf": [{"$ref": "#/$defs/Amount"}, {"type": "null"}]},
        "address": {"oneOf": [{"$ref": "#/$defs/Address"}, {"type": "null"}]}
    }));
    new["$defs"] = defs;
    widening(old.clone(), new.clone());
    // It is a widening: forward still breaks (old consumers get nulls).
    let cs = changes(&old, &new, Policy::Lenient);
    assert!(!diff::compatible(&cs, Mode::Forward), "{}", lines(&cs));
}

#[test]
fn nullable_spellings_are_the_same_meaning() {
    same_meaning(
        object(json!({"note": {"type": ["string", "null"], "maxLength": 20}})),
        object(json!({"note": {"oneOf": [{"type": "null"}, {"type": "string", "maxLength": 20}]}})),
    );
    same_meaning(
        object(json!({"note": {"anyOf": [{"type": "string"}, {"const": null}]}})),
        object(json!({"note": {"type": ["null", "string"]}})),
    );
}

// --- the same set of types spelled another way ------------------------------

#[test]
fn type_list_as_one_of_single_type_branches_is_the_same_meaning() {
    same_meaning(
        object(json!({"id": {"type": ["string", "integer"]}})),
        object(json!({"id": {"oneOf": [{"type": "integer"}, {"type": "string"}]}})),
    );
}

#[test]
fn any_of_and_disjoint_one_of_are_the_same_union() {
    let a = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "card"}, "last4": {"type": "string"}}});
    let b = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "voucher"}, "code": {"type": "string"}}});
    same_meaning(
        object(json!({"payment": {"anyOf": [a.clone(), b.clone()]}})),
        object(json!({"payment": {"oneOf": [b, a]}})),
    );
}

#[test]
fn one_member_composites_are_their_member() {
    same_meaning(
        object(json!({"x": {"type": "string", "maxLength": 5}})),
        object(
            json!({"x": {"allOf": [{"anyOf": [{"oneOf": [{"type": "string", "maxLength": 5}]}]}]}}),
        ),
    );
}

// --- a union reorganised with the same members ------------------------------

#[test]
fn nullable_string_branch_merged_into_a_type_list_is_the_same_meaning() {
    let obj = json!({"type": "object", "properties": {"id": {"type": "integer"}}});
    same_meaning(
        object(
            json!({"v": {"oneOf": [{"type": "string", "maxLength": 10}, {"type": "null"}, obj.clone()]}}),
        ),
        object(json!({"v": {"oneOf": [obj, {"type": ["null", "string"], "maxLength": 10}]}})),
    );
}

#[test]
fn member_replaced_by_a_ref_to_an_identical_definition_is_the_same_meaning() {
    let card = json!({"type": "object", "properties": {"last4": {"type": "string"}}, "required": ["last4"]});
    let old = object(json!({"p": {"anyOf": [card.clone(), {"type": "string", "format": "uuid"}]}}));
    let mut new = object(
        json!({"p": {"anyOf": [{"type": "string", "format": "uuid"}, {"$ref": "#/definitions/Card"}]}}),
    );
    new["definitions"] = json!({"Card": card});
    same_meaning(old, new);
}

#[test]
fn definitions_renamed_to_defs_is_reported_once_and_not_a_break() {
    let mut old = object(json!({"a": {"$ref": "#/definitions/A"}}));
    old["definitions"] = json!({"A": {"type": "string"}});
    let mut new = object(json!({"a": {"$ref": "#/$defs/A"}}));
    new["$defs"] = json!({"A": {"type": "string"}});
    same_meaning(old, new);
}

// --- an inline object refactored into allOf of a $ref and an extension -----

#[test]
fn inline_object_split_into_all_of_ref_and_extension_is_the_same_meaning() {
    let old = json!({
        "type": "object",
        "required": ["id", "at", "amount"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "at": {"type": "string", "format": "date-time"},
            "amount": {"type": "number", "minimum": 0}
        }
    });
    let new = json!({
        "$defs": {"Common": {
            "type": "object",
            "required": ["id", "at"],
            "properties": {"id": {"type": "string", "format": "uuid"}, "at": {"type": "string", "format": "date-time"}}
        }},
        "allOf": [
            {"$ref": "#/$defs/Common"},
            {"type": "object", "required": ["amount"], "properties": {"amount": {"type": "number", "minimum": 0}}}
        ]
    });
    same_meaning(old, new);
}

// --- unions by branch subsumption --------------------------------------------

#[test]
fn union_branches_merged_into_a_wider_branch_are_kept() {
    widening(
        object(
            json!({"v": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "string", "format": "email"}, {"type": "integer"}]}}),
        ),
        object(json!({"v": {"anyOf": [{"type": "integer"}, {"type": "string"}]}})),
    );
    widening(
        object(
            json!({"v": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "string", "minLength": 2}]}}),
        ),
        object(json!({"v": {"type": "string"}})),
    );
}

#[test]
fn a_branch_no_longer_accepted_is_named_with_its_values() {
    let old = object(
        json!({"v": {"anyOf": [{"type": "integer"}, {"type": "string", "format": "uuid"}, {"type": "boolean"}]}}),
    );
    let new = object(
        json!({"v": {"anyOf": [{"type": "integer"}, {"type": "boolean"}, {"type": "array"}]}}),
    );
    let cs = changes(&old, &new, Policy::Lenient);
    assert!(!diff::compatible(&cs, Mode::Backward), "{}", lines(&cs));
    let breaking: Vec<&Change> = cs.iter().filter(|c| c.breaks.backward).collect();
    assert_eq!(breaking.len(), 1, "{}", lines(&cs));
    let msg = diff::message::describe(breaking[0]);
    assert!(
        msg.contains("string (format uuid)") && msg.contains("no longer accepted"),
        "{msg}"
    );
}

// --- narrowing still breaks ---------------------------------------------------

#[test]
fn narrowing_rewrites_still_break() {
    for (old, new) in [
        (
            json!({"type": ["string", "null"]}),
            json!({"oneOf": [{"type": "string"}]}),
        ),
        (
            // Short strings match both branches: `oneOf` rejects them.
            json!({"anyOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}),
            json!({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 3}]}),
        ),
        (
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"allOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {"required": ["a"]}]}),
        ),
        (
            json!({"oneOf": [{"type": "string"}, {"type": "null"}]}),
            json!({"oneOf": [{"type": ["string", "null"]}, {"type": "null"}]}),
        ),
    ] {
        for policy in [Policy::Lenient, Policy::Confluent] {
            let cs = changes(&old, &new, policy);
            assert!(
                !diff::compatible(&cs, Mode::Backward),
                "{policy}: {old} -> {new} was called compatible:\n{}",
                lines(&cs)
            );
        }
    }
}

// --- through the binary --------------------------------------------------------

#[test]
fn binary_diff_schema_reports_a_reshape_not_a_break() {
    let r = common::Repo::new();
    r.write(
        "a.json",
        r##"{"type":"object","properties":{"id":{"type":["string","integer"]},"ref":{"$ref":"#/$defs/R"}},"$defs":{"R":{"type":"string"}}}"##,
    );
    r.write(
        "b.json",
        r##"{"type":"object","properties":{"id":{"oneOf":[{"type":"integer"},{"type":"string"}]},"ref":{"oneOf":[{"$ref":"#/$defs/R"},{"type":"null"}]}},"$defs":{"R":{"type":"string"}}}"##,
    );
    let (code, out, err) = r.contract(&[
        "diff", "--schema", "a.json", "b.json", "--mode", "backward", "--format", "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["compatible"], true);
    let kinds: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"schema-reshaped"), "{out}");
    let (code, out, _) =
        r.contract(&["diff", "--schema", "a.json", "b.json", "--mode", "backward"]);
    assert_eq!(code, 0);
    assert!(out.contains("reshaped with the same meaning"), "{out}");
}
