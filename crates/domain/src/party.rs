//! Partners, users and what they may do.

use std::fmt;
use std::str::FromStr;

/// A partner's place in the two-tier channel.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Tier 1: reships to dealers and may act for them.
    Distributor,
    /// Tier 2: dealer or reseller.
    Dealer,
}

impl Tier {
    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Distributor => "distributor",
            Self::Dealer => "dealer",
        }
    }
}

impl FromStr for Tier {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "distributor" => Ok(Self::Distributor),
            "dealer" => Ok(Self::Dealer),
            other => Err(UnknownValue(other.to_owned())),
        }
    }
}

/// A role granted to a user.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Base access to the partner's data.
    LmsUser,
    /// May see Software Assurance and assign or reship SWA units (distributor).
    SwaDistributorAdmin,
    /// May see Software Assurance and assign SWA units (dealer).
    SwaDealerAdmin,
    /// Vendor staff: partners, users, shipments, hardware replacement.
    VendorAdmin,
}

impl Role {
    /// Every role, in a fixed order.
    pub const ALL: [Role; 4] = [
        Self::LmsUser,
        Self::SwaDistributorAdmin,
        Self::SwaDealerAdmin,
        Self::VendorAdmin,
    ];

    /// The stored and wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LmsUser => "lms_user",
            Self::SwaDistributorAdmin => "swa_distributor_admin",
            Self::SwaDealerAdmin => "swa_dealer_admin",
            Self::VendorAdmin => "vendor_admin",
        }
    }
}

impl FromStr for Role {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored value is not one of the known spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value \"{0}\"")]
pub struct UnknownValue(pub String);

/// Why a set of roles cannot be given to a user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RolesError {
    #[error("vendor_admin is for vendor staff, who belong to no partner")]
    VendorAdminInPartner,
    #[error("vendor staff (no partner) can only have the vendor_admin role")]
    PartnerRoleWithoutPartner,
    #[error("swa_distributor_admin is for distributors' users")]
    DistributorRoleForDealer,
    #[error("at least one role is required")]
    Empty,
}

/// Checks that `roles` fit a user of a partner of tier `tier` (`None` = vendor staff).
///
/// # Errors
/// [`RolesError`] naming the first misfit.
pub fn check_roles(tier: Option<Tier>, roles: &[Role]) -> Result<(), RolesError> {
    if roles.is_empty() {
        return Err(RolesError::Empty);
    }
    match tier {
        None if roles.iter().any(|r| *r != Role::VendorAdmin) => {
            Err(RolesError::PartnerRoleWithoutPartner)
        }
        Some(_) if roles.contains(&Role::VendorAdmin) => Err(RolesError::VendorAdminInPartner),
        Some(Tier::Dealer) if roles.contains(&Role::SwaDistributorAdmin) => {
            Err(RolesError::DistributorRoleForDealer)
        }
        _ => Ok(()),
    }
}

/// An admin changing their own account must not lock themself out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OwnAccountError {
    #[error("you cannot disable your own account")]
    Disable,
    #[error("you cannot take the vendor_admin role from yourself")]
    DropAdmin,
}

impl OwnAccountError {
    /// The request field of the refused change.
    pub fn field(self) -> &'static str {
        match self {
            Self::Disable => "disabled",
            Self::DropAdmin => "roles",
        }
    }
}

/// Checks a vendor admin's change of their own account: `disable` as asked (`None`: not
/// touched), `roles` the new roles if any.
///
/// # Errors
/// [`OwnAccountError`] for a change that would lock the admin out.
pub fn check_own_account_change(
    disable: Option<bool>,
    roles: Option<&[Role]>,
) -> Result<(), OwnAccountError> {
    if disable == Some(true) {
        return Err(OwnAccountError::Disable);
    }
    if roles.is_some_and(|r| !r.contains(&Role::VendorAdmin)) {
        return Err(OwnAccountError::DropAdmin);
    }
    Ok(())
}

/// A new password's length, in characters: long enough to resist guessing at the login
/// throttle's pace, short enough to bound the hashing work a request can cause.
pub const PASSWORD_LENGTH: std::ops::RangeInclusive<usize> = 10..=128;

/// Checks a new password against [`PASSWORD_LENGTH`].
///
/// # Errors
/// [`FieldError`] on `password`.
pub fn check_password(password: &str) -> Result<(), crate::field::FieldError> {
    if PASSWORD_LENGTH.contains(&password.chars().count()) {
        Ok(())
    } else {
        Err(crate::field::FieldError::new(
            "password",
            "password must be 10 to 128 characters",
        ))
    }
}

/// An e-mail address, trimmed and lower-cased; the login name of a user.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Email(String);

/// The value is not a plausible e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a valid e-mail address (e.g. anna@example.com)")]
pub struct InvalidEmail(pub String);

