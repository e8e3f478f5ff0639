//! JSON Schema handling: reference resolution and the diff engine.

pub mod diff;
pub mod resolve;
