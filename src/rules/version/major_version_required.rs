//! `major-version-required`: a change breaks the contract's mode without a major version bump
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "major-version-required",
    category: Category::Version,
    severity: Severity::Error,
    summary: "A change breaks the contract's mode without a major version bump",
    docs: r##"## What it does
Reports a contract with a change that breaks its compatibility mode (under `none`: one that breaks backward or forward) whose major version did not increase.

## Why it matters
Semantic versions are a promise: a minor bump says nothing breaks.

## Example
```yaml
version: 2.2.0      # was 2.1.0, and a required field was added
```

## How to fix
Bump the major version (`3.0.0`) and plan the migration with the consumers named in the breaking findings.
"##,
};
