use super::*;
use crate::license::catalog::seed_parts;
use crate::license::part::PartKind;

const PARI: &str = "1009FFFE";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

/// The IP DECT parts of the seed catalog.
fn known(pn: &PartNumber) -> bool {
    seed_parts()
        .iter()
        .any(|p| &p.part_number == pn && p.system_types.contains(&SystemType::IpDect))
}

fn parse(text: &str) -> Result<Vec<LegacyLicense>, DectUploadError> {
    parse_legacy_dect(text, PARI, today(), known)
}

fn file(features: &[&str]) -> String {
    let mut text = format!("[DECT-LICENSE]\nPARI={PARI}\n");
    for f in features {
        text.push_str(&format!("FEATURE={f}\n"));
    }
    text.push_str("END\n");
    text
}

fn code_of(text: &str) -> &'static str {
    parse(text).unwrap_err().code().as_str()
}

#[test]
fn a_valid_file_parses() {
    let text = file(&[
        "EU917062,4,2019-03-12",
        "EU917064, 4 ,2019-03-12",
        "EU917062,1,2026-03-01",
    ]);
    let got = parse(&text).unwrap();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].part_number.as_str(), "EU917062");
    assert_eq!(got[0].quantity, 4);
    assert_eq!(
        got[0].issued_on,
        NaiveDate::from_ymd_opt(2019, 3, 12).unwrap()
    );
    assert_eq!(got[1].quantity, 4);
    assert_eq!(got[2].issued_on, today(), "today is not the future");
}

#[test]
fn windows_line_ends_bom_comments_and_blank_lines_are_accepted() {
    let text = "\u{feff}; exported by DECT Manager\r\n\r\n[DECT-LICENSE]\r\n  PARI=1009fffe \r\n; AP\r\nFEATURE=EU917062,2,2018-01-31\r\nEND\r\n\r\n";
    let got = parse(text).unwrap();
    assert_eq!(got.len(), 1);
    // The PARI is compared in upper case, as HWKCs are stored.
    assert!(
        parse_legacy_dect(
            &file(&["EU917062,1,2019-01-01"]),
            "1009fffe",
            today(),
            known
        )
        .is_ok()
    );
}

#[test]
fn pari_problems_are_invalid_hardware_keycode() {
    let missing = "[DECT-LICENSE]\nFEATURE=EU917062,4,2019-03-12\nEND\n";
    assert_eq!(parse(missing).unwrap_err(), DectUploadError::PariMissing);
    for bad in ["1009FFF", "2009FFFE", "1009FFFG", ""] {
        let text = file(&["EU917062,4,2019-03-12"]).replace(PARI, bad);
        let err = parse(&text).unwrap_err();
        assert!(
            matches!(err, DectUploadError::PariMalformed { line: 2, .. }),
            "{bad}: {err:?}"
        );
        assert_eq!(err.code(), "INVALID_HARDWARE_KEYCODE");
        assert!(err.user_action().contains("8 hex digits"));
    }
    let foreign = file(&["EU917062,4,2019-03-12"]).replace(PARI, "1FFFFFF9");
    let err = parse(&foreign).unwrap_err();
    assert!(matches!(err, DectUploadError::PariMismatch { .. }));
    assert_eq!(err.code(), "INVALID_HARDWARE_KEYCODE");
}

#[test]
fn malformed_files_and_feature_lines_are_invalid_feature_code_string() {
    for line in [
        "EU917062,4",
        "EU917062,4,2019-03-12,x",
        "EU 917062,4,2019-03-12",
        ",4,2019-03-12",
        "",
    ] {
        let err = parse(&file(&[line])).unwrap_err();
        assert_eq!(
            err,
            DectUploadError::MalformedFeature { line: 3 },
            "{line:?}"
        );
        assert_eq!(err.code(), "INVALID_FEATURE_CODE_STRING");
    }
    assert_eq!(code_of(""), "INVALID_FEATURE_CODE_STRING");
    assert_eq!(code_of("PARI=1009FFFE\n"), "INVALID_FEATURE_CODE_STRING");
    assert_eq!(
        code_of("[DECT-LICENSE]\nPARI=1009FFFE\nFEATURE=EU917062,1,2019-01-01\n"),
        "INVALID_FEATURE_CODE_STRING"
    );
    assert_eq!(
        code_of(&format!("{}EXTRA\n", file(&["EU917062,1,2019-01-01"]))),
        "INVALID_FEATURE_CODE_STRING"
    );
    assert_eq!(
        code_of(&file(&["EU917062,1,2019-01-01"]).replace("END", "OPTION=1\nEND")),
        "INVALID_FEATURE_CODE_STRING"
    );
    let empty = parse(&file(&[])).unwrap_err();
    assert_eq!(empty, DectUploadError::NoFeatures);
    assert_eq!(
        empty.user_action(),
        "Check if minimal 1 x IPDECT 1 AP Cap Lic (EU917062) is included."
    );
}

