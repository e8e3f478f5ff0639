//! The JSON Schemas of the three file kinds. `contract schema KIND` prints
//! them (for editors), and the loader validates every file against them, so
//! the documentation and the check can never disagree.

use serde_json::{json, Value};

const SEMVER: &str = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$";

fn mode() -> Value {
    json!({
        "description": "Compatibility mode: who must keep working when the contract changes.",
        "enum": ["backward", "forward", "full", "none",
                 "backward_transitive", "forward_transitive", "full_transitive"]
    })
}

/// JSON Schema of an event contract file.
pub fn contract() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://contract.dev/schema/contract.json",
        "title": "Event contract",
        "description": "One business event: its payload schema, owner, consumers and compatibility mode.",
        "type": "object",
        "additionalProperties": false,
        "required": ["event", "version", "schema"],
        "properties": {
            "event": { "type": "string", "minLength": 1, "description": "Business event name; should be in the dictionary." },
            "version": { "type": "string", "pattern": SEMVER, "description": "Semantic version of this contract, e.g. 2.1.0." },
            "owner": { "type": "string", "minLength": 1, "description": "Owning domain (a dictionary domain)." },
            "co-owners": { "type": "array", "items": { "type": "string" }, "description": "Domains jointly accountable." },
            "summary": { "type": "string" },
            "description": { "type": "string" },
            "channel": { "type": "string", "description": "Topic or stream the event flows on." },
            "compatibility": mode(),
            "consumers": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["domain"],
                    "properties": {
                        "domain": { "type": "string", "minLength": 1 },
                        "uses": { "type": "array", "items": { "type": "string" },
                                  "description": "Fields this consumer reads (dotted paths, e.g. items.quantity)." }
                    }
                }
            },
            "schema": { "type": ["object", "boolean"], "description": "JSON Schema (draft 2020-12) of the payload." },
            "examples": { "type": "array", "description": "Payloads that must validate against `schema`." }
        }
    })
}

/// JSON Schema of the shared event dictionary.
pub fn dictionary() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://contract.dev/schema/dictionary.json",
        "title": "Shared event dictionary",
        "type": ["object", "null"],
        "additionalProperties": false,
        "properties": {
            "domains": {
                "type": ["object", "null"],
                "additionalProperties": {
                    "type": ["object", "null"],
                    "additionalProperties": false,
                    "properties": {
                        "team": { "type": "string" },
                        "contact": { "type": "string" },
                        "github": { "type": "string" },
                        "summary": { "type": "string" }
                    }
                }
            },
            "concepts": {
                "type": ["object", "null"],
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["schema"],
                    "properties": {
                        "owner": { "type": "string" },
                        "summary": { "type": "string" },
                        "schema": { "type": ["object", "boolean"] }
                    }
                }
            },
            "events": {
                "type": ["object", "null"],
                "additionalProperties": {
                    "type": ["object", "null"],
                    "additionalProperties": false,
                    "properties": {
                        "owner": { "type": "string" },
                        "summary": { "type": "string" },
                        "requires": { "type": "array", "items": { "type": "string" } }
                    }
                }
            }
        }
    })
}

/// JSON Schema of the workspace manifest `contracts.yaml`.
pub fn manifest() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://contract.dev/schema/manifest.json",
        "title": "contracts.yaml",
        "type": ["object", "null"],
        "additionalProperties": false,
        "properties": {
            "contracts": { "type": "array", "items": { "type": "string" },
                           "description": "Globs of contract files, relative to the manifest." },
            "dictionary": { "type": "string", "description": "Path of the dictionary, relative to the manifest." },
            "base": { "type": "string", "description": "Default branch to diff against." },
            "compatibility": mode(),
            "policy": { "enum": ["lenient", "confluent"] },
            "dialect": { "enum": ["04", "06", "07", "2019-09", "2020-12", "draft-04", "draft-06", "draft-07"],
                         "description": "JSON Schema draft of schemas without `$schema` (default 2020-12)." },
            "fail-on-existing": { "type": "boolean",
                                  "description": "Let findings already at the base count toward --fail-on too (default: only new and updated ones do)." },
            "rules": {
                "type": ["object", "null"],
                "additionalProperties": { "enum": ["error", "warning", "info", "off"] }
            },
            "ignore": {
                "type": ["array", "null"],
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["rule", "reason"],
                    "properties": {
                        "rule": { "type": "string" },
                        "event": { "type": "string" },
                        "pointer": { "type": "string" },
                        "fingerprint": { "type": "string" },
                        "reason": { "type": "string", "minLength": 1 },
                        "until": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" }
                    }
                }
            }
        }
    })
}

/// The schema of a file kind by its name (`contract`, `dictionary`, `manifest`).
pub fn by_name(name: &str) -> Option<Value> {
    match name {
        "contract" => Some(contract()),
        "dictionary" => Some(dictionary()),
        "manifest" => Some(manifest()),
        _ => None,
    }
}
