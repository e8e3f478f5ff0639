//! The coverage record: what a check was asked to check and what it could
//! not, with the reason. Every stage that skips something says so here, and
//! each entry names the finding that reports it (or the run exits 2), so
//! nothing partial reads as "compatible" or "clean". Every output format
//! shows it.

use serde::Serialize;

use crate::finding::Finding;
use crate::git::BaseInfo;
use crate::workspace::Workspace;

/// What kind of thing was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// A file that could not be read or parsed.
    File,
    /// A contract that could not be read as a contract.
    Contract,
    /// The dictionary, or part of it.
    Dictionary,
    /// A part of a schema (a keyword, a reference) that was not compared.
    Schema,
    /// The comparison with a base.
    Base,
}

/// One thing that was not checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct NotChecked {
    pub scope: Scope,
    /// The file, and the place in it when there is one (`file#/pointer`).
    pub what: String,
    pub reason: String,
    /// The rule of the finding that reports it; `None` only when nothing
    /// was asked to be checked there (e.g. `--no-diff`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
}

/// What a check covered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Files read on the checked side (manifest, dictionary, contracts).
    pub files: usize,
    /// Files selected as contracts.
    pub contracts: usize,
    /// Contracts present on both sides and compared.
    pub compared: usize,
    /// The base compared against, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<BaseInfo>,
    pub not_checked: Vec<NotChecked>,
    /// Facts about the run worth a line (e.g. the base had no workspace).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The rules whose findings mean "this part was not checked".
const NOT_CHECKED_BY: &[(&str, Scope)] = &[
    ("invalid-yaml", Scope::File),
    ("invalid-contract", Scope::Contract),
    ("invalid-dictionary", Scope::Dictionary),
    ("forbidden-ref", Scope::Schema),
    ("unresolved-ref", Scope::Schema),
    ("comparison-incomplete", Scope::Schema),
];

impl Coverage {
    /// The coverage of one loaded side, from what loading and the checks
    /// could not do (as their findings say).
    pub fn of_side(ws: &Workspace, findings: &[Finding]) -> Coverage {
        let mut not_checked: Vec<NotChecked> = findings
            .iter()
            .filter_map(|f| {
                let (_, scope) = NOT_CHECKED_BY.iter().find(|(id, _)| *id == f.rule)?;
                Some(NotChecked {
                    scope: *scope,
                    what: if f.pointer.is_empty() {
                        f.file.clone()
                    } else {
                        format!("{}#{}", f.file, f.pointer)
                    },
                    reason: f.message.clone(),
                    reported_by: Some(f.rule.clone()),
                })
            })
            .collect();
        not_checked.sort();
        not_checked.dedup();
        Coverage {
            files: ws.files.len(),
            contracts: ws.contract_paths.len(),
            compared: 0,
            base: None,
            not_checked,
            notes: Vec::new(),
        }
    }

    /// One line for people: what was checked, and how much was not.
    pub fn line(&self) -> String {
        let mut s = format!(
            "checked {} file{} ({} contract{}",
            self.files,
            plural(self.files),
            self.contracts,
            plural(self.contracts)
        );
        if self.base.is_some() {
            s.push_str(&format!(", {} compared with the base", self.compared));
        }
        s.push(')');
        if self.not_checked.is_empty() {
            s.push_str("; nothing left unchecked");
        } else {
            s.push_str(&format!("; not checked: {}", self.not_checked.len()));
            let parts: Vec<String> = self
                .not_checked
                .iter()
                .take(crate::limits::MAX_COVERAGE_LINES)
                .map(|n| {
                    format!(
                        "{} ({})",
                        n.what,
                        n.reported_by.as_deref().unwrap_or("not asked")
                    )
                })
                .collect();
            s.push_str(&format!(" — {}", parts.join(", ")));
            let more = self
                .not_checked
                .len()
                .saturating_sub(crate::limits::MAX_COVERAGE_LINES);
            if more > 0 {
                s.push_str(&format!(" and {more} more"));
            }
        }
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
