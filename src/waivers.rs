//! `contract check --write-waivers`: append a waiver for every current
//! finding to `contracts.yaml`, keeping the file's comments and layout, each
//! with `reason: TODO` (which `invalid-manifest` refuses until a person
//! writes the real reason). The edit is checked by parsing the result and
//! written atomically; when it cannot be done safely, nothing is written.

use std::collections::BTreeSet;
use std::path::Path;

use crate::check::{self, Request};
use crate::error::Error;
use crate::finding::Finding;
use crate::workspace::{self, MANIFEST};
use serde_json::Value;

/// A YAML double-quoted scalar holding exactly `s`: `"` and `\` escaped,
/// every character YAML does not allow raw (controls, CR, line and
/// paragraph separators, BOM, U+FFFE/U+FFFF) written as an escape, so
/// quotes, `#`, `: ` and CR all round-trip.
pub fn quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            ' '..='~' => o.push(c),
            '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}' => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Text for a trailing comment: one line of printable characters.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                )
            {
                ' '
            } else {
                c
            }
        })
        .take(100)
        .collect()
}

/// The waiver a finding gets, as the value the manifest must hold.
fn expected(f: &Finding) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("rule".into(), Value::String(f.rule.clone()));
    if let Some(ev) = &f.event {
        m.insert("event".into(), Value::String(ev.clone()));
    }
    if !f.pointer.is_empty() {
        m.insert("pointer".into(), Value::String(f.pointer.clone()));
    }
    m.insert("reason".into(), Value::String(TODO.into()));
    Value::Object(m)
}

/// The reason every written waiver has until a person writes one.
pub const TODO: &str = "TODO";

/// One block-style list entry.
fn block_entry(f: &Finding, indent: &str, nl: &str) -> String {
    let mut e = format!("{indent}- rule: {}{nl}", quote(&f.rule));
    if let Some(ev) = &f.event {
        e.push_str(&format!("{indent}  event: {}{nl}", quote(ev)));
    }
    if !f.pointer.is_empty() {
        e.push_str(&format!("{indent}  pointer: {}{nl}", quote(&f.pointer)));
    }
    e.push_str(&format!(
        "{indent}  reason: {TODO}   # {}{nl}",
        comment(&f.message)
    ));
    e
}

/// One flow-style list entry: `{rule: "...", ..., reason: TODO}`.
fn flow_entry(f: &Finding) -> String {
    let mut parts = vec![format!("rule: {}", quote(&f.rule))];
    if let Some(ev) = &f.event {
        parts.push(format!("event: {}", quote(ev)));
    }
    if !f.pointer.is_empty() {
        parts.push(format!("pointer: {}", quote(&f.pointer)));
    }
    parts.push(format!("reason: {TODO}"));
    format!("{{{}}}", parts.join(", "))
}

/// Where the manifest's root and its `ignore:` are, from the parser's events
/// (byte offsets into the text).
#[derive(Debug, Default)]
struct Layout {
    /// The root is a flow mapping `{...}`: the offset of its `}`.
    root_flow_end: Option<usize>,
    /// The root mapping has entries.
    root_has_entries: bool,
    /// The `ignore` key's offset.
    key: Option<usize>,
    /// `ignore`'s value.
    value: Option<Val>,
}

#[derive(Debug)]
enum Val {
    /// A scalar (null: `ignore:`, `ignore: ~`): its byte range.
    Scalar(usize, usize),
    /// A flow sequence `[...]`: the offset of its `]`, and whether it has items.
    Flow { close: usize, items: bool },
    /// A block sequence.
    Block,
    /// Anything else (a mapping, an alias).
    Other,
}

