//! "Did you mean": the nearest known name to a misspelt one, by edit
//! distance (strsim), within `MAX_SUGGESTION_DISTANCE`.

use crate::limits::MAX_SUGGESTION_DISTANCE;

/// The known name nearest to `word`, when it is close enough to be a typo.
/// Ties go to the first in `known` order after sorting, so the answer is
/// deterministic.
pub fn nearest<'a, I>(word: &str, known: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = word.chars().count();
    let limit = MAX_SUGGESTION_DISTANCE.max(len / 3);
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    let mut all: Vec<&str> = known.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    for k in all {
        // Names whose lengths differ by more than the limit are never
        // within it: skipped before any distance is computed.
        if k == word || k.chars().count().abs_diff(len) > limit {
            continue;
        }
        // Optimal string alignment: transpositions count one, as in typos,
        // without the unrestricted variant's allocations.
        let d =
            strsim::osa_distance(word, k).min(strsim::osa_distance(&lower, &k.to_lowercase()) + 1);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k.to_string())
}

/// ` (did you mean `x`?)`, or nothing.
pub fn hint<'a, I>(word: &str, known: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(word, known)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_nothing_far() {
        assert_eq!(
            nearest("user_idd", ["user_id", "status"]).as_deref(),
            Some("user_id")
        );
        assert_eq!(
            nearest("maxLenght", ["maxLength", "minLength"]).as_deref(),
            Some("maxLength")
        );
        assert_eq!(nearest("zzz", ["user_id"]), None);
        assert_eq!(
            hint("requried", ["required"]),
            " (did you mean `required`?)"
        );
    }
}
