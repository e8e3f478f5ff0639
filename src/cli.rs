//! The command line: clap derive, one variant per command, each returning
//! what to print and the exit code (the library never prints).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{json, Value};

use crate::finding::{self, Finding, Severity};
use crate::model::{Mode, Policy};
use crate::report::{self, Report, Summary};
use crate::rules::{self, compare, config};
use crate::schema::diff::{self, message};
use crate::source::SourceFile;
use crate::workspace::{self, DiskTree, Fatal, LoadedFile, Workspace};
use crate::yaml;

#[derive(Parser, Debug)]
#[command(
    name = "contract",
    version,
    about = "The event-contract linter: breaking changes, ownership and shared concepts of event contracts in git"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Print findings only (no summary line, no base line).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Markdown,
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PolicyArg {
    Lenient,
    Confluent,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint every contract of the workspace and diff the changed ones against the base.
    Check {
        /// The workspace (a folder with contracts.yaml, or below one). Default: the current folder.
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit 1 when a finding is at or above this severity.
        #[arg(long, value_enum, default_value_t = FailOn::Error)]
        fail_on: FailOn,
        /// Let findings already at the base count toward --fail-on too (by
        /// default only new and updated ones do; manifest: `fail-on-existing: true`).
        #[arg(long)]
        fail_on_existing: bool,
        /// Only lint the workspace; do not diff against a git base.
        #[arg(long)]
        no_diff: bool,
        /// The branch or commit to diff against (its merge base with HEAD).
        #[arg(long)]
        base: Option<String>,
        /// Compare the index (what a pre-commit hook sees) instead of the working tree.
        #[arg(long, conflicts_with = "head")]
        staged: bool,
        /// Compare this commit instead of the working tree.
        #[arg(long)]
        head: Option<String>,
        /// Append a waiver (with `reason: TODO`) to contracts.yaml for every
        /// current finding: for adopting the tool in an existing repository.
        #[arg(long)]
        write_waivers: bool,
    },
    /// Diff two contract files, or plain JSON Schema files with --schema.
    Diff {
        /// OLD NEW contract files; with --schema, schema files oldest first, the candidate last.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// The files are plain JSON Schemas (JSON or YAML), not contracts.
        #[arg(long)]
        schema: bool,
        /// Compatibility mode (default: the contract's, else backward).
        #[arg(long)]
        mode: Option<String>,
        /// Comparison policy (default: the manifest's, else lenient).
        #[arg(long, value_enum)]
        policy: Option<PolicyArg>,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// The consumers affected by the changes against the base (for a CI matrix).
    Impact {
        path: Option<PathBuf>,
        #[arg(long)]
        base: Option<String>,
        #[arg(long)]
        staged: bool,
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Who owns, produces and consumes what: domains → events → consumers.
    Graph {
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
        /// Highlight the events changed against this base.
        #[arg(long)]
        base: Option<String>,
    },
    /// List every rule: id, category, default severity, one line.
    Rules {
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
    /// Explain a rule: what, why, an example, how to fix.
    Explain { rule: String },
    /// Write a small, valid, commented workspace.
    Init { dir: Option<PathBuf> },
    /// Print the JSON Schema of a file kind, for editors.
    Schema {
        #[arg(value_parser = ["contract", "dictionary", "manifest"], default_value = "contract")]
        kind: String,
    },
}

/// What a command produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    fn ok(stdout: String) -> Self {
        Outcome {
            code: 0,
            stdout,
            stderr: String::new(),
        }
    }

    pub fn fatal(msg: impl std::fmt::Display) -> Self {
        Outcome {
            code: 2,
            stdout: String::new(),
            stderr: format!("error: {msg}\n"),
        }
    }
}

/// The process environment the commands read (passed in, so tests can set it).
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub cwd: PathBuf,
    pub no_color: bool,
    pub stdout_is_terminal: bool,
    pub base_context: crate::git::BaseContext,
    /// `$GITHUB_STEP_SUMMARY`: where `--format github` appends the markdown report.
    pub step_summary: Option<PathBuf>,
    /// The process exits right after the command: large workspaces need not
    /// be freed piece by piece (the operating system reclaims them at once).
    pub exit_after: bool,
}

impl Env {
    /// A path from the command line, relative to the current folder (default: it).
    fn at(&self, path: Option<PathBuf>) -> PathBuf {
        path.map(|p| self.cwd.join(p))
            .unwrap_or_else(|| self.cwd.clone())
    }

