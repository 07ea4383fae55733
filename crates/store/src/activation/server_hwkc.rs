//! The SV9500 standard server's real HWKC: derived from the server's IP address while it
//! has its temporary key, with the virtualization option attached to that key activated on
//! the new one.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, ServerHwkcDerived, Subject};
use lms_domain::derive::IpAddress;
use lms_domain::field::FieldError;
use lms_domain::ids::{AttachmentId, LocationId};
use lms_domain::license::{AttachmentState, LicenseSigningKey};
use lms_domain::packaging::options_for_real_key;

use super::activate::activate_in;
use super::{Activation, ActivationError};
use crate::audit::{self, Actor, Event};
use crate::db::{DbConnection, write_tx};
use crate::licenses::{AttachmentRow, Holdings, LicenseError};
use crate::locations::{self, Location, LocationError};

/// SV9500 standard server (SPEC §4): with the virtualization option attached to the
/// temporary key, the server's IP address yields the real HWKC, and the option is activated
/// on it, in one transaction.
///
/// # Errors
/// [`ActivationError::VirtualizationOptionRequired`] when the option is not attached, a
/// bad IP address, not a standard server, or the HWKC already derived.
pub fn derive_server_hwkc(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    ip_address: &str,
    key: &LicenseSigningKey,
    now: DateTime<Utc>,
) -> Result<(Location, Activation), ActivationError> {
    actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    let ip = IpAddress::parse(ip_address)
        .map_err(|e| LicenseError::Invalid(FieldError::new("ip_address", e.to_string())))?;
    let scope = actor.scope();
    write_tx(conn, |c| {
        let current = locations::lock(c, scope, location)?;
        let Holdings { rows, parts } = Holdings::of(c, location)?;
        let attached = rows
            .iter()
            .filter(|(r, _)| r.is(AttachmentState::Attached))
            .filter_map(|(r, _)| parts.get(&r.part_number).map(|p| (r, p.feature.as_str())));
        // Refused only once the key is known to be derivable, so that error comes first.
        let options = options_for_real_key(attached);
        let hwkc = locations::apply_server_hwkc(c, actor, &current, &ip, now)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(current.partner_id),
                subject: Subject::Location(location),
                change: Change::ServerHwkcDerived(ServerHwkcDerived {
                    temp_key: current.hwkc.to_string(),
                    hwkc: hwkc.to_string(),
                    ip_address: ip.to_string(),
                }),
                at: now,
            },
        )?;
        let options = options?
            .into_iter()
            .map(AttachmentRow::id)
            .collect::<QueryResult<Vec<AttachmentId>>>()?;
        let activation = activate_in(c, actor, location, &options, key, now)?;
        Ok((locations::get(c, scope, location)?, activation))
    })
}
