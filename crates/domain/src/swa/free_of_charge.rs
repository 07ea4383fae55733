//! The free-of-charge offer (SPEC §10): while a location's SWA is active or in its grace
//! period, the latest version of each free-of-charge feature for its system type.

use super::SwaStatus;
use crate::license::{Part, PartKind};
use crate::system_type::SystemType;

/// Whether a location with this SWA status may take free-of-charge licenses: while SWA
/// covers it (active or renewable) or it is in its grace period.
pub fn entitled(status: SwaStatus) -> bool {
    matches!(
        status,
        SwaStatus::Active | SwaStatus::Renewable | SwaStatus::Grace
    )
}

/// The parts a location of `system_type` may take free of charge: of the free-of-charge
/// parts for that type, per feature the one of the highest version (quantity and option
/// parts are offered as they are).
pub fn offer(parts: &[Part], system_type: SystemType) -> Vec<&Part> {
    let free: Vec<&Part> = parts
        .iter()
        .filter(|p| p.free_of_charge && p.system_types.contains(&system_type))
        .collect();
    let mut offered: Vec<&Part> = free
        .iter()
        .copied()
        .filter(|p| {
            p.kind != PartKind::Version
                || !free.iter().any(|q| {
                    q.kind == PartKind::Version && q.feature == p.feature && q.amount > p.amount
                })
        })
        .collect();
    offered.sort_by(|a, b| a.part_number.cmp(&b.part_number));
    offered
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::license::seed_parts;

    #[test]
    fn is3000_gets_the_system_r8_license_and_nothing_else() {
        let parts = seed_parts();
        let offered: Vec<&str> = offer(&parts, SystemType::Is3000)
            .iter()
            .map(|p| p.part_number.as_str())
            .collect();
        assert_eq!(offered, ["Lic-078"]);
        assert!(offer(&parts, SystemType::Sv9100Cp10).is_empty());
    }

    #[test]
    fn only_covered_or_graced_locations_are_entitled() {
        let entitled: Vec<SwaStatus> = SwaStatus::ALL
            .iter()
            .copied()
            .filter(|s| super::entitled(*s))
            .collect();
        assert_eq!(
            entitled,
            [SwaStatus::Grace, SwaStatus::Active, SwaStatus::Renewable]
        );
    }

    #[test]
    fn an_older_free_version_is_not_offered_beside_a_newer_one() {
        let mut parts = seed_parts();
        for p in &mut parts {
            if p.part_number.as_str() == "Lic-077" {
                p.free_of_charge = true;
            }
        }
        let offered: Vec<&str> = offer(&parts, SystemType::Is3000)
            .iter()
            .map(|p| p.part_number.as_str())
            .collect();
        assert_eq!(offered, ["Lic-078"]);
    }
}
