//! The validator as judge. Realistic event payload schemas (nested objects,
//! arrays, enums, formats, nullable fields, `$ref`s to `$defs`, `allOf`
//! envelopes, `oneOf` variants, numeric and string constraints) are
//! generated and mutated the way teams change them; for every pair the diff
//! engine calls compatible under a mode and policy, instances generated from
//! both schemas (edge values, `null`, missing optional fields, extra
//! properties) are validated with the `jsonschema` crate: no instance the
//! writer's schema accepts may be rejected by the reader's (backward: old
//! events under the new schema; forward: new events under the old schema).
//!
//! The policies' documented exceptions are applied here, explicitly:
//! - `lenient`: producers emit only the properties they declare (instances
//!   carry no undeclared property), and readers tolerate undeclared ones
//!   (the reader's `additionalProperties` / `patternProperties` /
//!   `unevaluatedProperties` do not judge); `format` is asserted.
//! - `confluent`: the registry fills defaults (a required property with a
//!   `default` may be missing), does not compare `format` (not asserted) nor
//!   `required` naming an undeclared property (not judged).
//!
//! "Breaking" verdicts for which no generated instance is a witness are
//! counted per change kind (likely false alarms) and printed.
//!
//! `cargo test --test judge` runs a few hundred pairs; `JUDGE_CASES=20000
//! cargo test --release --test judge -- --nocapture` is the long run.

use std::collections::BTreeMap;
use std::time::Instant;

use contract::model::{Mode, Policy};
use contract::schema::diff::{self, Change};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------- model

#[derive(Clone, Debug)]
enum T {
    Str {
        min: Option<u64>,
        max: Option<u64>,
        format: Option<&'static str>,
        pattern: Option<&'static str>,
    },
    Int {
        min: Option<i64>,
        max: Option<i64>,
        mult: Option<u64>,
    },
    Num {
        min: Option<i64>,
        max: Option<i64>,
        excl: bool,
    },
    Bool,
    Enum(Vec<String>),
    Const(String),
    Arr {
        items: Box<T>,
        min: Option<u64>,
        max: Option<u64>,
        unique: bool,
    },
    Obj(Obj),
    /// Nullable, in one of three spellings (type list, anyOf, oneOf).
    Null(Box<T>, u8),
    Ref(String),
    AllOf(Vec<Obj>),
    /// Variants told apart by a required `kind` const.
    OneOf(Vec<Obj>),
}

#[derive(Clone, Debug)]
struct Obj {
    props: Vec<Prop>,
    closed: bool,
    min_props: Option<u64>,
}

#[derive(Clone, Debug)]
struct Prop {
    name: String,
    t: T,
    required: bool,
    default: bool,
}

#[derive(Clone, Debug)]
struct Schema {
    root: Obj,
    defs: Vec<(String, T)>,
}

const NAMES: &[&str] = &[
    "id",
    "amount",
    "currency",
    "status",
    "created_at",
    "user",
    "email",
    "items",
    "sku",
    "quantity",
    "price",
    "note",
    "tags",
    "address",
    "city",
    "zip",
    "version",
    "source",
];
const FORMATS: &[&str] = &["date-time", "email", "uuid", "date"];
const PATTERNS: &[&str] = &["^[a-z]+$", "^[A-Z]", "^[0-9a-f-]+$"];
const WORDS: &[&str] = &["A", "B", "C", "D", "E"];

struct Rng(fastrand::Rng);

impl Rng {
    fn pick<'a, X>(&mut self, xs: &'a [X]) -> &'a X {
        &xs[self.0.usize(..xs.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        self.0.f64() < p
    }
    fn opt_u(&mut self, lo: u64, hi: u64, p: f64) -> Option<u64> {
        self.chance(p).then(|| self.0.u64(lo..=hi))
    }
    fn opt_i(&mut self, lo: i64, hi: i64, p: f64) -> Option<i64> {
        self.chance(p).then(|| self.0.i64(lo..=hi))
    }
}

