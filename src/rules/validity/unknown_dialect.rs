//! `unknown-dialect`: a schema's `$schema` names no JSON Schema draft this
//! tool reads.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::schema::dialect;
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-dialect",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "A schema's `$schema` names no JSON Schema draft that is read (04, 06, 07, 2019-09, 2020-12)",
    docs: r##"## What it does
Reads the `$schema` of each contract's schema. Each schema is compared under
the rules of the draft it declares (draft-04, -06, -07, 2019-09, 2020-12);
without `$schema`, the manifest's `dialect:` (default 2020-12) applies. A
`$schema` that names anything else is reported, and the schema is read as
the manifest's default, which may not be what its authors meant.

## Why it matters
Drafts give the same keywords different meanings: in draft-07 a keyword
beside `$ref` is ignored, draft-04's `exclusiveMaximum` is a boolean, and
`items` as a list is a tuple. Comparing a schema under the wrong draft gives
the wrong verdict, so an unknown draft is a finding, never a guess.

## Example
```yaml
schema:
  $schema: "https://json-schema.org/draft/2021-01/schema"   # no such draft
  type: object
```

## How to fix
Name a draft the tool reads, e.g.
`$schema: "http://json-schema.org/draft-07/schema#"`, or remove `$schema`
and set `dialect:` in `contracts.yaml`.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let default = ws.manifest.dialect();
    for c in &ws.contracts {
        if let Err(uri) = dialect::declared(&c.contract.schema, default) {
            out.push(with_help(
                finding_at(
                    &META,
                    ws.contract_file(c),
                    "/schema/$schema",
                    Some(&c.contract.event),
                    format!(
                        "`$schema: {uri}` names no JSON Schema draft that is read; the schema was compared as {}",
                        default.name()
                    ),
                ),
                "use a draft-04, -06, -07, 2019-09 or 2020-12 `$schema` URI",
            ));
        }
    }
}
