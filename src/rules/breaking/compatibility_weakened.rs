//! `compatibility-weakened`: the contract's compatibility mode became weaker
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "compatibility-weakened",
    category: Category::Breaking,
    severity: Severity::Warning,
    summary: "The contract's compatibility mode became weaker",
    docs: r##"## What it does
Reports `compatibility` moving to a mode that guards fewer directions: `full` to `backward`, `backward` to `none`, a transitive mode to its plain form. Always a warning: the event's owner must agree.

## Why it matters
Weakening the mode is how a breaking change slips through in two steps.

## Example
```yaml
compatibility: none      # was full
```

## How to fix
Get the owner's approval (and the consumers'), then accept the warning with a waiver that says so.
"##,
};