fn gen_leaf(r: &mut Rng) -> T {
    match r.0.u8(0..10) {
        0..=2 => {
            let min = r.opt_u(0, 3, 0.2);
            let max = r.opt_u(min.unwrap_or(0).max(1), 12, 0.3);
            T::Str {
                min,
                max,
                format: r.chance(0.25).then(|| *r.pick(FORMATS)),
                pattern: r.chance(0.1).then(|| *r.pick(PATTERNS)),
            }
        }
        3..=4 => {
            let min = r.opt_i(-5, 5, 0.4);
            let max = r.opt_i(min.unwrap_or(-5) + 1, 100, 0.3);
            T::Int {
                min,
                max,
                mult: r.opt_u(2, 5, 0.1),
            }
        }
        5 => {
            let min = r.opt_i(-5, 5, 0.4);
            let max = r.opt_i(min.unwrap_or(-5) + 1, 100, 0.3);
            T::Num {
                min,
                max,
                excl: r.chance(0.3),
            }
        }
        6 => T::Bool,
        7..=8 => {
            let n = r.0.usize(1..=4);
            T::Enum(WORDS[..n].iter().map(|s| s.to_string()).collect())
        }
        _ => T::Const(r.pick(WORDS).to_string()),
    }
}

fn gen_obj(
    r: &mut Rng,
    depth: u32,
    defs: &mut Vec<(String, T)>,
    n: std::ops::RangeInclusive<usize>,
) -> Obj {
    let n = r.0.usize(n);
    let mut props: Vec<Prop> = Vec::new();
    for _ in 0..n {
        let name = r.pick(NAMES).to_string();
        if props.iter().any(|p| p.name == name) {
            continue;
        }
        props.push(Prop {
            name,
            t: gen_type(r, depth, defs),
            required: r.chance(0.5),
            default: false,
        });
    }
    Obj {
        props,
        closed: r.chance(0.2),
        min_props: r.opt_u(1, 2, 0.05),
    }
}

fn gen_type(r: &mut Rng, depth: u32, defs: &mut Vec<(String, T)>) -> T {
    if depth == 0 || r.chance(0.55) {
        let leaf = gen_leaf(r);
        return if r.chance(0.15) {
            T::Null(Box::new(leaf), r.0.u8(0..3))
        } else {
            leaf
        };
    }
    match r.0.u8(0..10) {
        0..=2 => T::Obj(gen_obj(r, depth - 1, defs, 1..=4)),
        3..=4 => T::Arr {
            items: Box::new(gen_type(r, depth - 1, defs)),
            min: r.opt_u(0, 2, 0.2),
            max: r.opt_u(2, 5, 0.2),
            unique: r.chance(0.1),
        },
        5..=6 => {
            let name = format!("D{}", defs.len());
            let body = gen_type(r, depth - 1, defs);
            defs.push((name.clone(), body));
            T::Ref(name)
        }
        7 => T::Null(Box::new(gen_type(r, depth - 1, defs)), r.0.u8(1..3)),
        8 => T::AllOf(
            (0..r.0.usize(2..=3))
                .map(|_| {
                    let mut o = gen_obj(r, depth - 1, defs, 1..=3);
                    o.closed = false;
                    o
                })
                .collect(),
        ),
        _ => T::OneOf(
            (0..r.0.usize(2..=3))
                .map(|i| variant(r, depth - 1, defs, i))
                .collect(),
        ),
    }
}

fn variant(r: &mut Rng, depth: u32, defs: &mut Vec<(String, T)>, i: usize) -> Obj {
    let mut o = gen_obj(r, depth, defs, 1..=3);
    o.props.retain(|p| p.name != "kind");
    o.props.insert(
        0,
        Prop {
            name: "kind".into(),
            t: T::Const(format!("k{i}")),
            required: true,
            default: false,
        },
    );
    o
}

fn gen_schema(r: &mut Rng) -> Schema {
    let mut defs = Vec::new();
    let depth = r.0.u32(1..=3);
    let root = gen_obj(r, depth, &mut defs, 2..=6);
    Schema { root, defs }
}

// ---------------------------------------------------------------- rendering

fn render_obj(o: &Obj) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    let mut props = Map::new();
    for p in &o.props {
        let mut s = render(&p.t);
        if p.default {
            if let Some(d) = default_of(&p.t) {
                if let Value::Object(sm) = &mut s {
                    sm.insert("default".into(), d);
                }
            }
        }
        props.insert(p.name.clone(), s);
    }
    m.insert("properties".into(), Value::Object(props));
    let req: Vec<Value> = o
        .props
        .iter()
        .filter(|p| p.required)
        .map(|p| json!(p.name))
        .collect();
    if !req.is_empty() {
        m.insert("required".into(), Value::Array(req));
    }
    if o.closed {
        m.insert("additionalProperties".into(), json!(false));
    }
    if let Some(n) = o.min_props {
        m.insert("minProperties".into(), json!(n));
    }
    Value::Object(m)
}

