//! Stacking (SPEC §2): everything ever activated on a location, folded into one value per
//! feature. Quantities and options add up (5 × 20 seats + 20 seats = 120 seats); versions
//! take the maximum (V3 + V4 + V6 = V6).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::part::{Part, PartKind, PartNumber};

/// The stacked value of one feature.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stacked {
    /// The feature key, e.g. `ports.ip`.
    pub feature: String,
    pub kind: PartKind,
    /// The sum (quantity, option) or the highest version.
    pub value: u64,
    /// The parts that contributed, sorted and without duplicates. For a version that is the
    /// part(s) carrying the winning version only: a superseded release grants nothing.
    pub part_numbers: Vec<PartNumber>,
}

/// A feature is identified by its key and kind together, so a catalog mistake that gives one
/// key two kinds shows up as two lines instead of mixing a sum with a maximum.
type Key = (String, PartKind);

/// Stacks activated licenses, given as (part, quantity). Lines with quantity 0 grant
/// nothing and are skipped (SPEC §2: "0 = not this part").
///
/// The result is sorted by feature (then kind, in [`PartKind`] order) and does not depend
/// on the order of the input.
pub fn stack<'a>(activated: impl IntoIterator<Item = (&'a Part, u32)>) -> Vec<Stacked> {
    // Borrowed keys and part numbers while folding: a location's thousand lines share a
    // few hundred features, so owned copies are made once per feature, not once per line.
    // Hashed while folding, sorted once at the end: a B-tree would compare feature strings
    // on every level for every line.
    let mut acc: HashMap<(&'a str, PartKind), Folding<'a>> = HashMap::new();
    for (part, quantity) in activated {
        if quantity == 0 {
            continue;
        }
        let value = match part.kind {
            PartKind::Quantity | PartKind::Option => u64::from(part.amount) * u64::from(quantity),
            PartKind::Version => u64::from(part.amount),
        };
        let Some(current) = acc.get_mut(&(part.feature.as_str(), part.kind)) else {
            acc.insert(
                (part.feature.as_str(), part.kind),
                Folding {
                    value,
                    parts: vec![&part.part_number],
                },
            );
            continue;
        };
        match part.kind {
            PartKind::Quantity | PartKind::Option => {
                current.value = current.value.saturating_add(value);
                current.parts.push(&part.part_number);
            }
            PartKind::Version => {
                if value > current.value {
                    current.value = value;
                    current.parts.clear();
                    current.parts.push(&part.part_number);
                } else if value == current.value {
                    current.parts.push(&part.part_number);
                }
            }
        }
    }
    let mut folded: Vec<_> = acc.into_iter().collect();
    folded.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    folded
        .into_iter()
        .map(|((feature, kind), mut folded)| {
            folded.parts.sort_unstable();
            folded.parts.dedup();
            Stacked {
                feature: feature.to_owned(),
                kind,
                value: folded.value,
                part_numbers: folded.parts.into_iter().cloned().collect(),
            }
        })
        .collect()
}

/// One feature while [`stack`] folds: the value so far and the contributing parts.
struct Folding<'a> {
    value: u64,
    parts: Vec<&'a PartNumber>,
}

/// Stacks two already stacked results, e.g. what is active plus what is being activated.
/// `combine(&stack(a), &stack(b)) == stack(a ++ b)`.
pub fn combine(a: &[Stacked], b: &[Stacked]) -> Vec<Stacked> {
    let mut acc: BTreeMap<Key, Stacked> = BTreeMap::new();
    for s in a.iter().chain(b) {
        merge_into(&mut acc, s.clone());
    }
    finish(acc)
}

/// The stacked value of `feature` (any kind), 0 when absent.
pub fn value_of(stacked: &[Stacked], feature: &str) -> u64 {
    stacked
        .iter()
        .filter(|s| s.feature == feature)
        .map(|s| s.value)
        .max()
        .unwrap_or(0)
}

fn merge_into(acc: &mut BTreeMap<Key, Stacked>, next: Stacked) {
    let key = (next.feature.clone(), next.kind);
    let Some(current) = acc.get_mut(&key) else {
        acc.insert(key, next);
        return;
    };
    match next.kind {
        PartKind::Quantity | PartKind::Option => {
            // Saturating: a sum past u64 is a data error, not a reason to wrap to a small
            // number of seats.
            current.value = current.value.saturating_add(next.value);
            current.part_numbers.extend(next.part_numbers);
        }
        PartKind::Version => {
            if next.value > current.value {
                *current = next;
            } else if next.value == current.value {
                current.part_numbers.extend(next.part_numbers);
            }
        }
    }
}

