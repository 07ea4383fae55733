use super::*;
use crate::license::catalog::seed_parts;
use crate::license::part::Part;
use crate::license::stacking::{combine, stack};

fn catalog_part(number: &str) -> Part {
    seed_parts()
        .into_iter()
        .find(|p| p.part_number.as_str() == number)
        .unwrap()
}

/// Stacks (part number, quantity) lines from the seed catalog.
fn stacked(lines: &[(&str, u32)]) -> Vec<Stacked> {
    let parts: Vec<(Part, u32)> = lines.iter().map(|&(n, q)| (catalog_part(n), q)).collect();
    stack(parts.iter().map(|(p, q)| (p, *q)))
}

const DAP: &str = "EU917062";
const DSWU: &str = "EU917063";
const MSG: &str = "EU917064";
const LOC: &str = "EU917065";

#[test]
fn ip_dect_needs_an_access_point_license() {
    let after = stacked(&[(MSG, 2)]);
    let err = check_activation(SystemType::IpDect, &[], &after).unwrap_err();
    assert_eq!(err, ActivationRuleError::InvalidFeatureCodeString);
    assert_eq!(err.code(), "INVALID_FEATURE_CODE_STRING");
    assert_eq!(
        err.user_action(),
        "Check if minimal 1 x IPDECT 1 AP Cap Lic (EU917062) is included."
    );
}

#[test]
fn ip_dect_access_point_may_be_already_active() {
    let active = stacked(&[(DAP, 2), (DSWU, 2), (MSG, 2), (LOC, 2)]);
    let after = combine(&active, &stacked(&[(MSG, 1), (LOC, 3)]));
    assert_eq!(
        check_activation(SystemType::IpDect, &active, &after),
        Ok(())
    );
}

#[test]
fn ip_dect_feature_quantities() {
    let ok = stacked(&[(DAP, 3), (DSWU, 3), (MSG, 3), (LOC, 4)]);
    assert_eq!(check_activation(SystemType::IpDect, &[], &ok), Ok(()));
    let cases = [
        (
            stacked(&[(DAP, 3), (DSWU, 4), (MSG, 3), (LOC, 3)]),
            DectShortfall::DswuNotEqualDap,
        ),
        (
            stacked(&[(DAP, 3), (DSWU, 2), (MSG, 3), (LOC, 3)]),
            DectShortfall::DswuNotEqualDap,
        ),
        (
            stacked(&[(DAP, 3), (DSWU, 3), (MSG, 2), (LOC, 3)]),
            DectShortfall::MessagingBelowDap,
        ),
        (
            stacked(&[(DAP, 3), (DSWU, 3), (MSG, 3)]),
            DectShortfall::LocationBelowDap,
        ),
    ];
    for (after, expected) in cases {
        let err = check_activation(SystemType::IpDect, &[], &after).unwrap_err();
        assert!(
            matches!(err, ActivationRuleError::InvalidFeatureQuantity { shortfall, dap: 3, .. } if shortfall == expected),
            "{err:?}"
        );
        assert_eq!(err.code(), "INVALID_FEATURE_QUANTITY");
        assert_eq!(err.user_action().lines().count(), 3);
        assert!(err.user_action().contains("DSWU"));
    }
}

#[test]
fn dect_ns_takes_exactly_one_dmls() {
    let one = stacked(&[("EU910010", 1)]);
    assert_eq!(check_activation(SystemType::DectNs, &[], &one), Ok(()));
    let two = stacked(&[("EU910010", 2)]);
    let err = check_activation(SystemType::DectNs, &[], &two).unwrap_err();
    assert_eq!(
        err,
        ActivationRuleError::DectNsSingleDmls {
            already_licensed: false
        }
    );
    assert_eq!(err.code(), "NOT_APPLICABLE");
    assert_eq!(err.user_action(), "Contact the LMS Administrator");
    // Expansion of a licensed DECT-NS is refused, with a message saying so.
    let expanded = combine(&one, &one);
    let err = check_activation(SystemType::DectNs, &one, &expanded).unwrap_err();
    assert_eq!(
        err,
        ActivationRuleError::DectNsSingleDmls {
            already_licensed: true
        }
    );
    assert!(err.to_string().contains("cannot be expanded"));
    // Any other feature, e.g. an access point license, is refused too.
    let other = combine(&one, &stacked(&[(DAP, 1)]));
    assert!(check_activation(SystemType::DectNs, &one, &other).is_err());
    assert!(check_activation(SystemType::DectNs, &[], &[]).is_err());
}

#[test]
fn other_types_have_no_activation_rules_here() {
    let after = stacked(&[("SV9100-IPPORT-8", 1)]);
    assert_eq!(
        check_activation(SystemType::Sv9100Cp10, &[], &after),
        Ok(())
    );
}

#[test]
fn guide_codes_and_user_actions() {
    let all = [
        (GuideCode::UnknownError, "UNKNOWN_ERROR"),
        (GuideCode::NotApplicable, "NOT_APPLICABLE"),
        (
            GuideCode::InvalidHardwareKeycode,
            "INVALID_HARDWARE_KEYCODE",
        ),
        (
            GuideCode::InvalidFeatureCodeString,
            "INVALID_FEATURE_CODE_STRING",
        ),
        (GuideCode::InvalidFeatureCode, "INVALID_FEATURE_CODE"),
        (
            GuideCode::InvalidFeatureQuantity,
            "INVALID_FEATURE_QUANTITY",
        ),
        (
            GuideCode::InvalidFeatureTimestamp,
            "INVALID_FEATURE_TIMESTAMP",
        ),
        (
            GuideCode::CannotWriteLicenseFile,
            "CANNOT_WRITE_LICENSE_FILE",
        ),
    ];
    for (code, text) in all {
        assert_eq!(code.code(), text);
        assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{text}\""));
        assert!(!code.user_action().is_empty());
    }
    assert!(
        GuideCode::InvalidHardwareKeycode
            .user_action()
            .contains("1009FFFE")
    );
    assert_eq!(
        GuideCode::CannotWriteLicenseFile.user_action(),
        "Contact the LMS Administrator"
    );
}

#[test]
fn file_availability_and_whole_po() {
    assert_eq!(
        produces_file(SystemType::Sv9500),
        FileAvailability::Generated
    );
    assert_eq!(
        produces_file(SystemType::IpDect),
        FileAvailability::Generated
    );
    assert_eq!(
        produces_file(SystemType::Rcc),
        FileAvailability::ExternalImmediate
    );
    for t in [
        SystemType::Um4730,
        SystemType::ExpenseManagement,
        SystemType::MobicallMaster,
        SystemType::MobicallSupervisor,
        SystemType::Mobibox,
    ] {
        assert_eq!(produces_file(t), FileAvailability::External, "{t}");
        assert!(!produces_file(t).generated_by_lms());
    }
    assert!(produces_file(SystemType::Rcc).generated_by_lms());
    for t in SystemType::ALL {
        assert_eq!(whole_po_only(t), t.category() == Category::External, "{t}");
    }
    assert!(whole_po_only(SystemType::Rcc));
    assert!(!whole_po_only(SystemType::Sv8100));
}

#[test]
fn an_sv9500_small_enterprise_file_holds_at_most_1536_ip_ports() {
    let se = SystemType::Sv9500Se;
    assert_eq!(
        check_activation(se, &[], &stacked(&[("BE114200", 96)])),
        Ok(())
    );
    let err = check_activation(se, &[], &stacked(&[("BE114200", 97)])).unwrap_err();
    assert_eq!(err.code(), "PORT_CAPACITY_EXCEEDED");
    assert!(err.to_string().contains("1552"), "{err}");
}
