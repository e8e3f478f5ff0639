//! Arrays: the all-items schema, tuples (`prefixItems`, or `items` as a
//! list) under the open / closed / partially open content models,
//! additional items, and size limits.

use serde_json::Value;

use super::change::{Delta, Diff};
use super::engine::{diff, extend, Engine};
use super::node::View;
use super::scalar::limit;

/// The three readings of an array schema across drafts.
struct Shape<'a> {
    /// `items` as one schema for every element (no tuple).
    all: Option<&'a Value>,
    /// The tuple: `prefixItems`, or `items` as a list (draft-07).
    tuple: Vec<&'a Value>,
    tuple_kw: &'static str,
    /// What follows the tuple: `items` after `prefixItems`, else `additionalItems`,
    /// else `unevaluatedItems`.
    additional: Option<&'a Value>,
    additional_kw: &'static str,
}

fn shape<'a>(s: &View<'a>) -> Shape<'a> {
    if let Some(Value::Array(p)) = s.get("prefixItems") {
        return Shape {
            all: None,
            tuple: p.iter().collect(),
            tuple_kw: "prefixItems",
            additional: s.get("items").or_else(|| s.get("unevaluatedItems")),
            additional_kw: "items",
        };
    }
    match s.get("items") {
        Some(Value::Array(t)) => Shape {
            all: None,
            tuple: t.iter().collect(),
            tuple_kw: "items",
            additional: s
                .get("additionalItems")
                .or_else(|| s.get("unevaluatedItems")),
            additional_kw: "additionalItems",
        },
        other => Shape {
            all: other,
            tuple: Vec::new(),
            tuple_kw: "items",
            additional: s
                .get("additionalItems")
                .or_else(|| s.get("unevaluatedItems")),
            additional_kw: "additionalItems",
        },
    }
}

fn permits(sh: &Shape<'_>) -> bool {
    !matches!(sh.additional, Some(Value::Bool(false)))
}

fn schema_of<'a>(s: &View<'a>, sh: &Shape<'a>) -> Option<View<'a>> {
    match sh.additional {
        Some(v @ Value::Object(_)) => Some(s.child(v)),
        _ => None,
    }
}

fn is_open(s: &View<'_>, sh: &Shape<'_>) -> bool {
    permits(sh) && schema_of(s, sh).is_none()
}

