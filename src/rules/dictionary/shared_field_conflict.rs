//! `shared-field-conflict`: a property shared across domains (no concept)
//! is defined in ways that disagree. Checked by `shared_field_not_in_dictionary::check`.

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "shared-field-conflict",
    category: Category::Dictionary,
    severity: Severity::Error,
    summary:
        "A property defined inline by two or more domains, with no concept, is defined differently",
    docs: r##"## What it does
Like `shared-field-not-in-dictionary`, for a name whose inline definitions
are not all equivalent (after dropping annotations and normalising). One
finding per distinct definition: it quotes that definition, counts its
places and domains, names the other definitions, and lists every other
place of the same definition as a related location. It is anchored at a
place the change touched when there is one.

## Why it matters
`customer_id` defined in ten contracts three different ways: any consumer
that joins two of those events is already broken.

## Example
```yaml
# events/order-placed.yaml (sales)    customer_id: { type: string, format: uuid }
# events/invoice.yaml      (billing)  customer_id: { type: integer }
```

## How to fix
Agree on one definition, put it in the dictionary as a concept with an
owner, and reference it everywhere (a breaking change for the contracts
that were wrong: plan it with their consumers).
"##,
};
