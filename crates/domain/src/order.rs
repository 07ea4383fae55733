//! Purchase orders shipped into a partner's bin: the fields and their rules.

use crate::field::{FieldError, optional_text, required_text};
use crate::license::PartNumber;
use crate::text_enum::text_enum;

text_enum! {
    /// How a purchase order came into a partner's bin.
    pub enum PoOrigin {
        /// Shipped by the vendor.
        Shipment = "shipment",
        /// Reshipped by a distributor to one of its dealers.
        Reship = "reship",
        /// Created by a system migration.
        Migration = "migration",
        /// The licenses of an approved DECT legacy file.
        DectUpload = "dect_upload",
        /// A free-of-charge license taken while SWA is active or in grace (SPEC §10).
        FreeOfCharge = "free_of_charge",
    }
}

/// A validated purchase order to ship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDraft {
    pub po_number: String,
    pub so_number: String,
    /// The SWA duration requested on the order, in months.
    pub swa_months: Option<u32>,
    /// Extra order information shown with the PO in the bin.
    pub extra_info: Option<String>,
    pub lines: Vec<(PartNumber, Quantity)>,
}

/// Largest quantity of one line; far above any real order, far below integer overflow:
/// 2,000 lines at this maximum still fit an `i32` column.
pub const MAX_LINE_QUANTITY: u32 = 1_000_000;

/// The quantity of one line of an order, attachment, detach or legacy file: 1 to
/// [`MAX_LINE_QUANTITY`]. Bounded, so it converts to the `i32` columns without a check and
/// sums of a few of them cannot overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(u32);

impl Quantity {
    /// Checks `value` against the bounds.
    ///
    /// # Errors
    /// [`FieldError`] on `field` outside 1 to [`MAX_LINE_QUANTITY`].
    pub fn new(
        field: impl Into<std::borrow::Cow<'static, str>>,
        value: i64,
    ) -> Result<Self, FieldError> {
        u32::try_from(value)
            .ok()
            .filter(|q| (1..=MAX_LINE_QUANTITY).contains(q))
            .map(Self)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!("quantity must be 1 to {MAX_LINE_QUANTITY}, not {value}"),
                )
            })
    }

    /// The value.
    pub fn get(self) -> u32 {
        self.0
    }

    /// The value for an `INTEGER` column; lossless because of the bound.
    pub fn to_i32(self) -> i32 {
        i32::try_from(self.0).unwrap_or(i32::MAX)
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl OrderDraft {
    /// Validates an order: PO and SO numbers, 1–500 lines of distinct parts, quantities
    /// 1…1,000,000, SWA months 1…120.
    ///
    /// # Errors
    /// [`FieldError`] naming the field (`lines/2/quantity` for a line).
    pub fn parse(
        po_number: &str,
        so_number: &str,
        swa_months: Option<i64>,
        extra_info: Option<&str>,
        lines: &[(String, i64)],
    ) -> Result<Self, FieldError> {
        let po_number = order_number("po_number", po_number)?;
        let so_number = order_number("so_number", so_number)?;
        let swa_months = swa_months
            .map(|m| {
                u32::try_from(m)
                    .ok()
                    .filter(|m| (1..=120).contains(m))
                    .ok_or_else(|| {
                        FieldError::new("swa_months", "swa_months must be between 1 and 120")
                    })
            })
            .transpose()?;
        if lines.is_empty() || lines.len() > 500 {
            return Err(FieldError::new("lines", "an order has 1 to 500 lines"));
        }
        let mut parsed: Vec<(PartNumber, Quantity)> = Vec::with_capacity(lines.len());
        for (i, (part, quantity)) in lines.iter().enumerate() {
            let part = PartNumber::parse(part)
                .map_err(|e| FieldError::new(format!("lines/{i}/part_number"), e.to_string()))?;
            if parsed.iter().any(|(p, _)| *p == part) {
                return Err(FieldError::new(
                    format!("lines/{i}/part_number"),
                    format!("part {part} appears twice; add the quantities"),
                ));
            }
            parsed.push((
                part,
                Quantity::new(format!("lines/{i}/quantity"), *quantity)?,
            ));
        }
        Ok(Self {
            po_number,
            so_number,
            swa_months,
            extra_info: optional_text("extra_info", extra_info, 1000)?,
            lines: parsed,
        })
    }
}

/// PO / SO numbers: 1–40 printable characters without blanks at the ends.
pub(crate) fn order_number(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let value = required_text(field, raw, 40)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(field, format!("{field} must be printable")));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_bounded() {
        assert_eq!(Quantity::new("q", 1).unwrap().get(), 1);
        assert_eq!(
            Quantity::new("q", i64::from(MAX_LINE_QUANTITY))
                .unwrap()
                .to_i32(),
            1_000_000
        );
        for bad in [
            0,
            -1,
            i64::from(MAX_LINE_QUANTITY) + 1,
            4_294_967_295,
            i64::MAX,
        ] {
            let e = Quantity::new("q", bad).unwrap_err();
            assert_eq!(
                (e.field.as_ref(), e.code.as_str()),
                ("q", "INVALID_FIELD"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_plain_order_parses() {
        let o =
            OrderDraft::parse(" PO-1 ", "SO-9", Some(12), None, &[("EU917062".into(), 4)]).unwrap();
        assert_eq!(
            (o.po_number.as_str(), o.swa_months, o.lines.len()),
            ("PO-1", Some(12), 1)
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let line = || vec![("EU917062".to_owned(), 1)];
        let zero_second = [("EU917062".to_owned(), 1), ("EU917064".to_owned(), 0)];
        assert_eq!(
            OrderDraft::parse("P", "S", None, None, &zero_second)
                .unwrap_err()
                .field,
            "lines/1/quantity"
        );
        assert_eq!(
            OrderDraft::parse("", "S", None, None, &line())
                .unwrap_err()
                .field,
            "po_number"
        );
        assert_eq!(
            OrderDraft::parse("P", "S", Some(0), None, &line())
                .unwrap_err()
                .field,
            "swa_months"
        );
        assert_eq!(
            OrderDraft::parse("P", "S", None, None, &[])
                .unwrap_err()
                .field,
            "lines"
        );
        let zero = [("EU917062".to_owned(), 0)];
        assert_eq!(
            OrderDraft::parse("P", "S", None, None, &zero)
                .unwrap_err()
                .field,
            "lines/0/quantity"
        );
        let twice = [("A1".to_owned(), 1), ("A1".to_owned(), 2)];
        assert_eq!(
            OrderDraft::parse("P", "S", None, None, &twice)
                .unwrap_err()
                .field,
            "lines/1/part_number"
        );
    }
}
