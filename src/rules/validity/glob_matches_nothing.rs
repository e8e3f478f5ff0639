//! `glob-matches-nothing`: a `contracts:` glob of the manifest selects no
//! file, so whatever it was meant to select goes unchecked. Reported while
//! loading.

use crate::finding::{Finding, Severity};
use crate::rules::{load_finding, with_help, Category, RuleMeta};
use crate::workspace::LoadProblem;

pub static META: RuleMeta = RuleMeta {
    id: "glob-matches-nothing",
    category: Category::Validity,
    severity: Severity::Error,
    summary: "A `contracts:` glob of the manifest matches no file",
    docs: r##"## What it does
Checks that every glob under the manifest's `contracts:` matches at least
one file of the checked side (working tree, index or commit), and names the
nearest existing folder when the glob's first folder does not exist. When
no glob selects anything the tool stops with exit 2 instead: a check of
nothing must not pass. Symbolic links to folders inside the repository are
followed (once: a loop ends there).

## Why it matters
A typo in a glob (`event/**` for `events/**`) silently removes every file
it was meant to select from the check, real problems included.

## Example
```yaml
contracts: ["events/**/*.yaml", "event/legacy/*.yaml"]   # `event/` does not exist
```

## How to fix
Correct the glob (globs are relative to the manifest's folder), or delete
it if the folder is gone.
"##,
};

/// The finding for a glob that matched nothing (found while loading).
pub fn finding(p: &LoadProblem) -> Finding {
    with_help(
        load_finding(&META, p),
        "globs are relative to the manifest's folder; correct the glob or delete it",
    )
}