fn default_of(t: &T) -> Option<Value> {
    match t {
        T::Str { min: None, .. } => Some(json!("")),
        T::Bool => Some(json!(false)),
        T::Enum(v) => v.first().map(|x| json!(x)),
        T::Const(c) => Some(json!(c)),
        _ => None,
    }
}

fn render(t: &T) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.into(), v);
    };
    match t {
        T::Str {
            min,
            max,
            format,
            pattern,
        } => {
            put("type", json!("string"));
            if let Some(x) = min {
                put("minLength", json!(x));
            }
            if let Some(x) = max {
                put("maxLength", json!(x));
            }
            if let Some(f) = format {
                put("format", json!(f));
            }
            if let Some(p) = pattern {
                put("pattern", json!(p));
            }
        }
        T::Int { min, max, mult } => {
            put("type", json!("integer"));
            if let Some(x) = min {
                put("minimum", json!(x));
            }
            if let Some(x) = max {
                put("maximum", json!(x));
            }
            if let Some(x) = mult {
                put("multipleOf", json!(x));
            }
        }
        T::Num { min, max, excl } => {
            put("type", json!("number"));
            if let Some(x) = min {
                put(if *excl { "exclusiveMinimum" } else { "minimum" }, json!(x));
            }
            if let Some(x) = max {
                put("maximum", json!(x));
            }
        }
        T::Bool => put("type", json!("boolean")),
        T::Enum(v) => {
            put("type", json!("string"));
            put("enum", json!(v));
        }
        T::Const(c) => put("const", json!(c)),
        T::Arr {
            items,
            min,
            max,
            unique,
        } => {
            put("type", json!("array"));
            put("items", render(items));
            if let Some(x) = min {
                put("minItems", json!(x));
            }
            if let Some(x) = max {
                put("maxItems", json!(x));
            }
            if *unique {
                put("uniqueItems", json!(true));
            }
        }
        T::Obj(o) => return render_obj(o),
        T::Null(inner, spelling) => {
            let r = render(inner);
            let simple = r.get("type").and_then(Value::as_str).is_some() && r.get("enum").is_none();
            return match spelling {
                0 if simple => {
                    let mut r = r;
                    let ty = r["type"].clone();
                    r["type"] = json!([ty, "null"]);
                    r
                }
                2 => json!({"oneOf": [r, {"type": "null"}]}),
                _ => json!({"anyOf": [r, {"type": "null"}]}),
            };
        }
        T::Ref(name) => put("$ref", json!(format!("#/$defs/{name}"))),
        T::AllOf(members) => put(
            "allOf",
            Value::Array(members.iter().map(render_obj).collect()),
        ),
        T::OneOf(vs) => put("oneOf", Value::Array(vs.iter().map(render_obj).collect())),
    }
    Value::Object(m)
}

fn render_schema(s: &Schema) -> Value {
    let mut v = render_obj(&s.root);
    if !s.defs.is_empty() {
        let defs: Map<String, Value> = s.defs.iter().map(|(n, t)| (n.clone(), render(t))).collect();
        v["$defs"] = Value::Object(defs);
    }
    v
}

// ---------------------------------------------------------------- mutation

/// Every node of the model, depth first (defs included), for picking one.
fn count(t: &T) -> usize {
    1 + match t {
        T::Arr { items, .. } => count(items),
        T::Obj(o) => count_obj(o),
        T::Null(x, _) => count(x),
        T::AllOf(ms) | T::OneOf(ms) => ms.iter().map(count_obj).sum(),
        _ => 0,
    }
}

fn count_obj(o: &Obj) -> usize {
    1 + o.props.iter().map(|p| count(&p.t)).sum::<usize>()
}

enum Node<'a> {
    T(&'a mut T),
    O(&'a mut Obj),
}

fn nth_obj<'a>(o: &'a mut Obj, k: &mut usize) -> Option<Node<'a>> {
    if *k == 0 {
        return Some(Node::O(o));
    }
    *k -= 1;
    for p in o.props.iter_mut() {
        if let Some(n) = nth(&mut p.t, k) {
            return Some(n);
        }
    }
    None
}

