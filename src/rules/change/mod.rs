//! change: what changed against the base (non-breaking).

pub mod event_added;
