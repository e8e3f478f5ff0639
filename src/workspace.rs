//! Workspace discovery and loading: find `contracts.yaml`, select the files
//! (walkdir + globset, or a git tree), parse them in parallel, and build the
//! typed model. Both sides of a diff are loaded into this same type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use serde_json::Value;

use crate::error::Error;
use crate::limits::{MAX_FILES, MAX_FILE_BYTES};
use crate::model::{check_shape, contract::Contract, dictionary::Dictionary, manifest::Manifest};
use crate::schema::resolve;
use crate::source::SourceFile;
use crate::yaml::{self, Parsed, PointerIndex};

pub const MANIFEST: &str = "contracts.yaml";

/// What a file read returns.
pub enum Read {
    Bytes(Vec<u8>),
    /// Over `MAX_FILE_BYTES`: not read, its size reported.
    TooLarge(u64),
    Missing,
}

/// The validity rules a load problem belongs to (the rules turn problems
/// into findings; loading only records them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadRule {
    InvalidYaml,
    InvalidContract,
    InvalidManifest,
    InvalidDictionary,
}

/// Something loading found wrong with a file, located in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadProblem {
    pub rule: LoadRule,
    pub file: String,
    pub pointer: String,
    pub event: Option<String>,
    pub message: String,
    pub span: crate::source::Span,
    /// The span comes from the file's pointer index (not a fallback).
    pub indexed: bool,
}

impl LoadProblem {
    /// A problem at `pointer` (or its nearest existing parent) of `file`.
    pub fn at(
        rule: LoadRule,
        file: &LoadedFile,
        pointer: &str,
        event: Option<&str>,
        message: String,
    ) -> LoadProblem {
        let (span, indexed) = file.locate(pointer);
        LoadProblem {
            rule,
            file: file.source.path.clone(),
            pointer: pointer.to_string(),
            event: event.map(String::from),
            message,
            span,
            indexed,
        }
    }

    /// A file that could not be read as YAML, at the error's position.
    pub fn invalid_yaml(source: &SourceFile, err: &yaml::YamlError) -> LoadProblem {
        let (line, col) = err.pos.map_or((1, 1), |p| (p.line.max(1), p.col.max(1)));
        let start = crate::source::Pos { line, col };
        LoadProblem {
            rule: LoadRule::InvalidYaml,
            file: source.path.clone(),
            pointer: String::new(),
            event: None,
            message: format!("the file cannot be read as YAML: {}", err.message),
            span: crate::source::Span { start, end: start },
            indexed: false,
        }
    }
}

/// A tree of files: the working tree, the index or a commit.
pub trait Tree: Sync {
    /// Every regular file below `dir` (repository-relative, `/`-separated;
    /// `""` is the root), sorted.
    fn list(&self, dir: &str) -> Result<Vec<String>, Error>;
    fn read(&self, path: &str) -> Result<Read, Error>;
    /// A stable id of a file's content, when the tree knows one (git blob id),
    /// so unchanged files need not be parsed twice.
    fn content_id(&self, _path: &str) -> Option<String> {
        None
    }
}

/// The files on disk below a root. Symbolic links are not followed, so
/// nothing outside the root is ever read.
pub struct DiskTree {
    pub root: PathBuf,
}

