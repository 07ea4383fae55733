//! The CSV columns of each exported list: the JSON item's fields, flat. An item with lines
//! (a purchase order, a reship) is a record per line with the item's columns repeated; a
//! short nested list (an SWA reship's lots, a DECT import's licenses) is one cell.

mod admin;
mod swa;

use csv::Error;

use super::encode::{CsvRows, Records};
use crate::routes::bin::PurchaseOrderView;
use crate::routes::customers::CustomerView;
use crate::routes::locations::LocationView;
use crate::routes::reships::ReshipView;

impl CsvRows for CustomerView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "name",
        "country",
        "address",
        "postal_code",
        "city",
        "contact_name",
        "email",
        "phone",
        "reference_note",
        "created_at",
        "updated_at",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        out.row()
            .show(self.id)
            .text(&self.name)
            .text(&self.country)
            .opt_text(self.address.as_deref())
            .opt_text(self.postal_code.as_deref())
            .opt_text(self.city.as_deref())
            .opt_text(self.contact_name.as_deref())
            .opt_text(self.email.as_deref())
            .opt_text(self.phone.as_deref())
            .opt_text(self.reference_note.as_deref())
            .time(self.created_at)
            .time(self.updated_at)
            .end()
    }
}

impl CsvRows for LocationView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "customer_id",
        "parent_id",
        "name",
        "system_type",
        "hwkc",
        "temp_key",
        "secondary_hwkc",
        "product_key",
        "mac_address",
        "ip_address",
        "full_computer_name",
        "domain_name",
        "reference_note",
        "demo_licenses_remaining",
        "swa_status",
        "created_at",
        "updated_at",
        "migrated_to",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        out.row()
            .show(self.id)
            .show(self.customer_id)
            .opt(self.parent_id)
            .text(&self.name)
            .wire(&self.system_type)
            .text(&self.hwkc)
            .show(self.temp_key)
            .opt_text(self.secondary_hwkc.as_deref())
            .opt_text(self.product_key.as_deref())
            .opt_text(self.mac_address.as_deref())
            .opt_text(self.ip_address.as_deref())
            .opt_text(self.full_computer_name.as_deref())
            .opt_text(self.domain_name.as_deref())
            .opt_text(self.reference_note.as_deref())
            .show(self.demo_licenses_remaining)
            .wire(&self.swa_status)
            .time(self.created_at)
            .time(self.updated_at)
            .opt(self.migrated_to)
            .end()
    }
}

/// A record per PO line.
impl CsvRows for PurchaseOrderView {
    const HEADER: &'static [&'static str] = &[
        "purchase_order_id",
        "po_number",
        "so_number",
        "shipped_at",
        "swa_months",
        "extra_info",
        "origin",
        "po_line_id",
        "part_number",
        "description",
        "shipped",
        "available",
        "attached",
        "activated",
        "reshipped",
        "migrated",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        for line in &self.lines {
            out.row()
                .show(self.id)
                .text(&self.po_number)
                .text(&self.so_number)
                .time(self.shipped_at)
                .opt(self.swa_months)
                .opt_text(self.extra_info.as_deref())
                .wire(&self.origin)
                .show(line.id)
                .text(&line.part_number)
                .text(&line.description)
                .show(line.shipped)
                .show(line.available)
                .show(line.attached)
                .show(line.activated)
                .show(line.reshipped)
                .show(line.migrated)
                .end()?;
        }
        Ok(())
    }
}

/// A record per reshipped line.
impl CsvRows for ReshipView {
    const HEADER: &'static [&'static str] = &[
        "reship_id",
        "dealer_id",
        "dealer_name",
        "po_number",
        "so_number",
        "dealer_purchase_order_id",
        "created_at",
        "po_line_id",
        "part_number",
        "quantity",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        for line in &self.lines {
            out.row()
                .text(&self.id)
                .show(self.dealer_id)
                .text(&self.dealer_name)
                .text(&self.po_number)
                .text(&self.so_number)
                .show(self.dealer_purchase_order_id)
                .time(self.created_at)
                .show(line.po_line_id)
                .text(&line.part_number)
                .show(line.quantity)
                .end()?;
        }
        Ok(())
    }
}
