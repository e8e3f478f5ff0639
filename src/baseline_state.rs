//! The state of a finding against the base (new, unchanged, updated,
//! absent): a leaf module, so findings can carry it without importing the
//! classification (`baseline.rs`).

use serde::Serialize;

/// How a finding compares with the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Not at the base: the change brought it.
    New,
    /// At the base, the same.
    Unchanged,
    /// At the base with the same fingerprint, but another message or severity.
    Updated,
    /// At the base only: the change fixed it.
    Absent,
}

impl State {
    /// The SARIF `baselineState` value (the same words).
    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Unchanged => "unchanged",
            State::Updated => "updated",
            State::Absent => "absent",
        }
    }

    /// Does a finding in this state count toward `--fail-on` by default?
    pub fn gates(self) -> bool {
        matches!(self, State::New | State::Updated)
    }
}
