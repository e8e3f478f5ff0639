//! `contract matrix`: the responsibility matrix. Per event: the owning
//! domain, the consumers and the fields each uses; per concept: its owner
//! and the events using it; per domain: what it owns, consumes and uses. As
//! a human table, markdown, CSV or JSON; with a base, what the change adds
//! and removes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::json;

use crate::workspace::Workspace;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Markdown,
    Csv,
    Json,
}

/// What a consumer reads of an event: `None` when it lists no `uses`
/// (every field).
pub type Uses = Option<Vec<String>>;

/// One event's row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EventRow {
    pub event: String,
    pub file: String,
    pub owner: Option<String>,
    pub co_owners: Vec<String>,
    /// Consumer domain → the fields it uses.
    pub consumers: BTreeMap<String, Uses>,
    pub concepts: Vec<String>,
}

/// One concept's row.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ConceptRow {
    pub concept: String,
    pub owner: Option<String>,
    pub events: Vec<String>,
}

/// One domain's row.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DomainRow {
    pub domain: String,
    /// Events it owns (or co-owns, marked `(co-owner)`).
    pub owns_events: Vec<String>,
    pub owns_concepts: Vec<String>,
    pub consumes: Vec<String>,
    /// `Event.field`, or `Event.*` for a consumer with no `uses`.
    pub uses: Vec<String>,
}

/// The whole matrix of one side.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Matrix {
    pub events: Vec<EventRow>,
    pub concepts: Vec<ConceptRow>,
    pub domains: Vec<DomainRow>,
}

/// One relation of the matrix: the unit the base comparison and CSV use.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Fact {
    /// `event` or `concept`.
    pub kind: &'static str,
    pub name: String,
    /// `owner`, `co-owner`, `consumer`, `uses` (events); `owner`, `used-by` (concepts).
    pub relation: &'static str,
    /// A domain, or for `used-by` an event.
    pub target: String,
    /// For `uses`: the field (`*`: every field).
    pub field: String,
}

impl Fact {
    fn sentence(&self) -> String {
        match (self.kind, self.relation) {
            ("event", "owner") => format!("{} owns event {}", self.target, self.name),
            ("event", "co-owner") => format!("{} co-owns event {}", self.target, self.name),
            ("event", "consumer") => format!("{} consumes {}", self.target, self.name),
            ("event", "uses") if self.field == "*" => {
                format!("{} uses every field of {}", self.target, self.name)
            }
            ("event", "uses") => format!("{} uses {}.{}", self.target, self.name, self.field),
            ("concept", "owner") => format!("{} owns concept {}", self.target, self.name),
            _ => format!("event {} uses concept {}", self.target, self.name),
        }
    }
}

/// The matrix of a workspace.
pub fn build(ws: &Workspace) -> Matrix {
    let mut events: Vec<EventRow> = ws
        .contracts
        .iter()
        .map(|e| {
            let k = &e.contract;
            let mut consumers: BTreeMap<String, Uses> = BTreeMap::new();
            for c in &k.consumers {
                let slot = consumers
                    .entry(c.domain.clone())
                    .or_insert(Some(Vec::new()));
                match (&c.uses, slot.as_mut()) {
                    (Some(u), Some(list)) => list.extend(u.iter().cloned()),
                    // No `uses` anywhere for this domain: every field.
                    (None, _) => *slot = None,
                    (Some(_), None) => {}
                }
            }
            for u in consumers.values_mut().flatten() {
                u.sort();
                u.dedup();
            }
            let mut concepts = e.refs.concepts.clone();
            concepts.sort();
            concepts.dedup();
            EventRow {
                event: k.event.clone(),
                file: ws.contract_file(e).source.path.clone(),
                owner: k.owner.clone(),
                co_owners: k.co_owners.clone(),
                consumers,
                concepts,
            }
        })
        .collect();
    events.sort_by(|a, b| (&a.event, &a.file).cmp(&(&b.event, &b.file)));

    let mut concepts: BTreeMap<String, ConceptRow> = BTreeMap::new();
    if let Some(d) = &ws.dictionary {
        for (name, c) in &d.concepts {
            concepts.insert(
                name.clone(),
                ConceptRow {
                    concept: name.clone(),
                    owner: c.owner.clone(),
                    events: Vec::new(),
                },
            );
        }
    }
    for e in &events {
        for c in &e.concepts {
            concepts
                .entry(c.clone())
                .or_insert_with(|| ConceptRow {
                    concept: c.clone(),
                    owner: None,
                    events: Vec::new(),
                })
                .events
                .push(e.event.clone());
        }
    }

    let mut domains: BTreeMap<String, DomainRow> = BTreeMap::new();
    fn row<'a>(domains: &'a mut BTreeMap<String, DomainRow>, d: &str) -> &'a mut DomainRow {
        domains.entry(d.to_string()).or_insert_with(|| DomainRow {
            domain: d.to_string(),
            ..Default::default()
        })
    }
    if let Some(d) = &ws.dictionary {
        for name in d.domains.keys() {
            row(&mut domains, name);
        }
    }
    for e in &events {
        if let Some(o) = &e.owner {
            row(&mut domains, o).owns_events.push(e.event.clone());
        }
        for o in &e.co_owners {
            row(&mut domains, o)
                .owns_events
                .push(format!("{} (co-owner)", e.event));
        }
        for (d, uses) in &e.consumers {
            let r = row(&mut domains, d);
            r.consumes.push(e.event.clone());
            match uses {
                Some(fields) => r
                    .uses
                    .extend(fields.iter().map(|f| format!("{}.{f}", e.event))),
                None => r.uses.push(format!("{}.*", e.event)),
            }
        }
    }
    for c in concepts.values() {
        if let Some(o) = &c.owner {
            row(&mut domains, o).owns_concepts.push(c.concept.clone());
        }
    }
    for d in domains.values_mut() {
        for v in [
            &mut d.owns_events,
            &mut d.owns_concepts,
            &mut d.consumes,
            &mut d.uses,
        ] {
            v.sort();
            v.dedup();
        }
    }
    Matrix {
        events,
        concepts: concepts.into_values().collect(),
        domains: domains.into_values().collect(),
    }
}

