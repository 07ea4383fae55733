//! Where locations stand with SWA: their dated facts (first activation, SWA-bearing
//! licenses, assignments) loaded for many locations at once, handed to the domain.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};
use diesel::prelude::*;
use lms_domain::ids::{CustomerId, LocationId};
use lms_domain::license::AttachmentState;
use lms_domain::swa::{AssignmentState, SwaFacts, SwaPolicy, SwaStanding, SwaStatus, standing};
use lms_domain::system_type::SystemType;

use super::AssignmentRow;
use crate::Scope;
use crate::convert::{stored, utc};
use crate::db::DbConnection;
use crate::schema::{attachments, customers, locations, parts, swa_assignments};

/// A location's SWA facts and its rate (Σ thousandths per month × quantity).
#[derive(Debug, Clone, Default)]
pub(crate) struct LocationSwa {
    pub(crate) facts: SwaFacts,
    pub(crate) monthly_millis: u64,
}

/// The SWA facts of `locations`, each present in the map (empty facts when it has none).
pub(crate) fn facts(
    c: &mut DbConnection,
    ids: &[LocationId],
) -> QueryResult<HashMap<LocationId, LocationSwa>> {
    let keys: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let mut out: HashMap<LocationId, LocationSwa> =
        ids.iter().map(|id| (*id, LocationSwa::default())).collect();
    // One location (its own page, read on every request) filters with `=`: SQLite cannot
    // keep a prepared statement whose `IN` list varies, and would parse it each time.
    let query = attachments::table.inner_join(parts::table).into_boxed();
    let query = match keys.as_slice() {
        [one] => query.filter(attachments::location_id.eq(one)),
        many => query.filter(attachments::location_id.eq_any(many)),
    };
    let activated: Vec<(String, i32, i32, Option<chrono::NaiveDateTime>)> = query
        .filter(attachments::state.eq(AttachmentState::Activated.as_str()))
        .select((
            attachments::location_id,
            attachments::quantity,
            parts::swa_millis_per_month,
            attachments::activated_at,
        ))
        .load(c)?;
    for (location, quantity, millis, at) in activated {
        let entry = out.entry(stored(&location)?).or_default();
        let add = u64::try_from(i64::from(quantity) * i64::from(millis)).unwrap_or(0);
        entry.monthly_millis += add;
        entry.facts.bears_swa = entry.monthly_millis > 0;
        let at = at.map(utc);
        entry.facts.first_activation = match (entry.facts.first_activation, at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    let query = swa_assignments::table.into_boxed();
    let query = match keys.as_slice() {
        [one] => query.filter(swa_assignments::location_id.eq(one)),
        many => query.filter(swa_assignments::location_id.eq_any(many)),
    };
    let assignments: Vec<AssignmentRow> = query
        .filter(swa_assignments::state.ne(AssignmentState::Cancelled.as_str()))
        .select(AssignmentRow::as_select())
        .load(c)?;
    for row in assignments {
        let facts = row.facts()?;
        out.entry(stored(&row.location_id)?)
            .or_default()
            .facts
            .assignments
            .push(facts);
    }
    Ok(out)
}

/// The standing of each of `locations` at `now`.
///
/// # Errors
/// Database errors only.
pub fn standings(
    c: &mut DbConnection,
    ids: &[LocationId],
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> QueryResult<HashMap<LocationId, SwaStanding>> {
    Ok(facts(c, ids)?
        .into_iter()
        .map(|(id, swa)| (id, standing(&swa.facts, policy, now)))
        .collect())
}

/// A location in its grace period with SWA-bearing licenses and no SWA yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prospect {
    pub location_id: LocationId,
    pub location_name: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub system_type: SystemType,
    pub hwkc: String,
    pub first_activated_at: DateTime<Utc>,
    pub grace_ends_on: NaiveDate,
    /// SWA units a month at the plain rate (thousandths).
    pub monthly_millis: u64,
}

/// The partner's prospective SWA locations (SPEC §10), the soonest end of grace first.
///
/// # Errors
/// Database errors only.
pub fn prospective_locations(
    c: &mut DbConnection,
    scope: Scope,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Prospect>> {
    // Only licenses activated within the grace period can make a location's first
    // activation recent enough.
    let since = now.date_naive() - Days::new(policy.grace_days.into());
    let since = since.and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut query = attachments::table
        .filter(attachments::state.eq(AttachmentState::Activated.as_str()))
        .filter(attachments::activated_at.ge(since))
        .select(attachments::location_id)
        .distinct()
        .into_boxed();
    if let Some(p) = scope.partner() {
        query = query.filter(attachments::partner_id.eq(p.to_string()));
    }
    let ids = query
        .load::<String>(c)?
        .iter()
        .map(|id| stored(id))
        .collect::<QueryResult<Vec<LocationId>>>()?;
    let mut prospects = Vec::new();
    for chunk in ids.chunks(500) {
        let swa = facts(c, chunk)?;
        let graced: Vec<(LocationId, SwaStanding, u64, DateTime<Utc>)> = swa
            .into_iter()
            .filter_map(|(id, s)| {
                let st = standing(&s.facts, policy, now);
                let first = s.facts.first_activation?;
                (st.status == SwaStatus::Grace).then_some((id, st, s.monthly_millis, first))
            })
            .collect();
        let keys: Vec<String> = graced.iter().map(|g| g.0.to_string()).collect();
        let rows: Vec<(String, String, String, String, String, String)> = locations::table
            .inner_join(customers::table)
            .filter(locations::id.eq_any(&keys))
            .select((
                locations::id,
                locations::name,
                customers::id,
                customers::name,
                locations::system_type,
                locations::hwkc,
            ))
            .load(c)?;
        let by_id: HashMap<String, _> = rows.into_iter().map(|r| (r.0.clone(), r)).collect();
        for (id, st, monthly_millis, first) in graced {
            let Some((_, name, customer_id, customer_name, system_type, hwkc)) =
                by_id.get(&id.to_string())
            else {
                continue;
            };
            prospects.push(Prospect {
                location_id: id,
                location_name: name.clone(),
                customer_id: stored(customer_id)?,
                customer_name: customer_name.clone(),
                system_type: stored(system_type)?,
                hwkc: hwkc.clone(),
                first_activated_at: first,
                grace_ends_on: st.grace_ends_on.unwrap_or(st.next_start),
                monthly_millis,
            });
        }
    }
    prospects.sort_by(|a, b| {
        (a.grace_ends_on, &a.location_name).cmp(&(b.grace_ends_on, &b.location_name))
    });
    Ok(prospects)
}