fn nth<'a>(t: &'a mut T, k: &mut usize) -> Option<Node<'a>> {
    if *k == 0 {
        return Some(Node::T(t));
    }
    *k -= 1;
    match t {
        T::Arr { items, .. } => nth(items, k),
        T::Obj(o) => nth_obj(o, k),
        T::Null(x, _) => nth(x, k),
        T::AllOf(ms) | T::OneOf(ms) => {
            for m in ms.iter_mut() {
                if let Some(n) = nth_obj(m, k) {
                    return Some(n);
                }
            }
            None
        }
        _ => None,
    }
}

fn bump(r: &mut Rng, x: &mut Option<i64>) {
    *x = match r.0.u8(0..4) {
        0 => None,
        1 => Some(x.unwrap_or(0) + 1),
        2 => Some(x.unwrap_or(0) - 1),
        _ => Some(r.0.i64(-5..=50)),
    };
}

fn bump_u(r: &mut Rng, x: &mut Option<u64>) {
    *x = match r.0.u8(0..4) {
        0 => None,
        1 => Some(x.unwrap_or(0) + 1),
        2 => Some(x.unwrap_or(1).saturating_sub(1)),
        _ => Some(r.0.u64(0..=12)),
    };
}

fn mutate_obj(r: &mut Rng, o: &mut Obj, defs: &mut Vec<(String, T)>) {
    match r.0.u8(0..7) {
        0 | 1 => {
            let name = r.pick(NAMES).to_string();
            if o.props.iter().all(|p| p.name != name) {
                let required = r.chance(0.4);
                o.props.push(Prop {
                    name,
                    t: gen_type(r, 1, defs),
                    required,
                    default: required && r.chance(0.3),
                });
            }
        }
        2 if !o.props.is_empty() => {
            let i = r.0.usize(..o.props.len());
            o.props.remove(i);
        }
        3 if !o.props.is_empty() => {
            let i = r.0.usize(..o.props.len());
            o.props[i].required = !o.props[i].required;
        }
        4 => o.closed = !o.closed,
        5 => bump_u(r, &mut o.min_props),
        _ => {
            // Move a field into or out of an envelope: a refactor.
            if let Some(i) = (!o.props.is_empty()).then(|| r.0.usize(..o.props.len())) {
                let p = &mut o.props[i];
                if let T::Obj(inner) = &p.t {
                    if r.chance(0.5) {
                        let mut a = inner.clone();
                        let b_props = a.props.split_off(a.props.len() / 2);
                        p.t = T::AllOf(vec![
                            Obj {
                                props: a.props,
                                closed: false,
                                min_props: None,
                            },
                            Obj {
                                props: b_props,
                                closed: false,
                                min_props: None,
                            },
                        ]);
                    }
                }
            }
        }
    }
}

