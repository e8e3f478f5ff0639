//! The rule catalog for people and tools: `contract rules` and
//! `contract explain`.

use serde_json::{json, Value};

use crate::rules::{self, RuleMeta};

/// `contract rules`: every rule, grouped by category (or as JSON).
pub fn list(as_json: bool) -> String {
    if as_json {
        let v: Vec<Value> = rules::ALL
            .iter()
            .map(|r| json!({"id": r.id, "category": r.category.as_str(), "severity": r.severity.as_str(), "summary": r.summary}))
            .collect();
        return format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    let mut s = String::new();
    let mut last = None;
    for r in rules::ALL {
        if last != Some(r.category) {
            s.push_str(&format!("\n{}\n", r.category.as_str()));
            last = Some(r.category);
        }
        s.push_str(&format!(
            "  {:<32} {:<8} {}\n",
            r.id,
            r.severity.as_str(),
            r.summary
        ));
    }
    s.push_str("\n`contract explain RULE` explains one rule.\n");
    s.trim_start().to_string()
}

/// `contract explain RULE`: the rule's whole text.
pub fn explain(m: &RuleMeta) -> String {
    format!(
        "# {}\n\ncategory: {} · default severity: {}\n\n{}\n\n{}",
        m.id,
        m.category.as_str(),
        m.severity.as_str(),
        m.summary,
        m.docs
    )
}
