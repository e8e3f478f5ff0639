//! The integration files the project ships parse and say what the README
//! promises: the pre-commit hooks, the GitHub Action and the workflows.

use std::path::Path;

use serde_json::Value;

fn yaml(rel: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
    contract::yaml::parse(&text)
        .unwrap_or_else(|e| panic!("{rel}: {e:?}"))
        .value
}

#[test]
fn pre_commit_hooks() {
    let v = yaml(".pre-commit-hooks.yaml");
    let hooks = v.as_array().unwrap();
    let by_id = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no hook {id}"))
    };
    for (id, lang) in [
        ("contract-check", "rust"),
        ("contract-check-system", "system"),
    ] {
        let h = by_id(id);
        assert_eq!(h["language"], lang);
        assert_eq!(h["entry"], "contract check --staged");
        assert_eq!(h["pass_filenames"], false);
        assert_eq!(h["require_serial"], true);
        let files = regex::Regex::new(h["files"].as_str().unwrap()).unwrap();
        assert!(
            files.is_match("events/order-placed.yaml")
                && files.is_match("a.yml")
                && !files.is_match("main.rs")
        );
    }
}

#[test]
fn github_action() {
    let v = yaml("action.yml");
    assert_eq!(v["runs"]["using"], "composite");
    for input in [
        "path",
        "base",
        "fail-on",
        "format",
        "sarif-file",
        "upload-sarif",
        "version",
    ] {
        assert!(v["inputs"].get(input).is_some(), "input {input}");
    }
    let steps = v["runs"]["steps"].as_array().unwrap();
    // Inputs reach scripts through `env:`, never `${{ }}` inside `run:`.
    for s in steps {
        if let Some(run) = s["run"].as_str() {
            assert!(!run.contains("${{"), "expression inside run: {run}");
        }
    }
    let runs: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.contains("scripts/action-install.sh"));
    assert!(runs.contains("cargo install --locked --path \"$ACTION_PATH\""));
    assert!(runs.contains("--format sarif"));
    assert!(runs.contains("--format markdown --fail-on never >> \"$GITHUB_STEP_SUMMARY\""));
    // The source build's cache key is computed, not a constant or an
    // out-of-workspace hashFiles (which is always empty).
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .unwrap();
    let key = cache["with"]["key"].as_str().unwrap();
    assert!(key.contains("steps.download.outputs.cache-key"), "{key}");
    assert!(!key.contains("hashFiles"), "{key}");
    assert!(steps.iter().any(|s| s["uses"]
        .as_str()
        .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        && s["if"]
            .as_str()
            .is_some_and(|c| c.contains("inputs.upload-sarif"))));
}

