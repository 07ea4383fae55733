//! Renewing a customer's SWA (SPEC §10): every location starts from "today (or the end of
//! its cover), 12 months", may be re-quoted per location, and with co-term all end on one
//! date. The renewal re-quotes inside its transaction and renews all quotable locations or
//! none.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use lms_domain::ids::{CustomerId, LocationId};
use lms_domain::swa::renewal::{DEFAULT_MONTHS, RenewalAsk as Ask, co_term_months, common_end};
use lms_domain::swa::{Quote, QuoteRefusal, SwaPolicy, SwaRates, SwaStatus, quote, standing};
use rand::Rng;

use super::assign::{New, create};
use super::bin::available_units;
use super::settle::make_active;
use super::standing::facts;
use super::{Assignment, KIND_RENEWAL, SwaError, rates};
use crate::Scope;
use crate::audit::Actor;
use crate::convert::stored;
use crate::customers;
use crate::db::{DbConnection, write_tx};
use crate::locations::{self, LocationError};
use crate::schema::locations as location_table;

/// What to renew: per-location months (12 when not named) and whether to co-term.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenewalAsk {
    pub co_term: bool,
    pub months_by_location: BTreeMap<LocationId, u32>,
}

/// One location of a renewal quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalLine {
    pub location_id: LocationId,
    pub location_name: String,
    pub status: SwaStatus,
    pub outcome: Result<Quote, QuoteRefusal>,
}

/// A customer's renewal quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenewalQuote {
    pub co_term: bool,
    /// With co-term: the day every renewed location's SWA ends.
    pub common_expires_on: Option<NaiveDate>,
    pub lines: Vec<RenewalLine>,
    /// Units of every location that can be renewed.
    pub total_units: u64,
    /// The partner's unexpired SWA units available now (`None` for vendor staff).
    pub available_units: Option<i64>,
}

/// Quotes renewing a customer's locations.
///
/// # Errors
/// [`SwaError::Location`] (customer not visible), [`SwaError::NotOfCustomer`],
/// [`SwaError::CoTerm`] without a 12-month location.
pub fn quote_renewal(
    conn: &mut DbConnection,
    scope: Scope,
    customer: CustomerId,
    ask: &RenewalAsk,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> Result<RenewalQuote, SwaError> {
    let rates = rates::load(conn)?;
    let names = customer_locations(conn, scope, customer)?;
    let mut quote = plan(conn, &rates, &names, ask, policy, now)?;
    if let Some(partner) = scope.partner() {
        quote.available_units = Some(available_units(conn, partner, now.date_naive())?);
    }
    Ok(quote)
}

/// Renews a customer's locations as quoted, all or nothing: one assignment per location
/// (in cooling-off, or active with `process_immediately`).
///
/// # Errors
/// As [`quote_renewal`], and [`SwaError::LocationRefused`] when a location named in
/// `months_by_location` cannot be renewed, [`SwaError::NothingToRenew`],
/// [`SwaError::InsufficientUnits`].
#[allow(clippy::too_many_arguments)]
pub fn renew(
    conn: &mut DbConnection,
    actor: &Actor,
    customer: CustomerId,
    ask: &RenewalAsk,
    reference: &str,
    process_immediately: bool,
    policy: SwaPolicy,
    now: DateTime<Utc>,
    rng: &mut impl Rng,
) -> Result<Vec<Assignment>, SwaError> {
    let partner = actor.partner_id.ok_or(LocationError::PartnerRequired)?;
    write_tx(conn, |c| {
        let names = customer_locations(c, actor.scope(), customer)?;
        for id in names.keys() {
            locations::lock(c, actor.scope(), *id)?;
        }
        let rates = rates::load(c)?;
        let planned = plan(c, &rates, &names, ask, policy, now)?;
        if let Some((location, refusal)) = planned.lines.iter().find_map(|l| match &l.outcome {
            Err(r) if ask.months_by_location.contains_key(&l.location_id) => {
                Some((l.location_id, *r))
            }
            _ => None,
        }) {
            return Err(SwaError::LocationRefused { location, refusal });
        }
        let renewing: Vec<(LocationId, Quote)> = planned
            .lines
            .iter()
            .filter_map(|l| l.outcome.ok().map(|q| (l.location_id, q)))
            .collect();
        if renewing.is_empty() {
            return Err(SwaError::NothingToRenew);
        }
        let needed = i64::try_from(planned.total_units).unwrap_or(i64::MAX);
        let available = available_units(c, partner, now.date_naive())?;
        if available < needed {
            return Err(SwaError::InsufficientUnits { needed, available });
        }
        let mut ids = Vec::with_capacity(renewing.len());
        for (location, q) in renewing {
            let new = New {
                quote: q,
                reference,
                kind: KIND_RENEWAL,
            };
            let row = create(c, actor, partner, location, &new, now, rng)?;
            if process_immediately {
                make_active(c, &row, actor, now)?;
            }
            ids.push(row.id);
        }
        Ok(super::read(c, &ids, now)?)
    })
}

/// The customer's locations (id → name), ordered by id (the lock order).
fn customer_locations(
    c: &mut DbConnection,
    scope: Scope,
    customer: CustomerId,
) -> Result<BTreeMap<LocationId, String>, SwaError> {
    customers::get(c, scope, customer).map_err(LocationError::from)?;
    let rows: Vec<(String, String)> = location_table::table
        .filter(location_table::customer_id.eq(customer.to_string()))
        .select((location_table::id, location_table::name))
        .load(c)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| Ok((stored(&id)?, name)))
        .collect::<QueryResult<_>>()?)
}

