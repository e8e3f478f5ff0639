//! Small text helpers for messages and reports: counts with thousands
//! separators and lists capped at `MAX_RELATED_SHOWN` ("and 2,997 more").

use crate::finding::Finding;
use crate::limits::MAX_RELATED_SHOWN;

/// A count with thousands separators: `2,997`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `a, b, c and 4 more`: at most `MAX_RELATED_SHOWN` items, then a count.
pub fn capped_list<S: AsRef<str>>(items: &[S]) -> String {
    let shown: Vec<&str> = items
        .iter()
        .take(MAX_RELATED_SHOWN)
        .map(AsRef::as_ref)
        .collect();
    let mut s = shown.join(", ");
    if items.len() > MAX_RELATED_SHOWN {
        s.push_str(&format!(
            " and {} more",
            thousands(items.len() - MAX_RELATED_SHOWN)
        ));
    }
    s
}

/// A finding's related places for the capped formats (human, markdown,
/// GitHub): `also at a.yaml:12:5, b.yaml:3:5 and 2,997 more`.
pub fn related_line(f: &Finding) -> Option<String> {
    if f.related.is_empty() {
        return None;
    }
    let places: Vec<String> = f
        .related
        .iter()
        .take(MAX_RELATED_SHOWN + 1)
        .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
        .collect();
    let mut s = places
        .iter()
        .take(MAX_RELATED_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if f.related_count() > MAX_RELATED_SHOWN {
        s.push_str(&format!(
            " and {} more",
            thousands(f.related_count() - MAX_RELATED_SHOWN)
        ));
    }
    Some(format!("also at {s}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_caps() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2_997), "2,997");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let items: Vec<String> = (0..3_007).map(|i| format!("x{i}")).collect();
        let s = capped_list(&items);
        assert!(s.ends_with("x9 and 2,997 more"), "{s}");
        assert_eq!(capped_list(&["a", "b"]), "a, b");
    }
}
