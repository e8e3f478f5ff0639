//! `invalid-manifest`: `contracts.yaml` has an unknown key, an unknown rule
//! id, a waiver without a real reason, or a bad value.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;
use crate::yaml::escape_token;

pub static META: RuleMeta = RuleMeta {
    id: "invalid-manifest",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "`contracts.yaml` has an unknown key, an unknown rule id, a waiver without a reason, or a bad value",
    docs: r##"## What it does
Checks the manifest against `contract schema manifest` (known keys, valid
modes, policies and severities, valid globs) and then its meaning: every id
under `rules:` names a rule of `contract rules` or a change kind (to raise
or lower one kind of schema change, e.g. `annotation-changed: warning`),
every id in `ignore:` names a rule (an unknown id is reported with the
nearest known one), every
waiver has a real `reason` (`TODO`, as written by `--write-waivers`, is
refused), and `until` is a real date. A manifest that cannot be parsed at
all stops the tool with exit 2.

## Why it matters
A misspelt rule id silently configures nothing; a waiver without a reason
is a finding nobody can later judge.

## Example
```yaml
rules:
  feild-removed: warning        # no such rule
ignore:
  - rule: field-removed
    event: LegacyPing
    reason: TODO
```

## How to fix
Use the ids listed by `contract rules`, and write down why each waiver is
acceptable (and until when).
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let Some(file) = ws.manifest_file() else {
        return;
    };
    let rule_ids = || crate::rules::ALL.iter().map(|r| r.id);
    let kind_ids = || crate::schema::diff::ChangeKind::ALL.iter().map(|k| k.id());
    for (id, sev) in &ws.manifest.rules {
        if crate::rules::find(id).is_none() && !kind_ids().any(|k| k == id) {
            out.push(with_help(
                finding_at(
                    &META,
                    file,
                    &format!("/rules/{}", escape_token(id)),
                    None,
                    format!(
                        "`{id}` is not a rule id nor a change kind{}",
                        crate::suggest::hint(id, rule_ids().chain(kind_ids()))
                    ),
                ),
                "`contract rules` lists every id",
            ));
        }
        if !matches!(sev.as_str(), "error" | "warning" | "info" | "off") {
            out.push(finding_at(
                &META,
                file,
                &format!("/rules/{}", escape_token(id)),
                None,
                format!("`{sev}` is not a severity (error, warning, info, off)"),
            ));
        }
    }
    for (i, w) in ws.manifest.ignore.iter().enumerate() {
        if crate::rules::find(&w.rule).is_none() {
            out.push(finding_at(
                &META,
                file,
                &format!("/ignore/{i}/rule"),
                w.event.as_deref(),
                format!(
                    "waiver {i}: `{}` is not a rule id{}",
                    w.rule,
                    crate::suggest::hint(&w.rule, rule_ids())
                ),
            ));
        }
        let reason = w.reason.trim();
        if reason.is_empty() || reason.eq_ignore_ascii_case("todo") {
            out.push(with_help(
                finding_at(
                    &META,
                    file,
                    &format!("/ignore/{i}/reason"),
                    w.event.as_deref(),
                    format!("waiver {i} for `{}` has no reason (`{}`)", w.rule, w.reason),
                ),
                "write down why this finding is acceptable, e.g. \"retired 2026-10, all consumers migrated\"",
            ));
        }
        if let Some(until) = &w.until {
            if super::unused_waiver::parse_date(until).is_none() {
                out.push(finding_at(
                    &META,
                    file,
                    &format!("/ignore/{i}/until"),
                    w.event.as_deref(),
                    format!("waiver {i}: `{until}` is not a date (YYYY-MM-DD)"),
                ));
            }
        }
    }
}

/// The finding for a problem loading found in the file.
pub fn finding(p: &crate::workspace::LoadProblem) -> crate::finding::Finding {
    crate::rules::load_finding(&META, p)
}
