//! `--format markdown`: the pull-request comment. The base used; per event,
//! a table of its changes; the consumers to notify with their handles; the
//! other findings; the waived ones apart.

use std::collections::{BTreeMap, BTreeSet};

use super::Report;
use crate::finding::{Finding, Severity};
use crate::rules::Category;

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟠 warning",
        Severity::Info => "🔵 info",
    }
}

/// A unified diff of two texts (three lines of context).
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{old_name}"), &format!("b/{new_name}"))
        .to_string()
}

/// The message, with the related places (capped) after it.
fn with_related(f: &Finding) -> String {
    match crate::text::related_line(f) {
        Some(also) => format!("{} ({also})", f.message),
        None => f.message.clone(),
    }
}

/// The longest run of `c` in `s`.
fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for x in s.chars() {
        run = if x == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// A fence for a code block holding `s`: longer than any backtick run in it
/// (at least three), so no line of `s` can close the block.
pub fn fence(s: &str) -> String {
    "`".repeat((longest_run(s, '`') + 1).max(3))
}

/// Plain text in a table cell: `|` escaped, line breaks flattened, `<`
/// written as an entity so no text opens HTML.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace("\r\n", " ")
        .replace(['\r', '\n'], " ")
        .replace('<', "&lt;")
}

/// `s` as one inline code span (exactly its text once rendered): delimited
/// by one more backtick than its longest backtick run, padded with a space
/// when it starts or ends with a backtick, line breaks flattened. Table
/// rows still pass it through `|` escaping (GFM unescapes `\|` in code).
fn code(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let s = s.replace("\r\n", " ").replace(['\r', '\n'], " ");
    let ticks = "`".repeat(longest_run(&s, '`') + 1);
    let pad = s.starts_with('`')
        || s.ends_with('`')
        || (s.starts_with(' ') && s.ends_with(' ') && !s.trim().is_empty());
    let sp = if pad { " " } else { "" };
    format!("{ticks}{sp}{s}{sp}{ticks}")
}

