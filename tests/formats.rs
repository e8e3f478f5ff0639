//! Honest reports on hostile input: every format checked by a real parser
//! or validator (roxmltree for JUnit, the SARIF 2.1.0 schema, pulldown-cmark
//! for markdown), JUnit failures exactly the findings at or above
//! `--fail-on`, SARIF provenance from the real remote and commit, human
//! lines cut at the named limit, GitHub annotations within the caps.

mod common;

use std::path::Path;

use common::{feature_with, Repo};
use serde_json::Value;

/// A change with hostile text: an event name holding ESC and U+FFFE, a
/// file name with a space and non-ASCII, a summary with a ``` line and a
/// long backtick run, a description with `|` and `<details>`.
fn hostile() -> Repo {
    feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string, format: uuid }",
        );
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0",
            "version: 2.0.0\nsummary: \"a ``` fence\\n```\\nand ```````` seven ticks | pipe <details>\"",
        );
        // A contract whose event name holds ESC and U+FFFE (unknown-event, a warning)
        // in a file whose name has a space and an accent.
        r.write(
            "events/odd näme.yaml",
            "event: \"Odd\\e[31mName\\uFFFE\"\nversion: 1.0.0\nowner: sales\nschema: { type: object }\n",
        );
    })
}

fn run(r: &Repo, args: &[&str]) -> (i32, String) {
    let (code, out, err) = r.contract(args);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (code, out)
}

/// JUnit parsed by a strict XML parser; failures are exactly the active
/// findings at or above `--fail-on`, for every threshold.
#[test]
fn junit_is_valid_xml_and_fails_exactly_at_fail_on() {
    let r = hostile();
    let (_, json) = run(&r, &["check", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let sev = |s: &str| ["info", "warning", "error"].iter().position(|x| *x == s);
    for (fail_on, min) in [
        ("error", Some(2)),
        ("warning", Some(1)),
        ("info", Some(0)),
        ("never", None),
    ] {
        let want = findings
            .iter()
            .filter(|f| f.get("waived").is_none())
            .filter(|f| min.is_some_and(|m| sev(f["severity"].as_str().unwrap()).unwrap() >= m))
            .count();
        let (code, xml) = run(&r, &["check", "--format", "junit", "--fail-on", fail_on]);
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("--fail-on {fail_on}: invalid XML: {e}\n{xml}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "testsuites");
        let failures = doc
            .descendants()
            .filter(|n| n.has_tag_name("failure"))
            .count();
        assert_eq!(failures, want, "--fail-on {fail_on}:\n{xml}");
        assert_eq!(root.attribute("failures"), Some(want.to_string().as_str()));
        assert_eq!(
            doc.descendants()
                .filter(|n| n.has_tag_name("testcase"))
                .count(),
            findings.len()
        );
        assert_eq!(
            code,
            i32::from(want > 0),
            "--fail-on {fail_on}: exit code and failures agree"
        );
        // The hostile name is there, visibly escaped, not dropped.
        assert!(xml.contains("Odd\\u{1b}[31mName\\u{fffe}"), "{xml}");
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0-rtm.5.json");
    let text = std::fs::read_to_string(schema_path)
        .unwrap()
        .replace("[a-zA-Z]{2}]?$", "[a-zA-Z]{2}\\\\]?$");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap()
}

fn assert_valid_sarif(sarif: &Value) {
    let errors: Vec<String> = sarif_validator()
        .iter_errors(sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_uris_are_percent_encoded_and_provenance_is_real() {
    let r = hostile();
    // No remote: no versionControlProvenance (its repositoryUri is required).
    let (_, out) = run(&r, &["check", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&sarif);
    let run0 = &sarif["runs"][0];
    assert!(run0.get("versionControlProvenance").is_none(), "{run0:#}");
    let head = r
        .repo
        .head()
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .id()
        .to_string();
    assert_eq!(run0["properties"]["revision"], head.as_str());
    let uris: Vec<&str> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"events/odd%20n%C3%A4me.yaml"), "{uris:?}");
    assert!(uris.iter().all(|u| !u.contains(' ')));

    // A remote with credentials: kept without them; revisionId is the
    // analysed commit (HEAD), not the merge base.
    r.repo
        .remote(
            "origin",
            "https://x-access-token:s3cret@github.com/acme/contracts.git",
        )
        .unwrap();
    let (_, out) = run(&r, &["check", "--format", "sarif"]);
    assert!(!out.contains("s3cret"));
    let sarif: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&sarif);
    let vc = &sarif["runs"][0]["versionControlProvenance"][0];
    assert_eq!(vc["repositoryUri"], "https://github.com/acme/contracts.git");
    assert_eq!(vc["revisionId"], head.as_str());
    assert_eq!(vc["branch"], "feature");
    let merge_base = sarif["runs"][0]["properties"]["base"]["merge_base"]
        .as_str()
        .unwrap();
    assert_ne!(merge_base, head);
}

/// Markdown parsed by pulldown-cmark: the diff block holds the whole diff
/// (a ``` line inside cannot close it), tables keep their columns.
#[test]
fn markdown_fences_and_tables_survive_hostile_text() {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
    let r = hostile();
    let (_, md) = run(&r, &["check", "--format", "markdown"]);
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    let mut rows = Vec::new();
    let mut cells = 0;
    for ev in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                assert_eq!(&*lang, "diff");
                current = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.push(current.take().unwrap()),
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => rows.push(cells),
            _ => {}
        }
    }
    let diff = blocks
        .iter()
        .find(|b| b.contains("user-registered"))
        .unwrap_or_else(|| panic!("no diff block:\n{md}"));
    assert!(diff.contains("+summary: \"a ``` fence"), "{diff}");
    assert!(
        diff.contains("+  properties:") || diff.contains("user_id: { type: string"),
        "{diff}"
    );
    // The diff's last line is inside the block: the fence was not closed early.
    assert!(
        diff.contains("+    user_id: { type: string, format: uuid }"),
        "{diff}"
    );
    // Every row of every table has as many cells as its header (6, 5 or 4).
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|n| [4, 5, 6].contains(n)), "{rows:?}\n{md}");
}

