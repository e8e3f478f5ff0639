//! Benchmark workspace generator, shared by `examples/gen-workspace.rs` and
//! the growth test: a git repository with N contracts, a `main` commit, a
//! `feature` commit changing M contracts, and one more change staged.
//!
//! Two profiles:
//! - `realistic` (the default): what organisations have. Shared fields
//!   (`id`, `customer_id`, `note`, `created_at`, ...) written inline in
//!   contracts of many domains, some defined differently by some domains;
//!   nested objects (an inline `address` with its own shared fields),
//!   arrays of objects, enums, `$ref`s to dictionary concepts; contracts of
//!   20–60 properties. The feature branch changes 10 %: compatible
//!   additions (some of a shared field), loosened constraints, breaking
//!   type changes and a conflicting redefinition of a shared field.
//! - `uniform`: the earlier generator. Every property name is unique to
//!   its contract and every shared concept is in the dictionary, so no
//!   cross-contract finding arises.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

use git2::{IndexAddOption, Repository, Signature, Time};

/// Which kind of workspace to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Realistic,
    Uniform,
}

impl Profile {
    pub fn parse(s: &str) -> Option<Profile> {
        match s {
            "realistic" => Some(Profile::Realistic),
            "uniform" => Some(Profile::Uniform),
            _ => None,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub contracts: usize,
    pub changed: usize,
    pub seed: u64,
    pub profile: Profile,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub bytes: usize,
    pub domains: usize,
    pub concepts: usize,
    pub changed: usize,
}

/// Shared field names written inline across domains: (name, the usual
/// definition, a conflicting definition some domains use).
const SHARED: &[(&str, &str, Option<&str>)] = &[
    ("id", "{ type: string, format: uuid }", None),
    (
        "customer_id",
        "{ type: string, format: uuid }",
        Some("{ type: integer, minimum: 1 }"),
    ),
    (
        "note",
        "{ type: string, maxLength: 500, description: \"Free text.\" }",
        Some("{ type: string, maxLength: 2000 }"),
    ),
    ("created_at", "{ type: string, format: date-time }", None),
    ("updated_at", "{ type: string, format: date-time }", None),
    (
        "amount",
        "{ type: number, minimum: 0 }",
        Some("{ type: integer, minimum: 0, description: \"In cents.\" }"),
    ),
    ("currency", "{ type: string, enum: [EUR, USD, GBP] }", None),
    ("email", "{ type: string, format: email }", None),
    (
        "status",
        "{ type: string, enum: [ACTIVE, INACTIVE, PENDING] }",
        Some("{ type: string, maxLength: 32 }"),
    ),
    (
        "tenant_id",
        "{ type: string, minLength: 1, maxLength: 64 }",
        None,
    ),
    ("correlation_id", "{ type: string, format: uuid }", None),
    ("source", "{ type: string, maxLength: 64 }", None),
    ("country", "{ type: string, pattern: \"^[A-Z]{2}$\" }", None),
    (
        "quantity",
        "{ type: integer, minimum: 0 }",
        Some("{ type: number }"),
    ),
    (
        "sku",
        "{ type: string, pattern: \"^[A-Z0-9-]{4,32}$\" }",
        None,
    ),
    ("order_id", "{ type: string, format: uuid }", None),
    (
        "user_id",
        "{ type: string, format: uuid }",
        Some("{ type: integer }"),
    ),
    ("version_tag", "{ type: string, maxLength: 16 }", None),
    (
        "locale",
        "{ type: string, pattern: \"^[a-z]{2}(-[A-Z]{2})?$\" }",
        None,
    ),
    (
        "priority",
        "{ type: integer, minimum: 0, maximum: 9 }",
        None,
    ),
];

/// Fields of the inline `address` object (shared too, nested).
const ADDRESS: &[(&str, &str)] = &[
    ("street", "{ type: string, maxLength: 200 }"),
    ("city", "{ type: string, maxLength: 100 }"),
    ("zip", "{ type: string, maxLength: 16 }"),
    ("country", "{ type: string, pattern: \"^[A-Z]{2}$\" }"),
];

struct Gen {
    rng: fastrand::Rng,
    domains: usize,
    concepts: usize,
    profile: Profile,
}

impl Gen {
    /// A property private to its contract.
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

    /// Shared fields written inline: a few of the pool, some domains using
    /// the conflicting definition. Returns how many properties it wrote.
    fn shared(
        &mut self,
        owner: usize,
        out: &mut String,
        pad: &str,
        used: &mut Vec<usize>,
    ) -> usize {
        let n = self.rng.usize(3..8);
        let mut written = 0;
        for _ in 0..n {
            let k = self.rng.usize(0..SHARED.len());
            if used.contains(&k) {
                continue;
            }
            used.push(k);
            let (name, usual, other) = SHARED[k];
            // One domain in seven defines the conflicting ones its own way.
            let def = match other {
                Some(o) if owner % 7 == 3 => o,
                _ => usual,
            };
            writeln!(out, "{pad}{name}: {def}").unwrap();
            written += 1;
        }
        written
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
            if self.profile == Profile::Realistic {
                // Consumers name fields the schema has (the uniform profile
                // keeps its earlier entries, two of which name no field).
                writeln!(s, "  - domain: domain{c}\n    uses: [e{i}_f0, e{i}_f1]").unwrap();
                continue;
            }
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
        writeln!(
            s,
            "    e{i}_f0: {{ type: string, minLength: 1, maxLength: 64 }}"
        )
        .unwrap();
        writeln!(s, "    e{i}_f1: {{ type: string, format: uuid }}").unwrap();
        let mut written = 2;
        if self.profile == Profile::Realistic {
            let mut used = Vec::new();
            written += self.shared(owner, &mut s, "    ", &mut used);
            // A third of the contracts carry an inline address.
            if self.rng.usize(0..3) == 0 {
                s.push_str("    address:\n      type: object\n      properties:\n");
                for (name, def) in ADDRESS {
                    writeln!(s, "        {name}: {def}").unwrap();
                }
                written += 1 + ADDRESS.len();
            }
            // Lines of an order-like array, with shared fields inside.
            if self.rng.usize(0..4) == 0 {
                s.push_str("    lines:\n      type: array\n      items:\n        type: object\n        properties:\n");
                s.push_str("          sku: { type: string, pattern: \"^[A-Z0-9-]{4,32}$\" }\n");
                s.push_str("          quantity: { type: integer, minimum: 0 }\n");
                written += 3;
            }
        }
        let rest = n.saturating_sub(written).max(1);
        self.object(&format!("e{i}x"), rest, 1, &mut s, "    ");
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

/// Generate the workspace in `dir` (replacing it).
pub fn generate(dir: &Path, spec: &Spec) -> Generated {
    let domains = (spec.contracts / 50).max(2);
    let concepts = (spec.contracts / 20).max(2);
    if dir.exists() {
        std::fs::remove_dir_all(dir).unwrap();
    }
    std::fs::create_dir_all(dir).unwrap();
    let repo = Repository::init(dir).unwrap();
    repo.set_head("refs/heads/main").unwrap();
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(spec.seed),
        domains,
        concepts,
        profile: spec.profile,
    };

    write(dir, "contracts.yaml", "contracts: [\"events/**/*.yaml\"]\ndictionary: dictionary.yaml\nbase: main\ncompatibility: backward\npolicy: lenient\nrules:\n  unused-concept: off\n");
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
    for i in 0..spec.contracts {
        writeln!(
            d,
            "  Event{i:05}: {{ owner: domain{}, requires: [e{i}_f0, e{i}_f1] }}",
            i % domains
        )
        .unwrap();
    }
    write(dir, "dictionary.yaml", &d);
    let mut out = Generated {
        domains,
        concepts,
        ..Default::default()
    };
    for i in 0..spec.contracts {
        let c = g.contract(i);
        out.bytes += c.len();
        write(dir, &path_of(i, domains), &c);
    }
    commit(&repo, "main: contracts");

    // The feature branch: M contracts changed.
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("feature", &head, true).unwrap();
    repo.set_head("refs/heads/feature").unwrap();
    let step = (spec.contracts / spec.changed.max(1)).max(1);
    let kinds = match spec.profile {
        Profile::Uniform => 3,
        Profile::Realistic => 5,
    };
    for i in (0..spec.contracts).step_by(step).take(spec.changed) {
        let p = path_of(i, domains);
        let text = std::fs::read_to_string(dir.join(&p)).unwrap();
        let new = match out.changed % kinds {
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
            2 => text.replace("version: 1.0.0", "version: 2.0.0").replace(
                &format!("e{i}_f1: {{ type: string, format: uuid }}"),
                &format!("e{i}_f1: {{ type: integer }}"),
            ),
            // A shared field added inline (already shared elsewhere).
            3 if !text.contains("\n    channel_ref:") => text
                .replace("version: 1.0.0", "version: 1.1.0")
                .replacen(
                    "\n  properties:\n",
                    "\n  properties:\n    channel_ref: { type: string, maxLength: 40 }\n    correlation_id_v2: { type: string, format: uuid }\n",
                    1,
                ),
            // A shared field redefined its own way: a new conflict.
            _ => text.replace("version: 1.0.0", "version: 1.1.0").replacen(
                "\n  properties:\n",
                "\n  properties:\n    channel_ref: { type: integer }\n",
                1,
            ),
        };
        write(dir, &p, &new);
        out.changed += 1;
    }
    commit(&repo, "feature: changes");

    // One more change, staged.
    let staged = path_of(1, domains);
    let text = std::fs::read_to_string(dir.join(&staged)).unwrap();
    write(
        dir,
        &staged,
        &text
            .replace("version: 1.0.0", "version: 1.0.1")
            .replace("maxLength: 64", "maxLength: 65"),
    );
    let mut index = repo.index().unwrap();
    index.add_path(Path::new(&staged)).unwrap();
    index.write().unwrap();
    out
}
