//! What users read, command by command: one insta snapshot per command and
//! per exit-2 message class, each recording the command line, the exit code,
//! stdout and stderr, with temp paths, the version and commit ids redacted.
//! The `check` formats are snapshotted in tests/report.rs from one scenario.
//! Real git repositories (tests/common), the real binary.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{feature_with, Repo};

/// Run the binary in `dir` and render everything it said, redacted.
fn run_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(dir)
        .env_remove("GITHUB_EVENT_NAME")
        .env_remove("PRE_COMMIT_FROM_REF")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "$ contract {}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        out.status
            .code()
            .map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    redact(&text, dir)
}

/// Temp paths, the version and commit ids vary from run to run or release
/// to release; the wording around them must not.
fn redact(text: &str, dir: &Path) -> String {
    let mut s = text.to_string();
    for root in [
        dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        dir.to_path_buf(),
    ] {
        s = s.replace(&root.display().to_string(), "[ROOT]");
    }
    let tmp = std::env::temp_dir().canonicalize().unwrap();
    s = s.replace(&tmp.display().to_string(), "[TMP]");
    s = s.replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    let commit = regex::Regex::new(r"\b[0-9a-f]{40}\b").unwrap();
    let short = regex::Regex::new(r"\b[0-9a-f]{7,12}\b").unwrap();
    let s = commit.replace_all(&s, "[COMMIT]");
    short.replace_all(&s, "[SHORT-COMMIT]").into_owned()
}

/// The scenario of tests/report.rs: `user_id` integer → uuid (a break, with
/// a major bump), an optional field added (minor bump).
fn scenario() -> Repo {
    feature_with(|r| {
        r.edit(
            "events/user-registered.yaml",
            "user_id: { type: integer }",
            "user_id: { type: string, format: uuid }",
        );
        r.edit(
            "events/user-registered.yaml",
            "version: 1.0.0",
            "version: 2.0.0",
        );
        r.edit(
            "events/order-placed.yaml",
            "    order_id: { type: string }\n",
            "    order_id: { type: string }\n    discount_code: { type: string }\n",
        );
        r.edit(
            "events/order-placed.yaml",
            "version: 1.0.0",
            "version: 1.1.0",
        );
    })
}

#[test]
fn check_human_with_its_exit_code() {
    let r = scenario();
    insta::assert_snapshot!("check_human", run_in(&r.root, &["check"]));
    insta::assert_snapshot!("check_quiet", run_in(&r.root, &["check", "--quiet"]));
    insta::assert_snapshot!(
        "check_no_diff",
        run_in(&r.root, &["check", "--no-diff", "--fail-on", "info"])
    );
}

#[test]
fn diff_on_contracts_and_schemas() {
    let r = scenario();
    insta::assert_snapshot!(
        "diff_contract_human",
        run_in(
            &r.root,
            &[
                "diff",
                "main:events/user-registered.yaml",
                "events/user-registered.yaml"
            ]
        )
    );
    insta::assert_snapshot!(
        "diff_contract_json",
        run_in(
            &r.root,
            &[
                "diff",
                "main:events/order-placed.yaml",
                "events/order-placed.yaml",
                "--format",
                "json"
            ]
        )
    );
}

/// A field made nullable and back: each direction names what happened to
/// the field. The wording is reviewed here in both directions.
#[test]
fn diff_wording_in_both_directions() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "plain.json",
        r#"{"type":"object","properties":{"note":{"type":"string"},"n":{"type":"integer","maximum":10}}}"#,
    );
    write(
        "nullable.json",
        r#"{"type":"object","properties":{"note":{"oneOf":[{"type":"string"},{"type":"null"}]},"n":{"type":"integer","maximum":20}}}"#,
    );
    write(
        "typelist.json",
        r#"{"type":"object","properties":{"note":{"type":["string","null"]},"n":{"type":"integer","maximum":10}}}"#,
    );
    for (name, old, new) in [
        ("diff_made_nullable_oneof", "plain.json", "nullable.json"),
        (
            "diff_made_non_nullable_oneof",
            "nullable.json",
            "plain.json",
        ),
        (
            "diff_made_nullable_type_list",
            "plain.json",
            "typelist.json",
        ),
        (
            "diff_made_non_nullable_type_list",
            "typelist.json",
            "plain.json",
        ),
    ] {
        // KNOWN DEFECT, recorded as it reads today (reported to the lead; the
        // wording is being fixed elsewhere): a field made nullable, or made
        // non-nullable, reads "anyOf/oneOf gained members" in BOTH directions,
        // and a `type` list reads as a combinator. When the wording is fixed
        // these four snapshots must change: review them then.
        insta::with_settings!({
            description => "KNOWN DEFECT: nullable/non-nullable both read `anyOf/oneOf gained members`"
        }, {
            insta::assert_snapshot!(
                name,
                run_in(
                    dir.path(),
                    &["diff", "--schema", old, new, "--mode", "full"]
                )
            );
        });
    }
}