/// Quotes every location for its months, then, with co-term, again to the common end.
fn plan(
    c: &mut DbConnection,
    rates: &SwaRates,
    names: &BTreeMap<LocationId, String>,
    ask: &RenewalAsk,
    policy: SwaPolicy,
    now: DateTime<Utc>,
) -> Result<RenewalQuote, SwaError> {
    if let Some(stranger) = ask
        .months_by_location
        .keys()
        .find(|id| !names.contains_key(id))
    {
        return Err(SwaError::NotOfCustomer(*stranger));
    }
    let ids: Vec<LocationId> = names.keys().copied().collect();
    let swa = facts(c, &ids)?;
    let mut lines: Vec<(RenewalLine, lms_domain::swa::QuoteRequest)> = names
        .iter()
        .map(|(id, name)| {
            let s = swa.get(id).cloned().unwrap_or_default();
            let request = lms_domain::swa::QuoteRequest {
                monthly_millis: s.monthly_millis,
                months: ask
                    .months_by_location
                    .get(id)
                    .copied()
                    .unwrap_or(DEFAULT_MONTHS),
                standing: standing(&s.facts, policy, now),
                ends_on: None,
            };
            let line = RenewalLine {
                location_id: *id,
                location_name: name.clone(),
                status: request.standing.status,
                outcome: quote(rates, request),
            };
            (line, request)
        })
        .collect();
    let mut common_expires_on = None;
    if ask.co_term {
        let asks: Vec<Ask> = lines
            .iter()
            .filter_map(|(l, r)| {
                l.outcome.ok().map(|q| Ask {
                    starts_on: q.starts_on,
                    months: r.months,
                })
            })
            .collect();
        let end = common_end(&asks)?;
        for (line, request) in &mut lines {
            if let Ok(q) = line.outcome {
                request.months = co_term_months(q.starts_on, end);
                request.ends_on = Some(end);
                line.outcome = quote(rates, *request);
            }
        }
        common_expires_on = Some(end);
    }
    let lines: Vec<RenewalLine> = lines.into_iter().map(|(l, _)| l).collect();
    let total_units = lines
        .iter()
        .filter_map(|l| l.outcome.ok())
        .map(|q| q.total_units)
        .sum();
    Ok(RenewalQuote {
        co_term: ask.co_term,
        common_expires_on,
        lines,
        total_units,
        available_units: None,
    })
}
