//! An event contract: one file per event.

use serde::Deserialize;
use serde_json::Value;

use super::Mode;

/// A consumer of an event and, optionally, the fields it reads.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Consumer {
    pub domain: String,
    #[serde(default)]
    pub uses: Option<Vec<String>>,
}

/// A validated contract (its shape already checked against `schemas::contract`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub event: String,
    pub version: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default, rename = "co-owners")]
    pub co_owners: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub compatibility: Option<Mode>,
    #[serde(default)]
    pub consumers: Vec<Consumer>,
    pub schema: Value,
    #[serde(default)]
    pub examples: Vec<Value>,
}

impl Contract {
    /// The semantic version, when it parses (the file schema guarantees it does).
    pub fn semver(&self) -> Option<semver::Version> {
        semver::Version::parse(&self.version).ok()
    }

    pub fn consumer_domains(&self) -> Vec<String> {
        let mut v: Vec<String> = self.consumers.iter().map(|c| c.domain.clone()).collect();
        v.sort();
        v.dedup();
        v
    }
}
