//! YAML text to a `serde_json::Value` plus a JSON-pointer → span index.
//!
//! Parsing goes through saphyr's event parser, driven here one event at a
//! time so that nesting depth is bounded *before* anything recurses, into
//! saphyr's `YamlLoader<MarkedYaml>` (spans on every node, alias-expansion
//! budget, duplicate keys rejected). The marked tree is then converted once
//! into JSON and the index.

use saphyr::{MarkedYaml, Scalar, YamlData, YamlLoader};
use saphyr_parser::{Event, Parser, SpannedEventReceiver};
use serde_json::{Map, Number, Value};

use crate::limits::{MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES};
use crate::source::{Pos, Span};

/// A file that could not be read as YAML: the reason and, where known, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub pos: Option<Pos>,
}

impl YamlError {
    fn at(message: impl Into<String>, pos: Option<Pos>) -> Self {
        YamlError {
            message: message.into(),
            pos,
        }
    }
}

/// JSON pointer (RFC 6901) → span of the key (mapping entries) or node.
/// Kept compact: a sorted list of (hash of the pointer, span), no strings.
#[derive(Debug, Clone, Default)]
pub struct PointerIndex {
    entries: Vec<(u64, Span)>,
}

fn hash_pointer(p: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    p.hash(&mut h);
    h.finish()
}

impl PointerIndex {
    fn insert(&mut self, pointer: &str, span: Span) {
        self.entries.push((hash_pointer(pointer), span));
    }

    /// Sort once, keeping the first span seen for a pointer.
    fn seal(&mut self) {
        self.entries.sort_by_key(|(h, _)| *h);
        self.entries.dedup_by_key(|(h, _)| *h);
        // Kept for the whole run, one per file: no growth slack.
        self.entries.shrink_to_fit();
    }

    pub fn get(&self, pointer: &str) -> Option<Span> {
        let h = hash_pointer(pointer);
        self.entries
            .binary_search_by_key(&h, |(k, _)| *k)
            .ok()
            .map(|i| self.entries[i].1)
    }

