//! JSON Schema handling: dialects, reference resolution and the diff engine.

pub mod dialect;
pub mod diff;
pub mod resolve;
