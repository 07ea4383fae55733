//! The preview before the irreversible step: the file an activation would produce and
//! whether the product rules would allow it. Nothing changes.

use lms_domain::ids::{AttachmentId, LocationId};
use lms_domain::license::{ActivationRuleError, Stacked, check_activation};
use lms_domain::packaging::{FileKeys, Packaging, packaging, product_key_at_activation};

use super::ActivationError;
use super::activate::{Plan, plan};
use crate::Scope;
use crate::db::DbConnection;
use crate::locations::{self, Location};

/// What the file would hold after activating `ids`: nothing changes.
#[derive(Debug, Clone)]
pub struct Preview {
    pub file_name: String,
    pub location: Location,
    pub before: Vec<Stacked>,
    pub after: Vec<Stacked>,
    pub rule_violation: Option<ActivationRuleError>,
}

/// Previews the file an activation of `ids` would produce, and whether the product rules
/// would allow it.
///
/// # Errors
/// [`ActivationError`] for attachments not on the location or already activated.
pub fn preview(
    conn: &mut DbConnection,
    scope: Scope,
    location: LocationId,
    ids: &[AttachmentId],
) -> Result<Preview, ActivationError> {
    let location = locations::get(conn, scope, location)?;
    let Plan { before, after, .. } = plan(conn, &location, ids)?;
    let rule_violation = check_activation(location.system_type, &before, &after).err();
    let product_key = product_key_at_activation(
        location.system_type,
        location.id,
        location.product_key.as_deref(),
    );
    let keys = FileKeys {
        hwkc: location.hwkc.as_str(),
        product_key: product_key.as_deref(),
    };
    let file_name = match packaging(location.system_type, keys, None) {
        Packaging::Plain { file_name } | Packaging::Zip { file_name, .. } => file_name,
    };
    Ok(Preview {
        file_name,
        location,
        before,
        after,
        rule_violation,
    })
}
