//! Objects: required, properties under the open / closed / partially open
//! content models, dependencies, additional properties, size limits.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::change::{Delta, Diff};
use super::engine::{diff, extend, Engine};
use super::node::View;
use super::scalar::limit;
use crate::model::Policy;
use crate::yaml::escape_token;

fn props<'a>(s: &View<'a>) -> Option<&'a Map<String, Value>> {
    s.get("properties").and_then(Value::as_object)
}

fn required(s: &View<'_>) -> Vec<String> {
    s.get("required")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// `additionalProperties`, else `unevaluatedProperties`.
fn additional<'a>(s: &View<'a>) -> Option<&'a Value> {
    s.get("additionalProperties")
        .or_else(|| s.get("unevaluatedProperties"))
}

fn permits_additional(s: &View<'_>) -> bool {
    !matches!(additional(s), Some(Value::Bool(false)))
}

fn schema_of_additional<'a>(s: &View<'a>) -> Option<View<'a>> {
    match additional(s) {
        Some(v @ Value::Object(_)) => Some(s.child(v)),
        _ => None,
    }
}

fn pattern_props<'a>(s: &View<'a>) -> Vec<(&'a String, &'a Value)> {
    s.get("patternProperties")
        .and_then(Value::as_object)
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

fn is_open(s: &View<'_>) -> bool {
    pattern_props(s).is_empty() && schema_of_additional(s).is_none() && permits_additional(s)
}

/// The schema that covers an undeclared property name: the first matching
/// `patternProperties` entry, else the `additionalProperties` schema.
fn covering<'a>(s: &View<'a>, name: &str) -> Option<View<'a>> {
    for (pat, v) in pattern_props(s) {
        if regex::Regex::new(pat).is_ok_and(|re| re.is_match(name)) {
            return Some(s.child(v));
        }
    }
    schema_of_additional(s)
}

/// `dependencies` (draft-07) and `dependentRequired`/`dependentSchemas`:
/// (property dependencies, schema dependencies), each with the keyword used.
type Deps<'a> = (
    Vec<(String, (&'static str, Vec<String>))>,
    Vec<(String, (&'static str, &'a Value))>,
);

fn dependencies<'a>(s: &View<'a>) -> Deps<'a> {
    let mut arrays = Vec::new();
    let mut schemas = Vec::new();
    for kw in ["dependencies", "dependentRequired", "dependentSchemas"] {
        if let Some(m) = s.get(kw).and_then(Value::as_object) {
            for (k, v) in m {
                match v {
                    Value::Array(a) => arrays.push((
                        k.clone(),
                        (
                            kw,
                            a.iter()
                                .filter_map(|x| x.as_str().map(String::from))
                                .collect(),
                        ),
                    )),
                    other => schemas.push((k.clone(), (kw, other))),
                }
            }
        }
    }
    (arrays, schemas)
}

