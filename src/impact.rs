//! `contract impact`: the consumers affected by the changes against the
//! base, as JSON a CI matrix can read, or a table.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::check::Checked;
use crate::finding::Severity;
use crate::rules::Category;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Affected {
    pub domain: String,
    pub github: Option<String>,
    pub contact: Option<String>,
    pub events: Vec<String>,
    pub breaking: bool,
    /// The waived findings that reach this consumer: waivers change the
    /// gate's verdict, never who is told.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub waived: Vec<WaivedChange>,
}

/// A waived finding that still reaches a consumer.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct WaivedChange {
    pub event: Option<String>,
    pub rule: String,
    pub reason: String,
    pub until: Option<String>,
}

#[derive(Default)]
struct Reach {
    events: BTreeSet<String>,
    breaking: bool,
    waived: BTreeSet<WaivedChange>,
}

/// Every consumer reached by a change, waived or not; breaking when a
/// breaking error reaches it (an agreed, waived break is still a break for
/// the consumer, listed under `waived` with the waiver's reason and expiry).
pub fn affected(c: &Checked) -> Vec<Affected> {
    let mut by: BTreeMap<String, Reach> = BTreeMap::new();
    for f in &c.findings {
        if !matches!(
            f.category,
            Category::Breaking | Category::Change | Category::Version
        ) {
            continue;
        }
        for d in &f.consumers {
            let e = by.entry(d.clone()).or_default();
            e.events.extend(f.event.clone());
            e.breaking |= f.category == Category::Breaking && f.severity == Severity::Error;
            if let Some(reason) = &f.waived {
                e.waived.insert(WaivedChange {
                    event: f.event.clone(),
                    rule: f.rule.clone(),
                    reason: reason.clone(),
                    until: f.waived_until.clone(),
                });
            }
        }
    }
    by.into_iter()
        .map(|(domain, reach)| {
            let d = c
                .head
                .dictionary
                .as_ref()
                .and_then(|x| x.domain(&domain))
                .unwrap_or_default();
            Affected {
                domain,
                github: d.github,
                contact: d.contact,
                events: reach.events.into_iter().collect(),
                breaking: reach.breaking,
                waived: reach.waived.into_iter().collect(),
            }
        })
        .collect()
}

pub fn render(c: &Checked, json: bool) -> String {
    let a = affected(c);
    if json {
        return format!("{}\n", serde_json::to_string_pretty(&a).unwrap_or_default());
    }
    if a.is_empty() {
        return "No consumer is affected by the changes.\n".into();
    }
    let mut out = format!(
        "{:<16} {:<8} {:<24} {:<28} events\n",
        "consumer", "breaking", "github", "contact"
    );
    for x in &a {
        out.push_str(&format!(
            "{:<16} {:<8} {:<24} {:<28} {}\n",
            x.domain,
            if x.breaking { "yes" } else { "no" },
            x.github.as_deref().unwrap_or("-"),
            x.contact.as_deref().unwrap_or("-"),
            x.events.join(", ")
        ));
        for w in &x.waived {
            out.push_str(&format!(
                "{:<16} waived: `{}`{} ({}{})\n",
                "",
                w.rule,
                w.event
                    .as_deref()
                    .map(|e| format!(" on {e}"))
                    .unwrap_or_default(),
                w.reason,
                w.until
                    .as_deref()
                    .map(|u| format!(", until {u}"))
                    .unwrap_or_default()
            ));
        }
    }
    out
}
