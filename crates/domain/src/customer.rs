//! A partner's customer: the fields and their rules.

use crate::country::CountryCode;
use crate::field::{FieldError, optional_text, required_text};
use crate::party::Email;

// One field list from the wire to the rule: the API takes this as the body that creates a
// customer and shows it (from `CustomerFields::to_input`) inside a customer answer.
/// A customer as a client writes it, before validation. Name and country are required.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(
        as = CustomerBody,
        example = json!({"name": "Hotel Zonneveld", "country": "NL", "city": "Utrecht", "reference_note": "ERP-10042"})
    )
)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    // The lengths in the document are those `CustomerFields::parse` checks, once trimmed.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: String,
    /// ISO 3166-1 alpha-2.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::country::schema))]
    pub country: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub address: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub postal_code: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub city: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub contact_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::party::optional_email_schema))]
    pub email: Option<String>,
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub phone: Option<String>,
    /// The partner's own customer number or note.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reference_note: Option<String>,
}

/// A validated customer record (name and country mandatory, the rest optional).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerFields {
    pub name: String,
    pub country: CountryCode,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub contact_name: Option<String>,
    pub email: Option<Email>,
    pub phone: Option<String>,
    /// The partner's own customer number or note.
    pub reference_note: Option<String>,
}

impl CustomerFields {
    /// Validates every field.
    ///
    /// # Errors
    /// The first [`FieldError`], naming its field.
    pub fn parse(input: &CustomerInput) -> Result<Self, FieldError> {
        Ok(Self {
            name: required_text("name", &input.name, 200)?,
            country: CountryCode::parse(&input.country)
                .map_err(|e| FieldError::new("country", e.to_string()))?,
            address: optional_text("address", input.address.as_deref(), 500)?,
            postal_code: optional_text("postal_code", input.postal_code.as_deref(), 20)?,
            city: optional_text("city", input.city.as_deref(), 200)?,
            contact_name: optional_text("contact_name", input.contact_name.as_deref(), 200)?,
            email: optional_text("email", input.email.as_deref(), 254)?
                .map(|e| Email::parse(&e).map_err(|e| FieldError::new("email", e.to_string())))
                .transpose()?,
            phone: optional_text("phone", input.phone.as_deref(), 50)?,
            reference_note: optional_text("reference_note", input.reference_note.as_deref(), 500)?,
        })
    }

    /// The input these fields came from, so a partial update can be applied to stored fields
    /// and validated again as a whole.
    pub fn to_input(&self) -> CustomerInput {
        CustomerInput {
            name: self.name.clone(),
            country: self.country.to_string(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            contact_name: self.contact_name.clone(),
            email: self.email.as_ref().map(ToString::to_string),
            phone: self.phone.clone(),
            reference_note: self.reference_note.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CustomerInput {
        CustomerInput {
            name: "Hotel Zon".into(),
            country: "nl".into(),
            ..Default::default()
        }
    }

    #[test]
    fn name_and_country_are_enough() {
        let fields = CustomerFields::parse(&input()).unwrap();
        assert_eq!(fields.country.as_str(), "NL");
        assert_eq!(CustomerFields::parse(&fields.to_input()).unwrap(), fields);
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut CustomerInput);
        let cases: [(&str, Spoil); 3] = [
            ("name", |i| i.name = " ".into()),
            ("country", |i| i.country = "Netherlands".into()),
            ("email", |i| i.email = Some("nope".into())),
        ];
        for (field, spoil) in cases {
            let mut i = input();
            spoil(&mut i);
            assert_eq!(CustomerFields::parse(&i).unwrap_err().field, field);
        }
    }
}
