//! YAML text to a `serde_json::Value` plus a JSON-pointer → span index.
//!
//! Parsing goes through saphyr's event parser, driven here one event at a
//! time so that nesting depth is bounded *before* anything recurses, and
//! each event goes straight into the JSON value and the index (`build`):
//! no intermediate tree. The builder keeps what saphyr's `YamlLoader` did
//! (alias-expansion budget, duplicate keys rejected, spans) and what the
//! conversion to JSON did (merge keys, string keys, JSON numbers).

use saphyr_parser::{Event, Parser};
use serde_json::Value;

use crate::limits::{MAX_DEPTH, MAX_FILE_BYTES};
use crate::source::{Pos, Span};

mod build;

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

fn pos_of(m: &saphyr::Marker) -> Pos {
    Pos {
        line: m.line() as u32,
        col: m.col() as u32 + 1,
    }
}

/// Parse one YAML document. An empty file (or one of only comments) is `null`.
pub fn parse(text: &str) -> Result<Parsed, YamlError> {
    let mut builder = build::Builder::new();
    let mut depth = 0usize;
    let mut documents = 0usize;
    let mut parser = Parser::new_from_str(text);
    for item in &mut parser {
        let (ev, span) = item.map_err(|e| {
            let msg = if e.info().contains("recursion limit") {
                format!("nesting is deeper than the parser allows ({}); the limit is MAX_DEPTH = {MAX_DEPTH}", e.info())
            } else {
                e.info().to_string()
            };
            YamlError::at(msg, Some(pos_of(e.marker())))
        })?;
        match &ev {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(YamlError::at(
                        format!(
                            "nesting is deeper than the limit of {MAX_DEPTH} levels (MAX_DEPTH)"
                        ),
                        Some(pos_of(&span.start)),
                    ));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError::at(
                        "the file holds more than one YAML document (`---`); put one per file",
                        Some(pos_of(&span.start)),
                    ));
                }
            }
            _ => {}
        }
        let end = matches!(ev, Event::StreamEnd);
        builder.on_event(ev, &span)?;
        if end {
            break;
        }
    }
    let (value, index) = builder.finish()?;
    Ok(Parsed { value, index })
}

/// The YAML 1.1 merge key.
const MERGE_KEY: &str = "<<";

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
    fn merged_keys_point_where_they_are_written() {
        let p = parse("base: &b\n  x: 1\n  z: [1]\nd:\n  <<: *b\n  y: 2\n  z: 3\n").unwrap();
        assert_eq!(p.value["d"], serde_json::json!({"y": 2, "z": 3, "x": 1}));
        assert_eq!(p.index.get("/d/x").unwrap().start.line, 2);
        assert_eq!(p.index.get("/d/y").unwrap().start.line, 6);
        // An explicit key wins, and keeps its own place.
        assert_eq!(p.index.get("/d/z").unwrap().start.line, 7);
        assert!(p.index.get("/d/<<").is_none());
        // Through a merge inside the merged mapping, too.
        let p = parse("m: &m {<<: {a: 1}, b: 2}\nn: {<<: *m, c: 3}\n").unwrap();
        assert_eq!(p.value["n"], serde_json::json!({"c": 3, "b": 2, "a": 1}));
        assert_eq!(p.index.get("/n/a").unwrap().start.line, 1);
        assert_eq!(p.index.get("/n/c").unwrap().start.line, 2);
    }

    #[test]
    fn aliases_copy_the_anchor_with_its_places() {
        let p = parse("a: &x\n  b: [1, {c: 2}]\nz: *x\nl: [*x]\n").unwrap();
        assert_eq!(p.value["z"], p.value["a"]);
        assert_eq!(p.value["l"][0], p.value["a"]);
        assert_eq!(p.index.get("/z").unwrap().start.line, 3);
        assert_eq!(p.index.get("/z/b/1/c").unwrap().start.line, 2);
        assert_eq!(p.index.get("/l/0").unwrap().start, Pos { line: 4, col: 5 });
        assert_eq!(p.index.get("/l/0/b").unwrap().start.line, 2);
    }

    #[test]
    fn keys_that_are_not_strings_are_errors_at_the_key() {
        let e = parse("a: 1\n2: b\n").unwrap_err();
        assert!(e.message.contains("the key `2` is a number"), "{e:?}");
        assert_eq!(e.pos.unwrap().line, 2);
        let e = parse("? [1]\n: a\n").unwrap_err();
        assert!(e.message.contains("plain value"), "{e:?}");
        // An alias to a mapping still being read names nothing: an error,
        // not an entry silently dropped (as saphyr's loader did).
        let e = parse("m: &m {a: 1, *m}\n").unwrap_err();
        assert!(e.message.contains("could not be read"), "{e:?}");
        assert_eq!(e.pos.unwrap(), Pos { line: 1, col: 14 });
        assert!(parse("a: !custom 1\n")
            .unwrap_err()
            .message
            .contains("`!custom`"));
        assert_eq!(parse("a: !!str 1\n").unwrap().value["a"], "1");
    }

    #[test]
    fn decode_rejects_non_utf8_with_line() {
        let e = decode(b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(e.pos.unwrap().line, 2);
        assert_eq!(decode(b"\xEF\xBB\xBFa: 1").unwrap(), "a: 1");
    }
}
