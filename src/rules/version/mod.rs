//! version: the contract's version tells the truth.

pub mod major_version_required;
pub mod version_decreased;
pub mod version_not_bumped;