impl Tree for DiskTree {
    fn list(&self, dir: &str) -> Result<Vec<String>, Error> {
        let start = if dir.is_empty() {
            self.root.clone()
        } else {
            self.root.join(dir)
        };
        let mut out = Vec::new();
        let walker = walkdir::WalkDir::new(&start)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            // Never git's own files, nor installed packages.
            .filter_entry(|e| {
                e.depth() == 0 || (e.file_name() != ".git" && e.file_name() != "node_modules")
            });
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(_) => continue,
            };
            if !entry.file_type().is_file() {
                continue;
            }
            if let Ok(rel) = entry.path().strip_prefix(&self.root) {
                out.push(rel_path(rel));
            }
        }
        out.sort();
        Ok(out)
    }

    fn read(&self, path: &str) -> Result<Read, Error> {
        let p = self.root.join(path);
        let meta = match std::fs::symlink_metadata(&p) {
            Ok(m) => m,
            Err(_) => return Ok(Read::Missing),
        };
        if !meta.is_file() {
            return Ok(Read::Missing);
        }
        if meta.len() > MAX_FILE_BYTES {
            return Ok(Read::TooLarge(meta.len()));
        }
        match std::fs::read(&p) {
            Ok(b) => Ok(Read::Bytes(b)),
            Err(e) => Err(Error::Unreadable {
                path: path.to_string(),
                reason: e.to_string(),
            }),
        }
    }
}

/// A repository-relative path with `/` separators.
pub fn rel_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Join a workspace-relative path onto the workspace directory.
pub fn join(dir: &str, rel: &str) -> String {
    let rel = rel.trim_start_matches("./");
    if dir.is_empty() {
        rel.to_string()
    } else {
        format!("{dir}/{rel}")
    }
}

/// A loaded file: its text and, when it parsed, its JSON and pointer index.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub source: SourceFile,
    pub parsed: Option<Arc<Parsed>>,
    /// The git blob id of the content (computed for files read from disk),
    /// so the other side of a diff can reuse this parse.
    pub content_id: Option<String>,
}

impl LoadedFile {
    pub fn index(&self) -> Option<&PointerIndex> {
        self.parsed.as_ref().map(|p| &p.index)
    }

    /// Where `pointer` (or its nearest existing parent) sits in this file,
    /// and whether the file could be indexed at all.
    pub fn locate(&self, pointer: &str) -> (crate::source::Span, bool) {
        match self.index() {
            Some(idx) => (idx.nearest(pointer).1, true),
            None => (crate::source::Span::at_start(), false),
        }
    }

    /// A finding location for `pointer` in this file.
    pub fn location(&self, pointer: &str) -> crate::finding::Location {
        let (span, _) = self.locate(pointer);
        crate::finding::Location {
            file: self.source.path.clone(),
            line: span.start.line,
            column: span.start.col,
        }
    }
}

/// A contract that loaded and passed the file schema.
#[derive(Debug, Clone)]
pub struct ContractEntry {
    /// Index into `Workspace::files`.
    pub file: usize,
    pub contract: Arc<Contract>,
    /// Its `$ref`s, analysed once.
    pub refs: Arc<RefInfo>,
}

impl ContractEntry {
    /// The schema with `concept:` references inlined (what is diffed):
    /// borrowed when it uses no concept.
    pub fn resolved<'a>(&'a self, concepts: Option<&Concepts>) -> std::borrow::Cow<'a, Value> {
        match concepts {
            Some(m) if !self.refs.concepts.is_empty() => {
                std::borrow::Cow::Owned(resolve::inline_concepts(&self.contract.schema, m))
            }
            _ => std::borrow::Cow::Borrowed(&self.contract.schema),
        }
    }
}

/// What a contract's `$ref`s are: their problems, and the concepts used.
#[derive(Debug, Clone, Default)]
pub struct RefInfo {
    pub problems: Vec<resolve::RefProblem>,
    pub concepts: Vec<String>,
}

type Concepts = indexmap::IndexMap<String, crate::model::dictionary::Concept>;

impl RefInfo {
    pub fn of(schema: &Value, concepts: Option<&Concepts>) -> RefInfo {
        let (problems, concepts) = resolve::analyse_refs(schema, concepts);
        RefInfo { problems, concepts }
    }
}

/// The git blob id of some bytes (what `git hash-object` prints).
pub fn blob_id(bytes: &[u8]) -> Option<String> {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .ok()
        .map(|o| o.to_string())
}

