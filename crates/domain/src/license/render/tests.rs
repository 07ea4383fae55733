use std::io::Read as _;

use chrono::{Duration, TimeZone};

use super::*;
use crate::license::{PartKind, PartNumber, verify};

fn key() -> LicenseSigningKey {
    LicenseSigningKey::from_seed([9; 32])
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap()
}

/// License ids 1, 2, 3, … in order.
fn ids() -> impl FnMut() -> uuid::Uuid {
    let mut next = 0;
    move || {
        next += 1;
        uuid::Uuid::from_u128(next)
    }
}

fn features() -> Vec<Stacked> {
    vec![Stacked {
        feature: "ports.ip".into(),
        kind: PartKind::Quantity,
        value: 16,
        part_numbers: vec![PartNumber::parse("BX-IP-8").unwrap()],
    }]
}

fn target(system_type: SystemType, hwkc: &str) -> FileTarget<'_> {
    FileTarget {
        location_id: LocationId(uuid::Uuid::from_u128(42)),
        location_name: "Hotel Zon",
        system_type,
        keys: FileKeys::hwkc(hwkc),
        secondary: None,
    }
}

fn license(features: &[Stacked]) -> FileContent<'_> {
    FileContent {
        features,
        kind: FileKind::License,
        expires_at: None,
    }
}

/// The entries of a zip, by name, with their text.
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            (entry.name().to_owned(), text)
        })
        .collect()
}

#[test]
fn a_plain_file_is_the_signed_license_named_after_the_hwkc() {
    let features = features();
    let rendered = render(
        &target(SystemType::Sl1000, "280001451316"),
        &license(&features),
        &key(),
        now(),
        ids(),
    )
    .unwrap();
    assert_eq!(rendered.file_name, "280001451316.lic");
    assert_eq!(rendered.content_type, TEXT_CONTENT_TYPE);
    assert_eq!(rendered.key_id, key().key_id());
    let text = String::from_utf8(rendered.content).unwrap();
    let file = verify(&text, &[key().public_key()]).unwrap();
    assert_eq!(file.content.license_id, uuid::Uuid::from_u128(1));
    assert_eq!(file.content.hwkc, "280001451316");
    assert_eq!(file.content.issued_at, now());
    assert_eq!(file.activation_code, rendered.activation_code);
}

#[test]
fn a_bx_zip_holds_both_licenses_and_the_issue_log() {
    let features = features();
    let mut primary = target(SystemType::BxOvoc, "9551484");
    primary.keys.product_key = Some("DT2729220");
    primary.secondary = Some(FileKeys {
        hwkc: "9551485",
        product_key: Some("DT2729221"),
    });
    let rendered = render(&primary, &license(&features), &key(), now(), ids()).unwrap();
    assert_eq!(rendered.file_name, "AA_DT2729220_out.zip");
    assert_eq!(rendered.content_type, ZIP_CONTENT_TYPE);

    let entries = unzip(&rendered.content);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "AA_DT2729220_out.lic",
            "AA_DT2729221_out.lic",
            "AA_DT2729220_out.log"
        ]
    );
    let keys = [key().public_key()];
    let own = verify(&entries[0].1, &keys).unwrap();
    let secondary = verify(&entries[1].1, &keys).unwrap();
    assert_eq!(
        (own.content.hwkc.as_str(), own.content.license_id),
        ("9551484", uuid::Uuid::from_u128(1))
    );
    assert_eq!(
        (
            secondary.content.hwkc.as_str(),
            secondary.content.license_id
        ),
        ("9551485", uuid::Uuid::from_u128(2))
    );
    assert_eq!(own.activation_code, rendered.activation_code);
    assert_eq!(
        entries[2].1,
        format!(
            "LMS license issue log\nlocation: Hotel Zon\nsystem-type: BX_OVOC\nhwkc: 9551484\n\
             issued-at: 2026-03-01T09:30:00Z\nactivation-code: {}\nproduct-key: DT2729220\nfeature: ports.ip 16\n",
            rendered.activation_code
        )
    );
    assert_eq!(
        entries[2].1,
        issue_log(&primary, &features, &rendered.activation_code, now())
    );
}

#[test]
fn a_demo_file_does_not_take_the_license_file_name() {
    let features = features();
    let expires = now() + Duration::days(30);
    let demo = FileContent {
        features: &features,
        kind: FileKind::Demo,
        expires_at: Some(expires),
    };
    let rendered = render(
        &target(SystemType::Sl1000, "280001451316"),
        &demo,
        &key(),
        now(),
        ids(),
    )
    .unwrap();
    assert_eq!(rendered.file_name, "280001451316-demo.lic");
    let text = String::from_utf8(rendered.content).unwrap();
    let file = verify(&text, &[key().public_key()]).unwrap();
    assert_eq!(
        (file.content.kind, file.content.expires_at),
        (FileKind::Demo, Some(expires))
    );
}

#[test]
fn an_sr_mgc_zip_holds_its_license_only() {
    let features = features();
    let temp = "22-121126064636-613-TEMP-KEY";
    let rendered = render(
        &target(SystemType::SrMgc, temp),
        &license(&features),
        &key(),
        now(),
        ids(),
    )
    .unwrap();
    assert_eq!(rendered.file_name, format!("{temp}-svi.zip"));
    let entries = unzip(&rendered.content);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].0, format!("{temp}.lic"));
}

#[test]
fn the_same_inputs_render_the_same_bytes() {
    let features = features();
    let t = target(SystemType::Sl1000, "280001451316");
    let once = render(&t, &license(&features), &key(), now(), ids()).unwrap();
    let again = render(&t, &license(&features), &key(), now(), ids()).unwrap();
    assert_eq!(once, again);
}
