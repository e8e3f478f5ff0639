//! `contract graph`: domains, events and concepts, and who owns, consumes
//! and uses what (the fields each consumer uses label its edge), as Mermaid
//! (renders on GitHub), Graphviz dot, or JSON. With a base, changed events
//! are highlighted and the edges the change adds or removes are marked.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use crate::matrix::{self, Matrix};
use crate::workspace::Workspace;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Json,
}

/// A node id safe in Mermaid and dot: the name when it is ASCII letters,
/// digits and `_`, else those with `_` for the rest plus a hash of the name
/// (so `a-b` and `a_b` stay apart).
fn id(prefix: &str, name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return format!("{prefix}_{name}");
    }
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    // FNV-1a: stable across runs and platforms.
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    format!("{prefix}_{clean}_{h:08x}")
}

/// A label inside Mermaid's `"..."`.
fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;").replace(['\r', '\n'], " ")
}

/// A label inside dot's `"..."`.
fn dot_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Domain,
    Event,
    Concept,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Domain => "d",
            Kind::Event => "e",
            Kind::Concept => "c",
        }
    }
}

/// One edge of the graph, whatever the output format.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: (Kind, String),
    to: (Kind, String),
    /// `owns`, `co-owns`, `consumes`, `uses`.
    kind: &'static str,
    /// For `uses`: the fields (empty: every field).
    fields: Vec<String>,
}

impl Edge {
    fn label(&self) -> String {
        match self.kind {
            "consumes" if self.fields.is_empty() => "consumed by (all fields)".to_string(),
            "consumes" => format!("consumed by, uses {}", self.fields.join(", ")),
            "uses" => "used in".to_string(),
            k => k.to_string(),
        }
    }
    fn dashed(&self) -> bool {
        matches!(self.kind, "co-owns" | "uses")
    }
}

/// Owner → event, co-owner → event, event → consumer (with the fields it
/// uses), concept owner → concept, concept → each event using it.
fn edges(m: &Matrix) -> BTreeSet<Edge> {
    let mut out = BTreeSet::new();
    let e = |k, n: &str| (k, n.to_string());
    for ev in &m.events {
        if let Some(o) = &ev.owner {
            out.insert(Edge {
                from: e(Kind::Domain, o),
                to: e(Kind::Event, &ev.event),
                kind: "owns",
                fields: vec![],
            });
        }
        for o in &ev.co_owners {
            out.insert(Edge {
                from: e(Kind::Domain, o),
                to: e(Kind::Event, &ev.event),
                kind: "co-owns",
                fields: vec![],
            });
        }
        for (d, uses) in &ev.consumers {
            out.insert(Edge {
                from: e(Kind::Event, &ev.event),
                to: e(Kind::Domain, d),
                kind: "consumes",
                fields: uses.clone().unwrap_or_default(),
            });
        }
    }
    for c in &m.concepts {
        if let Some(o) = &c.owner {
            out.insert(Edge {
                from: e(Kind::Domain, o),
                to: e(Kind::Concept, &c.concept),
                kind: "owns",
                fields: vec![],
            });
        }
        for ev in &c.events {
            out.insert(Edge {
                from: e(Kind::Concept, &c.concept),
                to: e(Kind::Event, ev),
                kind: "uses",
                fields: vec![],
            });
        }
    }
    out
}

/// An edge's state against the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Same,
    Added,
    Removed,
}

impl State {
    fn name(self) -> Option<&'static str> {
        match self {
            State::Same => None,
            State::Added => Some("added"),
            State::Removed => Some("removed"),
        }
    }
}

