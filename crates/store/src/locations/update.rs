//! Editing a location's editable fields.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, LocationUpdated, Subject};
use lms_domain::ids::LocationId;
use lms_domain::location::LocationChanges;

use super::{Location, LocationError, get, write_locked};
use crate::audit::{self, Actor, Event};
use crate::convert::naive;
use crate::db::DbConnection;
use crate::schema::locations;

/// Changes a location's editable fields.
///
/// # Errors
/// [`LocationError::NotFound`], or a rule naming the field.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    changes: &LocationChanges,
    now: DateTime<Utc>,
) -> Result<Location, LocationError> {
    let scope = actor.scope();
    write_locked(conn, actor, location, |c, partner, current| {
        let valid = changes.validate(current.system_type, current.full_computer_name.is_some())?;
        let changeset = LocationChangeset {
            name: valid.name,
            reference_note: valid.reference_note,
            full_computer_name: valid.full_computer_name.map(|f| f.as_str().to_owned()),
            domain_name: valid.domain_name.map(|d| d.as_str().to_owned()),
            updated_at: naive(now),
        };
        let change = Change::LocationUpdated(LocationUpdated {
            name: changeset.name.clone(),
            reference_note: changeset.reference_note.clone().flatten(),
            full_computer_name: changeset.full_computer_name.clone(),
            domain_name: changeset.domain_name.clone(),
        });
        diesel::update(locations::table.find(location.to_string()))
            .set(&changeset)
            .execute(c)?;
        audit::record(
            c,
            Event {
                actor,
                owner: Some(partner),
                subject: Subject::Location(location),
                change,
                at: now,
            },
        )?;
        get(c, scope, location)
    })
}

/// The columns an edit may change; `None` leaves a column as it is.
#[derive(AsChangeset)]
#[diesel(table_name = locations)]
struct LocationChangeset {
    name: Option<String>,
    reference_note: Option<Option<String>>,
    full_computer_name: Option<String>,
    domain_name: Option<String>,
    updated_at: chrono::NaiveDateTime,
}