impl Engine {
    pub(super) fn array(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let os = shape(&o);
        let us = shape(&u);
        self.cmp_opt(
            os.all.map(|v| o.child(v)),
            us.all.map(|v| u.child(v)),
            "/items",
            out,
        );

        let n = os.tuple.len().min(us.tuple.len());
        for i in 0..n {
            let d = self.cmp(o.child(os.tuple[i]), u.child(us.tuple[i]));
            extend(out, &format!("/{}/{i}", us.tuple_kw), &d);
        }
        for (i, ov) in os.tuple.iter().enumerate().skip(n) {
            let path = format!("/{}/{i}", os.tuple_kw);
            let removed = |d| diff(d, path.clone(), Some((*ov).clone()), None);
            if is_open(&u, &us) {
                out.push(removed(Delta::ItemRemovedFromOpen));
            } else if let Some(cover) = schema_of(&u, &us) {
                let sub = self.cmp(o.child(ov), cover);
                extend(out, &path, &sub);
                let ok = self.compatible(&sub);
                out.push(removed(if ok {
                    Delta::ItemRemovedCovered
                } else {
                    Delta::ItemRemovedNotCovered
                }));
            } else if matches!(ov, Value::Bool(false)) {
                out.push(removed(Delta::ItemWithFalseRemovedFromClosed));
            } else {
                out.push(removed(Delta::ItemRemovedFromClosed));
            }
        }
        for (i, uv) in us.tuple.iter().enumerate().skip(n) {
            let path = format!("/{}/{i}", us.tuple_kw);
            let added = |d| diff(d, path.clone(), None, Some((*uv).clone()));
            if is_open(&o, &os) {
                if u.child(uv).is_empty_class() {
                    out.push(added(Delta::ItemWithEmptySchemaAddedToOpen));
                } else {
                    out.push(added(Delta::ItemAddedToOpen));
                }
            } else if let Some(cover) = schema_of(&o, &os) {
                let sub = self.cmp(cover, u.child(uv));
                extend(out, &path, &sub);
                let ok = self.compatible(&sub);
                out.push(added(if ok {
                    Delta::ItemAddedCovered
                } else {
                    Delta::ItemAddedNotCovered
                }));
            } else {
                out.push(added(Delta::ItemAddedToClosed));
            }
        }

        // Additional items only matter next to a tuple, but the registry
        // compares them wherever they are written.
        let kw = if os.tuple.is_empty() && us.tuple.is_empty() {
            "additionalItems"
        } else {
            us.additional_kw
        };
        let path = format!("/{kw}");
        let (ov, uv) = (os.additional.cloned(), us.additional.cloned());
        let (op, up) = (permits(&os), permits(&us));
        if op != up {
            let d = if op {
                Delta::AdditionalItemsRemoved
            } else {
                Delta::AdditionalItemsAdded
            };
            out.push(diff(d, path, ov, uv));
        } else {
            match (schema_of(&o, &os), schema_of(&u, &us)) {
                (None, Some(_)) => out.push(diff(Delta::AdditionalItemsNarrowed, path, ov, uv)),
                (Some(_), None) => out.push(diff(Delta::AdditionalItemsExtended, path, ov, uv)),
                (Some(a), Some(b)) => {
                    let d = self.cmp(a, b);
                    extend(out, &path, &d);
                }
                (None, None) => {}
            }
        }

        use Delta::*;
        limit(
            out,
            "maxItems",
            o.get("maxItems"),
            u.get("maxItems"),
            MaxItemsAdded,
            MaxItemsRemoved,
            MaxItemsIncreased,
            MaxItemsDecreased,
        );
        limit(
            out,
            "minItems",
            o.get("minItems"),
            u.get("minItems"),
            MinItemsAdded,
            MinItemsRemoved,
            MinItemsIncreased,
            MinItemsDecreased,
        );
        self.contains(o, u, out);
        limit(
            out,
            "maxContains",
            o.get("maxContains"),
            u.get("maxContains"),
            MaxContainsAdded,
            MaxContainsRemoved,
            MaxContainsIncreased,
            MaxContainsDecreased,
        );
        limit(
            out,
            "minContains",
            o.get("minContains"),
            u.get("minContains"),
            MinContainsAdded,
            MinContainsRemoved,
            MinContainsIncreased,
            MinContainsDecreased,
        );
        let ou = o.get("uniqueItems") == Some(&Value::Bool(true));
        let uu = u.get("uniqueItems") == Some(&Value::Bool(true));
        if ou != uu {
            let d = if ou {
                UniqueItemsRemoved
            } else {
                UniqueItemsAdded
            };
            out.push(diff(d, "/uniqueItems", Some(ou.into()), Some(uu.into())));
        }
    }
}

impl Engine {
    /// `contains`: an array must hold an item it accepts (`minContains`
    /// times, at most `maxContains`). A looser `contains` keeps old arrays
    /// valid only while no `maxContains` counts the extra matches.
    fn contains(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let (a, b) = (o.get("contains"), u.get("contains"));
        match (a, b) {
            (None, None) => {}
            (Some(x), None) => out.push(diff(
                Delta::ContainsRemoved,
                "/contains",
                Some(x.clone()),
                None,
            )),
            (None, Some(y)) => {
                if u.get("minContains").and_then(Value::as_f64) != Some(0.0) {
                    out.push(diff(
                        Delta::ContainsAdded,
                        "/contains",
                        None,
                        Some(y.clone()),
                    ))
                }
            }
            (Some(x), Some(y)) => {
                let d = self.cmp(o.child(x), u.child(y));
                if d.is_empty() {
                    return;
                }
                if self.compatible(&d) && u.get("maxContains").is_none() {
                    extend(out, "/contains", &d);
                } else {
                    out.push(diff(
                        Delta::ContainsChanged,
                        "/contains",
                        Some(x.clone()),
                        Some(y.clone()),
                    ));
                }
            }
        }
    }
}
