//! `channel-changed`: the `channel` (topic or stream) changed

use crate::finding::{Finding, Severity};
use crate::rules::{finding_at, with_help, Category, ContractPair, RuleMeta};

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

/// The finding when the channel changed; breaks every mode but `none`.
pub fn check(p: &ContractPair<'_>) -> Option<Finding> {
    let (old, new) = (&p.old.contract.channel, &p.new.contract.channel);
    if old == new {
        return None;
    }
    let show = |c: &Option<String>| c.clone().unwrap_or_else(|| "(none)".into());
    let event = p.event;
    let mut f = finding_at(
        &META,
        p.new_file,
        "/channel",
        Some(event),
        format!(
            "the channel changed from `{}` to `{}`: consumers subscribed to the old channel stop receiving `{event}`",
            show(old),
            show(new)
        ),
    );
    if p.judged == crate::model::Mode::None {
        f.severity = Severity::Info;
    }
    f.base = Some(p.old_file.location("/channel"));
    f.consumers = p.new.contract.consumer_domains();
    Some(with_help(
        f,
        "publish to both channels while consumers move, then drop the old one in a major version",
    ))
}
