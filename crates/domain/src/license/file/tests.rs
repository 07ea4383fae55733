use chrono::TimeZone;
use proptest::prelude::*;

use super::*;

const SEED: [u8; 32] = [7; 32];

fn pn(n: &str) -> PartNumber {
    PartNumber::parse(n).unwrap()
}

fn feature(name: &str, kind: PartKind, value: u64, parts: &[&str]) -> Stacked {
    Stacked {
        feature: name.into(),
        kind,
        value,
        part_numbers: parts.iter().map(|p| pn(p)).collect(),
    }
}

fn sample() -> UnsignedLicense {
    UnsignedLicense {
        license_id: uuid::Uuid::from_u128(0x0193_abcd_0000_7000_8000_0000_0000_0001),
        kind: FileKind::License,
        location_id: LocationId(uuid::Uuid::from_u128(
            0x0193_0000_0000_7000_8000_0000_0000_0002,
        )),
        location_name: "Acme HQ, Utrecht".into(),
        system_type: SystemType::Sv9100Cp10,
        hwkc: "340209224568".into(),
        issued_at: Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap(),
        expires_at: None,
        features: vec![
            feature("release", PartKind::Version, 8, &["SV9100-R8"]),
            feature(
                "ports.ip",
                PartKind::Quantity,
                40,
                &["SV9100-IPPORT-32", "SV9100-IPPORT-8"],
            ),
        ],
    }
}

fn key() -> LicenseSigningKey {
    LicenseSigningKey::from_seed(SEED)
}

