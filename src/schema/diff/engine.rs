//! The one primitive: does the update accept every instance the original
//! accepts? `Engine::cmp` answers it structurally, returning the differences
//! with paths relative to the pair compared. Pairs are memoised and a pair
//! met again while still being compared (a recursive schema) counts as
//! compatible, so recursion terminates; a step budget bounds the rest.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::rc::Rc;

use serde_json::Value;

use super::change::{Delta, Diff};
use super::conjunction;
use super::node::{canonical_json, Class, Criterion::All, Criterion::Any, Part, View};
use crate::limits::{MAX_DIFF_DEPTH, MAX_DIFF_STEPS};
use crate::model::Policy;

type Key = ((usize, super::node::Part), (usize, super::node::Part));

pub struct Engine {
    pub policy: Policy,
    /// Merged conjunctions, by the address of the schema they merge: kept
    /// for the engine's life so their addresses stay valid memo keys.
    merged: HashMap<usize, Option<Rc<Value>>>,
    memo: HashMap<Key, Rc<Vec<Diff>>>,
    in_progress: HashSet<Key>,
    steps: usize,
    depth: usize,
    too_deep: bool,
}

/// Append `diffs` (relative to a child) under `prefix`.
pub fn extend(out: &mut Vec<Diff>, prefix: &str, diffs: &[Diff]) {
    for d in diffs {
        let mut d = d.clone();
        if !prefix.is_empty() {
            d.path = format!("{prefix}{}", d.path);
        }
        out.push(d);
    }
}

pub fn diff(delta: Delta, path: impl Into<String>, old: Option<Value>, new: Option<Value>) -> Diff {
    Diff {
        delta,
        path: path.into(),
        old,
        new,
    }
}

impl Engine {
    pub fn new(policy: Policy) -> Self {
        Engine {
            policy,
            merged: HashMap::default(),
            memo: HashMap::default(),
            in_progress: HashSet::default(),
            steps: 0,
            depth: 0,
            too_deep: false,
        }
    }

    /// Did the comparison run out of its step budget (`MAX_DIFF_STEPS`)?
    pub fn exhausted(&self) -> bool {
        self.steps > MAX_DIFF_STEPS || self.too_deep
    }

    pub fn compatible(&self, diffs: &[Diff]) -> bool {
        diffs.iter().all(|d| d.delta.compatible(self.policy))
    }

    /// Compare an optional pair: absent on both sides is no difference.
    pub fn cmp_opt(
        &mut self,
        o: Option<View<'_>>,
        u: Option<View<'_>>,
        prefix: &str,
        out: &mut Vec<Diff>,
    ) {
        match (o, u) {
            (None, None) => {}
            (None, Some(u)) => out.push(diff(Delta::SchemaAdded, prefix, None, Some(u.v.clone()))),
            (Some(o), None) => {
                out.push(diff(Delta::SchemaRemoved, prefix, Some(o.v.clone()), None))
            }
            (Some(o), Some(u)) => {
                let d = self.cmp(o, u);
                extend(out, prefix, &d);
            }
        }
    }

    /// The differences between two schema views, paths relative to them.
    pub fn cmp(&mut self, o: View<'_>, u: View<'_>) -> Rc<Vec<Diff>> {
        self.steps += 1;
        if self.exhausted() {
            // `diff` reports the whole comparison as incomplete.
            return Rc::new(Vec::new());
        }
        let o = o.normalize().settle();
        let u = u.normalize().settle();
        let key = (o.key(), u.key());
        if let Some(r) = self.memo.get(&key) {
            return r.clone();
        }
        if !self.in_progress.insert(key) {
            // Met again while being compared: a recursive schema.
            return Rc::new(Vec::new());
        }
        self.depth += 1;
        self.too_deep |= self.depth > MAX_DIFF_DEPTH;
        let r = if self.too_deep {
            Rc::new(Vec::new())
        } else {
            Rc::new(self.cmp_inner(o, u))
        };
        self.depth -= 1;
        self.in_progress.remove(&key);
        self.memo.insert(key, r.clone());
        r
    }

