//! How a JSON Schema object is read for comparison: which *class* of schema
//! it is (string, number, object, array, enum, const, not, combined, empty,
//! false, ...), following the registry's content model.
//!
//! A schema object can carry keywords of several classes at once
//! (`{type: string, enum: [...]}`); it then reads as a synthetic `allOf` of
//! one *part* per class, each part looking at its own keywords only. A type
//! array (`type: [string, "null"]`) reads as an `anyOf` of one part per type.

use serde_json::{Map, Value};

use crate::limits::MAX_REF_HOPS;
use crate::yaml::unescape_token;

/// Which keywords of the underlying object a view looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole value (its class decided by `classify`).
    Whole,
    /// One explicit type (from `type: x` or an entry of a type array).
    Type(Ty),
    /// Keywords of a class without an explicit `type`.
    Sniffed(Ty),
    Enum,
    Const,
    Not,
    AllOf,
    AnyOf,
    OneOf,
    /// `type: [a, b, ...]`, read as `anyOf`.
    TypeArray,
    /// `$ref` (already followed by `normalize`) combined with other keywords.
    Ref,
    /// `if`/`then`/`else`: not compared.
    Conditional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    String,
    Number,
    Integer,
    Boolean,
    Null,
    Object,
    Array,
}

impl Ty {
    fn parse(s: &str) -> Option<Ty> {
        Some(match s {
            "string" => Ty::String,
            "number" => Ty::Number,
            "integer" => Ty::Integer,
            "boolean" => Ty::Boolean,
            "null" => Ty::Null,
            "object" => Ty::Object,
            "array" => Ty::Array,
            _ => return None,
        })
    }
}

/// The class of a schema view: two views compare keyword by keyword only
/// when their classes are equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Empty,
    False,
    String,
    Number,
    Boolean,
    Null,
    Object,
    Array,
    Enum,
    Not,
    Combined(Criterion),
    Conditional,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    All,
    Any,
    One,
}

impl Criterion {
    pub fn keyword(self) -> &'static str {
        match self {
            Criterion::All => "allOf",
            Criterion::Any => "anyOf",
            Criterion::One => "oneOf",
        }
    }
}

/// A view of one schema: the value, the part of it looked at, and the root
/// document its `$ref`s resolve against.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub v: &'a Value,
    pub part: Part,
    pub root: &'a Value,
    /// True for the members of a synthetic `allOf` (parts of one object):
    /// their differences sit at the object's own path.
    pub synthetic: bool,
}

const OBJECT_KW: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "unevaluatedProperties",
];
const ARRAY_KW: &[&str] = &[
    "items",
    "prefixItems",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];
const STRING_KW: &[&str] = &["minLength", "maxLength", "pattern", "format"];
const NUMBER_KW: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

impl<'a> View<'a> {
    pub fn new(v: &'a Value, root: &'a Value) -> Self {
        View {
            v,
            part: Part::Whole,
            root,
            synthetic: false,
        }
    }

    fn with(self, v: &'a Value) -> Self {
        View {
            v,
            part: Part::Whole,
            root: self.root,
            synthetic: false,
        }
    }

    /// One object holding one type's keywords and an `enum` (or `const`)
    /// restricting it: that type's part, when so.
    pub fn restricted_type(self) -> Option<Self> {
        if self.part != Part::Whole {
            return None;
        }
        match self.parts().as_slice() {
            [Part::Enum | Part::Const, t @ (Part::Type(_) | Part::Sniffed(_))]
            | [t @ (Part::Type(_) | Part::Sniffed(_)), Part::Enum | Part::Const] => {
                Some(self.part(*t))
            }
            _ => None,
        }
    }

    fn part(self, part: Part) -> Self {
        View {
            v: self.v,
            part,
            root: self.root,
            synthetic: true,
        }
    }