impl Engine {
    pub(super) fn object(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let empty = Map::new();
        let op = props(&o).unwrap_or(&empty);
        let up = props(&u).unwrap_or(&empty);
        let oreq = required(&o);
        let ureq = required(&u);
        let lenient = self.policy == Policy::Lenient;

        // Required flips of properties present on both sides.
        for (k, _) in op.iter() {
            let Some(uv) = up.get(k) else { continue };
            let (a, b) = (oreq.contains(k), ureq.contains(k));
            let path = format!("/properties/{}", escape_token(k));
            if a && !b {
                out.push(diff(
                    Delta::RequiredAttributeRemoved,
                    path,
                    Some(true.into()),
                    Some(false.into()),
                ));
            } else if !a && b {
                let d = if has_default(uv) {
                    Delta::RequiredAttributeWithDefaultAdded
                } else {
                    Delta::RequiredAttributeAdded
                };
                out.push(diff(d, path, Some(false.into()), Some(true.into())));
            }
        }

        let keys: BTreeSet<&String> = op.keys().chain(up.keys()).collect();
        for k in keys {
            let path = format!("/properties/{}", escape_token(k));
            match (op.get(k), up.get(k)) {
                (Some(ov), Some(uv)) => {
                    let d = self.cmp(o.child(ov), u.child(uv));
                    extend(out, &path, &d);
                }
                (Some(ov), None) => {
                    let removed = |d| diff(d, path.clone(), Some(ov.clone()), None);
                    if lenient {
                        out.push(removed(Delta::PropertyRemoved));
                    } else if is_open(&u) {
                        out.push(removed(Delta::PropertyRemovedFromOpen));
                    } else if let Some(cover) = covering(&u, k) {
                        let sub = self.cmp(o.child(ov), cover);
                        extend(out, &path, &sub);
                        let ok = self.compatible(&sub);
                        out.push(removed(if ok {
                            Delta::PropertyRemovedCovered
                        } else {
                            Delta::PropertyRemovedNotCovered
                        }));
                    } else if matches!(ov, Value::Bool(false)) {
                        out.push(removed(Delta::PropertyWithFalseRemovedFromClosed));
                    } else {
                        out.push(removed(Delta::PropertyRemovedFromClosed));
                    }
                }
                (None, Some(uv)) => {
                    let req = ureq.contains(k);
                    let added = |d| diff(d, path.clone(), None, Some(uv.clone()));
                    if lenient {
                        out.push(added(if req {
                            Delta::RequiredPropertyAdded
                        } else {
                            Delta::OptionalPropertyAdded
                        }));
                    } else if is_open(&o) {
                        // Compared through its `$ref`s: a reference is not the empty schema.
                        let d = if u.child(uv).normalize().settle().is_empty_class()
                            && u.child(uv).normalize().settle().part != super::node::Part::Ref
                        {
                            Delta::PropertyWithEmptySchemaAddedToOpen
                        } else if req {
                            Delta::RequiredPropertyAddedToOpen
                        } else {
                            Delta::PropertyAddedToOpen
                        };
                        out.push(added(d));
                    } else {
                        if let Some(cover) = covering(&o, k) {
                            let sub = self.cmp(cover, u.child(uv));
                            extend(out, &path, &sub);
                            let ok = self.compatible(&sub);
                            out.push(added(if ok {
                                Delta::PropertyAddedCovered
                            } else {
                                Delta::PropertyAddedNotCovered
                            }));
                        }
                        let d = if !req {
                            Delta::OptionalPropertyAddedToUnopen
                        } else if has_default(uv) {
                            Delta::RequiredPropertyWithDefaultAddedToUnopen
                        } else {
                            Delta::RequiredPropertyAddedToUnopen
                        };
                        out.push(added(d));
                    }
                }
                (None, None) => {}
            }
        }

        if lenient {
            // `required` naming a property declared on neither side: old
            // events may lack it.
            for k in &ureq {
                if !oreq.contains(k) && !up.contains_key(k) && !op.contains_key(k) {
                    out.push(diff(
                        Delta::RequiredAttributeAdded,
                        format!("/properties/{}", escape_token(k)),
                        Some(false.into()),
                        Some(true.into()),
                    ));
                }
            }
            for k in &oreq {
                if !ureq.contains(k) && !up.contains_key(k) && !op.contains_key(k) {
                    out.push(diff(
                        Delta::RequiredAttributeRemoved,
                        format!("/properties/{}", escape_token(k)),
                        Some(true.into()),
                        Some(false.into()),
                    ));
                }
            }
        }
        self.property_names(o, u, out);
        self.dependencies(o, u, out);
        self.additional_properties(o, u, out);
        use Delta::*;
        limit(
            out,
            "maxProperties",
            o.get("maxProperties"),
            u.get("maxProperties"),
            MaxPropertiesAdded,
            MaxPropertiesRemoved,
            MaxPropertiesIncreased,
            MaxPropertiesDecreased,
        );
        limit(
            out,
            "minProperties",
            o.get("minProperties"),
            u.get("minProperties"),
            MinPropertiesAdded,
            MinPropertiesRemoved,
            MinPropertiesIncreased,
            MinPropertiesDecreased,
        );
    }

    fn property_names(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        match (o.get("propertyNames"), u.get("propertyNames")) {
            (None, None) => {}
            (Some(a), None) => out.push(diff(
                Delta::PropertyNamesRemoved,
                "/propertyNames",
                Some(a.clone()),
                None,
            )),
            (None, Some(b)) => out.push(diff(
                Delta::PropertyNamesAdded,
                "/propertyNames",
                None,
                Some(b.clone()),
            )),
            (Some(a), Some(b)) => {
                let d = self.cmp(o.child(a), u.child(b));
                extend(out, "/propertyNames", &d);
            }
        }
    }

