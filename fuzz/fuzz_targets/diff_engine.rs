//! Two arbitrary schemas → changes, under both policies, both ways. Must
//! never panic and always terminate; a schema compared with itself has no
//! change.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Two JSON (or YAML) documents separated by a NUL byte.
    let mut parts = data.splitn(2, |b| *b == 0);
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else { return };
    let parse = |bytes: &[u8]| {
        let text = std::str::from_utf8(bytes).ok()?;
        contract::yaml::parse(text).ok().map(|p| p.value)
    };
    let (Some(a), Some(b)) = (parse(a), parse(b)) else { return };
    for policy in [contract::model::Policy::Lenient, contract::model::Policy::Confluent] {
        let _ = contract::schema::diff::diff(&a, &b, policy);
        let _ = contract::schema::diff::diff(&b, &a, policy);
        assert!(contract::schema::diff::diff(&a, &a, policy).is_empty(), "self-diff not empty");
    }
});
