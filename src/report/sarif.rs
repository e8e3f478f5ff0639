//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.

use serde_json::{json, Value};

use super::Report;
use crate::finding::Severity;
use crate::rules;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(r: &Report<'_>) -> String {
    let rules_json: Vec<Value> = rules::ALL
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.id.split('-').map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": rules::doc_section(m, "What it does").unwrap_or(m.summary) },
                "help": {
                    "text": rules::doc_section(m, "How to fix").unwrap_or_default(),
                    "markdown": m.docs,
                },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": { "category": m.category.as_str() },
            })
        })
        .collect();
    let results: Vec<Value> = r
        .findings
        .iter()
        .chain(r.absent)
        .map(|f| {
            let index = rules::ALL.iter().position(|m| m.id == f.rule);
            let mut res = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.file },
                        "region": { "startLine": f.line.max(1), "startColumn": f.column.max(1) },
                    },
                    "logicalLocations": [{ "fullyQualifiedName": format!("{}{}", f.event.as_deref().unwrap_or(""), f.pointer), "kind": "member" }],
                }],
                "partialFingerprints": { "contractFingerprint/v1": f.fingerprint },
            });
            if let Some(i) = index {
                res["ruleIndex"] = json!(i);
            }
            if let Some(state) = f.baseline {
                res["baselineState"] = json!(state.as_str());
            }
            let mut related = Vec::new();
            if let Some(b) = &f.base {
                related.push(json!({
                    "id": 1,
                    "message": { "text": "the previous version, at the base" },
                    "physicalLocation": {
                        "artifactLocation": { "uri": b.file },
                        "region": { "startLine": b.line.max(1), "startColumn": b.column.max(1) },
                    },
                }));
            }
            for (i, l) in f.related.iter().enumerate() {
                related.push(json!({
                    "id": i + 2,
                    "physicalLocation": {
                        "artifactLocation": { "uri": l.file },
                        "region": { "startLine": l.line.max(1), "startColumn": l.column.max(1) },
                    },
                }));
            }
            if !related.is_empty() {
                res["relatedLocations"] = Value::Array(related);
            }
            if let Some(reason) = &f.waived {
                res["suppressions"] = json!([{ "kind": "external", "justification": reason }]);
            }
            if !f.consumers.is_empty() {
                res["properties"] = json!({ "consumers": f.consumers });
            }
            res
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "contract",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://github.com/contract-dev/contract",
            "rules": rules_json,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(c) = r.coverage {
        // What was not checked, as notifications of the one invocation
        // (a run that skipped something must say so in every format).
        let notes: Vec<Value> = c
            .not_checked
            .iter()
            .map(|n| {
                json!({
                    "level": if n.reported_by.is_some() { "error" } else { "note" },
                    "message": { "text": format!("not checked: {} ({})", n.what, n.reason) },
                    "descriptor": { "id": n.reported_by.as_deref().unwrap_or("not-asked") },
                })
            })
            .collect();
        run["invocations"] = json!([{
            "executionSuccessful": true,
            "toolExecutionNotifications": notes,
            "properties": { "coverage": c },
        }]);
    }
    if let Some(b) = r.base {
        run["versionControlProvenance"] = json!([{ "repositoryUri": "https://github.com/", "revisionId": b.merge_base, "branch": b.reference }]);
        run["properties"] = json!({ "base": b });
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