fn mutate_t(r: &mut Rng, t: &mut T, defs: &mut Vec<(String, T)>) {
    // Any node may become nullable, or change type altogether.
    if r.chance(0.08) {
        *t = T::Null(Box::new(t.clone()), r.0.u8(0..3));
        return;
    }
    if r.chance(0.06) {
        *t = gen_leaf(r);
        return;
    }
    match t {
        T::Str {
            min,
            max,
            format,
            pattern,
        } => match r.0.u8(0..6) {
            0 => bump_u(r, max),
            1 => bump_u(r, min),
            2 => {
                *format = if format.is_some() {
                    None
                } else {
                    Some(*r.pick(FORMATS))
                }
            }
            3 => {
                *pattern = if pattern.is_some() {
                    None
                } else {
                    Some(*r.pick(PATTERNS))
                }
            }
            4 => {
                *t = T::Enum(vec!["A".into(), "B".into()]);
            }
            _ => *format = Some(*r.pick(FORMATS)),
        },
        T::Int { min, max, mult } => match r.0.u8(0..5) {
            0 => bump(r, min),
            1 => bump(r, max),
            2 => {
                *mult = if mult.is_some() {
                    None
                } else {
                    Some(r.0.u64(2..=4))
                }
            }
            3 => {
                *t = T::Num {
                    min: *min,
                    max: *max,
                    excl: false,
                }
            }
            _ => {
                *t = T::Str {
                    min: None,
                    max: None,
                    format: None,
                    pattern: None,
                }
            }
        },
        T::Num { min, max, excl } => match r.0.u8(0..4) {
            0 => bump(r, min),
            1 => bump(r, max),
            2 => *excl = !*excl,
            _ => {
                *t = T::Int {
                    min: *min,
                    max: *max,
                    mult: None,
                }
            }
        },
        T::Bool => {
            *t = T::Str {
                min: None,
                max: None,
                format: None,
                pattern: None,
            }
        }
        T::Enum(vs) => match r.0.u8(0..3) {
            0 => {
                let w = r.pick(WORDS).to_string();
                if !vs.contains(&w) {
                    vs.push(w);
                }
            }
            1 if vs.len() > 1 => {
                let i = r.0.usize(..vs.len());
                vs.remove(i);
            }
            _ => {
                *t = T::Str {
                    min: None,
                    max: None,
                    format: None,
                    pattern: None,
                }
            }
        },
        T::Const(c) => {
            if r.chance(0.5) {
                *c = r.pick(WORDS).to_string();
            } else {
                *t = T::Enum(vec![c.clone(), "Z".into()]);
            }
        }
        T::Arr {
            min, max, unique, ..
        } => match r.0.u8(0..3) {
            0 => bump_u(r, min),
            1 => bump_u(r, max),
            _ => *unique = !*unique,
        },
        T::Obj(o) => mutate_obj(r, o, defs),
        T::Null(inner, spelling) => {
            if r.chance(0.6) {
                *t = (**inner).clone();
            } else {
                *spelling = r.0.u8(0..3);
            }
        }
        T::Ref(name) => {
            // Inline the definition (same meaning), or point elsewhere.
            if let Some((_, body)) = defs.iter().find(|(n, _)| n == name) {
                *t = body.clone();
            }
        }
        T::AllOf(ms) => match r.0.u8(0..3) {
            0 => {
                let mut o = gen_obj(r, 0, defs, 1..=1);
                o.closed = false;
                ms.push(o)
            }
            1 if ms.len() > 1 => {
                let i = r.0.usize(..ms.len());
                ms.remove(i);
            }
            _ => {
                // Merge the members into one object: a refactor.
                let mut all = Obj {
                    props: Vec::new(),
                    closed: false,
                    min_props: None,
                };
                for m in ms.iter() {
                    for p in &m.props {
                        if all.props.iter().all(|q| q.name != p.name) {
                            all.props.push(p.clone());
                        }
                    }
                }
                *t = T::Obj(all);
            }
        },
        T::OneOf(vs) => {
            if r.chance(0.5) || vs.len() < 2 {
                let n = vs.len() + 10;
                vs.push(variant(r, 0, defs, n));
            } else {
                let i = r.0.usize(..vs.len());
                vs.remove(i);
            }
        }
    }
}

fn mutate(r: &mut Rng, s: &mut Schema) {
    let in_root = count_obj(&s.root);
    let in_defs: usize = s.defs.iter().map(|(_, t)| count(t)).sum();
    let mut k = r.0.usize(..in_root + in_defs);
    let mut defs = s.defs.clone();
    if k < in_root {
        match nth_obj(&mut s.root, &mut k) {
            Some(Node::O(o)) => mutate_obj(r, o, &mut defs),
            Some(Node::T(t)) => mutate_t(r, t, &mut defs),
            None => {}
        }
        // Definitions created by the mutation are kept.
        for d in defs.into_iter().skip(s.defs.len()) {
            s.defs.push(d);
        }
    } else {
        k -= in_root;
        let snapshot = s.defs.clone();
        let mut extra = snapshot.clone();
        for (_, t) in s.defs.iter_mut() {
            let c = count(t);
            if k < c {
                match nth(t, &mut k) {
                    Some(Node::O(o)) => mutate_obj(r, o, &mut extra),
                    Some(Node::T(t)) => mutate_t(r, t, &mut extra),
                    None => {}
                }
                break;
            }
            k -= c;
        }
        for d in extra.into_iter().skip(snapshot.len()) {
            s.defs.push(d);
        }
    }
}

// ---------------------------------------------------------------- instances

struct Gen<'a> {
    r: Rng,
    defs: &'a [(String, T)],
    /// Names an extra (undeclared) property may take.
    extra_names: &'a [String],
    extras: bool,
}

