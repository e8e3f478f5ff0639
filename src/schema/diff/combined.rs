//! `allOf` / `anyOf` / `oneOf` (and synthetic `allOf`s and type arrays):
//! the criterion change, the member count, and a maximum bipartite matching
//! of compatible member pairs.

use super::change::{Delta, Diff};
use super::disjoint::disjoint;
use super::engine::{diff, extend, Engine};
use super::node::{Criterion, Part, View};
use crate::limits::MAX_LOST_BRANCHES;

/// Lazily compared member pairs: `None` not yet compared, `Some(None)`
/// incompatible, `Some(Some(diffs))` compatible.
type Edges = Vec<Vec<Option<Option<std::rc::Rc<Vec<Diff>>>>>>;

impl Engine {
    pub(super) fn combined(&mut self, o: View<'_>, u: View<'_>, out: &mut Vec<Diff>) {
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
                Criterion::Any => Delta::CombinedExtended,
                Criterion::One if o_single || oc == Criterion::All => Delta::CombinedExtended,
                Criterion::All if o_single && u_single => Delta::CombinedExtended,
                _ => Delta::CombinedChanged,
            })
        };
        if let Some(d) = criterion_change {
            out.push(diff(
                d,
                "",
                Some(oc.keyword().into()),
                Some(uc.keyword().into()),
            ));
            if d == Delta::CombinedChanged {
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
        let explicit = matches!(o.part, Part::AllOf | Part::AnyOf | Part::OneOf);
        if uc == Criterion::Any && oc != Criterion::All {
            self.subsumed(o, &o_members, &u_members, explicit, out);
            return;
        }
        if on != un {
            // More members: judged by the new criterion; fewer: by the old one
            // (an `allOf` that loses members accepts more).
            let d = match (on < un, uc == Criterion::All, oc == Criterion::All) {
                (true, true, _) => Delta::ProductExtended,
                (true, false, _) => Delta::SumExtended,
                (false, _, true) => Delta::ProductNarrowed,
                (false, _, false) => Delta::SumNarrowed,
            };
            out.push(diff(d, "", Some(on.into()), Some(un.into())));
        }
        // Maximum bipartite matching of compatible pairs (Kuhn's augmenting
        // paths). Edges are compared lazily, identical members first, so
        // unions that mostly agree cost a linear number of comparisons.
        let o_canon: Vec<String> = o_members.iter().map(|m| m.canonical()).collect();
        let u_canon: Vec<String> = u_members.iter().map(|m| m.canonical()).collect();
        let order: Vec<Vec<usize>> = (0..on)
            .map(|i| {
                let mut js: Vec<usize> = (0..un).collect();
                js.sort_by_key(|&j| u_canon[j] != o_canon[i]);
                js
            })
            .collect();
        let mut edges: Edges = vec![vec![None; un]; on];
        let mut owner: Vec<Option<usize>> = vec![None; un];
        for i in 0..on {
            let mut seen = vec![false; un];
            self.augment(
                i, &o_members, &u_members, &order, &mut edges, &mut seen, &mut owner,
            );
        }
        let mut matched = 0;
        for (j, i) in owner.iter().enumerate() {
            if let Some(i) = i {
                matched += 1;
                if let Some(Some(d)) = &edges[*i][j] {
                    let prefix = if explicit {
                        format!("/{}/{}", oc.keyword(), i)
                    } else {
                        String::new()
                    };
                    extend(out, &prefix, d);
                }
            }
        }
        if uc == Criterion::One && un > 1 {
            // `oneOf` rejects what two branches match: a branch that is new,
            // or accepts more than the old branch it matches, must be
            // provably disjoint from every other old branch.
            let mut overlap = false;
            for j in 0..un {
                let widened = match owner[j] {
                    Some(i) => {
                        let back = self.cmp(u_members[j], o_members[i]);
                        !self.compatible(&back)
                    }
                    None => true,
                };
                if widened
                    && (0..on).any(|i| owner[j] != Some(i) && !disjoint(o_members[i], u_members[j]))
                {
                    overlap = true;
                }
            }
            if overlap {
                out.push(diff(
                    Delta::OneOfOverlap,
                    "",
                    Some(o.v.clone()),
                    Some(u.v.clone()),
                ));
            }
        }
        if matched < on.min(un) {
            out.push(diff(
                Delta::CombinedMembersChanged,
                "",
                Some(o.v.clone()),
                Some(u.v.clone()),
            ));
        }
    }
}

