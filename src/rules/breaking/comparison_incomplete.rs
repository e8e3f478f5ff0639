//! `comparison-incomplete`: part of the schemas could not be compared (too complex, or not decidable)
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "comparison-incomplete",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "Part of the schemas could not be compared: too complex, or a change that is not decidable here",
    docs: r##"## What it does
Reports a part of two schemas that was not compared, with the reason:
- the comparison exceeded `MAX_DIFF_STEPS` (pathological combinations of `oneOf` and recursion);
- a keyword changed whose comparison is not decidable here (`$dynamicRef`, `$recursiveRef`, `$vocabulary`, a changed `if` of `if`/`then`/`else`);
- an `allOf` whose members do not merge into one schema exactly (e.g. several members with `patternProperties`), where no single member decides the answer;
- a `$ref` that does not resolve in its document (a cycle between dictionary concepts, a `$ref` by `$anchor`).

The tool does not guess: the change is treated as breaking in the directions it could not check.

## Why it matters
A gate that silently passed what it could not check would be worse than one that asks for a look.

## Example
```yaml
# before
properties:
  node: { $dynamicRef: "#node" }
# after: the dynamic scope decides what this accepts
properties:
  node: { $dynamicRef: "#tree" }
```

## How to fix
Simplify the schema (name shared parts under `$defs`, use `$ref` instead of `$dynamicRef`, give each `allOf` member its own properties), or accept the change with a waiver after reviewing it.
"##,
};
