//! Names given to what the LMS keeps besides customers and locations: partners and API keys.
//! Both follow the rule of every required text ([`required_text`]): trimmed, not blank, no
//! control characters, bounded.

use std::fmt;

use crate::field::{FieldError, required_text};

/// A partner's name: 1 to [`PartnerName::MAX_CHARS`] characters, unique among partners
/// (the store enforces that).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PartnerName(String);

impl PartnerName {
    /// The longest name.
    pub const MAX_CHARS: usize = 200;

    /// Trims and checks a name.
    ///
    /// # Errors
    /// [`FieldError`] on `name` when blank, too long or holding control characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        required_text("name", raw, Self::MAX_CHARS).map(Self)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PartnerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name a user gives an API key, to tell keys apart: 1 to [`ApiKeyName::MAX_CHARS`]
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiKeyName(String);

impl ApiKeyName {
    /// The longest name.
    pub const MAX_CHARS: usize = 100;

    /// Trims and checks a name.
    ///
    /// # Errors
    /// [`FieldError`] on `name` when blank, too long or holding control characters.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        required_text("name", raw, Self::MAX_CHARS).map(Self)
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for ApiKeyName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_names_are_trimmed_and_up_to_200_characters() {
        assert_eq!(
            PartnerName::parse("  Northwind  ").unwrap().as_str(),
            "Northwind"
        );
        assert!(PartnerName::parse(&"é".repeat(200)).is_ok());
        let long = PartnerName::parse(&"é".repeat(201)).unwrap_err();
        assert_eq!(
            (long.field.as_ref(), long.code, long.message.as_str()),
            (
                "name",
                crate::ErrorCode::InvalidField,
                "name must be at most 200 characters"
            )
        );
        let blank = PartnerName::parse(" \t").unwrap_err();
        assert_eq!(blank.message, "name must not be empty");
        assert!(PartnerName::parse("North\u{7}wind").is_err());
    }

    #[test]
    fn api_key_names_are_trimmed_and_up_to_100_characters() {
        let name = ApiKeyName::parse(" ERP nightly sync ").unwrap();
        assert_eq!(name.to_string(), "ERP nightly sync");
        assert_eq!(name.into_inner(), "ERP nightly sync");
        assert!(ApiKeyName::parse(&"k".repeat(100)).is_ok());
        let long = ApiKeyName::parse(&"k".repeat(101)).unwrap_err();
        assert_eq!(
            (long.field.as_ref(), long.message.as_str()),
            ("name", "name must be at most 100 characters")
        );
        assert_eq!(
            ApiKeyName::parse("").unwrap_err().message,
            "name must not be empty"
        );
        assert!(ApiKeyName::parse("a\u{0}b").is_err());
    }
}
