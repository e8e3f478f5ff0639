//! Strings, numbers, enums, consts and `not`.

use serde_json::Value;

use super::change::{Delta, Diff};
use super::engine::{diff, Engine};
use super::node::{Part, View};

/// Added / removed / changed comparison of a string-valued keyword.
fn text_keyword(
    out: &mut Vec<Diff>,
    kw: &str,
    o: &View<'_>,
    u: &View<'_>,
    added: Delta,
    removed: Delta,
    changed: Delta,
) {
    let (a, b) = (o.get(kw), u.get(kw));
    let d = match (a.and_then(Value::as_str), b.and_then(Value::as_str)) {
        (None, Some(_)) => added,
        (Some(_), None) => removed,
        (Some(x), Some(y)) if x != y => changed,
        _ => return,
    };
    out.push(diff(d, format!("/{kw}"), a.cloned(), b.cloned()));
}

/// Four-way comparison of an optional numeric limit.
#[allow(clippy::too_many_arguments)]
pub fn limit(
    out: &mut Vec<Diff>,
    kw: &str,
    o: Option<&Value>,
    u: Option<&Value>,
    added: Delta,
    removed: Delta,
    increased: Delta,
    decreased: Delta,
) {
    let of = o.and_then(Value::as_f64);
    let uf = u.and_then(Value::as_f64);
    let path = format!("/{kw}");
    match (of, uf) {
        (None, None) => {}
        (None, Some(_)) => out.push(diff(added, path, None, u.cloned())),
        (Some(_), None) => out.push(diff(removed, path, o.cloned(), None)),
        (Some(a), Some(b)) if a < b => out.push(diff(increased, path, o.cloned(), u.cloned())),
        (Some(a), Some(b)) if a > b => out.push(diff(decreased, path, o.cloned(), u.cloned())),
        _ => {}
    }
}

impl Engine {
    pub(super) fn string(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        use Delta::*;
        limit(
            out,
            "maxLength",
            o.get("maxLength"),
            u.get("maxLength"),
            MaxLengthAdded,
            MaxLengthRemoved,
            MaxLengthIncreased,
            MaxLengthDecreased,
        );
        limit(
            out,
            "minLength",
            o.get("minLength"),
            u.get("minLength"),
            MinLengthAdded,
            MinLengthRemoved,
            MinLengthIncreased,
            MinLengthDecreased,
        );
        text_keyword(
            out,
            "pattern",
            &o,
            &u,
            PatternAdded,
            PatternRemoved,
            PatternChanged,
        );
        text_keyword(
            out,
            "format",
            &o,
            &u,
            FormatAdded,
            FormatRemoved,
            FormatChanged,
        );
    }

    pub(super) fn number(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let draft4 = |s: &View<'_>| {
            matches!(s.get("exclusiveMaximum"), Some(Value::Bool(_)))
                || matches!(s.get("exclusiveMinimum"), Some(Value::Bool(_)))
        };
        // The registry compares bound keywords one by one; `lenient` (and
        // any draft-04 boolean spelling) compares the effective bounds, so
        // `exclusiveMinimum: 10` → `minimum: 10` is a loosening.
        if self.policy == crate::model::Policy::Lenient || draft4(&o) || draft4(&u) {
            draft4_bounds(o, u, out);
        } else {
            plain_bounds(o, u, out);
        }
        self.number_rest(o, u, out);
    }

    fn number_rest(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        use Delta::*;
        let om = o
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|f| *f > 0.0);
        let um = u
            .get("multipleOf")
            .and_then(Value::as_f64)
            .filter(|f| *f > 0.0);
        let (ov, uv) = (o.get("multipleOf").cloned(), u.get("multipleOf").cloned());
        match (om, um) {
            (None, None) => {}
            (None, Some(_)) => out.push(diff(MultipleOfAdded, "/multipleOf", None, uv)),
            (Some(_), None) => out.push(diff(MultipleOfRemoved, "/multipleOf", ov, None)),
            (Some(a), Some(b)) if a != b => {
                let d = if is_multiple(b, a) {
                    MultipleOfExpanded
                } else if is_multiple(a, b) {
                    MultipleOfReduced
                } else {
                    MultipleOfChanged
                };
                out.push(diff(d, "/multipleOf", ov, uv));
            }
            _ => {}
        }
        let oi = o.requires_integer();
        let ui = u.requires_integer();
        if oi != ui {
            let d = if oi { TypeExtended } else { TypeNarrowed };
            out.push(diff(
                d,
                "",
                Some(Value::String(if oi { "integer" } else { "number" }.into())),
                Some(Value::String(if ui { "integer" } else { "number" }.into())),
            ));
        }
    }

    /// `enum` and `const` (a const is an enum of one value).
    pub(super) fn enumeration(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let values = |s: &View<'_>| -> Vec<Value> {
            match (s.part, s.get("enum"), s.get("const")) {
                (Part::Const, _, Some(c)) => vec![c.clone()],
                (_, Some(Value::Array(a)), _) => a.clone(),
                (_, _, Some(c)) => vec![c.clone()],
                _ => Vec::new(),
            }
        };
        let kw = |s: &View<'_>| {
            if s.part == Part::Const {
                "const"
            } else {
                "enum"
            }
        };
        let (ov, uv) = (values(&o), values(&u));
        // Sets of canonical forms: O(n log n), whatever the enum's size.
        let (os, us) = (value_set(&ov), value_set(&uv));
        let u_has_all = os.is_subset(&us);
        let o_has_all = us.is_subset(&os);
        let d = match (u_has_all, o_has_all) {
            (true, true) => return,
            (true, false) => Delta::EnumExtended,
            (false, true) => Delta::EnumNarrowed,
            (false, false) if kw(&o) == "const" && kw(&u) == "const" => Delta::ConstChanged,
            (false, false) => Delta::EnumChanged,
        };
        out.push(diff(
            d,
            format!("/{}", kw(&u)),
            o.get(kw(&o)).cloned(),
            u.get(kw(&u)).cloned(),
        ));
    }

    pub(super) fn not(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
        let (Some(on), Some(un)) = (o.get("not"), u.get("not")) else {
            return;
        };
        // `not A` accepts all `not B` accepts exactly when B accepts all A does.
        let sub = self.cmp(u.child(un), o.child(on));
        if sub.is_empty() {
            return;
        }
        let d = if self.compatible(&sub) {
            Delta::NotNarrowed
        } else {
            Delta::NotExtended
        };
        out.push(diff(d, "/not", Some(on.clone()), Some(un.clone())));
    }
}

