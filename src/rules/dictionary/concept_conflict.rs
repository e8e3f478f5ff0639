//! `concept-conflict`: an inline definition of a concept's name disagrees
//! with the dictionary. Checked by `concept_redefined::check`.

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "concept-conflict",
    category: Category::Dictionary,
    severity: Severity::Error,
    summary: "A property with a concept's name defines a schema that disagrees with the dictionary",
    docs: r##"## What it does
Reports a property whose name is a dictionary concept and whose inline
schema is not equivalent to the concept's (after dropping annotations,
sorting keys and reading `type: [x]` as `type: x`).

## Why it matters
This is the `user_id` incident before it happens: one event says integer,
the dictionary says UUID, and a consumer joining the two breaks.

## Example
```yaml
# dictionary: customer_id: { schema: { type: string, format: uuid } }
properties:
  customer_id: { type: integer }
```

## How to fix
Reference the concept (`$ref: "concept:customer_id"`). If the field really
is something else, give it another name.
"##,
};
