//! Impersonation (SPEC §6): starting one, checking on each request that it may go on, and
//! ending it. The rules are [`lms_domain::impersonation`]; this module looks up their facts
//! (the target by e-mail, the shipping allowance) and records the start and the end in the
//! audit trail of each partner involved.

use chrono::{DateTime, Utc};
use lms_domain::audit::{Change, ImpersonationChange, Subject};
use lms_domain::ids::PartnerId;
use lms_domain::impersonation::{self, ImpersonationRefusal, Impersonator, Target};
use lms_domain::party::Email;

use crate::audit::{self, Actor, Event};
use crate::db::{DbConnection, RetryableError, write_tx};
use crate::partners;
use crate::users::{self, User};

/// Starting an impersonation failed.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Only a distributor's users and vendor staff impersonate.
    #[error("only a distributor's users and vendor administrators can act as another user")]
    NotAnImpersonator,
    #[error(transparent)]
    Refused(#[from] ImpersonationRefusal),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for StartError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// What kind of impersonator `user` is, if any.
fn impersonator_of(user: &User) -> Option<Impersonator> {
    let partner = user.partner.as_ref().map(|p| (p.id, p.tier));
    Impersonator::of(partner, &user.roles)
}

fn target_of(user: &User) -> Target {
    Target {
        id: user.id,
        partner: user.partner.as_ref().map(|p| p.id),
        disabled: user.disabled_at.is_some(),
    }
}

/// How the shipping allowance a decision needs is looked up: locked inside a transaction
/// that writes on it, plainly for a check.
type AllowanceLookup = fn(&mut DbConnection, PartnerId, PartnerId) -> diesel::QueryResult<bool>;

/// Checks the rules for `me` acting as `target` (`None`: no such user), looking up the
/// shipping allowance they need with `lookup`.
fn check(
    c: &mut DbConnection,
    me: &User,
    kind: Impersonator,
    target: Option<&User>,
    lookup: AllowanceLookup,
) -> Result<(), StartError> {
    let target = target.map(target_of);
    let allowance = match target.and_then(|t| kind.needs_allowance_to(&t)) {
        Some((distributor, dealer)) => lookup(c, distributor, dealer)?,
        None => false,
    };
    impersonation::check(kind, me.id, target.as_ref(), allowance)?;
    Ok(())
}

/// `me` starts acting as the user with `email`; answers that user. Recorded as
/// `impersonation.started` in the audit trails of the target's partner and of `me`'s.
///
/// # Errors
/// [`StartError`]: `me` may not impersonate, or not this user.
pub fn start(
    conn: &mut DbConnection,
    me: &User,
    email: &Email,
    now: DateTime<Utc>,
) -> Result<User, StartError> {
    let kind = impersonator_of(me).ok_or(StartError::NotAnImpersonator)?;
    write_tx(conn, |c| {
        let target = users::find_by_email(c, email)?;
        check(c, me, kind, target.as_ref(), partners::lock_allowance)?;
        // `check` refuses a missing target; this only unwraps it.
        let target = target.ok_or(ImpersonationRefusal::NoAllowance)?;
        record(c, me, &target, Moment::Started, now)?;
        Ok(target)
    })
}

/// Whether `me` may still act as `target`: checked on every request made while
/// impersonating, so a removed allowance, a disabled target or a lost role ends it at once.
///
/// # Errors
/// Database errors only.
pub fn may_go_on(c: &mut DbConnection, me: &User, target: &User) -> diesel::QueryResult<bool> {
    let Some(kind) = impersonator_of(me) else {
        return Ok(false);
    };
    match check(c, me, kind, Some(target), partners::allowance_exists) {
        Ok(()) => Ok(true),
        Err(StartError::Db(e)) => Err(e),
        Err(StartError::Refused(_) | StartError::NotAnImpersonator) => Ok(false),
    }
}

/// `me` stops acting as `target` (which may be disabled by now): recorded as
/// `impersonation.ended`, as the start was.
///
/// # Errors
/// Database errors only.
pub fn end(
    conn: &mut DbConnection,
    me: &User,
    target: &User,
    now: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    write_tx(conn, |c| record(c, me, target, Moment::Ended, now))
}

#[derive(Debug, Clone, Copy)]
enum Moment {
    Started,
    Ended,
}

/// Records the start or end as the target acted for by `me`, once in each partner's trail.
fn record(
    c: &mut DbConnection,
    me: &User,
    target: &User,
    moment: Moment,
    at: DateTime<Utc>,
) -> diesel::QueryResult<()> {
    let details = ImpersonationChange {
        user_email: target.email.clone(),
        impersonator_email: me.email.clone(),
        impersonator_partner_id: me.partner.as_ref().map(|p| p.id),
    };
    let change = match moment {
        Moment::Started => Change::ImpersonationStarted(details),
        Moment::Ended => Change::ImpersonationEnded(details),
    };
    let actor = Actor {
        user_id: target.id,
        partner_id: target.partner.as_ref().map(|p| p.id),
        impersonator_id: Some(me.id),
    };
    let mut owners = vec![actor.partner_id];
    if let Some(own) = me.partner.as_ref().map(|p| Some(p.id))
        && !owners.contains(&own)
    {
        owners.push(own);
    }
    for owner in owners {
        audit::record(
            c,
            Event {
                actor: &actor,
                owner,
                subject: Subject::User(target.id),
                change: change.clone(),
                at,
            },
        )?;
    }
    Ok(())
}
