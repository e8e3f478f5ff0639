//! `version-not-bumped`: `schema` or `channel` changed and `version` did not
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "version-not-bumped",
    category: Category::Version,
    severity: Severity::Error,
    summary: "`schema` or `channel` changed and `version` did not",
    docs: r##"## What it does
Reports a contract whose schema (after resolving references, so a dictionary change counts) or channel changed while its `version` stayed the same. Annotation-only changes (`description`, `title`) do not need a bump.

## Why it matters
Consumers and registries key on the version; two different schemas under one version cannot be told apart.

## Example
```yaml
version: 2.1.0      # unchanged, but a property was added
```

## How to fix
Bump the version: patch for documentation, minor for compatible changes, major for breaking ones.
"##,
};
