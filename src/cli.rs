//! The command line: clap derive, one variant per command, dispatch to the
//! library and the choice of renderer; no check logic lives here. Each
//! command returns what to print and the exit code.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use contract::check::{self, files::DiffRequest, Request, Sides};
use contract::error::Error;
use contract::finding::FailOn;
use contract::graph::GraphFormat;
use contract::model::{Mode, Policy};
use contract::report::{self, Format};

#[derive(Parser, Debug)]
#[command(
    name = "contract",
    version,
    about = "The event-contract linter: breaking changes, ownership and shared concepts of event contracts in git"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour: auto (by NO_COLOR, CLICOLOR_FORCE, CLICOLOR, TERM=dumb and whether stdout is a terminal), always, never.
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
pub enum DiffFormat {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint every contract of the workspace and diff the changed ones against the base.
    #[command(after_long_help = contract::git::HOW_THE_BASE_IS_CHOSEN)]
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
        policy: Option<Policy>,
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
    /// Who owns, consumes and uses what: domains, events, concepts; with the
    /// change against the base (the same base as `check`) marked.
    Graph {
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
        /// The base to mark the change against (default: as `check` chooses it).
        #[arg(long)]
        base: Option<String>,
    },
    /// The responsibility matrix: per event its owner, consumers and the
    /// fields each uses; per concept its owner and events; per domain what it
    /// owns, consumes and uses.
    Matrix {
        path: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = contract::matrix::Format::Human)]
        format: contract::matrix::Format,
        /// Also show what the change adds and removes against this base (its merge base with HEAD).
        #[arg(long)]
        base: Option<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `contract man | man -l -`.
    Man,
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

    /// Exit 2, with the error rendered by miette (code, message, help).
    pub fn fatal(e: &Error) -> Self {
        Outcome {
            code: 2,
            stdout: String::new(),
            stderr: e.render(),
        }
    }
}

/// The process environment the commands read.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub cwd: PathBuf,
    /// What `--color auto` means here: the conventions (`NO_COLOR`,
    /// `CLICOLOR_FORCE`, `CLICOLOR`, `TERM=dumb`, stdout a terminal) as
    /// anstream reads them.
    pub color_auto: bool,
    pub base_context: contract::git::BaseContext,
    /// `$GITHUB_STEP_SUMMARY`: where `--format github` appends the markdown report.
    pub step_summary: Option<PathBuf>,
}

impl Env {
    /// A path from the command line, relative to the current folder (default: it).
    fn at(&self, path: Option<PathBuf>) -> PathBuf {
        path.map(|p| self.cwd.join(p))
            .unwrap_or_else(|| self.cwd.clone())
    }

    pub fn from_process() -> Self {
        Env {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            color_auto: anstream::AutoStream::choice(&std::io::stdout())
                != anstream::ColorChoice::Never,
            base_context: contract::git::BaseContext::from_env(),
            step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
        }
    }

    fn request(&self, path: Option<PathBuf>, sides: Sides) -> Request {
        Request {
            path: self.at(path),
            sides,
            context: self.base_context.clone(),
        }
    }
}

fn color_on(cli: &Cli, env: &Env) -> bool {
    match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => env.color_auto,
    }
}

