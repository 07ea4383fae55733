//! The part catalog: a table seeded from the domain's catalog data at start-up (new parts
//! are added, changed ones updated; parts are never deleted, as POs refer to them).

use std::collections::HashMap;

use diesel::prelude::*;
use lms_domain::SystemType;
use lms_domain::license::Part;

use crate::convert::{corrupt, stored};
use crate::db::{DbConnection, write_tx};
use crate::schema::parts;

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = parts)]
struct PartRow {
    part_number: String,
    description: String,
    kind: String,
    feature: String,
    amount: i32,
    system_types: String,
    swa_millis_per_month: i32,
    free_of_charge: bool,
}

impl From<&Part> for PartRow {
    fn from(p: &Part) -> Self {
        Self {
            part_number: p.part_number.as_str().to_owned(),
            description: p.description.clone(),
            kind: p.kind.as_str().to_owned(),
            feature: p.feature.clone(),
            amount: i32::try_from(p.amount).unwrap_or(i32::MAX),
            system_types: p
                .system_types
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join(","),
            swa_millis_per_month: i32::try_from(p.swa_millis_per_month).unwrap_or(i32::MAX),
            free_of_charge: p.free_of_charge,
        }
    }
}

impl TryFrom<PartRow> for Part {
    type Error = diesel::result::Error;

    fn try_from(r: PartRow) -> QueryResult<Self> {
        let count = |what: &str, value: i32| {
            u32::try_from(value)
                .map_err(|_| corrupt(format!("{what} {value} of part {}", r.part_number)))
        };
        Ok(Self {
            amount: count("amount", r.amount)?,
            swa_millis_per_month: count("swa_millis_per_month", r.swa_millis_per_month)?,
            part_number: stored(&r.part_number)?,
            kind: stored(&r.kind)?,
            system_types: r
                .system_types
                .split(',')
                .filter(|s| !s.is_empty())
                .map(stored)
                .collect::<QueryResult<_>>()?,
            description: r.description,
            feature: r.feature,
            free_of_charge: r.free_of_charge,
        })
    }
}

/// Brings the table in line with `catalog`; returns how many parts were added.
///
/// # Errors
/// Database errors only.
pub fn seed(conn: &mut DbConnection, catalog: &[Part]) -> QueryResult<usize> {
    write_tx(conn, |c| {
        let mut added = 0;
        for part in catalog {
            let row = PartRow::from(part);
            let updated = diesel::update(parts::table.find(&row.part_number))
                .set(&row)
                .execute(c)?;
            if updated == 0 {
                diesel::insert_into(parts::table).values(&row).execute(c)?;
                added += 1;
            }
        }
        Ok(added)
    })
}

/// Every part, by part number; `system_type` narrows to the parts a location of that type
/// may take.
///
/// # Errors
/// Database errors only.
pub fn list(conn: &mut DbConnection, system_type: Option<SystemType>) -> QueryResult<Vec<Part>> {
    let rows: Vec<PartRow> = parts::table
        .select(PartRow::as_select())
        .order(parts::part_number.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(Part::try_from)
        .collect::<QueryResult<Vec<_>>>()?
        .into_iter()
        .filter(|p| system_type.is_none_or(|t| p.system_types.contains(&t)))
        .collect())
}

/// The parts with these numbers, keyed by part number.
///
/// # Errors
/// Database errors only.
pub fn by_number(
    conn: &mut DbConnection,
    numbers: &[String],
) -> QueryResult<HashMap<String, Part>> {
    let rows: Vec<PartRow> = parts::table
        .filter(parts::part_number.eq_any(numbers))
        .select(PartRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| Ok((r.part_number.clone(), Part::try_from(r)?)))
        .collect()
}
