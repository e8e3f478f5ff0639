//! `allOf` / `anyOf` / `oneOf` (and synthetic `allOf`s and type arrays):
//! the criterion change, the member count, and a maximum bipartite matching
//! of compatible member pairs.

use super::change::{Diff, D};
use super::engine::{diff, extend, Engine};
use super::node::{Criterion, Part, S};

impl Engine {
    pub(super) fn combined(&mut self, o: S<'_>, u: S<'_>, out: &mut Vec<Diff>) {
        let oc = o.criterion();
        let uc = u.criterion();
        let o_members = dedup(o.members());
        let u_members = dedup(u.members());
        let o_single = o_members.len() == 1;
        let u_single = u_members.len() == 1;
        let criterion_change = if oc == uc {
            None
        } else {
            Some(match uc {
                Criterion::Any => D::CombinedExtended,
                Criterion::One if o_single || oc == Criterion::All => D::CombinedExtended,
                Criterion::All if o_single && u_single => D::CombinedExtended,
                _ => D::CombinedChanged,
            })
        };
        if let Some(d) = criterion_change {
            out.push(diff(d, "", Some(oc.keyword().into()), Some(uc.keyword().into())));
            if d == D::CombinedChanged {
                return;
            }
        }
        if o.part == Part::Whole && u.part == Part::Whole {
            // Both are one object with keywords of several classes
            // (`{type: string, enum: [...]}`): its parts pair by class, and
            // each difference is reported at its own keyword.
            self.synthetic_parts(o_members, u_members, out);
            return;
        }
        let (on, un) = (o_members.len(), u_members.len());
        if on != un {
            // More members: judged by the new criterion; fewer: by the old one
            // (an `allOf` that loses members accepts more).
            let d = match (on < un, uc == Criterion::All, oc == Criterion::All) {
                (true, true, _) => D::ProductExtended,
                (true, false, _) => D::SumExtended,
                (false, _, true) => D::ProductNarrowed,
                (false, _, false) => D::SumNarrowed,
            };
            out.push(diff(d, "", Some(on.into()), Some(un.into())));
        }
        let explicit = matches!(o.part, Part::AllOf | Part::AnyOf | Part::OneOf);
        // Compatible pairs, with their differences.
        let mut edges: Vec<Vec<Option<std::rc::Rc<Vec<Diff>>>>> = vec![vec![None; un]; on];
        for (i, om) in o_members.iter().enumerate() {
            for (j, um) in u_members.iter().enumerate() {
                let d = self.cmp(*om, *um);
                if self.compatible(&d) {
                    edges[i][j] = Some(d);
                }
            }
        }
        let matching = max_matching(&edges, un);
        let mut matched = 0;
        for (j, i) in matching.iter().enumerate() {
            if let Some(i) = i {
                matched += 1;
                if let Some(d) = &edges[*i][j] {
                    let prefix = if explicit {
                        format!("/{}/{}", oc.keyword(), i)
                    } else {
                        String::new()
                    };
                    extend(out, &prefix, d);
                }
            }
        }
        if matched < on.min(un) {
            out.push(diff(D::CombinedMembersChanged, "", Some(o.v.clone()), Some(u.v.clone())));
        }
    }
}

impl Engine {
    fn synthetic_parts(&mut self, o_members: Vec<S<'_>>, u_members: Vec<S<'_>>, out: &mut Vec<Diff>) {
        let mut used = vec![false; u_members.len()];
        for om in &o_members {
            let found = u_members
                .iter()
                .enumerate()
                .find(|(j, um)| !used[*j] && pair_key(um) == pair_key(om));
            match found {
                Some((j, um)) => {
                    used[j] = true;
                    let d = self.cmp(*om, *um);
                    extend(out, "", &d);
                }
                // A part gone: one constraint fewer.
                None => out.push(diff(D::ProductNarrowed, "", Some(om.v.clone()), None)),
            }
        }
        for (j, um) in u_members.iter().enumerate() {
            if !used[j] {
                // A part added: one constraint more.
                out.push(diff(D::ProductExtended, "", None, Some(um.v.clone())));
            }
        }
    }
}

/// Parts of one object pair by class (every combinator counting as one).
fn pair_key(s: &S<'_>) -> String {
    match s.class() {
        super::node::Class::Combined(_) => "combined".into(),
        c => format!("{c:?}"),
    }
}

fn dedup<'a>(members: Vec<S<'a>>) -> Vec<S<'a>> {
    let mut seen = std::collections::HashSet::new();
    members.into_iter().filter(|m| seen.insert(m.canonical())).collect()
}

/// Maximum bipartite matching (Kuhn's augmenting paths, in index order so
/// the result is deterministic). Returns, for each right node, its left match.
fn max_matching<T>(edges: &[Vec<Option<T>>], right: usize) -> Vec<Option<usize>> {
    fn augment<T>(
        i: usize,
        edges: &[Vec<Option<T>>],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for j in 0..owner.len() {
            if edges[i][j].is_some() && !seen[j] {
                seen[j] = true;
                if owner[j].is_none_or(|k| augment(k, edges, seen, owner)) {
                    owner[j] = Some(i);
                    return true;
                }
            }
        }
        false
    }
    let mut owner = vec![None; right];
    for i in 0..edges.len() {
        let mut seen = vec![false; right];
        augment(i, edges, &mut seen, &mut owner);
    }
    owner
}