/// Render the graph of `head`; with `base`, mark what changed (`changed`:
/// the events whose contracts changed).
pub fn render(
    head: &Workspace,
    base: Option<(&Workspace, &str)>,
    changed: &[String],
    format: GraphFormat,
) -> String {
    let hm = matrix::build(head);
    let bm = base.map(|(b, _)| matrix::build(b));
    let changed: BTreeSet<&str> = changed.iter().map(String::as_str).collect();
    let head_edges = edges(&hm);
    let mut all: Vec<(Edge, State)> = match &bm {
        Some(b) => {
            let base_edges = edges(b);
            let mut v: Vec<(Edge, State)> = head_edges
                .iter()
                .map(|e| {
                    let s = if base_edges.contains(e) {
                        State::Same
                    } else {
                        State::Added
                    };
                    (e.clone(), s)
                })
                .collect();
            v.extend(
                base_edges
                    .difference(&head_edges)
                    .map(|e| (e.clone(), State::Removed)),
            );
            v
        }
        None => head_edges
            .iter()
            .map(|e| (e.clone(), State::Same))
            .collect(),
    };
    all.sort_by(|a, b| a.0.cmp(&b.0));

    // Nodes: every domain, event and concept of the head, plus those only a
    // removed edge still names.
    let mut nodes: BTreeMap<(Kind, String), bool> = BTreeMap::new();
    for d in &hm.domains {
        nodes.insert((Kind::Domain, d.domain.clone()), false);
    }
    for e in &hm.events {
        nodes.insert((Kind::Event, e.event.clone()), false);
    }
    for c in &hm.concepts {
        nodes.insert((Kind::Concept, c.concept.clone()), false);
    }
    for (e, s) in &all {
        if *s == State::Removed {
            for n in [&e.from, &e.to] {
                nodes.entry(n.clone()).or_insert(true);
            }
        }
    }
    let node_id = |n: &(Kind, String)| id(n.0.prefix(), &n.1);

    match format {
        GraphFormat::Json => {
            let mut v = json!({
                "domains": hm.domains.iter().map(|d| {
                    let info = head.dictionary.as_ref().and_then(|x| x.domain(&d.domain)).unwrap_or_default();
                    json!({"name": d.domain, "team": info.team, "contact": info.contact, "github": info.github})
                }).collect::<Vec<_>>(),
                "events": hm.events.iter().map(|k| {
                    let contract = head.contracts.iter().find(|c| c.contract.event == k.event);
                    json!({
                        "name": k.event,
                        "owner": k.owner,
                        "co_owners": k.co_owners,
                        "consumers": k.consumers.keys().collect::<Vec<_>>(),
                        "uses": k.consumers,
                        "concepts": k.concepts,
                        "channel": contract.and_then(|c| c.contract.channel.clone()),
                        "changed": changed.contains(k.event.as_str()),
                    })
                }).collect::<Vec<_>>(),
                "concepts": hm.concepts.iter().map(|c| json!({
                    "name": c.concept, "owner": c.owner, "events": c.events,
                })).collect::<Vec<_>>(),
                "edges": all.iter().map(|(e, s)| {
                    let mut x = json!({
                        "from": {"kind": format!("{:?}", e.from.0).to_lowercase(), "name": e.from.1},
                        "to": {"kind": format!("{:?}", e.to.0).to_lowercase(), "name": e.to.1},
                        "kind": e.kind,
                    });
                    if e.kind == "consumes" {
                        x["fields"] = if e.fields.is_empty() { json!(null) } else { json!(e.fields) };
                    }
                    if let Some(c) = s.name() {
                        x["change"] = json!(c);
                    }
                    x
                }).collect::<Vec<_>>(),
            });
            if let Some((_, name)) = base {
                v["base"] = json!(name);
            }
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
        }
        GraphFormat::Mermaid => {
            let mut out = String::from("flowchart LR\n");
            for (n, removed) in &nodes {
                let text = mermaid_text(&n.1);
                let shape = match n.0 {
                    Kind::Domain => format!("[\"{text}\"]"),
                    Kind::Event => format!("([\"{text}\"])"),
                    Kind::Concept => format!("{{{{\"{text}\"}}}}"),
                };
                out.push_str(&format!("  {}{shape}\n", node_id(n)));
                if *removed {
                    out.push_str(&format!("  class {} removed\n", node_id(n)));
                }
            }
            let mut styles = String::new();
            for (i, (e, s)) in all.iter().enumerate() {
                let arrow = if e.dashed() || *s == State::Removed {
                    "-.->"
                } else {
                    "-->"
                };
                let mut label = e.label();
                if let Some(c) = s.name() {
                    label = format!("{c}: {label}");
                }
                out.push_str(&format!(
                    "  {} {arrow}|\"{}\"| {}\n",
                    node_id(&e.from),
                    mermaid_text(&label),
                    node_id(&e.to)
                ));
                match s {
                    State::Added => styles.push_str(&format!(
                        "  linkStyle {i} stroke:#15803d,stroke-width:2px\n"
                    )),
                    State::Removed => styles.push_str(&format!("  linkStyle {i} stroke:#b91c1c\n")),
                    State::Same => {}
                }
            }
            out.push_str(&styles);
            out.push_str("  classDef changed fill:#fde68a,stroke:#b45309,stroke-width:2px\n");
            out.push_str("  classDef removed stroke:#b91c1c,stroke-dasharray:4\n");
            for k in &hm.events {
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
            for (n, removed) in &nodes {
                let shape = match n.0 {
                    Kind::Domain => "box",
                    Kind::Event => "ellipse",
                    Kind::Concept => "hexagon",
                };
                let style = if *removed {
                    ", style=dashed, color=\"#b91c1c\""
                } else if n.0 == Kind::Event && changed.contains(n.1.as_str()) {
                    ", style=filled, fillcolor=\"#fde68a\""
                } else {
                    ""
                };
                out.push_str(&format!(
                    "  {} [label=\"{}\", shape={shape}{style}];\n",
                    node_id(n),
                    dot_text(&n.1)
                ));
            }
            for (e, s) in &all {
                let mut attrs = format!("label=\"{}\"", dot_text(&e.label()));
                if e.dashed() || *s == State::Removed {
                    attrs.push_str(", style=dashed");
                }
                match s {
                    State::Added => attrs.push_str(", color=\"#15803d\", penwidth=2"),
                    State::Removed => attrs.push_str(", color=\"#b91c1c\""),
                    State::Same => {}
                }
                out.push_str(&format!(
                    "  {} -> {} [{attrs}];\n",
                    node_id(&e.from),
                    node_id(&e.to)
                ));
            }
            out.push_str("}\n");
            out
        }
    }
}

/// `contract graph`: the workspace of `request`, with the change against the
/// same base as `check` marked. Without an explicit base and with none to be
/// found, the graph is still drawn (lint only) and the note says why no
/// change is shown. Returns the graph and the note.
pub fn run(
    request: crate::check::Request,
    format: GraphFormat,
) -> Result<(String, String), crate::error::Error> {
    use crate::check::{self, Request, Sides};
    let explicit = request.sides.base.is_some();
    let (checked, note) = match check::run(&request) {
        Err(e) if !explicit => {
            let lint_only = Request {
                sides: Sides {
                    no_diff: true,
                    ..Sides::default()
                },
                ..request
            };
            (
                check::run(&lint_only),
                format!("note: no change shown: {}\n", e.render().trim_end()),
            )
        }
        r => (r, String::new()),
    };
    let c = checked?;
    let base = c
        .base_side
        .as_ref()
        .zip(c.base.as_ref())
        .map(|(w, b)| (w, b.reference.as_str()));
    Ok((render(&c.head, base, &c.changed, format), note))
}
