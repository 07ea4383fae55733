//! SWA errors mapped once to status, code and field.

use actix_web::http::StatusCode;
use lms_domain::ErrorCode;
use lms_domain::license::attach::AttachLineError;
use lms_store::swa::SwaError;
use serde_json::json;

use crate::error::ApiError;

impl From<SwaError> for ApiError {
    fn from(e: SwaError) -> Self {
        let message = e.to_string();
        let conflict = |code| Self::new(StatusCode::CONFLICT, code, message.clone());
        match e {
            SwaError::Location(l) => l.into(),
            SwaError::UnknownPartner(_) => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::UnknownPartner, message)
                    .with_field("/partner_id")
            }
            SwaError::PoExists(_) => conflict(ErrorCode::PoExists).with_field("/po_number"),
            SwaError::AssignmentNotFound => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
            }
            SwaError::Refused(r) => conflict(r.code()),
            SwaError::LocationRefused { location, refusal } => conflict(refusal.code())
                .with_field(format!("/months_by_location/{location}"))
                .with_details(json!({"location_id": location})),
            SwaError::InsufficientUnits { needed, available } => {
                conflict(ErrorCode::InsufficientSwaUnits).with_details(json!({
                    "needed": needed,
                    "available": available,
                    "missing": needed - available,
                }))
            }
            SwaError::NotCancellable(_) => conflict(ErrorCode::NotCancellable),
            SwaError::Cancelled => conflict(ErrorCode::AssignmentCancelled),
            SwaError::CoTerm(_) => conflict(ErrorCode::CoTermNeedsTwelveMonths),
            SwaError::NotOfCustomer(location) => {
                Self::new(StatusCode::NOT_FOUND, ErrorCode::UnknownLocation, message)
                    .with_field(format!("/months_by_location/{location}"))
            }
            SwaError::NothingToRenew => conflict(ErrorCode::NothingToRenew),
            SwaError::FreeOfChargeNotAvailable(status) => {
                conflict(ErrorCode::FreeOfChargeNotAvailable)
                    .with_details(json!({"swa_status": status}))
            }
            SwaError::NotOffered(_) => {
                conflict(ErrorCode::NotFreeOfCharge).with_field("/part_number")
            }
            SwaError::AlreadyTaken(_) => {
                conflict(ErrorCode::AlreadyTaken).with_field("/part_number")
            }
            SwaError::Attach(AttachLineError::Part(rule)) => {
                conflict(rule.code()).with_field("/part_number")
            }
            SwaError::Attach(AttachLineError::Rule(_)) => conflict(ErrorCode::AttachNotAllowed),
            SwaError::Rates(_) => Self::internal(message),
            SwaError::Db(d) => d.into(),
        }
    }
}
