//! The rule registry: every id, category and default severity, snapshotted,
//! so renaming an id (a break for every manifest that uses it) shows in review.

use contract::rules;

#[test]
fn rule_ids_are_stable() {
    let listing: String = rules::ALL
        .iter()
        .map(|r| {
            format!(
                "{:<32} {:<10} {}\n",
                r.id,
                r.category.as_str(),
                r.severity.as_str()
            )
        })
        .collect();
    insta::assert_snapshot!("rule_registry", listing);
}

#[test]
fn every_rule_is_explained_through_the_cli_text() {
    for r in rules::ALL {
        for section in ["What it does", "Why it matters", "Example", "How to fix"] {
            let text = rules::doc_section(r, section).unwrap_or_default();
            assert!(text.len() > 20, "{}: `{section}` is too thin", r.id);
        }
        assert!(
            rules::doc_section(r, "Example").unwrap().contains("```"),
            "{}: example has no code",
            r.id
        );
    }
}
