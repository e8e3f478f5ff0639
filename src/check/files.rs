//! `contract diff`: compare standalone files — two contracts, or a history
//! of plain JSON Schemas — under a mode and policy. Each file may be a path
//! or `REV:path`. Pure of printing: returns a [`FileDiff`] for the reporters.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::error::Error;
use crate::finding::{self, Finding, Severity};
use crate::model::contract::Consumer;
use crate::model::{Mode, Policy};
use crate::rules::{self, compare};
use crate::schema::dialect::{comparable, Dialect};
use crate::schema::diff;
use crate::schema::resolve::{self, RefProblem};
use crate::source::SourceFile;
use crate::workspace::{self, DiskTree, LoadedFile, Workspace};
use crate::yaml;

/// What `contract diff` was asked.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    pub cwd: PathBuf,
    /// Oldest first; the last is the candidate.
    pub files: Vec<PathBuf>,
    /// Plain JSON Schemas rather than contracts.
    pub schema: bool,
    pub mode: Option<Mode>,
    pub policy: Option<Policy>,
}

/// The comparison of the candidate with one earlier file.
#[derive(Debug, Clone)]
pub struct Against {
    pub file: String,
    pub compatible: bool,
}

/// What `contract diff` found.
pub struct FileDiff {
    pub files: Vec<LoadedFile>,
    pub mode: Mode,
    pub policy: Policy,
    pub compatible: bool,
    /// The typed changes between the candidate and the file before it.
    pub changes: Vec<diff::Change>,
    pub findings: Vec<Finding>,
    /// Under a transitive mode: each earlier file and its verdict.
    pub history: Vec<Against>,
}

impl FileDiff {
    /// Does the diff pass? Compatible, and nothing in error beside it (a
    /// reference that could not be followed is not a pass).
    pub fn passes(&self) -> bool {
        self.compatible
            && !self
                .findings
                .iter()
                .any(|f| f.severity >= crate::finding::Severity::Error)
    }
}

/// Run `contract diff`.
pub fn run(request: &DiffRequest) -> Result<FileDiff, Error> {
    let paths: Vec<PathBuf> = request.files.iter().map(|f| request.cwd.join(f)).collect();
    if request.schema {
        diff_schemas(&request.cwd, &paths, request.mode, request.policy)
    } else {
        diff_contracts(&request.cwd, &paths, request.mode, request.policy)
    }
}

/// Read a standalone file (a schema or a contract).
fn load_standalone(path: &Path, cwd: &Path) -> Result<LoadedFile, Error> {
    let shown = path
        .strip_prefix(cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .to_string();
    let (shown, bytes) = match std::fs::read(path) {
        Ok(b) => (shown, b),
        Err(e) => {
            if shown.contains(':') && !path.exists() {
                crate::git::read_rev_path(cwd, &shown)?
            } else {
                return Err(Error::Unreadable {
                    path: path.display().to_string(),
                    reason: e.to_string(),
                });
            }
        }
    };
    if bytes.len() as u64 > crate::limits::MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: shown,
            size: bytes.len() as u64,
            limit: crate::limits::MAX_FILE_BYTES,
        });
    }
    let unparsable = |message: String| Error::Unparsable {
        path: shown.clone(),
        message,
    };
    let text = yaml::decode(&bytes).map_err(|e| unparsable(e.message))?;
    let as_json = shown
        .ends_with(".json")
        .then(|| serde_json::from_str::<Value>(&text).ok())
        .flatten();
    let parsed = match (yaml::parse(&text), as_json) {
        (Ok(p), _) => p,
        // Valid JSON that the YAML reader refuses: keep the value, no spans.
        (Err(_), Some(value)) => yaml::Parsed {
            value,
            index: Default::default(),
        },
        (Err(e), None) => {
            return Err(unparsable(format!(
                "{}{}",
                e.pos
                    .map(|p| format!("{}:{}: ", p.line, p.col))
                    .unwrap_or_default(),
                e.message
            )))
        }
    };
    Ok(LoadedFile {
        source: SourceFile::new(shown, text),
        parsed: Some(Arc::new(parsed)),
        content_id: None,
    })
}

fn value_of(f: &LoadedFile) -> Value {
    f.parsed
        .as_ref()
        .map(|p| p.value.clone())
        .unwrap_or(Value::Null)
}

/// The indexes of the earlier files the candidate is compared with, newest
/// first: all of them under a transitive mode, else the one before it.
fn comparisons(n: usize, mode: Mode) -> Vec<usize> {
    if mode.is_transitive() {
        (0..n - 1).rev().collect()
    } else {
        vec![n - 2]
    }
}

/// The comparison itself, shared by both kinds of file.
struct Inputs<'a> {
    files: Vec<LoadedFile>,
    values: Vec<Value>,
    /// Where the schema sits in each file (`/schema` in a contract).
    prefix: &'a str,
    mode: Mode,
    policy: Policy,
    event: Option<String>,
    consumers: Vec<Consumer>,
    findings: Vec<Finding>,
}

