//! Every list that answers CSV: the operation serving it, the name of its file, and its
//! columns. A list added to the API with paging and without an entry here fails the
//! end-to-end suite (`tests/api/csv_export`), which finds paged lists in the document.

use super::encode::CsvRows;
use crate::routes::admin::{PartnerView, UserView};
use crate::routes::api_keys::ApiKeyView;
use crate::routes::audit::AuditEventView;
use crate::routes::bin::PurchaseOrderView;
use crate::routes::customers::CustomerView;
use crate::routes::dect_imports::DectImportView;
use crate::routes::locations::LocationView;
use crate::routes::reships::ReshipView;
use crate::routes::swa::assignments::AssignmentView;
use crate::routes::swa::bin::{ProspectView, SwaPoView};
use crate::routes::swa::reships::SwaReshipView;

/// One exported list.
#[derive(Debug)]
pub struct ExportList {
    /// The `operationId` of the list's GET.
    pub operation: &'static str,
    /// The file name, without `.csv`.
    pub file: &'static str,
    /// The header row.
    pub columns: &'static [&'static str],
}

impl ExportList {
    /// The list of `operation`, whose items are `R`.
    pub const fn of<R: CsvRows>(operation: &'static str, file: &'static str) -> Self {
        Self {
            operation,
            file,
            columns: R::HEADER,
        }
    }
}

pub const CUSTOMERS: ExportList = ExportList::of::<CustomerView>("list_customers", "customers");
pub const CUSTOMER_LOCATIONS: ExportList =
    ExportList::of::<LocationView>("list_customer_locations", "customer-locations");
pub const LOCATIONS: ExportList = ExportList::of::<LocationView>("search_locations", "locations");
pub const LICENSE_BIN: ExportList =
    ExportList::of::<PurchaseOrderView>("license_bin", "license-bin");
pub const RESHIPS: ExportList = ExportList::of::<ReshipView>("list_reships", "reships");
pub const AUDIT_EVENTS: ExportList =
    ExportList::of::<AuditEventView>("list_audit_events", "audit-events");
pub const SWA_BIN: ExportList = ExportList::of::<SwaPoView>("swa_bin", "swa-bin");
pub const SWA_RESHIPS: ExportList =
    ExportList::of::<SwaReshipView>("list_swa_reships", "swa-reships");
pub const SWA_ASSIGNMENTS: ExportList =
    ExportList::of::<AssignmentView>("list_swa_assignments", "swa-assignments");
pub const SWA_PROSPECTS: ExportList =
    ExportList::of::<ProspectView>("prospective_locations", "swa-prospective-locations");
pub const DECT_IMPORTS: ExportList =
    ExportList::of::<DectImportView>("list_dect_imports", "dect-imports");
pub const PARTNERS: ExportList = ExportList::of::<PartnerView>("list_partners", "partners");
pub const USERS: ExportList = ExportList::of::<UserView>("list_users", "users");
pub const API_KEYS: ExportList = ExportList::of::<ApiKeyView>("list_all_api_keys", "api-keys");

/// Every exported list.
pub const ALL: &[&ExportList] = &[
    &CUSTOMERS,
    &CUSTOMER_LOCATIONS,
    &LOCATIONS,
    &LICENSE_BIN,
    &RESHIPS,
    &AUDIT_EVENTS,
    &SWA_BIN,
    &SWA_RESHIPS,
    &SWA_ASSIGNMENTS,
    &SWA_PROSPECTS,
    &DECT_IMPORTS,
    &PARTNERS,
    &USERS,
    &API_KEYS,
];
