//! `contract check --write-waivers`: append a waiver for every current
//! finding to `contracts.yaml`, keeping the file's comments and layout, each
//! with `reason: TODO` (which `invalid-manifest` refuses until a person
//! writes the real reason).

use std::collections::BTreeSet;

use crate::check::{self, Request};
use crate::error::Error;
use crate::finding::Finding;
use crate::workspace::{self, MANIFEST};

/// YAML-quote a scalar when it needs it.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !s.starts_with(['-', '.', '/'])
        && !matches!(
            s,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        );
    if plain {
        s.to_string()
    } else {
        serde_json::Value::String(s.to_string()).to_string()
    }
}

fn entry(f: &Finding, indent: &str) -> String {
    let mut e = format!("{indent}- rule: {}\n", f.rule);
    if let Some(ev) = &f.event {
        e.push_str(&format!("{indent}  event: {}\n", scalar(ev)));
    }
    if !f.pointer.is_empty() {
        e.push_str(&format!("{indent}  pointer: {}\n", scalar(&f.pointer)));
    }
    e.push_str(&format!(
        "{indent}  reason: TODO   # {}\n",
        f.message
            .replace('\n', " ")
            .chars()
            .take(100)
            .collect::<String>()
    ));
    e
}

/// Insert waiver entries into the manifest text.
pub fn insert(text: &str, entries: &[&Finding]) -> Result<String, String> {
    if entries.is_empty() {
        return Ok(text.to_string());
    }
    let parsed = crate::yaml::parse(text)
        .map_err(|e| format!("{MANIFEST} cannot be read: {}", e.message))?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let block = |indent: &str| entries.iter().map(|f| entry(f, indent)).collect::<String>();
    match (parsed.value.get("ignore"), parsed.index.get("/ignore")) {
        (None, _) | (_, None) => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str("ignore:\n");
            out.push_str(&block("  "));
            Ok(out)
        }
        (Some(v), Some(span)) => {
            let key_line = span.start.line as usize - 1;
            let key_indent = span.start.col as usize - 1;
            let line = lines.get(key_line).copied().unwrap_or_default();
            let after_colon = line
                .split_once(':')
                .map(|(_, r)| r.trim())
                .unwrap_or_default();
            let empty_inline =
                v.is_null() || after_colon.starts_with("[]") || after_colon.starts_with("[ ]");
            if empty_inline {
                let pad = " ".repeat(key_indent);
                let mut out: String = lines[..key_line].concat();
                out.push_str(&format!("{pad}ignore:\n"));
                out.push_str(&block(&format!("{pad}  ")));
                out.push_str(&lines[key_line + 1..].concat());
                return Ok(out);
            }
            if after_colon.starts_with('[') {
                return Err(format!(
                    "`ignore:` in {MANIFEST} is a flow list (`[...]`); rewrite it as a block list first"
                ));
            }
            // A block list: insert after its last line.
            let mut end = key_line + 1;
            let mut item_indent = None;
            for (i, l) in lines.iter().enumerate().skip(key_line + 1) {
                let t = l.trim_start();
                let ind = l.len() - t.len();
                if t.trim().is_empty() || t.starts_with('#') {
                    continue;
                }
                if ind > key_indent || (ind == key_indent && t.starts_with("- ")) {
                    if t.starts_with("- ") && item_indent.is_none() {
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
                out.push('\n');
            }
            out.push_str(&block(&pad));
            out.push_str(&lines[end..].concat());
            Ok(out)
        }
    }
}

/// `contract check --write-waivers`: what it wrote, for people.
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
    std::fs::write(&file, new).map_err(|e| Error::Unwritable {
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
            change: None,
            related: Vec::new(),
            baseline: None,
        }
    }

    #[test]
    fn inserts_into_every_shape_and_stays_valid_yaml() {
        let f = finding("field-removed");
        for text in [
            "base: main\n",
            "base: main\nignore: []   # none yet\nrules: {}\n",
            "ignore:\n  - rule: unknown-event\n    event: X\n    reason: \"ok\"\n# trailing\nrules: {}\n",
            "ignore:\n- rule: unknown-event\n  reason: ok\n",
        ] {
            let out = insert(text, &[&f]).unwrap();
            let v = crate::yaml::parse(&out).unwrap().value;
            let list = v["ignore"].as_array().unwrap();
            assert_eq!(list.last().unwrap()["rule"], "field-removed", "{out}");
            assert_eq!(list.last().unwrap()["reason"], "TODO");
            assert!(crate::model::check_shape("manifest", &v).is_empty(), "{out}");
        }
        assert!(insert("ignore: [{rule: a, reason: b}]\n", &[&f]).is_err());
    }
}
