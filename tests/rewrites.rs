//! The rewrite property test: realistic event payload schemas, rewritten
//! the ways teams do without changing what they accept (type lists and
//! single-type unions, nullable spellings, one-member composites, `$ref`s,
//! `definitions` ↔ `$defs`, reordering, `allOf` envelopes, disjoint `oneOf`
//! ↔ `anyOf`) or widening it (adding `null`, adding a branch, dropping a
//! constraint): none may be called breaking under `backward`. Narrowing
//! mutations are the negative control: when the `jsonschema` crate finds an
//! old instance the new schema rejects, the tool must call it breaking.
//!
//! `cargo test --test rewrites` runs a few hundred cases per policy;
//! `PRECISION_CASES=10000` runs more. `cargo test --test rewrites --
//! --ignored --nocapture` prints the false-alarm report (rates per rewrite
//! class, breaking verdicts without a witness grouped by change kind) for
//! `PRECISION_CASES` cases (default 10,000) without failing.

use std::collections::BTreeMap;

use contract::model::{Mode, Policy};
use contract::schema::diff;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const NAMES: &[&str] = &[
    "id",
    "user_id",
    "amount",
    "currency",
    "note",
    "status",
    "created_at",
    "email",
    "tags",
    "address",
    "count",
    "active",
    "score",
    "kind",
    "payload",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Preserving,
    Widening,
    Narrowing,
}

struct Gen {
    rng: fastrand::Rng,
}

impl Gen {
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.rng.usize(..xs.len())]
    }

    fn string(&mut self) -> Value {
        let mut m = Map::new();
        m.insert("type".into(), json!("string"));
        match self.rng.u8(..6) {
            0 => {
                m.insert("maxLength".into(), json!(self.rng.u32(3..30)));
            }
            1 => {
                m.insert(
                    "format".into(),
                    json!(self.pick(&["uuid", "date-time", "email"])),
                );
            }
            2 => {
                m.insert("pattern".into(), json!("^[a-z0-9]+$"));
            }
            3 => {
                m.insert("minLength".into(), json!(1));
            }
            _ => {}
        }
        Value::Object(m)
    }

    fn leaf(&mut self, depth: usize) -> Value {
        let top = if depth >= 2 { 7 } else { 10 };
        match self.rng.usize(..top) {
            0 | 1 => self.string(),
            2 => {
                let mut m = json!({"type": "integer"});
                if self.rng.bool() {
                    m["minimum"] = json!(0);
                }
                if self.rng.bool() {
                    m["maximum"] = json!(self.rng.u32(10..10_000));
                }
                m
            }
            3 => json!({"type": "number", "minimum": 0}),
            4 => json!({"type": "boolean"}),
            5 => json!({"type": "string", "enum": ["NEW", "PAID", "SHIPPED"]}),
            6 => json!({"type": ["string", "null"], "maxLength": 40}),
            7 => self.object(depth + 1),
            8 => json!({"type": "array", "items": self.leaf(depth + 1), "maxItems": 10}),
            _ => {
                let a = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "card"}, "last4": {"type": "string", "maxLength": 4}}});
                let b = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": "voucher"}, "code": self.string()}});
                json!({"oneOf": [a, b]})
            }
        }
    }

    fn object(&mut self, depth: usize) -> Value {
        let n = self.rng.usize(1..5);
        let mut props = Map::new();
        let mut required = Vec::new();
        for _ in 0..n {
            let name = *self.pick(NAMES);
            if props.contains_key(name) {
                continue;
            }
            props.insert(name.into(), self.leaf(depth));
            if self.rng.bool() {
                required.push(json!(name));
            }
        }
        let mut m = json!({"type": "object", "properties": props});
        if !required.is_empty() {
            m["required"] = Value::Array(required);
        }
        m
    }
}

/// Pointers of every property schema (and the root).
fn targets(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        for (k, s) in props {
            targets(s, format!("{at}/properties/{k}"), out);
        }
    }
    if let Some(items) = v.get("items") {
        if items.is_object() {
            targets(items, format!("{at}/items"), out);
        }
    }
}

