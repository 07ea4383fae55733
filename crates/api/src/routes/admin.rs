//! Vendor administration: partners, users and shipping allowances (`vendor_admin` only).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use lms_domain::field::{FieldError, required_text};
use lms_domain::ids::{PartnerId, ShippingAllowanceId};
use lms_domain::name::PartnerName;
use lms_domain::party::{Email, Role, Tier, check_password};
use lms_store::PageRequest;
use lms_store::partners::{self, Partner, RemoveAllowanceError, ShippingAllowance};
use lms_store::users::{self, NewUser, User, UserChanges};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::{Json, path_id, present};
use crate::routes::Paged;
use crate::state::AppState;

/// Paging parameters of every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    /// The validated request.
    ///
    /// # Errors
    /// 400 `INVALID_PAGING`.
    pub fn page(&self) -> Result<PageRequest, ApiError> {
        Ok(PageRequest::new(self.limit, self.cursor.as_deref())?)
    }
}

/// A partner to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Northwind Distribution", "tier": "distributor"}))]
pub struct PartnerBody {
    pub name: String,
    pub tier: Tier,
}

/// A business partner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerView {
    pub id: uuid::Uuid,
    pub name: String,
    pub tier: Tier,
}

impl From<Partner> for PartnerView {
    fn from(p: Partner) -> Self {
        Self {
            id: p.id.0,
            name: p.name,
            tier: p.tier,
        }
    }
}

/// A user to create. `partner_id` is `null` for vendor staff.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "anna@dealer.example", "name": "Anna de Vries", "password": "a long passphrase", "partner_id": "7b0f7a4e-8a57-4e43-9a43-0c1f1c8e2a10", "roles": ["lms_user", "swa_dealer_admin"]}))]
pub struct UserBody {
    #[schema(schema_with = lms_domain::party::required_email_schema)]
    pub email: String,
    #[schema(max_length = 200)]
    pub name: String,
    /// 10 to 128 characters.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    pub partner_id: Option<uuid::Uuid>,
    #[schema(min_items = 1)]
    pub roles: Vec<Role>,
}

/// A user account (never with its password).
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: uuid::Uuid,
    pub email: String,
    pub name: String,
    pub partner: Option<PartnerView>,
    pub roles: Vec<Role>,
    pub created_at: DateTime<Utc>,
    /// `true` while an admin has disabled the account: it cannot log in, and its sessions
    /// and API keys are refused.
    pub disabled: bool,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id.0,
            email: u.email,
            name: u.name,
            partner: u.partner.map(Into::into),
            roles: u.roles,
            created_at: u.created_at,
            disabled: u.disabled_at.is_some(),
        }
    }
}

/// Changes to a user: absent fields stay; `null` is refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"disabled": true}))]
pub struct UserPatch {
    /// 1 to 200 characters.
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = crate::openapi::not_blank_name)]
    pub name: Option<String>,
    /// Must fit the partner's tier, as at creation.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Vec<Role>, min_items = 1)]
    pub roles: Option<Vec<Role>>,
    /// `true` disables the account and ends its sessions at once; `false` enables it again
    /// (old sessions stay ended).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    pub disabled: Option<bool>,
}

/// A distributor → dealer relation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowanceBody {
    pub distributor_id: uuid::Uuid,
    pub dealer_id: uuid::Uuid,
}

/// The distributor may reship to, and act for, the dealer.
#[derive(Debug, Serialize, ToSchema)]
pub struct AllowanceView {
    /// What `DELETE /admin/shipping-allowances/{id}` takes.
    pub id: uuid::Uuid,
    pub distributor_id: uuid::Uuid,
    pub dealer_id: uuid::Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<ShippingAllowance> for AllowanceView {
    fn from(a: ShippingAllowance) -> Self {
        Self {
            id: a.id.0,
            distributor_id: a.distributor_id.0,
            dealer_id: a.dealer_id.0,
            created_at: a.created_at,
        }
    }
}

/// Create a partner.
#[utoipa::path(
    tag = "admin",
    request_body = PartnerBody,
    responses(
        (status = 201, description = "Created", body = PartnerView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 409, description = "Name in use", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody),
    )
)]
#[post("/admin/partners")]
pub async fn create_partner(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<PartnerBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let name = PartnerName::parse(&body.name)?;
    let (tier, actor) = (body.tier, caller.actor());
    let now = state.clock.now();
    let partner = state
        .db(move |c| partners::create(c, Some(&actor), &name, tier, now))
        .await?;
    Ok(HttpResponse::Created().json(PartnerView::from(partner)))
}

/// List partners by name.
#[utoipa::path(
    tag = "admin",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of partners", body = Paged<PartnerView>),
        (status = 400, description = "Bad paging", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
    )
)]
#[get("/admin/partners")]
pub async fn list_partners(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let page = query.query.page()?;
    export::respond(
        state.list_pool(&caller).await?,
        query.format,
        &lists::PARTNERS,
        page,
        |c, page| Ok(partners::list(c, page)?.map(PartnerView::from)),
    )
    .await
}

