//! `contract`, the event-contract linter: a library the binary is a thin
//! shell around. The library never prints.

pub mod baseline;
pub mod baseline_state;
pub mod check;
pub mod error;
pub mod finding;
pub mod git;
pub mod graph;
pub mod impact;
pub mod init;
pub mod limits;
pub mod matrix;
pub mod model;
pub mod provenance;
pub mod repo;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod text;
pub mod timing;
pub mod waivers;
pub mod workspace;
pub mod yaml;