fn compare_files(inputs: Inputs<'_>) -> FileDiff {
    let Inputs {
        files,
        values,
        prefix,
        mode,
        policy,
        event,
        consumers,
        mut findings,
    } = inputs;
    let n = files.len();
    let new = &files[n - 1];
    let mut compatible = true;
    let mut history = Vec::new();
    let mut latest_changes = Vec::new();
    for i in comparisons(n, mode) {
        let changes = diff::diff(
            &comparable(&values[i], Dialect::default()),
            &comparable(&values[n - 1], Dialect::default()),
            policy,
        );
        let ok = diff::compatible(&changes, mode);
        compatible &= ok;
        history.push(Against {
            file: files[i].source.path.clone(),
            compatible: ok,
        });
        let against = (n > 2).then(|| files[i].source.path.as_str());
        let mut found = compare::change_findings(
            &changes,
            mode,
            policy,
            event.as_deref(),
            compare::Side { file: new, prefix },
            compare::Side {
                file: &files[i],
                prefix,
            },
            &consumers,
            against,
        );
        if i != n - 2 {
            // Against older versions only the breaks matter.
            found.retain(|f| {
                f.category == rules::Category::Breaking && f.severity >= Severity::Warning
            });
        } else {
            latest_changes = changes;
        }
        findings.extend(found);
    }
    finding::sort(&mut findings);
    FileDiff {
        files,
        mode,
        policy,
        compatible,
        changes: latest_changes,
        findings,
        history: if mode.is_transitive() {
            history
        } else {
            Vec::new()
        },
    }
}

/// Bundle the files a standalone schema refers to, read from the disk
/// inside its git work tree (or its folder outside git); the references
/// that could not be followed.
fn bundle_standalone(path: &Path, value: &mut Value) -> Vec<RefProblem> {
    let Ok(real) = std::fs::canonicalize(path) else {
        return Vec::new();
    };
    let folder = real.parent().map(Path::to_path_buf).unwrap_or_default();
    let root = git2::Repository::discover(&folder)
        .ok()
        .and_then(|r| r.workdir().and_then(|w| std::fs::canonicalize(w).ok()))
        .filter(|w| real.starts_with(w))
        .unwrap_or(folder);
    let Ok(rel) = real.strip_prefix(&root) else {
        return Vec::new();
    };
    let tree = DiskTree { root: root.clone() };
    workspace::bundle_files(&tree, &workspace::rel_path(rel), value).0
}

/// `contract diff --schema A [B ...] NEW`.
fn diff_schemas(
    cwd: &Path,
    paths: &[PathBuf],
    mode: Option<Mode>,
    policy: Option<Policy>,
) -> Result<FileDiff, Error> {
    let files = paths
        .iter()
        .map(|p| load_standalone(p, cwd))
        .collect::<Result<Vec<_>, _>>()?;
    let mut values: Vec<Value> = files.iter().map(value_of).collect();
    let mut findings = Vec::new();
    for ((f, v), path) in files.iter().zip(values.iter_mut()).zip(paths) {
        let unfollowed = bundle_standalone(&cwd.join(path), v);
        let refs = workspace::RefInfo::of(v, None).with_files(unfollowed, Vec::new());
        for p in refs.problems {
            let (meta, msg) = match &p {
                RefProblem::Forbidden { reference, .. } => (
                    &rules::validity::forbidden_ref::META,
                    format!("`$ref: {reference}` points outside this file; nothing is ever fetched (read as an empty schema)"),
                ),
                RefProblem::Unresolved { reference, why, .. } => (
                    &rules::validity::unresolved_ref::META,
                    format!("`$ref: {reference}` cannot be resolved: {why}"),
                ),
                RefProblem::UnknownConcept { name, .. } => (
                    &rules::dictionary::unknown_concept::META,
                    format!("`concept:{name}` cannot be resolved outside a workspace"),
                ),
            };
            findings.push(rules::finding_at(meta, f, p.pointer(), None, msg));
        }
    }
    Ok(compare_files(Inputs {
        files,
        values,
        prefix: "",
        mode: mode.unwrap_or(Mode::Backward),
        policy: policy.unwrap_or_default(),
        event: None,
        consumers: Vec::new(),
        findings,
    }))
}

/// `contract diff OLD NEW` on contract files (resolved against the workspace
/// each file sits in, when there is one).
fn diff_contracts(
    cwd: &Path,
    paths: &[PathBuf],
    mode: Option<Mode>,
    policy: Option<Policy>,
) -> Result<FileDiff, Error> {
    let mut files = Vec::new();
    let mut contracts = Vec::new();
    let mut workspace_policy = None;
    for p in paths {
        let f = load_standalone(p, cwd)?;
        let c =
            workspace::contract_from(&value_of(&f)).map_err(|problems| Error::NotAContract {
                path: f.source.path.clone(),
                problems: problems
                    .iter()
                    .map(|p| {
                        let at = if p.pointer.is_empty() {
                            "/"
                        } else {
                            &p.pointer
                        };
                        format!("{} ({at})", p.message)
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            })?;
        // Resolve `concept:` refs through the workspace around the file, if any.
        let around = workspace::locate(if p.exists() { p } else { cwd })
            .ok()
            .and_then(|l| {
                let tree = DiskTree {
                    root: l.repo_root.clone(),
                };
                Workspace::load(&tree, &l.dir).ok()
            });
        let resolved = match around {
            Some(ws) => {
                workspace_policy = workspace_policy.or(ws.manifest.policy);
                match &ws.dictionary {
                    Some(d) => resolve::inline_concepts(&c.schema, &d.concepts),
                    None => c.schema.clone(),
                }
            }
            None => c.schema.clone(),
        };
        let mut resolved = resolved;
        bundle_standalone(&cwd.join(p), &mut resolved);
        files.push(f);
        contracts.push((c, resolved));
    }
    let (last, _) = &contracts[contracts.len() - 1];
    let mode = mode.or(last.compatibility).unwrap_or(Mode::Backward);
    let policy = policy.or(workspace_policy).unwrap_or_default();
    let consumers = last.consumers.clone();
    let event = Some(last.event.clone());
    let values: Vec<Value> = contracts.into_iter().map(|(_, r)| r).collect();
    Ok(compare_files(Inputs {
        files,
        values,
        prefix: "/schema",
        mode,
        policy,
        event,
        consumers,
        findings: Vec::new(),
    }))
}
