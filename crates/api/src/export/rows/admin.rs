//! Columns of the audit trail and of the vendor's administration lists.

use std::fmt::Write as _;

use csv::Error;

use crate::export::encode::{CsvRows, Records};
use crate::routes::admin::{PartnerView, UserView};
use crate::routes::api_keys::ApiKeyView;
use crate::routes::audit::AuditEventView;
use crate::routes::dect_imports::DectImportView;

/// `details` is the JSON of the event's details, as in the JSON answer.
impl CsvRows for AuditEventView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "occurred_at",
        "partner_id",
        "user_id",
        "impersonator_id",
        "subject_type",
        "subject_id",
        "action",
        "details",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        let change = serde_json::to_value(&self.change).map_err(std::io::Error::other)?;
        out.row()
            .text(&self.id)
            .time(self.occurred_at)
            .opt(self.partner_id)
            .show(self.user_id)
            .opt(self.impersonator_id)
            .text(&self.subject_type)
            .text(&self.subject_id)
            .text(self.change.action())
            .text(&change["details"].to_string())
            .end()
    }
}

/// The licenses in one cell: `<part number> x<quantity> (<issued on>)` separated by `; `.
impl CsvRows for DectImportView {
    const HEADER: &'static [&'static str] = &[
        "upload_id",
        "state",
        "partner_id",
        "partner_name",
        "location_id",
        "location_name",
        "hwkc",
        "licenses",
        "uploaded_at",
        "requested_at",
        "decided_at",
        "rejection_reason",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        let mut licenses = String::new();
        for (i, l) in self.licenses.iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            let _ = write!(
                licenses,
                "{sep}{} x{} ({})",
                l.part_number, l.quantity, l.issued_on
            );
        }
        out.row()
            .show(self.upload_id)
            .wire(&self.state)
            .show(self.partner_id)
            .text(&self.partner_name)
            .show(self.location_id)
            .text(&self.location_name)
            .text(&self.hwkc)
            .text(&licenses)
            .time(self.uploaded_at)
            .opt_time(self.requested_at)
            .opt_time(self.decided_at)
            .opt_text(self.rejection_reason.as_deref())
            .end()
    }
}

impl CsvRows for PartnerView {
    const HEADER: &'static [&'static str] = &["id", "name", "tier"];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        out.row()
            .show(self.id)
            .text(&self.name)
            .wire(&self.tier)
            .end()
    }
}

/// The roles in one cell, separated by spaces.
impl CsvRows for UserView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "email",
        "name",
        "partner_id",
        "partner_name",
        "partner_tier",
        "roles",
        "created_at",
        "disabled",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        let roles = serde_json::to_value(&self.roles).map_err(std::io::Error::other)?;
        let roles: Vec<&str> = roles
            .as_array()
            .map(|r| r.iter().filter_map(serde_json::Value::as_str).collect())
            .unwrap_or_default();
        let partner = self.partner.as_ref();
        let row = out
            .row()
            .show(self.id)
            .text(&self.email)
            .text(&self.name)
            .opt(partner.map(|p| p.id))
            .opt_text(partner.map(|p| p.name.as_str()));
        let row = match partner {
            Some(p) => row.wire(&p.tier),
            None => row.text(""),
        };
        row.text(&roles.join(" "))
            .time(self.created_at)
            .show(self.disabled)
            .end()
    }
}

impl CsvRows for ApiKeyView {
    const HEADER: &'static [&'static str] = &[
        "id",
        "name",
        "prefix",
        "created_at",
        "revoked_at",
        "expires_at",
        "user_email",
    ];

    fn write(&self, out: &mut Records) -> Result<(), Error> {
        out.row()
            .show(self.id)
            .text(&self.name)
            .text(&self.prefix)
            .time(self.created_at)
            .opt_time(self.revoked_at)
            .opt_time(self.expires_at)
            .text(&self.user_email)
            .end()
    }
}
