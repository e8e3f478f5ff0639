//! `contract graph`: domains → events → consumers, as Mermaid (renders on
//! GitHub), Graphviz dot, or JSON; changed events highlighted with `--base`.

use std::collections::BTreeSet;

use serde_json::json;

use crate::check::Checked;

/// The formats of `contract graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Json,
}

fn id(prefix: &str, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{prefix}_{clean}")
}

fn label(s: &str) -> String {
    s.replace('"', "'")
}

/// One edge of the graph, whatever the output format.
struct Edge {
    from: String,
    to: String,
    label: &'static str,
    dashed: bool,
}

/// Owner → event, co-owner → event (dashed), event → consumer, per event.
fn edges(events: &[&crate::model::contract::Contract]) -> Vec<Edge> {
    let mut out = Vec::new();
    for k in events {
        let e = id("e", &k.event);
        if let Some(o) = &k.owner {
            out.push(Edge {
                from: id("d", o),
                to: e.clone(),
                label: "owns",
                dashed: false,
            });
        }
        for o in &k.co_owners {
            out.push(Edge {
                from: id("d", o),
                to: e.clone(),
                label: "co-owns",
                dashed: true,
            });
        }
        for x in k.consumer_domains() {
            out.push(Edge {
                from: e.clone(),
                to: id("d", &x),
                label: "consumed by",
                dashed: false,
            });
        }
    }
    out
}

pub fn render(c: &Checked, format: GraphFormat) -> String {
    let changed: BTreeSet<&str> = c.changed.iter().map(String::as_str).collect();
    let mut domains: BTreeSet<String> = c
        .head
        .dictionary
        .as_ref()
        .map(|d| d.domains.keys().cloned().collect())
        .unwrap_or_default();
    let mut events = Vec::new();
    for e in &c.head.contracts {
        let k = &e.contract;
        domains.extend(k.owner.clone());
        domains.extend(k.co_owners.iter().cloned());
        domains.extend(k.consumers.iter().map(|x| x.domain.clone()));
        events.push(k.as_ref());
    }
    events.sort_by(|a, b| a.event.cmp(&b.event));
    match format {
        GraphFormat::Json => {
            let v = json!({
                "domains": domains.iter().map(|d| {
                    let info = c.head.dictionary.as_ref().and_then(|x| x.domain(d)).unwrap_or_default();
                    json!({"name": d, "team": info.team, "contact": info.contact, "github": info.github})
                }).collect::<Vec<_>>(),
                "events": events.iter().map(|k| json!({
                    "name": k.event,
                    "owner": k.owner,
                    "co_owners": k.co_owners,
                    "consumers": k.consumer_domains(),
                    "channel": k.channel,
                    "changed": changed.contains(k.event.as_str()),
                })).collect::<Vec<_>>(),
            });
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
        }
        GraphFormat::Mermaid => {
            let mut out = String::from("flowchart LR\n");
            for d in &domains {
                out.push_str(&format!("  {}[\"{}\"]\n", id("d", d), label(d)));
            }
            for k in &events {
                out.push_str(&format!(
                    "  {}([\"{}\"])\n",
                    id("e", &k.event),
                    label(&k.event)
                ));
            }
            for e in edges(&events) {
                let arrow = if e.dashed { "-.->" } else { "-->" };
                out.push_str(&format!("  {} {arrow}|{}| {}\n", e.from, e.label, e.to));
            }
            out.push_str("  classDef changed fill:#fde68a,stroke:#b45309,stroke-width:2px\n");
            for k in &events {
                if changed.contains(k.event.as_str()) {
                    out.push_str(&format!("  class {} changed\n", id("e", &k.event)));
                }
            }
            out
        }
        GraphFormat::Dot => {
            let mut out = String::from(
                "digraph contracts {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n",
            );
            for d in &domains {
                out.push_str(&format!(
                    "  {} [label=\"{}\", shape=box];\n",
                    id("d", d),
                    label(d)
                ));
            }
            for k in &events {
                let style = if changed.contains(k.event.as_str()) {
                    ", style=filled, fillcolor=\"#fde68a\""
                } else {
                    ""
                };
                out.push_str(&format!(
                    "  {} [label=\"{}\", shape=ellipse{style}];\n",
                    id("e", &k.event),
                    label(&k.event)
                ));
            }
            for e in edges(&events) {
                let style = if e.dashed { ", style=dashed" } else { "" };
                out.push_str(&format!(
                    "  {} -> {} [label=\"{}\"{style}];\n",
                    e.from, e.to, e.label
                ));
            }
            out.push_str("}\n");
            out
        }
    }
}