impl Engine {
    fn synthetic_parts(
        &mut self,
        o_members: Vec<View<'_>>,
        u_members: Vec<View<'_>>,
        out: &mut Vec<Diff>,
    ) {
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
                None => out.push(diff(Delta::ProductNarrowed, "", Some(om.v.clone()), None)),
            }
        }
        for (j, um) in u_members.iter().enumerate() {
            if !used[j] {
                // A part added: one constraint more.
                out.push(diff(Delta::ProductExtended, "", None, Some(um.v.clone())));
            }
        }
    }
}

/// Parts of one object pair by class (every combinator counting as one).
fn pair_key(s: &View<'_>) -> String {
    match s.class() {
        super::node::Class::Combined(_) => "combined".into(),
        c => format!("{c:?}"),
    }
}

fn dedup<'a>(members: Vec<View<'a>>) -> Vec<View<'a>> {
    let mut seen = std::collections::HashSet::new();
    members
        .into_iter()
        .filter(|m| seen.insert(m.canonical()))
        .collect()
}

impl Engine {
    /// One augmenting-path search from left member `i`.
    #[allow(clippy::too_many_arguments)]
    fn augment(
        &mut self,
        i: usize,
        o: &[View<'_>],
        u: &[View<'_>],
        order: &[Vec<usize>],
        edges: &mut Edges,
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for &j in &order[i] {
            if seen[j] {
                continue;
            }
            if edges[i][j].is_none() {
                let d = self.cmp(o[i], u[j]);
                edges[i][j] = Some(if self.compatible(&d) { Some(d) } else { None });
            }
            if !matches!(edges[i][j], Some(Some(_))) {
                continue;
            }
            seen[j] = true;
            let free = match owner[j] {
                None => true,
                Some(k) => self.augment(k, o, u, order, edges, seen, owner),
            };
            if free {
                owner[j] = Some(i);
                return true;
            }
        }
        false
    }
}

impl Engine {
    /// Unions into an `anyOf`, by branch subsumption: each original branch
    /// is kept when some update branch accepts everything it accepts
    /// (branches may be reordered, merged or moved); a branch no update
    /// branch covers is reported, named with the values it covered.
    fn subsumed(
        &mut self,
        o: View<'_>,
        o_members: &[View<'_>],
        u_members: &[View<'_>],
        explicit: bool,
        out: &mut Vec<Diff>,
    ) {
        let oc = o.criterion();
        let u_canon: Vec<String> = u_members.iter().map(|m| m.canonical()).collect();
        let mut used = vec![false; u_members.len()];
        let mut lost = 0;
        for (i, om) in o_members.iter().enumerate() {
            let prefix = if explicit {
                format!("/{}/{}", oc.keyword(), i)
            } else {
                String::new()
            };
            let canon = om.canonical();
            let mut order: Vec<usize> = (0..u_members.len()).collect();
            order.sort_by_key(|&j| u_canon[j] != canon);
            let mut found = None;
            for j in order {
                if !super::engine::within_kinds(*om, u_members[j]) {
                    continue;
                }
                let d = self.cmp(*om, u_members[j]);
                if self.compatible(&d) {
                    found = Some((j, d));
                    break;
                }
            }
            match found {
                Some((j, d)) => {
                    used[j] = true;
                    extend(out, &prefix, &d);
                }
                None => {
                    lost += 1;
                    if lost <= MAX_LOST_BRANCHES {
                        out.push(diff(
                            Delta::BranchLost,
                            prefix,
                            Some(super::engine::describe(*om).into()),
                            None,
                        ));
                    }
                }
            }
        }
        if lost > MAX_LOST_BRANCHES {
            // The rest in one change, so a report stays readable.
            out.push(diff(
                Delta::MoreBranchesLost,
                "",
                Some((lost - MAX_LOST_BRANCHES).into()),
                None,
            ));
        }
        let (on, un) = (o_members.len(), u_members.len());
        if used.iter().any(|u| !u) {
            out.push(diff(
                Delta::SumExtended,
                "",
                Some(on.into()),
                Some(un.into()),
            ));
        } else if on != un {
            out.push(diff(Delta::SumMerged, "", Some(on.into()), Some(un.into())));
        }
    }
}
