//! Demo data for `make run`: a vendor admin, a distributor and a dealer with a shipping
//! allowance, a user each (the partners' users with an SWA role), SWA units in both partners'
//! SWA bins, and customers with locations of varied system types — one of them an SV9100 CP10
//! with activated licenses, ready to migrate to CP20.

use chrono::{DateTime, Months, Utc};
use lms_api::auth::hash_password;
use lms_domain::customer::{CustomerFields, CustomerInput};
use lms_domain::license::LicenseSigningKey;
use lms_domain::location::LocationInput;
use lms_domain::name::PartnerName;
use lms_domain::order::{OrderDraft, Quantity};
use lms_domain::party::{Email, Role, Tier};
use lms_domain::swa::SwaShipmentDraft;
use lms_store::audit::Actor;
use lms_store::licenses::AttachLine;
use lms_store::users::{self, NewUser};
use lms_store::{DbConnection, activation, bin, customers, licenses, locations, partners, swa};

/// A demo login, printed at start-up.
pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

/// The demo accounts. Their passwords are public on purpose: this is demo data.
pub const LOGINS: [DemoLogin; 3] = [
    DemoLogin {
        role: "vendor admin",
        email: "admin@lms.demo",
        password: "admin-demo-password",
    },
    DemoLogin {
        role: "distributor",
        email: "distributor@lms.demo",
        password: "distributor-demo-password",
    },
    DemoLogin {
        role: "dealer",
        email: "dealer@lms.demo",
        password: "dealer-demo-password",
    },
];

/// Creates the demo data unless it exists, signing its license files with `key`; returns
/// whether it was created.
///
/// # Errors
/// Any store error.
pub fn seed(conn: &mut DbConnection, key: &LicenseSigningKey) -> anyhow::Result<bool> {
    if users::email_exists(conn, &Email::parse(LOGINS[0].email)?)? {
        return Ok(false);
    }
    let now = Utc::now();
    let distributor = PartnerName::parse("Northwind Distribution")?;
    let distributor = partners::create(conn, None, &distributor, Tier::Distributor, now)?;
    let dealer = PartnerName::parse("Zonneveld Telecom")?;
    let dealer = partners::create(conn, None, &dealer, Tier::Dealer, now)?;
    partners::allow_shipping(conn, None, distributor.id, dealer.id, now)?;
    let accounts = [
        (None, vec![Role::VendorAdmin], "Vera Vendor"),
        (
            Some(distributor.id),
            vec![Role::LmsUser, Role::SwaDistributorAdmin],
            "Dirk Distributor",
        ),
        (
            Some(dealer.id),
            vec![Role::LmsUser, Role::SwaDealerAdmin],
            "Dana Dealer",
        ),
    ];
    let mut actors = Vec::new();
    for ((partner_id, roles, name), login) in accounts.into_iter().zip(&LOGINS) {
        let new = NewUser {
            email: Email::parse(login.email)?,
            name: name.into(),
            password_hash: hash_password(login.password).map_err(|e| anyhow::anyhow!("{e}"))?,
            partner_id,
            roles,
        };
        let user = users::create(conn, None, &new, now)?;
        actors.push(Actor {
            user_id: user.id,
            partner_id,
            impersonator_id: None,
        });
    }
    let vendor = &actors[0];
    ship_swa(conn, vendor, dealer.id, "SWA-ZT-0001", 1500, 12, now)?;
    ship_swa(conn, vendor, dealer.id, "SWA-ZT-0002", 1000, 24, now)?;
    ship_swa(conn, vendor, distributor.id, "SWA-NW-0001", 2000, 18, now)?;
    let back_office = seed_customers(conn, &actors[2], &actors[1])?;
    activate_demo_licenses(conn, vendor, &actors[2], back_office, key, now)?;
    Ok(true)
}

