//! Where two schemas say the same thing in different spellings: the
//! topmost nodes whose normal forms are equal while their original
//! spellings differ.

use serde_json::Value;

use super::types::{is_annotation, meaning, SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_ONE};
use super::{at_origin, Normal};
use crate::limits::MAX_NORMAL_DEPTH;

/// One place reshaped: the pointers of its old and new spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reshaped {
    /// Where, in the normal forms.
    pub normal_pointer: String,
    pub old_pointer: String,
    pub new_pointer: String,
}

/// The topmost places where the meaning is the same and the spelling is not.
pub fn reshaped(old: &Normal, new: &Normal, old_doc: &Value, new_doc: &Value) -> Vec<Reshaped> {
    let mut out = Vec::new();
    let cx = Cx {
        old,
        new,
        old_doc,
        new_doc,
    };
    cx.walk(&old.value, &new.value, &mut String::new(), &mut out, 0);
    out
}

struct Cx<'a> {
    old: &'a Normal,
    new: &'a Normal,
    old_doc: &'a Value,
    new_doc: &'a Value,
}

impl Cx<'_> {
    fn walk(&self, a: &Value, b: &Value, ptr: &mut String, out: &mut Vec<Reshaped>, depth: usize) {
        if depth > MAX_NORMAL_DEPTH {
            return;
        }
        // Equal normal forms mean the same (and are quick to compare); only
        // different ones need their meanings spelt out.
        if a == b || meaning(a) == meaning(b) {
            let (op, np) = (self.old.origin(ptr), self.new.origin(ptr));
            let (Some(x), Some(y)) = (at_origin(self.old_doc, &op), at_origin(self.new_doc, &np))
            else {
                return;
            };
            if shallow(x) != shallow(y) {
                out.push(Reshaped {
                    normal_pointer: ptr.clone(),
                    old_pointer: op,
                    new_pointer: np,
                });
                return;
            }
        }
        let (Some(ma), Some(mb)) = (a.as_object(), b.as_object()) else {
            return;
        };
        for (k, va) in ma {
            if is_annotation(k) {
                continue;
            }
            let Some(vb) = mb.get(k) else { continue };
            let len = ptr.len();
            ptr.push('/');
            crate::yaml::push_token(ptr, k);
            match (va, vb) {
                (Value::Object(na), Value::Object(nb)) if SCHEMA_MAPS.contains(&k.as_str()) => {
                    for (name, sa) in na {
                        if let Some(sb) = nb.get(name) {
                            let l2 = ptr.len();
                            ptr.push('/');
                            crate::yaml::push_token(ptr, name);
                            self.walk(sa, sb, ptr, out, depth + 1);
                            ptr.truncate(l2);
                        }
                    }
                }
                (Value::Array(la), Value::Array(lb))
                    if (SCHEMA_LISTS.contains(&k.as_str()) || k == "items")
                        && la.len() == lb.len() =>
                {
                    for (i, (sa, sb)) in la.iter().zip(lb).enumerate() {
                        let l2 = ptr.len();
                        ptr.push_str(&format!("/{i}"));
                        self.walk(sa, sb, ptr, out, depth + 1);
                        ptr.truncate(l2);
                    }
                }
                _ if SCHEMA_ONE.contains(&k.as_str()) => self.walk(va, vb, ptr, out, depth + 1),
                _ => {}
            }
            ptr.truncate(len);
        }
    }
}

/// A node's own spelling: its keywords and data, with each child schema
/// reduced to a marker (maps to their names, lists to their length).
fn shallow(v: &Value) -> String {
    let Value::Object(m) = v else {
        return crate::schema::diff::node::canonical_json(v);
    };
    let mut keys: Vec<&String> = m.keys().filter(|k| !is_annotation(k)).collect();
    keys.sort();
    let mut s = String::from("{");
    for k in keys {
        let val = &m[k.as_str()];
        s.push_str(k);
        s.push(':');
        match val {
            Value::Object(named) if SCHEMA_MAPS.contains(&k.as_str()) => {
                let mut names: Vec<&String> = named.keys().collect();
                names.sort();
                s.push_str(&format!("{names:?}"));
            }
            Value::Array(list) if SCHEMA_LISTS.contains(&k.as_str()) || k == "items" => {
                s.push_str(&format!("[{}]", list.len()));
            }
            _ if SCHEMA_ONE.contains(&k.as_str()) => s.push('*'),
            other => s.push_str(&crate::schema::diff::node::canonical_json(other)),
        }
        s.push(',');
    }
    s.push('}');
    s
}
