//! Every rule runs on every rule fixture (`fixtures/rules/<id>/<case>/{base,head}`):
//! each `pass_*` yields none of its rule, each `fail_*` at least one, with a
//! real line and column. One snapshot per rule, one line per finding, so
//! overlap between rules shows in review.

use std::path::{Path, PathBuf};

use contract::check;
use contract::rules::{self, config};
use contract::workspace::{DiskTree, Workspace};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

fn load(dir: &Path) -> Workspace {
    let tree = DiskTree {
        root: dir.to_path_buf(),
    };
    Workspace::load(&tree, "").unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The findings of one case, one line each.
fn run_case(case: &Path) -> Vec<(String, String)> {
    let head = load(&case.join("head"));
    let base = case.join("base").is_dir().then(|| load(&case.join("base")));
    let out = check::pair::run(&head, base.as_ref(), &Default::default());
    let findings = config::finish(&head.manifest, head.manifest_file(), out.findings);
    findings
        .iter()
        .map(|f| {
            assert!(
                f.line >= 1 && f.column >= 1,
                "{}: {} has no position",
                case.display(),
                f.rule
            );
            (
                f.rule.clone(),
                format!(
                    "{}:{}:{} {} {}{} {}",
                    f.file,
                    f.line,
                    f.column,
                    f.rule,
                    f.severity,
                    if f.waived.is_some() { " (waived)" } else { "" },
                    f.message
                ),
            )
        })
        .collect()
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

#[test]
fn every_rule_has_pass_and_fail_fixtures_that_behave() {
    let mut report = Vec::new();
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
            let mine = found.iter().filter(|(r, _)| r == meta.id).count();
            if name.starts_with("pass_") && mine > 0 {
                report.push(format!(
                    "{}/{name}: {mine} finding(s) of its own rule",
                    meta.id
                ));
            }
            if name.starts_with("fail_") && mine == 0 {
                report.push(format!("{}/{name}: no finding of its own rule", meta.id));
            }
            snapshot.push_str(&format!("## {name}\n"));
            for (_, line) in &found {
                snapshot.push_str(line);
                snapshot.push('\n');
            }
        }
        insta::assert_snapshot!(format!("rule__{}", meta.id), snapshot);
    }
    assert!(
        report.is_empty(),
        "fixtures misbehave:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_example_workspace_is_clean() {
    let ws = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts-example"));
    let out = check::pair::run(&ws, None, &Default::default());
    let findings = config::finish(&ws.manifest, ws.manifest_file(), out.findings);
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.severity >= contract::finding::Severity::Warning)
        .map(|f| format!("{}:{} {} {}", f.file, f.line, f.rule, f.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(ws.contracts.len(), 4);
}
