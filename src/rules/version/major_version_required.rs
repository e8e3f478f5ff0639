//! `major-version-required`: a change breaks the contract's mode without a major version bump

use crate::finding::{Finding, Severity};
use crate::rules::{with_help, Category, ContractPair, RuleMeta};

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

/// The finding when a change breaks the mode without a new major version.
pub fn check(p: &ContractPair<'_>, breaks_mode: bool) -> Option<Finding> {
    let (v0, v1) = p.versions()?;
    if !breaks_mode || v1.major > v0.major || v1 == v0 {
        return None;
    }
    Some(with_help(
        p.at_version(
            &META,
            format!(
                "a change breaks `{}` but the version went from {v0} to {v1}, not to a new major version",
                p.judged
            ),
        ),
        format!("bump to {}.0.0 and plan the migration with the consumers", v0.major + 1),
    ))
}
