//! JSON Schema handling: dialects, reference resolution, the normal form and the diff engine.

pub mod bundle;
pub mod dialect;
pub mod diff;
pub mod normal;
pub mod resolve;
