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
    /// There, but not a file that can be read: why (a directory, a symbolic
    /// link leading out of the repository, a link loop).
    NotAFile(String),
}

pub use crate::schema::bundle::{normalize, parent_of};

/// The validity rules a load problem belongs to (the rules turn problems
/// into findings; loading only records them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadRule {
    InvalidYaml,
    InvalidContract,
    InvalidManifest,
    InvalidDictionary,
    DictionaryMissing,
    GlobMatchesNothing,
    /// A path the tree holds but does not read (a submodule, a link).
    NotChecked,
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
    /// The raw bytes of a listed name that is not UTF-8 (listed lossily).
    fn raw_name(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
    /// Paths below `dir` the tree holds but does not read (submodules,
    /// symbolic links), each with why.
    fn unread(&self, _dir: &str) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// The files on disk below a root. Symbolic links that stay inside the root
/// are followed (a folder once: loops end there); a link leading out is
/// listed but never read (`Read::NotAFile` says why).
pub struct DiskTree {
    pub root: PathBuf,
}

impl DiskTree {
    fn canonical_root(&self) -> PathBuf {
        std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone())
    }

    fn inside(&self, real: &Path) -> bool {
        real.starts_with(&self.root) || real.starts_with(self.canonical_root())
    }
}

impl Tree for DiskTree {
    fn list(&self, dir: &str) -> Result<Vec<String>, Error> {
        let start = if dir.is_empty() {
            self.root.clone()
        } else {
            self.root.join(dir)
        };
        let root = self.canonical_root();
        let mut out = Vec::new();
        let mut outside: Vec<PathBuf> = Vec::new();
        let walker = walkdir::WalkDir::new(&start)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            // Never git's own files, nor installed packages; links only
            // while they stay inside the repository.
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                if e.file_name() == ".git" || e.file_name() == "node_modules" {
                    return false;
                }
                if e.path_is_symlink() {
                    let inside = std::fs::canonicalize(e.path())
                        .is_ok_and(|real| real.starts_with(&root) || real.starts_with(&self.root));
                    if !inside {
                        outside.push(e.path().to_path_buf());
                        return false;
                    }
                }
                true
            });
        for entry in walker {
            // A loop (a link to a folder above it) ends the walk there: that
            // folder was listed once already.
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
        for p in outside {
            if let Ok(rel) = p.strip_prefix(&self.root) {
                out.push(rel_path(rel));
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    fn read(&self, path: &str) -> Result<Read, Error> {
        let p = self.real_path(path);
        let Ok(link_meta) = std::fs::symlink_metadata(&p) else {
            return Ok(Read::Missing);
        };
        let real = match std::fs::canonicalize(&p) {
            Ok(r) => r,
            Err(_) if link_meta.file_type().is_symlink() => {
                return Ok(Read::NotAFile(
                    "is a symbolic link to a file that does not exist (or a link loop)".into(),
                ))
            }
            Err(_) => return Ok(Read::Missing),
        };
        if !self.inside(&real) {
            return Ok(Read::NotAFile(format!(
                "is a symbolic link leading out of the repository (to {}); links are only followed inside it",
                real.display()
            )));
        }
        let meta = match std::fs::metadata(&real) {
            Ok(m) => m,
            Err(_) => return Ok(Read::Missing),
        };
        if meta.is_dir() {
            return Ok(Read::NotAFile("is a folder, not a file".into()));
        }
        if !meta.is_file() {
            return Ok(Read::NotAFile("is not a regular file".into()));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Ok(Read::TooLarge(meta.len()));
        }
        match std::fs::read(&real) {
            Ok(b) => Ok(Read::Bytes(b)),
            Err(e) => Err(Error::Unreadable {
                path: path.to_string(),
                reason: e.to_string(),
            }),
        }
    }

    fn raw_name(&self, path: &str) -> Option<Vec<u8>> {
        DiskTree::raw_name(self, path)
    }

    fn unread(&self, dir: &str) -> Vec<(String, String)> {
        let start = if dir.is_empty() {
            self.root.clone()
        } else {
            self.root.join(dir)
        };
        walkdir::WalkDir::new(&start)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || (e.file_name() != ".git" && e.file_name() != "node_modules")
            })
            .filter_map(Result::ok)
            // Links inside the repository are followed (and read); only a
            // link leading out of it, or to nothing, is not checked.
            .filter(|e| {
                e.path_is_symlink()
                    && !std::fs::canonicalize(e.path()).is_ok_and(|real| self.inside(&real))
            })
            .filter_map(|e| e.path().strip_prefix(&self.root).ok().map(rel_path))
            .map(|p| (p, LINK_NOT_FOLLOWED.to_string()))
            .collect()
    }
}

