use chrono::TimeZone;

use super::events::*;
use super::*;
use crate::ids::{PartnerId, PurchaseOrderId};

/// The test vector of the Standard Webhooks reference libraries.
const VECTOR_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const VECTOR_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const VECTOR_TIMESTAMP: i64 = 1_614_265_330;
const VECTOR_BODY: &[u8] = br#"{"test": 2432232314}"#;
const VECTOR_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

#[test]
fn signs_as_the_standard_webhooks_reference_does() {
    let secret = WebhookSecret::parse(VECTOR_SECRET).unwrap();
    assert_eq!(
        sign(&[&secret], VECTOR_ID, VECTOR_TIMESTAMP, VECTOR_BODY),
        VECTOR_SIGNATURE
    );
    assert!(verify(
        &secret,
        VECTOR_ID,
        VECTOR_TIMESTAMP,
        VECTOR_BODY,
        VECTOR_SIGNATURE
    ));
}

#[test]
fn a_changed_body_id_or_timestamp_does_not_verify() {
    let secret = WebhookSecret::parse(VECTOR_SECRET).unwrap();
    let ok = |id, ts, body: &[u8]| verify(&secret, id, ts, body, VECTOR_SIGNATURE);
    assert!(!ok(VECTOR_ID, VECTOR_TIMESTAMP, br#"{"test": 2432232315}"#));
    assert!(!ok("msg_other", VECTOR_TIMESTAMP, VECTOR_BODY));
    assert!(!ok(VECTOR_ID, VECTOR_TIMESTAMP + 1, VECTOR_BODY));
    let other = WebhookSecret::from_key([7; signing::KEY_BYTES]);
    assert!(!verify(
        &other,
        VECTOR_ID,
        VECTOR_TIMESTAMP,
        VECTOR_BODY,
        VECTOR_SIGNATURE
    ));
}

#[test]
fn two_secrets_sign_twice_and_either_verifies() {
    let (old, new) = (
        WebhookSecret::from_key([1; signing::KEY_BYTES]),
        WebhookSecret::from_key([2; signing::KEY_BYTES]),
    );
    let header = sign(&[&new, &old], "id", 1, b"{}");
    assert_eq!(header.split(' ').count(), 2);
    assert!(verify(&old, "id", 1, b"{}", &header));
    assert!(verify(&new, "id", 1, b"{}", &header));
}

#[test]
fn secrets_read_back_and_bad_ones_are_refused() {
    let secret = WebhookSecret::from_key([9; signing::KEY_BYTES]);
    assert_eq!(WebhookSecret::parse(&secret.expose()), Ok(secret.clone()));
    assert!(!format!("{secret:?}").contains(&secret.expose()[6..]));
    assert_eq!(WebhookSecret::parse("MfKQ9r8G"), Err(SecretError::Prefix));
    assert_eq!(WebhookSecret::parse("whsec_!!!"), Err(SecretError::Base64));
    assert_eq!(
        WebhookSecret::parse("whsec_AAAA"),
        Err(SecretError::Length(3))
    );
}

#[test]
fn the_schedule_retries_eleven_times_over_about_three_days() {
    let schedule = RetrySchedule::default();
    assert_eq!(
        schedule.after(1, 0.0),
        Some(std::time::Duration::from_secs(5))
    );
    assert_eq!(
        schedule.after(11, 0.0),
        Some(std::time::Duration::from_secs(86_400))
    );
    assert_eq!(
        schedule.after(12, 0.0),
        None,
        "the twelfth attempt is the last"
    );
    assert_eq!(schedule.after(0, 0.0), None);
    let total: f64 = (1..RetrySchedule::ATTEMPTS)
        .filter_map(|a| schedule.after(a, 0.0))
        .map(|d| d.as_secs_f64())
        .sum();
    let days = total / 86_400.0;
    assert!((2.9..3.0).contains(&days), "{days} days");
}

#[test]
fn jitter_stays_within_a_fifth_and_the_scale_shrinks_delays() {
    let schedule = RetrySchedule::default();
    assert_eq!(schedule.after(2, 1.0).unwrap().as_secs(), 36);
    assert_eq!(schedule.after(2, -1.0).unwrap().as_secs(), 24);
    assert_eq!(schedule.after(2, 7.0).unwrap().as_secs(), 36, "clamped");
    let fast = RetrySchedule { scale: 0.001 };
    assert_eq!(fast.after(1, 0.0).unwrap().as_millis(), 5);
}

#[test]
fn endpoint_urls_are_http_without_credentials() {
    assert_eq!(
        EndpointUrl::parse("https://bn.example/hooks?x=1")
            .unwrap()
            .as_str(),
        "https://bn.example/hooks?x=1"
    );
    assert_eq!(
        EndpointUrl::parse("http://bn.example").unwrap().as_str(),
        "http://bn.example/"
    );
    assert!(EndpointUrl::parse("https://10.1.2.3:8443/a%20b/c?d=é").is_ok());
    assert_eq!(
        EndpointUrl::parse(" https://bn.example/"),
        Err(EndpointError::NotHttp)
    );
    assert_eq!(
        EndpointUrl::parse("https://bn.example/a b"),
        Err(EndpointError::NotHttp)
    );
    assert_eq!(
        EndpointUrl::parse("http://1.2.3.4.5/"),
        Err(EndpointError::NotHttp)
    );
    assert_eq!(
        EndpointUrl::parse("http://bn.example:70000/"),
        Err(EndpointError::NotHttp)
    );
    assert!(EndpointUrl::parse("http://127.0.0.1:9000/").is_ok());
    assert_eq!(
        EndpointUrl::parse("ftp://bn.example/"),
        Err(EndpointError::NotHttp)
    );
    assert_eq!(
        EndpointUrl::parse("bn.example/hooks"),
        Err(EndpointError::NotHttp)
    );
    assert_eq!(
        EndpointUrl::parse("https://u:p@bn.example/"),
        Err(EndpointError::Credentials)
    );
    assert_eq!(
        EndpointUrl::parse("https://bn.example/#x"),
        Err(EndpointError::Fragment)
    );
}

#[test]
fn event_types_are_sorted_once_and_never_empty() {
    let types = EventTypes::new(&[
        EventType::SwaShipped,
        EventType::LicenseShipped,
        EventType::SwaShipped,
    ])
    .unwrap();
    assert_eq!(types.to_stored(), "license.shipped,swa.shipped");
    assert_eq!(EventTypes::from_stored(&types.to_stored()), Ok(types));
    assert_eq!(EventTypes::new(&[]), Err(EndpointError::NoEventTypes));
    assert_eq!(EventTypes::all().as_slice(), EventType::ALL);
}

#[test]
fn swa_events_go_to_swa_users_only_and_never_to_disabled_users() {
    use crate::party::Role;
    let readers = [
        Reader {
            email: "b@x",
            roles: &[Role::LmsUser],
            disabled: false,
        },
        Reader {
            email: "a@x",
            roles: &[Role::LmsUser, Role::SwaDealerAdmin],
            disabled: false,
        },
        Reader {
            email: "c@x",
            roles: &[Role::SwaDealerAdmin],
            disabled: true,
        },
    ];
    assert_eq!(recipients(Audience::AllUsers, &readers), ["a@x", "b@x"]);
    assert_eq!(recipients(Audience::SwaUsers, &readers), ["a@x"]);
}

#[test]
fn the_envelope_carries_type_partner_recipients_and_untagged_data() {
    let data = EventData::LicenseShipped(LicenseShippedData {
        purchase_order_id: PurchaseOrderId(uuid::Uuid::nil()),
        po_number: "PO-1".into(),
        so_number: "SO-1".into(),
        swa_months: None,
        lines: vec![],
    });
    let partner = PartnerRef {
        id: PartnerId(uuid::Uuid::nil()),
        name: "Dealer".into(),
    };
    let at = Utc.with_ymd_and_hms(2026, 12, 7, 10, 0, 0).unwrap();
    let envelope = Envelope::new("evt".into(), &data, at, partner, vec!["a@x".into()]).unwrap();
    let body: serde_json::Value = serde_json::from_str(&envelope.to_body().unwrap()).unwrap();
    assert_eq!(body["type"], "license.shipped");
    assert_eq!(body["id"], "evt");
    assert_eq!(body["occurred_at"], "2026-12-07T10:00:00Z");
    assert_eq!(body["partner"]["name"], "Dealer");
    assert_eq!(body["recipients"], serde_json::json!(["a@x"]));
    assert_eq!(body["data"]["po_number"], "PO-1");
    assert!(body["data"].get("type").is_none());
}

#[test]
fn event_types_read_back_from_their_text_and_serialize_as_it() {
    for t in EventType::ALL {
        assert_eq!(t.as_str().parse::<EventType>(), Ok(*t));
        assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
    }
    assert!("license_shipped".parse::<EventType>().is_err());
}

#[test]
fn reship_data_says_its_kind_and_swa_reships_reach_swa_users() {
    let data = EventData::ReshipReceived(ReshipReceivedData::SwaUnits(SwaUnitsReshipped {
        po_number: "P".into(),
        so_number: "S".into(),
        units: 5,
        swa_purchase_orders: vec![],
    }));
    assert_eq!(
        serde_json::to_value(&data).unwrap()["data"]["kind"],
        "swa_units"
    );
    assert_eq!(data.audience(), Audience::SwaUsers);
}

proptest::proptest! {
    /// What the published pattern accepts, the parser accepts: a schema-valid URL is never
    /// refused.
    #[test]
    fn every_url_the_pattern_accepts_parses(
        url in &endpoint::URL_PATTERN[1..endpoint::URL_PATTERN.len() - 1]
    ) {
        if url.chars().count() <= endpoint::URL_MAX {
            proptest::prop_assert!(EndpointUrl::parse(&url).is_ok(), "{url:?}");
        }
    }
}