/// Ships a PO to the dealer and activates all of it on its SV9100 CP10 "Back office": a
/// location with licenses to migrate to CP20 (one part, a CP10-only voice mail, maps to its
/// CP20 equivalent).
fn activate_demo_licenses(
    conn: &mut DbConnection,
    vendor: &Actor,
    dealer_user: &Actor,
    location: lms_domain::ids::LocationId,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let dealer = dealer_user
        .partner_id
        .ok_or_else(|| anyhow::anyhow!("the demo dealer user has no partner"))?;
    let lines = [
        ("SV9100-IPPORT-8", 4),
        ("SV9100-UCDT-5", 2),
        ("SV9100-CP10-VM-8", 1),
        ("SV9100-R7", 1),
    ];
    let lines: Vec<(String, i64)> = lines.iter().map(|(p, q)| ((*p).into(), *q)).collect();
    let order = OrderDraft::parse("PO-ZT-1001", "SO-ZT-1001", Some(12), None, &lines)?;
    let po = bin::ship(conn, vendor, dealer, &order, now)?;
    let attach = po
        .lines
        .iter()
        .map(|l| {
            Ok(AttachLine {
                po_line_id: l.id,
                quantity: Quantity::new("quantity", l.shipped.into())?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let attached = licenses::attach(conn, dealer_user, location, &attach, now)?;
    let ids: Vec<_> = attached.iter().map(|a| a.id).collect();
    activation::activate(conn, dealer_user, location, &ids, key, now)?;
    Ok(())
}

/// Ships `units` SWA units to a partner's SWA bin, assignable for `months` from today.
fn ship_swa(
    conn: &mut DbConnection,
    vendor: &Actor,
    partner: lms_domain::ids::PartnerId,
    po_number: &str,
    units: i64,
    months: u32,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let today = now.date_naive();
    let expires_on = today
        .checked_add_months(Months::new(months))
        .ok_or_else(|| anyhow::anyhow!("no date {months} months after {today}"))?;
    let so_number = po_number.replace("SWA-", "SO-");
    let draft = SwaShipmentDraft::parse(po_number, &so_number, units, expires_on)?;
    swa::ship_units(conn, vendor, partner, &draft, now)?;
    Ok(())
}

/// The demo customers and their locations: two of the dealer's, one of the distributor's.
/// Answers the dealer's SV9100 CP10 "Back office", which gets licenses.
fn seed_customers(
    conn: &mut DbConnection,
    dealer_user: &Actor,
    distributor_user: &Actor,
) -> anyhow::Result<lms_domain::ids::LocationId> {
    let hotel = customer(
        conn,
        dealer_user,
        "Hotel Zonneveld",
        "NL",
        "Utrecht",
        "ERP-10042",
    )?;
    location(
        conn,
        dealer_user,
        hotel,
        "Reception PBX",
        "SV9100_CP10",
        |l| l.hwkc = Some("340209224568".into()),
    )?;
    location(conn, dealer_user, hotel, "Conference wing", "SV8500", |l| {
        l.hwkc = Some("22CC538207AFD058020640CD57xO".into());
    })?;
    location(conn, dealer_user, hotel, "DECT network", "IP_DECT", |l| {
        l.hwkc = Some("1009FFFE".into())
    })?;
    let back_office = location(
        conn,
        dealer_user,
        hotel,
        "Back office",
        "SV9100_CP10",
        |l| {
            l.hwkc = Some("340209224570".into());
        },
    )?;
    let city = customer(
        conn,
        dealer_user,
        "Gemeente Amersfoort",
        "NL",
        "Amersfoort",
        "ERP-10077",
    )?;
    location(conn, dealer_user, city, "City hall", "IS3000", |l| {
        l.full_computer_name = Some("hvpc030pbx.devnlnec.local".into());
    })?;
    location(conn, dealer_user, city, "Library", "SV9500_SE", |l| {
        l.mac_address = Some("6CE4DA01378C".into())
    })?;

    let brewery = customer(
        conn,
        distributor_user,
        "Brouwerij De Klok",
        "BE",
        "Gent",
        "NW-881",
    )?;
    location(conn, distributor_user, brewery, "Brewery", "SL2100", |l| {
        l.hwkc = Some("3810004626AD".into())
    })?;
    Ok(back_office)
}

fn customer(
    conn: &mut DbConnection,
    actor: &Actor,
    name: &str,
    country: &str,
    city: &str,
    reference: &str,
) -> anyhow::Result<lms_domain::ids::CustomerId> {
    let input = CustomerInput {
        name: name.into(),
        country: country.into(),
        city: Some(city.into()),
        reference_note: Some(reference.into()),
        ..CustomerInput::default()
    };
    Ok(customers::create(conn, actor, &CustomerFields::parse(&input)?, Utc::now())?.id)
}

fn location(
    conn: &mut DbConnection,
    actor: &Actor,
    customer: lms_domain::ids::CustomerId,
    name: &str,
    system_type: &str,
    fill: impl FnOnce(&mut LocationInput),
) -> anyhow::Result<lms_domain::ids::LocationId> {
    let mut input = LocationInput {
        name: name.into(),
        system_type: system_type.into(),
        ..LocationInput::default()
    };
    fill(&mut input);
    let created = locations::create(conn, actor, customer, &input, Utc::now(), &mut rand::rng())?;
    Ok(created.location.id)
}
