//! The rule catalog for people and tools: `contract rules` and
//! `contract explain`.

use serde_json::{json, Value};

use crate::rules::{self, RuleMeta};
use crate::schema::diff::kinds::{Effect, KindRow, KINDS};

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

/// `contract explain ID`: a rule's or a change kind's whole text.
pub fn explain_id(id: &str) -> Option<String> {
    let kind = KINDS.iter().find(|k| k.meta.id == id);
    let meta = rules::find(id).or(kind.map(|k| &k.meta))?;
    let mut s = explain(meta);
    if let Some(k) = kind {
        s.push_str(&compatibility(k));
    }
    Some(s)
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

/// A change kind's row, in words.
fn compatibility(k: &KindRow) -> String {
    let mirror = k.mirror.row();
    let never = k.backward == Effect::Safe && k.forward == Effect::Safe;
    let mut s = format!(
        "\n## Compatibility\n- `backward` (consumers on the new schema, events written with the previous one): {}\n- `forward` (consumers on the previous schema, new events): {}\n",
        k.backward.describe(),
        k.forward.describe(),
    );
    if never {
        s.push_str(&format!(
            "- It never breaks: reported as {}\n",
            k.meta.severity.as_str()
        ));
    } else {
        s.push_str(&format!(
            "- When it breaks the contract's mode: {}; lowered to a warning when consumers declare `uses` and none reads the field: {}\n",
            k.breaks_as.as_str(),
            if k.uses_lowers {
                "yes"
            } else {
                "no (what it touches is not known)"
            }
        ));
    }
    s.push_str(&format!(
        "- Words: \"`field` {}\"; read new → old, the same change is `{}`: \"`field` {}\"\n",
        k.says, mirror.meta.id, mirror.says
    ));
    s
}
