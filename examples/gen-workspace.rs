//! Generates a benchmark workspace: a git repository with N contracts over
//! N/50 domains, a dictionary with N/20 concepts and one event per contract,
//! contracts of 20–60 properties nested up to depth 4 with `concept:`
//! references (about 7 KB of YAML each), a `main` commit, a `feature` commit
//! changing M contracts (compatible and breaking changes mixed), and one
//! more change staged on top.
//!
//! cargo run --release --example gen-workspace -- DIR --contracts 10000 --changed 1000 --seed 7

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Repository, Signature, Time};

struct Args {
    dir: PathBuf,
    contracts: usize,
    changed: usize,
    seed: u64,
}

fn args() -> Args {
    let mut a = Args {
        dir: PathBuf::new(),
        contracts: 1000,
        changed: 100,
        seed: 7,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut num = |name: &str| -> u64 {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} takes a number"))
        };
        match x.as_str() {
            "--contracts" => a.contracts = num("--contracts") as usize,
            "--changed" => a.changed = num("--changed") as usize,
            "--seed" => a.seed = num("--seed"),
            _ => a.dir = PathBuf::from(x),
        }
    }
    assert!(
        !a.dir.as_os_str().is_empty(),
        "usage: gen-workspace DIR [--contracts N] [--changed M] [--seed S]"
    );
    a
}

struct Gen {
    rng: fastrand::Rng,
    domains: usize,
    concepts: usize,
}

impl Gen {
    fn leaf(&mut self, name: &str, out: &mut String, pad: &str) {
        match self.rng.usize(0..8) {
            0 => writeln!(out, "{pad}{name}: {{ $ref: \"concept:concept{}\" }}", self.rng.usize(0..self.concepts)),
            1 => writeln!(out, "{pad}{name}: {{ type: string, maxLength: {}, description: \"Free text describing {name} for downstream consumers.\" }}", self.rng.usize(8..200)),
            2 => writeln!(out, "{pad}{name}: {{ type: integer, minimum: 0, maximum: {} }}", self.rng.usize(10..100_000)),
            3 => writeln!(out, "{pad}{name}: {{ type: string, enum: [ALPHA, BRAVO, CHARLIE, DELTA, ECHO] }}"),
            4 => writeln!(out, "{pad}{name}: {{ type: string, format: date-time, description: \"When {name} happened, in UTC.\" }}"),
            5 => writeln!(out, "{pad}{name}: {{ type: number, multipleOf: 0.01 }}"),
            6 => writeln!(out, "{pad}{name}: {{ type: boolean, default: false }}"),
            _ => writeln!(out, "{pad}{name}: {{ type: string, pattern: \"^[A-Z]{{2}}-[0-9]{{4,8}}$\" }}"),
        }
        .unwrap();
    }

    /// Properties of an object at `depth`, indented by `pad`.
    fn object(&mut self, prefix: &str, count: usize, depth: usize, out: &mut String, pad: &str) {
        for j in 0..count {
            let name = format!("{prefix}_f{j}");
            if depth < 4 && self.rng.usize(0..10) == 0 {
                let inner = self.rng.usize(3..7);
                writeln!(out, "{pad}{name}:").unwrap();
                writeln!(out, "{pad}  type: object").unwrap();
                writeln!(out, "{pad}  description: Nested details of {name}.").unwrap();
                writeln!(out, "{pad}  properties:").unwrap();
                self.object(&name, inner, depth + 1, out, &format!("{pad}    "));
            } else if depth < 4 && self.rng.usize(0..14) == 0 {
                writeln!(out, "{pad}{name}:").unwrap();
                writeln!(out, "{pad}  type: array").unwrap();
                writeln!(out, "{pad}  maxItems: 500").unwrap();
                writeln!(out, "{pad}  items:").unwrap();
                writeln!(out, "{pad}    type: object").unwrap();
                writeln!(out, "{pad}    required: [{name}_i_f0]").unwrap();
                writeln!(out, "{pad}    properties:").unwrap();
                let inner = self.rng.usize(2..5);
                self.object(
                    &format!("{name}_i"),
                    inner,
                    depth + 2,
                    out,
                    &format!("{pad}      "),
                );
            } else {
                self.leaf(&name, out, pad);
            }
        }
    }