    fn dependencies(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let (oa, os) = dependencies(&o);
        let (ua, us) = dependencies(&u);
        let keys: BTreeSet<&String> = oa
            .iter()
            .map(|x| &x.0)
            .chain(ua.iter().map(|x| &x.0))
            .collect();
        for k in keys {
            let a = oa.iter().find(|x| &x.0 == k).map(|x| &x.1);
            let b = ua.iter().find(|x| &x.0 == k).map(|x| &x.1);
            let kw = b.or(a).map_or("dependencies", |x| x.0);
            let path = format!("/{kw}/{}", escape_token(k));
            let val = |x: Option<&(&str, Vec<String>)>| x.map(|x| Value::from(x.1.clone()));
            let d = match (a, b) {
                (Some(_), None) => Delta::DependencyArrayRemoved,
                (None, Some(_)) => Delta::DependencyArrayAdded,
                (Some(x), Some(y)) => {
                    let xs: BTreeSet<&String> = x.1.iter().collect();
                    let ys: BTreeSet<&String> = y.1.iter().collect();
                    if xs == ys {
                        continue;
                    } else if ys.is_superset(&xs) {
                        Delta::DependencyArrayExtended
                    } else if xs.is_superset(&ys) {
                        Delta::DependencyArrayNarrowed
                    } else {
                        Delta::DependencyArrayChanged
                    }
                }
                (None, None) => continue,
            };
            out.push(diff(d, path, val(a), val(b)));
        }
        let keys: BTreeSet<&String> = os
            .iter()
            .map(|x| &x.0)
            .chain(us.iter().map(|x| &x.0))
            .collect();
        for k in keys {
            let a = os.iter().find(|x| &x.0 == k).map(|x| x.1);
            let b = us.iter().find(|x| &x.0 == k).map(|x| x.1);
            let kw = b.or(a).map_or("dependencies", |x| x.0);
            let path = format!("/{kw}/{}", escape_token(k));
            match (a, b) {
                (Some(x), None) => out.push(diff(
                    Delta::DependencySchemaRemoved,
                    path,
                    Some(x.1.clone()),
                    None,
                )),
                (None, Some(y)) => out.push(diff(
                    Delta::DependencySchemaAdded,
                    path,
                    None,
                    Some(y.1.clone()),
                )),
                (Some(x), Some(y)) => {
                    let d = self.cmp(o.child(x.1), u.child(y.1));
                    extend(out, &path, &d);
                }
                (None, None) => {}
            }
        }
    }

    fn additional_properties(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let path =
            if u.get("additionalProperties").is_some() || o.get("additionalProperties").is_some() {
                "/additionalProperties"
            } else {
                "/unevaluatedProperties"
            };
        let (ov, uv) = (additional(&o).cloned(), additional(&u).cloned());
        if self.policy == Policy::Lenient {
            // Producers emit only the properties they declare: the rule for
            // undeclared ones (and `patternProperties`) never breaks anyone.
            let opp = o.get("patternProperties");
            let upp = u.get("patternProperties");
            if ov != uv {
                let d = match (permits_additional(&o), permits_additional(&u)) {
                    (false, true) => Delta::AdditionalPropertiesAdded,
                    (true, false) => Delta::AdditionalPropertiesRemoved,
                    _ => match (
                        schema_of_additional(&o).is_some(),
                        schema_of_additional(&u).is_some(),
                    ) {
                        (false, true) => Delta::AdditionalPropertiesNarrowed,
                        (true, false) => Delta::AdditionalPropertiesExtended,
                        _ => Delta::AdditionalPropertiesIgnored,
                    },
                };
                out.push(diff(d, path, ov, uv));
            } else if opp != upp {
                out.push(diff(
                    Delta::AdditionalPropertiesIgnored,
                    "/patternProperties",
                    opp.cloned(),
                    upp.cloned(),
                ));
            }
            return;
        }
        let (op, up) = (permits_additional(&o), permits_additional(&u));
        let (os, us) = (schema_of_additional(&o), schema_of_additional(&u));
        if op != up {
            let d = if up {
                Delta::AdditionalPropertiesAdded
            } else {
                Delta::AdditionalPropertiesRemoved
            };
            out.push(diff(d, path, ov, uv));
        } else {
            match (os, us) {
                (None, Some(_)) => {
                    out.push(diff(Delta::AdditionalPropertiesNarrowed, path, ov, uv))
                }
                (Some(_), None) => {
                    out.push(diff(Delta::AdditionalPropertiesExtended, path, ov, uv))
                }
                (Some(a), Some(b)) => {
                    let d = self.cmp(a, b);
                    extend(out, path, &d);
                }
                (None, None) => {}
            }
        }
    }
}

fn has_default(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("default"))
}