impl Gen<'_> {
    fn value(&mut self, t: &T, depth: u32) -> Value {
        if depth > 8 {
            return Value::Null;
        }
        if self.r.chance(0.04) {
            // Now and then a value of the wrong type, or null.
            return match self.r.0.u8(0..4) {
                0 => Value::Null,
                1 => json!(7),
                2 => json!("x"),
                _ => json!({}),
            };
        }
        match t {
            T::Str {
                min,
                max,
                format,
                pattern,
            } => {
                let len = match self.r.0.u8(0..6) {
                    0 => min.unwrap_or(0),
                    1 => max.unwrap_or(3),
                    2 => max.map_or(4, |m| m + 1),
                    3 => min.map_or(0, |m| m.saturating_sub(1)),
                    _ => self.r.0.u64(0..=6),
                };
                let samples = [
                    "2020-01-01T00:00:00Z",
                    "2020-01-01",
                    "a@b.co",
                    "123e4567-e89b-12d3-a456-426614174000",
                    "ABC",
                ];
                if (format.is_some() || pattern.is_some()) && self.r.chance(0.6) {
                    return json!(self.r.pick(&samples).to_string());
                }
                json!("abcdefghijklmnop"[..len.min(16) as usize].to_string())
            }
            T::Int { min, max, mult } => {
                let v = match self.r.0.u8(0..8) {
                    0 => min.unwrap_or(0),
                    1 => max.unwrap_or(10),
                    2 => min.map_or(-1, |m| m - 1),
                    3 => max.map_or(11, |m| m + 1),
                    4 => mult.map_or(6, |m| m as i64 * 3),
                    5 => return json!(2.5),
                    _ => self.r.0.i64(-10..=120),
                };
                json!(v)
            }
            T::Num { min, max, .. } => match self.r.0.u8(0..6) {
                0 => json!(min.unwrap_or(0)),
                1 => json!(max.unwrap_or(10)),
                2 => json!(min.map_or(-0.5, |m| m as f64 + 0.5)),
                3 => json!(max.map_or(10.5, |m| m as f64 + 0.5)),
                4 => json!(3),
                _ => json!(self.r.0.i64(-10..=120) as f64 + 0.25),
            },
            T::Bool => json!(self.r.chance(0.5)),
            T::Enum(vs) => {
                if self.r.chance(0.15) {
                    json!(self.r.pick(WORDS))
                } else {
                    json!(self.r.pick(vs))
                }
            }
            T::Const(c) => {
                if self.r.chance(0.1) {
                    json!(self.r.pick(WORDS))
                } else {
                    json!(c)
                }
            }
            T::Arr {
                items,
                min,
                max,
                unique,
            } => {
                let n = match self.r.0.u8(0..4) {
                    0 => min.unwrap_or(0),
                    1 => max.unwrap_or(2),
                    2 => max.map_or(3, |m| m + 1),
                    _ => self.r.0.u64(0..=3),
                };
                let mut a: Vec<Value> = (0..n.min(6))
                    .map(|_| self.value(items, depth + 1))
                    .collect();
                if (*unique || self.r.chance(0.2)) && !a.is_empty() && self.r.chance(0.3) {
                    a.push(a[0].clone());
                }
                Value::Array(a)
            }
            T::Obj(o) => self.object(o, depth),
            T::Null(inner, _) => {
                if self.r.chance(0.3) {
                    Value::Null
                } else {
                    self.value(inner, depth + 1)
                }
            }
            T::Ref(name) => match self.defs.iter().find(|(n, _)| n == name) {
                Some((_, body)) => {
                    let body = body.clone();
                    self.value(&body, depth + 1)
                }
                None => Value::Null,
            },
            T::AllOf(ms) => {
                let mut m = Map::new();
                for o in ms {
                    if let Value::Object(x) = self.object(o, depth) {
                        for (k, v) in x {
                            m.entry(k).or_insert(v);
                        }
                    }
                }
                Value::Object(m)
            }
            T::OneOf(vs) => {
                let i = self.r.0.usize(..vs.len());
                self.object(&vs[i], depth)
            }
        }
    }

    fn object(&mut self, o: &Obj, depth: u32) -> Value {
        let mut m = Map::new();
        for p in &o.props {
            let include = if p.required {
                !self.r.chance(0.05)
            } else {
                self.r.chance(0.6)
            };
            if include {
                m.insert(p.name.clone(), self.value(&p.t, depth + 1));
            }
        }
        if self.extras && !self.extra_names.is_empty() && self.r.chance(0.35) {
            let name = self.r.pick(self.extra_names).clone();
            if !m.contains_key(&name) {
                let v = match self.r.0.u8(0..5) {
                    0 => json!("x"),
                    1 => json!(3),
                    2 => Value::Null,
                    3 => json!(true),
                    _ => json!({"a": 1}),
                };
                m.insert(name, v);
            }
        }
        Value::Object(m)
    }
}