    pub fn from_process() -> Self {
        use std::io::IsTerminal;
        Env {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            stdout_is_terminal: std::io::stdout().is_terminal(),
            base_context: crate::git::BaseContext::from_env(),
            exit_after: true,
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }
}

fn color_on(cli: &Cli, env: &Env) -> bool {
    match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => env.stdout_is_terminal && !env.no_color,
    }
}

pub fn run(cli: Cli, env: &Env) -> Outcome {
    let color = color_on(&cli, env);
    let quiet = cli.quiet;
    match cli.command {
        Command::Check {
            path,
            format,
            fail_on,
            fail_on_existing,
            no_diff,
            base,
            staged,
            head,
            write_waivers,
        } => {
            let path = env.at(path);
            let side = Sides {
                no_diff,
                base,
                staged,
                head,
            };
            if write_waivers {
                return crate::waivers::write(&path, &side, &env.base_context);
            }
            check(
                &path,
                &side,
                env,
                format,
                (fail_on, fail_on_existing),
                color,
                quiet,
            )
        }
        Command::Impact {
            path,
            base,
            staged,
            format,
        } => {
            let path = env.at(path);
            let side = Sides {
                no_diff: false,
                base,
                staged,
                head: None,
            };
            match run_check(&path, &side, &env.base_context) {
                Ok(c) => Outcome::ok(crate::impact::render(&c, format == DiffFormat::Json)),
                Err(e) => Outcome::fatal(e),
            }
        }
        Command::Graph { path, format, base } => {
            let path = env.at(path);
            let side = Sides {
                no_diff: base.is_none(),
                base,
                staged: false,
                head: None,
            };
            match run_check(&path, &side, &env.base_context) {
                Ok(c) => Outcome::ok(crate::graph::render(&c, format)),
                Err(e) => Outcome::fatal(e),
            }
        }
        Command::Diff {
            files,
            schema,
            mode,
            policy,
            format,
        } => {
            let mode = match mode.as_deref().map(|m| Mode::parse(m).ok_or(m)) {
                Some(Err(m)) => {
                    return Outcome::fatal(format!(
                        "`{m}` is not a mode (backward, forward, full, none, or *_transitive)"
                    ))
                }
                Some(Ok(m)) => Some(m),
                None => None,
            };
            let policy = policy.map(|p| match p {
                PolicyArg::Lenient => Policy::Lenient,
                PolicyArg::Confluent => Policy::Confluent,
            });
            let files: Vec<PathBuf> = files.into_iter().map(|f| env.cwd.join(f)).collect();
            if schema {
                diff_schemas(
                    &env.cwd,
                    &files,
                    mode.unwrap_or(Mode::Backward),
                    policy.unwrap_or_default(),
                    format,
                    color,
                    quiet,
                )
            } else {
                diff_contracts(&env.cwd, &files, mode, policy, format, color, quiet)
            }
        }
        Command::Rules { format } => Outcome::ok(rules_list(format)),
        Command::Explain { rule } => match rules::find(&rule) {
            Some(m) => Outcome::ok(explain(m)),
            None => Outcome::fatal(format!(
                "`{rule}` is not a rule id; `contract rules` lists them"
            )),
        },
        Command::Init { dir } => {
            let dir = dir
                .map(|d| env.cwd.join(d))
                .unwrap_or_else(|| env.cwd.clone());
            match crate::init::write(&dir) {
                Ok(written) => Outcome::ok(format!(
                    "Wrote a workspace in {}:\n{}\nNext: `contract check {}`\n",
                    dir.display(),
                    written
                        .iter()
                        .map(|w| format!("  {w}\n"))
                        .collect::<String>(),
                    dir.display()
                )),
                Err(e) => Outcome::fatal(e),
            }
        }
        Command::Schema { kind } => match crate::model::schemas::by_name(&kind) {
            Some(v) => Outcome::ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )),
            None => Outcome::fatal(format!(
                "`{kind}` is not a file kind (contract, dictionary, manifest)"
            )),
        },
    }
}

