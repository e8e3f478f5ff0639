//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value};

use super::Report;
use crate::finding::Severity;
use crate::rules;

/// What stays literal in a relative URI path: RFC 3986 unreserved characters
/// and `/`; everything else (spaces, `%`, `#`, `?`, non-ASCII) is
/// percent-encoded.
const URI_PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A repository-relative path as a SARIF `artifactLocation.uri`.
pub fn uri(path: &str) -> String {
    utf8_percent_encode(path, URI_PATH).to_string()
}

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
                        "artifactLocation": { "uri": uri(&f.file) },
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
                        "artifactLocation": { "uri": uri(&b.file) },
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
    // SARIF requires `repositoryUri` in a provenance entry: without a
    // remote there is none (the commit is still in the properties).
    if let Some(p) = r.provenance {
        if let Some(repo) = &p.repository_uri {
            let mut vc = json!({ "repositoryUri": repo });
            if let Some(rev) = &p.revision_id {
                vc["revisionId"] = json!(rev);
            }
            if let Some(branch) = &p.branch {
                vc["branch"] = json!(branch);
            }
            // The base compared against, its merge-base commit and why.
            if let Some(b) = r.base {
                vc["properties"] = json!({ "base": b });
            }
            run["versionControlProvenance"] = json!([vc]);
        }
        if let Some(rev) = &p.revision_id {
            run["properties"]["revision"] = json!(rev);
        }
    }
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
        run["properties"]["base"] = json!(b);
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
