//! A distributor's reship to one of its dealers (SPEC §6): the dealer named by a user's
//! e-mail, SO and PO numbers, and quantities of PO lines from the distributor's bin
//! ([`ReshipDraft`]) or a number of SWA units ([`SwaReshipDraft`]).

use crate::field::FieldError;
use crate::ids::PoLineId;
use crate::license::attach::check_lines;
use crate::order::{MAX_LINE_QUANTITY, Quantity, order_number};
use crate::party::Email;

/// A validated reship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReshipDraft {
    pub dealer_email: Email,
    pub so_number: String,
    pub po_number: String,
    /// PO lines of the distributor's bin and how much of each, each line once (how many the
    /// request body's size limit bounds).
    pub lines: Vec<(PoLineId, Quantity)>,
}

impl ReshipDraft {
    /// Checks the fields.
    ///
    /// # Errors
    /// [`FieldError`] naming the field (`lines/2/quantity` for a line).
    pub fn parse(
        dealer_email: &str,
        so_number: &str,
        po_number: &str,
        lines: &[(PoLineId, i64)],
    ) -> Result<Self, FieldError> {
        let dealer_email = Email::parse(dealer_email)
            .map_err(|e| FieldError::new("dealer_email", e.to_string()))?;
        check_lines(lines.iter().map(|(id, _)| *id)).map_err(FieldError::from)?;
        let lines = lines
            .iter()
            .enumerate()
            .map(|(i, (id, q))| Ok((*id, Quantity::new(format!("lines/{i}/quantity"), *q)?)))
            .collect::<Result<_, FieldError>>()?;
        Ok(Self {
            dealer_email,
            so_number: order_number("so_number", so_number)?,
            po_number: order_number("po_number", po_number)?,
            lines,
        })
    }
}

/// A validated reship of SWA units: they leave the distributor's SWA bin earliest expiry
/// first and keep their expiry in the dealer's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwaReshipDraft {
    pub dealer_email: Email,
    pub so_number: String,
    pub po_number: String,
    pub units: Quantity,
}

impl SwaReshipDraft {
    /// Checks the fields.
    ///
    /// # Errors
    /// [`FieldError`] naming the field.
    pub fn parse(
        dealer_email: &str,
        so_number: &str,
        po_number: &str,
        units: i64,
    ) -> Result<Self, FieldError> {
        Ok(Self {
            dealer_email: Email::parse(dealer_email)
                .map_err(|e| FieldError::new("dealer_email", e.to_string()))?,
            so_number: order_number("so_number", so_number)?,
            po_number: order_number("po_number", po_number)?,
            units: Quantity::new("units", units).map_err(|_| {
                FieldError::new("units", format!("units must be 1 to {MAX_LINE_QUANTITY}"))
            })?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reship_names_a_dealer_numbers_and_distinct_lines() {
        let line = PoLineId::new_random();
        let ok = ReshipDraft::parse("Dana@Dealer.example", "SO-1", "PO-1", &[(line, 3)]).unwrap();
        assert_eq!(ok.dealer_email.as_str(), "dana@dealer.example");
        assert_eq!(ok.lines[0].1.get(), 3);
        let field = |r: Result<ReshipDraft, FieldError>| r.unwrap_err().field;
        assert_eq!(
            field(ReshipDraft::parse("nobody", "SO", "PO", &[(line, 1)])),
            "dealer_email"
        );
        assert_eq!(
            field(ReshipDraft::parse("a@b.example", "SO", "PO", &[])),
            "lines"
        );
        assert_eq!(
            field(ReshipDraft::parse(
                "a@b.example",
                "SO",
                "PO",
                &[(line, 1), (line, 2)]
            )),
            "lines/1/po_line_id"
        );
        assert_eq!(
            field(ReshipDraft::parse("a@b.example", "SO", "PO", &[(line, 0)])),
            "lines/0/quantity"
        );
        assert_eq!(
            field(ReshipDraft::parse("a@b.example", " ", "PO", &[(line, 1)])),
            "so_number"
        );
    }

    #[test]
    fn an_swa_reship_names_a_dealer_numbers_and_units() {
        let ok = SwaReshipDraft::parse("Dana@Dealer.example", "SO-1", "PO-1", 40).unwrap();
        assert_eq!(
            (ok.dealer_email.as_str(), ok.units.get()),
            ("dana@dealer.example", 40)
        );
        let field = |r: Result<SwaReshipDraft, FieldError>| r.unwrap_err().field;
        assert_eq!(
            field(SwaReshipDraft::parse("x", "SO", "PO", 1)),
            "dealer_email"
        );
        assert_eq!(
            field(SwaReshipDraft::parse("a@b.example", "SO", "PO", 0)),
            "units"
        );
        assert_eq!(
            field(SwaReshipDraft::parse("a@b.example", "SO", "", 1)),
            "po_number"
        );
    }
}
