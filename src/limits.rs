//! Every input limit the tool enforces, in one place, each a named constant.
//!
//! Exceeding a limit is never a crash: a file over a limit becomes one
//! `invalid-yaml` finding on that file (or, for the file count, exit 2), and
//! every other file is still checked.

/// Largest YAML file read, in bytes. Real contracts are a few KB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest nesting of YAML collections (mappings and sequences) in one file.
pub const MAX_DEPTH: usize = 128;

/// Most nodes that YAML alias expansion may produce in one file (billion laughs).
pub const MAX_ALIAS_NODES: usize = 10_000;

/// Most files one workspace may select (contracts plus manifest and dictionary).
pub const MAX_FILES: usize = 200_000;

/// Most `$ref` hops followed while resolving one reference chain.
pub const MAX_REF_HOPS: usize = 64;

/// Files a contract's schema may pull in through `$ref`s to other files
/// (each read once, at the revision checked).
pub const MAX_BUNDLED_FILES: usize = 256;

/// Most schema-pair comparisons the diff engine makes for one pair of schemas
/// before it gives up and reports the comparison as too complex.
pub const MAX_DIFF_STEPS: usize = 50_000;

/// Deepest nesting of schema-pair comparisons (each nested property,
/// item or member is one level); deeper means "too complex", never a crash.
pub const MAX_DIFF_DEPTH: usize = 200;

/// Longest `pattern` (in bytes) compiled when validating examples.
pub const MAX_PATTERN_BYTES: usize = 4_096;

/// Stack size of the worker threads that parse files (deeply nested input is
/// rejected well before this matters; this is the margin).
pub const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Largest edit distance at which a "did you mean" names the nearest known
/// name (a longer name may also be up to a third of its length away).
pub const MAX_SUGGESTION_DISTANCE: usize = 2;

/// Deepest nesting of a schema walked to list the payload fields that a
/// consumer's `uses` may name, or that the dictionary rules compare.
pub const MAX_FIELD_DEPTH: usize = 64;

/// Most symbolic links followed to reach one file (inside the repository;
/// links leading out are never followed).
pub const MAX_SYMLINK_HOPS: usize = 40;

/// Most rounds of leaving out invalid dictionary entries (each round drops
/// the nodes in error; an entry left without a required key goes next).
pub const MAX_DICTIONARY_REPAIRS: usize = 8;
/// Most schema nodes the normal form of one schema may have (`$ref`s are
/// inlined where used); past it the schema is compared as written.
pub const MAX_NORMAL_NODES: usize = 20_000;

/// Deepest nesting the normal form follows (references included); past it
/// the schema is compared as written.
pub const MAX_NORMAL_DEPTH: usize = 256;

/// Deepest nesting followed by a walk over one schema value (listing its
/// `$ref`s and `pattern`s, writing its canonical meaning). Parsed input stays
/// far below it (YAML stops at `MAX_DEPTH`, JSON at serde_json's 128, a normal
/// form at `MAX_NORMAL_DEPTH`); it keeps a walk over any value off the end of
/// the stack. Past it the meaning is the exact JSON (never "the same" by
/// accident).
pub const MAX_WALK_DEPTH: usize = 512;

/// Most union branches reported one by one as no longer accepted in one
/// comparison; the rest are one `combinator-changed` change.
pub const MAX_LOST_BRANCHES: usize = 10;

/// Longest line (in characters) the human report prints; longer lines, such
/// as a one-line multi-megabyte `description` in a source snippet, are cut
/// there with a marker saying how much was left out.
pub const MAX_HUMAN_LINE_CHARS: usize = 1_000;
/// Most related places (and most listed names) a finding shows in the
/// human, markdown and GitHub reports; the rest is counted ("and 2,997
/// more"). JSON and SARIF list every place.
pub const MAX_RELATED_SHOWN: usize = 10;

/// Related places a finding carries in JSON and SARIF; beyond them,
/// `related_total` gives the count (the message names the places in words).
pub const MAX_RELATED_LOCATIONS: usize = 100;

/// Longest schema text quoted in a message (a shared field's definition);
/// longer ones end in `…`.
pub const MAX_QUOTED_SCHEMA_CHARS: usize = 120;

/// Most not-checked entries named in the one-line coverage summary of the
/// human report (the JSON and SARIF reports list all of them).
pub const MAX_COVERAGE_LINES: usize = 5;
