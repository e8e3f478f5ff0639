//! `compatibility-weakened`: the contract's compatibility mode became weaker

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, Category, ContractPair, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "compatibility-weakened",
    category: Category::Breaking,
    severity: Severity::Warning,
    summary: "The contract's compatibility mode became weaker",
    docs: r##"## What it does
Reports `compatibility` moving to a mode that guards fewer directions: `full` to `backward`, `backward` to `none`, a transitive mode to its plain form. A warning (the event's owner must agree); an error when the same change carries a break: that change is judged under the base's mode (both modes joined), so weakening the mode cannot launder a break.

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

/// The finding when the mode no longer covers the previous one: an error
/// when the same change carries a break (judged under the base's mode).
pub fn check(p: &ContractPair<'_>, breaks_mode: bool) -> Option<Finding> {
    if p.mode.covers(p.old_mode) {
        return None;
    }
    let (event, mode, old_mode) = (p.event, p.mode, p.old_mode);
    let mut f = finding_at(
        &META,
        p.new_file,
        "/compatibility",
        Some(event),
        if breaks_mode {
            format!("the compatibility mode was weakened from `{old_mode}` to `{mode}` in the same change as a break of `{}`; the owner of `{event}` and its consumers must agree", p.judged)
        } else {
            format!("the compatibility mode was weakened from `{old_mode}` to `{mode}`; the owner of `{event}` must agree")
        },
    );
    if breaks_mode {
        f.severity = crate::finding::Severity::Error;
    }
    f.base = Some(p.old_file.location("/compatibility"));
    f.consumers = p.new.contract.consumer_domains();
    Some(crate::rules::with_help(
        f,
        "land the weakening on its own first (agreed with the consumers), or waive this finding and the break with the reason",
    ))
}
