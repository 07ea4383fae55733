//! Columns of the Software Assurance lists.

use std::fmt::Write as _;

use csv::Error;

use crate::export::encode::{CsvRows, Records};
use crate::routes::swa::assignments::AssignmentView;
use crate::routes::swa::bin::{ProspectView, SwaPoView};
use crate::routes::swa::reships::SwaReshipView;

impl CsvRows for SwaPoView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "po_number",
        "so_number",
        "origin",
        "shipped_at",
        "expires_on",
        "expired",
        "shipped",
        "available",
        "assigned",
        "consumed",
        "reshipped",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        out.row()
            .show(self.id)
            .text(&self.po_number)
            .text(&self.so_number)
            .wire(&self.origin)
            .time(self.shipped_at)
            .show(self.expires_on)
            .show(self.expired)
            .show(self.shipped)
            .show(self.available)
            .show(self.assigned)
            .show(self.consumed)
            .show(self.reshipped)
            .end()
    }
}

/// One record per reship; its lots in one cell, `<units> expiring <date>` separated by `; `.
impl CsvRows for SwaReshipView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "dealer_id",
        "dealer_name",
        "po_number",
        "so_number",
        "units",
        "created_at",
        "lots",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        let mut lots = String::new();
        for (i, lot) in self.lots.iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            let _ = write!(lots, "{sep}{} expiring {}", lot.units, lot.expires_on);
        }
        out.row()
            .text(&self.id)
            .show(self.dealer_id)
            .text(&self.dealer_name)
            .text(&self.po_number)
            .text(&self.so_number)
            .show(self.units)
            .time(self.created_at)
            .text(&lots)
            .end()
    }
}

impl CsvRows for AssignmentView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "location_id",
        "location_name",
        "kind",
        "status",
        "reference",
        "agreement_number",
        "months",
        "units",
        "reinstatement_units",
        "total_units",
        "starts_on",
        "expires_on",
        "created_at",
        "cooling_off_until",
        "activated_at",
        "cancelled_at",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        out.row()
            .show(self.id)
            .show(self.location_id)
            .text(&self.location_name)
            .wire(&self.kind)
            .wire(&self.status)
            .text(&self.reference)
            .text(&self.agreement_number)
            .show(self.months)
            .show(self.units)
            .show(self.reinstatement_units)
            .show(self.total_units)
            .show(self.starts_on)
            .show(self.expires_on)
            .time(self.created_at)
            .time(self.cooling_off_until)
            .opt_time(self.activated_at)
            .opt_time(self.cancelled_at)
            .end()
    }
}

impl CsvRows for ProspectView {
    const HEADER: &'static [&'static str] = &[
        "location_id",
        "location_name",
        "customer_id",
        "customer_name",
        "system_type",
        "hwkc",
        "first_activated_at",
        "grace_ends_on",
        "swa_units_per_month",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        out.row()
            .show(self.location_id)
            .text(&self.location_name)
            .show(self.customer_id)
            .text(&self.customer_name)
            .wire(&self.system_type)
            .text(&self.hwkc)
            .time(self.first_activated_at)
            .show(self.grace_ends_on)
            .show(self.swa_units_per_month)
            .end()
    }
}
