//! HTTP handlers, one file per resource, and how they are mounted.

pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod bin;
pub mod catalog;
pub mod customers;
pub mod dect_imports;
pub mod files;
pub mod hardware;
pub mod impersonation;
pub mod licenses;
pub mod locations;
pub mod ops;
pub mod reships;
pub mod sso;
pub mod swa;
pub mod uploads;
pub mod webhooks;

use actix_web::web;
use lms_store::Page;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of a list: `{items, next_cursor}`; pass `next_cursor` as `cursor` for the next.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// `null` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> From<Page<T>> for Paged<T> {
    fn from(p: Page<T>) -> Self {
        Self {
            items: p.items,
            next_cursor: p.next_cursor,
        }
    }
}

/// Mounts the `/api/v1` endpoints.
pub fn api_v1(cfg: &mut web::ServiceConfig) {
    cfg.service(auth::login)
        .service(sso::businessnet_login)
        .service(auth::get_me)
        .service(auth::change_password)
        .service(impersonation::impersonate)
        .service(impersonation::end_impersonation)
        .service(api_keys::create_api_key)
        .service(api_keys::list_api_keys)
        .service(api_keys::revoke_api_key)
        .service(api_keys::list_all_api_keys)
        .service(api_keys::revoke_any_api_key)
        .service(catalog::list_system_types)
        .service(catalog::check_hwkc)
        .service(customers::list_customers)
        .service(customers::create_customer)
        .service(customers::get_customer)
        .service(customers::update_customer)
        .service(locations::list_customer_locations)
        .service(locations::create_location)
        .service(locations::batch::create_locations_batch)
        .service(locations::search_locations)
        .service(locations::get_location)
        .service(locations::update_location)
        .service(locations::list_children)
        .service(locations::create_child)
        .service(locations::set_server_hwkc)
        .service(locations::location_history)
        .service(hardware::migrate_location)
        .service(hardware::replace_hardware)
        .service(admin::create_partner)
        .service(admin::list_partners)
        .service(admin::create_user)
        .service(admin::list_users)
        .service(admin::update_user)
        .service(admin::create_shipping_allowance)
        .service(admin::list_shipping_allowances)
        .service(admin::delete_shipping_allowance)
        .service(bin::list_parts)
        .service(bin::license_bin)
        .service(bin::create_shipment)
        .service(licenses::attach)
        .service(licenses::detach)
        .service(licenses::location_licenses)
        .service(files::activate)
        .service(files::preview)
        .service(files::download)
        .service(files::regenerate)
        .service(files::demo)
        .service(files::signing_keys)
        .service(audit::list_audit_events)
        .service(uploads::upload_dect_file)
        .service(uploads::import_dect_file)
        .service(dect_imports::location_dect_imports)
        .service(dect_imports::list_dect_imports)
        .service(dect_imports::approve_dect_import)
        .service(dect_imports::reject_dect_import)
        .service(uploads::put_external_file)
        .service(reships::create_reship)
        .service(reships::list_reships)
        .service(swa::bin::swa_bin)
        .service(swa::bin::create_swa_shipment)
        .service(swa::bin::prospective_locations)
        .service(swa::assignments::quote_swa)
        .service(swa::assignments::assign_swa)
        .service(swa::assignments::list_swa_assignments)
        .service(swa::assignments::activate_swa_assignment)
        .service(swa::assignments::cancel_swa_assignment)
        .service(swa::renewals::quote_swa_renewal)
        .service(swa::renewals::renew_swa)
        .service(swa::free_of_charge::free_of_charge_licenses)
        .service(swa::free_of_charge::attach_free_of_charge)
        .service(swa::reships::create_swa_reship)
        .service(swa::reships::list_swa_reships)
        .configure(webhooks::mount);
}

/// Mounts the operations endpoints at the root.
pub fn operations(cfg: &mut web::ServiceConfig) {
    cfg.service(ops::healthz)
        .service(ops::readyz)
        .service(ops::metrics);
}
