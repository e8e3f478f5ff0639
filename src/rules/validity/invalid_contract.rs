//! `invalid-contract`: the contract breaks the contract file schema.
//! Found while loading (`workspace::LoadProblem`); reported here.

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "invalid-contract",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "The contract breaks the contract file schema (missing event/version/schema, bad semver, unknown key, wrong type)",
    docs: r##"## What it does
Checks every contract file against the contract file schema
(`contract schema contract`): `event`, `version` and `schema` are required,
`version` is a semantic version, no unknown top-level key, every value of
the right type. Each problem points at its key.

## Why it matters
The linter and the diff engine can only reason about what they can read;
a typo such as `consumer:` for `consumers:` would otherwise hide the whole
consumer list from impact analysis.

## Example
```yaml
event: OrderPlaced
version: 2.1          # a number, not a semantic version
consumer: [shipping]  # unknown key
schema: { type: object }
```

## How to fix
Follow the message at the line shown. Add
`# yaml-language-server: $schema=<path to contract.schema.json>` (from
`contract schema contract`) to get completion and checks in your editor.
"##,
};

/// The finding for a problem loading found in the file.
pub fn finding(p: &crate::workspace::LoadProblem) -> crate::finding::Finding {
    crate::rules::load_finding(&META, p)
}