/// Where the workspace sits and what it holds.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    /// The workspace folder, relative to the repository root (`""` = root).
    pub dir: String,
    pub manifest: Manifest,
    pub manifest_file: Option<usize>,
    pub dictionary: Option<Dictionary>,
    pub dictionary_file: Option<usize>,
    pub files: Vec<LoadedFile>,
    pub contracts: Vec<ContractEntry>,
    /// What loading found wrong (unreadable files, bad shapes), for the
    /// validity rules to report.
    pub problems: Vec<LoadProblem>,
    /// Paths of files that selected as contracts (loaded or not).
    pub contract_paths: Vec<String>,
}

/// Where a workspace was found on disk.
#[derive(Debug, Clone)]
pub struct Located {
    /// The repository root (git work tree), or the workspace folder outside git.
    pub repo_root: PathBuf,
    /// The workspace folder relative to `repo_root`.
    pub dir: String,
    pub in_git: bool,
}

/// Find `contracts.yaml` from `start` upward, no further than the git work-tree root.
pub fn locate(start: &Path) -> Result<Located, Error> {
    let start = std::fs::canonicalize(start).map_err(|e| Error::Unreadable {
        path: start.display().to_string(),
        reason: e.to_string(),
    })?;
    let start_dir = if start.is_file() {
        start
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or(start.clone())
    } else {
        start.clone()
    };
    let git_root = git2::Repository::discover(&start_dir)
        .ok()
        .and_then(|r| r.workdir().map(Path::to_path_buf))
        .and_then(|p| std::fs::canonicalize(p).ok());
    let mut dir = start_dir.clone();
    loop {
        if dir.join(MANIFEST).is_file() {
            let repo_root = git_root.clone().unwrap_or_else(|| dir.clone());
            let rel = dir
                .strip_prefix(&repo_root)
                .map(rel_path)
                .unwrap_or_default();
            return Ok(Located {
                repo_root,
                dir: rel,
                in_git: git_root.is_some(),
            });
        }
        if git_root.as_deref() == Some(dir.as_path()) {
            break;
        }
        match dir.parent() {
            Some(p) => dir = p.to_path_buf(),
            None => break,
        }
    }
    Err(Error::NoWorkspace {
        start: start_dir,
        scope: if git_root.is_some() {
            " (up to the git work-tree root)"
        } else {
            ""
        },
    })
}

/// Read and parse one file; a problem is an `invalid-yaml` finding.
fn load_file(tree: &dyn Tree, path: &str) -> Result<(LoadedFile, Option<LoadProblem>), Error> {
    let (text, id) = match tree.read(path)? {
        Read::Missing => {
            return Err(Error::Vanished {
                path: path.to_string(),
            })
        }
        Read::TooLarge(n) => {
            let source = SourceFile::new(path, "");
            let err = yaml::YamlError {
                message: format!("the file is {n} bytes, over the limit of {MAX_FILE_BYTES} bytes (MAX_FILE_BYTES)"),
                pos: None,
            };
            let f = LoadProblem::invalid_yaml(&source, &err);
            return Ok((
                LoadedFile {
                    source,
                    parsed: None,
                    content_id: tree.content_id(path),
                },
                Some(f),
            ));
        }
        Read::Bytes(b) => {
            let id = tree.content_id(path).or_else(|| blob_id(&b));
            (yaml::decode(&b), id)
        }
    };
    let (source, err) = match text {
        Ok(text) => {
            let src = SourceFile::new(path, text);
            let parsed = std::panic::catch_unwind(|| yaml::parse(&src.text)).unwrap_or_else(|_| {
                Err(yaml::YamlError {
                    message: "internal error while parsing this file (please report it)".into(),
                    pos: None,
                })
            });
            match parsed {
                Ok(p) => {
                    return Ok((
                        LoadedFile {
                            source: src,
                            parsed: Some(Arc::new(p)),
                            content_id: id,
                        },
                        None,
                    ))
                }
                Err(e) => (src, e),
            }
        }
        Err(e) => (SourceFile::new(path, ""), e),
    };
    let f = LoadProblem::invalid_yaml(&source, &err);
    Ok((
        LoadedFile {
            source,
            parsed: None,
            content_id: id,
        },
        Some(f),
    ))
}