/// Keywords that only constrain one type.
fn typed_keyword(k: &str) -> Option<&'static str> {
    Some(match k {
        "maxLength" | "minLength" | "pattern" | "format" => "string",
        "minimum" | "maximum" => "number",
        "properties" | "required" | "additionalProperties" => "object",
        "items" | "maxItems" | "minItems" => "array",
        _ => return None,
    })
}

fn types_of(s: &Value) -> Option<Vec<String>> {
    match s.get("type")? {
        Value::String(t) => Some(vec![t.clone()]),
        Value::Array(a) => a.iter().map(|t| t.as_str().map(String::from)).collect(),
        _ => None,
    }
}

/// `{type: T or [T...], <keywords of those types>}`, nothing else.
fn plain_typed(s: &Value) -> Option<Vec<String>> {
    let m = s.as_object()?;
    let tys = types_of(s)?;
    let ok = m.keys().all(|k| {
        k == "type"
            || k == "description"
            || typed_keyword(k).is_some_and(|t| {
                tys.iter()
                    .any(|x| x == t || (t == "number" && x == "integer"))
            })
    });
    ok.then_some(tys)
}

fn branch_for(s: &Value, t: &str) -> Value {
    let mut b = Map::new();
    b.insert("type".into(), json!(t));
    if let Some(m) = s.as_object() {
        for (k, v) in m {
            let kt = typed_keyword(k);
            if kt == Some(t) || (kt == Some("number") && t == "integer") {
                b.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(b)
}

fn accepts_null(s: &Value) -> bool {
    if s.get("const") == Some(&Value::Null)
        || s.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.contains(&Value::Null))
    {
        return true;
    }
    if let Some(tys) = types_of(s) {
        return tys.iter().any(|t| t == "null");
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        if !all.is_empty() && all.iter().all(accepts_null) {
            return true;
        }
    }
    ["oneOf", "anyOf"].iter().any(|k| {
        s.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(accepts_null))
    }) || s.get("$ref").is_some()
}

/// One rewrite of a schema that keeps its meaning; its name.
fn preserve(g: &mut Gen, s: &mut Value, defs: &mut Map<String, Value>) -> &'static str {
    for _ in 0..4 {
        match g.rng.u8(..8) {
            0 => {
                if let Some(tys) = plain_typed(s) {
                    let branches: Vec<Value> = tys.iter().map(|t| branch_for(s, t)).collect();
                    let kw = if g.rng.bool() { "oneOf" } else { "anyOf" };
                    *s = json!({ kw: branches });
                    return "type list as single-type branches";
                }
            }
            1 => {
                let kw = *g.pick(&["allOf", "anyOf", "oneOf"]);
                *s = json!({ kw: [s.clone()] });
                return "one-member composite";
            }
            2 => {
                let name = format!("D{}", defs.len());
                defs.insert(name.clone(), s.clone());
                *s = json!({"$ref": format!("#/$defs/{name}")});
                return "moved behind a $ref";
            }
            3 => {
                if let (Some(Value::Array(a)), true) =
                    (s.get("oneOf").cloned(), s.get("anyOf").is_none())
                {
                    let disjoint = a
                        .iter()
                        .all(|b| b.get("properties").and_then(|p| p.get("kind")).is_some());
                    if disjoint {
                        let m = s.as_object_mut().unwrap();
                        m.remove("oneOf");
                        m.insert("anyOf".into(), Value::Array(a));
                        return "disjoint oneOf as anyOf";
                    }
                }
            }
            4 => {
                // Reorder: properties, required, enum, type lists, branches.
                if let Some(m) = s.as_object_mut() {
                    for (_, v) in m.iter_mut() {
                        match v {
                            Value::Array(a) if a.len() > 1 => a.reverse(),
                            Value::Object(o) if o.len() > 1 => {
                                let mut items: Vec<(String, Value)> =
                                    std::mem::take(o).into_iter().collect();
                                items.reverse();
                                o.extend(items);
                            }
                            _ => {}
                        }
                    }
                    return "reordered";
                }
            }
            5 => {
                if let Some(tys) = plain_typed(s) {
                    if tys.len() == 2 && tys.iter().any(|t| t == "null") {
                        let t = tys.iter().find(|t| *t != "null").unwrap().clone();
                        let nul = if g.rng.bool() {
                            json!({"type": "null"})
                        } else {
                            json!({"const": null})
                        };
                        let kw = if g.rng.bool() { "oneOf" } else { "anyOf" };
                        *s = json!({ kw: [branch_for(s, &t), nul] });
                        return "nullable respelled as a union";
                    }
                }
            }
            6 => {
                // An object split into allOf [$ref Common, extension].
                let is_obj = s.get("type") == Some(&json!("object"));
                let props = s.get("properties").and_then(Value::as_object).cloned();
                if let (true, Some(props)) = (is_obj, props) {
                    if props.len() >= 2 {
                        let required: Vec<Value> = s
                            .get("required")
                            .and_then(Value::as_array)
                            .cloned()
                            .unwrap_or_default();
                        let cut = g.rng.usize(1..props.len());
                        let (mut a, mut b) = (Map::new(), Map::new());
                        for (i, (k, v)) in props.into_iter().enumerate() {
                            if i < cut {
                                a.insert(k, v);
                            } else {
                                b.insert(k, v);
                            }
                        }
                        let req = |m: &Map<String, Value>| -> Vec<Value> {
                            required
                                .iter()
                                .filter(|r| r.as_str().is_some_and(|r| m.contains_key(r)))
                                .cloned()
                                .collect()
                        };
                        let mut common = json!({"type": "object", "properties": a.clone()});
                        if !req(&a).is_empty() {
                            common["required"] = Value::Array(req(&a));
                        }
                        let mut ext = json!({"type": "object", "properties": b.clone()});
                        if !req(&b).is_empty() {
                            ext["required"] = Value::Array(req(&b));
                        }
                        let name = format!("Common{}", defs.len());
                        defs.insert(name.clone(), common);
                        *s = json!({"allOf": [{"$ref": format!("#/$defs/{name}")}, ext]});
                        return "object split into allOf of a $ref and an extension";
                    }
                }
            }
            _ => {
                if let Some(Value::Array(a)) = s.get("type").cloned() {
                    let mut a = a;
                    a.reverse();
                    s["type"] = Value::Array(a);
                    return "type list reordered";
                }
            }
        }
    }
    *s = json!({"allOf": [s.clone()]});
    "one-member composite"
}

