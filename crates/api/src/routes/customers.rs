//! Customers of the caller's partner.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use lms_domain::customer::{CustomerFields, CustomerInput};
use lms_domain::field::FieldError;
use lms_domain::ids::CustomerId;
use lms_domain::search::{MAX_QUERY_CHARS, SearchQuery};
use lms_store::customers::{self, Customer};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::export::{self, ListQuery, lists};
use crate::extract::{Json, nullable, path_id};
use crate::routes::Paged;
use crate::state::AppState;

/// Changes to a customer: absent fields stay, `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"city": "Amersfoort", "phone": null}))]
pub struct CustomerPatch {
    /// Required on a customer: `null` is refused.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(schema_with = crate::openapi::not_blank_name)]
    pub name: Option<Option<String>>,
    /// Required on a customer: `null` is refused.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(schema_with = lms_domain::country::schema)]
    pub country: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub address: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 20)]
    pub postal_code: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub city: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub contact_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(schema_with = lms_domain::party::optional_email_schema)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 50)]
    pub phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 500)]
    pub reference_note: Option<Option<String>>,
}

impl CustomerPatch {
    fn apply(&self, input: &mut CustomerInput) {
        fn set(target: &mut Option<String>, change: &Option<Option<String>>) {
            if let Some(value) = change {
                target.clone_from(value);
            }
        }
        if let Some(Some(name)) = &self.name {
            input.name.clone_from(name);
        }
        if let Some(Some(country)) = &self.country {
            input.country.clone_from(country);
        }
        set(&mut input.address, &self.address);
        set(&mut input.postal_code, &self.postal_code);
        set(&mut input.city, &self.city);
        set(&mut input.contact_name, &self.contact_name);
        set(&mut input.email, &self.email);
        set(&mut input.phone, &self.phone);
        set(&mut input.reference_note, &self.reference_note);
    }
}

/// A customer.
#[derive(Debug, Serialize, ToSchema)]
// Not `#[serde(flatten)] CustomerInput`: the body's schema refuses unknown fields, which
// would make `id` and the timestamps invalid in the view's documented schema.
pub struct CustomerView {
    pub id: uuid::Uuid,
    pub name: String,
    pub country: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub contact_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub reference_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Customer> for CustomerView {
    fn from(c: Customer) -> Self {
        let fields = c.fields.to_input();
        Self {
            id: c.id.0,
            name: fields.name,
            country: fields.country,
            address: fields.address,
            postal_code: fields.postal_code,
            city: fields.city,
            contact_name: fields.contact_name,
            email: fields.email,
            phone: fields.phone,
            reference_note: fields.reference_note,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

// The documented cap of `q` below is the domain's.
const _: () = assert!(MAX_QUERY_CHARS == 500);

/// Filter and paging of the customer list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CustomerQuery {
    /// Any part of the name or reference note, case-insensitive; at most 500 characters
    /// (the longest reference note), longer is 400 `INVALID_QUERY`.
    #[param(max_length = 500)]
    pub q: Option<String>,
    /// Items per page, 1–200 (default 50).
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List the partner's customers by name.
#[utoipa::path(
    tag = "customers",
    params(CustomerQuery),
    responses(
        (status = 200, description = "A page of customers", body = Paged<CustomerView>),
        (status = 400, description = "Bad paging or query", body = ErrorBody),
    )
)]
#[get("/customers")]
pub async fn list_customers(
    state: web::Data<AppState>,
    caller: Caller,
    query: ListQuery<CustomerQuery>,
) -> Result<HttpResponse, ApiError> {
    let ListQuery { query, format } = query;
    let page = lms_store::PageRequest::new(query.limit, query.cursor.as_deref())?;
    let q = SearchQuery::parse(query.q.as_deref())?;
    let scope = caller.scope();
    export::respond(
        state.list_pool(&caller).await?,
        format,
        &lists::CUSTOMERS,
        page,
        move |c, page| {
            let found = customers::list(c, scope, q.text(), page)?;
            Ok(found.map(CustomerView::from))
        },
    )
    .await
}

/// Create a customer.
#[utoipa::path(
    tag = "customers",
    request_body = CustomerInput,
    responses(
        (status = 201, description = "Created", body = CustomerView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff have no customers", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody),
    )
)]
#[post("/customers")]
pub async fn create_customer(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CustomerInput>,
) -> Result<HttpResponse, ApiError> {
    let fields = CustomerFields::parse(&body.into_inner())?;
    let actor = caller.actor();
    let now = state.clock.now();
    let customer = state
        .db(move |c| customers::create(c, &actor, &fields, now))
        .await?;
    Ok(HttpResponse::Created().json(CustomerView::from(customer)))
}

/// Get one customer.
#[utoipa::path(
    tag = "customers",
    params(("id" = uuid::Uuid, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The customer", body = CustomerView),
        (status = 404, description = "No such customer for this partner", body = ErrorBody),
    )
)]
#[get("/customers/{id}")]
pub async fn get_customer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<CustomerView>, ApiError> {
    let id: CustomerId = path_id(&id, "customer")?;
    let scope = caller.scope();
    let customer = state.db(move |c| customers::get(c, scope, id)).await?;
    Ok(web::Json(customer.into()))
}

/// Change a customer; the record is validated again as a whole.
#[utoipa::path(
    tag = "customers",
    params(("id" = uuid::Uuid, Path, description = "Customer id")),
    request_body = CustomerPatch,
    responses(
        (status = 200, description = "The changed customer", body = CustomerView),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 403, description = "Vendor staff cannot change customers", body = ErrorBody),
        (status = 404, description = "No such customer for this partner", body = ErrorBody),
        (status = 422, description = "Invalid field", body = ErrorBody),
    )
)]
#[patch("/customers/{id}")]
pub async fn update_customer(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: Json<CustomerPatch>,
) -> Result<web::Json<CustomerView>, ApiError> {
    let id: CustomerId = path_id(&id, "customer")?;
    let actor = caller.actor();
    let patch = body.into_inner();
    for (field, value) in [("name", &patch.name), ("country", &patch.country)] {
        if matches!(value, Some(None)) {
            return Err(FieldError::new(
                field,
                format!("{field} is required and cannot be removed"),
            )
            .into());
        }
    }
    let now = state.clock.now();
    let customer = state
        .db(move |c| customers::update(c, &actor, id, |input| patch.apply(input), now))
        .await?;
    Ok(web::Json(customer.into()))
}