    /// The span of `pointer`, or of its nearest ancestor that exists (a
    /// removed field points at its parent), or the start of the file.
    pub fn nearest(&self, pointer: &str) -> (String, Span) {
        let mut p = pointer.to_string();
        loop {
            if let Some(s) = self.get(&p) {
                return (p, s);
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return (String::new(), Span::at_start()),
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A parsed YAML document.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub value: Value,
    pub index: PointerIndex,
}

/// Escape one JSON-pointer reference token.
pub fn escape_token(s: &str) -> String {
    if s.contains('~') || s.contains('/') {
        s.replace('~', "~0").replace('/', "~1")
    } else {
        s.to_string()
    }
}

/// Append one escaped reference token to a pointer being built.
pub fn push_token(ptr: &mut String, s: &str) {
    if s.contains('~') || s.contains('/') {
        ptr.push_str(&escape_token(s));
    } else {
        ptr.push_str(s);
    }
}

/// Unescape one JSON-pointer reference token.
pub fn unescape_token(s: &str) -> String {
    if s.contains('~') {
        s.replace("~1", "/").replace("~0", "~")
    } else {
        s.to_string()
    }
}

/// Decode raw bytes: reject non-UTF-8 (with the line of the first bad byte),
/// strip a UTF-8 byte-order mark, enforce the size limit.
pub fn decode(bytes: &[u8]) -> Result<String, YamlError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(YamlError::at(
            format!(
                "the file is {} bytes, over the limit of {} bytes (MAX_FILE_BYTES)",
                bytes.len(),
                MAX_FILE_BYTES
            ),
            None,
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 with a byte-order mark is read; without one it is named.
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| {
            YamlError::at(
                "the file is UTF-16 but holds an invalid character; save it as UTF-8",
                None,
            )
        })
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    if bytes.len() >= 2
        && bytes.iter().take(64).filter(|b| **b == 0).count() * 4 >= bytes.len().min(64)
    {
        return Err(YamlError::at(
            "the file looks like UTF-16 without a byte-order mark (it is full of NUL bytes); save it as UTF-8",
            Some(Pos { line: 1, col: 1 }),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = good.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(YamlError::at(
                format!(
                    "the file is not UTF-8: invalid byte 0x{:02X} at byte offset {}",
                    bytes.get(e.valid_up_to()).copied().unwrap_or(0),
                    e.valid_up_to()
                ),
                Some(Pos {
                    line: line as u32,
                    col: col as u32,
                }),
            ))
        }
    }
}

/// Feeds saphyr's loader, refusing input nested deeper than `MAX_DEPTH` and
/// counting documents.
struct Guard<'input> {
    loader: YamlLoader<'input, MarkedYaml<'input>>,
    depth: usize,
    documents: usize,
}

fn pos_of(m: &saphyr::Marker) -> Pos {
    Pos {
        line: m.line() as u32,
        col: m.col() as u32 + 1,
    }
}

/// Parse one YAML document. An empty file (or one of only comments) is `null`.
pub fn parse(text: &str) -> Result<Parsed, YamlError> {
    let mut loader: YamlLoader<MarkedYaml> = YamlLoader::default();
    loader.alias_limit(MAX_ALIAS_NODES);
    let mut guard = Guard {
        loader,
        depth: 0,
        documents: 0,
    };
    let mut parser = Parser::new_from_str(text);
    for item in &mut parser {
        let (ev, span) =
            item.map_err(|e| {
                let msg = if e.info().contains("recursion limit") {
                    format!("nesting is deeper than the parser allows ({}); the limit is MAX_DEPTH = {MAX_DEPTH}", e.info())
                } else {
                    e.info().to_string()
                };
                YamlError::at(msg, Some(pos_of(e.marker())))
            })?;
        match &ev {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                guard.depth += 1;
                if guard.depth > MAX_DEPTH {
                    return Err(YamlError::at(
                        format!(
                            "nesting is deeper than the limit of {MAX_DEPTH} levels (MAX_DEPTH)"
                        ),
                        Some(pos_of(&span.start)),
                    ));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => guard.depth = guard.depth.saturating_sub(1),
            Event::DocumentStart(_) => {
                guard.documents += 1;
                if guard.documents > 1 {
                    return Err(YamlError::at(
                        "the file holds more than one YAML document (`---`); put one per file",
                        Some(pos_of(&span.start)),
                    ));
                }
            }
            _ => {}
        }
        let end = matches!(ev, Event::StreamEnd);
        guard.loader.on_event(ev, span);
        if let Some(e) = guard.loader.error() {
            let msg = if e.info().contains("alias expansion") {
                format!(
                    "YAML aliases expand to more than {MAX_ALIAS_NODES} nodes (MAX_ALIAS_NODES): {}",
                    e.info()
                )
            } else {
                e.info().to_string()
            };
            return Err(YamlError::at(msg, Some(pos_of(e.marker()))));
        }
        if end {
            break;
        }
    }
    let docs = guard.loader.into_documents();
    let Some(doc) = docs.into_iter().next() else {
        return Ok(Parsed {
            value: Value::Null,
            index: PointerIndex::default(),
        });
    };
    let mut index = PointerIndex::default();
    let root_span = Span {
        start: Pos { line: 1, col: 1 },
        end: Pos { line: 1, col: 1 },
    };
    index.insert("", root_span);
    let mut ptr = String::new();
    let value = convert(&doc, &mut ptr, &mut index, 0)?;
    index.seal();
    Ok(Parsed { value, index })
}

fn span_of(node: &MarkedYaml) -> Span {
    Span {
        start: pos_of(&node.span.start),
        end: pos_of(&node.span.end),
    }
}

fn key_string(node: &MarkedYaml) -> Result<String, YamlError> {
    let not_string = |what: &str, shown: String| {
        YamlError::at(
            format!(
                "the key `{shown}` is {what}, not a string: JSON keys are strings, so write it quoted (`\"{shown}\"`)"
            ),
            Some(span_of(node).start),
        )
    };
    match &node.data {
        YamlData::Value(s) => match s {
            Scalar::String(s) => Ok(s.to_string()),
            Scalar::Integer(i) => Err(not_string("a number", i.to_string())),
            Scalar::Boolean(b) => Err(not_string("a boolean", b.to_string())),
            Scalar::Null => Err(not_string("null", "null".to_string())),
            Scalar::FloatingPoint(f) => Err(not_string("a number", f.to_string())),
        },
        YamlData::Representation(s, _, _) => Ok(s.to_string()),
        YamlData::Tagged(tag, _) => Err(unknown_tag(tag, node)),
        _ => Err(YamlError::at(
            "a mapping key must be a plain value, not a list or a mapping",
            Some(span_of(node).start),
        )),
    }
}

fn unknown_tag(tag: &saphyr_parser::Tag, node: &MarkedYaml) -> YamlError {
    YamlError::at(
        format!(
            "the tag `{}{}` is not a YAML core tag; contract files hold plain data (strings, numbers, booleans, null, lists, mappings)",
            tag.handle, tag.suffix
        ),
        Some(span_of(node).start),
    )
}

/// The YAML 1.1 merge key.
const MERGE_KEY: &str = "<<";

fn convert(
    node: &MarkedYaml,
    ptr: &mut String,
    index: &mut PointerIndex,
    depth: usize,
) -> Result<Value, YamlError> {
    if depth > MAX_DEPTH * 4 {
        // Aliases can nest expanded trees; bound the conversion as well.
        return Err(YamlError::at(
            format!(
                "nesting (with aliases expanded) is deeper than {} levels",
                MAX_DEPTH * 4
            ),
            Some(span_of(node).start),
        ));
    }
    Ok(match &node.data {
        YamlData::Value(s) => match s {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::Number((*i).into()),
            Scalar::FloatingPoint(f) => match Number::from_f64(f.into_inner()) {
                Some(n) => Value::Number(n),
                None => {
                    return Err(YamlError::at(
                        format!(
                            "the number `{}` cannot be represented in JSON",
                            f.into_inner()
                        ),
                        Some(span_of(node).start),
                    ))
                }
            },
            Scalar::String(s) => Value::String(s.to_string()),
        },
        YamlData::Representation(s, _, _) => Value::String(s.to_string()),
        YamlData::Tagged(tag, _) => return Err(unknown_tag(tag, node)),
        YamlData::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = ptr.len();
                ptr.push('/');
                ptr.push_str(&i.to_string());
                index.insert(ptr, span_of(item));
                out.push(convert(item, ptr, index, depth + 1)?);
                ptr.truncate(len);
            }
            Value::Array(out)
        }
        YamlData::Mapping(map) => {
            // Sized once: most of a schema's mappings are small and stay.
            let mut out = Map::with_capacity(map.len());
            // Merge keys (`<<: *base`, `<<: [*a, *b]`): the merged mappings'
            // entries, after the explicit keys (which win), earlier ones first.
            let mut merged: Vec<&MarkedYaml> = Vec::new();
            for (k, v) in map.iter() {
                if matches!(&k.data, YamlData::Value(Scalar::String(s)) if s == MERGE_KEY) {
                    match &v.data {
                        YamlData::Mapping(_) => merged.push(v),
                        YamlData::Sequence(items)
                            if items
                                .iter()
                                .all(|i| matches!(i.data, YamlData::Mapping(_))) =>
                        {
                            merged.extend(items.iter())
                        }
                        _ => {
                            return Err(YamlError::at(
                                "a merge key `<<` must name a mapping (`<<: *anchor`) or a list of them",
                                Some(span_of(k).start),
                            ))
                        }
                    }
                    continue;
                }
                let key = key_string(k)?;
                if out.contains_key(&key) {
                    return Err(YamlError::at(
                        format!("the key `{key}` appears twice in this mapping once read as JSON (e.g. `1` and `\"1\"`); keep one"),
                        Some(span_of(k).start),
                    ));
                }
                let len = ptr.len();
                ptr.push('/');
                push_token(ptr, &key);
                index.insert(ptr, span_of(k));
                let value = convert(v, ptr, index, depth + 1)?;
                ptr.truncate(len);
                out.insert(key, value);
            }
            for m in merged {
                let Value::Object(from) = convert(
                    m,
                    &mut String::new(),
                    &mut PointerIndex::default(),
                    depth + 1,
                )?
                else {
                    continue;
                };
                let YamlData::Mapping(src) = &m.data else {
                    continue;
                };
                for (key, value) in from {
                    if out.contains_key(&key) {
                        continue;
                    }
                    // Located where the merged entry is written (in the anchor).
                    let len = ptr.len();
                    ptr.push('/');
                    push_token(ptr, &key);
                    if let Some((k, v)) = src
                        .iter()
                        .find(|(k, _)| key_string(k).ok().as_deref() == Some(key.as_str()))
                    {
                        index.insert(ptr, span_of(k));
                        convert(v, ptr, index, depth + 1)?;
                    }
                    ptr.truncate(len);
                    out.insert(key, value);
                }
            }
            Value::Object(out)
        }
        YamlData::Alias(_) | YamlData::BadValue => {
            return Err(YamlError::at(
                "a value could not be read (bad alias or invalid scalar)",
                Some(span_of(node).start),
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_point_at_keys() {
        let p = parse("a:\n  b: 1\n  c: [x, y]\n").unwrap();
        assert_eq!(p.index.get("/a/b").unwrap().start, Pos { line: 2, col: 3 });
        assert_eq!(p.index.get("/a/c/1").unwrap().start.line, 3);
        assert_eq!(p.value["a"]["c"][1], "y");
    }

    #[test]
    fn nearest_falls_back_to_parent() {
        let p = parse("a:\n  b: 1\n").unwrap();
        let (ptr, span) = p.index.nearest("/a/zzz/q");
        assert_eq!(ptr, "/a");
        assert_eq!(span.start.line, 1);
    }

    #[test]
    fn limits_are_findings_not_crashes() {
        let deep = "[".repeat(MAX_DEPTH + 5) + &"]".repeat(MAX_DEPTH + 5);
        assert!(parse(&deep).unwrap_err().message.contains("MAX_DEPTH"));
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
        assert!(parse(bomb).unwrap_err().message.contains("MAX_ALIAS_NODES"));
        assert!(parse("a: 1\na: 2\n").is_err());
        assert!(parse("a: [1, 2\n").is_err());
        assert!(parse("a: 1\n---\nb: 2\n")
            .unwrap_err()
            .message
            .contains("more than one"));
        assert_eq!(parse("# only a comment\n").unwrap().value, Value::Null);
    }

    #[test]
    fn decode_rejects_non_utf8_with_line() {
        let e = decode(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(e.pos.unwrap().line, 2);
        assert_eq!(decode(b"\xEF\xBB\xBFa: 1").unwrap(), "a: 1");
    }
}
