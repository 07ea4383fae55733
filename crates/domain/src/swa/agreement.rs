//! Agreement numbers: unique, short and readable over the phone, e.g. `SWA-202612-7K3QX9`.

use chrono::NaiveDate;

/// Crockford's base32: no I, L, O or U, so nothing reads as another character.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The agreement number of an assignment made on `today` from 30 random bits (the store
/// retries on the rare collision, which a unique index catches).
pub fn agreement_number(today: NaiveDate, random: u32) -> String {
    let code: String = (0..6)
        .rev()
        .map(|i| char::from(ALPHABET[((random >> (i * 5)) & 31) as usize]))
        .collect();
    format!("SWA-{}-{code}", today.format("%Y%m"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_carry_the_month_and_six_unambiguous_characters() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(agreement_number(day, 0), "SWA-202612-000000");
        assert_eq!(agreement_number(day, (1 << 30) - 1), "SWA-202612-ZZZZZZ");
        assert_eq!(agreement_number(day, 0b10100_00001), "SWA-202612-0000M1");
    }
}
