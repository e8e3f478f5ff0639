//! Strings, numbers, enums, consts and `not`.

use serde_json::Value;

use super::change::{Diff, D};
use super::engine::{diff, Engine};
use super::node::S;

/// Four-way comparison of an optional numeric limit.
#[allow(clippy::too_many_arguments)]
pub fn limit(
    out: &mut Vec<Diff>,
    kw: &str,
    o: Option<&Value>,
    u: Option<&Value>,
    added: D,
    removed: D,
    increased: D,
    decreased: D,
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
    pub(super) fn string(&mut self, o: S<'_>, u: S<'_>, out: &mut Vec<Diff>) {
        use D::*;
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
        let op = o.get("pattern").and_then(Value::as_str);
        let up = u.get("pattern").and_then(Value::as_str);
        match (op, up) {
            (None, Some(_)) => out.push(diff(
                PatternAdded,
                "/pattern",
                None,
                u.get("pattern").cloned(),
            )),
            (Some(_), None) => out.push(diff(
                PatternRemoved,
                "/pattern",
                o.get("pattern").cloned(),
                None,
            )),
            (Some(a), Some(b)) if a != b => out.push(diff(
                PatternChanged,
                "/pattern",
                o.get("pattern").cloned(),
                u.get("pattern").cloned(),
            )),
            _ => {}
        }
        let of = o.get("format").and_then(Value::as_str);
        let uf = u.get("format").and_then(Value::as_str);
        match (of, uf) {
            (None, Some(_)) => {
                out.push(diff(FormatAdded, "/format", None, u.get("format").cloned()))
            }
            (Some(_), None) => out.push(diff(
                FormatRemoved,
                "/format",
                o.get("format").cloned(),
                None,
            )),
            (Some(a), Some(b)) if a != b => out.push(diff(
                FormatChanged,
                "/format",
                o.get("format").cloned(),
                u.get("format").cloned(),
            )),
            _ => {}
        }
    }

    pub(super) fn number(&mut self, o: S<'_>, u: S<'_>, out: &mut Vec<Diff>) {
        use D::*;
        // Draft-04 spells an exclusive bound as `exclusiveMaximum: true` next to `maximum`.
        let bounds = |s: &S<'_>, max: &str, ex: &str| -> (Option<Value>, Option<Value>) {
            let m = s.get(max).cloned();
            match s.get(ex) {
                Some(Value::Bool(true)) => (None, m),
                Some(Value::Bool(false)) | None => (m, None),
                Some(v) => (m, Some(v.clone())),
            }
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

    pub(super) fn enumeration(&mut self, o: S<'_>, u: S<'_>, out: &mut Vec<Diff>) {
        let ov: Vec<&Value> = o
            .get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let uv: Vec<&Value> = u
            .get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let contains = |set: &[&Value], x: &Value| set.iter().any(|y| same_value(y, x));
        let u_has_all = ov.iter().all(|x| contains(&uv, x));
        let o_has_all = uv.iter().all(|x| contains(&ov, x));
        let d = match (u_has_all, o_has_all) {
            (true, true) => return,
            (true, false) => D::EnumExtended,
            (false, true) => D::EnumNarrowed,
            (false, false) => D::EnumChanged,
        };
        out.push(diff(
            d,
            "/enum",
            o.get("enum").cloned(),
            u.get("enum").cloned(),
        ));
    }

    pub(super) fn constant(&mut self, o: S<'_>, u: S<'_>, out: &mut Vec<Diff>) {
        let (a, b) = (o.get("const"), u.get("const"));
        if !matches!((a, b), (Some(x), Some(y)) if same_value(x, y)) {
            out.push(diff(D::ConstChanged, "/const", a.cloned(), b.cloned()));
        }
    }

    pub(super) fn not(&mut self, o: S<'_>, u: S<'_>, out: &mut Vec<Diff>) {
        let (Some(on), Some(un)) = (o.get("not"), u.get("not")) else {
            return;
        };
        // `not A` accepts all `not B` accepts exactly when B accepts all A does.
        let sub = self.cmp(u.child(un), o.child(on));
        if sub.is_empty() {
            return;
        }
        let d = if self.compatible(&sub) {
            D::NotNarrowed
        } else {
            D::NotExtended
        };
        out.push(diff(d, "/not", Some(on.clone()), Some(un.clone())));
    }
}

fn is_multiple(big: f64, small: f64) -> bool {
    if small == 0.0 {
        return false;
    }
    let r = big / small;
    (r - r.round()).abs() < 1e-9 && r.round() >= 1.0
}

/// JSON equality where 1 and 1.0 are the same number.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_value(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}
