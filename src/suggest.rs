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

    #[test]
    fn names_as_far_as_the_limit_are_found_and_case_costs_one() {
        // Two letters missing: the length difference equals the limit.
        assert_eq!(
            nearest("ord", ["order", "zzzzzzz"]).as_deref(),
            Some("order")
        );
        // Case alone differs: found, and preferred to a real misspelling.
        assert_eq!(
            nearest("User_ID", ["user_ix", "user_id"]).as_deref(),
            Some("user_id")
        );
        assert_eq!(nearest("Total", ["total"]).as_deref(), Some("total"));
    }

    #[test]
    fn long_names_allow_more_edits_and_ties_go_to_the_first() {
        // 12 letters: a third of them (4) may differ.
        assert_eq!(
            nearest("ordre_nmbr_x", ["order_number_x"]).as_deref(),
            Some("order_number_x")
        );
        // A known name is never its own suggestion.
        assert_eq!(nearest("status", ["status"]), None);
        // The nearer wins over the first.
        assert_eq!(
            nearest("user_idd", ["user_i", "user_id"]).as_deref(),
            Some("user_id")
        );
        // Case costs one edit like any other; on a tie the first (sorted) wins.
        assert_eq!(
            nearest("Abc_de", ["abc_de", "Abc_dx"]).as_deref(),
            Some("Abc_dx")
        );
    }
}
