//! `--format junit` (through quick-junit): one test suite per file, one test
//! case per finding. A case fails exactly when its finding fails the run
//! (active and at or above `--fail-on`); waived findings are skipped; the
//! others pass with their message. Any text becomes valid XML 1.0.

use std::collections::BTreeMap;

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::Report;
use crate::finding::Finding;

/// Whether XML 1.0 allows a character (its `Char` production, minus the
/// C0 controls quick-junit would silently drop).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text safe for XML: every character XML cannot hold (ESC, U+FFFE, ...)
/// is written visibly as `\u{…}` instead of being dropped or corrupting
/// the document.
pub fn xml_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if xml_char(c) {
            o.push(c);
        } else {
            o.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    o
}

fn case(r: &Report<'_>, f: &Finding, file: &str) -> TestCase {
    let name = xml_text(&format!("{} {}:{} {}", f.rule, f.line, f.column, f.pointer));
    let text = xml_text(&format!(
        "{}:{}:{} {} ({}): {}",
        file, f.line, f.column, f.rule, f.severity, f.message
    ));
    let status = if r.fails(f) {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_type(xml_text(&f.rule))
            .set_message(xml_text(&f.message))
            .set_description(text.clone());
        s
    } else if let Some(reason) = &f.waived {
        let mut s = TestCaseStatus::skipped();
        s.set_message(xml_text(&format!("waived: {reason}")));
        s
    } else {
        TestCaseStatus::success()
    };
    let mut c = TestCase::new(name, status);
    c.set_classname(xml_text(f.event.as_deref().unwrap_or(file)));
    c.extra.insert("file".into(), xml_text(file).into());
    c.extra.insert("line".into(), f.line.to_string().into());
    if !r.fails(f) && f.waived.is_none() {
        c.set_system_out(text);
    }
    c
}

pub fn render(r: &Report<'_>) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in r.findings {
        by_file.entry(&f.file).or_default().push(f);
    }
    let mut report = quick_junit::Report::new("contract");
    for (file, fs) in by_file {
        let mut suite = TestSuite::new(xml_text(file));
        suite.add_test_cases(fs.iter().map(|f| case(r, f, file)));
        report.add_test_suite(suite);
    }
    match report.to_string() {
        Ok(mut s) => {
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        // Serialising to memory cannot fail on sanitised text; never print half a document.
        Err(e) => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"contract\" tests=\"1\" failures=\"0\" errors=\"1\"><testsuite name=\"contract\" tests=\"1\" failures=\"0\" errors=\"1\"><testcase name=\"render\"><error message=\"{}\"/></testcase></testsuite></testsuites>\n",
            xml_text(&e.to_string()).replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_xml_cannot_hold_are_written_visibly() {
        assert_eq!(
            xml_text("a\u{1b}[31mb\u{fffe}c\td"),
            "a\\u{1b}[31mb\\u{fffe}c\td"
        );
        assert_eq!(xml_text("ünï <&>"), "ünï <&>");
    }
}
