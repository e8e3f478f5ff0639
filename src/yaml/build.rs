//! saphyr's events straight to a `serde_json::Value` and the pointer index,
//! with no intermediate tree: the same values, spans and errors as loading
//! a `MarkedYaml` document and converting it, in one pass.
//!
//! Kept from saphyr's loader: the alias-expansion budget (counted as saphyr
//! counts nodes), duplicate keys rejected when the value is inserted,
//! non-core tags refused. Kept from the conversion: merge keys (`<<`)
//! applied after the explicit keys, string keys only, JSON numbers only.
//! The loader's errors stop at once; the conversion's are kept until the
//! stream ends and the first in document order is reported (a merged
//! mapping's after its mapping's explicit keys), so a syntax error later in
//! the file still wins, as it did.

use std::borrow::Cow;

use rustc_hash::FxHashMap;
use saphyr::Scalar;
use saphyr_parser::{Event, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

use super::{pos_of, push_token, PointerIndex, YamlError, MERGE_KEY};
use crate::limits::{MAX_ALIAS_NODES, MAX_DEPTH};
use crate::source::{Pos, Span};

/// What a finished node is, for its parent (as a key, as a merge source).
#[derive(Clone)]
enum Kind {
    /// A string scalar.
    Str,
    /// Another scalar: its identity (duplicate keys), how a key error shows
    /// it, and why it cannot be a JSON value (a float JSON cannot hold).
    Scalar {
        id: String,
        what: &'static str,
        shown: String,
        not_value: Option<String>,
    },
    /// A node with a tag outside the core schema.
    Tagged {
        id: String,
        tag: String,
    },
    Map,
    Seq {
        all_maps: bool,
    },
    /// A value that could not be read (an unknown alias).
    Bad,
}

/// A finished node.
struct Node {
    value: Value,
    kind: Kind,
    /// saphyr's node count (the alias budget): 1, plus 1 + the value's for
    /// each mapping entry, plus each item's.
    count: usize,
    /// Levels below this node.
    height: usize,
    span: Span,
}

/// An anchored node, kept for its aliases, with its descendants' spans
/// relative to it.
struct Stored {
    value: Value,
    kind: Kind,
    count: usize,
    height: usize,
    entries: Vec<(String, Span)>,
}

enum Pending {
    Str(String, Span),
    Merge(Span),
    /// A key that is no string (its error is already kept), by identity.
    Other(Option<String>, Span),
}

enum Coll {
    Seq {
        items: Vec<Value>,
        all_maps: bool,
    },
    Map {
        /// The explicit entries, in order (the map is built once, sized).
        map: Entries,
        key: Option<Pending>,
        merges: Vec<(Value, Vec<(String, Span)>)>,
        other_keys: Vec<String>,
        has_merge: bool,
        merge_error: Option<YamlError>,
    },
}

/// A mapping's entries as read: a list, and the hashes of its keys once
/// it is long enough for a linear search to cost more.
#[derive(Default)]
struct Entries {
    list: Vec<(String, Value)>,
    hashes: rustc_hash::FxHashSet<u64>,
}

/// Above this many keys, a mapping's duplicate-key check hashes.
const LINEAR_KEYS: usize = 16;

fn key_hash(k: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(k)
}

impl Entries {
    fn contains_key(&self, k: &str) -> bool {
        if self.list.len() > LINEAR_KEYS && !self.hashes.contains(&key_hash(k)) {
            return false;
        }
        self.list.iter().any(|(x, _)| x == k)
    }

    fn insert(&mut self, k: String, v: Value) {
        if self.list.len() == LINEAR_KEYS {
            self.hashes = self.list.iter().map(|(x, _)| key_hash(x)).collect();
        }
        if self.list.len() >= LINEAR_KEYS {
            self.hashes.insert(key_hash(&k));
        }
        self.list.push((k, v));
    }
}

struct Frame {
    coll: Coll,
    anchor: usize,
    tag: Option<String>,
    start: Pos,
    /// The length of `ptr` at this node's own pointer.
    ptr_len: usize,
    /// Where this node's descendants start in `log`.
    log_start: usize,
    count: usize,
    height: usize,
    /// The slots of this node's own entry (as a sequence item), whose end
    /// is known at the node's end.
    slot: Slot,
}

type Slot = (Option<usize>, Option<usize>);

/// The value of a `<<` being read: its errors and spans are kept apart.
struct MergeScope {
    error: Option<YamlError>,
}

pub(super) struct Builder {
    stack: Vec<Frame>,
    ptr: String,
    index: PointerIndex,
    /// Entries recorded while an anchored node or a merge value is open.
    log: Vec<(String, Span)>,
    anchors_open: usize,
    merges: Vec<MergeScope>,
    anchors: FxHashMap<usize, Stored>,
    budget: usize,
    error: Option<YamlError>,
    root: Option<Value>,
}

fn span_of(s: &saphyr_parser::Span) -> Span {
    Span {
        start: pos_of(&s.start),
        end: pos_of(&s.end),
    }
}

fn tag_error(tag: &str, at: Pos) -> YamlError {
    YamlError::at(
        format!(
            "the tag `{tag}` is not a YAML core tag; contract files hold plain data (strings, numbers, booleans, null, lists, mappings)"
        ),
        Some(at),
    )
}

fn not_plain_key(at: Pos) -> YamlError {
    YamlError::at(
        "a mapping key must be a plain value, not a list or a mapping",
        Some(at),
    )
}

/// The error a node gives as a mapping key, if any.
fn key_error(kind: &Kind, at: Pos) -> Option<YamlError> {
    match kind {
        Kind::Str => None,
        Kind::Scalar { what, shown, .. } => Some(YamlError::at(
            format!(
                "the key `{shown}` is {what}, not a string: JSON keys are strings, so write it quoted (`\"{shown}\"`)"
            ),
            Some(at),
        )),
        Kind::Tagged { tag, .. } => Some(tag_error(tag, at)),
        Kind::Map | Kind::Seq { .. } => Some(not_plain_key(at)),
        Kind::Bad => value_error(kind, at),
    }
}

/// The error a node gives as a value, if any.
fn value_error(kind: &Kind, at: Pos) -> Option<YamlError> {
    match kind {
        Kind::Scalar { not_value, .. } => not_value
            .as_ref()
            .map(|m| YamlError::at(m.clone(), Some(at))),
        Kind::Tagged { tag, .. } => Some(tag_error(tag, at)),
        Kind::Bad => Some(YamlError::at(
            "a value could not be read (bad alias or invalid scalar)",
            Some(at),
        )),
        _ => None,
    }
}

/// The descendants of `prefix` among `entries`, relative to it.
fn below(entries: &[(String, Span)], prefix: &str) -> Vec<(String, Span)> {
    entries
        .iter()
        .filter_map(|(p, s)| {
            let rest = p.strip_prefix(prefix)?;
            rest.starts_with('/').then(|| (rest.to_string(), *s))
        })
        .collect()
}

fn scalar_node(v: Cow<'_, str>, style: ScalarStyle, tag: Option<Cow<'_, Tag>>, span: Span) -> Node {
    let leaf = |value, kind| Node {
        value,
        kind,
        count: 1,
        height: 0,
        span,
    };
    if let Some(t) = tag.as_ref().filter(|t| !t.is_yaml_core_schema()) {
        let tag = format!("{}{}", t.handle, t.suffix);
        return leaf(
            Value::Null,
            Kind::Tagged {
                id: format!("{tag}\u{0}{style:?}\u{0}{v}"),
                tag,
            },
        );
    }
    let Some(scalar) = Scalar::parse_from_cow_and_metadata(v, style, tag.as_ref()) else {
        return leaf(Value::Null, Kind::Bad);
    };
    let id = match &scalar {
        Scalar::String(_) => String::new(),
        other => format!("{other:?}"),
    };
    match scalar {
        Scalar::String(s) => {
            // Kept for the whole run: no spare capacity from the scanner's buffer.
            let mut s = s.into_owned();
            s.shrink_to_fit();
            leaf(Value::String(s), Kind::Str)
        }
        Scalar::Null => leaf(
            Value::Null,
            Kind::Scalar {
                id,
                what: "null",
                shown: "null".into(),
                not_value: None,
            },
        ),
        Scalar::Boolean(b) => leaf(
            Value::Bool(b),
            Kind::Scalar {
                id,
                what: "a boolean",
                shown: b.to_string(),
                not_value: None,
            },
        ),
        Scalar::Integer(i) => leaf(
            Value::Number(i.into()),
            Kind::Scalar {
                id,
                what: "a number",
                shown: i.to_string(),
                not_value: None,
            },
        ),
        Scalar::FloatingPoint(f) => {
            let number = Number::from_f64(f.into_inner());
            let not_value = number.is_none().then(|| {
                format!(
                    "the number `{}` cannot be represented in JSON",
                    f.into_inner()
                )
            });
            leaf(
                number.map_or(Value::Null, Value::Number),
                Kind::Scalar {
                    id,
                    what: "a number",
                    shown: f.to_string(),
                    not_value,
                },
            )
        }
    }
}

impl Builder {
    pub(super) fn new() -> Self {
        Builder {
            stack: Vec::new(),
            ptr: String::new(),
            index: PointerIndex::default(),
            log: Vec::new(),
            anchors_open: 0,
            merges: Vec::new(),
            anchors: FxHashMap::default(),
            budget: MAX_ALIAS_NODES,
            error: None,
            root: None,
        }
    }

    /// The value and its index, or the first conversion error.
    pub(super) fn finish(mut self) -> Result<(Value, PointerIndex), YamlError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let Some(root) = self.root.take() else {
            return Ok((Value::Null, PointerIndex::default()));
        };
        let mut index = PointerIndex::default();
        let at = Pos { line: 1, col: 1 };
        index.insert("", Span { start: at, end: at });
        index.entries.append(&mut self.index.entries);
        index.seal();
        Ok((root, index))
    }

    /// Keep the first conversion error (of the merge value being read, if any).
    fn defer(&mut self, e: Option<YamlError>) {
        let Some(e) = e else { return };
        let slot = match self.merges.last_mut() {
            Some(m) => &mut m.error,
            None => &mut self.error,
        };
        if slot.is_none() {
            *slot = Some(e);
        }
    }

    fn recording(&self) -> bool {
        self.anchors_open > 0 || !self.merges.is_empty()
    }

    /// Index the current pointer (except inside a merge value, whose
    /// entries land where they are merged), and log it while recording.
    fn record(&mut self, span: Span) -> Slot {
        let i = self.merges.is_empty().then(|| {
            self.index.insert(&self.ptr, span);
            self.index.entries.len() - 1
        });
        let l = self.recording().then(|| {
            self.log.push((self.ptr.clone(), span));
            self.log.len() - 1
        });
        (i, l)
    }

    /// Is the node starting now a key of the mapping being read?
    fn at_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                coll: Coll::Map { key: None, .. },
                ..
            })
        )
    }

    /// A value (not a key) starts: extend the pointer and record its entry.
    fn enter(&mut self, span: Span) -> Slot {
        let Some(top) = self.stack.last() else {
            return (None, None);
        };
        match &top.coll {
            Coll::Seq { items, .. } => {
                let i = items.len();
                self.ptr.push('/');
                self.ptr.push_str(&i.to_string());
                self.record(span)
            }
            Coll::Map { key, .. } => match key {
                Some(Pending::Str(k, key_span)) => {
                    let (k, key_span) = (k.clone(), *key_span);
                    self.ptr.push('/');
                    push_token(&mut self.ptr, &k);
                    self.record(key_span);
                    (None, None)
                }
                Some(Pending::Merge(_)) => {
                    self.ptr.push_str("/<<");
                    self.merges.push(MergeScope { error: None });
                    (None, None)
                }
                _ => {
                    // The key's error is kept: the value is read only for
                    // the loader's checks.
                    self.ptr.push_str("/\u{0}");
                    (None, None)
                }
            },
        }
    }

    pub(super) fn on_event(
        &mut self,
        ev: Event<'_>,
        s: &saphyr_parser::Span,
    ) -> Result<(), YamlError> {
        let span = span_of(s);
        match ev {
            Event::StreamStart | Event::StreamEnd | Event::Nothing | Event::DocumentStart(_) => {}
            Event::DocumentEnd => {
                if self.root.is_none() && self.stack.is_empty() {
                    self.defer(value_error(&Kind::Bad, span.start));
                    self.root = Some(Value::Null);
                }
            }
            Event::Scalar(v, style, anchor, tag) => {
                let key = self.at_key();
                let node = scalar_node(v, style, tag, span);
                self.leaf(node, anchor, key, Vec::new())?;
            }
            Event::Alias(id) => {
                let key = self.at_key();
                let (node, entries) = match self.anchors.get(&id) {
                    None => (
                        Node {
                            value: Value::Null,
                            kind: Kind::Bad,
                            count: 1,
                            height: 0,
                            span,
                        },
                        Vec::new(),
                    ),
                    Some(a) => {
                        if a.count > self.budget {
                            return Err(YamlError::at(
                                format!(
                                    "YAML aliases expand to more than {MAX_ALIAS_NODES} nodes (MAX_ALIAS_NODES): alias expansion exceeded the maximum node budget (possible billion-laughs attack)"
                                ),
                                Some(span.start),
                            ));
                        }
                        self.budget -= a.count;
                        (
                            Node {
                                value: a.value.clone(),
                                kind: a.kind.clone(),
                                count: a.count,
                                height: a.height,
                                span,
                            },
                            a.entries.clone(),
                        )
                    }
                };
                if self.stack.len() + node.height > MAX_DEPTH * 4 {
                    self.defer(Some(YamlError::at(
                        format!(
                            "nesting (with aliases expanded) is deeper than {} levels",
                            MAX_DEPTH * 4
                        ),
                        Some(span.start),
                    )));
                }
                self.leaf(node, 0, key, entries)?;
            }
            Event::SequenceStart(anchor, tag) => self.open(false, anchor, tag, span),
            Event::MappingStart(anchor, tag) => self.open(true, anchor, tag, span),
            Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
        }
        Ok(())
    }

    /// A scalar or an alias: its errors, its entry, then its parent.
    fn leaf(
        &mut self,
        node: Node,
        anchor: usize,
        key: bool,
        entries: Vec<(String, Span)>,
    ) -> Result<(), YamlError> {
        if key {
            self.defer(key_error(&node.kind, node.span.start));
            return self.attach(node, anchor, entries);
        }
        // A merge value's errors are its own scope's: enter first.
        self.enter(node.span);
        self.defer(value_error(&node.kind, node.span.start));
        // An alias is a copy of its anchor: the anchor's spans, here.
        let len = self.ptr.len();
        for (suffix, span) in &entries {
            self.ptr.push_str(suffix);
            self.record(*span);
            self.ptr.truncate(len);
        }
        self.attach(node, anchor, entries)
    }

    fn open(&mut self, is_map: bool, anchor: usize, tag: Option<Cow<'_, Tag>>, span: Span) {
        let tag = tag
            .filter(|t| !t.is_yaml_core_schema())
            .map(|t| format!("{}{}", t.handle, t.suffix));
        let key = self.at_key();
        let slot = if key { (None, None) } else { self.enter(span) };
        // The conversion met a node before its children.
        if let Some(t) = &tag {
            self.defer(Some(tag_error(t, span.start)));
        } else if key {
            self.defer(Some(not_plain_key(span.start)));
        }
        if anchor > 0 {
            self.anchors_open += 1;
        }
        let coll = if is_map {
            Coll::Map {
                map: Entries::default(),
                key: None,
                merges: Vec::new(),
                other_keys: Vec::new(),
                has_merge: false,
                merge_error: None,
            }
        } else {
            Coll::Seq {
                items: Vec::new(),
                all_maps: true,
            }
        };
        self.stack.push(Frame {
            coll,
            anchor,
            tag,
            start: span.start,
            ptr_len: self.ptr.len(),
            log_start: self.log.len(),
            count: 1,
            height: 0,
            slot,
        });
    }

    fn close(&mut self, end_event: Span) -> Result<(), YamlError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let span = Span {
            start: frame.start,
            end: end_event.start,
        };
        // The entry of a sequence item ends here.
        if let Some(i) = frame.slot.0 {
            self.index.entries[i].1.end = span.end;
        }
        if let Some(l) = frame.slot.1 {
            self.log[l].1.end = span.end;
        }
        let (value, kind) = match frame.coll {
            Coll::Seq {
                mut items,
                all_maps,
            } => {
                items.shrink_to_fit();
                (Value::Array(items), Kind::Seq { all_maps })
            }
            Coll::Map {
                map: entries,
                merges,
                merge_error,
                ..
            } => {
                let mut map = Map::with_capacity(entries.list.len());
                for (k, v) in entries.list {
                    map.insert(k, v);
                }
                // Merged entries after the explicit keys (which win),
                // earlier merges first, at the spans they are written at.
                for (from, entries) in merges {
                    let Value::Object(from) = from else { continue };
                    for (key, value) in from {
                        if map.contains_key(&key) {
                            continue;
                        }
                        let len = self.ptr.len();
                        self.ptr.push('/');
                        push_token(&mut self.ptr, &key);
                        let rel = self.ptr[len..].to_string();
                        for (p, s) in &entries {
                            if p == &rel
                                || p.strip_prefix(rel.as_str())
                                    .is_some_and(|r| r.starts_with('/'))
                            {
                                self.ptr.truncate(len);
                                self.ptr.push_str(p);
                                self.record(*s);
                            }
                        }
                        self.ptr.truncate(len);
                        map.insert(key, value);
                    }
                }
                self.defer(merge_error);
                (Value::Object(map), Kind::Map)
            }
        };
        let kind = match frame.tag {
            Some(tag) => Kind::Tagged {
                id: format!("{tag}\u{0}{value}"),
                tag,
            },
            None => kind,
        };
        let entries = if frame.anchor > 0 || !self.merges.is_empty() {
            below(&self.log[frame.log_start..], &self.ptr)
        } else {
            Vec::new()
        };
        if frame.anchor > 0 {
            self.anchors_open -= 1;
        }
        let node = Node {
            value,
            kind,
            count: frame.count,
            height: frame.height,
            span,
        };
        self.attach(node, frame.anchor, entries)
    }

    /// Hand a finished node to its parent (or make it the document).
    fn attach(
        &mut self,
        node: Node,
        anchor: usize,
        entries: Vec<(String, Span)>,
    ) -> Result<(), YamlError> {
        if anchor > 0 {
            self.anchors.insert(
                anchor,
                Stored {
                    value: node.value.clone(),
                    kind: node.kind.clone(),
                    count: node.count,
                    height: node.height,
                    entries: entries.clone(),
                },
            );
        }
        let Some(top) = self.stack.last_mut() else {
            self.root = Some(node.value);
            return Ok(());
        };
        top.height = top.height.max(node.height + 1);
        let parent_len = top.ptr_len;
        let mut not_merged = None;
        match &mut top.coll {
            Coll::Seq { items, all_maps } => {
                top.count += node.count;
                *all_maps &= matches!(node.kind, Kind::Map);
                items.push(node.value);
            }
            Coll::Map {
                key: key @ None, ..
            } => {
                // A key: the value comes next.
                *key = Some(match node.kind {
                    Kind::Str => match node.value {
                        Value::String(s) if s == MERGE_KEY => Pending::Merge(node.span),
                        Value::String(s) => Pending::Str(s, node.span),
                        _ => Pending::Other(None, node.span),
                    },
                    Kind::Scalar { id, .. } | Kind::Tagged { id, .. } => {
                        Pending::Other(Some(id), node.span)
                    }
                    _ => Pending::Other(None, node.span),
                });
                return Ok(());
            }
            Coll::Map {
                map,
                key,
                merges,
                other_keys,
                has_merge,
                merge_error,
            } => {
                top.count += 1 + node.count;
                let duplicated =
                    |at: Span| Err(YamlError::at("duplicated key in mapping", Some(at.start)));
                match key.take() {
                    Some(Pending::Str(k, at)) => {
                        if map.contains_key(&k) {
                            return duplicated(at);
                        }
                        map.insert(k, node.value);
                    }
                    Some(Pending::Merge(at)) => {
                        if *has_merge {
                            return duplicated(at);
                        }
                        *has_merge = true;
                        let scope = self.merges.pop().map(|m| m.error);
                        if merge_error.is_none() {
                            *merge_error = scope.flatten();
                        }
                        match node.kind {
                            Kind::Map => merges.push((node.value, entries)),
                            Kind::Seq { all_maps: true } => {
                                let Value::Array(items) = node.value else {
                                    unreachable!("a sequence is an array")
                                };
                                for (i, item) in items.into_iter().enumerate() {
                                    merges.push((item, below(&entries, &format!("/{i}"))));
                                }
                            }
                            _ => {
                                not_merged = Some(YamlError::at(
                                    "a merge key `<<` must name a mapping (`<<: *anchor`) or a list of them",
                                    Some(at.start),
                                ));
                            }
                        }
                    }
                    Some(Pending::Other(id, at)) => {
                        if let Some(id) = id {
                            if other_keys.contains(&id) {
                                return duplicated(at);
                            }
                            other_keys.push(id);
                        }
                    }
                    None => unreachable!("matched above"),
                }
            }
        }
        self.ptr.truncate(parent_len);
        self.defer(not_merged);
        if !self.recording() {
            self.log.clear();
        }
        Ok(())
    }
}
