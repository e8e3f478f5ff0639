//! Generates a benchmark workspace (see `tests/support/generate.rs` for the
//! two profiles): a git repository with N contracts over N/50 domains, a
//! dictionary with N/20 concepts and one event per contract, a `main`
//! commit, a `feature` commit changing M contracts, and one more change
//! staged on top.
//!
//! cargo run --release --example gen-workspace -- DIR --contracts 10000 --changed 1000 --seed 7 [--profile realistic|uniform]

use std::path::PathBuf;

#[path = "../tests/support/generate.rs"]
mod generate;

use generate::{Profile, Spec};

fn main() {
    let mut dir = PathBuf::new();
    let mut spec = Spec {
        contracts: 1000,
        changed: 100,
        seed: 7,
        profile: Profile::Realistic,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut value =
            |name: &str| -> String { it.next().unwrap_or_else(|| panic!("{name} takes a value")) };
        let num = |name: &str, v: String| -> u64 {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number"))
        };
        match x.as_str() {
            "--contracts" => spec.contracts = num("--contracts", value("--contracts")) as usize,
            "--changed" => spec.changed = num("--changed", value("--changed")) as usize,
            "--seed" => spec.seed = num("--seed", value("--seed")),
            "--profile" => {
                let v = value("--profile");
                spec.profile = Profile::parse(&v)
                    .unwrap_or_else(|| panic!("--profile is realistic or uniform, not {v}"))
            }
            _ => dir = PathBuf::from(x),
        }
    }
    assert!(
        !dir.as_os_str().is_empty(),
        "usage: gen-workspace DIR [--contracts N] [--changed M] [--seed S] [--profile realistic|uniform]"
    );
    let g = generate::generate(&dir, &spec);
    println!(
        "{}: {:?} profile, {} contracts ({:.1} MB, {:.1} KB each), {} domains, {} concepts, {} changed on `feature`, 1 staged",
        dir.display(),
        spec.profile,
        spec.contracts,
        g.bytes as f64 / 1e6,
        g.bytes as f64 / spec.contracts as f64 / 1e3,
        g.domains,
        g.concepts,
        g.changed
    );
}
