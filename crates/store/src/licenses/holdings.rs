//! What a location holds: its attachments with their PO numbers and parts, the stacked
//! result of the activated ones, and [`of_location`] answering both.

use std::collections::HashMap;

use diesel::prelude::*;
use lms_domain::SystemType;
use lms_domain::ids::LocationId;
use lms_domain::license::{AttachmentState, Part, Stacked, stack};

use super::{Attachment, AttachmentRow, LicenseError, to_attachment};
use crate::Scope;
use crate::db::DbConnection;
use crate::locations;
use crate::parts;
use crate::schema::{attachments, po_lines, purchase_orders};

/// A location's attached and activated licenses and the stacked result of the activated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationLicenses {
    pub attached: Vec<Attachment>,
    pub activated: Vec<Attachment>,
    pub stacked: Vec<Stacked>,
    /// A migrated location's licenses as they were activated on it, now on the location it
    /// migrated to; empty otherwise.
    pub migrated: Vec<Attachment>,
    /// SPEC §4: an SV8500's SR-MGC children's activated licenses, shown on the parent too.
    pub sr_mgc: Vec<ChildLicenses>,
}

/// The activated licenses of one SR-MGC child, under its own (temporary) key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildLicenses {
    pub location: LocationId,
    pub name: String,
    pub hwkc: String,
    pub activated: Vec<Attachment>,
    pub stacked: Vec<Stacked>,
}

/// The licenses of a location.
///
/// # Errors
/// [`LicenseError::Location`] when the location is not visible.
pub fn of_location(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
) -> Result<LocationLicenses, LicenseError> {
    let found = locations::get(conn, scope, location)?;
    let own = split(Holdings::of(conn, location)?)?;
    let mut sr_mgc = Vec::new();
    if found.system_type == SystemType::Sv8500 {
        for child in locations::children(conn, scope, location)? {
            if child.system_type != SystemType::SrMgc {
                continue;
            }
            let held = split(Holdings::of(conn, child.id)?)?;
            sr_mgc.push(ChildLicenses {
                location: child.id,
                name: child.name,
                hwkc: child.hwkc.into_inner(),
                activated: held.activated,
                stacked: held.stacked,
            });
        }
    }
    Ok(LocationLicenses {
        attached: own.attached,
        activated: own.activated,
        stacked: own.stacked,
        migrated: own.migrated,
        sr_mgc,
    })
}

/// A location's holdings by state, and the stacked result of the activated.
struct Split {
    attached: Vec<Attachment>,
    activated: Vec<Attachment>,
    migrated: Vec<Attachment>,
    stacked: Vec<Stacked>,
}

fn split(holdings: Holdings) -> QueryResult<Split> {
    let stacked = holdings.stacked();
    let all = holdings
        .rows
        .into_iter()
        .map(|(r, po)| to_attachment(r, po))
        .collect::<QueryResult<Vec<_>>>()?;
    let of = |state: AttachmentState| -> Vec<Attachment> {
        all.iter().filter(|a| a.state == state).cloned().collect()
    };
    Ok(Split {
        attached: of(AttachmentState::Attached),
        activated: of(AttachmentState::Activated),
        migrated: of(AttachmentState::Migrated),
        stacked,
    })
}

pub(crate) fn attachments_of(
    c: &mut DbConnection,
    location: LocationId,
) -> QueryResult<Vec<(AttachmentRow, String)>> {
    attachments::table
        .inner_join(po_lines::table.inner_join(purchase_orders::table))
        .filter(attachments::location_id.eq(location.to_string()))
        .select((AttachmentRow::as_select(), purchase_orders::po_number))
        .order((attachments::attached_at.asc(), attachments::id.asc()))
        .load(c)
}

/// A location's attachments (with their PO numbers) and the catalog parts they name: what
/// stacking and the activation rules read.
pub(crate) struct Holdings {
    pub(crate) rows: Vec<(AttachmentRow, String)>,
    pub(crate) parts: HashMap<String, Part>,
}

impl Holdings {
    /// Loads a location's holdings.
    pub(crate) fn of(c: &mut DbConnection, location: LocationId) -> QueryResult<Self> {
        let rows = attachments_of(c, location)?;
        let numbers: Vec<String> = rows.iter().map(|(r, _)| r.part_number.clone()).collect();
        let parts = parts::by_number(c, &numbers)?;
        Ok(Self { rows, parts })
    }

    /// Everything activated, stacked.
    pub(crate) fn stacked(&self) -> Vec<Stacked> {
        stacked_of(&self.rows, &self.parts)
    }

    /// Everything the location holds, attached or activated, stacked.
    pub(crate) fn held_stacked(&self) -> Vec<Stacked> {
        stack(
            self.rows
                .iter()
                .filter(|(r, _)| {
                    r.is(AttachmentState::Activated) || r.is(AttachmentState::Attached)
                })
                .filter_map(|(r, _)| self.parts.get(&r.part_number).map(|p| (p, r.units()))),
        )
    }
}

/// Stacks the activated rows among `rows`.
pub(crate) fn stacked_of(
    rows: &[(AttachmentRow, String)],
    parts: &HashMap<String, Part>,
) -> Vec<Stacked> {
    stack(
        rows.iter()
            .filter(|(r, _)| r.is(AttachmentState::Activated))
            .filter_map(|(r, _)| parts.get(&r.part_number).map(|p| (p, r.units()))),
    )
}
