//! `channel-changed`: the `channel` (topic or stream) changed
//! Reported by the comparison of two contract versions (`rules::compare`).

use crate::finding::Severity;
use crate::rules::{Category, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "channel-changed",
    category: Category::Breaking,
    severity: Severity::Error,
    summary: "The `channel` (topic or stream) changed",
    docs: r##"## What it does
Reports a change of the contract's `channel`, the topic or stream the event flows on. Breaks every mode.

## Why it matters
Consumers subscribe to a channel, not to a contract: after the change they read an empty topic.

## Example
```yaml
channel: sales.orders        # was sales.order-placed
```

## How to fix
Publish to both channels for a migration period, move the consumers, then remove the old one with a major version bump.
"##,
};
