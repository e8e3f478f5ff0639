//! `invalid-schema`: `schema` is not a valid JSON Schema of its draft.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "invalid-schema",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "The contract's `schema` is not a valid JSON Schema of its draft (its `$schema`, else the manifest's `dialect:`)",
    docs: r##"## What it does
Checks each contract's `schema` against the meta-schema of the draft it
declares (`$schema`; without one, the manifest's `dialect:`, default
2020-12): it must follow the meta-schema (e.g. `type` names a JSON type, `required` is a list
of strings) and every `pattern` must be a valid regular expression.

## Why it matters
An invalid schema validates nothing, and a diff against it means nothing.

## Example
```yaml
schema:
  type: object
  properties:
    order_id: { type: uuid }      # `uuid` is a format, not a type
```

## How to fix
Use a JSON type (`string`, `number`, `integer`, `boolean`, `object`,
`array`, `null`) and put refinements in keywords: `{ type: string, format: uuid }`.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    use rayon::prelude::*;
    // Compiling is the costly part: in parallel, then reported in order.
    let patterns = super::PatternCache::default();
    let failed: Vec<(usize, (String, String))> = ws
        .contracts
        .par_iter()
        .enumerate()
        .filter_map(|(i, c)| {
            super::schema_problem(c, ws.manifest.dialect(), &patterns).map(|m| (i, m))
        })
        .collect();
    for (i, (at, msg)) in failed {
        let c = &ws.contracts[i];
        {
            out.push(with_help(
                finding_at(
                    &META,
                    ws.contract_file(c),
                    &format!("/schema{at}"),
                    Some(&c.contract.event),
                    format!("`schema` is not a valid JSON Schema: {msg}"),
                ),
                "check the keyword named in the message against the schema's draft",
            ));
        }
    }
}