/// The Action's installer, run for real against a local "release": a good
/// archive is installed, a tampered checksum is refused, a missing release
/// falls back to the source build.
#[test]
fn action_installer_verifies_checksums() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "contract-v0.1.0-x86_64-unknown-linux-musl";
    let pkg = d.join("pkg").join(name);
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("contract"), "#!/bin/sh\necho stub\n").unwrap();
    let rel = d.join("rel/v0.1.0");
    std::fs::create_dir_all(&rel).unwrap();
    let sh = |script: &str| {
        let o = std::process::Command::new("bash")
            .arg("-c")
            .arg(script)
            .current_dir(d)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    sh(&format!(
        "tar czf rel/v0.1.0/{name}.tar.gz -C pkg {name} && cd rel/v0.1.0 && sha256sum {name}.tar.gz > SHA256SUMS"
    ));
    let install = |version: &str| {
        let out = d.join("out");
        let path = d.join("path");
        std::fs::write(&out, "").unwrap();
        std::fs::write(&path, "").unwrap();
        let o = std::process::Command::new("bash")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action-install.sh"))
            .env("ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("REPOSITORY", "")
            .env("WANTED_VERSION", version)
            .env("RUNNER_OS_NAME", "Linux")
            .env("RUNNER_ARCH_NAME", "X64")
            .env("INSTALL_DIR", d.join("inst"))
            .env("GITHUB_OUTPUT", &out)
            .env("GITHUB_PATH", &path)
            .env(
                "RELEASE_BASE_URL",
                format!("file://{}", d.join("rel").display()),
            )
            .output()
            .unwrap();
        (
            o.status.code(),
            std::fs::read_to_string(out).unwrap(),
            std::fs::read_to_string(path).unwrap(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let (code, out, path, _) = install("0.1.0");
    assert_eq!(code, Some(0));
    assert!(out.contains("installed=true"), "{out}");
    assert!(out.contains("cache-key=v0.1.0-"), "{out}");
    assert!(path.trim_end().ends_with(name), "{path}");
    let (code, out, path, _) = install("9.9.9");
    assert_eq!(code, Some(0));
    assert!(out.contains("installed=false"), "{out}");
    assert!(path.is_empty());
    sh("cd rel/v0.1.0 && sed -i 's/^./x/' SHA256SUMS && grep -q '^x' SHA256SUMS");
    let (code, out, path, stdout) = install("0.1.0");
    assert_eq!(code, Some(1), "a tampered checksum fails the step");
    assert!(stdout.contains("checksum mismatch"), "{stdout}");
    assert!(!out.contains("installed=") && path.is_empty());
}

#[test]
fn workflows() {
    let ci = yaml(".github/workflows/ci.yml");
    let steps = ci["jobs"]["ci"]["steps"].as_array().unwrap();
    assert!(steps.iter().any(|s| s["run"] == "bash .ci/run"));
    let release = yaml(".github/workflows/release.yml");
    let targets: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["target"].as_str().unwrap())
        .collect();
    for t in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&t), "{t}");
    }
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml"),
    )
    .unwrap();
    for needle in [
        "SHA256SUMS",
        "contract.1",
        "completions bash",
        "LICENSE-MIT",
    ] {
        assert!(text.contains(needle), "{needle}");
    }
    let ex = yaml(".github/workflows/contract-example.yml");
    let steps = ex["jobs"]["contract"]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["with"]["fetch-depth"], 0);
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses
        .iter()
        .any(|u| u.starts_with("github/codeql-action/upload-sarif@")));
    // Nothing is uploaded anywhere but GitHub's own code scanning.
    for u in uses {
        assert!(
            u.starts_with("actions/checkout@")
                || u.starts_with("github/codeql-action/upload-sarif@")
                || u.starts_with("contract-dev/contract@"),
            "unexpected step {u}"
        );
    }
}

#[test]
fn the_example_schemas_for_editors_match_contract_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("contracts-example/schemas");
    for kind in ["contract", "dictionary", "manifest"] {
        let text = std::fs::read_to_string(root.join(format!("{kind}.schema.json"))).unwrap();
        let committed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            committed,
            contract::model::schemas::by_name(kind).unwrap(),
            "regenerate with `contract schema {kind}`"
        );
    }
}

fn contract(args: &[&str]) -> String {
    let o = assert_cmd::Command::cargo_bin("contract")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// Completions for every shell; bash loads its script and registers it.
#[test]
fn completions_load_in_bash() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let s = contract(&["completions", shell]);
        assert!(s.contains("contract"), "{shell}");
        assert!(
            s.contains("matrix") && s.contains("fail-on"),
            "{shell}: subcommands and flags"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contract.bash");
    std::fs::write(&file, contract(&["completions", "bash"])).unwrap();
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p contract",
            file.display()
        ))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        out.contains("-F _contract") && out.trim_end().ends_with(" contract"),
        "{out}"
    );
    // The completion function answers: subcommands after `contract `.
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}'; COMP_WORDS=(contract ma); COMP_CWORD=1; COMP_LINE='contract ma'; COMP_POINT=11; _contract contract ma contract; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display()
        ))
        .output()
        .unwrap();
    let replies = String::from_utf8_lossy(&o.stdout);
    assert!(
        replies.lines().any(|l| l == "matrix") && replies.lines().any(|l| l == "man"),
        "{replies}"
    );
}

/// The man page renders with man (or groff when man is missing).
#[test]
fn man_page_renders() {
    let page = contract(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH contract"),
        "{}",
        &page[..200.min(page.len())]
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contract.1");
    std::fs::write(&file, &page).unwrap();
    let render = |cmd: &str| {
        std::process::Command::new("bash")
            .arg("-c")
            .arg(cmd)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .ok()
            .filter(|o| o.status.success() && !o.stdout.is_empty())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let shown = render(&format!("man -l '{}' | col -b", file.display()))
        .or_else(|| render(&format!("groff -man -Tutf8 '{}' | col -b", file.display())));
    let Some(text) = shown else {
        eprintln!("skipped: neither man nor groff renders here");
        return;
    };
    for needle in [
        "NAME",
        "contract",
        "SUBCOMMANDS",
        "matrix",
        "completions",
        "--color",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
}