impl Email {
    /// Parses an address: one `@`, a non-empty local part, a dotted domain, no blanks or
    /// control characters.
    ///
    /// # Errors
    /// [`InvalidEmail`] otherwise.
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        // Counted in characters, as the document's `maxLength` counts them.
        let valid = raw.trim().chars().count() <= 254;
        let value = raw.trim().to_lowercase();
        let valid = valid
            && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.split('.').count() >= 2
                    && domain.split('.').all(|label| !label.is_empty())
            });
        if valid {
            Ok(Self(value))
        } else {
            Err(InvalidEmail(raw.to_owned()))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What [`Email::parse`] accepts, as a regular expression for the API document (white space
/// around allowed, as it is trimmed); with `required == false` a blank value too, which an
/// optional e-mail field treats as absent.
pub fn email_pattern(required: bool) -> String {
    use crate::field::WHITESPACE;
    let blank = &WHITESPACE[1..WHITESPACE.len() - 1];
    let control = "\\u0000-\\u001f\\u007f-\\u009f";
    let local = format!("[^@{blank}{control}]+");
    let label = format!("[^@.{blank}{control}]+");
    let optional = if required { "" } else { "?" };
    format!("^{WHITESPACE}*({local}@{label}(\\.{label})+){optional}{WHITESPACE}*$")
}

/// An e-mail field in the API document: a string matching [`email_pattern`], `null` too
/// where it is optional.
#[cfg(feature = "openapi")]
pub fn email_schema(required: bool) -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{SchemaType, Type};
    let kind = if required {
        SchemaType::Type(Type::String)
    } else {
        SchemaType::from_iter([Type::String, Type::Null])
    };
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(kind)
        .pattern(Some(email_pattern(required)))
        .max_length(Some(254))
        .description(Some("An e-mail address, e.g. anna@example.com."))
        .build()
}

/// [`email_schema`] of a required e-mail.
#[cfg(feature = "openapi")]
pub fn required_email_schema() -> utoipa::openapi::Object {
    email_schema(true)
}

/// [`email_schema`] of an optional e-mail.
#[cfg(feature = "openapi")]
pub fn optional_email_schema() -> utoipa::openapi::Object {
    email_schema(false)
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_admin_cannot_lock_themself_out() {
        assert_eq!(check_own_account_change(Some(false), None), Ok(()));
        let admin = [Role::VendorAdmin];
        assert_eq!(check_own_account_change(None, Some(&admin)), Ok(()));
        assert_eq!(
            check_own_account_change(Some(true), None),
            Err(OwnAccountError::Disable)
        );
        assert_eq!(
            check_own_account_change(None, Some(&[Role::LmsUser])),
            Err(OwnAccountError::DropAdmin)
        );
        assert_eq!(OwnAccountError::DropAdmin.field(), "roles");
    }

    use super::*;

    #[test]
    fn the_published_email_pattern_accepts_exactly_what_parse_accepts() {
        let required = regex::Regex::new(&super::email_pattern(true)).unwrap();
        let optional = regex::Regex::new(&super::email_pattern(false)).unwrap();
        for sample in [
            "anna@example.com",
            " Anna@Example.COM\u{a0}",
            "a.b+c@mail.example.co.uk",
            "é@exämple.nl",
            "",
            " ",
            "anna",
            "anna@",
            "@example.com",
            "anna@example",
            "anna@example.",
            "anna@.com",
            "a b@example.com",
            "a@b@c.com",
            "a\u{85}b@example.com",
            "a\u{1}b@example.com",
        ] {
            let parsed = Email::parse(sample).is_ok();
            assert_eq!(required.is_match(sample), parsed, "{sample:?}");
            let blank = sample.trim().is_empty();
            assert_eq!(optional.is_match(sample), parsed || blank, "{sample:?}");
        }
    }

    #[test]
    fn email_is_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Anna@Example.COM ").unwrap().as_str(),
            "anna@example.com"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.com",
            "anna@example",
            "a b@example.com",
            "a@b@c.com",
            "a@.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roles_fit_the_partner() {
        assert!(check_roles(None, &[Role::VendorAdmin]).is_ok());
        assert_eq!(
            check_roles(None, &[Role::LmsUser]),
            Err(RolesError::PartnerRoleWithoutPartner)
        );
        assert_eq!(
            check_roles(Some(Tier::Dealer), &[Role::VendorAdmin]),
            Err(RolesError::VendorAdminInPartner)
        );
        assert_eq!(
            check_roles(
                Some(Tier::Dealer),
                &[Role::LmsUser, Role::SwaDistributorAdmin]
            ),
            Err(RolesError::DistributorRoleForDealer)
        );
        assert!(
            check_roles(
                Some(Tier::Distributor),
                &[Role::LmsUser, Role::SwaDistributorAdmin]
            )
            .is_ok()
        );
        assert_eq!(check_roles(Some(Tier::Dealer), &[]), Err(RolesError::Empty));
    }

    #[test]
    fn passwords_are_bounded() {
        assert!(check_password("0123456789").is_ok());
        assert_eq!(check_password("short").unwrap_err().field, "password");
        assert!(check_password(&"x".repeat(129)).is_err());
    }

    #[test]
    fn role_spellings_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
        }
    }
}
