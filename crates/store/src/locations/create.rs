//! Creating a location, with every way of obtaining its HWKC, and its child locations (the
//! automatic LMC, SR-MGC, BX/OVOC secondary, MobiCall Supervisor).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, LocationCreated, Subject};
use lms_domain::derive::{self};
use lms_domain::ids::{CustomerId, LocationId, PartnerId};
use lms_domain::location::{
    HwkcChangeReason, KeySource, LocationDraft, LocationInput, Placement, auto_lmc_child,
    initial_demo_licenses,
};
use lms_domain::{HardwareKeyCode, SystemType};
use rand::Rng;

use super::{
    HistoryNote, Location, LocationError, LocationRow, children, get, hwkc_conflict,
    record_history, unused_key,
};
use crate::audit::{self, Actor, Event};
use crate::convert::naive;
use crate::customers;
use crate::db::{DbConnection, write_tx};
use crate::schema::locations;

/// A new location and the child locations created with it (the automatic LMC).
#[derive(Debug, Clone)]
pub struct Created {
    pub location: Location,
    pub children: Vec<Location>,
}

/// Creates a location under a customer, with its automatic LMC child where the type has one.
///
/// # Errors
/// [`LocationError`]: customer not visible, a rule broken, or the HWKC in use.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    customer: CustomerId,
    input: &LocationInput,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Created, LocationError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    write_tx(conn, |c| {
        customers::get(c, actor.scope(), customer)?;
        create_in(c, actor, partner, customer, input, now, rng)
    })
}

/// [`create`] inside the caller's transaction, the customer already checked.
pub(super) fn create_in(
    c: &mut DbConnection,
    actor: &Actor,
    partner: PartnerId,
    customer: CustomerId,
    input: &LocationInput,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Created, LocationError> {
    {
        let draft = LocationDraft::plan(input, Placement::TopLevel)?;
        let location = insert(
            c,
            actor,
            Owner {
                partner,
                customer,
                parent: None,
            },
            &draft,
            now,
            rng,
        )?;
        let mut children = Vec::new();
        if let Some(lmc) = auto_lmc(&location) {
            children.push(insert(
                c,
                actor,
                Owner {
                    partner,
                    customer,
                    parent: Some(location.id),
                },
                &lmc,
                now,
                rng,
            )?);
        }
        Ok(Created { location, children })
    }
}

/// Creates a child location (SR-MGC, LMC, BX/OVOC secondary, MobiCall Supervisor).
///
/// # Errors
/// [`LocationError`]: parent not visible, a child it may not have, or a rule broken.
pub fn create_child(
    conn: &mut DbConnection,
    actor: &Actor,
    parent: LocationId,
    input: &LocationInput,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Location, LocationError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let parent = get(c, scope, parent)?;
        parent.check_live()?;
        let siblings: Vec<SystemType> = children(c, scope, parent.id)?
            .iter()
            .map(|l| l.system_type)
            .collect();
        let placement = Placement::ChildOf {
            parent_type: parent.system_type,
            parent_hwkc: &parent.hwkc,
            siblings: &siblings,
            // Only a BX/OVOC secondary asks; the other children are free to come later.
            parent_activated: parent.system_type == SystemType::BxOvoc
                && !crate::licenses::Holdings::of(c, parent.id)?
                    .stacked()
                    .is_empty(),
        };
        let draft = LocationDraft::plan(input, placement)?;
        insert(
            c,
            actor,
            Owner {
                partner,
                customer: parent.customer_id,
                parent: Some(parent.id),
            },
            &draft,
            now,
            rng,
        )
    })
}

fn auto_lmc(parent: &Location) -> Option<LocationDraft> {
    auto_lmc_child(&parent.name, parent.system_type, &parent.hwkc).map(lmc_draft)
}

pub(super) fn lmc_draft((name, hwkc): (String, HardwareKeyCode)) -> LocationDraft {
    LocationDraft {
        name,
        system_type: SystemType::Lmc,
        key: KeySource::ParentLmc(hwkc),
        secondary_hwkc: None,
        product_key: None,
        reference_note: None,
    }
}

/// Where a new location goes: whose it is, under which customer, under which parent.
#[derive(Debug, Clone, Copy)]
pub(super) struct Owner {
    pub(super) partner: PartnerId,
    pub(super) customer: CustomerId,
    pub(super) parent: Option<LocationId>,
}

pub(super) fn insert(
    c: &mut DbConnection,
    actor: &Actor,
    Owner {
        partner,
        customer,
        parent,
    }: Owner,
    draft: &LocationDraft,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Location, LocationError> {
    let (mut mac_address, mut full_computer_name, mut domain_name) = (None, None, None);
    let hwkc = match &draft.key {
        KeySource::Given(k) | KeySource::ParentLmc(k) => k.clone(),
        KeySource::SmallEnterprise(mac) => {
            mac_address = Some(mac.as_str().to_owned());
            derive::small_enterprise_hwkc(mac)
        }
        KeySource::TempKey => unused_key(c, || {
            derive::temp_key(draft.system_type, now, rng.random_range(0..1000))
                .expect("temp-key type")
        })?,
        KeySource::DongleLess(fcn) => {
            full_computer_name = Some(fcn.as_str().to_owned());
            unused_key(c, || derive::dongle_less_hwkc(rng.random()))?
        }
        KeySource::ThreeC(domain) => {
            domain_name = Some(domain.as_str().to_owned());
            unused_key(c, || derive::three_c_hwkc(draft.system_type, rng.random()))?
        }
    };
    let row = LocationRow {
        id: LocationId::new_random().to_string(),
        partner_id: partner.to_string(),
        customer_id: customer.to_string(),
        parent_id: parent.map(|p| p.to_string()),
        name: draft.name.clone(),
        system_type: draft.system_type.code().to_owned(),
        hwkc: hwkc.as_str().to_owned(),
        secondary_hwkc: draft.secondary_hwkc.as_ref().map(|k| k.as_str().to_owned()),
        product_key: draft.product_key.clone(),
        mac_address,
        ip_address: None,
        full_computer_name,
        domain_name,
        reference_note: draft.reference_note.clone(),
        demo_licenses_remaining: initial_demo_licenses(draft.system_type),
        created_at: naive(now),
        updated_at: naive(now),
        retired_at: None,
        migrated_to: None,
    };
    diesel::insert_into(locations::table)
        .values(&row)
        .execute(c)
        .map_err(|e| hwkc_conflict(e, &row.hwkc))?;
    record_history(
        c,
        &row.id,
        &row.hwkc,
        HwkcChangeReason::Created,
        now,
        HistoryNote::default(),
    )?;
    let location = Location::try_from(row)?;
    audit::record(
        c,
        Event {
            actor,
            owner: Some(partner),
            subject: Subject::Location(location.id),
            change: Change::LocationCreated(LocationCreated {
                name: location.name.clone(),
                system_type: location.system_type.code().to_owned(),
                hwkc: location.hwkc.to_string(),
                customer_id: customer,
                parent_id: parent,
            }),
            at: now,
        },
    )?;
    Ok(location)
}
