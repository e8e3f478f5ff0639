//! `unused-waiver`: an `ignore:` entry matched no finding, or its `until`
//! date has passed. Reported when waivers are applied (`rules::config`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "unused-waiver",
    category: Category::Validity,
    severity: Severity::Info,
    summary: "An `ignore:` entry matched no finding, or its `until` date has passed",
    docs: r##"## What it does
After waivers are applied, reports each `ignore:` entry of `contracts.yaml`
that waived nothing in this run, and each whose `until` date is in the past
(an expired waiver waives nothing, so its finding shows again).

## Why it matters
Waiver lists rot: the finding is fixed, the event is retired, and the
waiver stays, ready to hide the next, unrelated problem.

## Example
```yaml
ignore:
  - rule: field-removed
    event: LegacyPing            # LegacyPing no longer exists
    reason: "retired 2026-10"
```

## How to fix
Delete the entry, or extend `until` if the exception is still needed (with a
reason that says why).
"##,
};

/// Parse `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<time::Date> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    if it.next().is_some() || s.len() != 10 {
        return None;
    }
    time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// Today (UTC), or `$CONTRACT_TODAY` (YYYY-MM-DD) when set, for reproducible runs.
pub fn today() -> time::Date {
    std::env::var("CONTRACT_TODAY")
        .ok()
        .and_then(|s| parse_date(&s))
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date())
}
