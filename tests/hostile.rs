//! Hostile and broken input: every case gets a finding with a line where
//! there is one (or exit 2 with one sentence), in bounded time, while the
//! other files' findings are still reported and nothing outside the
//! repository is read or fetched. The slow cases (200 MB, 50,000 files) run
//! with `cargo test --test hostile -- --ignored`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

/// A workspace (no git) with one valid contract whose event is not in the
/// dictionary, so its `unknown-event` warning must always be reported.
struct Ws {
    dir: tempfile::TempDir,
}

const GOOD: &str = "event: Canary\nversion: 1.0.0\nowner: sales\nschema: { type: object }\n";

impl Ws {
    fn new() -> Ws {
        let dir = tempfile::tempdir().unwrap();
        let w = Ws { dir };
        w.write("contracts.yaml", "contracts: [\"events/**/*.yaml\"]\n");
        w.write(
            "dictionary.yaml",
            "domains:\n  sales: { contact: s@example.com }\nevents: {}\n",
        );
        w.write("events/canary.yaml", GOOD);
        w
    }

    fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn check(&self) -> (i32, Value, String) {
        let out = Command::cargo_bin("contract")
            .unwrap()
            .current_dir(self.root())
            .args(["check", "--no-diff", "--format", "json"])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(code == 0 || code == 1, "exit {code}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        (
            code,
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}")),
            stdout,
        )
    }
}

fn on<'a>(v: &'a Value, file: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == file)
        .collect()
}