/// Bounds written the draft-06+ way, keyword by keyword (as the registry does).
fn plain_bounds(o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
    use Delta::*;
    let bounds = |s: &View<'_>, max: &str, ex: &str| -> (Option<Value>, Option<Value>) {
        (s.get(max).cloned(), s.get(ex).cloned())
    };
    let (omax, oxmax) = bounds(&o, "maximum", "exclusiveMaximum");

    let (umax, uxmax) = bounds(&u, "maximum", "exclusiveMaximum");
    let (omin, oxmin) = bounds(&o, "minimum", "exclusiveMinimum");
    let (umin, uxmin) = bounds(&u, "minimum", "exclusiveMinimum");
    limit(
        out,
        "maximum",
        omax.as_ref(),
        umax.as_ref(),
        MaximumAdded,
        MaximumRemoved,
        MaximumIncreased,
        MaximumDecreased,
    );
    limit(
        out,
        "minimum",
        omin.as_ref(),
        umin.as_ref(),
        MinimumAdded,
        MinimumRemoved,
        MinimumIncreased,
        MinimumDecreased,
    );
    limit(
        out,
        "exclusiveMaximum",
        oxmax.as_ref(),
        uxmax.as_ref(),
        ExclusiveMaximumAdded,
        ExclusiveMaximumRemoved,
        ExclusiveMaximumIncreased,
        ExclusiveMaximumDecreased,
    );
    limit(
        out,
        "exclusiveMinimum",
        oxmin.as_ref(),
        uxmin.as_ref(),
        ExclusiveMinimumAdded,
        ExclusiveMinimumRemoved,
        ExclusiveMinimumIncreased,
        ExclusiveMinimumDecreased,
    );
}

/// Bounds written the draft-04 way (`exclusiveMinimum: true` beside
/// `minimum`) on either side: compare the effective bounds.
fn draft4_bounds(o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
    use Delta::*;
    // (limit, exclusive) of one side, from either spelling.
    let bound = |s: &View<'_>, kw: &str, ex: &str, lower: bool| -> Option<(f64, bool)> {
        match (s.get(kw).and_then(Value::as_f64), s.get(ex)) {
            (Some(v), Some(Value::Bool(b))) => Some((v, *b)),
            (Some(v), Some(x)) => match x.as_f64() {
                Some(e) if (lower && e >= v) || (!lower && e <= v) => Some((e, true)),
                _ => Some((v, false)),
            },
            (Some(v), None) => Some((v, false)),
            (None, Some(x)) => x.as_f64().map(|e| (e, true)),
            (None, None) => None,
        }
    };
    for (kw, ex, lower) in [
        ("minimum", "exclusiveMinimum", true),
        ("maximum", "exclusiveMaximum", false),
    ] {
        let (a, b) = (bound(&o, kw, ex, lower), bound(&u, kw, ex, lower));
        let shown = |x: Option<(f64, bool)>| {
            x.map(|(v, e)| {
                let op = match (lower, e) {
                    (true, true) => ">",
                    (true, false) => ">=",
                    (false, true) => "<",
                    (false, false) => "<=",
                };
                Value::String(format!("{op} {v}"))
            })
        };
        let (added, removed, up, down) = if lower {
            (
                MinimumAdded,
                MinimumRemoved,
                MinimumIncreased,
                MinimumDecreased,
            )
        } else {
            (
                MaximumAdded,
                MaximumRemoved,
                MaximumIncreased,
                MaximumDecreased,
            )
        };
        let d = match (a, b) {
            (None, None) => continue,
            (None, Some(_)) => added,
            (Some(_), None) => removed,
            (Some((x, xe)), Some((y, ye))) => {
                if x == y && xe == ye {
                    continue;
                }
                // Did the bound move up (fewer values below it)?
                let higher = y > x || (y == x && if lower { ye && !xe } else { xe && !ye });
                if higher {
                    up
                } else {
                    down
                }
            }
        };
        let at = [(&u, kw), (&u, ex), (&o, kw), (&o, ex)]
            .into_iter()
            .find(|(s, k)| s.get(k).is_some())
            .map_or(kw, |(_, k)| k);
        out.push(diff(d, format!("/{at}"), shown(a), shown(b)));
    }
}

fn is_multiple(big: f64, small: f64) -> bool {
    if small == 0.0 {
        return false;
    }
    let r = big / small;
    (r - r.round()).abs() < 1e-9 && r.round() >= 1.0
}

/// The canonical forms of a list of values (1 and 1.0 the same, key order
/// ignored), as a sorted set.
pub fn value_set(values: &[Value]) -> std::collections::BTreeSet<String> {
    values.iter().map(super::node::canonical_json).collect()
}
