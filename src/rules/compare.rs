//! From typed changes to findings: which rule, which severity under the
//! contract's mode and the consumers' `uses`, which message, and where on
//! both sides.

use crate::finding::{ChangeDetail, Finding, Location, Severity};
use crate::limits::MAX_RELATED_SHOWN;
use crate::model::contract::Consumer;
use crate::model::{Mode, Policy};
use crate::rules::{Category, RuleMeta};
use crate::schema::diff::message::{consequence, describe, field_of};
use crate::schema::diff::{Change, ChangeKind};
use crate::workspace::LoadedFile;

/// One side of a comparison: the file and where the schema sits in it
/// (`/schema` in a contract, `` in a plain schema file).
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub file: &'a LoadedFile,
    pub prefix: &'a str,
}

/// `items[].quantity` → `items.quantity`: the form consumers write in `uses`.
pub fn plain_field(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' {
            for d in chars.by_ref() {
                if d == ']' {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out.replace("..", ".")
}

/// Does a consumer's `uses` entry cover this field (itself, a parent or a child)?
pub fn covers(uses: &str, field: &str) -> bool {
    let (u, f) = (uses.trim(), field);
    f == "(payload)" || u == f || f.starts_with(&format!("{u}.")) || u.starts_with(&format!("{f}."))
}

/// The consumers a change at `field` reaches: those whose `uses` cover it,
/// plus those that declare no `uses` (they may read anything).
pub fn affected(consumers: &[Consumer], field: &str) -> (Vec<String>, bool) {
    let declared = !consumers.is_empty() && consumers.iter().all(|c| c.uses.is_some());
    let mut out: Vec<String> = consumers
        .iter()
        .filter(|c| match &c.uses {
            Some(uses) => uses.iter().any(|u| covers(u, field)),
            None => true,
        })
        .map(|c| c.domain.clone())
        .collect();
    out.sort();
    out.dedup();
    (out, declared)
}

fn location(side: Side<'_>, pointer: &str) -> (u32, u32, Option<(u32, u32)>) {
    let (s, indexed) = side.file.locate(&format!("{}{pointer}", side.prefix));
    (
        s.start.line,
        s.start.col,
        indexed.then_some((s.end.line, s.end.col)),
    )
}

/// A value as a short string for tables: strings bare, the rest as JSON.
fn short(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::String(s) => s.clone(),
        // A schema: what it is, not its JSON.
        serde_json::Value::Object(_) => crate::schema::diff::describe_value(v),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

/// Findings for the changes of one schema comparison.
#[allow(clippy::too_many_arguments)]
pub fn change_findings(
    changes: &[Change],
    mode: Mode,
    policy: Policy,
    event: Option<&str>,
    new: Side<'_>,
    old: Side<'_>,
    consumers: &[Consumer],
    against: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for c in changes {
        let (field, _) = field_of(&c.pointer);
        // A change inside a shared definition reaches the consumers of
        // every place that uses it.
        let place_fields: Vec<String> = c.places.iter().map(|p| field_of(p).0).collect();
        let field_key = plain_field(&field);
        let keys: Vec<String> = if place_fields.is_empty() {
            vec![field_key.clone()]
        } else {
            place_fields.iter().map(|f| plain_field(f)).collect()
        };
        let (reached, declared) = {
            let mut all = Vec::new();
            let mut declared = false;
            for k in &keys {
                let (r, d) = affected(consumers, k);
                all.extend(r);
                declared = d;
            }
            all.sort();
            all.dedup();
            (all, declared)
        };
        let breaking = c.breaks.breaks_mode(mode);
        let broke_any = c.breaks.any();
        let mut message = describe(c);
        if !place_fields.is_empty() {
            let shown: Vec<String> = place_fields
                .iter()
                .take(MAX_RELATED_SHOWN)
                .map(|f| format!("`{f}`"))
                .collect();
            let more = place_fields.len().saturating_sub(MAX_RELATED_SHOWN);
            message.push_str(&format!(
                " (a shared definition, used in {} places: {}{})",
                place_fields.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        let mut help: Vec<String> = Vec::new();
        let (rule_id, category, mut severity) = if c.advisory && !breaking {
            message.push_str(&format!(
                " (the `{policy}` policy does not compare `format`, as the registry ignores it)"
            ));
            (c.kind.id(), Category::Breaking, Severity::Warning)
        } else if breaking {
            let dirs: Vec<&str> = c
                .breaks
                .names()
                .into_iter()
                .filter(|d| {
                    (*d == "backward" && mode.checks_backward())
                        || (*d == "forward" && mode.checks_forward())
                })
                .collect();
            let dirs = dirs.join(", ");
            let which = if dirs == mode.as_str() {
                String::new()
            } else {
                format!(" ({dirs})")
            };
            message.push_str(&format!(
                ": breaks `{mode}`{which}: {}",
                consequence(c, mode.checks_backward(), mode.checks_forward())
            ));
            if let Some(why) = c.content_model {
                message.push_str(&format!("; {why}"));
            }
            (c.kind.id(), Category::Breaking, c.kind.row().breaks_as)
        } else if mode == Mode::None && broke_any {
            message.push_str(&format!(
                " (would break {}; the mode is `none`)",
                c.breaks.names().join(" and ")
            ));
            (c.kind.id(), Category::Breaking, Severity::Info)
        } else if c.kind == ChangeKind::FieldAdded || c.kind == ChangeKind::SchemaReshaped {
            (c.kind.id(), Category::Change, Severity::Info)
        } else {
            message.push_str(&format!(" [{}]", c.kind.id()));
            (COMPATIBLE_META.id, Category::Change, Severity::Info)
        };
        if let Some(a) = against {
            message.push_str(&format!(" (against {a})"));
        }
        if breaking && declared && reached.is_empty() && c.kind.row().uses_lowers {
            severity = Severity::Warning;
            message.push_str(&format!("; no declared consumer reads `{field_key}`"));
        }
        let informational = matches!(
            c.kind,
            ChangeKind::FieldAdded | ChangeKind::AnnotationChanged | ChangeKind::SchemaReshaped
        );
        if !breaking && !informational {
            let readers: Vec<String> = consumers
                .iter()
                .filter(|x| {
                    x.uses
                        .as_ref()
                        .is_some_and(|u| u.iter().any(|u| keys.iter().any(|k| covers(u, k))))
                })
                .map(|x| x.domain.clone())
                .collect();
            if !readers.is_empty() && severity < Severity::Warning {
                severity = Severity::Warning;
                message.push_str(&format!("; read by {}", readers.join(", ")));
            }
        }
        if breaking {
            help.push(format!(
                "`contract explain {}` says how to make this change safely",
                c.kind.id()
            ));
        }
        // Who hears of it: for a break, the consumers it reaches; for the
        // rest (and a break nobody declared reading), every consumer.
        let notify = if breaking && !reached.is_empty() {
            reached
        } else {
            let mut all: Vec<String> = consumers.iter().map(|x| x.domain.clone()).collect();
            all.sort();
            all.dedup();
            all
        };
        let (line, column, end) = location(new, &c.pointer);
        // The base side is shown where the changed node existed there.
        let base_exact = old
            .file
            .index()
            .is_some_and(|i| i.get(&format!("{}{}", old.prefix, c.pointer)).is_some());
        let (bl, bc, _) = location(old, &c.pointer);
        let meta_sev = severity;
        let mut f = Finding {
            rule: rule_id.to_string(),
            category,
            severity: meta_sev,
            event: event.map(String::from),
            file: new.file.source.path.clone(),
            file_bytes: None,
            line,
            column,
            pointer: format!("{}{}", new.prefix, c.pointer),
            message,
            help: if help.is_empty() {
                None
            } else {
                Some(help.join("\n"))
            },
            base: base_exact.then(|| Location {
                file: old.file.source.path.clone(),
                line: bl,
                column: bc,
            }),
            consumers: notify,
            fingerprint: String::new(),
            end,
            waived: None,
            waived_until: None,
            change: Some(ChangeDetail {
                kind: c.kind.id().to_string(),
                field: field.clone(),
                old: c.old.as_ref().map(short),
                new: c.new.as_ref().map(short),
                breaks: c.breaks.names().into_iter().map(String::from).collect(),
            }),
            related: Vec::new(),
            related_total: None,
            baseline: None,
        };
        f.set_related(
            c.places
                .iter()
                .map(|p| {
                    let (line, column, _) = location(new, p);
                    Location {
                        file: new.file.source.path.clone(),
                        line,
                        column,
                    }
                })
                .collect(),
        );
        f.compute_fingerprint();
        out.push(f);
    }
    out
}

/// `change-compatible`: any other change the contract's mode allows,
/// reported by `change_findings` below.
pub static COMPATIBLE_META: RuleMeta = RuleMeta {
    id: "change-compatible",
    category: Category::Change,
    severity: Severity::Info,
    summary: "Any other change that the contract's mode allows",
    docs: r##"## What it does
Reports every other schema change that does not break the contract's mode: a constraint loosened under `backward`, an enum value added, a description changed. The message says which kind of change it is (the kind ids of `contract rules`).

## Why it matters
Compatible changes still change what consumers see. Listing them keeps the pull-request report complete and the consumers informed.

## Example
```yaml
quantity: { type: integer, maximum: 100 }   # was maximum: 10
```

## How to fix
Nothing to fix: it is information.
"##,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_cover_parents_and_children() {
        assert_eq!(plain_field("items[].quantity"), "items.quantity");
        assert!(covers("items", "items.quantity"));
        assert!(covers("items.quantity", "items"));
        assert!(!covers("order_id", "items.quantity"));
        assert!(!covers("item", "items"));
    }

    #[test]
    fn table_values_are_cut_past_sixty_characters() {
        use serde_json::json;
        let sixty = "é".repeat(60);
        assert_eq!(short(&json!(sixty)), sixty, "sixty characters stay whole");
        let long = short(&json!("x".repeat(61)));
        assert_eq!(long, format!("{}…", "x".repeat(57)));
        assert_eq!(short(&json!([1, "a"])), r#"[1,"a"]"#);
        assert_eq!(short(&json!("bare")), "bare");
    }
}
