//! The shared event dictionary: domains (owners), shared concepts, events.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub github: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    pub schema: Value,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DictEvent {
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Dictionary {
    #[serde(default, deserialize_with = "null_default")]
    pub domains: IndexMap<String, Option<Domain>>,
    #[serde(default, deserialize_with = "null_default")]
    pub concepts: IndexMap<String, Concept>,
    #[serde(default, deserialize_with = "null_default")]
    pub events: IndexMap<String, Option<DictEvent>>,
}

impl Dictionary {
    pub fn domain(&self, name: &str) -> Option<Domain> {
        self.domains
            .get(name)
            .map(|d| d.clone().unwrap_or_default())
    }

    pub fn has_domain(&self, name: &str) -> bool {
        self.domains.contains_key(name)
    }

    pub fn event(&self, name: &str) -> Option<DictEvent> {
        self.events.get(name).map(|e| e.clone().unwrap_or_default())
    }
}