/// Why a symbolic link is not read.
pub const LINK_NOT_FOLLOWED: &str =
    "it is a symbolic link leading out of the repository (or to nothing): links are only followed inside it, so nothing outside is read";

/// Why a submodule is not read.
pub const SUBMODULE_NOT_READ: &str = "it is a git submodule: its files belong to another repository, and neither `check` nor `check --staged` reads into it";

impl DiskTree {
    /// The path on disk of a listed name: a name that is not UTF-8 was
    /// listed lossily, so its folder is searched for the entry it came from.
    fn real_path(&self, path: &str) -> PathBuf {
        let p = self.root.join(path);
        if !path.contains('\u{FFFD}') || p.exists() {
            return p;
        }
        let mut real = self.root.clone();
        for seg in path.split('/') {
            let direct = real.join(seg);
            if direct.exists() {
                real = direct;
                continue;
            }
            let found = std::fs::read_dir(&real).ok().and_then(|rd| {
                let mut names: Vec<std::ffi::OsString> = rd
                    .filter_map(|e| e.ok().map(|e| e.file_name()))
                    .filter(|n| n.to_string_lossy() == seg)
                    .collect();
                names.sort();
                names.into_iter().next()
            });
            match found {
                Some(n) => real = real.join(n),
                None => return p,
            }
        }
        real
    }

    /// The raw bytes (relative to the root) of a name listed lossily.
    pub fn raw_name(&self, path: &str) -> Option<Vec<u8>> {
        if !path.contains('\u{FFFD}') {
            return None;
        }
        let real = self.real_path(path);
        let rel = real.strip_prefix(&self.root).ok()?;
        os_bytes(rel).filter(|b| std::str::from_utf8(b).is_err())
    }
}

#[cfg(unix)]
fn os_bytes(p: &Path) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(p.as_os_str().as_bytes().to_vec())
}

#[cfg(not(unix))]
fn os_bytes(_p: &Path) -> Option<Vec<u8>> {
    None
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
    /// The other files of the repository its schema refers to (bundled in
    /// it), each with its content id at the revision read.
    pub files: Vec<(String, Option<String>)>,
    /// The references to other files that could not be followed.
    pub unfollowed: Vec<resolve::RefProblem>,
}

type Concepts = indexmap::IndexMap<String, crate::model::dictionary::Concept>;

impl RefInfo {
    pub fn of(schema: &Value, concepts: Option<&Concepts>) -> RefInfo {
        let (problems, concepts) = resolve::analyse_refs(schema, concepts);
        RefInfo {
            problems,
            concepts,
            files: Vec::new(),
            unfollowed: Vec::new(),
        }
    }

    /// With what bundling found: its files, and its problems in place of
    /// the `forbidden-ref` the unfollowed references would otherwise be.
    pub fn with_files(
        mut self,
        unfollowed: Vec<resolve::RefProblem>,
        files: Vec<(String, Option<String>)>,
    ) -> RefInfo {
        let at: Vec<&str> = unfollowed.iter().map(|p| p.pointer()).collect();
        self.problems.retain(|p| {
            !matches!(p, resolve::RefProblem::Forbidden { .. }) || !at.contains(&p.pointer())
        });
        self.problems.extend(unfollowed.iter().cloned());
        self.unfollowed = unfollowed;
        self.files = files;
        self
    }
}

/// Bundle into `schema` (the document at `path`) the repository files it
/// refers to, read from `tree`: the references that could not be followed,
/// and the files read with their content ids.
pub fn bundle_files(
    tree: &dyn Tree,
    path: &str,
    schema: &mut Value,
) -> (Vec<resolve::RefProblem>, Vec<(String, Option<String>)>) {
    let mut ids = Vec::new();
    match crate::schema::bundle::bundle(schema, path, &mut |p| read_schema(tree, p, &mut ids)) {
        Some(b) => {
            ids.retain(|(p, _)| b.files.contains(p));
            ids.sort();
            (b.problems, ids)
        }
        None => (Vec::new(), Vec::new()),
    }
}

