//! The report of `contract diff`: the verdict, the typed changes and the
//! findings, as JSON or for people.

use serde_json::{json, Value};

use super::{Report, Summary};
use crate::check::files::FileDiff;
use crate::finding;
use crate::schema::diff::{message, Change};

fn change_json(c: &Change) -> Value {
    let mut v = json!({
        "kind": c.kind.id(),
        "pointer": c.pointer,
        "breaks": c.breaks.names(),
        "message": message::describe(c),
        "detail": c.label,
    });
    if let Some(o) = &c.old {
        v["old"] = o.clone();
    }
    if let Some(n) = &c.new {
        v["new"] = n.clone();
    }
    if let Some(m) = c.content_model {
        v["content_model"] = Value::String(m.to_string());
    }
    if c.advisory {
        v["advisory"] = Value::Bool(true);
    }
    v
}

/// `contract diff --format json`.
pub fn json(d: &FileDiff) -> String {
    let mut v = json!({
        "version": 1,
        "mode": d.mode.as_str(),
        "policy": d.policy.as_str(),
        "compatible": d.compatible,
        "changes": d.changes.iter().map(change_json).collect::<Vec<_>>(),
        "findings": d.findings,
    });
    if d.mode.is_transitive() {
        v["history"] = d
            .history
            .iter()
            .map(|h| json!({"file": h.file, "compatible": h.compatible}))
            .collect();
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// `contract diff` for people: the verdict, the findings, the text diff.
pub fn human(d: &FileDiff, color: bool, quiet: bool) -> String {
    let n = d.files.len();
    let (old, new) = (&d.files[n - 2], &d.files[n - 1]);
    let lookup = super::source_lookup(&d.files);
    let r = Report {
        absent: &[],
        base: None,
        findings: &d.findings,
        summary: Summary::new(1, 1, finding::counts(&d.findings)),
        sources: &lookup,
        base_sources: &lookup,
        dictionary: None,
        coverage: None,
        fail_on: None,
        provenance: None,
    };
    let mut s = String::new();
    if !quiet {
        s.push_str(&format!(
            "{} → {} under `{}` ({} policy): {}\n\n",
            old.source.path,
            new.source.path,
            d.mode,
            d.policy,
            match (d.compatible, d.passes()) {
                (true, true) => "compatible",
                (true, false) => "compatible as far as compared, but not everything could be read (see the errors below)",
                _ => "INCOMPATIBLE",
            }
        ));
    }
    s.push_str(&super::human::render(&r, color, true));
    if !quiet {
        s.push_str(&super::markdown::unified(
            &old.source.text,
            &new.source.text,
            &old.source.path,
            &new.source.path,
        ));
    }
    s
}