/// One rewrite that accepts more; its name.
fn widen(g: &mut Gen, s: &mut Value) -> &'static str {
    for _ in 0..4 {
        match g.rng.u8(..4) {
            0 if !accepts_null(s) => {
                if g.rng.bool() {
                    *s = json!({"oneOf": [s.clone(), {"type": "null"}]});
                } else {
                    *s = json!({"anyOf": [{"type": "null"}, s.clone()]});
                }
                return "null added";
            }
            1 => {
                *s = json!({"anyOf": [s.clone(), {"type": "boolean"}]});
                return "branch added";
            }
            2 => {
                if let Some(m) = s.as_object_mut() {
                    for k in [
                        "maxLength",
                        "minLength",
                        "pattern",
                        "format",
                        "minimum",
                        "maximum",
                        "maxItems",
                        "required",
                    ] {
                        if m.remove(k).is_some() {
                            return "constraint dropped";
                        }
                    }
                }
            }
            _ => {
                if let Some(Value::Array(e)) = s.get_mut("enum") {
                    e.push(json!("REFUNDED"));
                    return "enum value added";
                }
            }
        }
    }
    *s = json!({"anyOf": [s.clone(), {"type": "boolean"}]});
    "branch added"
}

/// One rewrite that may accept less; its name (`None`: not applicable).
fn narrow(g: &mut Gen, s: &mut Value) -> Option<&'static str> {
    let m = s.as_object_mut()?;
    match g.rng.u8(..5) {
        0 => {
            let props: Vec<String> = m.get("properties")?.as_object()?.keys().cloned().collect();
            let p = props.first()?.clone();
            let req = m.entry("required").or_insert(json!([]));
            let a = req.as_array_mut()?;
            if a.contains(&json!(p)) {
                return None;
            }
            a.push(json!(p));
            Some("required added")
        }
        1 => {
            if m.get("type") == Some(&json!("string")) {
                m.insert("maxLength".into(), json!(2));
                return Some("maxLength tightened");
            }
            None
        }
        2 => {
            let tys = m.get_mut("type")?.as_array_mut()?;
            tys.pop();
            Some("type removed from a list")
        }
        3 => {
            let e = m.get_mut("enum")?.as_array_mut()?;
            e.remove(0);
            Some("enum value removed")
        }
        _ => {
            if m.get("type") == Some(&json!("integer")) {
                m.insert("type".into(), json!("string"));
                return Some("type changed");
            }
            None
        }
    }
}

