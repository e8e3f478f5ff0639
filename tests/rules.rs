//! Every rule runs on every rule fixture (`fixtures/rules/<id>/<case>/{base,head}`).
//! Each `fail_*` case states exactly what it must produce in `expected.txt`
//! beside it — one line per finding: position, rule, severity, event, JSON
//! pointer and message — and the test compares all of it. Each `pass_*` case
//! yields no finding of its rule and no unwaived error at all; its findings
//! (other rules' infos and warnings) are snapshotted, one snapshot per rule.
//!
//! `CONTRACT_BLESS=1 cargo test --test rules` rewrites the `expected.txt`
//! files from the current output: read the diff before committing it.

use std::path::{Path, PathBuf};

use contract::check;
use contract::finding::{Finding, Severity};
use contract::rules::{self, config};
use contract::workspace::{DiskTree, Workspace};

/// The file beside each `fail_*` case that states its findings.
const EXPECTED: &str = "expected.txt";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn load(dir: &Path) -> Workspace {
    let tree = DiskTree {
        root: dir.to_path_buf(),
    };
    Workspace::load(&tree, "").unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// One finding in the form of `expected.txt`:
/// `file:line:column rule severity[ (waived)] event pointer message`,
/// with `-` for a missing event and an empty pointer.
fn line(f: &Finding) -> String {
    format!(
        "{}:{}:{} {} {}{} {} {} {}",
        f.file,
        f.line,
        f.column,
        f.rule,
        f.severity,
        if f.waived.is_some() { " (waived)" } else { "" },
        f.event.as_deref().unwrap_or("-"),
        if f.pointer.is_empty() {
            "-"
        } else {
            &f.pointer
        },
        f.message.replace('\n', "\\n"),
    )
}

/// The findings of one case, in the pipeline's order.
fn run_case(case: &Path) -> Vec<Finding> {
    let head = load(&case.join("head"));
    let base = case.join("base").is_dir().then(|| load(&case.join("base")));
    let out = check::pair::run(&head, base.as_ref(), &Default::default());
    let findings = config::finish(&head.manifest, head.manifest_file(), out.findings);
    for f in &findings {
        assert!(
            f.line >= 1 && f.column >= 1,
            "{}: {} has no position",
            case.display(),
            f.rule
        );
    }
    findings
}

fn cases(rule: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures().join(rule))
        .unwrap_or_else(|_| panic!("fixtures/rules/{rule} is missing"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// Compare a `fail_*` case with its `expected.txt`; a problem per mismatch.
fn compare_expected(rule: &str, name: &str, case: &Path, found: &[Finding]) -> Option<String> {
    let path = case.join(EXPECTED);
    let got: String = found.iter().map(|f| line(f) + "\n").collect();
    if std::env::var_os("CONTRACT_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return None;
    }
    let Ok(want) = std::fs::read_to_string(&path) else {
        return Some(format!(
            "{rule}/{name}: no {EXPECTED} (write the findings it must produce, or run with CONTRACT_BLESS=1 and review)"
        ));
    };
    if want == got {
        return None;
    }
    let diff = similar::TextDiff::from_lines(&want, &got);
    let mut text =
        format!("{rule}/{name}: findings differ from {EXPECTED} (- expected, + found):\n");
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => continue,
        };
        text.push_str(&format!("  {sign} {change}"));
    }
    Some(text)
}

#[test]
fn every_rule_has_pass_and_fail_fixtures_that_behave() {
    let mut problems = Vec::new();
    for meta in rules::ALL {
        let cases = cases(meta.id);
        let names: Vec<String> = cases
            .iter()
            .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("pass_")),
            "{} has no pass_ fixture",
            meta.id
        );
        assert!(
            names.iter().any(|n| n.starts_with("fail_")),
            "{} has no fail_ fixture",
            meta.id
        );
        let mut snapshot = String::new();
        for (case, name) in cases.iter().zip(&names) {
            let found = run_case(case);
            let mine = found.iter().filter(|f| f.rule == meta.id).count();
            if name.starts_with("fail_") {
                if mine == 0 {
                    problems.push(format!("{}/{name}: no finding of its own rule", meta.id));
                }
                problems.extend(compare_expected(meta.id, name, case, &found));
            } else if name.starts_with("pass_") {
                if mine > 0 {
                    problems.push(format!(
                        "{}/{name}: {mine} finding(s) of its own rule",
                        meta.id
                    ));
                }
                for f in found
                    .iter()
                    .filter(|f| f.severity == Severity::Error && f.waived.is_none())
                {
                    problems.push(format!(
                        "{}/{name}: a pass_ case has an error: {}",
                        meta.id,
                        line(f)
                    ));
                }
                snapshot.push_str(&format!("## {name}\n"));
                for f in &found {
                    snapshot.push_str(&line(f));
                    snapshot.push('\n');
                }
            } else {
                problems.push(format!(
                    "{}/{name}: a case is named pass_* or fail_*",
                    meta.id
                ));
            }
        }
        insta::assert_snapshot!(format!("rule__{}", meta.id), snapshot);
    }
    assert!(
        problems.is_empty(),
        "fixtures misbehave:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_example_workspace_is_clean() {
    let ws = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts-example"));
    let out = check::pair::run(&ws, None, &Default::default());
    let findings = config::finish(&ws.manifest, ws.manifest_file(), out.findings);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(line)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(ws.contracts.len(), 4);
}