fn finish(acc: BTreeMap<Key, Stacked>) -> Vec<Stacked> {
    // BTreeMap iteration is already in (feature, kind) order.
    acc.into_values()
        .map(|mut s| {
            s.part_numbers.sort_unstable();
            s.part_numbers.dedup();
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::system_type::SystemType;

    fn part(number: &str, kind: PartKind, feature: &str, amount: u32) -> Part {
        Part {
            part_number: PartNumber::parse(number).unwrap(),
            description: number.into(),
            kind,
            feature: feature.into(),
            amount,
            system_types: vec![SystemType::Sv9100Cp10],
            swa_millis_per_month: 1000,
            free_of_charge: false,
        }
    }

    fn pns(numbers: &[&str]) -> Vec<PartNumber> {
        numbers
            .iter()
            .map(|n| PartNumber::parse(n).unwrap())
            .collect()
    }

    #[test]
    fn the_specs_examples() {
        let seats20 = part("SEAT-20", PartKind::Quantity, "seats", 20);
        let seats20b = part("SEAT-20B", PartKind::Quantity, "seats", 20);
        let v3 = part("V3", PartKind::Version, "release", 3);
        let v4 = part("V4", PartKind::Version, "release", 4);
        let v6 = part("V6", PartKind::Version, "release", 6);
        let got = stack([(&seats20b, 1), (&v4, 1), (&seats20, 5), (&v6, 1), (&v3, 2)]);
        assert_eq!(
            got,
            vec![
                Stacked {
                    feature: "release".into(),
                    kind: PartKind::Version,
                    value: 6,
                    part_numbers: pns(&["V6"]),
                },
                Stacked {
                    feature: "seats".into(),
                    kind: PartKind::Quantity,
                    value: 120,
                    part_numbers: pns(&["SEAT-20", "SEAT-20B"]),
                },
            ]
        );
        assert_eq!(value_of(&got, "seats"), 120);
        assert_eq!(value_of(&got, "ports.ip"), 0);
    }

    #[test]
    fn options_add_up_and_zero_quantities_are_skipped() {
        let virt = part("VIRT", PartKind::Option, "option.virtualization", 1);
        let ports = part("P8", PartKind::Quantity, "ports.ip", 8);
        let got = stack([(&virt, 1), (&virt, 1), (&ports, 0)]);
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].value, got[0].part_numbers.clone()),
            (2, pns(&["VIRT"]))
        );
        assert!(stack([]).is_empty());
    }

    #[test]
    fn equal_versions_list_every_winning_part() {
        let a = part("R8-A", PartKind::Version, "release", 8);
        let b = part("R8-B", PartKind::Version, "release", 8);
        let got = stack([(&b, 1), (&a, 1)]);
        assert_eq!(got[0].part_numbers, pns(&["R8-A", "R8-B"]));
    }

    /// A small pool so features collide often.
    fn pool() -> Vec<Part> {
        vec![
            part("Q1", PartKind::Quantity, "seats", 1),
            part("Q20", PartKind::Quantity, "seats", 20),
            part("P8", PartKind::Quantity, "ports.ip", 8),
            part("O1", PartKind::Option, "option.x", 1),
            part("V3", PartKind::Version, "release", 3),
            part("V4", PartKind::Version, "release", 4),
            part("V6", PartKind::Version, "release", 6),
            part("V6B", PartKind::Version, "release", 6),
        ]
    }

    fn lines() -> impl Strategy<Value = Vec<(usize, u32)>> {
        prop::collection::vec((0..8usize, 0..50u32), 0..12)
    }

    proptest! {
        #[test]
        fn stacking_is_order_independent(lines in lines(), seed in any::<u64>()) {
            let pool = pool();
            let forward: Vec<_> = lines.iter().map(|&(i, q)| (&pool[i], q)).collect();
            let mut shuffled = forward.clone();
            // A deterministic shuffle driven by the generated seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, usize::try_from(state % (u64::try_from(i).unwrap() + 1)).unwrap());
            }
            prop_assert_eq!(stack(forward), stack(shuffled));
        }

        #[test]
        fn stacking_a_then_b_equals_stacking_both(a in lines(), b in lines()) {
            let pool = pool();
            let a: Vec<_> = a.iter().map(|&(i, q)| (&pool[i], q)).collect();
            let b: Vec<_> = b.iter().map(|&(i, q)| (&pool[i], q)).collect();
            let both = stack(a.iter().chain(&b).copied());
            let sa = stack(a.iter().copied());
            let sb = stack(b.iter().copied());
            prop_assert_eq!(&combine(&sa, &sb), &both);
            // Quantities add, versions take the maximum.
            for feature in ["seats", "ports.ip", "option.x"] {
                prop_assert_eq!(value_of(&both, feature), value_of(&sa, feature) + value_of(&sb, feature));
            }
            prop_assert_eq!(value_of(&both, "release"), value_of(&sa, "release").max(value_of(&sb, "release")));
        }
    }
}
