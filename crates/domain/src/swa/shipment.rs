//! A validated shipment of SWA units (SPEC §10): PO and SO numbers, a number of units and the
//! day they expire.

use chrono::NaiveDate;

use crate::field::{FieldError, required_text};
use crate::order::{MAX_LINE_QUANTITY, Quantity, order_number};

/// SWA units to put into a partner's SWA bin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwaShipmentDraft {
    pub po_number: String,
    pub so_number: String,
    pub units: Quantity,
    /// The first day the units can no longer be assigned.
    pub expires_on: NaiveDate,
}

impl SwaShipmentDraft {
    /// Checks the fields (see [`SwaShipmentDraft::check_expiry`] for the date).
    ///
    /// # Errors
    /// [`FieldError`] naming the field.
    pub fn parse(
        po_number: &str,
        so_number: &str,
        units: i64,
        expires_on: NaiveDate,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            po_number: order_number("po_number", po_number)?,
            so_number: order_number("so_number", so_number)?,
            units: Quantity::new("units", units).map_err(|_| {
                FieldError::new("units", format!("units must be 1 to {MAX_LINE_QUANTITY}"))
            })?,
            expires_on,
        })
    }
}

/// Units shipped already expired could never be assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("expires_on must be after today ({today}) by the server's clock")]
pub struct AlreadyExpired {
    pub today: NaiveDate,
}

impl SwaShipmentDraft {
    /// Whether the units expire after `today`, the shipping day.
    ///
    /// # Errors
    /// [`AlreadyExpired`] otherwise.
    pub fn check_expiry(&self, today: NaiveDate) -> Result<(), AlreadyExpired> {
        if self.expires_on > today {
            Ok(())
        } else {
            Err(AlreadyExpired { today })
        }
    }
}

/// Assigning SWA takes units from the bin, so it is approved explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("assigning SWA takes units from the bin: approve it (approve: true)")]
pub struct NotApproved;

/// Whether an assignment may go ahead: only when approved.
///
/// # Errors
/// [`NotApproved`] when `approved` is false.
pub fn check_approval(approved: bool) -> Result<(), NotApproved> {
    if approved { Ok(()) } else { Err(NotApproved) }
}

/// A reference for an assignment: 1–100 printable characters (the partner's order or
/// ticket number).
///
/// # Errors
/// [`FieldError`] on `reference`.
pub fn reference(raw: &str) -> Result<String, FieldError> {
    let value = required_text("reference", raw, 100)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::new("reference", "reference must be printable"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn a_shipment_needs_units_and_a_future_expiry() {
        let ok = SwaShipmentDraft::parse("PO-1", "SO-1", 500, day(31)).unwrap();
        assert_eq!((ok.units.get(), ok.expires_on), (500, day(31)));
        assert_eq!(ok.check_expiry(day(30)), Ok(()));
        assert_eq!(
            ok.check_expiry(day(31)),
            Err(AlreadyExpired { today: day(31) })
        );
        let field = |r: Result<SwaShipmentDraft, FieldError>| r.unwrap_err().field;
        assert_eq!(
            field(SwaShipmentDraft::parse("PO-1", "SO-1", 0, day(31))),
            "units"
        );
        assert_eq!(
            field(SwaShipmentDraft::parse(" ", "SO-1", 5, day(31))),
            "po_number"
        );
    }

    #[test]
    fn an_assignment_is_approved_or_refused() {
        assert_eq!(check_approval(true), Ok(()));
        assert_eq!(check_approval(false), Err(NotApproved));
    }

    #[test]
    fn a_reference_is_printable_text() {
        assert_eq!(reference(" ORDER-7 ").unwrap(), "ORDER-7");
        assert!(reference("").is_err());
        assert!(reference("a\u{7}b").is_err());
    }
}
