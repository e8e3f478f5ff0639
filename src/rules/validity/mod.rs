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

use crate::schema::resolve::{self, RefProblem};
use crate::workspace::{ContractEntry, Workspace};

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

fn uses_concepts(schema: &Value) -> bool {
    let mut found = false;
    resolve::for_each_ref(schema, &mut |_, r| {
        found |= resolve::concept_name(r).is_some()
    });
    found
}

/// The `$ref` problems of a contract's schema.
pub fn ref_problems(ws: &Workspace, c: &ContractEntry) -> Vec<RefProblem> {
    resolve::check_refs(
        &c.contract.schema,
        ws.dictionary.as_ref().map(|d| &d.concepts),
    )
}

/// Compile a contract's schema (draft 2020-12), `concept:` refs served from
/// the dictionary. `None` when the schema has reference problems (those are
/// reported by their own rules).
pub fn compile(ws: &Workspace, c: &ContractEntry) -> Option<Result<Validator, String>> {
    if !ref_problems(ws, c).is_empty() {
        return None;
    }
    if ws.dictionary.is_none() && uses_concepts(&c.contract.schema) {
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
