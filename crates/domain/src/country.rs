//! ISO 3166-1 alpha-2 country codes, the `country` of a customer.

use std::fmt;

/// A valid ISO 3166-1 alpha-2 code, upper case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountryCode([u8; 2]);

/// The value is not an ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not an ISO 3166-1 alpha-2 country code (e.g. NL, DE, US)")]
pub struct InvalidCountry(pub String);

impl CountryCode {
    /// Parses a code, accepting lower case and surrounding blanks.
    ///
    /// # Errors
    /// [`InvalidCountry`] when the value is not an assigned code.
    pub fn parse(raw: &str) -> Result<Self, InvalidCountry> {
        let upper = raw.trim().to_ascii_uppercase();
        match ALPHA_2.binary_search(&upper.as_str()) {
            Ok(i) => {
                let b = ALPHA_2[i].as_bytes();
                Ok(Self([b[0], b[1]]))
            }
            Err(_) => Err(InvalidCountry(raw.to_owned())),
        }
    }

    /// The two-letter code.
    pub fn as_str(&self) -> &str {
        // Built only from ALPHA_2, which is ASCII.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

/// A country field in the API document: a string matching [`pattern`].
#[cfg(feature = "openapi")]
pub fn schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(pattern()))
        .description(Some("ISO 3166-1 alpha-2, e.g. NL (either case)."))
        .build()
}

/// The codes [`CountryCode::parse`] accepts, as an ECMA-262 regular expression for the API
/// document: any assigned code in either case, blanks around it allowed.
pub fn pattern() -> String {
    let codes: Vec<String> = ALPHA_2
        .iter()
        .map(|code| {
            code.chars()
                .map(|c| format!("[{}{}]", c, c.to_ascii_lowercase()))
                .collect()
        })
        .collect();
    format!("^\\s*(?:{})\\s*$", codes.join("|"))
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The assigned codes, sorted (from the tz database's iso3166.tab).
const ALPHA_2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_assigned_codes_in_any_case() {
        assert_eq!(CountryCode::parse(" nl ").unwrap().as_str(), "NL");
        assert_eq!(CountryCode::parse("DE").unwrap().to_string(), "DE");
    }

    #[test]
    fn rejects_unassigned_and_malformed() {
        for bad in ["", "XX", "NLD", "N", "1A", "EU"] {
            assert!(CountryCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(ALPHA_2.windows(2).all(|w| w[0] < w[1]));
    }
}
