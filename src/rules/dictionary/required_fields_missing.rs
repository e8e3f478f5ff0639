//! `required-fields-missing`: the schema lacks a field the dictionary's
//! event `requires`, or does not require it.

use serde_json::Value;

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, RuleMeta};
use crate::workspace::Workspace;
use crate::yaml::escape_token;

pub static META: RuleMeta = RuleMeta {
    id: "required-fields-missing",
    category: Category::Dictionary,
    severity: Severity::Error,
    summary: "The schema lacks a field the dictionary's event `requires`, or does not require it",
    docs: r##"## What it does
For a contract whose event is in the dictionary with `requires: [...]`,
checks that the payload schema defines each of those top-level properties
and lists it under `required`.

## Why it matters
`requires` is the organisation's minimum for an event: what every consumer
may rely on whichever team produces it.

## Example
```yaml
# dictionary: OrderPlaced: { requires: [placed_at, order_id] }
schema:
  required: [order_id]
  properties:
    order_id: { type: string }
```

## How to fix
Add the property and list it under `required`.
"##,
};

pub fn check(ws: &Workspace, out: &mut Vec<Finding>) {
    let Some(dict) = &ws.dictionary else { return };
    for c in &ws.contracts {
        let Some(ev) = dict.event(&c.contract.event) else {
            continue;
        };
        // Top-level properties and `required` (a `concept:` property is defined too).
        let s = &c.contract.schema;
        let props = s.get("properties").and_then(Value::as_object);
        let required: Vec<&str> = s
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for field in &ev.requires {
            let defined = props.is_some_and(|p| p.contains_key(field));
            let (pointer, msg) = if !defined {
                (
                    "/schema/properties".to_string(),
                    format!(
                        "`{}` must carry `{field}` (the dictionary's event requires it) but the schema does not define it",
                        c.contract.event
                    ),
                )
            } else if !required.contains(&field.as_str()) {
                (
                    format!("/schema/properties/{}", escape_token(field)),
                    format!(
                        "`{field}` is defined but not listed in `required`; the dictionary's `{}` requires it",
                        c.contract.event
                    ),
                )
            } else {
                continue;
            };
            out.push(with_help(
                finding_at(
                    &META,
                    ws.contract_file(c),
                    &pointer,
                    Some(&c.contract.event),
                    msg,
                ),
                format!("define `{field}` under `properties` and add it to `required`"),
            ));
        }
    }
}