#[test]
fn explain_rules_and_schema() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!(
        "explain_field_removed",
        run_in(here, &["explain", "field-removed"])
    );
    insta::assert_snapshot!("rules_human", run_in(here, &["rules"]));
    insta::assert_snapshot!("rules_json", run_in(here, &["rules", "--format", "json"]));
    for kind in ["contract", "dictionary", "manifest"] {
        insta::assert_snapshot!(format!("schema_{kind}"), run_in(here, &["schema", kind]));
    }
}

#[test]
fn graph_and_impact() {
    let r = scenario();
    for format in ["mermaid", "dot", "json"] {
        insta::assert_snapshot!(
            format!("graph_{format}"),
            run_in(&r.root, &["graph", "--format", format, "--base", "main"])
        );
    }
    for format in ["human", "json"] {
        insta::assert_snapshot!(
            format!("impact_{format}"),
            run_in(&r.root, &["impact", "--format", format])
        );
    }
}

#[test]
fn matrix_and_help() {
    let r = scenario();
    insta::assert_snapshot!(
        "matrix_human",
        run_in(&r.root, &["matrix", "--base", "main"])
    );
    insta::assert_snapshot!("help", run_in(&r.root, &["--help"]));
}

#[test]
fn init_and_what_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = run_in(dir.path(), &["init", "ws"]);
    let mut files: Vec<_> = walk(&dir.path().join("ws"));
    files.sort();
    for f in files {
        let rel = f.strip_prefix(dir.path()).unwrap().display().to_string();
        text.push_str(&format!(
            "--- {rel}\n{}",
            std::fs::read_to_string(&f).unwrap()
        ));
    }
    insta::assert_snapshot!("init", text);
    insta::assert_snapshot!("init_again", run_in(dir.path(), &["init", "ws"]));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

// ---- exit 2: one snapshot per message class --------------------------------

#[test]
fn exit_2_not_in_git_and_no_workspace() {
    let dir = tempfile::tempdir().unwrap();
    insta::assert_snapshot!("exit2_no_workspace", run_in(dir.path(), &["check"]));
    std::fs::write(dir.path().join("contracts.yaml"), "{}\n").unwrap();
    insta::assert_snapshot!("exit2_not_in_git", run_in(dir.path(), &["check"]));
    std::fs::write(dir.path().join("contracts.yaml"), "contracts: [\n").unwrap();
    insta::assert_snapshot!(
        "exit2_manifest_unreadable",
        run_in(dir.path(), &["check", "--no-diff"])
    );
}

#[test]
fn exit_2_base_classes() {
    let r = Repo::new();
    insta::assert_snapshot!(
        "exit2_base_not_found",
        run_in(&r.root, &["check", "--base", "origin/nope"])
    );
    insta::assert_snapshot!(
        "exit2_unknown_revision",
        run_in(&r.root, &["check", "--head", "no-such-commit"])
    );
    // A branch with no history in common with main: a second root commit.
    let tree = r
        .repo
        .head()
        .unwrap()
        .peel_to_commit()
        .unwrap()
        .tree()
        .unwrap();
    let sig =
        git2::Signature::new("T", "t@example.com", &git2::Time::new(1_764_000_200, 0)).unwrap();
    r.repo
        .commit(
            Some("refs/heads/unrelated"),
            &sig,
            &sig,
            "another root",
            &tree,
            &[],
        )
        .unwrap();
    insta::assert_snapshot!(
        "exit2_unrelated_histories",
        run_in(&r.root, &["check", "--base", "unrelated"])
    );
}

#[test]
fn exit_2_no_commits() {
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init(dir.path()).unwrap();
    std::fs::write(dir.path().join("contracts.yaml"), "{}\n").unwrap();
    insta::assert_snapshot!("exit2_no_commits", run_in(dir.path(), &["check"]));
}

#[test]
fn exit_2_shallow_clone() {
    let r = Repo::new();
    r.branch("feature");
    r.edit(
        "events/order-placed.yaml",
        "version: 1.0.0",
        "version: 1.0.1",
    );
    let feature = r.commit("feature");
    r.switch("main");
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 1.0.1",
    );
    let main = r.commit("main moves on");
    r.switch("feature");
    std::fs::write(r.root.join(".git/shallow"), format!("{feature}\n{main}\n")).unwrap();
    insta::assert_snapshot!("exit2_shallow_clone", run_in(&r.root, &["check"]));
}

#[test]
fn exit_2_unknown_names_and_files() {
    let r = Repo::new();
    insta::assert_snapshot!(
        "exit2_unknown_rule",
        run_in(&r.root, &["explain", "field-remove"])
    );
    insta::assert_snapshot!(
        "exit2_unknown_mode",
        run_in(
            &r.root,
            &[
                "diff",
                "events/order-placed.yaml",
                "events/order-placed.yaml",
                "--mode",
                "sideways"
            ]
        )
    );
    insta::assert_snapshot!(
        "exit2_no_such_file",
        run_in(
            &r.root,
            &["diff", "events/order-placed.yaml", "events/missing.yaml"]
        )
    );
    insta::assert_snapshot!(
        "exit2_not_at_revision",
        run_in(
            &r.root,
            &[
                "diff",
                "main:events/missing.yaml",
                "events/order-placed.yaml"
            ]
        )
    );
}