/// A parsed, validated contract: the typed contract and its refs.
type Loaded = (Arc<Contract>, Arc<RefInfo>);

/// One contract file: the file, its load problems, and the contract when it
/// passed the file schema.
type ContractLoad = (LoadedFile, Vec<LoadProblem>, Option<Loaded>);

fn load_contract(
    tree: &dyn Tree,
    path: &str,
    concepts: Option<&Concepts>,
    reuse: Option<(&LoadedFile, Option<&ContractEntry>, bool)>,
) -> Result<ContractLoad, Error> {
    // The same content on the other side: reuse its parse (and, when the
    // dictionary is the same too, its resolution).
    if let Some((file, entry, same_dictionary)) = reuse {
        if file.content_id.is_some() && tree.content_id(path) == file.content_id {
            let entry = entry.map(|e| {
                if same_dictionary {
                    (e.contract.clone(), e.refs.clone())
                } else {
                    (
                        e.contract.clone(),
                        Arc::new(RefInfo::of(&e.contract.schema, concepts)),
                    )
                }
            });
            return Ok((file.clone(), Vec::new(), entry));
        }
    }
    let (mut file, err) = load_file(tree, path)?;
    let mut problems: Vec<LoadProblem> = err.into_iter().collect();
    // The parsed value moves into the typed contract (no copy); the file
    // keeps its pointer index for locations.
    let Some(value) = file
        .parsed
        .as_mut()
        .and_then(Arc::get_mut)
        .map(|p| std::mem::take(&mut p.value))
    else {
        return Ok((file, problems, None));
    };
    let event = value.get("event").and_then(Value::as_str).map(String::from);
    match contract_from_owned(value) {
        Ok(c) => {
            let refs = RefInfo::of(&c.schema, concepts);
            Ok((file, problems, Some((Arc::new(c), Arc::new(refs)))))
        }
        Err(shape) => {
            for p in shape {
                problems.push(LoadProblem::at(
                    LoadRule::InvalidContract,
                    &file,
                    &p.pointer,
                    event.as_deref(),
                    p.message,
                ));
            }
            Ok((file, problems, None))
        }
    }
}

