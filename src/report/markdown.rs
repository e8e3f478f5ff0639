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

/// Escape a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn code(s: &str) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("`{}`", s.replace('`', "'"))
    }
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
            "{} contract(s) checked, {} changed, against `{}` at `{}` (chosen by: {}).\n\n",
            s.contracts,
            s.changed,
            b.reference,
            &b.merge_base[..b.merge_base.len().min(12)],
            b.method
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
        out.push_str(&format!("#### `{event}` — `{file}`\n\n"));
        out.push_str(
            "| verdict | rule | change | field | old → new | breaks |\n|---|---|---|---|---|---|\n",
        );
        for f in fs {
            let (kind, field, delta, breaks) = match &f.change {
                Some(c) => (
                    c.kind.clone(),
                    code(&c.field),
                    format!(
                        "{} → {}",
                        c.old.as_deref().map(code).unwrap_or_else(|| "—".into()),
                        c.new.as_deref().map(code).unwrap_or_else(|| "—".into())
                    ),
                    c.breaks.join(", "),
                ),
                None => (
                    f.rule.clone(),
                    code(&f.pointer),
                    cell(&f.message),
                    String::new(),
                ),
            };
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} | {} |\n",
                icon(f.severity),
                f.rule,
                kind,
                field,
                cell(&delta),
                breaks
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
                    out.push_str(&format!(
                        "<details><summary>diff of <code>{file}</code></summary>\n\n```diff\n{diff}```\n\n</details>\n"
                    ));
                }
            }
        }
        out.push('\n');
    }

    // Who to tell.
    let mut notify: BTreeMap<String, (BTreeSet<String>, bool)> = BTreeMap::new();
    for f in &changes {
        for c in &f.consumers {
            let e = notify.entry(c.clone()).or_default();
            e.0.insert(f.event.clone().unwrap_or_default());
            e.1 |= f.severity == Severity::Error && f.category == Category::Breaking;
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
                "| {domain} | {} | {} | {} | {} |\n",
                d.github.as_deref().unwrap_or("—"),
                d.contact.as_deref().unwrap_or("—"),
                events
                    .iter()
                    .map(|e| code(e))
                    .collect::<Vec<_>>()
                    .join(", "),
                if *breaking { "**yes**" } else { "no" }
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
            out.push_str(&format!("\ncc {}\n", handles.join(" ")));
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
            "| {} | `{}` | `{}:{}` | {} |\n",
            icon(f.severity),
            f.rule,
            f.file,
            f.line,
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
        out.push_str("<details><summary>Waived findings</summary>\n\n| rule | where | message | reason |\n|---|---|---|---|\n");
        for f in waived {
            out.push_str(&format!(
                "| `{}` | `{}:{}` | {} | {} |\n",
                f.rule,
                f.file,
                f.line,
                cell(&f.message),
                cell(f.waived.as_deref().unwrap_or_default())
            ));
        }
        out.push_str("\n</details>\n");
    }
    if r.findings.is_empty() {
        out.push_str("No findings.\n");
    }
    out
}
