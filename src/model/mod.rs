//! The typed model of the three file kinds, built in two phases: the parsed
//! JSON is first checked against the file kind's JSON Schema (every problem
//! a pointer, so it lands on its line), then deserialised into typed structs.

pub mod contract;
pub mod dictionary;
pub mod manifest;
pub mod schemas;

use std::sync::OnceLock;

use jsonschema::{error::ValidationErrorKind, Validator};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::yaml::escape_token;

/// A problem found while validating a file against its kind's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

/// Compatibility mode of a contract (FORMAT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Backward,
    Forward,
    Full,
    None,
    BackwardTransitive,
    ForwardTransitive,
    FullTransitive,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Backward => "backward",
            Mode::Forward => "forward",
            Mode::Full => "full",
            Mode::None => "none",
            Mode::BackwardTransitive => "backward_transitive",
            Mode::ForwardTransitive => "forward_transitive",
            Mode::FullTransitive => "full_transitive",
        }
    }

    pub fn parse(s: &str) -> Option<Mode> {
        Some(match s.to_ascii_lowercase().as_str() {
            "backward" => Mode::Backward,
            "forward" => Mode::Forward,
            "full" => Mode::Full,
            "none" => Mode::None,
            "backward_transitive" => Mode::BackwardTransitive,
            "forward_transitive" => Mode::ForwardTransitive,
            "full_transitive" => Mode::FullTransitive,
            _ => return None,
        })
    }

    /// Does this mode require new consumers to read old events?
    pub fn checks_backward(self) -> bool {
        matches!(
            self,
            Mode::Backward | Mode::Full | Mode::BackwardTransitive | Mode::FullTransitive
        )
    }

    /// Does this mode require old consumers to read new events?
    pub fn checks_forward(self) -> bool {
        matches!(
            self,
            Mode::Forward | Mode::Full | Mode::ForwardTransitive | Mode::FullTransitive
        )
    }

    pub fn is_transitive(self) -> bool {
        matches!(
            self,
            Mode::BackwardTransitive | Mode::ForwardTransitive | Mode::FullTransitive
        )
    }

    /// Strength for `compatibility-weakened`: how many directions are guarded,
    /// transitive counting a little more than its plain form.
    pub fn strength(self) -> u8 {
        let dirs = self.checks_backward() as u8 + self.checks_forward() as u8;
        dirs * 2 + self.is_transitive() as u8
    }

    /// The mode guarding every direction either mode guards (and transitive
    /// when either is): what a change that moves from one to the other is
    /// judged under, so weakening the mode cannot launder a break.
    pub fn join(self, other: Mode) -> Mode {
        let b = self.checks_backward() || other.checks_backward();
        let f = self.checks_forward() || other.checks_forward();
        let t = self.is_transitive() || other.is_transitive();
        match (b, f, t) {
            (false, false, _) => Mode::None,
            (true, false, false) => Mode::Backward,
            (false, true, false) => Mode::Forward,
            (true, true, false) => Mode::Full,
            (true, false, true) => Mode::BackwardTransitive,
            (false, true, true) => Mode::ForwardTransitive,
            (true, true, true) => Mode::FullTransitive,
        }
    }

    /// Is `self` at least as strict as `other` in every respect?
    pub fn covers(self, other: Mode) -> bool {
        (self.checks_backward() || !other.checks_backward())
            && (self.checks_forward() || !other.checks_forward())
            && (self.is_transitive() || !other.is_transitive())
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How schemas are compared where JSON Schema leaves it to an assumption.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, clap::ValueEnum,
)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    #[default]
    Lenient,
    Confluent,
}

impl Policy {
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::Lenient => "lenient",
            Policy::Confluent => "confluent",
        }
    }
}

impl std::fmt::Display for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn compiled(kind: &str) -> &'static Validator {
    static CONTRACT: OnceLock<Validator> = OnceLock::new();
    static DICTIONARY: OnceLock<Validator> = OnceLock::new();
    static MANIFEST: OnceLock<Validator> = OnceLock::new();
    let (cell, schema): (&OnceLock<Validator>, fn() -> Value) = match kind {
        "contract" => (&CONTRACT, schemas::contract),
        "dictionary" => (&DICTIONARY, schemas::dictionary),
        _ => (&MANIFEST, schemas::manifest),
    };
    cell.get_or_init(|| {
        // The file-kind schemas are constants of this crate, tested to compile.
        jsonschema::options()
            .build(&schema())
            .expect("built-in file schema compiles")
    })
}