/// Sample instances of a schema (edge values, every branch, every property).
fn samples(s: &Value, root: &Value, depth: usize, out: &mut Vec<Value>) {
    if depth > 6 || out.len() > 400 {
        return;
    }
    let s = match s.get("$ref").and_then(Value::as_str) {
        Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
            Some(t) => t,
            None => return,
        },
        None => s,
    };
    if let Some(c) = s.get("const") {
        out.push(c.clone());
    }
    if let Some(Value::Array(e)) = s.get("enum") {
        out.extend(e.iter().cloned());
    }
    for k in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(a)) = s.get(k) {
            for b in a {
                samples(b, root, depth + 1, out);
            }
        }
    }
    let tys = types_of(s).unwrap_or_default();
    for t in tys {
        match t.as_str() {
            "string" => out.extend([
                json!(""),
                json!("abc"),
                json!("ab"),
                json!("x".repeat(35)),
                json!("2024-01-01T00:00:00Z"),
                json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
                json!("a@b.co"),
                json!("NEW"),
                json!("ABC-1"),
            ]),
            "integer" => out.extend([json!(0), json!(-5), json!(7), json!(50_000)]),
            "number" => out.extend([json!(0.5), json!(-1.5), json!(3)]),
            "boolean" => out.push(json!(true)),
            "null" => out.push(Value::Null),
            "array" => {
                out.push(json!([]));
                let mut inner = Vec::new();
                if let Some(items) = s.get("items") {
                    samples(items, root, depth + 1, &mut inner);
                }
                for x in inner.iter().take(6) {
                    out.push(json!([x]));
                }
                if let Some(x) = inner.first() {
                    out.push(Value::Array(vec![x.clone(); 12]));
                }
            }
            "object" => object_samples(s, root, depth, out),
            _ => {}
        }
    }
    out.extend([Value::Null, json!("zzz"), json!(1), json!({})]);
}

