//! `--format json`: the stable shape of CLI.md.

use serde_json::{json, Value};

use super::Report;

pub fn render(r: &Report<'_>) -> String {
    let mut v: Value = json!({
        "version": 1,
        "base": r.base,
        "findings": r.findings,
        "summary": r.summary,
    });
    if r.base.is_some() {
        // The base's findings the change fixed (`"baseline": "absent"`).
        v["absent"] = json!(r.absent);
    }
    if let Some(c) = r.coverage {
        v["coverage"] = json!(c);
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