    /// The merged conjunction of a view (cached), or `None` when it does
    /// not merge exactly.
    fn merged(&mut self, s: View<'_>) -> Option<Rc<Value>> {
        let key = s.v as *const Value as usize;
        if let Some(m) = self.merged.get(&key) {
            return m.clone();
        }
        let m = conjunction::merge(&s).map(Rc::new);
        self.merged.insert(key, m.clone());
        m
    }

    /// `allOf` on either side, as one conjunction: merged where exact; else
    /// every conjunct of the update must accept the original's instances
    /// (exact), and an original that does not merge is compared through a
    /// single conjunct known to decide the answer (`confluent`) or
    /// reported as a possible break.
    fn conjunction(&mut self, o: View<'_>, u: View<'_>) -> Vec<Diff> {
        let o_and = conjunction::has_conjunction(&o);
        let u_and = conjunction::has_conjunction(&u);
        let om = if o_and { self.merged(o) } else { None };
        let um = if u_and { self.merged(u) } else { None };
        match (o_and && om.is_none(), u_and && um.is_none()) {
            (false, false) => {
                let (om, um) = (om.clone(), um.clone());
                let ov = om.as_deref().map_or(o, |v| View::new(v, o.root));
                let uv = um.as_deref().map_or(u, |v| View::new(v, u.root));
                self.cmp(ov, uv).to_vec()
            }
            (false, true) => {
                let om = om.clone();
                let ov = om.as_deref().map_or(o, |v| View::new(v, o.root));
                let mut out = Vec::new();
                for m in u.members() {
                    let d = self.cmp(ov, m);
                    extend(&mut out, "", &d);
                }
                out
            }
            (true, _) => {
                if canonical_json(o.v) == canonical_json(u.v) && o.part == u.part {
                    return Vec::new();
                }
                if self.policy == Policy::Confluent {
                    for m in o.members() {
                        let d = self.cmp(m, u);
                        if self.compatible(&d) {
                            let mut v = d.to_vec();
                            v.push(diff(
                                Delta::ProductNarrowed,
                                "",
                                Some(o.v.clone()),
                                Some(u.v.clone()),
                            ));
                            return v;
                        }
                    }
                }
                vec![diff(
                    Delta::AllOfNotMerged,
                    "",
                    Some(o.v.clone()),
                    Some(u.v.clone()),
                )]
            }
        }
    }

    fn cmp_inner(&mut self, o: View<'_>, u: View<'_>) -> Vec<Diff> {
        if o.part == Part::Ref || u.part == Part::Ref {
            // A reference that does not resolve: equal ones are equal; any
            // other pair is not compared, and said so.
            if o.part == u.part && canonical_json(o.v) == canonical_json(u.v) {
                return Vec::new();
            }
            return vec![diff(
                Delta::RefUnresolved,
                "",
                Some(o.v.clone()),
                Some(u.v.clone()),
            )];
        }
        let mut audit = Vec::new();
        if !o.synthetic && !u.synthetic {
            audit_keywords(o, u, &mut audit);
        }
        if conjunction::has_conjunction(&o) || conjunction::has_conjunction(&u) {
            let mut out = self.conjunction(o, u);
            out.extend(audit);
            return out;
        }
        let mut out = self.cmp_classes(o, u);
        out.extend(audit);
        out
    }