/// A multi-megabyte one-line description: no line of the human report is
/// longer than the limit plus its marker.
#[test]
fn human_output_cuts_over_long_lines_with_a_marker() {
    let long = "x".repeat(2_000_000);
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            &format!("user_id: {{ type: string, description: \"{long}\" }}"),
        );
    });
    let (_, out) = run(&r, &["check"]);
    let limit = contract::limits::MAX_HUMAN_LINE_CHARS;
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < limit + 40, "a line of {longest} characters");
    assert!(out.contains("more characters]"), "no marker");
    assert!(out.len() < 200_000, "{} bytes of output", out.len());
}

/// Colour follows the conventions: off when not a terminal, on with
/// CLICOLOR_FORCE, off again with NO_COLOR; `--color` overrides them.
#[test]
fn colour_follows_no_color_clicolor_force_and_not_a_tty() {
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
    });
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut c = assert_cmd::Command::cargo_bin("contract").unwrap();
        c.current_dir(&r.root)
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("GITHUB_EVENT_NAME")
            .env("TERM", "xterm-256color");
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.arg("check").args(args).output().unwrap();
        String::from_utf8_lossy(&o.stdout).contains('\u{1b}')
    };
    assert!(!run(&[], &[]), "not a terminal: no colour");
    assert!(
        run(&[("CLICOLOR_FORCE", "1")], &[]),
        "CLICOLOR_FORCE forces colour"
    );
    assert!(
        !run(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]),
        "NO_COLOR wins"
    );
    assert!(
        run(&[("NO_COLOR", "1")], &["--color", "always"]),
        "--color always"
    );
    assert!(
        !run(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]),
        "--color never"
    );
}

/// On a terminal (a pseudo-terminal from `script`), colour is on unless
/// TERM=dumb, NO_COLOR or CLICOLOR=0 says otherwise.
#[test]
fn colour_on_a_terminal_respects_term_dumb_and_clicolor() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` command for a pseudo-terminal");
        return;
    }
    let r = feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string }",
        );
    });
    let bin = assert_cmd::cargo::cargo_bin("contract");
    let run = |env: &[(&str, &str)]| {
        let mut c = std::process::Command::new("script");
        c.current_dir(&r.root)
            .args(["-qec", &format!("{} check", bin.display()), "/dev/null"])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CI")
            .env_remove("GITHUB_EVENT_NAME")
            .env("TERM", "xterm-256color");
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.output().unwrap();
        String::from_utf8_lossy(&o.stdout).contains("\u{1b}[")
    };
    assert!(run(&[]), "a terminal: colour");
    assert!(!run(&[("TERM", "dumb")]), "TERM=dumb");
    assert!(!run(&[("NO_COLOR", "1")]), "NO_COLOR");
    assert!(!run(&[("CLICOLOR", "0")]), "CLICOLOR=0");
}

#[test]
fn github_annotations_stay_within_the_per_step_caps() {
    use contract::finding::{Finding, Severity};
    use contract::report::{github, Report, Summary};
    let f = |i: usize, severity: Severity| Finding {
        rule: "unknown-event".into(),
        category: contract::rules::Category::Dictionary,
        severity,
        event: Some(format!("E{i}")),
        file: "a.yaml".into(),
        file_bytes: None,
        line: 1,
        column: 1,
        pointer: String::new(),
        message: format!("m{i}\n::error::injected"),
        help: None,
        base: None,
        consumers: vec![],
        fingerprint: String::new(),
        end: None,
        waived: None,
        waived_until: None,
        change: None,
        related: vec![],
        related_total: None,
        baseline: None,
    };
    let mut findings: Vec<Finding> = (0..12).map(|i| f(i, Severity::Info)).collect();
    findings.extend((0..3).map(|i| f(i, Severity::Error)));
    let none = |_: &str| None;
    let r = Report {
        base: None,
        findings: &findings,
        absent: &[],
        summary: Summary::new(1, 0, contract::finding::counts(&findings)),
        sources: &none,
        base_sources: &none,
        dictionary: None,
        coverage: None,
        fail_on: Some(Severity::Error),
        provenance: None,
    };
    let text = github::render(&r);
    let count = |p: &str| text.lines().filter(|l| l.starts_with(p)).count();
    assert_eq!(count("::error"), 3, "{text}");
    // Nine findings and the "more" line: ten notices, GitHub's cap.
    assert_eq!(count("::notice"), 10, "{text}");
    assert!(text.contains("3 more finding(s)"), "{text}");
    // A newline in a message cannot start a new workflow command.
    assert!(text.lines().all(|l| !l.starts_with("::error::injected")));
}
