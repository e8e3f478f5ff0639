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
pub mod kinds;
pub mod message;
pub mod node;
mod object;
mod scalar;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

pub use change::{ChangeKind, Delta};
use engine::Engine;
use node::View;

use crate::model::{Mode, Policy};
use crate::schema::normal;

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
    /// When the change is inside a definition used in several places (a
    /// `$ref`'d `$defs` entry or shared file): the places it reaches, as
    /// pointers through the payload; `pointer` is then the definition's.
    pub places: Vec<String>,
}

/// Every change between `old` and `new`, each marked with the directions
/// it breaks under `policy`. Sorted by pointer, then kind.
///
/// Both sides are first brought to one normal form (`schema::normal`), so
/// spellings of the same meaning compare equal; pointers in the changes
/// point at the original spellings. A place whose meaning is unchanged but
/// whose spelling is not is one `schema-reshaped` change.
pub fn diff(old: &Value, new: &Value, policy: Policy) -> Vec<Change> {
    let no = normal::normalize(old, policy);
    let nn = normal::normalize(new, policy);
    let pass = |a: &Value, b: &Value| {
        let mut engine = Engine::new(policy);
        let mut diffs = engine.cmp(View::new(a, a), View::new(b, b)).to_vec();
        if engine.exhausted() {
            diffs.push(change::Diff {
                delta: Delta::TooComplex,
                path: String::new(),
                old: None,
                new: None,
            });
        }
        diffs
    };
    let backward = pass(&no.value, &nn.value);
    let forward = pass(&nn.value, &no.value);

    // Keyed by pointers into the normal forms; each remembers the pointer of
    // the original spelling on the side its difference was found from.
    let mut spelled: BTreeMap<String, Spelled> = BTreeMap::new();
    let mut merged: BTreeMap<(String, ChangeKind), Change> = BTreeMap::new();
    for (diffs, reversed) in [(&backward, false), (&forward, true)] {
        for d in diffs.iter() {
            let kind = d.delta.public(reversed);
            let side = if reversed { &nn } else { &no };
            let pointer = if d.delta == Delta::BranchLost {
                // A branch of one side only: its own spelling, never merged
                // with the other side's branch at the same index.
                side.origin(&d.path)
            } else {
                let e = spelled.entry(d.path.clone()).or_default();
                let slot = if reversed { &mut e.1 } else { &mut e.0 };
                slot.get_or_insert_with(|| side.origin(&d.path));
                d.path.clone()
            };
            let (o, n) = if reversed {
                (d.new.clone(), d.old.clone())
            } else {
                (d.old.clone(), d.new.clone())
            };
            let broken = !d.delta.compatible(policy);
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
                        d.delta.mirrored().label()
                    } else {
                        d.delta.label()
                    },
                    content_model: None,
                    advisory: false,
                    places: Vec::new(),
                });
            if broken {
                if reversed {
                    e.breaks.forward = true;
                } else {
                    e.breaks.backward = true;
                }
                if e.content_model.is_none() {
                    e.content_model = d.delta.content_model();
                }
                if !reversed || e.label.is_empty() {
                    e.label = if reversed {
                        d.delta.mirrored().label()
                    } else {
                        d.delta.label()
                    };
                }
            }
            e.advisory |= d.delta.advisory(policy);
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
                    if !c.breaks.any() && t.breaks.backward {
                        // The union is on the old side: it lost members.
                        c.label = Delta::SumNarrowed.label();
                    }
                    c.breaks.backward |= t.breaks.backward;
                    c.breaks.forward |= t.breaks.forward;
                }
            }
        }
    }
    reshape(&mut merged, &mut spelled, &no, &nn, old, new);
    let out: Vec<Change> = merged
        .into_values()
        .map(|mut c| {
            if let Some(p) = spelled.get(&c.pointer) {
                c.pointer = one_spelling(p);
            }
            if c.kind == ChangeKind::CombinatorChanged {
                // A schema in words (`integer | string`), not in JSON.
                for v in [&mut c.old, &mut c.new].into_iter().flatten() {
                    if v.is_object() {
                        *v = Value::String(describe_value(v));
                    }
                }
            }
            c
        })
        .collect();
    let mut out = once_per_definition(out, old, new);
    out.sort_by(|a, b| (&a.pointer, a.kind).cmp(&(&b.pointer, b.kind)));
    out
}

/// A change inside a definition that several places reach through `$ref`
/// is one change, at the definition, listing the places.
fn once_per_definition(changes: Vec<Change>, old: &Value, new: &Value) -> Vec<Change> {
    let mut groups: BTreeMap<(String, ChangeKind), Vec<Change>> = BTreeMap::new();
    let mut out = Vec::new();
    for c in changes {
        let at = through_refs(new, &c.pointer).or_else(|| through_refs(old, &c.pointer));
        match at {
            Some(at) => groups.entry((at, c.kind)).or_default().push(c),
            None => out.push(c),
        }
    }
    for ((at, _), mut cs) in groups {
        if cs.len() == 1 {
            out.append(&mut cs);
            continue;
        }
        let mut places: Vec<String> = cs.iter().map(|c| c.pointer.clone()).collect();
        places.sort();
        let mut one = cs.swap_remove(0);
        for c in &cs {
            one.breaks.backward |= c.breaks.backward;
            one.breaks.forward |= c.breaks.forward;
            one.advisory &= c.advisory;
            if one.content_model.is_none() {
                one.content_model = c.content_model;
            }
        }
        one.pointer = at;
        one.places = places;
        out.push(one);
    }
    out
}