    fn cmp_classes(&mut self, o: View<'_>, u: View<'_>) -> Vec<Diff> {
        let oc = o.class();
        let uc = u.class();
        let o_comb = matches!(oc, Class::Combined(_));
        let u_comb = matches!(uc, Class::Combined(_));
        if o_comb && u_comb && o.criterion() == All && u.criterion() == Any {
            // A conjunction (or one object with keywords of several classes)
            // that became one branch of a union: kept when that branch
            // accepts all of it.
            for m in u.members() {
                if !within_kinds(o, m) {
                    continue;
                }
                let d = self.cmp(o, m);
                if self.compatible(&d) {
                    let mut v = d.to_vec();
                    v.push(diff(
                        Delta::SumExtended,
                        "",
                        Some(o.v.clone()),
                        Some(u.v.clone()),
                    ));
                    return v;
                }
            }
        }
        // A plain type that became restricted to listed values (or the
        // reverse): the type compared as such, and the restriction said so.
        if !o_comb {
            if let Some(ut) = u.restricted_type().filter(|t| same_class(oc, t.class())) {
                let mut out = self.cmp(o, ut).to_vec();
                let values = u.v.get("enum").or_else(|| u.v.get("const")).cloned();
                out.push(diff(Delta::EnumAdded, "", None, values));
                return out;
            }
        }
        if !u_comb {
            if let Some(ot) = o.restricted_type().filter(|t| same_class(t.class(), uc)) {
                let mut out = self.cmp(ot, u).to_vec();
                let values = o.v.get("enum").or_else(|| o.v.get("const")).cloned();
                out.push(diff(Delta::EnumRemoved, "", values, None));
                return out;
            }
        }
        if !o_comb && u_comb && u.criterion() == All {
            // Into a conjunction: kept when every member accepts all of it.
            let mut out = Vec::new();
            let mut all = true;
            for m in u.members() {
                let d = self.cmp(o, m);
                if !self.compatible(&d) {
                    all = false;
                    break;
                }
                extend(&mut out, "", &d);
            }
            if all {
                return out;
            }
        }
        if !o_comb && u_comb {
            let members = u.members();
            if members.len() == 1 {
                let d = self.cmp(o, members[0]);
                if self.compatible(&d) {
                    return d.to_vec();
                }
            } else if u.criterion() != super::node::Criterion::All {
                for m in members.iter() {
                    let d = self.cmp(o, *m);
                    if self.compatible(&d) {
                        let mut v = d.to_vec();
                        // Only `null` added beside the schema: it became nullable.
                        let nullable = !accepts_null(o)
                            && members.iter().all(|x| {
                                std::ptr::eq(x.v, m.v) && x.part == m.part
                                    || x.class() == Class::Null
                            });
                        v.push(diff(
                            if nullable {
                                Delta::NullableAdded
                            } else {
                                Delta::SumExtended
                            },
                            "",
                            Some(o.v.clone()),
                            Some(u.v.clone()),
                        ));
                        // `oneOf` rejects what two branches match.
                        if u.criterion() == super::node::Criterion::One
                            && members.iter().any(|x| {
                                let same = std::ptr::eq(x.v, m.v) && x.part == m.part;
                                !same && !super::disjoint::disjoint(o, *x)
                            })
                        {
                            v.push(diff(
                                Delta::OneOfOverlap,
                                "",
                                Some(o.v.clone()),
                                Some(u.v.clone()),
                            ));
                        }
                        return v;
                    }
                }
            }
        } else if o_comb
            && !u_comb
            && o.criterion() != super::node::Criterion::All
            && o.members().len() > 1
        {
            // A union read by one schema: every member must be accepted
            // (for `oneOf`, sufficient). Only `null` left out: it is no
            // longer nullable.
            let members = o.members();
            let mut out = Vec::new();
            let mut null_lost = false;
            let mut others_ok = true;
            for m in &members {
                let d = self.cmp(*m, u);
                if self.compatible(&d) {
                    extend(&mut out, "", &d);
                } else if m.class() == Class::Null {
                    null_lost = true;
                } else {
                    others_ok = false;
                }
            }
            if others_ok {
                out.push(diff(
                    if null_lost {
                        Delta::NullableRemoved
                    } else {
                        Delta::SumMerged
                    },
                    "",
                    Some(o.v.clone()),
                    Some(u.v.clone()),
                ));
                return out;
            }
        } else if o_comb && !u_comb {
            let members = o.members();
            if members.len() == 1 {
                let d = self.cmp(members[0], u);
                if self.compatible(&d) {
                    return d.to_vec();
                }
            } else if o.criterion() == super::node::Criterion::All {
                for m in members {
                    let d = self.cmp(m, u);
                    if self.compatible(&d) {
                        let mut v = d.to_vec();
                        v.push(diff(
                            Delta::ProductNarrowed,
                            "",
                            Some(o.v.clone()),
                            Some(u.v.clone()),
                        ));
                        return v;
                    }
                }
            } else if let Some(v) = self.union_merged(o, &members, u) {
                return v;
            }
        }

        if !same_class(oc, uc) {
            if oc == Class::False || uc == Class::Empty {
                return Vec::new();
            }
            return vec![diff(
                Delta::TypeChanged,
                "",
                Some(Value::String(describe(o))),
                Some(Value::String(describe(u))),
            )];
        }

        let mut out = Vec::new();
        if o.part == super::node::Part::Whole || !o.synthetic {
            for (k, d) in [
                ("$id", Delta::IdChanged),
                ("title", Delta::TitleChanged),
                ("description", Delta::DescriptionChanged),
                ("default", Delta::DefaultChanged),
                ("deprecated", Delta::AnnotationOther),
                ("readOnly", Delta::AnnotationOther),
                ("writeOnly", Delta::AnnotationOther),
                ("examples", Delta::AnnotationOther),
                ("$comment", Delta::AnnotationOther),
                ("contentEncoding", Delta::AnnotationOther),
                ("contentMediaType", Delta::AnnotationOther),
                ("contentSchema", Delta::AnnotationOther),
            ] {
                let a = o.get(k);
                let b = u.get(k);
                if a != b {
                    out.push(diff(d, format!("/{}", k), a.cloned(), b.cloned()));
                }
            }
        }
        match oc {
            Class::String => self.string(o, u, &mut out),
            Class::Number => self.number(o, u, &mut out),
            Class::Enum => self.enumeration(o, u, &mut out),
            Class::Not => self.not(o, u, &mut out),
            Class::Combined(_) => self.combined(o, u, &mut out),
            Class::Object => self.object(o, u, &mut out),
            Class::Array => self.array(o, u, &mut out),
            Class::Conditional => self.conditional(o, u, &mut out),
            Class::Empty | Class::False | Class::Boolean | Class::Null => {}
        }
        out
    }
}

