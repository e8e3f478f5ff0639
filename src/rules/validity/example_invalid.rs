//! `example-invalid`: an entry of `examples` does not validate against `schema`.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "example-invalid",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "An entry of `examples` does not validate against `schema`",
    docs: r##"## What it does
Validates every entry of the contract's `examples` against its `schema`
(draft 2020-12, formats checked, `concept:` references resolved from the
dictionary) and reports each failure at the failing value.

## Why it matters
Examples are what consumers copy into their tests. An example the schema
rejects means either the example or the schema is wrong, and a consumer will
find out in production.

## Example
```yaml
schema:
  properties:
    quantity: { type: integer, minimum: 1 }
examples:
  - { quantity: 0 }
```

## How to fix
Correct the example, or the schema if the example shows real traffic.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    for c in &ws.contracts {
        if c.contract.examples.is_empty() {
            continue;
        }
        let Some(Ok(validator)) = super::compile(ws, c) else {
            continue;
        };
        for (i, example) in c.contract.examples.iter().enumerate() {
            for err in validator.iter_errors(example) {
                let at = err.instance_path().as_str().to_string();
                let shown = if at.is_empty() {
                    "the payload".to_string()
                } else {
                    format!("`{at}`")
                };
                out.push(with_help(
                    finding_at(
                        &META,
                        ws.contract_file(c),
                        &format!("/examples/{i}{at}"),
                        Some(&c.contract.event),
                        format!("example {i} is invalid at {shown}: {}", err.masked()),
                    ),
                    "fix the example, or the schema if the example shows real traffic",
                ));
            }
        }
    }
}
