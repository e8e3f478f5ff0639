//! `invalid-dictionary`: the dictionary breaks the dictionary file schema.
//! Found while loading (`workspace::LoadProblem`); reported here.

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "invalid-dictionary",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "The dictionary breaks the dictionary file schema (unknown key, wrong type, concept without schema)",
    docs: r##"## What it does
Checks `dictionary.yaml` against the dictionary file schema
(`contract schema dictionary`): only `domains`, `concepts` and `events` at
the top, known keys in each entry, and a `schema` for every concept.

## Why it matters
The dictionary decides ownership and shared concepts for every contract; a
misspelt key there silently changes what every other rule sees.

## Example
```yaml
domains:
  sales: { team: Sales, contcat: sales@example.com }   # misspelt key
concepts:
  customer_id: { owner: customer }                       # no schema
```

## How to fix
Correct the key at the line shown; give every concept a `schema`.
"##,
};

/// The finding for a problem loading found in the file.
pub fn finding(p: &crate::workspace::LoadProblem) -> crate::finding::Finding {
    crate::rules::load_finding(&META, p)
}
