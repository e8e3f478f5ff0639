//! `comparison-incomplete`: the schemas were too complex to compare within the limit
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "comparison-incomplete",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "The schemas were too complex to compare within the limit",
    docs: r##"## What it does
Reports a comparison that exceeded `MAX_DIFF_STEPS` (pathological combinations of `oneOf` and recursion). The tool does not guess: the change is treated as breaking in both directions.

## Why it matters
A gate that silently passed what it could not check would be worse than one that asks for a look.

## Example
```yaml
# thousands of nested oneOf members referring to each other
```

## How to fix
Simplify the schema (name shared parts under `$defs`), or accept the change with a waiver after reviewing it.
"##,
};
