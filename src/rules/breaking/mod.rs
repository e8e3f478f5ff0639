//! breaking: changes the contract's compatibility mode forbids, found outside
//! the schema comparison. The schema's change kinds are rules as data: one
//! row each in `schema::diff::kinds`.

pub mod channel_changed;
pub mod compatibility_weakened;
pub mod event_removed;
