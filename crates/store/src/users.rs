//! User accounts. Passwords arrive here already hashed: hashing is the API's concern.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::audit::{Change, PasswordChanged, Subject, UserAccess, UserCreated, UserUpdated};
use lms_domain::ids::{PartnerId, UserId};
use lms_domain::party::{
    Email, OwnAccountError, Role, RolesError, check_own_account_change, check_roles,
};

use crate::audit::{self, Actor, Event};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, is_unique_violation, unique_row, write_tx};
use crate::paging::{Page, PageRequest, after_cursor};
use crate::partners::{self, Partner, PartnerRow};
use crate::schema::{partners as partner_rows, users};

/// A user as the rest of the system sees it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub partner: Option<Partner>,
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
    /// Set while an admin has disabled the account.
    pub disabled_at: Option<DateTime<Utc>>,
    /// Raised by a password change or a disable: session tokens carry the version they were
    /// issued at, and an older one is refused.
    pub session_version: i32,
}

impl User {
    /// Whether the user holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
struct UserRow {
    id: String,
    email: String,
    name: String,
    password_hash: String,
    partner_id: Option<String>,
    roles: String,
    created_at: chrono::NaiveDateTime,
    disabled_at: Option<chrono::NaiveDateTime>,
    session_version: i32,
}

fn encode_roles(roles: &[Role]) -> String {
    let mut sorted = roles.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn to_user(row: UserRow, partner: Option<Partner>) -> QueryResult<User> {
    Ok(User {
        id: stored(&row.id)?,
        roles: row
            .roles
            .split(',')
            .filter(|r| !r.is_empty())
            .map(stored)
            .collect::<QueryResult<_>>()?,
        email: row.email,
        name: row.name,
        partner,
        created_at: utc(row.created_at),
        disabled_at: row.disabled_at.map(utc),
        session_version: row.session_version,
    })
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub name: String,
    pub password_hash: String,
    pub partner_id: Option<PartnerId>,
    pub roles: Vec<Role>,
}

/// Creating a user failed.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("no partner with id {0}")]
    UnknownPartner(PartnerId),
    #[error(transparent)]
    Roles(#[from] RolesError),
    #[error("a user with e-mail {0} exists already")]
    EmailTaken(String),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for CreateUserError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// Creates a user after checking that the roles fit the partner's tier.
///
/// # Errors
/// [`CreateUserError`] for an unknown partner, misfit roles or a taken e-mail.
pub fn create(
    conn: &mut DbConnection,
    actor: Option<&Actor>,
    new: &NewUser,
    now: DateTime<Utc>,
) -> Result<User, CreateUserError> {
    write_tx(conn, |c| {
        let partner = match new.partner_id {
            Some(p) => Some(partners::get(c, p)?.ok_or(CreateUserError::UnknownPartner(p))?),
            None => None,
        };
        check_roles(partner.as_ref().map(|p| p.tier), &new.roles)?;
        let row = UserRow {
            id: UserId::new_random().to_string(),
            email: new.email.as_str().to_owned(),
            name: new.name.clone(),
            password_hash: new.password_hash.clone(),
            partner_id: new.partner_id.map(|p| p.to_string()),
            roles: encode_roles(&new.roles),
            created_at: naive(now),
            disabled_at: None,
            session_version: 0,
        };
        diesel::insert_into(users::table)
            .values(&row)
            .execute(c)
            .map_err(|e| {
                if is_unique_violation(&e, "users_email_key", "users.email") {
                    CreateUserError::EmailTaken(new.email.to_string())
                } else {
                    e.into()
                }
            })?;
        if let Some(actor) = actor {
            audit::record(
                c,
                Event {
                    actor,
                    owner: new.partner_id,
                    subject: Subject::User(stored(&row.id)?),
                    change: Change::UserCreated(UserCreated {
                        email: row.email.clone(),
                        roles: row.roles.clone(),
                        partner_id: new.partner_id,
                    }),
                    at: now,
                },
            )?;
        }
        Ok(to_user(row, partner)?)
    })
}

/// The user and password hash for a login; disabled users are not found.
///
/// # Errors
/// Database errors only.
pub fn find_for_login(conn: &mut DbConnection, email: &str) -> QueryResult<Option<(User, String)>> {
    let row: Option<Joined> = with_partner()
        .filter(users::email.eq(email.trim().to_lowercase()))
        .filter(users::disabled_at.is_null())
        .first(conn)
        .optional()?;
    row.map(|row| {
        let hash = row.0.password_hash.clone();
        Ok((joined_user(row)?, hash))
    })
    .transpose()
}

/// An active user by id: what every authenticated request is checked against, so a disabled
/// or deleted user's tokens stop working at once.
///
/// # Errors
/// Database errors only.
pub fn get_active(conn: &mut DbConnection, user: UserId) -> QueryResult<Option<User>> {
    Ok(get(conn, user)?.filter(|u| u.disabled_at.is_none()))
}

/// A user by e-mail, disabled or not.
///
/// # Errors
/// Database errors only.
pub fn find_by_email(conn: &mut DbConnection, email: &Email) -> QueryResult<Option<User>> {
    with_partner()
        .filter(users::email.eq(email.as_str()))
        .first(conn)
        .optional()?
        .map(joined_user)
        .transpose()
}

/// A user by id, disabled or not: one query with the partner joined, as every authenticated
/// request runs it.
///
/// # Errors
/// Database errors only.
pub fn get(conn: &mut DbConnection, user: UserId) -> QueryResult<Option<User>> {
    unique_row::<Joined, _>(with_partner().filter(users::id.eq(user.to_string())), conn)?
        .map(joined_user)
        .transpose()
}

/// A user row with its partner's, if any.
type Joined = (UserRow, Option<PartnerRow>);

/// The columns of a [`Joined`] row.
type JoinedColumns = (
    diesel::dsl::AsSelect<UserRow, crate::db::MultiBackend>,
    diesel::dsl::AsSelect<Option<PartnerRow>, crate::db::MultiBackend>,
);

/// Users with their partners joined: one query where a lookup per user would be two.
fn with_partner()
-> diesel::dsl::Select<diesel::dsl::LeftJoin<users::table, partner_rows::table>, JoinedColumns> {
    users::table
        .left_join(partner_rows::table)
        .select((UserRow::as_select(), Option::<PartnerRow>::as_select()))
}

fn joined_user((row, partner): Joined) -> QueryResult<User> {
    let partner = partner.map(Partner::try_from).transpose()?;
    to_user(row, partner)
}

/// What an admin changes on a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChanges {
    pub name: Option<String>,
    pub roles: Option<Vec<Role>>,
    /// `true` disables the account (ending its sessions), `false` enables it again.
    pub disabled: Option<bool>,
}

/// Changing a user failed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateUserError {
    #[error("user not found")]
    NotFound,
    #[error(transparent)]
    Roles(#[from] RolesError),
    #[error(transparent)]
    OwnAccount(#[from] OwnAccountError),
    #[error("the current password is wrong")]
    WrongPassword,
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl RetryableError for UpdateUserError {
    fn is_retryable(&self) -> bool {
        matches!(self, Self::Db(e) if e.is_retryable())
    }
}

/// A user row, locked on PostgreSQL until the transaction ends.
fn lock(c: &mut DbConnection, user: UserId) -> Result<UserRow, UpdateUserError> {
    if let DbConnection::Postgresql(pg) = c {
        users::table
            .find(user.to_string())
            .select(users::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    users::table
        .find(user.to_string())
        .select(UserRow::as_select())
        .first(c)
        .optional()?
        .ok_or(UpdateUserError::NotFound)
}

/// A vendor admin changes a user's name, roles or disabled state. Disabling ends every
/// session of the user at once (and their API keys work only while the user is enabled).
/// An admin cannot disable their own account or take their own admin role.
///
/// # Errors
/// [`UpdateUserError`]: unknown user, roles that do not fit the partner's tier, or a change
/// to the admin's own access.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    user: UserId,
    changes: &UserChanges,
    now: DateTime<Utc>,
) -> Result<User, UpdateUserError> {
    write_tx(conn, |c| {
        let row = lock(c, user)?;
        let partner = load_partner(c, row.partner_id.as_deref())?;
        if user == actor.user_id {
            check_own_account_change(changes.disabled, changes.roles.as_deref())?;
        }
        if let Some(roles) = &changes.roles {
            check_roles(partner.as_ref().map(|p| p.tier), roles)?;
        }
        let name = changes.name.clone().unwrap_or_else(|| row.name.clone());
        let roles = changes
            .roles
            .as_deref()
            .map_or_else(|| row.roles.clone(), encode_roles);
        let disabled_at = match changes.disabled {
            Some(true) => row.disabled_at.or(Some(naive(now))),
            Some(false) => None,
            None => row.disabled_at,
        };
        // Disabling ends the sessions; enabling again must not revive them.
        let newly_disabled = row.disabled_at.is_none() && disabled_at.is_some();
        let session_version = row.session_version + i32::from(newly_disabled);
        diesel::update(users::table.find(&row.id))
            .set((
                users::name.eq(&name),
                users::roles.eq(&roles),
                users::disabled_at.eq(disabled_at),
                users::session_version.eq(session_version),
            ))
            .execute(c)?;
        let change = Change::UserUpdated(UserUpdated {
            before: UserAccess {
                name: row.name.clone(),
                roles: row.roles.clone(),
                disabled: row.disabled_at.is_some(),
            },
            after: UserAccess {
                name: name.clone(),
                roles: roles.clone(),
                disabled: disabled_at.is_some(),
            },
        });
        audit::record(
            c,
            Event {
                actor,
                owner: partner.as_ref().map(|p| p.id),
                subject: Subject::User(user),
                change,
                at: now,
            },
        )?;
        let updated = UserRow {
            name,
            roles,
            disabled_at,
            session_version,
            ..row
        };
        Ok(to_user(updated, partner)?)
    })
}

/// The stored password hash of an active user, for checking the current password.
///
/// # Errors
/// [`UpdateUserError::NotFound`] for an unknown or disabled user.
pub fn password_hash(conn: &mut DbConnection, user: UserId) -> Result<String, UpdateUserError> {
    users::table
        .find(user.to_string())
        .filter(users::disabled_at.is_null())
        .select(users::password_hash)
        .first(conn)
        .optional()?
        .ok_or(UpdateUserError::NotFound)
}

/// Sets a new password hash, if the stored hash is still `expected_hash` (the one the
/// current password was checked against), and ends every session issued before.
///
/// # Errors
/// [`UpdateUserError::WrongPassword`] when the password changed since it was checked.
pub fn change_password(
    conn: &mut DbConnection,
    actor: &Actor,
    expected_hash: &str,
    new_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), UpdateUserError> {
    write_tx(conn, |c| {
        let changed = diesel::update(
            users::table
                .find(actor.user_id.to_string())
                .filter(users::password_hash.eq(expected_hash))
                .filter(users::disabled_at.is_null()),
        )
        .set((
            users::password_hash.eq(new_hash),
            users::session_version.eq(users::session_version + 1),
        ))
        .execute(c)?;
        if changed != 1 {
            return Err(UpdateUserError::WrongPassword);
        }
        audit::record(
            c,
            Event {
                actor,
                owner: actor.partner_id,
                subject: Subject::User(actor.user_id),
                change: Change::PasswordChanged(PasswordChanged {}),
                at: now,
            },
        )?;
        Ok(())
    })
}

/// All users, by e-mail.
///
/// # Errors
/// Database errors only.
pub fn list(conn: &mut DbConnection, page: &PageRequest) -> QueryResult<Page<User>> {
    let query = after_cursor!(with_partner().into_boxed(), page, users::email, users::id);
    let rows: Vec<Joined> = query.load(conn)?;
    page.page(rows, |(r, _)| (r.email.clone(), r.id.clone()))
        .try_map(joined_user)
}

/// Whether any user exists with this e-mail (the bootstrap admin is created only once).
///
/// # Errors
/// Database errors only.
pub fn email_exists(conn: &mut DbConnection, email: &Email) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::email.eq(email.as_str())),
    ))
    .get_result(conn)
}

fn load_partner(conn: &mut DbConnection, partner: Option<&str>) -> QueryResult<Option<Partner>> {
    match partner {
        Some(p) => partners::get(conn, stored(p)?),
        None => Ok(None),
    }
}
