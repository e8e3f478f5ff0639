//! `invalid-yaml`: the file is not well-formed YAML, not UTF-8, or over an input limit.

use crate::finding::{Finding, Severity};
use crate::rules::{Category, RuleMeta};
use crate::source::SourceFile;
use crate::yaml::YamlError;

pub static META: RuleMeta = RuleMeta {
    id: "invalid-yaml",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "The file is not well-formed YAML, not UTF-8, or exceeds an input limit",
    docs: r##"## What it does
Reports a file that cannot be read as one YAML document: a syntax error
(unclosed bracket, tab indentation, duplicate key), bytes that are not UTF-8,
more than one document, or input over a limit: file size (`MAX_FILE_BYTES`),
nesting depth (`MAX_DEPTH`) or alias expansion (`MAX_ALIAS_NODES`, the
"billion laughs" defence). The other files are still checked.

## Why it matters
A contract nobody can parse is a contract nobody checks: a gate that skipped
it silently would let a breaking change through.

## Example
```yaml
event: OrderPlaced
schema:
  properties: { id: { type: string }   # the flow mapping is never closed
```

## How to fix
Fix the YAML at the line shown (a YAML-aware editor helps), save the file as
UTF-8, and split multi-document files into one file per contract.
"##,
};

/// The finding for a file that could not be read.
pub fn finding(source: &SourceFile, err: &YamlError) -> Finding {
    let (line, column) = err.pos.map_or((1, 1), |p| (p.line.max(1), p.col.max(1)));
    let mut f = Finding {
        rule: META.id.to_string(),
        category: META.category,
        severity: META.severity,
        event: None,
        file: source.path.clone(),
        line,
        column,
        pointer: String::new(),
        message: format!("the file cannot be read as YAML: {}", err.message),
        help: Some("fix the YAML at this line; the other files are still checked".into()),
        base: None,
        consumers: Vec::new(),
        fingerprint: String::new(),
        end: None,
        waived: None,
        change: None,
        related: Vec::new(),
        baseline: None,
    };
    f.compute_fingerprint();
    f
}
