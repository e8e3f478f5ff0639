//! `dictionary-missing`: the manifest names no dictionary and neither
//! default file (`dictionary.yaml`, `dictionary.yml`) exists, so the rules
//! that need one do not run. Reported while loading.

use crate::finding::{Finding, Severity};
use crate::rules::{load_finding, with_help, Category, RuleMeta};
use crate::workspace::LoadProblem;

pub static META: RuleMeta = RuleMeta {
    id: "dictionary-missing",
    category: Category::Dictionary,
    severity: Severity::Warning,
    summary: "No dictionary was found (default `dictionary.yaml`, then `dictionary.yml`): the dictionary rules did not run",
    docs: r##"## What it does
When `contracts.yaml` has no `dictionary:` key, the dictionary is
`dictionary.yaml` in the workspace folder, else `dictionary.yml`. When
neither exists, this warning says so and lists the rules that need a
dictionary and therefore did not run (ownership against domains, concepts,
dictionary events). A `dictionary:` that is named but missing, a folder,
unreadable, a link leading out of the repository or a path outside it is
not this warning: the tool stops with exit 2, naming the path and the
nearest existing candidate.

## Why it matters
Without a dictionary every owner, consumer and shared concept goes
unchecked. A renamed or misplaced file must not turn those checks off
without a word.

## Example
```yaml
# contracts.yaml has no `dictionary:`, and the file is called dict.yaml
contracts: ["events/**/*.yaml"]
```

## How to fix
Name the file in the manifest (`dictionary: ../shared/dictionary.yaml`,
any path inside the repository), or rename it to `dictionary.yaml`, or
create one (`contract init` writes an example).
"##,
};

/// The rules that need a dictionary (they do not run without one).
pub const NEEDS_DICTIONARY: &[&str] = &[
    "unknown-domain",
    "owner-mismatch",
    "missing-contact",
    "concept-redefined",
    "concept-conflict",
    "shared-field-not-in-dictionary",
    "shared-field-conflict",
    "unknown-concept",
    "unknown-event",
    "required-fields-missing",
    "unused-concept",
];

/// The finding for a workspace without a dictionary: what did not run.
pub fn finding(p: &LoadProblem) -> Finding {
    let mut f = load_finding(&META, p);
    f.message
        .push_str(&format!("; not run: {}", NEEDS_DICTIONARY.join(", ")));
    with_help(
        f,
        "name the dictionary with `dictionary: PATH` in the manifest, or create `dictionary.yaml`",
    )
}