/// Where `pointer` (a path through the payload, `$ref`s followed as if
/// inline) sits in the document, when it passes through a local `$ref`:
/// the definition's pointer and the rest of the path.
fn through_refs(doc: &Value, pointer: &str) -> Option<String> {
    let mut node = doc;
    let mut at = String::new();
    let mut followed = false;
    for tok in pointer.split('/').skip(1) {
        let key = crate::yaml::unescape_token(tok);
        let mut hops = 0;
        while let Some(r) = node.get("$ref").and_then(Value::as_str) {
            if node.get(&key).is_some()
                || !r.starts_with("#/")
                || hops >= crate::limits::MAX_REF_HOPS
            {
                break;
            }
            node = node::resolve_pointer(doc, r)?;
            at = r[1..].to_string();
            followed = true;
            hops += 1;
        }
        node = match node {
            Value::Object(m) => m.get(&key)?,
            Value::Array(a) => a.get(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
        at.push('/');
        at.push_str(tok);
    }
    followed.then_some(at)
}

/// The original-spelling pointers of one normal-form pointer: as found
/// comparing old → new (through the old side's origins) and new → old.
type Spelled = (Option<String>, Option<String>);

/// One pointer for a change, the same whichever side is called old (so
/// swapping sides mirrors every change): the shorter spelling, then the
/// smaller.
fn one_spelling(s: &Spelled) -> String {
    match s {
        (Some(a), Some(b)) => {
            let depth = |p: &String| p.matches('/').count();
            std::cmp::min_by(a, b, |x, y| (depth(x), x).cmp(&(depth(y), y))).clone()
        }
        (Some(a), None) | (None, Some(a)) => a.clone(),
        (None, None) => String::new(),
    }
}

/// Is `p` the pointer `at` or one below it?
fn within(p: &str, at: &str) -> bool {
    p == at || (p.starts_with(at) && p[at.len()..].starts_with('/'))
}

/// `schema-reshaped`: a union the engine found equal both ways (members
/// merged, split or reordered, nothing breaking below it), and the topmost
/// places whose normal forms are equal but whose spellings differ.
fn reshape(
    merged: &mut BTreeMap<(String, ChangeKind), Change>,
    spelled: &mut BTreeMap<String, Spelled>,
    no: &normal::Normal,
    nn: &normal::Normal,
    old: &Value,
    new: &Value,
) {
    let unions: Vec<String> = merged
        .iter()
        .filter(|((_, k), c)| *k == ChangeKind::CombinatorChanged && !c.breaks.any())
        .map(|((p, _), _)| p.clone())
        .collect();
    for p in unions {
        let breaks_below = merged
            .iter()
            .any(|((q, _), c)| within(q, &p) && c.breaks.any());
        if breaks_below {
            continue;
        }
        if let Some(mut c) = merged.remove(&(p.clone(), ChangeKind::CombinatorChanged)) {
            c.kind = ChangeKind::SchemaReshaped;
            c.label = RESHAPED;
            c.old = no_origin_text(old, &no.origin(&p));
            c.new = no_origin_text(new, &nn.origin(&p));
            merged.insert((p, ChangeKind::SchemaReshaped), c);
        }
    }
    let places = normal::reshaped(no, nn, old, new);
    for r in places {
        let at = r.normal_pointer.clone();
        let covered = merged
            .keys()
            .any(|(q, k)| *k == ChangeKind::SchemaReshaped && within(&at, q));
        if covered {
            continue;
        }
        spelled.insert(
            at.clone(),
            (Some(r.old_pointer.clone()), Some(r.new_pointer.clone())),
        );
        merged.insert(
            (at.clone(), ChangeKind::SchemaReshaped),
            reshaped_change(at, old, new, &r.old_pointer, &r.new_pointer),
        );
    }
    if merged.is_empty() && node::canonical_json(old) != node::canonical_json(new) {
        merged.insert(
            (String::new(), ChangeKind::SchemaReshaped),
            reshaped_change(String::new(), old, new, "", ""),
        );
    }
}

const RESHAPED: &str = "reshaped, same meaning";

fn reshaped_change(at: String, old: &Value, new: &Value, op: &str, np: &str) -> Change {
    Change {
        kind: ChangeKind::SchemaReshaped,
        pointer: at,
        old: no_origin_text(old, op),
        new: no_origin_text(new, np),
        breaks: Breaks::default(),
        label: RESHAPED,
        content_model: None,
        advisory: false,
        places: Vec::new(),
    }
}

/// A short description of the original spelling at `pointer`.
fn no_origin_text(doc: &Value, pointer: &str) -> Option<Value> {
    let v = normal::at_origin(doc, pointer)?;
    Some(Value::String(engine::describe(View::new(v, doc))))
}

/// Is `new` compatible with `old` under `mode`, given their changes?
pub fn compatible(changes: &[Change], mode: Mode) -> bool {
    !changes.iter().any(|c| c.breaks.breaks_mode(mode))
}

/// A short description of a schema for messages (`integer`, `string (format uuid)`).
pub fn describe_value(v: &Value) -> String {
    engine::describe(View::new(v, v))
}