fn object_samples(s: &Value, root: &Value, depth: usize, out: &mut Vec<Value>) {
    let props = s
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut per: Vec<(String, Vec<Value>)> = Vec::new();
    for (k, p) in &props {
        let mut v = Vec::new();
        samples(p, root, depth + 1, &mut v);
        per.push((k.clone(), v));
    }
    let valid_first = |k: &str, vs: &[Value]| -> Value {
        let mut full = props[k].clone();
        if let Value::Object(m) = &mut full {
            for d in ["$defs", "definitions"] {
                if let Some(x) = root.get(d) {
                    m.insert(d.into(), x.clone());
                }
            }
        }
        let validator = jsonschema::validator_for(&full).ok();
        vs.iter()
            .find(|v| validator.as_ref().is_none_or(|val| val.is_valid(v)))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let mut base = Map::new();
    for (k, vs) in &per {
        base.insert(k.clone(), valid_first(k, vs));
    }
    out.push(Value::Object(base.clone()));
    for (k, vs) in &per {
        let mut without = base.clone();
        without.remove(k);
        out.push(Value::Object(without));
        for v in vs.iter().take(12) {
            let mut with = base.clone();
            with.insert(k.clone(), v.clone());
            out.push(Value::Object(with));
        }
    }
}

/// An old instance the new schema rejects, if the samples find one.
fn witness(old: &Value, new: &Value) -> Option<Value> {
    let vo = jsonschema::validator_for(old).ok()?;
    let vn = jsonschema::validator_for(new).ok()?;
    let mut xs = Vec::new();
    samples(old, old, 0, &mut xs);
    samples(new, new, 0, &mut xs);
    xs.into_iter().find(|x| vo.is_valid(x) && !vn.is_valid(x))
}

struct Case {
    class: Class,
    rewrites: Vec<&'static str>,
    old: Value,
    new: Value,
}

fn case(seed: u64) -> Case {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(seed),
    };
    let mut old = g.object(0);
    if g.rng.u8(..4) == 0 {
        // Some bases already use definitions.
        let mut ts = Vec::new();
        targets(&old, String::new(), &mut ts);
        if ts.len() > 1 {
            let t = g.pick(&ts[1..]).clone();
            let s = old.pointer(&t).cloned().unwrap();
            old["definitions"] = json!({ "Base": s });
            *old.pointer_mut(&t).unwrap() = json!({"$ref": "#/definitions/Base"});
        }
    }
    let class = match g.rng.u8(..10) {
        0..=4 => Class::Preserving,
        5..=7 => Class::Widening,
        _ => Class::Narrowing,
    };
    let mut new = old.clone();
    let mut defs = Map::new();
    let mut rewrites = Vec::new();
    let steps = g.rng.usize(1..4);
    for i in 0..steps {
        let last = i + 1 == steps;
        // Definitions stay at the root whatever happens to the root schema.
        let kept = new.as_object_mut().and_then(|m| m.remove("definitions"));
        let mut ts = Vec::new();
        targets(&new, String::new(), &mut ts);
        let mut name = None;
        for _ in 0..8 {
            let t = g.pick(&ts).clone();
            let Some(s) = new.pointer_mut(&t) else {
                continue;
            };
            name = match class {
                Class::Widening if last => Some(widen(&mut g, s)),
                Class::Narrowing if last => narrow(&mut g, s),
                _ => Some(preserve(&mut g, s, &mut defs)),
            };
            if name.is_some() {
                break;
            }
        }
        if let (Some(d), Some(m)) = (kept, new.as_object_mut()) {
            m.insert("definitions".into(), d);
        }
        rewrites.extend(name);
    }
    if new.get("definitions").is_some() && g.rng.bool() {
        // definitions -> $defs, references renamed with it.
        let text = serde_json::to_string(&new)
            .unwrap()
            .replace("#/definitions/", "#/$defs/")
            .replace("\"definitions\":", "\"$defs\":");
        let renamed: Value = serde_json::from_str(&text).unwrap();
        if renamed.get("$defs").is_some() && !defs.is_empty() {
            // Would collide with the new definitions; keep the name.
        } else {
            new = renamed;
            rewrites.push("definitions renamed to $defs");
        }
    }
    if !defs.is_empty() {
        let m = new.as_object_mut().unwrap();
        let d = m
            .entry("$defs")
            .or_insert(json!({}))
            .as_object_mut()
            .unwrap();
        d.extend(defs);
    }
    Case {
        class,
        rewrites,
        old,
        new,
    }
}

#[derive(Debug)]
enum Outcome {
    Ok,
    /// A rewrite that keeps or widens was called breaking.
    FalseAlarm {
        kinds: Vec<&'static str>,
        witness: Option<Value>,
    },
    /// A narrowing with a witness was called compatible.
    Unsound {
        witness: Value,
    },
}

