//! Schemas split over files: a `$ref` to a relative path (`common/user.json`,
//! `../shared/money.yaml#/$defs/Amount`) is followed when the target is in
//! the repository, read at the same revision as the referring file (the
//! caller's reader decides which: the working tree, the index or a commit).
//! The referenced documents are bundled into the schema under
//! `$defs["file:<path>"]` and every reference to them becomes a local one,
//! so the comparison, the validator and the rules see one document. A URL,
//! a path leading out of the repository, or a file that is missing or
//! unreadable is never fetched: it stays a reference the rules report.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::limits::MAX_BUNDLED_FILES;
use crate::schema::resolve::RefProblem;
use crate::yaml::escape_token;

/// A repository-relative path with `.` dropped and `..` applied; `None`
/// when it would leave the repository root (or is absolute).
pub fn normalize(path: &str) -> Option<String> {
    if path.starts_with('/') {
        return None;
    }
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// The folder part of a repository-relative path (`""` at the root).
pub fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The `$defs` name a bundled file is kept under.
pub fn defs_name(path: &str) -> String {
    format!("file:{path}")
}

/// Is this reference a path to another file (not `#...`, not `concept:`,
/// not a URL or any other scheme)?
pub fn is_file_ref(reference: &str) -> bool {
    !reference.starts_with('#') && !has_scheme(reference) && !reference.is_empty()
}

fn has_scheme(r: &str) -> bool {
    match r.find(':') {
        Some(i) => {
            let s = &r[..i];
            !s.is_empty()
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// What bundling found: the files read (repository paths, in the order
/// read) and the references that could not be followed.
#[derive(Debug, Default)]
pub struct Bundled {
    pub files: Vec<String>,
    pub problems: Vec<RefProblem>,
}

/// Reads a repository file at the revision being checked: its schema, or why not.
pub type Reader<'a> = dyn FnMut(&str) -> Result<Value, String> + 'a;

/// Bundle the files `schema` (the document at repository path `from`)
/// refers to. Returns `None` when it refers to no file (nothing changed).
pub fn bundle(schema: &mut Value, from: &str, read: &mut Reader<'_>) -> Option<Bundled> {
    let mut any = false;
    crate::schema::resolve::for_each_ref(schema, &mut |_, r| any |= is_file_ref(r));
    if !any || !schema.is_object() {
        return None;
    }
    let mut st = State {
        read,
        status: BTreeMap::new(),
        pending: Vec::new(),
        out: Bundled::default(),
    };
    st.rewrite(schema, from, None);
    let mut docs: Vec<(String, Value)> = Vec::new();
    while let Some((path, mut doc)) = st.pending.pop() {
        st.rewrite(&mut doc, &path, Some(&path));
        st.out.files.push(path.clone());
        docs.push((path, doc));
    }
    st.out.files.sort();
    let root = schema.as_object_mut()?;
    let defs = root
        .entry("$defs")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(defs) = defs.as_object_mut() {
        docs.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, doc) in docs {
            defs.insert(defs_name(&path), doc);
        }
    }
    Some(st.out)
}

/// The pointer a bundled file sits at.
fn bundled_at(path: &str) -> String {
    format!("/$defs/{}", escape_token(&defs_name(path)))
}

struct State<'r, 'a> {
    read: &'r mut Reader<'a>,
    /// Each file asked for: read (and queued), or why not.
    status: BTreeMap<String, Result<(), String>>,
    pending: Vec<(String, Value)>,
    out: Bundled,
}

impl State<'_, '_> {
    /// Read `target` once: queued for bundling, or why it cannot be.
    fn want(&mut self, target: &str) -> Result<(), String> {
        if let Some(s) = self.status.get(target) {
            return s.clone();
        }
        let s = if self.status.len() >= MAX_BUNDLED_FILES {
            Err(format!(
                "more than {MAX_BUNDLED_FILES} files referenced (MAX_BUNDLED_FILES)"
            ))
        } else {
            (self.read)(target).map(|mut doc| {
                if let Some(m) = doc.as_object_mut() {
                    // Its identity and dialect are its referrer's once bundled.
                    m.remove("$id");
                    m.remove("id");
                    m.remove("$schema");
                }
                self.pending.push((target.to_string(), doc));
            })
        };
        self.status.insert(target.to_string(), s.clone());
        s
    }

    /// Rewrite the references of one document (at repository path `path`;
    /// `bundled` when it is not the root): file references become local
    /// ones to the bundled copy, and a bundled document's own local
    /// references move under it.
    fn rewrite(&mut self, doc: &mut Value, path: &str, bundled: Option<&str>) {
        let at = bundled.map(bundled_at).unwrap_or_default();
        let mut refs: Vec<(String, String)> = Vec::new();
        crate::schema::resolve::for_each_ref(doc, &mut |p, r| {
            refs.push((p.to_string(), r.to_string()))
        });
        for (pointer, reference) in refs {
            let new = if let Some(frag) = reference.strip_prefix('#') {
                if bundled.is_none() {
                    continue;
                }
                local(&at, frag)
            } else if is_file_ref(&reference) {
                let (file, frag) = reference.split_once('#').unwrap_or((&reference, ""));
                let joined = match parent_of(path) {
                    "" => file.to_string(),
                    dir => format!("{dir}/{file}"),
                };
                // A path leading out of the repository stays a reference
                // to outside (`forbidden-ref`): never read.
                let Some(target) = normalize(&joined) else {
                    continue;
                };
                if target == path {
                    local(&at, frag)
                } else {
                    match self.want(&target) {
                        Ok(()) => local(&bundled_at(&target), frag),
                        Err(why) => {
                            self.problem(&at, &pointer, &reference, why);
                            continue;
                        }
                    }
                }
            } else {
                continue;
            };
            if let Some(slot) = doc.pointer_mut(&pointer) {
                *slot = Value::String(new);
            }
        }
    }

    fn problem(&mut self, at: &str, pointer: &str, reference: &str, why: String) {
        // The pointer of the `$ref` key's object, as the rules report it.
        self.out.problems.push(RefProblem::Unresolved {
            pointer: format!("{at}{pointer}"),
            reference: reference.to_string(),
            why,
        });
    }
}

/// `#` + the bundled document's pointer + the fragment's pointer.
fn local(at: &str, frag: &str) -> String {
    if frag.is_empty() || frag.starts_with('/') {
        format!("#{at}{frag}")
    } else {
        // A plain-name anchor: kept as written (reported if it names nothing).
        format!("#{frag}")
    }
}

#[cfg(test)]
mod tests {
    use super::is_file_ref;

    #[test]
    fn file_references_are_told_from_schemes_and_fragments() {
        for (reference, file) in [
            ("common/user.json", true),
            ("../schemas/money.yaml#/$defs/Amount", true),
            ("#/$defs/Amount", false),
            ("", false),
            ("concept:user_id", false),
            ("https://example.com/user.json", false),
            ("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66", false),
            ("git+ssh:repo.json", false),
            // Not a scheme (RFC 3986: a letter first, then letters, digits,
            // `+`, `-`, `.`): a path whose first segment holds a colon.
            ("2024:report.json", true),
            ("my file:v2.json", true),
            (":user.json", true),
        ] {
            assert_eq!(is_file_ref(reference), file, "{reference:?}");
        }
    }
}
