//! breaking: changes the contract's compatibility mode forbids. Each id is a change kind of the diff engine.

pub mod additional_properties_narrowed;
pub mod additional_properties_widened;
pub mod channel_changed;
pub mod combinator_changed;
pub mod comparison_incomplete;
pub mod compatibility_weakened;
pub mod constraint_changed;
pub mod constraint_loosened;
pub mod constraint_tightened;
pub mod enum_value_added;
pub mod enum_value_removed;
pub mod event_removed;
pub mod field_removed;
pub mod field_type_changed;
pub mod items_changed;
pub mod required_added;
pub mod required_removed;
pub mod type_narrowed;
pub mod type_widened;
