//! change: what changed against the base (non-breaking).

pub mod change_compatible;
pub mod event_added;
pub mod field_added;
pub mod schema_reshaped;
