//! `version-not-bumped`: `schema` or `channel` changed and `version` did not

use crate::finding::{Finding, Severity};
use crate::rules::{with_help, Category, ContractPair, RuleMeta};

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

/// The finding when the schema or channel changed and the version did not;
/// the advice depends on whether the change `breaks_mode`.
pub fn check(p: &ContractPair<'_>, schema_changed: bool, breaks_mode: bool) -> Option<Finding> {
    let (v0, v1) = p.versions()?;
    let channel_changed = p.old.contract.channel != p.new.contract.channel;
    if !(schema_changed || channel_changed) || v1 != v0 {
        return None;
    }
    Some(with_help(
        p.at_version(
            &META,
            format!(
                "the {} changed but the version is still {v0}",
                if schema_changed { "schema" } else { "channel" }
            ),
        ),
        if breaks_mode {
            format!("bump the major version: {}.0.0", v0.major + 1)
        } else {
            format!("bump the minor version: {}.{}.0", v0.major, v0.minor + 1)
        },
    ))
}
