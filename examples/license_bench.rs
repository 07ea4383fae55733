//! License file generation + signing for a location with 1,000 activated lines, as a ratio
//! to a bare Ed25519 signature over the same bytes (`make bench` row 4, `make bench-license`).
//! `--json` ends the output with one line of JSON for bench/run.py.

use std::time::{Duration, Instant};

use chrono::Utc;
use ed25519_dalek::{Signer, SigningKey};
use lms_domain::SystemType;
use lms_domain::ids::LocationId;
use lms_domain::license::{
    FileKind, LicenseSigningKey, Part, PartKind, PartNumber, UnsignedLicense, stack,
};

const LINES: usize = 1_000;
const ROUNDS: usize = 200;

fn main() {
    // 1,000 activated lines over 250 parts: stacking folds them, as it does in a real file.
    let parts: Vec<Part> = (0..250)
        .map(|i| Part {
            part_number: PartNumber::parse(&format!("BENCH-{i:04}")).expect("valid part number"),
            description: format!("Bench part {i}"),
            kind: if i % 10 == 0 {
                PartKind::Version
            } else {
                PartKind::Quantity
            },
            feature: format!("feature.{i:04}"),
            amount: 8,
            system_types: vec![SystemType::Sv9100Cp10],
            swa_millis_per_month: 1000,
            free_of_charge: false,
        })
        .collect();
    let lines: Vec<(&Part, u32)> = (0..LINES)
        .map(|i| (&parts[i % parts.len()], 1 + u32::try_from(i % 5).unwrap()))
        .collect();
    let key = LicenseSigningKey::from_seed([7; 32]);
    let bare = SigningKey::from_bytes(&[7; 32]);

    let generate = || {
        key.sign(UnsignedLicense {
            license_id: uuid::Uuid::new_v4(),
            kind: FileKind::License,
            location_id: LocationId::new_random(),
            location_name: "Bench location".into(),
            system_type: SystemType::Sv9100Cp10,
            hwkc: "340209224568".into(),
            issued_at: Utc::now(),
            expires_at: None,
            features: stack(lines.iter().copied()),
        })
    };
    let bytes = generate().text.into_bytes();

    let full = median(|| drop(std::hint::black_box(generate())));
    let signature_only = median(|| {
        std::hint::black_box(bare.sign(std::hint::black_box(&bytes)));
    });
    println!(
        "{LINES} activated lines → {} byte file: stack + render + sign {:.3} ms, bare Ed25519 over the same bytes {:.3} ms, ratio {:.2}",
        bytes.len(),
        ms(full),
        ms(signature_only),
        full.as_secs_f64() / signature_only.as_secs_f64()
    );
    if std::env::args().any(|a| a == "--json") {
        println!(
            "{}",
            serde_json::json!({
                "lines": LINES,
                "bytes": bytes.len(),
                "full_ms": ms(full),
                "signature_ms": ms(signature_only),
            })
        );
    }
}

fn median(mut f: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    samples.sort();
    samples[ROUNDS / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