/// Keywords compared by no rule of the engine (dynamic references and the
/// vocabulary): a change to one is reported, never ignored.
pub const NOT_COMPARED: &[&str] = &[
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
];

fn audit_keywords(o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
    for kw in NOT_COMPARED {
        let (a, b) = (o.get(kw), u.get(kw));
        if a.map(canonical_json) != b.map(canonical_json) {
            out.push(diff(
                Delta::KeywordNotCompared,
                format!("/{kw}"),
                a.cloned(),
                b.cloned(),
            ));
        }
    }
}

/// Does the view accept `null` (read from its type set, enum or union)?
pub fn accepts_null(s: View<'_>) -> bool {
    let s = s.normalize().settle();
    match s.class() {
        Class::Null | Class::Empty => true,
        Class::Enum => match (s.get("enum"), s.get("const")) {
            (Some(Value::Array(a)), _) if s.part != Part::Const => a.contains(&Value::Null),
            (_, Some(c)) => c.is_null(),
            _ => false,
        },
        Class::Combined(super::node::Criterion::Any | super::node::Criterion::One) => {
            s.members().into_iter().any(|m| m.class() == Class::Null)
        }
        _ => false,
    }
}

/// The schema that accepts everything, for keywords absent on one side.
pub static TRUE: Value = Value::Bool(true);

impl Engine {
    /// `if`/`then`/`else`: with the same `if`, `then` and `else` compared
    /// (an absent one accepts everything); a changed `if` is reported.
    fn conditional(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let (oi, ui) = (o.get("if"), u.get("if"));
        if oi.map(canonical_json) != ui.map(canonical_json) {
            out.push(diff(
                Delta::KeywordNotCompared,
                "/if",
                oi.cloned(),
                ui.cloned(),
            ));
            return;
        }
        for kw in ["then", "else"] {
            let a = o.child(o.get(kw).unwrap_or(&TRUE));
            let b = u.child(u.get(kw).unwrap_or(&TRUE));
            let d = self.cmp(a, b);
            extend(out, &format!("/{kw}"), &d);
        }
    }
}