    pub fn obj(&self) -> Option<&'a Map<String, Value>> {
        self.v.as_object()
    }

    pub fn get(&self, k: &str) -> Option<&'a Value> {
        self.v.as_object().and_then(|m| m.get(k))
    }

    /// A child schema of this view (a property, an item, ...).
    pub fn child(&self, v: &'a Value) -> View<'a> {
        self.with(v)
    }

    /// Identity of the view for memoisation and cycle detection.
    pub fn key(&self) -> (usize, Part) {
        (self.v as *const Value as usize, self.part)
    }

    /// Follow `$ref` chains of a whole value to the schema they name.
    /// A reference that does not resolve, or loops with no way out, reads
    /// as the empty schema's view of itself (the linter reports it).
    pub fn normalize(self) -> View<'a> {
        let mut cur = self;
        for _ in 0..MAX_REF_HOPS {
            if cur.part != Part::Whole {
                return cur;
            }
            let Some(r) = cur.get("$ref").and_then(Value::as_str) else {
                return cur;
            };
            if has_validation_siblings(cur.v) {
                return cur;
            }
            match resolve_pointer(cur.root, r) {
                Some(t) => cur = cur.with(t),
                None => return cur,
            }
        }
        cur
    }

    /// The parts this view splits into, when it is a synthetic `allOf` or a
    /// type array; `None` when it is a single class.
    fn parts(&self) -> Vec<Part> {
        let Some(m) = self.obj() else {
            return Vec::new();
        };
        let mut parts = Vec::new();
        if m.get("$ref").and_then(Value::as_str).is_some() {
            parts.push(Part::Ref);
        }
        for (k, p) in [
            ("allOf", Part::AllOf),
            ("anyOf", Part::AnyOf),
            ("oneOf", Part::OneOf),
        ] {
            if m.get(k).is_some_and(Value::is_array) {
                parts.push(p);
            }
        }
        if m.contains_key("not") {
            parts.push(Part::Not);
        }
        if m.get("enum").is_some_and(Value::is_array) {
            parts.push(Part::Enum);
        }
        if m.contains_key("const") {
            parts.push(Part::Const);
        }
        match m.get("type") {
            Some(Value::String(t)) => {
                if let Some(ty) = Ty::parse(t) {
                    parts.push(Part::Type(ty));
                }
            }
            Some(Value::Array(ts)) => {
                let tys: Vec<Ty> = ts
                    .iter()
                    .filter_map(|t| t.as_str().and_then(Ty::parse))
                    .collect();
                match tys.len() {
                    0 => {}
                    1 => parts.push(Part::Type(tys[0])),
                    _ => parts.push(Part::TypeArray),
                }
            }
            _ => {
                for (kws, ty) in [
                    (NUMBER_KW, Ty::Number),
                    (STRING_KW, Ty::String),
                    (ARRAY_KW, Ty::Array),
                    (OBJECT_KW, Ty::Object),
                ] {
                    if kws.iter().any(|k| m.contains_key(*k)) {
                        parts.push(Part::Sniffed(ty));
                    }
                }
            }
        }
        if m.contains_key("if") {
            parts.push(Part::Conditional);
        }
        parts
    }

    pub fn class(&self) -> Class {
        match self.part {
            Part::Whole => match self.v {
                Value::Bool(false) => Class::False,
                Value::Bool(true) => Class::Empty,
                Value::Object(_) => {
                    let parts = self.parts();
                    match parts.as_slice() {
                        [] => Class::Empty,
                        [one] => self.part(*one).class(),
                        _ => Class::Combined(Criterion::All),
                    }
                }
                _ => Class::Empty,
            },
            Part::Type(t) | Part::Sniffed(t) => match t {
                Ty::String => Class::String,
                Ty::Number | Ty::Integer => Class::Number,
                Ty::Boolean => Class::Boolean,
                Ty::Null => Class::Null,
                Ty::Object => Class::Object,
                Ty::Array => Class::Array,
            },
            Part::Enum => Class::Enum,
            // `const: x` is `enum: [x]` (a const change is an enum change).
            Part::Const => Class::Enum,
            Part::Not => Class::Not,
            Part::AllOf => Class::Combined(Criterion::All),
            Part::AnyOf | Part::TypeArray => Class::Combined(Criterion::Any),
            Part::OneOf => Class::Combined(Criterion::One),
            Part::Ref => Class::Empty,
            Part::Conditional => Class::Conditional,
        }
    }

    /// Resolve a single-part whole value to that part, so that the
    /// keyword comparisons see which keywords to read.
    pub fn settle(self) -> View<'a> {
        self.settle_within(MAX_REF_HOPS)
    }

    fn settle_within(self, hops: usize) -> View<'a> {
        if self.part == Part::Whole && self.v.is_object() {
            let parts = self.parts();
            if parts.len() == 1 {
                let mut s = self.part(parts[0]);
                s.synthetic = self.synthetic;
                return s.settle_ref_within(hops);
            }
        }
        self
    }

    fn settle_ref(self) -> View<'a> {
        self.settle_ref_within(MAX_REF_HOPS)
    }

    /// Follow a `$ref` part to its target; a chain longer than `hops` (a
    /// cycle with no way out) stays a reference, read as the empty schema.
    fn settle_ref_within(self, hops: usize) -> View<'a> {
        if self.part == Part::Ref && hops > 0 {
            if let Some(t) = self
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| resolve_pointer(self.root, r))
            {
                return self.with(t).normalize().settle_within(hops - 1);
            }
        }
        self
    }

    /// Members of a combined view, in order.
    pub fn members(&self) -> Vec<View<'a>> {
        match self.part {
            Part::AllOf | Part::AnyOf | Part::OneOf => {
                let k = match self.part {
                    Part::AllOf => "allOf",
                    Part::AnyOf => "anyOf",
                    _ => "oneOf",
                };
                self.get(k)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(|v| self.with(v)).collect())
                    .unwrap_or_default()
            }
            Part::TypeArray => {
                let mut tys: Vec<Ty> = self
                    .get("type")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|t| t.as_str().and_then(Ty::parse))
                            .collect()
                    })
                    .unwrap_or_default();
                tys.dedup();
                tys.into_iter().map(|t| self.part(Part::Type(t))).collect()
            }
            Part::Whole => self
                .parts()
                .into_iter()
                .map(|p| {
                    let s = self.part(p);
                    if p == Part::Ref {
                        s.settle_ref()
                    } else {
                        s
                    }
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The criterion of a combined view.
    pub fn criterion(&self) -> Criterion {
        match self.class() {
            Class::Combined(c) => c,
            _ => Criterion::All,
        }
    }

    /// Does this view read `type: integer`?
    pub fn requires_integer(&self) -> bool {
        matches!(self.part, Part::Type(Ty::Integer))
    }

    pub fn is_empty_class(&self) -> bool {
        self.class() == Class::Empty
    }

    /// A canonical string of the view, to collapse duplicate members.
    pub fn canonical(&self) -> String {
        let mut s = canonical_json(self.v);
        if self.part != Part::Whole {
            s.push_str(&format!("#{:?}", self.part));
        }
        s
    }
}

fn has_validation_siblings(v: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "$ref",
        "$id",
        "$schema",
        "$comment",
        "$defs",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$anchor",
    ];
    v.as_object()
        .is_some_and(|m| m.keys().any(|k| !ANNOTATIONS.contains(&k.as_str())))
}

/// Resolve a local reference (`#`, `#/$defs/x`, `#/definitions/x`, any JSON
/// pointer fragment) against a root document.
pub fn resolve_pointer<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let frag = reference.strip_prefix('#')?;
    if frag.is_empty() {
        return Some(root);
    }
    let frag = percent_decode(frag);
    let mut cur = root;
    for tok in frag.strip_prefix('/')?.split('/') {
        let tok = unescape_token(tok);
        cur = match cur {
            Value::Object(m) => m.get(&tok)?,
            Value::Array(a) => a.get(tok.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// JSON with object keys sorted, for equality up to key order.
pub fn canonical_json(v: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String((*k).clone()).to_string());
                    out.push(':');
                    walk(&m[k.as_str()], out);
                }
                out.push('}');
            }
            Value::Array(a) => {
                out.push('[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    walk(x, out);
                }
                out.push(']');
            }
            Value::Number(n) => {
                // 1 and 1.0 are the same number to a validator.
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        out.push_str(&(f as i64).to_string())
                    }
                    _ => out.push_str(&n.to_string()),
                }
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut s = String::new();
    walk(v, &mut s);
    s
}
