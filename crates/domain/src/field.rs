//! Validation of free-text input fields, and the error that names the field at fault.

/// One input field is wrong; the message tells the user what is expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    /// The field's wire name, e.g. `name` or `hwkc`.
    pub field: &'static str,
    /// A sentence for the user.
    pub message: String,
    /// The stable code: `INVALID_FIELD` unless the rule has a code of its own.
    pub code: &'static str,
}

impl FieldError {
    /// An `INVALID_FIELD` error on `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
            code: "INVALID_FIELD",
        }
    }

    /// An error with its own stable code.
    pub fn with_code(code: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
            code,
        }
    }
}

/// A required text: trimmed, non-empty, at most `max` characters.
///
/// # Errors
/// [`FieldError`] on `field` when empty or too long.
pub fn required_text(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    match optional_text(field, Some(raw), max)? {
        Some(text) => Ok(text),
        None => Err(FieldError::new(field, format!("{field} must not be empty"))),
    }
}

/// An optional text: trimmed; blank becomes `None`; at most `max` characters.
///
/// # Errors
/// [`FieldError`] on `field` when too long or holding control characters.
pub fn optional_text(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("{field} must be at most {max} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError::new(
            field,
            format!("{field} must not contain control characters"),
        ));
    }
    Ok(Some(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(required_text("name", "  Acme  ", 10).unwrap(), "Acme");
        assert_eq!(required_text("name", "   ", 10).unwrap_err().field, "name");
        assert!(required_text("name", "12345678901", 10).is_err());
        assert_eq!(optional_text("city", Some(" "), 10).unwrap(), None);
        assert!(optional_text("city", Some("a\u{0}b"), 10).is_err());
    }
}
