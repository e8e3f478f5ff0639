//! Bytes → a workspace file: decode, parse with limits, validate the
//! contract shape, analyse references and lint it. Must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = contract::yaml::decode(data) else { return };
    let Ok(parsed) = contract::yaml::parse(&text) else { return };
    // Every pointer resolves to a position inside the file.
    let src = contract::source::SourceFile::new("f.yaml", text.clone());
    let (_, span) = parsed.index.nearest("/schema/properties");
    let _ = src.range(span);
    let _ = contract::model::check_shape("manifest", &parsed.value);
    let _ = contract::model::check_shape("dictionary", &parsed.value);
    if let Ok(c) = contract::workspace::contract_from(&parsed.value) {
        let _ = contract::schema::resolve::check_refs(&c.schema, None);
        let _ = contract::schema::diff::diff(&c.schema, &serde_json::json!({}), contract::model::Policy::Confluent);
    }
});