/// Create a user; roles must fit the partner's tier.
#[utoipa::path(
    tag = "admin",
    request_body = UserBody,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 400, description = "Malformed body, or IDEMPOTENCY_KEY_NOT_ACCEPTED (the body holds a password)", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "UNKNOWN_PARTNER: no such partner_id", body = ErrorBody),
        (status = 409, description = "EMAIL_IN_USE, or INVALID_ROLES: roles that do not fit the partner's tier", body = ErrorBody),
        (status = 422, description = "Invalid field, or no role", body = ErrorBody),
    )
)]
#[post("/admin/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<UserBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let body = body.into_inner();
    let (email, name) = validate_user(&body)?;
    let new = NewUser {
        email,
        name,
        password_hash: state.passwords.hash(body.password).await?,
        partner_id: body.partner_id.map(PartnerId),
        roles: body.roles,
    };
    let actor = caller.actor();
    let now = state.clock.now();
    let user = state
        .db(move |c| users::create(c, Some(&actor), &new, now))
        .await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}

/// The e-mail and name of a new user; its password is checked, not yet hashed.
fn validate_user(body: &UserBody) -> Result<(Email, String), ApiError> {
    let email = Email::parse(&body.email).map_err(|e| FieldError::new("email", e.to_string()))?;
    let name = required_text("name", &body.name, 200)?;
    check_password(&body.password)?;
    Ok((email, name))
}

/// Change a user's name or roles, or disable or enable the account. Disabling ends every
/// session at once; an admin cannot disable their own account or drop their own admin role.
#[utoipa::path(
    tag = "admin",
    params(("id" = uuid::Uuid, Path, description = "User id")),
    request_body = UserPatch,
    responses(
        (status = 200, description = "Changed", body = UserView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such user", body = ErrorBody),
        (status = 409, description = "OWN_ACCOUNT: your own account or admin role; INVALID_ROLES: roles that do not fit the user's partner", body = ErrorBody),
        (status = 422, description = "Invalid field, or no role", body = ErrorBody),
    )
)]
#[patch("/admin/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<UserPatch>,
) -> Result<web::Json<UserView>, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: lms_domain::ids::UserId = path_id(&id, "user")?;
    let body = body.into_inner();
    let changes = UserChanges {
        name: body
            .name
            .map(|n| required_text("name", &n, 200))
            .transpose()?,
        roles: body.roles,
        disabled: body.disabled,
    };
    let actor = caller.actor();
    let now = state.clock.now();
    let user = state
        .db(move |c| users::update(c, &actor, id, &changes, now))
        .await?;
    Ok(web::Json(user.into()))
}

/// List users by e-mail.
#[utoipa::path(
    tag = "admin",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of users", body = Paged<UserView>),
        (status = 400, description = "Bad paging", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
    )
)]
#[get("/admin/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let page = query.query.page()?;
    export::respond(
        state.list_pool(&caller).await?,
        query.format,
        &lists::USERS,
        page,
        |c, page| Ok(users::list(c, page)?.map(UserView::from)),
    )
    .await
}

/// Allow a distributor to reship to and act for a dealer.
#[utoipa::path(
    tag = "admin",
    request_body = AllowanceBody,
    responses(
        (status = 201, description = "Created", body = AllowanceView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "UNKNOWN_PARTNER", body = ErrorBody),
        (status = 409, description = "Exists already, or the partners are not a distributor and a dealer", body = ErrorBody),
    )
)]
#[post("/admin/shipping-allowances")]
pub async fn create_shipping_allowance(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<AllowanceBody>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let (distributor, dealer) = (PartnerId(body.distributor_id), PartnerId(body.dealer_id));
    let actor = caller.actor();
    let now = state.clock.now();
    let allowance = state
        .db(move |c| partners::allow_shipping(c, Some(&actor), distributor, dealer, now))
        .await?;
    Ok(HttpResponse::Created().json(AllowanceView::from(allowance)))
}

/// List shipping allowances.
#[utoipa::path(
    tag = "admin",
    responses(
        (status = 200, description = "Every allowance", body = Paged<AllowanceView>),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
    )
)]
#[get("/admin/shipping-allowances")]
pub async fn list_shipping_allowances(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<Paged<AllowanceView>>, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let allowances = state.db(partners::list_allowances).await?;
    Ok(web::Json(Paged {
        items: allowances.into_iter().map(Into::into).collect(),
        next_cursor: None,
    }))
}

impl From<RemoveAllowanceError> for ApiError {
    fn from(e: RemoveAllowanceError) -> Self {
        match e {
            RemoveAllowanceError::NotFound => Self::not_found("shipping allowance"),
            RemoveAllowanceError::Db(d) => d.into(),
        }
    }
}

/// Remove a shipping allowance: the distributor can no longer reship to the dealer, and
/// its users' impersonations of the dealer's users end with their next request (403
/// `IMPERSONATION_ENDED`).
#[utoipa::path(
    tag = "admin",
    params(("id" = uuid::Uuid, Path, description = "Shipping allowance id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Not vendor staff", body = ErrorBody),
        (status = 404, description = "No such allowance", body = ErrorBody),
    )
)]
#[delete("/admin/shipping-allowances/{id}")]
pub async fn delete_shipping_allowance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Role::VendorAdmin)?;
    let id: ShippingAllowanceId = path_id(&id, "shipping allowance")?;
    let (actor, now) = (caller.actor(), state.clock.now());
    state
        .db(move |c| partners::remove_allowance(c, &actor, id, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
