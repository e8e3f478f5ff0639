//! `unused-concept`: no contract references the concept.

use std::collections::BTreeSet;

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::schema::resolve::{concept_name, for_each_ref};
use crate::workspace::Workspace;
use crate::yaml::escape_token;

pub static META: RuleMeta = RuleMeta {
    id: "unused-concept",
    category: Category::Dictionary,
    severity: Severity::Info,
    summary: "No contract references the concept",
    docs: r##"## What it does
Reports dictionary concepts that no contract references, directly or
through another concept.

## Why it matters
An unused concept is either dead vocabulary, or (more often) a concept the
contracts copy instead of referencing (see `concept-redefined`).

## Example
```yaml
concepts:
  warehouse_id: { owner: inventory, schema: { type: string } }   # nobody uses it
```

## How to fix
Reference it where the field is used (`$ref: "concept:warehouse_id"`), or remove it.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let (Some(dict), Some(file)) = (&ws.dictionary, ws.dictionary_file()) else {
        return;
    };
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<String> = Vec::new();
    for c in &ws.contracts {
        todo.extend(c.refs.concepts.iter().cloned());
    }
    while let Some(n) = todo.pop() {
        if !used.insert(n.clone()) {
            continue;
        }
        if let Some(c) = dict.concepts.get(&n) {
            for_each_ref(&c.schema, &mut |_, r| {
                if let Some(m) = concept_name(r) {
                    todo.push(m.to_string());
                }
            });
        }
    }
    for name in dict.concepts.keys() {
        if !used.contains(name) {
            out.push(with_help(
                finding_at(
                    &META,
                    file,
                    &format!("/concepts/{}", escape_token(name)),
                    None,
                    format!("no contract references the concept `{name}`"),
                ),
                format!("reference it with `$ref: \"concept:{name}\"`, or remove it"),
            ));
        }
    }
}
