//! ownership: who is accountable.

pub mod duplicate_event;
pub mod missing_contact;
pub mod missing_owner;
pub mod owner_mismatch;
pub mod unknown_domain;
pub mod uses_unknown_field;