#[test]
fn unknown_parts_are_invalid_feature_code() {
    let err = parse(&file(&["EU917062,1,2019-01-01", "EU910010,1,2019-01-01"])).unwrap_err();
    assert!(
        matches!(err, DectUploadError::UnknownPart { line: 4, .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "INVALID_FEATURE_CODE");
    assert_eq!(
        code_of(&file(&["SV9100-R8,1,2019-01-01"])),
        "INVALID_FEATURE_CODE"
    );
}

#[test]
fn bad_quantities_are_invalid_feature_quantity() {
    for q in [
        "0",
        "-1",
        "four",
        "",
        "4294967296",
        "4294967295",
        "10001",
        "1.5",
    ] {
        let err = parse(&file(&[&format!("EU917062,{q},2019-01-01")])).unwrap_err();
        assert!(
            matches!(err, DectUploadError::InvalidQuantity { line: 3, .. }),
            "{q:?}: {err:?}"
        );
        assert_eq!(err.code(), "INVALID_FEATURE_QUANTITY");
    }
}

#[test]
fn a_part_whose_lines_add_up_past_the_cap_is_refused() {
    let at_cap = file(&["EU917062,6000,2019-01-01", "EU917062,4000,2019-02-01"]);
    assert_eq!(
        totals(&parse(&at_cap).unwrap()).unwrap()[&PartNumber::parse("EU917062").unwrap()],
        MAX_LEGACY_QUANTITY
    );
    let over = file(&["EU917062,6000,2019-01-01", "EU917062,4001,2019-02-01"]);
    let err = parse(&over).unwrap_err();
    assert!(
        matches!(err, DectUploadError::TotalTooLarge { .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "INVALID_FEATURE_QUANTITY");
}

#[test]
fn bad_or_future_dates_are_invalid_feature_timestamp() {
    for d in [
        "2019-3-12",
        "12-03-2019",
        "2019-02-30",
        "2019/03/12",
        "",
        "yesterday",
    ] {
        let err = parse(&file(&[&format!("EU917062,1,{d}")])).unwrap_err();
        assert!(
            matches!(err, DectUploadError::InvalidDate { line: 3, .. }),
            "{d:?}: {err:?}"
        );
        assert_eq!(err.code(), "INVALID_FEATURE_TIMESTAMP");
    }
    let err = parse(&file(&["EU917062,1,2026-03-02"])).unwrap_err();
    assert!(matches!(err, DectUploadError::FutureDate { .. }));
    assert_eq!(err.code(), "INVALID_FEATURE_TIMESTAMP");
}

#[test]
fn upload_is_allowed_once_and_before_activation() {
    assert_eq!(
        check_upload_allowed(SystemType::IpDect, &[], PriorImport::None),
        Ok(())
    );
    assert_eq!(
        check_upload_allowed(SystemType::DectNs, &[], PriorImport::None),
        Ok(())
    );
    let active = [Stacked {
        feature: "dect.dap".into(),
        kind: PartKind::Quantity,
        value: 1,
        part_numbers: vec![PartNumber::parse("EU917062").unwrap()],
    }];
    for err in [
        check_upload_allowed(SystemType::Sv9500, &[], PriorImport::None),
        check_upload_allowed(SystemType::IpDect, &[], PriorImport::Approved),
        check_upload_allowed(SystemType::IpDect, &[], PriorImport::Pending),
        check_upload_allowed(SystemType::IpDect, &active, PriorImport::None),
    ] {
        assert_eq!(err.unwrap_err().code(), "NOT_APPLICABLE");
    }
}

#[test]
fn an_import_becomes_one_po_line_per_part_with_its_lines_added_up() {
    let text = file(&[
        "EU917064,2,2019-03-12",
        "EU917062,4,2019-03-12",
        "EU917062,1,2026-03-01",
    ]);
    let lines = import_lines(&parse(&text).unwrap()).unwrap();
    let got: Vec<(&str, u32)> = lines
        .iter()
        .map(|l| (l.part_number.as_str(), l.quantity.get()))
        .collect();
    assert_eq!(got, [("EU917062", 5), ("EU917064", 2)]);
}

#[test]
fn an_import_past_the_cap_is_refused() {
    let line = |quantity| LegacyLicense {
        part_number: PartNumber::parse("EU917062").unwrap(),
        quantity,
        issued_on: today(),
    };
    assert_eq!(
        import_lines(&[line(MAX_LEGACY_QUANTITY), line(1)]),
        Err(DectUploadError::TotalTooLarge {
            part_number: PartNumber::parse("EU917062").unwrap()
        })
    );
}

#[test]
fn an_import_po_is_named_after_the_pari_and_its_id() {
    let po = uuid::Uuid::parse_str("0193abcd-0000-7000-8000-00001234abcd").unwrap();
    assert_eq!(import_po_number(PARI, po), "DECT-1009FFFE-1234abcd");
}

#[test]
fn uploaded_licenses_are_kept_as_json_and_read_back() {
    let parsed = parse(&file(&["EU917062,4,2019-03-12"])).unwrap();
    let json = serde_json::to_string(&parsed).unwrap();
    assert_eq!(
        json,
        r#"[{"part_number":"EU917062","quantity":4,"issued_on":"2019-03-12"}]"#
    );
    let back: Vec<LegacyLicense> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, parsed);
    // The audit event records them as uploaded, in the same shape.
    let uploaded: Vec<UploadedLicense> = parsed.into_iter().map(Into::into).collect();
    assert_eq!(serde_json::to_string(&uploaded).unwrap(), json);
    let bad = r#"[{"part_number":"","quantity":4,"issued_on":"2019-03-12"}]"#;
    assert!(serde_json::from_str::<Vec<LegacyLicense>>(bad).is_err());
}
