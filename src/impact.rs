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
}

/// Every consumer reached by a change, breaking when an unwaived breaking
/// error reaches it.
pub fn affected(c: &Checked) -> Vec<Affected> {
    let mut by: BTreeMap<String, (BTreeSet<String>, bool)> = BTreeMap::new();
    for f in c.findings.iter().filter(|f| f.waived.is_none()) {
        if !matches!(
            f.category,
            Category::Breaking | Category::Change | Category::Version
        ) {
            continue;
        }
        for d in &f.consumers {
            let e = by.entry(d.clone()).or_default();
            e.0.extend(f.event.clone());
            e.1 |= f.category == Category::Breaking && f.severity == Severity::Error;
        }
    }
    by.into_iter()
        .map(|(domain, (events, breaking))| {
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
                events: events.into_iter().collect(),
                breaking,
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
    }
    out
}