    fn contract(&mut self, i: usize) -> String {
        let owner = i % self.domains;
        let mut s = String::new();
        writeln!(
            s,
            "event: Event{i:05}\nversion: 1.0.0\nowner: domain{owner}"
        )
        .unwrap();
        writeln!(s, "summary: Something happened in domain {owner} (event {i}); see the dictionary for the business meaning.").unwrap();
        writeln!(
            s,
            "channel: domain{owner}.event-{i}\ncompatibility: backward\nconsumers:"
        )
        .unwrap();
        for k in 1..=self.rng.usize(1..4) {
            let c = (owner + k * 7) % self.domains;
            writeln!(
                s,
                "  - domain: domain{c}\n    uses: [e{i}_f0, e{i}_f1, e{i}_f{}]",
                k + 2
            )
            .unwrap();
        }
        writeln!(
            s,
            "schema:\n  type: object\n  required: [e{i}_f0, e{i}_f1]\n  properties:"
        )
        .unwrap();
        let n = self.rng.usize(20..61);
        // The two required fields first, plain strings.
        writeln!(
            s,
            "    e{i}_f0: {{ type: string, minLength: 1, maxLength: 64 }}"
        )
        .unwrap();
        writeln!(s, "    e{i}_f1: {{ type: string, format: uuid }}").unwrap();
        let mut body = String::new();
        self.object(&format!("e{i}x"), n - 2, 1, &mut body, "    ");
        s.push_str(&body);
        s
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn commit(repo: &Repository, msg: &str) {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new("bench", "bench@example.com", &Time::new(1_764_000_000, 0)).unwrap();
    let parents: Vec<git2::Commit> = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_commit().ok())
        .into_iter()
        .collect();
    let refs: Vec<&git2::Commit> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, msg, &tree, &refs)
        .unwrap();
}

fn path_of(i: usize, domains: usize) -> String {
    format!("events/domain{}/event-{i:05}.yaml", i % domains)
}

fn main() {
    let a = args();
    let domains = (a.contracts / 50).max(2);
    let concepts = (a.contracts / 20).max(2);
    if a.dir.exists() {
        std::fs::remove_dir_all(&a.dir).unwrap();
    }
    std::fs::create_dir_all(&a.dir).unwrap();
    let repo = Repository::init(&a.dir).unwrap();
    repo.set_head("refs/heads/main").unwrap();
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(a.seed),
        domains,
        concepts,
    };

    write(&a.dir, "contracts.yaml", "contracts: [\"events/**/*.yaml\"]\ndictionary: dictionary.yaml\nbase: main\ncompatibility: backward\npolicy: lenient\nrules:\n  unused-concept: off\n");
    let mut d = String::from("domains:\n");
    for k in 0..domains {
        writeln!(d, "  domain{k}: {{ team: Team {k}, contact: team{k}@example.com, github: \"@acme/team-{k}\" }}").unwrap();
    }
    d.push_str("concepts:\n");
    for k in 0..concepts {
        let schema = if k % 2 == 0 {
            "{ type: string, format: uuid }".to_string()
        } else {
            format!("{{ type: string, pattern: \"^C{k}-[0-9]{{8}}$\" }}")
        };
        writeln!(d, "  concept{k}:\n    owner: domain{}\n    summary: Shared concept number {k}.\n    schema: {schema}", k % domains).unwrap();
    }
    d.push_str("events:\n");
    for i in 0..a.contracts {
        writeln!(
            d,
            "  Event{i:05}: {{ owner: domain{}, requires: [e{i}_f0, e{i}_f1] }}",
            i % domains
        )
        .unwrap();
    }
    write(&a.dir, "dictionary.yaml", &d);
    let mut bytes = 0;
    for i in 0..a.contracts {
        let c = g.contract(i);
        bytes += c.len();
        write(&a.dir, &path_of(i, domains), &c);
    }
    commit(&repo, "main: contracts");

    // The feature branch: M contracts changed, a third each compatible,
    // loosened and breaking.
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("feature", &head, true).unwrap();
    repo.set_head("refs/heads/feature").unwrap();
    let step = (a.contracts / a.changed.max(1)).max(1);
    let mut changed = 0;
    for i in (0..a.contracts).step_by(step).take(a.changed) {
        let p = path_of(i, domains);
        let text = std::fs::read_to_string(a.dir.join(&p)).unwrap();
        let new = match changed % 3 {
            0 => text.replace("version: 1.0.0", "version: 1.1.0").replacen(
                "\n  properties:\n",
                &format!(
                    "\n  properties:\n    e{i}_discount_code: {{ type: string, maxLength: 32 }}\n"
                ),
                1,
            ),
            1 => text
                .replace("version: 1.0.0", "version: 1.0.1")
                .replace("maxLength: 64", "maxLength: 128"),
            _ => text.replace("version: 1.0.0", "version: 2.0.0").replace(
                &format!("e{i}_f1: {{ type: string, format: uuid }}"),
                &format!("e{i}_f1: {{ type: integer }}"),
            ),
        };
        write(&a.dir, &p, &new);
        changed += 1;
    }
    commit(&repo, "feature: changes");

    // One more change, staged.
    let staged = path_of(1, domains);
    let text = std::fs::read_to_string(a.dir.join(&staged)).unwrap();
    write(
        &a.dir,
        &staged,
        &text
            .replace("version: 1.0.0", "version: 1.0.1")
            .replace("maxLength: 64", "maxLength: 65"),
    );
    let mut index = repo.index().unwrap();
    index.add_path(Path::new(&staged)).unwrap();
    index.write().unwrap();
    println!(
        "{}: {} contracts ({:.1} MB, {:.1} KB each), {domains} domains, {concepts} concepts, {changed} changed on `feature`, 1 staged",
        a.dir.display(),
        a.contracts,
        bytes as f64 / 1e6,
        bytes as f64 / a.contracts as f64 / 1e3
    );
}