fn all_names(s: &Schema, out: &mut Vec<String>) {
    fn walk_t(t: &T, out: &mut Vec<String>) {
        match t {
            T::Arr { items, .. } => walk_t(items, out),
            T::Obj(o) => walk_o(o, out),
            T::Null(x, _) => walk_t(x, out),
            T::AllOf(ms) | T::OneOf(ms) => ms.iter().for_each(|m| walk_o(m, out)),
            _ => {}
        }
    }
    fn walk_o(o: &Obj, out: &mut Vec<String>) {
        for p in &o.props {
            if !out.contains(&p.name) {
                out.push(p.name.clone());
            }
            walk_t(&p.t, out);
        }
    }
    walk_o(&s.root, out);
    s.defs.iter().for_each(|(_, t)| walk_t(t, out));
}

// ---------------------------------------------------------------- policies

/// The reader's schema as the policy judges it.
fn reader_view(v: &Value, policy: Policy) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            let declared: Vec<String> = m
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            for (k, x) in m {
                match (policy, k.as_str()) {
                    (
                        Policy::Lenient,
                        "additionalProperties" | "patternProperties" | "unevaluatedProperties",
                    ) => {}
                    (_, "enum" | "const" | "default" | "examples") => {
                        out.insert(k.clone(), x.clone());
                    }
                    (Policy::Confluent, "required") => {
                        // The registry fills defaults, and does not compare
                        // `required` naming an undeclared property.
                        let props = m.get("properties").and_then(Value::as_object);
                        let keep: Vec<Value> = x
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter(|n| {
                                        let n = n.as_str().unwrap_or("");
                                        let has_default = props
                                            .and_then(|p| p.get(n))
                                            .is_some_and(|s| s.get("default").is_some());
                                        declared.iter().any(|d| d == n) && !has_default
                                    })
                                    .cloned()
                                    .collect()
                            })
                            .unwrap_or_default();
                        out.insert(k.clone(), Value::Array(keep));
                    }
                    _ => {
                        out.insert(k.clone(), reader_view(x, policy));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| reader_view(x, policy)).collect()),
        other => other.clone(),
    }
}

fn validator(schema: &Value, policy: Policy) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(policy == Policy::Lenient)
        .build(schema)
        .unwrap_or_else(|e| panic!("generated schema does not compile: {e}\n{schema}"))
}

// ---------------------------------------------------------------- the judge

#[derive(Default)]
struct Stats {
    pairs: usize,
    instances: usize,
    compatible: usize,
    breaking: usize,
    breaking_without_witness: usize,
    /// change kind → (breaking verdicts it took part in, of which without a witness)
    by_kind: BTreeMap<String, (usize, usize)>,
}

fn instances(a: &Schema, b: &Schema, seed: u64, extras: bool, from_b: bool) -> Vec<Value> {
    let mut names = Vec::new();
    all_names(a, &mut names);
    all_names(b, &mut names);
    let mut out = Vec::new();
    for (i, s) in [a, b].into_iter().enumerate() {
        if i == 1 && !from_b {
            continue;
        }
        let mut g = Gen {
            r: Rng(fastrand::Rng::with_seed(seed ^ ((i as u64 + 1) * 0x9e37))),
            defs: &s.defs,
            extra_names: &names,
            extras,
        };
        for _ in 0..40 {
            out.push(g.object(&s.root, 0));
        }
    }
    out
}

