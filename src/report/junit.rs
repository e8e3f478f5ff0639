//! `--format junit`: one test suite per file, one test case per finding
//! (errors are failures; warnings and infos pass with their message).

use std::collections::BTreeMap;

use super::Report;
use crate::finding::{Finding, Severity};

/// XML text escaping (the five predefined entities).
fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => o.push(c),
        }
    }
    o
}

pub fn render(r: &Report<'_>) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in r.findings {
        by_file.entry(&f.file).or_default().push(f);
    }
    let total = r.findings.len();
    let failures = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.waived.is_none())
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"contract\" tests=\"{total}\" failures=\"{failures}\">\n"
    ));
    for (file, fs) in by_file {
        let fails = fs
            .iter()
            .filter(|f| f.severity == Severity::Error && f.waived.is_none())
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\">\n",
            esc(file),
            fs.len()
        ));
        for f in fs {
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\">\n",
                esc(f.event.as_deref().unwrap_or(file)),
                esc(&format!("{} {}:{} {}", f.rule, f.line, f.column, f.pointer)),
                esc(file),
                f.line
            ));
            if f.severity == Severity::Error && f.waived.is_none() {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}:{}:{} {}</failure>\n",
                    esc(&f.rule),
                    esc(&f.message),
                    esc(file),
                    f.line,
                    f.column,
                    esc(&f.message)
                ));
            } else {
                out.push_str(&format!(
                    "      <system-out>{} {}{}</system-out>\n",
                    f.severity,
                    esc(&f.message),
                    f.waived
                        .as_ref()
                        .map(|w| esc(&format!(" (waived: {w})")))
                        .unwrap_or_default()
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
