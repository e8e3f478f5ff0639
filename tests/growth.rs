//! Growth as a property: on the realistic generated workspace, the output
//! and the number of findings grow linearly with the number of contracts
//! (quadrupling the workspace at most quadruples them, with a margin for
//! the fixed part), so quadratic output cannot return unnoticed.

#[path = "support/generate.rs"]
mod generate;

use generate::{Profile, Spec};

/// (bytes of JSON output, findings) of `check` on a generated workspace.
fn measure(contracts: usize) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    generate::generate(
        &root,
        &Spec {
            contracts,
            changed: contracts / 10,
            seed: 7,
            profile: Profile::Realistic,
        },
    );
    let out = assert_cmd::Command::cargo_bin("contract")
        .unwrap()
        .current_dir(&root)
        .env_remove("GITHUB_EVENT_NAME")
        .env_remove("PRE_COMMIT_FROM_REF")
        .args(["check", "--format", "json", "--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap().len();
    (out.stdout.len(), findings)
}

#[test]
fn output_and_findings_grow_linearly_with_the_workspace() {
    let (small, large) = (100, 400);
    let (b1, f1) = measure(small);
    let (b2, f2) = measure(large);
    // The generated workspace has cross-contract findings and changes.
    assert!(f1 >= 10, "{f1} findings at {small} contracts");
    let ratio = (large / small) as f64;
    let bytes = b2 as f64 / b1 as f64;
    let findings = f2 as f64 / f1 as f64;
    // Linear: at most the size ratio (plus 25 %); quadratic would be ~16.
    assert!(
        bytes <= ratio * 1.25,
        "output grew {bytes:.2}× ({b1} → {b2} bytes) for {ratio}× the contracts"
    );
    assert!(
        findings <= ratio * 1.25,
        "findings grew {findings:.2}× ({f1} → {f2}) for {ratio}× the contracts"
    );
}
