//! `version-decreased`: `version` went down

use crate::finding::{Finding, Severity};
use crate::rules::{with_help, Category, ContractPair, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "version-decreased",
    category: Category::Version,
    severity: Severity::Error,
    summary: "`version` went down",
    docs: r##"## What it does
Reports a contract whose version is lower than at the base.

## Why it matters
Versions only move forward; a lower one is usually a bad merge or a revert of someone else's change.

## Example
```yaml
version: 1.4.0      # was 2.0.0
```

## How to fix
Restore the base version and bump from there.
"##,
};

/// The finding when the version went down.
pub fn check(p: &ContractPair<'_>) -> Option<Finding> {
    let (v0, v1) = p.versions()?;
    (v1 < v0).then(|| {
        with_help(
            p.at_version(&META, format!("the version went down from {v0} to {v1}")),
            format!("restore {v0} and bump from there"),
        )
    })
}
