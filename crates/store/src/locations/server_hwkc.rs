//! The SV9500 standard server's real HWKC, derived from its IP address.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::derive::{self, IpAddress};
use lms_domain::location::HwkcChangeReason;
use lms_domain::packaging::check_server_hwkc_derivable;
use lms_domain::{HardwareKeyCode, SystemType};

use super::create::{Owner, insert, lmc_draft};
use super::{HistoryNote, Location, LocationError, hwkc_conflict, record_history, unused_key};
use crate::audit::Actor;
use crate::convert::naive;
use crate::db::DbConnection;
use crate::schema::locations;

/// SV9500 standard server: replaces the temporary key by the real HWKC derived from the
/// server's IP address (SPEC §4), records it in the history and creates the server's LMC
/// child. Runs inside the caller's transaction: the virtualization option is activated on
/// the new key in the same one (see `activation::derive_server_hwkc`).
///
/// # Errors
/// [`LocationError`]: not a standard server, or its HWKC already derived.
pub(crate) fn apply_server_hwkc(
    c: &mut DbConnection,
    actor: &Actor,
    current: &Location,
    ip: &IpAddress,
    now: DateTime<Utc>,
) -> Result<HardwareKeyCode, LocationError> {
    check_server_hwkc_derivable(current.system_type, current.has_temp_key())?;
    let location = current.id;
    let mut attempt = 0;
    let hwkc = unused_key(c, || {
        attempt += 1;
        derive::standard_server_hwkc(location.0, ip, attempt - 1)
    })?;
    diesel::update(locations::table.find(location.to_string()))
        .set((
            locations::hwkc.eq(hwkc.as_str()),
            locations::ip_address.eq(ip.to_string()),
            locations::updated_at.eq(naive(now)),
        ))
        .execute(c)
        .map_err(|e| hwkc_conflict(e, hwkc.as_str()))?;
    record_history(
        c,
        &location.to_string(),
        hwkc.as_str(),
        HwkcChangeReason::ServerHwkcDerived,
        now,
        HistoryNote {
            previous_hwkc: Some(current.hwkc.as_str()),
            ..HistoryNote::default()
        },
    )?;
    // The server's License Manager Client can exist only once the real key does.
    if let Some(lmc) = derive::lmc_hwkc(SystemType::Sv9500Server, &hwkc) {
        let draft = lmc_draft((format!("{} LMC", current.name), lmc));
        let (partner, customer) = (current.partner_id, current.customer_id);
        insert(
            c,
            actor,
            Owner {
                partner,
                customer,
                parent: Some(location),
            },
            &draft,
            now,
            &mut rand::rng(),
        )?;
    }
    Ok(hwkc)
}
