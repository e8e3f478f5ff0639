//! In-process stages of `contract check`, per contract: parse (YAML → JSON +
//! pointer index), validate the file shape, resolve `concept:` references,
//! compile the schema, diff two versions, and the workspace lint.
//!
//! cargo bench --bench pipeline
//! (set CONTRACT_BENCH_DIR to a generated workspace to also time loading it)

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const CONTRACT: &str = include_str!("../contracts-example/events/sales/order-placed.yaml");

fn big_contract() -> String {
    // ~7 KB: the example contract's schema with 40 more properties.
    let mut s = CONTRACT.replace("examples:", "x_examples_unused:");
    s = s.split("x_examples_unused:").next().unwrap().to_string();
    let extra: String = (0..40)
        .map(|i| format!("    field_{i}: {{ type: string, maxLength: {}, description: \"Field number {i} of the benchmark contract.\" }}\n", 10 + i))
        .collect();
    s.replace("    currency:", &format!("{extra}    currency:"))
}

fn stages(c: &mut Criterion) {
    let text = big_contract();
    c.bench_function("parse 7KB contract", |b| {
        b.iter(|| contract::yaml::parse(black_box(&text)).unwrap())
    });
    let parsed = contract::yaml::parse(&text).unwrap();
    c.bench_function("shape check", |b| {
        b.iter(|| contract::model::check_shape("contract", black_box(&parsed.value)))
    });
    let dict_text = include_str!("../contracts-example/dictionary.yaml");
    let dict: contract::model::dictionary::Dictionary =
        serde_json::from_value(contract::yaml::parse(dict_text).unwrap().value).unwrap();
    let schema = parsed.value["schema"].clone();
    c.bench_function("resolve concepts", |b| {
        b.iter(|| contract::schema::resolve::inline_concepts(black_box(&schema), &dict.concepts))
    });
    let old = contract::schema::resolve::inline_concepts(&schema, &dict.concepts);
    let new_text = text
        .replace("maxLength: 20,", "maxLength: 19,")
        .replace("minimum: 1", "minimum: 2");
    let new_schema = contract::yaml::parse(&new_text).unwrap().value["schema"].clone();
    let new = contract::schema::resolve::inline_concepts(&new_schema, &dict.concepts);
    for policy in [
        contract::model::Policy::Lenient,
        contract::model::Policy::Confluent,
    ] {
        c.bench_function(&format!("diff two versions ({policy})"), |b| {
            b.iter(|| contract::schema::diff::diff(black_box(&old), black_box(&new), policy))
        });
    }
    c.bench_function("compile schema (jsonschema)", |b| {
        b.iter(|| jsonschema::options().build(black_box(&old)).unwrap())
    });
    if let Ok(dir) = std::env::var("CONTRACT_BENCH_DIR") {
        let tree = contract::workspace::DiskTree { root: dir.into() };
        let mut g = c.benchmark_group("workspace");
        g.sample_size(10);
        g.bench_function("load", |b| {
            b.iter(|| contract::workspace::Workspace::load(&tree, "").unwrap())
        });
        let ws = contract::workspace::Workspace::load(&tree, "").unwrap();
        g.bench_function("lint", |b| b.iter(|| contract::rules::lint(black_box(&ws))));
        g.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