/// The JSON Schema of a file kind (built once).
fn kind_schema(kind: &str) -> &'static Value {
    static CONTRACT: OnceLock<Value> = OnceLock::new();
    static DICTIONARY: OnceLock<Value> = OnceLock::new();
    static MANIFEST: OnceLock<Value> = OnceLock::new();
    match kind {
        "contract" => CONTRACT.get_or_init(schemas::contract),
        "dictionary" => DICTIONARY.get_or_init(schemas::dictionary),
        _ => MANIFEST.get_or_init(schemas::manifest),
    }
}

/// Validate a parsed file against its kind's schema.
pub fn check_shape(kind: &str, value: &Value) -> Vec<Problem> {
    let validator = compiled(kind);
    let mut out: Vec<Problem> = Vec::new();
    for err in validator.iter_errors(value) {
        let base = err.instance_path().as_str().to_string();
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                // The keys the schema knows at this place, for a did-you-mean.
                let schema_path = err.schema_path().as_str();
                let object = schema_path
                    .strip_suffix("/additionalProperties")
                    .unwrap_or(schema_path);
                let known: Vec<String> = kind_schema(kind)
                    .pointer(&format!("{object}/properties"))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                for key in unexpected {
                    out.push(Problem {
                        pointer: format!("{base}/{}", escape_token(key)),
                        message: format!(
                            "unknown key `{key}`{}",
                            crate::suggest::hint(key, known.iter().map(String::as_str))
                        ),
                    });
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                out.push(Problem {
                    pointer: base,
                    message: format!("required key `{name}` is missing"),
                });
            }
            _ => {
                let what = if base.is_empty() {
                    "the file".to_string()
                } else {
                    format!("`{}`", base.trim_start_matches('/').replace('/', "."))
                };
                let got = err.instance().to_string();
                let got = if got.len() > 60 {
                    String::new()
                } else {
                    format!(" (got `{got}`)")
                };
                let message = if base == "/version" {
                    let hint = if err.instance().is_number() {
                        "; YAML reads an unquoted 2.1 as a number, so write all three parts (2.1.0) or quote it"
                    } else {
                        ""
                    };
                    format!("`version` must be a semantic version such as `2.1.0`{got}{hint}")
                } else {
                    format!("{what}: {}{got}", err.masked())
                };
                out.push(Problem {
                    pointer: base,
                    message,
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_schemas_compile_and_catch_unknown_keys() {
        let v = serde_json::json!({"event": "X", "version": "1.0.0", "schema": {}, "bogus": 1});
        let p = check_shape("contract", &v);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].pointer, "/bogus");
        let v = serde_json::json!({"event": "X", "version": "1.0", "schema": {}});
        assert_eq!(check_shape("contract", &v)[0].pointer, "/version");
        assert!(check_shape("manifest", &Value::Null).is_empty());
        assert!(check_shape("dictionary", &serde_json::json!({"domains": {"a": null}})).is_empty());
    }

    #[test]
    fn mode_strength_orders_modes() {
        assert!(Mode::Full.covers(Mode::Backward));
        assert!(!Mode::Backward.covers(Mode::Full));
        assert!(Mode::FullTransitive.strength() > Mode::Full.strength());
        assert!(Mode::Backward.strength() > Mode::None.strength());
        assert_eq!(Mode::None.join(Mode::Backward), Mode::Backward);
        assert_eq!(Mode::Backward.join(Mode::Full), Mode::Full);
        assert_eq!(Mode::Forward.join(Mode::Backward), Mode::Full);
        assert_eq!(
            Mode::Backward.join(Mode::FullTransitive),
            Mode::FullTransitive
        );
        assert_eq!(Mode::None.join(Mode::None), Mode::None);
    }
}