#[test]
fn the_rendered_text_follows_the_documented_format() {
    let signed = key().sign(sample());
    let lines: Vec<&str> = signed.text.lines().collect();
    let key_id = key().key_id().to_owned();
    assert_eq!(
        lines[..13],
        [
            "-----BEGIN LMS LICENSE-----",
            "format: lms-license/1",
            "license-id: 0193abcd-0000-7000-8000-000000000001",
            "kind: license",
            "location-id: 01930000-0000-7000-8000-000000000002",
            "location-name: Acme HQ, Utrecht",
            "system-type: SV9100_CP10",
            "hwkc: 340209224568",
            "issued-at: 2026-03-01T09:30:00Z",
            "feature: ports.ip quantity 40 SV9100-IPPORT-32,SV9100-IPPORT-8",
            "feature: release version 8 SV9100-R8",
            &format!("key-id: {key_id}"),
            &format!(
                "signature: {}",
                lines[12].strip_prefix("signature: ").unwrap()
            ),
        ]
    );
    assert_eq!(lines[12].len(), "signature: ".len() + 88);
    assert_eq!(
        lines[13],
        format!("activation-code: {}", signed.file.activation_code)
    );
    assert_eq!(lines[14], "-----END LMS LICENSE-----");
    assert_eq!(lines.len(), 15);
    assert!(signed.text.ends_with("-----\n") && !signed.text.contains('\r'));
    // Ed25519 is deterministic: pin the key id and activation code so a format change shows.
    assert_eq!(key_id.len(), 16);
    assert!(
        key_id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let code = &signed.file.activation_code;
    assert_eq!(code.len(), 23);
    assert!(
        code.split('-')
            .all(|g| g.len() == 5 && g.bytes().all(|b| CROCKFORD.contains(&b)))
    );
}

#[test]
fn verify_returns_what_was_signed() {
    let signed = key().sign(sample());
    assert_eq!(
        verify(&signed.text, &[key().public_key()]),
        Ok(signed.file.clone())
    );
    assert_eq!(signed.file.key_id, key().key_id());
    assert_eq!(
        signed.file.content.features[0].feature, "ports.ip",
        "sorted into file order"
    );
}

#[test]
fn demo_files_carry_their_expiry_and_licenses_never_expire() {
    let expires = Utc.with_ymd_and_hms(2026, 3, 31, 9, 30, 0).unwrap();
    let demo = UnsignedLicense {
        kind: FileKind::Demo,
        expires_at: Some(expires),
        ..sample()
    };
    let signed = key().sign(demo);
    assert!(signed.text.contains("kind: demo\n"));
    assert!(
        signed
            .text
            .contains("\nexpires-at: 2026-03-31T09:30:00Z\nfeature: ")
    );
    assert_eq!(
        verify(&signed.text, &[key().public_key()])
            .unwrap()
            .content
            .expires_at,
        Some(expires)
    );
    let license = key().sign(UnsignedLicense {
        expires_at: Some(expires),
        ..sample()
    });
    assert_eq!(license.file.content.expires_at, None);
    assert!(!license.text.contains("expires-at"));
}

#[test]
fn values_are_kept_on_one_line() {
    let mut unsigned = sample();
    unsigned.location_name = " Acme\nkey-id: evil\r\u{2028}HQ\t".into();
    unsigned.issued_at += chrono::Duration::milliseconds(999);
    unsigned
        .features
        .push(feature("bad feature\nx", PartKind::Option, 1, &[]));
    unsigned.features[0].part_numbers = vec![pn("B"), pn("A"), pn("B")];
    let signed = key().sign(unsigned);
    assert_eq!(signed.file.content.location_name, "Acme key-id: evil  HQ");
    assert_eq!(signed.file.content.issued_at, sample().issued_at);
    assert!(
        signed
            .text
            .contains("\nfeature: bad_feature_x option 1 -\n")
    );
    assert_eq!(
        signed
            .file
            .content
            .features
            .iter()
            .find(|f| f.feature == "release")
            .unwrap()
            .part_numbers,
        vec![pn("A"), pn("B")]
    );
    assert_eq!(verify(&signed.text, &[key().public_key()]), Ok(signed.file));
}

#[test]
fn an_unknown_key_id_is_refused() {
    let signed = key().sign(sample());
    let other = LicenseSigningKey::from_seed([8; 32]).public_key();
    assert_eq!(
        verify(&signed.text, &[other]),
        Err(VerifyError::UnknownKey(key().key_id().to_owned()))
    );
    assert_eq!(
        verify(&signed.text, &[]).unwrap_err().code(),
        "LICENSE_UNKNOWN_KEY"
    );
}

#[test]
fn a_wrong_key_is_refused() {
    let signed = key().sign(sample());
    let other = LicenseSigningKey::from_seed([8; 32]).public_key();
    // The file names another known key: the signature does not match it.
    let relabelled = signed.text.replace(key().key_id(), &other.key_id);
    let keys = [key().public_key(), other.clone()];
    assert_eq!(verify(&relabelled, &keys), Err(VerifyError::BadSignature));
    // A key published under the right id with the wrong bytes.
    let impostor = PublicSigningKey {
        key_id: key().key_id().to_owned(),
        bytes: other.bytes,
    };
    assert_eq!(
        verify(&signed.text, &[impostor]),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn rotated_keys_keep_verifying() {
    let old = key();
    let new = LicenseSigningKey::from_seed([9; 32]);
    let keys = [new.public_key(), old.public_key()];
    assert!(verify(&old.sign(sample()).text, &keys).is_ok());
    assert!(verify(&new.sign(sample()).text, &keys).is_ok());
}

#[test]
fn truncated_files_are_refused() {
    let signed = key().sign(sample());
    let keys = [key().public_key()];
    for end in 0..signed.text.len() {
        if signed.text.is_char_boundary(end) {
            assert!(
                verify(&signed.text[..end], &keys).is_err(),
                "prefix of {end} bytes"
            );
        }
    }
    let err = verify(&signed.text[..signed.text.len() - 1], &keys).unwrap_err();
    assert_eq!(err.code(), "LICENSE_MALFORMED");
    let doubled = format!("{}{}", signed.text, signed.text);
    assert!(verify(&doubled, &keys).is_err());
}

#[test]
fn non_canonical_and_reordered_files_are_refused() {
    let signed = key().sign(sample());
    let keys = [key().public_key()];
    let upper = signed.text.replace("0193abcd", "0193ABCD");
    assert_ne!(upper, signed.text);
    assert!(verify(&upper, &keys).is_err());
    let crlf = signed.text.replace('\n', "\r\n");
    assert!(verify(&crlf, &keys).is_err());
    let offset = signed.text.replace("09:30:00Z", "09:30:00+00:00");
    assert_eq!(
        verify(&offset, &keys).unwrap_err().code(),
        "LICENSE_NOT_CANONICAL"
    );
    let lines: Vec<&str> = signed.text.lines().collect();
    let mut swapped = lines.clone();
    swapped.swap(9, 10);
    assert!(verify(&(swapped.join("\n") + "\n"), &keys).is_err());
}

#[test]
fn every_single_byte_change_is_refused() {
    // Every position, with a neighbouring value (which keeps most characters printable, so
    // the change reaches the signature check); the property test below covers arbitrary
    // values. Unoptimised Ed25519 verification takes ~20 ms, so one value per position.
    let signed = key().sign(sample());
    let keys = [key().public_key()];
    for at in 0..signed.text.len() {
        assert_rejected(&signed.text, at, signed.text.as_bytes()[at] ^ 0x01, &keys);
    }
    for value in [b' ', b'\n', b'0'] {
        for at in (0..signed.text.len()).step_by(7) {
            assert_rejected(&signed.text, at, value, &keys);
        }
    }
}

fn assert_rejected(text: &str, at: usize, value: u8, keys: &[PublicSigningKey]) {
    let mut bytes = text.as_bytes().to_vec();
    if bytes[at] == value {
        return;
    }
    bytes[at] = value;
    // A change that breaks UTF-8 cannot even be passed as a file text.
    if let Ok(changed) = String::from_utf8(bytes) {
        assert!(
            verify(&changed, keys).is_err(),
            "byte {at} set to {value:#04x} still verifies"
        );
    }
}

#[test]
fn a_thousand_features_sign_and_verify() {
    let mut unsigned = sample();
    unsigned.features = (0..1000)
        .map(|i| feature(&format!("f.{i:04}"), PartKind::Quantity, i, &["P1", "P2"]))
        .collect();
    let signed = key().sign(unsigned);
    assert_eq!(signed.text.lines().count(), 1013);
    assert_eq!(verify(&signed.text, &[key().public_key()]), Ok(signed.file));
}

#[test]
fn public_keys_serialize_with_their_id() {
    let public = key().public_key();
    assert_eq!(public.key_id, key().key_id());
    let json = serde_json::to_value(&public).unwrap();
    assert_eq!(json["key_id"], public.key_id.as_str());
    assert_eq!(json["public_key"], public.to_base64().as_str());
    assert_eq!(
        serde_json::from_value::<PublicSigningKey>(json.clone()).unwrap(),
        public
    );
    let mut forged = json;
    forged["key_id"] = "0000000000000000".into();
    assert!(serde_json::from_value::<PublicSigningKey>(forged).is_err());
    assert_eq!(
        PublicSigningKey::from_base64(&public.to_base64()),
        Ok(public)
    );
    assert_eq!(
        PublicSigningKey::from_base64("AAAA"),
        Err(PublicKeyError::BadEncoding)
    );
    let debug = format!("{:?}", key());
    assert!(
        debug.contains(key().key_id()) && !debug.contains("secret"),
        "{debug}"
    );
}

fn arb_feature() -> impl Strategy<Value = Stacked> {
    (
        "[a-z]{1,6}(\\.[a-z]{1,6})?",
        prop_oneof![
            Just(PartKind::Quantity),
            Just(PartKind::Version),
            Just(PartKind::Option)
        ],
        any::<u64>(),
        prop::collection::vec("[A-Z][A-Za-z0-9._-]{0,10}", 0..3),
    )
        .prop_map(|(feature, kind, value, parts)| Stacked {
            feature,
            kind,
            value,
            part_numbers: parts.iter().map(|p| pn(p)).collect(),
        })
}

fn arb_unsigned() -> impl Strategy<Value = UnsignedLicense> {
    (
        any::<u128>(),
        any::<u128>(),
        any::<bool>(),
        "[ -~]{0,20}",
        prop::sample::select(SystemType::ALL.to_vec()),
        "[0-9A-Za-z-]{4,30}",
        946_684_800i64..4_102_444_800,
        0i64..90 * 86_400,
        prop::collection::vec(arb_feature(), 0..5),
    )
        .prop_map(
            |(id, loc, demo, name, system_type, hwkc, issued, valid, features)| {
                let issued_at = DateTime::from_timestamp(issued, 0).unwrap();
                UnsignedLicense {
                    license_id: uuid::Uuid::from_u128(id),
                    kind: if demo {
                        FileKind::Demo
                    } else {
                        FileKind::License
                    },
                    location_id: LocationId(uuid::Uuid::from_u128(loc)),
                    location_name: name,
                    system_type,
                    hwkc,
                    issued_at,
                    expires_at: demo.then(|| issued_at + chrono::Duration::seconds(valid)),
                    features,
                }
            },
        )
}

proptest! {
    // Unoptimised Ed25519 verification is slow; 64 cases cover the generators well.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn verify_of_sign_is_identity(unsigned in arb_unsigned()) {
        let signed = key().sign(unsigned);
        prop_assert_eq!(verify(&signed.text, &[key().public_key()]), Ok(signed.file));
    }

    /// Features already in file order (what stacking gives) skip the sorting and merging;
    /// the file must come out exactly as from the same features in any order.
    #[test]
    fn features_in_file_order_sign_as_any_order_does(unsigned in arb_unsigned()) {
        let ordered = UnsignedLicense {
            features: combine(&unsigned.features, &[]),
            ..unsigned.clone()
        };
        prop_assert_eq!(key().sign(ordered).text, key().sign(unsigned).text);
    }

    #[test]
    fn any_single_byte_change_fails(unsigned in arb_unsigned(), at in any::<prop::sample::Index>(), value in any::<u8>()) {
        let signed = key().sign(unsigned);
        assert_rejected(&signed.text, at.index(signed.text.len()), value, &[key().public_key()]);
    }
}

/// A file signed by an earlier build with `SEED`: the format and its derivations are stable,
/// so files already handed out keep verifying.
const GOLDEN: &str = "-----BEGIN LMS LICENSE-----
format: lms-license/1
license-id: 0193abcd-0000-7000-8000-000000000001
kind: demo
location-id: 01930000-0000-7000-8000-000000000002
location-name: Acme HQ, Utrecht
system-type: SV9100_CP10
hwkc: 340209224568
issued-at: 2026-03-01T09:30:00Z
expires-at: 2026-03-31T09:30:00Z
feature: ports.ip quantity 40 SV9100-IPPORT-32,SV9100-IPPORT-8
feature: release version 8 SV9100-R8
key-id: fe812c12f3ab4ce6
signature: DCDVxWZVTiCGAqyvQyzv6VgQjj8g5WkpegGaFmF2bid5yLbHaEE8qqJao2vS7YOsPJ/XfXrP6GF4eirmPgUjBg==
activation-code: YE4GQ-3P7V2-1YQE4-X7TRN
-----END LMS LICENSE-----
";

#[test]
fn a_golden_file_still_verifies_and_signing_is_reproducible() {
    assert_eq!(key().key_id(), "fe812c12f3ab4ce6");
    let file = verify(GOLDEN, &[key().public_key()]).unwrap();
    assert_eq!(file.activation_code, "YE4GQ-3P7V2-1YQE4-X7TRN");
    let demo = UnsignedLicense {
        kind: FileKind::Demo,
        expires_at: Some(Utc.with_ymd_and_hms(2026, 3, 31, 9, 30, 0).unwrap()),
        ..sample()
    };
    assert_eq!(key().sign(demo).text, GOLDEN);
}
