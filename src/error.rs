//! Why the tool could not do its job (exit 2): one variant per reason, each
//! with a stable code and, where there is one, the fix.

use std::path::PathBuf;

use miette::Diagnostic;
use thiserror::Error as ThisError;

/// Everything that stops a command before it can report findings.
#[derive(Debug, Clone, PartialEq, Eq, ThisError, Diagnostic)]
pub enum Error {
    #[error("{} is not inside a git repository, so there is no base to diff against", path.display())]
    #[diagnostic(
        code(contract::not_in_git),
        help("run `contract check --no-diff` to lint only")
    )]
    NotInGit { path: PathBuf },

    #[error("no contracts.yaml found in {} or any folder above it{scope}", start.display())]
    #[diagnostic(
        code(contract::no_workspace),
        help("run `contract init` to create a workspace")
    )]
    NoWorkspace { start: PathBuf, scope: &'static str },

    #[error("cannot read {path}: {reason}")]
    #[diagnostic(code(contract::unreadable))]
    Unreadable { path: String, reason: String },

    #[error("cannot write {path}: {reason}")]
    #[diagnostic(code(contract::unwritable))]
    Unwritable { path: String, reason: String },

    #[error("{path} exists already; nothing more written")]
    #[diagnostic(
        code(contract::already_exists),
        help("`contract init` writes only into a folder without a workspace")
    )]
    AlreadyExists { path: String },

    #[error("{path} is {size} bytes, over the limit of {limit} bytes (MAX_FILE_BYTES)")]
    #[diagnostic(code(contract::too_large))]
    TooLarge { path: String, size: u64, limit: u64 },

    #[error("{path} disappeared while being read")]
    #[diagnostic(code(contract::vanished), help("run the command again"))]
    Vanished { path: String },

    #[error("{path} cannot be read: {reason}")]
    #[diagnostic(
        code(contract::manifest_unreadable),
        help("fix the manifest at the position shown; `contract schema manifest` describes it")
    )]
    ManifestUnreadable { path: String, reason: String },

    #[error("the dictionary {path} cannot be read: {reason}")]
    #[diagnostic(code(contract::dictionary_unreadable))]
    DictionaryUnreadable { path: String, reason: String },

    #[error("the dictionary {path} named in {manifest} does not exist")]
    #[diagnostic(
        code(contract::dictionary_missing),
        help("fix `dictionary:` in the manifest, or create the file")
    )]
    DictionaryMissing { path: String, manifest: String },

    #[error("{count} contract files selected, over the limit of {limit} (MAX_FILES)")]
    #[diagnostic(
        code(contract::too_many_files),
        help("narrow `contracts:` in the manifest")
    )]
    TooManyFiles { count: usize, limit: usize },

    #[error("git: {what}: {message}")]
    #[diagnostic(code(contract::git))]
    Git { what: String, message: String },

    #[error("the repository has no commits yet, so there is no base to compare with")]
    #[diagnostic(
        code(contract::no_commits),
        help("commit first, or run with `--no-diff`")
    )]
    NoCommits,

    #[error("`{spec}` names no commit")]
    #[diagnostic(code(contract::unknown_revision))]
    UnknownRevision { spec: String },

    #[error("the base `{name}` does not exist here")]
    #[diagnostic(
        code(contract::base_not_found),
        help("fetch it first (`git fetch origin {fetch}`), or pass another `--base`")
    )]
    BaseNotFound { name: String, fetch: String },

    #[error("no base branch found")]
    #[diagnostic(
        code(contract::no_base),
        help("pass `--base REF`, set `base:` in contracts.yaml, or fetch the default branch (`git fetch origin main`); `--no-diff` lints without a base")
    )]
    NoBase,

    #[error("no merge base between `{reference}` and HEAD: this clone is shallow")]
    #[diagnostic(
        code(contract::shallow_clone),
        help(
            "run `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout)"
        )
    )]
    ShallowClone { reference: String },

    #[error("`{reference}` and HEAD share no history, so there is no merge base to compare with")]
    #[diagnostic(code(contract::unrelated_histories), help("pass another `--base`"))]
    UnrelatedHistories { reference: String },

    #[error("`{spec}` is neither a file nor REV:path")]
    #[diagnostic(code(contract::no_such_file))]
    NoSuchFile { spec: String },

    #[error("`{path}` does not exist at `{rev}`")]
    #[diagnostic(code(contract::not_at_revision))]
    NotAtRevision { path: String, rev: String },

    #[error("{path}: {message}")]
    #[diagnostic(code(contract::unparsable))]
    Unparsable { path: String, message: String },

    #[error("{path} is not a valid contract: {problems}")]
    #[diagnostic(
        code(contract::not_a_contract),
        help("`contract schema contract` describes the file")
    )]
    NotAContract { path: String, problems: String },

    #[error("`{value}` is not a mode")]
    #[diagnostic(
        code(contract::unknown_mode),
        help("modes: backward, forward, full, none, and their *_transitive forms")
    )]
    UnknownMode { value: String },

    #[error("`{id}` is not a rule id")]
    #[diagnostic(code(contract::unknown_rule), help("`contract rules` lists them"))]
    UnknownRule { id: String },

    #[error("`{kind}` is not a file kind")]
    #[diagnostic(
        code(contract::unknown_file_kind),
        help("kinds: contract, dictionary, manifest")
    )]
    UnknownFileKind { kind: String },

    #[error("cannot write waivers: {reason}")]
    #[diagnostic(code(contract::waivers_refused))]
    WaiversRefused { reason: String },

    #[error("at the base {commit}: {inner}")]
    #[diagnostic(code(contract::at_base))]
    AtBase { commit: String, inner: Box<Error> },

    #[error("internal error (a bug in contract: please report it with the input that caused it)")]
    #[diagnostic(code(contract::internal))]
    Internal,
}

impl Error {
    /// The error for people, from its miette diagnostic: one line
    /// `error[code]: message` (as rustc and cargo print them), then the
    /// fix on a `help:` line.
    pub fn render(&self) -> String {
        let code = self.code().map(|c| c.to_string()).unwrap_or_default();
        let mut out = format!("error[{code}]: {self}\n");
        if let Some(help) = self.help() {
            out.push_str(&format!("  help: {help}\n"));
        }
        out
    }

    /// A failure of the git library while doing `what`.
    pub fn git(what: impl Into<String>, e: &git2::Error) -> Error {
        Error::Git {
            what: what.into(),
            message: e.message().to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
