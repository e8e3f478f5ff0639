//! `not-checked`: a path inside the workspace that the check cannot read
//! (a git submodule, a symbolic link), said out loud instead of skipped.

use crate::finding::{Finding, Severity};
use crate::rules::{load_finding, with_help, Category, RuleMeta};
use crate::workspace::LoadProblem;

pub static META: RuleMeta = RuleMeta {
    id: "not-checked",
    category: Category::Validity,
    severity: Severity::Warning,
    summary: "A path in the workspace is not checked: a git submodule or a symbolic link",
    docs: r##"## What it does
Reports a path inside the workspace whose contracts the check does not read:

- a **git submodule**: its files belong to another repository, at the commit
  recorded in this one. Neither `contract check` nor `contract check --staged`
  reads into it (the working tree and the index would disagree), so its
  contracts are not checked here;
- a **symbolic link** a contract pattern selects that leads out of the
  repository (or to nothing): links are followed only inside the repository,
  so nothing outside it is ever read.

## Why it matters
A gate that skips files silently passes breaking changes without a word.
This finding says which files were not judged and why.

## Example
```text
events/vendor      (a submodule: git submodule add ../vendor-events events/vendor)
events/link.yaml   (a symbolic link to ../../other-repo/order.yaml)
```

## How to fix
Check the submodule's contracts in its own repository (run `contract check`
there), or copy the contracts into this workspace; replace a link leading
out of the repository with the file itself. To accept it, waive the finding in `contracts.yaml`
(`ignore: [{ rule: not-checked, reason: ... }]`).
"##,
};

/// The finding for a path loading could not read (`LoadRule::NotChecked`).
pub fn finding(p: &LoadProblem) -> Finding {
    let help = if p.message.contains("submodule") {
        "check its contracts in the submodule's own repository, or waive this finding"
    } else {
        "replace the link with the file itself, or waive this finding"
    };
    with_help(load_finding(&META, p), help)
}