/// A repository file a schema refers to, read from `tree` (the revision
/// being loaded) as a schema; its content id is recorded in `ids`.
fn read_schema(
    tree: &dyn Tree,
    path: &str,
    ids: &mut Vec<(String, Option<String>)>,
) -> Result<Value, String> {
    let bytes = match tree.read(path).map_err(|e| e.to_string())? {
        Read::Bytes(b) => b,
        Read::Missing => return Err(format!("`{path}` does not exist at this revision")),
        Read::NotAFile(why) => return Err(format!("`{path}` {why}")),
        Read::TooLarge(n) => {
            return Err(format!(
                "`{path}` is {n} bytes, over the limit of {MAX_FILE_BYTES} bytes (MAX_FILE_BYTES)"
            ))
        }
    };
    ids.push((
        path.to_string(),
        tree.content_id(path).or_else(|| blob_id(&bytes)),
    ));
    let text =
        yaml::decode(&bytes).map_err(|e| format!("`{path}` cannot be read: {}", e.message))?;
    yaml::parse(&text)
        .map(|p| p.value)
        .map_err(|e| format!("`{path}` cannot be read as YAML or JSON: {}", e.message))
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
    /// The raw bytes of file names that are not UTF-8 (by their lossy name).
    pub raw_names: BTreeMap<String, Vec<u8>>,
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
    let git_root = crate::repo::discover(&crate::repo::GitEnv::from_process(), &start_dir)
        .ok()
        .and_then(|r| crate::repo::work_tree(&r));
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
        Read::NotAFile(why) => {
            let source = SourceFile::new(path, "");
            let err = yaml::YamlError {
                message: format!("{path} {why}"),
                pos: None,
            };
            let f = LoadProblem::invalid_yaml(&source, &err);
            return Ok((
                LoadedFile {
                    source,
                    parsed: None,
                    content_id: None,
                },
                Some(f),
            ));
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
        // ... and the same content of every file its schema refers to.
        let same_refs = entry.is_none_or(|e| {
            e.refs
                .files
                .iter()
                .all(|(p, id)| id.is_some() && tree.content_id(p) == *id)
        });
        if file.content_id.is_some() && tree.content_id(path) == file.content_id && same_refs {
            let entry = entry.map(|e| {
                if same_dictionary {
                    (e.contract.clone(), e.refs.clone())
                } else {
                    (
                        e.contract.clone(),
                        Arc::new(
                            RefInfo::of(&e.contract.schema, concepts)
                                .with_files(e.refs.unfollowed.clone(), e.refs.files.clone()),
                        ),
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
        Ok(mut c) => {
            let (unfollowed, files) = bundle_files(tree, path, &mut c.schema);
            let refs = RefInfo::of(&c.schema, concepts).with_files(unfollowed, files);
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

/// Remove the nodes in error from a dictionary (a wrong value, an unknown
/// key; an entry that then lacks a required key goes as a whole) until it
/// passes its file schema. `false` when the dictionary as a whole is unusable.
fn prune_invalid(value: &mut Value, mut problems: Vec<crate::model::Problem>) -> bool {
    for _ in 0..crate::limits::MAX_DICTIONARY_REPAIRS {
        if problems.is_empty() {
            return true;
        }
        for p in &problems {
            if p.pointer.is_empty() {
                return false;
            }
            let (parent, last) = p.pointer.rsplit_once('/').unwrap_or(("", ""));
            let key = crate::yaml::unescape_token(last);
            match value.pointer_mut(parent) {
                Some(Value::Object(m)) => {
                    m.shift_remove(&key);
                }
                Some(Value::Array(_)) => {
                    // An element in error: drop the whole list (indexes
                    // would shift under the other problems).
                    let (gp, lk) = parent.rsplit_once('/').unwrap_or(("", ""));
                    let lk = crate::yaml::unescape_token(lk);
                    if let Some(Value::Object(m)) = value.pointer_mut(gp) {
                        m.shift_remove(&lk);
                    } else {
                        return false;
                    }
                }
                _ => {}
            }
        }
        problems = check_shape("dictionary", value);
    }
    problems.is_empty()
}

/// The YAML file of the repository that most looks like the dictionary
/// `wanted` (for the messages when it is not found).
fn nearest_dictionary(tree: &dyn Tree, wanted: &str) -> Option<String> {
    let all = tree.list("").ok()?;
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_ascii_lowercase();
    all.iter()
        .filter(|p| is_yaml(p) && p.as_str() != wanted && name(p).contains("dict"))
        .min_by_key(|p| (strsim::damerau_levenshtein(p, wanted), (*p).clone()))
        .cloned()
}

/// The default dictionary files of a workspace folder, in the order tried.
pub const DEFAULT_DICTIONARIES: &[&str] = &["dictionary.yaml", "dictionary.yml"];

/// Where the dictionary is: the manifest's `dictionary:` (any path inside
/// the repository), else `dictionary.yaml`, else `dictionary.yml` in the
/// workspace folder. `None` when no default exists (`dictionary-missing`);
/// exit 2 when a named one is missing, not a file, or outside the repository.
fn find_dictionary(
    tree: &dyn Tree,
    dir: &str,
    manifest: &Manifest,
    manifest_path: &str,
) -> Result<Option<String>, Error> {
    let nearest = |path: &str| {
        nearest_dictionary(tree, path)
            .map(|n| format!("; the nearest existing candidate is `{n}`"))
            .unwrap_or_else(|| "; no file of the repository looks like a dictionary".into())
    };
    let named: Vec<(String, bool)> = match &manifest.dictionary {
        Some(p) => {
            let Some(path) = normalize(&join(dir, p)).filter(|_| !p.starts_with('/')) else {
                return Err(Error::DictionaryOutside {
                    value: p.clone(),
                    manifest: manifest_path.to_string(),
                    nearest: nearest(&join(dir, DEFAULT_DICTIONARIES[0])),
                });
            };
            vec![(path, true)]
        }
        None => DEFAULT_DICTIONARIES
            .iter()
            .map(|d| (join(dir, d), false))
            .collect(),
    };
    for (path, configured) in named {
        match tree.read(&path)? {
            Read::Bytes(_) | Read::TooLarge(_) => return Ok(Some(path)),
            Read::NotAFile(reason) => {
                return Err(Error::DictionaryNotAFile {
                    nearest: nearest(&path),
                    path,
                    reason,
                });
            }
            Read::Missing if configured => {
                return Err(Error::DictionaryMissing {
                    nearest: nearest(&path),
                    path,
                    manifest: manifest_path.to_string(),
                });
            }
            Read::Missing => {}
        }
    }
    Ok(None)
}

/// The message for a `contracts:` glob that matches none of `files`
/// (workspace-relative), naming the nearest existing folder when the glob's
/// first folder does not exist.
fn unmatched_glob(glob: &str, files: &[&str]) -> String {
    let first = glob.split('/').next().unwrap_or_default();
    let literal = !first.is_empty() && !first.contains(['*', '?', '[', '{']);
    let mut dirs: Vec<&str> = files
        .iter()
        .filter_map(|p| p.split_once('/').map(|(d, _)| d))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    let hint = if literal && glob.contains('/') && dirs.binary_search(&first).is_err() {
        crate::suggest::nearest(first, dirs.iter().copied())
            .map(|d| format!(" (did you mean `{d}{}`?)", &glob[first.len()..]))
            .unwrap_or_default()
    } else {
        String::new()
    };
    format!("the glob `{glob}` in `contracts:` matches no file{hint}; nothing it was meant to select is checked")
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
    /// An error when the manifest cannot be read at all.
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
        let found_dict = find_dictionary(tree, dir, &ws.manifest, &manifest_path)?;
        let dict_path = found_dict
            .clone()
            .unwrap_or_else(|| join(dir, ws.manifest.dictionary_path()));
        let all = tree.list(dir)?;
        let patterns = ws.manifest.contracts.clone();
        let set = match &patterns {
            Some(globs) => Some(match globset(globs) {
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
            }),
            None => None,
        };
        let selects = |p: &String| {
            let rel = p.strip_prefix(dir).unwrap_or(p).trim_start_matches('/');
            *p != manifest_path
                && *p != dict_path
                && match &set {
                    Some(set) => set.is_match(rel),
                    None => is_yaml(p) && !rel.split('/').any(|seg| seg.starts_with('.')),
                }
        };
        let selected: Vec<String> = all.iter().filter(|p| selects(p)).cloned().collect();
        // Each glob that matches nothing is said (a typo selects nothing).
        if let (Some(globs), Some(set)) = (&patterns, &set) {
            if set.len() == globs.len() {
                let rels: Vec<&str> = all
                    .iter()
                    .map(|p| p.strip_prefix(dir).unwrap_or(p).trim_start_matches('/'))
                    .collect();
                let mut hit = vec![false; set.len()];
                for rel in &rels {
                    for i in set.matches(rel) {
                        hit[i] = true;
                    }
                }
                for (i, g) in globs.iter().enumerate() {
                    if !hit[i] {
                        ws.problems.push(LoadProblem::at(
                            LoadRule::GlobMatchesNothing,
                            &ws.files[0],
                            &format!("/contracts/{i}"),
                            None,
                            unmatched_glob(g, &rels),
                        ));
                    }
                }
            }
        }
        // What the tree holds but cannot read: said, never skipped silently.
        for (p, why) in tree.unread(dir) {
            let inside =
                |p: &str| dir.is_empty() || p.strip_prefix(dir).is_some_and(|r| r.starts_with('/'));
            let report = if why.contains("submodule") {
                let rel = p.strip_prefix(dir).unwrap_or(&p).trim_start_matches('/');
                inside(&p) && !rel.split('/').any(|seg| seg.starts_with('.'))
            } else {
                selects(&p)
            };
            if report {
                let source = SourceFile::new(p.as_str(), "");
                let start = crate::source::Pos { line: 1, col: 1 };
                ws.problems.push(LoadProblem {
                    rule: LoadRule::NotChecked,
                    file: source.path.clone(),
                    pointer: String::new(),
                    event: None,
                    message: format!("{p} is not checked: {why}"),
                    span: crate::source::Span { start, end: start },
                    indexed: false,
                });
            }
        }
        if selected.len() > MAX_FILES {
            return Err(Error::TooManyFiles {
                count: selected.len(),
                limit: MAX_FILES,
            });
        }

        // The dictionary.
        if found_dict.is_some() {
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
            let mut dvalue = dvalue.unwrap_or(Value::Null);
            let problems = check_shape("dictionary", &dvalue);
            // Each problem is one finding at its line; the entries in error
            // are left out and the rest of the dictionary is used.
            for p in &problems {
                ws.problems.push(LoadProblem::at(
                    LoadRule::InvalidDictionary,
                    &ws.files[idx],
                    &p.pointer,
                    None,
                    p.message.clone(),
                ));
            }
            let usable = problems.is_empty() || prune_invalid(&mut dvalue, problems);
            if usable {
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
            }
        } else {
            ws.problems.push(LoadProblem::at(
                LoadRule::DictionaryMissing,
                &ws.files[0],
                "/dictionary",
                None,
                format!(
                    "no dictionary: {manifest_path} names none and neither {} exists{}",
                    DEFAULT_DICTIONARIES
                        .iter()
                        .map(|d| join(dir, d))
                        .collect::<Vec<_>>()
                        .join(" nor "),
                    nearest_dictionary(tree, &join(dir, DEFAULT_DICTIONARIES[0]))
                        .map(|n| format!(
                            " (the nearest file is `{n}`: name it with `dictionary:`)"
                        ))
                        .unwrap_or_default()
                ),
            ));
        }

        // The contracts: read, parsed, validated and resolved in parallel.
        ws.contract_paths = selected.clone();
        for p in &selected {
            if let Some(raw) = tree.raw_name(p) {
                ws.raw_names.insert(p.clone(), raw);
            }
        }
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

    /// Exit 2 when the workspace selects no contract file at all: a check
    /// of nothing must not pass.
    pub fn require_contracts(&self) -> Result<(), Error> {
        if !self.contract_paths.is_empty() {
            return Ok(());
        }
        let manifest = join(&self.dir, MANIFEST);
        Err(Error::NothingSelected {
            detail: match &self.manifest.contracts {
                Some(globs) => format!(
                    "the `contracts:` globs of {manifest} ({}) match no file{}",
                    globs
                        .iter()
                        .map(|g| format!("`{g}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if self.dir.is_empty() {
                        String::new()
                    } else {
                        format!(" below {}", self.dir)
                    }
                ),
                None => format!(
                    "no YAML file besides the manifest and the dictionary below {}",
                    if self.dir.is_empty() {
                        "the repository root"
                    } else {
                        &self.dir
                    }
                ),
            },
        })
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
    // The schema moves into the contract as parsed: deserialising it would
    // copy every node of the largest part of the file.
    let mut value = value;
    let schema = value
        .as_object_mut()
        .and_then(|m| m.get_mut("schema"))
        .map(std::mem::take);
    let mut contract = serde_json::from_value::<Contract>(value).map_err(|e| {
        vec![crate::model::Problem {
            pointer: String::new(),
            message: format!("the contract could not be read: {e}"),
        }]
    })?;
    if let Some(schema) = schema {
        contract.schema = schema;
    }
    Ok(contract)
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
