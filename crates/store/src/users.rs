//! User accounts. Passwords arrive here already hashed: hashing is the API's concern.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use lms_domain::ids::{PartnerId, UserId};
use lms_domain::party::{Email, Role, RolesError, check_roles};

use crate::audit::{self, Actor};
use crate::convert::{naive, stored, utc};
use crate::db::{DbConnection, RetryableError, is_unique_violation, write_tx};
use crate::paging::{Page, PageRequest, after_cursor};
use crate::partners::{self, Partner};
use crate::schema::users;

/// A user as the rest of the system sees it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub partner: Option<Partner>,
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
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

fn to_user(row: UserRow, partner: Option<Partner>) -> User {
    User {
        id: stored(&row.id),
        email: row.email,
        name: row.name,
        partner,
        roles: row
            .roles
            .split(',')
            .filter(|r| !r.is_empty())
            .map(stored)
            .collect(),
        created_at: utc(row.created_at),
    }
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
            let details = serde_json::json!({"email": row.email, "roles": row.roles, "partner_id": row.partner_id});
            audit::record(
                c,
                actor,
                new.partner_id,
                "user.created",
                ("user", &row.id),
                details,
                now,
            )?;
        }
        Ok(to_user(row, partner))
    })
}

/// The user and password hash for a login; disabled users are not found.
///
/// # Errors
/// Database errors only.
pub fn find_for_login(conn: &mut DbConnection, email: &str) -> QueryResult<Option<(User, String)>> {
    let row: Option<UserRow> = users::table
        .filter(users::email.eq(email.trim().to_lowercase()))
        .filter(users::disabled_at.is_null())
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| {
        let partner = load_partner(conn, row.partner_id.as_deref())?;
        let hash = row.password_hash.clone();
        Ok((to_user(row, partner), hash))
    })
    .transpose()
}

/// An active user by id: what every authenticated request is checked against, so a disabled
/// or deleted user's tokens stop working at once.
///
/// # Errors
/// Database errors only.
pub fn get_active(conn: &mut DbConnection, user: UserId) -> QueryResult<Option<User>> {
    let row: Option<UserRow> = users::table
        .find(user.to_string())
        .filter(users::disabled_at.is_null())
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    row.map(|row| {
        let partner = load_partner(conn, row.partner_id.as_deref())?;
        Ok(to_user(row, partner))
    })
    .transpose()
}

/// Disables a user; their tokens are refused from the next request on.
///
/// # Errors
/// Database errors only; returns whether a user was disabled.
pub fn disable(conn: &mut DbConnection, user: UserId, now: DateTime<Utc>) -> QueryResult<bool> {
    write_tx(conn, |c| {
        diesel::update(
            users::table
                .find(user.to_string())
                .filter(users::disabled_at.is_null()),
        )
        .set(users::disabled_at.eq(naive(now)))
        .execute(c)
        .map(|n| n == 1)
    })
}

/// All users, by e-mail.
///
/// # Errors
/// Database errors only.
pub fn list(conn: &mut DbConnection, page: &PageRequest) -> QueryResult<Page<User>> {
    let query = after_cursor!(
        users::table.select(UserRow::as_select()).into_boxed(),
        page,
        users::email,
        users::id
    );
    let rows = query.load(conn)?;
    let page = page.page(rows, |r| (r.email.clone(), r.id.clone()));
    let mut items = Vec::with_capacity(page.items.len());
    for row in page.items {
        let partner = load_partner(conn, row.partner_id.as_deref())?;
        items.push(to_user(row, partner));
    }
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
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
        Some(p) => partners::get(conn, stored(p)),
        None => Ok(None),
    }
}