impl Engine {
    /// A union (`anyOf`/`oneOf`) that became one schema accepting every one
    /// of its branches: compatible, the branches merged.
    fn union_merged(
        &mut self,
        o: View<'_>,
        members: &[View<'_>],
        u: View<'_>,
    ) -> Option<Vec<Diff>> {
        let explicit = matches!(o.part, super::node::Part::AnyOf | super::node::Part::OneOf);
        let mut out = Vec::new();
        for (i, m) in members.iter().enumerate() {
            if !within_kinds(*m, u) {
                return None;
            }
            let d = self.cmp(*m, u);
            if !self.compatible(&d) {
                return None;
            }
            let prefix = if explicit {
                format!("/{}/{}", o.criterion().keyword(), i)
            } else {
                String::new()
            };
            extend(&mut out, &prefix, &d);
        }
        out.push(diff(
            Delta::SumMerged,
            "",
            Some(o.v.clone()),
            Some(u.v.clone()),
        ));
        Some(out)
    }
}

/// The JSON kinds a view may accept (an over-approximation).
fn view_kinds(s: View<'_>) -> u8 {
    use super::node::{Part, Ty};
    use crate::schema::normal::types as t;
    match s.part {
        Part::Type(ty) => match ty {
            Ty::String => t::STR,
            Ty::Number | Ty::Integer => t::NUM,
            Ty::Boolean => t::BOOL,
            Ty::Null => t::NULL,
            Ty::Object => t::OBJ,
            Ty::Array => t::ARR,
        },
        _ => t::kinds(s.v),
    }
}

/// Can `u` accept every kind of value `o` may accept? A schema read by its
/// keywords alone (`{maxLength: 5}`) accepts every other kind too, so it is
/// never "within" a typed one.
pub fn within_kinds(o: View<'_>, u: View<'_>) -> bool {
    view_kinds(o) & !view_kinds(u) == 0
}

/// Equal classes, every combinator criterion counting as one class.
fn same_class(a: Class, b: Class) -> bool {
    matches!((a, b), (Class::Combined(_), Class::Combined(_))) || a == b
}

/// A short description of a schema view for messages: `integer`,
/// `string (format uuid)`, `oneOf[2]`, `object`.
pub fn describe(s: View<'_>) -> String {
    describe_within(s, 4)
}

fn describe_within(s: View<'_>, depth: usize) -> String {
    if depth == 0 {
        return "…".into();
    }
    let s = s.normalize().settle();
    match s.class() {
        Class::Empty => "anything".into(),
        Class::False => "nothing (`false`)".into(),
        Class::String => {
            let mut d = "string".to_string();
            if let Some(f) = s.get("format").and_then(Value::as_str) {
                d.push_str(&format!(" (format {f})"));
            } else if let Some(p) = s.get("pattern").and_then(Value::as_str) {
                d.push_str(&format!(" (pattern {p})"));
            }
            d
        }
        Class::Number => {
            if s.requires_integer() {
                "integer".into()
            } else {
                "number".into()
            }
        }
        Class::Boolean => "boolean".into(),
        Class::Null => "null".into(),
        Class::Object => "object".into(),
        Class::Array => "array".into(),
        Class::Enum => match (s.get("enum"), s.get("const")) {
            (Some(v), _) => format!("enum {v}"),
            (None, Some(v)) => format!("const {v}"),
            _ => "enum".into(),
        },
        Class::Not => "not".into(),
        Class::Combined(c) => {
            let members: Vec<String> = s
                .members()
                .into_iter()
                .map(|m| describe_within(m, depth - 1))
                .collect();
            match c {
                super::node::Criterion::Any if s.part == super::node::Part::TypeArray => {
                    members.join(" | ")
                }
                super::node::Criterion::All if s.part == super::node::Part::Whole => {
                    members.join(" + ")
                }
                _ => format!("{}[{}]", c.keyword(), members.join(", ")),
            }
        }
        Class::Conditional => "if/then/else".into(),
    }
}