/// The hostile file has a finding of `rule` (at `line` if given), and the
/// canary's finding is still there.
fn expect(ws: &Ws, file: &str, rule: &str, line: Option<u64>) -> Value {
    let (_, v, _) = ws.check();
    let fs = on(&v, file);
    let f = fs
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no {rule} on {file}: {v:#}"));
    if let Some(l) = line {
        assert_eq!(f["line"], l, "{f:#}");
    }
    assert!(
        on(&v, "events/canary.yaml")
            .iter()
            .any(|f| f["rule"] == "unknown-event"),
        "the other file's findings disappeared: {v:#}"
    );
    v
}

#[test]
fn malformed_yaml() {
    let ws = Ws::new();
    ws.write(
        "events/unclosed.yaml",
        "event: A\nversion: 1.0.0\nschema: { type: object\n",
    );
    ws.write("events/tabs.yaml", "event: B\nschema:\n\ttype: object\n");
    ws.write("events/dup.yaml", "event: C\nversion: 1.0.0\nevent: D\n");
    expect(&ws, "events/unclosed.yaml", "invalid-yaml", Some(4));
    expect(&ws, "events/tabs.yaml", "invalid-yaml", Some(3));
    expect(&ws, "events/dup.yaml", "invalid-yaml", Some(3));
}

#[test]
fn encodings_and_empty_files() {
    let ws = Ws::new();
    ws.write_bytes("events/latin1.yaml", b"event: Caf\xe9\nversion: 1.0.0\n");
    ws.write_bytes("events/binary.yaml", &[0u8, 159, 146, 150, 0, 255, 1, 2, 3]);
    ws.write_bytes(
        "events/bom.yaml",
        &[
            b"\xEF\xBB\xBF".as_slice(),
            GOOD.replace("Canary", "WithBom").as_bytes(),
        ]
        .concat(),
    );
    ws.write("events/empty.yaml", "");
    ws.write("events/comments.yaml", "# nothing here\n# at all\n");
    ws.write("events/multi.yaml", "event: One\n---\nevent: Two\n");
    ws.write(
        "events/crlf.yaml",
        &GOOD.replace("Canary", "Crlf").replace('\n', "\r\n"),
    );
    let v = expect(&ws, "events/latin1.yaml", "invalid-yaml", Some(1));
    expect(&ws, "events/binary.yaml", "invalid-yaml", None);
    expect(&ws, "events/empty.yaml", "invalid-contract", Some(1));
    expect(&ws, "events/comments.yaml", "invalid-contract", Some(1));
    expect(&ws, "events/multi.yaml", "invalid-yaml", Some(2));
    // A BOM and CRLF are fine: the contract loads (its only finding is unknown-event).
    for (file, event) in [("events/bom.yaml", "WithBom"), ("events/crlf.yaml", "Crlf")] {
        let fs = on(&v, file);
        assert!(
            fs.iter().all(|f| f["rule"] == "unknown-event"),
            "{file}: {fs:#?}"
        );
        assert_eq!(fs[0]["event"], event);
    }
}

#[test]
fn bombs_depth_and_size_are_bounded() {
    let ws = Ws::new();
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, n) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        bomb.push_str(&format!(
            "{n}: &{n} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    ws.write("events/bomb.yaml", &bomb);
    ws.write(
        "events/deep.yaml",
        &format!(
            "event: Deep\nschema: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    ws.write(
        "events/deep-block.yaml",
        &format!(
            "event: DeepBlock\nschema:\n{}",
            (0..300)
                .map(|i| format!("{}k{i}:\n", " ".repeat(i * 2 + 2)))
                .collect::<String>()
        ),
    );
    let big = format!(
        "event: Big\nversion: 1.0.0\nschema: {{ type: object }}\n#{}\n",
        "x".repeat(9 * 1024 * 1024)
    );
    ws.write("events/big.yaml", &big);
    let v = expect(&ws, "events/bomb.yaml", "invalid-yaml", None);
    assert!(on(&v, "events/bomb.yaml")[0]["message"]
        .as_str()
        .unwrap()
        .contains("MAX_ALIAS_NODES"));
    let d = on(&v, "events/deep.yaml");
    assert!(
        d[0]["message"].as_str().unwrap().contains("MAX_DEPTH"),
        "{d:#?}"
    );
    assert_eq!(d[0]["line"], 2);
    assert!(on(&v, "events/deep-block.yaml")[0]["message"]
        .as_str()
        .unwrap()
        .contains("MAX_DEPTH"));
    assert!(on(&v, "events/big.yaml")[0]["message"]
        .as_str()
        .unwrap()
        .contains("MAX_FILE_BYTES"));
}

#[test]
fn references_cycles_and_urls() {
    let ws = Ws::new();
    let c = |name: &str, props: &str, defs: &str| {
        format!("event: {name}\nversion: 1.0.0\nowner: sales\nschema:\n  type: object\n  properties:\n{props}{defs}")
    };
    ws.write(
        "events/cycle.yaml",
        &c(
            "Cycle",
            "    a: { $ref: \"#/$defs/a\" }\n",
            "  $defs:\n    a: { $ref: \"#/$defs/b\" }\n    b: { $ref: \"#/$defs/a\" }\n",
        ),
    );
    ws.write(
        "events/urls.yaml",
        &c(
            "Urls",
            "    a: { $ref: \"http://169.254.169.254/latest/meta-data\" }\n    b: { $ref: \"file:///etc/passwd\" }\n    c: { $ref: \"../../outside.yaml\" }\n",
            "",
        ),
    );
    ws.write(
        "events/self.yaml",
        "event: SelfRef\nversion: 1.0.0\nowner: sales\nschema: { $ref: \"#\" }\n",
    );
    let v = expect(&ws, "events/cycle.yaml", "unresolved-ref", Some(7));
    let urls: Vec<&Value> = on(&v, "events/urls.yaml")
        .into_iter()
        .filter(|f| f["rule"] == "forbidden-ref")
        .collect();
    assert_eq!(urls.len(), 3, "{v:#}");
    assert_eq!(
        on(&v, "events/self.yaml")
            .iter()
            .filter(|f| f["rule"] == "unresolved-ref")
            .count(),
        1
    );
    // Nothing was read from /etc/passwd: its content appears nowhere.
    assert!(!v.to_string().contains("root:x:0:0"));
}

#[cfg(unix)]
#[test]
fn a_symlink_pointing_outside_the_repository_is_not_followed() {
    let ws = Ws::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.yaml"),
        GOOD.replace("Canary", "SecretOutside"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        ws.root().join("events/evil.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), ws.root().join("events/evil-dir")).unwrap();
    let (_, v, text) = ws.check();
    assert!(!text.contains("SecretOutside"), "{v:#}");
    assert!(on(&v, "events/canary.yaml")
        .iter()
        .any(|f| f["rule"] == "unknown-event"));
}

#[test]
fn unusual_names_and_schemas() {
    let ws = Ws::new();
    ws.write(
        "events/my order.yaml",
        &GOOD.replace("Canary", "\"Заказ размещён 注文\""),
    );
    ws.write(
        "events/true.yaml",
        "event: AnyPayload\nversion: 1.0.0\nowner: sales\nschema: true\n",
    );
    ws.write(
        "events/false.yaml",
        "event: NoPayload\nversion: 1.0.0\nowner: sales\nschema: false\n",
    );
    let v = expect(&ws, "events/my order.yaml", "unknown-event", Some(1));
    assert_eq!(
        on(&v, "events/my order.yaml")[0]["event"],
        "Заказ размещён 注文"
    );
    for f in ["events/true.yaml", "events/false.yaml"] {
        assert!(
            on(&v, f).iter().all(|x| x["rule"] == "unknown-event"),
            "{f}: {v:#}"
        );
    }
}

#[test]
fn patterns_enums_and_numbers() {
    let ws = Ws::new();
    let evil = "(a+)+$";
    ws.write(
        "events/regex.yaml",
        "event: Regex\nversion: 1.0.0\nowner: sales\nschema:\n  type: object\n  properties:\n    bad: { type: string, pattern: \"([a-z\" }\n",
    );
    ws.write(
        "events/redos.yaml",
        &format!(
            "event: Redos\nversion: 1.0.0\nowner: sales\nschema:\n  type: object\n  properties:\n    s: {{ type: string, pattern: \"{evil}\" }}\nexamples:\n  - {{ s: \"{}!\" }}\n",
            "a".repeat(64)
        ),
    );
    let values: Vec<String> = (0..100_000).map(|i| format!("V{i}")).collect();
    ws.write(
        "events/enum.yaml",
        &format!("event: HugeEnum\nversion: 1.0.0\nowner: sales\nschema: {{ type: string, enum: [{}] }}\n", values.join(", ")),
    );
    ws.write(
        "events/numbers.yaml",
        "event: Numbers\nversion: 1.0.0\nowner: sales\nschema: { type: number, maximum: 1e400 }\n",
    );
    ws.write("events/bigint.yaml", "event: BigInt\nversion: 1.0.0\nowner: sales\nschema: { type: integer, maximum: 99999999999999999999999 }\n");
    let v = expect(&ws, "events/regex.yaml", "invalid-schema", Some(7));
    // The catastrophic pattern finishes (the example does not match: a finding).
    assert!(
        on(&v, "events/redos.yaml")
            .iter()
            .any(|f| f["rule"] == "example-invalid"),
        "{v:#}"
    );
    assert!(on(&v, "events/enum.yaml")
        .iter()
        .all(|f| f["rule"] == "unknown-event"));
    let n = on(&v, "events/numbers.yaml");
    assert!(
        n.iter().any(|f| f["rule"] == "invalid-yaml"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("cannot be represented")),
        "{n:#?}"
    );
    assert!(on(&v, "events/bigint.yaml")
        .iter()
        .all(|f| f["rule"] == "unknown-event"));
}

#[test]
fn a_broken_manifest_is_exit_2_with_one_sentence() {
    let ws = Ws::new();
    ws.write("contracts.yaml", "contracts: [\n");
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(ws.root())
        .args(["check", "--no-diff"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error[contract::manifest_unreadable]: contracts.yaml cannot be read"),
        "{err}"
    );
    // One sentence, then the fix on its own line.
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.lines().nth(1).unwrap().starts_with("  help: "), "{err}");
}

#[test]
fn output_is_identical_across_thread_counts() {
    let ws = Ws::new();
    for i in 0..40 {
        ws.write(
            &format!("events/e{i}.yaml"),
            &GOOD
                .replace("Canary", &format!("E{i}"))
                .replace("sales", if i % 3 == 0 { "nobody" } else { "sales" }),
        );
    }
    ws.write("events/bad.yaml", "event: [\n");
    let run = |threads: &str| {
        Command::cargo_bin("contract")
            .unwrap()
            .current_dir(ws.root())
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--no-diff", "--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert_eq!(one, run("7"));
}

#[test]
#[ignore = "slow: a 200 MB file"]
fn a_200_mb_file() {
    let ws = Ws::new();
    let f = std::fs::File::create(ws.root().join("events/huge.yaml")).unwrap();
    f.set_len(200 * 1024 * 1024).unwrap();
    let v = expect(&ws, "events/huge.yaml", "invalid-yaml", None);
    assert!(on(&v, "events/huge.yaml")[0]["message"]
        .as_str()
        .unwrap()
        .contains("MAX_FILE_BYTES"));
}

#[test]
#[ignore = "slow: 50,000 files"]
fn fifty_thousand_tiny_files() {
    let ws = Ws::new();
    for i in 0..50_000 {
        ws.write(
            &format!("events/d{}/e{i}.yaml", i % 100),
            &format!("event: E{i}\nversion: 1.0.0\nowner: sales\nschema: {{ type: object }}\n"),
        );
    }
    let (_, v, _) = ws.check();
    assert_eq!(v["summary"]["contracts"], 50_001);
}

// ---- git edge cases -------------------------------------------------------

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("contract")
        .unwrap()
        .current_dir(root)
        .env_remove("GITHUB_EVENT_NAME")
        .env_remove("PRE_COMMIT_FROM_REF")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_empty_repository_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init(dir.path()).unwrap();
    std::fs::write(dir.path().join("contracts.yaml"), "{}\n").unwrap();
    let (code, _, err) = run(dir.path(), &["check"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no commits yet") && err.contains("--no-diff"),
        "{err}"
    );
}

#[test]
fn a_base_branch_without_commits_or_a_detached_head() {
    let r = common::Repo::new();
    // An unborn base ref: not found, exit 2 with the fetch advice.
    let (code, _, err) = run(&r.root, &["check", "--base", "refs/heads/empty"]);
    assert_eq!(code, 2, "{err}");
    // Detached HEAD at main's tip: the manifest's base resolves, the merge base is HEAD itself.
    let head = r.repo.head().unwrap().peel_to_commit().unwrap().id();
    r.repo.set_head_detached(head).unwrap();
    let (code, out, err) = run(&r.root, &["check", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["base"]["merge_base"], head.to_string());
}

#[test]
fn deleted_in_the_working_tree_but_not_in_the_index() {
    let r = common::Repo::new();
    std::fs::remove_file(r.root.join("events/order-placed.yaml")).unwrap();
    let (code, out, _) = run(&r.root, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(out.contains("\"event-removed\""));
    // The index still has it: a pre-commit run sees no removal.
    let (code, out, _) = run(&r.root, &["check", "--staged", "--format", "json"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn rename_plus_modification_merges_and_case_only_renames() {
    let r = common::Repo::new();
    r.branch("feature");
    std::fs::create_dir_all(r.root.join("events/sales")).unwrap();
    std::fs::rename(
        r.root.join("events/order-placed.yaml"),
        r.root.join("events/sales/Order-Placed.yaml"),
    )
    .unwrap();
    r.edit(
        "events/sales/Order-Placed.yaml",
        "    order_id: { type: string }\n",
        "    order_id: { type: string }\n    note: { type: string }\n",
    );
    r.edit(
        "events/sales/Order-Placed.yaml",
        "version: 1.0.0",
        "version: 1.1.0",
    );
    r.commit("rename and modify");
    // A merge from main into the feature branch.
    r.switch("main");
    r.edit(
        "events/user-registered.yaml",
        "version: 1.0.0",
        "version: 1.0.1",
    );
    let main_tip = r.commit("main moves");
    r.switch("feature");
    let feature_tip = r.repo.head().unwrap().peel_to_commit().unwrap();
    let main_commit = r.repo.find_commit(main_tip).unwrap();
    let mut idx = r
        .repo
        .merge_commits(&feature_tip, &main_commit, None)
        .unwrap();
    let tree = r
        .repo
        .find_tree(idx.write_tree_to(&r.repo).unwrap())
        .unwrap();
    let sig =
        git2::Signature::new("T", "t@example.com", &git2::Time::new(1_764_000_100, 0)).unwrap();
    r.repo
        .commit(
            Some("HEAD"),
            &sig,
            &sig,
            "merge main",
            &tree,
            &[&feature_tip, &main_commit],
        )
        .unwrap();
    r.repo
        .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
        .unwrap();
    let (code, out, err) = run(&r.root, &["check", "--format", "json"]);
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["field-added"], "{v:#}");
    // The merge base is main's tip now (merged in): the user change there is not reported.
    assert_eq!(v["base"]["merge_base"], main_tip.to_string());
}

#[test]
fn a_workspace_in_a_subfolder_and_a_linked_worktree() {
    let r = common::Repo::new();
    // Move the workspace into contracts/ on main.
    std::fs::create_dir_all(r.root.join("contracts")).unwrap();
    for f in ["contracts.yaml", "dictionary.yaml", "events"] {
        std::fs::rename(r.root.join(f), r.root.join("contracts").join(f)).unwrap();
    }
    r.commit("move into contracts/");
    let wt_dir = tempfile::tempdir().unwrap();
    let wt_path = wt_dir.path().join("wt");
    let main_ref = r.repo.find_reference("refs/heads/main").unwrap();
    r.repo
        .branch("wt", &main_ref.peel_to_commit().unwrap(), false)
        .unwrap();
    let wt_ref = r.repo.find_reference("refs/heads/wt").unwrap();
    let mut opts = git2::WorktreeAddOptions::new();
    opts.reference(Some(&wt_ref));
    r.repo.worktree("wt", &wt_path, Some(&opts)).unwrap();
    let file = wt_path.join("contracts/events/user-registered.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("user_id: { type: integer }", "user_id: { type: string }"),
    )
    .unwrap();
    let (code, out, err) = run(&wt_path.join("contracts"), &["check", "--format", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "field-type-changed")
        .unwrap();
    assert_eq!(f["file"], "contracts/events/user-registered.yaml");
}

// ---- determinism, as a property -------------------------------------------

mod determinism {
    use proptest::prelude::*;

    use contract::rules::config;
    use contract::workspace::{DiskTree, Workspace};

    /// A small workspace: contracts with overlapping property names across
    /// two domains (so the cross-contract rules have work to do).
    fn workspace() -> impl Strategy<Value = Vec<(String, Vec<(String, String)>)>> {
        let prop = (
            "[a-e]{1,2}",
            prop::sample::select(vec!["string", "integer", "number", "boolean"]),
        )
            .prop_map(|(n, t)| (n, t.to_string()));
        prop::collection::vec(
            (
                prop::sample::select(vec!["sales", "shipping", "ghost"]),
                prop::collection::vec(prop, 1..6),
            ),
            1..8,
        )
        .prop_map(|cs| cs.into_iter().map(|(o, p)| (o.to_string(), p)).collect())
    }

    fn render(root: &std::path::Path, threads: usize) -> String {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let ws = Workspace::load(
                &DiskTree {
                    root: root.to_path_buf(),
                },
                "",
            )
            .unwrap();
            let out = contract::check::pair::run(&ws, None, &Default::default());
            let findings = config::finish(&ws.manifest, ws.manifest_file(), out.findings);
            serde_json::to_string(&findings).unwrap()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn check_output_is_identical_across_runs_and_thread_counts(contracts in workspace()) {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            std::fs::write(root.join("contracts.yaml"), "{}\n").unwrap();
            std::fs::write(root.join("dictionary.yaml"), "domains:\n  sales: { contact: s@x }\n  shipping: {}\nconcepts:\n  a: { schema: { type: string } }\n").unwrap();
            std::fs::create_dir_all(root.join("events")).unwrap();
            for (i, (owner, props)) in contracts.iter().enumerate() {
                let body: String = props.iter().map(|(n, t)| format!("    {n}: {{ type: {t} }}\n")).collect();
                std::fs::write(
                    root.join(format!("events/e{i}.yaml")),
                    format!("event: E{i}\nversion: 1.0.0\nowner: {owner}\nschema:\n  type: object\n  properties:\n{body}"),
                )
                .unwrap();
            }
            let one = render(root, 1);
            prop_assert_eq!(&one, &render(root, 2));
            prop_assert_eq!(&one, &render(root, 4));
            prop_assert_eq!(&one, &render(root, 1));
        }
    }
}
