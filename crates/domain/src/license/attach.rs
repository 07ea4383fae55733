//! Attaching licenses from the bin to a location (SPEC §4): the request's lines, whether a
//! line's part may go on the location, whole POs for external products, and the SV9500
//! Small Enterprise port cap. The store loads
//! the PO lines and parts, asks these rules, then moves the quantities.
//!
//! PO lines are named by whatever id the caller uses (`Id`), so the rules hold for any.

use crate::field::FieldError;
use crate::order::Quantity;
use crate::packaging::{TempKeyRuleError, check_attach_to_temp_key};
use crate::system_type::SystemType;

use super::catalog::SV9500_SE_MAX_IP_PORTS;
use super::part::{Part, PartRuleError};
use super::rules::whole_po_only;
use super::stacking::{Stacked, value_of};

/// An attach request names no line, or a line twice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachLinesError {
    #[error("name at least one PO line to attach")]
    Empty,
    /// `line` is the index of the second mention.
    #[error("a PO line appears twice; add the quantities")]
    Duplicate { line: usize },
}

impl From<AttachLinesError> for FieldError {
    fn from(e: AttachLinesError) -> Self {
        let field = match e {
            AttachLinesError::Empty => "lines".to_owned(),
            AttachLinesError::Duplicate { line } => format!("lines/{line}/po_line_id"),
        };
        FieldError::new(field, e.to_string())
    }
}

/// Checks the PO lines an attach request names, in request order: at least one, none twice.
///
/// # Errors
/// [`AttachLinesError`] for an empty request or the first repeated line.
pub fn check_lines<Id: PartialEq>(
    po_line_ids: impl IntoIterator<Item = Id>,
) -> Result<(), AttachLinesError> {
    let ids: Vec<Id> = po_line_ids.into_iter().collect();
    if ids.is_empty() {
        return Err(AttachLinesError::Empty);
    }
    match (0..ids.len()).find(|&i| ids[..i].contains(&ids[i])) {
        Some(line) => Err(AttachLinesError::Duplicate { line }),
        None => Ok(()),
    }
}

/// A rule of the attach as a whole or of one line, beyond the part's own system types.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachRuleError {
    /// Only the virtualization option goes on an SV9500 standard server's temporary key.
    #[error(transparent)]
    TempKey(#[from] TempKeyRuleError),
    /// An external product takes whole POs (SPEC §4: "a PO cannot be split").
    #[error(
        "{} is an external product: attach the whole PO, every line with all it has left",
        .0.name()
    )]
    WholePoRequired(SystemType),
    /// A free-of-charge license belongs to the location it was taken for (SPEC §10): its
    /// line cannot be attached from the bin.
    #[error(
        "PO {0} holds a free-of-charge license: take one with /locations/{{id}}/free-of-charge-licenses"
    )]
    FreeOfCharge(String),
    /// SPEC §4: an SV9500 Small Enterprise has at most [`SV9500_SE_MAX_IP_PORTS`] IP ports.
    #[error(transparent)]
    PortCapacity(#[from] PortCapacityExceeded),
}

/// More IP ports than the system type allows (SV9500 Small Enterprise: 1,536).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an SV9500 Small Enterprise has at most {max} IP ports; this would make {would_be}")]
pub struct PortCapacityExceeded {
    pub max: u64,
    pub would_be: u64,
}

/// The IP-port cap of `system_type`, if it has one.
pub fn port_capacity(system_type: SystemType) -> Option<u64> {
    (system_type == SystemType::Sv9500Se).then_some(u64::from(SV9500_SE_MAX_IP_PORTS))
}

/// SPEC §4: the IP ports a location would hold — `held` (attached and activated, stacked)
/// plus `adding` — stay within its type's cap.
///
/// # Errors
/// [`PortCapacityExceeded`] with the cap and the total it would reach.
pub fn check_port_capacity(
    system_type: SystemType,
    held: &[Stacked],
    adding: &[Stacked],
) -> Result<(), PortCapacityExceeded> {
    let Some(max) = port_capacity(system_type) else {
        return Ok(());
    };
    let would_be = value_of(held, IP_PORTS) + value_of(adding, IP_PORTS);
    if would_be > max {
        return Err(PortCapacityExceeded { max, would_be });
    }
    Ok(())
}

/// The feature the IP-port cap counts.
const IP_PORTS: &str = "ports.ip";

