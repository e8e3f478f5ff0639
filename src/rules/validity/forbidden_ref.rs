//! `forbidden-ref`: a `$ref` to a file, a URL, or anything but `#...` and `concept:NAME`.

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::schema::resolve::{check_refs, RefProblem};
use crate::workspace::Workspace;

pub static META: RuleMeta = RuleMeta {
    id: "forbidden-ref",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "A `$ref` points at a file, a URL, or anything but `#...` and `concept:NAME`",
    docs: r##"## What it does
Reports every `$ref` that is neither a reference inside the same document
(`#/$defs/...`) nor a dictionary concept (`concept:NAME`), in contracts and
in the dictionary's concepts.

## Why it matters
`contract` never fetches anything: a check whose result depends on a file
outside the workspace or on a server is neither reproducible nor safe
(`file:///etc/passwd`, `http://internal/...`). Shared definitions belong in
the dictionary, where they have an owner.

## Example
```yaml
properties:
  address: { $ref: "https://schemas.example.com/address.json" }
```

## How to fix
Move the shared definition into the dictionary as a concept and write
`$ref: "concept:address"`, or copy it under `$defs` and use `#/$defs/address`.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    for c in &ws.contracts {
        for p in c.refs.problems.iter().cloned() {
            if let RefProblem::Forbidden { pointer, reference } = p {
                out.push(with_help(
                    finding_at(
                        &META,
                        ws.contract_file(c),
                        &format!("/schema{pointer}"),
                        Some(&c.contract.event),
                        format!("`$ref: {reference}` points outside the workspace; nothing is ever fetched"),
                    ),
                    "define it as a dictionary concept and use `$ref: \"concept:NAME\"`, or under `$defs` with `#/$defs/NAME`",
                ));
            }
        }
    }
    if let (Some(d), Some(file)) = (&ws.dictionary, ws.dictionary_file()) {
        for (name, concept) in &d.concepts {
            for p in check_refs(&concept.schema, Some(&d.concepts)) {
                if let RefProblem::Forbidden { pointer, reference } = p {
                    out.push(finding_at(
                        &META,
                        file,
                        &format!("/concepts/{}/schema{pointer}", crate::yaml::escape_token(name)),
                        None,
                        format!("concept `{name}`: `$ref: {reference}` points outside the workspace; nothing is ever fetched"),
                    ));
                }
            }
        }
    }
}
