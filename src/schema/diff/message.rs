//! Words for changes: the field a schema pointer names, and one-line,
//! past-tense messages that name both sides.

use serde_json::Value;

use super::{Change, ChangeKind};
use crate::yaml::unescape_token;

const KEYWORDS: &[&str] = &[
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "enum",
    "const",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "maxContains",
    "minContains",
    "title",
    "description",
    "default",
    "$id",
    "additionalProperties",
    "unevaluatedProperties",
    "additionalItems",
    "patternProperties",
];

/// The payload field a schema pointer names, as a dotted path
/// (`items[].quantity`), and the keyword at its end, if any.
pub fn field_of(pointer: &str) -> (String, Option<String>) {
    let toks: Vec<String> = pointer.split('/').skip(1).map(unescape_token).collect();
    let mut field = String::new();
    let mut keyword = None;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].as_str();
        match t {
            "properties" | "patternProperties" | "dependentSchemas" | "dependencies"
            | "dependentRequired"
                if i + 1 < toks.len() =>
            {
                if !field.is_empty() && !field.ends_with(':') {
                    field.push('.');
                }
                if t == "patternProperties" {
                    field.push_str(&format!("/{}/", toks[i + 1]));
                } else {
                    field.push_str(&toks[i + 1]);
                }
                i += 2;
                continue;
            }
            "items" | "additionalItems"
                if i + 1 < toks.len() && toks[i + 1].parse::<usize>().is_ok() =>
            {
                field.push_str(&format!("[{}]", toks[i + 1]));
                i += 2;
                continue;
            }
            "prefixItems" if i + 1 < toks.len() => {
                field.push_str(&format!("[{}]", toks[i + 1]));
                i += 2;
                continue;
            }
            "items" if i + 1 < toks.len() => field.push_str("[]"),
            "additionalProperties" | "unevaluatedProperties" if i + 1 < toks.len() => {
                field.push_str(".*")
            }
            "$defs" | "definitions" if i + 1 < toks.len() && field.is_empty() => {
                // A shared definition: named by its place, a file by its path.
                match toks[i + 1].strip_prefix("file:") {
                    Some(path) => field.push_str(path),
                    None => field.push_str(&format!("{t}/{}", toks[i + 1])),
                }
                field.push(':');
                i += 2;
                continue;
            }
            "allOf" | "anyOf" | "oneOf" if i + 1 < toks.len() => {
                i += 2;
                continue;
            }
            "not" if i + 1 < toks.len() => {}
            _ if i + 1 == toks.len() && (KEYWORDS.contains(&t) || t == "items" || t == "not") => {
                keyword = Some(t.to_string());
            }
            _ => {}
        }
        i += 1;
    }
    if field.ends_with(':') {
        field.pop();
    }
    if field.is_empty() {
        field = "(payload)".to_string();
    }
    (field, keyword)
}

fn show(v: &Option<Value>) -> String {
    match v {
        None => "absent".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            let s = other.to_string();
            if s.len() > 80 {
                format!(
                    "{}…",
                    &s[..s.char_indices().nth(77).map_or(s.len(), |(i, _)| i)]
                )
            } else {
                s
            }
        }
    }
}

/// A schema side for messages: what it is, not its JSON.
fn describe_schema(v: &Option<Value>) -> String {
    match v {
        Some(s @ (Value::Object(_) | Value::Bool(_))) => super::describe_value(s),
        other => show(other),
    }
}

fn enum_delta(old: &Option<Value>, new: &Option<Value>) -> (Vec<String>, Vec<String>) {
    let as_vec = |v: &Option<Value>| -> Vec<Value> {
        match v {
            Some(Value::Array(a)) => a.clone(),
            Some(other) => vec![other.clone()],
            None => vec![],
        }
    };
    let (o, n) = (as_vec(old), as_vec(new));
    // Sets of canonical forms: O(n log n) for enums of any size.
    let (os, ns) = (super::scalar::value_set(&o), super::scalar::value_set(&n));
    let only = |xs: &[Value], other: &std::collections::BTreeSet<String>| -> Vec<String> {
        xs.iter()
            .filter(|x| !other.contains(&super::node::canonical_json(x)))
            .map(|x| show(&Some(x.clone())))
            .collect()
    };
    (only(&o, &ns), only(&n, &os))
}