/// Judge one generated pair under one policy; `Err` on an unsound verdict.
fn judge_pair(
    old: &Schema,
    new: &Schema,
    policy: Policy,
    seed: u64,
    stats: &mut Stats,
) -> Result<(), String> {
    let (ov, nv) = (render_schema(old), render_schema(new));
    let changes = diff::diff(&ov, &nv, policy);
    stats.pairs += 1;
    for mode in [Mode::Backward, Mode::Forward] {
        let (writer, reader, ws, rs) = if mode == Mode::Backward {
            (&ov, &nv, old, new)
        } else {
            (&nv, &ov, new, old)
        };
        let lenient = policy == Policy::Lenient;
        let w = validator(writer, policy);
        let r = validator(&reader_view(reader, policy), policy);
        // Lenient: producers emit only what their schema declares.
        let candidates = instances(ws, rs, seed, !lenient, !lenient);
        let valid: Vec<&Value> = candidates.iter().filter(|i| w.is_valid(i)).collect();
        stats.instances += candidates.len();
        let witness = valid.iter().find(|i| !r.is_valid(i));
        if diff::compatible(&changes, mode) {
            stats.compatible += 1;
            if let Some(i) = witness {
                return Err(format!(
                    "UNSOUND: {policy} {mode} judged compatible, but an instance valid under the writer is rejected by the reader\nold: {ov}\nnew: {nv}\ninstance: {i}\nchanges:\n{}",
                    show(&changes)
                ));
            }
        } else {
            stats.breaking += 1;
            let kinds: Vec<&Change> = changes
                .iter()
                .filter(|c| c.breaks.breaks_mode(mode))
                .collect();
            if witness.is_none() {
                stats.breaking_without_witness += 1;
            }
            for c in kinds {
                let e = stats.by_kind.entry(c.kind.id().to_string()).or_default();
                e.0 += 1;
                if witness.is_none() {
                    e.1 += 1;
                }
            }
        }
    }
    Ok(())
}

fn show(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| {
            format!(
                "  {} {} [{}] {}",
                c.kind.id(),
                c.pointer,
                c.breaks.names().join(","),
                diff::message::describe(c)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn cases() -> u32 {
    std::env::var("JUDGE_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
}

#[test]
fn the_validator_finds_no_unsound_compatible_verdict() {
    // The validator recurses deeply on self-referential definitions (which
    // the generator makes, as teams do): give it room.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(judge_run)
        .unwrap()
        .join()
        .unwrap();
}

fn judge_run() {
    let start = Instant::now();
    let stats = std::cell::RefCell::new([Stats::default(), Stats::default()]);
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    // `JUDGE_SEED=N` replays one case.
    let seeds: BoxedStrategy<u64> = match std::env::var("JUDGE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(seed) => Just(seed).boxed(),
        None => any::<u64>().boxed(),
    };
    let result = runner.run(&seeds, |seed| {
        if std::env::var_os("JUDGE_TRACE").is_some() {
            eprintln!("judge seed {seed}");
        }
        let mut r = Rng(fastrand::Rng::with_seed(seed));
        let old = gen_schema(&mut r);
        let mut new = old.clone();
        for _ in 0..r.0.usize(1..=2) {
            mutate(&mut r, &mut new);
        }
        if std::env::var_os("JUDGE_TRACE").is_some() {
            eprintln!("old: {}\nnew: {}", render_schema(&old), render_schema(&new));
        }
        let mut st = stats.borrow_mut();
        for (i, policy) in [Policy::Lenient, Policy::Confluent].into_iter().enumerate() {
            judge_pair(&old, &new, policy, seed, &mut st[i])
                .map_err(|e| TestCaseError::fail(format!("seed {seed}: {e}")))?;
        }
        Ok(())
    });
    let took = start.elapsed();
    for (i, policy) in ["lenient", "confluent"].iter().enumerate() {
        let s = &stats.borrow()[i];
        println!(
            "judge {policy}: {} pairs, {} instances, {} compatible verdicts (0 unsound), {} breaking verdicts, {} without a witness ({:.1} %)",
            s.pairs,
            s.instances,
            s.compatible,
            s.breaking,
            s.breaking_without_witness,
            100.0 * s.breaking_without_witness as f64 / s.breaking.max(1) as f64
        );
        for (k, (n, none)) in &s.by_kind {
            println!(
                "  {k}: {n} breaking, {none} without a witness ({:.1} %)",
                100.0 * *none as f64 / (*n).max(1) as f64
            );
        }
    }
    println!("judge: {:.1?}", took);
    if let Err(e) = result {
        panic!("{e}");
    }
}