/// Every relation of a matrix, sorted.
pub fn facts(m: &Matrix) -> BTreeSet<Fact> {
    let mut out = BTreeSet::new();
    let fact = |kind, name: &str, relation, target: &str, field: &str| Fact {
        kind,
        name: name.to_string(),
        relation,
        target: target.to_string(),
        field: field.to_string(),
    };
    for e in &m.events {
        if let Some(o) = &e.owner {
            out.insert(fact("event", &e.event, "owner", o, ""));
        }
        for o in &e.co_owners {
            out.insert(fact("event", &e.event, "co-owner", o, ""));
        }
        for (d, uses) in &e.consumers {
            out.insert(fact("event", &e.event, "consumer", d, ""));
            match uses {
                Some(fields) => {
                    for f in fields {
                        out.insert(fact("event", &e.event, "uses", d, f));
                    }
                }
                None => {
                    out.insert(fact("event", &e.event, "uses", d, "*"));
                }
            }
        }
    }
    for c in &m.concepts {
        if let Some(o) = &c.owner {
            out.insert(fact("concept", &c.concept, "owner", o, ""));
        }
        for e in &c.events {
            out.insert(fact("concept", &c.concept, "used-by", e, ""));
        }
    }
    out
}

/// What the change adds and removes against the base.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Changes {
    pub base: String,
    pub added: Vec<Fact>,
    pub removed: Vec<Fact>,
}

pub fn changes(head: &Matrix, base: &Matrix, base_name: &str) -> Changes {
    let (h, b) = (facts(head), facts(base));
    Changes {
        base: base_name.to_string(),
        added: h.difference(&b).cloned().collect(),
        removed: b.difference(&h).cloned().collect(),
    }
}

fn uses_text(uses: &Uses) -> String {
    match uses {
        None => "all fields".to_string(),
        Some(f) if f.is_empty() => "no fields".to_string(),
        Some(f) => f.join(", "),
    }
}

