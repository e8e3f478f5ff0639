//! `invalid-yaml`: the file is not well-formed YAML, not UTF-8, or over an input limit.

use crate::finding::{Finding, Severity};
use crate::rules::{Category, RuleMeta};

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

/// Advice for a file that could not be read (see `load_problem`).
pub fn with_advice(f: Finding) -> Finding {
    crate::rules::with_help(
        f,
        "fix the YAML at this line; the other files are still checked",
    )
}
