//! The SWA rate table: seeded when empty (later edits in the database stay), read whole.

use diesel::prelude::*;
use lms_domain::swa::{RateBand, SwaRates};

use super::SwaError;
use crate::convert::stored;
use crate::db::{DbConnection, write_tx};
use crate::schema::swa_rates;

#[derive(Insertable, Queryable, Selectable)]
#[diesel(table_name = swa_rates)]
struct RateRow {
    rule: String,
    min_months: i32,
    max_months: i32,
    factor_permille: i32,
}

/// Fills an empty rate table with `bands`; returns how many were added.
///
/// # Errors
/// Database errors only.
pub fn seed(conn: &mut DbConnection, bands: &[RateBand]) -> QueryResult<usize> {
    let as_i32 = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    write_tx(conn, |c| {
        let present: i64 = swa_rates::table.count().get_result(c)?;
        if present > 0 {
            return Ok(0);
        }
        for b in bands {
            diesel::insert_into(swa_rates::table)
                .values(RateRow {
                    rule: b.rule.as_str().to_owned(),
                    min_months: as_i32(b.min_months),
                    max_months: as_i32(b.max_months),
                    factor_permille: as_i32(b.factor_permille),
                })
                .execute(c)?;
        }
        Ok(bands.len())
    })
}

/// The rate table.
///
/// # Errors
/// Database errors, or a stored table the domain refuses.
pub fn load(c: &mut DbConnection) -> Result<SwaRates, SwaError> {
    let rows: Vec<RateRow> = swa_rates::table.select(RateRow::as_select()).load(c)?;
    let count = |v: i32| u32::try_from(v).unwrap_or(0);
    let bands = rows
        .into_iter()
        .map(|r| {
            Ok(RateBand {
                rule: stored(&r.rule)?,
                min_months: count(r.min_months),
                max_months: count(r.max_months),
                factor_permille: count(r.factor_permille),
            })
        })
        .collect::<QueryResult<Vec<_>>>()?;
    Ok(SwaRates::new(bands)?)
}
