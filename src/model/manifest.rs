//! The workspace manifest `contracts.yaml`: globs, dictionary path, base,
//! default mode and policy, severity overrides and waivers.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

use super::{Mode, Policy};

fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// An accepted finding, waived with a reason.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: String,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub pointer: Option<String>,
    #[serde(default)]
    pub fingerprint: Option<String>,
    pub reason: String,
    #[serde(default)]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(default)]
    pub contracts: Option<Vec<String>>,
    #[serde(default)]
    pub dictionary: Option<String>,
    #[serde(default)]
    pub base: Option<String>,
    #[serde(default)]
    pub compatibility: Option<Mode>,
    #[serde(default)]
    pub policy: Option<Policy>,
    /// The JSON Schema draft of schemas that declare no `$schema`.
    #[serde(default)]
    pub dialect: Option<String>,
    /// Findings already at the base count toward `--fail-on` too.
    #[serde(default, rename = "fail-on-existing")]
    pub fail_on_existing: bool,
    #[serde(default, deserialize_with = "null_default")]
    pub rules: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "null_default")]
    pub ignore: Vec<Waiver>,
}

impl Manifest {
    pub fn dictionary_path(&self) -> &str {
        self.dictionary.as_deref().unwrap_or("dictionary.yaml")
    }

    pub fn default_mode(&self) -> Mode {
        self.compatibility.unwrap_or(Mode::Backward)
    }

    pub fn policy(&self) -> Policy {
        self.policy.unwrap_or_default()
    }

    /// The draft of schemas without `$schema` (default 2020-12).
    pub fn dialect(&self) -> crate::schema::dialect::Dialect {
        self.dialect
            .as_deref()
            .and_then(crate::schema::dialect::Dialect::from_setting)
            .unwrap_or_default()
    }
}