fn layout(text: &str) -> Result<Layout, String> {
    use saphyr_parser::{Event, Parser};
    // Character index → byte offset.
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let at = |m: &saphyr_parser::Marker| offsets.get(m.index()).copied().unwrap_or(text.len());
    let mut l = Layout::default();
    let mut depth = 0usize;
    // At depth 1 in the root mapping: keys and values alternate.
    let mut expecting_key = true;
    let mut in_ignore = false;
    let mut seq_depth = 0usize;
    let mut root_is_flow = false;
    for item in Parser::new_from_str(text) {
        let (ev, span) = item.map_err(|e| format!("{MANIFEST} cannot be read: {}", e.info()))?;
        let start = at(&span.start);
        match ev {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 0 {
                    if !matches!(ev, Event::MappingStart(..)) {
                        return Err(format!("{MANIFEST} is not a mapping"));
                    }
                    root_is_flow = text[start..].starts_with('{');
                } else if depth == 1 {
                    if expecting_key {
                        return Err(format!("{MANIFEST} has a complex key"));
                    }
                    l.root_has_entries = true;
                    if in_ignore {
                        l.value = Some(if matches!(ev, Event::SequenceStart(..)) {
                            if text[start..].starts_with('[') {
                                Val::Flow {
                                    close: 0,
                                    items: false,
                                }
                            } else {
                                Val::Block
                            }
                        } else {
                            Val::Other
                        });
                        seq_depth = depth + 1;
                    }
                    expecting_key = true;
                } else if in_ignore && depth == seq_depth {
                    if let Some(Val::Flow { items, .. }) = &mut l.value {
                        *items = true;
                    }
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 0 && root_is_flow {
                    l.root_flow_end = Some(start);
                }
                if in_ignore && seq_depth > 0 && depth + 1 == seq_depth {
                    if let Some(Val::Flow { close, .. }) = &mut l.value {
                        *close = start;
                    }
                    in_ignore = false;
                }
            }
            Event::Scalar(ref v, ..) => {
                if depth == 0 {
                    // A scalar document: empty (null) is fine, anything else is not a manifest.
                    if !v.is_empty() && v != "~" && v != "null" {
                        return Err(format!("{MANIFEST} is not a mapping"));
                    }
                } else if depth == 1 {
                    if expecting_key {
                        if v == "ignore" {
                            l.key = Some(start);
                            in_ignore = true;
                        }
                        expecting_key = false;
                    } else {
                        l.root_has_entries = true;
                        if in_ignore {
                            l.value = Some(Val::Scalar(start, at(&span.end)));
                            in_ignore = false;
                        }
                        expecting_key = true;
                    }
                } else if in_ignore && depth == seq_depth {
                    if let Some(Val::Flow { items, .. }) = &mut l.value {
                        *items = true;
                    }
                }
            }
            Event::Alias(_) => {
                if depth == 1 {
                    if in_ignore {
                        l.value = Some(Val::Other);
                        in_ignore = false;
                    }
                    expecting_key = !expecting_key;
                } else if in_ignore && depth == seq_depth {
                    if let Some(Val::Flow { items, .. }) = &mut l.value {
                        *items = true;
                    }
                }
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    Ok(l)
}

/// Insert waiver entries into the manifest text, in the style the manifest
/// already uses (a block list, a flow list, a flow root), keeping every
/// comment. The result is parsed again and must hold the old entries plus
/// exactly the new ones, everything else unchanged; if not, nothing is
/// written and the message gives the entries to add by hand.
pub fn insert(text: &str, entries: &[&Finding]) -> Result<String, String> {
    if entries.is_empty() {
        return Ok(text.to_string());
    }
    let before = crate::yaml::parse(text)
        .map_err(|e| format!("{MANIFEST} cannot be read: {}", e.message))?
        .value;
    if !(before.is_object() || before.is_null()) {
        return Err(format!("{MANIFEST} is not a mapping; nothing was written"));
    }
    let by_hand = || {
        entries
            .iter()
            .map(|f| block_entry(f, "  ", "\n"))
            .collect::<String>()
    };
    let new = edit(text, entries).map_err(|why| {
        format!(
            "{why}; nothing was written. Add these entries under `ignore:` by hand:\n{}",
            by_hand()
        )
    })?;
    // The safety net: the edit must mean exactly "these entries added".
    let after = crate::yaml::parse(&new).map(|p| p.value);
    let mut want = before.clone();
    if want.is_null() {
        want = Value::Object(Default::default());
    }
    let mut list = match want.get("ignore") {
        Some(Value::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    list.extend(entries.iter().map(|f| expected(f)));
    want["ignore"] = Value::Array(list);
    match after {
        Ok(v) if v == want => Ok(new),
        _ => Err(format!(
            "the waivers cannot be added to {MANIFEST} without changing its meaning (an unusual layout); nothing was written. Add these entries under `ignore:` by hand:\n{}",
            by_hand()
        )),
    }
}

/// The text edit itself (checked by `insert`).
fn edit(text: &str, entries: &[&Finding]) -> Result<String, String> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let l = layout(text)?;
    let flow_items = || {
        entries
            .iter()
            .map(|f| flow_entry(f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let splice = |at: usize, what: &str| format!("{}{what}{}", &text[..at], &text[at..]);
    match (&l.value, l.root_flow_end) {
        (Some(Val::Flow { close, items }), _) => {
            // After a trailing comma (`[a,\n]`) no other comma is needed.
            let trailing_comma = text[..*close].trim_end().ends_with(',');
            let sep = if !*items {
                ""
            } else if trailing_comma {
                " "
            } else {
                ", "
            };
            Ok(splice(*close, &format!("{sep}{}", flow_items())))
        }
        (Some(Val::Other), _) => Err(format!("`ignore:` in {MANIFEST} is not a list")),
        (None, Some(close)) => {
            // A flow root without `ignore`: add it as a flow entry.
            let sep = if l.root_has_entries { ", " } else { "" };
            Ok(splice(close, &format!("{sep}ignore: [{}]", flow_items())))
        }
        (Some(Val::Scalar(a, b)), Some(_)) => {
            if !is_null(&text[*a..*b]) {
                return Err(format!("`ignore:` in {MANIFEST} is not a list"));
            }
            let (a, b) = (*a, *b);
            let sep = if a == b { " " } else { "" };
            Ok(format!(
                "{}{sep}[{}]{}",
                &text[..a],
                flow_items(),
                &text[b..]
            ))
        }
        (None, None) => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(nl);
            }
            out.push_str(&format!("ignore:{nl}"));
            for f in entries {
                out.push_str(&block_entry(f, "  ", nl));
            }
            Ok(out)
        }
        (Some(Val::Scalar(a, b)), None) => {
            if !is_null(&text[*a..*b]) {
                return Err(format!("`ignore:` in {MANIFEST} is not a list"));
            }
            // `ignore:` (or `ignore: ~`) in a block mapping: the list goes
            // below the key line, which keeps any comment on it.
            let key = l.key.unwrap_or(*a);
            let line_start = text[..key].rfind('\n').map_or(0, |i| i + 1);
            let indent = key - line_start;
            let line_end = text[key..].find('\n').map_or(text.len(), |i| key + i + 1);
            let mut head = format!("{}{}", &text[..*a], &text[*b..line_end]);
            if !head.ends_with('\n') {
                head.push_str(nl);
            }
            let pad = " ".repeat(indent + 2);
            let block: String = entries.iter().map(|f| block_entry(f, &pad, nl)).collect();
            Ok(format!("{head}{block}{}", &text[line_end..]))
        }
        (Some(Val::Block), _) => {
            let key = l.key.unwrap_or(0);
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let key_line = text[..key].matches('\n').count();
            let line_start = text[..key].rfind('\n').map_or(0, |i| i + 1);
            let key_indent = key - line_start;
            let mut end = key_line + 1;
            let mut item_indent = None;
            for (i, line) in lines.iter().enumerate().skip(key_line + 1) {
                let t = line.trim_start_matches(' ');
                let ind = line.len() - t.len();
                if t.trim().is_empty() || t.starts_with('#') {
                    continue;
                }
                if ind > key_indent
                    || (ind == key_indent && (t.starts_with("- ") || t.trim_end() == "-"))
                {
                    if t.starts_with('-') && item_indent.is_none() {
                        item_indent = Some(ind);
                    }
                    end = i + 1;
                } else {
                    break;
                }
            }
            let pad = " ".repeat(item_indent.unwrap_or(key_indent + 2));
            let mut out: String = lines[..end].concat();
            if !out.ends_with('\n') {
                out.push_str(nl);
            }
            for f in entries {
                out.push_str(&block_entry(f, &pad, nl));
            }
            out.push_str(&lines[end..].concat());
            Ok(out)
        }
    }
}

/// Whether a scalar's source text is YAML null.
fn is_null(s: &str) -> bool {
    matches!(s.trim(), "" | "~" | "null" | "Null" | "NULL")
}

/// Write `text` to `path` atomically: a temporary file in the same folder,
/// flushed, given the original's permissions, then renamed over it.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

pub fn write(request: &Request) -> Result<String, Error> {
    let checked = check::run(request)?;
    let located = workspace::locate(&request.path)?;
    let file = located
        .repo_root
        .join(workspace::join(&located.dir, MANIFEST));
    let mut seen = BTreeSet::new();
    let todo: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| {
            f.waived.is_none() && !matches!(f.rule.as_str(), "unused-waiver" | "invalid-manifest")
        })
        .filter(|f| seen.insert((f.rule.clone(), f.event.clone(), f.pointer.clone())))
        .collect();
    let text = std::fs::read_to_string(&file).map_err(|e| Error::Unreadable {
        path: file.display().to_string(),
        reason: e.to_string(),
    })?;
    let new = insert(&text, &todo).map_err(|reason| Error::WaiversRefused { reason })?;
    write_atomic(&file, &new).map_err(|e| Error::Unwritable {
        path: file.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(format!(
        "Appended {} waiver(s) to {}. Each has `reason: TODO`: write the real reason (and an `until:` date) before it is accepted.\n",
        todo.len(),
        file.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Severity};
    use crate::rules::Category;

    fn finding(rule: &str) -> Finding {
        Finding {
            rule: rule.into(),
            category: Category::Breaking,
            severity: Severity::Error,
            event: Some("OrderPlaced".into()),
            file: "e.yaml".into(),
            file_bytes: None,
            line: 1,
            column: 1,
            pointer: "/schema/properties/x".into(),
            message: "x was removed".into(),
            help: None,
            base: None,
            consumers: vec![],
            fingerprint: String::new(),
            end: None,
            waived: None,
            waived_until: None,
            change: None,
            related: Vec::new(),
            related_total: None,
            baseline: None,
        }
    }

    fn hostile(event: &str, pointer: &str) -> Finding {
        Finding {
            event: Some(event.into()),
            pointer: pointer.into(),
            message: "line one\r\nline two\u{2028}three # not a comment: really".into(),
            ..finding("field-removed")
        }
    }

    /// Every manifest shape: the new entries are there (parsed back equal),
    /// the old ones and every other key unchanged, comments kept.
    #[test]
    fn inserts_into_block_flow_and_commented_manifests() {
        let texts = [
            "base: main\n",
            "base: main",
            "",
            "# only a comment\n",
            "base: main\nignore: []   # none yet\nrules: {}\n",
            "base: main\nignore:   # none yet\nrules: {}\n",
            "base: main\nignore: ~\n",
            "ignore:\n  - rule: unknown-event\n    event: X\n    reason: \"ok\"\n# trailing\nrules: {}\n",
            "ignore:\n- rule: unknown-event\n  reason: ok\n",
            "ignore:\n  - rule: unknown-event   # why\n    reason: |\n      multi\n      line\n\n# end\n",
            "ignore: [{rule: unknown-event, reason: ok}]   # flow\nbase: main\n",
            "ignore: [\n  {rule: unknown-event, reason: ok},\n]\n",
            "{base: main, ignore: [{rule: a-rule, reason: ok}]}\n",
            "{base: main}   # flow root\n",
            "{}\n",
            "# header\r\nbase: main # the branch\r\nignore:\r\n  - rule: x\r\n    reason: y\r\n",
            "base: main\r\nrules: {}\r\n",
        ];
        let fs = [
            finding("field-removed"),
            hostile("Order \"Placed\" # x: y\r", "/schema/properties/a: b #c"),
            hostile("it's \\ back\tslash \u{1b} \u{feff}\u{fffe}", "/x~1y"),
        ];
        let refs: Vec<&Finding> = fs.iter().collect();
        for text in texts {
            let out = insert(text, &refs).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let v = crate::yaml::parse(&out)
                .unwrap_or_else(|e| panic!("{out:?}: {e:?}"))
                .value;
            let list = v["ignore"].as_array().unwrap();
            let tail = &list[list.len() - 3..];
            for (got, f) in tail.iter().zip(&fs) {
                assert_eq!(got, &expected(f), "{out}");
                assert_eq!(got["event"].as_str(), f.event.as_deref(), "{out}");
            }
            // Comments survive.
            for c in text.lines().filter_map(|l| l.find('#').map(|i| &l[i..])) {
                assert!(out.contains(c), "lost {c:?}:\n{out}");
            }
            if text.contains("\r\n") {
                assert!(
                    !out.replace("\r\n", "").contains('\n'),
                    "mixed line ends: {out:?}"
                );
            }
            if text.starts_with('{') {
                assert!(out.trim_start().starts_with('{'), "flow root kept: {out}");
            }
            // Every other key is untouched.
            let before = crate::yaml::parse(text).unwrap().value;
            if let (Some(b), Some(a)) = (before.as_object(), v.as_object()) {
                for (k, val) in b {
                    if k != "ignore" {
                        assert_eq!(a.get(k), Some(val), "{k} changed:\n{out}");
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_clearly_and_writes_nothing_when_it_cannot() {
        let f = finding("field-removed");
        for (text, why) in [
            ("ignore: {a: b}\n", "not a list"),
            ("ignore: oops\n", "not a list"),
            ("- a\n- b\n", "not a mapping"),
            ("base: [unclosed\n", "cannot be read"),
        ] {
            let e = insert(text, &[&f]).unwrap_err();
            assert!(e.contains(why), "{text:?}: {e}");
        }
        let e = insert("ignore: {a: b}\n", &[&f]).unwrap_err();
        assert!(
            e.contains("by hand") && e.contains("- rule: \"field-removed\""),
            "{e}"
        );
    }

    #[test]
    fn quoting_round_trips_any_text() {
        for s in [
            "plain",
            "a: b",
            "# hash",
            "\"quoted\" and 'single'",
            "cr\rlf\n",
            "tab\tesc\u{1b}",
            "\u{85}\u{2028}\u{2029}\u{feff}\u{fffe}\u{ffff}",
            "ünï ✓ 𝄞",
            "",
            "true",
            "- dash",
            "[flow]",
            "{map}",
            "@at `tick` *star &amp !tag %pct",
        ] {
            let doc = format!("k: {}\n", quote(s));
            let v = crate::yaml::parse(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e:?}"));
            assert_eq!(v.value["k"], s, "{doc:?}");
        }
    }
}
