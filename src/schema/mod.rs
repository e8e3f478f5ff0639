//! JSON Schema handling: reference resolution, the normal form and the diff engine.

pub mod diff;
pub mod normal;
pub mod resolve;