/// One line saying what changed, naming both sides (no verdict).
pub fn describe(c: &Change) -> String {
    let (field, keyword) = field_of(&c.pointer);
    let f = format!("`{field}`");
    let says = c.kind.row().says;
    match c.kind {
        ChangeKind::FieldTypeChanged => {
            format!("{f} {says} from `{}` to `{}`", show(&c.old), show(&c.new))
        }
        ChangeKind::TypeWidened | ChangeKind::TypeNarrowed
            if matches!(c.label, "became nullable" | "is no longer nullable") =>
        {
            format!(
                "{f} {} (was `{}`, now `{}`)",
                c.label,
                describe_schema(&c.old),
                describe_schema(&c.new)
            )
        }
        ChangeKind::TypeWidened | ChangeKind::TypeNarrowed => {
            format!("{f} {says} from `{}` to `{}`", show(&c.old), show(&c.new))
        }
        ChangeKind::FieldAdded | ChangeKind::FieldRemoved | ChangeKind::RequiredRemoved => {
            format!("{f} {says}")
        }
        ChangeKind::RequiredAdded => {
            if c.old == Some(Value::Bool(false)) {
                format!("{f} {says}")
            } else {
                format!("required field {f} was added")
            }
        }
        ChangeKind::EnumValueRemoved | ChangeKind::EnumValueAdded => {
            let (removed, added) = enum_delta(&c.old, &c.new);
            let kw = keyword.as_deref().unwrap_or("enum");
            let mut parts = Vec::new();
            if !removed.is_empty() {
                parts.push(format!("lost {}", removed.join(", ")));
            }
            if !added.is_empty() {
                parts.push(format!("gained {}", added.join(", ")));
            }
            format!(
                "{f} {kw} {} (was {}, now {})",
                parts.join(" and "),
                show(&c.old),
                show(&c.new)
            )
        }
        ChangeKind::AnnotationChanged => format!("{f} {}", c.label),
        ChangeKind::CombinatorChanged if c.label == super::change::BRANCH_LOST => {
            let branch = branch_of(&c.pointer);
            match (&c.old, &c.new) {
                (Some(_), None) => format!(
                    "{f}: the union branch {branch}(`{}`) is no longer accepted: no branch of the new schema accepts all its values",
                    show(&c.old)
                ),
                _ => format!(
                    "{f}: the new union branch {branch}(`{}`) was not accepted before: no branch of the previous schema accepts all its values",
                    show(&c.new)
                ),
            }
        }
        ChangeKind::SchemaReshaped => format!(
            "{f} {says}: `{}` is now spelled `{}`",
            show(&c.old),
            show(&c.new)
        ),
        ChangeKind::ComparisonIncomplete => match (&c.old, &c.new) {
            (None, None) => format!("{f}: {}", c.label),
            (o, n) => format!("{f}: {} (was `{}`, now `{}`)", c.label, show(o), show(n)),
        },
        _ => {
            let what = c.label;
            match (&c.old, &c.new) {
                (None, None) => format!("{f}: {what}"),
                (None, n) => format!("{f}: {what} (`{}`)", show(n)),
                (o, None) => format!("{f}: {what} (was `{}`)", show(o)),
                (o, n) => format!("{f}: {what} from `{}` to `{}`", show(o), show(n)),
            }
        }
    }
}

/// `anyOf/1 ` for a pointer ending in a union member, else nothing.
fn branch_of(pointer: &str) -> String {
    let toks: Vec<&str> = pointer.rsplitn(3, '/').collect();
    match toks.as_slice() {
        [i, kw, _] if matches!(*kw, "anyOf" | "oneOf") && i.parse::<usize>().is_ok() => {
            format!("`{kw}/{i}` ")
        }
        _ => String::new(),
    }
}

/// Who a break hurts, in words, for the directions given.
pub fn consequence(c: &Change, backward: bool, forward: bool) -> String {
    let mut parts = Vec::new();
    if c.breaks.backward && backward {
        parts.push("consumers on the new schema cannot read events written with the previous one");
    }
    if c.breaks.forward && forward {
        parts.push("consumers on the previous schema cannot read new events");
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_like_payload_paths() {
        assert_eq!(field_of("/properties/user_id"), ("user_id".into(), None));
        assert_eq!(
            field_of("/properties/items/items/properties/quantity/minimum"),
            ("items[].quantity".into(), Some("minimum".into()))
        );
        assert_eq!(
            field_of("/maxLength"),
            ("(payload)".into(), Some("maxLength".into()))
        );
        assert_eq!(field_of("/oneOf/1/properties/a"), ("a".into(), None));
    }
}