fn fail_severity(f: FailOn) -> Option<Severity> {
    match f {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

fn render(format: Format, r: &Report<'_>, color: bool, quiet: bool) -> String {
    match format {
        Format::Human => report::human::render(r, color, quiet),
        Format::Json => report::json::render(r),
        Format::Sarif => report::sarif::render(r),
        Format::Github => report::github::render(r),
        Format::Markdown => report::markdown::render(r),
        Format::Junit => report::junit::render(r),
    }
}

fn source_lookup(files: &[LoadedFile]) -> impl Fn(&str) -> Option<Arc<str>> + '_ {
    move |p: &str| {
        files
            .iter()
            .find(|f| f.source.path == p)
            .map(|f| f.source.text.clone())
    }
}

/// Which two sides `check` compares.
pub struct Sides {
    pub no_diff: bool,
    pub base: Option<String>,
    pub staged: bool,
    pub head: Option<String>,
}

/// Everything `check` found, before rendering.
pub struct Checked {
    pub head: Workspace,
    pub base_ws: Option<Workspace>,
    pub base: Option<report::BaseInfo>,
    pub findings: Vec<Finding>,
    pub changed: Vec<String>,
    /// The base's findings that are gone.
    pub absent: Vec<Finding>,
}

/// Load both sides and run the check.
pub fn run_check(
    path: &Path,
    sides: &Sides,
    ctx: &crate::git::BaseContext,
) -> Result<Checked, Fatal> {
    let located = workspace::locate(path)?;
    if sides.no_diff {
        let tree = DiskTree {
            root: located.repo_root.clone(),
        };
        let head = crate::timing::stage("load workspace", || Workspace::load(&tree, &located.dir))?;
        let out = crate::check::run(&head, None, &Default::default());
        let findings = config::finish(&head.manifest, head.manifest_file(), out.findings);
        return Ok(Checked {
            head,
            base_ws: None,
            base: None,
            findings,
            changed: out.changed,
            absent: Vec::new(),
        });
    }
    if !located.in_git {
        return Err(Fatal(format!(
            "{} is not inside a git repository, so there is no base to diff against; run `contract check --no-diff` to lint only",
            located.repo_root.display()
        )));
    }
    let repo = crate::git::open(&located.repo_root)?;
    let head_oid = crate::git::head_commit(&repo, sides.head.as_deref())?;
    // The manifest's `base` is read from the side being checked.
    let head: Workspace =
        crate::timing::stage("load workspace", || -> Result<Workspace, Fatal> {
            if sides.staged {
                Workspace::load(
                    &crate::git::GitTree::of_index(&located.repo_root)?,
                    &located.dir,
                )
            } else if sides.head.is_some() {
                Workspace::load(
                    &crate::git::GitTree::of_commit(&located.repo_root, head_oid)?,
                    &located.dir,
                )
            } else {
                Workspace::load(
                    &DiskTree {
                        root: located.repo_root.clone(),
                    },
                    &located.dir,
                )
            }
        })?;
    let base = crate::git::resolve_base(
        &repo,
        sides.base.as_deref(),
        head.manifest.base.as_deref(),
        ctx,
        head_oid,
    )?;
    drop(repo);
    let base_tree = crate::git::GitTree::of_commit(&located.repo_root, base.merge_base)?;
    let base_ws = if base_tree.has(&workspace::join(&located.dir, workspace::MANIFEST)) {
        crate::timing::stage("load base", || {
            Workspace::load_reusing(&base_tree, &located.dir, Some(&head))
        })
        .map_err(|e| Fatal(format!("at the base {}: {e}", base.info.merge_base)))?
    } else {
        Workspace {
            dir: located.dir.clone(),
            ..Default::default()
        }
    };
    // Earlier versions, for contracts under a transitive mode.
    let old_paths: std::collections::BTreeMap<&str, String> = base_ws
        .contracts
        .iter()
        .map(|c| {
            (
                c.contract.event.as_str(),
                base_ws.contract_file(c).source.path.clone(),
            )
        })
        .collect();
    let wanted: Vec<(String, String)> = head
        .contracts
        .iter()
        .filter(|c| crate::check::mode_of(&head, c).is_transitive())
        .filter_map(|c| {
            old_paths
                .get(c.contract.event.as_str())
                .map(|p| (c.contract.event.clone(), p.clone()))
        })
        .collect();
    let concepts = base_ws
        .dictionary
        .as_ref()
        .map(|d| d.concepts.clone())
        .unwrap_or_default();
    let history = crate::git::history(&located.repo_root, base.merge_base, &wanted, &concepts)?;
    let out = crate::timing::stage("compare and lint", || {
        crate::check::run(&head, Some(&base_ws), &history)
    });
    let mut findings = config::finish(&head.manifest, head.manifest_file(), out.findings);
    let absent = out.base_findings.map_or_else(Vec::new, |b| {
        crate::baseline::against_base(&mut findings, &base_ws, b)
    });
    Ok(Checked {
        head,
        base_ws: Some(base_ws),
        base: Some(base.info),
        findings,
        changed: out.changed,
        absent,
    })
}

/// `contract check`.
#[allow(clippy::too_many_arguments)]
fn check(
    path: &Path,
    sides: &Sides,
    env: &Env,
    format: Format,
    (fail_on, fail_on_existing): (FailOn, bool),
    color: bool,
    quiet: bool,
) -> Outcome {
    let c = match run_check(path, sides, &env.base_context) {
        Ok(c) => c,
        Err(e) => return Outcome::fatal(e),
    };
    let mut summary = Summary::new(
        c.head.contract_paths.len(),
        c.changed.len(),
        finding::counts(&c.findings),
    );
    if c.base.is_some() {
        summary.baseline = Some(crate::baseline::state_counts(&c.findings, &c.absent));
    }
    let (stdout, stderr) = {
        let lookup = source_lookup(&c.head.files);
        let empty: Vec<LoadedFile> = Vec::new();
        let base_lookup = source_lookup(c.base_ws.as_ref().map_or(&empty, |b| &b.files));
        let r = Report {
            base: c.base.as_ref(),
            findings: &c.findings,
            absent: &c.absent,
            summary,
            sources: &lookup,
            base_sources: &base_lookup,
            dictionary: c.head.dictionary.as_ref(),
        };
        let stdout = crate::timing::stage("render", || render(format, &r, color, quiet));
        let mut stderr = String::new();
        if let (Format::Github, Some(summary)) = (format, &env.step_summary) {
            use std::io::Write;
            let md = report::markdown::render(&r);
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(summary)
                .and_then(|mut f| f.write_all(md.as_bytes()));
            if let Err(e) = written {
                stderr.push_str(&format!(
                    "warning: could not append to $GITHUB_STEP_SUMMARY ({}): {e}\n",
                    summary.display()
                ));
            }
        }
        (stdout, stderr)
    };
    let code = match fail_severity(fail_on) {
        Some(s)
            if crate::baseline::fails(
                &c.findings,
                s,
                fail_on_existing || c.head.manifest.fail_on_existing,
            ) =>
        {
            1
        }
        _ => 0,
    };
    if env.exit_after {
        // Freeing millions of nodes one by one costs more than the check
        // itself on large workspaces; the process is about to exit.
        std::mem::forget(c);
    }
    Outcome {
        code,
        stdout,
        stderr,
    }
}

/// Read a standalone file (a schema or a contract) for `diff`.
fn load_standalone(path: &Path, cwd: &Path) -> Result<LoadedFile, Fatal> {
    let (shown, bytes) = match std::fs::read(path) {
        Ok(b) => (
            path.strip_prefix(cwd)
                .unwrap_or(path)
                .to_string_lossy()
                .to_string(),
            b,
        ),
        Err(e) => {
            let spec = path
                .strip_prefix(cwd)
                .unwrap_or(path)
                .to_string_lossy()
                .to_string();
            if spec.contains(':') && !path.exists() {
                crate::git::read_rev_path(cwd, &spec)?
            } else {
                return Err(Fatal(format!("cannot read {}: {e}", path.display())));
            }
        }
    };
    if bytes.len() as u64 > crate::limits::MAX_FILE_BYTES {
        return Err(Fatal(format!(
            "{shown} is over the limit of {} bytes (MAX_FILE_BYTES)",
            crate::limits::MAX_FILE_BYTES
        )));
    }
    let text = yaml::decode(&bytes).map_err(|e| Fatal(format!("{shown}: {}", e.message)))?;
    let parsed = if shown.ends_with(".json") {
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => yaml::parse(&text).unwrap_or(yaml::Parsed {
                value: v,
                index: Default::default(),
            }),
            Err(_) => yaml::parse(&text).map_err(|e| Fatal(format!("{shown}: {}", e.message)))?,
        }
    } else {
        yaml::parse(&text).map_err(|e| {
            Fatal(format!(
                "{shown}{}: {}",
                e.pos
                    .map(|p| format!(":{}:{}", p.line, p.col))
                    .unwrap_or_default(),
                e.message
            ))
        })?
    };
    Ok(LoadedFile {
        source: SourceFile::new(shown, text),
        parsed: Some(Arc::new(parsed)),
        content_id: None,
    })
}