fn judge(c: &Case, policy: Policy) -> (Outcome, bool) {
    let changes = diff::diff(&c.old, &c.new, policy);
    let compatible = diff::compatible(&changes, Mode::Backward);
    let outcome = match c.class {
        Class::Preserving | Class::Widening if !compatible => Outcome::FalseAlarm {
            kinds: changes
                .iter()
                .filter(|x| x.breaks.backward)
                .map(|x| x.kind.id())
                .collect(),
            witness: witness(&c.old, &c.new),
        },
        Class::Narrowing if compatible => match witness(&c.old, &c.new) {
            Some(w) => Outcome::Unsound { witness: w },
            None => Outcome::Ok,
        },
        _ => Outcome::Ok,
    };
    (outcome, compatible)
}

fn cases_from_env(default: u32) -> u32 {
    std::env::var("PRECISION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases_from_env(300)))]

    #[test]
    fn rewrites_that_keep_or_widen_never_break_backward(seed in any::<u64>()) {
        let c = case(seed);
        for policy in [Policy::Lenient, Policy::Confluent] {
            // The generator itself is checked: a rewrite it calls keeping or
            // widening must have no witness.
            prop_assert!(jsonschema::validator_for(&c.new).is_ok(), "generator bug: {} does not compile", c.new);
            if matches!(c.class, Class::Preserving | Class::Widening) {
                let w = witness(&c.old, &c.new);
                prop_assert!(w.is_none(), "generator bug: {:?} has witness {:?}\nold: {}\nnew: {}", c.rewrites, w, c.old, c.new);
            }
            match judge(&c, policy).0 {
                Outcome::Ok => {}
                Outcome::FalseAlarm { kinds, .. } => prop_assert!(false,
                    "{policy}: {:?} ({:?}) called breaking ({kinds:?})\nold: {}\nnew: {}",
                    c.class, c.rewrites, c.old, c.new),
                Outcome::Unsound { witness } => prop_assert!(false,
                    "{policy}: narrowing {:?} called compatible; witness {witness}\nold: {}\nnew: {}",
                    c.rewrites, c.old, c.new),
            }
        }
    }
}

/// The false-alarm report (measurement, never fails).
#[test]
#[ignore]
fn false_alarm_report() {
    let n = cases_from_env(10_000);
    for policy in [Policy::Lenient, Policy::Confluent] {
        let mut total: BTreeMap<Class, u32> = BTreeMap::new();
        let mut breaking: BTreeMap<Class, u32> = BTreeMap::new();
        let mut by_rewrite: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        let mut no_witness: BTreeMap<&str, u32> = BTreeMap::new();
        let mut with_witness = 0;
        let mut unsound = 0;
        for seed in 0..n as u64 {
            let c = case(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            *total.entry(c.class).or_default() += 1;
            let (out, compatible) = judge(&c, policy);
            if !compatible {
                *breaking.entry(c.class).or_default() += 1;
            }
            for r in &c.rewrites {
                let e = by_rewrite.entry(r).or_default();
                e.0 += 1;
                if matches!(out, Outcome::FalseAlarm { .. }) {
                    e.1 += 1;
                }
            }
            match out {
                Outcome::FalseAlarm { kinds, witness } => {
                    if witness.is_some() {
                        with_witness += 1;
                    } else {
                        let mut ks = kinds.clone();
                        ks.sort();
                        ks.dedup();
                        for k in ks {
                            *no_witness.entry(k).or_default() += 1;
                        }
                    }
                }
                Outcome::Unsound { .. } => unsound += 1,
                Outcome::Ok => {}
            }
        }
        println!("== policy {policy}, {n} cases");
        for (class, t) in &total {
            let a = breaking.get(class).copied().unwrap_or(0);
            println!(
                "{class:?}: {t} cases, {a} called breaking backward ({:.1} %)",
                100.0 * a as f64 / *t as f64
            );
        }
        println!("breaking verdicts on keeping/widening rewrites with a witness (generator bugs): {with_witness}");
        println!("unsound (narrowing with a witness called compatible): {unsound}");
        println!("breaking verdicts without a witness, by change kind:");
        for (k, c) in &no_witness {
            println!("  {k}: {c}");
        }
        println!("by rewrite (cases containing it, of which called breaking):");
        for (r, (t, a)) in &by_rewrite {
            println!("  {r}: {t}, {a}");
        }
    }
}