fn globset(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("`{p}` is not a valid glob: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

fn is_yaml(p: &str) -> bool {
    p.ends_with(".yaml") || p.ends_with(".yml")
}

impl Workspace {
    /// Load the workspace in `dir` (repository-relative) from `tree`.
    /// `Fatal` when the manifest cannot be read at all.
    pub fn load(tree: &dyn Tree, dir: &str) -> Result<Workspace, Error> {
        Workspace::load_reusing(tree, dir, None)
    }

    /// Load, reusing the parses of `other` (the other side of a diff) for
    /// every file whose content is the same: unchanged files are parsed once.
    pub fn load_reusing(
        tree: &dyn Tree,
        dir: &str,
        other: Option<&Workspace>,
    ) -> Result<Workspace, Error> {
        let mut ws = Workspace {
            dir: dir.to_string(),
            ..Default::default()
        };
        let manifest_path = join(dir, MANIFEST);
        let (mfile, merr) = load_file(tree, &manifest_path)?;
        if let Some(f) = merr {
            return Err(Error::ManifestUnreadable {
                path: manifest_path,
                reason: format!("{} (line {})", f.message, f.span.start.line),
            });
        }
        let mvalue = mfile
            .parsed
            .as_ref()
            .map(|p| p.value.clone())
            .unwrap_or(Value::Null);
        ws.files.push(mfile);
        ws.manifest_file = Some(0);
        let problems = check_shape("manifest", &mvalue);
        if problems.is_empty() {
            if !mvalue.is_null() {
                match serde_json::from_value::<Manifest>(mvalue) {
                    Ok(m) => ws.manifest = m,
                    Err(e) => ws.problems.push(LoadProblem::at(
                        LoadRule::InvalidManifest,
                        &ws.files[0],
                        "",
                        None,
                        format!("the manifest could not be read: {e}"),
                    )),
                }
            }
        } else {
            for p in problems {
                ws.problems.push(LoadProblem::at(
                    LoadRule::InvalidManifest,
                    &ws.files[0],
                    &p.pointer,
                    None,
                    p.message,
                ));
            }
        }

        // Which files: the dictionary and the contracts.
        let dict_path = join(dir, ws.manifest.dictionary_path());
        let all = tree.list(dir)?;
        let patterns = ws.manifest.contracts.clone();
        let selected: Vec<String> = match &patterns {
            Some(globs) => {
                let set = match globset(globs) {
                    Ok(s) => s,
                    Err(e) => {
                        ws.problems.push(LoadProblem::at(
                            LoadRule::InvalidManifest,
                            &ws.files[0],
                            "/contracts",
                            None,
                            e,
                        ));
                        GlobSet::empty()
                    }
                };
                all.iter()
                    .filter(|p| {
                        let rel = p.strip_prefix(dir).unwrap_or(p).trim_start_matches('/');
                        set.is_match(rel) && **p != manifest_path && **p != dict_path
                    })
                    .cloned()
                    .collect()
            }
            None => all
                .iter()
                .filter(|p| {
                    let rel = p.strip_prefix(dir).unwrap_or(p).trim_start_matches('/');
                    is_yaml(p)
                        && **p != manifest_path
                        && **p != dict_path
                        && !rel.split('/').any(|seg| seg.starts_with('.'))
                })
                .cloned()
                .collect(),
        };
        if selected.len() > MAX_FILES {
            return Err(Error::TooManyFiles {
                count: selected.len(),
                limit: MAX_FILES,
            });
        }

        // The dictionary.
        let dict_exists = all.contains(&dict_path);
        if dict_exists {
            let (dfile, derr) = load_file(tree, &dict_path)?;
            let idx = ws.files.len();
            let dvalue = dfile.parsed.as_ref().map(|p| p.value.clone());
            ws.files.push(dfile);
            ws.dictionary_file = Some(idx);
            if let Some(f) = derr {
                return Err(Error::DictionaryUnreadable {
                    path: dict_path,
                    reason: format!("{} (line {})", f.message, f.span.start.line),
                });
            }
            let dvalue = dvalue.unwrap_or(Value::Null);
            let problems = check_shape("dictionary", &dvalue);
            if problems.is_empty() {
                match serde_json::from_value::<Option<Dictionary>>(dvalue) {
                    Ok(d) => ws.dictionary = Some(d.unwrap_or_default()),
                    Err(e) => ws.problems.push(LoadProblem::at(
                        LoadRule::InvalidDictionary,
                        &ws.files[idx],
                        "",
                        None,
                        format!("the dictionary could not be read: {e}"),
                    )),
                }
            } else {
                for p in problems {
                    ws.problems.push(LoadProblem::at(
                        LoadRule::InvalidDictionary,
                        &ws.files[idx],
                        &p.pointer,
                        None,
                        p.message,
                    ));
                }
            }
        } else if ws.manifest.dictionary.is_some() {
            return Err(Error::DictionaryMissing {
                path: dict_path,
                manifest: manifest_path,
            });
        }

        // The contracts: read, parsed, validated and resolved in parallel.
        ws.contract_paths = selected.clone();
        let concepts = ws.dictionary.as_ref().map(|d| d.concepts.clone());
        let same_dictionary = other.is_some_and(|o| {
            o.dictionary_file().and_then(|f| f.content_id.clone())
                == ws.dictionary_file().and_then(|f| f.content_id.clone())
        });
        let other_files: std::collections::HashMap<&str, (usize, Option<&ContractEntry>)> = other
            .map(|o| {
                let by_file: std::collections::HashMap<usize, &ContractEntry> =
                    o.contracts.iter().map(|c| (c.file, c)).collect();
                o.files
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (f.source.path.as_str(), (i, by_file.get(&i).copied())))
                    .collect()
            })
            .unwrap_or_default();
        let loaded: Vec<Result<ContractLoad, Error>> = selected
            .par_iter()
            .map(|p| {
                let reuse = other.and_then(|o| {
                    other_files
                        .get(p.as_str())
                        .map(|(i, e)| (&o.files[*i], *e, same_dictionary))
                });
                load_contract(tree, p, concepts.as_ref(), reuse)
            })
            .collect();
        let base = ws.files.len();
        let mut by_file: BTreeMap<usize, ContractEntry> = BTreeMap::new();
        for (i, r) in loaded.into_iter().enumerate() {
            let (lf, problems, entry) = r?;
            ws.problems.extend(problems);
            ws.files.push(lf);
            if let Some((contract, refs)) = entry {
                let idx = base + i;
                by_file.insert(
                    idx,
                    ContractEntry {
                        file: idx,
                        contract,
                        refs,
                    },
                );
            }
        }
        ws.contracts = by_file.into_values().collect();
        Ok(ws)
    }

    pub fn file(&self, idx: usize) -> &LoadedFile {
        &self.files[idx]
    }

    pub fn manifest_file(&self) -> Option<&LoadedFile> {
        self.manifest_file.map(|i| &self.files[i])
    }

    pub fn dictionary_file(&self) -> Option<&LoadedFile> {
        self.dictionary_file.map(|i| &self.files[i])
    }

    pub fn contract_file(&self, c: &ContractEntry) -> &LoadedFile {
        &self.files[c.file]
    }

    /// The files (indices into `files`) whose content differs from the file
    /// at the same path in `base`, or that are not there at all.
    pub fn touched_since(&self, base: &Workspace) -> rustc_hash::FxHashSet<usize> {
        let old: rustc_hash::FxHashMap<&str, Option<&str>> = base
            .files
            .iter()
            .map(|f| (f.source.path.as_str(), f.content_id.as_deref()))
            .collect();
        self.files
            .iter()
            .enumerate()
            .filter(|(_, f)| match old.get(f.source.path.as_str()) {
                Some(Some(id)) => f.content_id.as_deref() != Some(*id),
                _ => true,
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The contracts by event name (the first by path when duplicated).
    pub fn by_event(&self) -> BTreeMap<&str, &ContractEntry> {
        let mut m = BTreeMap::new();
        for c in &self.contracts {
            m.entry(c.contract.event.as_str()).or_insert(c);
        }
        m
    }
}

/// Validate a parsed contract file and build the typed contract, moving the value.
pub fn contract_from_owned(value: Value) -> Result<Contract, Vec<crate::model::Problem>> {
    if value.is_null() {
        return contract_from(&value);
    }
    let problems = check_shape("contract", &value);
    if !problems.is_empty() {
        return Err(problems);
    }
    serde_json::from_value::<Contract>(value).map_err(|e| {
        vec![crate::model::Problem {
            pointer: String::new(),
            message: format!("the contract could not be read: {e}"),
        }]
    })
}

/// Validate a parsed contract file and build the typed contract.
pub fn contract_from(value: &Value) -> Result<Contract, Vec<crate::model::Problem>> {
    if value.is_null() {
        return Err(vec![crate::model::Problem {
            pointer: String::new(),
            message: "the file is empty; a contract needs at least `event`, `version` and `schema`"
                .into(),
        }]);
    }
    let problems = check_shape("contract", value);
    if !problems.is_empty() {
        return Err(problems);
    }
    serde_json::from_value::<Contract>(value.clone()).map_err(|e| {
        vec![crate::model::Problem {
            pointer: String::new(),
            message: format!("the contract could not be read: {e}"),
        }]
    })
}