/// Run one command.
pub fn run(cli: Cli, env: &Env) -> Outcome {
    let color = color_on(&cli, env);
    let quiet = cli.quiet;
    let result = match cli.command {
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
            let request = env.request(
                path,
                Sides {
                    no_diff,
                    base,
                    staged,
                    head,
                },
            );
            if write_waivers {
                contract::waivers::write(&request).map(Outcome::ok)
            } else {
                check::run_all(&request).map(|c| {
                    let provenance =
                        contract::provenance::detect(&request.path, request.sides.head.as_deref());
                    let (stdout, markdown) = report::render_checked(
                        &c,
                        format,
                        &report::RenderOptions {
                            color,
                            quiet,
                            with_markdown: format == Format::Github && env.step_summary.is_some(),
                            fail_on: fail_on.severity(),
                            provenance: Some(&provenance),
                        },
                    );
                    let stderr = match (markdown, &env.step_summary) {
                        (Some(md), Some(path)) => report::github::append_step_summary(path, &md),
                        _ => String::new(),
                    };
                    let existing = fail_on_existing || c.head.manifest.fail_on_existing;
                    let code = fail_on
                        .severity()
                        .is_some_and(|s| contract::baseline::fails(&c.findings, s, existing))
                        as i32;
                    // Freeing millions of nodes one by one costs more than the
                    // check itself on large workspaces; the process exits next.
                    std::mem::forget(c);
                    Outcome {
                        code,
                        stdout,
                        stderr,
                    }
                })
            }
        }
        Command::Impact {
            path,
            base,
            staged,
            format,
        } => {
            let sides = Sides {
                base,
                staged,
                ..Sides::default()
            };
            check::run(&env.request(path, sides))
                .map(|c| Outcome::ok(contract::impact::render(&c, format == DiffFormat::Json)))
        }
        Command::Graph { path, format, base } => {
            let sides = Sides {
                base,
                ..Sides::default()
            };
            contract::graph::run(env.request(path, sides), format).map(|(stdout, stderr)| Outcome {
                code: 0,
                stdout,
                stderr,
            })
        }
        Command::Matrix { path, format, base } => {
            let sides = Sides {
                no_diff: base.is_none(),
                base,
                ..Sides::default()
            };
            contract::matrix::run(&env.request(path, sides), format).map(Outcome::ok)
        }
        Command::Completions { shell } => Ok(Outcome::ok(completions(shell))),
        Command::Man => Ok(Outcome::ok(man_page())),
        Command::Diff {
            files,
            schema,
            mode,
            policy,
            format,
        } => diff(env, files, schema, mode, policy).map(|d| Outcome {
            code: if d.passes() { 0 } else { 1 },
            stdout: match format {
                DiffFormat::Json => report::diff::json(&d),
                DiffFormat::Human => report::diff::human(&d, color, quiet),
            },
            stderr: String::new(),
        }),
        Command::Rules { format } => Ok(Outcome::ok(report::catalog::list(
            format == DiffFormat::Json,
        ))),
        Command::Explain { rule } => report::catalog::explain_id(&rule)
            .map(Outcome::ok)
            .ok_or(Error::UnknownRule { id: rule }),
        Command::Init { dir } => {
            let dir = env.at(dir);
            contract::init::write(&dir)
                .map(|written| Outcome::ok(contract::init::summary(&dir, &written)))
        }
        Command::Schema { kind } => contract::model::schemas::by_name(&kind)
            .map(|v| {
                Outcome::ok(format!(
                    "{}\n",
                    serde_json::to_string_pretty(&v).unwrap_or_default()
                ))
            })
            .ok_or(Error::UnknownFileKind { kind }),
    };
    result.unwrap_or_else(|e| Outcome::fatal(&e))
}

/// `contract diff`: the arguments checked, then the library call.
fn diff(
    env: &Env,
    files: Vec<PathBuf>,
    schema: bool,
    mode: Option<String>,
    policy: Option<Policy>,
) -> Result<check::files::FileDiff, Error> {
    let mode = match mode {
        Some(m) => Some(Mode::parse(&m).ok_or(Error::UnknownMode { value: m })?),
        None => None,
    };
    check::files::run(&DiffRequest {
        cwd: env.cwd.clone(),
        files,
        schema,
        mode,
        policy,
    })
}

/// `contract completions SHELL`: generated from the clap definitions.
fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "contract", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// `contract man`: the man page (roff), generated from the clap definitions.
fn man_page() -> String {
    use clap::CommandFactory;
    let mut out = Vec::new();
    // Rendering into memory cannot fail.
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}