/// Code spans in a table cell: only `|` needs escaping (an entity would
/// show literally inside code).
fn pipes(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Text inside HTML (`<summary>`): the HTML entities.
fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn render(r: &Report<'_>) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let headline = if s.error > 0 {
        "❌"
    } else if s.warning > 0 {
        "⚠️"
    } else {
        "✅"
    };
    out.push_str(&format!(
        "## {headline} contract: {} error(s), {} warning(s), {} info{}\n\n",
        s.error,
        s.warning,
        s.info,
        s.baseline.map_or(String::new(), |b| format!(
            " ({} new, {} updated, {} unchanged, {} fixed)",
            b.new, b.updated, b.unchanged, b.absent
        ))
    ));
    match r.base {
        Some(b) => out.push_str(&format!(
            "{} contract(s) checked, {} changed. {}\n\n",
            s.contracts,
            s.changed,
            super::base_line(b)
        )),
        None => out.push_str(&format!(
            "{} contract(s) checked (no base: lint only).\n\n",
            s.contracts
        )),
    }

    // Changes per event.
    let changes: Vec<&Finding> = super::active(r)
        .filter(|f| {
            matches!(
                f.category,
                Category::Breaking | Category::Change | Category::Version
            )
        })
        .collect();
    let mut by_event: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &changes {
        by_event
            .entry(f.event.as_deref().unwrap_or("(workspace)"))
            .or_default()
            .push(f);
    }
    if !by_event.is_empty() {
        out.push_str("### Changes\n\n");
    }
    for (event, fs) in &by_event {
        let file = fs[0].file.as_str();
        out.push_str(&format!("#### {} — {}\n\n", code(event), code(file)));
        out.push_str(
            "| verdict | rule | change | field | old → new | breaks |\n|---|---|---|---|---|---|\n",
        );
        for f in fs {
            // Each column escaped for a table cell already.
            let (kind, field, delta, breaks) = match &f.change {
                Some(c) => (
                    cell(&c.kind),
                    pipes(&code(&c.field)),
                    pipes(&format!(
                        "{} → {}",
                        c.old.as_deref().map(code).unwrap_or_else(|| "—".into()),
                        c.new.as_deref().map(code).unwrap_or_else(|| "—".into())
                    )),
                    cell(&c.breaks.join(", ")),
                ),
                None => (
                    cell(&f.rule),
                    pipes(&code(&f.pointer)),
                    cell(&f.message),
                    String::new(),
                ),
            };
            out.push_str(&format!(
                "| {} | {} | {kind} | {field} | {delta} | {breaks} |\n",
                icon(f.severity),
                pipes(&code(&f.rule)),
            ));
        }
        // The text diff of the contract, for reviewers.
        let base_file = fs
            .iter()
            .find_map(|f| f.base.as_ref())
            .map_or(file, |b| b.file.as_str());
        if r.base.is_some() {
            if let (Some(old), Some(new)) = ((r.base_sources)(base_file), (r.sources)(file)) {
                let diff = unified(&old, &new, base_file, file);
                if !diff.is_empty() {
                    let fence = fence(&diff);
                    let nl = if diff.ends_with('\n') { "" } else { "\n" };
                    out.push_str(&format!(
                        "<details><summary>diff of <code>{}</code></summary>\n\n{fence}diff\n{diff}{nl}{fence}\n\n</details>\n",
                        html(file)
                    ));
                }
            }
        }
        out.push('\n');
    }

    // Who to tell: waived changes too (a waiver changes the verdict, never
    // who is told).
    let mut notify: BTreeMap<String, (BTreeSet<String>, bool)> = BTreeMap::new();
    let mut waived_breaks: BTreeSet<String> = BTreeSet::new();
    for f in r.findings.iter().filter(|f| {
        matches!(
            f.category,
            Category::Breaking | Category::Change | Category::Version
        )
    }) {
        let breaking = f.severity == Severity::Error && f.category == Category::Breaking;
        for c in &f.consumers {
            let e = notify.entry(c.clone()).or_default();
            e.0.insert(f.event.clone().unwrap_or_default());
            e.1 |= breaking;
            if breaking && f.waived.is_some() {
                waived_breaks.insert(c.clone());
            }
        }
    }
    if !notify.is_empty() {
        out.push_str("### Consumers to notify\n\n| consumer | handle | contact | events | breaking |\n|---|---|---|---|---|\n");
        for (domain, (events, breaking)) in &notify {
            let d = r
                .dictionary
                .and_then(|d| d.domain(domain))
                .unwrap_or_default();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(domain),
                cell(d.github.as_deref().unwrap_or("—")),
                cell(d.contact.as_deref().unwrap_or("—")),
                pipes(
                    &events
                        .iter()
                        .map(|e| code(e))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                match (*breaking, waived_breaks.contains(domain)) {
                    (true, true) => "**yes** (waived, see below)",
                    (true, false) => "**yes**",
                    _ => "no",
                }
            ));
        }
        let handles: Vec<String> = notify
            .keys()
            .filter_map(|d| {
                r.dictionary
                    .and_then(|x| x.domain(d))
                    .and_then(|x| x.github)
            })
            .collect();
        if !handles.is_empty() {
            out.push_str(&format!("\ncc {}\n", cell(&handles.join(" "))));
        }
        out.push('\n');
    }

    // Everything else.
    let others: Vec<&Finding> = super::active(r)
        .filter(|f| {
            !matches!(
                f.category,
                Category::Breaking | Category::Change | Category::Version
            )
        })
        .collect();
    let row = |f: &Finding| {
        format!(
            "| {} | {} | {} | {} |\n",
            icon(f.severity),
            pipes(&code(&f.rule)),
            pipes(&code(&format!("{}:{}", f.file, f.line))),
            cell(&with_related(f))
        )
    };
    const HEAD: &str = "| severity | rule | where | message |\n|---|---|---|---|\n";
    let (fresh, existing): (Vec<&Finding>, Vec<&Finding>) = others
        .into_iter()
        .partition(|f| f.baseline.is_none_or(crate::baseline::State::gates));
    if !fresh.is_empty() {
        let title = if r.base.is_some() {
            "New or updated workspace findings"
        } else {
            "Workspace findings"
        };
        out.push_str(&format!("### {title}\n\n{HEAD}"));
        for f in fresh {
            out.push_str(&row(f));
        }
        out.push('\n');
    }
    if !existing.is_empty() {
        out.push_str(&format!(
            "<details><summary>{} finding(s) already at the base (not gating)</summary>\n\n{HEAD}",
            existing.len()
        ));
        for f in existing {
            out.push_str(&row(f));
        }
        out.push_str("\n</details>\n\n");
    }
    if !r.absent.is_empty() {
        out.push_str(&format!(
            "<details><summary>{} finding(s) fixed since the base</summary>\n\n{HEAD}",
            r.absent.len()
        ));
        for f in r.absent {
            out.push_str(&row(f));
        }
        out.push_str("\n</details>\n\n");
    }
    let waived: Vec<&Finding> = r.findings.iter().filter(|f| f.waived.is_some()).collect();
    if !waived.is_empty() {
        out.push_str("<details><summary>Waived findings</summary>\n\n| rule | where | message | reason | until | consumers |\n|---|---|---|---|---|---|\n");
        for f in waived {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                pipes(&code(&f.rule)),
                pipes(&code(&format!("{}:{}", f.file, f.line))),
                cell(&f.message),
                cell(f.waived.as_deref().unwrap_or_default()),
                cell(f.waived_until.as_deref().unwrap_or("—")),
                if f.consumers.is_empty() {
                    "—".to_string()
                } else {
                    cell(&f.consumers.join(", "))
                }
            ));
        }
        out.push_str("\n</details>\n");
    }
    if r.findings.is_empty() {
        out.push_str("No findings.\n");
    }
    out
}
