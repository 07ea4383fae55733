//! Impersonation (SPEC §6): a distributor's user acts as a user of one of its dealers, which
//! needs a shipping allowance from the distributor to that dealer; vendor staff may act as any
//! partner's user. The rules decide from facts the store looks up, both when an impersonation
//! starts and again on every request made under it, so a removed allowance, a disabled user
//! or a lost role ends it at once.

use crate::ids::{PartnerId, UserId};
use crate::party::{Role, Tier};

/// Who may act as someone else, and on what grounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Impersonator {
    /// Vendor staff with the `vendor_admin` role: any partner's user.
    VendorAdmin,
    /// A distributor's user: users of dealers the distributor has a shipping allowance for.
    Distributor(PartnerId),
}

impl Impersonator {
    /// What kind of impersonator a user with this partner (`None`: vendor staff) and these
    /// roles is; `None` when the user may not impersonate at all (a dealer's user).
    pub fn of(partner: Option<(PartnerId, Tier)>, roles: &[Role]) -> Option<Self> {
        match partner {
            None if roles.contains(&Role::VendorAdmin) => Some(Self::VendorAdmin),
            Some((id, Tier::Distributor)) => Some(Self::Distributor(id)),
            _ => None,
        }
    }

    /// The dealer whose allowance the rules need, when there is one to look up.
    pub fn needs_allowance_to(self, target: &Target) -> Option<(PartnerId, PartnerId)> {
        match (self, target.partner) {
            (Self::Distributor(distributor), Some(dealer)) => Some((distributor, dealer)),
            _ => None,
        }
    }
}

/// The user to act as, as the rules see them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub id: UserId,
    /// `None` for vendor staff.
    pub partner: Option<PartnerId>,
    pub disabled: bool,
}

/// Why an impersonation cannot start, or cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ImpersonationRefusal {
    /// A distributor's user named an e-mail no user it may act as has: unknown, disabled,
    /// vendor staff, or of a partner without an allowance. One answer for all, so a
    /// distributor learns nothing about other partners' users.
    #[error("no user of a dealer you may act for has this e-mail (a shipping allowance is needed)")]
    NoAllowance,
    /// Vendor staff named an e-mail no user has.
    #[error("no user has this e-mail")]
    UnknownUser,
    #[error("you cannot act as yourself")]
    Yourself,
    #[error("vendor staff cannot be impersonated")]
    VendorStaff,
    #[error("this user is disabled")]
    Disabled,
}

impl ImpersonationRefusal {
    /// A short machine word for the refusal (`details.reason`).
    pub fn reason(self) -> &'static str {
        match self {
            Self::NoAllowance => "no_allowance",
            Self::UnknownUser => "unknown_user",
            Self::Yourself => "self",
            Self::VendorStaff => "vendor_staff",
            Self::Disabled => "disabled",
        }
    }
}

/// Whether `impersonator` (the user `me`) may act as `target` (`None`: no user has the
/// e-mail); `allowance` says whether the shipping allowance
/// [`Impersonator::needs_allowance_to`] names exists (ignored when it names none).
///
/// # Errors
/// [`ImpersonationRefusal`] naming the first reason.
pub fn check(
    impersonator: Impersonator,
    me: UserId,
    target: Option<&Target>,
    allowance: bool,
) -> Result<(), ImpersonationRefusal> {
    use ImpersonationRefusal as R;
    let unknown = match impersonator {
        Impersonator::VendorAdmin => R::UnknownUser,
        Impersonator::Distributor(_) => R::NoAllowance,
    };
    let target = target.ok_or(unknown)?;
    if target.id == me {
        return Err(R::Yourself);
    }
    match impersonator {
        Impersonator::Distributor(_) => {
            let allowed = !target.disabled && target.partner.is_some() && allowance;
            if allowed { Ok(()) } else { Err(R::NoAllowance) }
        }
        Impersonator::VendorAdmin if target.partner.is_none() => Err(R::VendorStaff),
        Impersonator::VendorAdmin if target.disabled => Err(R::Disabled),
        Impersonator::VendorAdmin => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImpersonationRefusal as R;

    fn user() -> UserId {
        UserId::new_random()
    }

    fn dealer_user(disabled: bool) -> Target {
        Target {
            id: user(),
            partner: Some(PartnerId::new_random()),
            disabled,
        }
    }

    #[test]
    fn who_may_impersonate_at_all() {
        let p = PartnerId::new_random();
        let admin = [Role::VendorAdmin];
        let user = [Role::LmsUser];
        assert_eq!(
            Impersonator::of(None, &admin),
            Some(Impersonator::VendorAdmin)
        );
        assert_eq!(
            Impersonator::of(Some((p, Tier::Distributor)), &user),
            Some(Impersonator::Distributor(p))
        );
        assert_eq!(Impersonator::of(Some((p, Tier::Dealer)), &user), None);
        assert_eq!(Impersonator::of(None, &[]), None);
    }

    #[test]
    fn a_distributor_needs_an_allowance_and_learns_nothing_else() {
        let (me, d) = (user(), Impersonator::Distributor(PartnerId::new_random()));
        let active = dealer_user(false);
        assert_eq!(check(d, me, Some(&active), true), Ok(()));
        assert_eq!(check(d, me, Some(&active), false), Err(R::NoAllowance));
        assert_eq!(check(d, me, None, true), Err(R::NoAllowance));
        let disabled = dealer_user(true);
        assert_eq!(check(d, me, Some(&disabled), true), Err(R::NoAllowance));
        let staff = Target {
            partner: None,
            ..active
        };
        assert_eq!(check(d, me, Some(&staff), true), Err(R::NoAllowance));
        let myself = Target { id: me, ..active };
        assert_eq!(check(d, me, Some(&myself), true), Err(R::Yourself));
        assert_eq!(
            d.needs_allowance_to(&active),
            match d {
                Impersonator::Distributor(p) => Some((p, active.partner.unwrap())),
                Impersonator::VendorAdmin => None,
            }
        );
        assert_eq!(d.needs_allowance_to(&staff), None);
    }

    #[test]
    fn vendor_staff_act_for_any_active_partner_user_but_not_for_staff() {
        let (me, admin) = (user(), Impersonator::VendorAdmin);
        assert_eq!(check(admin, me, Some(&dealer_user(false)), false), Ok(()));
        assert_eq!(
            check(admin, me, Some(&dealer_user(true)), false),
            Err(R::Disabled)
        );
        let staff = Target {
            id: user(),
            partner: None,
            disabled: false,
        };
        assert_eq!(check(admin, me, Some(&staff), false), Err(R::VendorStaff));
        let myself = Target { id: me, ..staff };
        assert_eq!(check(admin, me, Some(&myself), false), Err(R::Yourself));
        assert_eq!(check(admin, me, None, false), Err(R::UnknownUser));
        assert_eq!(admin.needs_allowance_to(&dealer_user(false)), None);
    }
}