fn consumers_text(e: &EventRow) -> String {
    e.consumers
        .iter()
        .map(|(d, u)| format!("{d} ({})", uses_text(u)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn or_dash(s: String) -> String {
    if s.is_empty() {
        "—".to_string()
    } else {
        s
    }
}

/// The three tables as rows of cells: (title, header, rows).
type Table = (&'static str, [&'static str; 5], Vec<[String; 5]>);

fn tables(m: &Matrix) -> Vec<Table> {
    let events = m
        .events
        .iter()
        .map(|e| {
            [
                e.event.clone(),
                or_dash(e.owner.clone().unwrap_or_default()),
                or_dash(e.co_owners.join(", ")),
                or_dash(consumers_text(e)),
                or_dash(e.concepts.join(", ")),
            ]
        })
        .collect();
    let concepts = m
        .concepts
        .iter()
        .map(|c| {
            [
                c.concept.clone(),
                or_dash(c.owner.clone().unwrap_or_default()),
                or_dash(c.events.join(", ")),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    let domains = m
        .domains
        .iter()
        .map(|d| {
            [
                d.domain.clone(),
                or_dash(d.owns_events.join(", ")),
                or_dash(d.owns_concepts.join(", ")),
                or_dash(d.consumes.join(", ")),
                or_dash(d.uses.join(", ")),
            ]
        })
        .collect();
    vec![
        (
            "Events",
            [
                "event",
                "owner",
                "co-owners",
                "consumers (fields used)",
                "concepts",
            ],
            events,
        ),
        (
            "Concepts",
            ["concept", "owner", "used by events", "", ""],
            concepts,
        ),
        (
            "Domains",
            ["domain", "owns events", "owns concepts", "consumes", "uses"],
            domains,
        ),
    ]
}

/// The number of columns a table really has (the concept table has three).
fn width(header: &[&str; 5]) -> usize {
    header.iter().take_while(|h| !h.is_empty()).count()
}

fn human(m: &Matrix, changes: Option<&Changes>) -> String {
    let mut out = String::new();
    for (title, header, rows) in tables(m) {
        let n = width(&header);
        out.push_str(&format!("{title} ({})\n", rows.len()));
        let mut widths: Vec<usize> = header[..n].iter().map(|h| h.chars().count()).collect();
        for r in &rows {
            for (i, c) in r[..n].iter().enumerate() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let line = |cells: Vec<&str>| {
            let mut s = String::from(" ");
            for (i, c) in cells.iter().enumerate() {
                let pad = if i + 1 == n {
                    0
                } else {
                    widths[i] - c.chars().count()
                };
                s.push_str(&format!(" {c}{}  ", " ".repeat(pad)));
            }
            s.trim_end().to_string() + "\n"
        };
        out.push_str(&line(header[..n].to_vec()));
        for r in &rows {
            out.push_str(&line(r[..n].iter().map(String::as_str).collect()));
        }
        out.push('\n');
    }
    if let Some(c) = changes {
        out.push_str(&format!(
            "Changes against {}: {} added, {} removed\n",
            c.base,
            c.added.len(),
            c.removed.len()
        ));
        for f in &c.added {
            out.push_str(&format!("  + {}\n", f.sentence()));
        }
        for f in &c.removed {
            out.push_str(&format!("  - {}\n", f.sentence()));
        }
    }
    out
}

/// A markdown table cell: `|` escaped, line breaks flattened, `<` as an entity.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .replace('<', "&lt;")
}

fn markdown(m: &Matrix, changes: Option<&Changes>) -> String {
    let mut out = String::from("## Responsibility matrix\n\n");
    for (title, header, rows) in tables(m) {
        let n = width(&header);
        out.push_str(&format!("### {title}\n\n"));
        out.push_str(&format!("| {} |\n", header[..n].join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(n)));
        for r in &rows {
            let cells: Vec<String> = r[..n].iter().map(|c| md_cell(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    if let Some(c) = changes {
        out.push_str(&format!("### Changes against {}\n\n", md_cell(&c.base)));
        if c.added.is_empty() && c.removed.is_empty() {
            out.push_str("No change to responsibilities.\n");
        }
        for f in &c.added {
            out.push_str(&format!("- ➕ {}\n", md_cell(&f.sentence())));
        }
        for f in &c.removed {
            out.push_str(&format!("- ➖ {}\n", md_cell(&f.sentence())));
        }
    }
    out
}

fn csv_out(m: &Matrix, changes: Option<&Changes>) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["kind", "name", "relation", "target", "field"];
    if changes.is_some() {
        header.push("change");
    }
    w.write_record(&header).map_err(|e| e.to_string())?;
    let mut rows: Vec<(Fact, &str)> = facts(m).into_iter().map(|f| (f, "")).collect();
    if let Some(c) = changes {
        let added: BTreeSet<&Fact> = c.added.iter().collect();
        for (f, ch) in rows.iter_mut() {
            *ch = if added.contains(f) {
                "added"
            } else {
                "unchanged"
            };
        }
        rows.extend(c.removed.iter().cloned().map(|f| (f, "removed")));
        rows.sort();
    }
    for (f, ch) in rows {
        let mut rec = vec![f.kind, &f.name, f.relation, &f.target, &f.field];
        if changes.is_some() {
            rec.push(ch);
        }
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Render the matrix (and, with a base, its changes).
pub fn render(m: &Matrix, changes: Option<&Changes>, format: Format) -> Result<String, String> {
    Ok(match format {
        Format::Human => human(m, changes),
        Format::Markdown => markdown(m, changes),
        Format::Csv => csv_out(m, changes)?,
        Format::Json => {
            let mut v = json!({
                "version": 1,
                "events": m.events,
                "concepts": m.concepts,
                "domains": m.domains,
            });
            if let Some(c) = changes {
                v["changes"] = json!(c);
            }
            format!(
                "{}\n",
                serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
            )
        }
    })
}

/// `contract matrix`: the matrix of the workspace of `request`, and what the
/// change adds and removes when the request compares with a base.
pub fn run(request: &crate::check::Request, format: Format) -> Result<String, crate::error::Error> {
    let c = crate::check::run(request)?;
    let head = build(&c.head);
    let changes = c
        .base_side
        .as_ref()
        .zip(c.base.as_ref())
        .map(|(w, b)| changes(&head, &build(w), &b.reference));
    render(&head, changes.as_ref(), format).map_err(|_| crate::error::Error::Internal)
}
