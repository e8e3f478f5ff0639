//! validity: can the file be read at all.

pub mod example_invalid;
pub mod forbidden_ref;
pub mod invalid_contract;
pub mod invalid_dictionary;
pub mod invalid_manifest;
pub mod invalid_schema;
pub mod invalid_yaml;
pub mod unresolved_ref;
pub mod unused_waiver;

use std::collections::HashMap;

use jsonschema::{Draft, Retrieve, Uri, Validator};
use serde_json::Value;

use crate::finding::Finding;
use crate::schema::resolve;
use crate::workspace::{ContractEntry, LoadProblem, LoadRule, Workspace};

/// The finding for a problem met while loading the workspace.
pub fn load_problem(p: &LoadProblem) -> Finding {
    let meta = match p.rule {
        LoadRule::InvalidYaml => &invalid_yaml::META,
        LoadRule::InvalidContract => &invalid_contract::META,
        LoadRule::InvalidManifest => &invalid_manifest::META,
        LoadRule::InvalidDictionary => &invalid_dictionary::META,
    };
    let f = crate::rules::finding_at_span(
        meta,
        &p.file,
        p.span,
        p.indexed,
        &p.pointer,
        p.event.as_deref(),
        p.message.clone(),
    );
    match p.rule {
        LoadRule::InvalidYaml => invalid_yaml::with_advice(f),
        _ => f,
    }
}

/// Serves `concept:NAME` from the dictionary and refuses everything else:
/// nothing is ever fetched.
struct ConceptRetriever {
    concepts: HashMap<String, Value>,
}

impl Retrieve for ConceptRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let s = uri.as_str();
        match resolve::concept_name(s).and_then(|n| self.concepts.get(n)) {
            Some(v) => Ok(v.clone()),
            None => Err(format!(
                "`{s}` is not fetched: only `concept:NAME` and `#...` references resolve"
            )
            .into()),
        }
    }
}

/// Is the schema valid JSON Schema 2020-12? Checked against the meta-schema
/// (the validator is built once), with every `pattern` compiled once per
/// distinct pattern: as thorough as compiling the whole schema, and far
/// cheaper across thousands of contracts sharing their patterns.
pub fn schema_problem(c: &ContractEntry, patterns: &PatternCache) -> Option<(String, String)> {
    let schema = &c.contract.schema;
    if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
        let at = e.instance_path().as_str().to_string();
        let msg = if at.is_empty() {
            format!("{}", e.masked())
        } else {
            format!("at `{at}`: {}", e.masked())
        };
        return Some((at, msg));
    }
    let mut bad = None;
    crate::rules::dictionary::for_each_pattern(schema, &mut |ptr, pattern| {
        if bad.is_none() && !patterns.valid(pattern) {
            bad = Some((
                ptr.to_string(),
                format!("at `{ptr}`: `{pattern}` is not a valid regular expression"),
            ));
        }
    });
    bad
}

/// Validity of regular expressions, each compiled once (by the same engine
/// the validator uses).
#[derive(Default)]
pub struct PatternCache {
    seen: std::sync::Mutex<HashMap<String, bool>>,
}

impl PatternCache {
    pub fn valid(&self, pattern: &str) -> bool {
        if let Some(v) = self.seen.lock().ok().and_then(|m| m.get(pattern).copied()) {
            return v;
        }
        let ok = pattern.len() <= crate::limits::MAX_PATTERN_BYTES
            && jsonschema::options()
                .build(&serde_json::json!({ "pattern": pattern }))
                .is_ok();
        if let Ok(mut m) = self.seen.lock() {
            m.insert(pattern.to_string(), ok);
        }
        ok
    }
}

/// Compile a contract's schema (draft 2020-12), `concept:` refs served from
/// the dictionary. `None` when the schema has reference problems (those are
/// reported by their own rules).
pub fn compile(ws: &Workspace, c: &ContractEntry) -> Option<Result<Validator, String>> {
    if !c.refs.problems.is_empty() {
        return None;
    }
    if ws.dictionary.is_none() && !c.refs.concepts.is_empty() {
        // Without a readable dictionary, `concept:` refs cannot be checked.
        return None;
    }
    let concepts = ws
        .dictionary
        .as_ref()
        .map(|d| {
            d.concepts
                .iter()
                .map(|(k, v)| (k.clone(), v.schema.clone()))
                .collect()
        })
        .unwrap_or_default();
    let result = std::panic::catch_unwind(|| {
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .with_retriever(ConceptRetriever { concepts })
            .should_validate_formats(true)
            .build(&c.contract.schema)
            .map_err(|e| {
                let at = e.instance_path().as_str().to_string();
                if at.is_empty() {
                    format!("{}", e.masked())
                } else {
                    format!("at `{at}`: {}", e.masked())
                }
            })
    });
    Some(result.unwrap_or_else(|_| Err("the schema could not be compiled (internal error)".into())))
}