/// A line's part may not go on the location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AttachLineError {
    /// The part is not for the location's system type (or MobiCall side).
    #[error(transparent)]
    Part(#[from] PartRuleError),
    #[error(transparent)]
    Rule(#[from] AttachRuleError),
}

/// Whether `part` may be attached to a location of `system_type`; `temp_key` says whether
/// the location still has its generated temporary key.
///
/// # Errors
/// [`AttachLineError::Part`] when the part is not for the location (see [`Part::fits`]),
/// [`AttachLineError::Rule`] for anything but the virtualization option on a temporary key.
pub fn check_part(
    system_type: SystemType,
    temp_key: bool,
    part: &Part,
) -> Result<(), AttachLineError> {
    part.fits(system_type)?;
    check_attach_to_temp_key(system_type, temp_key, part).map_err(AttachRuleError::from)?;
    Ok(())
}

/// Whether the request takes one PO whole: every line of it with anything left (`left`:
/// the line and its available quantity) is requested with exactly that quantity. Lines with
/// nothing left may be in `left` and count for nothing.
pub fn takes_whole_po<Id: PartialEq>(left: &[(Id, u32)], requested: &[(Id, Quantity)]) -> bool {
    left.iter()
        .filter(|(_, available)| *available > 0)
        .all(|(line, available)| {
            requested
                .iter()
                .any(|(id, quantity)| id == line && quantity.get() == *available)
        })
}

/// SPEC §4: a location of an external product takes whole POs only. `left` holds the lines
/// of one PO the request touches, with what each has left; a non-external location passes.
///
/// # Errors
/// [`AttachRuleError::WholePoRequired`] when the request splits the PO.
pub fn check_whole_po<Id: PartialEq>(
    system_type: SystemType,
    left: &[(Id, u32)],
    requested: &[(Id, Quantity)],
) -> Result<(), AttachRuleError> {
    if whole_po_only(system_type) && !takes_whole_po(left, requested) {
        return Err(AttachRuleError::WholePoRequired(system_type));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::license::seed_parts;
    use crate::packaging::VIRTUALIZATION_FEATURE;

    fn q(n: i64) -> Quantity {
        Quantity::new("quantity", n).unwrap()
    }

    fn part(pred: impl Fn(&Part) -> bool) -> Part {
        seed_parts().into_iter().find(pred).expect("catalog part")
    }

    #[test]
    fn a_request_names_lines_once_each() {
        assert_eq!(check_lines([1, 2, 3]), Ok(()));
        assert_eq!(check_lines(Vec::<u8>::new()), Err(AttachLinesError::Empty));
        assert_eq!(
            check_lines([7, 8, 7, 8]),
            Err(AttachLinesError::Duplicate { line: 2 })
        );
    }

    #[test]
    fn line_errors_name_the_request_field() {
        let empty = FieldError::from(AttachLinesError::Empty);
        assert_eq!(
            (empty.field.as_ref(), empty.code, empty.message.as_str()),
            (
                "lines",
                crate::ErrorCode::InvalidField,
                "name at least one PO line to attach"
            )
        );
        let twice = FieldError::from(AttachLinesError::Duplicate { line: 3 });
        assert_eq!(twice.field, "lines/3/po_line_id");
        assert_eq!(twice.message, "a PO line appears twice; add the quantities");
    }

    #[test]
    fn a_part_must_fit_the_system_type() {
        let sv9100 = part(|p| p.part_number.as_str() == "SV9100-IPPORT-8");
        assert_eq!(check_part(SystemType::Sv9100Cp10, false, &sv9100), Ok(()));
        assert!(matches!(
            check_part(SystemType::Sl1000, false, &sv9100),
            Err(AttachLineError::Part(
                PartRuleError::NotForSystemType { .. }
            ))
        ));
    }

    #[test]
    fn only_the_virtualization_option_goes_on_a_temporary_key() {
        let option = part(|p| p.feature == VIRTUALIZATION_FEATURE);
        let other = part(|p| {
            p.system_types.contains(&SystemType::Sv9500Server)
                && p.feature != VIRTUALIZATION_FEATURE
        });
        let server = SystemType::Sv9500Server;
        assert_eq!(check_part(server, true, &option), Ok(()));
        assert_eq!(check_part(server, false, &other), Ok(()));
        let Err(AttachLineError::Rule(rule)) = check_part(server, true, &other) else {
            panic!("a temporary key takes only the option");
        };
        assert_eq!(
            rule,
            AttachRuleError::TempKey(TempKeyRuleError(other.part_number.to_string()))
        );
        assert!(
            rule.to_string()
                .ends_with(&format!("then attach part {}", other.part_number))
        );
    }

    #[test]
    fn an_external_product_takes_every_line_with_all_it_has_left() {
        let left = [("a", 2), ("b", 5), ("c", 0)];
        assert!(takes_whole_po(&left, &[("a", q(2)), ("b", q(5))]));
        assert!(!takes_whole_po(&left, &[("a", q(2)), ("b", q(4))]));
        assert!(!takes_whole_po(&left, &[("a", q(2))]));
        assert!(takes_whole_po::<&str>(&[], &[]));

        let rcc = SystemType::Rcc;
        assert_eq!(
            check_whole_po(rcc, &left, &[("b", q(5)), ("a", q(2))]),
            Ok(())
        );
        let split = check_whole_po(rcc, &left, &[("a", q(1))]).unwrap_err();
        assert_eq!(split, AttachRuleError::WholePoRequired(rcc));
        assert_eq!(
            split.to_string(),
            format!(
                "{} is an external product: attach the whole PO, every line with all it has left",
                rcc.name()
            )
        );
    }

    #[test]
    fn other_products_may_split_a_po() {
        let left = [("a", 2), ("b", 5)];
        assert_eq!(
            check_whole_po(SystemType::Sv9100Cp10, &left, &[("a", q(1))]),
            Ok(())
        );
    }

    #[test]
    fn a_small_enterprise_holds_at_most_1536_ip_ports() {
        let ports = |value| {
            vec![Stacked {
                feature: IP_PORTS.into(),
                kind: super::super::PartKind::Quantity,
                value,
                part_numbers: vec![],
            }]
        };
        let se = SystemType::Sv9500Se;
        assert_eq!(check_port_capacity(se, &ports(1520), &ports(16)), Ok(()));
        assert_eq!(
            check_port_capacity(se, &ports(1520), &ports(32)),
            Err(PortCapacityExceeded {
                max: 1536,
                would_be: 1552
            })
        );
        assert_eq!(
            check_port_capacity(SystemType::Sv9500, &ports(1520), &ports(64)),
            Ok(())
        );
    }
}