fn change_json(c: &diff::Change) -> Value {
    let mut v = json!({
        "kind": c.kind.id(),
        "pointer": c.pointer,
        "breaks": c.breaks.names(),
        "message": message::describe(c),
        "detail": c.label,
    });
    if let Some(o) = &c.old {
        v["old"] = o.clone();
    }
    if let Some(n) = &c.new {
        v["new"] = n.clone();
    }
    if let Some(m) = c.content_model {
        v["content_model"] = Value::String(m.to_string());
    }
    if c.advisory {
        v["advisory"] = Value::Bool(true);
    }
    v
}

/// The comparisons a mode asks for: (index of the earlier file, is-latest).
fn comparisons(n: usize, mode: Mode) -> Vec<usize> {
    if mode.is_transitive() {
        (0..n - 1).rev().collect()
    } else {
        vec![n - 2]
    }
}

#[allow(clippy::too_many_arguments)]
fn diff_output(
    files: &[LoadedFile],
    values: &[Value],
    prefix: &str,
    mode: Mode,
    policy: Policy,
    event: Option<&str>,
    consumers: &[crate::model::contract::Consumer],
    extra_findings: Vec<Finding>,
    format: DiffFormat,
    color: bool,
    quiet: bool,
) -> Outcome {
    let n = files.len();
    let new = &files[n - 1];
    let mut findings = extra_findings;
    let mut compatible = true;
    let mut history = Vec::new();
    let mut latest_changes = Vec::new();
    for i in comparisons(n, mode) {
        let changes = diff::diff(&values[i], &values[n - 1], policy);
        let ok = diff::compatible(&changes, mode);
        compatible &= ok;
        history.push(json!({"file": files[i].source.path, "compatible": ok}));
        let against = if n > 2 {
            Some(files[i].source.path.as_str())
        } else {
            None
        };
        let mut fs = compare::change_findings(
            &changes,
            mode,
            policy,
            event,
            compare::Side { file: new, prefix },
            compare::Side {
                file: &files[i],
                prefix,
            },
            consumers,
            against,
        );
        if i != n - 2 {
            // Against older versions only the breaks matter.
            fs.retain(|f| {
                f.category == rules::Category::Breaking && f.severity >= Severity::Warning
            });
        } else {
            latest_changes = changes;
        }
        findings.extend(fs);
    }
    finding::sort(&mut findings);
    let stdout = match format {
        DiffFormat::Json => {
            let mut v = json!({
                "version": 1,
                "mode": mode.as_str(),
                "policy": policy.as_str(),
                "compatible": compatible,
                "changes": latest_changes.iter().map(change_json).collect::<Vec<_>>(),
                "findings": findings,
            });
            if mode.is_transitive() {
                v["history"] = Value::Array(history);
            }
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
        DiffFormat::Human => {
            let lookup = source_lookup(files);
            let r = Report {
                base: None,
                findings: &findings,
                absent: &[],
                summary: Summary::new(1, 1, finding::counts(&findings)),
                sources: &lookup,
                base_sources: &lookup,
                dictionary: None,
            };
            let mut s = String::new();
            if !quiet {
                s.push_str(&format!(
                    "{} → {} under `{}` ({} policy): {}\n\n",
                    files[n - 2].source.path,
                    new.source.path,
                    mode,
                    policy,
                    if compatible {
                        "compatible"
                    } else {
                        "INCOMPATIBLE"
                    }
                ));
            }
            s.push_str(&report::human::render(&r, color, true));
            if !quiet {
                s.push_str(&report::markdown::unified(
                    &files[n - 2].source.text,
                    &new.source.text,
                    &files[n - 2].source.path,
                    &new.source.path,
                ));
            }
            s
        }
    };
    Outcome {
        code: if compatible { 0 } else { 1 },
        stdout,
        stderr: String::new(),
    }
}

/// `contract diff --schema A [B ...] NEW`.
fn diff_schemas(
    cwd: &Path,
    paths: &[PathBuf],
    mode: Mode,
    policy: Policy,
    format: DiffFormat,
    color: bool,
    quiet: bool,
) -> Outcome {
    let mut files = Vec::new();
    for p in paths {
        match load_standalone(p, cwd) {
            Ok(f) => files.push(f),
            Err(e) => return Outcome::fatal(e),
        }
    }
    let values: Vec<Value> = files
        .iter()
        .map(|f| {
            f.parsed
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or(Value::Null)
        })
        .collect();
    let mut extra = Vec::new();
    for (f, v) in files.iter().zip(&values) {
        for p in crate::schema::resolve::check_refs(v, None) {
            let (meta, msg) = match &p {
                crate::schema::resolve::RefProblem::Forbidden { reference, .. } => (
                    &rules::validity::forbidden_ref::META,
                    format!("`$ref: {reference}` points outside this file; nothing is ever fetched (read as an empty schema)"),
                ),
                crate::schema::resolve::RefProblem::Unresolved { reference, why, .. } => (
                    &rules::validity::unresolved_ref::META,
                    format!("`$ref: {reference}` cannot be resolved: {why}"),
                ),
                crate::schema::resolve::RefProblem::UnknownConcept { name, .. } => (
                    &rules::dictionary::unknown_concept::META,
                    format!("`concept:{name}` cannot be resolved outside a workspace"),
                ),
            };
            extra.push(rules::finding_at(meta, f, p.pointer(), None, msg));
        }
    }
    diff_output(
        &files,
        &values,
        "",
        mode,
        policy,
        None,
        &[],
        extra,
        format,
        color,
        quiet,
    )
}

/// `contract diff OLD NEW` on contract files (resolved against the workspace
/// each file sits in, when there is one).
fn diff_contracts(
    cwd: &Path,
    paths: &[PathBuf],
    mode: Option<Mode>,
    policy: Option<Policy>,
    format: DiffFormat,
    color: bool,
    quiet: bool,
) -> Outcome {
    let mut files = Vec::new();
    let mut contracts = Vec::new();
    let mut ws_policy = None;
    for p in paths {
        let f = match load_standalone(p, cwd) {
            Ok(f) => f,
            Err(e) => return Outcome::fatal(e),
        };
        let value = f
            .parsed
            .as_ref()
            .map(|p| p.value.clone())
            .unwrap_or(Value::Null);
        let c = match workspace::contract_from(&value) {
            Ok(c) => c,
            Err(problems) => {
                return Outcome::fatal(format!(
                    "{} is not a valid contract: {}",
                    f.source.path,
                    problems
                        .iter()
                        .map(|p| format!(
                            "{} ({})",
                            p.message,
                            if p.pointer.is_empty() {
                                "/"
                            } else {
                                &p.pointer
                            }
                        ))
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            }
        };
        // Resolve `concept:` refs through the workspace around the file, if any.
        let resolved = match workspace::locate(if p.exists() { p } else { cwd })
            .ok()
            .and_then(|l| {
                let tree = DiskTree {
                    root: l.repo_root.clone(),
                };
                Workspace::load(&tree, &l.dir).ok()
            }) {
            Some(ws) => {
                ws_policy = ws_policy.or(ws.manifest.policy);
                match &ws.dictionary {
                    Some(d) => crate::schema::resolve::inline_concepts(&c.schema, &d.concepts),
                    None => c.schema.clone(),
                }
            }
            None => c.schema.clone(),
        };
        files.push(f);
        contracts.push((c, resolved));
    }
    let last = &contracts[contracts.len() - 1].0;
    let mode = mode.or(last.compatibility).unwrap_or(Mode::Backward);
    let policy = policy.or(ws_policy).unwrap_or_default();
    let values: Vec<Value> = contracts.iter().map(|(_, r)| r.clone()).collect();
    let consumers = last.consumers.clone();
    let event = last.event.clone();
    diff_output(
        &files,
        &values,
        "/schema",
        mode,
        policy,
        Some(&event),
        &consumers,
        Vec::new(),
        format,
        color,
        quiet,
    )
}

fn rules_list(format: DiffFormat) -> String {
    match format {
        DiffFormat::Json => {
            let v: Vec<Value> = rules::ALL
                .iter()
                .map(|r| json!({"id": r.id, "category": r.category.as_str(), "severity": r.severity.as_str(), "summary": r.summary}))
                .collect();
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
        }
        DiffFormat::Human => {
            let mut s = String::new();
            let mut last = None;
            for r in rules::ALL {
                if last != Some(r.category) {
                    s.push_str(&format!("\n{}\n", r.category.as_str()));
                    last = Some(r.category);
                }
                s.push_str(&format!(
                    "  {:<32} {:<8} {}\n",
                    r.id,
                    r.severity.as_str(),
                    r.summary
                ));
            }
            s.push_str("\n`contract explain RULE` explains one rule.\n");
            s.trim_start().to_string()
        }
    }
}

fn explain(m: &rules::RuleMeta) -> String {
    format!(
        "# {}\n\ncategory: {} · default severity: {}\n\n{}\n\n{}",
        m.id,
        m.category.as_str(),
        m.severity.as_str(),
        m.summary,
        m.docs
    )
}
