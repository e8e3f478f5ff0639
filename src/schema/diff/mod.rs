//! The schema diff engine: two resolved schemas in, typed changes out.
//! Pure: no files, spans, severities or git.
//!
//! The one primitive is "does B accept every instance A accepts?"
//! (`engine::Engine::cmp`). `diff` asks it both ways, backward (A = old,
//! B = new) and forward (A = new, B = old), and merges the two answers into
//! one list of changes, each named old → new and marked with the directions
//! it breaks.

mod array;
pub mod change;
mod combined;
mod conjunction;
mod disjoint;
mod engine;
pub mod message;
pub mod node;
mod object;
mod scalar;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

pub use change::{ChangeKind, D};
use engine::Engine;
use node::S;

use crate::model::{Mode, Policy};

/// The directions a change breaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Breaks {
    pub backward: bool,
    pub forward: bool,
}

impl Breaks {
    pub fn any(self) -> bool {
        self.backward || self.forward
    }

    /// Does this break the given mode? (`none` is never broken.)
    pub fn breaks_mode(self, mode: Mode) -> bool {
        (mode.checks_backward() && self.backward) || (mode.checks_forward() && self.forward)
    }

    pub fn names(self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.backward {
            v.push("backward");
        }
        if self.forward {
            v.push("forward");
        }
        v
    }
}

/// One typed change between two schemas.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// JSON pointer into the schema (e.g. `/properties/user_id`).
    pub pointer: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    pub breaks: Breaks,
    /// What exactly changed, in words (e.g. "maxLength decreased").
    pub label: &'static str,
    /// When the content model decided the verdict, why.
    pub content_model: Option<&'static str>,
    /// Reported but not compared under this policy (`format` under `confluent`).
    pub advisory: bool,
}

fn to_pointer(path: &str) -> String {
    path.to_string()
}

/// Every change between `old` and `new`, each marked with the directions
/// it breaks under `policy`. Sorted by pointer, then kind.
pub fn diff(old: &Value, new: &Value, policy: Policy) -> Vec<Change> {
    let pass = |a: &Value, b: &Value| {
        let mut engine = Engine::new(policy);
        let mut diffs = engine.cmp(S::new(a, a), S::new(b, b)).to_vec();
        if engine.exhausted() {
            diffs.push(change::Diff {
                d: D::TooComplex,
                path: String::new(),
                old: None,
                new: None,
            });
        }
        diffs
    };
    let backward = pass(old, new);
    let forward = pass(new, old);

    let mut merged: BTreeMap<(String, ChangeKind), Change> = BTreeMap::new();
    for (diffs, reversed) in [(&backward, false), (&forward, true)] {
        for d in diffs.iter() {
            let kind = d.d.public(reversed);
            let pointer = to_pointer(&d.path);
            let (o, n) = if reversed {
                (d.new.clone(), d.old.clone())
            } else {
                (d.old.clone(), d.new.clone())
            };
            let broken = !d.d.compatible(policy);
            let e = merged
                .entry((pointer.clone(), kind))
                .or_insert_with(|| Change {
                    kind,
                    pointer,
                    old: o,
                    new: n,
                    breaks: Breaks::default(),
                    // Words old → new: a difference found with the sides
                    // swapped reads as its mirror.
                    label: if reversed {
                        d.d.mirrored().label()
                    } else {
                        d.d.label()
                    },
                    content_model: None,
                    advisory: false,
                });
            if broken {
                if reversed {
                    e.breaks.forward = true;
                } else {
                    e.breaks.backward = true;
                }
                if e.content_model.is_none() {
                    e.content_model = d.d.content_model();
                }
                if !reversed || e.label.is_empty() {
                    e.label = if reversed {
                        d.d.mirrored().label()
                    } else {
                        d.d.label()
                    };
                }
            }
            e.advisory |= d.d.advisory(policy);
        }
    }
    // A required property added is one change, not also an optional one.
    let required: Vec<String> = merged
        .keys()
        .filter(|(_, k)| *k == ChangeKind::RequiredAdded)
        .map(|(p, _)| p.clone())
        .collect();
    for p in required {
        if let Some(c) = merged.remove(&(p.clone(), ChangeKind::FieldAdded)) {
            if let Some(r) = merged.get_mut(&(p, ChangeKind::RequiredAdded)) {
                r.breaks.backward |= c.breaks.backward;
                r.breaks.forward |= c.breaks.forward;
            }
        }
    }
    // A plain schema that became a union (or the reverse) is one combinator
    // change that breaks one direction, not also a type change.
    let typed: Vec<String> = merged
        .iter()
        .filter(|((_, k), c)| {
            *k == ChangeKind::FieldTypeChanged && c.breaks.backward != c.breaks.forward
        })
        .map(|((p, _), _)| p.clone())
        .collect();
    for p in typed {
        if merged.contains_key(&(p.clone(), ChangeKind::CombinatorChanged)) {
            if let Some(t) = merged.remove(&(p.clone(), ChangeKind::FieldTypeChanged)) {
                if let Some(c) = merged.get_mut(&(p, ChangeKind::CombinatorChanged)) {
                    c.breaks.backward |= t.breaks.backward;
                    c.breaks.forward |= t.breaks.forward;
                }
            }
        }
    }
    merged.into_values().collect()
}

/// Is `new` compatible with `old` under `mode`, given their changes?
pub fn compatible(changes: &[Change], mode: Mode) -> bool {
    !changes.iter().any(|c| c.breaks.breaks_mode(mode))
}

/// A short description of a schema for messages (`integer`, `string (format uuid)`).
pub fn describe_value(v: &Value) -> String {
    engine::describe(S::new(v, v))
}
